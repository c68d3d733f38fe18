"""Measure the answer engine on the evaluation questions: python -m guidance.evaluate [--baseline] [-v].

Prints, for the tuned part, the held-out part and all questions: top-1 and top-3 citation accuracy
(over the questions that expect references and are not declined), verdict accuracy (over the
eligibility questions) and decline accuracy (over every question: declined exactly when expected).
--baseline [parts|articles] scores plain BM25 (jieba tokens, no lexicon, no question types, no rules),
answering with its best document and never declining: over every citable part (articles, items, rows,
notice, explanation), or over whole articles and tables (a hit when the expected part is in the article).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "eval_questions.yaml"


@dataclass
class Scores:
    n: int = 0
    top1: int = 0
    top3: int = 0
    n_cite: int = 0
    verdict: int = 0
    n_verdict: int = 0
    decline: int = 0

    def add(self, other: "Scores") -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def figures(self) -> dict[str, float]:
        ratio = lambda a, b: a / b if b else 1.0
        return {"top1": ratio(self.top1, self.n_cite), "top3": ratio(self.top3, self.n_cite),
                "verdict": ratio(self.verdict, self.n_verdict), "decline": ratio(self.decline, self.n)}


def load_questions(path: Path = DATA) -> list[dict]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in items:
        unknown = set(item) - {"q", "refs", "verdict", "declined", "split"}
        if unknown or "q" not in item or item.get("split") not in ("tune", "heldout"):
            raise ValueError(f"bad evaluation question {item!r}")
    return items


def score_one(item: dict, refs: list[str], verdict, declined: bool) -> Scores:
    s = Scores(n=1)
    expect_decline = bool(item.get("declined"))
    s.decline = int(declined == expect_decline)
    if item.get("verdict"):
        s.n_verdict = 1
        s.verdict = int(verdict == item["verdict"])
    if item.get("refs") and not expect_decline:
        s.n_cite = 1
        s.top1 = int(bool(refs) and refs[0] in item["refs"])
        s.top3 = int(any(r in item["refs"] for r in refs[:3]))
    return s


def _article_of(ref: str) -> str:
    """The article (or annex table) a reference belongs to: art-6.2.1 -> art-6, annex-1/11 -> annex-1."""
    if ref.startswith("art-"):
        return ref.split(".")[0]
    return ref.split("/")[0]


def baseline_answerer(granularity: str = "parts"):
    import bm25s

    from consultation.document import get_consultation

    from .text import normalise, tokens

    c = get_consultation()
    if granularity == "articles":
        refs = [r for r, n in c.nodes.items() if n.kind in ("article", "annex", "notice", "explanation")]
        text = lambda r: c.quote(r) + ("\n" + "\n".join(n.text for n in c.annex_rows(c.node(r).annex))
                                       if c.node(r).kind == "annex" else "")
    else:
        refs = [r for r, n in c.nodes.items()
                if n.kind in ("article", "item", "subitem", "row", "notice", "explanation")]
        text = c.quote
    corpus = [list(tokens(normalise(text(r)))) or ["_"] for r in refs]
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    vocab = {t for d in corpus for t in d}

    def run(question: str):
        q = [t for t in tokens(normalise(question)) if t in vocab]
        if not q:
            return [], None, False
        scores = retriever.get_scores(q)
        order = scores.argsort()[::-1][:3]
        return [refs[i] for i in order], None, False

    return run


def engine_answerer():
    from .answer import answer

    def run(question: str):
        a = answer(question)
        return [c["ref"] for c in a.citations], a.verdict, a.declined

    return run


def evaluate(baseline: bool | str = False, verbose: bool = False, out=None) -> dict[str, dict[str, float]]:
    """baseline: False (the engine), "parts" (plain BM25 over every citable part) or "articles" (plain BM25
    over whole articles and tables, a hit when the expected part lies in the article it returns)."""
    out = out or sys.stdout
    if baseline is True:
        baseline = "parts"
    run = baseline_answerer(baseline) if baseline else engine_answerer()
    parts = {"tune": Scores(), "heldout": Scores()}
    for item in load_questions():
        refs, verdict, declined = run(item["q"])
        if baseline == "articles" and item.get("refs"):
            item = dict(item, refs=sorted({_article_of(r) for r in item["refs"]}))
        s = score_one(item, refs, verdict, declined)
        parts[item["split"]].add(s)
        if verbose and (s.decline < 1 or (s.n_cite and not s.top1) or (s.n_verdict and not s.verdict)):
            print(f"MISS [{item['split']}] {item['q']!r}: got {refs[:3]} verdict={verdict} declined={declined}; "
                  f"want {item.get('refs')} verdict={item.get('verdict')} declined={bool(item.get('declined'))}",
                  file=out)
    total = Scores()
    total.add(parts["tune"])
    total.add(parts["heldout"])
    result = {"tune": parts["tune"].figures(), "heldout": parts["heldout"].figures(), "all": total.figures()}
    title = f"plain BM25 baseline over {baseline}" if baseline else "answer engine"
    print(f"{title}: {total.n} questions ({parts['tune'].n} tuned, {parts['heldout'].n} held out)", file=out)
    for name in ("tune", "heldout", "all"):
        f = result[name]
        print(f"  {name:8s} top-1 {f['top1']:.3f}  top-3 {f['top3']:.3f}  verdict {f['verdict']:.3f}  "
              f"decline {f['decline']:.3f}", file=out)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", nargs="?", const="parts", choices=["parts", "articles"],
                        help="score plain BM25 instead: over every citable part (default) or over whole articles")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the questions answered wrongly")
    args = parser.parse_args(argv)
    evaluate(baseline=args.baseline, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
