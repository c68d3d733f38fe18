"""The Bot API fields our handlers read, with the JSON types the Bot API gives them.

python-telegram-bot's `Update.de_json` copies field values as they come: a `message.text` sent as an
object, a list or a number stays one, and the handlers (`processing.plain_text`, `adapter.to_event`,
the per-chat locks keyed by chat id) then fail on it (attack round 5, N4: the webhook answered 500,
which Telegram repeats). The webhook drops an update that does not fit these shapes, as it drops one
that is not JSON (runner._update). A field that is absent or null is left to the handlers, which read
it as missing.
"""
from __future__ import annotations

USER = {"id": int, "is_bot": bool, "first_name": str, "language_code": str}
CHAT = {"id": int, "type": str}
BUTTON = {"text": str, "callback_data": str}
MESSAGE = {"message_id": int, "chat": CHAT, "from": USER, "text": str, "caption": str,
           "reply_markup": {"inline_keyboard": [[BUTTON]]}}
CALLBACK_QUERY = {"id": str, "from": USER, "data": str, "message": MESSAGE}
UPDATE = {"update_id": int, "message": MESSAGE, "edited_message": MESSAGE, "callback_query": CALLBACK_QUERY}


def fits(value: object, shape: object = UPDATE) -> bool:
    """Whether `value` (parsed JSON) has `shape`: a dict of field shapes, a one-element list (each item
    of a JSON array), or a Python type (exactly: true is not an integer). None fits anything."""
    if value is None:
        return True
    if isinstance(shape, dict):
        return value.__class__ is dict and all(fits(value.get(key), field) for key, field in shape.items())
    if isinstance(shape, list):
        return value.__class__ is list and all(fits(item, shape[0]) for item in value)
    return value.__class__ is shape
