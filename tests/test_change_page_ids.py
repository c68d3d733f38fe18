"""The change page's hidden comment ids (comments-N-id) are the page's own: an id it never wrote is a 400.

Retest of attack round 11, N8: "abc", "1.0", "-1", a huge number, another submission's comment id, or one id on
two rows passed as "a new comment", so confirming re-created the edited comment under a new id and the
office's note (and decision, group) on the old one were lost. Now any such id is refused with a localized 400
at every step of the page, and nothing changes; a blank id stays a new comment.
"""
import pytest
from sqlalchemy import select

from consultation import amendments
from consultation.models import Comment, Submission
from consultation.office.models import CommentNote
from tests.conftest import checked_from, csrf_token_from
from tests.test_receipt_changes import load, stored


def _other(services):
    """Another person's submission."""
    return stored(services, comments=[{"target": "art-5", "kind": "other", "reason": "第五条要细化。"}],
                  submitter={"category": "individual", "name": "李四", "phone": "13900139000"})


def _row(index: int, cid: str, reason: str) -> dict:
    return {f"comments-{index}-id": cid, f"comments-{index}-target": "art-3", f"comments-{index}-kind": "other",
            f"comments-{index}-proposal": "", f"comments-{index}-reason": reason,
            f"comments-{index}-proposed_points": ""}


@pytest.fixture
def page(client, services):
    """A submission with one comment carrying an office note, its change page, and another submission's id."""
    receipt = stored(services)
    other = _other(services)
    with services.session() as s:
        own = load(services, s, receipt).comments[0].id
        foreign = load(services, s, other).comments[0].id
        s.add(CommentNote(comment_id=own, author="clerk", body="已读"))
        s.commit()
    url = f"/receipt/{receipt.reference}/change?token={receipt.token}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return url, token, own, foreign


def _unchanged(services, own: int) -> None:
    with services.session() as s:
        assert s.get(Comment, own).reason != "改过的理由。" and s.scalars(select(CommentNote.body)).all() == ["已读"]
        assert s.scalars(select(Submission.amended_at).where(Submission.amended_at.is_not(None))).all() == []


@pytest.mark.parametrize("bad", ["abc", "1.0", "-1", "99999999999999999999", " {own}", "{own}.0", "0{own}",
                                 "{foreign}", "dup"])
@pytest.mark.parametrize("action", ["continue", "confirm", "add"])
def test_an_id_the_page_never_wrote_is_a_400_and_changes_nothing(client, services, page, bad, action):
    url, token, own, foreign = page
    if bad == "dup":  # the page's own id on two rows
        form = {**_row(0, str(own), "改过的理由。"), **_row(1, str(own), "另一条。")}
    else:
        form = _row(0, bad.format(own=own, foreign=foreign), "改过的理由。")
    r = client.post(url, data={"csrf_token": token, "action": action, **form})
    html = r.get_data(as_text=True)
    assert r.status_code == 400, (bad, r.status_code)
    assert "不是这份意见中" in html and ("comments-1-id" if bad == "dup" else "comments-0-id") in html
    _unchanged(services, own)


def test_its_own_id_keeps_the_comment_and_a_blank_id_is_a_new_one(client, services, page):
    url, token, own, _foreign = page
    form = {"csrf_token": token, **_row(0, str(own), "改过的理由。"), **_row(1, "", "新增的意见。")}
    check = client.post(url, data={**form, "action": "continue"})
    assert check.status_code == 200
    r = client.post(url, data={**form, "checked": checked_from(check.get_data(as_text=True)), "action": "confirm"})
    assert r.status_code == 302 and "done=amended" in r.headers["Location"]
    with services.session() as s:
        sub = s.get(Comment, own).submission
        assert [(c.id == own, c.reason) for c in sub.comments] == [(True, "改过的理由。"), (False, "新增的意见。")]
        assert s.scalars(select(CommentNote.body)).all() == ["已读"]  # the office's note stayed on the comment


def test_the_domain_refuses_an_id_it_never_had(services):
    receipt = stored(services)
    other = _other(services)
    with services.session() as s:
        sub = load(services, s, receipt)
        foreign = str(load(services, s, other).comments[0].id)
        comment = {"id": foreign, "target": "art-3", "kind": "other", "proposal": "", "reason": "改过的理由。",
                   "proposed_points": ""}
        with pytest.raises(amendments.UnknownComment):
            amendments.amend(s, services.consultation, sub, [comment], services.now())
    with services.session() as s:
        assert s.scalars(select(Submission.amended_at).where(Submission.amended_at.is_not(None))).all() == []
