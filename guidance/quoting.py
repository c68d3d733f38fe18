"""How a part of the draft is quoted, and the small shared pieces of every composed answer.

An item, a row, a table note or a short article is quoted whole; a long article by the contiguous
sentences that carry the question's words (never an item's heading alone, which answers nothing). The
answer's locale, word separator, dates and part labels are shared by the notice, table and zone answers.
"""
from __future__ import annotations

import datetime as dt
import re

from consultation.references import label as node_label

from . import intents as I
from .index import Index
from .text import normalise, sentences, tokens

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def locale(lang: str) -> str:
    return "zh_CN" if lang == "zh" else "en"


def sep(lang: str) -> str:
    return " " if lang == "en" else ""


def date(d: dt.date, lang: str) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def label(index: Index, ref: str, lang: str) -> str:
    return node_label(index.consultation.node(ref), locale(lang))


# --- quoting ---------------------------------------------------------------------------------------

def _heading_only(sentence: str, index: Index) -> bool:
    """A sentence that only names a zone type ((一)人工智能深度应用示范区。), which answers nothing."""
    core = re.sub(r"^[((][一二三四五六七八九十][))]|^\d\.|[。;;\s]", "", sentence)
    return any(core == z.zh for z in index.profile.zone_types) or len(core) < 4


# A section heading of a text written in numbered sections (一、起草背景和过程, 二、主要内容): a line that names what
# its section says and says nothing itself.
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、[^。;；,，:：]{1,30}$")


def _section_asked(parts: list[str], said_words: list[set], own: set, wider: set, best: float) -> tuple | None:
    """The section whose heading the question fits as well as any sentence (起草背景是什么 fits 一、起草背景和过程,
    whose paragraph says it), heading and sentences, as (first, last); None when no heading does."""
    fits = [(3 * len(own & st) + len(wider & st), i) for i, (p, st) in enumerate(zip(parts, said_words))
            if _SECTION_HEADING.match(p) and own & st]  # named in the question's own words, not only a gloss
    fit, i = max(fits, default=(0, -1))
    if not fit or fit < best:
        return None
    section = _section_of(parts, i + 1)
    return (i, section[1]) if section else None


def _text_of(text: str, parts: list[str], first: int, last: int) -> str:
    start = text.index(parts[first])
    return text[start:text.index(parts[last], start) + len(parts[last])]


def _section_of(parts: list[str], k: int) -> tuple[int, int] | None:
    """The sentences of the numbered section sentence `k` is in (its heading left out), as (first, last)."""
    if k >= len(parts) or _SECTION_HEADING.match(parts[k]):
        return None
    first = next((i + 1 for i in range(k, -1, -1) if _SECTION_HEADING.match(parts[i])), 0)
    last = next((i - 1 for i in range(k + 1, len(parts)) if _SECTION_HEADING.match(parts[i])), len(parts) - 1)
    return first, last


def best_passage(index: Index, text: str, q: str, most: int = 4) -> str:
    """The contiguous sentences of `text` that carry the question's words (at most `most`); of a text in
    numbered sections, never a section's heading alone: the whole section the question names by its heading, and
    a passage that opens a section under its heading."""
    parts = sentences(text)
    if len(parts) <= 1:
        return text
    own = set(tokens(q))
    wider = {t for w in index.expand(q) for t in tokens(w)}
    consequence = bool(I.CONSEQUENCE.search(q))
    measure = re.findall(r"(?:几|多少)个?([章类项条种级次])", q)
    materials = bool(I.MATERIALS.search(q))
    scores = []
    said_words = [set(tokens(normalise(s))) for s in parts]  # each sentence's words, read once
    heading = [_heading_only(s, index) or bool(_SECTION_HEADING.match(s)) for s in parts]
    for s, st, head in zip(parts, said_words, heading):
        v = 0 if head else 3 * len(own & st) + len(wider & st)
        if v and consequence and re.search(r"的[,,]", s):
            v += 2  # "…的,给予整改": what happens if
        if v and measure and any(re.search(rf"[一二三四五六七八九十\d]个?{m}", s) for m in measure):
            v += 3  # 几章 is answered by the sentence that counts them (五章)
        scores.append(v)
    best = max(scores)
    section = _section_asked(parts, said_words, own, wider, best)
    if section:
        return _text_of(text, parts, *section)
    if best == 0:
        first = last = ([i for i, head in enumerate(heading) if not head][:1] or [0])[0]
    else:
        # the best sentences first, as long as together they stay one short passage inside one numbered section
        order = sorted((i for i, v in enumerate(scores) if v >= 0.6 * best), key=lambda i: (-scores[i], i))
        first = last = order[0]
        for i in order[1:]:
            if max(last, i) - min(first, i) + 1 > most:
                break
            first, last = min(first, i), max(last, i)
        # A question of several parts (会评估吗?要提交什么?): each part's own best sentence is said too.
        # Parts end at a question mark or a comma (要交哪些材料,建设方案要写啥); a part's words in the draft's
        # terms count too (摘牌 is 撤销…称号).
        for sub in (x for x in re.split(r"[?？;；,，]|\s+(?=[\u4e00-\u9fff])", q) if x.strip()):
            mine = set(tokens(normalise(sub)))
            theirs = {t for w in index.expand(sub) for t in tokens(w)} - mine
            then = 3 if I.CONSEQUENCE.search(sub) else 0  # 不合格会怎样: the sentence that says what follows (…的,)
            # 谁评审: who does it is said by the sentence whose subject is an authority (省工业和信息化厅组织…)
            who = 3 if _WHO.search(sub) else 0
            # a sentence that starts with the part's word is about it (建设方案应…: what the plan contains)
            fit = [3 * len(mine & st) + len(theirs & st) + (then if re.search(r"的[,,]", p) else 0)
                   + (3 if any(len(t) >= 2 and p.startswith(t) for t in mine) else 0)
                   + (who if _ACTOR_FIRST.match(p) else 0)
                   if not head else 0 for p, st, head in zip(parts, said_words, heading)]
            # of sentences fitting as well, one the passage does not have yet says this part's own thing
            i = max(range(len(parts)), key=lambda k: (fit[k], not first <= k <= last, -k))
            # A sentence outside the passage that carries more of the part's own words than any inside it says
            # this part, though the lexicon's glosses fit one inside better (优秀的有什么倾斜: the sentence on
            # the support, not the one listing the grades, which 优秀 glosses to).
            carried = [len(mine & st) if not head else 0 for st, head in zip(said_words, heading)]
            outside = [k for k in range(len(parts)) if not first <= k <= last and fit[k] >= 6]
            if first <= i <= last and outside:
                k = max(outside, key=lambda k: (carried[k], fit[k], -k))
                if carried[k] >= 2 and carried[k] > max(carried[first:last + 1]):
                    i = k
            # one more sentence than a single part's passage: each part is said (几个等次?不参加会怎样?)
            if fit[i] >= 6 and max(last, i) - min(first, i) + 1 <= most + 1:
                first, last = min(first, i), max(last, i)
        # Whether the title is at stake (会不会影响称号, 会被摘牌吗): the sentence that says what befalls the title
        # (…的,撤销…称号) is said with the one that answers the rest.
        stake = I.TITLE_AT_STAKE.search(q)
        if stake:
            words = set(tokens(normalise(stake.group(0)))) | {t for w in index.expand(stake.group(0)) for t in tokens(w)}
            fates = [k for k, (p, st) in enumerate(zip(parts, said_words)) if words & st and re.search(r"的[,,]", p)]
            if fates and not any(first <= k <= last for k in fates):
                i = min(fates, key=lambda k: abs(k - first))
                if max(last, i) - min(first, i) + 1 <= most:
                    first, last = min(first, i), max(last, i)
        # What lies between two steps (直接认定吗?中间还有啥环节) is each sentence on the way, in order.
        if _BETWEEN.search(q):
            for i in sorted((k for k, v in enumerate(scores) if v), key=lambda k: abs(k - first)):
                if max(last, i) - min(first, i) + 1 <= most:
                    first, last = min(first, i), max(last, i)
        # What to prepare is answered by the sentence of the passage's subject that says what is submitted.
        said = [i for i, p in enumerate(parts) if materials and re.search(r"提交|报送|材料", p)]
        if said and not any(first <= i <= last for i in said):
            i = min(said, key=lambda k: abs(k - first))
            if max(last, i) - min(first, i) + 1 <= most:
                first, last = min(first, i), max(last, i)
    # What happens is said to its end: a clause closed by a semicolon goes on in the next (整改; 整改后仍不合格的, 撤销).
    if consequence and parts[last].rstrip().endswith((";", "；")) and last + 1 < len(parts) and last + 1 - first < most:
        last += 1
    if first and _SECTION_HEADING.match(parts[first - 1]):
        first -= 1  # a passage that opens a numbered section is quoted under its heading
    start = text.index(parts[first])
    end = text.index(parts[last], start) + len(parts[last])
    return text[start:end]


_WHO = re.compile(r"谁|哪个(部门|单位|机构)|\bwho\b|\bwhich (department|body|authority)\b", re.I)
# A sentence whose subject is an authority (省工业和信息化厅组织专家…, 各市工业和信息化主管部门负责…).
_ACTOR_FIRST = re.compile(r"\s*(省|市|各市|县|区)?[^,，。;；]{0,10}(厅|局|部门|管委会|政府)")

# (What comes before an outcome, 正式认定之前还有什么, what happens before a zone is designated: each step up to it.)
_BETWEEN = re.compile(r"中间|之间|环节|步骤|直接(就)?(认定|公布|通过)|(认定|公布|批准)(之|以)?前(还)?(要|有|会)|"
                      r"\bsteps?\b|\bin between\b|\bstraight (to|away)\b|\bwhat (happens|comes|is done) before\b", re.I)

_WHOLE_ARTICLE = 100  # characters: an article of two short sentences is quoted whole (articles 8 and 11)


def _chapters_summarised(c, text: str) -> str | None:
    """The numbered section of the drafting explanation whose sentences open with the chapters' labels (第一章…),
    which is what the guideline contains as a whole; None when no sentence does."""
    first = next((n.label for n in c.nodes.values() if n.kind == "chapter"), None)
    parts = sentences(text)
    k = next((i for i, p in enumerate(parts) if first and p.startswith(first)), None)
    section = _section_of(parts, k) if k is not None else None
    if not section:
        return None
    return _text_of(text, parts, section[0] - 1 if section[0] else 0, section[1])  # under its heading


def cite(index: Index, ref: str, q: str = "") -> dict:
    """A citation: whole items, rows and notes; the asked sentences of long articles."""
    c = index.consultation
    node = c.node(ref)
    full = c.quote(ref)
    if node.kind in ("item", "subitem", "row", "annex") or len(full) <= _WHOLE_ARTICLE or not q:
        return {"ref": ref, "quote": full}
    if node.kind == "explanation" and I.CONTENTS.search(q):
        summary = _chapters_summarised(c, full)
        if summary:  # 导则主要讲了什么: the explanation's section that sums up each chapter
            return {"ref": ref, "quote": summary}
    if node.kind == "article" and _whole_list_asked(index, node, full, q):
        return {"ref": ref, "quote": full}  # 通用条件有哪些: every item, not the one that fits best
    return {"ref": ref, "quote": best_passage(index, full, q)}


# The whole list asked (通用条件有哪些, 都要满足什么, what are the general conditions, list every condition), not one of it.
_LIST_ASKED = re.compile(r"(有|是|包括|包含|满足|具备|符合)(哪些|哪几条|哪几项|哪几个方面|什么|啥)|都(有|是|包括|要)|哪几条|哪几项|全部|所有|"
                         r"\bwhat (are|is) (the|its|their)\b|\blist\b|\ball (of )?(the )?(\w+ ){0,2}(conditions|requirements|items)\b|"
                         r"\bevery (applicant|zone|one)\b|\beach (applicant|zone)\b", re.I)

_WHOLE_LIST = 400  # characters: an article of a few short items is quoted whole when its list is asked (article 5)


def _whole_list_asked(index: Index, node, full: str, q: str) -> bool:
    """Whether `q` asks for every item of an article written as a short list: a list asked, and no item the
    question's own words (beyond the article's title and the words every item shares) pick out."""
    c = index.consultation
    items = [r for r in node.children if c.node(r).kind == "item"]
    if len(items) < 2 or len(full) > _WHOLE_LIST or not _LIST_ASKED.search(q):
        return False
    item_words = [set(tokens(normalise(c.quote(r)))) for r in items]
    common = set.intersection(*item_words) | set(tokens(normalise(node.title or "")))
    own = set(tokens(normalise(q))) - common
    return max(len(own & w) for w in item_words) < 2

