"""One indicator asked in two tables named together (专精特新企业在附件1和附件2里各占几分) is answered with its
row in each table (issue 15), not with one table's row alone.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, want", [
    ("专门管理机构和人员配备情况在附件1和附件3里各占几分", {"annex-1/22", "annex-3/20"}),
    ("专精特新企业数量 附件2、附件3各得多少分", {"annex-2/5", "annex-3/6"}),
    ("分析监测体系建设情况 附件1与附件3中分别多少分", {"annex-1/23", "annex-3/21"}),
])
def test_the_row_of_each_named_table_is_cited(q, want):
    a = answer(q)
    refs = {c["ref"] for c in a.citations}
    assert want <= refs, (a.answer, refs)
