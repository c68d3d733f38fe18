"""One rule for every spreadsheet the service writes: text stays text, never a formula.

A comment is typed by anyone. A spreadsheet program runs a cell that starts with
= + - @ (or a tab or carriage return before one) as a formula, so a comment such as
=HYPERLINK("http://evil","x") would become a live link in the office's copy
(OWASP "CSV injection"). Every XLSX and CSV export goes through these functions:

- XLSX: a string is stored as an explicit string cell (data_type "s"), so it shows
  exactly as typed ("-删除……" stays "-删除……") and is never evaluated.
- CSV: a plain-text file has no cell types, so a risky value gets one leading
  apostrophe, as OWASP advises. A phone number such as +8613800138000 gets it too:
  not because it could be a formula, but because a spreadsheet program would read it
  as the number 8.61E+12 and drop the plus sign; with the apostrophe it stays text.
"""
from __future__ import annotations

from openpyxl.cell import WriteOnlyCell

from .xmltext import xml_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value) -> bool:
    """True for text a spreadsheet program could take as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value):
    """The value to hand to csv.writer: risky text gets a leading apostrophe."""
    return "'" + value if is_risky(value) else value


def csv_row(values) -> list:
    return [csv_value(v) for v in values]


def xlsx_cell(ws, value, *, font=None, alignment=None):
    """A write-only cell; a string is always a string cell, whatever it starts with, holding what XML can
    (`xmltext.xml_text`)."""
    cell = WriteOnlyCell(ws)
    if isinstance(value, str):
        cell._value = xml_text(value)  # bypass openpyxl's guess, which makes "=..." a formula
        cell.data_type = "s"
    else:
        cell.value = value
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def xlsx_row(ws, values) -> list:
    """A row for ws.append: strings as string cells, other values (numbers, None) as they are."""
    return [xlsx_cell(ws, v) if isinstance(v, str) else v for v in values]
