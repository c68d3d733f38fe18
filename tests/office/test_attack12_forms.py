"""Attack round 12 (issue 13), F3 and F4: the dashboard's threshold form reads numbers by the rule for numbers
typed on the office's forms and compares them exactly, as the API does; the web decision form naming a group
and comments at once is refused as the API refuses it. On SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consultation.office.duplicates import get_threshold


def _threshold(office) -> float:
    with office.session() as s:
        return get_threshold(s, office.consultation.id)


@pytest.mark.parametrize("value", [
    "0.6_5", "7e-1", "+0.55",  # what float() takes and the typed-number rule does not (F3)
    "0.29999999999999999999", "1.0000000000000000001",  # only rounds into 0.3-1.0 as a float
    "0.2", "1.5", "-0.5", "0.5.0", "0,5",
])
def test_the_threshold_form_refuses_what_the_number_rule_refuses(clients, office, value):
    response = clients["editor"].post("/office/regroup", data={"threshold": value}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "阈值应在 0.3 至 1.0 之间" in page and "相似意见共" not in page, value
    assert _threshold(office) == 0.7


def test_digits_of_another_script_are_told_to_use_0_to_9(clients, office):
    response = clients["editor"].post("/office/regroup", data={"threshold": "٠.٥"}, follow_redirects=True)
    assert "请用数字 0 到 9 填写" in response.get_data(as_text=True)
    assert _threshold(office) == 0.7


@pytest.mark.parametrize("value, stored", [
    ("０.５", 0.5), ("０．５", 0.5), (" 0.65 ", 0.65), ("0.3", 0.3), ("1", 1.0), ("1.0", 1.0), (".8", 0.8),
    ("0.300000000000000000000", 0.3),
])
def test_the_threshold_form_takes_full_width_digits_and_the_bounds(clients, office, value, stored):
    """Full-width digits (a Chinese input method's full-width mode) were refused as out of range (F3)."""
    response = clients["editor"].post("/office/regroup", data={"threshold": value}, follow_redirects=True)
    assert "相似意见共" in response.get_data(as_text=True), value
    assert _threshold(office) == stored


@pytest.mark.parametrize("raw", [b'{"threshold": 0.29999999999999999999}', b'{"threshold": 1.0000000000000000001}',
                                 b'{"threshold": 2.9999999999999999999e-1}', b'{"threshold": -0.0}'])
def test_the_api_holds_the_bounds_exactly(app, api, office, raw):
    """F5: a JSON number that only rounds to 0.3 or 1.0 as a float was stored; the schema's bounds are exact."""
    response = office_post(app, api, raw)
    data = response.get_json()
    assert response.status_code == 400 and data["field"] == "threshold", data
    assert _threshold(office) == 0.7


@pytest.mark.parametrize("raw, stored", [(b'{"threshold": 0.3}', 0.3), (b'{"threshold": 1.0}', 1.0),
                                         (b'{"threshold": 1}', 1.0), (b'{"threshold": 3e-1}', 0.3),
                                         (b'{"threshold": 0.65}', 0.65)])
def test_the_api_takes_the_bounds_and_what_lies_between(app, api, office, raw, stored):
    response = office_post(app, api, raw)
    assert response.status_code == 200, response.get_json()
    assert _threshold(office) == stored


def office_post(app, api, raw: bytes):
    return app.test_client().post("/api/v1/office/regroup", data=raw,
                                  headers={**api["editor"], "Content-Type": "application/json"})


def test_a_byte_order_mark_on_the_office_api_is_told_so(app, api, office):
    response = office_post(app, api, b'\xef\xbb\xbf{"threshold": 0.5}')
    assert response.status_code == 400 and "字节顺序标记" in response.get_json()["message"]
    assert _threshold(office) == 0.7


def test_the_decision_form_naming_a_group_and_a_comment_is_refused(clients, office, submission):
    """F4: group_id=10 with comment_id=1 decided the group's members and ignored the comment, silently. The
    API refuses the same pair ("exactly one of"); the form now too, with a localized 400, recording nothing."""
    from consultation.models import Comment
    from consultation.office.models import Decision, DuplicateGroup, GroupMember

    with office.session() as s:
        member, other = s.scalars(select(Comment.id).order_by(Comment.id)).all()
        group = DuplicateGroup(consultation_id=office.consultation.id, size=1, threshold=0.7, target_ref="art-3")
        s.add(group)
        s.flush()
        s.add(GroupMember(group_id=group.id, comment_id=member))
        s.commit()
        group_id = group.id
    response = clients["editor"].post("/office/decide", data={
        "group_id": str(group_id), "comment_id": str(other), "outcome": "adopted", f"version-{member}": "none",
        f"version-{other}": "none"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400, page
    assert "同时指定了一组意见和单条意见" in page
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
    # Each alone still decides.
    alone = clients["editor"].post("/office/decide", data={"group_id": str(group_id), "outcome": "adopted",
                                                           f"version-{member}": "none"})
    assert alone.status_code == 303
