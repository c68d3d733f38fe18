"""Office timings on a large consultation (default 100,000 comments from 20,000 submissions).

    .venv/bin/python bench/office.py                 # SQLite in a temporary directory
    .venv/bin/python bench/office.py --db postgres   # a throw-away database on postgresql://127.0.0.1/

Measures duplicate grouping of every comment (regroup: shingles, MinHash/LSH, Jaccard, linkage, store):
in this process, then as the office runs it (`consult regroup` in a process of its own: wall time
and that process's peak memory, RSS, which includes the app's imports); then, through the Flask test client logged in as a viewer and warm (one request first), the dashboard
and node views: the busiest article, the busiest annex row, and a full-text search on the busiest article.
Targets: grouping < 60 s; each page < 300 ms.
"""
from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text

from bench.dataset import OPEN_NOW, large_consultation, large_consultation_options
from consultation.models import Comment

PASSWORD = "quiet harbour lantern 1987"


def timed_get(client, path, runs):
    client.get(path)  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def main(argv=None):
    args = large_consultation_options(__doc__, runs=5).parse_args(argv)

    with large_consultation(args, "office") as large:
        services, info, tmp, url = large.services, large.populated, large.folder, large.url
        print(f"{args.db}: populated {info.submissions} submissions, {info.comments} comments "
              f"({info.campaigns} campaigns) in {large.seconds:.1f} s", flush=True)

        from consultation.office.accounts import create_account
        from consultation.office.duplicates import regroup

        with services.session() as s:
            create_account(s, "bench", PASSWORD, "viewer", actor="bench")
            start = time.perf_counter()
            groups = regroup(s, services.consultation.id, actor="bench")
            s.commit()
            took = time.perf_counter() - start
        in_campaign_groups = sum(len(g) for g in groups)
        print(f"{args.db} regroup: {len(groups)} groups, {in_campaign_groups} comments grouped "
              f"(campaign comments generated: {info.campaign_comments}) in {took:.1f} s", flush=True)
        # The command the office runs, in its own process: its wall time and peak memory. The groups are
        # retired first (never deleted), so it regroups everything again rather than keeping them.
        from consultation.office.models import DuplicateGroup, GroupMember

        with services.session() as s:
            s.execute(GroupMember.__table__.delete())
            s.execute(DuplicateGroup.__table__.update().values(dissolved_at=dt.datetime.now(dt.timezone.utc)))
            s.commit()
        env = dict(os.environ, DATABASE_URL=url, CONSULT_INSTANCE=str(tmp), SECRET_KEY="bench", CONSULT_NOW=OPEN_NOW)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", "import sys; from commands import main; sys.exit(main())",
                               "regroup"], env=env, capture_output=True, text=True, check=True,
                              cwd=Path(__file__).resolve().parent.parent)
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{args.db} consult regroup: {done.stdout.strip()} in {took:.1f} s, peak RSS {peak:.0f} MB", flush=True)
        if args.db == "postgres":
            with services.engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()

        with services.session() as s:
            counts = dict(s.execute(select(Comment.target_ref, func.count()).group_by(Comment.target_ref)).all())
        article = max((r for r in counts if r.startswith("art-") and "." not in r), key=counts.get)
        row = max((r for r in counts if "/" in r), key=counts.get)

        from web import create_app

        app = create_app(services, TESTING=True, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
        client = app.test_client()
        assert client.post("/office/login", data={"username": "bench", "password": PASSWORD}).status_code == 302
        pages = [("dashboard", "/office/"), ("dashboard sorted", "/office/?sort=merged"),
                 (f"node {article} ({counts[article]} comments)", f"/office/node/{article}"),
                 (f"node {row} ({counts[row]} comments)", f"/office/node/{row}"),
                 (f"node {article} search", f"/office/node/{article}?search=统计口径"),
                 ("summary data (API dashboard)", "/api/v1/office/dashboard")]
        for name, path in pages:
            if path.startswith("/api/"):
                continue
            times = timed_get(client, path, args.runs)
            print(f"{args.db} {name}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms", flush=True)


if __name__ == "__main__":
    main()
