"""A decision's reason follows the rule of a public comment's text on every path (retest of round 11, N2).

The web decision form and the bulk form stored U+200B, U+FEFF or U+00AD alone as the reason of a "not
adopted" decision (the rule "a reason unless adopted" met by a character nobody sees), and stored what the API
refuses outright (U+202E, BEL); the API took U+00AD, U+3164, U+2800, U+061C alone. The reasons are published.
Now all three come through one function (decisions.clean_reason, fields.checked_text): invisible-only is empty,
controls and bidi characters are refused, and nothing is written.
"""
import pytest
from sqlalchemy import select

from consultation.intake import fields
from consultation.models import Comment
from consultation.office.models import Decision
from tests.office.conftest import login

INVISIBLE_ONLY = ["\u200b", "\ufeff", "\u00ad", "\u3164", "\u1160", "\u2800", "\u034f", "\u180e", "\ufe0f",
                  "\u17b5", "\u061c", " \u200b\u3000\u3164 ",
                  # attack round 12, F2: tag characters, lone combining marks, variation selectors, U+FFFC,
                  # private-use characters
                  "\U000e0041\U000e0042", "\u0301\u0301", "\u180b", "\U000e0100", "\ufffc", "\ue000"]
# ... and F1: noncharacters, which no Word or Excel file can hold (U+FFFE, U+FFFF) or no text means
CONTROLS = ["理由\u202e反转", "理由\u0007铃", "理由\u2066隔离", "\uffff", "理由\ufffe", "理由\U0010ffff"]


def _ids(office, submission):
    with office.session() as s:
        return list(s.scalars(select(Comment.id).order_by(Comment.id)))


def _reasons(office):
    with office.session() as s:
        return s.scalars(select(Decision.reason)).all()


@pytest.mark.parametrize("reason", INVISIBLE_ONLY + CONTROLS)
def test_the_api_refuses_an_invisible_reason_or_a_control(app, office, api, submission, reason):
    cid = _ids(office, submission)[0]
    r = app.test_client().post("/api/v1/office/decisions", headers=api["editor"],
                               json={"comment_ids": [cid], "outcome": "not_adopted", "reason": reason})
    assert r.status_code == 400 and r.get_json()["field"] == "reason", (reason, r.get_json())
    assert _reasons(office) == []


@pytest.mark.parametrize("reason", INVISIBLE_ONLY + CONTROLS)
def test_the_decision_form_refuses_them_too(app, office, accounts, submission, reason):
    cid = _ids(office, submission)[0]
    editor = app.test_client()
    assert login(editor, "editor").status_code == 302
    r = editor.post("/office/decide", data={"comment_id": cid, "outcome": "not_adopted", "reason": reason,
                                            f"version-{cid}": "none"})
    assert r.status_code == 303
    flashed = editor.get(r.headers["Location"]).get_data(as_text=True)
    assert ("请填写理由" in flashed or "除采纳外" in flashed or "控制" in flashed or "方向" in flashed
            or "非字符" in flashed), reason
    assert _reasons(office) == []


@pytest.mark.parametrize("reason", INVISIBLE_ONLY + CONTROLS)
def test_the_bulk_form_refuses_them_too(app, office, accounts, submission, reason):
    ids = _ids(office, submission)
    editor = app.test_client()
    assert login(editor, "editor").status_code == 302
    preview = editor.post("/office/bulk/preview", data={"f_ref": "art-3", "outcome": "not_adopted", "reason": reason})
    assert preview.status_code == 303  # back to the search page with the error, no confirmation page
    done = editor.post("/office/bulk/decide", data={"comment_id": ids, "outcome": "not_adopted", "reason": reason})
    assert done.status_code == 303
    assert _reasons(office) == []


def test_a_reason_is_stored_cleaned_on_every_path(app, office, api, accounts, submission):
    """Zero-width characters inside a visible reason are dropped as in a comment's text, whichever path."""
    first, second = _ids(office, submission)
    typed = "\ufeff不予采纳\u200b，理由见说明。\u00ad "
    r = app.test_client().post("/api/v1/office/decisions", headers=api["editor"],
                               json={"comment_ids": [first], "outcome": "not_adopted", "reason": typed})
    assert r.status_code == 200
    editor = app.test_client()
    assert login(editor, "editor").status_code == 302
    editor.post("/office/decide", data={"comment_id": second, "outcome": "not_adopted", "reason": typed,
                                        f"version-{second}": "none"})
    assert _reasons(office) == [fields.checked_text(typed)] * 2 == ["不予采纳，理由见说明。"] * 2
