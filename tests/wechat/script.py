"""The comment conversation as a script of steps, playable on any platform.

Each step is ("pick", msgid) — choose the offered option whose label is that
message id in the conversation's language — ("type", text) or ("command", name). A platform driver turns the script into its own gestures
(WeChat: "回复 N" numbers; Telegram: button presses) so the same conversation
can be run on both and the stored submissions compared.
"""
from __future__ import annotations

import re

COMMENT_SCRIPT_ZH = [
    ("command", "comment"),
    ("type", "第三条"),
    ("pick", "Amend"),
    ("type", "建议将“省级(含以上)开发区”扩大为“省级及以上各类园区”。"),
    ("type", "覆盖更多创建主体,便于基层参与。"),
    ("pick", "Go on to send"),
    ("pick", "Enterprise"),
    ("pick", "I agree"),
    ("type", "张三"),
    ("type", "合肥某科技有限公司"),
    ("type", "13800138000 zhangsan@example.com"),
    ("pick", "Confirm and send"),
]

_CHOICE = re.compile(r"^回复 #?(\d+)[:：](.+)$|^Reply #?(\d+): (.+)$", re.M)


def numbered_choices(text: str) -> dict[str, int]:
    out = {}
    for m in _CHOICE.finditer(text):
        number, label = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        out[label.strip()] = int(number)
    return out


def label(msgid: str, locale: str = "zh_CN") -> str:
    from consultation.i18n import gettext

    return gettext(locale, msgid)


def pick_number(text: str, msgid: str, locale: str = "zh_CN") -> int:
    """The number of the option labelled `msgid` in `locale` (exactly, else the only one containing it)."""
    choices = numbered_choices(text)
    wanted = label(msgid, locale)
    if wanted in choices:
        return choices[wanted]
    matches = [n for label, n in choices.items() if wanted in label]
    assert len(matches) == 1, f"no single option {wanted!r} in {choices}"
    return matches[0]


RECEIPT_URL = re.compile(r"/receipt/([0-9A-Z-]+)\?token=([0-9a-f]+)")
