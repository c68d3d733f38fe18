"""Reading references as people type them, and naming them in each language.

The canonical forms (art-6.1.2, annex-1/16) are what is stored; people type
第六条(一)2、附件1第16项 or "article 3", so every channel parses through here.
"""
from __future__ import annotations

import re
import unicodedata

from .document import CN_DIGITS, Consultation, Node
from .i18n import is_chinese

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


_N = r"([0-9]{1,3}|[一二三四五六七八九十]{1,3})"
# Chinese, spaces removed. An article's items are (一)/第一项/第一款, their sub-items 2/第2项/第二目/2.
_ARTICLE_ZH = re.compile(rf"^第{_N}条(?:第?\(?{_N}\)?(?:项|款)?)?(?:第?{_N}(?:项|目|点|\.|、)?)?$")
_CHAPTER_ZH = re.compile(rf"^第{_N}章$")
# 附件1第16项 / 附件一第16行 / 附件1指标16 / 附件1表第16条 / 附表1序号16 / 附件1-16
_ROW_ZH = re.compile(rf"^附(?:件|表){_N}(?:表|指标表)?[-/、.]?(?:第|序号|指标|编号)?{_N}(?:项|行|号|条)?$")
_ANNEX_ZH = re.compile(rf"^附(?:件|表){_N}$")
# English, lower case, spaces kept: article 6(1)(2) / art. 6.1.2 / article 6, item 1, point 2 / annex 1 row 16
_ARTICLE_EN = re.compile(r"^(?:article|art\.?|art-)\s*(\d{1,2})((?:\s*[,.]?\s*(?:\(\s*\d{1,2}\s*\)|\d{1,2}|"
                         r"(?:item|point|paragraph|para\.?|sub-?item|no\.?)\s*\d{1,2}))*)\s*\.?$")
_CHAPTER_EN = re.compile(r"^(?:chapter|ch\.?)\s*-?\s*(\d{1,2})$")
_ROW_EN = re.compile(r"^(?:annex|appendix|table|annex table)\s*-?\s*(\d)\s*[,/\- ]?\s*"
                     r"(?:row|item|no\.?|#|indicator)?\s*(\d{1,3})$")
_ANNEX_EN = re.compile(r"^(?:annex|appendix|table|annex table)\s*-?\s*(\d)$")
_WORDS = {
    "notice": "notice", "通知": "notice", "征求意见通知": "notice",
    "general": "general", "全文": "general", "整体": "general", "whole draft": "general",
    "总体意见": "general", "总体": "general",
    "explanation": "explanation", "说明": "explanation", "起草说明": "explanation", "起草情况的说明": "explanation",
    "编制说明": "explanation",
}


def _candidate(raw: str) -> str | None:
    """The canonical form `raw` spells, whether or not the draft has such a node."""
    lowered = raw.lower()
    if CANONICAL.match(lowered) or re.fullmatch(r"chapter-\d{1,2}", lowered):
        return lowered
    if lowered in _WORDS or raw in _WORDS:
        return _WORDS.get(lowered, _WORDS.get(raw))
    compact = re.sub(r"\s+", "", raw)
    if m := _ARTICLE_ZH.match(compact):
        numbers = [_cn_to_int(g) for g in m.groups() if g]
    elif m := _ARTICLE_EN.match(lowered):
        numbers = [int(m.group(1))] + [int(n) for n in re.findall(r"\d{1,2}", m.group(2))]
    elif m := (_CHAPTER_ZH.match(compact) or _CHAPTER_EN.match(lowered)):
        return f"chapter-{_cn_to_int(m.group(1))}"
    elif m := (_ROW_ZH.match(compact) or _ROW_EN.match(lowered)):
        return f"annex-{_cn_to_int(m.group(1))}/{_cn_to_int(m.group(2))}"
    elif m := (_ANNEX_ZH.match(compact) or _ANNEX_EN.match(lowered)):
        return f"annex-{_cn_to_int(m.group(1))}"
    else:
        return None
    if None in numbers or len(numbers) > 3:
        return None
    return "art-" + ".".join(str(n) for n in numbers)


def parse_reference(text: str, consultation: Consultation, *, any_node: bool = False) -> str | None:
    """The canonical reference `text` names in `consultation`, or None.

    Every usual way of naming a node: 第三条, 第六条(一)第2项, 第六条第一项第二目, 第六条(一)2,
    article 6(1)(2), art. 6.1.2, 附件1第16项, 附件1 指标16, annex 1 row 16, annex-1/16 …
    By default only what can be commented on is returned; with `any_node`, chapters too
    (第三章, chapter 3 → chapter-3), so a caller can offer a chapter's articles.
    """
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        return None
    ref = _candidate(raw)
    node = consultation.nodes.get(ref) if ref else None
    if node is None or not (node.commentable or any_node):
        return None
    return ref


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
    return node.label if is_chinese(locale) else english_label(node)
