"""Which part of the draft a question is about: explicit references, the most specific part it names, ranking.

BM25 over the draft's parts (guidance/index.py) finds candidates; the question's type re-orders them
with the consultation's preferences (profile.yaml); then the most specific part the question names wins:
an indicator row whose wording the question repeats over its table, an item inside the article the
search found (drill-down). Nothing here names an article of a particular draft.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from consultation.references import parse_reference

from . import intents as I
from .index import Index
from .text import ASKING, asking_sentences, has_chinese, normalise, tokens

# (附件一共 is "the attachments in all", 附件三个 "three attachments": no table named)
_TABLE_NO = r"(?:[0-9]|[一二三](?![共起些般样个]))"
_REF_IN_TEXT = re.compile(
    r"附(?:件|表)\s*" + _TABLE_NO + r"\s*(?:表)?\s*(?:第|序号)?\s*[0-9]{1,2}\s*(?:项|行|号)?|附(?:件|表)\s*" + _TABLE_NO + r"|"
    r"第(?:[一二三四五六七八九十]{1,3}|[1-9][0-9]?)条(?:\s*第?\s*[((]?[一二三四五六七八九十][))]?\s*项?(?:\s*第?\s*\d\s*[点款项.]?)?)?|"
    r"(?:annex|table)\s*\d\s*(?:,|/)?\s*(?:row|item|no\.?|#)\s*\d{1,2}|(?:annex|table)\s*\d|article\s*\d{1,2}", re.I)

# Words that name a section rather than a point inside it (dropped before drilling down).
_GENERIC_TEXT = ("人工智能 示范区 条件 要求 通用条件 分类条件 创建条件 申报条件 创建 类 类型 满足 具备 方面 规定 内容 有哪些 "
                 "具体 需要 要有 ai demonstration zone zones deep application product innovation technology "
                 "empowerment condition conditions requirement requirements general specific type types create creating")


@dataclass
class Ranked:
    refs: list[str]
    faq: object | None = None
    note: bool = False  # the best match was an annex table's note (a definition), not its rows
    unsure: bool = False  # the question's own words barely meet the draft: the answer may not be what was asked


# (产品创新类第一条: a type named by its class word right before the number counts inside its conditions too;
# the draft's articles are not a type's.)
_WITHIN = re.compile(r"(条件|要求|标准|特征|情形|类)(里|中|的)?\s*$")
_NTH = re.compile(r"^第([一二三四五六七八九十]|[1-9])条")


def _item_of_named_part(index: Index, q: str, m: re.Match) -> str | None:
    """第一条 right after a zone type's conditions (产品创新类分类条件第一条), or after an article's own title
    (通用条件第一条), counts inside that part: its first item, not article 1."""
    nth = _NTH.match(m.group(0))
    if not nth:
        return None
    n = int(nth.group(1)) if nth.group(1).isdigit() else '一二三四五六七八九十'.index(nth.group(1)) + 1
    before = q[max(0, m.start() - 10):m.start()]
    types = index.profile.zone_types_named(q) if index.profile else []
    parts = [index.profile.zone_types[types[0]].conditions] if len(types) == 1 and _WITHIN.search(before[-8:]) else [
        node.ref for node in index.consultation.nodes.values() if node.kind == "article" and node.title and
        node.children and re.search(re.escape(node.title) + r"(里|中|的|里面|当中)?\s*$", before)]  # 通用条件第一条
    ref = f"{parts[0]}.{n}" if parts and parts[0] else None
    return ref if ref in index.consultation.nodes else None


def _typed(m: re.Match) -> str:
    """A reference as the question types it, in the form parse_reference reads."""
    text = re.sub(r"[点款]$", "", m.group(0).strip())
    return re.sub(r"项(\d)", r"\1", text).replace("第(", "(").replace("第(", "(")


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def cn_number(text: str) -> int | None:
    """一 … 九十九 as a number (十二 = 12, 二十一 = 21)."""
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def rows_in_digits(index: Index, q: str) -> str:
    """附件一第二项 → 附件一第2项; 附件2最后一项 → 附件2第29项 (its last row): the forms references are read in.
    A table named by its zone type (技术赋能类指标表第1项, 深度应用类的表第5项) is that type's annex."""
    for z in index.profile.zone_types if index.profile else ():
        if z.annex:
            q = re.sub(r"(?:" + "|".join(z.names) + r")(?:类|示范区)?(?:的)?(?:创建)?(?:指标)?表\s*(?:里|中|的)?\s*(?=(?:第|序号)\s*[0-9一二三四五六七八九十])",
                       f"附件{z.annex}", q, flags=re.I)
            # and in English: row 5 of the product innovation table, the deep application zone table's row 3
            table = r"(?:the\s+)?(?:" + "|".join(z.names) + r")\s+(?:zones?\s+)?(?:indicator\s+|scoring\s+)?table"
            q = re.sub(r"\b(?:row|item|indicator|no\.?)\s*(?P<row>\d{1,2})\s+(?:of|in)\s+" + table + r"\b",
                       lambda m, n=z.annex: f"annex {n} row {m.group('row')}", q, flags=re.I)
            q = re.sub(r"\b" + table + r"(?:'s)?\s*,?\s*(?:row|item|no\.?)\s*(?P<row>\d{1,2})\b",
                       lambda m, n=z.annex: f"annex {n} row {m.group('row')}", q, flags=re.I)
    # 表一第19项, 表2里序号5: a table named by its number alone, with a row after it, is that annex (the annexes
    # are the draft's only numbered tables), so its row is read as 附件一第19项.
    q = re.sub(r"(?<![附件])表\s*([1-9一二三])(?![0-9])(?=\s*(?:里|中|的|上)?\s*(?:第|序号)\s*[0-9一二三四五六七八九十])",
               lambda m: (f"附件{m.group(1)}" if f"annex-{_table_n(m.group(1))}" in index.consultation.nodes
                          else m.group(0)), q)
    # 附件1里第4项, 附件二中的序号3: the row of that annex, read as 附件1第4项
    q = re.sub(r"(附(?:件|表)\s*[0-9一二三]\s*(?:表)?)\s*(?:里面的|里面|里的|里|中的|中|的|上的|上)\s*(?=(?:第|序号)\s*[0-9一二三四五六七八九十])",
               r"\1", q)
    q = _row_of_named_table(index, q)
    # row 12 of annex 2, item 3 in table 1: the reference in the order it is read in (annex 2 row 12)
    q = re.sub(r"\b(?:row|item|indicator|no\.?)\s*(\d{1,2})\s+(?:of|in)\s+(?:the\s+)?(annex|table)\s*(\d)\b",
               lambda m: f"{m.group(2)} {m.group(3)} row {m.group(1)}", q, flags=re.I)
    q = re.sub(r"(附(?:件|表)\s*[0-9一二三]\s*(?:表)?\s*(?:里|中|的)?\s*(?:第|序号))([一二三四五六七八九十]{1,3})(?=\s*(?:项|行|号))",
               lambda m: m.group(1) + str(cn_number(m.group(2)) or m.group(2)), q)

    def last(m):
        n = "一二三".index(m.group(2)) + 1 if m.group(2) in "一二三" else int(m.group(2))
        node = index.consultation.nodes.get(f"annex-{n}")
        rows = [index.consultation.node(r).row for r in (node.children if node else ())
                if index.consultation.node(r).kind == "row"]
        return f"{m.group(1)}第{max(rows)}项" if rows else m.group(0)
    return re.sub(r"(附(?:件|表)\s*([0-9一二三])\s*(?:表)?)\s*(?:里|中|的)?\s*(?:最后一项|最后一行|末项)", last, q)


def _table_n(n: str) -> int | None:
    return int(n) if n.isdigit() else cn_number(n)


# A row number with no annex before it (第7项, 序号7, row 7, item 7), and an annex or table named by its number.
_BARE_ROW = re.compile(r"(?<![附件表0-9])(?:第\s*(\d{1,2})\s*(?:项|行|号|个指标)|序号\s*(\d{1,2}))|\b(?:row|item|no\.?)\s*#?\s*(\d{1,2})\b",
                       re.I)
_NUMBERED_TABLE = re.compile(r"附(?:件|表)\s*[0-9一二三]|\b(?:annex|table)\s*\d", re.I)


def _row_of_named_table(index: Index, q: str) -> str:
    """A table named by its zone type in any words and language (深度应用 table 里 row 7, in the deep application
    table, how many points is row 7?) with a row number elsewhere in the question: that row of that type's annex.
    Only when one table is named and no annex by its number, so the row number can belong to nothing else."""
    if _NUMBERED_TABLE.search(q):
        return q
    annexes = set()
    for z in index.profile.zone_types if index.profile else ():
        table = (r"(?:" + "|".join(z.names) + r")\s*(?:类|示范区|zones?)?\s*(?:的)?\s*(?:创建)?\s*(?:指标|indicators?|scoring)?"
                 r"\s*(?:表|tables?|sheets?)")
        if z.annex and re.search(table, q, re.I):
            annexes.add(z.annex)
    m = _BARE_ROW.search(q)
    if len(annexes) != 1 or not m:
        return q
    row = next(g for g in m.groups() if g)
    return q[:m.start()] + f"附件{annexes.pop()}第{row}项" + q[m.end():]


# Things counted by 条 before an ordinal (有两条指标,头一条…第二条是什么): the ordinal is the second of those, not
# article 2.
_COUNTED_BY_TIAO = re.compile(r"(两|三|几|2|3)\s*条(指标|要求|条件|规定)?|头一条|一条是|其中一条")


def explicit_ref(index: Index, q: str) -> str | None:
    q = rows_in_digits(index, q)
    for m in _REF_IN_TEXT.finditer(q):
        if m.group(0).startswith("第") and m.group(0).endswith("条") and _COUNTED_BY_TIAO.search(q, 0, m.start()):
            continue
        inner = _item_of_named_part(index, q, m)
        if inner:
            return inner
        ref = parse_reference(_typed(m), index.consultation)
        if ref:
            return ref
        table = re.match(r"(?:附(?:件|表)|annex|table)\s*([0-9一二三])", m.group(0), re.I)
        if table:  # a row the table does not have (附件1第19项): the table, whose answer notes the gap
            number = "一二三".index(table.group(1)) + 1 if table.group(1) in "一二三" else int(table.group(1))
            if f"annex-{number}" in index.consultation.nodes:
                return f"annex-{number}"
    return _nth_condition_of_type(index, q)


_NTH_CONDITION_EN = re.compile(r"\b(?:condition|requirement|criterion)\s*(?:no\.?\s*|#\s*)?(?P<n>[1-9])\b|"
                               r"\b(?P<word>first|second|third|fourth|fifth)\s+(?:specific\s+|type-specific\s+)?"
                               r"(?:condition|requirement|criterion)\b", re.I)
_ORDINALS_EN = ("first", "second", "third", "fourth", "fifth")


def _nth_condition_of_type(index: Index, q: str) -> str | None:
    """Condition 1 (the second condition) of the one zone type the question names, in English: that item of
    the type's own conditions, as 产品创新类分类条件第一条 is in Chinese. No type named, no item: the general
    conditions have items too, and a number alone does not say whose."""
    m = _NTH_CONDITION_EN.search(q)
    types = index.profile.zone_types_named(q) if m and index.profile else []
    if len(types) != 1 or not index.profile.zone_types[types[0]].conditions:
        return None
    n = int(m.group("n")) if m.group("n") else _ORDINALS_EN.index(m.group("word").lower()) + 1
    ref = f"{index.profile.zone_types[types[0]].conditions}.{n}"
    return ref if ref in index.consultation.nodes else None


_ARTICLE_NUMBER = re.compile(r"第([一二三四五六七八九十]{1,3}|[1-9][0-9]?)条|\barticle\s*(\d{1,2})\b", re.I)


def missing_article(index: Index, q: str) -> tuple[int, str] | None:
    """(the number, the last article) when the question names an article past the draft's last (第十六条 of
    fifteen): the reader has a wrong number in mind, so the answer says how many there are."""
    articles = [r for r, n in index.consultation.nodes.items() if n.kind == "article"]
    if not articles:
        return None
    last = max(articles, key=lambda r: int(r.split("-")[1]))
    for m in _ARTICLE_NUMBER.finditer(q):
        n = (int(m.group(1)) if m.group(1).isdigit() else cn_number(m.group(1))) if m.group(1) else int(m.group(2))
        if n and n > int(last.split("-")[1]):
            return n, last
    return None


_ARTICLES_EN = re.compile(r"\barticles?\s*(\d{1,2}(?:\s*(?:,|and|&|or)\s*\d{1,2})+)", re.I)


def explicit_articles(index: Index, q: str) -> list[str]:
    """Every whole article the question names (第八条、第十条, articles 9 and 13), in order: a question naming
    several asks about each of them, not about the first."""
    refs: list[str] = []
    for m in _REF_IN_TEXT.finditer(q):
        ref = parse_reference(_typed(m), index.consultation)
        if ref and index.consultation.node(ref).kind == "article" and ref not in refs:
            refs.append(ref)
    # Articles named by their titles (通用条件和分类条件是什么关系), two or more of them: each is asked about.
    # In English, by the lexicon's words for the titles (general conditions → 通用条件).
    said = q if has_chinese(q) else " ".join(index.expand(q))
    titled = sorted((q.find(n.title) % (len(q) + 1), ref) for ref, n in index.consultation.nodes.items()
                    if n.kind == "article" and n.title and len(n.title) >= 3 and n.title in said)
    if len(titled) >= 2:
        refs += [ref for _, ref in titled if ref not in refs]
    for m in _ARTICLES_EN.finditer(q):
        for n in re.findall(r"\d{1,2}", m.group(1)):
            ref = parse_reference(f"article {n}", index.consultation)
            if ref and ref not in refs:
                refs.append(ref)
    return refs


def renumbered_refs(index: Index, q: str) -> list[tuple[str, str | None]]:
    """The references the question types whose number meant another part in the draft as consulted on:
    (draft ref, where that part is in the text cited, None if removed). Once a revision renumbered the
    text, 附件1第23项 read in the revised numbering may not be the row the reader saw in the draft, so the
    answer says what that number was and where it went."""
    text = index.consultation
    draft = text.consulted()
    if draft is text:
        return []
    out = []
    for m in _REF_IN_TEXT.finditer(q):
        if _item_of_named_part(index, q, m):
            continue  # named by its part (产品创新类分类条件第一条), not by its number
        ref = parse_reference(_typed(m), draft)
        if ref and text.successor(ref) != ref and all(ref != r for r, _ in out):
            out.append((ref, text.successor(ref)))
    return out


@lru_cache(maxsize=1024)
def core_words(indicator: str) -> str:
    """An indicator's wording without its unit, spaces and quotation marks (“三首”: typed as 三首)."""
    return re.sub(r"[((][^))]*[))]|[\s“”‘’\"']", "", normalise(indicator))


def phrase_overlap(indicator: str, q: str) -> float:
    """How much of an indicator's wording the question repeats: the share of its characters inside runs of
    two or more characters that the question contains (使用工业大模型…的企业数量 covers most of row 8)."""
    core = core_words(indicator)
    if not core:
        return 0.0
    covered = run_chars(core, q, least=2)
    return covered / len(core) if covered >= 3 else 0.0


def run_chars(text: str, q: str, least: int = 3) -> int:
    """Characters of `text` inside runs of at least `least` characters that `q` repeats."""
    covered, i = 0, 0
    while i < len(text):
        j = i + 1
        while j <= len(text) and text[i:j] in q:
            j += 1
        run = j - 1 - i
        if run >= least:
            covered += run
            i += run
        else:
            i += 1
    return covered


def without_runs(text: str, q: str, least: int = 4) -> str:
    """`q` without the runs of at least `least` characters it shares with `text` (a row's wording)."""
    i = 0
    while i < len(text):
        j = i + 1
        while j <= len(text) and text[i:j] in q:
            j += 1
        if j - 1 - i >= least:
            q = q.replace(text[i:j - 1], " ")
            i = j - 1
        else:
            i += 1
    return q


@lru_cache(maxsize=1024)
def unit_of(indicator: str) -> str | None:
    m = re.search(r"[((]\s*([^))]+?)\s*[))]\s*$", indicator)
    return m.group(1) if m else None


def _rows(index: Index) -> list[tuple[str, int, str, str | None, set[str]]]:
    """Each indicator row with its wording's core, unit and character pairs (built once per index)."""
    if "rows" not in index.cache:
        out = []
        for ref, node in index.consultation.nodes.items():
            if node.kind == "row":
                core = core_words(node.text)
                out.append((ref, node.annex, node.text, unit_of(node.text),
                            {core[i:i + 2] for i in range(len(core) - 1)}))
        index.cache["rows"] = out
    return index.cache["rows"]


_ROW_TAIL = re.compile(r"(建设|发展|应用|开展|实施)?情况(?=\s*([((][^))]*[))])?\s*$)")


def _table_name_words(index: Index) -> re.Pattern:
    """A zone type's name used as its table's (深度应用类, 技术赋能类表, 产品创新示范区的表): built once per index."""
    if "table_named" not in index.cache:
        names = [n for z in (index.profile.data.zone_types if index.profile else []) for n in z.names
                 if re.search(r"[\u4e00-\u9fff]", n)]
        index.cache["table_named"] = re.compile(
            "(?:" + "|".join(names) + r")(?=\s*(?:类|表))" if names else r"(?!x)x")
    return index.cache["table_named"]


def named_row(index: Index, q: str, annex: int | None = None, least: float = 1.0) -> str | None:
    """The indicator row whose wording (or unit, when only one row has it) the question repeats.

    A row is taken over everything else when the question repeats most of its wording, or much of it and
    asks one of a row's facts (points, method, unit); or `least` of it, where the caller knows a row is
    meant (那项, beside another row named)."""
    asks_row_fact = bool(I.POINTS.search(q) or I.METHOD.search(q) or I.UNIT.search(q))
    # AI产业营收 is the row's 人工智能产业营收: the rest of the wording is compared, the word spelt in Latin
    # letters left out on both sides (many rows hold 人工智能; it tells none of them apart).
    worded = index.in_draft_words(q) if has_chinese(q) else q
    # The table named by its zone type (深度应用类里…, 产品创新类表): its words name the table, not the row
    # (应用 of 深度应用类 is no part of 工业数据创新应用情况).
    worded = _table_name_words(index).sub(" ", worded)
    respelt = [w for w in set(index.latin_terms.values()) if w in worded and w not in q]
    pairs = {worded[i:i + 2] for i in range(len(worded) - 1)}
    bare_q = worded
    for w in respelt:
        bare_q = bare_q.replace(w, "")
    scored = []
    for ref, number, text, unit, row_pairs in _rows(index):
        if annex and number != annex:
            continue
        bare_text = text
        for w in respelt:
            bare_text = bare_text.replace(w, "")
        # (A row's closing words, 建设情况, 情况, name what is measured of it, not which row it is: 工业数据集 names
        # 工业高质量数据集建设情况 as well as most of the rest of its wording would.)
        score = max(phrase_overlap(bare_text, bare_q), phrase_overlap(_ROW_TAIL.sub("", bare_text), bare_q)) if len(
            row_pairs & pairs) >= 2 else 0.0
        if unit and len(unit) >= 3 and unit.lower() in q:
            score = max(score, 0.9)
        scored.append((score, ref, text))
    # Its table named (深度应用类表里那条…), most of a row's wording is enough.
    bar = min(min(0.85, least), 0.6 if asks_row_fact else 1.0, 0.7 if annex else 1.0)
    named = [(score, ref, text) for score, ref, text in scored if score >= bar]
    if not named:
        return None
    # Of the rows the question names, the one it repeats the most of: a short row whose few words are
    # scattered through the question (重大人工智能开放平台建设情况) is not the longer one it spells out. A row
    # typed whole in one run (工业大模型开发数量是几分?开源参与的企业…) is that row, however many of a longer row's
    # words (使用工业大模型应用的企业数量) the rest of the question happens to hold; unless another row named
    # holds its whole wording (人工智能产业营收 inside 人工智能产业营收增速): typing it says nothing between them.
    cores = [_ROW_TAIL.sub("", core_words(text)) for _, _, text in named]

    def typed_whole(text: str) -> bool:
        core = _ROW_TAIL.sub("", core_words(text))
        return len(core) >= 4 and core in worded and not any(core != other and core in other for other in cores)

    return max(named, key=lambda x: (typed_whole(x[2]), run_chars(core_words(x[2]), worded, least=2), x[0]))[1]


def comment_asked(q: str) -> bool:
    """Whether the sentences that ask (not the story before them) ask whether, how or by when to comment
    (…觉得这项只打定性分不合理。我能不能提意见?怎么提,截止到哪天?): the notice answers that, whatever part of
    the draft the comment is about; a part's own fact asked there too (这项几分, 定性还是定量) is not such."""
    asked = " ".join(asking_sentences(q))
    clauses = [c for c in re.split(r"[,，]", asked) if ASKING.search(c)]  # (那项给4分太少了,发到哪个邮箱?)
    if any(I.POINTS.search(c) or I.UNIT.search(c) or I.METHOD.search(c) for c in clauses):
        return False
    return bool(I.MAY_COMMENT.search(asked) or I.COMMENT_HOW.search(asked) or I.MAILBOX.search(asked) or
                I.CONSULT.search(asked) and (I.DEADLINE.search(asked) or I.HOW_WHERE.search(asked)))


# Every consultation has a notice with its window, mailbox, subject line, form, publisher and attachments
# (consultation/schema.py):
# questions about those go to it whatever the draft.
NOTICE_PREFERENCES = [
    (("deadline", "consult"), ("validity",), 0.6),
    (("deadline",), ("validity", "consult", "apply_word"), 0.6),  # 申报截止: the call's deadline (article 7)
    (("when", "consult"), ("deadline", "validity", "frequency"), 0.6),
    (("mailbox",), (), 0.8),
    (("issuer",), ("apply_word", "drafted"), 0.8),
    (("attachments",), (), 0.8),
    (("subject", "consult"), ("mailbox",), 0.8),
    (("form", "consult"), ("mailbox", "subject"), 0.8),
    (("consult", "how_where"), ("apply_word",), 0.4),
    (("may_comment",), (), 0.8),
    (("consult", "channel"), ("apply_word",), 0.6),
    (("comment_how",), (), 0.8),
]


_THIS_NOTICE = re.compile(r"(这个|这份|这则|本|该|此)(通知|文件|公告)|\bthis (notice|document|announcement)\b", re.I)


def _boosts(index: Index, q: str, asks_to_apply: bool, about: str | None = None) -> dict[str, float]:
    """Preferences the question's type gives among the parts of the draft (profile data), with zone types.
    `about`: the question's words without those that only say who asks (岳西县…导则里有没有说哪个月报): the body
    is no thing whose mention is asked."""
    b = index.profile.preferences(q, asks_to_apply)
    for when, unless, v in NOTICE_PREFERENCES:
        if all(I.NAMED[w].search(q) for w in when) and not any(I.NAMED[u].search(q) for u in unless):
            b["notice"] = b.get("notice", 0.0) + v
    if I.ISSUER.search(q) and _THIS_NOTICE.search(q):
        # 这个通知是哪个单位发的: the notice in the asker's hands, not the calls (申报通知) the draft says are issued
        b["notice"] = b.get("notice", 0.0) + 0.6
    if I.COUNTED.search(q):  # which firms a figure counts (只算规上企业吗): the table note that speaks of its words
        asked = {w for w in (*index.expand(q), *tokens(q)) if len(w) >= 2} - _GENERIC_NOTE_WORDS
        for t in index.consultation.source.annexes:
            if any(w in note for note in t.notes for w in asked):
                b[f"annex-{t.number}"] = b.get(f"annex-{t.number}", 0.0) + 0.6
    if I.MENTION.search(q):
        for ref in _naming_parts(index, about or q):
            b[ref] = b.get(ref, 0.0) + 0.3
    named = index.profile.zone_types_named(q)
    defined = []
    if I.DEFINE.search(q) and not I.asks_points(q):
        wanted = q if has_chinese(q) else " ".join(index.expand(q))
        # a zone type's own name is no defined term (人工智能产品创新示范区 holds 智能产品, a note's term)
        wanted = index.profile.without_zone_types(wanted)
        defined = [ref for term, ref in index.definitions.items() if term in wanted]
        for ref in defined:  # a term a table's note defines is more specific than the zone type around it
            b[ref] = b.get(ref, 0.0) + 0.6
    if len(named) == 1 and not I.POINTS.search(q) and not defined:
        zone = index.profile.zone_types[named[0]]
        # What a type must have (是不是必须有平台, 在建的算不算) is its conditions, even asked with 算不算; which
        # fields or products it covers is listed there too.
        required = zone.conditions and (I.CONDITIONS.search(q) or I.REQUIRED.search(q))
        if I.DEFINE.search(q) and not required:
            b[zone.definition] = b.get(zone.definition, 0.0) + 0.5
        elif required:
            b[zone.conditions] = b.get(zone.conditions, 0.0) + 0.5
    return b


_GENERIC_NOTE_WORDS = {"企业", "智能", "人工智能", "统计", "产品", "技术"}
_FEW_PARTS = 3  # a word more parts name than this says nothing about which part is meant


def _naming_parts(index: Index, q: str) -> list[str]:
    """The parts (articles, items, rows) whose own text has the draft's word for a thing the question names
    in other words (网络安全 → 安全可控, 新能源车 → 智能网联汽车), where few parts have it: whether the draft
    speaks of the thing is answered where it names it."""
    c = index.consultation
    words = {w for w in index.expand(q) if not w.isascii() and len(w) >= 2 and w not in q}
    out = []
    for w in words:
        having = [r for r, n in c.nodes.items() if n.kind in ("article", "item", "row") and w in normalise(n.text or "")]
        if 0 < len(having) <= _FEW_PARTS:
            out += [r for r in having if r not in out]
    return out


_LIST_ASK = I._re(r"(哪些|哪几个|哪几类|什么)[^,，。?？]{0,6}(?P<noun>领域|行业|方向|产品类别|服务)|"
                  # the noun first (智能产品领域都有哪些, 行业包括哪几个)
                  r"(?P<noun2>领域|行业|方向|产品类别|服务)[^,，。?？\s]{0,3}(都|具体)?(有|包括|包含|是|指)(哪些|哪几|什么)",
                  r"\bwhich (fields|sectors|industries|product (areas|fields|categories)|services)\b")
_ASKS_CONTENT = I._re(r"几类|哪几类|哪些类|几种|哪几种|类型|条件|要求|多少分|几分|材料|流程|程序|步骤|指标",
                      r"\btypes\b|\bkinds\b|\bconditions?\b|\brequirements?\b|\bpoints\b|\bmaterials\b|"
                      r"\bprocedure\b|\bindicators?\b|\bsteps\b")


def _lister(index: Index, q: str, refs: list[str], scores) -> str | None:
    """The item that lists the fields asked (智能机器人、智能网联汽车…等领域), inside a zone type named or a part
    ranked: enumerations are where "which fields" is answered."""
    c = index.consultation
    m = _LIST_ASK.search(q)
    noun = (m.group("noun") or m.group("noun2") or "领域") if m else "领域"
    named = [index.profile.zone_types[i] for i in index.profile.zone_types_named(q)]
    within = [r for z in named for r in (z.definition, z.conditions) if r] or refs
    found = [(float(scores[index.position[r]]) if r in index.position else 0.0, r) for r, n in c.nodes.items()
             if n.kind in ("item", "subitem") and noun in (n.text or "") and (n.text or "").count("、") >= 3
             and any(r == w or r.startswith(w + ".") for w in within)]
    return max(found)[1] if found else None


# Whether a thing counts (无人机算不算, 属于其中吗, does X count): answered by the part that names the thing.
_COUNTS_AS = I._re(r"算不算|算吗|算不算在|算在[^,，。?？]{0,8}(里|内|中)|属不属于|属于[^,，。?？]{0,10}(吗|么)|"
                   r"(包不包括|包括|包含|涵盖)[^,，。?？]{0,10}(吗|么)|在不在[^,，。?？]{0,10}(里|内|范围|之列)|在列举",
                   r"\bcounts?( as)?\b|\bincluded\b|\binclude[sd]?\b|\bcovered\b|\bqualif(y|ies) as\b")


def _item_naming(index: Index, q: str) -> str | None:
    """The one item of an article that names a word of the question no other part of the draft uses
    (智能无人机 in the list of fields of article 6 (二) 1): asked whether that thing counts, the list that
    names it answers, not the zone type's definition around it."""
    c = index.consultation
    generic = generic_words(index)
    holders = set()
    for t in set(tokens(q)):
        if len(t) < 2 or t in generic or index.rules.hit("body_word", t) or index.profile.zone_types_named(t):
            continue
        where = [r for r, n in c.nodes.items() if t in (n.text or "") and n.kind not in ("chapter", "general")]
        where += [f"annex-{a.number}" for a in c.source.annexes if any(t in note for note in a.notes)]
        if len(set(where)) == 1:
            holders.add(where[0])
    if len(holders) != 1:
        return None
    ref = holders.pop()
    return ref if c.node(ref).kind in ("item", "subitem") else None


def _own_name(index: Index) -> set[str]:
    """The tokens of the document's own kind of name (导则, guideline): the last word of its title, with the
    lexicon's words for it."""
    if "own_name" not in index.cache:
        title = index.consultation.source.title
        words = list(tokens(normalise(re.sub(r"[(（][^)）]*[)）]", "", title)))) if title else []
        last = words[-1] if words else ""
        index.cache["own_name"] = ({last} | {t for w in index.expand(last) for t in tokens(w)}) if last else set()
    return index.cache["own_name"]


def generic_words(index: Index) -> set[str]:
    """The words every part of a draft uses (示范区, 建设, 情况): no sign of which part is meant."""
    if "generic" not in index.cache:
        index.cache["generic"] = set(tokens(normalise(_GENERIC_TEXT)))
    return index.cache["generic"]


def drill_down(index: Index, ref: str, q: str) -> str:
    """From a section the question names to the item inside it that its other words point at."""
    node = index.consultation.node(ref)
    if node.kind not in ("article", "item") or not node.children:
        return ref
    generic = generic_words(index) | set(tokens(normalise(f"{node.title or ''} {node.text}")))
    rest = [t for t in tokens(q) if t not in generic]
    # A zone type's name alone (技术赋能示范区要具备什么条件) names the section, not a point inside it
    # (技术赋能平台 in item 2): the whole section answers.
    if index.profile and all(index.profile.zone_types_named(t) for t in rest):
        return ref
    rest += [t for w in index.expand(" ".join(rest)) for t in tokens(w) if t not in generic] if rest else []
    if not rest:
        return ref
    scores = index.scores(rest)
    kids = sorted(((float(scores[index.position[ch]]), ch) for ch in node.children if ch in index.position),
                  reverse=True)
    if kids and kids[0][0] > 0 and (len(kids) == 1 or kids[0][0] >= 1.3 * kids[1][0]):
        return drill_down(index, kids[0][1], q)
    return ref


def _table_named(index: Index, q: str) -> tuple[str, bool] | None:
    """A question about a whole table: its categories, total or list of indicators (strong), or just named."""
    named = index.profile.zone_types_named(q)
    zones = [index.profile.zone_types[i] for i in named if index.profile.zone_types[i].annex]
    if len(zones) != 1:
        return None
    n = zones[0].annex
    annex = index.consultation.source.annexes[n - 1]
    cats = [cat.name for cat in annex.categories]
    cats_en = [index.profile.category_en(name).lower() for name in cats]
    if (any(name in q for name in cats) or any(name in q for name in cats_en)) and I.POINTS.search(q):
        return f"annex-{n}", True
    if re.search(r"一级指标|满分|总分|(一共|总共|合计).{0,3}(多少|几)分|指标有哪些|哪些指标|有哪些一级|all (the )?indicators|"
                 r"categories|total|full marks|max(imum)? (score|points)|highest (score|possible)|out of how many", q):
        return f"annex-{n}", True
    # the table named by its zone type (深度应用表里, 产品创新类的指标表)
    by_type = any(re.search(f"(?:{name})(?:类|示范区)?(?:的)?(?:创建)?(?:指标)?表(?!述|示|达|明|态)", q, re.I)
                  for name in zones[0].names)
    if by_type or re.search(r"指标表|indicator table|scoring table|那张表|这张表|\btable\b", q):
        return f"annex-{n}", False
    return None


COUNTED_IN_ROW = I._re(r"(算进|计入|算在|统计进|计进|算到|纳入)[^,，。?？]{0,12}(数|数量|指标|那项|这项|那一项)(里|中|内)?",
                       r"\bcount(s|ed)? (toward|towards|in|into) (the|that) [\w -]{0,40}\b(indicator|row|number|count)\b")


def _measured_row(index: Index, q: str, row: str, annex: int | None) -> str | None:
    """Another row, when the question repeats only part of `row`'s wording (做智能产品的企业: who is counted)
    and says in its own words what is measured (赚多少, profit: the lexicon's 利润), which another row of the
    table is: the measure decides, so the row whose words, with the lexicon's, match far better is meant."""
    if phrase_overlap(index.consultation.node(row).text, q) >= 0.85:
        return None
    scores = index.scores(list(tokens(q)) + [t for w in index.expand(q) for t in tokens(w)])
    pos = index.position.get(row)
    if pos is None:
        return None
    best = int(np.argmax(scores))
    doc = index.docs[best]
    node = index.consultation.nodes.get(doc.key)
    if (doc.key != row and node is not None and node.kind == "row" and (annex is None or node.annex == annex)
            and node.annex == index.consultation.node(row).annex and scores[best] >= 1.6 * scores[pos]):
        return doc.key
    return None


# The asker marking where the question begins (我想问的其实很简单 —, 我就想确认:, my question is:): what the message
# says before it is the story, whatever parts of the draft it names.
_QUESTION_MARKED = re.compile(r"(我|我们)?(就|只|其实)?(想|要)(问|确认|了解|知道)(一下|的是|的其实是|的其实很简单|的很简单|的就是)?"
                              r"\s*(—+|–|-{1,2}|:|：)|\b(my (only )?question is|what i (want|need) to know is)\s*[:—–-]", re.I)


_WHICH_ISSUER = re.compile(r"(哪个|哪一个|哪家|什么)(单位|部门|机关)")


def rank(index: Index, q: str, asks_to_apply: bool) -> Ranked | None:
    """The parts that answer `q`, best first; None when the draft does not cover it."""
    c = index.consultation
    q = I.ASKERS_TASK.sub(" ", q) if I.ASKERS_TASK.sub(" ", q).strip() else q  # 领导让我写个汇报材料: not asked
    marked = _QUESTION_MARKED.search(q)
    if marked and len(q[marked.end():].strip(" ?？")) >= 4:
        q = q[marked.end():]  # …前面看到评估、撤销这些,我想问的其实很简单 — 导则管到哪一年: what follows is asked
    table = _table_named(index, q)
    annex_named = table[0] if table else (explicit_ref(index, q) or "")
    annex_no = int(annex_named.split("-")[1].split("/")[0]) if annex_named.startswith("annex-") else None
    row = named_row(index, q, annex_no)
    # 我们有三家智能工厂, 先交给谁: an indicator said in passing, the question is the procedure. The row's own
    # words are not the question's (在3个以上生产经营环节…的企业数量: 环节 is the indicator's, not a step).
    rest = without_runs(core_words(c.node(row).text), q) if row else q
    in_passing = not annex_named and bool(I.PROCEDURE.search(rest) or I.DESTINATION.search(rest)) and not (
        I.POINTS.search(q) or I.UNIT.search(q) or I.METHOD.search(q) or I.DEFINE.search(q))
    if in_passing:
        row = None
    if row and comment_asked(q):  # the row in the asker's story, the question how or by when to comment on it
        return Ranked(["notice", row])
    if row and not (table and table[1] and phrase_overlap(c.node(row).text, q) < 0.8):
        row = _measured_row(index, q, row, annex_no) or row
        return Ranked([row])  # a row named over its table: the most specific part wins
    # (我不是来申报的: why the asker asks, not what; 哪张表: the question's type, not its subject)
    qt = list(tokens(I.WHICH_TABLE.sub(" ", I.ASIDE.sub(" ", q))))
    if I.ISSUER.search(q):  # 哪个单位发的: the question's type (who issued it), not a 单位 the draft speaks of
        qt = list(tokens(_WHICH_ISSUER.sub(" ", I.WHICH_TABLE.sub(" ", I.ASIDE.sub(" ", q))))) or qt
    about = q
    timing = index.rules.hit("timing_ask", q)
    # (What to hand in asked of the body applying, not of the municipal bureau, whose work is asked then.)
    materials = bool(I.MATERIALS.search(q)) and not I.MUNICIPAL.search(q)
    if (index.rules.hit("other_ask", q) or timing or materials) and not asks_to_apply:
        # "县级市申报需要什么材料", 开发区申报要交什么: the body only says who asks; the rest says what about. In a
        # question of timing (apply next year) an English body word ("county", "zone") is only who asks, too.
        kept = [t for t in qt if not index.rules.hit("body_word", t) or len(t) > 3 and not (timing and t.isascii())]
        if kept and len(kept) < len(qt):
            # what it is about is the question's own words less the body's, so that its phrasings (how often,
            # 多久一次) still find the lexicon's terms, which single tokens would not
            about = q
            for t in set(qt) - set(kept):
                about = re.sub(rf"\b{re.escape(t)}\w*", " ", about) if t.isascii() else about.replace(t, " ")
            qt = kept
    expanded = qt + [t for w in index.expand(about) for t in tokens(w)]
    if _ASKS_CONTENT.search(q) or I.MENTION.search(q):
        # "the three types in the guideline": the document's own name frames a question about its content; it
        # would only pull the short articles that name the document (本导则由…负责解释).
        own_name = _own_name(index)
        expanded = [t for t in expanded if t not in own_name]
        qt = [t for t in qt if t not in own_name] or qt
    raw_scores = index.scores(expanded)
    own_scores = index.scores(qt) if qt else raw_scores
    boosts = _boosts(index, q, asks_to_apply, about)
    if raw_scores.max() <= 0 and not boosts:
        return None
    matched = [t for t in qt if t in index.vocabulary]
    understood = {t for term in index.terms_in(about) if not term.isascii() for t in tokens(term)}
    coverage = index.coverage(qt, understood)
    unsure = False
    if not boosts and not table and (not matched or own_scores.max() < 1.0 or coverage < 0.35):
        # An in-scope question in unfamiliar words still gets the best cited part, marked as unsure, when
        # enough of its own words are the draft's; otherwise the draft does not cover it.
        specific = [t for t in matched if index.df.get(t, 0) <= 0.1 * len(index.docs)]
        # How a thing is scored asked (靠数数还是印象分, counted or judged): only an indicator is scored, so a
        # specific word of the draft is enough, however much of the rest is the asker's own.
        if not specific or (own_scores.max() < 2.0 or coverage < 0.3) and not I.METHOD.search(q):
            return None
        unsure = True

    top = float(raw_scores.max()) or 1.0
    final = raw_scores / top
    if I.POINTS.search(q):
        final = final + np.where(index.kinds == "row", 0.15, 0.0)
    if COUNTED_IN_ROW.search(q):  # what counts toward an indicator (才能算进那个企业数里): the row that counts it
        final = final + np.where(index.kinds == "row", 0.3, 0.0)
    scored: dict[str, float] = {}
    own = set(qt)
    for i in np.argsort(-final)[:12]:
        doc = index.docs[i]
        if doc.kind == "faq" and len(own & set(doc.tokens)) < max(2, len(own) / 2):
            continue  # an FAQ phrasing must share most of the question's words, not one common verb
        for ref in doc.refs:
            scored[ref] = max(scored.get(ref, 0.0), float(final[i]) * (0.8 if doc.kind == "faq" else 1.0))
    for ref, v in boosts.items():
        base = scored.get(ref)
        if base is None:
            pos = index.position.get(ref)
            base = float(final[pos]) if pos is not None else 0.0
        scored[ref] = base + v
    # Which fields or products (哪些…领域): a passage that lists them, never a row, which only counts them.
    listing = bool(_LIST_ASK.search(q)) and not (I.POINTS.search(q) or I.UNIT.search(q) or I.METHOD.search(q))
    for ref in list(scored):
        node = c.nodes.get(ref)
        if node is not None and node.kind == "row":
            scored[ref] += 0.4 * phrase_overlap(node.text, q) - (0.5 if in_passing or listing else 0.0)
    ranked = sorted(scored.items(), key=lambda kv: -kv[1])
    if table:
        table_ref, strong = table
        row_named = not strong and I.POINTS.search(q) and ranked and ranked[0][0].startswith(table_ref + "/")
        if not row_named:
            ranked = [(table_ref, 9.0)] + [kv for kv in ranked if kv[0] != table_ref]
    best_doc = index.docs[int(np.argmax(final))]
    faq = None
    if (best_doc.kind == "faq" and ranked and ranked[0][0] in best_doc.refs
            and len(own & set(best_doc.tokens)) >= max(2, len(own) / 2)):
        faq = index.faq[best_doc.key.split(":", 1)[1]]
    best = ranked[0][1]
    refs = [ref for ref, v in ranked if v >= 0.6 * best][:3]
    if listing and faq is None:
        lister = _lister(index, q, refs, raw_scores)
        if lister:
            refs = ([lister] + [r for r in refs if r != lister])[:3]
    if faq is None:
        first = drill_down(index, refs[0], q)
        if first != refs[0]:
            refs = ([first] + [r for r in refs if r != first])[:3]
    # (Whether firms are counted in a figure, 小公司算不算进去, asks the table's note, not the item naming them.)
    named_item = _item_naming(index, q) if faq is None and not annex_no and _COUNTS_AS.search(q) and not (
        I.COUNTED.search(q)) else None
    if named_item and named_item != refs[0]:
        refs = ([named_item] + [r for r in refs if r != named_item])[:3]
    if annex_no:  # a table named: rows of the other tables are not what was asked (market share in table 2)
        refs = [r for r in refs if not (c.node(r).kind == "row" and c.node(r).annex != annex_no)] or refs
    return Ranked(refs, faq, note=best_doc.kind == "note" and refs[0] in best_doc.refs, unsure=unsure)
