"""Extract, update and check the per-area Babel catalogs.

    python tools/i18n.py update AREA   # extract AREA's messages, merge into zh_CN and en
    python tools/i18n.py check         # fail on any untranslated or fuzzy zh_CN message

Each area (core, guidance, bot, office, ...) has locales/AREA/babel.cfg naming
its sources (paths relative to the repository root). Message ids are English;
the zh_CN catalog is translated by hand, the en catalog is filled with the ids.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"


def update(area: str) -> None:
    area_dir = LOCALES / area
    cfg = area_dir / "babel.cfg"
    pot = area_dir / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(cfg),
                    "-k", "_l", "-k", "N_", "--no-location", "--omit-header", "--sort-output",
                    "-o", str(pot), "."], cwd=ROOT, check=True)
    for locale in ("zh_CN", "en"):
        po = area_dir / locale / "LC_MESSAGES" / "messages.po"
        cmd = "update" if po.exists() else "init"
        args = [sys.executable, "-m", "babel.messages.frontend", cmd, "-i", str(pot), "-d", str(area_dir),
                "-l", locale]
        if cmd == "update":
            args += ["--no-fuzzy-matching", "--ignore-obsolete"]
        subprocess.run(args, cwd=ROOT, check=True)
        if locale == "en":
            with po.open("rb") as f:
                catalog = read_po(f, locale="en")
            for message in catalog:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.id and not all(strings):
                    message.string = message.id
            with po.open("wb") as f:
                write_po(f, catalog, width=0, omit_header=False)


def check() -> int:
    problems = []
    for po in sorted(LOCALES.glob("*/*/LC_MESSAGES/messages.po")):
        with po.open("rb") as f:
            catalog = read_po(f)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                problems.append(f"{po.relative_to(ROOT)}: untranslated {message.id!r}")
            elif message.fuzzy:
                problems.append(f"{po.relative_to(ROOT)}: fuzzy {message.id!r}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "update":
        update(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "check":
        sys.exit(check())
    else:
        print(__doc__)
        sys.exit(2)
