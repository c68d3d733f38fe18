"""`consult revision import FILE`: a revision from a data file in the consultation's own format, read by the
draft's strict loader, its rows paired with the draft's by wording (a renumbered row keeps its comments)."""
from __future__ import annotations

import copy

import yaml
from click.testing import CliRunner
from sqlalchemy import select

from commands import main
from consultation.revisions.comparison import changes_of, text_of
from consultation.revisions.content import draft_content
from consultation.revisions.models import TextRevision


def _write(tmp_path, content, name="final.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_import_a_revision_pairs_renumbered_rows_and_refuses_a_broken_final(after, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", after.settings.database_url)
    monkeypatch.setenv("CONSULT_INSTANCE", str(after.settings.instance))
    monkeypatch.setenv("CONSULT_NOW", after.settings.consult_now)
    draft = after.consultation
    content = draft_content(draft)
    rows = content["annexes"][0]["rows"]
    for r in rows:
        if r["number"] >= 21:
            r["number"] -= 2  # close the gap: 21, 22, 23 become 19, 20, 21
    broken = copy.deepcopy(content)
    broken["annexes"][0]["rows"][0]["points"] += 3
    runner = CliRunner()

    refused = runner.invoke(main, ["revision", "import", "--final", str(_write(tmp_path, broken, "broken.yaml"))])
    assert refused.exit_code != 0 and "not final" in refused.output and "产业基础" in refused.output
    with after.session() as s:
        assert s.scalars(select(TextRevision)).all() == []  # nothing kept

    unreadable = runner.invoke(main, ["revision", "import", str(_write(tmp_path, {"id": draft.id}, "bad.yaml"))])
    assert unreadable.exit_code != 0

    kept = runner.invoke(main, ["revision", "import", str(_write(tmp_path, broken, "broken.yaml"))])
    assert kept.exit_code == 0 and "problem:" in kept.output  # a draft revision is kept with its problems

    done = runner.invoke(main, ["revision", "import", "--final", str(_write(tmp_path, content))])
    assert done.exit_code == 0, done.output
    with after.session() as s:
        revs = s.scalars(select(TextRevision).order_by(TextRevision.number)).all()
        assert [(r.number, r.status, r.source) for r in revs] == [(1, "closed", "broken.yaml"),
                                                                 (2, "final", "final.yaml")]
        text = text_of(draft, revs[1])
        assert text.successor("annex-1/21") == "annex-1/19" and text.successor("annex-1/23") == "annex-1/21"
        kinds = {c.origin: c.kind for c in changes_of(draft, revs[1])}
        assert kinds == {"annex-1/21": "moved", "annex-1/22": "moved", "annex-1/23": "moved"}
    listed = runner.invoke(main, ["revision", "list"])
    assert "2\tfinal\tfinal.yaml" in listed.output
    out = tmp_path / "comparison.docx"
    exported = runner.invoke(main, ["revision", "export-docx", "--out", str(out)])
    assert exported.exit_code == 0 and out.stat().st_size > 0
