"""Every spreadsheet export keeps typed text as text (OWASP CSV injection), read back with openpyxl and csv.

Each export is written through its real writer (and the CLI for `consult export`), then read back:
no cell is a formula (data_type "f"), XLSX text shows exactly as typed, CSV text that a spreadsheet
would run carries one leading apostrophe.
"""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from click.testing import CliRunner

from consultation.exports import cells, summary, tabular
from tests.conftest import set_now

from .conftest import make_submission
from .test_exports import cli_env

RISKY = ['=HYPERLINK("http://evil","x")', "-删除第三条。", "+1+2", "@SUM(A1:A9)", "=1+1"]


@pytest.fixture
def risky(services):
    set_now(services, "2025-11-20T09:00:00+08:00")
    make_submission(services, submitter={"category": "individual", "name": "=HYPERLINK(\"http://evil\",\"n\")",
                                         "organisation": "", "phone": "+8613800138000",
                                         "email": "a@example.com"},
                    comments=[{"target": "art-3", "kind": "amend", "proposal": text, "reason": "@理由",
                               "proposed_points": None} for text in RISKY])
    return RISKY


def _xlsx_cells(data: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_text_kept(data: bytes, expected):
    found = _xlsx_cells(data)
    assert not [c.coordinate for c in found if c.data_type == "f"]
    values = [c.value for c in found]
    for text in expected:
        assert text in values, text  # shown as typed, no apostrophe, not evaluated
        assert all(c.data_type == "s" for c in found if c.value == text)


@pytest.mark.parametrize("fast", [True, False], ids=["fast-rows", "openpyxl-rows"])
@pytest.mark.parametrize("with_contacts", [False, True])
def test_comments_xlsx_keeps_text_as_text(services, risky, monkeypatch, fast, with_contacts):
    if not fast:
        monkeypatch.setattr(tabular, "fast_rows", lambda ws: False)
    buffer = io.BytesIO()
    with services.session() as s:
        tabular.write_xlsx(s, services.consultation, buffer, with_contacts=with_contacts, now=services.now())
    _assert_text_kept(buffer.getvalue(), risky + ["@理由"] + (['=HYPERLINK("http://evil","n")'] if with_contacts
                                                              else []))


def test_summary_xlsx_keeps_text_as_text(services, risky):
    buffer = io.BytesIO()
    with services.session() as s:
        summary.write_summary_xlsx(s, services.consultation, buffer, now=services.now())
    found = _xlsx_cells(buffer.getvalue())
    assert not [c.coordinate for c in found if c.data_type == "f"]
    content = [c.value for c in found if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert content and all(c.data_type == "s" for c in found if c.value in content)


def test_comments_csv_prefixes_one_apostrophe(services, risky):
    stream = io.StringIO()
    with services.session() as s:
        tabular.write_csv(s, services.consultation, stream, with_contacts=True)
    fields = [f for row in csv.reader(io.StringIO(stream.getvalue())) for f in row]
    for text in risky + ["@理由", '=HYPERLINK("http://evil","n")']:
        assert "'" + text in fields and text not in fields
    # a phone number stays text: without the apostrophe a spreadsheet shows 8.61E+12 and drops the "+"
    assert "'+8613800138000" in fields and "+8613800138000" not in fields
    assert not [f for f in fields if cells.is_risky(f)]


def test_cli_summary_xlsx_and_exports_have_no_formula(services, risky, tmp_path):
    from commands import main

    env = cli_env(services, tmp_path)
    runner = CliRunner()
    for fmt in ("summary-xlsx", "xlsx", "csv"):
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(main, ["export", "--format", fmt, "--out", str(out)], env=env)
        assert result.exit_code == 0, result.output
        if fmt == "csv":
            with open(out, encoding="utf-8-sig", newline="") as f:
                fields = [x for row in csv.reader(f) for x in row]
            assert "'" + RISKY[0] in fields and RISKY[0] not in fields
        else:
            found = _xlsx_cells(out.read_bytes())
            assert not [c.coordinate for c in found if c.data_type == "f"]
            assert any(RISKY[0] in c.value for c in found if isinstance(c.value, str))


@pytest.mark.parametrize("value", ["=1", "+A1", "-A1", "@A1", "\t=1", "\r=1", "-删除", "+8613800138000", "-12"])
def test_every_formula_start_is_neutralised(value):
    assert cells.csv_value(value) == "'" + value
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("s")
    ws.append(cells.xlsx_row(ws, [value, 3]))
    buffer = io.BytesIO()
    wb.save(buffer)
    cell = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]["A1"]
    assert cell.data_type == "s" and cell.value == value


@pytest.mark.parametrize("value", ["普通意见", "", None, 5, -12])
def test_ordinary_values_are_left_alone(value):
    assert cells.csv_value(value) == value
