"""Questions, indicator tables and results as plain, translated dicts.

The web pages, the JSON API and the chat bot all show the same dicts, so a
question reads the same everywhere. Official text of the draft is quoted
exactly (Chinese) in `text`/`quote`; everything else is in the asked locale.
"""
from __future__ import annotations

from consultation.document import Consultation, get_consultation
from consultation.i18n import N_, gettext, normalise_locale
from consultation.references import label as node_label
from consultation.revisions import text_name

from .flow import (CONDITION_LABELS, INPUT_HINTS, LEVEL_LABELS, ZONE_TYPE_LABELS, Question, Screen, all_nodes,
                   annex_number)
from .references import RubricReference, category_names_en
from .texts import scoring_references
from .scoring import ASSUMPTION_NOTE, DISCLAIMER, Message, Quantity, SelfCheckResult, TypeResult, as_number, fmt

NODE_TITLES = {
    "zone_types": N_("Which type of demonstration zone do you want to check?"),
    "entity": N_("Who would apply?"),
    "general": N_("General conditions (article 5)"),
}
PROMPTS = {
    "zone_types": N_("Choose one or more types. With several, the result says which suits you best."),
    "entity_kind": N_("What kind of area is applying?"),
    "condition": N_("Does the area meet this condition?"),
}
RANGES = {  # (minimum, maximum, whole numbers only)
    "count": (0, None, True),
    "percent": (0, 100, False),
    "amount": (0, None, False),
    "pflops": (0, None, False),
    "ratio": (0, None, False),
    "growth": (-100, 1000, False),
}


def _t(locale: str, msgid: str, **params) -> str:
    return gettext(locale, msgid, **params)


def zone_type_name(zone_type: str, locale: str) -> str:
    return _t(locale, ZONE_TYPE_LABELS[zone_type])


def entity_kind_label(kind: str, locale: str) -> str:
    from guidance.eligibility import kind_label

    return kind_label(kind, locale)


def node_title(node: Screen, locale: str, consultation: Consultation | None = None) -> str:
    consultation = consultation or get_consultation()
    if node.name in NODE_TITLES:
        return _t(locale, NODE_TITLES[node.name])
    if node.name.startswith("conditions/"):
        return _t(locale, N_("Conditions for the %(type)s (article 6)"), type=zone_type_name(node.zone_type, locale))
    if node.name.startswith("indicators/"):
        annex = next(a for a in consultation.annexes if a.zone_type == node.zone_type)
        heading = next(c.heading for c in annex.categories if c.name == node.category)
        if not locale.startswith("zh"):
            heading = f"{category_names_en(consultation)[node.zone_type][node.category]} ({heading})"
        return _t(locale, N_("Indicators: %(category)s (%(annex)s)"), category=heading,
                 annex=node_label(consultation.node(node.ref), locale))
    return node.name


def question_dict(q: Question, locale: str, consultation: Consultation | None = None) -> dict:
    """One question as every channel shows it: prompt, the draft's text, input rules and choices."""
    consultation = consultation or get_consultation()
    locale = normalise_locale(locale)
    data: dict = {"name": q.name, "kind": q.kind, "ref": q.ref, "zone_type": q.zone_type}
    if q.ref:
        data["label"] = node_label(consultation.node(q.ref), locale)
    if q.kind == "zone_types":
        data["prompt"] = _t(locale, PROMPTS["zone_types"])
        data["multiple"] = True
        data["choices"] = [{"value": t, "label": zone_type_name(t, locale)} for t in q.choices]
    elif q.kind == "entity_kind":
        data["prompt"] = _t(locale, PROMPTS["entity_kind"])
        data["quote"] = consultation.node("art-3").text
        data["choices"] = [{"value": k, "label": entity_kind_label(k, locale)} for k in q.choices]
    elif q.kind == "condition":
        data["prompt"] = _t(locale, PROMPTS["condition"])
        data["quote"] = consultation.quote(q.ref)
        data["choices"] = [{"value": c, "label": _t(locale, CONDITION_LABELS[c])} for c in q.choices]
    else:
        data.update(indicator_dict(q.ref, locale, consultation))
        data["prompt"] = data["text"] if locale.startswith("zh") else data["text_en"]
    return data


def indicator_dict(ref: str, locale: str, consultation: Consultation | None = None) -> dict:
    """One row of an annex table with its scoring reference."""
    consultation = consultation or get_consultation()
    locale = normalise_locale(locale)
    row = consultation.node(ref)
    zone_type = next(a.zone_type for a in consultation.annexes if a.number == row.annex)
    reference = scoring_references(consultation)[zone_type][ref]
    data = {
        "ref": ref, "label": node_label(row, locale), "row": row.row, "text": row.text,
        "text_en": reference.indicator_en, "category": row.category, "group": row.group,
        "method": row.method, "points": row.points,
    }
    scoring: dict = {"curve": reference.curve, "input": reference.input, "assumption": reference.assumption,
                     "rationale": reference.rationale.get(locale)}
    if isinstance(reference, RubricReference):
        scoring["levels"] = [
            {"key": lv.key, "label": _t(locale, LEVEL_LABELS[lv.key]) if lv.key in LEVEL_LABELS else lv.key,
             "description": lv.description.get(locale), "fraction": lv.fraction,
             "points": as_number(row.points * _frac(lv.fraction))} for lv in reference.levels]
        data["choices"] = [{"value": lv["key"], "label": f'{lv["label"]}: {lv["description"]}'}
                           for lv in scoring["levels"]]
    else:
        minimum, maximum, integer = RANGES[reference.input]
        scoring["unit"] = reference.unit_text.get(locale)
        data.update(input=reference.input, min=minimum, max=maximum, integer=integer,
                    unit=reference.unit_text.get(locale), hint=_t(locale, INPUT_HINTS[reference.input]))
        if reference.curve == "linear":
            scoring["reference_value"] = reference.reference_value
            scoring["reference_value_text"] = fmt(reference.reference_value)
        else:
            scoring["steps"] = [{"at": s.at, "at_text": fmt(s.at), "fraction": s.fraction,
                                 "points": as_number(row.points * _frac(s.fraction))} for s in reference.steps]
    data["scoring"] = scoring
    return data


def _frac(x):
    from fractions import Fraction

    return Fraction(str(x))


def indicator_table(zone_type: str, locale: str, consultation: Consultation | None = None) -> dict:
    """An annex table with every scoring reference, as GET /api/v1/indicators/<zone_type> returns it."""
    consultation = consultation or get_consultation()
    number = annex_number(consultation, zone_type)
    annex = next(a for a in consultation.annexes if a.number == number)
    return {
        "zone_type": zone_type, "name": zone_type_name(zone_type, locale), "annex": f"annex-{number}",
        "title": annex.title, "notes": list(annex.notes), "total_points": 100,
        "categories": [{"name": c.name, "name_en": category_names_en(consultation)[zone_type][c.name],
                        "heading": c.heading, "points": c.points} for c in annex.categories],
        "indicators": [indicator_dict(r.ref, locale, consultation) for r in consultation.annex_rows(number)],
        "assumption_note": _t(locale, ASSUMPTION_NOTE),
        "text": text_dict(consultation, locale),
    }


ERROR_REQUIRED = N_("Answer: %(question)s")
ERROR_NAMED = N_("%(question)s: %(problem)s")
_EXCERPT = 24  # characters of a condition's text, enough to tell 第五条(一) from 第五条(二) by ear


def question_name(q: dict, locale: str = "zh_CN") -> str:
    """A question named in words, for its error message: a page holds up to five questions, and
    "Answer this question." five times told nobody which one was missing (GOV.UK: the message names it)."""
    gap = " " if locale.startswith("zh") else " – "
    if q["kind"] in ("number", "level"):
        return f'{q["label"]}{gap}{q["prompt"]}'
    if q["kind"] == "condition":
        text = (q.get("quote") or "").strip()
        text = text.split(")", 1)[1] if text.startswith("(") and ")" in text[:6] else text
        text = text.split(".", 1)[1] if text[:3].split(".")[0].isdigit() and "." in text[:3] else text
        short = text[:_EXCERPT] + ("…" if len(text) > _EXCERPT else "")
        return f'{q["label"]}{gap}{short}'
    return q.get("prompt", q["name"])


def error_text(q: dict, msgid: str, params: dict, locale: str) -> str:
    """The message for one question's error, saying which question (summary link and field alike)."""
    from .validation import MSG_REQUIRED, MSG_ZONE_TYPES

    if msgid == MSG_ZONE_TYPES:  # the only question of its page, and the message names it already
        return _t(locale, msgid, **params)
    if msgid == MSG_REQUIRED:
        return _t(locale, ERROR_REQUIRED, question=question_name(q, locale))
    return _t(locale, ERROR_NAMED, question=question_name(q, locale), problem=_t(locale, msgid, **params))


def node_dict(name: str, locale: str, consultation: Consultation | None = None) -> dict:
    node = all_nodes(consultation)[name]
    return {"name": name, "kind": node.kind, "ref": node.ref, "title": node_title(node, locale, consultation),
            "questions": [question_dict(q, locale, consultation) for q in node.questions]}


def _condition(c, locale, consultation) -> dict:
    return {"ref": c.ref, "label": node_label(consultation.node(c.ref), locale), "quote": consultation.quote(c.ref),
            "answer": c.answer, "answer_label": _t(locale, CONDITION_LABELS[c.answer]), "met": c.met}


def _render(message: Message, locale: str) -> str:
    return message.render(locale)


def answer_text(reference, answer, locale: str) -> str:
    """An answer as the applicant would read it back: a level's name, or the number with its unit."""
    if isinstance(reference, RubricReference):
        return _t(locale, LEVEL_LABELS[answer]) if answer in LEVEL_LABELS else str(answer)
    return Quantity(answer, reference.unit_text, reference.input).render(locale)


def type_result_dict(t: TypeResult, locale: str, consultation: Consultation) -> dict:
    return {
        "zone_type": t.zone_type, "name": zone_type_name(t.zone_type, locale), "annex": f"annex-{t.annex}",
        "total": as_number(t.total), "total_text": fmt(t.total), "maximum": 100,
        "categories": [{"name": c.name, "name_en": category_names_en(consultation)[t.zone_type][c.name],
                        "heading": c.heading, "maximum": c.maximum, "points": as_number(c.points),
                        "points_text": fmt(c.points)} for c in t.categories],
        "indicators": [{
            "ref": s.ref, "label": node_label(consultation.node(s.ref), locale), "text": consultation.node(s.ref).text,
            "text_en": scoring_references(consultation)[t.zone_type][s.ref].indicator_en,
            "category": s.category, "answer": s.answer,
            "answer_text": answer_text(scoring_references(consultation)[t.zone_type][s.ref], s.answer, locale),
            "points": as_number(s.points), "points_text": fmt(s.points),
            "points_max": s.points_max, "lost": as_number(s.lost), "lost_text": fmt(s.lost),
            "improvement": _render(s.improvement, locale) if s.improvement else None,
        } for s in t.indicators],
        "conditions": [_condition(c, locale, consultation) for c in t.conditions],
        "feature": t.feature.get(locale),
        "plan": [{"key": p.key, "title": p.title.get(locale), "hint": p.hint.get(locale), "refs": list(p.refs),
                  "indicators": [node_label(consultation.node(r), locale) + " " + consultation.node(r).text
                                 for r in p.refs]} for p in t.plan],
    }


def _verdict_dict(verdict, kind: str, locale: str, consultation: Consultation) -> dict:
    """The eligibility rules' verdict on the applying body (their msgids translated)."""
    return {"kind": kind, "label": entity_kind_label(kind, locale), "verdict": verdict.verdict,
            "refs": list(verdict.refs),
            "ref_labels": [node_label(consultation.node(r), locale) for r in verdict.refs if r in consultation.nodes],
            # reason_text/path_text: a msgid, or words written in the rules' data file itself (eligibility.Text)
            "reason": verdict.reason_text(locale) if verdict.reason else None,
            "path": verdict.path_text(locale) if verdict.path else None}


TEXT_USED = N_("This self-check uses the conditions and indicator tables of %(name)s.")


def text_dict(consultation: Consultation, locale: str) -> dict:
    """Which text the questions and the scoring rest on: the draft (revision None) or the final revision."""
    name = text_name(consultation, locale)
    return {"revision": consultation.revision, "name": name, "sentence": _t(locale, TEXT_USED, name=name)}


def result_dict(result: SelfCheckResult, locale: str, consultation: Consultation | None = None) -> dict:
    """The whole result, translated: what POST /api/v1/self-check returns and the result page shows."""
    consultation = consultation or get_consultation()
    locale = normalise_locale(locale)
    return {
        "outcome": result.outcome,
        "text": text_dict(consultation, locale),
        "disclaimer": _t(locale, DISCLAIMER),
        "assumption_note": _t(locale, ASSUMPTION_NOTE),
        "entity": _verdict_dict(result.verdict, result.entity_kind, locale, consultation),
        "general": [_condition(c, locale, consultation) for c in result.general],
        "types": [type_result_dict(t, locale, consultation) for t in result.types],
        "unmet": [_condition(c, locale, consultation) for c in result.unmet],
        "recommendation": None if result.recommendation is None else {
            "zone_type": result.recommendation.zone_type,
            "name": zone_type_name(result.recommendation.zone_type, locale),
            "reasons": [_render(m, locale) for m in result.recommendation.reasons]},
        "materials": {"ref": result.materials_ref, "quote": consultation.quote(result.materials_ref),
                      "items": [{"key": m.key, "title": m.title.get(locale)} for m in result.materials]},
    }
