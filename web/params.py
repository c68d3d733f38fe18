"""Reading numbers, ids and text from a request without ever turning bad input into a 500.

`?page=99999999999999999999` is a valid Python int but overflows the database's integer (an
OverflowError on SQLite, a DataError on PostgreSQL); a JSON body may hold a list where a string
belongs, or a lone surrogate ("\\ud800") that no database encoding accepts. These helpers
check such values where they enter and raise BadParameter, which the app answers with a
localized 400 (see `register`), naming the parameter. JSON bodies are read by the payload
models instead (consultation/intake/payload.py).
"""
from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from werkzeug.routing import BaseConverter, ValidationError

from consultation.db import DB_INT_MAX
from consultation.i18n import N_

from .errors import error_page, is_api_request, json_error

MAX_TEXT = 20_000


class BadParameter(ValueError):
    def __init__(self, name: str, message: str = N_("The value of %(name)s is not valid.")):
        super().__init__(f"bad parameter {name}")
        self.name = name
        self.message = message


def _int(value, name: str, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise BadParameter(name)
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 12:
            raise BadParameter(name)
        value = int(text)
    if not minimum <= value <= maximum:
        raise BadParameter(name)
    return value


def int_value(value, name: str, minimum: int = 1, maximum: int = DB_INT_MAX) -> int:
    """A whole number from anywhere in a request, within [minimum, maximum]; BadParameter otherwise."""
    return _int(value, name, minimum, maximum)


def int_arg(name: str, default: int, minimum: int = 1, maximum: int = DB_INT_MAX) -> int:
    """A query-string integer within [minimum, maximum]; the default only when absent. An empty value
    (`?page=`) is refused like `?page=abc`: the OpenAPI document says integer, and an empty string is not one."""
    raw = request.args.get(name)
    return default if raw is None else _int(raw, name, minimum, maximum)


def form_id(name: str) -> int | None:
    """A form field holding a row id, or None when absent or empty."""
    raw = request.form.get(name)
    return None if raw in (None, "") else _int(raw, name, 1, DB_INT_MAX)


def form_ids(name: str, limit: int = 10_000) -> list[int]:
    """Every value of a repeated form field, each a row id."""
    values = request.form.getlist(name)
    if len(values) > limit:
        raise BadParameter(name)
    return [_int(v, name, 1, DB_INT_MAX) for v in values if v != ""]


def form_int(name: str, minimum: int = 0, maximum: int = DB_INT_MAX) -> int | None:
    """A form field holding a whole number within [minimum, maximum] (a version, a count), or None."""
    raw = request.form.get(name)
    return None if raw in (None, "") else _int(raw, name, minimum, maximum)


def text(value, name: str, maximum: int = MAX_TEXT) -> str:
    """A string that every database can store: no lone surrogates, no NUL, at most `maximum` characters."""
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > maximum or "\x00" in value:
        raise BadParameter(name)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadParameter(name) from None
    return value


class DbIdConverter(BaseConverter):
    """`<dbid:name>` in a route: a positive id that fits the database's integer, else 404."""

    regex = r"[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= DB_INT_MAX:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def _answer(exc: BadParameter):
    message = _(exc.message, name=exc.name)
    if is_api_request():
        return json_error(400, "invalid", message, field=exc.name)
    return error_page(400, _("This request could not be read"), message)


MSG_REPEATED = N_("The field %(name)s was sent more than once, and this form sends it once: it is not clear "
                  "which value was meant, so nothing was recorded. Open the page again and send the form from there.")

MSG_REPEATED_API = N_("The parameter %(name)s was sent more than once, and this API takes it once: it is not "
                      "clear which value was meant, so nothing was done. Send it once.")

MSG_NO_QUERY = N_("This form takes nothing in the address (%(name)s): it is not clear what was meant, so nothing "
                  "was done. Send the form from the page.")


def refuse_query() -> None:
    """For a form whose fields all come in its body: a query-string parameter is a 400 naming it rather than
    ignored (`POST /office/regroup?threshold=0.4` regrouped at the stored threshold while the sender believed
    it had set 0.4; attack round 11 re-test, N9, as the API refuses it since F6)."""
    for name in request.args:
        raise BadParameter(name[:40], MSG_NO_QUERY)


def _repeated() -> str:
    """The refusal of a repeated field, worded for who sent it: a JSON API client has no page to open again
    (attack round 11 re-test, N9)."""
    return MSG_REPEATED_API if is_api_request() else MSG_REPEATED


def multi_valued(*names: str):
    """Declare the form fields a view reads as lists (ticked checkboxes, hidden ids): only these may be
    repeated in its POST (see `refuse_ambiguous_fields`). Put it right under the route decorator."""
    def mark(view):
        view.multi_valued_fields = frozenset(names)
        return view
    return mark


def _multi_valued_here() -> frozenset:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return getattr(view, "multi_valued_fields", frozenset())


def refuse_ambiguous_fields() -> None:
    """Checked once for every request here, not in each view, so that every form, public or office,
    follows one rule:

    - no query-string or form value may hold NUL: PostgreSQL cannot store or compare it (a DataError, a
      500) and SQLite would store it;
    - a form field or a query parameter sent more than once is a 400 unless the view declared it a list
      (`multi_valued`).
      Reading one value (`request.form.get`) takes the first and drops the others silently, so a decision
      posted with `outcome=adopted&outcome=not_adopted` was recorded as whichever came first (attack
      round 10, F9); the JSON API refuses a repeated key the same way. The browser never repeats a
      single-valued field, so only a hand-made or tampered request is refused, before the view runs:
      nothing is recorded.
    """
    allowed = None
    if request.args:
        seen_args: set[str] = set()
        for name, value in request.args.items(multi=True):
            if "\x00" in value or "\x00" in name:
                raise BadParameter(name.replace("\x00", "")[:40])
            if name in seen_args:  # `?outcome=pending&outcome=adopted` read as the first (attack round 11, F7)
                allowed = _multi_valued_here() if allowed is None else allowed
                if name not in allowed:
                    raise BadParameter(name[:40], _repeated())
            seen_args.add(name)
    form, files = request.form, request.files
    if not form and not files:
        return  # JSON and GET requests: no extra work on the API's hot path
    seen: set[str] = set()
    for name, value in [*form.items(multi=True), *((n, "") for n, _f in files.items(multi=True))]:
        if "\x00" in value or "\x00" in name:
            raise BadParameter(name.replace("\x00", "")[:40])
        if name in seen:
            allowed = _multi_valued_here() if allowed is None else allowed
            if name not in allowed:
                raise BadParameter(name[:40], _repeated())
        seen.add(name)


def register(app) -> None:
    app.url_map.converters["dbid"] = DbIdConverter
    app.register_error_handler(BadParameter, _answer)
    app.before_request(refuse_ambiguous_fields)
