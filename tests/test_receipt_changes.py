"""Changing and withdrawing feedback through the private link, in the domain and on the pages."""
import pytest
from sqlalchemy import select

from consultation import amendments
from consultation.models import Submission
from consultation.submissions import ValidationFailed, WindowClosed, lookup, submit
from tests.conftest import csrf_token_from, sample_payload, set_now


def stored(services):
    receipt = submit(services.engine, services.consultation, sample_payload(), channel="web", locale="zh_CN",
                     now=services.now(), secret_key=services.settings.secret_key)
    return receipt


def load(services, s, receipt):
    return lookup(s, receipt.reference, receipt.token, services.settings.secret_key)


def test_amend_keeps_the_reference_and_marks_the_change(services):
    receipt = stored(services)
    with services.session() as s:
        sub = load(services, s, receipt)
        amendments.amend(s, services.consultation, sub, [{"kind": "amend", "proposal": "新的表述", "reason": "新的理由",
                                                          "proposed_points": ""}], services.now())
    with services.session() as s:
        sub = load(services, s, receipt)
        assert sub.reference == receipt.reference and sub.amended_at is not None
        assert (sub.comments[0].proposal, sub.comments[0].reason) == ("新的表述", "新的理由")
        assert sub.comments[0].original_text.startswith("示范区创建主体")


def test_amend_refuses_bad_text_and_a_closed_window(services):
    receipt = stored(services)
    with services.session() as s:
        sub = load(services, s, receipt)
        with pytest.raises(ValidationFailed) as exc:
            amendments.amend(s, services.consultation, sub, [{"kind": "amend", "proposal": "", "reason": "x"}],
                             services.now())
        assert exc.value.errors[0].field == "comments.0.proposal"
        s.rollback()
        set_now(services, "2025-12-18T00:00:00+08:00")
        with pytest.raises(WindowClosed):
            amendments.amend(s, services.consultation, sub, [{"kind": "support", "reason": "好"}], services.now())
        with pytest.raises(WindowClosed):
            amendments.withdraw(s, services.consultation, sub, services.now())
    with services.session() as s:
        sub = load(services, s, receipt)
        assert sub.amended_at is None and sub.withdrawn_at is None and sub.comments[0].proposal == "建议增加“省级以上园区”。"


def test_withdraw_deletes_contacts_and_blocks_further_changes(services):
    receipt = stored(services)
    with services.session() as s:
        amendments.withdraw(s, services.consultation, load(services, s, receipt), services.now())
    with services.session() as s:
        sub = load(services, s, receipt)
        assert sub.withdrawn_at is not None and sub.name is None and sub.email is None and sub.phone is None
        assert sub.organisation == "合肥某科技有限公司"  # an enterprise's name is not personal data
        with pytest.raises(ValidationFailed):
            amendments.amend(s, services.consultation, sub, [{"kind": "support", "reason": "好"}], services.now())


def test_pages_change_then_withdraw(client, services):
    receipt = stored(services)
    base = f"/receipt/{receipt.reference}"
    html = client.get(f"{base}?token={receipt.token}").get_data(as_text=True)
    assert f"{base}/change?token={receipt.token}" in html and f"{base}/withdraw?token={receipt.token}" in html
    assert client.get(f"{base}/change?token=wrong").status_code == 404
    form = client.get(f"{base}/change?token={receipt.token}").get_data(as_text=True)
    token = csrf_token_from(form)
    bad = client.post(f"{base}/change?token={receipt.token}", data={
        "csrf_token": token, "comments-0-kind": "amend", "comments-0-proposal": "", "comments-0-reason": ""})
    assert bad.status_code == 422 and 'href="#comments-0-proposal"' in bad.get_data(as_text=True)
    r = client.post(f"{base}/change?token={receipt.token}", data={
        "csrf_token": token, "comments-0-kind": "amend", "comments-0-proposal": "改后的表述", "comments-0-reason": ""})
    assert r.status_code == 302
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "改后的表述" in html and "已修改" in html and receipt.reference in html
    r = client.post(f"{base}/withdraw?token={receipt.token}", data={"csrf_token": token})
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "已撤回" in html and f"{base}/change" not in html
    with services.session() as s:
        sub = s.scalars(select(Submission)).one()
        assert sub.withdrawn_at is not None and sub.comments[0].proposal == "改后的表述"


def test_no_change_links_after_the_window(client, services):
    receipt = stored(services)
    set_now(services, "2025-12-18T00:00:00+08:00")
    html = client.get(f"/receipt/{receipt.reference}?token={receipt.token}").get_data(as_text=True)
    assert "/change?" not in html and "/withdraw?" not in html
    r = client.get(f"/receipt/{receipt.reference}/change?token={receipt.token}")
    assert r.status_code == 302
