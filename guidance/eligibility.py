"""Who may apply to create a demonstration zone (article 3), and what route exists otherwise.

The rules and the names the service recognises are data (guidance/data/eligibility.yaml), loaded
strictly; the English message ids for reasons, routes and kind names live here so that Babel extracts
them (locales/guidance). Every verdict carries the articles it rests on.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from consultation.document import get_consultation
from consultation.i18n import N_, gettext

DATA_FILE = Path(__file__).parent / "data" / "eligibility.yaml"
VERDICTS = ("eligible", "not_eligible", "depends")
JURISDICTION_KINDS = {"county", "county_level_city", "city_district", "prefecture_city", "city_level_unknown"}

VERDICT_LABELS = {
    "eligible": N_("Eligible to apply"),
    "not_eligible": N_("Not eligible to apply"),
    "depends": N_("It depends"),
}

KIND_LABELS = {
    "county": N_("County"),
    "county_level_city": N_("County-level city"),
    "city_district": N_("City district"),
    "national_dev_zone": N_("National-level development zone"),
    "provincial_dev_zone": N_("Provincial-level development zone"),
    "national_high_tech_zone": N_("National high-tech industrial development zone"),
    "provincial_high_tech_zone": N_("Provincial high-tech industrial development zone"),
    "national_etdz": N_("National economic and technological development zone"),
    "provincial_etdz": N_("Provincial economic and technological development zone"),
    "municipal_dev_zone": N_("Development zone below provincial level (municipal, county or lower)"),
    "dev_zone_level_unknown": N_("Development zone, level not stated"),
    "township_or_street": N_("Township, town or street (sub-district)"),
    "prefecture_city": N_("Prefecture-level city"),
    "city_level_unknown": N_("City, level not stated"),
    "enterprise": N_("Enterprise"),
    "university": N_("University or research institute"),
    "park_operator": N_("Park operator or development company"),
    "association": N_("Industry association or other organisation"),
    "individual": N_("Individual"),
    "other": N_("Other body"),
}

REASONS = {
    "county_level_subject": N_(
        "Article 3 names counties, county-level cities and city districts (县(市、区)) as creation subjects."),
    "zone_provincial_or_above": N_(
        "Article 3 names development zones at provincial level or above, including high-tech industrial "
        "development zones and economic and technological development zones, as creation subjects."),
    "zone_below_provincial": N_(
        "Article 3 admits development zones only at provincial level or above; a zone below provincial level "
        "is not a creation subject."),
    "zone_level_unknown": N_(
        "It depends on the zone's level: article 3 admits development zones at provincial level or above "
        "(including high-tech and economic and technological development zones); below that level a zone is "
        "not a creation subject."),
    "township_not_subject": N_(
        "Article 3 names county-level jurisdictions and development zones at provincial level or above; "
        "townships, towns and streets are not creation subjects."),
    "prefecture_not_subject": N_(
        "A prefecture-level city is not a creation subject under article 3; its industry-and-IT authority "
        "cultivates and recommends demonstration zones (article 4) and makes the first review of applications "
        "(article 8)."),
    "city_level_unknown": N_(
        "It depends on the city's level: a county-level city is a creation subject under article 3; a "
        "prefecture-level city is not, its bureau reviews and recommends (article 4)."),
    "organisation_not_subject": N_(
        "Only county-level jurisdictions and development zones at provincial level or above are creation "
        "subjects (article 3); the application is submitted by their industry-and-IT authority (article 8)."),
    "operator_not_subject": N_(
        "A park operator or development company is not a creation subject (article 3); only the "
        "industry-and-IT authority of a county-level jurisdiction or of a development zone at provincial "
        "level or above applies (article 8)."),
    "individual_not_subject": N_(
        "Individuals are not creation subjects (article 3); the applicants are county-level jurisdictions and "
        "development zones at provincial level or above."),
    "other_kind": N_(
        "It depends on what kind of body it is: article 3 admits only counties, county-level cities, city "
        "districts and development zones at provincial level or above."),
}

PATHS = {
    "county_level_route": N_(
        "The industry-and-IT authority of the county, city or district applies as the applying body with the "
        "consent of the government at its level, and submits the materials to the municipal bureau of "
        "industry and information technology, which reviews them and recommends the best to the provincial "
        "department (article 8)."),
    "zone_route": N_(
        "The zone's industry-and-IT authority applies as the applying body with the consent of the "
        "administrative committee, and submits the materials to the municipal bureau of industry and "
        "information technology, which reviews them and recommends the best to the provincial department "
        "(article 8)."),
    "zone_below_provincial_route": N_(
        "The county, county-level city or district in which the zone lies can be the creation subject "
        "(article 3); its industry-and-IT authority applies through the municipal bureau (article 8)."),
    "township_route": N_(
        "The county, county-level city or district to which the township or street belongs can be the "
        "creation subject (article 3); its industry-and-IT authority applies through the municipal bureau "
        "(article 8)."),
    "prefecture_route": N_(
        "The city's counties, county-level cities and districts, and the development zones at provincial "
        "level or above in it, apply; the municipal bureau of industry and information technology reviews "
        "their materials and recommends the best to the provincial department (articles 4 and 8)."),
    "city_level_unknown_route": N_(
        "A county-level city applies through its industry-and-IT authority with the consent of its "
        "government; a prefecture-level city's bureau reviews applications and recommends them (articles 4 "
        "and 8)."),
    "enterprise_route": N_(
        "An enterprise does not apply itself: it works through the industry-and-IT authority of its county, "
        "city or district, or of its development zone, which applies with the consent of its government or "
        "administrative committee (article 8). Enterprises count in the indicator tables of the annexes."),
    "university_route": N_(
        "A university or research institute does not apply itself: it works with the industry-and-IT "
        "authority of the county, city, district or development zone where it is, which is the applying body "
        "(article 8); innovation platforms and industry-university-research cooperation count in the "
        "conditions and indicators (article 6)."),
    "operator_route": N_(
        "If the park is a development zone at provincial level or above, the zone's industry-and-IT "
        "authority applies with the consent of the administrative committee; otherwise the county, city or "
        "district where it lies applies (articles 3 and 8)."),
    "association_route": N_(
        "An industry association, alliance or other organisation does not apply itself: it can work with the "
        "industry-and-IT authority of the county, city, district or development zone, which is the applying body "
        "(article 8); industry alliances and trade associations count in the indicator tables of the annexes."),
    "individual_route": N_(
        "Individuals cannot apply, but anyone may comment on the draft during the public consultation "
        "(see the notice)."),
    "other_route": N_(
        "If the body is a county-level jurisdiction or a development zone at provincial level or above, its "
        "industry-and-IT authority applies through the municipal bureau (article 8); otherwise it works "
        "through the one where it is located."),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    kind: str
    verdict: Literal["eligible", "not_eligible", "depends"]
    refs: list[str]
    reason: str
    path: str


class Pattern(_Strict):
    pattern: str
    regex: bool = False


PATTERN_GROUPS = (
    "park_operator", "university", "association", "enterprise", "individual", "high_tech_zone", "etdz", "dev_zone",
    "national_level", "provincial_level", "below_provincial_level", "township_or_street", "county_level_city",
    "county", "prefecture_city", "city_district", "city_level_unknown",
)


class EligibilityFile(_Strict):
    rules: list[Rule]
    known_names: dict[str, list[str]]
    patterns: dict[str, list[str | Pattern]]

    @model_validator(mode="after")
    def _consistent(self):
        kinds = [r.kind for r in self.rules]
        if len(set(kinds)) != len(kinds):
            raise ValueError("a kind has two rules")
        if set(kinds) != set(KIND_LABELS):
            raise ValueError(f"kinds without a rule or a label: {sorted(set(kinds) ^ set(KIND_LABELS))}")
        for r in self.rules:
            if r.reason not in REASONS:
                raise ValueError(f"{r.kind}: unknown reason {r.reason!r}")
            if r.path not in PATHS:
                raise ValueError(f"{r.kind}: unknown path {r.path!r}")
            if not r.refs:
                raise ValueError(f"{r.kind}: a rule needs at least one reference")
        for kind in self.known_names:
            if kind not in KIND_LABELS:
                raise ValueError(f"known_names: unknown kind {kind!r}")
        missing = set(PATTERN_GROUPS) - set(self.patterns)
        extra = set(self.patterns) - set(PATTERN_GROUPS)
        if missing or extra:
            raise ValueError(f"pattern groups missing {sorted(missing)} / unknown {sorted(extra)}")
        return self


@dataclass(frozen=True)
class Verdict:
    kind: str
    verdict: str  # eligible | not_eligible | depends
    refs: list[str] = field(default_factory=list)
    reason: str = ""  # English msgid
    path: str = ""  # English msgid: the route that exists

    def translated(self, locale: str) -> dict:
        return {"kind": self.kind, "label": kind_label(self.kind, locale), "verdict": self.verdict,
                "refs": list(self.refs), "reason": gettext(locale, self.reason), "path": gettext(locale, self.path)}


class _Rules:
    def __init__(self, data: EligibilityFile):
        self.data = data
        self.by_kind = {r.kind: r for r in data.rules}
        self.known = sorted(((_norm(name), kind) for kind, names in data.known_names.items() for name in names),
                            key=lambda pair: -len(pair[0]))
        self.groups = {name: [_compile(p) for p in items] for name, items in data.patterns.items()}


def _compile(p: str | Pattern) -> re.Pattern:
    if isinstance(p, str):
        return re.compile(re.escape(_norm(p)), re.I)
    return re.compile(p.pattern, re.I)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def load(path: Path = DATA_FILE) -> _Rules:
    try:
        data = EligibilityFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc
    nodes = get_consultation().nodes
    for r in data.rules:
        for ref in r.refs:
            if ref not in nodes:
                raise ValueError(f"{path.name}: {r.kind} cites unknown reference {ref}")
    for group, items in data.patterns.items():
        for item in items:
            try:
                _compile(item)
            except re.error as exc:
                raise ValueError(f"{path.name}: bad pattern in {group}: {exc}") from exc
    return _Rules(data)


@lru_cache(maxsize=1)
def rules() -> _Rules:
    return load()


ENTITY_KINDS: list[str] = [r.kind for r in rules().data.rules]


def assess_kind(kind: str) -> Verdict:
    """The verdict of article 3 for a kind of body; unknown kinds are assessed as `other`."""
    rule = rules().by_kind.get(kind) or rules().by_kind["other"]
    return Verdict(kind=rule.kind, verdict=rule.verdict, refs=list(rule.refs), reason=REASONS[rule.reason],
                   path=PATHS[rule.path])


def verdict_label(verdict: str, locale: str) -> str:
    """eligible / not_eligible / depends, as shown to people (可以申报 / 不能申报 / 视情况而定)."""
    return gettext(locale, VERDICT_LABELS[verdict])


def kind_label(kind: str, locale: str) -> str:
    return gettext(locale, KIND_LABELS.get(kind, KIND_LABELS["other"]))


_NOT_ENTITY = re.compile(r"示范区|demonstration\s+zones?|创建主体|申报主体|creation\s+subjects?|"
                         r"applying\s+(entity|body|entities|bodies)", re.I)


def _hit(group: str, text: str) -> bool:
    return any(p.search(text) for p in rules().groups[group])


def recognise_entity(text: str) -> str | None:
    """The kind of body `text` names (a name, an abbreviation, or a question about one), or None."""
    t = _NOT_ENTITY.sub(" ", _norm(text))
    if not t.strip():
        return None
    r = rules()
    for group in ("park_operator", "university", "association", "enterprise", "individual"):
        if _hit(group, t):
            return group
    # Zones before places: 合肥高新区 is a zone, not the city of Hefei.
    for name, kind in r.known:
        if name in t and kind not in JURISDICTION_KINDS:
            return kind
    zone = ("high_tech" if _hit("high_tech_zone", t) else "etdz" if _hit("etdz", t)
            else "dev" if _hit("dev_zone", t) else None)
    if zone:
        if _hit("below_provincial_level", t):
            return "municipal_dev_zone"
        level = ("national" if _hit("national_level", t) else "provincial" if _hit("provincial_level", t)
                 else None)
        if level is None:
            return "dev_zone_level_unknown"
        return {"high_tech": f"{level}_high_tech_zone", "etdz": f"{level}_etdz", "dev": f"{level}_dev_zone"}[zone]
    # The smallest unit named wins: 合肥市包河区 is a district, 合肥市肥西县 a county.
    for group in ("township_or_street", "county_level_city", "county", "city_district"):
        if _hit(group, t):
            return group
    for name, kind in r.known:
        if name in t:
            return kind
    for group in ("prefecture_city", "city_level_unknown"):
        if _hit(group, t):
            return group
    return None


def assess_text(text: str) -> Verdict | None:
    kind = recognise_entity(text)
    return assess_kind(kind) if kind else None


__all__ = ["ENTITY_KINDS", "Verdict", "assess_kind", "assess_text", "kind_label", "recognise_entity",
           "verdict_label", "KIND_LABELS", "VERDICT_LABELS", "VERDICTS"]
