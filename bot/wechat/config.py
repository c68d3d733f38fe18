"""WeChat Official Account settings, from the environment (or the Flask app's config in tests).

Without WECHAT_TOKEN the /wechat route answers 404 and nothing else changes.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_API_BASE_URL = "https://api.weixin.qq.com"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class WeChatConfig:
    token: str
    appid: str | None = None
    appsecret: str | None = None
    aes_key: str | None = None  # the 43-character EncodingAESKey; set: only safe mode is accepted
    api_base_url: str = DEFAULT_API_BASE_URL
    # WeChat drops the connection after 5 s and retries; answer `success` before that.
    reply_deadline: float = 4.0
    # Refuse signed requests whose timestamp is further than this from our clock (0: no check).
    max_clock_skew: int = 300
    # Plain mode (no AES): the signature does not cover the body, so it is refused unless allowed
    # explicitly, for development against a test account (WECHAT_ALLOW_PLAIN=true).
    allow_plain: bool = False

    @property
    def safe_mode(self) -> bool:
        return bool(self.aes_key)

    @property
    def can_call_api(self) -> bool:
        return bool(self.appid and self.appsecret)

    @classmethod
    def load(cls, *sources: Mapping) -> "WeChatConfig | None":
        """The first source that names a key wins (app config, then os.environ); None without a token."""
        sources = sources or (os.environ,)

        def get(key, default=None):
            for source in sources:
                value = source.get(key)
                if value not in (None, ""):
                    return str(value)
            return default

        token = get("WECHAT_TOKEN")
        if not token:
            return None
        aes_key = get("WECHAT_AES_KEY")
        if aes_key is not None and len(aes_key) != 43:
            raise ConfigError("WECHAT_AES_KEY must be the 43-character EncodingAESKey")
        appid = get("WECHAT_APPID")
        if aes_key and not appid:
            raise ConfigError("WECHAT_AES_KEY needs WECHAT_APPID (checked after decryption)")
        return cls(
            token=token, appid=appid, appsecret=get("WECHAT_APPSECRET"), aes_key=aes_key,
            api_base_url=get("WECHAT_API_BASE_URL", DEFAULT_API_BASE_URL).rstrip("/"),
            reply_deadline=float(get("WECHAT_REPLY_DEADLINE", "4.0")),
            max_clock_skew=int(get("WECHAT_MAX_CLOCK_SKEW", "300")),
            allow_plain=get("WECHAT_ALLOW_PLAIN", "").strip().lower() in ("1", "true", "yes", "on"),
        )
