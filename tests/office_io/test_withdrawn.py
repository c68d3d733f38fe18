"""A withdrawn submission is one rule everywhere (consultation.amendments.considered): its comments are
not comments to decide or to count, nor published; the comments export lists them, clearly marked."""
from __future__ import annotations

import csv
import io
import json

import openpyxl
from sqlalchemy import select

from consultation import amendments
from consultation.exports import archive, summary, tabular
from consultation.models import Submission
from consultation.office import dashboard, publishing
from tests.conftest import set_now
from tests.office.conftest import _clear_audit

from .conftest import make_submission

KEPT, GONE = "保留下来的意见。", "后来撤回的意见。"


def two_submissions(services):
    """One kept (art-3 and art-5), one withdrawn (art-3)."""
    make_submission(services, comments=[
        {"target": "art-3", "kind": "other", "reason": KEPT, "proposed_points": None},
        {"target": "art-5", "kind": "other", "reason": KEPT + "二", "proposed_points": None}])
    withdrawn = make_submission(services, comments=[{"target": "art-3", "kind": "other", "reason": GONE,
                                                     "proposed_points": None}],
                                submitter={"category": "individual", "name": "赵六", "organisation": "",
                                           "phone": "13700137000", "email": "zhaoliu@example.com"})
    with services.session() as s:
        sub = s.scalars(select(Submission).where(Submission.reference == withdrawn.reference)).one()
        amendments.withdraw(s, services.consultation, sub, services.now())
    return withdrawn


def test_the_comments_export_lists_withdrawn_comments_marked(services):
    two_submissions(services)
    buffer = io.StringIO()
    with services.session() as s:
        assert tabular.write_csv(s, services.consultation, buffer) == 3
    header, *body = list(csv.reader(io.StringIO(buffer.getvalue())))
    reason, outcome, withdrawn = header.index("理由"), header.index("处理结果"), header.index("提交人撤回时间（北京时间）")
    gone = next(r for r in body if r[reason] == GONE)
    assert gone[outcome] == "已撤回，不再研究" and gone[withdrawn].startswith("2025-11-")
    kept = [r for r in body if r[reason] != GONE]
    assert len(kept) == 2 and all(r[outcome] == "" and r[withdrawn] == "" for r in kept)  # undecided: empty

    data = io.BytesIO()
    with services.session() as s:
        tabular.write_xlsx(s, services.consultation, data)
    sheet = {row[0]: row[1:] for row in openpyxl.load_workbook(data)["汇总"].iter_rows(values_only=True) if row}
    assert sheet["反馈份数"][0] == 1 and sheet["意见"][0] == 2
    assert sheet["提交人已撤回的意见（列出并标注，不计入）"][0] == 1
    assert sheet["art-3"][1] == 1  # per part of the draft: only the comment still to decide


def test_summaries_counts_and_publication_leave_withdrawn_comments_out(services, app):
    two_submissions(services)
    with services.session() as s:
        collected = summary.collect(s, services.consultation)
        assert collected.comments == 2 and all(GONE not in line.text for line in collected.lines)
        totals = dashboard.totals(s, services.consultation.id)
        assert (totals["submissions"], totals["comments"], totals["withdrawn"]) == (1, 2, 1)
        assert dashboard.node_counts(s, services.consultation.id)["art-3"] == (1, 1)
        assert dashboard.progress(s, services.consultation.id)["art-3"] == (1, 0)
        rows, total = dashboard.node_comments(s, services.consultation.id, "art-3", outcome="pending")
        assert total == 1 and rows[0]["reason"] == KEPT
        assert publishing.preview(s, services.consultation)["pending"] == 2
    with app.test_client() as client:  # the public count beside each article
        html = client.get("/draft").get_data(as_text=True)
    art3 = html[html.index('href="/feedback?target=art-3"'):][:600]
    assert "1 条意见" in art3 and "2 条意见" not in art3
    set_now(services, "2025-12-20T10:00:00+08:00")
    try:
        with services.session() as s:
            publishing.publish(s, services.consultation, actor="chief", now=services.now(), confirmed_pending=2)
            s.commit()
            published = {row["ref"]: row["received"] for row in publishing.summary(s, services.consultation)}
            assert published == {"art-3": 1, "art-5": 1}
    finally:
        _clear_audit(services.engine)  # the audit log is append-only: lifted for the test's teardown


def test_the_archive_keeps_the_withdrawal(services):
    withdrawn = two_submissions(services)
    buffer = io.StringIO()
    with services.session() as s:
        archive.export_json(s, services.consultation, buffer, now=services.now())
    record = next(r for r in json.loads(buffer.getvalue())["submissions"] if r["reference"] == withdrawn.reference)
    assert record["withdrawn_at"] and record["amended_at"] is None
