"""Reading comments written in the body of an email (对第三条的意见:…).

A comment starts at a line that names a part of the draft, optionally wrapped
in 对/关于…的意见 and ended by a colon; it runs until the next such line. A
"理由:" inside it starts the reason; a blank line ends it. Text before the first
such line and after the comments is kept for the clerk: it may be a comment
whose target the reader could not find, or the sender's signature. A signature
written right under the last comment, with no blank line, is taken off the
comment too (signatures.py), so that it is never published as comment text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from consultation.submissions import clean_text

from .forms import FormRow, _details_from_text
from .signatures import ORGANISATION, SIGNATURE, UNSURE, classify
from .targets import _EMBEDDED
from .vocabulary import reading

_SIGNATURE = re.compile(r"^(--\s*|——+|此致|敬礼|发自我的|Sent from)", re.I)
_QUOTED_REPLY = re.compile(r"^(>|在.{0,40}写道[:：]|On .{0,80} wrote:)")
# A mainland mobile (139 0000 1111, 139-0000-1111) or a landline with its area code (0551-62871234).
_PHONE = re.compile(r"(?<![0-9])(1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}|0[1-9][0-9]{1,2}[-－ ]?[0-9]{7,8})(?![0-9])")


def _start_pattern():
    r = reading()
    prefixes = "|".join(map(re.escape, r.text_comment_prefixes))
    suffixes = "|".join(map(re.escape, sorted(r.text_comment_suffixes, key=len, reverse=True)))
    return re.compile(
        rf"^\s*(?:[0-9]{{1,3}}\s*[.、)）．]\s*|[(（]?[一二三四五六七八九十]{{1,3}}[)）、]\s*)?"
        rf"(?:{prefixes})?\s*(?P<target>(?:{_EMBEDDED.pattern})|art-\d{{1,2}}(?:\.\d){{0,2}}|annex-\d/\d{{1,3}})"
        rf"\s*(?:{suffixes})?\s*[:：]\s*(?P<rest>.*)$")


@dataclass
class TextReading:
    rows: list[FormRow]
    submitter: dict[str, str]
    outside: str  # the text outside the comments: greetings, signatures (admins only)
    unsure_ending: bool = False  # the last comment ends with a line that may be the sender's name
    signature: list[str] = field(default_factory=list)  # lines taken off the end of the last comment


def _take_signature(parts: list[str], reason_line) -> tuple[list[str], bool]:
    """(the signature lines at the end of a comment's lines, taken off `parts`; whether a line left at the
    end may still be one). The comment's first line, a 理由: line and the last line with words in it are
    never taken: a comment never loses all its text to this.

    A line that is only an organisation (合肥某科技有限公司 技术部) is a signature's line when it stands next
    to one (周八 高级工程师 above it, or 周八 below it); alone, it may be the sender's or the comment's
    words, so it stays and a clerk decides. A single organisation name right above a taken name line is
    left for the clerk too: "建议由\n省经济和信息化厅\n周八" must not lose the comment's last words."""
    first_words = next((i for i, part in enumerate(parts) if part.strip()), len(parts))
    taken: list[str] = []
    held: str | None = None  # an organisation line at the bottom, waiting for what stands above it
    unsure = False
    while len(parts) - 1 > first_words and not reason_line.match(parts[-1]):
        kind = classify(parts[-1])
        if kind == SIGNATURE:
            if held is not None:
                taken.append(held)
                held = None
            taken.append(parts.pop())
            continue
        if kind == ORGANISATION and held is None:
            if not taken:
                held = parts.pop()
                continue
            if _is_full_organisation_line(parts[-1]):
                taken.append(parts.pop())
                continue
        unsure = kind in (UNSURE, ORGANISATION)
        break
    if held is not None:
        parts.append(held)
        unsure = True
    return taken[::-1], unsure


def _is_full_organisation_line(line: str) -> bool:
    """An organisation with its department or place (two words or more), not a single name that may end a
    sentence of the comment."""
    return len([word for word in re.split(r"[\s,，、/|:：·]+", line.strip()) if word]) > 1


def read_text(body: str) -> TextReading:
    """The comments, submitter details and text outside the comments of a plain-text body."""
    start = _start_pattern()
    reason_marks = "|".join(map(re.escape, reading().text_reason_marks))
    reason_split = re.compile(rf"(?:^|\n|(?<=[。;；]))\s*(?:{reason_marks})\s*[:：]")
    reason_line = re.compile(rf"^\s*(?:{reason_marks})\s*[:：]")
    chunks: list[tuple[str, list[str]]] = []
    preamble: list[str] = []
    closing: list[str] = []
    lines = clean_text(body).split("\n")
    open_chunk = False  # a blank line ends a comment, unless a reason follows it
    for line in lines:
        if _SIGNATURE.match(line.strip()) or _QUOTED_REPLY.match(line.strip()):
            break
        match = start.match(line)
        if match:
            chunks.append((match.group("target"), [match.group("rest")]))
            open_chunk = True
        elif not chunks:
            preamble.append(line)
        elif not line.strip():
            open_chunk = False
        elif open_chunk or reason_line.match(line):
            chunks[-1][1].append(line)
            open_chunk = True
        else:
            closing.append(line)  # the sender's name and signature, or text the clerk should see
    signature, unsure = _take_signature(chunks[-1][1], reason_line) if chunks else ([], False)
    closing = signature + closing
    rows = []
    for target, parts in chunks:
        split = reason_split.split("\n".join(parts).strip(), maxsplit=1)
        rows.append(FormRow(target=target, proposal=split[0].strip(),
                            reason=split[1].strip() if len(split) > 1 else ""))
    submitter: dict[str, str] = {}
    for line in lines:
        _details_from_text(line, submitter)
    outside = "\n".join(preamble + ([""] if preamble and closing else []) + closing).strip()
    return TextReading(rows, submitter, outside, unsure, signature)


def phone_in_text(body: str, comments: list[FormRow]) -> str:
    """The first telephone number the sender wrote outside their comments (a signature: 钱七 139…), as a
    suggestion for the clerk, never a detail of the submission: an unlabelled number may be a colleague's
    or the switchboard's. A quoted reply below is someone else's text, and is not read."""
    said = "\n".join(f"{row.proposal}\n{row.reason}" for row in comments)
    for line in clean_text(body).split("\n"):
        if _QUOTED_REPLY.match(line.strip()):
            break
        for match in _PHONE.finditer(line):
            if match.group(0) not in said:
                return re.sub(r"[^0-9]", "", match.group(0)) if match.group(0).startswith("1") else \
                    re.sub(r"[－ ]", "-", match.group(0))
    return ""
