"""The mail telling a submitter that the publication answering their comments is out (outbox purpose
"answered", queued by publishing.freeze): each comment's published decision and the links to the
receipt and to the summary."""
from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy.orm import object_session

from consultation.document import Consultation
from consultation.i18n import N_, gettext, is_chinese, normalise_locale
from consultation.models import Submission
from consultation.references import label as node_label

from .publishing import decisions_for_submission

SUBJECT = N_("How your feedback was handled: reference %(reference)s")
INTRO = N_("The drafting office has published how the comments on the draft were handled (publication "
           "%(number)d). The decisions on your comments (reference %(reference)s):")
LINE = N_("%(n)d. %(part)s: %(outcome)s")
RECEIPT = N_("Your receipt:")
SUMMARY = N_("How all comments were handled:")
AUTO = N_("This message was sent automatically by the consultation service.")


def build_answered(submission: Submission, consultation: Consultation, *, recipient: str, locale: str,
                   receipt_url: str, mail_from: str) -> EmailMessage:
    locale = normalise_locale(locale)
    rows = [r for r in decisions_for_submission(object_session(submission), submission.id) if r.get("as_published")]
    number = next((r["publication"] for r in rows if r["publication"]), 0)
    msg = EmailMessage()
    msg["Subject"] = gettext(locale, SUBJECT, reference=submission.reference)
    msg["From"] = mail_from
    msg["To"] = recipient
    body = [gettext(locale, INTRO, number=number, reference=submission.reference), ""]
    for i, r in enumerate(rows, start=1):
        node = consultation.nodes.get(r["target_ref"])
        outcome = gettext(locale, r["outcome_label"])
        if r["reason"]:
            outcome += ("：" if is_chinese(locale) else ": ") + r["reason"]
        body.append(gettext(locale, LINE, n=i, part=node_label(node, locale) if node else r["target_ref"],
                            outcome=outcome))
    base = receipt_url.split("/receipt/")[0]
    body += ["", gettext(locale, RECEIPT), receipt_url, gettext(locale, SUMMARY), f"{base}/summary", "",
             gettext(locale, AUTO)]
    msg.set_content("\n".join(body))
    return msg
