"""Scoring references: how the service turns an answer into points, as data.

The draft prints each indicator's maximum points but no formula, so every
reference in guidance/data/scoring/annex-N.yaml is the service's assumption
(`assumption: true` with a rationale), editable by the office without code.
Loading is strict: an unknown key, a row of the table without a reference, a
reference to a row that does not exist, or a curve that can never reach full
points stops the service at start-up instead of mis-scoring in front of a user.
"""
from __future__ import annotations

import threading
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from consultation.document import Consultation, DataError, get_consultation
from consultation.schema import ZONE_TYPES

SCORING_DIR = Path(__file__).resolve().parent.parent / "data" / "scoring"
PLAN_FILE = Path(__file__).resolve().parent.parent / "data" / "selfcheck" / "plan.yaml"

QUANTITATIVE_INPUTS = ("count", "percent", "amount", "pflops", "ratio", "growth")
INPUT_KINDS = QUANTITATIVE_INPUTS + ("level",)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


def scoring_references(consultation: Consultation | None = None,
                       scoring_dir: Path = SCORING_DIR) -> dict[str, dict[str, ScoringReference]]:
    """{zone_type: {row ref: reference}} for every table of the text (the draft's loaded and checked once;
    a revised text's derived from them, see revised_references)."""
    consultation = consultation or get_consultation()
    if consultation.revision is not None:
        return per_text("references", consultation, lambda: revised_references(consultation, scoring_dir))
    return _by_ref(scoring_dir, consultation.id)


# --- the revised text ---------------------------------------------------------------------------------
# The scoring files are written per row of the draft. On a revised text (consultation.revisions) each row
# that descends from a draft row of the same kind (quantitative, or not) keeps that row's reference under
# its new number; a new row, or one whose method changed kind, has no reference in the files: the office can
# write one for it (guidance.selfcheck.entered, kept by origin in consultation.revisions.models.RowScoring),
# else the applicant rates it on four plain levels. Each says so in its rationale: they are assumptions too.

_texts: dict[tuple, tuple[Consultation, object]] = {}
_texts_lock = threading.Lock()


def per_text(name: str, consultation: Consultation, build):
    """`build()` once per text object. A revised text has the draft's id, so the draft's caches (by id)
    cannot hold it; it is held here by identity (the object kept alive beside its value)."""
    key = (name, consultation.id, consultation.revision, id(consultation))
    with _texts_lock:
        hit = _texts.get(key)
    if hit is not None:
        return hit[1]
    value = build()
    with _texts_lock:
        if len(_texts) > 64:
            _texts.clear()
        _texts[key] = (consultation, value)
    return value


CHANGED_ROW = Text(zh="(修改稿调整了本项指标的表述，此参考值按征求意见稿原指标设定。)",
                   en=" (The revised text reworded this indicator; this reference was set for the draft's wording.)")
SELF_RATED = Text(zh="修改稿新增或调整了本项指标的评价方式，本服务尚无对应的评分参考，请按四档自评。",
                  en="The revised text added this indicator or changed how it is assessed; the service has no "
                     "scoring reference for it yet, so you rate it yourself on four levels.")
SELF_RATED_LEVELS = (
    ("none", 0, Text(zh="尚未开展。", en="Not started.")),
    ("basic", 0.4, Text(zh="已起步，成效有限。", en="Started, with limited results.")),
    ("good", 0.7, Text(zh="已形成一定规模和成效。", en="Established, with clear results.")),
    ("excellent", 1, Text(zh="处于省内领先水平，有数据佐证。", en="Leading in the province, with data on record.")),
)


def _quantitative(method: str | None) -> bool:
    return method == "定量"


def self_rated(row) -> RubricReference:
    return RubricReference(ref=row.ref, indicator_en=row.text, input="level", curve="rubric", assumption=True,
                           rationale=SELF_RATED,
                           levels=[Level(key=k, fraction=f, description=d) for k, f, d in SELF_RATED_LEVELS])


OFFICE_SOURCE = Text(zh="（本项评分参考由办公室为修改稿录入，依据：{source}）",
                     en=" (The office entered this scoring reference for the revised text; source: {source}.)")

_REFERENCE = TypeAdapter(ScoringReference)


def written_reference(text: Consultation, row, scoring_dir: Path = SCORING_DIR) -> ScoringReference | None:
    """The scoring files' reference for a row of a revised text: the one written for the draft row it
    descends from, when the row is still assessed the same kind of way (定量 or not); None otherwise (a new
    row, or one whose method changed kind), where only the office's own reference or self-rating remain."""
    draft = get_consultation(text.id)
    successors = getattr(text, "successors", {}) or {}
    origin = next((old for old, new in successors.items() if new == row.ref), None)
    if origin not in draft.nodes:
        return None
    zone_type = next(a.zone_type for a in text.annexes if a.number == row.annex)
    base = _by_ref(scoring_dir, text.id).get(zone_type, {}).get(origin)
    if base is None or (base.curve != "rubric") != _quantitative(row.method):
        return None
    return base


def office_reference(row, entered: dict) -> ScoringReference:
    """The office's reference for `row` (models.RowScoring: the scoring files' format without ref), its
    source added to its rationale. Raises ValidationError (pydantic) when it is not a valid reference, and
    ValueError when its kind does not fit the row's method (a rubric for 定量, a curve for the others)."""
    data = {**entered["reference"], "ref": row.ref, "assumption": True}
    reference = _REFERENCE.validate_python(data)
    if (reference.curve != "rubric") != _quantitative(row.method):
        raise ValueError(row.method)
    source = entered.get("source", "")
    note = Text(zh=OFFICE_SOURCE.zh.format(source=source), en=OFFICE_SOURCE.en.format(source=source))
    return reference.model_copy(update={"rationale": Text(zh=reference.rationale.zh + note.zh,
                                                          en=reference.rationale.en + note.en)})


def revised_references(text: Consultation, scoring_dir: Path = SCORING_DIR) -> dict[str, dict[str, ScoringReference]]:
    draft = get_consultation(text.id)
    entered = getattr(text, "scoring", {}) or {}
    origins = getattr(text, "origins", {}) or {}
    successors = getattr(text, "successors", {}) or {}
    origin_of = {new: old for old, new in successors.items() if new}
    out: dict[str, dict[str, ScoringReference]] = {}
    for annex in text.annexes:
        refs: dict[str, ScoringReference] = {}
        for row in text.annex_rows(annex.number):
            origin = origin_of.get(row.ref)
            base = written_reference(text, row, scoring_dir)
            if base is None:
                refs[row.ref] = self_rated(row)
                office = entered.get(origins.get(row.ref, ""))
                if office is not None:
                    try:
                        refs[row.ref] = office_reference(row, office)
                    except (ValidationError, ValueError):
                        pass  # entered for an earlier form of the row: self-rated until the office writes again
                continue
            old = draft.node(origin)
            update: dict = {"ref": row.ref}
            if (old.text, old.group) != (row.text, row.group):
                update["rationale"] = Text(zh=base.rationale.zh + CHANGED_ROW.zh, en=base.rationale.en + CHANGED_ROW.en)
            refs[row.ref] = base.model_copy(update=update)
        out[annex.zone_type] = refs
    return out


@lru_cache(maxsize=8)
def _by_ref(scoring_dir: Path, consultation_id: str) -> dict[str, dict[str, ScoringReference]]:
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
