"""Near-duplicate search, tuned for Chinese, with no database: character 3-gram shingles after NFKC and
removal of punctuation and spaces, MinHash + LSH banding for candidates, exact Jaccard to verify,
average linkage to form groups.

Groups are formed per part of the draft (a decision is about a text on one clause), and the LSH
bands are derived from the threshold so that a pair exactly at the threshold becomes a candidate
with probability >= CANDIDATE_RECALL; candidates are then confirmed on the exact Jaccard of the
same shingles, so LSH only decides what is compared, never what is grouped.
MinHash and banding are vectorised with numpy (one pass over every shingle, one sort per band)
because regrouping 100,000 comments must take seconds, not minutes (bench/neardup.py). It is kept
apart from the office's groups (consultation.office.duplicates) so that the numeric part can be read,
tested and benchmarked on plain texts.
"""
from __future__ import annotations

import random
import unicodedata
from functools import lru_cache

import numpy as np

# 256 values: banding at 0.7 is then 42 bands of 6 rows, which keeps the pairs at or above the threshold
# (0.995 at 0.7) while banding far fewer of the unrelated pairs that share a quoted sentence than
# 128 values could (32 bands of 4: 23 % of pairs at 0.3 against 3 %); hashing is the cheap part.
NUM_PERM = 256
CANDIDATE_RECALL = 0.99  # P(pair at the threshold is a candidate)
# Two parts of a group join (strongest confirmed pair first) only while the mean similarity between
# them stays >= threshold - FLOOR_MARGIN and no two of their members fall below threshold - MIN_MARGIN:
# this stops chaining (A~B, B~C pulling a dissimilar A and C together). Chosen on bench/neardup.py at
# 100,000 comments (recall 0.973, hard pairs below 0.6 merged 0.88 %); 0.09 and 0.2 kept more hard pairs
# apart but refused merges in overlapping clusters (recall 0.959).
FLOOR_MARGIN = 0.10
MIN_MARGIN = 0.25
SHINGLE = 3
MIN_CHARS = 8  # "同意" and other very short texts are not grouped
# Up to this many distinct texts on one part of the draft, every pair is compared exactly (no hashing).
SMALL_BUCKET = 64
# A banded candidate whose MinHash estimate (share of equal signature values) is below
# threshold - ESTIMATE_MARGIN is not compared exactly: with 256 values, a pair at the threshold
# falls that low with probability < 1e-10, while the many unrelated pairs that share a quoted
# sentence (Jaccard 0.2-0.4, often banded together) are dropped without a set intersection.
ESTIMATE_MARGIN = 0.2
# In an LSH bucket larger than this (a big campaign of near copies), each text is paired with the
# next BUCKET_WINDOW texts of the bucket rather than with all of them: the bucket stays connected
# and its cost linear.
BUCKET_WINDOW = 48
# Average linkage between two parts of more than this many cross pairs uses a fixed-seed sample of
# that many pairs (a campaign of thousands of edited copies is grouped in seconds, not hours).
CROSS_LIMIT = 4000

_RNG = np.random.default_rng(20251118)
_PERM_A = _RNG.integers(1, 2 ** 63, NUM_PERM, dtype=np.uint64) | np.uint64(1)
_PERM_B = _RNG.integers(0, 2 ** 63, NUM_PERM, dtype=np.uint64)
_BAND_MULT = _RNG.integers(1, 2 ** 63, NUM_PERM, dtype=np.uint64) | np.uint64(1)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: Fibonacci hashing
_SHIFT = np.uint64(32)
_CHUNK = 1 << 14  # shingles hashed at once (x 256 permutations x 8 bytes = 32 MB)


class _KeepLettersAndDigits(dict):
    """str.translate table: letters and digits kept, everything else (punctuation, spaces, symbols)
    dropped; filled lazily, one lookup per distinct character."""

    def __missing__(self, code: int):
        keep = unicodedata.category(chr(code))[0] in "LN"
        self[code] = code if keep else None
        return self[code]


_KEEP = _KeepLettersAndDigits()


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower().translate(_KEEP)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    s = normalise(text)
    if len(s) < MIN_CHARS:
        return set()
    return {s[i:i + k] for i in range(len(s) - k + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def shingle_codes(norms: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The 3-gram shingles of normalised texts as integers, all texts at once: (codes, ends), text i's
    shingles being codes[ends[i-1]:ends[i]] (repeats kept). A code packs the three code points
    (21 bits each), so equal codes are equal shingles and Jaccard on codes is Jaccard on shingles."""
    chars = np.frombuffer("".join(norms).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(t) for t in norms), dtype=np.int64, count=len(norms))
    grams = np.maximum(lengths - (SHINGLE - 1), 0)
    if not len(chars):
        return np.empty(0, dtype=np.uint64), np.cumsum(grams)
    packed = chars[:-2] << np.uint64(42) | chars[1:-1] << np.uint64(21) | chars[2:]
    starts = np.cumsum(lengths) - lengths
    # position p (in the joined text) starts a shingle of text i when 0 <= p - starts[i] < grams[i]
    position = np.arange(int(grams.sum())) - np.repeat(np.cumsum(grams) - grams, grams) + np.repeat(starts, grams)
    return packed[position], np.cumsum(grams)


class _UnionFind:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@lru_cache(maxsize=64)
def lsh_params(threshold: float, num_perm: int = NUM_PERM, recall: float = CANDIDATE_RECALL) -> tuple[int, int]:
    """(bands, rows) for MinHashLSH: the most rows per band (fewest false candidates) such that a pair
    with Jaccard == threshold shares at least one band with probability >= recall,
    i.e. 1 - (1 - t**r)**b >= recall with b = num_perm // r."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold ** rows) ** bands >= recall:
            best = (bands, rows)
    return best


def candidate_probability(j: float, threshold: float, num_perm: int = NUM_PERM) -> float:
    bands, rows = lsh_params(threshold, num_perm)
    return 1 - (1 - j ** rows) ** bands


def signatures(codes: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """MinHash signatures (len(ends) x NUM_PERM, uint32) of shingle codes: each code mixed to 32 bits
    by a multiplicative hash, then h(x) = (a*x + b) >> 32 over 64-bit words per permutation
    (multiply-add-shift, a 2-universal family); every shingle hashed once, in chunks, permutations
    along the first axis so that the minimum per text runs over contiguous memory."""
    mixed = (codes * _MIX) >> _SHIFT
    lengths = np.diff(ends, prepend=0)
    out = np.empty((len(ends), NUM_PERM), dtype=np.uint32)
    buf = np.empty((NUM_PERM, _CHUNK), dtype=np.uint64)
    high = 1 if np.little_endian else 0  # the high 32 bits of each 64-bit word: the shift, for free
    first = 0
    while first < len(ends):
        base = int(ends[first] - lengths[first])
        last = max(first + 1, int(np.searchsorted(ends, base + _CHUNK, side="right")))
        size = int(ends[last - 1]) - base
        work = buf[:, :size] if size <= _CHUNK else np.empty((NUM_PERM, size), dtype=np.uint64)
        np.multiply(_PERM_A[:, None], mixed[None, base:base + size], out=work)
        work += _PERM_B[:, None]
        out[first:last] = np.minimum.reduceat(work.view(np.uint32)[:, high::2],
                                              ends[first:last] - lengths[first:last] - base, axis=1).T
        first = last
    return out


def banded_candidates(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Index pairs (k x 2, i < j) of rows of `sig` that agree on every value of at least one band."""
    n = len(sig)
    found = []
    for band in range(bands):
        block = sig[:, band * rows:(band + 1) * rows].astype(np.uint64)
        keys = (block * _BAND_MULT[:rows]).sum(axis=1, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        run = np.concatenate(([0], np.cumsum(keys[order][1:] != keys[order][:-1])))
        for step in range(1, BUCKET_WINDOW + 1):
            same = np.flatnonzero(run[:-step] == run[step:])
            if not len(same):
                break
            found.append(np.stack((order[same], order[same + step]), axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(found), axis=1).astype(np.int64)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack((codes // n, codes % n), axis=1)


def _estimate_filter(sig: np.ndarray, pairs: np.ndarray, floor: float) -> np.ndarray:
    keep = []
    need = floor * sig.shape[1]
    for start in range(0, len(pairs), 100_000):
        chunk = pairs[start:start + 100_000]
        equal = (sig[chunk[:, 0]] == sig[chunk[:, 1]]).sum(axis=1)
        keep.append(chunk[equal >= need])
    return np.concatenate(keep) if keep else pairs


def _cross(sets, xs: list[int], ys: list[int]) -> list[float]:
    if len(xs) * len(ys) <= CROSS_LIMIT:
        return [jaccard(sets[x], sets[y]) for x in xs for y in ys]
    rnd = random.Random(len(xs) * 1_000_003 + len(ys))
    return [jaccard(sets[rnd.choice(xs)], sets[rnd.choice(ys)]) for _ in range(CROSS_LIMIT)]


class _LazySets(dict):
    """{comment id: set of shingle codes}, made on first use: most texts of a large bucket are never
    compared exactly."""

    def __init__(self, index: dict[int, int], codes: np.ndarray, ends: np.ndarray):
        super().__init__()
        self.index, self.codes, self.ends = index, codes, ends

    def __missing__(self, cid: int) -> set:
        i = self.index[cid]
        value = self[cid] = set(self.codes[(self.ends[i - 1] if i else 0):self.ends[i]].tolist())
        return value


def _groups_in(norms: dict[int, str], threshold: float, uf: "_UnionFind",
               apart: dict[int, dict[int, int]]) -> None:
    """Union, within one bucket of normalised texts, the confirmed pairs (exact Jaccard >= threshold),
    strongest first, with the linkage limits FLOOR_MARGIN and MIN_MARGIN (no chaining), never joining
    comments the office separated (`apart`: comment -> {edit: side})."""
    by_text: dict[tuple, int] = {}
    for cid in sorted(norms):
        marks = apart.get(cid)
        first = by_text.setdefault((norms[cid], frozenset(marks.items()) if marks else None), cid)
        if first != cid:  # exact copies (the same comment sent twice): no hashing needed
            uf.union(first, cid)
    reps = list(by_text.values())
    if len(reps) < 2:
        return
    codes, ends = shingle_codes([norms[c] for c in reps])
    sets = _LazySets({cid: i for i, cid in enumerate(reps)}, codes, ends)
    if len(reps) <= SMALL_BUCKET:
        pairs = [(a, b) for i, a in enumerate(reps) for b in reps[i + 1:]]
    else:
        sig = signatures(codes, ends)
        candidates = _estimate_filter(sig, banded_candidates(sig, *lsh_params(threshold)),
                                      threshold - ESTIMATE_MARGIN)
        pairs = [(reps[i], reps[j]) for i, j in candidates.tolist()]
    edges = []
    for a, b in pairs:
        j = jaccard(sets[a], sets[b])
        if j >= threshold:
            edges.append((-j, a, b))
    floor, lowest = threshold - FLOOR_MARGIN, threshold - MIN_MARGIN
    members = {cid: [cid] for cid in reps}  # distinct texts per component root
    sides = {cid: dict(apart[cid]) for cid in reps if apart.get(cid)}  # the office's edits per component
    refused: set[tuple] = set()  # (root, size, root, size): components only grow, so this names a state
    for _j, a, b in sorted(edges):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        state = (ra, len(members[ra]), rb, len(members[rb]))
        if state in refused:
            continue
        marks_a, marks_b = sides.get(ra, {}), sides.get(rb, {})
        if any(marks_b.get(edit, side) != side for edit, side in marks_a.items()):
            refused.add(state)
            continue
        cross = _cross(sets, members[ra], members[rb])
        if sum(cross) / len(cross) >= floor and min(cross) >= lowest:
            uf.union(ra, rb)
            root = uf.find(ra)
            merged = members.pop(ra) + members.pop(rb)
            members[root] = merged
            marks = {**sides.pop(ra, {}), **sides.pop(rb, {})}
            if marks:
                sides[root] = marks
        else:
            refused.add(state)


def find_groups(texts: dict[int, str], threshold: float, keys: dict[int, str] | None = None,
                apart: dict[int, dict[int, int]] | None = None) -> list[list[int]]:
    """Groups (sorted id lists, size >= 2) of texts whose 3-gram Jaccard >= threshold, transitively,
    never across different `keys` (the part of the draft a comment is on) nor across the sides of an
    edit of the office (`apart`: comment -> {edit id: side}, see separations)."""
    buckets: dict[str | None, dict[int, str]] = {}
    for cid, t in texts.items():
        norm = normalise(t)
        if len(norm) >= MIN_CHARS:
            buckets.setdefault(keys.get(cid) if keys else None, {})[cid] = norm
    uf = _UnionFind()
    for norms in buckets.values():
        for cid in norms:
            uf.find(cid)
        _groups_in(norms, threshold, uf, apart or {})
    groups: dict[int, list[int]] = {}
    for norms in buckets.values():
        for cid in norms:
            groups.setdefault(uf.find(cid), []).append(cid)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])
