"""One rule for numbers typed by people (attack 7, F4): consultation.intake.fields.typed_number.

The self-check wizard took Arabic-Indic digits ("٣") and a leading "+" that the API and the feedback form
refuse, and the feedback form refused the full-width digits ("６") the wizard and the phone field take. Now
every form and bot answer reads a number one way: ASCII digits, or full-width ones as a Chinese input method
types them; no other script's digits, no plus sign, underscores or exponent. The JSON API stays ASCII.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.core import Conversation, Event
from consultation.intake import fields
from consultation.models import Comment
from consultation.revisions.editing import _whole
from guidance.models import SavedSelfCheck
from guidance.selfcheck import flow
from guidance.selfcheck.validation import validate_value
from tests.conftest import checked_from, csrf_token_from, sample_payload
from tests.selfcheck_support import full_answers
from tests.test_feedback_form import form_data, token_of

DIGITS_ZH = "请用数字 0 到 9 填写。"


@pytest.mark.parametrize("typed, read", [
    ("3", "3"), ("１０", "10"), (" 6 ", "6"), ("\u3000７\u3000", "7"), ("１２．５", "12.5"), ("－２", "-2"),
    ("0.25", "0.25"), ("-20", "-20"),
])
def test_numbers_people_type(typed, read):
    assert fields.typed_text(typed) == read


@pytest.mark.parametrize("typed, digits", [
    ("٣", True), ("۳", True), ("৩", True), ("+5", False), ("＋5", False), ("1_0", False), ("1e5", False),
    ("0x10", False), ("NaN", False), ("inf", False), ("1 000", False), ("1,000", False), ("", False), ("-", False),
    ("5%", False),
])
def test_what_is_no_number_by_the_rule(typed, digits):
    with pytest.raises(fields.NotANumber) as exc:
        fields.typed_text(typed)
    assert (exc.value.message == fields.MSG_DIGITS) is digits


def test_a_percentage_may_carry_its_sign():
    assert fields.typed_text("15%", percent=True) == fields.typed_text("15 ％", percent=True) == "15"


# --- the self-check: wizard, bot, API ------------------------------------------------------------------------

@pytest.mark.parametrize("typed, error", [
    ("٣", "Type the number with the digits 0 to 9."), ("+5", "Enter a percentage between 0 and 100."),
    ("1_0", "Enter a number, for example 12 or 3.5."), ("1e1", "Enter a number, for example 12 or 3.5."),
])
def test_validate_value_refuses_what_the_rule_refuses(typed, error):
    question = flow.all_questions()["annex-1/6"]  # a percentage
    value, refused = validate_value(question, typed)
    assert value is None and refused is not None
    if typed != "+5":
        assert refused[0] == error
    count = flow.all_questions()["annex-1/1"]
    assert validate_value(count, "٣")[1][0] == fields.MSG_DIGITS
    assert validate_value(count, "+3")[1][0] == "Enter a whole number, 0 or more."


def _wizard_page(client):
    r = client.post("/api/v1/self-check", json={"answers": full_answers(["deep_application"]), "save": True})
    token = r.get_json()["saved"]["token"]
    url = f"/self-check/{token}/step/indicators/deep_application/2"
    page = client.get(url).get_data(as_text=True)
    names = set(re.findall(r'name="(annex-[^"]+)"', page))
    assert "annex-1/6" in names
    return token, url, csrf_token_from(page), names


@pytest.mark.parametrize("typed, status", [("٣", 422), ("+5", 422), ("1_0", 422), ("１０", 302), (" 10 ", 302)])
def test_the_wizard_reads_numbers_by_the_rule(client, services, typed, status):
    token, url, csrf, names = _wizard_page(client)
    data = {name: "10" for name in names}
    data.update({"csrf_token": csrf, "annex-1/6": typed})
    r = client.post(url, data=data)
    assert r.status_code == status
    with services.session() as s:
        saved = s.scalar(select(SavedSelfCheck)).answers["annex-1/6"]
    if status == 302:
        assert saved == 10
    else:
        assert saved != typed and isinstance(saved, (int, float))  # the answer saved before stays
        page = r.get_data(as_text=True)
        assert 'href="#annex-1/6"' in page or "annex-1/6-error" in page
        if typed == "٣":
            assert DIGITS_ZH in page


def test_the_api_keeps_json_numbers(client):
    answers = full_answers(["deep_application"])
    for typed in ("٣", "３", "3"):
        r = client.post("/api/v1/self-check", json={"answers": {**answers, "annex-1/6": typed}})
        assert r.status_code == 422


def test_the_bot_self_check_reads_numbers_by_the_rule():
    from bot.core import selfcheck  # noqa: F401 (the bot calls validate_value: the same function)

    question = flow.all_questions()["annex-1/1"]
    assert validate_value(question, "１２") == (12, None)
    assert validate_value(question, "٣")[1][0] == fields.MSG_DIGITS


# --- the feedback form's, the change page's and the bots' proposed points ---------------------------------------

ROW = {"comments-0-target": "annex-1/16", "comments-0-kind": "other", "comments-0-proposal": "",
       "comments-0-reason": "PFLOPS 口径需要说明。"}


def _points_form(token, typed):
    data = form_data(token, **ROW, **{"comments-0-proposed_points": typed})
    return {k: v for k, v in data.items() if not k.startswith("comments-1-")}


@pytest.mark.parametrize("typed, status", [("６", 302), (" 6 ", 302), ("6", 302), ("٦", 422), ("+6", 422),
                                           ("1_0", 422), ("6.0", 302), ("６．０", 302), ("6.", 302), ("06", 302),
                                           ("6.5", 422)])
def test_the_feedback_form_reads_points_by_the_rule(client, services, typed, status):
    token = token_of(client)
    r = client.post("/feedback", data=_points_form(token, typed))
    assert r.status_code == status, r.get_data(as_text=True)
    if status == 422:
        page = r.get_data(as_text=True)
        assert (DIGITS_ZH if typed == "٦" else "分值必须是整数。") in page
        return
    client.post("/feedback/about-you", data=form_data(token))
    check = client.get("/feedback/check").get_data(as_text=True)
    r = client.post("/feedback/check", data={"csrf_token": token, "checked": checked_from(check)})
    assert r.status_code == 302
    with services.session() as s:
        assert s.scalars(select(Comment.proposed_points)).all() == [6]


def test_the_api_keeps_ascii_points(client):
    for typed, message in (("６", "Points must be a whole number."), ("٦", "Type the number with the digits 0 to 9."),
                           ("+6", "Points must be a whole number.")):
        payload = sample_payload(comments=[{"target": "annex-1/16", "kind": "other", "reason": "口径。",
                                            "proposed_points": typed}])
        r = client.post("/api/v1/feedback", json=payload, headers={"Accept-Language": "en"})
        assert r.status_code == 422
        assert [e["message"] for e in r.get_json()["errors"]] == [message]


def test_the_change_page_reads_points_by_the_rule(client):
    r = client.post("/api/v1/feedback", json=sample_payload(comments=[{"target": "annex-1/16", "kind": "other",
                                                                       "reason": "口径。", "proposed_points": 5}]))
    url = f"/receipt/{r.json['reference']}/change?token={r.json['token']}"
    csrf = csrf_token_from(client.get(url).get_data(as_text=True))
    data = {"csrf_token": csrf, **ROW, "comments-0-proposed_points": "７", "action": "continue"}
    page = client.post(url, data=data).get_data(as_text=True)
    assert 'name="comments-0-proposed_points" value="7"' in page
    refused = client.post(url, data={**data, "comments-0-proposed_points": "٧"})
    assert refused.status_code == 422 and DIGITS_ZH in refused.get_data(as_text=True)


def _at_points(conv, user):
    for event in [Event.command("comment"), Event.text("annex-1/16"), Event.choice("k:other"),
                  Event.choice("x:proposal")]:
        conv.handle(user, event, language_hint="zh")
    return conv.handle(user, Event.text("口径需要说明。"), language_hint="zh")


@pytest.mark.parametrize("platform", ["telegram", "wechat"])
def test_the_bots_read_points_by_the_rule(services, platform):
    conv = Conversation(services, platform=platform, max_length=4000)
    assert _at_points(conv, "p1").step == "comment.points"
    refused = conv.handle("p1", Event.text("٦"), language_hint="zh")
    assert refused.step == "comment.points" and DIGITS_ZH in refused.text
    assert conv.handle("p1", Event.text("+6"), language_hint="zh").step == "comment.points"
    taken = conv.handle("p1", Event.text("６"), language_hint="zh")
    assert taken.step == "comment.more"
    with services.session() as s:
        from bot.models import BotUser

        draft = s.scalar(select(BotUser.draft).where(BotUser.user_id == "p1"))
    assert draft["comments"][0]["proposed_points"] == 6


def test_wechat_option_numbers_are_digits_0_to_9(services):
    from bot.wechat.adapter import WeChatAdapter

    adapter = WeChatAdapter(services)
    adapter.conversation.handle("oN", Event.command("start"), language_hint="zh")
    assert adapter.text_event("oN", "回复 ٣").kind == "text"
    assert adapter.text_event("oN", "回复 ３").kind == "choice"


# --- retest of round 11, N7: one rule for whole numbers on every form, the schema's pattern on the API ------------

@pytest.mark.parametrize("typed, read", [("6", "6"), ("６", "6"), ("6.0", "6"), ("6.", "6"), ("06", "6"),
                                         ("-0", "0"), ("１０．００", "10"), ("6.5", "6.5"), ("abc", "abc")])
def test_a_typed_whole_number_is_its_canonical_digits(typed, read):
    assert fields.as_typed_number(typed) == read


def test_the_feedback_form_and_the_wizard_agree_on_whole_numbers(client, services):
    """The wizard has stored "10.0" as 10 and "-0" as 0; the feedback form refused "6.0" and "-0"."""
    question = flow.all_questions()["annex-1/1"]
    assert validate_value(question, "10.0") == (10, None) and validate_value(question, "-0") == (0, None)
    token = token_of(client)
    r = client.post("/feedback", data=_points_form(token, "-0"))
    assert r.status_code == 302, r.get_data(as_text=True)


@pytest.mark.parametrize("sent, status", [(6, 201), (6.0, 201), ("6", 201), ("", 201), ("06", 422),
                                          ("6.0", 422), ("６", 422), (" 6", 422), ("6 ", 422), ("-0", 422),
                                          ("150", 422)])
def test_the_api_takes_points_as_its_schema_says(client, sent, status):
    """A JSON number (6.0 is the integer 6), or text exactly as the schema's pattern admits: "06" was stored as
    6 although the document's pattern refuses it."""
    payload = sample_payload(comments=[{"target": "annex-1/16", "kind": "other", "reason": f"口径{sent!r}。",
                                        "proposed_points": sent}])
    r = client.post("/api/v1/feedback", json=payload)
    assert r.status_code == status, (sent, r.get_json())
    spec = client.get("/api/v1/openapi.json").get_json()
    pattern = [b for b in spec["components"]["schemas"]["CommentIn"]["properties"]["proposed_points"]["anyOf"]
               if b.get("type") == "string"][0]["pattern"]
    if isinstance(sent, str):  # the document and the service agree
        assert bool(re.fullmatch(pattern.strip("^$"), sent)) is (status == 201)


# --- the office's forms -------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, read", [("5", 5), ("１０", 10), (" 7 ", 7), ("٣", 0), ("+5", 0), ("1_0", 0),
                                         ("2.5", 0), ("5.0", 5)])
def test_the_office_annex_form_reads_whole_numbers_by_the_rule(typed, read):
    errors: list = []
    assert _whole(typed, "rows-0-points", errors) == read
    assert bool(errors) is (read == 0)
