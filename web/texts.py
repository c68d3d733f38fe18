"""Sentences about the window that several pages and the API share."""
from __future__ import annotations

from flask_babel import format_date
from flask_babel import get_locale
from flask_babel import gettext as _

from consultation.window import window_notice, window_sentence

from .context import services


def window_message(state, attempted: bool = True) -> str:
    """Why comments are not accepted now. `attempted`: after something was sent (then we say that
    nothing was stored); a plain visit to the form is told only when the window runs."""
    msgid, days = window_sentence(state)
    parts = [_(msgid, **{key: format_date(day, "long") for key, day in days.items()})]
    if state.status == "open":
        return parts[0]
    mailbox = services().consultation.source.mailbox
    if state.status == "closed":
        parts.append(_("Comments are no longer accepted."))
    if attempted:
        parts.append(_("Nothing was stored."))
    if state.status == "upcoming":
        parts.append(_("You can write to %(mailbox)s.", mailbox=mailbox))
    else:
        parts.append(_("For questions, write to %(mailbox)s.", mailbox=mailbox))
    # Chinese sentences follow one another with no space between them.
    return ("" if get_locale().language == "zh" else " ").join(parts)


def window_notice_text(state, page: str) -> str:
    """What `page` (home, draft, receipt) says about the window now, translated; "" while it says nothing."""
    notice = window_notice(state, page)
    return _(notice[0], **notice[1]) if notice else ""
