"""The draft and the feedback-form template as Word files, from the consultation's data."""
import io

from docx import Document

from consultation.exports.public_documents import TEMPLATE_COMMENT_HEADERS, TEMPLATE_SUBMITTER_LABELS


def test_feedback_form_template_is_plain_and_labelled_as_the_services(client, services):
    r = client.get("/downloads/feedback-form-template.docx")
    assert r.status_code == 200 and r.mimetype.endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(r.data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "并非通知所附的官方《征求意见反馈信息表》" in text and "chenwubiao@ahjxw.gov.cn" in text
    people, comments = doc.tables
    assert [row.cells[0].text for row in people.rows] == list(TEMPLATE_SUBMITTER_LABELS)
    assert tuple(c.text for c in comments.rows[0].cells) == TEMPLATE_COMMENT_HEADERS == (
        "序号", "条款（章节）", "原文", "修改意见", "理由")
    assert comments.rows[1].cells[0].text == "1"
    # No content controls (w:sdt): the mailbox intake reads plain tables and paragraphs.
    assert b"w:sdt" not in r.data and b"<w:sdt" not in _document_xml(r.data)


def _document_xml(data: bytes) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_draft_document_quotes_the_text_and_tables(client, services):
    r = client.get("/downloads/draft.docx")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.data))
    text = "\n".join(p.text for p in doc.paragraphs)
    consultation = services.consultation
    assert consultation.quote("art-3") in text
    assert consultation.source.explanation.title in text
    assert len(doc.tables) == len(consultation.source.annexes)
    first = doc.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["序号", "一级指标", "二级指标", "三级指标", "说明", "分值"]
    assert len(first.rows) == len(consultation.source.annexes[0].rows) + 1
    row16 = next(r for r in doc.tables[0].rows if r.cells[0].text == "16")
    assert row16.cells[3].text == consultation.quote("annex-1/16") and row16.cells[5].text == "4"


def test_draft_page_offers_both_downloads(client, services):
    html = client.get("/draft").get_data(as_text=True)
    assert "/downloads/draft.docx" in html and "/downloads/feedback-form-template.docx" in html
    for path in ("/downloads/draft.docx", "/downloads/feedback-form-template.docx"):
        size = len(client.get(path).data)
        assert f"{round(size / 1024)} KB" in html  # each link says how big its file is
