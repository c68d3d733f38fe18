"""`consult self-check`: the scoring references, the questions and a scored self-check from a file."""
from __future__ import annotations

import json
import sys

import click
import yaml

from . import main


@main.group("self-check")
def self_check():
    """Self-check against articles 3, 5, 6 and the annex tables (self-assessment for reference)."""


@self_check.command("check-data")
def check_data():
    """Load the scoring-reference files strictly (run after editing guidance/data/scoring/*.yaml)."""
    from consultation.document import DataError
    from guidance.selfcheck.references import plan_outline
    from guidance.selfcheck.texts import scoring_references

    try:
        tables = scoring_references()
        plan_outline()
    except DataError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for zone_type, refs in tables.items():
        curves = {}
        for reference in refs.values():
            curves[reference.curve] = curves.get(reference.curve, 0) + 1
        click.echo(f"{zone_type}: {len(refs)} indicators ({', '.join(f'{k} {v}' for k, v in sorted(curves.items()))})")


@self_check.command("questions")
@click.option("--zone-type", "zone_types", multiple=True,
              type=click.Choice(["deep_application", "product_innovation", "tech_empowerment"]))
@click.option("--lang", default="zh_CN", show_default=True)
def questions(zone_types, lang):
    """Every question for the zone types, one JSON object per line."""
    from guidance.selfcheck import flow, present

    zone_types = list(zone_types) or ["deep_application", "product_innovation", "tech_empowerment"]
    for q in flow.questions_for(zone_types):
        click.echo(json.dumps(present.question_dict(q, lang), ensure_ascii=False))


@self_check.command("score")
@click.argument("answers_file", type=click.File("r", encoding="utf-8"))
@click.option("--lang", default="zh_CN", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
def score(answers_file, lang, as_json):
    """Score answers from a YAML or JSON file (question name: answer); '-' reads standard input."""
    from consultation.i18n import gettext
    from consultation.submissions import ValidationFailed
    from guidance.selfcheck import present, scoring

    answers = yaml.safe_load(answers_file.read())
    try:
        result = present.result_dict(scoring.run(answers), lang)
    except ValidationFailed as exc:
        for e in exc.errors:
            click.echo(f"{e.field}: {gettext(lang, e.message, **e.params)}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(result["disclaimer"])
    click.echo(f'{result["entity"]["label"]}: {result["entity"]["verdict"]}')
    for t in result["types"]:
        click.echo(f'\n{t["name"]}: {t["total_text"]} / {t["maximum"]}')
        for c in t["categories"]:
            click.echo(f'  {c["heading"]}: {c["points_text"]} / {c["maximum"]}')
        for i in [i for i in t["indicators"] if i["lost"]][:5]:
            click.echo(f'  - {i["label"]} {i["text"]}: -{i["lost_text"]} · {i["improvement"]}')
    for c in result["unmet"]:
        click.echo(f'! {c["label"]} ({c["answer_label"]})')
    if result["recommendation"]:
        click.echo(f'\n→ {result["recommendation"]["name"]}')
        for reason in result["recommendation"]["reasons"]:
            click.echo(f"  {reason}")
