"""Reading a JSON request body strictly, so that no body can crash the parser or smuggle a value.

Refused, each as a 400 with its own message: bytes that are not UTF-8, a leading byte order mark,
duplicate keys (with "last one wins", `{"consent": false, "consent": true}` reads differently to a proxy
and to the service), NaN and Infinity, numbers too large to be meant, and nesting deeper than any body of
this API needs (a body nested 1,000 deep used to exhaust the interpreter's recursion and answer 500).
"""
from __future__ import annotations

import json
import math
from decimal import Decimal

from ..i18n import N_

MAX_DEPTH = 12  # the feedback body is 4 deep; room for clients that wrap it
MAX_NUMBER_DIGITS = 30

MSG_NOT_JSON = N_("The request body must be a JSON object.")
MSG_ENCODING = N_("The request body must be UTF-8 encoded JSON.")
MSG_DUPLICATE = N_("The key %(key)s appears twice in one object; send each key once.")
MSG_DEPTH = N_("The JSON is nested too deeply: at most %(max)d levels.")
MSG_NUMBER = N_("A number in the body is too large or not finite.")
MSG_BOM = N_("The request body starts with a byte order mark (U+FEFF, the bytes EF BB BF), which JSON sent "
             "over HTTP must not have: send the same JSON without it.")


class BadBody(ValueError):
    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def _object(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise BadBody(MSG_DUPLICATE, key=json.dumps(key[:40], ensure_ascii=True))
        obj[key] = value
    return obj


def _number(text: str):
    if len(text) > MAX_NUMBER_DIGITS:
        raise BadBody(MSG_NUMBER)
    return text


def _float(text: str):
    _number(text)
    value = float(text)
    if not math.isfinite(value):
        raise BadBody(MSG_NUMBER)
    return value


def _decimal(text: str):
    """A fraction kept exactly as sent (`loads(exact=True)`): a bound compared as a float admits a number
    that only rounds into it (0.29999999999999999999 is the float 0.3; attack round 12, F5)."""
    _number(text)
    return Decimal(text)


def _int(text: str):
    return int(_number(text))


def _constant(_name: str):
    raise BadBody(MSG_NUMBER)


def _depth_ok(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return True


def loads(data: bytes, *, max_depth: int = MAX_DEPTH, exact: bool = False):
    """The parsed body; BadBody (with a msgid and params) for anything this API does not take. `exact`:
    numbers with a fraction or an exponent as Decimal, not float, for a model that compares them exactly."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadBody(MSG_ENCODING) from None
    if text.startswith("\ufeff"):
        # RFC 8259 (8.1) forbids adding one and lets a parser ignore it; refused, with what is wrong, on
        # every JSON endpoint alike (all read bodies here), rather than "must be a JSON object" for a body
        # that is one (attack round 12, F5).
        raise BadBody(MSG_BOM)
    try:
        value = json.loads(text, object_pairs_hook=_object, parse_float=_decimal if exact else _float,
                           parse_int=_int, parse_constant=_constant)
    except BadBody:
        raise
    except RecursionError:
        raise BadBody(MSG_DEPTH, max=max_depth) from None
    except ValueError:
        raise BadBody(MSG_NOT_JSON) from None
    if not _depth_ok(value, max_depth):
        raise BadBody(MSG_DEPTH, max=max_depth)
    return value
