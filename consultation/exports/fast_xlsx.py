"""XLSX rows written straight as XML into an openpyxl write-only sheet: the comment export's one
performance trick, kept in a module of its own because it patches openpyxl's private writer.

Why: openpyxl's write-only path builds, types and checks a Cell object per value, and for 100,000 rows ×
17 columns that is most of the export's time. Neither supported path holds the export's figures
(`bench/xlsx_writers.py`; figures and command in bench/README.md): openpyxl's documented write-only path
costs about 40 % more CPU, XlsxWriter's constant-memory mode about 15 % more. What it relies on: openpyxl
3.1.x (pinned in pyproject.toml) with lxml; without them `fast_rows` returns False and the export writes
cells as documented. The export is tested both ways (tests/office_io/test_formula_safety.py).
"""
from __future__ import annotations

from .xmltext import xml_text

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def fast_rows(ws) -> bool:
    """Serialise this write-only sheet's later rows directly: plain str/int/float values, one lxml element per row.

    openpyxl's write-only path builds, types and checks a Cell object per value; for
    100,000 rows × 17 columns that is most of the export's time. The rows of a
    comment sheet hold only strings and numbers, so they are written here as the
    same XML openpyxl writes (inline strings, numbers), without the characters XML
    cannot hold (`xmltext.xml_text`, as `cells.xlsx_cell`). Strings are always inline-string cells, never
    formulas: the same rule as `cells.xlsx_cell`. Falls back (returns False) if openpyxl's internals
    are not what this expects, e.g. without lxml (why it exists at all: the module's docstring).
    """
    try:
        from lxml.etree import Element, SubElement
        from openpyxl.utils import get_column_letter
        from openpyxl.xml import LXML

        ws._get_writer()
        writer = ws._writer
        if not LXML or not hasattr(writer, "write_row") or not hasattr(ws, "_values_to_row"):
            return False
    except (ImportError, AttributeError):
        return False
    letters = [get_column_letter(i) for i in range(1, 64)]

    def values_to_row(values, row_idx):
        return values

    def write_row(xf, values, row_idx):
        row = Element("row", r=str(row_idx))
        suffix = str(row_idx)
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                cell = SubElement(row, "c", r=letters[col] + suffix, t="inlineStr")
                t = SubElement(SubElement(cell, "is"), "t")
                if value != value.strip():
                    t.set(_XML_SPACE, "preserve")
                t.text = xml_text(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cell = SubElement(row, "c", r=letters[col] + suffix, t="n")
                SubElement(cell, "v").text = repr(value)
            else:
                raise TypeError(f"fast rows take str and numbers, not {type(value).__name__}")
        xf.write(row)

    ws._values_to_row = values_to_row
    writer.write_row = write_row
    return True
