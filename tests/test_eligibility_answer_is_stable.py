"""The same question gets the same answer in every process.

Python's string hashes are keyed per process (PYTHONHASHSEED), so anything built from a set's order can
change between the web's workers, between the bots and the web, and between a test run and the next: a body
placed in two provinces was named "安徽省、上海市" by one worker and "上海市、安徽省" by another.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Places in two provinces (a place conflict), and one in another province only, in my own wording.
QUESTIONS = [
    "我们园区是江苏和安徽两地共建的，地块在安徽境内，但管委会设在江苏，级别说不清，能申报吗？",
    "本单位位于浙江湖州，与安徽广德的开发区合作很多，我们能报吗？",
]

PROGRAM = """
import json, sys
from guidance.answer import answer
print(json.dumps([[a.answer, a.verdict] for a in map(answer, json.loads(sys.argv[1]))], ensure_ascii=False))
"""


def _answers(seed: str) -> str:
    import json

    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", PROGRAM, json.dumps(QUESTIONS, ensure_ascii=False)], env=env,
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def test_answers_do_not_depend_on_the_hash_seed():
    first = _answers("1")
    assert "视情况而定" in first  # the place conflict is answered as such
    for seed in ("2", "3", "4"):
        assert _answers(seed) == first, f"PYTHONHASHSEED={seed} answered otherwise"
