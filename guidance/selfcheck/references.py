"""Scoring references: how the service turns an answer into points, as data.

The draft prints each indicator's maximum points but no formula, so every
reference in guidance/data/scoring/annex-N.yaml is the service's assumption
(`assumption: true` with a rationale), editable by the office without code.
Loading is strict: an unknown key, a row of the table without a reference, a
reference to a row that does not exist, or a curve that can never reach full
points stops the service at start-up instead of mis-scoring in front of a user.
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml
from pydantic import Field, ValidationError, model_validator

from consultation.document import Consultation, DataError, get_consultation
from consultation.schema import ZONE_TYPES, Strict

SCORING_DIR = Path(__file__).resolve().parent.parent / "data" / "scoring"
PLAN_FILE = Path(__file__).resolve().parent.parent / "data" / "selfcheck" / "plan.yaml"

QUANTITATIVE_INPUTS = ("count", "percent", "amount", "pflops", "ratio", "growth")
INPUT_KINDS = QUANTITATIVE_INPUTS + ("level",)


class Text(Strict):
    """A user-facing text carried by the data in both languages."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, locale: str | None) -> str:
        return self.zh if str(locale or "zh").startswith("zh") else self.en


DEFAULT_UNITS = {
    "count": Text(zh="个", en="number"),
    "percent": Text(zh="%", en="%"),
    "amount": Text(zh="亿元", en="100 million yuan"),
    "pflops": Text(zh="PFLOPS", en="PFLOPS"),
    "ratio": Text(zh="比值", en="ratio"),
    "growth": Text(zh="%", en="%"),
}


def exact(value: float | int) -> Fraction:
    """The decimal the office wrote, as an exact fraction (0.4 is 2/5, not 0.40000000000000002)."""
    return Fraction(str(value))


class _Reference(Strict):
    ref: str = Field(pattern=r"^annex-\d/\d{1,3}$")
    indicator_en: str = Field(min_length=1)
    assumption: Literal[True]
    rationale: Text


class _Quantitative(_Reference):
    input: Literal["count", "percent", "amount", "pflops", "ratio", "growth"]
    unit: Text | None = None

    @property
    def unit_text(self) -> Text:
        return self.unit or DEFAULT_UNITS[self.input]


class LinearReference(_Quantitative):
    """Points rise in proportion to the value up to the reference value, then stay at the maximum."""

    curve: Literal["linear"]
    reference_value: float = Field(gt=0)

    @model_validator(mode="after")
    def _in_range(self):
        if self.input == "percent" and self.reference_value > 100:
            raise ValueError(f"{self.ref}: a percentage reference cannot exceed 100")
        if self.input == "count" and not float(self.reference_value).is_integer():
            raise ValueError(f"{self.ref}: a count reference must be a whole number")
        return self

    def fraction(self, value) -> Fraction:
        v = exact(value)
        if v <= 0:
            return Fraction(0)
        return min(v / exact(self.reference_value), Fraction(1))


class Step(Strict):
    at: float = Field(ge=0)
    fraction: float = Field(gt=0, le=1)


class StepsReference(_Quantitative):
    """Points jump to the fraction of the highest threshold reached."""

    curve: Literal["steps"]
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self):
        ats = [s.at for s in self.steps]
        fractions = [s.fraction for s in self.steps]
        if ats != sorted(set(ats)):
            raise ValueError(f"{self.ref}: step thresholds must rise strictly")
        if fractions != sorted(set(fractions)):
            raise ValueError(f"{self.ref}: step fractions must rise strictly")
        if fractions[-1] != 1:
            raise ValueError(f"{self.ref}: the last step must give the full points (fraction 1)")
        if self.input == "percent" and ats[-1] > 100:
            raise ValueError(f"{self.ref}: a percentage threshold cannot exceed 100")
        return self

    def fraction(self, value) -> Fraction:
        v = exact(value)
        reached = [exact(s.fraction) for s in self.steps if exact(s.at) <= v]
        return reached[-1] if reached else Fraction(0)

    def next_step(self, value) -> Step | None:
        v = exact(value)
        return next((s for s in self.steps if exact(s.at) > v), None)


class Level(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    fraction: float = Field(ge=0, le=1)
    description: Text


class RubricReference(_Reference):
    """A qualitative (or mixed) indicator: the applicant picks the level that describes them."""

    input: Literal["level"]
    curve: Literal["rubric"]
    levels: list[Level] = Field(min_length=2)

    @model_validator(mode="after")
    def _levels(self):
        keys = [lv.key for lv in self.levels]
        fractions = [lv.fraction for lv in self.levels]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.ref}: level keys must be unique")
        if fractions != sorted(set(fractions)):
            raise ValueError(f"{self.ref}: level fractions must rise strictly")
        if fractions[0] != 0 or fractions[-1] != 1:
            raise ValueError(f"{self.ref}: levels must run from fraction 0 to fraction 1")
        return self

    def level(self, key: str) -> Level:
        return next(lv for lv in self.levels if lv.key == key)

    def fraction(self, key: str) -> Fraction:
        return exact(self.level(key).fraction)

    def next_level(self, key: str) -> Level | None:
        keys = [lv.key for lv in self.levels]
        i = keys.index(key)
        return self.levels[i + 1] if i + 1 < len(self.levels) else None


ScoringReference = Annotated[Union[LinearReference, StepsReference, RubricReference], Field(discriminator="curve")]


class ScoringFile(Strict):
    annex: int = Field(ge=1)
    zone_type: Literal["deep_application", "product_innovation", "tech_empowerment"]
    categories_en: dict[str, str]
    indicators: list[ScoringReference]


class PlanSection(Strict):
    key: str
    title: Text
    hints: dict[Literal["deep_application", "product_innovation", "tech_empowerment"], Text]

    @model_validator(mode="after")
    def _every_type(self):
        if set(self.hints) != set(ZONE_TYPES):
            raise ValueError(f"plan section {self.key}: needs a hint for each of {', '.join(ZONE_TYPES)}")
        return self


class Material(Strict):
    key: str
    title: Text


class PlanFile(Strict):
    ref: str
    assumption: Literal[True]
    materials: list[Material] = Field(min_length=1)
    features: dict[Literal["deep_application", "product_innovation", "tech_empowerment"], Text]
    plan_sections: list[PlanSection] = Field(min_length=1)


def _check_against_table(data: ScoringFile, consultation: Consultation, path: Path) -> None:
    annexes = {a.number: a for a in consultation.annexes}
    annex = annexes.get(data.annex)
    if annex is None:
        raise DataError(f"{path.name}: the draft has no annex {data.annex}")
    if annex.zone_type != data.zone_type:
        raise DataError(f"{path.name}: annex {data.annex} is {annex.zone_type}, not {data.zone_type}")
    if set(data.categories_en) != {c.name for c in annex.categories}:
        raise DataError(f"{path.name}: categories_en must name exactly the categories "
                        f"{', '.join(c.name for c in annex.categories)}")
    rows = [n.ref for n in consultation.annex_rows(data.annex)]
    seen: dict[str, int] = {}
    for item in data.indicators:
        seen[item.ref] = seen.get(item.ref, 0) + 1
    unknown = [r for r in seen if r not in rows]
    twice = [r for r, n in seen.items() if n > 1]
    missing = [r for r in rows if r not in seen]
    problems = []
    if unknown:
        problems.append(f"unknown references {', '.join(unknown)}")
    if twice:
        problems.append(f"more than one reference for {', '.join(twice)}")
    if missing:
        problems.append(f"no reference for {', '.join(missing)}")
    for item in data.indicators:
        if item.ref not in rows:
            continue
        method = consultation.node(item.ref).method
        if method == "定量" and item.curve == "rubric":
            problems.append(f"{item.ref} is quantitative (定量) but has a rubric")
        if method != "定量" and item.curve != "rubric":
            problems.append(f"{item.ref} is {method} and needs a rubric of levels")
    if problems:
        raise DataError(f"{path.name}: " + "; ".join(problems))


def load_scoring_file(path: Path, consultation: Consultation) -> ScoringFile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = ScoringFile.model_validate(raw)
    except ValidationError as exc:
        raise DataError(f"{path.name}: {exc}") from exc
    _check_against_table(data, consultation, path)
    return data


@lru_cache(maxsize=8)
def _load_files(scoring_dir: Path, consultation_id: str) -> dict[str, ScoringFile]:
    consultation = get_consultation(consultation_id)
    by_type: dict[str, ScoringFile] = {}
    for annex in consultation.annexes:
        path = scoring_dir / f"annex-{annex.number}.yaml"
        if not path.exists():
            raise DataError(f"no scoring references for annex {annex.number}: {path} is missing")
        data = load_scoring_file(path, consultation)
        by_type[data.zone_type] = data
    extra = sorted(p.name for p in scoring_dir.glob("*.yaml")
                   if p.stem not in {f"annex-{a.number}" for a in consultation.annexes})
    if extra:
        raise DataError(f"unexpected scoring files: {', '.join(extra)}")
    return by_type


@lru_cache(maxsize=8)
def draft_references(consultation_id: str, scoring_dir: Path = SCORING_DIR) -> dict[str, dict[str, ScoringReference]]:
    """{zone_type: {row ref: reference}} of the draft, from its scoring files (loaded and checked once)."""
    files = _load_files(scoring_dir, consultation_id)
    return {zone_type: {item.ref: item for item in data.indicators} for zone_type, data in files.items()}


def category_names_en(consultation: Consultation | None = None, scoring_dir: Path = SCORING_DIR) -> dict[str, dict]:
    """{zone_type: {category name: English name}} (a category only a revised text has keeps its Chinese name)."""
    consultation = consultation or get_consultation()
    names = {t: dict(data.categories_en) for t, data in _load_files(scoring_dir, consultation.id).items()}
    for annex in consultation.annexes:
        for category in annex.categories:
            names.setdefault(annex.zone_type, {}).setdefault(category.name, category.name)
    return names


@lru_cache(maxsize=2)
def _load_plan(path: Path) -> PlanFile:
    try:
        return PlanFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise DataError(f"{path.name}: {exc}") from exc


def plan_outline(path: Path = PLAN_FILE) -> PlanFile:
    return _load_plan(path)
