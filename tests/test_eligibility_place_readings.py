"""Place names in English answers are spelt as the places are known (长丰县: Changfeng County, 天长市: Tianchang
City), not by the commonest reading of each character (Zhangfeng, Tianzhang)."""
import pytest

from guidance.places import gazetteer


@pytest.mark.parametrize("name, english", [
    ("长丰县", "Changfeng County"),
    ("天长市", "Tianchang City"),
    ("涡阳县", "Guoyang County"),
    ("六安市", "Lu'an"),
    ("肥西县", "Feixi County"),
])
def test_english_names_use_the_customary_reading(name, english):
    d = next(d for d in gazetteer("34").divisions.values() if d.name == name and d.province == "34")
    assert d.english == english
