"""Who is asking: the applying body a question describes (its kind, level and place), and how sure it is.

A question names places and organisations for many reasons: "我们是浙江省杭州市余杭区的,能申报安徽这个示范区吗"
places the asker in Zhejiang and names Anhui only as the programme's; "我们在宿州市埇桥区,和江苏苏州合作很多"
names Suzhou only as a partner. So the body is read from the words that describe the asker (the clause
of the may-we-apply question, the asker's own clauses: 我们是…, we are…, our…) and from places that are
not merely mentioned (after 跟/和/参考/去…, with/near/next to…); the consultation's own province counts only
when the asker places themselves in it. Statements the asker hedges (好像是, 大概, not sure whether) and
facts that contradict each other are kept, so that the rules answer "it depends" instead of guessing.
The word lists are data (guidance/data/eligibility.yaml, `patterns`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .places import Division, Mention, gazetteer

_LEVELS = ("country", "province", "prefecture", "county")
ORGANISATIONS = ("park_operator", "university", "association", "enterprise", "individual")
_BODY_AFTER = re.compile(r"\s*(省)?(的)?(某个|某|一个)?\s*(县|市|区|开发区|高新区|经开区|园区|county|district|city|"
                         r"(\w+ )?(development|high-tech|economic) zone|industrial park)")
# The province named as the body's own, ending its clause (我们单位是安徽的, 我们是安徽省,).
_CLAIMED_AFTER = re.compile(r"\s*(省)?(的)?\s*([,,。.;;!!??\n]|$)")
_CLAUSE = re.compile(r"[,,。.;;!!??\n]|\b(?:but|and then|so)\b")
# A space between two Chinese characters (after normalise has joined a question spaced character by
# character): the pause of a question dictated or typed without punctuation (淮南的工业园 不是省级 能报吗).
_PAUSE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
# A negation and what it denies are one (不是 省级 → 不是省级): no pause between them.
_NEGATION_SPACE = re.compile(r"(?:(?<=不是)|(?<=并非)|(?<=没有)|(?<=[不非没未])) (?=[\u4e00-\u9fff])")


def pauses_marked(q: str) -> str:
    """`q` with each pause between Chinese words made the comma it stands for: a clause ends there, so a
    hedge, a level or a place is read within its own clause; a negation keeps what it denies (不是 省级)."""
    return _PAUSE.sub(",", _NEGATION_SPACE.sub("", q))


@dataclass
class Body:
    kind: str | None = None
    places: list[Division] = field(default_factory=list)  # where the body is, most specific last
    outside: Division | None = None  # a place outside the consultation's province the body is in
    hedged: bool = False
    conflict: str | None = None  # "place" | "level"
    ambiguous: list[Mention] = field(default_factory=list)
    elsewhere: list[Division] = field(default_factory=list)  # other provinces' places merely mentioned
    zone_type_unknown: bool = False  # a park or area of a type article 3 neither names nor excludes
    # A district named by a bare stem that is also an old prefecture's name (徽州): which one is meant is unsaid.
    old_prefecture: Mention | None = None

    def place_name(self, lang: str = "zh") -> str:
        # A body placed outside the province is named by its places there (not by 安徽 said of its partners).
        places = [d for d in self.places if d.province == self.outside.province] if self.outside else self.places
        # Places in two provinces (a place conflict) are named province by province: 安徽省郎溪县、江苏省溧阳市.
        provinces = list(dict.fromkeys(d.province for d in places))
        groups = [[d for d in places if d.province == p] for p in provinces]
        if lang == "zh":
            return "、".join("".join(d.name for d in g) for g in groups)
        return "; ".join(", ".join(d.english for d in reversed(g)) for g in groups)


def _clause_end(text: str) -> int:
    m = _CLAUSE.search(text)
    return m.start() if m else len(text)


def clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _spans_all(text: str) -> list[tuple[int, int]]:
    """`text` cut into clauses and the punctuation between them, every character in one span."""
    cuts = sorted({0, len(text), *(x for m in _CLAUSE.finditer(text) for x in (m.start(), m.end()))})
    return list(zip(cuts, cuts[1:]))


def _clause_of(spans, pos: int) -> tuple[int, int]:
    return next(((a, b) for a, b in spans if a <= pos < b), (0, 0))


class Reader:
    """Reads a body out of a question with one consultation's eligibility data."""

    def __init__(self, rules):
        self.rules = rules
        self.home = rules.data.jurisdiction.province
        self.g = gazetteer(self.home)
        zones = rules.zones
        self.landmarks = {name.lower(): self.g.divisions[code] for name, code in (zones.elsewhere if zones else {}).items()
                          if code in self.g.divisions}

    def find(self, q: str) -> list[Mention]:
        found = self.g.find(q)
        for name, d in self.landmarks.items():
            at = q.find(name)
            if at < 0:
                continue
            # A landmark's name holding a shorter place name reads as the landmark (Suzhou Industrial Park
            # is in Jiangsu, whichever Suzhou "suzhou" alone may be).
            inside = [m for m in found if at <= m.start and m.end <= at + len(name)]
            if not any(m.start <= at < m.end or at <= m.start < at + len(name) for m in found if m not in inside):
                found = [m for m in found if m not in inside]
                found.append(Mention(at, at + len(name), name, (d,)))
        return sorted(found, key=lambda m: m.start)

    def _any(self, group: str, text: str) -> re.Match | None:
        for p in self.rules.groups[group]:
            m = p.search(text)
            if m:
                return m
        return None

    def _first(self, group: str, text: str) -> int | None:
        hits = [m.start() for p in self.rules.groups[group] for m in p.finditer(text)]
        return min(hits) if hits else None

    # --- spans of text that describe the asker -----------------------------------------------------
    def subject_spans(self, q: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The clauses of the may-we-apply question up to its verb, and the asker's own clauses."""
        spans = clauses(q)
        verbs, own = [], []
        # A clause stating a verdict the asker knows (定远县能报我知道) is not the one asking.
        known = {(a, b) for a, b in spans if self._any("known_verdict", q[a:b])}
        for p in self.rules.groups["apply_verb"]:
            for m in p.finditer(q):
                a, b = _clause_of(spans, m.start())
                if (a, b) not in known:
                    verbs.append((a, m.end()))
        for p in self.rules.groups["self_reference"]:
            for m in p.finditer(q):
                if _clause_of(spans, m.start()) not in known:
                    own.append(_clause_of(spans, m.start()))
        for m in _ASKED_IN_ENGLISH.finditer(q):  # Can Huaiyuan County, as a county, apply: the words between
            verbs.append(m.span("body"))
        verbs = self._asked_last(q, spans, verbs)
        if len(spans) >= 2 and self.introduces(q[spans[0][0]:spans[0][1]]):
            own.insert(0, spans[0])
        # A clause going on about the asker with its subject unsaid (我们在宣城,是省级经开区): the asker's too, so what it
        # says the body is, is read with where the body is.
        for before, span in zip(spans, spans[1:]):
            if before in own and span not in own and _GOES_ON.match(q, span[0], span[1]):
                own.append(span)
        client = self._any("client_named", q)
        if client is not None:  # 客户是蚌埠市禹会区: the client is the body, not the consultancy asking
            a, b = _clause_of(spans, client.start())
            if not q[client.end():b].strip():  # our client, Huaining County, …: the next clause names it
                a, b = next(((x, y) for x, y in spans if x >= b), (b, b))
            own = [(max(a, client.end()), b)]
            start = _clause_of(spans, client.start())[0]  # the asker's clauses before it (I'm from a law firm)
            verbs = [(x, y) for x, y in verbs if x >= start]
        return verbs, own

    def _asked_last(self, q: str, spans, verbs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The verb spans of the body a follow-up asks about: a clause asking of "it" (…盐化工园区是市级的,它能报吗)
        asks of the body described since the last clause with a verb of its own, and "what about X" (那县里的
        市级园区呢) of X; the clauses before, about another body (定远县能报), are not the one asked."""
        follow = [(a, b) for a, b in spans if _WHAT_ABOUT.match(q, a, b) and not self._any("apply_verb", q[a:b])]
        if follow:
            a, b = follow[-1]
            return [(x, y) for x, y in verbs if x >= a or self._own(q, spans, x)] + [(a, b)]
        asking = [(x, y) for x, y in verbs if _PRONOUN.match(q, x)]
        if not asking:
            return self._asked_after_statement(q, spans, verbs)
        at = max(x for x, _ in asking)
        i = next(i for i, (x, _) in enumerate(spans) if x <= at < spans[i][1] or x >= at)
        with_verb = [j for j in range(i) if any(spans[j][0] <= x < spans[j][1] for x, _ in verbs)]
        first = with_verb[-1] + 1 if with_verb else 0
        if first >= i:  # 定远县能报吗,它自己能单独报吗: "it" is the body just asked about
            return verbs
        return [(x, y) for x, y in verbs if x >= at or self._own(q, spans, x)] + [spans[j] for j in range(first, i)]

    def _own(self, q: str, spans, at: int) -> bool:
        """Whether the clause at `at` is the asker's own (我们公司想申报): it still says who asks."""
        a, b = _clause_of(spans, at)
        return bool(self._any("self_reference", q[a:b]))

    def _asked_after_statement(self, q: str, spans, verbs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The verb spans of the last clause when it asks of a body it names itself (…,园区里的奇瑞能报吗) after
        clauses that only state what another body may do (芜湖经开区能报): those name a body not asked about."""
        if not verbs:
            return verbs
        last = _clause_of(spans, max(x for x, _ in verbs))
        if not _ASKS.search(q[last[0]:last[1]] + q[last[1]:last[1] + 1]):
            return verbs
        subject = _SUBJECT.match(q, last[0], last[1])
        if subject is None or len(subject.group("name")) < 2:
            return verbs
        before = [_clause_of(spans, x) for x, _ in verbs if x < last[0]]
        # (A statement of the asker's own, 我们公司想申报, still says who asks: the asker's body stays.)
        if not before or any(_ASKS.search(q[a:b] + q[b:b + 1]) or self._own(q, spans, a) for a, b in before):
            return verbs
        return [(x, y) for x, y in verbs if x >= last[0]]

    def introduces(self, clause: str) -> bool:
        """Whether a question's first clause is a bare noun phrase naming who speaks, as a letterhead does
        (上海一家企业, 泗县经济开发区, 河南永城市, then the question): short, asking nothing, mentioning no one else,
        and naming a particular place or zone (县里准备好材料以后 names only a kind of body)."""
        return len(clause.strip()) <= (_INTRO_MAX if re.search(r"[\u4e00-\u9fff]", clause) else _INTRO_MAX_EN) and not any(
            self._any(g, clause) for g in ("apply_verb", "mere_mention", "apply_question", "hedge", "history")) and (
            bool(self.find(clause)) or self.rules.known_zone(clause))

    def _merely_mentioned(self, q: str, spans, pos: int) -> bool:
        a, _ = _clause_of(spans, pos)
        before = q[a:pos]
        cues = [m.end() for p in self.rules.groups["mere_mention"] for m in p.finditer(before)]
        if not cues:
            return False
        # A place the clause then says the body is in (苏皖合作的园区在安徽郎溪境内): the nearer words decide.
        located = _LOCATED.search(before)
        return located is None or located.start() <= max(cues)  # 和在安徽的园区: still the partner

    def _others_there(self, q: str, spans, m: Mention) -> bool:
        """Whether the place `m` is where people or firms the asker speaks of are (砀山那边好多加工厂, 听砀山的朋友说),
        in a clause that does not speak of the asker while another one does: with no clause of the asker's own
        (上海张江那边的园区,算不算主体), what is over there is the body asked about."""
        a, b = _clause_of(spans, m.start)
        return any(p.match(q, m.end) for p in self.rules.groups["others_there_after"]) and not self._any(
            "self_reference", q[a:b]) and any(self._any("self_reference", q[x:y]) for x, y in spans if (x, y) != (a, b))

    def _self_placed(self, q: str, spans, pos: int) -> bool:
        a, b = _clause_of(spans, pos)
        clause = q[a:b]
        located = q[max(a, pos - 12):pos]
        return any(p.search(clause) for p in self.rules.groups["self_reference"]) or any(
            p.search(located) for p in self.rules.groups["located_in"])

    # --- places ---------------------------------------------------------------------------------
    def places(self, q: str) -> tuple[list[Division], list[Division], list[Mention]]:
        """(divisions the body is in at home, divisions elsewhere, unresolved mentions)."""
        spans = clauses(q)
        counted: list[Mention] = []
        self.mentioned: list[Division] = []
        self.province_claimed = False
        home_said = False  # a body or place said to be in the province (a county-level city in Anhui)
        previous = None
        denied = None  # the place last denied (不是河南那个固始: 河南 is denied, and so is the 固始 it qualifies)
        client = self._any("client_named", q)
        found = self.find(q)
        if client is not None and not any(m.start >= client.start() for m in found):
            client = None  # 当涂县经信局,受县政府委托问问: no place after it, so the asker's places are the body's
        for m in found:
            m_before, previous = previous, m
            a, _ = _clause_of(spans, m.start)
            if self._under_asker(q, a, m, m_before):
                continue  # 替下面的金寨县问问: a unit under the asker, neither the body nor where it is
            if client is not None and m.end <= client.start():
                self.mentioned.extend(d for d in m.divisions if d.province != self.home)
                continue  # 我们是南京的咨询机构,受霍邱县委托: where the asker is, not the client it asks for
            if self._merely_mentioned(q, spans, m.start) or any(
                    p.search(q[m.end:_clause_of(spans, m.start)[1]]) for p in self.rules.groups["activity_after"]) or any(
                    p.match(q, m.end) for p in self.rules.groups["beside_after"]) or self._others_there(q, spans, m) or any(
                    p.search(q[max(0, m.start - 4):m.start]) for p in self.rules.groups["negated_place"]) or (
                    denied is not None and denied is m_before and _QUALIFIES.fullmatch(q[denied.end:m.start])):
                self.mentioned.extend(d for d in m.divisions if d.province != self.home)
                denied = m
                if counted and counted[-1] is m_before and (self._qualifies(q, m_before, m) or self._encloses(
                        q, m_before, m)):
                    counted.pop()  # 江苏苏州和…共建的, 安庆宿松边上: the place's province or city goes with it
                    self.mentioned.extend(d for d in m_before.divisions if d.province != self.home)
                continue  # 跟安徽广德挨着, 不是安徽的: not where the body is
            only_home_province = all(d.level == "province" and d.province == self.home for d in m.divisions)
            quoted = _QUOTED_NAME.search(q, 0, m.start) and _QUOTE_CLOSES.match(q, m.end)
            if quoted and all(d.province == self.home for d in m.divisions) and (
                    only_home_province or _ZONE_IN_QUOTE.match(q, m.end)):
                continue  # the 'Anhui Industrial Park' in Kunshan: a word of the body's name, not where it is
            names_body = bool(_BODY_AFTER.match(q, m.end))  # an Anhui county, 安徽的县, 安徽某县
            if only_home_province and (not (self._self_placed(q, spans, m.start) or names_body) or any(
                    p.match(q, m.end) for p in self.rules.groups["programme_after"]) or any(
                    p.search(q[max(0, m.start - 20):m.start]) for p in self.rules.groups["programme_before"])):
                home_said = home_said or self._said_in(q, m, m_before)
                continue  # "安徽这个示范区", "the Anhui draft": the programme's province, not the asker's
            if only_home_province and (names_body or _CLAIMED_AFTER.match(q, m.end)):
                self.province_claimed = True  # 我们是安徽的, 安徽的一个县: the body says it is in the province
            counted.append(m)
        # Where the body belonged before (萧县以前归江苏徐州管,我们现在是宿州的萧县): a place elsewhere said only in a
        # clause of the body's history is not where it is, when another clause names its county at home now.
        def in_history(m: Mention) -> bool:
            a, b = _clause_of(spans, m.start)
            return bool(self._any("history", q[a:b]))

        if any(not in_history(m) and any(d.level == "county" and d.province == self.home for d in m.divisions)
               for m in counted):
            gone = [m for m in counted if in_history(m) and all(d.province != self.home for d in m.divisions)]
            for m in gone:
                self.mentioned.extend(m.divisions)
            counted = [m for m in counted if m not in gone]
        # A weak name (滨湖新区) is no place when the question places the body in the province otherwise, and
        # an unresolved one when nothing else does.
        strong_home = any(not m.weak and any(d.province == self.home for d in m.divisions) for m in counted)
        weak = [m for m in counted if m.weak]
        counted = [m for m in counted if not m.weak]
        # Disambiguate a name shared by places in several provinces with the other places named.
        named_codes = {d.code for m in counted if len(m.divisions) == 1 for d in m.divisions}
        if home_said:
            named_codes.add(self.home + "0000")
        home, away, unresolved = [], [], []
        self.old_prefecture = None
        for m in counted:
            if self._old_prefecture_name(q, m, counted):
                self.old_prefecture = m
                continue
            options = list(m.divisions)
            if len(options) > 1:
                narrowed = [d for d in options if d.province + "0000" in named_codes
                            or d.prefecture + "00" in named_codes]
                options = narrowed or options
            if len(options) > 1:  # Shexian County in Huangshan: the county of a prefecture the question names, even
                # when that name is itself shared (黄山市 and its 黄山区)
                around = {o.prefecture for other in counted if other is not m for o in other.divisions}
                options = [d for d in options if d.prefecture in around] or options
            if len(options) > 1:
                provinces = {d.province == self.home for d in options}
                if provinces == {False}:
                    away.append(options[0])
                else:
                    unresolved.append(m)
                continue
            (home if options[0].province == self.home else away).append(options[0])
            if options[0].province != self.home and options[0].level != "province" and self._home_province_beside(
                    q, found, m):
                self.province_claimed = True  # 安徽省绍兴市, Shaoxing, Anhui: the place said to be in the province
        if not strong_home and not away:
            unresolved += weak
        return home, away, unresolved

    def _home_province_beside(self, q: str, found: list[Mention], m: Mention) -> bool:
        """Whether the province of the consultation is named right before `m` (安徽省绍兴市) or right after it
        as in an address (Shaoxing, Anhui province): the asker says that place is in the province, which it is
        not, so where the body is stays in doubt rather than being read as the other province."""
        for other in found:
            if other is m or not all(d.level == "province" and d.province == self.home for d in other.divisions):
                continue
            gap = q[other.end:m.start] if other.end <= m.start else q[m.end:other.start]
            if _QUALIFIES.fullmatch(gap):
                return True
        return False

    @staticmethod
    def _qualifies(q: str, outer: Mention | None, inner: Mention) -> bool:
        """Whether `outer` is the province `inner` is named in, right before it (江苏苏州, 江苏的苏州)."""
        return outer is not None and all(d.level == "province" for d in outer.divisions) and all(
            any(d.province == o.province for o in outer.divisions) for d in inner.divisions) and bool(
            _QUALIFIES.fullmatch(q[outer.end:inner.start]))

    def _moved_home(self, q: str) -> bool:
        """Whether the question says the body was moved into the consultation's own province (去年划到安徽了,
        transferred to Anhui): placed elsewhere before, in the province now by its own account, so where it is
        is for the office to confirm, never read as the other province alone."""
        return any(all(d.province == self.home and d.level == "province" for d in m.divisions)
                   and self._any("moved_home_before", q[max(0, m.start - 24):m.start]) for m in self.find(q))

    def _corrected_away(self, q: str) -> bool:
        """Whether the question corrects what it said of the province (其实, 准确地说, 不对, actually) and names a
        place of another province right after the correction, the province having been named before it."""
        found = self.find(q)
        for cue in _CORRECTION.finditer(q):
            if not any(m.start < cue.start() and all(d.province == self.home for d in m.divisions) for m in found):
                continue
            after = next((m for m in found if m.start >= cue.end()), None)
            if after is not None and after.start - cue.end() <= 16 and not re.search(r"[。.?？!！]", q[cue.end():after.start]) and all(
                    d.province != self.home for d in after.divisions):
                return True
        return False

    @staticmethod
    def _encloses(q: str, outer: Mention | None, inner: Mention) -> bool:
        """Whether `outer` is the prefecture `inner` lies in, named right before it (安庆宿松, 六安的霍邱): a
        city qualifying a county only names where that county is, so it is merely mentioned with it."""
        return outer is not None and all(d.level == "prefecture" for d in outer.divisions) and all(
            any(d.prefecture == o.prefecture and d.level == "county" for o in outer.divisions)
            for d in inner.divisions) and bool(_QUALIFIES.fullmatch(q[outer.end:inner.start]))

    def _old_prefecture_name(self, q: str, m: Mention, counted: list[Mention]) -> bool:
        """Whether `m` is a district of the province named by its bare stem ending in 州, the old word for a
        prefecture (徽州 for 徽州区, 颍州, 宣州): such a stem is as much the old prefecture of that name (徽州 is
        also the old name of 黄山市 and its region) as the district, so it does not say which the body is. The
        district's suffix (徽州区, Xuanzhou District) or its own prefecture named (黄山徽州) settles it."""
        if len(m.divisions) != 1:
            return False
        d = m.divisions[0]
        if d.level != "county" or d.province != self.home or not d.name.endswith(_OLD_PREFECTURE_WORD + "区"):
            return False
        if m.text == d.name or re.match(r"\s*(区|district\b)", q[m.end:], re.I):
            return False
        return not any(o.prefecture == d.prefecture and o.level == "prefecture" for other in counted
                       if other is not m for o in other.divisions)

    def _said_in(self, q: str, m: Mention, before: Mention | None) -> bool:
        """Whether the province `m` is said of a body or a place (a county-level city in Anhui, Tongcheng in
        Anhui), not of the programme (the Anhui programme, apply to Anhui)."""
        if any(p.match(q, m.end) for p in self.rules.groups["programme_after"]):
            return False
        windows = [q[max(0, m.start - 40):m.start]] + ([q[before.end:m.start]] if before else [])
        return any(p.search(w) for w in windows for p in self.rules.groups["in_province_before"])

    # --- hedges and levels -----------------------------------------------------------------------
    def hedged(self, q: str, history_settled: bool = False, settled: frozenset = frozenset()) -> bool:
        """A hedge about what the body is (好像是省级, not sure whether we count as), not about applying.
        `history_settled`: what the body was before (以前是…县) does not matter, because what it is now is
        known from the administrative divisions."""
        spans = clauses(q)
        for p in self.rules.groups["hedge"]:
            for m in p.finditer(q):
                if history_settled and self._any("history", m.group(0)):
                    continue
                if history_settled and self._reassigned_at_home(q[m.end():m.end() + _clause_end(q[m.end():])]):
                    continue  # 寿县好像划到淮南了: which of the province's cities it is under decides nothing
                if settled and self._same_body_named(q[m.end():m.end() + _clause_end(q[m.end():])], settled):
                    continue  # 广德县(现在应该是广德市): which name the known division goes by decides nothing
                if self._upgrade_only(q, spans, m) or self._pending_only(q, spans, m):
                    continue
                clause = q[m.start():m.end() + _clause_end(q[m.end():])]
                if settled and any(self._any(g, clause) for g in _ZONE_GROUPS):
                    # 我们县(灵璧县)有个老工业园,好像改成了新区,不知道它算不算省级开发区: a county the divisions know is
                    # a creation subject whatever a zone in it is, so a doubt about that zone decides nothing.
                    continue
                if not self._any("self_reference", clause) and (self._any("hedge_rule_limit", clause) or self._any(
                        "hedge_on_programme", clause) and not any(self._any(g, clause) for g in (
                        "provincial_level", "national_level", "below_provincial_level"))):
                    continue  # 听说省里在评示范区, 有人说这个只给区: hearsay about the programme, not the body
                tail = q[m.end(): m.end() + 32]
                if self._any("rule_doubt", tail):
                    continue  # not sure if districts count: a question about the rule, the body is stated
                if self._level_said_before(q, spans, m):
                    continue  # 省政府批的省级开发区,算不算省级(含以上)开发区: the rule's term asked of a stated level
                fact = self._first("body_word", m.group(0) + tail)  # 好像是省级 / 算省级开发区吧
                rest = tail[:_clause_end(tail)]
                if fact is None or self._first("body_word", rest) is None and self._first("apply_verb", rest) is None:
                    if not (_ONLY_PARTICLES.fullmatch(rest) or _STATUS.search(rest) or self.find(rest)):
                        continue  # 好像企业不多, I think our AI base is weak: a doubt about something else
                    # A hedge closing its sentence (we are a provincial zone, I think / 应该是吧) qualifies what
                    # came before it in that sentence.
                    before = q[:m.start()]
                    before = before[max(before.rfind(c) for c in ".。?？!！") + 1:]
                    if self._first("body_word", before) is not None and self._first("rule_doubt", tail) is None:
                        return True
                    if fact is None:
                        continue
                verb = self._first("apply_verb", tail)
                if verb is None or fact < verb + len(m.group(0)):
                    return True
        return False

    def _same_body_named(self, tail: str, settled: frozenset) -> bool:
        """Whether the words after a hedge only name the body's own division again, by its present or former
        name (应该是广德市 of 广德县), saying no level of anything: a doubt about the name, not about the body."""
        found = self.find(tail)
        if not found or any(d.code not in settled for m in found for d in m.divisions):
            return False
        rest = tail
        for m in sorted(found, key=lambda m: -m.start):
            rest = rest[:m.start] + " " + rest[m.end:]
        return not any(self._any(g, rest) for g in ("provincial_level", "national_level", "below_provincial_level",
                                                     "prefecture_city", "township_or_street", "another_province"))

    def _reassigned_at_home(self, tail: str) -> bool:
        """Whether the words after a hedge only move the body between places of the province (划到淮南了)."""
        if not self._any("reassigned", tail) or self._any("another_province", tail) or any(
                self._any(g, tail) for g in ("provincial_level", "national_level", "below_provincial_level")):
            return False
        return all(d.province == self.home for m in self.find(tail) for d in m.divisions)

    def _level_said_before(self, q: str, spans, m: re.Match) -> bool:
        """A level asked about (算不算省级…) after an earlier clause said it plainly (省政府批的省级开发区): the
        asker doubts whether article 3's term covers what the body is, not what it is. Only a question on
        the level itself, and only when nothing before it is hedged or says a lower level."""
        if not re.search(r"省级|国家级|provincial|national", m.group(0), re.I):
            return False
        a, _ = _clause_of(spans, m.start())
        before = q[:a]
        return bool(self._any("provincial_level", before)) and not self._any("hedge", before) and not (
            self._any("below_provincial_level", before))

    def _upgrade_only(self, q: str, spans, m: re.Match) -> bool:
        """A hedge about becoming national-level (正在争取升国家级,还没批下来) of a body that says it is
        provincial-level now: both levels are creation subjects, so it leaves nothing in doubt. A hedge on
        the level itself (好像是省级) still counts."""
        a, b = _clause_of(spans, m.start())
        before = max((x for x, y in spans if y <= a), default=a)  # the clause before, where 升国家级 may be said
        if not self._any("upgrade", q[before:b]):
            return False
        within = any(u.start() <= m.start() < u.end() for p in self.rules.groups["upgrade"] for u in p.finditer(q))
        level_hedged = not within and re.match(r".{0,3}(省级|国家级|provincial|national)",
                                               self._strip_upgrade(q[m.end():m.end() + 14]), re.I)
        return bool(self._any("provincial_level", self._strip_upgrade(q))) and not level_hedged

    def _pending_only(self, q: str, spans, m: re.Match) -> bool:
        """A hedge about an upgrade to provincial level asked for and not granted (正在申请升省级, 还没批下来):
        the body is below provincial level until it is granted, so the words leave nothing in doubt. A hedge
        on the level held now (好像是市级的) still counts."""
        pending = [u for p in self.rules.groups["pending_upgrade"] for u in p.finditer(q)]
        if not pending:
            return False
        if any(u.start() <= m.start() < u.end() or m.start() <= u.start() < m.end() for u in pending):
            return True
        a, b = _clause_of(spans, m.start())
        before = max((x for x, y in spans if y <= a), default=a)
        return any(before <= u.start() < b for u in pending) and bool(_NOT_YET.fullmatch(m.group(0)))

    def _strip_pending(self, q: str) -> str:
        for p in self.rules.groups["pending_upgrade"]:
            q = p.sub(" ", q)
        return q

    def _strip_upgrade(self, q: str) -> str:
        for p in self.rules.groups["upgrade"]:
            q = p.sub(" ", q)
        return q

    def level_conflict(self, text: str) -> bool:
        """Two levels said of the body: one below provincial and one at or above it, or one level both denied and
        claimed (不在省级名单里,但都叫省级; not on any provincial list, yet provincial)."""
        t = text
        for p in self.rules.groups["negated_level"] + self.rules.groups["firm_title"] + self.rules.groups[
                "pending_upgrade"] + self.rules.groups["not_a_level"]:
            t = p.sub(" ", t)
        high = self._any("provincial_level", t) or self._any("national_level", t)
        low = self._any("below_provincial_level", t)
        denied = " ".join(m.group(0) for p in self.rules.groups["negated_level"] for m in p.finditer(text))
        return bool(high and low) or any(re.search(word, denied, re.I) and self._any(group, t) for word, group in (
            (r"省|provinc", "provincial_level"), (r"国家|national|state", "national_level")))

    def _city_level_conflict(self, text: str) -> bool:
        """县级市 and 地级市 both said of the body. A county-level division's own name is no prefecture word:
        界首市经信局 is the bureau of a county-level city, not a 市经信局 of a prefecture; nor is the asker's
        own city (界首是县级市,我们市经信局…)."""
        for p in self.rules.groups["negated_prefecture_city"]:
            text = p.sub(lambda m: "甲" * len(m.group(0)), text)  # 不是地级市: the level denied is not said
        if not (self._any("county_level_city", text) and self._any("prefecture_city", text)):
            return False
        # A level the city had before (以前是地级市,现在是县级市): what it was, not a second level it has now.
        text = "".join(text[a:b] if not self._any("history", text[a:b]) else "甲" * (b - a) for a, b in _spans_all(text))
        if not (self._any("county_level_city", text) and self._any("prefecture_city", text)):
            return False
        for m in self.find(text):
            if m.divisions and all(d.level == "county" for d in m.divisions):
                rest = m.divisions[0].name[len(m.text):] if m.divisions[0].name.startswith(m.text) else ""
                end = m.end + len(rest) if rest and text.startswith(rest, m.end) else m.end  # 明光 + 市
                text = text[:m.start] + "甲" * (end - m.start) + text[end:]
            elif m.divisions and all(d.level == "prefecture" for d in m.divisions) and (
                    bureau := _NAMED_CITY_BUREAU.match(text, m.end)):
                # 通过阜阳市工信局: the named prefecture's bureau, where a county-level city files (article 8),
                # says nothing of the body's own level
                text = text[:m.start] + "甲" * (bureau.end() - m.start) + text[bureau.end():]
        # 我们市经信局, 本市: the asker's own city, whose level the question has just said (县级市)
        text = _OWN_CITY.sub(lambda m: m.group(1) + "甲", text)
        return bool(self._any("county_level_city", text) and self._any("prefecture_city", text))

    # --- the body ----------------------------------------------------------------------------------
    def read(self, q: str, recognise) -> Body:
        """The body `q` describes. `recognise(text, organisations=bool)` names the kind of a span of text."""
        body = Body()
        q = _IT_IS_US.sub(r"我们是\g<body>", q)
        q = self._told_rules_masked(q)
        q = _INTRODUCED_THEN_ASKED.sub(r"我们是\g<body>\g<pause>", q)
        verb_spans, self_spans = self.subject_spans(q)
        named = self._renamed_masked(self._unit_words_masked(q))  # 固镇县 is a county: its 镇 is no town
        named, inside = self._container_masked(q, named, verb_spans)
        kind = recognise(" ".join(named[a:b] for a, b in verb_spans), organisations=True) if verb_spans else None
        if kind == "city_district":
            asking = " ".join(named[a:b] for a, b in verb_spans)
            if _OUR_AREA.search(asking) and recognise(_OUR_AREA.sub(" ", asking), organisations=True) is None:
                kind = None  # 我区 alone, as a zone's committee calls its zone: the asker's own words decide
        if kind is None and inside:  # 阳光电源在合肥高新区里,阳光电源能报吗: a unit of unknown kind, not the zone
            kind = recognise(" ".join(named[a:b] for a, b in self_spans), organisations=True) or "other"
        if kind is None:
            kind = recognise(" ".join(named[a:b] for a, b in self_spans) or named, organisations=True)
        # (A city described by the districts it has, 管着几个县和区的市, is no county once its 和区 is taken for a
        # mention.)
        described = kind == "prefecture_city" and self.rules.hit("prefecture_described", named)
        if kind not in ORGANISATIONS and not described:
            wider = recognise(self._without_mentions(named), organisations=False)
            if wider is not None and _refines(wider, kind):
                kind = wider
        if kind not in ORGANISATIONS and self_spans and self.rules.hit("zone_part", q) and recognise(
                " ".join(named[a:b] for a, b in self_spans), organisations=True) == "park_operator":
            kind = "park_operator"  # 我们是经开区里面一个产业园的运营公司: the operator asks, for the park it runs
        if kind == "dev_zone_level_unknown" and self.rules.hit("private_park", q):
            # The park asked of (园区能报吗, can the park apply) is the one the question says a firm owns or built
            # (开发商投资建设的产业园, owned by a property developer): a firm's park, not a zone a government approved.
            kind = "park_operator"
        home, away, unresolved = self.places(q)
        body.ambiguous = unresolved
        body.old_prefecture = self.old_prefecture
        body.elsewhere = list(self.mentioned)
        county = next((d for d in reversed(home + away) if d.level == "county"), None)
        if county is not None and kind in (None, "city_level_unknown", "county", "city_district",
                                           "county_level_city", "prefecture_city"):
            kind = county.county_kind  # 蜀山区 is a district, 天长市 a county-level city
        elif kind in (None, "city_level_unknown") and any(d.level == "prefecture" for d in home + away):
            kind = "prefecture_city"
        body.kind = kind
        # Each place once, in the order found (home before away), then by level: a set's order would follow
        # the process's hash seed, and the answer would name two provinces in either order from run to run.
        body.places = sorted(dict.fromkeys(home + away), key=lambda d: _LEVELS.index(d.level))
        own_home = any(d.province == self.home for d in home)
        # A body that names its own city or county in another province is there, whatever it says of the
        # province for its partners or its reputation (安徽的企业, 半个安徽圈子): only the bare province was
        # named at home.
        # The province claimed, then taken back for another one (我们是安徽的县,其实是江苏那边的; we're in Anhui,
        # actually Jiangsu): the later, corrected statement is where the body is.
        corrected = bool(away) and self._corrected_away(q)
        placed_away = (corrected or any(d.level != "province" for d in away)) and all(
            d.level == "province" for d in home) and (corrected or not self.province_claimed)
        if away and (own_home and not placed_away or self._moved_home(q)):
            body.conflict = "place"
        elif away:
            body.outside = sorted(away, key=lambda d: _LEVELS.index(d.level))[-1]
        # (An upgrade asked for, 升省级的申请交上去了还没批下来, is taken out whole before any tail is cut: its
        # level is not a second one the body has.)
        plain = self._without_mentions(self._strip_pending(q))
        if body.conflict is None and (self.level_conflict(plain) or self._city_level_conflict(plain)):
            body.conflict = "level"
        settled = kind in ("county", "county_level_city", "city_district") and any(
            d.level == "county" and d.province == self.home for d in home)
        own_counties = frozenset(d.code for d in home if d.level == "county") if settled else frozenset()
        body.hedged = self.hedged(q, history_settled=settled, settled=own_counties)
        counties = {d.code for d in home if d.level == "county"}
        if len(counties) >= 2 and not self._any("several_bodies", q):
            body.hedged = True  # 颍州区还是颍东区来着: two counties of the province for one body
        if kind in _JURISDICTIONS and _ESTABLISHMENT.search(" ".join(q[a:b] for a, b in verb_spans + self_spans) or q):
            body.kind = "other"  # 黟县的一家民宿: the body is the establishment, not the county it is in
        if kind is not None and kind not in ORGANISATIONS and kind not in _JURISDICTIONS:
            text = " ".join(q[a:b] for a, b in verb_spans + self_spans) or q
            own_type = self.rules.zone_type(text)
            if own_type == "other" and self.rules.zone_type(self.rules._strip("zone_committee", text)) is None:
                own_type = None  # 管委会能报吗: the committee of the zone the question names elsewhere
            body.zone_type_unknown = (own_type or self.rules.zone_type(q)) == "other" and not (
                self.rules.known_zone(q) and not self.rules.hit("zone_part", text))
        return body

    def _container_masked(self, q: str, named: str, verb_spans) -> tuple[str, bool]:
        """`named` with the unit a named body is said to sit in masked (奇瑞汽车在芜湖经开区里,奇瑞能报吗;
        芜湖经开区里的奇瑞能报吗), and whether one was: the body the verb applies to is the unit inside, never the
        zone or county around it, which would lend it its own verdict. Same length, so spans stay valid."""
        spans = clauses(q)
        masked = False
        for a, b in verb_spans:
            subject = _SUBJECT.match(named, a, b)
            if subject is None:
                continue
            name = subject.group("name")
            inner = _INSIDE_OF.search(name)
            if inner and len(name) - inner.end() >= 2 and not self._names_kind(name[inner.end():]) and not (
                    _AUTHORITY.search(name[inner.end():])):
                start = subject.start("name")  # 芜湖经开区里的奇瑞: the zone before 里的
                named = named[:start] + "甲" * inner.end() + named[start + inner.end():]
                masked = True
                continue
            if len(name) < 2 or self._names_kind(name):
                continue
            for m in re.finditer(re.escape(name[:2]) + _LOCATED_IN_UNIT, q):
                end = _clause_of(spans, m.start())[1]
                at = m.start("unit")
                named = named[:at] + "甲" * (end - at) + named[end:]
                masked = True
        for asked in _ASKED_IN_ENGLISH.finditer(q):  # Chery is in Wuhu ETDZ. Can Chery apply?
            name = asked.group("body").strip()
            if not re.fullmatch(r"[a-z][\w'-]*( [\w'-]+){0,3}", name) or _NOT_A_NAME.match(name) or self._names_kind(name):
                continue
            for m in re.finditer(r"\b" + re.escape(name) + _LOCATED_IN_UNIT_EN, q):
                end = _clause_of(spans, m.start())[1]
                at = m.start("unit")
                named = named[:at] + "甲" * (end - at) + named[end:]
                masked = True
        return named, masked

    def _names_kind(self, name: str) -> bool:
        """Whether `name` says what kind of body it is, by its words or as a place (蜀山区, 合肥高新区)."""
        return self.rules.recognise(name) is not None or bool(self.find(name))

    def _under_asker(self, q: str, a: int, m, m_before) -> bool:
        """Whether the place `m` is a unit under the asker (替下面的金寨县问问). Right after a named place
        (安庆市下辖的桐城市) the words only locate it: it is the body asking, not a unit under it."""
        for p in self.rules.groups["subordinate_before"]:
            s = p.search(q[a:m.start])
            if s and not (m_before is not None and a <= m_before.end and q[m_before.end:a + s.start()] in {"", "市"}):
                return True
        return False

    def _unit_words_masked(self, q: str) -> str:
        """`q` with the words for towns, streets and villages inside place names masked (固镇县, 乡宁县, 镇江市,
        长乐街…): a place's name says what it is by its suffix only; a unit under the asker (下面的金寨县) is
        masked whole. Same length, so spans stay valid."""
        out = list(q)
        spans = clauses(q)
        previous = None
        for m in self.find(q):
            m_before, previous = previous, m
            if m.text.isascii():
                continue
            a, _ = _clause_of(spans, m.start)
            if self._under_asker(q, a, m, m_before):
                out[m.start:m.end] = "甲" * (m.end - m.start)  # 下面的金寨县: not the body's kind either
                continue
            for i in range(m.start, m.end - 1 if m.text in {d.name for d in m.divisions} else m.end):
                if out[i] in _UNIT_CHARS:
                    out[i] = "甲"
        return "".join(out)

    def _told_rules_masked(self, q: str) -> str:
        """`q` with each clause that states a rule about a kind of body masked (听说地级市现在也可以整体申报了, 有人说
        开发区也行, 省级开发区也能报), when another clause is the asker's own: the kind the rule names is not the
        asker's body, and a hedge on hearsay about the rule (听说) is no doubt about what that body is. A clause that
        asks (开发区也行吗) or speaks of the asker (我们县也能报) is kept. Same length, so spans stay valid."""
        spans = clauses(q)
        if len(spans) < 2:
            return q
        told = [(a, b) for a, b in spans if self._any("kind_allowed_told", q[a:b]) and not self._any(
            "self_reference", q[a:b]) and not _ASKS.search(q[a:b] + q[b:b + 1]) and self.rules.recognise(
            q[a:b], organisations=False) is not None]
        if not told:
            return q
        masked = q
        for a, b in told:
            masked = masked[:a] + "甲" * (b - a) + masked[b:]
        # The asker's own clauses must say what kind of body it is, not only where (我们是合肥的) or by pointing
        # back (我们淮南的这个是省级的吧): else the kind may be the one the rule named, and the question stays as it is.
        own = " ".join(masked[a:b] for a, b in spans if (a, b) not in told and self._any("self_reference", q[a:b]))
        for m in self.find(own):  # (a place's short name says no kind; 淮北市 says a city)
            if m.text not in {d.name for d in m.divisions}:
                own = own[:m.start] + "甲" * (m.end - m.start) + own[m.end:]
        return masked if own.strip() and self.rules.recognise(own) is not None else q

    def _renamed_masked(self, q: str) -> str:
        """`q` with what a renamed body was masked, up to the word of renaming (叶集试验区现在改叫叶集区了 →
        叶集区了): the new name is what the body is. Same length, so spans stay valid."""
        spans = clauses(q)
        for p in self.rules.groups["renamed"]:
            for m in p.finditer(q):
                a, b = _clause_of(spans, m.start())
                if not (self.find(q[m.end():b]) or self.rules.recognise(q[m.end():b], organisations=False)):
                    continue
                before = max(((x, y) for x, y in spans if y <= a), default=None)
                if m.start() - a <= 3 and before and self._any("history", q[before[0]:before[1]]):
                    a = before[0]  # 我们原来叫叶集试验区,后来改名为叶集区: the clause before says what it was
                q = q[:a] + "".join(c if _CLAUSE.match(c) else "甲" for c in q[a:m.end()]) + q[m.end():]
        for p in self.rules.groups["former_name"]:
            for m in p.finditer(q):
                q = q[:m.start()] + "甲" * (m.end() - m.start()) + q[m.end():]
        return q

    def _without_mentions(self, q: str) -> str:
        """The question without the clauses' merely-mentioned tails (和江苏苏州合作很多 → 和), and without the
        organisations the body is described by (村里有不少智能工厂): the village they are in is no more the body
        than they are."""
        spans = clauses(q)
        out = []
        for a, b in spans:
            clause = self.rules._strip("org_described", q[a:b])
            cut = min((m.start() for p in self.rules.groups["mere_mention"] for m in p.finditer(clause)),
                      default=len(clause))
            out.append(clause[:cut])
        return " , ".join(out)


_UNIT_CHARS = set("镇乡街村社区县市")
# A quotation opened just before a place and closed within a short name after it ('Anhui Industrial Park', “安徽工业园”):
# the place is a word of a name.
_QUOTED_NAME = re.compile(r"(?<![a-z])['\"“‘「『][^'\"“”‘’「」『』,，。;；?？]{0,3}$")
_QUOTE_CLOSES = re.compile(r"[^'\"“”‘’「」『』,，。;；?？]{1,30}['\"”’」』]")
# (a zone's or park's word before the quotation closes: the 'Hefei Park' in Nanjing is a name, 'Feixi County' is a place)
_ZONE_IN_QUOTE = re.compile(r"[^'\"“”‘’「」『』,，。;；?？]{0,20}?(园|区|基地|park|zone|base)[^'\"“”‘’「」『』,，。;；?？]{0,10}['\"”’」』]", re.I)
# The old word for a prefecture (徽州, 颍州, 宣州 were prefectures before they were districts' names).
_OLD_PREFECTURE_WORD = "州"
# The subject of a may-X-apply clause, up to its modal (奇瑞能, 芜湖经开区里的奇瑞可以): a name, not a pronoun.
_SUBJECT = re.compile(r"\s*(那|那么|那个|这个|请问)?(?P<name>(?!(我|咱|本|它|他|她|该|其|这|那))[\u4e00-\u9fffA-Za-z]{1,20}?)"
                      r"(也|还|都)?(能不能|可不可以|能否|可否|是否|可以|能|有没有)")
# The same in English (Chery is in Wuhu ETDZ, iFlytek sits inside the Hefei high-tech zone).
_LOCATED_IN_UNIT_EN = r"\b,?\s+(?P<unit>(is|are|sits|sit|lies|operates|is located|is based|located|based|situated)?\s*(in|inside|within)\b)"
# Words an English may-X-apply puts where a name would be that name no body (it, the park, our county).
_NOT_A_NAME = re.compile(r"(it|they|we|i|you|he|she|this|that|these|those|the|a|an|our|its|their|my|your|there|such)\b")
# A clause whose unsaid subject is the one before it, saying what that is (是省级经开区, 属于县级市, also a district).
_GOES_ON = re.compile(r"\s*(也|都|就|还|本身|其实)?(是|属于|系|为)(?!不是|否)|\s*(and )?(we're|we are|it's|it is)?\s*(also )?an? ", re.I)
# A clause that asks (…能报吗, …?) rather than states.
_ASKS = re.compile(r"(吗|么|嘛|呢|不)\s*[?？]?\s*$|[?？]")
# A clause asking of "it" (它能单独报吗, can it apply): the body is the one described before it.
_PRONOUN = re.compile(r"\s*(那|那么|那现在)?(它|它们|其)(?!他|它)|\s*(can|could|may|does|is)\s+(it|they)\b", re.I)
# A follow-up asking "what about X" (那县里的市级园区呢?, what about its park): X is the body asked about.
_WHAT_ABOUT = re.compile(r"\s*((那|那么)[^,，。;；?？]{2,30}呢\s*$|(but |and )?what about\b|(but |and )?how about\b)", re.I)
# A unit said to hold what follows it (…经开区里的, 县里面的).
_INSIDE_OF = re.compile(r"^[\u4e00-\u9fffA-Za-z]{2,16}?((里面|里头|里边|里|内|境内|之内)的|(开发区|高新区|经开区|园区|新区)的)")
# The zone's or county's own authority (高新区的管委会, 经开区的经发局): the unit itself asking, not one inside it.
_AUTHORITY = re.compile(r"(局|委|委会|办|办公室|部门|政府|处|科|党工委|管委会|领导)$")
# After a name: where it sits (奇瑞汽车在芜湖经开区里, 阳光电源位于合肥高新区内); group "unit" starts at the verb.
_LOCATED_IN_UNIT = r"[\u4e00-\u9fffA-Za-z]{0,6}?(?P<unit>(就|也|都)?(在|位于|落户在?|入驻(在|了)?|地处))"
# The hedges that say only that something is not granted yet (还没批下来, 正在申请): about an upgrade pending.
_NOT_YET = re.compile(r"正在申请|正在争取|申请升级|申请升格|待批|还没批|尚未批|报批中|pending|awaiting|in the process of|"
                      r"upgrad(e|ed|ing) to|applying to become")
# What may follow a hedge closing its clause (…省级开发区,好像是吧): nothing it says of anything else.
# The groups of eligibility.yaml that name a zone or a park (not a jurisdiction).
_ZONE_GROUPS = ("high_tech_zone", "etdz", "dev_zone", "unnamed_dev_zone", "other_zone")
# (A hedge in brackets, 省级的(我猜), provincial status (to be confirmed), closes with its bracket.)
_ONLY_PARTICLES = re.compile(r"[\s是的吧吗呢啊呀了么嘛哈()（）\]】]*")
# Words about what a body is or has become (approved, merged, revoked, its title), whatever else they say.
_STATUS = re.compile(r"批|认定|牌子|挂牌|撤|合并|并入|整合|升级|升格|降级|改名|更名|设立|成立|归属|属于|管辖|名义|资格|"
                     r"approv|recogni|designat|merg|revok|abolish|upgrad|downgrad|renam|establish|belong|status|"
                     r"title|anhui|province|provincial|national|level", re.I)
_INTRO_MAX = 16  # characters: a name and what it is (上海一家企业, 淮北高新技术产业开发区), not a sentence
_INTRO_MAX_EN = 40  # the same in English (Fengyang County (Chuzhou), Kunshan ETDZ, Jiangsu)
# An English may-X-apply: the body asked about stands between the modal and the verb.
_ASKED_IN_ENGLISH = re.compile(r"\b(?:can|could|may|is|are)\s+(?!(?:we|i|you)\b)(?P<body>[^.?!]{2,60}?)\s+(?:apply|qualify|"
                               r"be eligible|be designated)\b")

# Where the body is said to be, right before a place (在安徽, 位于安徽省, 地处): the cue and at most the
# province's name between it and the place.
_LOCATED = re.compile(r"(位于|地处|坐落在|坐落于|注册在|地址在|(?<![的是])在)[\u4e00-\u9fff]{0,3}$")

# "Our city" (我们市经信局, 本市): the asker's own city, of whatever level the question gives it.
# Words joining a place to the place inside it that it qualifies (河南那个固始, 河南的固始, 河南省固始县).
# Words taking back what was just said (其实是, 准确地说, 哦不对, actually): what follows them is the asker's word.
_CORRECTION = re.compile(r"其实|实际上|事实上|(准确|确切|严格)(地|的|来)?(说|讲)|不对|说错了|口误|更正(一下)?|纠正(一下)?|"
                         r"\bactually\b|\bin fact\b|\bcorrection\b|\bi meant\b|\bto be (precise|exact)\b", re.I)
_QUALIFIES = re.compile(r"\s*(省|市)?\s*(的|那个|那边的?|那里的?|这个|in|of|,)?\s*")
_NAMED_CITY_BUREAU = re.compile(r"市?(工信局|经信局|工业和信息化局|工信部门|经信部门|工业和信息化主管部门)|"
                                r"(\s+city)?('s)?\s+(municipal\s+)?(industry(-|\s+and\s+)(it|information technology)\s+)?"
                                r"(bureau|authority)\b", re.I)
_OWN_CITY = re.compile(r"(我们|咱们|我|本|咱)市")

# "Our area" (我区, 本区): how a district and a development zone's committee both speak of themselves.
_OUR_AREA = re.compile(r"我区|本区|全区|该区")

# "There is a … zone here, that is us" (滁州这边有个省级高新区,就是我们): the body described is the asker, with
# what is said of it, not a zone merely mentioned.
_IT_IS_US = re.compile(r"有(?:个|一个|一家|家)(?P<body>[^,，。;；?？!！]{2,30}?)[,，]\s*(?:就是|正是|即|也就是)"
                       r"(?:我们|咱们|本单位|我单位)(?:单位|这里|这儿|这边|这个)?")

# "There is a … park here; the park (its committee, it) wants to apply" (蒙城县有个市级工业园,园区管委会想自己申报;
# 县里有个省级高新区,县里想推荐它): the body introduced is the one the question then speaks of again, not a zone
# merely mentioned: the next clause begins with a word for that body, or a later one points back to it (它, 这个
# 高新区). Without such a word (我们县有个省级开发区,我们县能报吗) the park stays a mere mention.
_BACK = r"(?:园区|开发区|高新区|经开区|工业园|产业园)"
_ASKED = r"(?:想|要|去|能|可以|打算|准备|单独|自己|是否|能不能|可不可以|算不算|够格|够不够)"
_INTRODUCED_THEN_ASKED = re.compile(
    r"有(?:个|一个|座|一座)(?P<body>[^,，。;；?？!！]{0,12}?(?:园区|开发区|高新区|经开区|工业园|产业园|市辖区|区|县))"
    r"(?P<pause>['\"’”]?[,，。;；]\s*)(?=[^?？!！]{0,30}?(?:它|(?:该|这个|那个|此)" + _BACK + r")(?:的)?(?:管委会)?"
    + _ASKED + "|" + _BACK + r"(?:的)?(?:管委会|管委)?" + _ASKED + ")")

# A classifier for establishments (一家, 一所, 一间): the body is an organisation, whatever place it names.
_ESTABLISHMENT = re.compile(r"(一|某|这|那)(家|所|间)(?!乡)|医院|\b(a|an|one|the|our) ([\w-]+ )?(shop|store|hotel|restaurant|"
                            r"school|hospital|clinic|cooperative|studio|farm|family business)\b", re.I)

_JURISDICTIONS = ("county", "county_level_city", "city_district", "prefecture_city", "city_level_unknown",
                  "township_or_street")
_ZONES = ("national_dev_zone", "provincial_dev_zone", "national_high_tech_zone", "provincial_high_tech_zone",
          "national_etdz", "provincial_etdz", "municipal_dev_zone")


def _refines(wider: str, kind: str | None) -> bool:
    """Whether the whole question names the body more precisely than the clause that asks (管委会 → 省级高新区)."""
    if kind is None or kind == "city_level_unknown":
        return True
    if kind == "dev_zone_level_unknown":
        return wider in _ZONES
    return _more_specific(wider, kind)


_SPECIFICITY = ["prefecture_city", "city_level_unknown", "county_level_city", "county", "city_district",
                "township_or_street"]


def _more_specific(a: str, b: str) -> bool:
    if a in _SPECIFICITY and b in _SPECIFICITY:
        return _SPECIFICITY.index(a) > _SPECIFICITY.index(b)
    return False

