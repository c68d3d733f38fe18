"""The adoption summary read back (python-docx, openpyxl) on a campaign across targets with mixed
decisions: one numbered table, every comment counted once under its own target, no outcome
collapsed, 提出单位 present, the published version frozen."""
from __future__ import annotations

import io
import itertools
import re

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from sqlalchemy import select

from consultation.exports import summary
from consultation.models import Comment
from consultation.office import duplicates, publishing
from consultation.office.decisions import decide
from tests.conftest import set_now
from tests.office.conftest import _clear_audit

from .conftest import make_submission

CAMPAIGN = "建议将示范区申报主体扩大到省级以上各类开发区和产业园区，以便覆盖更多制造业集聚区域。"
HEADER = ["序号", "条款", "意见建议", "提出单位", "采纳情况", "理由"]


@pytest.fixture(autouse=True)
def _audit_cleared(services):
    yield
    _clear_audit(services.engine)


_phones = itertools.count(1)


def _send(services, target, text, organisation, category="enterprise"):
    # Each sender its own phone: the same comments from the same contact within minutes would be one
    # submission (consultation/intake/repeats.py); here they are separate organisations.
    make_submission(services, submitter={"category": category, "name": "某人", "organisation": organisation,
                                         "phone": f"1380013{next(_phones):04d}", "email": ""},
                    comments=[{"target": target, "kind": "amend", "proposal": text, "reason": "",
                               "proposed_points": None}])


def _ids(s, target):
    return list(s.scalars(select(Comment.id).where(Comment.target_ref == target).order_by(Comment.id)))


def build(services):
    """A campaign on 第三条 (12: 10 adopted, 2 partly), the same text on 附件1第16项 (3: 1 not adopted,
    2 undecided), eight organisations on 第六条 (one group, all adopted), one lone comment on the notice."""
    for i in range(11):
        _send(services, "art-3", CAMPAIGN + "此致" * (i % 3), f"第{i}开发区管委会")
    _send(services, "art-3", CAMPAIGN, "", category="individual")
    for i in range(3):
        _send(services, "annex-1/16", CAMPAIGN, f"某县经信局{i}")
    for i in range(8):
        _send(services, "art-6", "建议分类条件中增加“数据要素流通”相关内容，体现人工智能发展需要。", f"企业{i}")
    _send(services, "notice", "建议延长征求意见期限至三十日。", "某协会", category="association")
    now = services.now()
    with services.session() as s:
        duplicates.regroup(s, services.consultation.id, actor="t", now=now)
        art3, annex, art6, notice = _ids(s, "art-3"), _ids(s, "annex-1/16"), _ids(s, "art-6"), _ids(s, "notice")
        decide(s, comment_ids=art3[:10], outcome="adopted", reason="", actor="t", now=now, approve=True)
        decide(s, comment_ids=art3[10:], outcome="partly_adopted", reason="省级开发区纳入，其他园区另行研究。",
               actor="t", now=now, approve=True)
        decide(s, comment_ids=annex[:1], outcome="not_adopted", reason="指标口径保持不变。", actor="t", now=now, approve=True)
        decide(s, comment_ids=art6, outcome="adopted", reason="", actor="t", now=now, approve=True)
        decide(s, comment_ids=notice, outcome="not_adopted", reason="期限按规定执行。", actor="t", now=now, approve=True)
        s.commit()


def docx_rows(services):
    buffer = io.BytesIO()
    with services.session() as s:
        summary.write_summary_docx(s, services.consultation, buffer, now=services.now())
    document = docx.Document(io.BytesIO(buffer.getvalue()))
    assert len(document.tables) == 1  # one continuous table
    return document, [[c.text for c in r.cells] for r in document.tables[0].rows]


def count_of(content: str) -> int:
    m = re.match(r"\[相同或相近意见(\d+)条\]", content)
    return int(m.group(1)) if m else 1


def test_docx_one_table_every_comment_once_under_its_target(services):
    build(services)
    document, rows = docx_rows(services)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert rows[0] == HEADER
    body = rows[1:]
    assert [int(r[0]) for r in body] == list(range(1, len(body) + 1))
    per_target: dict[str, int] = {}
    for r in body:
        per_target[r[1]] = per_target.get(r[1], 0) + count_of(r[2])
    assert per_target == {"征求意见通知": 1, "第三条": 12, "第六条": 8, "附件1第16项": 3}
    assert "全文" not in per_target
    art3 = next(r for r in body if r[1] == "第三条")
    assert art3[4] == "其中采纳10条、部分采纳2条"  # never one outcome for all
    assert "省级开发区纳入" in art3[5]
    assert art3[3] == "多个单位（12）"  # eleven organisations and one individual: listed in the appendix
    annex = next(r for r in body if r[1] == "附件1第16项")
    assert annex[4] == "其中不采纳1条、待处理2条" and "某县经信局0" in annex[3]
    art6 = next(r for r in body if r[1] == "第六条")
    assert art6[4] == "采纳" and art6[3] == "多个单位（8）"
    appendix = "\n".join(p.text for p in document.paragraphs)
    assert "企业7" in appendix and "第10开发区管委会" in appendix
    notice = next(r for r in body if r[1] == "征求意见通知")
    assert notice[3] == "某协会" and notice[4] == "不采纳" and notice[5] == "期限按规定执行。"
    assert "草稿" in appendix  # not yet published


def test_xlsx_same_table_and_text_cells(services):
    build(services)
    buffer = io.BytesIO()
    with services.session() as s:
        summary.write_summary_xlsx(s, services.consultation, buffer, now=services.now())
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[:6] == HEADER)
    body = rows[start + 1:]
    assert sum(count_of(r[2]) for r in body) == 24
    assert next(r for r in body if r[1] == "第三条")[4] == "其中采纳10条、部分采纳2条"


def test_published_summary_is_frozen_until_the_next_publication(services):
    build(services)
    set_now(services, "2025-12-18T09:00:00+08:00")
    with services.session() as s:
        publishing.freeze(s, services.consultation.id, actor="admin", now=services.now())
        decide(s, comment_ids=_ids(s, "notice"), outcome="adopted", reason="", actor="t", now=services.now(),
               approve=True)
        s.commit()
    _, rows = docx_rows(services)
    assert next(r for r in rows if r[1] == "征求意见通知")[4] == "不采纳"
    with services.session() as s:
        publishing.freeze(s, services.consultation.id, actor="admin", now=services.now())
        s.commit()
    document, rows = docx_rows(services)
    assert next(r for r in rows if r[1] == "征求意见通知")[4] == "采纳"
    assert any("第2次发布" in p.text or "Publication 2" in p.text for p in document.paragraphs)
