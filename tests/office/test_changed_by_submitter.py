"""The office sees that a submitter changed or withdrew their feedback, and the latest text."""
from sqlalchemy import select

from consultation import amendments
from consultation.models import Submission


def test_office_sees_the_change_and_the_withdrawal(clients, office, submission):
    with office.session() as s:
        sub = s.scalars(select(Submission)).one()
        first, second = sub.comments
        amendments.amend(s, office.consultation, sub, [
            {"id": first.id, "target": "art-3", "kind": "amend", "proposal": "改后的表述", "reason": "覆盖更多主体。"},
            {"id": second.id, "target": "annex-1/7", "kind": "amend", "proposal": "建议提高分值。", "reason": "体现重点。",
             "proposed_points": "10"}], office.now())
        sub_id = sub.id
    html = clients["admin"].get(f"/office/submission/{sub_id}").get_data(as_text=True)
    assert "提交人已于" in html and "修改" in html and "改后的表述" in html
    with office.session() as s:
        amendments.withdraw(s, office.consultation, s.get(Submission, sub_id), office.now())
    html = clients["admin"].get(f"/office/submission/{sub_id}").get_data(as_text=True)
    assert "撤回" in html and "不再研究" in html
    dashboard = clients["viewer"].get("/office/").get_data(as_text=True)
    assert 'id="total-withdrawn">1<' in dashboard and 'id="total-submissions">0<' in dashboard
