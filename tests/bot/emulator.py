"""A small Telegram Bot API server for tests and benchmarks (stdlib only).

Implements the methods the bot calls with the Bot API's JSON shapes; every
other method is recorded in `unknown` and answered 400 (never 404, which PTB
reads as an invalid token), and the test fixture fails on any. It also checks
what real Telegram checks and a test could otherwise miss (`telegram_checks`):
text length after entity parsing (4096), well-formed HTML, callback_data of at
most 64 bytes.

Faults as Telegram produces them can be injected per method (and chat):
`inject("sendMessage", status=429, retry_after=2)`, a 500, a 400 "query is too
old" for answerCallbackQuery, or a slow answer (`delay`, the call then
succeeds). Injected failures are kept in `injected`, apart from `errors`.

Simulated users put updates in the queue; `getUpdates` long-polls it with the
Bot API's offset semantics (an update is confirmed by asking for a higher
offset), so an update the bot fetched but did not confirm is delivered again.
The users themselves are in `telegram_users`.
"""
from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from .telegram_checks import ApiError, checked_markup, checked_text
from .telegram_users import SimUser

BOT_USER = {"id": 999000111, "is_bot": True, "first_name": "ConsultBot", "username": "consult_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
STRING_PARAMS = {"text", "parse_mode", "callback_query_id", "language_code", "url", "secret_token",
                 "inline_message_id", "caption"}


class Fault:
    def __init__(self, method, times, status, description, retry_after, delay, chat_id, gate=None):
        self.method, self.times, self.status, self.description = method, times, status, description
        self.retry_after, self.delay, self.chat_id, self.gate = retry_after, delay, chat_id, gate

    def matches(self, method: str, params: dict) -> bool:
        if self.times <= 0 or method != self.method:
            return False
        return self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id)


DEFAULT_DESCRIPTIONS = {
    429: "Too Many Requests: retry after %(retry_after)s",
    500: "Internal Server Error",
    502: "Bad Gateway",
    400: "Bad Request: query is too old and response timeout expired or query ID is invalid",
}


class BotApiEmulator:
    def __init__(self, token: str = "123456:TEST-token"):
        self.token = token
        self.cond = threading.Condition()
        self.queue: list[dict] = []  # updates not yet confirmed
        self.history: list[dict] = []  # every update ever pushed
        self.confirmed = 0  # every update_id below this was confirmed
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self.calls: list[tuple[str, dict]] = []
        self.unknown: list[str] = []
        self.errors: list[tuple[str, str]] = []
        self.sent: list[dict] = []  # messages the bot sent, in order (live objects: edits update them)
        self.commands: dict[str | None, list[dict]] = {}
        self.webhook: dict | None = None
        self.delivered_at: dict[int, float] = {}
        self.getupdates_calls = 0
        self.faults: list[Fault] = []
        self.injected: list[tuple[str, int, dict]] = []  # (method, status, params) of every injected failure
        self._server = None

    def inject(self, method: str, *, status: int | None = None, retry_after: int | None = None,
               delay: float = 0.0, times: int = 1, chat_id: int | None = None, description: str | None = None,
               gate: threading.Event | None = None):
        """The next `times` calls of `method` (for `chat_id`, if given) fail with `status` or answer late
        (after `delay` seconds, or once the test sets `gate`)."""
        if status is not None and description is None:
            description = DEFAULT_DESCRIPTIONS.get(status, "Error") % {"retry_after": retry_after}
        with self.cond:
            self.faults.append(Fault(method, times, status, description, retry_after, delay, chat_id, gate))

    def clear_faults(self) -> None:
        with self.cond:
            self.faults.clear()

    def _fault_for(self, method: str, params: dict) -> Fault | None:
        with self.cond:
            for fault in self.faults:
                if fault.matches(method, params):
                    fault.times -= 1
                    return fault
        return None

    # ------------------------------------------------------------- server

    def start(self) -> "BotApiEmulator":
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                # Headers and body go out as separate writes: without this, Nagle's algorithm and the
                # client's delayed ACK add ~40 ms to every response.
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self):
                self._serve()

            def do_POST(self):
                self._serve()

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload = emulator.dispatch(self.path, self.headers.get("Content-Type", ""), body)
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot gave up a long poll (it is stopping): a real server shrugs too

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="bot-api-emulator", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            with self.cond:
                self.cond.notify_all()
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def dispatch(self, path: str, content_type: str, body: bytes) -> tuple[int, dict]:
        parts = urlsplit(path)
        segments = parts.path.strip("/").split("/")
        if len(segments) != 2 or not segments[0].startswith("bot"):
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: path {parts.path}"}
        if segments[0][3:] != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = segments[1]
        params = self._params(parts.query, content_type, body)
        with self.cond:
            self.calls.append((method, params))
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            with self.cond:
                self.unknown.append(method)
                self.cond.notify_all()
            return 400, {"ok": False, "error_code": 400,
                         "description": f"Bad Request: method {method} is not implemented by the emulator"}
        fault = self._fault_for(method, params)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)  # a slow platform: the call then goes through
        if fault is not None and fault.gate is not None:
            fault.gate.wait(60)
        if fault is not None and fault.status is not None:
            body = {"ok": False, "error_code": fault.status, "description": fault.description}
            if fault.retry_after is not None:
                body["parameters"] = {"retry_after": fault.retry_after}
            with self.cond:
                self.injected.append((method, fault.status, params))
                self.cond.notify_all()
            return fault.status, body
        try:
            return 200, {"ok": True, "result": handler(params)}
        except ApiError as exc:
            with self.cond:
                self.errors.append((method, exc.description))
                self.cond.notify_all()
            return exc.code, {"ok": False, "error_code": exc.code, "description": exc.description}

    @staticmethod
    def _params(query: str, content_type: str, body: bytes) -> dict:
        raw: dict = dict(parse_qsl(query))
        if body:
            if content_type.startswith("application/json"):
                raw.update(json.loads(body))
                return raw
            if content_type.startswith("application/x-www-form-urlencoded"):
                raw.update(parse_qsl(body.decode(), keep_blank_values=True))
            else:
                raise ApiError(400, f"Bad Request: content type {content_type} not emulated")
        params = {}
        for key, value in raw.items():
            if key in STRING_PARAMS or not isinstance(value, str):
                params[key] = value
                continue
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        return params

    # ------------------------------------------------------------- Bot API methods

    def api_getMe(self, p):
        return BOT_USER

    def api_deleteWebhook(self, p):
        with self.cond:
            self.webhook = None
            if p.get("drop_pending_updates"):
                self.queue.clear()
        return True

    def api_setWebhook(self, p):
        with self.cond:
            self.webhook = {"url": p["url"], "secret_token": p.get("secret_token"),
                            "allowed_updates": p.get("allowed_updates")}
            self.cond.notify_all()
        return True

    def api_getWebhookInfo(self, p):
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self.queue)}

    def api_setMyCommands(self, p):
        commands = p.get("commands")
        if not isinstance(commands, list) or not commands:
            raise ApiError(400, "Bad Request: commands must be a non-empty list")
        for c in commands:
            if not (1 <= len(c["command"]) <= 32) or not (1 <= len(c["description"]) <= 256):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        with self.cond:
            self.commands[p.get("language_code") or None] = commands
            self.cond.notify_all()
        return True

    def api_getUpdates(self, p):
        offset = int(p.get("offset") or 0)
        timeout = float(p.get("timeout") or 0)
        limit = int(p.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self.cond:
            self.getupdates_calls += 1
            if offset:
                self.queue = [u for u in self.queue if u["update_id"] >= offset]
                self.confirmed = max(self.confirmed, offset)
                self.cond.notify_all()
            while not self.queue:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._server is None:
                    return []
                self.cond.wait(min(remaining, 0.5))
            batch = self.queue[:limit]
            now = time.perf_counter()
            for u in batch:
                self.delivered_at.setdefault(u["update_id"], now)
            return batch


    def api_sendMessage(self, p):
        chat_id = int(p["chat_id"])
        shown = checked_text(p)
        markup = checked_markup(p.get("reply_markup"))
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private", "first_name": "User"},
                   "from": BOT_USER, "text": shown}
        if markup:
            message["reply_markup"] = markup
        record = {"message": message, "raw": p["text"], "parse_mode": p.get("parse_mode"),
                  "chat_id": chat_id, "at": time.perf_counter(), "edited": False}
        with self.cond:
            self.sent.append(record)
            self.cond.notify_all()
        return message

    def api_editMessageText(self, p):
        chat_id, message_id = int(p["chat_id"]), int(p["message_id"])
        shown = checked_text(p)
        markup = checked_markup(p.get("reply_markup"))
        with self.cond:
            for record in self.sent:
                m = record["message"]
                if m["chat"]["id"] == chat_id and m["message_id"] == message_id:
                    if m["text"] == shown and m.get("reply_markup") == markup:
                        raise ApiError(400, "Bad Request: message is not modified")
                    m["text"], record["raw"], record["edited"] = shown, p["text"], True
                    m["edit_date"] = int(time.time())
                    if markup:
                        m["reply_markup"] = markup
                    else:
                        m.pop("reply_markup", None)
                    self.cond.notify_all()
                    return m
        raise ApiError(400, "Bad Request: message to edit not found")

    def api_answerCallbackQuery(self, p):
        if not p.get("callback_query_id"):
            raise ApiError(400, "Bad Request: query id is empty")
        return True

    # ------------------------------------------------------------- simulated users

    def push(self, update: dict) -> int:
        with self.cond:
            update_id = next(self._update_ids)
            update = {"update_id": update_id, **update}
            self.queue.append(update)
            self.history.append(update)
            self.cond.notify_all()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Put a handled update back, as Telegram does when the bot died before confirming it."""
        with self.cond:
            update = next(u for u in self.history if u["update_id"] == update_id)
            self.queue.insert(0, update)
            self.confirmed = min(self.confirmed, update_id)
            self.cond.notify_all()

    def wait_confirmed(self, update_id: int, timeout: float = 20.0) -> None:
        """Until the bot confirmed (so: handled) the update, by polling past it."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while self.confirmed <= update_id:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"update {update_id} not handled; errors={self.errors} "
                                       f"unknown={self.unknown}")
                self.cond.wait(min(remaining, 0.2))

    def wait_for(self, predicate, timeout: float = 20.0):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                result = predicate()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("condition not met")
                self.cond.wait(min(remaining, 0.2))

    def messages_to(self, chat_id: int) -> list[dict]:
        with self.cond:
            return [r for r in self.sent if r["chat_id"] == chat_id]

    def user(self, user_id: int, language_code: str | None = "zh-hans", first_name: str = "测试") -> "SimUser":
        return SimUser(self, user_id, language_code, first_name)
