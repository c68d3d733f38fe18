"""Export timings on a large consultation (default 100,000 comments from 20,000 submissions).

    .venv/bin/python bench/exports.py                       # SQLite in a temporary directory
    .venv/bin/python bench/exports.py --db postgres         # a throw-away database on postgresql://127.0.0.1/
    .venv/bin/python bench/exports.py --runs 3 --formats xlsx,csv

Each run exports into a temporary file through the same functions `consult export` calls, in a fresh
session, and reports wall time and the file size. Target: XLSX under 15 s.
"""
from __future__ import annotations

import contextlib

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from bench.dataset import populate  # noqa: E402
from consultation.config import Settings  # noqa: E402
from consultation.db import scratch_database  # noqa: E402
from consultation.services import Services  # noqa: E402

OPEN_NOW = "2025-12-18T10:00:00+08:00"


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
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgresql://127.0.0.1/test")
    parser.add_argument("--submissions", type=int, default=20000)
    parser.add_argument("--comments-per", type=int, default=5)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--formats", default="xlsx,csv")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    scratch = contextlib.ExitStack()
    url = scratch.enter_context(scratch_database(args.db, tmp, args.pg_url, prefix="bench_exports"))
    try:
        services = Services(Settings.from_env(instance=tmp, database_url=url, secret_key="bench",
                                              consult_now=OPEN_NOW))
        t0 = time.perf_counter()
        info = populate(services, submissions=args.submissions, comments_per=args.comments_per)
        if args.db == "postgres":
            with services.engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()
        print(f"{args.db}: populated {info.submissions} submissions, {info.comments} comments "
              f"in {time.perf_counter() - t0:.1f} s", flush=True)
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
        services.engine.dispose()
    finally:
        scratch.close()


if __name__ == "__main__":
    main()
