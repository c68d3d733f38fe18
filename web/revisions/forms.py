"""Reading the article and annex-table forms into what consultation.revisions.editing takes, and back.

Each form slot keeps the reference it was opened with ("from"); a slot marked for removal, or a blank new
slot, is left out. The domain numbers what is left, so its error fields are mapped back to the slots.
"""
from __future__ import annotations

import re

from consultation.document import Consultation
from consultation.i18n import N_

from ..params import BadParameter

INCOMPLETE = N_("The form arrived incomplete: %(name)s is missing. Nothing was saved; reload the page and make "
                "your change again.")


def _slots(form, prefix: str, marker: str, limit: int) -> list[int]:
    """The slot numbers the form holds under `prefix` (rows-0-…, rows-1-…), each of which must carry its
    `marker` field (the hidden reference it was opened with). A browser always sends it; a post without it
    (or with more slots than a page shows) is refused whole, never read up to the gap: what follows a gap,
    or a slot whose reference is missing, would be lost in silence."""
    pattern = re.compile(re.escape(prefix) + r"-(\d+)-")
    found = sorted({int(m.group(1)) for key in form.keys() if (m := pattern.match(key)) and len(m.group(1)) < 6})
    for i in found:
        if i >= limit or f"{prefix}-{i}-{marker}" not in form:
            raise BadParameter(f"{prefix}-{i}-{marker}", INCOMPLETE)
    return found


def require_every_part(slots: list[dict], refs: list[str], version: int | None, current: int) -> None:
    """Every part the page showed comes back in the form (to keep or, ticked, to remove), under the
    reference it was opened with: a form that leaves one out, or empties its reference, would remove the
    part, or turn it into a new one that loses its comments, in silence. A form opened before another save
    is left to the domain's own answer (reload and make the change again)."""
    if version is not None and version != current:
        return
    posted = {slot["from"] for slot in slots} | {sub["from"] for slot in slots for sub in slot.get("items", [])}
    for ref in refs:
        if ref not in posted:
            raise BadParameter(ref, INCOMPLETE)


def article_model(text: Consultation, number: int) -> dict:
    """The form's values for article `number` of the revision (one blank slot for a new item, and for a
    new sub-item under each item)."""
    node = text.node(f"art-{number}")
    items = []
    for i_ref in node.children:
        item = text.node(i_ref)
        subs = [{"from": s, "text": text.node(s).text, "remove": False} for s in item.children]
        subs.append({"from": "", "text": "", "remove": False})
        items.append({"from": i_ref, "text": item.text, "items": subs, "remove": False})
    items.append({"from": "", "text": "", "items": [{"from": "", "text": "", "remove": False}], "remove": False})
    return {"title": node.title or "", "text": node.text, "items": items}


def read_article(form) -> tuple[dict, list[dict], dict]:
    """(model to show again, items for the domain, domain field -> form field id)."""
    model = {"title": form.get("title", ""), "text": form.get("text", ""), "items": []}
    items, where = [], {"text": "text", "items": "items-0-text"}
    for i in _slots(form, "items", "from", 50):
        slot = {"from": form.get(f"items-{i}-from", ""), "text": form.get(f"items-{i}-text", ""),
                "remove": bool(form.get(f"items-{i}-remove")), "items": []}
        subs = []
        for k in _slots(form, f"items-{i}", "from", 50):
            sub = {"from": form.get(f"items-{i}-{k}-from", ""), "text": form.get(f"items-{i}-{k}-text", ""),
                   "remove": bool(form.get(f"items-{i}-{k}-remove"))}
            slot["items"].append(sub)
            if not sub["remove"] and (sub["from"] or sub["text"].strip()):
                subs.append({"from": sub["from"], "text": sub["text"]})
                where[f"items-{len(items) + 1}-{len(subs)}"] = f"items-{i}-{k}-text"
        model["items"].append(slot)
        if not slot["remove"] and (slot["from"] or slot["text"].strip() or subs):
            items.append({"from": slot["from"], "text": slot["text"], "items": subs})
            where[f"items-{len(items)}"] = f"items-{i}-text"
    return model, items, where


def annex_model(text: Consultation, number: int, blanks: int = 2) -> dict:
    annex = text.annexes[number - 1]
    rows = [{"from": n.ref, "number": n.row, "category": n.category, "group": n.group, "indicator": n.text,
             "method": n.method, "points": n.points, "remove": False} for n in text.annex_rows(number)]
    rows += [{"from": "", "number": "", "category": "", "group": "", "indicator": "", "method": "", "points": "",
              "remove": False} for _ in range(blanks)]
    return {"categories": [{"name": c.name, "heading": c.heading, "points": c.points} for c in annex.categories],
            "rows": rows}


ROW_FIELDS = ("number", "category", "group", "indicator", "method", "points")


def read_annex(form) -> tuple[dict, list[dict], list[dict], dict]:
    """(model to show again, categories, rows for the domain, domain field -> form field id)."""
    model = {"categories": [], "rows": []}
    categories, rows, where = [], [], {"rows": "rows-0-number"}
    for k in _slots(form, "categories", "name", 20):
        cat = {"name": form.get(f"categories-{k}-name", ""), "heading": form.get(f"categories-{k}-heading", ""),
               "points": form.get(f"categories-{k}-points", "")}
        model["categories"].append(cat)
        categories.append(cat)
        where[f"categories-{k}-heading"] = f"categories-{k}-heading"
        where[f"categories-{k}-points"] = f"categories-{k}-points"
    for i in _slots(form, "rows", "from", 200):
        slot = {"from": form.get(f"rows-{i}-from", ""), "remove": bool(form.get(f"rows-{i}-remove"))}
        slot.update({f: form.get(f"rows-{i}-{f}", "") for f in ROW_FIELDS})
        model["rows"].append(slot)
        blank = not slot["from"] and not any(str(slot[f]).strip() for f in ROW_FIELDS)
        if not slot["remove"] and not blank:
            n = len(rows)
            rows.append({k2: v for k2, v in slot.items() if k2 != "remove"})
            where[f"rows-{n}"] = f"rows-{i}-number"
            for f in ROW_FIELDS:
                where[f"rows-{n}-{f}"] = f"rows-{i}-{f}"
    return model, categories, rows, where
