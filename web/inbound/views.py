"""/office/inbound: the mailbox's messages and the letters entered by hand, for the office's staff.

Viewers see the queue without personal data; editors confirm or correct what
waits (targets, kinds, lateness) and enter letters, calls and forum minutes;
only those who may see personal data (admins) see senders and open originals.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from consultation.inbound import manual, review
from consultation.inbound.filenames import display_name
from consultation.inbound.models import SOURCES, InboundFile, InboundItem
from consultation.inbound.texts import REASON_LABELS, STATUS_LABELS
from consultation.intake import fields
from consultation.labels import CHANNEL_LABELS
from consultation.models import CATEGORIES, COMMENT_KINDS
from consultation.office import accounts, audit
from consultation.submissions import ValidationFailed

from ..context import db, services
from ..safemethods import head_of_download, is_head
from ..office.auth import current_account, private_page, require, staff_globals

bp = Blueprint("inbound", __name__, url_prefix="/office/inbound")

VIEWS = {"open": ("review", "manual"), "filed": ("filed",), "skipped": ("skipped", "duplicate", "rejected")}
PAGE_SIZE = 100
ROWS_SHOWN = 3  # blank comment rows offered beyond what the reader found
MANUAL_SOURCES = tuple(s for s in SOURCES if s != "email")


@bp.context_processor
def _globals():
    account = current_account()
    return {**staff_globals(), "status_labels": STATUS_LABELS, "reason_labels": REASON_LABELS,
            "source_labels": CHANNEL_LABELS, "kinds": COMMENT_KINDS, "categories": CATEGORIES,
            "show_contacts": account is not None and accounts.can_see_personal_data(account)}


@bp.app_context_processor
def _link_from_submissions():
    """The office's submission page links a mailed or entered submission to its original."""
    def inbound_item_of(submission_id: int) -> int | None:
        return db().scalar(select(InboundItem.id).where(InboundItem.submission_id == submission_id).limit(1))

    return {"inbound_item_of": inbound_item_of}


bp.after_request(private_page)


@bp.get("/")
@require("viewer")
def queue():
    view = request.args.get("view", "open")
    view = view if view in VIEWS else "open"
    session = db()
    consultation_id = services().consultation.id
    found = list(session.scalars(
        select(InboundItem).where(InboundItem.consultation_id == consultation_id, InboundItem.status.in_(VIEWS[view]))
        .order_by(InboundItem.arrived_at.desc(), InboundItem.id.desc()).limit(PAGE_SIZE)))
    counts = dict(session.execute(select(InboundItem.status, func.count()).where(
        InboundItem.consultation_id == consultation_id).group_by(InboundItem.status)).all())
    return render_template("inbound/queue.html", items=found, view=view, views=VIEWS,
                           counts={v: sum(counts.get(s, 0) for s in statuses) for v, statuses in VIEWS.items()})


def _item_or_404(item_id: int) -> InboundItem:
    item = db().get(InboundItem, item_id)
    if item is None or item.consultation_id != services().consultation.id:
        abort(404)
    return item


def _comments_from_form(form) -> list[dict]:
    comments = []
    for i in range(review_rows_limit()):
        if f"target-{i}" not in form:
            break
        values = {key: form.get(f"{key}-{i}", "").strip() for key in ("target", "kind", "proposal", "reason",
                                                                       "points")}
        if not any(values[k] for k in ("target", "proposal", "reason")):
            continue  # a blank row left blank
        comments.append({"target": values["target"], "kind": values["kind"], "proposal": values["proposal"],
                         "reason": values["reason"],  # points by the rule for numbers typed by people
                         "proposed_points": fields.as_typed_number(values["points"]) or None,
                         "target_text": values["target"]})
    return comments


def review_rows_limit() -> int:
    from consultation.submissions import MAX_COMMENTS

    return MAX_COMMENTS + ROWS_SHOWN


SUBMITTER_FIELDS = ("category", "name", "organisation", "phone", "email")


def _submitter_from_form(form, fallback: dict | None) -> dict:
    if fallback is not None and not accounts.can_see_personal_data(current_account()):
        return fallback  # an editor corrects targets; the sender's details stay as read
    return {key: form.get(f"submitter-{key}", "").strip() for key in SUBMITTER_FIELDS}


def _errors(exc: ValidationFailed) -> dict[str, str]:
    out = {}
    for error in exc.errors:
        field = error.field.replace("comments.", "row-").replace("submitter.", "submitter-").replace(".", "-")
        out.setdefault(field or "form", _(error.message, **error.params))
    return out


@bp.get("/<dbid:item_id>")
@require("viewer")
def item_page(item_id):
    item = _item_or_404(item_id)
    return render_template("inbound/item.html", item=item, draft=item.draft or {"comments": [], "submitter": {}},
                           errors={}, blank_rows=ROWS_SHOWN, open=item.status in review.OPEN_STATUSES)


@bp.post("/<dbid:item_id>/confirm")
@require("editor")
def confirm(item_id):
    item = _item_or_404(item_id)
    draft = {"comments": _comments_from_form(request.form),
             "submitter": _submitter_from_form(request.form, (item.draft or {}).get("submitter"))}
    svc = services()
    try:
        status = review.confirm(svc, item.id, draft, actor=current_account().username,
                                count_late=request.form.get("count_late") == "yes", now=svc.now())
    except ValidationFailed as exc:
        db().rollback()
        if review.only_the_sender_missing(exc) and not accounts.can_see_personal_data(current_account()):
            return _corrections_kept(item, draft)
        return render_template("inbound/item.html", item=item, draft=draft, errors=_errors(exc), blank_rows=0,
                               open=True), 400
    except review.NotOpen:
        flash(_("This item is no longer waiting: someone has already dealt with it."), "error")
        return redirect(url_for("inbound.item_page", item_id=item_id)), 303
    if status == "filed":
        flash(_("Filed: the comments now count."), "ok")
    else:
        flash(_("Not filed: see the problems below."), "error")
    return redirect(url_for("inbound.item_page", item_id=item_id)), 303


def _corrections_kept(item: InboundItem, draft: dict):
    """An editor confirmed an item whose only problem is the sender's details, which editors neither see
    nor enter: their corrections are kept and an administrator completes the details and files it."""
    svc = services()
    try:
        review.save_corrections(svc, item.id, draft["comments"], actor=current_account().username, now=svc.now())
    except ValidationFailed as exc:
        return render_template("inbound/item.html", item=item, draft=draft, errors=_errors(exc), blank_rows=0,
                               open=True), 400
    except review.NotOpen:
        flash(_("This item is no longer waiting: someone has already dealt with it."), "error")
        return redirect(url_for("inbound.item_page", item_id=item.id)), 303
    flash(_("Your corrections are saved. The sender's name or contact details are missing: an administrator "
            "completes them and files the item."), "ok")
    return redirect(url_for("inbound.item_page", item_id=item.id)), 303


@bp.post("/<dbid:item_id>/reject")
@require("editor")
def reject(item_id):
    item = _item_or_404(item_id)
    note = request.form.get("note", "").strip()
    if not note:
        return render_template("inbound/item.html", item=item, draft=item.draft or {"comments": [], "submitter": {}},
                               errors={"note": _("Say why it does not count.")}, blank_rows=ROWS_SHOWN,
                               open=True), 400
    svc = services()
    try:
        review.reject(svc, item.id, actor=current_account().username, note=note, now=svc.now())
    except review.NotOpen:
        flash(_("This item is no longer waiting: someone has already dealt with it."), "error")
        return redirect(url_for("inbound.item_page", item_id=item_id)), 303
    flash(_("Recorded as not counted."), "ok")
    return redirect(url_for("inbound.queue")), 303


@bp.get("/file/<dbid:file_id>")
@require("admin")
def download(file_id):
    head = is_head()  # a HEAD: the headers only, the bytes not read, only whether there are any (web/safemethods.py)
    row = db().execute(select(InboundFile, InboundFile.data.is_not(None) if head else InboundFile.data)
                       .where(InboundFile.id == file_id)).first()
    found, data = row if row is not None else (None, None)
    if found is None or data is None or (head and not data) or found.item.consultation_id != services().consultation.id:
        abort(404)
    name = quote(display_name(found.filename, found.role))  # again here for files kept before names were cleaned
    mimetype = found.content_type if "/" in found.content_type else "application/octet-stream"
    disposition = f"attachment; filename*=UTF-8''{name}"
    if head:
        return head_of_download(mimetype, disposition=disposition)
    # Originals are the most personal files the service keeps: each download is on the record, as exports are
    # (never the file's name, which is the sender's own choice and often names them).
    audit.record(db(), current_account().username, "inbound.download", f"inbound/{found.item_id}/file/{found.id}",
                 None, {"role": found.role})
    db().commit()
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": disposition})


def _received_at(form) -> dt.datetime | None:
    try:
        day = dt.date.fromisoformat(form.get("received_on", "").strip())
        time = dt.time.fromisoformat(form.get("received_time", "").strip() or "12:00")
    except ValueError:
        return None
    return dt.datetime.combine(day, time, services().consultation.tz)


@bp.route("/new", methods=["GET", "POST"])
@require("editor")
def manual_entry():
    """One entry per form: the form carries a token (manual.new_form_token) and a second post of it, at
    once or later, is answered with the entry the first one made (consultation.inbound.manual)."""
    svc = services()
    if request.method == "GET":
        return render_template("inbound/manual.html", errors={}, form={}, comments=[], sources=MANUAL_SOURCES,
                               blank_rows=ROWS_SHOWN, form_token=manual.new_form_token())
    form = request.form
    admin = accounts.can_see_personal_data(current_account())
    draft = {"comments": _comments_from_form(form), "submitter": _submitter_from_form(form, None if admin else {})}
    received_at = _received_at(form)
    form_token = form.get("form_token", "")
    errors = {}
    if not admin and any(form.get(f"submitter-{key}", "").strip() for key in SUBMITTER_FIELDS):
        # Editors neither see nor enter personal data (docs/inbound.md): their form has no sender's
        # details, and a post that carries them is refused whole, so none is stored (attack round 10, F10).
        errors["submitter"] = _("Only administrators enter the sender's details (name, organisation, telephone, "
                                "email). Leave them out: the entry waits for an administrator to add them from the "
                                "scanned original.")
    if not manual.FORM_TOKEN.fullmatch(form_token):
        errors["form"] = _("The form could not be checked: open the entry form again and re-enter the feedback.")
        form_token = manual.new_form_token()
    upload = request.files.get("scan")
    scan = None
    if upload is not None and upload.filename:
        scan = (upload.filename, upload.mimetype or "application/octet-stream", upload.read())
    if not errors:
        try:
            entered = manual.enter(svc, source=form.get("source", ""), received_at=received_at, draft=draft,
                                   actor=current_account().username, now=svc.now(), scan=scan,
                                   note=form.get("note", ""), form_token=form_token, sender_pending=not admin)
        except ValidationFailed as exc:
            errors = _errors(exc)
    if errors:
        return render_template("inbound/manual.html", errors=errors, form=form, comments=draft["comments"],
                               sources=MANUAL_SOURCES, blank_rows=max(1, ROWS_SHOWN - len(draft["comments"])),
                               form_token=form_token), 400
    item = entered.item
    if entered.repeated:
        flash(_("This form was already entered: here is the entry it made. Nothing was entered twice."), "ok")
    else:
        flash(_("Entered: the comments now count.") if item.status == "filed"
              else _("Entered, and waiting for an administrator to add the sender's details: then it counts.")
              if "incomplete_submitter" in item.reasons
              else _("Entered, and waiting for review: it arrived outside the consultation window."), "ok")
    return redirect(url_for("inbound.item_page", item_id=item.id)), 303
