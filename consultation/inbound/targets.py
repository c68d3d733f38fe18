"""Which part of the draft a row of a form, or a line of an email, is about.

Everything goes through the one reference parser (consultation.references):
the cell as written (第三条, 第六条(一)2, 附件1第16项, 附件1 指标16, art-3), a
reference inside it (第三条 申报主体), a passage it quotes (“省级以上园区”), or
the 原文 column's text found in the draft. A target found only by the quoted
text is sure when exactly one part of the draft contains it; otherwise the
candidates go to a clerk.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from consultation.document import Consultation
from consultation.references import parse_reference, references_quoting

_CANONICAL = re.compile(r"(?<![\w-])(art-\d{1,2}(?:\.\d{1,2}){0,2}|annex-\d(?:/\d{1,3})?)(?![\w-])")
_N = r"(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})"
_EMBEDDED = re.compile(
    rf"附[件表]\s*{_N}\s*(?:表|指标表|指标)?\s*(?:第|序号)?\s*{_N}\s*[项行号条]?"
    rf"|附[件表]\s*{_N}"
    rf"|第\s*{_N}\s*条(?:\s*第?\s*[(（]\s*[一二三四五六七八九十]\s*[)）]\s*项?(?:\s*第?\s*\d\s*[.．、目]?)?)?")
_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{4,200})[”\"」』’']")


@dataclass(frozen=True)
class Target:
    ref: str | None
    how: str  # reference | embedded | quote | original | none
    candidates: tuple[str, ...] = field(default_factory=tuple)

    @property
    def sure(self) -> bool:
        return self.ref is not None


def resolve(text: str, consultation: Consultation, *, original: str = "") -> Target:
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if raw:
        ref = parse_reference(raw, consultation)
        if ref:
            return Target(ref, "reference")
        for match in _CANONICAL.finditer(raw):
            if match.group(1) in consultation.nodes and consultation.nodes[match.group(1)].commentable:
                return Target(match.group(1), "reference")
        found = {parse_reference(m.group(0), consultation) for m in _EMBEDDED.finditer(raw)} - {None}
        if len(found) == 1:
            return Target(found.pop(), "embedded")
        if len(found) > 1:
            return Target(None, "embedded", tuple(sorted(found)))
    candidates: tuple[str, ...] = ()
    for how, phrases in (("quote", [m.group(1) for m in _QUOTED.finditer(raw)]), ("original", [original])):
        for phrase in phrases:
            refs = references_quoting(phrase, consultation)
            if len(refs) == 1:
                return Target(refs[0], how)
            if refs and not candidates:
                candidates = tuple(refs[:10])
    return Target(None, "none", candidates)
