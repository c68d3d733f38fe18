"""Who may apply to create a demonstration zone (article 3), and what route exists otherwise.

The rules, the consultation's province, the names the service recognises and the words it reads a body
by are data (guidance/data/eligibility.yaml; known development zones in guidance/data/dev_zones.yaml),
loaded strictly (guidance/eligibility_data.py), one `Rules` per consultation. A question is decided in this order: a body placed in
another province is not eligible; contradictory places or levels, or a hedged description, make it
depend on what is uncertain; otherwise the kind of body decides. "Eligible" is given only when the body
is positively a creation subject. Every verdict carries the articles it rests on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from consultation.i18n import gettext

if TYPE_CHECKING:
    from .body import Body

from .eligibility_data import DATA_FILE, ZONES_FILE, EligibilityFile, Text, ZoneList, compile_pattern, norm, read
from .eligibility_messages import KIND_LABELS, PATHS, REASONS, SITUATION_PATHS, SITUATION_REASONS, VERDICT_LABELS

VERDICTS = ("eligible", "not_eligible", "depends")
ZONE_KINDS = {"national_dev_zone", "provincial_dev_zone", "national_high_tech_zone", "provincial_high_tech_zone",
              "national_etdz", "provincial_etdz", "unnamed_dev_zone", "municipal_dev_zone", "dev_zone_level_unknown"}
JURISDICTION_KINDS = {"county", "county_level_city", "city_district", "prefecture_city", "city_level_unknown"}

_ORGANISATIONS = ("park_operator", "university", "association", "enterprise", "individual")
# Not a creation subject in any province: an organisation, or a park below provincial level.
_NOT_ANYWHERE = _ORGANISATIONS + ("municipal_dev_zone",)
_COUNTY_LEVEL = ("county", "county_level_city", "city_district")
_CITIES = ("county_level_city", "prefecture_city", "city_level_unknown")  # a level conflict of one is its division's


@dataclass(frozen=True)
class Ruling:
    """What the rules say of one kind of body: its verdict, the parts it rests on, why, and how it applies.
    (Not "Verdict": the bot's rate limiter has a class of that name.)"""
    kind: str
    verdict: str  # eligible | not_eligible | depends
    refs: list[str] = field(default_factory=list)
    reason: str | Text = ""  # English msgid, or the data file's own text
    path: str | Text = ""
    params: dict = field(default_factory=dict)
    situation: str | None = None  # other_province, hedged …: decided before the kind
    excerpts: dict = field(default_factory=dict)  # ref → the passage of it quoted (eligibility_data.Rule)

    def reason_text(self, locale: str) -> str:
        return say(locale, self.reason, self.params)

    def path_text(self, locale: str) -> str:
        return say(locale, self.path, self.params)


def say(locale: str, text: str | Text, params: dict | None = None) -> str:
    zh = str(locale).startswith("zh")
    params = {k: (v[0] if zh else v[1]) if isinstance(v, tuple) else v for k, v in (params or {}).items()}
    if isinstance(text, Text):
        out = text.zh if str(locale).startswith("zh") else text.en
        return out % params if params else out
    return gettext(locale, text, **(params or {}))


# A sentence and the mark that ends it: a full stop states, a question mark asks.
_SENTENCE = re.compile(r".+?(?:[。！!？?]+|\.(?=\s)|$)", re.S)


def _asking_sentences(q: str) -> str:
    """The sentences of a long message that may ask something: those ending in a question mark, and the last.
    In a story told before the question (市里说这个示范区要先经过市工信局推荐,我们也理解。…我们能不能参与进来?;
    I'd rather not say which province we're in.) a stated sentence asks nothing, so what it says of the route or
    the place does not make the question one about the route. A message with no question mark is kept whole."""
    sentences = [m.group(0) for m in _SENTENCE.finditer(q) if m.group(0).strip()]
    if len(sentences) < 2 or not any(re.search(r"[?？]\s*$", s) for s in sentences):
        return q
    return " ".join(s for i, s in enumerate(sentences) if re.search(r"[?？]\s*$", s) or i == len(sentences) - 1)


class Rules:
    """One consultation's eligibility rules, the names it recognises and the words it reads bodies by."""

    def __init__(self, data: EligibilityFile, zones: ZoneList | None = None):
        self.data = data
        self.zones = zones
        self.by_kind = {r.kind: r for r in data.rules}
        names = [(name, kind) for kind, items in data.known_names.items() for name in items]
        for z in zones.zones if zones else ():
            names += [(n, z.kind) for n in (z.name, *z.aliases)]
        self.known = sorted(((norm(name), kind) for name, kind in names), key=lambda pair: -len(pair[0]))
        self.groups = {name: [compile_pattern(p) for p in items] for name, items in data.patterns.items()}
        self.kinds = [r.kind for r in data.rules]
        self.cache: dict = {}  # things built once from the rules on first use (the body reader)

    def hit(self, group: str, text: str) -> bool:
        return any(p.search(text) for p in self.groups[group])

    def assess_kind(self, kind: str) -> Ruling:
        """The verdict of the rules for a kind of body; unknown kinds are assessed as `other`."""
        rule = self.by_kind.get(kind) or self.by_kind["other"]
        return Ruling(kind=rule.kind, verdict=rule.verdict, refs=list(rule.refs), reason=_msg(rule.reason),
                       path=_msg(rule.path), excerpts=dict(rule.excerpts))

    def situation(self, name: str, kind: str, **params) -> Ruling:
        s = self.data.situations[name]
        j = self.data.jurisdiction
        params = {"province": (j.zh, j.en), **params}
        return Ruling(kind=kind, verdict=s.verdict, refs=list(s.refs), reason=_msg(s.reason), path=_msg(s.path),
                       params=params, situation=name, excerpts=dict(s.excerpts))

    def recognise(self, text: str, organisations: bool = True) -> str | None:
        """The kind of body `text` names (a name, an abbreviation, or a question about one), or None."""
        # (The draft's kind words quoted as words, “县(市、区)”, describe no body: draft_term_quoted.)
        t = self._strip("draft_term_quoted", _NOT_ENTITY.sub(" ", norm(text)))
        described = self.hit("prefecture_described", t)  # (read before its 几个区县 is taken as units below it)
        # Units below the body (下面的区县) and organisations the body is described by (区里企业不多) are
        # not the body.
        t = self._strip("org_described", self._strip("subordinate", t))
        # Powers granted, firms' titles and a kind asked to count as: none is the body's.
        for group in ("granted_powers", "firm_title", "category_asked"):
            t = self._strip(group, t)
        # Under a told rule, "not provincial ones?" checks the rule's premise; it denies no body's level.
        premise = self.hit("rule_told", t)
        if premise:
            return self._beside_rule(t, organisations)
        # An upgrade to provincial level not granted yet (正在申请升省级) is not the level held: the level
        # the question states decides (现在是市级的: below provincial), or none is known.
        t = self._strip("pending_upgrade", t)
        # Nor is a national level sought (已是省级,正在争取升国家级): the level held is the one said apart from it.
        t = self._strip("upgrade", t) if self._strip("upgrade", t).strip() else t
        if not t.strip():
            return None
        if organisations:
            if self.hit("private_park", t):
                return "park_operator"  # a firm's own park: the firm's, whichever of the two asks
            for group in ("park_operator", "university", "association", "enterprise", "individual"):
                if self.hit(group, t):
                    return group
        # A township or street named after a zone is inside it (高新区的托管街道): the smaller unit asks.
        street = min((m.start() for p in self.groups["township_or_street"] for m in p.finditer(t)), default=None)
        zone_at = min((m.start() for g in ("high_tech_zone", "etdz", "dev_zone") for p in self.groups[g]
                       for m in p.finditer(t)), default=None)
        if street is not None and zone_at is not None and street > zone_at:
            return "township_or_street"
        # A part of a zone (合肥高新区里的园中园) is not the zone it is part of, even one on the list.
        if self.hit("zone_part", t):
            return "dev_zone_level_unknown"
        # Zones before places: 合肥高新区 is a zone, not the city of Hefei.
        for name, kind in self.known:
            if name in t and kind not in JURISDICTION_KINDS:
                return kind
        zone = self.zone_type(t)
        if zone:
            plain = t
            for p in self.groups["negated_level"]:
                plain = p.sub(" ", plain)
            # Only a provincial level denied (不是省级) puts the body below it; 不是国家级 leaves provincial open.
            denied_provincial = any(re.search(r"省|provinc", m.group(0), re.I)
                                    for p in self.groups["negated_level"] for m in p.finditer(t))
            below = self.hit("below_provincial_level", plain) or denied_provincial and not (
                self.hit("provincial_level", plain) or self.hit("national_level", plain))
            if below:
                return "municipal_dev_zone"
            level = ("national" if self.hit("national_level", plain) else "provincial"
                     if self.hit("provincial_level", plain) else None)
            if level is None or zone == "other":
                return "dev_zone_level_unknown"
            if zone == "unnamed":  # an 经济开发区 at provincial level or above: a type article 3 does not name
                return "unnamed_dev_zone"
            return {"high_tech": f"{level}_high_tech_zone", "etdz": f"{level}_etdz", "dev": f"{level}_dev_zone"}[zone]
        # A city described by the counties or districts it has (设区的市, a city with several districts) is a
        # prefecture-level city, unless a smaller unit of its own asks (我们县在设区的市下面).
        if described:
            t = self._strip("prefecture_described", t)
            if not any(self.hit(g, t) for g in ("township_or_street", "county_level_city", "county", "city_district")):
                return "prefecture_city"
        # A zone only denied or asked about (不是高新区, 能不能算开发区) does not make a district of its 区, nor
        # does a unit denied (既不是县) make the body one.
        t = self._strip("not_a_type", t)
        for g in ("high_tech_zone", "etdz", "unnamed_dev_zone", "dev_zone", "other_zone"):
            t = self._strip(g, t)
        # The smallest unit named wins: 合肥市包河区 is a district, 合肥市肥西县 a county.
        for group in ("township_or_street", "county_level_city", "county", "city_district"):
            if self.hit(group, t):
                return group
        for name, kind in self.known:
            if name in t:
                return kind
        for group in ("prefecture_city", "city_level_unknown", "province"):
            if self.hit(group, t):
                return group
        return None

    def _beside_rule(self, t: str, organisations: bool) -> str | None:
        """The body a question names beside a rule told to the asker (有人说只有国家级开发区才行,我们县呢?): the
        rule's condition removed whole; when nothing else names a body (只有国家级高新区才行吧,省级的呢?), only
        its level, so its kind is the one asked about at the other level."""
        t = self._strip("negated_level", t)  # not provincial ones? / 省级不行?: the premise checked, no level denied
        kind = self.recognise(self._strip("rule_told", t), organisations)
        if kind is not None:
            return kind
        # (only national zones can apply, right?: the zones the premise leaves out, provincial ones, are asked of)
        level = re.compile(r"国家级|\bnational(-level)?\b", re.I)
        for p in self.groups["rule_told"]:
            t = p.sub(lambda m: level.sub(lambda x: "省级" if x.group(0) == "国家级" else "provincial", m.group(0)), t)
        return self.recognise(t, organisations)

    def _strip(self, group: str, text: str) -> str:
        for p in self.groups[group]:
            text = p.sub(" ", text)
        return text

    def zone_type(self, text: str) -> str | None:
        """The type of zone `text` describes: one article 3 names (high_tech, etdz, dev), "unnamed" (an
        经济开发区: a development zone whose type article 3's parenthesis does not name), "other" (a park,
        bonded zone or new area the article neither names nor excludes, or a part of a zone), or None. Types
        denied (不是高新区) or only asked about (算不算开发区) are not the body's, nor is the 开发区 a bonded
        zone or free-trade area asks to count as (special_zone)."""
        t = norm(text)
        if self.hit("zone_part", t) or self.hit("special_zone", t):
            return "other"
        typed = self._strip("not_a_type", t)
        if self.hit("unnamed_dev_zone", typed) and not self.hit("high_tech_zone", typed) and not self.hit("etdz", typed):
            # Named plainly, an 经济开发区 is a development zone (开发区, article 3's word), named as the asker
            # names it; set apart from the types article 3's parenthesis names, it is a type the office must
            # rule on (eligibility.yaml).
            return "unnamed" if self.hit("etdz_set_apart", t) else "dev"
        if self.hit("high_tech_zone", typed):
            return "high_tech"
        if self.hit("etdz", typed):
            return "etdz"
        if self.hit("dev_zone", typed):
            return "dev"
        if self.hit("other_zone", typed):  # (a type denied or asked about, 只有国家级高新区, is no 新区 either)
            return "other"
        return None

    def known_zone(self, text: str) -> bool:
        """Whether `text` names a zone on the office's list."""
        t = norm(text)
        return any(name in t for name, kind in self.known if kind not in JURISDICTION_KINDS)

    def is_question(self, q: str) -> bool:
        """Whether `q` asks if someone may apply (not what applying needs, how or when)."""
        from .body import pauses_marked

        q = pauses_marked(q)
        if not self.hit("apply_question", q) and not self._asker_intends(q):
            return False
        if self.asks_apply_alone(q):
            return True
        if self._asks_when(q) or self.hit("terms_asked", q):
            return False
        return not self.hit("other_ask", _asking_sentences(q)) or self.hit("strong_apply", q) or self._asker_intends(q)

    def asks_apply_alone(self, q: str) -> bool:
        """Whether one question of a message of several asks, by itself, whether someone may apply (我们一个县能不能
        作为创建主体去报?第二,材料交给谁?; 我们是濉溪县的,能报吧?结果在哪公示?): that question is a may-we-apply
        whatever the others ask (the materials, the calendar, the route), which are answered beside the verdict.
        Only a sentence ending in a question mark, asking nothing else itself; an intention alone (想报,需要啥材料)
        asks no verdict. Only a Chinese sentence: the English asking words (is … eligible, are … allowed) ask as often
        about a rule as about the asker, so an English message is read whole (strong_apply: can we apply)."""
        sentences = [m.group(0) for m in _SENTENCE.finditer(q) if m.group(0).strip()]
        if len(sentences) < 2:
            return False
        for s in sentences:
            if not re.search(r"[?？]\s*$", s) or not re.search(r"[\u4e00-\u9fff]", s) or not self.hit("apply_question", s):
                continue
            if not (self.hit("other_ask", s) or self.hit("terms_asked", s) or self.hit("timing_ask", s)):
                return True
        return False

    def _asks_when(self, q: str) -> bool:
        """Whether the question asks when one may apply (明年还能报吗): a time in the clause that asks of a body,
        or, when no one clause does, anywhere. A time the asker only states (我们是颍上县,估计明年才报,县一级有资格吗)
        leaves the may-we-apply."""
        from .body import clauses

        if not self.hit("timing_ask", self._strip_upgrades(q)):
            return False
        clauses = [q[a:b] for a, b in clauses(q) if not (self.hit("upgrade", q[a:b]) or self.hit("pending_upgrade", q[a:b]))]
        # (A clause that asks only of what came before, 可以吗, is that allowed, asks of that clause's time.)
        asking = [c for c in clauses if self.hit("apply_question", c) and self.recognise(c)]
        return not asking or all(self.hit("timing_ask", c) for c in asking)

    def content_asked(self, q: str) -> bool:
        """Whether a may-we-apply read only from a named body's intention (我们是泗县经信局,想报,需要啥材料) asks
        about the application's content: then only a body that may not apply is told so; for the rest the
        content is the answer (the sets give such questions no verdict)."""
        from .body import pauses_marked

        q = pauses_marked(q)
        asked = _asking_sentences(q)  # (what the story before the question states is not asked)
        return self.hit("content_ask", asked) and not (self.hit("apply_question", q) and (
            not self.hit("other_ask", asked) or self.hit("strong_apply", q))) and not self.asks_apply_alone(q)

    def _asker_intends(self, q: str) -> bool:
        """Whether the asker says its own body means to apply (铜陵枞阳县经信局,我们县想申报) and names that
        body's place or zone, not only its kind (我们县): what someone else means to do (管委会说想报) does
        not count."""
        from .body import clauses

        reader = self._reader()
        spans = clauses(q)
        own = [i for i, (a, b) in enumerate(spans) if self.hit("self_reference", q[a:b])]
        if len(spans) >= 2 and reader.introduces(q[spans[0][0]:spans[0][1]]):
            own.append(0)
        named = any(reader.find(q[spans[i][0]:spans[i][1]]) or self.known_zone(q[spans[i][0]:spans[i][1]])
                    for i in own)
        for i, (a, b) in enumerate(spans):  # 滁州来安县想申报…: the body named, then its intention
            m = next((m for p in self.groups["intends"] for m in p.finditer(q, a, b)), None)
            if m and reader.introduces(q[a:m.start()]):
                named = True
                own.append(i)
        # The intention in the asker's clause, or in a clause of its own whose subject is left unsaid (…国家级的,
        # 想报技术赋能类): the speaker's, as in a run of clauses about the same body.
        said = own + [i for i, (a, b) in enumerate(spans) if _BARE_INTENTION.match(q, a)]
        return named and any(p.search(q[spans[i][0]:spans[i][1]]) and not re.search(
            r"说|讲|让|叫|要求", q[spans[i][0]:spans[i][1]]) for i in said for p in self.groups["intends"])

    def _strip_upgrades(self, q: str) -> str:
        """`q` without its clauses about becoming national-level (明年要升国家级): their time is the upgrade's,
        not a question about when to apply."""
        from .body import clauses

        return " ".join(q[a:b] for a, b in clauses(q) if not (self.hit("upgrade", q[a:b]) or self.hit(
            "pending_upgrade", q[a:b]))) or q

    def describes_asker(self, q: str) -> bool:
        """Whether one of the asker's own clauses (我们是…, we are…) names a body or a place: "we" alone
        (材料谁盖章我们搞不清) describes no one."""
        from .body import clauses, pauses_marked

        q = pauses_marked(q)
        reader = self._reader()
        for i, (a, b) in enumerate(spans := clauses(q)):
            clause = q[a:b]
            introduces = i == 0 and len(spans) >= 2 and reader.introduces(clause)  # 桐城市经信局咨询,…
            if (introduces or self.hit("self_reference", clause)) and self.recognise(clause):
                return True
        return False

    def _reader(self):
        from .body import Reader

        reader = self.cache.get("reader")
        if reader is None:
            reader = self.cache["reader"] = Reader(self)
        return reader

    def assess_question(self, q: str) -> tuple[Ruling, Body] | None:
        """The verdict on the body a normalised may-we-apply question describes, or None if it names none."""
        from .body import pauses_marked

        q = self._own_standing(pauses_marked(q))
        body = self._reader().read(q, self.recognise)
        # (A body placed in a county of another province, 婺源县(江西上饶), is there: an old prefecture's name it
        # mentions, 古徽州, is its history, not its level.)
        placed_away = body.outside is not None and body.outside.level == "county"
        if body.old_prefecture is not None and not placed_away and (body.kind is None and not body.places or (
                self.assess_kind(body.kind or "other").verdict != "not_eligible" and not self._placed_home(body))):
            return self._old_prefecture(body), body  # 我们是徽州的: 徽州区, or the old 徽州 (黄山市)?
        if body.kind not in _ORGANISATIONS and self._firm_subject(q):
            return self.assess_kind("enterprise"), body  # 科大讯飞能不能作为主体, 肥西县的某某科技能报吗
        if body.kind is None and not body.places:
            if body.ambiguous:  # "Suzhou can apply?": 苏州 (Jiangsu) or 宿州 (Anhui)
                name = body.ambiguous[0].text
                return self.situation("ambiguous_place", "other", place=(name, name)), body
            if self._unknown_subject(q):
                return self.assess_kind("other"), body  # 中国声谷能不能作为主体: a body nothing here knows
            return None
        kind = body.kind or "other"
        home = self.data.jurisdiction.province
        readings = [d for m in body.ambiguous for d in m.divisions]
        if kind == "city_level_unknown" and not body.places and any(d.province == home for d in readings) and all(
                d.level == "prefecture" or d.province != home for d in readings):
            # the city of Suzhou: 宿州 (a prefecture-level city of the province) or a place elsewhere, no
            # creation subject either way
            kind = "prefecture_city"
        if kind in ("provincial_dev_zone", "national_dev_zone") and self.hit("unnamed_dev_zone", q) and self.hit(
                "etdz_set_apart", q):
            kind = "unnamed_dev_zone"  # an 经济开发区 the asker sets apart from 经济技术开发区 (zone_type)
        if body.outside is None and not body.places and self.hit("another_province", q):
            return self.situation("other_province", kind, place=("该主体", "The body")), body
        if body.outside is not None:
            return self.situation("other_province", kind, place=_place(body)), body
        if body.conflict == "place" and not (kind in _NOT_ANYWHERE and self.assess_kind(kind).verdict == "not_eligible"):
            # An organisation or a park below provincial level is not a creation subject wherever it is (上海张江
            # 在萧县建的县管园区); for the rest, a place conflict asks where the body is.
            away = [d for d in body.places if d.province != self.data.jurisdiction.province]
            return self.situation("place_conflict", kind, place=(away[-1].name, away[-1].english)), body
        verdict = self.assess_kind(kind)
        if kind in ZONE_KINDS and verdict.verdict != "not_eligible" and self.hit("located_beside_zone", q) and not (
                self.hit("zone_authority", q)):
            return self.situation("beside_zone", kind), body  # 我们位于合肥高新区旁边: the zone is a neighbour
        if verdict.verdict != "not_eligible" and kind not in JURISDICTION_KINDS and self._asker_inside_zone(q):
            return self.situation("inside_zone", kind), body  # 我们在芜湖经开区里: a unit in the zone, not the zone
        if (body.zone_type_unknown or kind == "dev_zone_level_unknown") and self.hit("zone_part", q) and self.hit(
                "zone_bypassed", q):
            return self.situation("part_bypassing", kind), body  # 分园单独申报,不经过高新区管委会
        if verdict.verdict != "not_eligible" and self.hit("boundaries_unsettled", q):
            return self.situation("boundaries_unsettled", kind), body  # 四至范围还没定下来: article 5 (一) decides
        if kind == "dev_zone_level_unknown" and not body.hedged and self.hit("pending_upgrade", q):
            return self.situation("upgrade_pending", kind), body  # 报了升省级,批复还没下来: the level sought is not held
        if body.zone_type_unknown and verdict.verdict != "not_eligible" and not body.hedged:
            return self.situation("zone_type", kind), body
        if body.conflict == "level" and (kind in ZONE_KINDS or kind in JURISDICTION_KINDS):
            return self.situation("city_level_conflict" if kind in _CITIES else "level_conflict", kind), body
        if kind == "municipal_dev_zone" and not body.hedged and self.hit("pending_upgrade", q) and self.hit(
                "upgrade_awaited", q):
            return self.situation("upgrade_pending", kind), body  # 市级的,正在申请升省级,今年能报吗
        if verdict.verdict == "not_eligible" and not body.hedged:
            return verdict, body
        if body.hedged:
            return self.situation("hedged", kind), body
        if body.elsewhere and not body.places and verdict.verdict == "eligible":
            d = body.elsewhere[0]
            return self.situation("unplaced", kind, place=(d.name, d.english)), body
        if body.ambiguous and verdict.verdict == "eligible" and not self._placed_home(body) and not self._zone_home(body, kind):
            name = body.ambiguous[0].text
            return self.situation("ambiguous_place", kind, place=(name, name)), body
        if verdict.verdict == "eligible" and kind in _COUNTY_LEVEL and not self._county_level_placed(q, body):
            return self.situation("city_level_conflict", kind), body  # 我们是滁州市,也是县级市: the city is not
        if verdict.verdict == "eligible" and (self._place_withheld(q, body) or not self._identified(q, body)):
            return self.situation("not_identified", kind), body
        if verdict.verdict == "eligible" and self.hit("several_bodies", q) and not self.hit("bureau_or_government", q):
            county = self._county_around(body, kind)
            if county is not None and self.hit("each_body", q) and not self.hit(
                    "several_bodies", self._strip("each_body", q)):
                en = kind_label(kind, "en")
                return self.situation("each_eligible", kind, county=(county.name, county.english), zone=(
                    kind_label(kind, "zh_CN"), en[:1].lower() + en[1:])), body  # 广德市和其境内的国家级经开区,各自
            counties = self._counties_each(q, body, kind)
            if counties and self.hit("each_body", q) and not self.hit("several_bodies", self._strip("each_body", q)):
                return self.situation("each_county_eligible", kind, bodies=(
                    "和".join(d.name for d in counties), " and ".join(d.english for d in counties))), body
            return self.situation("several_bodies", kind), body  # each of two bodies, or both at once
        return verdict, body

    def _unknown_subject(self, q: str) -> bool:
        """Whether a clause asks if something it names may be the applying body (中国声谷能不能作为主体申报):
        a name of two characters or more before the asking words, which names no kind of body and no type of
        zone the draft defines. Nothing known of it, it depends on what it is."""
        from .body import _SUBJECT, clauses

        for a, b in clauses(q):
            if not self.hit("as_subject", q[a:b]):
                continue
            m = _SUBJECT.match(q, a, b)
            if m and len(m.group("name")) >= 2 and not re.search(r"类|示范区|哪|什么|谁", m.group("name")):
                return True
        return False

    def _firm_subject(self, q: str) -> bool:
        """Whether a clause asking if someone may apply has a firm for its subject (科大讯飞能不能作为主体申报,
        合肥某某科技能报吗, can iFlytek apply): named by its ending or as a firm everyone knows. A firm is no creation
        subject, whatever place it names; the asker's own body (我们, 县里) as the subject is not such a name."""
        from .body import _ASKED_IN_ENGLISH, clauses

        for a, b in clauses(q):
            clause = q[a:b]
            if not (self.hit("apply_question", clause) or self.hit("as_subject", clause) or self.hit("apply_verb", clause)):
                continue
            # (Each modal tried: a firm's name may hold one, 某某智能科技能报吗.)
            for m in _MODAL.finditer(clause):
                name = _LEAD.sub("", clause[:m.start()]).strip()
                if len(name) >= 2 and not _SELF.match(name) and self.hit("firm_name", name):
                    return True
        return any(self.hit("firm_name", m.group("body").strip()) for m in _ASKED_IN_ENGLISH.finditer(q))

    def _own_standing(self, q: str) -> str:
        """`q` without the other body that might apply for the one asking, when it asks whether it may apply by
        itself (管委会能不能自己单独报,还是只能由庐江县来报): one body asking of its own standing, which its kind
        answers, not two bodies each asked of. Unchanged otherwise."""
        alone = self._strip("alternative_applicant", q)
        if alone != q and self.hit("own_standing", alone) and not self.hit("several_bodies", alone):
            return alone
        return q

    def _old_prefecture(self, body) -> Ruling:
        """"It depends" for a district named by a stem that is also an old prefecture's name (徽州): the
        district may apply, the prefecture-level city it was the old name of may not."""
        m = body.old_prefecture
        district = m.divisions[0]
        g = self._reader().g
        city = g.divisions.get(district.prefecture + "00")
        city_names = (city.name, city.english) if city else ("", "")
        return self.situation("old_prefecture_name", body.kind or "other", place=(m.text, m.text),
                              district=(district.name, district.english), city=city_names)

    def _county_around(self, body, kind: str):
        """The province's county-level division a zone of an eligible kind is placed in, itself a creation
        subject: the second of two bodies a question names (广德市 and its national zone). None otherwise."""
        if kind not in ZONE_KINDS or body.hedged or body.conflict or body.ambiguous or body.zone_type_unknown:
            return None
        home = self.data.jurisdiction.province
        counties = [d for d in body.places if d.level == "county" and d.province == home]
        if len(counties) != 1 or self.assess_kind(counties[0].county_kind).verdict != "eligible":
            return None
        return counties[0]

    def _asker_inside_zone(self, q: str) -> bool:
        """Whether the asker places itself inside a zone (我们在芜湖经开区里, we are based in the X zone) and asks of
        itself: then it is a unit in the zone, not the zone. The zone's own authority speaking is the zone, and a
        clause asking of the zone by name (…,芜湖经开区能报吗) asks of the zone, wherever the asker sits."""
        if not self.hit("located_inside_zone", q) or self.hit("zone_authority", q):
            return False
        verbs, _ = self._reader().subject_spans(q)
        asked = " ".join(q[a:b] for a, b in verbs)
        return not (asked.strip() and self.zone_type(asked) is not None and not self.hit("self_reference", asked))

    def _counties_each(self, q: str, body, kind: str) -> list:
        """The province's county-level divisions a question names, when it names two or more, each a creation
        subject (埇桥区和灵璧县), and no place of any other province nor any name in doubt. Empty otherwise."""
        if kind not in _COUNTY_LEVEL or body.hedged or body.conflict or body.ambiguous or body.outside is not None:
            return []
        # Any other body named beside them (a zone, a park, a town, a firm: 肥西县、长丰县和一家企业) is one more
        # body the answer would have to judge; the asker's own words before a client named (我是咨询公司的,
        # 客户是…) are not.
        client = next((m for p in self.groups["client_named"] for m in p.finditer(q)), None)
        named = q[client.end():] if client else q
        if any(self.hit(g, named) for g in ("high_tech_zone", "etdz", "dev_zone", "unnamed_dev_zone", "other_zone",
                                           "special_zone", "township_or_street", *_ORGANISATIONS)):
            return []
        home = self.data.jurisdiction.province
        mentions = self._reader().find(q)
        if any(m.weak or len({d.code for d in m.divisions}) != 1 or m.divisions[0].province != home for m in mentions):
            return []
        # A city or province is allowed only as the place of the county right after it (宿州市埇桥区): named
        # apart (合肥市和肥西县), it is a body of its own, which is no creation subject.
        # (The province said of them, 都是安徽的, places them.)
        mentions = [m for m in mentions if not (m.divisions[0].level == "province" and re.match(r"省?的", q[m.end:]))]
        for m, after in zip(mentions, [*mentions[1:], None]):
            if m.divisions[0].level != "county" and (after is None or not re.fullmatch(
                    r"(省|市)?(的)?\s*|'s\s+", q[m.end:after.start], re.I)):
                return []
        counties = list({d.code: d for m in mentions for d in m.divisions if d.level == "county"}.values())
        if len(counties) < 2 or any(self.assess_kind(d.county_kind).verdict != "eligible" for d in counties):
            return []
        return counties

    def _county_level_placed(self, q: str, body) -> bool:
        """Whether a county-level body placed only by a prefecture of the province is a unit of it (马鞍山的一个区,
        a district in Hefei), not the prefecture itself said to be county-level (我们是滁州市,也是县级市)."""
        home = [d for d in body.places if d.province == self.data.jurisdiction.province]
        if not home or any(d.level == "county" for d in home) or not any(d.level == "prefecture" for d in home):
            return True
        t = norm(q)
        for d in home:
            if d.level != "prefecture":
                continue
            # (its English name too, in a Chinese question: 安徽 Chuzhou 的一个区)
            names = {d.name, d.name[:-1] if d.name.endswith("市") else d.name, d.english.lower()}
            if any(re.search(re.escape(n) + r"\s*(市)?(的|下面的?|下边的?|底下的?|下辖的?|下属的?|管辖的?|辖区内的|里的|所辖的?|代管的?)?(一个|某个|某|其中一个|其中的|"
                             r"[两二三四五六七八九十几]个?)?"
                             r"(县级市|县|区|市辖区)", t) or re.search(re.escape(n) + r"(市)?代管的?(一个|某个)?市", t)
                   for n in names):
                return True
            if any(re.search(r"(县级市|县|区|市辖区)(也|就|是)?(在|位于|属于|归)" + re.escape(n), t) for n in names):
                return True  # 我们区在合肥
            if any(re.search(re.escape(n) + r"(市)?(的|这边的?|那边的?)?[,，]?\s*((我们|咱们|俺们|我|本)(这个)?(县|区)(?!级)|[,，]\s*(县|区)(里|这边)(?![^,，。?？]{0,3}(的|有)))", t)
                   for n in names):
                return True  # 我们是芜湖的,我们区经信局…: the asker's district, named by the city it is in
            english = d.english.lower()
            # (a county-level city under Anqing, administered by Xuancheng: the prefecture that runs it)
            if re.search(r"\b(county|district|county-level city)\b[^.?!]{0,30}\b(in|of|under|administered by|managed by|run by)"
                         r"\s+(the\s+)?" + re.escape(english), t):
                return True
        return False

    def _place_withheld(self, q: str, body) -> bool:
        """Whether the asker leaves where the body is unsaid (哪个省先不说, won't say which province): then it is never
        placed. Only its name withheld (具体名字先不说) of a body the question places in the province leaves it
        placed: its kind and province, what article 3 asks, are said."""
        if not self.hit("unknown_place", q):
            return False
        return not (self._placed_home(body) and self.hit("name_withheld", q) and not self.hit(
            "unknown_place", self._strip("name_withheld", q)))

    def _placed_home(self, body) -> bool:
        return any(d.province == self.data.jurisdiction.province for d in body.places)

    def _zone_home(self, body, kind: str) -> bool:
        """Whether a zone is placed only by names each of which means places of the province alone (Huangshan: 黄山市
        or its 黄山区): the zone is in the province whichever is meant; for a county-level body the level would differ."""
        home = self.data.jurisdiction.province
        return kind in ZONE_KINDS and all(d.province == home for m in body.ambiguous for d in m.divisions)

    def _identified(self, q: str, body) -> bool:
        """Whether the body is positively placed in the province (a division of it, or a zone on the office's
        list): "eligible" needs this, never merely the absence of a place elsewhere. A false "eligible" is
        the worst error the engine can make, so the asker's own body of the right kind but no stated place
        (我们县, our zone) depends."""
        if self._placed_home(body) or body.ambiguous and self._zone_home(body, body.kind or "other"):
            return True
        if self.hit("unnamed_body", q):
            return False  # 某县能申报吗: a particular county, unnamed
        if not self.hit("self_reference", self._strip("kind_of_ours", q)):
            return True  # a kind of body asked about (can a county apply?, 我们这种县), which article 3 answers
        t = norm(q)
        return any(name in t for z in (self.zones.zones if self.zones else ()) for name in
                   (norm(z.name), *(norm(a) for a in z.aliases)))



# What may stand between a firm's name and the clause's start (那, 请问), the asker's own words (我们, 县里), and
# the modal or role word a firm's name comes right before (能, 可以, 作为).
_LEAD = re.compile(r"^\s*(那么|那|请问|问下|问一下)?")
_SELF = re.compile(r"(我|咱|本|俺|县里|区里|市里|园区)")
_MODAL = re.compile(r"(也|还|都)?(能不能|可不可以|能否|可否|是否|可以|能|有没有资格|作为|当作|想)")

# A clause opening with the intention to apply, its subject left unsaid (想报技术赋能类, 打算申报).
# (想单独申报, 打算自己去报: applying alone is applying.)
_BARE_INTENTION = re.compile(r"\s*(县里|区里|园区|管委会|我县|我区|本县|本区)?(也|还|现在|今年|明年)?(想|打算|准备|计划|拟)(要)?"
                             r"(单独|独立|自己|自行|自主)?(去|来)?(申报|报|申请|创建)")


def _place(body) -> tuple[str, str]:
    """The body's place outside the province, in Chinese and in English."""
    inside = [d for d in body.places if d.province == body.outside.province] or [body.outside]
    return "".join(d.name for d in inside), ", ".join(d.english for d in reversed(inside))


def _msg(x: str | Text) -> str | Text:
    if isinstance(x, Text):
        return x
    return REASONS.get(x) or PATHS.get(x) or SITUATION_REASONS.get(x) or SITUATION_PATHS[x]


def load(path: Path = DATA_FILE, consultation=None, zones_path: Path | None = ZONES_FILE) -> Rules:
    """One consultation's rules (by default this service's), checked against its references."""
    return Rules(*read(path, consultation, zones_path))


@lru_cache(maxsize=1)
def rules() -> Rules:
    return load()


ENTITY_KINDS: list[str] = rules().kinds


def assess_kind(kind: str) -> Ruling:
    """The verdict of article 3 for a kind of body; unknown kinds are assessed as `other`."""
    return rules().assess_kind(kind)


def verdict_label(verdict: str, locale: str) -> str:
    """eligible / not_eligible / depends, as shown to people (可以申报 / 不能申报 / 视情况而定)."""
    return gettext(locale, VERDICT_LABELS[verdict])


def kind_label(kind: str, locale: str) -> str:
    return gettext(locale, KIND_LABELS.get(kind, KIND_LABELS["other"]))


_NOT_ENTITY = re.compile(r"(?<!自主创新)示范区|demonstration\s+zones?|创建主体|申报主体|creation\s+subjects?|"
                         r"applying\s+(entity|body|entities|bodies)|"
                         # the zone applied for, not the body: apply for this Anhui zone, qualify for the
                         # technology-empowerment zone, go for the zone
                         r"\b(apply|applying|join|joining|qualif(y|ies|ied|ying)|eligible|go|going|bid|bidding)\s+"
                         r"(for|to)?\s*(this|the|that|an|a)\s+[\w' -]{0,30}?zones?\b", re.I)


def recognise_entity(text: str) -> str | None:
    """The kind of body `text` names (a name, an abbreviation, or a question about one), or None."""
    return rules().recognise(text)


__all__ = ["ENTITY_KINDS", "Rules", "Ruling", "assess_kind", "kind_label", "load",
           "recognise_entity", "verdict_label", "KIND_LABELS", "VERDICT_LABELS", "VERDICTS"]
