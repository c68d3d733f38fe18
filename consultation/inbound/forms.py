"""Reading a feedback form (征求意见反馈信息表) sent as a DOCX attachment.

The notice does not print the form's layout, so the reader looks for any table
whose heading row names a target column (条款/章节/指标…) and a comment column
(修改意见/建议…), whatever their order and exact wording (data/reading.yaml),
and for the submitter's details above it: label–value cells of a table, or
"单位名称:… 联系人:…" paragraphs. It only reads; deciding what is sure is
consultation.inbound.reading's job.
"""
from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from dataclasses import dataclass, field

from docx import Document
from lxml import etree
from docx.opc.exceptions import PackageNotFoundError

from consultation.submissions import clean_text

from .vocabulary import column_for, reading, submitter_key, submitter_labels

MAX_ROWS = 200


class NotAForm(Exception):
    """The document has no table shaped like the form's comment table."""


@dataclass
class FormRow:
    number: str = ""
    target: str = ""
    original: str = ""
    proposal: str = ""
    reason: str = ""
    kind: str = ""
    points: str = ""


@dataclass
class FormReading:
    rows: list[FormRow]
    submitter: dict[str, str] = field(default_factory=dict)
    identifier: str = ""  # the service's own forms carry their submission reference here


def _cells(row) -> list[str]:
    """A row's cells left to right, a horizontally merged cell once."""
    seen, out = set(), []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        out.append(clean_text(cell.text))
    return out


def _header_map(cells: list[str]) -> dict[int, str]:
    mapping, used = {}, set()
    for index, text in enumerate(cells):
        kind = column_for(text)
        if kind and kind not in used:
            mapping[index] = kind
            used.add(kind)
    return mapping


def _comment_table(doc):
    """(table, header row index, column map) of the first table shaped like the comment table."""
    required = set(reading().required_columns)
    for table in doc.tables:
        for index, row in enumerate(table.rows[:3]):
            mapping = _header_map(_cells(row))
            if required <= set(mapping.values()):
                return table, index, mapping
    raise NotAForm("no comment table")


def _details_from_text(text: str, found: dict[str, str]) -> None:
    """单位名称:合肥某公司  联系人:张三  联系电话:138… → found[...]"""
    labels = "|".join(re.escape(label) for label in submitter_labels())
    marks = list(re.finditer(rf"({labels})\s*(?:[(（][^)）]{{0,10}}[)）])?\s*[:：]", text, re.I))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value = text[mark.end():end].strip(" \t\u3000_;；,，")
        key = submitter_key(mark.group(1))
        if key and value and key not in found:
            found[key] = value.splitlines()[0].strip(" _")


def _details_from_table(table, found: dict[str, str]) -> None:
    for row in table.rows:
        cells = _cells(row)
        for label, value in zip(cells, cells[1:]):
            key = submitter_key(label.rstrip(":："))
            if key and value and not submitter_key(value) and key not in found:
                found[key] = value


@lru_cache(maxsize=8)
def read_form(data: bytes) -> FormReading:
    """Raises NotAForm for a document without a comment table (or not a DOCX at all).

    Cached on the bytes: filing asks twice per attachment (is it our own form? what does it say?).
    Callers must not change the reading they get.
    """
    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise NotAForm(f"not a DOCX document: {exc}") from exc
    table, header, mapping = _comment_table(doc)
    rows = []
    for row in table.rows[header + 1:header + 1 + MAX_ROWS]:
        cells = _cells(row)
        values = FormRow()
        for index, kind in mapping.items():
            if index < len(cells):
                setattr(values, kind, cells[index])
        if any((values.target, values.proposal, values.reason, values.original)):
            if (values.target, values.proposal) != ("", "") and _is_example(values):
                continue
            rows.append(values)
    submitter: dict[str, str] = {}
    for other in doc.tables:
        if other is not table:
            _details_from_table(other, submitter)
    for paragraph in doc.paragraphs:
        if paragraph.text.strip():
            _details_from_text(clean_text(paragraph.text), submitter)
    return FormReading(rows, submitter, clean_text(doc.core_properties.identifier or ""))


def _is_example(row: FormRow) -> bool:
    """Templates often keep a filled-in example row (示例/例:…), which is not feedback."""
    return any(text.startswith(("示例", "例:", "例:", "(示例", "(示例")) for text in (row.number, row.target))
