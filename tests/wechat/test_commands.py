"""`consult wechat-menu` and `consult wechat-worker` against the platform API emulator."""
from __future__ import annotations

import threading

from click.testing import CliRunner
from sqlalchemy import select

from bot.core.common import MENU
from bot.wechat.models import WeChatOutbox

from .conftest import APPID, SECRET, TOKEN


def _env(monkeypatch, services, platform, instance_dir):
    monkeypatch.setenv("WECHAT_TOKEN", TOKEN)
    monkeypatch.setenv("WECHAT_APPID", APPID)
    monkeypatch.setenv("WECHAT_APPSECRET", SECRET)
    monkeypatch.setenv("WECHAT_API_BASE_URL", platform.url)
    monkeypatch.setenv("DATABASE_URL", services.settings.database_url)
    monkeypatch.setenv("SECRET_KEY", services.settings.secret_key)
    monkeypatch.setenv("CONSULT_INSTANCE", str(instance_dir))


def test_wechat_menu_publishes_the_core_menu(monkeypatch, services, platform, instance_dir, wechat):
    from commands import main

    _env(monkeypatch, services, platform, instance_dir)
    result = CliRunner().invoke(main, ["wechat-menu"])
    assert result.exit_code == 0, result.output
    assert len(platform.menus) == 1
    menu = platform.menus[0]
    assert len(menu["button"]) <= 3
    buttons = [b for top in menu["button"] for b in top.get("sub_button", [top])]
    keys = [b["key"] for b in buttons]
    for key in ("m:read", "m:comment", "m:ask", "m:selfcheck"):
        assert key in keys
    assert set(keys) <= {cid for cid, _ in MENU} | {"m:lang"}
    assert all(len(top["name"].encode()) <= 16 for top in menu["button"])
    assert all(len(b["name"].encode()) <= 60 for b in buttons)
    assert all(b["type"] == "click" for b in buttons)
    # Each published key drives the same flow through the endpoint.
    for key in keys:
        answer = wechat.event(f"o-menu-{key}", "CLICK", key)
        assert answer.status == 200 and answer.content


def test_wechat_menu_without_settings_fails_cleanly(monkeypatch):
    from commands import main

    for key in ("WECHAT_TOKEN", "WECHAT_APPID", "WECHAT_APPSECRET"):
        monkeypatch.delenv(key, raising=False)
    result = CliRunner().invoke(main, ["wechat-menu"])
    assert result.exit_code != 0
    assert "WECHAT_APPID" in result.output


def test_wechat_worker_once_delivers_the_outbox(monkeypatch, services, platform, instance_dir):
    import datetime as dt

    from commands import main
    from bot.wechat.outbox import enqueue

    _env(monkeypatch, services, platform, instance_dir)
    with services.session() as s:
        enqueue(s, "o-w", ["第一段", "第二段"], inbound_id=None, received_at=dt.datetime.now(dt.timezone.utc))
        s.commit()
    result = CliRunner().invoke(main, ["wechat-worker", "--once"])
    assert result.exit_code == 0, result.output
    assert platform.texts_for("o-w") == ["第一段", "第二段"]
    with services.session() as s:
        assert s.scalars(select(WeChatOutbox.status)).all() == ["sent", "sent"]
    result = CliRunner().invoke(main, ["wechat-worker", "--once"])  # nothing sent twice
    assert platform.texts_for("o-w") == ["第一段", "第二段"]


def test_concurrent_senders_fetch_one_token(wechat_app, platform, services):
    from bot.wechat.api import WeChatAPI
    from bot.wechat.config import WeChatConfig

    config = WeChatConfig.load(wechat_app.config)
    clients = [WeChatAPI(config, services.sessionmaker) for _ in range(6)]  # as if six processes
    start = threading.Barrier(len(clients))
    errors = []

    def send(i, api):
        try:
            start.wait()
            api.send_text("o-c", f"m{i}")
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(i, api)) for i, api in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for api in clients:
        api.close()
    assert errors == []
    assert sorted(platform.texts_for("o-c")) == [f"m{i}" for i in range(6)]
    assert platform.token_calls == 1
