"""The answer engine on the final revision once its comparison table is published: it cites the final text
and says which text it used; before publication it cites the draft."""
from __future__ import annotations

from consultation.revisions import editing, guidance_text
from consultation.revisions.models import TextRevision
from guidance.answer import answer
from guidance.index import get_index
from tests.revisions.conftest import rows_of

QUESTION = "附件1第1项多少分?"
NEW_WORDING = "规模以上制造业企业数量(家,含在库企业)"


def _final(s, draft, rev_id, now):
    rev = s.get(TextRevision, rev_id)
    rows = rows_of(rev, 1)
    rows[0]["indicator"], rows[0]["points"] = NEW_WORDING, 6
    rows[1]["points"] = 2
    editing.save_rows(s, draft, rev, 1, categories=[], rows=rows, actor="editor", now=now)
    editing.mark_final(s, draft, rev, actor="admin", now=now)


def test_the_answer_engine_cites_the_final_revision_once_published(after, revision, client_factory):
    draft = after.consultation
    with after.session() as s:
        _final(s, draft, revision, after.now())
        s.commit()
        text = guidance_text(s, draft)
        assert text is draft  # final, but its comparison is not published yet
        before = answer(QUESTION, get_index(text))
        assert before.revision is None and before.citations[0]["quote"] == draft.quote("annex-1/1")
        editing.publish(s, draft, actor="admin", now=after.now())
        s.commit()
        text = guidance_text(s, draft)
    assert text.revision == 1 and text.node("annex-1/1").text == NEW_WORDING
    got = answer(QUESTION, get_index(text))
    assert got.revision == 1
    assert got.citations[0]["ref"] == "annex-1/1" and got.citations[0]["quote"] == NEW_WORDING
    assert "6" in got.answer and NEW_WORDING in got.answer

    client = client_factory()
    api = client.post("/api/v1/ask", json={"question": QUESTION}).get_json()
    assert api["revision"] == 1 and api["citations"][0]["quote"] == NEW_WORDING
    page = client.post("/ask", data={"question": QUESTION}).get_data(as_text=True)
    assert "以下回答引用修改稿（第1稿，定稿）" in page and NEW_WORDING in page
    # the draft's own engine is untouched
    assert answer(QUESTION).citations[0]["quote"] == draft.quote("annex-1/1")


def test_the_self_check_says_it_scores_the_draft_once_the_revised_text_is_out(after, revision, client_factory):
    from tests.selfcheck_support import full_answers

    client = client_factory()
    saved = client.post("/api/v1/self-check", json={"answers": full_answers(["tech_empowerment"]), "save": True})
    url = saved.get_json()["saved"]["url"]
    path = url[url.index("/self-check/"):]
    note = "本自检依据征求意见稿的指标表评分；修改稿已发布。"
    path += "/result" if not path.endswith("/result") else ""
    assert note not in client.get(path).get_data(as_text=True)
    with after.session() as s:
        _final(s, after.consultation, revision, after.now())
        editing.publish(s, after.consultation, actor="admin", now=after.now())
        s.commit()
    page = client.get(path).get_data(as_text=True)
    assert note in page and 'href="/comparison"' in page


def test_a_reference_in_the_drafts_numbering_is_noted_on_the_final_text(after, client_factory):
    """Once the final text renumbered annex 1, 附件1第21项 is read in the final numbering (the draft's row 23)
    and the answer says what row 21 was in the draft and where it went; a removed row is said removed."""
    from tests.revision_support import publish_final, renumbered_final

    draft = after.consultation
    content, origins = renumbered_final(draft)
    publish_final(after, content, origins)
    old_21, old_23 = draft.node("annex-1/21").text, draft.node("annex-1/23").text
    with after.session() as s:
        index = get_index(guidance_text(s, draft))
    got = answer("附件1第21项多少分?", index)
    assert got.citations[0]["ref"] == "annex-1/21" and got.citations[0]["quote"].endswith(old_23)
    assert f"征求意见稿的附件1第21项（{old_21}）在修改稿中为附件1第19项。" in got.answer
    assert "以下回答按修改稿的编号，指修改稿的附件1第21项。" in got.answer
    assert "annex-1/19" in [c["ref"] for c in got.citations]  # where the draft's row went, cited too

    gone = answer("附件1第17项是什么", index)
    assert f"征求意见稿的附件1第17项（{draft.node('annex-1/17').text}）在修改稿中已删除。" in gone.answer
    english = answer("Annex 1 row 23: how many points?", index)
    assert "In the draft for comment, Annex table 1, row 23" in english.answer and "row 21 in the revised" in english.answer
    # a number the renumbering left alone carries no note
    assert "征求意见稿" not in answer("附件1第16项多少分?", index).answer

    api = client_factory().post("/api/v1/ask", json={"question": "附件1第23项是什么"}).get_json()
    assert f"征求意见稿的附件1第23项（{old_23}）在修改稿中为附件1第21项。" in api["answer"]
    assert api["revision"] == 1 and "annex-1/21" in [c["ref"] for c in api["citations"]]
    # on the draft itself, nothing is noted
    assert "征求意见稿的附件1第21项" not in answer("附件1第21项多少分?").answer
