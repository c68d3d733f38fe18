"""The office dashboard's three count queries alone, on a 100,000-comment SQLite file (CPU and wall, best of 3).

    .venv/bin/python bench/office_counts.py            # builds the data set with bench/dataset.populate

They read comments whose submission was not withdrawn (consultation.amendments.comment_considered):
figures in bench/README.md, section "Office".
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    folder = tempfile.mkdtemp(prefix="bench-office-counts-")
    os.environ.update(CONSULT_INSTANCE=folder, DATABASE_URL=f"sqlite:///{folder}/bench.db")
    from bench.dataset import populate
    from consultation.office import dashboard
    from consultation.services import Services

    services = Services()
    populate(services)
    cid = services.consultation.id
    for name, count in (("totals", dashboard.totals), ("node_counts", dashboard.node_counts),
                        ("progress", dashboard.progress)):
        best = None
        for _ in range(3):
            with services.session() as s:
                wall, cpu = time.perf_counter(), time.process_time()
                count(s, cid)
                run = (time.process_time() - cpu, time.perf_counter() - wall)
            best = min(best or run, run)
        print(f"{name}: CPU {best[0] * 1000:.0f} ms, wall {best[1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
