"""Sentences about the window that several pages and the API share."""
from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from .context import services


def window_message(state, attempted: bool = True) -> str:
    """Why comments are not accepted now. `attempted`: after something was sent (then we say that
    nothing was stored); a plain visit to the form is told only when the window runs."""
    opens, last = format_date(state.opens_at.date(), "long"), format_date(state.last_day, "long")
    mailbox = services().consultation.source.mailbox
    if state.status == "upcoming":
        if not attempted:
            return _("The consultation is not open yet: it runs from %(opens)s to %(last)s (Beijing time). "
                     "You can write to %(mailbox)s.", opens=opens, last=last, mailbox=mailbox)
        return _("The consultation is not open yet: it runs from %(opens)s to %(last)s (Beijing time). "
                 "Nothing was stored. You can write to %(mailbox)s.", opens=opens, last=last, mailbox=mailbox)
    if state.status == "closed":
        if not attempted:
            return _("The consultation closed on %(last)s (Beijing time); comments are no longer accepted. "
                     "For questions, write to %(mailbox)s.", last=last, mailbox=mailbox)
        return _("The consultation closed on %(last)s (Beijing time); comments are no longer accepted and nothing "
                 "was stored. For questions, write to %(mailbox)s.", last=last, mailbox=mailbox)
    return _("Open until %(last)s (Beijing time).", last=last)
