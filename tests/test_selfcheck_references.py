"""The scoring-reference files: complete, strict, and all marked as the service's assumption."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from consultation.document import DataError, get_consultation
from guidance.selfcheck.references import SCORING_DIR, load_scoring_file
from guidance.selfcheck.texts import scoring_references


def test_every_row_of_every_table_has_exactly_one_reference():
    c = get_consultation()
    refs = scoring_references(c)
    for annex in c.annexes:
        assert list(refs[annex.zone_type]) == [r.ref for r in c.annex_rows(annex.number)]


def test_every_reference_is_an_assumption_with_a_rationale():
    for table in scoring_references().values():
        for reference in table.values():
            assert reference.assumption is True
            assert reference.rationale.zh and reference.rationale.en


def test_qualitative_and_mixed_rows_have_rubrics():
    c = get_consultation()
    for table in scoring_references(c).values():
        for ref, reference in table.items():
            assert (reference.curve == "rubric") == (c.node(ref).method != "定量"), ref


def _copy(tmp_path: Path, number: int) -> tuple[Path, dict]:
    path = tmp_path / f"annex-{number}.yaml"
    shutil.copy(SCORING_DIR / path.name, path)
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change,message", [
    (lambda d: d["indicators"].pop(), "no reference for annex-1/23"),
    (lambda d: d["indicators"].append(dict(d["indicators"][0])), "more than one reference for annex-1/1"),
    (lambda d: d["indicators"].__setitem__(0, {**d["indicators"][0], "ref": "annex-1/19"}), "unknown references annex-1/19"),
    (lambda d: d["indicators"][0].update(weight=2), "Extra inputs are not permitted"),
    (lambda d: d["indicators"][0].update(assumption=False), "assumption"),
    (lambda d: d["indicators"][3]["steps"][-1].update(fraction=0.9), "full points"),
    (lambda d: d["indicators"][5].update(reference_value=150), "cannot exceed 100"),
    (lambda d: d.update(zone_type="tech_empowerment"), "annex 1 is deep_application"),
    (lambda d: d["indicators"][12]["levels"].reverse(), "rise strictly"),
    (lambda d: d["categories_en"].pop("产业基础"), "categories_en must name exactly"),
])
def test_loader_refuses_malformed_files(tmp_path, change, message):
    path, data = _copy(tmp_path, 1)
    change(data)
    with pytest.raises(DataError) as exc:
        load_scoring_file(_write(path, data), get_consultation())
    assert message in str(exc.value)
