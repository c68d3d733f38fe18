"""Near-duplicate grouping measured pair by pair against exact Jaccard, on synthetic Chinese edits.

    .venv/bin/python bench/neardup.py                      # 100,000 comments, threshold 0.7
    .venv/bin/python bench/neardup.py --comments 5000 --threshold 0.6

The corpus: families of comments, each a base text (sentences of the draft itself, so unrelated
comments share phrases as real ones do, plus a request and a reason) and variants of it made by
random insertions, deletions, substitutions and reordered sentences, from untouched copies to heavy
rewrites; most families are one comment, some are campaigns of up to 60. All of them are grouped as
if on one part of the draft (the hardest case: regrouping splits comments by part first). Ground truth
is the exact Jaccard similarity of the same character 3-gram shingles the grouping uses, for every pair
at or above threshold - 0.1, found exactly (prefix filtering, a count bound, then exact intersections;
no sampling and no hashing). Reported:

- recall: of the pairs with J >= threshold, the share that ends in the same group;
- false merges: of the pairs with J < threshold - 0.1, the share in the same group, over all pairs
  and over the hard ones (pairs of the same family, i.e. edits of one text);
- the grouping's wall and CPU time, and the process's peak memory (RSS) after grouping.
"""
from __future__ import annotations

import argparse
import math
import random
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consultation.office.neardup import (
    MIN_CHARS, find_groups, jaccard, lsh_params, normalise, shingle_codes, shingles,
)

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


def similar_pairs_reference(sets: dict[int, set], tau: float) -> dict[tuple[int, int], float]:
    """Every pair with exact Jaccard >= tau, the plain way (AllPairs prefix filtering in Python): the
    check for similar_pairs at small sizes (tests/office/test_neardup_quality.py)."""
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


def similar_pairs(texts: dict[int, str], tau: float, *, block: int = 4000,
                  buckets: int = 64) -> dict[tuple[int, int], float]:
    """Every pair of texts whose shingle sets have exact Jaccard >= tau, vectorised for 100,000 texts:

    1. tokens ranked rarest first; a pair with J >= tau shares a token between the shorter text's
       first |x| - ceil(2t/(1+t)|x|) + 1 tokens and the longer one's first |y| - ceil(t|y|) + 1
       (PPJoin's prefix filter), so candidates come from one sparse product per block of texts;
    2. length filter, then an upper bound of the overlap (tokens hashed into 64 buckets: the overlap is
       at most the sum over buckets of the smaller count) against the overlap J >= tau needs;
    3. the exact intersection of what is left (each token of x looked up among y's).
    Every step is exact: nothing is estimated and no pair is sampled."""
    ids = [cid for cid, t in texts.items() if len(normalise(t)) >= MIN_CHARS]
    codes, ends = shingle_codes([normalise(texts[c]) for c in ids])
    n = len(ids)
    docs = np.repeat(np.arange(n), np.diff(ends, prepend=0))
    order = np.argsort(codes, kind="stable")
    fresh = np.concatenate(([True], codes[order][1:] != codes[order][:-1]))
    token = np.empty(len(codes), dtype=np.int64)
    token[order] = np.cumsum(fresh) - 1
    vocabulary = int(fresh.sum())
    keys = np.unique(docs * vocabulary + token)  # distinct (text, token)
    docs, token = keys // vocabulary, keys % vocabulary
    lengths = np.bincount(docs, minlength=n)
    freq = np.bincount(token, minlength=vocabulary)
    rank = np.empty(vocabulary, dtype=np.int64)
    rank[np.lexsort((np.arange(vocabulary), freq))] = np.arange(vocabulary)
    # texts in (length, id) order: "place" x < y means |x| <= |y|
    seq = np.lexsort((np.arange(n), lengths))
    place = np.empty(n, dtype=np.int64)
    place[seq] = np.arange(n)
    r = rank[token]
    at = place[docs]
    by = np.lexsort((r, at))
    r, at = r[by], at[by]  # each text's tokens, rarest first, texts in place order
    plen = lengths[seq]
    starts = np.cumsum(plen) - plen
    position = np.arange(len(r)) - starts[at]
    probe = position < (plen - np.ceil(tau * plen - 1e-9).astype(np.int64) + 1)[at]
    index = position < (plen - np.ceil(2 * tau / (1 + tau) * plen - 1e-9).astype(np.int64) + 1)[at]
    ones = np.ones(len(r), dtype=np.int32)
    probes = sp.csr_matrix((ones[probe], (at[probe], r[probe])), shape=(n, vocabulary))
    indexed = sp.csr_matrix((ones[index], (at[index], r[index])), shape=(n, vocabulary)).T.tocsr()
    counts = np.zeros((n, buckets), dtype=np.uint8)
    np.add.at(counts, (at, (r * 2654435761) % (1 << 32) % buckets), 1)
    lookup = at * vocabulary + r  # sorted: (place, rank)
    out: dict[tuple[int, int], float] = {}
    for first in range(0, n, block):
        product = (probes[first:first + block] @ indexed).tocoo()
        y, x = product.row.astype(np.int64) + first, product.col.astype(np.int64)
        keep = (x < y) & (plen[x] >= tau * plen[y] - 1e-9)
        x, y = x[keep], y[keep]
        need = np.ceil(tau / (1 + tau) * (plen[x] + plen[y]) - 1e-9)
        for c in range(0, len(x), 1_000_000):
            xs, ys, needed = x[c:c + 1_000_000], y[c:c + 1_000_000], need[c:c + 1_000_000]
            keep = np.minimum(counts[xs], counts[ys]).sum(axis=1, dtype=np.int32) >= needed
            xs, ys = xs[keep], ys[keep]
            if not len(xs):
                continue
            lx = plen[xs]
            flat = np.repeat(starts[xs], lx) + np.arange(lx.sum()) - np.repeat(np.cumsum(lx) - lx, lx)
            wanted = np.repeat(ys, lx) * vocabulary + r[flat]
            found = np.minimum(np.searchsorted(lookup, wanted), len(lookup) - 1)
            inter = np.add.reduceat((lookup[found] == wanted).astype(np.int32), np.cumsum(lx) - lx)
            j = inter / (lx + plen[ys] - inter)
            keep = j >= tau - 1e-12
            for a, b, value in zip(seq[xs[keep]].tolist(), seq[ys[keep]].tolist(), j[keep].tolist()):
                a, b = ids[a], ids[b]
                out[(a, b) if a < b else (b, a)] = value
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def evaluate(texts: dict[int, str], family: dict[int, int], threshold: float) -> dict:
    before_mb = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    groups = find_groups(texts, threshold)
    grouping_seconds, grouping_cpu = time.perf_counter() - start, time.process_time() - cpu
    grouping_mb = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    truth = similar_pairs(texts, threshold - 0.1)
    truth_seconds, truth_cpu = time.perf_counter() - start, time.process_time() - cpu
    group_of = {cid: i for i, g in enumerate(groups) for cid in g}
    kept = [cid for cid, t in texts.items() if len(normalise(t)) >= MIN_CHARS]
    positives = [p for p, j in truth.items() if j >= threshold]
    found = sum(1 for a, b in positives if a in group_of and group_of.get(a) == group_of.get(b))
    false_all = false_family = 0
    for g in groups:
        sets = {cid: shingles(texts[cid]) for cid in g}
        for i, a in enumerate(g):
            for b in g[i + 1:]:
                if (a, b) not in truth and jaccard(sets[a], sets[b]) < threshold - 0.1:
                    false_all += 1
                    false_family += family[a] == family[b]
    n = len(kept)
    negatives_all = n * (n - 1) // 2 - len(truth)
    by_family: dict[int, list[int]] = defaultdict(list)
    for cid in kept:
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
            "grouped_comments": sum(map(len, groups)),
            "grouping_seconds": round(grouping_seconds, 1), "grouping_cpu_seconds": round(grouping_cpu, 1),
            "peak_rss_mb_before_grouping": round(before_mb), "peak_rss_mb_after_grouping": round(grouping_mb),
            "ground_truth_seconds": round(truth_seconds, 1), "ground_truth_cpu_seconds": round(truth_cpu, 1),
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
    result["total_seconds"] = round(time.perf_counter() - start, 1)
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
