"""The web and the bots describe the window with one sentence (consultation.window.window_sentence)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.core.common import window_sentence as bot_window_sentence
from bot.core.text import Translator
from consultation import i18n
from consultation.window import WINDOW_SENTENCES, window_notice, window_state
from web.texts import window_message
from tests.conftest import set_now

MOMENTS = {"upcoming": "2025-11-10T09:00:00+08:00", "open": "2025-11-20T10:00:00+08:00",
           "closed": "2025-12-18T09:00:00+08:00"}
SENTENCES = {
    ("zh_CN", "upcoming"): "征求意见尚未开始，时间为2025年11月18日至2025年12月17日（北京时间）。",
    ("zh_CN", "open"): "征求意见截止到2025年12月17日（北京时间）。",
    ("zh_CN", "closed"): "征求意见已于2025年12月17日（北京时间）截止，起始日期为2025年11月18日。",
    ("en", "upcoming"): "The consultation is not open yet: it runs from November 18, 2025 to December 17, 2025 "
                        "(Beijing time).",
    ("en", "open"): "The consultation is open until December 17, 2025 (Beijing time).",
    ("en", "closed"): "The consultation closed on December 17, 2025 (Beijing time); it ran from November 18, 2025.",
}


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("status", ["upcoming", "open", "closed"])
def test_web_and_bot_share_the_window_sentence(app, services, locale, status):
    set_now(services, MOMENTS[status])
    with services.session() as s:
        state = window_state(s, services.consultation, services.now())
    assert state.status == status
    sentence = SENTENCES[(locale, status)]
    assert i18n.gettext(locale, WINDOW_SENTENCES[status], opens="2025年11月18日" if locale == "zh_CN"
                        else "November 18, 2025", last="2025年12月17日" if locale == "zh_CN"
                        else "December 17, 2025") == sentence
    bot = bot_window_sentence(SimpleNamespace(t=Translator(locale)), state)
    with app.test_request_context(f"/?lang={locale}"):
        web = window_message(state, attempted=True)
    assert bot.startswith(sentence) and web.startswith(sentence)
    if status != "open":
        assert ("本次内容未保存" if locale == "zh_CN" else "Nothing was stored.") in web


@pytest.mark.parametrize("status", ["upcoming", "closed"])
def test_the_pages_say_their_window_notice_from_the_one_table(client, services, status):
    """The home page, the draft reader and the receipt take their words from consultation.window.WINDOW_NOTICES."""
    set_now(services, MOMENTS[status])
    with services.session() as s:
        state = window_state(s, services.consultation, services.now())
    for page, path in (("home", "/"), ("draft", "/draft")):
        msgid, params = window_notice(state, page)
        html = client.get(path, headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
        assert i18n.gettext("zh_CN", msgid, **params) in html, (page, status)
