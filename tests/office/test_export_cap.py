"""One export at a time per staff member in each worker (attack round 7, F1: a clerk with six tabs had six
large exports built at once, every staff thread taken and the public slowed with them): a second one while
the first is being built is answered 429 with Retry-After and a localized message; another member's export,
and the same member's next one once the first is done, are served."""
from __future__ import annotations

from sqlalchemy import select

from consultation.office.models import StaffAccount
from web.office import downloads


def _account_id(office, name: str) -> int:
    with office.session() as s:
        return s.scalar(select(StaffAccount.id).where(StaffAccount.username == name))


def test_a_second_export_of_the_same_member_waits_for_the_first(clients, office, submission):
    editor = _account_id(office, "editor")
    assert downloads._claim(editor)  # the editor's first export, being built
    try:
        busy = clients["editor"].get("/office/exports/comments.xlsx", headers={"Accept-Language": "zh-CN"})
        assert busy.status_code == 429
        assert int(busy.headers["Retry-After"]) > 0
        assert "您的另一项导出仍在生成" in busy.get_data(as_text=True)
        other = clients["viewer"].get("/office/exports/comments.csv")
        assert other.status_code == 200 and "建议增加" in other.get_data(as_text=True)
    finally:
        downloads._release(editor)
    again = clients["editor"].get("/office/exports/comments.csv")
    assert again.status_code == 200
    assert not downloads._building  # released after each export, also after the refused one
