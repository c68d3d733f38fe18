"""Names of the intake's statuses and reasons, as message ids the office pages translate."""
from consultation.i18n import N_

STATUS_LABELS = {
    "filing": N_("Being filed"),
    "filed": N_("Filed"),
    "review": N_("Waiting for review"),
    "manual": N_("Waiting for manual entry"),
    "skipped": N_("Skipped: the service's own copy"),
    "duplicate": N_("Duplicate of an earlier message"),
    "rejected": N_("Not counted"),
}

REASON_LABELS = {
    "uncertain_target": N_("A comment's part of the draft is not certain"),
    "no_comments": N_("No comment found in the message"),
    "unreadable_attachment": N_("An attachment cannot be read automatically (legacy Word, PDF, image)"),
    "incomplete_submitter": N_("The sender's name or contact details are missing"),
    "contact_in_comment": N_("A comment contains a telephone number, an email address or another personal "
                             "identifier (ID number, QQ or WeChat id, street address): comments are published as "
                             "written, so take it out if it is personal data"),
    "possible_signature": N_("A comment ends with a short line that may be the sender's name rather than part of "
                             "the comment: take it out if it is a name"),
    "late": N_("Arrived outside the consultation window"),
    "own_copy": N_("A copy the service itself sent to the mailbox"),
    "own_copy_forwarded": N_("A copy the service itself sent to the mailbox, forwarded by someone: the submission "
                             "is already stored (its reference is in the note)"),
    "duplicate": N_("The same message arrived earlier"),
    "invalid": N_("The comments could not be stored as they are"),
    "unreadable_message": N_("The message itself cannot be read automatically: open the original"),
}

# Said in the receipt of feedback the office filed for its sender (consultation.mail.messages).
RECEIPT_DATA_USE = N_(
    "You sent this feedback to the drafting office, which entered it into the consultation service. Your name "
    "and contact details are used only to handle your feedback and to reply to you; they are shown only to the "
    "office's staff, are not published, and are deleted after the retention period. To have them deleted "
    "earlier, reply to this message quoting your reference.")
