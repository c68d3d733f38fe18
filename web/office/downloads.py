"""Exports downloadable from the office pages, by role: comments as CSV/XLSX and the adoption summary for
every staff member; contact details and the JSON archive for admins only, each download (a GET: a HEAD is
answered without building or auditing, web/safemethods.py) audited.
Also the printable leadership report.

An export of a large consultation takes seconds of Python on a worker's staff thread (web/bodyfirst.py,
STAFF_THREADS), sharing the interpreter with that worker's public requests. One staff member gets one
export at a time in each worker process (EXPORTS_AT_ONCE): a clerk with six tabs (attack round 7, F1) had
six built at once, all slower, the public's requests slower with them, and every staff thread taken from
the colleagues. A second one meanwhile is answered 429 with Retry-After and a localized message."""
from __future__ import annotations

import collections
import io
import threading

from flask import abort, make_response, render_template, send_file
from flask_babel import gettext as _
from sqlalchemy import func, select

from consultation.exports import archive, summary, tabular
from consultation.models import CATEGORIES, Comment, Submission
from consultation.office import accounts, audit, dashboard, duplicates, publishing, visibility
from consultation.office.models import OUTCOMES, Decision

from .. import errors
from ..context import db, services
from ..i18n import current_locale
from ..safemethods import head_of_download, is_head
from .auth import current_account, require
from .views import bp

# name -> (minimum role, needs contacts, file extension, mimetype)
EXPORTS = {
    "comments.csv": ("viewer", False, "csv", "text/csv"),
    "comments.xlsx": ("viewer", False, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "summary.docx": ("viewer", False, "docx",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "summary.xlsx": ("viewer", False, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "contacts.csv": ("admin", True, "csv", "text/csv"),
    "contacts.xlsx": ("admin", True, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "archive.json": ("admin", True, "json", "application/json"),
}
EXPORTS_AT_ONCE = 1  # per staff account, in each worker process
EXPORT_RETRY_AFTER = 10  # seconds: about what a large export takes
_building: collections.Counter = collections.Counter()  # account id -> exports being built in this process
_building_lock = threading.Lock()


def _claim(account_id: int) -> bool:
    with _building_lock:
        if _building[account_id] >= EXPORTS_AT_ONCE:
            return False
        _building[account_id] += 1
        return True


def _release(account_id: int) -> None:
    with _building_lock:
        _building[account_id] -= 1
        if _building[account_id] <= 0:
            del _building[account_id]


def _busy():
    response = make_response(*errors.answer(
        429, "export_in_progress", _("An export is being prepared"),
        _("Another export of yours is still being prepared. Please wait for it to finish, then try again.")))
    response.headers["Retry-After"] = str(EXPORT_RETRY_AFTER)
    return response


@bp.get("/exports")
@require("viewer")
def exports_page():
    account = current_account()
    allowed = [name for name, (role, *_rest) in EXPORTS.items() if accounts.has_role(account, role)]
    return render_template("office/exports.html", allowed=allowed)


@bp.get("/exports/<name>")
@require("viewer")
def export_download(name):
    if name not in EXPORTS:
        abort(404)
    role, contacts, ext, mimetype = EXPORTS[name]
    account = current_account()
    if not accounts.has_role(account, role):
        abort(403)
    if is_head():  # neither built nor audited: only a GET takes the file (web/safemethods.py)
        return head_of_download(mimetype, name)
    if not _claim(account.id):
        return _busy()
    try:
        return _export(name, account, contacts, ext, mimetype)
    finally:
        _release(account.id)


def _export(name: str, account, contacts: bool, ext: str, mimetype: str):
    svc = services()
    session_, consultation, locale = db(), svc.consultation, current_locale()
    personal = visibility.sees_personal_organisations(account)  # an individual's organisation, in the comments
    if ext == "csv":
        text = io.StringIO()
        tabular.write_csv(session_, consultation, text, with_contacts=contacts, personal=personal, locale=locale)
        data = text.getvalue().encode("utf-8-sig")
    elif ext == "json":
        text = io.StringIO()
        archive.export_json(session_, consultation, text, with_contacts=contacts, now=svc.now())
        data = text.getvalue().encode("utf-8")
    else:
        buffer = io.BytesIO()
        if name.startswith("summary"):
            writer = summary.write_summary_docx if ext == "docx" else summary.write_summary_xlsx
            writer(session_, consultation, buffer, locale=locale, now=svc.now())
        else:
            tabular.write_xlsx(session_, consultation, buffer, with_contacts=contacts, personal=personal,
                               locale=locale, now=svc.now())
        data = buffer.getvalue()
    audit.record(session_, account.username, "export.download", name, None, {"contacts": contacts})
    session_.commit()
    # Whole or not at all (conditional=False: a Range is ignored, as RFC 9110 allows): the audit row above says the
    # file was taken, which a 416 or a one-byte 206 would make untrue.
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name, conditional=False)


@bp.get("/report")
@require("viewer")
def report_page():
    """The printable report for the leadership: totals by article and category, campaigns, the parts
    with most comments (the main issues raised), the decision status."""
    svc = services()
    s, consultation = db(), svc.consultation
    by_ref_cat = s.execute(select(Comment.target_ref, Submission.category, func.count())
                           .join(Submission, Submission.id == Comment.submission_id)
                           .where(Comment.consultation_id == consultation.id)
                           .group_by(Comment.target_ref, Submission.category)).all()
    per_article: dict[str, dict[str, int]] = {}
    for ref, category, n in by_ref_cat:
        key = _article_of(consultation, ref)
        row = per_article.setdefault(key, dict.fromkeys(CATEGORIES, 0))
        row[category] = row.get(category, 0) + n
    order = {ref: node.order for ref, node in consultation.nodes.items()}
    articles = [(consultation.nodes.get(r), r, per_article[r])
                for r in sorted(per_article, key=lambda r: order.get(r, 10**9))]
    groups = sorted(duplicates.active_groups(s, consultation.id), key=lambda g: -g.size)[:15]
    reps = {c.id: c for c in s.scalars(select(Comment).where(Comment.id.in_(
        [g.representative_id for g in groups if g.representative_id] or [-1])))}
    statuses = dict(s.execute(select(Decision.status, func.count()).where(Decision.consultation_id == consultation.id)
                              .group_by(Decision.status)).all())
    outcomes = dict(s.execute(select(Decision.outcome, func.count()).where(
        Decision.consultation_id == consultation.id, Decision.status == "approved").group_by(Decision.outcome)).all())
    totals = dashboard.totals(s, consultation.id)
    counts = dashboard.node_counts(s, consultation.id)
    busiest = sorted(((ref, raw, merged) for ref, (raw, merged) in counts.items()), key=lambda x: -x[1])[:10]
    return render_template("office/report.html", articles=articles, categories=CATEGORIES, groups=groups, reps=reps,
                           statuses=statuses, outcomes=outcomes, outcome_codes=OUTCOMES, totals=totals,
                           busiest=busiest, published=publishing.publication(s, consultation.id), now=svc.now())


def _article_of(consultation, ref: str) -> str:
    """The article (or annex table, notice, explanation) a reference belongs to."""
    node = consultation.nodes.get(ref)
    while node is not None and node.kind in ("item", "subitem", "row") and node.parent:
        node = consultation.nodes[node.parent]
    return node.ref if node is not None else ref
