"""Measure the answer engine on the evaluation sets: python -m guidance.evaluate [--set NAME] [-v].

The sets and their roles (tuning / evaluation) are listed in guidance/data/eval/sets.yaml. For each set,
and for the same questions converted to traditional characters (OpenCC s2t), it prints: top-1 and top-3
citation accuracy (a citation of an expected part or of a part inside it counts), verdict accuracy and
the count of false "eligible" verdicts (the worst error: "eligible" where the expected verdict is anything
else, or where no verdict was expected), decline accuracy (declined exactly when expected) and the share
of fact questions whose answer text contains every expected fact.
--baseline [parts|articles] scores plain BM25 (jieba tokens, no lexicon, no rules) instead, answering
with its best document and never declining.
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import yaml

EVAL_DIR = Path(__file__).parent / "data" / "eval"
ITEM_KEYS = {"q", "refs", "verdict", "declined", "facts", "kind", "split"}
VARIANTS = ("simplified", "traditional")


@dataclass
class Scores:
    n: int = 0
    top1: int = 0
    top3: int = 0
    n_cite: int = 0
    verdict: int = 0
    n_verdict: int = 0
    false_eligible: int = 0
    decline: int = 0
    facts: int = 0
    n_facts: int = 0

    def add(self, other: "Scores") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def figures(self) -> dict[str, float]:
        ratio = lambda a, b: a / b if b else 1.0  # noqa: E731
        return {"n": self.n, "top1": ratio(self.top1, self.n_cite), "top3": ratio(self.top3, self.n_cite),
                "verdict": ratio(self.verdict, self.n_verdict), "false_eligible": self.false_eligible,
                "decline": ratio(self.decline, self.n), "facts": ratio(self.facts, self.n_facts)}


def load_sets(eval_dir: Path = EVAL_DIR) -> list[dict]:
    return yaml.load((eval_dir / "sets.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["sets"]


def load_questions(path: Path) -> list[dict]:
    items = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []
    for item in items:
        unknown = set(item) - ITEM_KEYS
        if unknown or not isinstance(item.get("q"), str) or item.get("split") not in (None, "tune", "heldout"):
            raise ValueError(f"{path.name}: bad evaluation question {item!r}")
    return items


def all_questions(eval_dir: Path = EVAL_DIR) -> list[dict]:
    """Every question of every set (the latency bench answers them all)."""
    return [item for s in load_sets(eval_dir) for item in load_questions(eval_dir / s["file"])]


def inside(ref: str, expected: str) -> bool:
    """`ref` is the expected part or a part inside it (art-6.2.3 is inside art-6; annex-1/16 inside annex-1)."""
    return ref == expected or ref.startswith(expected + ".") or ref.startswith(expected + "/")


def score_one(item: dict, refs: list[str], verdict, declined: bool, text: str = "") -> Scores:
    s = Scores(n=1)
    expect_decline = bool(item.get("declined"))
    s.decline = int(declined == expect_decline)
    if item.get("verdict"):
        s.n_verdict = 1
        s.verdict = int(verdict == item["verdict"])
    if verdict == "eligible" and item.get("verdict") != "eligible":
        s.false_eligible = 1
    if item.get("refs") and not expect_decline:
        s.n_cite = 1
        s.top1 = int(bool(refs) and any(inside(refs[0], e) for e in item["refs"]))
        s.top3 = int(any(inside(r, e) for r in refs[:3] for e in item["refs"]))
    if item.get("facts"):
        s.n_facts = 1
        # Width-insensitive (NFKC): the answers write Chinese punctuation full-width (县（市、区）) where the
        # draft and a set's facts may print it half-width; the fact is the same.
        low = unicodedata.normalize("NFKC", text).lower()
        s.facts = int(all(unicodedata.normalize("NFKC", str(f)).lower() in low for f in item["facts"]))
    return s


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t.json")


def traditional(text: str) -> str:
    """The question as a writer of traditional characters would type it (OpenCC, simplified to traditional)."""
    return _s2t().convert(text)


def _article_of(ref: str) -> str:
    """The article (or annex table) a reference belongs to: art-6.2.1 -> art-6, annex-1/11 -> annex-1."""
    return ref.split(".")[0] if ref.startswith("art-") else ref.split("/")[0]


def baseline_answerer(granularity: str = "parts"):
    import bm25s

    from consultation.document import get_consultation

    from .text import normalise, tokens

    c = get_consultation()
    if granularity == "articles":
        refs = [r for r, n in c.nodes.items() if n.kind in ("article", "annex", "notice", "explanation")]
        text = lambda r: c.quote(r) + ("\n" + "\n".join(n.text for n in c.annex_rows(c.node(r).annex))  # noqa: E731
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
            return [], None, False, ""
        order = retriever.get_scores(q).argsort()[::-1][:3]
        found = [refs[i] for i in order]
        return found, None, False, c.quote(found[0])

    return run


def engine_answerer():
    from .answer import answer

    def run(question: str):
        a = answer(question)
        return [c["ref"] for c in a.citations], a.verdict, a.declined, a.answer

    return run


def _parts(spec: dict, items: list[dict]) -> dict[str, list[dict]]:
    if spec["role"] == "per-item":
        return {f"{spec['name']}/{split}": [i for i in items if i.get("split") == split]
                for split in ("tune", "heldout")}
    return {spec["name"]: items}


def _language(question: str) -> str:
    """zh, en or mixed: what a blind listing says of a question instead of its words."""
    han = sum(1 for ch in question if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in question if ch.isascii() and ch.isalpha())
    return "zh" if latin < 5 else "en" if han == 0 else "mixed"


def evaluate(sets: list[str] | None = None, baseline: bool | str = False, verbose: bool = False,
             variants=VARIANTS, out=None, eval_dir: Path = EVAL_DIR, blind: bool = False) -> dict[str, dict[str, dict]]:
    """{part name: {variant: figures}} for the named sets (default: all), and 'all' over the parts scored.

    `blind`: list each miss by its number, kind, language and length with the references and verdicts, never
    the question or the answer: how an evaluation set's misses are counted without reading it."""
    out = out or sys.stdout
    if baseline is True:
        baseline = "parts"
    run = baseline_answerer(baseline) if baseline else engine_answerer()
    result: dict[str, dict[str, dict]] = {}
    totals = {v: Scores() for v in variants}
    for spec in load_sets(eval_dir):
        if sets and spec["name"] not in sets:
            continue
        path = eval_dir / spec["file"]
        if not path.exists():
            print(f"{spec['name']}: {spec['file']} not present, skipped", file=out)
            continue
        for part, items in _parts(spec, load_questions(path)).items():
            result[part] = {}
            for variant in variants:
                s = Scores()
                for number, item in enumerate(items):
                    q = item["q"] if variant == "simplified" else traditional(item["q"])
                    refs, verdict, declined, text = run(q)
                    if baseline == "articles" and item.get("refs"):
                        item = dict(item, refs=sorted({_article_of(r) for r in item["refs"]}))
                    one = score_one(item, refs, verdict, declined, text)
                    s.add(one)
                    missed = (one.decline < 1 or (one.n_cite and not one.top1) or one.false_eligible
                              or (one.n_verdict and not one.verdict) or (one.n_facts and not one.facts))
                    if missed and blind:
                        print(f"MISS [{part} {variant}] #{number} kind={item.get('kind')} lang={_language(q)} "
                              f"chars={len(q)}: got {refs[:3]} verdict={verdict} declined={declined}; want "
                              f"{item.get('refs')} verdict={item.get('verdict')} "
                              f"declined={bool(item.get('declined'))} facts={'missing' if one.n_facts and not one.facts else 'ok'}",
                              file=out)
                    elif missed and verbose:
                        print(f"MISS [{part} {variant}] {q!r}: got {refs[:3]} verdict={verdict} "
                              f"declined={declined}; want {item.get('refs')} verdict={item.get('verdict')} "
                              f"declined={bool(item.get('declined'))} facts={item.get('facts')}\n    {text[:300]!r}",
                              file=out)
                result[part][variant] = s.figures()
                totals[variant].add(s)
    result["all"] = {v: totals[v].figures() for v in variants}
    title = f"plain BM25 baseline over {baseline}" if baseline else "answer engine"
    print(f"{title}", file=out)
    print(f"  {'set':18s} {'variant':12s} {'n':>4s} {'top-1':>6s} {'top-3':>6s} {'verdict':>7s} {'false-el':>8s} "
          f"{'decline':>7s} {'facts':>6s}", file=out)
    for part, by_variant in result.items():
        for variant, f in by_variant.items():
            print(f"  {part:18s} {variant:12s} {f['n']:4d} {f['top1']:6.3f} {f['top3']:6.3f} {f['verdict']:7.3f} "
                  f"{f['false_eligible']:8d} {f['decline']:7.3f} {f['facts']:6.3f}", file=out)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", dest="sets", help="score only this set (repeatable)")
    parser.add_argument("--simplified-only", action="store_true", help="skip the traditional-character variant")
    parser.add_argument("--baseline", nargs="?", const="parts", choices=["parts", "articles"],
                        help="score plain BM25 instead: over every citable part (default) or over whole articles")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the questions answered wrongly")
    parser.add_argument("--blind", action="store_true",
                        help="list the misses without their questions (for evaluation sets, which are never read)")
    args = parser.parse_args(argv)
    evaluate(sets=args.sets, baseline=args.baseline, verbose=args.verbose, blind=args.blind,
             variants=("simplified",) if args.simplified_only else VARIANTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
