"""Publishing the summary (preview, confirmation, numbered publications) and the public /summary page
with its DOCX and XLSX downloads. The public side always shows the latest publication's frozen
decisions; a decision changed afterwards appears only in the next publication."""
from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from consultation.db import unreachable
from consultation.exports import summary as summary_export
from consultation.labels import OUTCOME_LABELS
from consultation.models import Comment
from consultation.office import publishing
from consultation.office.models import OUTCOMES, Publication

from ..context import database_down, db, services
from ..params import form_int
from ..i18n import current_locale
from ..safemethods import head_of_download, is_head
from .auth import current_account, require
from .views import bp

summary_bp = Blueprint("summary", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@summary_bp.app_context_processor
def _summary_globals():
    """Lets the home page, the navigation and the receipts link to /summary once it is published."""
    def summary_publication():
        if database_down():  # the 503 page of a database outage (web/outage.py)
            return None
        try:
            return publishing.publication(db(), services().consultation.id)
        except Exception as exc:  # an error page (a 404) met the outage first: shown without the link
            if not unreachable(exc):
                raise
            return None
    return {"summary_publication": summary_publication}


@bp.get("/admin/publish")
@require("admin")
def publish_page():
    svc = services()
    preview = publishing.preview(db(), svc.consultation)
    return render_template("office/publish.html", preview=preview, window=svc.window(db()),
                           publications=publishing.publications(db(), svc.consultation.id))


@bp.post("/admin/publish")
@require("admin")
def publish_action():
    svc = services()
    if request.form.get("confirm") != "1":
        flash(_("Tick the confirmation to publish."), "error")
        return redirect(url_for("office.publish_page")), 303
    try:
        done = publishing.publish_confirmed(db(), svc.consultation, number=form_int("number"),
                                            actor=current_account().username, now=svc.now(),
                                            confirmed_pending=form_int("pending"))
    except publishing.PublicationRefused as exc:
        db().rollback()
        flash(_(exc.message, pending=exc.pending) if exc.pending is not None else _(exc.message), "error")
        return redirect(url_for("office.publish_page")), 303
    number = done.publication.number
    if done.repeated:
        flash(_("Publication %(number)d was already published: nothing was published twice.", number=number), "ok")
    else:
        flash(_("Publication %(number)d is public.", number=number), "ok")
    return redirect(url_for("office.publication_page", number=number)), 303


@bp.get("/publications/<dbid:number>")
@require("viewer")
def publication_page(number):
    svc = services()
    pub = db().scalar(select(Publication).where(Publication.consultation_id == svc.consultation.id,
                                                Publication.number == number))
    if pub is None:
        abort(404)
    changes = pub.changes or []
    ids = [c["comment_id"] for c in changes[:500]]
    targets = dict(db().execute(select(Comment.id, Comment.target_ref).where(Comment.id.in_(ids or [-1]))).all())
    return render_template("office/publication.html", pub=pub, changes=changes[:500], more=len(changes) - 500,
                           targets=targets)


def _published_or_404():
    pub = publishing.publication(db(), services().consultation.id)
    if pub is None:
        abort(404)
    return pub


@summary_bp.get("/summary")
def page():
    svc = services()
    pub = publishing.publication(db(), svc.consultation.id)
    if pub is None:
        return render_template("office/summary_pending.html", window=svc.window(db())), 404
    locale = current_locale()
    collected = summary_export.collect(db(), svc.consultation, locale)
    lines = list(zip(summary_export.rows(collected, svc.consultation, locale), collected.lines))
    return render_template("office/summary.html", rows=publishing.summary(db(), svc.consultation, pub), published=pub,
                           lines=lines, outcome_labels=OUTCOME_LABELS, outcomes=OUTCOMES)


def _download(writer, mimetype: str, ext: str):
    pub = _published_or_404()
    name = f"意见采纳情况-{pub.number}.{ext}"
    if is_head():  # not built for a HEAD (web/safemethods.py)
        return head_of_download(mimetype, name)
    svc = services()
    buffer = io.BytesIO()
    writer(db(), svc.consultation, buffer, locale=current_locale(), now=svc.now())
    buffer.seek(0)
    return send_file(buffer, mimetype=mimetype, as_attachment=True, download_name=name)


@summary_bp.get("/summary.docx")
def docx():
    return _download(summary_export.write_summary_docx, DOCX, "docx")


@summary_bp.get("/summary.xlsx")
def xlsx():
    return _download(summary_export.write_summary_xlsx, XLSX, "xlsx")


def receipt_publication(submission_id: int) -> dict:
    """For the receipt template, from the latest publication (empty before the first): "standing", {comment_id:
    {"outcome", "outcome_label" (translated), "reason", "publication"}} for the comments that still read as
    published; "earlier", the published rows of comments the sender changed, moved or withdrew since (as
    published: the receipt keeps showing what publication N said); "number", the publication's number."""
    standing, earlier, number = {}, [], None
    for d in publishing.decisions_for_submission(db(), submission_id):
        if not d["published"]:
            continue
        number = d["publication"]
        if not d.get("as_published"):
            continue
        row = {**d, "outcome_label": _(d["outcome_label"])}
        if d["changed_since"]:
            earlier.append(row)
        else:
            standing[d["comment_id"]] = row
    return {"standing": standing, "earlier": earlier, "number": number} if number is not None else {}


def receipt_decisions(submission_id: int) -> dict:
    """{comment_id: {"outcome", "outcome_label" (translated), "reason", "publication"}} from the latest
    publication, for the comments that still read as it published them; empty before the first."""
    return receipt_publication(submission_id).get("standing", {})
