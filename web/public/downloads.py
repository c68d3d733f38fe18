"""The draft and a feedback-form template as Word files, built from the consultation's data file.

Both depend only on the data file, so each is built once per process and served from memory.
"""
from __future__ import annotations

import functools
from urllib.parse import quote

from flask import Response

from consultation.exports.public_documents import draft_document, feedback_template

from ..context import services
from .views import bp

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@functools.lru_cache(maxsize=4)
def _built(kind: str, consultation_id: str) -> bytes:
    consultation = services().consultation
    return draft_document(consultation) if kind == "draft" else feedback_template(consultation)


def size_label(kind: str) -> str:
    """The file's size as the link shows it ("43 KB"): GOV.UK's pattern for a download link."""
    from flask_babel import format_decimal

    return f"{format_decimal(round(len(_built(kind, services().consultation.id)) / 1024))} KB"


def _docx(kind: str, filename: str) -> Response:
    body = _built(kind, services().consultation.id)
    disposition = f"attachment; filename=\"{kind}.docx\"; filename*=UTF-8''{quote(filename)}"
    return Response(body, mimetype=DOCX, headers={"Content-Disposition": disposition,
                                                  "Cache-Control": "public, max-age=3600"})


@bp.get("/downloads/draft.docx")
def download_draft():
    consultation = services().consultation
    return _docx("draft", f"{consultation.source.document.title}.docx")


@bp.get("/downloads/feedback-form-template.docx")
def download_form():
    consultation = services().consultation
    return _docx("feedback-form-template", f"{consultation.source.short_title}-意见反馈表模板.docx")
