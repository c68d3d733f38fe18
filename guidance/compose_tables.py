"""Answers about the annex indicator tables: a row's points, method and unit; a table's categories and
notes; rows picked by a property or named across several tables; row numbers a table skips.

Each answer states the fact from the table's data and cites the most specific node: a row over its table,
the row that carries a category over the whole table.
"""
from __future__ import annotations

import re

from consultation.i18n import N_, gettext
from consultation.references import label as node_label

from . import intents as I
from .index import Index
from .quoting import best_passage, cite, locale, sep
from .rank import core_words, named_row, rows_in_digits, run_chars, unit_of, without_runs
from .text import normalise, tokens

METHOD_EN = {"定量": "quantitative", "定性": "qualitative", "定性+定量": "qualitative and quantitative"}


def category_said(index: Index, cat, lang: str) -> str:
    """A first-level indicator as an answer names it: the table's own heading (产业基础(20分)); in English, its
    English name and points with that heading quoted, so an English answer still gives the official name
    (issue 15) and a reader can find it in the table."""
    heading = re.sub(r"\s", "", cat.heading)
    if lang == "zh":
        return heading
    return gettext(locale(lang), N_("%(name)s %(points)d points (“%(heading)s”)"),
                   name=index.profile.category_en(cat.name), points=cat.points, heading=heading)


def row(index: Index, ref: str, lang: str) -> str:
    c = index.consultation
    node = c.node(ref)
    annex = c.source.annexes[node.annex - 1]
    cat = next(cat for cat in annex.categories if cat.name == node.category)
    loc = locale(lang)
    category = cat.heading if lang == "zh" else category_said(index, cat, lang)
    # English names the method with the table's own word (quantitative (定量)), as it quotes the indicator.
    method = node.method if lang == "zh" else f"{METHOD_EN[node.method]} ({node.method})" \
        if node.method in METHOD_EN else node.method
    text = gettext(loc, N_("%(label)s, “%(indicator)s” (%(category)s, %(group)s): %(method)s, %(points)d points."),
                   label=node_label(node, loc), indicator=node.text, category=category,
                   group=node.group if lang == "zh" else index.profile.group_en(node.group),
                   method=method, points=node.points)
    unit = unit_of(node.text)
    if unit:
        text += sep(lang) + gettext(loc, N_("Unit of measure: %(unit)s."),
                                    unit=unit if lang == "zh" else index.profile.unit_en(unit))
    return text


def name_the_table(index: Index, q: str, found) -> None:
    """Say which table a row is in, by its title, when the question asks it (在哪张表里, which annex): a row's
    label gives only the annex's number, and the asker wants the zone type it belongs to."""
    first = found.citations[0]["ref"] if found.citations and not found.declined else ""
    if not (first.startswith("annex-") and "/" in first and I.WHICH_TABLE.search(normalise(q))):
        return
    if len({c["ref"].split("/")[0] for c in found.citations if c["ref"].startswith("annex-")}) > 1:
        return  # each table's row is said with its own label (which table gives it the most points)
    table = index.consultation.source.annexes[index.consultation.node(first).annex - 1]
    if table.title not in found.answer:
        found.answer += sep(found.language) + gettext(locale(found.language), N_(
            "It is an indicator of Annex %(number)d, “%(title)s”."), number=table.number, title=table.title)


def annex(index: Index, ref: str, q: str, lang: str, note: bool = False) -> tuple[str, dict]:
    c = index.consultation
    node = c.node(ref)
    table = c.source.annexes[node.annex - 1]
    loc = locale(lang)
    quote = c.quote(ref)
    said = note_asked(index, ref, q, note)
    if said:
        lead = note_row(index, ref, said, q)
        return gettext(loc, N_("The note to %(label)s says: %(note)s"), label=node_label(node, loc),
                       note=said), {"ref": ref, "quote": said if said in quote else quote,
                                    "lead": [lead] if lead else []}
    # The first-level indicators in the draft's own words (产业基础(20分)); English gives English names.
    cats = ("、" if lang == "zh" else ", ").join(
        cat.heading if lang == "zh" else category_said(index, cat, lang) for cat in table.categories)
    text = gettext(loc, N_("%(label)s, “%(title)s”: %(rows)d indicators, 100 points in all: %(categories)s."),
                   label=node_label(node, loc), title=table.title, rows=len(table.rows), categories=cats)
    if _GROUP_ASK.search(q):
        text += sep(lang) + _groups_said(index, table, lang)
    gaps = [f.text(loc) for f in c.findings if f.ref == ref and f.code == "numbering-gap"]
    if gaps:
        text += sep(lang) + gettext(loc, N_("Note on the table: %(finding)s"), finding=gaps[0])
    lead = missing_rows(index, ref, q)
    if lead:  # a row number the table skips: said first, then the rows on either side, then the table
        text = sep(lang).join([_no_such_row(index, ref, q, lang), *(row(index, r, lang) for r in lead), text])
    elif _CATEGORY_ASK.search(q):
        lead = category_heads(index, node.annex)
    return text, {"ref": ref, "quote": quote, "lead": lead}


# What a row counts (which firms, which figures): the table's notes say it (统计口径, 规下企业算不算).
_WHAT_KIND = re.compile(r"什么样|(哪些|什么|哪种|哪类)(企业|产品|单位|公司)(才)?(算|能算|可以算|属于|计入)|哪些(企业|产品)|算不算|算是|谁算|算作|指的是|口径|统计范围|算进去|算在内|计入|包括哪些|包不包括|要不要算|"
                        r"只算|只统计|只限|(所有|全部)企业|"
                        r"\bwhat kind\b|\bwhich (firms|enterprises|companies)\b|\bcount(ed)?\b|\binclude[sd]?\b", re.I)
_CATEGORY_ASK = re.compile(r"一级指标|类别|几大类|几部分|几大块|加起来|分值|多少分|几分|满分|总分|categor|first-level|points",
                           re.I)


# The second-level indicators asked for (二级指标有哪些, what are the second-level indicators): each first-level
# indicator's groups, in the table's order.
_GROUP_ASK = re.compile(r"二级指标|二级分类|second[- ]level|sub-?categor", re.I)


def _groups_said(index: Index, table, lang: str) -> str:
    """Each first-level indicator with its second-level indicators and their points (the sum of their rows),
    in the table's order; English gives English names."""
    loc = locale(lang)
    groups: dict[str, dict[str, int]] = {}
    for r in table.rows:
        worth = groups.setdefault(r.category, {})
        worth[r.group] = worth.get(r.group, 0) + r.points
    if lang == "zh":
        return "；".join(f"{cat.name}：" + "、".join(f"{g}({p}分)" for g, p in groups.get(cat.name, {}).items())
                        for cat in table.categories) + "。"
    return gettext(loc, N_("Second-level indicators: %(groups)s."), groups="; ".join(
        f"{index.profile.category_en(cat.name)}: " + ", ".join(
            gettext(loc, N_("%(name)s %(points)d points"), name=index.profile.group_en(g), points=p)
            for g, p in groups.get(cat.name, {}).items())
        for cat in table.categories))


def note_asked(index: Index, ref: str, q: str, note: bool = False) -> str:
    """The passage of a table's notes a question about the table asks (深度应用表里什么企业算工业大模型开发者: what its
    note defines), or "": a definition or what a row counts asked, no points; `note` when the ranking found it.
    A row number the table skips (技术赋能类指标表第1项是什么) asks for a row, not for what the note defines."""
    table = index.consultation.source.annexes[index.consultation.node(ref).annex - 1]
    if table.notes and (note or I.DEFINE.search(q) or _WHAT_KIND.search(q)) and not I.asks_points(q) and not (
            missing_rows(index, ref, q)):
        return _note_said(index, table, q)
    return ""


def _note_said(index: Index, table, q: str) -> str:
    """The passage of a table's notes the question asks about, or "" (shared words beyond the generic)."""
    # Not numbers: the table's own number (附件2) is no word of its note's numbered sentences (2.智能产品…).
    asked = {t for t in set(tokens(q)) | {t for w in index.expand(q) for t in tokens(w)} if not t.isdigit()}
    best = max(table.notes, key=lambda n: len(set(tokens(normalise(n))) & asked))
    if set(tokens(normalise(best))) & asked - {"企业", "智能", "人工智能", "ai"}:
        # A short note is said whole: its sentences qualify the same rows (营收 counts only 规上企业).
        return best if len(best) <= _SHORT_NOTE else best_passage(index, best, q, most=2)
    return ""


_SHORT_NOTE = 80  # characters


def note_row(index: Index, table_ref: str, said: str, q: str) -> str | None:
    """The row of a table that uses the term a note defines (营收 → 智能产品产业营业收入): the node a note
    explains, cited before the table that carries it."""
    c = index.consultation
    words = lambda text: set(tokens(normalise(text))) | {t for w in index.expand(text) for t in tokens(w)}  # noqa: E731
    asked = (words(said) & words(q)) - {"企业", "智能", "人工智能", "ai", "数据", "统计", "范围", "是", "的"}
    best, score = None, 0
    for ref in c.node(table_ref).children:
        shared = len(words(c.node(ref).text) & asked)
        if shared > score:
            best, score = ref, shared
    return best


def category_heads(index: Index, table_number: int, names=None) -> list[str]:
    """The first row of each first-level indicator of a table (the row that carries 产业基础(20分))."""
    c = index.consultation
    heads: dict[str, str] = {}
    for ref in c.node(f"annex-{table_number}").children:
        node = c.node(ref)
        if node.kind == "row" and node.category not in heads and (names is None or node.category in names):
            heads[node.category] = ref
    return list(heads.values())


def rows_by_term(index: Index, q: str, lang: str, types: list[int]) -> tuple[str, list[dict]] | None:
    """A term of the rows asked across the named zone types' tables (都考专精特新吗): each table's row that
    uses it. The type names themselves are not the term."""
    c = index.consultation
    bare = index.profile.without_zone_types(q)
    found = []
    row_fact = bool(I.POINTS.search(q) or I.METHOD.search(q) or I.UNIT.search(q) or I.COUNTED.search(q))
    for t in types:
        number = index.profile.zone_types[t].annex
        if not number:
            continue
        # The row's wording, or, asked a row's fact, its second-level indicator's (研发投入…分值: 规模以上企业研发
        # 费用占营业收入比重), then the rest of its wording the question repeats (占营…比重) to tell the group's rows
        # apart; a group named and none of its rows told apart: each of them. Asked a type's requirements
        # (对创新平台有什么要求), a group's name is the conditions' subject, not the rows'.
        scored = sorted(((run_chars(c.node(r).text, bare, 4),
                          run_chars(c.node(r).group or "", bare, 4) if row_fact else 0,
                          run_chars(c.node(r).text, bare, 2), r) for r in c.node(f"annex-{number}").children),
                        key=lambda x: (-max(x[0], x[1]), -x[0], -x[2], c.node(x[3]).row))
        if not scored or not max(scored[0][0], scored[0][1]):
            continue
        top = scored[0]
        group = c.node(top[3]).group
        tied = [x for x in scored if x[0] == top[0] and x[1] == top[1] and x[2] == top[2]]
        if top[1] > top[0] and len(tied) > 1:
            found += [x[3] for x in scored if c.node(x[3]).group == group]
        else:
            found.append(top[3])
    tables = {c.node(r).annex for r in found}
    if len(tables) < 2:
        return None
    return sep(lang).join(row(index, r, lang) for r in found), [cite(index, r) for r in found]


_METHOD_ONLY = re.compile(r"(纯|只有|仅|只|单纯|仅仅)(写|标|标注|写着|是|为|有|采用|用)?[\"“”‘’']?(定性|定量)(?![+＋和与])[\"“”‘’']?|"
                          # 定性指标各有几项, 定量的指标有哪些: the rows marked 定性 alone (定性+定量 is another mark)
                          r"(?<![+＋和与])(定性|定量)(的)?(指标|项)[^,，。?？]{0,4}(一共|总共|共|各)?(有)?(几|多少|哪些|哪几)|"
                          r"(purely|only) (qualitative|quantitative)|(qualitative|quantitative)[- ]only", re.I)
# What a first-level indicator holds, or how many rows it has (一共几项).
_HOLDS = re.compile(r"哪些|哪几|什么|都考|包括|包含|下面|下设|二级|细分|具体|几项|多少项|几个|\b(which|what|list|how many ([\w-]+ ){0,2}(rows|indicators)|under it|contains?|includes?)\b", re.I)
_HIGHEST = re.compile(r"最高|最多|最大|分值最|权重最|highest|most points|largest|biggest", re.I)
# The fewest points asked (分最低, 分值最少的是哪项, the fewest points): the rows at the other end; not a pass mark
# (有没有最低分数线, the lowest score to pass), which is no row's.
_LOWEST = re.compile(r"最低|最少|最小|lowest|fewest|least|smallest", re.I)
_LEAST_POINTS = re.compile(r"分(数|值)?最(低|少|小)|\bfewest points\b|\blowest (weight|points)\b|\bleast points\b", re.I)
# Rows inside a first-level indicator asked (下面哪两项, 其中, which of its indicators).
_WITHIN = re.compile(r"下面|下设|其中|里面|里头|之中|当中|\bof (its|them|these|those)\b|\bwithin (it|that|this)\b|\bunder (it|that|this)\b",
                     re.I)


def _fewest_asked(q: str) -> bool:
    return bool(_LEAST_POINTS.search(q) or _LOWEST.search(q) and _WHICH_ROWS.search(q) and I.POINTS.search(q))
# Points named by the superlative itself (分最高的是哪项, 分数最多): no other word for points is needed.
MOST_POINTS = re.compile(r"分(数|值)?最(高|多|大)|得分最|\bmost points\b|\bhighest (score|points)\b", re.I)
# Row numbers: 序号19, 第19、20项, 序号从18 (a gap named by its ends), 19、20两项, row 19.
_ROW_NUMBER = re.compile(r"(?:序号|第)\s*(?:从|由)?\s*(\d+)\s*(?:、\s*(\d+))?|\brow\s*(\d+)|"
                         r"(\d+)\s*[、和与]\s*(\d+)\s*(?:两|这两|这几|几)?\s*项", re.I)


# A row's value asked as what picks the rows (哪两项是8分, 8分的指标有哪些, which indicators are worth 8 points).
_WORTH = re.compile(r"(?<![\d.满总])(\d{1,2})\s*分(?:的)?(?:指标|项)|(?:是|占|值|得|为|各)\s*(\d{1,2})\s*分(?![值数])|"
                    r"\bworth (\d{1,2}) points?\b|\b(\d{1,2}) points? each\b|\b(\d{1,2})-point (?:indicators?|rows?|items?)\b",
                    re.I)
_WHICH_ROWS = re.compile(r"哪(两|几|些|一)?(项|个指标|些指标|条)|哪些|有几项|几个指标|\b(which|what) (two |three |\w+ )?"
                         r"(indicators?|rows?|items?)\b", re.I)


def rows_selected(index: Index, q: str, lang: str, tables: list[int]) -> tuple[str, list[dict]] | None:
    """Rows picked by a property over the named tables: the purely qualitative ones, the ones worth the most
    points, a second-level indicator's rows with their sum."""
    c = index.consultation
    rows = [c.node(r) for n in tables for r in c.node(f"annex-{n}").children if c.node(r).kind == "row"]
    picked = []
    m = _METHOD_ONLY.search(q)
    worth = _WORTH.search(q) if _WHICH_ROWS.search(q) else None
    if worth and not m:  # which rows are worth 8 points (哪两项是8分): the rows of that value
        value = next(float(g) for g in worth.groups() if g)
        picked = [n for n in rows if n.points == value]
        if picked and len(picked) <= 8:
            return sep(lang).join(row(index, n.ref, lang) for n in picked), [cite(index, n.ref) for n in picked]
        picked = []
    if m:
        want = "定性" if ("定性" in m.group(0) or "qualitative" in m.group(0).lower()) else "定量"
        picked = [n for n in rows if n.method == want]
        if picked:  # how many and how many points together: what "那几项加起来几分" asks; each table's apart
            name = want if lang == "zh" else {"定性": "Qualitative", "定量": "Quantitative"}[want]
            return _summed(index, lang, name, picked, tables)
    elif _HIGHEST.search(q) and (I.POINTS.search(q) or MOST_POINTS.search(q)) or _fewest_asked(q):
        lowest = _fewest_asked(q)
        named = _categories_named(index, q, rows)
        if len({n.annex for n in rows if n.category in named}) >= 2:
            return None  # 哪一类产业基础分值最高: one first-level indicator compared across tables (category_across)
        if len(named) == 1 and (_WHICH_ROWS.search(q) or _WITHIN.search(q)):
            # 应用水平一共多少分,下面哪两项分最高: that first-level indicator's rows, by points
            return _by_points(index, lang, next(iter(named)), [n for n in rows if n.category in named], lowest)
        if _FIRST_LEVEL.search(q) and not lowest:  # (应用水平在整张表里是不是权重最大: the categories compared)
            return _top_categories(index, lang, tables)
        return _by_points(index, lang, "", rows, lowest)
    else:
        # A group's name inside the wording of the row the question repeats (开放创新平台建设情况 holds 创新平台)
        # names that row, not the group.
        one = named_row(index, q)
        q = without_runs(core_words(c.node(one).text), q) if one else q
        groups = {n.group for n in rows if n.group and len(n.group) >= 2 and n.group in q
                  and not _in_row_wording(index, n.group, q)}
        # One first-level indicator of one table asked with what it holds (产业基础下面有哪几个二级指标,
        # 支撑保障都考哪些): its rows with their sum, not the table's totals.
        # (In English by the service's name for it: the application level.)
        sections = _categories_named(index, q, rows)
        if not groups and len(sections) == 1 and _HOLDS.search(q):
            groups = sections
            rows = [n for n in rows if n.category in sections]
        if len(groups) == 1:
            picked = [n for n in rows if n.group in groups or n.category in groups]
            if len(tables) > 1 and len({n.annex for n in picked}) == 1:
                return None  # several tables asked, one has the group: compared row by row (rows_by_term)
            return _summed(index, lang, next(iter(groups)), picked, tables)
    if not picked:
        return None
    return sep(lang).join(row(index, n.ref, lang) for n in picked), [cite(index, n.ref) for n in picked]


def _categories_named(index: Index, q: str, rows) -> set[str]:
    """The first-level indicators of `rows` the question names, in the table's words (应用水平) or in the
    service's English names (application level)."""
    low = q.lower()
    return {n.category for n in rows if n.category and len(n.category) >= 2 and (
        re.sub(r"\s", "", n.category) in q or index.profile.category_en(n.category).lower() in low)}


def _by_points(index: Index, lang: str, category: str, rows, lowest) -> tuple[str, list[dict]] | None:
    """Rows ranked by points (哪两项分最高, which indicator has the fewest points): a first-level indicator's
    count and total when one is named, then the rows worth the most (or the fewest) points, ties together,
    then its other rows in order of points; the rows at the top (or bottom) are cited first."""
    if not rows:
        return None
    loc = locale(lang)
    ordered = sorted(rows, key=lambda n: (n.points if lowest else -n.points, n.annex, n.row or 0))
    end = ordered[0].points
    picked = [n for n in ordered if n.points == end]
    lines = []
    if category:
        lines.append(gettext(loc, N_("%(group)s: %(count)d indicators, %(points)d points in all."),
                             group=category if lang == "zh" else index.profile.category_en(category),
                             count=len(rows), points=sum(n.points for n in rows)))
    said = ("、" if lang == "zh" else "; ").join(node_label(index.consultation.node(n.ref), loc) for n in picked)
    if len(picked) == 1:
        msg = N_("Fewest points: %(rows)s, %(points)g points.") if lowest else N_("Most points: %(rows)s, %(points)g points.")
    else:
        msg = N_("Fewest points: %(rows)s, %(points)g points each.") if lowest else \
            N_("Most points: %(rows)s, %(points)g points each.")
    lines.append(gettext(loc, msg, rows=said, points=end))
    # the whole first-level indicator, best first, when one is named; else the rows at the end asked
    shown = ordered if category else picked
    lines += [row(index, n.ref, lang) for n in shown]
    return sep(lang).join(lines), [cite(index, n.ref) for n in shown]


def _in_row_wording(index: Index, group: str, q: str) -> bool:
    """Whether the question says `group` only as part of a longer stretch of some other row's wording
    (开放创新平台建设情况: a row of 公共平台建设, not the group 创新平台)."""
    for node in index.consultation.nodes.values():
        if node.kind != "row" or node.group == group:
            continue
        core = core_words(node.text)
        at = core.find(group)
        if at < 0:
            continue
        around = core[max(0, at - 2):at + len(group) + 4]
        if run_chars(around, q, least=len(group) + 3):
            return True
    return False


_FIRST_LEVEL = re.compile(r"一级指标|大类|类别|几大块|first-level|top-level|categor", re.I)


def _top_categories(index: Index, lang: str, tables: list[int]) -> tuple[str, list[dict]] | None:
    """The first-level indicator worth the most points in each table named (每张表分值最大的一级指标), ties
    included, citing the row that carries each."""
    found = []
    for n in tables:
        table = index.consultation.source.annexes[n - 1]
        top = max((cat.points for cat in table.categories), default=0)
        found += [(n, cat) for cat in table.categories if cat.points == top]
    return _categories_said(index, lang, found)


def _categories_said(index: Index, lang: str, found) -> tuple[str, list[dict]] | None:
    """First-level indicators, each as (table number, category), said with their table and points, citing
    the row that carries each."""
    c = index.consultation
    loc = locale(lang)
    parts, heads = [], []
    for n, cat in found:
        label = node_label(c.node(f"annex-{n}"), loc)
        parts.append(label + "：" + category_said(index, cat, lang) if lang == "zh" else
                     gettext(loc, N_("%(label)s: %(category)s"), label=label, category=category_said(index, cat, lang)))
        heads.append((category_heads(index, n, {cat.name}) or [f"annex-{n}"])[0])
    if not parts:
        return None
    return ("；".join(parts) + "。" if lang == "zh" else "; ".join(parts) + "."), [cite(index, r) for r in heads]


def _summed(index: Index, lang: str, name: str, picked, tables: list[int]) -> tuple[str, list[dict]]:
    """Rows picked by a property with their count and points, each table's apart when several are asked (政策支持
    in each of the three tables: their sum says nothing), then each row; each table's first row cited first,
    so a shortened list of citations still names every table."""
    c = index.consultation
    loc = locale(lang)
    by_table = [some for some in ([n for n in picked if n.annex == t] for t in tables) if some]
    text = sep(lang).join(
        gettext(loc, N_("%(group)s: %(count)d indicators, %(points)d points in all."),
                group=(f"{node_label(c.node(f'annex-{some[0].annex}'), loc)} " if len(tables) > 1 else "")
                + (name if lang == "zh" else index.profile.group_en(name)),
                count=len(some), points=sum(n.points for n in some))
        for some in by_table)
    order = [some[0] for some in by_table] + [n for n in picked if not any(n is some[0] for some in by_table)]
    return text + sep(lang) + sep(lang).join(row(index, n.ref, lang) for n in picked), [cite(index, n.ref) for n in order]


def _gone_rows(index: Index, table_ref: str, q: str) -> tuple[dict[int, str], list[int]]:
    """The table's rows by number, and the row numbers the question names that the table does not have."""
    c = index.consultation
    have = {c.node(r).row: r for r in c.node(table_ref).children if c.node(r).kind == "row"}
    asked = {int(x) for m in _ROW_NUMBER.finditer(rows_in_digits(index, q)) for x in m.groups() if x}
    # past the last row too (附件2第30项 of 29), within reason: a figure beyond is no row number
    return have, sorted(n for n in asked if n not in have and 0 < n <= max(have, default=0) + 20)


def _no_such_row(index: Index, table_ref: str, q: str, lang: str) -> str:
    """附件3没有第1项: said in so many words, with where the numbering runs, before any row is shown."""
    have, gone = _gone_rows(index, table_ref, q)
    loc = locale(lang)
    label = node_label(index.consultation.node(table_ref), loc)
    n = gone[0]
    before = max((k for k in have if k < n), default=None)
    after = min((k for k in have if k > n), default=None)
    if before is None:
        return gettext(loc, N_("%(label)s has no row %(n)d: its rows are numbered from %(first)d."),
                       label=label, n=n, first=after)
    if after is None:
        return gettext(loc, N_("%(label)s has no row %(n)d: its last row is row %(last)d."),
                       label=label, n=n, last=before)
    return gettext(loc, N_("%(label)s has no row %(n)d: its numbering jumps from %(before)d to %(after)d."),
                   label=label, n=n, before=before, after=after)


def missing_rows(index: Index, table_ref: str, q: str) -> list[str]:
    """The rows next to a row number the question names that the table does not have (序号19、20)."""
    have, gone = _gone_rows(index, table_ref, q)
    out = []
    for n in gone:
        before = max((k for k in have if k < n), default=None)
        after = min((k for k in have if k > n), default=None)
        out += [have[k] for k in (before, after) if k is not None and have[k] not in out]
    return out


_ROWS_ASKED = re.compile(r"指标表|打分表|评分表|哪几项|哪些项|哪些指标|哪几个指标|哪项指标|对应[^,，。?？]{0,8}(指标|项)|考(这个|这些|哪)|"
                         r"\b(which|what) (rows?|indicators?)\b|\bindicator table\b|\bscoring (table|sheet)\b", re.I)


_SHARED = re.compile(r"都有的|共同的|共有的|共同有|重复的|相同的(指标|一级指标|二级指标|项)|一样的(指标|一级指标|项)|都包括的|都考的|"
                     r"\bin common\b|\b(both|all three)\b[^?.]{0,60}\b(have|share|include|contain)\b|\bshared\b|"
                     r"\bappear in (both|all|every)\b", re.I)


def shared_across(index: Index, q: str, lang: str, tables: list[int]) -> tuple[str, list[dict]] | None:
    """What the named tables have in common (三张表都有的一级指标, 两张表都有的指标): the first-level indicators
    of the same name, with each table's points, or the rows of the same wording, with each table's row."""
    c = index.consultation
    if len(tables) < 2 or not _SHARED.search(q) or not re.search(r"表|指标|\b(tables?|indicators?|rows?|categor)", q, re.I):
        return None
    annexes = [c.source.annexes[n - 1] for n in tables]
    if _FIRST_LEVEL.search(q):
        names = [cat.name for cat in annexes[0].categories
                 if all(any(x.name == cat.name for x in t.categories) for t in annexes[1:])]
        return _categories_said(index, lang, [(t.number, next(x for x in t.categories if x.name == name))
                                              for name in names for t in annexes])
    from .rank import core_words

    by_core: dict[str, list[str]] = {}
    for n in tables:
        for r in c.node(f"annex-{n}").children:
            if c.node(r).kind == "row":
                by_core.setdefault(core_words(c.node(r).text), []).append(r)
    shared = [refs for refs in by_core.values() if len({c.node(r).annex for r in refs}) == len(tables)]
    if not shared:
        return None
    refs = [r for group in shared for r in group]
    return sep(lang).join(row(index, r, lang) for r in refs), [cite(index, r) for r in refs]


_REQUIRED = re.compile(r"要有|要求有|需要有|必须有|得有|\b(required|requires?|must have)\b", re.I)


def rows_for_condition(index: Index, q: str, item: str | None = None) -> tuple[str, list[str]] | None:
    """Which rows score a condition (产品创新类条件里的创新平台,指标表里对应哪几项; 通用条件第三条的分析监测体系
    有对应的指标吗): the condition item named (`item`, an explicit reference) or the one of the named type's
    conditions the question's words point at, and the rows that name what it names: the rows of a
    second-level indicator the item names (创新平台), or a row whose own subject, its wording without
    建设情况/数量, the item says (分析监测体系). Shared wording alone (人工智能技术) says too little to map an
    item to a row. The named type's table, or, for an item of no type (general conditions), every table."""
    from .rank import core_words

    if not _ROWS_ASKED.search(q):
        return None
    c = index.consultation
    types = index.profile.zone_types_named(q)
    zone = index.profile.zone_types[types[0]] if len(types) == 1 else None
    if item is None or c.node(item).kind not in ("item", "subitem"):
        if not zone or not zone.conditions or not (I.CONDITIONS.search(q) or _REQUIRED.search(q)):
            return None
        bare = index.profile.without_zone_types(q)
        scores = index.scores(list(tokens(bare)) + [t for w in index.expand(bare) for t in tokens(w)])
        items = sorted(((float(scores[index.position[r]]), r) for r in c.node(zone.conditions).children
                        if r in index.position), reverse=True)
        if not items or items[0][0] <= 0 or (len(items) > 1 and items[0][0] < 1.2 * items[1][0]):
            return None
        item = items[0][1]
    # An item of one type's conditions (第六条(二)第3点) is that type's, named or not.
    zone = next((z for z in index.profile.zone_types if z.conditions and item.startswith(z.conditions + ".")), zone)
    tables = [zone.annex] if zone and zone.annex else [t.number for t in c.source.annexes]
    said = normalise(c.node(item).text)

    def names(r: str) -> bool:
        node = c.node(r)
        subject = re.sub(r"(建设情况|情况|数量|占比|比重|增速)$", "", core_words(node.text))
        return bool(node.group and len(node.group) >= 2 and node.group in said or len(subject) >= 4 and subject in said)

    rows = [r for n in tables for r in c.node(f"annex-{n}").children if c.node(r).kind == "row" and names(r)]
    return (item, rows) if rows else None


_PRESENCE = re.compile(r"有没有|有吗|是否有|有这(个|项|一项)|也有|里有|包不包括|\bis there\b|\bdoes .{0,40}\bhave\b|\btoo\b|"
                       r"\balso\b", re.I)
_ACROSS_TABLES = re.compile(r"表里有没有|表里有吗|其他(两|几)?(张|个)?表|别的表|另外(两|几)?(张|个)?表|other tables?|"
                            # every type asked which has it most (三类里哪一类的应用水平分值最高)
                            r"(三类|三种|三张|各类|每类|每张)[^,，。?？]{0,12}(哪一类|哪类|哪张|哪个)|"
                            r"\bwhich (type|table|zone type)\b[^?.]{0,40}\b(most|highest)\b", re.I)


# Whether only one table has something (是只有技术赋能类才有吗, only in the empowerment table).
_ONLY = re.compile(r"只有[^,，。?？]{0,12}才有|只在[^,，。?？]{0,12}(有|里)|独有|特有|专有|\bonly (in|for)\b|\bunique to\b", re.I)


def category_only_in(index: Index, q: str, lang: str) -> tuple[str, list[dict]] | None:
    """A first-level indicator of one table asked about the others (服务输出能力…深度应用和产品创新表里有没有):
    only that table has it. Names are compared without spaces (the draft prints 服务输出 能力)."""
    c = index.consultation
    loc = locale(lang)
    plain = re.sub(r"\s", "", q)
    found = [(t, cat) for t in c.source.annexes for cat in t.categories
             if re.sub(r"\s", "", cat.name) in plain or index.profile.category_en(cat.name).lower() in q]
    if len({t.number for t, _ in found}) != 1 or len(c.source.annexes) < 2:
        return None
    t, cat = found[0]
    named = {index.profile.zone_types[i].annex for i in index.profile.zone_types_named(q)}
    if not ((named - {t.number}) and _PRESENCE.search(q) or _ACROSS_TABLES.search(q)
            or named <= {t.number} and _ONLY.search(q)):
        return None
    head = (category_heads(index, t.number, {cat.name}) or [f"annex-{t.number}"])[0]
    name = category_said(index, cat, lang)
    return gettext(loc, N_("%(name)s is a first-level indicator of %(label)s only; the other indicator tables "
                           "do not have it."), name=name, label=node_label(c.node(f"annex-{t.number}"), loc)), \
        [cite(index, head)]


def totals_across(index: Index, q: str, lang: str, tables: list[int]) -> tuple[str, list[dict]] | None:
    """The full marks of several tables (三类指标表满分是不是都一样): each table's summary, citing its first
    row (the first category's), not the tables as a whole."""
    plain = re.sub(r"\s", "", q)
    if len(tables) < 2 or not (_TOTAL.search(q) or _FIRST_LEVEL.search(q) or _TABLES_DIFFER.search(q)) or any(
            re.sub(r"\s", "", cat.name) in plain for t in index.consultation.source.annexes for cat in t.categories):
        return None  # a category named (支撑保障加起来一共多少分) is that category across the tables
    texts = [annex(index, f"annex-{n}", "", lang)[0] for n in tables]
    heads = [(category_heads(index, n) or [f"annex-{n}"])[0] for n in tables]
    return sep(lang).join(texts), [cite(index, r) for r in heads]


# How the tables themselves differ (三个附件表有什么不同, how do the indicator tables differ): each table's summary.
_TABLES_DIFFER = re.compile(r"(三|两|几|各|这|那)(个|张|份)?(附件|指标|创建指标)?(表|附件)(之间|相互之间|彼此)?(的)?(有|存在)?(什么|啥|哪些|何)?(区别|不同|不一样|差别|差异|异同)|"
                            r"\b(the|these|those|three|two) (\w+ ){0,2}(tables|annexes)\b[^.?!]{0,12}\b(differ|differences?|compare)\b|"
                            r"\b(differ|differences?|compare|comparison)\b[^.?!]{0,12}\b(the|these|those|three|two) (\w+ ){0,2}(tables|annexes)\b", re.I)
_TOTAL = re.compile(r"满分|总分|一共多少分|共多少分|100\s*分|full marks|total (score|points)|out of 100|maximum score", re.I)


def category_across(index: Index, q: str, lang: str) -> tuple[str, list[dict]] | None:
    """One first-level indicator named across several tables (产业基础 in each table): its points in each."""
    c = index.consultation
    loc = locale(lang)
    found = []
    # The zone types named, in the order the question names them (技术赋能类…比产品创新类): their tables only.
    named = [index.profile.zone_types[i].annex for i in index.profile.zone_types_in_order(q)]
    order = [n for n in named if n]
    tables = sorted(c.source.annexes, key=lambda t: order.index(t.number) if t.number in order else 99)
    spaced = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", q)  # industrial-base: the category's English name hyphenated
    # The category in the lexicon's other English words (industrial foundation for 产业基础), said whole.
    synonyms = set(index.expand(spaced)) if re.search(r"[a-z]{3}", spaced) else set()
    for table in tables:
        if len(order) >= 2 and table.number not in order:
            continue
        for cat in table.categories:
            if cat.name in q or index.profile.category_en(cat.name).lower() in spaced or cat.name in synonyms:
                found.append((table, cat))
    if len({t.number for t, _ in found}) < 2:
        return None
    if _HIGHEST.search(q):  # which table gives it the most (哪一类…分值最高): the most first
        found.sort(key=lambda x: -x[1].points)
    parts = [f"{node_label(c.node(f'annex-{t.number}'), loc)}：{cat.heading}" if lang == "zh" else
             gettext(loc, N_("%(label)s: %(category)s"), label=node_label(c.node(f"annex-{t.number}"), loc),
                     category=category_said(index, cat, lang))
             for t, cat in found]  # the English name, with the official Chinese heading it stands for
    # Each table's row that carries the category (its first row), not the whole table.
    heads = [(category_heads(index, t.number, {cat.name}) or [f"annex-{t.number}"])[0] for t, cat in found]
    return ("；".join(parts) + "。" if lang == "zh" else "; ".join(parts) + "."), [cite(index, r) for r in heads]


def rows_across(index: Index, q: str, lang: str, types: list[int] = (), least: float = 0.6) -> tuple[str, list[dict]] | None:
    """The same indicator in several tables (专门管理机构和人员配备情况 in all three): each row's points; `least`
    of a row's wording names it when no type is named (lower where the question says a row is meant, 那项)."""
    from .rank import phrase_overlap

    c = index.consultation
    tables = {index.profile.zone_types[i].annex for i in types} - {None}
    best: dict[int, tuple[float, str]] = {}
    # The types' names are not the indicator's words (深度应用类 would match 使用工业大模型应用的企业).
    bare = index.profile.without_zone_types(q)
    for ref, node in c.nodes.items():
        if node.kind == "row" and (not tables or node.annex in tables):
            score = phrase_overlap(node.text, bare)
            if score >= (0.4 if tables else least) and score > best.get(node.annex, (0, ""))[0]:
                best[node.annex] = (score, ref)
    if len(best) < 2:
        return None
    refs = [best[n][1] for n in sorted(best)]
    compared = points_compared(index, refs, q, lang)
    text = sep(lang).join([row(index, r, lang) for r in refs] + ([compared] if compared else []))
    cites = [cite(index, r) for r in refs]
    # A table asked about that has no such row (技术赋能类有没有这一项?) is said to lack it.
    lacking = sorted(tables - set(best)) if _PRESENCE.search(q) else []
    for n in lacking:
        loc = locale(lang)
        text += sep(lang) + gettext(loc, N_("%(label)s has no such indicator."),
                                    label=node_label(c.node(f"annex-{n}"), loc))
        cites.append({"ref": f"annex-{n}", "quote": c.quote(f"annex-{n}")})
    return text, cites



# Whether the tables' points for one indicator are compared (分值一样吗, the same, which gives the most).
_SAME_ASKED = re.compile(r"一样|相同|一致|\bsame\b|\bequal\b|\bidentical\b", re.I)


def points_compared(index: Index, refs: list[str], q: str, lang: str) -> str:
    """The comparison a question asks of one indicator's rows in several tables (哪张表分最高, the same in
    each?): which table gives it the most points, or that they give the same; "" when none is asked."""
    if len(refs) < 2 or not (_HIGHEST.search(q) or _SAME_ASKED.search(q) or I.DIFFERENCE.search(q)):
        return ""
    c = index.consultation
    loc = locale(lang)
    points = [c.node(r).points for r in refs]
    if len(set(points)) == 1:
        return gettext(loc, N_("The tables that have it give it the same points: %(points)d each."), points=points[0])
    top = max(points)
    labels = ("、" if lang == "zh" else ", ").join(
        node_label(c.node(f"annex-{c.node(r).annex}"), loc) for r, p in zip(refs, points) if p == top)
    return gettext(loc, N_("%(labels)s gives it the most points: %(points)d."), labels=labels, points=top)


def concept_across(index: Index, q: str, lang: str, tables: list[int]) -> tuple[str, list[dict]] | None:
    """One indicator asked across the tables by the concept it counts, in any language (the SRDI enterprises in
    the three tables; 三类表里都有高新技术企业数量吗): the row of each table whose wording holds the concept's
    term, the tables without one said to have no such indicator (not padded with another row), and the
    comparison asked. The term is the question's own Chinese word or a lexicon term it names that at most one
    row of each table holds, found in the most tables (then the longest); at least two tables must have it,
    or it may be one table's wording rather than the concept."""
    c = index.consultation
    nq = normalise(q)
    terms = {t for t in list(tokens(index.in_draft_words(nq))) + index.expand(nq)
             if len(t) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in t)}
    rows = [(ref, node) for ref, node in c.nodes.items() if node.kind == "row" and node.annex in tables]
    best: tuple[tuple[int, int], dict[int, str]] | None = None
    for term in terms:
        holding: dict[int, list[str]] = {}
        for ref, node in rows:
            if term in re.sub(r"\s", "", node.text):
                holding.setdefault(node.annex, []).append(ref)
        if len(holding) < 2 or any(len(refs) > 1 for refs in holding.values()):
            continue
        key = (len(holding), len(term))
        if best is None or key > best[0]:
            best = (key, {n: refs[0] for n, refs in holding.items()})
    if best is None:
        return None
    found = best[1]
    refs = [found[n] for n in sorted(found)]
    loc = locale(lang)
    parts = [row(index, r, lang) for r in refs]
    parts += [gettext(loc, N_("%(label)s has no such indicator."), label=node_label(c.node(f"annex-{n}"), loc))
              for n in sorted(tables) if n not in found]
    compared = points_compared(index, refs, q, lang)
    return sep(lang).join(parts + ([compared] if compared else [])), [cite(index, r) for r in refs]


# The rows themselves asked for (关于“三首”的指标有哪几项, which indicators are about patents).
_ROWS_LISTED = re.compile(r"哪几项|哪些项|哪些指标|哪几个指标|哪几条|有几项|有几条|几个指标|指标(都)?有哪些|\b(which|what) (rows|indicators|items)\b",
                          re.I)


_ROWS_COUNTED = re.compile(r"(两|几|三|2|3)\s*(条|项|个)指标|指标(有|共|一共)?(两|几|三|2|3)\s*(条|项|个)|\b(two|both|three) (indicators|rows|items)\b", re.I)


def rows_sharing_word(index: Index, q: str, lang: str, table_number: int) -> tuple[str, list[dict]] | None:
    """A row's fact asked by a word two to four rows of the table share (附件2里专利那一项几分: two rows count
    patents): each of them, rather than the table's summary. Words most rows use (企业, 数量) pick none."""
    if not (I.POINTS.search(q) or I.METHOD.search(q) or I.UNIT.search(q) or _ROWS_LISTED.search(q)):
        return None
    c = index.consultation
    rows = [r for r in c.node(f"annex-{table_number}").children if c.node(r).kind == "row"]
    bare = index.profile.without_zone_types(q)
    refs: list[str] = []
    for word in sorted({t for t in tokens(normalise(bare)) if len(t) >= 2}, key=lambda w: (-len(w), w)):
        having = [r for r in rows if word in c.node(r).text]
        if 2 <= len(having) <= 4:  # the longest such word
            refs = having
            break
    if not refs:
        return None
    return sep(lang).join(row(index, r, lang) for r in refs), [cite(index, r) for r in refs]


def rows_sharing_word_anywhere(index: Index, q: str, lang: str) -> tuple[str, list[dict]] | None:
    """The same, no table named, when the shared word is one table's alone (三首产品有两条指标,另一条是什么?各几分:
    two rows of annex 2 count 三首 products): those rows, rather than the one the question's wording repeats."""
    annexes = index.consultation.source.annexes
    if not (_ROWS_LISTED.search(q) or _ROWS_COUNTED.search(q)) or any(
            re.sub(r"\s", "", cat.name) in q for t in annexes for cat in t.categories):
        return None  # rows asked for as such, not a first-level indicator across the tables (产业基础各占多少分)
    found = [(n, hit) for n in (t.number for t in annexes)
             for hit in [rows_sharing_word(index, q, lang, n)] if hit]
    return found[0][1] if len(found) == 1 else None
