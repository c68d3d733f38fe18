"""A consultation's question types (intents) are data: the second consultation's folder brings only the
intents where it differs (tests/fixtures/mini/guidance/intents.yaml: Jiangxi is its home and Anhui another
region), inherits the rest, and the same engine follows them with no code change."""
from pathlib import Path

import pytest

from consultation.document import load_file
from guidance import intents as I
from guidance.answer import answer
from guidance.index import build

HERE = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def index():
    return build(load_file(HERE / "consultation.yaml"), HERE / "guidance")


def test_its_own_provinces_scheme_is_answered_and_anhuis_declined(index):
    own = answer("江西省的智慧农业示范基地认定怎么申报?", index)
    assert not own.declined, own.answer
    assert "art-3" in [c["ref"] for c in own.citations]
    assert answer("安徽省的智慧农业示范基地认定怎么申报?", index).declined
    assert answer("Does Anhui have a similar policy?", index).declined


def test_the_anhui_draft_keeps_its_own_regions():
    assert answer("江西省的示范区认定怎么申报?").declined
    assert answer("安徽有没有类似的政策?").declined is False


def test_inherited_where_not_overridden_and_compiled_once(index):
    own = I.load(HERE / "guidance")
    assert index.intents is own and I.load(HERE / "guidance") is own
    assert own.POINTS.pattern == I.DEFAULT.POINTS.pattern
    # the overridden fragment reaches every intent written with it
    for name in ("OTHER_REGION", "FOR_OTHER_SCHEME"):
        assert "安徽" in own.sources[name] and "江西" not in own.sources[name]
        assert "江西" in I.DEFAULT.sources[name]
    assert I.load(Path(__file__).parent.parent / "guidance" / "data") is I.DEFAULT


def test_the_active_intents_are_the_answered_consultations_only_while_answering(index):
    answer("江西省的智慧农业示范基地认定怎么申报?", index)
    assert I.OTHER_REGION is I.DEFAULT.OTHER_REGION
    with I.active(index.intents):
        assert I.OTHER_REGION is index.intents.OTHER_REGION
        assert I.NAMED["points"] is index.intents.POINTS
    assert I.NAMED is I.DEFAULT.NAMED


def test_a_misspelt_or_broken_intent_is_refused_when_loaded(tmp_path):
    (tmp_path / "intents.yaml").write_text("intents:\n  MAILBOXES:\n    about: x\n    zh: ['邮箱']\n", encoding="utf-8")
    with pytest.raises(ValueError, match="MAILBOXES"):
        I.load(tmp_path)
    (tmp_path / "intents.yaml").write_text("intents:\n  MAILBOX:\n    about: x\n    zh: ['邮箱(']\n", encoding="utf-8")
    with pytest.raises(ValueError, match="MAILBOX"):
        I.load(tmp_path)
    (tmp_path / "intents.yaml").write_text("intents:\n  MAILBOX:\n    about: x\n    zh: ['{{NOWHERE}}']\n", encoding="utf-8")
    with pytest.raises(ValueError, match="NOWHERE"):
        I.load(tmp_path)


def test_its_declines_name_its_own_programme_not_anhuis(index):
    """Declining another region's or programme's question, the answer names the programme the draft creates,
    from the consultation's profile: the Jiangxi draft's answers said "Anhui's demonstration zones"."""
    theirs = answer("安徽省的智慧农业示范基地认定怎么申报?", index)
    assert theirs.declined and "江西省智慧农业示范基地" in theirs.answer and "安徽" not in theirs.answer.split("请联系")[0]
    assert "Anhui's" not in answer("Does Anhui have a similar policy?", index).answer
    here = answer("江苏省的示范区怎么申报?")
    assert here.declined and "安徽省人工智能赋能新型工业化示范区" in here.answer
    in_english = answer("How does Zhejiang province run its AI pilot zones, is there a similar policy?")
    assert in_english.declined and "Anhui's demonstration zones of AI-enabled new industrialisation" in in_english.answer
