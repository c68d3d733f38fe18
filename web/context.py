"""Request-scoped access to the process services and a database session."""
from __future__ import annotations

from flask import abort, current_app, g

from consultation import labels
from consultation.i18n import is_chinese
from consultation.references import label as node_label
from consultation.services import Services
from guidance.current import current_text


def services() -> Services:
    return current_app.extensions["services"]


def db():
    """The request's Session, opened on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = services().sessionmaker()
    return g.db_session


def database_down() -> bool:
    """True while this request answers that the database cannot be reached (web/outage.py): what a page
    would read from it is left out."""
    return g.get("database_down", False)


def guidance_text():
    """The text answers cite and a new self-check is made on: the final revision once its comparison table is
    published, else the draft (guidance.current, as for the bot and `consult ask`)."""
    return current_text(db(), services().consultation)


def row_or_404(model, key):
    """The row of `model` with this primary key in the request's session; 404 when there is none."""
    row = db().get(model, key)
    if row is None:
        abort(404)
    return row


def close_session(_exc=None):
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def zip_labels(values, mapping):
    """[(value, translated label)] for radio buttons and selects."""
    from flask_babel import gettext

    return [(v, gettext(mapping[v])) for v in values]


def list_of(values) -> str:
    """A list in the reader's language: "第三条、第八条和第九条", "articles 3, 8 and 9" (CLDR via Babel)."""
    from babel.lists import format_list

    from .i18n import current_locale

    return format_list([str(v) for v in values], locale=current_locale())


def template_globals():
    from .i18n import current_locale
    from .texts import window_message, window_notice_text

    svc = services()
    locale = current_locale()
    return {
        "consultation": svc.consultation,
        "clock_simulated": svc.clock.is_simulated,
        "clock_now": svc.now(),
        "current_locale": locale,
        "is_chinese": is_chinese,
        "node_label": lambda node: node_label(node, locale),
        "url_rules": set(current_app.view_functions),
        "window_text": window_message,
        "window_notice": window_notice_text,
        "labels": labels,
    }
