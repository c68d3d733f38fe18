"""A blind listing of an evaluation set's misses names each by number, kind, language and length, never by its
words: how the misses of a set that must not be read for tuning are counted (bench/README.md)."""
from __future__ import annotations

import io

import yaml

from guidance.evaluate import evaluate

QUESTION = "宿松县想申报深度应用示范区，需要满足哪些条件？"


def test_blind_misses_never_show_the_question_or_the_answer(tmp_path):
    (tmp_path / "sets.yaml").write_text(yaml.safe_dump({"sets": [
        {"name": "hidden", "file": "hidden.yaml", "role": "evaluation", "source": "test"}]}), encoding="utf-8")
    # Expected at a part the answer never cites, with a fact it never states: a miss on both counts.
    (tmp_path / "hidden.yaml").write_text(yaml.safe_dump(
        [{"q": QUESTION, "refs": ["annex-3/21"], "facts": ["不会出现的事实"], "kind": "fact"}], allow_unicode=True),
        encoding="utf-8")
    out = io.StringIO()
    evaluate(eval_dir=tmp_path, blind=True, variants=("simplified",), out=out)
    listing = out.getvalue()
    assert "MISS [hidden simplified] #0 kind=fact lang=zh chars=%d" % len(QUESTION) in listing
    assert "want ['annex-3/21']" in listing and "facts=missing" in listing
    assert "宿松" not in listing and "深度应用" not in listing  # neither the question's words nor the answer's
