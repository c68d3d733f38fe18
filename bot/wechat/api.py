"""The platform API the adapter calls: access token, customer-service messages, custom menu.

The access_token is cached in the database (`wechat_access_tokens`), shared by
every process: the platform caps how many tokens an account may fetch a day
and each new one retires the previous one within minutes, so processes must
not fetch their own. A token is renewed REFRESH_MARGIN before it expires, by
whichever process first takes the row's lease; the others keep using the still
valid token (or wait briefly for the new one when none is valid).

Protocol times (token expiry, the 48-hour customer-service window) use the
real clock, not the consultation's clock (CONSULT_NOW may freeze that one).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable

import httpx
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from consultation.clock import utcnow

from .config import WeChatConfig
from .models import WeChatAccessToken

log = logging.getLogger(__name__)

REFRESH_MARGIN = dt.timedelta(minutes=5)
LEASE = dt.timedelta(seconds=30)
TOKEN_ERRORS = {40001, 40014, 42001}  # invalid credential / invalid token / token expired
WINDOW_CLOSED_ERRORS = {45015}  # outside the 48-hour window
# Too many customer-service messages since the user's last message: the quota comes back when they write
# again, so the text waits and is retried later (never dropped as if permanent).
QUOTA_ERRORS = {45047}


class WeChatAPIError(Exception):
    def __init__(self, errcode: int, errmsg: str = ""):
        super().__init__(f"{errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg

    @property
    def permanent(self) -> bool:
        """Retrying will not help (e.g. the user's 48-hour window is over)."""
        return self.errcode in WINDOW_CLOSED_ERRORS or self.errcode in (40003, 43004, 40013, 40125, 40164)

    @property
    def quota(self) -> bool:
        return self.errcode in QUOTA_ERRORS


class WeChatAPI:
    def __init__(self, config: WeChatConfig, sessionmaker, *, http: httpx.Client | None = None,
                 clock: Callable[[], dt.datetime] = utcnow, timeout: float = 10.0):
        if not config.can_call_api:
            raise ValueError("WECHAT_APPID and WECHAT_APPSECRET are needed to call the platform API")
        self.config = config
        self.sessionmaker = sessionmaker
        self.http = http or httpx.Client(base_url=config.api_base_url, timeout=timeout, trust_env=False)
        self.clock = clock

    def close(self):
        self.http.close()

    # -- access token -------------------------------------------------------
    def access_token(self, *, wait: float = 10.0) -> str:
        deadline = time.monotonic() + wait
        while True:
            now = self.clock()
            with self.sessionmaker() as session:
                row = session.get(WeChatAccessToken, self.config.appid)
                if row is None:
                    session.add(WeChatAccessToken(appid=self.config.appid, updated_at=now))
                    try:
                        session.commit()
                    except IntegrityError:
                        session.rollback()
                    continue
                valid = row.token and row.expires_at and row.expires_at > now
                if valid and row.expires_at - REFRESH_MARGIN > now:
                    return row.token
                # Only while the token still needs renewing: a process that read the row before another
                # one renewed it must not renew it again.
                claimed = session.execute(
                    update(WeChatAccessToken)
                    .where(WeChatAccessToken.appid == self.config.appid,
                           or_(WeChatAccessToken.lease_until.is_(None), WeChatAccessToken.lease_until < now),
                           or_(WeChatAccessToken.token.is_(None), WeChatAccessToken.expires_at.is_(None),
                               WeChatAccessToken.expires_at <= now + REFRESH_MARGIN))
                    .values(lease_until=now + LEASE)).rowcount == 1
                session.commit()
                if claimed:
                    return self._refresh(session)
                if valid:
                    return row.token  # someone else is renewing; the old one still works
            if time.monotonic() > deadline:
                raise WeChatAPIError(-1, "timed out waiting for another process to fetch the access token")
            time.sleep(0.1)

    def _refresh(self, session) -> str:
        try:
            data = self._get_json("/cgi-bin/token", params={
                "grant_type": "client_credential", "appid": self.config.appid, "secret": self.config.appsecret})
            token, expires_in = data["access_token"], int(data.get("expires_in", 7200))
        except Exception:
            session.execute(update(WeChatAccessToken).where(WeChatAccessToken.appid == self.config.appid)
                            .values(lease_until=None))
            session.commit()
            raise
        now = self.clock()
        session.execute(update(WeChatAccessToken).where(WeChatAccessToken.appid == self.config.appid).values(
            token=token, expires_at=now + dt.timedelta(seconds=expires_in), lease_until=None,
            fetched=WeChatAccessToken.fetched + 1, updated_at=now))
        session.commit()
        log.info("wechat: fetched a new access token (valid %d s)", expires_in)
        return token

    def invalidate(self, token: str) -> None:
        """The platform refused `token`: drop it unless another process already replaced it."""
        with self.sessionmaker() as session:
            session.execute(update(WeChatAccessToken).where(
                WeChatAccessToken.appid == self.config.appid, WeChatAccessToken.token == token)
                .values(expires_at=self.clock() - dt.timedelta(seconds=1)))
            session.commit()

    def cached_token(self) -> WeChatAccessToken | None:
        with self.sessionmaker() as session:
            return session.scalars(select(WeChatAccessToken).where(
                WeChatAccessToken.appid == self.config.appid)).first()

    # -- calls ----------------------------------------------------------------
    def _get_json(self, path: str, **kwargs) -> dict:
        response = self.http.get(path, **kwargs)
        return self._check(response)

    @staticmethod
    def _check(response: httpx.Response) -> dict:
        response.raise_for_status()
        data = response.json()
        if not isinstance(data, dict):
            raise WeChatAPIError(-1, "unexpected response")
        if data.get("errcode"):
            raise WeChatAPIError(int(data["errcode"]), str(data.get("errmsg", "")))
        return data

    def post(self, path: str, body: dict) -> dict:
        """POST with the access token; a refused token is renewed once."""
        for attempt in (1, 2):
            token = self.access_token()
            # ensure_ascii=False: the platform shows \\uXXXX escapes literally in some clients.
            response = self.http.post(path, params={"access_token": token},
                                      content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                      headers={"Content-Type": "application/json; charset=utf-8"})
            try:
                return self._check(response)
            except WeChatAPIError as exc:
                if exc.errcode in TOKEN_ERRORS and attempt == 1:
                    self.invalidate(token)
                    continue
                raise
        raise AssertionError("unreachable")

    def send_text(self, openid: str, content: str) -> dict:
        return self.post("/cgi-bin/message/custom/send",
                         {"touser": openid, "msgtype": "text", "text": {"content": content}})

    def create_menu(self, menu: dict) -> dict:
        return self.post("/cgi-bin/menu/create", menu)
