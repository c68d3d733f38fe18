"""`consult revision import FILE`: a revision from a data file in the consultation's own format, read by the
draft's strict loader, its rows paired with the draft's by wording (a renumbered row keeps its comments)."""
from __future__ import annotations

import copy
import io

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


def _upload(client, content, name="final.yaml", final=False):
    body = yaml.safe_dump(content, allow_unicode=True, sort_keys=False).encode() if isinstance(content, dict) \
        else content
    data = {"file": (io.BytesIO(body), name)}
    if final:
        data["final"] = "1"
    return client.post("/office/revisions/import", data=data, content_type="multipart/form-data")


def test_the_office_imports_a_revision_from_a_data_file_with_each_fields_problem_shown(after, clients):
    from consultation.office.models import AuditEntry

    draft = after.consultation
    admin = clients["admin"]
    content = draft_content(draft)
    for r in content["annexes"][0]["rows"]:
        if r["number"] >= 21:
            r["number"] -= 2
    assert clients["editor"].get("/office/revisions/import").status_code == 403  # admins import
    assert clients["editor"].post("/office/revisions/import").status_code == 403
    page = admin.get("/office/revisions/import")
    assert page.status_code == 200 and 'type="file"' in page.get_data(as_text=True)

    # the loader cannot read it: each field of the file with its problem, nothing kept
    unreadable = copy.deepcopy(content)
    unreadable["annexes"][0]["rows"][3]["points"] = "四"
    del unreadable["annexes"][0]["rows"][5]["method"]
    unreadable["annexes"][0]["rows"][6]["colour"] = "红"
    r = _upload(admin, unreadable)
    body = r.get_data(as_text=True)
    assert r.status_code == 422 and 'aria-invalid="true"' in body
    assert "<code>annexes.0.rows.3.points</code>" in body and "请填写整数" in body
    assert "<code>annexes.0.rows.5.method</code>" in body and "此项必填" in body
    assert "<code>annexes.0.rows.6.colour</code>" in body and "不属于数据文件格式" in body
    # not YAML, another consultation, no file at all
    assert "不是有效的YAML" in _upload(admin, b"a: [1, 2").get_data(as_text=True)
    other = {**copy.deepcopy(content), "id": "another-consultation"}
    assert _upload(admin, other).status_code == 422
    assert _upload(admin, b"", name="").status_code == 422
    # broken sums, asked final: refused, the sums' problems listed, nothing kept
    broken = copy.deepcopy(content)
    broken["annexes"][0]["rows"][0]["points"] += 3
    r = _upload(admin, broken, final=True)
    assert r.status_code == 422 and "产业基础" in r.get_data(as_text=True) and 'id="final-error"' in r.get_data(as_text=True)
    with after.session() as s:
        assert s.scalars(select(TextRevision)).all() == []
        assert s.scalars(select(AuditEntry).where(AuditEntry.action.like("revision.%"))).all() == []

    r = _upload(admin, content, name="送审稿.yaml", final=True)
    assert r.status_code == 303
    with after.session() as s:
        rev = s.scalars(select(TextRevision)).one()
        assert (rev.number, rev.status, rev.source) == (1, "final", "送审稿.yaml")
        assert text_of(draft, rev).successor("annex-1/21") == "annex-1/19"
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action.like("revision.%")).order_by(AuditEntry.id)).all()
        assert [(a.action, a.actor) for a in audited] == [("revision.start", "admin"), ("revision.import", "admin"),
                                                           ("revision.final", "admin")]
    overview = admin.get("/office/revisions/").get_data(as_text=True)
    assert "送审稿.yaml" in overview and "/office/revisions/import" not in overview  # final: nothing more to import


CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    return CN[n - 1] if n <= 10 else "十" + (CN[n - 11] if n > 10 else "")


def test_an_imported_text_with_an_inserted_article_keeps_the_drafts_article_numbers_resolvable(after):
    """The final text inserts an article after article 10, so articles 11-15 become 12-16, and rewords the
    former article 12: its articles pair by wording, or by place when reworded, not by number; and an answer
    about 第十二条 on the final text says what the draft's article 12 was and where it went."""
    from consultation.revisions import editing, guidance_text
    from consultation.revisions.importing import import_revision
    from guidance.answer import answer
    from guidance.index import get_index

    draft = after.consultation
    content = draft_content(draft)
    chapters = content["document"]["chapters"]
    for chapter in chapters:
        for article in chapter["articles"]:
            if article["number"] >= 11:
                article["number"] += 1
                article["label"] = f"第{_cn(article['number'])}条"
            if article["number"] == 13:
                article["text"] = article["text"].replace("三个等次", "三个等次（每年评估一次）")
    chapters[2]["articles"].append({"number": 11, "label": "第十一条", "title": None, "text": "示范区应当建立年度报告制度。",
                                    "items": []})
    with after.session() as s:
        rev = import_revision(s, draft, yaml.safe_dump(content, allow_unicode=True), source="final.yaml",
                              actor="admin", now=after.now(), final=True)
        text = text_of(draft, rev)
        assert [text.successor(f"art-{n}") for n in (10, 11, 12, 15)] == ["art-10", "art-12", "art-13", "art-16"]
        assert rev.origins["art-11"].startswith("new-")  # the inserted article is new
        assert text.successor("art-6.1.2") == "art-6.1.2" and text.successor("art-3.2") == "art-3.2"
        kinds = {c.origin: c.kind for c in changes_of(draft, rev)}
        assert kinds["art-12"] == "modified" and kinds["art-11"] == "moved"
        editing.publish(s, draft, actor="admin", now=after.now())
        s.commit()
        index = get_index(guidance_text(s, draft))
    got = answer("第十二条说的评估是什么", index)
    assert "征求意见稿的第十二条（评估结果分为优秀、合格、不合格三个等次。" in got.answer
    assert "…）在修改稿中为第十三条。" in got.answer
    assert "以下回答按修改稿的编号，指修改稿的第十二条。" in got.answer
    assert "art-13" in [c["ref"] for c in got.citations]
