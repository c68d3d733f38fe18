"""Near-duplicate grouping measured pair by pair against exact Jaccard on synthetic Chinese edits
(insertions, deletions, substitutions, reordered sentences): the small-size twin of bench/neardup.py."""
from __future__ import annotations

import pytest

from bench.neardup import corpus, evaluate
from consultation.office.duplicates import NUM_PERM, candidate_probability, lsh_params


@pytest.mark.parametrize("threshold", [0.5, 0.6, 0.7, 0.8, 0.9])
def test_lsh_bands_make_pairs_at_the_threshold_candidates(threshold):
    bands, rows = lsh_params(threshold)
    assert bands * rows <= NUM_PERM
    assert candidate_probability(threshold, threshold) >= 0.99


def test_recall_and_false_merges_at_the_threshold():
    texts, family = corpus(2000, seed=5)
    result = evaluate(texts, family, 0.7)
    assert result["positives"] > 1000 and result["hard_negatives"] > 1000  # the corpus has both kinds
    assert result["recall"] >= 0.97, result
    assert result["false_merge_family"] <= 0.01, result  # edits of one text below 0.6
    assert result["false_merge_all"] <= 0.01, result
