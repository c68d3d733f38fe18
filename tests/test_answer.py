"""The answer engine: rules for eligibility, citations quoted exactly, declines, both languages, the CLI."""
import json

import pytest
from click.testing import CliRunner

from commands import main
from consultation.document import get_consultation
from guidance.answer import answer
from guidance.evaluate import evaluate


def assert_quotes_exact(a):
    c = get_consultation()
    for cite in a.citations:
        assert cite["quote"] and cite["quote"] in c.quote(cite["ref"])


def test_eligibility_is_decided_by_the_rules():
    a = answer("我们是市级开发区,能申报吗?")
    assert a.verdict == "not_eligible" and not a.declined and a.language == "zh"
    assert a.citations[0]["ref"] == "art-3"
    assert_quotes_exact(a)
    b = answer("Can a county-level city apply?")
    assert b.verdict == "eligible" and b.language == "en"


def test_window_answer_gives_dates_and_quotes_the_notice():
    a = answer("征求意见什么时候截止")
    assert "2025-12-17" in a.answer
    assert a.citations[0] == {"ref": "notice", "quote": "此次公开征求意见的起止时间为2025年11月18日至2025年12月17日。"}
    assert a.verdict is None


def test_mailbox_and_subject_line():
    a = answer("Which email address do I send comments to?")
    assert "chenwubiao@ahjxw.gov.cn" in a.answer
    assert "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议" in a.answer
    assert a.language == "en"


def test_points_of_an_indicator():
    a = answer("智能工厂数量多少分")
    assert a.citations[0]["ref"] == "annex-1/11"
    assert "8" in a.answer
    assert_quotes_exact(a)


def test_relevant_sentence_is_quoted():
    a = answer("不参加评估会怎么样")
    assert a.citations[0] == {"ref": "art-12", "quote": "无故不参加评估的,视为不合格。"}


@pytest.mark.parametrize("q", ["明天合肥天气怎么样", "Write me a poem about spring.", "上海的人工智能政策是什么",
                               "示范区认定后奖励多少钱", "怎么注册一家公司"])
def test_out_of_scope_is_declined_with_the_office_contact(q):
    a = answer(q)
    assert a.declined and a.verdict is None
    assert "chenwubiao@ahjxw.gov.cn" in a.answer
    assert_quotes_exact(a)


def test_empty_question_is_declined():
    assert answer("   ").declined


def test_chinese_answers_are_in_chinese():
    a = answer("示范区评估结果分几个等次")
    assert a.language == "zh" and "第十二条" in a.answer
    assert "According" not in a.answer


def test_evaluation_meets_the_targets(capsys):
    result = evaluate()
    for part in ("all", "heldout"):
        assert result[part]["top1"] >= 0.95, part
        assert result[part]["verdict"] == 1.0, part
        assert result[part]["decline"] == 1.0, part
    assert "held out" in capsys.readouterr().out


def test_cli_ask_readable():
    result = CliRunner().invoke(main, ["ask", "申报需要哪些材料"])
    assert result.exit_code == 0, result.output
    assert "art-9" in result.output and "申报书" in result.output


def test_cli_ask_json_reads_stdin_one_object_per_line():
    result = CliRunner().invoke(main, ["ask", "--json"], input="县级市能申报吗\nwhat's the weather like\n\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2
    assert set(lines[0]) == {"answer", "citations", "verdict", "declined", "language", "revision"}
    assert lines[0]["verdict"] == "eligible" and lines[0]["citations"][0]["ref"] == "art-3"
    assert lines[1]["declined"] is True and lines[1]["verdict"] is None and lines[1]["language"] == "en"


def test_a_row_the_table_does_not_have_is_answered_by_the_table_and_its_gap():
    a = answer("附件1第19项是什么指标")
    assert a.citations[0]["ref"] == "annex-1"
    assert "18" in a.answer and "21" in a.answer


def test_can_we_apply_without_saying_who_depends_on_the_kind_of_body():
    a = answer("Can we apply?")
    assert a.verdict == "depends" and a.citations[0]["ref"] == "art-3"


def test_the_smallest_unit_named_decides():
    assert answer("合肥市包河区可以申报吗").verdict == "eligible"
    assert answer("合肥市可以申报吗").verdict == "not_eligible"
    assert answer("合肥的企业可以申报吗").verdict == "not_eligible"
    assert answer("合肥高新区可以申报吗").verdict == "eligible"


def test_guidance_data_is_loaded_strictly(tmp_path, monkeypatch):
    import shutil

    import yaml

    from guidance import index as index_module

    for name in ("lexicon.yaml", "topics.yaml", "faq.yaml"):
        shutil.copy(index_module.DATA / name, tmp_path / name)
    monkeypatch.setattr(index_module, "DATA", tmp_path)
    assert index_module.build().docs  # the copies are valid

    faq = yaml.safe_load((tmp_path / "faq.yaml").read_text(encoding="utf-8"))
    faq["entries"][0]["refs"] = ["art-99"]
    (tmp_path / "faq.yaml").write_text(yaml.safe_dump(faq, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="art-99"):
        index_module.build()

    faq["entries"][0]["refs"] = ["notice"]
    faq["entries"][0]["answer"] = "an unknown key"
    (tmp_path / "faq.yaml").write_text(yaml.safe_dump(faq, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="faq.yaml"):
        index_module.build()
