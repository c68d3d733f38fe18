"""Near-duplicate grouping measured pair by pair against exact Jaccard, on synthetic Chinese edits.

    .venv/bin/python bench/neardup.py                      # 100,000 comments, threshold 0.7
    .venv/bin/python bench/neardup.py --comments 5000 --threshold 0.6

The corpus: families of comments, each a base text (sentences of the draft itself, so unrelated
comments share phrases as real ones do, plus a request and a reason) and variants of it made by
random insertions, deletions, substitutions and reordered sentences, from untouched copies to heavy
rewrites; most families are one comment, some are campaigns of up to 60. Ground truth is the exact
Jaccard similarity of the same character 3-gram shingles the grouping uses, for every pair at or
above threshold - 0.1 (found exactly by prefix filtering, not by sampling). Reported:

- recall: of the pairs with J >= threshold, the share that ends in the same group;
- false merges: of the pairs with J < threshold - 0.1, the share in the same group, over all pairs
  and over the hard ones (pairs of the same family, i.e. edits of one text).
"""
from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consultation.office.duplicates import find_groups, jaccard, lsh_params, shingles  # noqa: E402

ASKS = ["建议进一步明确", "建议适当放宽", "建议细化", "请考虑调整", "希望补充规定", "建议删去", "建议增加", "建议统一表述"]
WHY = ["基层在实际操作中难以把握尺度", "欠发达地区的县区很难达到现有门槛", "与国家层面的文件口径不一致",
       "数据来源分散且难以核实", "容易导致重复申报和重复评价", "不利于中小企业参与示范区创建", "现行条文存在多种理解",
       "缺少可量化的考核依据", "评估周期过短增加企业负担", "与第五条通用条件之间的关系不清楚"]
FILLER = "的了和在对与及其并将为把被所以因此但是如果我们单位认为建议希望请予考虑进一步相关内容要求情况"


def draft_sentences() -> list[str]:
    from consultation.document import get_consultation

    c = get_consultation()
    out = []
    for ref in c.nodes:
        for part in c.quote(ref).replace("\n", "。").replace("；", "。").split("。"):
            if 8 <= len(part) <= 60:
                out.append(part)
    return sorted(set(out))


def _base(rnd: random.Random, sentences: list[str]) -> list[str]:
    quoted = rnd.sample(sentences, rnd.randint(1, 2))
    return [f"关于“{q}”" for q in quoted] + [f"{rnd.choice(ASKS)}{rnd.choice(sentences)[:rnd.randint(6, 20)]}",
                                             f"理由是{rnd.choice(WHY)}"]


def _edit(rnd: random.Random, parts: list[str], strength: float) -> str:
    """Apply about `strength` x length character edits plus, sometimes, a sentence swap."""
    parts = list(parts)
    if len(parts) > 1 and rnd.random() < strength * 2:
        i, j = rnd.sample(range(len(parts)), 2)
        parts[i], parts[j] = parts[j], parts[i]
    chars = list("。".join(parts) + "。")
    for _ in range(int(len(chars) * strength)):
        op = rnd.random()
        pos = rnd.randrange(len(chars))
        if op < 0.35:
            chars[pos:pos] = list(rnd.choice(FILLER) * rnd.randint(1, 2))
        elif op < 0.65 and len(chars) > 10:
            del chars[pos:pos + rnd.randint(1, 3)]
        else:
            chars[pos] = rnd.choice(FILLER)
    return "".join(chars)


def corpus(n: int, seed: int = 1) -> tuple[dict[int, str], dict[int, int]]:
    """({id: text}, {id: family}) with n texts."""
    rnd = random.Random(seed)
    sentences = draft_sentences()
    texts, family = {}, {}
    fam = 0
    while len(texts) < n:
        fam += 1
        parts = _base(rnd, sentences)
        roll = rnd.random()
        size = 1 if roll < 0.6 else rnd.randint(2, 6) if roll < 0.97 else rnd.randint(10, 60)
        for k in range(min(size, n - len(texts))):
            # Variants from untouched copies to heavy rewrites: similarity to the base spans ~0.2-1.0.
            strength = 0.0 if k == 0 else rnd.choice([0.0, 0.01, 0.03, 0.05, 0.08, 0.12, 0.18, 0.25, 0.35])
            cid = len(texts) + 1
            texts[cid] = _edit(rnd, parts, strength)
            family[cid] = fam
    return texts, family


def similar_pairs(sets: dict[int, set], tau: float) -> dict[tuple[int, int], float]:
    """Every pair with exact Jaccard >= tau (AllPairs prefix filtering: exact, no sampling)."""
    freq: dict[str, int] = defaultdict(int)
    for s in sets.values():
        for g in s:
            freq[g] += 1
    index: dict[str, list[int]] = defaultdict(list)
    out: dict[tuple[int, int], float] = {}
    ordered = sorted(sets, key=lambda c: len(sets[c]))
    for cid in ordered:
        tokens = sorted(sets[cid], key=lambda g: (freq[g], g))
        prefix = len(tokens) - math.ceil(tau * len(tokens)) + 1
        seen = set()
        for g in tokens[:prefix]:
            for other in index[g]:
                if other not in seen:
                    seen.add(other)
                    j = jaccard(sets[cid], sets[other])
                    if j >= tau:
                        out[(min(cid, other), max(cid, other))] = j
            index[g].append(cid)
    return out


def evaluate(texts: dict[int, str], family: dict[int, int], threshold: float) -> dict:
    sets = {cid: shingles(t) for cid, t in texts.items()}
    sets = {cid: s for cid, s in sets.items() if s}
    start = time.perf_counter()
    groups = find_groups(texts, threshold)
    grouping_seconds = time.perf_counter() - start
    group_of = {cid: i for i, g in enumerate(groups) for cid in g}
    truth = similar_pairs(sets, threshold - 0.1)
    positives = [p for p, j in truth.items() if j >= threshold]
    found = sum(1 for a, b in positives if a in group_of and group_of.get(a) == group_of.get(b))
    false_all = false_family = 0
    for g in groups:
        for i, a in enumerate(g):
            for b in g[i + 1:]:
                if (a, b) not in truth and jaccard(sets[a], sets[b]) < threshold - 0.1:
                    false_all += 1
                    false_family += family[a] == family[b]
    n = len(sets)
    negatives_all = n * (n - 1) // 2 - len(truth)
    by_family: dict[int, list[int]] = defaultdict(list)
    for cid in sets:
        by_family[family[cid]].append(cid)
    negatives_family = 0
    for members in by_family.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if (min(a, b), max(a, b)) not in truth:
                    negatives_family += 1
    band = defaultdict(lambda: [0, 0])
    for (a, b), j in truth.items():
        if j >= threshold:
            key = min(int((j - threshold) / 0.05), 5)
            band[key][0] += 1
            band[key][1] += a in group_of and group_of.get(a) == group_of.get(b)
    return {"comments": n, "threshold": threshold, "lsh": lsh_params(threshold), "positives": len(positives),
            "recall": found / len(positives) if positives else 1.0,
            "false_merge_all": false_all / negatives_all if negatives_all else 0.0,
            "false_merge_family": false_family / negatives_family if negatives_family else 0.0,
            "hard_negatives": negatives_family, "false_merges": false_all, "groups": len(groups),
            "grouping_seconds": grouping_seconds,
            "recall_by_band": {f"{threshold + 0.05 * k:.2f}+": (f / t if t else None, t)
                               for k, (t, f) in sorted(band.items())}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    texts, family = corpus(args.comments, args.seed)
    start = time.perf_counter()
    result = evaluate(texts, family, args.threshold)
    result["total_seconds"] = time.perf_counter() - start
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
