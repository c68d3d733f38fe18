"""Revised-text timings: a revision that rewords every indicator row and article of the draft.

    .venv/bin/python bench/revisions.py                 # SQLite in a temporary directory
    .venv/bin/python bench/revisions.py --db postgres   # a throw-away database on postgresql://127.0.0.1/

Measures, in-process: saving one annex table (the loader's checks, the audit entry), building the
comparison table of every change (diffs included; first from a cold cache, then warm) and writing it as DOCX.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consultation.config import Settings
from consultation.db import scratch_database
from consultation.revisions import comparison, editing
from consultation.revisions.docx_export import write_comparison_docx
from consultation.services import Services

AFTER = "2026-01-10T10:00:00+08:00"


def ms(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgresql://127.0.0.1/test")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-revisions-"))
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(scratch_database(args.db, tmp, args.pg_url, prefix="bench_revisions"))
        svc = Services(Settings.from_env(instance=tmp, database_url=url, secret_key="bench", consult_now=AFTER))
        draft = svc.consultation
        with svc.session() as s:
            rev = editing.start(s, draft, actor="bench", now=svc.now())
            for annex in rev.content["annexes"]:
                n = annex["number"]
                rows = [{"from": f"annex-{n}/{r['number']}", **r, "indicator": r["indicator"] + "(修订)"}
                        for r in annex["rows"]]
                editing.save_rows(s, draft, rev, n, categories=[], rows=rows, actor="bench", now=svc.now())
            for chapter in rev.content["document"]["chapters"]:
                for article in chapter["articles"]:
                    items = [{"from": f"art-{article['number']}.{i}", "text": it["text"] + "(修订)",
                              "items": [{"from": f"art-{article['number']}.{i}.{k}", "text": sub["text"]}
                                        for k, sub in enumerate(it["items"], start=1)]}
                             for i, it in enumerate(article["items"], start=1)]
                    editing.save_article(s, draft, rev, article["number"], title=article.get("title"),
                                         text=article["text"] + "本条修订。", items=items, actor="bench",
                                         now=svc.now())
            s.commit()
            rows2 = [{"from": f"annex-2/{r['number']}", **r} for r in rev.content["annexes"][1]["rows"]]

            def save():
                editing.save_rows(s, draft, rev, 2, categories=[], rows=rows2, actor="bench", now=svc.now())
                s.rollback()

            def cold():
                comparison._cache.clear()
                return comparison.table(s, draft, rev)

            changes = len(cold())
            results = {
                "save one annex table (29 rows)": ms(save, args.runs),
                f"comparison table, {changes} changes, cold": ms(cold, args.runs),
                f"comparison table, {changes} changes, warm": ms(lambda: comparison.table(s, draft, rev), args.runs),
                f"DOCX of {changes} changes": ms(lambda: write_comparison_docx(
                    comparison.table(s, draft, rev), draft, rev.number, rev.status, io.BytesIO()), args.runs),
            }
    for name, (median, worst) in results.items():
        print(f"{name}: median {median:.0f} ms, max {worst:.0f} ms")


if __name__ == "__main__":
    main()
