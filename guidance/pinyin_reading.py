"""Questions typed in toneless pinyin (wo men shi he fei de gao xin qu, neng bu neng shen bao?) read back to
characters, so they are answered like the Chinese they stand for.

Someone without a Chinese keyboard writes the sounds. The reading is a small input method: the question's
syllables are split (gaoxinqu: gao xin qu) and covered by words whose pinyin they spell, the longest words
first: the draft's own vocabulary and the words questions are asked in, place names, then jieba's common
words; a lone syllable becomes its most frequent character. Only a question that is pinyin from end to end
is read, and it is not read when a place name it spells is shared by several places (suzhou: 苏州 or 宿州)
or a syllable is left unread: then it stays as written (an English question it is not, so it is declined
with the office's contact), never a guess at where the body is.
"""
from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache

import jieba
from pypinyin import Style, lazy_pinyin, pinyin

from .text import CJK

_HANZI = re.compile(f"(?:{CJK.pattern})+")  # a word of Chinese characters only

_COMMON = 500  # jieba frequency from which a word is common enough to be typed
_LEAST_SYLLABLES = 5  # fewer: a name or an English word that happens to be pinyin (an, he, long)
# jieba frequency above which a word is in every sentence (我们, 可以: women is English); the lexicon's own
# words are registered at exactly this frequency (text.add_words), so they stay below it.
_EVERYDAY = 20000
_WORD = re.compile(r"[a-zü']+")
_PUNCTUATION = {",": ",", ".": "。", "?": "?", "!": "!", ";": ";", ":": ":"}


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (ü written v, as keyboards take it)."""
    chars = "".join(chr(c) for c in range(0x4E00, 0x9FA6))
    return frozenset(lazy_pinyin(chars, errors="ignore"))


def split(token: str) -> list[str] | None:
    """A run of letters as pinyin syllables (gaoxinqu: gao xin qu; xi'an: xi an), or None if it is none."""
    known = syllables()
    token = token.replace("ü", "v")
    parts = token.split("'")
    out: list[str] = []
    for part in parts:
        best: dict[int, list[str]] = {0: []}  # fewest syllables to spell part[:i]
        for i in range(len(part)):
            if i not in best:
                continue
            for j in range(min(len(part), i + 6), i, -1):
                s = part[i:j]
                if s in known and (j not in best or len(best[j]) > len(best[i]) + 1):
                    best[j] = best[i] + [s]
        if len(part) not in best:
            return None
        out += best[len(part)]
    return out


class PinyinReader:
    """Reads toneless pinyin back to characters with one consultation's words and the place names."""

    def __init__(self, draft_words, place_names):
        freq = jieba.dt.FREQ
        jieba.dt.check_initialized()
        self.words: dict[tuple[str, ...], tuple[float, str]] = {}
        self.places: dict[tuple[str, ...], set[str]] = {}
        for name in place_names:
            if len(name) >= 2:  # every reading (六安: lu an, and liu an as most write it)
                for key in _readings(name):
                    self.places.setdefault(key, set()).add(name)
        common = [w for w, f in freq.items() if f >= _COMMON and len(w) <= 4 and _HANZI.fullmatch(w)]
        for w in common:
            self._add(w, math.log(freq[w]))
        for key, names in self.places.items():
            for name in names:
                self._add(name, 20.0, key)
        self.draft: dict[str, set[str]] = {}  # a draft word's syllables run together (shenbao) -> its words
        for w in draft_words:
            if 2 <= len(w) <= 4 and _HANZI.fullmatch(w):
                self._add(w, 30.0)  # the draft's words first: a question about the draft is in them
                if freq.get(w, 0) <= _EVERYDAY:
                    self.draft.setdefault("".join(lazy_pinyin(w)), set()).add(w)
        self.longest = max(len(k) for k in self.words)

    def _add(self, word: str, weight: float, key: tuple[str, ...] | None = None) -> None:
        key = key or tuple(lazy_pinyin(word))
        if len(key) != len(word):
            return
        if key not in self.words or self.words[key][0] < weight:
            self.words[key] = (weight, word)

    def read(self, text: str) -> str | None:
        """`text` in characters, or None when it is not pinyin throughout or cannot be read safely."""
        pieces = re.findall(r"[a-zü']+|[,.?!;:]", text.lower().strip())
        if not pieces or re.sub(r"[a-zü'\s,.?!;:，。？！；：]", "", text.lower()):
            return None
        chunks: list[list[str] | str] = []
        for p in pieces:
            if p in _PUNCTUATION:
                chunks.append(_PUNCTUATION[p])
                continue
            s = split(p)
            if s is None:
                return None
            if chunks and isinstance(chunks[-1], list):
                chunks[-1] += s
            else:
                chunks.append(s)
        if sum(len(c) for c in chunks if isinstance(c, list)) < _LEAST_SYLLABLES:
            return None
        out = []
        for c in chunks:
            if isinstance(c, str):
                out.append(c)
                continue
            read = self._phrase(c)
            if read is None:
                return None
            out.append(read)
        return "".join(out)

    def draft_word(self, token: str) -> str | None:
        """The one draft word `token` spells (shenbao: 申报), or None: another spelling, or a sound two of
        the draft's words share, is no evidence for either."""
        words = self.draft.get(token.lower().replace("ü", "v"), ())
        return next(iter(words)) if len(words) == 1 else None

    def _phrase(self, syl: list[str]) -> str | None:
        """The best reading of a run of syllables: the fewest words, each as long and as usual as can be."""
        n = len(syl)
        best: list[tuple[float, list[tuple[str, tuple[str, ...]]]] | None] = [None] * (n + 1)
        best[0] = (0.0, [])
        for i in range(n):
            if best[i] is None:
                continue
            for j in range(min(n, i + self.longest), i, -1):
                key = tuple(syl[i:j])
                if key not in self.words:
                    continue
                weight, word = self.words[key]
                score = best[i][0] + (j - i) ** 2 * 10 + weight / 10
                if best[j] is None or best[j][0] < score:
                    best[j] = (score, best[i][1] + [(word, key)])
        if best[n] is None:
            return None
        words = best[n][1]
        # A place name several places share (suzhou: 苏州, 宿州): the reading would pick one of them.
        if any(len(self.places.get(key, ())) > 1 for _, key in words):
            return None
        return "".join(w for w, _ in words)


def _readings(name: str) -> list[tuple[str, ...]]:
    """A name's pinyin with every reading of its characters (at most eight combinations)."""
    usual = tuple(lazy_pinyin(name))  # the phrase's reading (六安: lu an), then each character's (liu an)
    options = [pinyin(ch, style=Style.NORMAL, heteronym=True)[0][:3] for ch in name]
    return list(dict.fromkeys([usual, *(tuple(c) for c in itertools.islice(itertools.product(*options), 8))]))


def read_question(index, text: str) -> str | None:
    """`text` read from pinyin with `index`'s consultation (its reader built on the first pinyin question:
    about a second), or None if it is not a question in pinyin."""
    if not _WORD.search(text.lower()) or re.search(r"[\u4e00-\u9fff]", text):
        return None
    if not all(split(w) for w in _WORD.findall(text.lower())):
        return None  # an English word: not pinyin, and nothing is built
    return _reader(index).read(text)


# A stretch of letters, spaces and ASCII punctuation between Chinese characters.
_LATIN_RUN = re.compile(r"[A-Za-zü'][A-Za-zü'\s,.?!;:]*")


def read_mixed(index, text: str) -> str | None:
    """A question of Chinese characters with a sentence typed in pinyin (zhuan jing te xin … ji fen? 专精特新那项):
    the pinyin read back, the characters kept; None when there is no such stretch. A stretch is read only
    when every word of it is pinyin and it has enough syllables to be a phrase (AI, PFLOPS, an English
    phrase are left as they are), and only as the whole reader would read it. A single short word is read
    too when it is the question's only Latin and spells one of the draft's words (县级市能不能shenbao: the
    asker's keyboard lacked one word), never an everyday word an English one also spells (women)."""
    if not re.search(r"[\u4e00-\u9fff]", text):
        return None
    worded = _english_words_read(text)
    text, changed_words = worded or text, worded is not None
    runs = list(_LATIN_RUN.finditer(text))
    out, last, changed = [], 0, False
    for m in runs:
        words = _WORD.findall(m.group(0).lower())
        parts = [split(w) for w in words]
        if not words or not all(parts):
            continue
        if sum(len(p) for p in parts) < _LEAST_SYLLABLES:
            lone = len(runs) == 1 and len(words) == 1 and len(parts[0]) >= 2
            read = _reader(index).draft_word(words[0]) if lone else None
            if read is not None:
                out += [text[last:m.start()], read]
                last, changed = m.end(), True
            continue
        read = _reader(index).read(m.group(0))
        if read is None:
            continue
        out += [text[last:m.start()], read]
        last, changed = m.end(), True
    return "".join(out) + text[last:] if changed else (text if changed_words else None)


# English words of asking who may apply, dropped into a Chinese question (县里能 apply 这个 demonstration zone 吗,
# 我们这个 zone maybe 是省级的, not sure): read as the Chinese they stand for, so the question is the may-we-apply
# it is in Chinese. Only these words, whole, and only in a question with Chinese characters; the longest first.
_ENGLISH_WORDS = {
    "demonstration zones": "示范区", "demonstration zone": "示范区", "demo zone": "示范区",
    "development zone": "开发区", "high-tech zone": "高新区", "industrial park": "园区",
    "county-level city": "县级市", "district": "区", "county": "县",
    "economic bureau": "经信局", "industry bureau": "工信局", "zone": "园区", "park": "园区",
    "apply for": "申报", "apply to": "申报", "apply": "申报", "eligible": "有资格申报", "qualify": "有资格申报",
    "not sure": "不确定", "not certain": "不确定", "maybe": "可能是", "probably": "大概", "i think": "好像",
}
_CHINESE_PER_WORD = 2  # Chinese characters a question has for each English word, at least, to be a Chinese one
_RUN_MOST = 3  # English words in a row, at most, that are words dropped into Chinese
# A run of English words, with the spaces around it.
_LATIN_WORDS = re.compile(r"[ ]*(?P<run>[A-Za-z][A-Za-z'-]*(?:[ ]+[A-Za-z][A-Za-z'-]*)*)[ ]*")
_ENGLISH_WORD = re.compile(r"(?<![a-z])(%s)(?![a-z])" % "|".join(
    re.escape(w) for w in sorted(_ENGLISH_WORDS, key=len, reverse=True)), re.I)


def _english_words_read(text: str) -> str | None:
    """`text` with the English words of `_ENGLISH_WORDS` read as their Chinese, or None when it has none or is
    not a Chinese question (a question mostly in English with Chinese terms, We want to apply for 技术赋能类, is
    answered as the English it is)."""
    if len(re.findall(r"[\u4e00-\u9fff]", text)) < _CHINESE_PER_WORD * len(re.findall(r"[a-z]+", text, re.I)):
        return None
    # Only words dropped among Chinese ones: a run of a few English words (能 apply 吗, not sure), not an English
    # sentence inside the question (We want to apply for 技术赋能类), which is read as English.
    def read(run: re.Match) -> str:
        words = run.group("run")
        if len(re.findall(r"[a-z]+", words, re.I)) > _RUN_MOST:
            return run.group(0)
        read = _ENGLISH_WORD.sub(lambda m: _ENGLISH_WORDS[m.group(0).lower()], words)
        # The spaces that set the English words apart are no pause once they are Chinese (一个 industrial park,
        # eligible?): if kept, a space between two Chinese words would end a clause there (body.pauses_marked), and
        # 合肥的一个 would be read as the body, apart from its 园区.
        if read != words and not re.search(r"[A-Za-z]", read):
            return read.replace(" ", "")
        return run.group(0).replace(words, read)

    out = _LATIN_WORDS.sub(read, text)
    return out if out != text else None


def _reader(index) -> PinyinReader:
    reader = index.cache.get("pinyin_reader")
    if reader is None:
        from .places import gazetteer

        g = gazetteer(index.rules.data.jurisdiction.province)
        reader = index.cache["pinyin_reader"] = PinyinReader(index.speller.words, list(g.zh))
    return reader
