"""The messages the service owes: a receipt to the submitter, a copy to the office, and for a change
made through the private link a receipt of the change and a notice to the office.

Both are built from the stored submission at send time, so what is mailed is
exactly what is stored (and, after contacts are purged, no longer carries them).
The office copy has the subject line the notice prescribes, taken verbatim from
the consultation's data file, and the submission's feedback form as DOCX.
"""
from __future__ import annotations

import hashlib
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy.orm import object_session

from consultation.amendments import AMENDED, CHANGE_RECEIPT, WITHDRAWN
from consultation.document import Consultation
from consultation.i18n import N_, gettext, normalise_locale
from consultation.inbound.texts import RECEIPT_DATA_USE
from consultation.models import OutboxMessage, Submission
from consultation.office.notices import build_answered
from consultation.submissions import token_for
from consultation.exports import text as T
from consultation.exports.feedback_form import comment_label, feedback_form_docx, feedback_form_filename

from .caps import digest_entries

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")

GUIDELINE = N_("the Anhui guideline on AI-empowered new industrialization demonstration zones (draft for public "
               "comment)")
RECEIPT_SUBJECT = N_("Your feedback on %(title)s: reference %(reference)s")
RECEIPT_THANKS = N_("Thank you. We received your feedback on %(title)s on %(date)s (Beijing time).")
RECEIPT_REFERENCE = N_("Reference: %(reference)s")
RECEIPT_LINK = N_("Your private link (anyone who has it can read your submission, so keep it to yourself):")
RECEIPT_SENT = N_("What you sent:")
RECEIPT_KIND = N_("Type: %(kind)s")
RECEIPT_PROPOSAL = N_("Proposal: %(text)s")
RECEIPT_REASON = N_("Reason: %(text)s")
RECEIPT_POINTS = N_("Proposed points: %(points)s (printed: %(printed)s)")
RECEIPT_NEXT = N_("The drafting office reads every comment. When the consultation has closed it publishes how "
                  "the feedback was handled, and this link then shows the decision on each of your comments.")
CHANGE_SUBJECT = N_("Your feedback on %(title)s was changed: reference %(reference)s")
CHANGE_THANKS = N_("You changed your feedback on %(title)s through your private link on %(date)s (Beijing time). "
                   "The reference is the same.")
CHANGE_NOW = N_("Your feedback as it now stands:")
RECEIPT_FORM = N_("Your feedback form (征求意见反馈信息表) is attached.")
RECEIPT_AUTO = N_("This message was sent automatically by the consultation service.")

OFFICE_INTRO = N_("A submission received by the consultation service on %(date)s.")
OFFICE_FORM = N_("The feedback form is attached.")
OFFICE_COMMENTS = N_("Comments: %(count)d")
CHANGED_SUBJECT = N_("changed by its sender: %(reference)s")
WITHDRAWN_SUBJECT = N_("withdrawn by its sender: %(reference)s")
OFFICE_CHANGED = N_("The sender changed submission %(reference)s through its private link on %(date)s (Beijing "
                    "time). Its comments as they now stand are below and in the attached feedback form; the "
                    "reference is the same.")
OFFICE_WITHDRAWN = N_("The sender withdrew submission %(reference)s through its private link on %(date)s (Beijing "
                      "time). Its comments are not to be considered; its contact details were deleted.")
DIGEST_INTRO = N_("%(count)d submissions arrived beyond the hourly limit of office copies. Their references are "
                  "listed below; read each one in the office workspace.")
DIGEST_CHANGED = N_("%(count)d submissions were changed by their senders through the private link beyond the "
                    "hourly limit of mail to the office. Their references are listed below; read the latest text of "
                    "each in the office workspace.")
DIGEST_WITHDRAWN = N_("%(count)d submissions were withdrawn by their senders beyond the hourly limit of mail to the "
                      "office; they are not to be considered. Their references are listed below.")


class MessageUnavailable(Exception):
    """The outbox row can no longer be turned into a message (submission deleted, address purged)."""


def message_id_for(row: OutboxMessage, domain: str) -> str:
    """Stable across retries, restarts and workers: derived from the row, never random at send time.

    The submission's reference (60 random bits, drawn when it was stored) makes it unique across
    instances too: two databases under the same frozen CONSULT_NOW have the same row ids and times.
    """
    reference = row.submission.reference if row.submission is not None else ""
    digest = hashlib.sha256(f"{row.id}:{row.purpose}:{row.submission_id}:{reference}:"
                            f"{row.created_at.isoformat()}".encode())
    return f"<outbox-{row.id}.{row.purpose}.{digest.hexdigest()[:16]}@{domain}>"


def _domain(mail_from: str) -> str:
    """The Message-ID's domain: MAIL_FROM's, in ASCII (IDNA) so that tools which expect an ASCII
    Message-ID read it (例子.中国 → xn--fsqu00a.xn--fiqs8s); the addresses themselves stay as typed."""
    domain = mail_from.rsplit("@", 1)[1].strip(" >") if "@" in mail_from else ""
    if not domain:
        return "localhost"
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:  # not a valid domain name: still a unique, readable id
        return "localhost"


def _comment_lines(locale, consultation: Consultation, submission: Submission) -> list[str]:
    lines = []
    for number, c in enumerate(submission.comments, start=1):
        lines.append(f"{number}. {comment_label(consultation, c.target_ref, locale)} ({c.target_ref})")
        lines.append("   " + gettext(locale, RECEIPT_KIND, kind=T.kind_label(locale, c.kind)))
        if c.proposal:
            lines.append("   " + gettext(locale, RECEIPT_PROPOSAL, text=c.proposal.replace("\n", "\n   ")))
        if c.reason:
            lines.append("   " + gettext(locale, RECEIPT_REASON, text=c.reason.replace("\n", "\n   ")))
        if c.proposed_points is not None:
            node = consultation.nodes.get(c.target_ref)
            printed = node.points if node is not None and node.points is not None else "-"
            lines.append("   " + gettext(locale, RECEIPT_POINTS, points=c.proposed_points, printed=printed))
    return lines


def build_receipt(submission: Submission, consultation: Consultation, *, recipient: str, locale: str,
                  receipt_url: str, mail_from: str, form: bytes | None = None, changed: bool = False) -> EmailMessage:
    """The receipt of a submission, or with `changed` of the change its sender made (the text as it now stands)."""
    locale = normalise_locale(locale)
    title = gettext(locale, GUIDELINE)
    msg = EmailMessage()
    msg["Subject"] = gettext(locale, CHANGE_SUBJECT if changed else RECEIPT_SUBJECT, title=title,
                             reference=submission.reference)
    msg["From"] = mail_from
    msg["To"] = recipient
    when = (submission.amended_at or submission.created_at) if changed else submission.created_at
    body = [
        gettext(locale, CHANGE_THANKS if changed else RECEIPT_THANKS, title=title, date=T.local_time(when)),
        "",
        gettext(locale, RECEIPT_REFERENCE, reference=submission.reference),
        gettext(locale, RECEIPT_LINK),
        receipt_url,
        "",
        gettext(locale, CHANGE_NOW if changed else RECEIPT_SENT),
        *_comment_lines(locale, consultation, submission),
        "",
        gettext(locale, RECEIPT_NEXT),
        gettext(locale, RECEIPT_FORM),
        *([gettext(locale, RECEIPT_DATA_USE)] if submission.consent_basis == "sent_to_office" else []),
        "",
        "-- ",
        consultation.source.publisher_in(locale),
        gettext(locale, RECEIPT_AUTO),
    ]
    msg.set_content("\n".join(body))
    form = form if form is not None else feedback_form_docx(submission, consultation)
    msg.add_attachment(form, maintype=DOCX_TYPE[0],
                       subtype=DOCX_TYPE[1], filename=feedback_form_filename(submission, consultation))
    return msg


def build_office_message(submission: Submission, consultation: Consultation, *, recipient: str,
                         mail_from: str, form: bytes | None = None) -> EmailMessage:
    locale = "zh_CN"
    msg = EmailMessage()
    msg["Subject"] = consultation.source.email_subject  # verbatim, as the notice prescribes
    msg["From"] = mail_from
    msg["To"] = recipient
    if submission.email:
        msg["Reply-To"] = submission.email
    body = [
        gettext(locale, OFFICE_INTRO, date=T.local_time(submission.created_at)),
        gettext(locale, RECEIPT_REFERENCE, reference=submission.reference),
        f"{T.t(locale, T.HEADERS['category'])}:{T.category_label(locale, submission.category)}",
        f"{T.t(locale, T.HEADERS['channel'])}:{T.channel_label(locale, submission.channel)}",
        gettext(locale, OFFICE_COMMENTS, count=len(submission.comments)),
        "",
        *_comment_lines(locale, consultation, submission),
        "",
        gettext(locale, OFFICE_FORM),
    ]
    msg.set_content("\n".join(body))
    form = form if form is not None else feedback_form_docx(submission, consultation)
    msg.add_attachment(form, maintype=DOCX_TYPE[0],
                       subtype=DOCX_TYPE[1], filename=feedback_form_filename(submission, consultation))
    return msg


def build_office_change(submission: Submission, consultation: Consultation, *, purpose: str, recipient: str,
                        mail_from: str, form: bytes | None = None) -> EmailMessage:
    """The office's mail about a submission its sender changed (with the latest comments and form) or
    withdrew (consultation.amendments), under the notice's subject line with what happened after it."""
    locale = "zh_CN"
    withdrawn = purpose == WITHDRAWN
    msg = EmailMessage()
    what = gettext(locale, WITHDRAWN_SUBJECT if withdrawn else CHANGED_SUBJECT, reference=submission.reference)
    msg["Subject"] = f"{consultation.source.email_subject} {what}"
    msg["From"] = mail_from
    msg["To"] = recipient
    when = submission.withdrawn_at if withdrawn else (submission.amended_at or submission.created_at)
    intro = gettext(locale, OFFICE_WITHDRAWN if withdrawn else OFFICE_CHANGED, reference=submission.reference,
                    date=T.local_time(when))
    if withdrawn:
        msg.set_content(intro)
        return msg
    body = [intro, "", gettext(locale, OFFICE_COMMENTS, count=len(submission.comments)), "",
            *_comment_lines(locale, consultation, submission), "", gettext(locale, OFFICE_FORM)]
    msg.set_content("\n".join(body))
    form = form if form is not None else feedback_form_docx(submission, consultation)
    msg.add_attachment(form, maintype=DOCX_TYPE[0],
                       subtype=DOCX_TYPE[1], filename=feedback_form_filename(submission, consultation))
    return msg


def build_message(row: OutboxMessage, consultation: Consultation, *, mail_from: str, secret_key: str,
                  receipt_url, now, form_cache: dict | None = None) -> EmailMessage:
    """The message an outbox row stands for, with its stable Message-ID.

    `form_cache` (a dict the caller keeps for a pass) lets the receipt and the office
    copy of one submission share one rendering of the feedback form.
    """
    if row.purpose == "digest":
        return _stamped(build_digest(row, consultation, mail_from=mail_from), row, mail_from, now)
    submission = row.submission
    if submission is None:
        raise MessageUnavailable("the submission no longer exists")
    if not row.recipient:
        raise MessageUnavailable("no recipient (contact details purged)")
    form = None
    if form_cache is not None:
        key = (submission.id, submission.reference, submission.contacts_purged_at, submission.amended_at)
        form = form_cache.get(key)
        if form is None:
            if len(form_cache) > 64:
                form_cache.clear()
            form = form_cache[key] = feedback_form_docx(submission, consultation)
    if row.purpose in ("receipt", CHANGE_RECEIPT):
        url = receipt_url(submission.reference, token_for(submission.reference, secret_key))
        msg = build_receipt(submission, consultation, recipient=row.recipient, locale=row.locale,
                            receipt_url=url, mail_from=mail_from, form=form, changed=row.purpose == CHANGE_RECEIPT)
    elif row.purpose == "office":
        msg = build_office_message(submission, consultation, recipient=row.recipient, mail_from=mail_from,
                                   form=form)
    elif row.purpose in (AMENDED, WITHDRAWN):
        msg = build_office_change(submission, consultation, purpose=row.purpose, recipient=row.recipient,
                                  mail_from=mail_from, form=form)
    elif row.purpose == "answered":  # the publication answering the submitter is out (consultation.office)
        msg = build_answered(submission, consultation, recipient=row.recipient, locale=row.locale,
                             receipt_url=receipt_url(submission.reference, token_for(submission.reference, secret_key)),
                             mail_from=mail_from)
    else:
        raise MessageUnavailable(f"unknown purpose {row.purpose!r}")
    msg = _stamped(msg, row, mail_from, now)
    msg["X-Consultation-Reference"] = submission.reference
    return msg


def _stamped(msg: EmailMessage, row: OutboxMessage, mail_from: str, now) -> EmailMessage:
    msg["Message-ID"] = row.message_id or message_id_for(row, _domain(mail_from))
    msg["Date"] = format_datetime(now)
    msg["Auto-Submitted"] = "auto-generated"
    return msg


def build_digest(row: OutboxMessage, consultation: Consultation, *, mail_from: str) -> EmailMessage:
    """The hourly digest of the office mail over the cap (consultation.mail.caps): one message, the usual
    subject line, no attachment; the new submissions' references, then the changed and the withdrawn
    ones, each once in its list (the office workspace shows every one as it now stands)."""
    entries = digest_entries(object_session(row), row.id)
    if not entries:
        raise MessageUnavailable("the digest lists no submission that still exists")
    lists: dict[str, list[str]] = {"office": [], AMENDED: [], WITHDRAWN: []}
    for reference, purpose in entries:
        listed = lists.setdefault(purpose, [])
        if reference not in listed:
            listed.append(reference)
    locale = "zh_CN"
    body: list[str] = []
    for purpose, intro in (("office", DIGEST_INTRO), (AMENDED, DIGEST_CHANGED), (WITHDRAWN, DIGEST_WITHDRAWN)):
        if lists[purpose]:
            body += [*([""] if body else []), gettext(locale, intro, count=len(lists[purpose])), "",
                     *lists[purpose]]
    msg = EmailMessage()
    msg["Subject"] = consultation.source.email_subject  # verbatim, as the notice prescribes
    msg["From"] = mail_from
    msg["To"] = row.recipient
    msg.set_content("\n".join(body))
    return msg
