"""Office pages for the revised text (/office/revisions); the public comparison page is in `public`.

Access: viewers read every page; editors start revisions, edit the text, give reasons and link comments;
admins mark a revision final and publish the comparison table (as they publish the summary).
"""
from __future__ import annotations

import io

import yaml

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from consultation.labels import OUTCOME_LABELS
from consultation.models import Comment
from consultation.office import accounts
from consultation.references import label as node_label
from consultation.revisions import editing, links
from consultation.revisions.comparison import changes_of, table, text_of
from consultation.revisions.content import check
from consultation.revisions.current import published_final
from consultation.revisions.importing import ImportRefused, import_revision
from consultation.revisions.docx_export import KIND_LABELS, STATUS_LABELS, write_comparison_docx
from consultation.schema import METHODS
from guidance.selfcheck import entered

from ..context import db, services
from ..params import BadParameter, form_id, form_int
from ..i18n import current_locale
from ..office.auth import current_account, private_page, require, staff_globals
from ..safemethods import head_of_download, is_head
from . import forms
from .public import DIFF_LEGEND

bp = Blueprint("revisions", __name__, url_prefix="/office/revisions")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.context_processor
def _office_globals():
    return {**staff_globals(), "status_labels": STATUS_LABELS, "kind_labels": KIND_LABELS,
            "outcome_labels": OUTCOME_LABELS}


bp.after_request(private_page)


def _state():
    draft = services().consultation
    rev = editing.latest(db(), draft.id)
    return draft, rev, (text_of(draft, rev) if rev is not None else None)


def _errors(exc: editing.EditRefused, where: dict | None = None) -> dict:
    out = {}
    for field, msgid, params in exc.errors:
        out.setdefault((where or {}).get(field, field) or "error-summary", _(msgid, **params))
    return out


def _back(endpoint="revisions.overview", **values):
    return redirect(url_for(endpoint, **values)), 303


def _flash_refusal(exc: editing.EditRefused) -> None:
    db().rollback()
    for message in _errors(exc).values():
        flash(message, "error")


def _to_change():
    """Back to the change a comparison-table form was posted from."""
    return redirect(url_for("revisions.comparison_office") + f"#change-{request.form.get('origin', '')}"), 303


@bp.get("/")
@require("viewer")
def overview():
    draft, rev, text = _state()
    problems = check(rev.content)[2] if rev is not None else []
    return render_template("revisions/overview.html", revisions=editing.all_revisions(db(), draft.id), latest=rev,
                           text=text or draft, problems=[p.text(current_locale()) for p in problems],
                           changes=len(changes_of(draft, rev)), published=published_final(db(), draft.id))


@bp.post("/start")
@require("editor")
def start_action():
    svc = services()
    try:
        rev = editing.start(db(), svc.consultation, actor=current_account().username, now=svc.now())
    except editing.EditRefused as exc:
        _flash_refusal(exc)
        return _back()
    db().commit()
    flash(_("Revision %(number)d started from the latest text.", number=rev.number), "ok")
    return _back()


def _open_revision():
    draft, rev, text = _state()
    if rev is None or rev.status != "open" or text is None:
        flash(_("Start a new revision before editing the text."), "error")
        return None
    return draft, rev, text


def _revision_holding(ref: str):
    """(draft, rev, text) of the open revision, 404 if its text has no `ref`; None (flashed) if none is open."""
    state = _open_revision()
    if state is not None and ref not in state[2].nodes:
        abort(404)
    return state


def _edit_page(ref: str, number: int, endpoint: str, template: str, model_of, read, **page):
    """The article and annex pages: the open revision's part as a form; a post is read by `read(draft, rev,
    text)` → (model, slots, refs, where, save), refused whole if a slot of `refs` is missing, saved by
    `save(actor=, now=, version=)`; a refusal shows the form again (422) with each field's message. `page`:
    more template values, each computed by a function of (rev, model)."""
    state = _revision_holding(ref)
    if state is None:
        return _back()
    draft, rev, text = state
    errors, status = {}, 200
    model = model_of(text, number)
    if request.method == "POST":
        model, slots, refs, where, save = read(draft, rev, text)
        forms.require_every_part(slots, refs, form_int("version"), rev.version)
        try:
            save(actor=current_account().username, now=services().now(), version=form_int("version"))
        except editing.EditRefused as exc:
            db().rollback()
            errors, status = _errors(exc, where), 422
        else:
            db().commit()
            flash(_("Saved in revision %(number)d.", number=rev.number), "ok")
            return _back(endpoint, number=number)
    extra = {name: value(rev, model) for name, value in page.items()}
    return render_template(template, rev=rev, node=text.node(ref), model=model, errors=errors, **extra), status


@bp.route("/article/<dbid:number>", methods=["GET", "POST"])
@require("editor")
def article_page(number):
    def read(draft, rev, text):
        model, items, where = forms.read_article(request.form)
        refs = [ref for i_ref in text.node(f"art-{number}").children for ref in (i_ref, *text.node(i_ref).children)]
        return model, model["items"], refs, where, lambda **who: editing.save_article(
            db(), draft, rev, number, title=model["title"], text=model["text"], items=items, **who)

    return _edit_page(f"art-{number}", number, "revisions.article_page", "revisions/article.html",
                      forms.article_model, read)


@bp.route("/annex/<dbid:number>", methods=["GET", "POST"])
@require("editor")
def annex_page(number):
    def read(draft, rev, text):
        model, categories, rows, where = forms.read_annex(request.form)
        return model, model["rows"], [n.ref for n in text.annex_rows(number)], where, lambda **who: editing.save_rows(
            db(), draft, rev, number, categories=categories, rows=rows, **who)

    return _edit_page(
        f"annex-{number}", number, "revisions.annex_page", "revisions/annex.html", forms.annex_model, read,
        problems=lambda rev, model: [p.text(current_locale()) for p in check(rev.content)[2]
                                     if p.params.get("annex") == number],
        method_options=lambda rev, model: [(m, m) for m in METHODS],
        category_options=lambda rev, model: [(c["name"], c["name"]) for c in model["categories"]])


MAX_IMPORT = 1024 * 1024 // 2  # the draft's data file is under 30 KB


@bp.route("/import", methods=["GET", "POST"])
@require("admin")
def import_page():
    """A revision from a data file in the consultation's format (the published final text, when it appears),
    read by the same strict loader as the draft: refused with each field's problem listed, nothing kept;
    kept with its sums' problems unless it is to be marked final, which needs none."""
    errors, problems, status, final = {}, [], 200, False
    if request.method == "POST":
        svc = services()
        locale = current_locale()
        upload = request.files.get("file")
        final = bool(request.form.get("final"))
        data = upload.read(MAX_IMPORT + 1) if upload is not None and upload.filename else b""
        if not data:
            errors["file"] = _("Choose the data file to import.")
        elif len(data) > MAX_IMPORT:
            errors["file"] = _("The file is larger than %(max)d KB.", max=MAX_IMPORT // 1024)
        else:
            name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "upload.yaml"
            try:
                rev = import_revision(db(), svc.consultation, data, source=name, actor=current_account().username,
                                      now=svc.now(), final=final)
            except ImportRefused as exc:
                db().rollback()
                errors["file"] = _("The loader cannot read this file; nothing was imported.")
                problems = [(p.where, p.text(locale)) for p in exc.problems]
            except editing.FinalRefused as exc:
                db().rollback()
                errors["final"] = _("Not marked final: the loader finds problems in this file; nothing was "
                                    "imported. Import it without marking it final to fix them in the office pages.")
                problems = [("", p.text(locale)) for p in exc.problems]
            except editing.EditRefused as exc:
                db().rollback()
                errors.update({("file" if not f or f == "file" else f): _(m, **params) for f, m, params in exc.errors})
            else:
                db().commit()
                flash(_("Revision %(number)d imported from %(file)s.", number=rev.number, file=name), "ok")
                return _back()
        status = 422
    return render_template("revisions/import.html", errors=errors, problems=problems, final=final,
                           latest=editing.latest(db(), services().consultation.id)), status


@bp.post("/final")
@require("admin")
def final_action():
    svc = services()
    draft, rev, _text = _state()
    if rev is None:
        return _back()
    try:
        editing.mark_final(db(), draft, rev, actor=current_account().username, now=svc.now(),
                           version=form_int("version"))
    except editing.FinalRefused as exc:
        db().rollback()
        flash(_("Not marked final: the loader finds problems in this revision. Fix them first."), "error")
        for p in exc.problems:
            flash(p.text(current_locale()), "error")
        return redirect(url_for("revisions.overview")), 303
    except editing.EditRefused as exc:
        _flash_refusal(exc)
        return _back()
    db().commit()
    flash(_("Revision %(number)d is the final text.", number=rev.number), "ok")
    return _back()


@bp.post("/publish")
@require("admin")
def publish_action():
    svc = services()
    try:
        editing.publish(db(), svc.consultation, actor=current_account().username, now=svc.now())
    except editing.EditRefused as exc:
        _flash_refusal(exc)
        return _back()
    db().commit()
    flash(_("The comparison table is published."), "ok")
    return redirect(url_for("revisions_public.comparison_page")), 303


@bp.get("/comparison")
@require("viewer")
def comparison_office():
    draft, rev, _text = _state()
    rows = table(db(), draft, rev)
    ids = sorted({cid for r in rows for cid in r.comment_ids})
    targets = dict(db().execute(select(Comment.id, Comment.target_ref).where(Comment.id.in_(ids))).all()) if ids else {}
    return render_template("revisions/comparison_office.html", rev=rev, rows=rows, targets=targets,
                           legend=_(DIFF_LEGEND))


def _change_action(fn, **kwargs):
    svc = services()
    draft, rev, _text = _state()
    origin = request.form.get("origin", "")
    try:
        result = fn(db(), draft.id, origin, actor=current_account().username, now=svc.now(), **kwargs)
    except editing.EditRefused as exc:
        _flash_refusal(exc)
        return comparison_office(), 422  # the table again, the refusal at its top; nothing changed
    db().commit()
    return result


@bp.post("/change/reason")
@require("editor")
def reason_action():
    draft, rev, _text = _state()
    out = _change_action(links.set_reason, reason=request.form.get("reason", ""), changes=changes_of(draft, rev))
    if isinstance(out, tuple):
        return out
    flash(_("Reason saved."), "ok")
    return _to_change()


def _typed_id(name: str) -> int | None:
    """A comment or group number typed by staff; anything that is not one (letters, a number no row can
    have) is None, which the link rules answer with their own 422 (fill in a number)."""
    try:
        return form_id(name)
    except BadParameter:
        return None


@bp.post("/change/link")
@require("editor")
def link_action():
    draft, rev, _text = _state()
    comment_id = _typed_id("comment_id")
    group_id = _typed_id("group_id")
    out = _change_action(links.link, comment_ids=[comment_id] if comment_id else None, group_id=group_id,
                         changes=changes_of(draft, rev))
    if isinstance(out, tuple):
        return out
    flash(_("%(n)d comments linked to this change.", n=len(out)), "ok")
    return _to_change()


@bp.post("/change/unlink")
@require("editor")
def unlink_action():
    comment_id = _typed_id("comment_id") or 0
    out = _change_action(links.unlink, comment_id=comment_id)
    if isinstance(out, tuple):
        return out
    flash(_("Link removed.") if out else _("No such link."), "ok" if out else "error")
    return _to_change()


@bp.get("/review")
@require("viewer")
def review_page():
    draft, rev, _text = _state()
    return render_template("revisions/review.html", rev=rev,
                           unanswered=links.decisions_without_change(db(), draft.id),
                           unlinked=links.changes_without_comment(db(), draft.id, changes_of(draft, rev)))


SCORING_EXAMPLE = """indicator_en: Scale of the special fund for the AI industry
input: amount
curve: linear
reference_value: 5
rationale:
  zh: 以专项资金5亿元为满分参考。
  en: Full points at 500 million yuan.
"""


@bp.route("/scoring", methods=["GET", "POST"])
@require("viewer")
def scoring_page():
    """Scoring references for the rows a revision added (or now assesses another way), which the scoring
    files written per draft row cannot cover: admins write one per row (guidance.selfcheck.entered), the
    self-check on the final text uses it; until then such a row is self-rated on four levels."""
    draft = services().consultation
    errors, problems, status, form = {}, [], 200, {}
    if request.method == "POST":
        account = current_account()
        if not accounts.has_role(account, "admin"):
            abort(403)
        form = {"ref": request.form.get("ref", ""), "reference": request.form.get("reference", ""),
                "source": request.form.get("source", "")}
        try:
            entered.enter_reference(db(), draft, form["ref"], form["reference"], form["source"],
                                    actor=account.username, now=services().now())
        except editing.EditRefused as exc:
            db().rollback()
            for field, msgid, params in exc.errors:
                message = _(msgid, **params)
                if field.startswith("reference."):
                    problems.append((field.split(".", 1)[1], message))
                    errors.setdefault("reference", _("The scoring reference is not valid; each field's problem "
                                                     "is listed below. Nothing was kept."))
                else:
                    errors.setdefault(field if field in ("reference", "source") else "error-summary", message)
            status = 422
        else:
            db().commit()
            text = _state()[2]
            name = node_label(text.node(form["ref"]), current_locale()) if text is not None else form["ref"]
            flash(_("Scoring reference for %(ref)s kept.", ref=name), "ok")
            return redirect(url_for("revisions.scoring_page") + f"#row-{form['ref']}"), 303
    rev, rows = entered.rows_without_reference(db(), draft)
    as_yaml = {r.ref: yaml.safe_dump(r.entered["reference"], allow_unicode=True, sort_keys=False)
               for r in rows if r.entered}
    return render_template("revisions/scoring.html", rev=rev, rows=rows, as_yaml=as_yaml, errors=errors,
                           problems=problems, form=form, example=SCORING_EXAMPLE), status


@bp.get("/comparison.docx")
@require("viewer")
def comparison_docx():
    svc = services()
    draft, rev, _text = _state()
    if rev is None:
        abort(404)
    name = f"comparison-revision-{rev.number}.docx"
    if is_head():  # not built for a HEAD (web/safemethods.py)
        return head_of_download(DOCX, name)
    stream = io.BytesIO()
    write_comparison_docx(table(db(), draft, rev), draft, rev.number, rev.status, stream, locale=current_locale(),
                          now=svc.now())
    stream.seek(0)
    return send_file(stream, mimetype=DOCX, as_attachment=True, download_name=name)
