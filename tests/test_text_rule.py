"""The one rule for typed text (consultation/intake/fields.py) on every way in (attack round 12, F1, F2, F5).

F1: Unicode's noncharacters (U+FFFE, U+FFFF and the others) passed every text field, and an XML-based file
with one cannot be written: they are refused now like a control character, on the field.
F2: text made only of characters nobody sees (tag characters, lone combining marks, variation selectors,
U+FFFC/U+FFFD, private-use characters) counted as content: it is blank now, as U+200B alone already was,
while visible text carrying a combining mark or an emoji variation selector stays accepted.
F5: a name (and an organisation, a phone number, an email address) could hold a line break: one-line fields
refuse line breaks and tabs, with their own message.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from sqlalchemy import func, select

from consultation.feedback_checks import (
    MSG_EMPTY_COMMENT, MSG_NEEDS_PROPOSAL, FieldError, comment_field_errors, submitter_field_errors,
)
from consultation.i18n import gettext
from consultation.intake import fields
from consultation.models import Comment, Submission
from consultation.submissions import ValidationFailed, validate
from tests.conftest import checked_from, csrf_token_from, sample_payload

NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0001ffff", "\U000efffe", "\U0010ffff"]
INVISIBLE_ONLY = ["\U000e0041\U000e0042\U000e0043", "\u0301\u0301\u0301", "\u180b", "\u180f", "\ufe0f",
                  "\U000e0100", "\ufffc", "\ufffd", "\ue000\ue001", "\uf8ff", "\u20dd",
                  " \U000e0041\u3000\u0301 ", "\u200b\U000e007f"]
VISIBLE = ["e\u0301", "\u2764\ufe0f", "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
           "葛\U000e0100", "张\ue000"]
LINE_BREAKS = ["张三\r\nBcc: victim@evil.example", "张\n三", "张三\n", "\t张三", "张\u2028三", "张\u2029三"]


# --- the rule itself -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", NONCHARACTERS)
def test_noncharacters_are_refused_by_the_function_and_the_patterns(value):
    with pytest.raises(ValueError, match="U\\+FFFF"):
        fields.checked_text(f"建议{value}修改")
    for pattern in (fields.TEXT, fields.NON_BLANK, fields.LINE, fields.NON_BLANK_LINE):
        assert not re.fullmatch(pattern, f"建议{value}修改")


@pytest.mark.parametrize("value", INVISIBLE_ONLY)
def test_invisible_only_text_is_blank_by_the_function_and_the_pattern(value):
    assert fields.checked_text(value) == ""
    assert not re.fullmatch(fields.NON_BLANK, value) and not re.fullmatch(fields.NON_BLANK_LINE, value)
    assert re.fullmatch(fields.TEXT, value)  # allowed where text is optional: it is just nothing


@pytest.mark.parametrize("value", VISIBLE)
def test_visible_text_with_marks_or_selectors_is_content(value):
    assert fields.checked_text(value)
    assert re.fullmatch(fields.NON_BLANK, value) and re.fullmatch(fields.NON_BLANK_LINE, value)


@pytest.mark.parametrize("value", LINE_BREAKS)
def test_one_line_patterns_refuse_line_breaks_and_tabs(value):
    assert not re.fullmatch(fields.LINE, value) and not re.fullmatch(fields.NON_BLANK_LINE, value)
    assert re.fullmatch(fields.TEXT, value)  # a comment's text may have lines
    assert not re.fullmatch(fields.PHONE, "13800138000\n") and not re.fullmatch(fields.EMAIL, "a@example.com\t")
    assert re.fullmatch(fields.PHONE, " 138 0013 8000\u3000") and re.fullmatch(fields.EMAIL, " a@example.com ")


def test_the_published_patterns_read_the_same_in_ecmascript():
    """The patterns travel in the OpenAPI document (JSON, astral characters as surrogate-pair escapes) and
    JSON Schema reads them as ECMAScript with the `u` flag: node, when installed, gives the same verdicts."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    cases = [*NONCHARACTERS, *INVISIBLE_ONLY, *VISIBLE, *LINE_BREAKS, "张三", "", " "]
    patterns = {"TEXT": fields.TEXT, "NON_BLANK": fields.NON_BLANK, "LINE": fields.LINE,
                "NON_BLANK_LINE": fields.NON_BLANK_LINE}
    script = ("const d = JSON.parse(require('fs').readFileSync(0, 'utf8')); const out = {};"
              "for (const [k, p] of Object.entries(d.patterns)) { const r = new RegExp(p, 'u');"
              " out[k] = d.cases.map(c => r.test(c)); } process.stdout.write(JSON.stringify(out));")
    result = subprocess.run([node, "-e", script], input=json.dumps({"patterns": patterns, "cases": cases}),
                            capture_output=True, text=True, check=True, timeout=60)
    verdicts = json.loads(result.stdout)
    for name, pattern in patterns.items():
        assert verdicts[name] == [bool(re.fullmatch(pattern, c)) for c in cases], name


# --- the public API --------------------------------------------------------------------------------

def _feedback(client, payload):
    return client.post("/api/v1/feedback", json=payload)


def _stored(services):
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(Submission)), s.scalar(select(func.count()).select_from(Comment))


@pytest.mark.parametrize("where", ["proposal", "reason", "name", "organisation"])
@pytest.mark.parametrize("value", ["\ufffe", "\uffff", "\U0010ffff"])
def test_the_api_refuses_a_noncharacter_on_its_field(client, services, where, value):
    if where in ("proposal", "reason"):
        payload = sample_payload(comments=[{"target": "art-3", "kind": "amend", "proposal": "建议修改",
                                            "reason": "理由", where: f"建议{value}修改"}])
        field = f"comments.0.{where}"
    else:
        payload = sample_payload()
        payload["submitter"] = {**payload["submitter"], where: f"王{value}"}
        field = f"submitter.{where}"
    r = _feedback(client, payload)
    assert r.status_code == 422, r.get_json()
    assert {"field": field, "message": gettext("zh_CN", fields.MSG_CONTROL)}.items() <= next(
        e for e in r.get_json()["errors"] if e["field"] == field).items()
    assert "U+FFFF" in gettext("zh_CN", fields.MSG_CONTROL)
    assert _stored(services) == (0, 0)


@pytest.mark.parametrize("value", INVISIBLE_ONLY)
def test_the_api_refuses_invisible_only_comments_and_names(client, services, value):
    r = _feedback(client, sample_payload(comments=[{"target": "art-3", "kind": "amend", "proposal": value,
                                                    "reason": "理由"}]))
    assert r.status_code == 422 and [e["field"] for e in r.get_json()["errors"]] == ["comments.0.proposal"]
    assert r.get_json()["errors"][0]["message"] == gettext("zh_CN", MSG_NEEDS_PROPOSAL)  # 请填写建议的表述
    r = _feedback(client, sample_payload(comments=[{"target": "art-3", "kind": "other", "proposal": value,
                                                    "reason": value}]))
    assert r.status_code == 422 and [e["field"] for e in r.get_json()["errors"]] == ["comments.0.reason"]
    assert r.get_json()["errors"][0]["message"] == gettext("zh_CN", MSG_EMPTY_COMMENT)
    payload = sample_payload()
    payload["submitter"] = {**payload["submitter"], "name": value}
    r = _feedback(client, payload)
    assert r.status_code == 422 and [e["field"] for e in r.get_json()["errors"]] == ["submitter.name"]
    assert _stored(services) == (0, 0)


def test_the_api_accepts_visible_text_with_marks_and_selectors(client, services):
    payload = sample_payload(comments=[{"target": "art-3", "kind": "amend", "proposal": "建议\u2764\ufe0f保留",
                                        "reason": "Cafe\u0301"}])
    payload["submitter"] = {**payload["submitter"], "name": "Rene\u0301 葛\U000e0100"}
    r = _feedback(client, payload)
    assert r.status_code == 201, r.get_json()
    with services.session() as s:
        assert s.scalars(select(Submission.name)).one() == "René 葛\U000e0100"
        assert s.scalars(select(Comment.proposal)).one() == "建议\u2764\ufe0f保留"


@pytest.mark.parametrize("where,value", [("name", v) for v in LINE_BREAKS]
                         + [("organisation", "某\n公司"), ("phone", "13800138000\n"), ("phone", "138\t0013 8000"),
                            ("email", "a@example.com\r\n")])
def test_the_api_refuses_a_line_break_in_a_one_line_field(client, services, where, value):
    payload = sample_payload()
    payload["submitter"] = {**payload["submitter"], where: value}
    r = _feedback(client, payload)
    assert r.status_code == 422
    assert [(e["field"], e["message"]) for e in r.get_json()["errors"]] == [
        (f"submitter.{where}", "请在一行内填写：删去换行符和制表符。")]
    assert _stored(services) == (0, 0)


def test_the_published_document_says_the_same(client):
    """The OpenAPI document carries the rule: a name's pattern is one line and non-blank."""
    document = client.get("/api/v1/openapi.json").get_json()
    submitter = document["components"]["schemas"]["SubmitterIn"]["properties"]
    assert submitter["name"]["pattern"] == fields.NON_BLANK_LINE
    assert submitter["organisation"]["anyOf"][0]["pattern"] == fields.LINE
    comment = document["components"]["schemas"]["CommentIn"]["properties"]
    assert comment["proposal"]["pattern"] == fields.TEXT


# --- the other ways in: the form, the private change link, the bots, the mailbox ---------------------

def test_the_feedback_form_refuses_them_on_the_field(client, services):
    from tests.test_feedback_form import form_data, token_of

    token = token_of(client)
    r = client.post("/feedback", data=form_data(token, **{"comments-0-proposal": "建议\uffff修改"}))
    assert r.status_code == 422 and 'href="#comments-0-proposal"' in r.get_data(as_text=True)
    assert "U+FFFF" in r.get_data(as_text=True)
    r = client.post("/feedback", data=form_data(token, **{"comments-0-proposal": "\U000e0041\U000e0042"}))
    assert r.status_code == 422 and "请填写建议的表述" in r.get_data(as_text=True)
    client.post("/feedback", data=form_data(token))
    r = client.post("/feedback/about-you", data=form_data(token, **{"submitter-name": "张三\r\nBcc: x@example.com"}))
    assert r.status_code == 422 and 'href="#submitter-name"' in r.get_data(as_text=True)
    assert "请在一行内填写" in r.get_data(as_text=True)
    assert _stored(services) == (0, 0)


def test_the_private_change_link_refuses_them(client, services):
    from consultation.submissions import submit

    with services.session() as s:
        receipt = submit(s, services.consultation, sample_payload(), channel="web", locale="zh_CN",
                         now=services.now(), secret_key=services.settings.secret_key,
                         office_mailbox=services.office_mailbox)
        s.commit()
    url = f"/receipt/{receipt.reference}/change?token={receipt.token}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    with services.session() as s:
        c = s.scalars(select(Comment)).first()
        one = {"csrf_token": token, "comments-0-id": str(c.id), "comments-0-target": c.target_ref,
               "comments-0-kind": c.kind, "comments-0-reason": c.reason, "comments-0-proposed_points": "",
               "action": "continue"}
    for value, said in (("\uffff 改后", "U+FFFF"), ("\u0301\u0301", "请填写建议的表述")):
        r = client.post(url, data={**one, "comments-0-proposal": value})
        assert r.status_code == 422 and said in r.get_data(as_text=True), value
    good = client.post(url, data={**one, "comments-0-proposal": "改后的表述"})
    assert good.status_code == 200 and checked_from(good.get_data(as_text=True))
    with services.session() as s:
        assert s.scalars(select(Submission.amended_at)).one() is None


def test_the_bots_one_field_checks_refuse_them(services):
    c = services.consultation
    assert comment_field_errors(c, {"kind": "amend", "proposal": "建议\ufffe"}, "proposal") == [
        FieldError("comments.0.proposal", fields.MSG_CONTROL)]
    assert comment_field_errors(c, {"kind": "amend", "proposal": "\U000e0041"}, "proposal") == [
        FieldError("comments.0.proposal", MSG_NEEDS_PROPOSAL)]
    assert comment_field_errors(c, {"kind": "other", "proposal": "", "reason": "\ufffc"}, "reason") == [
        FieldError("comments.0.reason", MSG_EMPTY_COMMENT)]
    assert submitter_field_errors({"name": "张三\n某公司"}, ("name",)) == [
        FieldError("submitter.name", fields.MSG_ONE_LINE)]
    assert submitter_field_errors({"name": "\u0301"}, ("name",))[0].field == "submitter.name"
    assert submitter_field_errors({"name": "Rene\u0301"}, ("name",)) == []


def test_the_mailbox_intake_and_staff_review_validate_by_the_same_rule(services):
    """The mailbox intake's reading, reviewed by staff, is stored through `validate` (consultation/inbound/
    review.py), the function the API and the form call."""
    payload = sample_payload(comments=[{"target": "art-3", "kind": "amend", "proposal": "建议\uffff",
                                        "reason": "\U000e0041"}])
    payload["submitter"] = {**payload["submitter"], "name": "张三\n李四", "organisation": "\ue000"}
    with pytest.raises(ValidationFailed) as failed:
        validate(payload, services.consultation)
    errors = {(e.field, e.message) for e in failed.value.errors}
    assert ("comments.0.proposal", fields.MSG_CONTROL) in errors
    assert ("submitter.name", fields.MSG_ONE_LINE) in errors
