"""The eligibility data files' schema and their strict loading: one consultation's rules, situations, known
names and reading words (guidance/data/eligibility.yaml) and the development zones whose level is known
(guidance/data/dev_zones.yaml, with its source).

Loading fails loudly on anything the rules could not use (a kind without a rule or label, an unknown
reason, a reference the draft lacks, a bad pattern), so a second consultation is checked when it is added,
not when someone asks.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from consultation.document import get_consultation
from consultation.schema import Strict

from .eligibility_messages import KIND_LABELS, PATHS, REASONS, SITUATION_PATHS, SITUATION_REASONS

DATA_FILE = Path(__file__).parent / "data" / "eligibility.yaml"
ZONES_FILE = Path(__file__).parent / "data" / "dev_zones.yaml"


class Text(Strict):
    """A reason or route written in the data file itself (a consultation whose rules need their own words)."""
    en: str
    zh: str


class Rule(Strict):
    kind: str
    verdict: Literal["eligible", "not_eligible", "depends"]
    refs: list[str]
    reason: str | Text
    path: str | Text
    # The words of a cited part that the verdict rests on, where the part is too long to quote whole (article
    # 1's preamble: what the guideline is for): an exact passage of that part, checked when the file is read.
    excerpts: dict[str, str] = {}


class Situation(Strict):
    # A situation is a doubt or a bar found before the kind is assessed, so never "eligible"; the one
    # exception, two bodies each of an eligible kind, is checked by name below.
    verdict: Literal["eligible", "not_eligible", "depends"]
    refs: list[str]
    reason: str | Text
    path: str | Text
    excerpts: dict[str, str] = {}  # as Rule's


class Jurisdiction(Strict):
    province: str = Field(pattern=r"^[0-9]{2}$")  # GB/T 2260 province code (34: Anhui)
    zh: str
    en: str


class Pattern(Strict):
    pattern: str
    regex: bool = False


PATTERN_GROUPS = (
    "park_operator", "private_park", "university", "association", "enterprise", "individual", "high_tech_zone", "etdz", "dev_zone",
    "national_level", "provincial_level", "below_provincial_level", "township_or_street", "county_level_city",
    "county", "prefecture_city", "city_district", "city_level_unknown", "province",
    "apply_question", "apply_verb", "self_reference", "mere_mention", "programme_after", "hedge", "body_word",
    "negated_level", "negated_prefecture_city", "negated_place", "located_in", "other_ask", "strong_apply", "another_province", "rule_doubt",
    "other_zone", "special_zone", "unnamed_dev_zone", "etdz_set_apart", "zone_part", "not_a_type", "subordinate", "org_described", "history", "several_bodies",
    "each_body",
    "programme_before", "unknown_place", "name_withheld", "timing_ask", "unnamed_body", "subordinate_before", "activity_after", "beside_after",
    "upgrade", "pending_upgrade", "reassigned", "renamed", "former_name", "terms_asked", "intends", "content_ask", "zone_bypassed", "in_province_before", "granted_powers", "firm_title",
    "category_asked", "draft_term_quoted", "rule_told", "known_verdict", "client_named", "located_inside_zone", "zone_authority",
    "located_beside_zone", "own_standing", "alternative_applicant", "as_subject", "upgrade_awaited", "kind_of_ours",
    "bureau_or_government", "firm_name", "kind_allowed_told", "hedge_on_programme", "hedge_rule_limit", "others_there_after",
    "moved_home_before", "not_a_level", "boundaries_unsettled", "prefecture_described", "zone_committee",
)
SITUATIONS = ("other_province", "place_conflict", "level_conflict", "city_level_conflict", "hedged", "ambiguous_place", "unplaced",
              "not_identified", "zone_type", "several_bodies", "each_eligible", "part_bypassing", "inside_zone",
              "each_county_eligible", "beside_zone", "old_prefecture_name",
              "upgrade_pending", "boundaries_unsettled")

_ELIGIBLE_SITUATIONS = ("each_eligible", "each_county_eligible")  # decided only after each body's kind was found eligible


class EligibilityFile(Strict):
    jurisdiction: Jurisdiction
    rules: list[Rule]
    situations: dict[str, Situation]
    known_names: dict[str, list[str]] = {}
    # The words bodies are read by; a consultation that gives none reads them with this service's.
    patterns: dict[str, list[str | Pattern]] | None = None

    @model_validator(mode="after")
    def _consistent(self):
        kinds = [r.kind for r in self.rules]
        if len(set(kinds)) != len(kinds):
            raise ValueError("a kind has two rules")
        if set(kinds) != set(KIND_LABELS):
            raise ValueError(f"kinds without a rule or a label: {sorted(set(kinds) ^ set(KIND_LABELS))}")
        for name, r in [*((r.kind, r) for r in self.rules), *self.situations.items()]:
            if isinstance(r.reason, str) and r.reason not in REASONS and r.reason not in SITUATION_REASONS:
                raise ValueError(f"{name}: unknown reason {r.reason!r}")
            if isinstance(r.path, str) and r.path not in PATHS and r.path not in SITUATION_PATHS:
                raise ValueError(f"{name}: unknown path {r.path!r}")
            if not r.refs:
                raise ValueError(f"{name}: a rule needs at least one reference")
        if set(self.situations) != set(SITUATIONS):
            raise ValueError(f"situations must be exactly {SITUATIONS}")
        for name, s in self.situations.items():
            if s.verdict == "eligible" and name not in _ELIGIBLE_SITUATIONS:
                raise ValueError(f"{name}: only {_ELIGIBLE_SITUATIONS} may be eligible")
        for kind in self.known_names:
            if kind not in KIND_LABELS:
                raise ValueError(f"known_names: unknown kind {kind!r}")
        missing = set(PATTERN_GROUPS) - set(self.patterns or PATTERN_GROUPS)
        extra = set(self.patterns or ()) - set(PATTERN_GROUPS)
        if missing or extra:
            raise ValueError(f"pattern groups missing {sorted(missing)} / unknown {sorted(extra)}")
        return self


class Zone(Strict):
    name: str
    kind: str
    aliases: list[str] = []


class ZoneList(Strict):
    """Development zones whose level the service knows, with where the list comes from."""
    source: str
    checked_by_office: bool
    zones: list[Zone]
    elsewhere: dict[str, str] = {}  # name -> GB/T 2260 code of where it lies (outside the province)



def compile_pattern(p: str | Pattern) -> re.Pattern:
    if isinstance(p, str):
        return re.compile(re.escape(norm(p)), re.I)
    return re.compile(p.pattern, re.I)


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def read(path: Path = DATA_FILE, consultation=None, zones_path: Path | None = ZONES_FILE) -> tuple[EligibilityFile, ZoneList | None]:
    """One consultation's rule data and zone list (by default this service's), checked against its references."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if isinstance(raw, dict) and path != DATA_FILE:
            # What a consultation leaves out is read as this service does: the words bodies are read by, and
            # situations it does not word itself (resting on the articles its `other` rule cites).
            default = yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            raw.setdefault("patterns", default["patterns"])
            other = next((r for r in raw.get("rules", []) if r.get("kind") == "other"), {})
            for name, situation in default["situations"].items():
                raw.setdefault("situations", {}).setdefault(name, dict(situation, refs=other.get("refs", []), excerpts={}))
        data = EligibilityFile.model_validate(raw)
        zones = (ZoneList.model_validate(yaml.load(zones_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
                 if zones_path and zones_path.exists() else None)
    except ValidationError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc
    nodes = (consultation or get_consultation()).nodes
    for name, r in [*((r.kind, r) for r in data.rules), *data.situations.items()]:
        for ref in r.refs:
            if ref not in nodes:
                raise ValueError(f"{path.name}: {name} cites unknown reference {ref}")
        for ref, passage in r.excerpts.items():
            if ref not in r.refs or passage not in (consultation or get_consultation()).quote(ref):
                raise ValueError(f"{path.name}: {name}'s excerpt of {ref} is not a passage of a part it cites")
    for z in zones.zones if zones else ():
        if z.kind not in KIND_LABELS:
            raise ValueError(f"{zones_path.name}: {z.name}: unknown kind {z.kind!r}")
    for group, items in data.patterns.items():
        for item in items:
            try:
                compile_pattern(item)
            except re.error as exc:
                raise ValueError(f"{path.name}: bad pattern in {group}: {exc}") from exc
    return data, zones
