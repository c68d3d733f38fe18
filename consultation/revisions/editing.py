"""Revising the text: start a revision from the latest one, edit an article or an annex table, mark it final.

Only the latest revision is edited, and only while it is open. Every saved edit is checked with the loader
(consultation.revisions.content.check) and written to the office audit log with the part before and after.
Bad input (an empty text, points that are not a positive whole number, a method the tables do not use, two
rows with one number) is refused and changes nothing; broken sums are kept as the revision's problems, and a
revision with problems cannot be marked final.
"""
from __future__ import annotations

import copy
import datetime as dt
import re

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consultation.document import CN_DIGITS, Consultation
from consultation.i18n import N_
from consultation.intake import fields
from consultation.office import audit
from consultation.schema import METHODS

from .content import Problem, carry_findings, check, draft_content, identity_origins
from .models import TextRevision

MAX_TEXT = 5000


class EditRefused(ValueError):
    """Bad input; `errors` are (field, msgid, params) to translate where they are shown."""

    def __init__(self, errors: list[tuple[str, str, dict]]):
        super().__init__(errors)
        self.errors = errors


class FinalRefused(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


def all_revisions(session: Session, consultation_id: str) -> list[TextRevision]:
    return list(session.scalars(select(TextRevision).where(TextRevision.consultation_id == consultation_id)
                                .order_by(TextRevision.number)))


def latest(session: Session, consultation_id: str) -> TextRevision | None:
    return session.scalars(select(TextRevision).where(TextRevision.consultation_id == consultation_id)
                           .order_by(TextRevision.number.desc()).limit(1)).first()


def final_revision(session: Session, consultation_id: str) -> TextRevision | None:
    return session.scalars(select(TextRevision).where(TextRevision.consultation_id == consultation_id,
                                                      TextRevision.status == "final")).first()


def _refuse(msgid: str, field: str = "", **params):
    raise EditRefused([(field, msgid, params)])


def start(session: Session, draft: Consultation, *, actor: str, now: dt.datetime, content: dict | None = None,
          origins: dict | None = None, source: str = "office") -> TextRevision:
    """A new open revision copied from the latest one (or from the draft); the latest one is closed."""
    last = latest(session, draft.id)
    if last is not None and last.status == "final":
        _refuse(N_("The text is final; it cannot be revised again."))
    if last is not None:
        last.status = "closed"
    rev = TextRevision(consultation_id=draft.id, number=(last.number + 1) if last else 1, status="open",
                       content=copy.deepcopy(content if content is not None else
                                             last.content if last else draft_content(draft)),
                       origins=dict(origins if origins is not None else last.origins if last else identity_origins(draft)),
                       source=source, created_by=actor, created_at=now, updated_at=now, version=1)
    session.add(rev)
    session.flush()
    audit.record(session, actor, "revision.start", f"revision:{rev.number}", None,
                 {"number": rev.number, "source": source})
    return rev


def _editable(session: Session, rev: TextRevision, version: int | None) -> None:
    last = latest(session, rev.consultation_id)
    if rev.status != "open" or last is None or last.id != rev.id:
        _refuse(N_("Only the latest revision can be edited, while it is open."))
    if version is not None and version != rev.version:
        _refuse(N_("Someone saved this revision after you opened it. Reload the page and make your change again."))


def _new_keys(session: Session, consultation_id: str):
    """Origins for nodes the office adds: new-1, new-2, … never reused within a consultation."""
    used = [int(v[4:]) for r in all_revisions(session, consultation_id) for v in r.origins.values()
            if isinstance(v, str) and v.startswith("new-") and v[4:].isdigit()]
    n = max(used, default=0)
    while True:
        n += 1
        yield f"new-{n}"


def _clean_text(value, field: str, errors: list, required: bool = True) -> str:
    text = re.sub(r"\r\n?", "\n", str(value or "")).strip()
    try:  # the one rule for typed text; only invisible characters are no text (retest round 12, N1)
        text = fields.kept_text(text)
    except ValueError:
        errors.append((field, fields.MSG_CONTROL, {}))
        return text
    if required and not text:
        errors.append((field, N_("Enter the text."), {}))
    elif len(text) > MAX_TEXT:
        errors.append((field, N_("The text is longer than %(max)d characters."), {"max": MAX_TEXT}))
    return text


def _save(session: Session, rev: TextRevision, draft: Consultation, content: dict, origins: dict, *,
          target: str, before, after, actor: str, now: dt.datetime) -> list[Problem]:
    rev.content = carry_findings(content, origins, draft)
    rev.origins = origins
    rev.version += 1
    rev.updated_at = now
    audit.record(session, actor, "revision.edit", f"revision:{rev.number}:{target}", before, after)
    session.flush()
    return check(rev.content)[2]


# --- articles --------------------------------------------------------------------------------------

def _article(content: dict, number: int) -> dict:
    for chapter in content["document"]["chapters"]:
        for article in chapter["articles"]:
            if article["number"] == number:
                return article
    _refuse(N_("No such article."))


def save_article(session: Session, draft: Consultation, rev: TextRevision, number: int, *, title: str | None,
                 text: str, items: list[dict], actor: str, now: dt.datetime, version: int | None = None) -> list[Problem]:
    """Replace article `number`'s title, text and items. Each item is {"from": the item's reference in this
    revision or "" for a new one, "text", "items": [{"from", "text"}]}; an item left out is removed, and
    items are renumbered (一)(二)… and 1. 2. … in the order given. Returns the revision's problems."""
    _editable(session, rev, version)
    content = copy.deepcopy(rev.content)
    article = _article(content, number)
    before = copy.deepcopy(article)
    a_ref = f"art-{number}"
    errors: list = []
    new_text = _clean_text(text, "text", errors, required=not items)
    new_title = (title or "").strip() or None
    try:  # nothing visible: no title, as when left empty
        new_title = fields.kept_text(new_title or "") or None
    except ValueError:
        errors.append(("title", fields.MSG_CONTROL, {}))
    origins = {k: v for k, v in rev.origins.items() if not k.startswith(a_ref + ".")}
    keys = _new_keys(session, rev.consultation_id)
    seen: set[str] = set()

    def origin_of(source: str, prefix: str, field: str) -> str:
        if not source:
            return next(keys)
        if not source.startswith(prefix) or source in seen or source not in rev.origins:
            errors.append((field, N_("This part does not belong here."), {}))
            return ""
        seen.add(source)
        return rev.origins[source]

    new_items = []
    for i, item in enumerate(items, start=1):
        i_ref = f"{a_ref}.{i}"
        origins[i_ref] = origin_of(item.get("from", ""), a_ref + ".", f"items-{i}")
        subs = []
        for k, sub in enumerate(item.get("items", []), start=1):
            origins[f"{i_ref}.{k}"] = origin_of(sub.get("from", ""), a_ref + ".", f"items-{i}-{k}")
            subs.append({"label": f"{k}.", "text": _clean_text(sub.get("text"), f"items-{i}-{k}", errors)})
        item_text = _clean_text(item.get("text"), f"items-{i}", errors, required=not subs)
        new_items.append({"label": f"({CN_DIGITS[i - 1]})" if i <= 10 else f"({i})", "text": item_text,
                          "items": subs})
    if len(new_items) > 10:
        errors.append(("items", N_("An article has at most ten items."), {}))
    if errors:
        raise EditRefused(errors)
    article.update(title=new_title, text=new_text, items=new_items)
    if new_title is None:
        article.pop("title", None)
    return _save(session, rev, draft, content, origins, target=a_ref, before=before, after=article,
                 actor=actor, now=now)


# --- annex tables -----------------------------------------------------------------------------------

def _whole(value, field: str, errors: list, minimum: int = 1) -> int:
    """A whole number typed on the office's form (or stored), by the rule for numbers typed by people
    (consultation.intake.fields): int() alone took "1_0", "+5" and "٣"."""
    try:
        n = value if isinstance(value, int) and not isinstance(value, bool) else fields.typed_whole(str(value))
    except (TypeError, ValueError):  # NotANumber: no number, or not a whole one ("2.5")
        n = 0
    if n < minimum or n > 1000:
        errors.append((field, N_("Enter a whole number from %(min)d to 1000."), {"min": minimum}))
    return n


def save_rows(session: Session, draft: Consultation, rev: TextRevision, annex_number: int, *, categories: list[dict],
              rows: list[dict], actor: str, now: dt.datetime, version: int | None = None) -> list[Problem]:
    """Replace annex `annex_number`'s category points and rows. Each row is {"from": its reference in this
    revision or "" for a new one, "number", "category", "group", "indicator", "method", "points"}; a row left
    out is removed, and a changed number renumbers it (its comments follow it). Returns the problems."""
    _editable(session, rev, version)
    content = copy.deepcopy(rev.content)
    annex = next((a for a in content["annexes"] if a["number"] == annex_number), None)
    if annex is None:
        _refuse(N_("No such annex table."))
    before = copy.deepcopy({"categories": annex["categories"], "rows": annex["rows"]})
    x_ref = f"annex-{annex_number}"
    errors: list = []
    names = [c["name"] for c in annex["categories"]]
    given = {c.get("name"): c for c in categories}
    new_categories = []
    for k, cat in enumerate(annex["categories"]):
        edit = given.get(cat["name"], {})
        heading = _clean_text(edit.get("heading", cat["heading"]), f"categories-{k}-heading", errors)
        points = _whole(edit.get("points", cat["points"]), f"categories-{k}-points", errors)
        new_categories.append({**cat, "heading": heading, "points": points})
    origins = {k: v for k, v in rev.origins.items() if not k.startswith(x_ref + "/")}
    keys = _new_keys(session, rev.consultation_id)
    seen: set[str] = set()
    new_rows, numbers = [], set()
    for i, row in enumerate(rows):
        field = f"rows-{i}"
        number = _whole(row.get("number"), f"{field}-number", errors)
        if number in numbers:
            errors.append((f"{field}-number", N_("Two rows have the number %(number)d."), {"number": number}))
        numbers.add(number)
        category = str(row.get("category", ""))
        if category not in names:
            errors.append((f"{field}-category", N_("Choose a category."), {}))
        method = str(row.get("method", ""))
        if method not in METHODS:
            errors.append((f"{field}-method", N_("Choose a method."), {}))
        source = str(row.get("from", "") or "")
        if source and (not source.startswith(x_ref + "/") or source in seen or source not in rev.origins):
            errors.append((field, N_("This part does not belong here."), {}))
        seen.add(source)
        new_rows.append((source, {
            "number": number, "category": category,
            "group": _clean_text(row.get("group"), f"{field}-group", errors),
            "indicator": _clean_text(row.get("indicator"), f"{field}-indicator", errors),
            "method": method, "points": _whole(row.get("points"), f"{field}-points", errors)}))
    if not new_rows:
        errors.append(("rows", N_("A table needs at least one row."), {}))
    if errors:
        raise EditRefused(errors)
    new_rows.sort(key=lambda pair: pair[1]["number"])
    for source, row in new_rows:
        origins[f"{x_ref}/{row['number']}"] = rev.origins[source] if source else next(keys)
    annex["categories"] = new_categories
    annex["rows"] = [row for _, row in new_rows]
    return _save(session, rev, draft, content, origins, target=x_ref, before=before,
                 after={"categories": annex["categories"], "rows": annex["rows"]}, actor=actor, now=now)


# --- final --------------------------------------------------------------------------------------------

def mark_final(session: Session, draft: Consultation, rev: TextRevision, *, actor: str, now: dt.datetime,
               version: int | None = None) -> TextRevision:
    """The revision becomes the final text; refused while the loader finds any problem in it."""
    _editable(session, rev, version)
    _, consultation, problems = check(rev.content)
    if consultation is None or problems:
        raise FinalRefused(problems)
    rev.status = "final"
    rev.finalised_at = now
    audit.record(session, actor, "revision.final", f"revision:{rev.number}", None, {"number": rev.number})
    session.flush()
    return rev


def publish(session: Session, draft: Consultation, *, actor: str, now: dt.datetime) -> TextRevision:
    """Publish the comparison table of the final revision: the public page, and guidance on the final text."""
    rev = final_revision(session, draft.id)
    if rev is None:
        _refuse(N_("Mark a revision final before publishing the comparison table."))
    # Set only where still unset, in the database: two presses that both read the revision as unpublished
    # (two requests racing) would otherwise both pass a check made on what they read, and both be audited.
    # The second UPDATE waits for the first's commit (SQLite's write lock, PostgreSQL's row lock) and
    # then matches no row, so it is refused like any later press.
    if rev.published_at is not None or session.execute(
            update(TextRevision).where(TextRevision.id == rev.id, TextRevision.published_at.is_(None))
            .values(published_at=now).execution_options(synchronize_session=False)).rowcount != 1:
        _refuse(N_("The comparison table is already published."))
    rev.published_at = now
    audit.record(session, actor, "revision.publish", f"revision:{rev.number}", None,
                 {"published_at": now.isoformat()})
    session.flush()
    return rev
