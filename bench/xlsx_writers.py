"""The comment sheet's rows through three XLSX writers, CPU time per writer (the question of issue 20).

    .venv/bin/python bench/xlsx_writers.py [--rows 30000] [--rounds 2]

The same 18-column rows as the comment export (numbers, short labels, two long Chinese texts, a fifth of
the reasons empty) written and saved to memory by: openpyxl's write-only mode with the rows serialised
directly (`consultation.exports.fast_xlsx.fast_rows`, what the export uses), openpyxl's write-only mode as
documented (a cell object per value), and XlsxWriter's constant-memory mode (inline strings, written
with write_string / write_number so that no text becomes a formula). XlsxWriter is not a dependency of the
service: install it into the venv to include it (`pip install xlsxwriter`); it is skipped otherwise.
"""
from __future__ import annotations

import argparse
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook

from consultation.exports.fast_xlsx import fast_rows

WORDS = "建议 将 省级 开发区 扩展 为 各类 园区 覆盖 更多 创建 主体 PFLOPS 口径 需要 说明".split()


def make_rows(count: int) -> list[list]:
    rng = random.Random(1)
    return [[i, "art-3", "第三条", "".join(rng.choices(WORDS, k=40)), "修改", "".join(rng.choices(WORDS, k=30)),
             None if i % 5 == 0 else "".join(rng.choices(WORDS, k=20)), None, 6, "企业", "合肥某科技有限公司", "网页",
             "2025-12-01 10:00:00", "ABCD-EFGH-JKMN", None, None, None, None] for i in range(count)]


def openpyxl_write_only(rows, fast: bool) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("comments")
    ws.append(["header"] * 18)
    if fast:
        fast_rows(ws)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return len(out.getvalue())


def xlsxwriter_constant_memory(rows) -> int:
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    ws = wb.add_worksheet("comments")
    ws.write_row(0, 0, ["header"] * 18)
    for i, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(i, col, value)
            else:
                ws.write_number(i, col, value)
    wb.close()
    return len(out.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=30_000)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    rows = make_rows(args.rows)
    writers = {"openpyxl write-only, rows serialised directly (the export)": lambda: openpyxl_write_only(rows, True),
               "openpyxl write-only, as documented": lambda: openpyxl_write_only(rows, False)}
    try:
        import xlsxwriter  # noqa: F401
        writers["XlsxWriter constant_memory"] = lambda: xlsxwriter_constant_memory(rows)
    except ImportError:
        print("XlsxWriter not installed: skipped")
    for round_ in range(args.rounds):  # interleaved, so that each writer sees the same machine
        for name, write in writers.items():
            start = time.process_time()
            size = write()
            print(f"round {round_ + 1}  {name}: {time.process_time() - start:.2f} s CPU, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
