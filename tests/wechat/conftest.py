"""WeChat fixtures: the app with the adapter on, the platform API emulator, the simulated WeChat server."""
from __future__ import annotations

import pytest

from .platform import PlatformEmulator
from .simulator import WeChatServer, new_aes_key

TOKEN = "wx-test-token"
APPID = "wx0123456789abcdef"
SECRET = "test-app-secret"


@pytest.fixture
def platform():
    emulator = PlatformEmulator(APPID, SECRET).start()
    yield emulator
    emulator.stop()
    emulator.check()


def _app(services, platform, **extra):
    """Rate limits off unless a test turns them on: the scripts type faster than people (tests/wechat/test_rate_limit.py)."""
    from web import create_app

    extra = {"RATELIMIT_ENABLED": False, **extra}
    app = create_app(services, TESTING=True, WECHAT_TOKEN=TOKEN, WECHAT_APPID=APPID, WECHAT_APPSECRET=SECRET,
                     WECHAT_API_BASE_URL=platform.url, **extra)
    return app


@pytest.fixture
def wechat_app(services, platform):
    app = _app(services, platform, WECHAT_ALLOW_PLAIN="true")  # plain mode, as in development
    yield app
    app.extensions["wechat"].close()


@pytest.fixture
def aes_key():
    return new_aes_key()


@pytest.fixture
def safe_app(services, platform, aes_key):
    app = _app(services, platform, WECHAT_AES_KEY=aes_key)
    yield app
    app.extensions["wechat"].close()


@pytest.fixture
def wechat(wechat_app):
    return WeChatServer(wechat_app.test_client(), token=TOKEN, appid=APPID)


@pytest.fixture
def wechat_safe(safe_app, aes_key):
    return WeChatServer(safe_app.test_client(), token=TOKEN, appid=APPID, aes_key=aes_key)
