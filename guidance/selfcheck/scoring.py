"""Pure functions that decide and score a self-check; no I/O, no platform.

Points are exact fractions (the office writes 0.4, the service computes 2/5)
and are only rounded for display, so all-maximum answers give exactly 100 and
each first-level category exactly its printed maximum.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from consultation.document import Consultation, get_consultation
from consultation.i18n import N_

from .flow import (CONDITION_LABELS, LEVEL_LABELS, OUTCOME_NOT_ELIGIBLE, OUTCOME_RESULT, ZONE_TYPE_LABELS,
                   annex_number, assess_entity, chosen_types, current_node, type_item_ref)
from .references import RubricReference, ScoringReference, StepsReference, Text, plan_outline
from .texts import scoring_references

DISCLAIMER = N_("Self-assessment for reference, not the official evaluation.")
ASSUMPTION_NOTE = N_("The draft gives each indicator's maximum points but no scoring method. The reference values, "
                     "steps and levels used here are this service's assumptions, which the office may change.")


@dataclass(frozen=True)
class Message:
    """A msgid with its parameters; parameters may be bilingual Text or nested Messages."""

    msgid: str
    params: dict = field(default_factory=dict)

    def render(self, locale: str) -> str:
        from consultation.i18n import gettext

        params = {k: _param(v, locale) for k, v in self.params.items()}
        return gettext(locale, self.msgid, **params)


@dataclass(frozen=True)
class Quantity:
    """A value with its unit, written the way each language writes it (30%, 300 PFLOPS, 1000亿元)."""

    value: float
    unit: Text
    input: str

    def render(self, locale: str) -> str:
        value = Fraction(str(self.value))
        number = fmt(value)
        if str(locale).startswith("zh"):
            return number + (" " if self.unit.zh.isascii() and self.unit.zh != "%" else "") + self.unit.zh
        if self.input in ("percent", "growth"):
            return number + "%"
        if self.input == "amount":  # 亿元: hundreds of millions of yuan, written in billions
            return f"{fmt(value / 10)} billion yuan"
        return number if self.input == "count" else f"{number} {self.unit.en}"


def _param(value, locale):
    if isinstance(value, (Message, Quantity)):
        return value.render(locale)
    if isinstance(value, Text):
        return value.get(locale)
    if isinstance(value, Fraction):
        return fmt(value)
    return value


def fmt(value: Fraction | int | float) -> str:
    """Points for display: at most two decimals, no trailing zeros."""
    d = (Decimal(value.numerator) / Decimal(value.denominator)) if isinstance(value, Fraction) else Decimal(str(value))
    d = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return format(d, "f")


def as_number(value: Fraction) -> float | int:
    """Points for JSON: an int when whole, else rounded to two decimals."""
    return int(value) if value.denominator == 1 else float(fmt(value))


@dataclass(frozen=True)
class IndicatorScore:
    ref: str
    category: str
    points_max: int
    points: Fraction
    answer: object
    improvement: Message | None

    @property
    def lost(self) -> Fraction:
        return self.points_max - self.points


@dataclass(frozen=True)
class CategoryScore:
    name: str
    heading: str
    maximum: int
    points: Fraction


@dataclass(frozen=True)
class ConditionStatus:
    ref: str
    answer: str  # yes | partly | no

    @property
    def met(self) -> bool:
        return self.answer == "yes"


@dataclass(frozen=True)
class PlanPart:
    key: str
    title: Text
    hint: Text
    refs: tuple[str, ...] = ()  # the indicators the section should address first


@dataclass(frozen=True)
class TypeResult:
    zone_type: str
    annex: int
    total: Fraction
    categories: tuple[CategoryScore, ...]
    indicators: tuple[IndicatorScore, ...]  # ranked by points lost, most first
    conditions: tuple[ConditionStatus, ...]  # article 6, this type's item
    plan: tuple[PlanPart, ...]
    feature: Text

    @property
    def conditions_met(self) -> int:
        return sum(c.met for c in self.conditions)


@dataclass(frozen=True)
class Recommendation:
    zone_type: str
    reasons: tuple[Message, ...]


@dataclass(frozen=True)
class SelfCheckResult:
    outcome: str  # result | not_eligible
    entity_kind: str
    verdict: object  # guidance.eligibility Ruling: verdict, refs, reason, path
    general: tuple[ConditionStatus, ...]
    types: tuple[TypeResult, ...]
    recommendation: Recommendation | None
    materials: tuple = ()
    materials_ref: str = "art-9"
    disclaimer: str = DISCLAIMER

    @property
    def unmet(self) -> list[ConditionStatus]:
        """Every condition (article 5, and article 6 of each type) not fully met."""
        found = [c for c in self.general if not c.met]
        for t in self.types:
            found += [c for c in t.conditions if not c.met]
        return found


def score_indicator(reference: ScoringReference, points_max: int, answer) -> Fraction:
    return points_max * reference.fraction(answer)


def improvement(reference: ScoringReference, points_max: int, answer) -> Message | None:
    """What would raise this indicator, from its scoring reference; None at full points."""
    current = reference.fraction(answer)
    if current >= 1:
        return None
    if isinstance(reference, RubricReference):
        nxt = reference.next_level(answer)
        label = Message(LEVEL_LABELS[nxt.key]) if nxt.key in LEVEL_LABELS else nxt.key
        return Message(N_("Reaching the level “%(level)s” (%(description)s) would raise it to %(to)s of "
                          "%(points)s points."),
                       {"level": label, "description": nxt.description,
                        "to": points_max * Fraction(str(nxt.fraction)), "points": points_max})
    if isinstance(reference, StepsReference):
        step = reference.next_step(answer)
        return Message(N_("Reaching %(target)s would raise it to %(to)s of %(points)s points."),
                       {"target": Quantity(step.at, reference.unit_text, reference.input),
                        "to": points_max * Fraction(str(step.fraction)), "points": points_max})
    target = Quantity(reference.reference_value, reference.unit_text, reference.input)
    return Message(N_("Each step towards %(target)s adds points; at %(target)s it gives the full %(points)s points."),
                   {"target": target, "points": points_max})


def _plan(zone_type: str, ranked: list[IndicatorScore]) -> tuple[tuple[PlanPart, ...], Text]:
    outline = plan_outline()
    weakest = tuple(s.ref for s in ranked if s.lost > 0)[:3]
    sections = tuple(PlanPart(s.key, s.title, s.hints[zone_type], weakest if s.key == "key_tasks" else ())
                     for s in outline.plan_sections)
    return sections, outline.features[zone_type]


def score_type(zone_type: str, answers: dict, consultation: Consultation | None = None) -> TypeResult:
    """Score one type's table and conditions from validated answers."""
    consultation = consultation or get_consultation()
    references = scoring_references(consultation)[zone_type]
    number = annex_number(consultation, zone_type)
    annex = next(a for a in consultation.annexes if a.number == number)
    scores = []
    for row in consultation.annex_rows(number):
        reference = references[row.ref]
        answer = answers[row.ref]
        scores.append(IndicatorScore(row.ref, row.category, row.points,
                                     score_indicator(reference, row.points, answer), answer,
                                     improvement(reference, row.points, answer)))
    categories = tuple(CategoryScore(c.name, c.heading, c.points,
                                     sum((s.points for s in scores if s.category == c.name), Fraction(0)))
                       for c in annex.categories)
    order = {s.ref: i for i, s in enumerate(scores)}
    ranked = sorted(scores, key=lambda s: (-s.lost, order[s.ref]))
    item = type_item_ref(consultation, zone_type)
    conditions = tuple(ConditionStatus(ref, answers[ref]) for ref in consultation.node(item).children)
    plan, feature = _plan(zone_type, ranked)
    return TypeResult(zone_type, number, sum((s.points for s in scores), Fraction(0)), categories,
                      tuple(ranked), conditions, plan, feature)


def recommend(types: list[TypeResult] | tuple[TypeResult, ...]) -> Recommendation | None:
    """With more than one type checked: the type that suits best, and why.

    Article 6 sets creation conditions, so the type whose own conditions are met more fully comes
    first; the indicator total decides between types that meet their conditions equally.
    """
    if len(types) < 2:
        return None
    ranked = sorted(types, key=lambda t: (-t.conditions_met, -t.total))
    best, other = ranked[0], ranked[1]
    name, other_name = Message(ZONE_TYPE_LABELS[best.zone_type]), Message(ZONE_TYPE_LABELS[other.zone_type])
    reasons = []
    if best.conditions_met == other.conditions_met and best.total == other.total:
        reasons.append(Message(N_("%(type)s and %(other)s fit equally well on these answers; choose the one whose "
                                  "feature you can best show in the construction plan (article 9)."),
                               {"type": name, "other": other_name}))
        return Recommendation(best.zone_type, tuple(reasons))
    if best.conditions_met > other.conditions_met:
        reasons.append(Message(N_("It meets more of its own conditions in article 6: %(met)s of %(of)s, against "
                                  "%(other_met)s of %(other_of)s for %(other)s."),
                               {"met": best.conditions_met, "of": len(best.conditions),
                                "other_met": other.conditions_met, "other_of": len(other.conditions),
                                "other": other_name}))
    if best.total > other.total:
        reasons.append(Message(N_("It scores higher on its indicator table: %(total)s of 100, against "
                                  "%(other_total)s for %(other)s."),
                               {"total": best.total, "other_total": other.total, "other": other_name}))
    elif best.total < other.total:
        reasons.append(Message(N_("Its indicator score is lower (%(total)s against %(other_total)s for %(other)s), "
                                  "but the conditions of article 6 are creation conditions and come first."),
                               {"total": best.total, "other_total": other.total, "other": other_name}))
    return Recommendation(best.zone_type, tuple(reasons))


def evaluate(answers: dict, consultation: Consultation | None = None) -> SelfCheckResult:
    """The result for a complete, validated set of answers (see validation.validate_answers)."""
    consultation = consultation or get_consultation()
    outcome = current_node(answers, consultation)
    if outcome not in (OUTCOME_RESULT, OUTCOME_NOT_ELIGIBLE):
        raise ValueError(f"the answers stop at {outcome!r}; validate them first")
    verdict = assess_entity(answers["entity_kind"])
    materials = tuple(plan_outline().materials)
    if outcome == OUTCOME_NOT_ELIGIBLE:
        return SelfCheckResult(outcome, answers["entity_kind"], verdict, (), (), None, materials)
    general = tuple(ConditionStatus(ref, answers[ref]) for ref in consultation.node("art-5").children)
    types = tuple(score_type(t, answers, consultation) for t in chosen_types(answers))
    return SelfCheckResult(outcome, answers["entity_kind"], verdict, general, types, recommend(types), materials)


def run(raw_answers: dict, consultation: Consultation | None = None) -> SelfCheckResult:
    """Validate then evaluate; raises consultation.submissions.ValidationFailed on bad answers."""
    from .validation import validate_answers

    return evaluate(validate_answers(raw_answers, consultation), consultation)


__all__ = ["CONDITION_LABELS", "DISCLAIMER", "ASSUMPTION_NOTE", "Message", "evaluate", "run", "score_type",
           "recommend", "score_indicator", "improvement", "fmt", "as_number"]
