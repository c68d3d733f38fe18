"""A local emulator of the WeChat platform API (api.weixin.qq.com), over real HTTP on 127.0.0.1.

It implements what the adapter calls: cgi-bin/token, cgi-bin/message/custom/send
and cgi-bin/menu/create, with the platform's JSON shapes and error codes
(40001 for a bad access token, 40013/40125 for bad credentials). Any other path
is recorded as an error and answered 404, and `check()` fails the test loudly.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class PlatformEmulator:
    def __init__(self, appid: str, secret: str, *, expires_in: int = 7200):
        self.appid, self.secret, self.expires_in = appid, secret, expires_in
        self.lock = threading.Lock()
        self.token_calls = 0
        self.valid_tokens: set[str] = set()
        self.sent: list[dict] = []  # custom/send bodies, in arrival order
        self.menus: list[dict] = []
        self.errors: list[str] = []
        self.refuse_next: list[int] = []  # errcodes custom/send answers next (e.g. 45047), one per call
        self.refused: list[int] = []
        self.sent_event = threading.Condition(self.lock)
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, body: dict, status: int = 200):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/cgi-bin/token":
                    return self._reply(emulator.token(query))
                emulator.errors.append(f"GET {url.path}")
                self._reply({"errcode": 404, "errmsg": f"emulator: unknown GET {url.path}"}, 404)

            def do_POST(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw.decode("utf-8"))
                except ValueError:
                    emulator.errors.append(f"POST {url.path}: body is not UTF-8 JSON")
                    return self._reply({"errcode": 47001, "errmsg": "data format error"})
                if query.get("access_token") not in emulator.valid_tokens:
                    return self._reply({"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"})
                if url.path == "/cgi-bin/message/custom/send":
                    return self._reply(emulator.custom_send(body))
                if url.path == "/cgi-bin/menu/create":
                    with emulator.lock:
                        emulator.menus.append(body)
                    return self._reply({"errcode": 0, "errmsg": "ok"})
                emulator.errors.append(f"POST {url.path}")
                self._reply({"errcode": 404, "errmsg": f"emulator: unknown POST {url.path}"}, 404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "PlatformEmulator":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def token(self, query: dict) -> dict:
        if query.get("grant_type") != "client_credential":
            return {"errcode": 40002, "errmsg": "invalid grant_type"}
        if query.get("appid") != self.appid:
            return {"errcode": 40013, "errmsg": "invalid appid"}
        if query.get("secret") != self.secret:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        with self.lock:
            self.token_calls += 1
            token = f"ACCESS-{self.token_calls}-{time.monotonic_ns()}"
            self.valid_tokens.add(token)
        return {"access_token": token, "expires_in": self.expires_in}

    def custom_send(self, body: dict) -> dict:
        if body.get("msgtype") != "text" or not isinstance(body.get("text"), dict) or not body.get("touser"):
            return {"errcode": 40008, "errmsg": "invalid message type"}
        content = body["text"].get("content", "")
        with self.lock:
            if self.refuse_next:
                code = self.refuse_next.pop(0)
                self.refused.append(code)
                return {"errcode": code, "errmsg": "out of response count limit" if code == 45047 else "refused"}
        if len(content.encode("utf-8")) > 2048:
            return {"errcode": 45002, "errmsg": "content size out of limit"}
        with self.sent_event:
            self.sent.append(body)
            self.sent_event.notify_all()
        return {"errcode": 0, "errmsg": "ok"}

    def wait_for_sent(self, count: int, timeout: float = 20.0) -> list[dict]:
        """Block until `count` customer-service messages arrived (a liveness bound, not a timing assertion)."""
        with self.sent_event:
            self.sent_event.wait_for(lambda: len(self.sent) >= count, timeout=timeout)
            return list(self.sent)

    def texts_for(self, openid: str) -> list[str]:
        with self.lock:
            return [b["text"]["content"] for b in self.sent if b["touser"] == openid]

    def check(self) -> None:
        assert not self.errors, f"the adapter called what the emulator does not implement: {self.errors}"
