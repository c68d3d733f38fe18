"""Extract, update and check the per-area Babel catalogs.

    python tools/i18n.py update AREA   # extract AREA's messages, merge into zh_CN and en
    python tools/i18n.py check         # fail on any untranslated or fuzzy zh_CN message, on ASCII
                                       # punctuation next to Chinese in a zh_CN message, or on one
                                       # message id translated differently by two areas
    python tools/i18n.py fix-punctuation  # make that punctuation full-width in every zh_CN catalog

Each area (core, guidance, bot, office, ...) has locales/AREA/babel.cfg naming
its sources (paths relative to the repository root). Message ids are English;
the zh_CN catalog is translated by hand, the en catalog is filled with the ids.
"""
from __future__ import annotations

import re
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


# Chinese UI text takes full-width punctuation (，：；（）？！): STYLE.md, GB/T 15834. A placeholder such
# as %(max)d is not punctuation, but one with Chinese beside it counts as Chinese text; ASCII marks between Latin letters or digits (10:00, e.g., URLs) are fine.
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—]")
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]|\{[^{}]*\}")


def ascii_punctuation(text: str) -> list[int]:
    """Positions of ASCII , : ; ( ) ? ! next to Chinese text (spaces skipped); a parenthesis counts
    when either one of its pair does, so both become full-width together."""
    masked = _PLACEHOLDER.sub(lambda m: "\0" * len(m.group()), text)

    def neighbour(i, step):
        i += step
        while 0 <= i < len(masked) and masked[i] == " ":
            i += step
        return masked[i] if 0 <= i < len(masked) else ""

    # A placeholder (or a run of them) with Chinese beside it stands for Chinese text ("共%(n)d条",
    # "提交人%(name)s"): a mark next to it is Chinese punctuation too ("%(name)s(%(org)s)").
    chinese = set()
    for run in re.finditer("\0+", masked):
        if any(_CJK.match(n) for n in (neighbour(run.start(), -1), neighbour(run.end() - 1, 1)) if n):
            chinese.update(range(run.start(), run.end()))

    def is_chinese(i, step):
        i += step
        while 0 <= i < len(masked) and masked[i] == " ":
            i += step
        return 0 <= i < len(masked) and (i in chinese or bool(_CJK.match(masked[i])))

    flagged = {i for i, ch in enumerate(masked) if ch in FULL_WIDTH and (is_chinese(i, -1) or is_chinese(i, 1))}
    stack, pairs = [], []
    for i, ch in enumerate(masked):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs.append((stack.pop(), i))
    for left, right in pairs:
        inside = _CJK.search(masked, left + 1, right) is not None
        if inside or left in flagged or right in flagged:
            flagged |= {left, right}
    return sorted(flagged)


def full_width(text: str) -> str:
    """`text` with its flagged ASCII punctuation full-width, dropping the spaces around it (repeated:
    a mark made full-width may put its ASCII neighbour next to Chinese, as in （…）:)."""
    fixed = _full_width_once(text)
    while fixed != text:
        text, fixed = fixed, _full_width_once(fixed)
    return fixed


def _full_width_once(text: str) -> str:
    flagged = set(ascii_punctuation(text))
    out, dropping = [], False
    for i, ch in enumerate(text):
        if i in flagged:
            while out and out[-1] == " ":
                out.pop()
            out.append(FULL_WIDTH[ch])
            dropping = True
        elif ch == " " and dropping:
            continue
        else:
            out.append(ch)
            dropping = False
    return "".join(out)


def _zh_catalogs():
    return sorted(LOCALES.glob("*/zh_CN/LC_MESSAGES/messages.po"))


def _strings(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def fix_punctuation() -> int:
    changed = 0
    for po in _zh_catalogs():
        with po.open("rb") as f:
            catalog = read_po(f)
        touched = False
        for message in catalog:
            if not message.id:
                continue
            strings = _strings(message)
            fixed = tuple(full_width(s) for s in strings)
            if fixed != strings:
                message.string = fixed if isinstance(message.string, tuple) else fixed[0]
                changed += 1
                touched = True
        if touched:
            # Written back as it was wrapped (babel's 76 columns, or unwrapped), so only msgstr lines change.
            wrapped = max(len(line) for line in po.read_text(encoding="utf-8").splitlines()) <= 80
            with po.open("wb") as f:
                write_po(f, catalog, width=76 if wrapped else 0, omit_header=False)
    print(f"{changed} message(s) made full-width")
    return 0


def check() -> int:
    problems = []
    for po in sorted(LOCALES.glob("*/*/LC_MESSAGES/messages.po")):
        with po.open("rb") as f:
            catalog = read_po(f)
        chinese = po.parent.parent.name == "zh_CN"
        for message in catalog:
            if not message.id:
                continue
            strings = _strings(message)
            if not all(strings):
                problems.append(f"{po.relative_to(ROOT)}: untranslated {message.id!r}")
            elif message.fuzzy:
                problems.append(f"{po.relative_to(ROOT)}: fuzzy {message.id!r}")
            elif chinese and any(ascii_punctuation(s) for s in strings):
                bad = next(s for s in strings if ascii_punctuation(s))
                problems.append(f"{po.relative_to(ROOT)}: ASCII punctuation next to Chinese in {bad!r} "
                                f"(use ，：；（）？！; tools/i18n.py fix-punctuation)")
    problems += _conflicts()
    for p in problems:
        print(p)
    return 1 if problems else 0


def _conflicts() -> list[str]:
    """The areas' catalogs are merged into one per locale, so a message id has one translation
    everywhere: two areas translating it differently would show whichever merges last."""
    seen: dict[tuple[str, str], tuple[str, tuple]] = {}
    problems = []
    for po in sorted(LOCALES.glob("*/*/LC_MESSAGES/messages.po")):
        area, locale = po.parts[-4], po.parts[-3]
        with po.open("rb") as f:
            catalog = read_po(f)
        for message in catalog:
            if not message.id:
                continue
            key = (locale, message.id if isinstance(message.id, str) else message.id[0])
            strings = tuple(_strings(message))
            if key in seen and seen[key][1] != strings:
                problems.append(f"{locale}: {key[1]!r} is {seen[key][1]!r} in {seen[key][0]} "
                                f"but {strings!r} in {area}")
            seen.setdefault(key, (area, strings))
    return problems


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "update":
        update(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "check":
        sys.exit(check())
    elif len(sys.argv) == 2 and sys.argv[1] == "fix-punctuation":
        sys.exit(fix_punctuation())
    else:
        print(__doc__)
        sys.exit(2)
