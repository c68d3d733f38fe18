"""Chinese UI text takes full-width punctuation: the catalog check enforces it."""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


@pytest.mark.parametrize("text,fixed", [
    ("电话或电子邮箱,至少填写一项。", "电话或电子邮箱，至少填写一项。"),
    ("单位: %(unit)s。", "单位：%(unit)s。"),
    ("还剩 %(num)d 天(含今天)。", "还剩 %(num)d 天（含今天）。"),
    ("县级市能申报吗? 可以!", "县级市能申报吗？可以！"),
    ("一;二", "一；二"),
    ("API (JSON) 接口", "API（JSON）接口"),
    # A placeholder among Chinese characters is Chinese text: the mark beside it too.
    ("共%(n)d条,请核对。", "共%(n)d条，请核对。"),
    ("收到%(count)d份意见,%(late)d份逾期", "收到%(count)d份意见，%(late)d份逾期"),
    ("提交人%(name)s(%(org)s)", "提交人%(name)s（%(org)s）"),
    ("回执编号%(reference)s,请妥善保存", "回执编号%(reference)s，请妥善保存"),
    ("意见%(x)s(含附件)", "意见%(x)s（含附件）"),
    ("第%(n)s条: 内容", "第%(n)s条：内容"),
    ("截止日期为%(date)s!", "截止日期为%(date)s！"),
])
def test_ascii_punctuation_next_to_chinese_is_found_and_fixed(text, fixed):
    assert tool.ascii_punctuation(text)
    assert tool.full_width(text) == fixed
    assert not tool.ascii_punctuation(fixed)


@pytest.mark.parametrize("text", ["%(max)d 个字", "10:00 开始", "https://example.com/a?b=1", "Based on: %(refs)s",
                                  "{name} 您好", "e.g., API", "%(label)s: %(value)s", "%(name)s, %(org)s",
                                  "编号：%(a)s/%(b)s", "%(title)s (%(ref)s)"])
def test_placeholders_times_and_latin_text_are_left_alone(text):
    assert tool.ascii_punctuation(text) == []


def test_check_fails_on_a_catalog_with_ascii_punctuation(tmp_path, monkeypatch, capsys):
    po = tmp_path / "demo" / "zh_CN" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "A phone or an email, at least one."\nmsgstr "电话或电子邮箱,至少填写一项。"\n', encoding="utf-8")
    monkeypatch.setattr(tool, "LOCALES", tmp_path)
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    assert tool.check() == 1
    assert "ASCII punctuation" in capsys.readouterr().out
    tool.fix_punctuation()
    assert "电话或电子邮箱，至少填写一项。" in po.read_text(encoding="utf-8")
    assert tool.check() == 0


def test_every_zh_catalog_of_the_project_passes():
    assert tool.check() == 0


def _zh_fields(data, path=""):
    """Every Chinese text of a data file: the values under a `zh` key."""
    if isinstance(data, dict):
        for key, value in data.items():
            if (key == "zh" or str(key).endswith("_zh")) and isinstance(value, str):
                yield f"{path}/zh", value
            else:
                yield from _zh_fields(value, f"{path}/{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _zh_fields(value, f"{path}/{i}")


def test_service_written_chinese_in_the_guidance_data_is_full_width():
    """The scoring notes, level descriptions and plan hints are this service's own words (the outside
    test read "参照省内制造业强县(区)规上工业企业数量水平,取300家为满分参考。" on a page), and so are
    the Q&A's answers and topic summaries: full-width punctuation, like the catalogs. Quoted official
    text keeps the draft's own marks: article references such as 第六条(一), and a mark whose
    surroundings (five characters each side) are printed so in the draft, are left as they are."""
    import re

    import yaml

    from consultation.document import get_consultation

    official = "\n".join(node.text for node in get_consultation().nodes.values())
    article = re.compile(r"第[一二三四五六七八九十]+条(\([一二三四五六七八九十]+\))?(\d+\.)?(至\([一二三四五六七八九十]+\))?")
    data = ROOT / "guidance" / "data"
    files = sorted((data / "scoring").glob("*.yaml")) + sorted((data / "selfcheck").glob("*.yaml")) + \
        [data / "faq.yaml", data / "topics.yaml"]
    assert len(files) >= 6
    bad = []
    for f in files:
        for where, text in _zh_fields(yaml.safe_load(f.read_text(encoding="utf-8"))):
            text = article.sub("", text)
            if [i for i in tool.ascii_punctuation(text) if text[max(0, i - 5):i + 6] not in official]:
                bad.append(f"{f.name}{where}: {text}")
    assert not bad, "\n".join(bad[:10]) + f"\n({len(bad)} in all)"


def test_one_rule_says_which_locales_are_written_the_chinese_way():
    from babel import Locale

    from consultation.i18n import is_chinese

    assert [is_chinese(v) for v in ("zh", "zh_CN", Locale.parse("zh_Hans_CN"), "en", "en_GB", None, "")] == \
        [True, True, True, False, False, False, False]
