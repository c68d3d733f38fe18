"""Two saves of one private change link at the same moment (attack 4, F4: two tabs, or a double click
with other answers). The first save moved a comment to another part of the draft, so its row was
replaced; the second, which had read the old row, updated it and failed with StaleDataError (a 500).
Now the saves on one submission run one after the other (amendments._hold): both are answered, nothing is a
500. The second was checked against the feedback as it was before the first save, so it is not stored: its
check page is shown again against what the first stored (409, consultation.checked; attack 7, F2).

Real threads against the app, each request on its own session and database connection; a barrier holds
both requests after they have read the submission and its comments, so the interleaving that failed is the
one run every time, on SQLite and on PostgreSQL alike."""
from __future__ import annotations

import threading
import time

import pytest
from flask import request
from sqlalchemy import select

from consultation import amendments
from consultation.models import Submission
from tests.conftest import checked_from, csrf_token_from
from tests.test_receipt_changes import stored


def _form(comment_id: int, target: str, reason: str, csrf: str, client=None, url: str = "") -> dict:
    """The confirmation of a change, with the digest of its check page when `client` asks for it first."""
    form = {"csrf_token": csrf, "action": "confirm", "comments-0-id": str(comment_id),
            "comments-0-target": target, "comments-0-kind": "other", "comments-0-proposal": "",
            "comments-0-reason": reason, "comments-0-proposed_points": ""}
    if client is not None:
        check = client.post(url, data={**form, "action": "continue"})
        assert check.status_code == 200
        form["checked"] = checked_from(check.get_data(as_text=True))
    return form


class Held:
    """Which request goes second: `late(form)` is true for it."""

    late = staticmethod(lambda form: False)


@pytest.fixture
def held_after_reading(monkeypatch):
    """Both POSTs wait, once they have read the submission and its comments (as the change page's checks
    do), until the other has too; then the one `Held.late` names waits a moment more, so that the other
    has stored its change first (the order that failed)."""
    barrier = threading.Barrier(2, timeout=20)
    original = amendments.changeable
    held = Held()

    def changeable(session, consultation, submission, now):
        result = original(session, consultation, submission, now)
        if request.method != "POST" or request.form.get("action") == "continue":  # the pages shown before
            return result
        list(submission.comments)  # loaded now, before either writes
        barrier.wait()
        if held.late(request.form):
            time.sleep(1.0)
        return result

    monkeypatch.setattr(amendments, "changeable", changeable)
    return held


@pytest.mark.parametrize("targets", [("art-5", "art-3"), ("art-5", "art-6")])
def test_two_saves_at_once_that_move_a_comment_are_both_answered_never_a_500(app, services, held_after_reading,
                                                                             targets):
    receipt = stored(services)  # one comment, on art-3
    # The second keeps the comment on art-3 (an UPDATE of the row) or moves it too.
    held_after_reading.late = lambda form: form.get("comments-0-target") == targets[1]
    with services.session() as s:
        (comment_id,) = [c.id for c in s.scalar(select(Submission)).comments]
    url = f"/receipt/{receipt.reference}/change?token={receipt.token}"
    clients = [app.test_client() for _ in targets]
    tokens = [csrf_token_from(c.get(url).get_data(as_text=True)) for c in clients]
    forms = [_form(comment_id, target, f"改到{target}。", csrf, client, url)  # both checked before either saves
             for client, target, csrf in zip(clients, targets, tokens)]
    answers: dict[str, int] = {}

    def save(client, target, form):
        answers[target] = client.post(url, data=form).status_code

    threads = [threading.Thread(target=save, args=args) for args in zip(clients, targets, forms)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert answers == {targets[0]: 302, targets[1]: 409}, answers
    with services.session() as s:
        sub = s.scalar(select(Submission))
        final = [(c.target_ref, c.reason) for c in sub.comments]
    assert final == [(targets[0], f"改到{targets[0]}。")], final  # the first save's whole list, not a mixture
    assert sub.amended_at is not None


def test_a_save_racing_a_withdrawal_is_answered_and_the_withdrawal_holds(app, services, held_after_reading):
    """The withdrawal stores first; the save, which had read the submission before, is refused (it was
    withdrawn) instead of changing a withdrawn submission's comments."""
    receipt = stored(services)
    held_after_reading.late = lambda form: "comments-0-target" in form
    with services.session() as s:
        (comment_id,) = [c.id for c in s.scalar(select(Submission)).comments]
    base = f"/receipt/{receipt.reference}"
    token = f"?token={receipt.token}"
    mover, withdrawer = app.test_client(), app.test_client()
    move_csrf = csrf_token_from(mover.get(f"{base}/change{token}").get_data(as_text=True))
    withdraw_csrf = csrf_token_from(withdrawer.get(f"{base}/withdraw{token}").get_data(as_text=True))
    answers = {}
    threads = [
        threading.Thread(target=lambda: answers.__setitem__("withdraw", withdrawer.post(
            f"{base}/withdraw{token}", data={"csrf_token": withdraw_csrf}).status_code)),
        threading.Thread(target=lambda: answers.__setitem__("move", mover.post(
            f"{base}/change{token}", data=_form(comment_id, "art-5", "改到art-5。", move_csrf)).status_code)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert answers == {"withdraw": 302, "move": 422}, answers
    with services.session() as s:
        sub = s.scalar(select(Submission))
        assert sub.withdrawn_at is not None and [(c.id, c.target_ref) for c in sub.comments] == [(comment_id, "art-3")]
