"""The office writes the scoring reference for rows the revision added (or now assesses another way): admins
only, in the scoring files' format with its source, validated and audited, refused with each field's
problem and nothing kept, and no longer changeable once the comparison table is published; the self-check
on the final text then scores the row by it instead of asking the applicant to rate it."""
from __future__ import annotations

from sqlalchemy import select

from consultation.office.models import AuditEntry
from consultation.revisions import editing, guidance_text
from consultation.revisions.models import RowScoring
from guidance.selfcheck import scoring
from guidance.selfcheck.texts import SELF_RATED, scoring_references
from tests.revisions.test_selfcheck_revision import NEW_ROW, _answers, _revise
from web.revisions.views import SCORING_EXAMPLE

URL = "/office/revisions/scoring"
LINEAR = SCORING_EXAMPLE  # the example the page shows must itself be a valid reference
RUBRIC = """indicator_en: x
input: level
curve: rubric
levels:
- {key: none, fraction: 0, description: {zh: 无。, en: None.}}
- {key: full, fraction: 1, description: {zh: 有。, en: Yes.}}
rationale: {zh: 试。, en: Try.}
"""
SOURCE = "省工业和信息化厅《示范区评估细则》（2026年1月）"


def _post(client, ref, reference, source=SOURCE):
    return client.post(URL, data={"ref": ref, "reference": reference, "source": source})


def test_the_office_writes_the_scoring_reference_of_an_added_row(after, revision, clients):
    draft = after.consultation
    with after.session() as s:
        _revise(s, draft, revision, after.now(), publish=False)  # row 22 added (定量), row 20 now 定量
        s.commit()

    page = clients["viewer"].get(URL).get_data(as_text=True)
    assert NEW_ROW in page and "附件1第22项" in page and "附件1第20项" in page
    assert "附件1第1项" not in page  # a row with a written reference is not listed
    assert 'name="reference"' not in page  # viewers read; only admins write
    assert _post(clients["editor"], "annex-1/22", LINEAR).status_code == 403

    refused = [
        (_post(clients["admin"], "annex-1/22", RUBRIC), "需要线性或分档曲线"),  # 定量 row, a rubric
        (_post(clients["admin"], "annex-1/22", LINEAR.replace("reference_value: 5\n", "")), "reference_value"),
        (_post(clients["admin"], "annex-1/22", "curve: [linear"), "不是有效的YAML"),
        (_post(clients["admin"], "annex-1/22", LINEAR, source=" "), "请说明评分参考的来源"),
        (_post(clients["admin"], "annex-1/1", LINEAR), "沿用评分文件"),  # a row the files cover
        (_post(clients["admin"], "annex-1/99", LINEAR), "没有指标行annex-1/99"),
    ]
    for response, said in refused:
        assert response.status_code == 422 and said in response.get_data(as_text=True), said
    with after.session() as s:
        assert s.scalars(select(RowScoring)).all() == []
        assert not s.scalars(select(AuditEntry).where(AuditEntry.action == "revision.scoring")).all()

    kept = _post(clients["admin"], "annex-1/22", LINEAR)
    assert kept.status_code == 303
    with after.session() as s:
        row = s.scalars(select(RowScoring)).one()
        assert row.origin.startswith("new-") and row.source == SOURCE and row.reference["reference_value"] == 5
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "revision.scoring")).one()
        assert entry.actor == "admin" and entry.target == "revision:1:annex-1/22" and entry.before is None
        assert entry.after["source"] == SOURCE
        editing.publish(s, draft, actor="admin", now=after.now())
        s.commit()
        text = guidance_text(s, draft)

    refs = scoring_references(text)["deep_application"]
    assert refs["annex-1/22"].curve == "linear" and refs["annex-1/22"].reference_value == 5
    assert SOURCE in refs["annex-1/22"].rationale.zh and SOURCE in refs["annex-1/22"].rationale.en
    assert refs["annex-1/20"].rationale == SELF_RATED  # the other row is still self-rated
    answers = _answers(text)
    assert answers["annex-1/22"] == 5  # asked as a number now, not a level
    result = scoring.run({**answers, "annex-1/22": 2.5}, text)
    row = next(i for i in result.types[0].indicators if i.ref == "annex-1/22")
    assert (row.points, row.points_max) == (1, 2)
    api = clients["anonymous"].get("/api/v1/indicators/deep_application").get_json()
    listed = next(i for i in api["indicators"] if i["ref"] == "annex-1/22")
    assert listed["scoring"]["curve"] == "linear" and SOURCE in str(listed["scoring"])

    # published: the self-check runs on it now, so its references stay as they are
    late = _post(clients["admin"], "annex-1/20", LINEAR)
    assert late.status_code == 422 and "已经发布" in late.get_data(as_text=True)
