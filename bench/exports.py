"""Export timings on a large consultation (default 100,000 comments from 20,000 submissions).

    .venv/bin/python bench/exports.py                       # SQLite in a temporary directory
    .venv/bin/python bench/exports.py --db postgres         # a throw-away database on postgresql://127.0.0.1/
    .venv/bin/python bench/exports.py --runs 3 --formats xlsx,csv

Each run exports into a temporary file through the same functions `consult export` calls, in a fresh
session, and reports wall time and the file size. Target: XLSX under 15 s.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bench.dataset import large_consultation, large_consultation_options


def export(fmt, services, path):
    from consultation.exports import archive, summary, tabular

    with services.session() as s:
        c = services.consultation
        if fmt in ("csv", "json"):
            with open(path, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as f:
                if fmt == "csv":
                    return tabular.write_csv(s, c, f)
                return archive.export_json(s, c, f, now=services.now())
        with open(path, "wb") as f:
            if fmt == "xlsx":
                return tabular.write_xlsx(s, c, f, now=services.now())
            if fmt == "xlsx-contacts":
                return tabular.write_xlsx(s, c, f, now=services.now(), with_contacts=True)
            if fmt == "summary-xlsx":
                return summary.write_summary_xlsx(s, c, f, now=services.now())
            if fmt == "summary-docx":
                return summary.write_summary_docx(s, c, f, now=services.now())
    raise ValueError(fmt)


def main(argv=None):
    parser = large_consultation_options(__doc__, runs=2)
    parser.add_argument("--formats", default="xlsx,csv")
    args = parser.parse_args(argv)

    with large_consultation(args, "exports") as large:
        services, info, tmp = large.services, large.populated, large.folder
        if args.db == "postgres":
            with services.engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()
        print(f"{args.db}: populated {info.submissions} submissions, {info.comments} comments "
              f"in {large.seconds:.1f} s", flush=True)
        for fmt in args.formats.split(","):
            times = []
            for run in range(args.runs):
                out = tmp / f"out-{run}.{fmt.split('-')[-1] if fmt != 'xlsx-contacts' else 'xlsx'}"
                start = time.perf_counter()
                rows = export(fmt, services, out)
                times.append(time.perf_counter() - start)
                size = os.path.getsize(out)
                out.unlink()
            print(f"{args.db} {fmt}: {rows} rows, {size / 1e6:.1f} MB, runs "
                  f"{', '.join(f'{t:.2f}' for t in times)} s (median {statistics.median(times):.2f} s)", flush=True)


if __name__ == "__main__":
    main()
