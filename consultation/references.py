"""Reading references as people type them, and naming them in each language.

The canonical forms (art-6.1.2, annex-1/16) are what is stored; people type
第六条(一)2、附件1第16项 or "article 3", so every channel parses through here.
"""
from __future__ import annotations

import re
import unicodedata

from .document import CN_DIGITS, Consultation, Node

CANONICAL = re.compile(r"^(notice|general|explanation|art-\d{1,2}(\.\d{1,2}){0,2}|annex-\d(/\d{1,3})?)$")
ITEM_MARKS = "一二三四五六七八九十"


def _cn_to_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS for ch in text):
        return None
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CN_DIGITS.index(text[1]) + 1
    if len(text) == 1:
        return CN_DIGITS.index(text) + 1
    if len(text) == 2 and text[1] == "十":
        return (CN_DIGITS.index(text[0]) + 1) * 10
    if len(text) == 3 and text[1] == "十":
        return (CN_DIGITS.index(text[0]) + 1) * 10 + CN_DIGITS.index(text[2]) + 1
    return None


_NUM = r"([0-9]{1,3}|[一二三四五六七八九十]{1,3})"
_PATTERNS = [
    # 附件1第16项 / 附件一 第16行 / 附件1表第16条 / 附表1序号16 / 附件1 指标16
    (re.compile(rf"^附(?:件|表)\s*{_NUM}\s*(?:表|指标表|指标)?\s*(?:第|序号)?\s*{_NUM}\s*(?:项|行|号|条)?$"), "row"),
    (re.compile(rf"^附(?:件|表)\s*{_NUM}$"), "annex"),
    # 第六条(一)2 / 第6条第(一)项第2目
    (re.compile(rf"^第\s*{_NUM}\s*条\s*(?:第)?\s*[((]?\s*([一二三四五六七八九十]|\d)?\s*[))]?\s*(?:项)?\s*(?:第)?\s*(\d)?\s*[.．、目]?$"), "article"),
    (re.compile(rf"^(?:annex|table|annex table)\s*{_NUM}\s*[,/ ]?\s*(?:row|item|no\.?|#)\s*{_NUM}$", re.I), "row"),
    (re.compile(rf"^(?:annex|table|annex table)\s*{_NUM}$", re.I), "annex"),
    (re.compile(r"^(?:article|art\.?)\s*(\d{1,2})\s*(?:[(.\s]\s*(\d)\s*\)?\s*(?:[.\s]\s*(\d))?)?$", re.I), "article"),
]
_WORDS = {
    "notice": "notice", "通知": "notice", "征求意见通知": "notice",
    "general": "general", "全文": "general", "整体": "general", "whole draft": "general",
    "总体意见": "general", "总体": "general",
    "explanation": "explanation", "说明": "explanation", "起草说明": "explanation", "起草情况的说明": "explanation",
    "编制说明": "explanation",
}


def parse_reference(text: str, consultation: Consultation) -> str | None:
    """The canonical reference `text` names in `consultation`, or None."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        return None
    lowered = raw.lower().replace(" ", "") if raw.isascii() else raw
    if CANONICAL.match(raw.lower()):
        ref = raw.lower()
        return ref if ref in consultation.nodes else None
    if raw.lower() in _WORDS or raw in _WORDS:
        return _WORDS.get(raw.lower(), _WORDS.get(raw))
    for pattern, kind in _PATTERNS:
        m = pattern.match(raw if not raw.isascii() else raw.strip())
        if not m:
            continue
        if kind == "row":
            ref = f"annex-{_cn_to_int(m.group(1))}/{_cn_to_int(m.group(2))}"
        elif kind == "annex":
            ref = f"annex-{_cn_to_int(m.group(1))}"
        else:
            number = _cn_to_int(m.group(1))
            ref = f"art-{number}"
            if m.group(2):
                ref += f".{_cn_to_int(m.group(2))}"
                if m.group(3):
                    ref += f".{int(m.group(3))}"
        return ref if ref in consultation.nodes and consultation.nodes[ref].commentable else None
    del lowered
    return None


def references_quoting(phrase: str, consultation: Consultation) -> list[str]:
    """The commentable nodes whose own text contains `phrase` (a passage someone quoted), deepest first.

    Whitespace is ignored on both sides (the draft's line breaks are not the
    sender's); a phrase shorter than four characters names nothing reliably.
    """
    wanted = re.sub(r"\s+", "", unicodedata.normalize("NFKC", phrase or "")).strip("“”\"'‘’「」『』")
    if len(wanted) < 4:
        return []
    found = [node.ref for node in consultation.nodes.values()
             if node.commentable and wanted in re.sub(r"\s+", "", unicodedata.normalize("NFKC", node.text or ""))]
    return found


def english_label(node: Node) -> str:
    """Plain English name of a node; the Chinese label is the official one."""
    if node.kind == "article":
        return f"Article {node.ref.split('-')[1]}"
    if node.kind in ("item", "subitem"):
        parts = node.ref.split("-")[1].split(".")
        item = f"Article {parts[0]} ({ITEM_MARKS[int(parts[1]) - 1]})"
        return item + (f" {parts[2]}." if len(parts) == 3 else "")
    if node.kind == "row":
        return f"Annex table {node.annex}, row {node.row}"
    if node.kind == "annex":
        return f"Annex table {node.annex}"
    if node.kind == "chapter":
        return f"Chapter {node.ref.split('-')[1]}"
    return {"notice": "Consultation notice", "general": "The draft as a whole",
            "explanation": "Drafting explanation"}.get(node.kind, node.ref)


def label(node: Node, locale: str) -> str:
    return node.label if str(locale).startswith("zh") else english_label(node)
