"""The self-check on the final revision once its comparison table is published: its conditions and indicator
tables (points, methods, rows added, removed and renumbered), saying which text it uses; before that, and for
every self-check saved before it, the draft."""
from __future__ import annotations

from sqlalchemy import select

from consultation.revisions import editing, guidance_text
from consultation.revisions.models import TextRevision
from guidance.models import SavedSelfCheck
from guidance.selfcheck import flow, present, scoring
from guidance.selfcheck.texts import SELF_RATED, scoring_references
from tests.revisions.conftest import rows_of

NEW_ROW = "人工智能产业专项资金规模(亿元)"


def _revise(s, draft, rev_id, now, publish: bool = True):
    """Annex 1 of the final text: row 1 at 6 points and row 2 at 2; row 17 removed (its points to row 16);
    rows 21-23 renumbered 19-21; the new 20 (old 22) assessed 定量 instead of 定性; a new row 22 of 2 points
    (the new 21 down from 5 to 3). Every sum still holds."""
    rev = s.get(TextRevision, rev_id)
    rows = [r for r in rows_of(rev, 1) if r["number"] != 17]
    by_from = {r["from"]: r for r in rows}
    by_from["annex-1/1"]["points"], by_from["annex-1/2"]["points"] = 6, 2
    by_from["annex-1/16"]["points"] += 4
    for r in rows:
        if r["number"] >= 21:
            r["number"] -= 2
    by_from["annex-1/22"]["method"] = "定量"
    by_from["annex-1/23"]["points"] = 3
    rows.append({"from": "", "number": 22, "category": "支撑保障", "group": "政策支持", "indicator": NEW_ROW,
                 "method": "定量", "points": 2})
    assert editing.save_rows(s, draft, rev, 1, categories=[], rows=rows, actor="editor", now=now) == []
    editing.mark_final(s, draft, rev, actor="admin", now=now)
    if publish:
        editing.publish(s, draft, actor="admin", now=now)


def _answers(text, level: str = "max") -> dict:
    """A complete set of answers for the deep-application table of `text`."""
    answers = {"zone_types": ["deep_application"], "entity_kind": "county"}
    for q in flow.questions_for(["deep_application"], text):
        if q.kind == "condition":
            answers[q.name] = "yes"
    for ref, reference in scoring_references(text)["deep_application"].items():
        if reference.curve == "rubric":
            answers[ref] = reference.levels[-1 if level == "max" else 0].key
        else:
            answers[ref] = reference.reference_value if reference.curve == "linear" else reference.steps[-1].at
    return answers


def test_the_self_check_uses_the_final_tables_points_methods_and_rows(after, revision):
    draft = after.consultation
    with after.session() as s:
        _revise(s, draft, revision, after.now())
        s.commit()
        text = guidance_text(s, draft)
    assert text.revision == 1
    written = scoring_references(draft)["deep_application"]
    refs = scoring_references(text)["deep_application"]
    assert list(refs) == [f"annex-1/{n}" for n in [*range(1, 17), 18, 19, 20, 21, 22]]
    # a renumbered row keeps the reference written for it, under its new number
    assert refs["annex-1/19"].model_copy(update={"ref": "annex-1/21"}) == written["annex-1/21"]
    assert refs["annex-1/1"].model_copy(update={"ref": "annex-1/1"}) == written["annex-1/1"]
    # a new row, and a row whose method changed kind, have no written reference: self-rated, and said so
    for ref in ("annex-1/20", "annex-1/22"):
        assert refs[ref].curve == "rubric" and refs[ref].rationale == SELF_RATED
    assert "annex-1/17" not in {q.name for q in flow.questions_for(["deep_application"], text)}

    result = scoring.run(_answers(text), text)
    table = result.types[0]
    assert table.total == 100
    assert {c.name: c.maximum for c in table.categories} == {"产业基础": 20, "应用水平": 40, "生态建设": 25,
                                                              "支撑保障": 15}
    by_ref = {i.ref: i for i in table.indicators}
    assert (by_ref["annex-1/1"].points_max, by_ref["annex-1/2"].points_max, by_ref["annex-1/16"].points_max) == (6, 2, 8)
    assert by_ref["annex-1/22"].points_max == 2
    shown = present.result_dict(result, "zh_CN", text)
    assert shown["text"] == {"revision": 1, "name": "修改稿（第1稿，定稿）",
                             "sentence": "本自检依据修改稿（第1稿，定稿）的创建条件和指标表。"}
    row = next(i for i in shown["types"][0]["indicators"] if i["ref"] == "annex-1/22")
    assert row["label"] == "附件1第22项" and row["text"] == NEW_ROW  # cited from the final text
    # the draft's own self-check is untouched
    assert scoring_references(draft)["deep_application"] == written
    assert present.result_dict(scoring.run(_answers(draft), draft), "zh_CN", draft)["text"]["revision"] is None


def test_new_self_checks_use_the_final_text_and_saved_ones_keep_theirs(after, revision, client_factory):
    draft = after.consultation
    client = client_factory()
    before = client.post("/api/v1/self-check", json={"answers": _answers(draft), "save": True}).get_json()
    assert before["text"]["revision"] is None and before["text"]["name"] == "征求意见稿"
    saved_path = before["saved"]["url"][before["saved"]["url"].index("/self-check/"):] + "/result"
    with after.session() as s:
        _revise(s, draft, revision, after.now())
        s.commit()
        text = guidance_text(s, draft)

    # the draft's numbering no longer fits: annex-1/23 is no row of the final text
    refused = client.post("/api/v1/self-check", json={"answers": _answers(draft)})
    assert refused.status_code == 422 and "annex-1/23" in {e["field"] for e in refused.get_json()["errors"]}
    got = client.post("/api/v1/self-check", json={"answers": _answers(text), "save": True}).get_json()
    assert got["text"]["revision"] == 1 and got["types"][0]["total"] == 100
    assert {i["ref"]: i["points_max"] for i in got["types"][0]["indicators"]}["annex-1/1"] == 6
    table = client.get("/api/v1/indicators/deep_application").get_json()
    assert table["text"]["revision"] == 1 and table["indicators"][-1]["text"] == NEW_ROW
    questions = client.get("/api/v1/self-check/questions?zone_type=deep_application").get_json()
    assert "annex-1/22" in {q["name"] for q in questions["questions"]} and questions["text"]["revision"] == 1

    page = client.get(got["saved"]["url"][got["saved"]["url"].index("/self-check/"):] + "/result").get_data(as_text=True)
    assert "本自检依据修改稿（第1稿，定稿）的创建条件和指标表。" in page and "附件1第22项" in page
    # the self-check saved on the draft still reads and scores on the draft, and says so
    old = client.get(saved_path).get_data(as_text=True)
    assert "本自检依据征求意见稿的创建条件和指标表。" in old and "附件1第23项" in old and "附件1第22项" in old
    assert "修改稿已发布" in old and 'href="/self-check"' in old
    with after.session() as s:
        assert sorted(s.scalars(select(SavedSelfCheck.text_revision)).all(), key=str) == [1, None]

    # the wizard starts a new one on the final text
    r = client.post("/self-check", data={"zone_types": "deep_application"})
    assert r.status_code == 302
    with after.session() as s:
        newest = s.scalars(select(SavedSelfCheck).order_by(SavedSelfCheck.id.desc())).first()
        assert newest.text_revision == 1 and newest.channel == "web"


def test_the_api_document_describes_the_self_check_on_the_text_it_runs_on(after, revision, client_factory):
    """The OpenAPI document's self-check answers are the questions of the text the self-check uses: the
    draft's before the final text is published, the final text's after (row 22 new, rows 19-21 renumbered,
    row 17 gone), the same list GET /api/v1/self-check/questions gives; its example is accepted."""
    client = client_factory()

    def described():
        doc = client.get("/api/v1/openapi.json").get_json()
        schema = doc["components"]["schemas"]["SelfCheckIn"]
        return set(schema["properties"]["answers"]["properties"]), schema["example"]

    def listed():
        return {q["name"] for q in client.get("/api/v1/self-check/questions").get_json()["questions"]}

    names, _ = described()
    assert names == listed() and "annex-1/23" in names and "annex-1/17" in names
    with after.session() as s:
        _revise(s, after.consultation, revision, after.now())
        s.commit()
    names, example = described()
    assert names == listed()
    assert "annex-1/23" not in names and "annex-1/17" not in names and "annex-1/22" in names
    got = client.post("/api/v1/self-check", json=example)
    assert got.status_code == 200, got.get_json()
    assert got.get_json()["text"]["revision"] == 1
