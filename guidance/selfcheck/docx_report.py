"""The self-check result as a Word document (python-docx), from present.result_dict.

Platform-free so the web and the bot can both offer it; the wording comes from
the same translated dict the result page shows.
"""
from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import OrderedDict

from docx import Document
from docx.shared import Pt

from consultation.i18n import N_, gettext

TITLE = N_("Self-check result")
# Built reports kept per process, the least recently asked for dropped first (about 40 kB each).
CACHE_SIZE = 64

_built: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


def cached(result: dict, locale: str, title: str) -> bytes:
    """`build`, remembered for the last CACHE_SIZE inputs.

    Why: building the document took about 50 ms of CPU, a tenth of that being the result it is built from, and a
    saved self-check's report link can be fetched by anyone holding it as often as they like: 8 connections
    on one link raised the public API's latency from 1 ms to 256 ms (attack round 4, F12). `build` is a pure
    function of its arguments, so they are the key (hashed): a self-check changed through its wizard gives
    another result and so another document, while CONSULT_NOW's fixed clock, which leaves `updated_at`
    unchanged by an edit, cannot serve a stale one."""
    key = hashlib.sha256(json.dumps([result, locale, title], sort_keys=True, ensure_ascii=False,
                                    default=str).encode()).hexdigest()
    with _lock:
        data = _built.get(key)
        if data is not None:
            _built.move_to_end(key)
            return data
    data = build(result, locale, title)
    with _lock:
        _built[key] = data
        while len(_built) > CACHE_SIZE:
            _built.popitem(last=False)
    return data


def build(result: dict, locale: str, title: str) -> bytes:
    """A .docx of the translated result `result` (see present.result_dict); `title` names the draft."""
    def t(msgid, **params):
        return gettext(locale, msgid, **params)

    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(t(TITLE), level=0)
    doc.add_paragraph(title)
    note = doc.add_paragraph()
    note.add_run(result["disclaimer"]).bold = True
    doc.add_paragraph(result["assumption_note"])
    if result.get("text"):
        doc.add_paragraph(result["text"]["sentence"])

    entity = result["entity"]
    doc.add_heading(t(N_("Applying entity (article 3)")), level=1)
    doc.add_paragraph(" ".join(x for x in (entity["label"], entity.get("reason") or "", entity.get("path") or "") if x))

    if result.get("recommendation"):
        rec = result["recommendation"]
        doc.add_heading(t(N_("Which type suits you best")), level=1)
        doc.add_paragraph(rec["name"]).runs[0].bold = True
        for reason in rec["reasons"]:
            doc.add_paragraph(reason, style="List Bullet")

    if result["unmet"]:
        doc.add_heading(t(N_("Conditions not yet fully met")), level=1)
        for c in result["unmet"]:
            doc.add_paragraph(f'{c["label"]} ({c["answer_label"]}): {c["quote"]}', style="List Bullet")

    for type_result in result["types"]:
        doc.add_heading(type_result["name"], level=1)
        doc.add_paragraph(t(N_("Self-assessed total: %(total)s of %(max)s points"),
                            total=type_result["total_text"], max=type_result["maximum"])).runs[0].bold = True
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, (t(N_("First-level indicator")), t(N_("Points scored")),
                                                    t(N_("Printed maximum")))):
            cell.text = text
        for c in type_result["categories"]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = c["heading"], c["points_text"], str(c["maximum"])

        doc.add_heading(t(N_("Indicators ranked by points lost")), level=2)
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, (t(N_("Indicator")), t(N_("Your answer")), t(N_("Points scored")),
                                                    t(N_("Points lost")), t(N_("What would raise it")))):
            cell.text = text
        for i in type_result["indicators"]:
            cells = table.add_row().cells
            cells[0].text = f'{i["label"]} {i["text"]}'
            cells[1].text = i["answer_text"]
            cells[2].text = f'{i["points_text"]} / {i["points_max"]}'
            cells[3].text = i["lost_text"]
            cells[4].text = i["improvement"] or t(N_("Full points."))

        doc.add_heading(t(N_("Outline of the construction plan (article 9)")), level=2)
        for p in type_result["plan"]:
            para = doc.add_paragraph(style="List Number")
            para.add_run(p["title"] + ": ").bold = True
            para.add_run(p["hint"])
            for text in p["indicators"]:
                doc.add_paragraph(text, style="List Bullet 2")

    doc.add_heading(t(N_("Application materials (article 9)")), level=1)
    for m in result["materials"]["items"]:
        doc.add_paragraph("☐ " + m["title"])
    doc.add_paragraph(result["materials"]["quote"])

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
