"""Typo tolerance by pronunciation: words typed with a homophone (申抱, 负能, 示范去, 评姑) become the draft's own.

Chinese typing errors are mostly pinyin input picking the wrong character of the same sound. So the
speller knows the draft's vocabulary (every word of two to four characters in its text, its lexicon and
its topic terms) by toneless pinyin, and replaces a stretch of a question that is not itself a word
(neither the draft's nor a common word of jieba's dictionary) but sounds exactly like one of the draft's
words. No list of typos: a second consultation gets its own speller from its own text.

Pinyin keyboards also forgive the sounds many speakers do not tell apart (模糊音: in/ing, en/eng, an/ang,
z/zh, c/ch, s/sh), so 金开区 is typed for 经开区 (jin/jing). A stretch of three characters or more that
sounds like no word exactly may still be read as the one draft word it matches up to those pairs: long
enough that the match is no chance, and only when no other draft word matches the same way.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

import jieba
import jieba.posseg
from pypinyin import Style, lazy_pinyin, pinyin

from .text import CJK

@lru_cache(maxsize=8192)
def _readings(char: str) -> tuple[str, ...]:
    found = pinyin(char, style=Style.NORMAL, heteronym=True)
    return tuple(found[0][:3]) if found else (char,)


def _sound(stretch: str) -> str:
    """A typed stretch's sound: each character's most usual reading (what a pinyin keyboard matched)."""
    return "".join(_readings(ch)[0] for ch in stretch)


# The pairs pinyin keyboards' fuzzy mode (模糊音) merges: retroflex initials, and -n / -ng finals.
_FUZZY_INITIAL = re.compile(r"^(z|c|s)h")
_FUZZY_FINAL = re.compile(r"(?<=[aei])ng$")
_FUZZY_LEAST = 3  # characters: a shorter stretch matches some draft word by chance


def _fuzzy(syllable: str) -> str:
    return _FUZZY_FINAL.sub("n", _FUZZY_INITIAL.sub(r"\1", syllable))


def _fuzzy_sound(stretch: str) -> str:
    return " ".join(_fuzzy(_readings(ch)[0]) for ch in stretch)


# The words for administrative units are kept as typed (我们县想申报: 县想 sounds like 现向, but 县 says who asks):
# a slip of the keyboard rarely types one, and losing one loses the body.
_UNITS = set("省市县区镇乡村")
_COMMON = 1000  # jieba frequency from which a word is a common word (多少, 可以), not a chance pairing
# The unit characters a body word ends in (庐江县, 我们县, 包河区, 宁国市) that a slip may replace.
_BODY_UNITS = set("县区市")
# Dictionary tags of a character that reads as itself after a name or 我们 (我们先报, 我们试试, 合肥取消): a
# verb, adverb, adjective, preposition, conjunction, numeral, classifier or pronoun is a word of its own.
_WORD_FREQ = 20  # jieba frequency from which two characters are a word (县上, 现场), not a chance neighbour
_OWN_WORD_TAGS = re.compile(r"^(v|d|a|p|c|m|q|r|u|y|e|o)")


class Speller:
    def __init__(self, vocabulary, names=(), text="", bodies=(), own_bodies=(), asks=()):
        # Words a body is named by, ending in a unit: places (庐江县, 包河区) and the asker's own words (我们县,
        # 本区). A question typing the unit with another character of its sound (庐江现经信局, 我们线能不能报)
        # names that body (`_body_unit`); the asker's own word only right before its asking verb (`asks`:
        # 我们现能不能报), since 我们 is followed by anything.
        self.bodies = {b for b in bodies if 2 <= len(b) <= 8 and b[-1] in _BODY_UNITS}
        self.own_bodies = {b for b in own_bodies if 2 <= len(b) <= 8 and b[-1] in _BODY_UNITS}
        self.body_stems = {b[:-1] for b in self.bodies | self.own_bodies}
        self.asks = list(asks)
        self.words = {w for w in vocabulary if 2 <= len(w) <= 4 and all(CJK.match(ch) for ch in w)}
        # Every pair of adjacent characters of the draft's own text (占比 in 研发人员占比): a question's pair
        # the draft writes is the draft's wording, whatever jieba's dictionary says (it lacks 占比).
        self.pairs = {text[i:i + 2] for i in range(len(text) - 1) if CJK.match(text[i]) and CJK.match(text[i + 1])}
        # Place names (无为市, 界首市) are kept whole like common words: 无为市是 is no 无为实施.
        self.names = {n for n in names if 2 <= len(n) <= 6}
        usual: dict[str, set[str]] = {}
        for w in self.words:
            usual.setdefault("".join(lazy_pinyin(w)), set()).add(w)
        # A sound shared by two of the draft's words is no evidence for either. A slip types the word's usual
        # sound (长丰: changfeng), never a rare reading of one of its characters: 不太 (bu tai) is no 不能 though
        # 能 may be read tai, 一府 no 台服 (台: yi), so only the usual reading is matched.
        self.by_sound = {s: next(iter(ws)) for s, ws in usual.items() if len(ws) == 1}
        fuzzy: dict[str, set[str]] = {}
        for w in self.words:
            if len(w) >= _FUZZY_LEAST:
                fuzzy.setdefault(" ".join(_fuzzy(p) for p in lazy_pinyin(w)), set()).add(w)
        self.by_fuzzy = {s: next(iter(ws)) for s, ws in fuzzy.items() if len(ws) == 1}

    def _sounds_like(self, stretch: str, fuzzy: bool = False) -> str | None:
        if stretch in self.words or not all(CJK.match(ch) for ch in stretch):
            return None
        if fuzzy:
            found = self.by_fuzzy.get(_fuzzy_sound(stretch)) if len(stretch) >= _FUZZY_LEAST else None
        else:
            found = self.by_sound.get(_sound(stretch))
        # Readings are joined without a separator, so 我系安 (wo xi an) sounds like 我县 (wo xian): a word of
        # another length replaces no stretch, character for character.
        return found if found is not None and len(found) == len(stretch) else None

    def correct(self, text: str) -> str:
        """`text` (normalised) with each homophone of a draft word replaced by that word.

        Only stretches around a word jieba does not know (its HMM makes one of an unknown run: 申抱, 负能,
        范区) or a lone character are tried, longest first, so common words (是什么, 事实) are never touched;
        and a stretch whose correction would rewrite ordinary words (占比要, 管些什么, 县里有个) is not one
        (`plausible`).
        """
        freq = jieba.dt.FREQ
        # A correction changes no character of a common word of the text (要交多少钱: 交多 sounds like 角度, but
        # 多少 is a word; 有效其 → 有效期 keeps 有效). Common words only (各报 in 有资各报 is the typo's
        # by-product), wherever they start (多少 in 多少钱).
        # The draft's own words are kept the same way (能以园区: 以园 sounds like 亿元, but 园区 is the draft's).
        common = [(i, i + n) for n in (2, 3, 4) for i in range(len(text) - n + 1)
                  if freq.get(text[i:i + n], 0) >= _COMMON or text[i:i + n] in self.words]
        common += [(i, i + n) for n in (2, 3, 4, 5, 6) for i in range(len(text) - n + 1)
                   if text[i:i + n] in self.names]

        def keeps_words(a: int, b: int, target: str) -> bool:
            return all(target[i - a] == text[i] for s, e in common for i in range(max(s, a), min(e, b))) and all(
                target[i - a] == text[i] for i in range(a, b) if text[i] in _UNITS)

        def plausible(a: int, b: int, target: str, start: int, end: int) -> bool:
            """Whether replacing text[a:b] by `target` mends a slip rather than rewrites ordinary words."""
            # Two characters match some draft word by chance: a two-character slip is what jieba could not
            # read, never a pair taken across its neighbours (镇里有个: 里有 is no 理由; 跨界合作: 界合 no 结合).
            # Only a lone character after the run may be the slip, the run's last character kept (自评古报告).
            if b - a == 2 and (a < start or b > end) and not (
                    a == end - 1 and b in lone_ends and target[0] == text[a]):
                return False
            # An edge character changed away from the pair it makes with its neighbour outside, when the draft
            # itself writes that pair (占比要: 比要 sounds like 必要, but 占比 is the draft's column).
            if target[0] != text[a] and a > 0 and text[a - 1:a + 1] in self.pairs:
                return False
            if target[-1] != text[b - 1] and b < len(text) and text[b - 1:b + 1] in self.pairs:
                return False
            # A common one-character word changed at the start of a stretch that is otherwise a common word
            # begins no draft word (管些什么: 些什么 is no 写什么); one at the end may complete one (有效其).
            changed = [i for i in range(a, b) if target[i - a] != text[i]]
            return not (changed == [a] and b - a >= 3 and freq.get(text[a], 0) >= _COMMON
                        and freq.get(text[a + 1:b], 0) >= _COMMON)

        tokens = list(jieba.tokenize(text))
        lone_ends = {e for _, s, e in tokens if e - s == 1}
        out, done = [], 0
        for word, start, end in tokens:
            if start < done or not CJK.match(word[0]) or word in self.words:
                continue
            known = freq.get(word, 0) > 0
            if known and len(word) > 1:
                continue
            found = None
            # An unknown run may be a two-character slip; a known single character only the end of a longer
            # word (示范去 → 示范区), never a pair of common characters (县有 is not 现有). The exact sound
            # first, then the fuzzy one (金开区 → 经开区).
            for fuzzy, size in itertools.product((False, True), (4, 3) if known else (4, 3, 2)):
                low = max(done, start - size + 1)
                # a known character ends the word it completes: 些 never starts one (些什么 is not 写什么)
                for a in ([end - size] if known and end - size >= low else [] if known else
                          range(low, min(end - 1, len(text) - size) + 1)):
                    b = a + size
                    target = self._sounds_like(text[a:b], fuzzy)
                    if target and keeps_words(a, b, target) and plausible(a, b, target, start, end):
                        found = (a, b, target)
                        break
                if found:
                    break
            if found:
                a, b, target = found
                out.append(text[done:a])
                out.append(target)
                done = b
        out.append(text[done:])
        fixed = self._second_half("".join(out))
        fixed = self._same_slip(text, fixed) if fixed != text else fixed
        return self._body_unit(fixed)

    def _body_unit(self, text: str) -> str:
        """`text` with the unit of a body word typed as another character of its sound (庐江现 → 庐江县,
        我们线能不能报 → 我们县能不能报): the stem before it typed right names the body the unit ends.

        Ordinary words stay: a character that begins a word with what follows (现在, 现场, 县上), one
        more usual than the unit (先, 是, 去: a keyboard offers the usual one first, so typing it is meant) and
        one that is a word of its own there (我们试试, 庐江取消: a verb, an adverb) are never a unit."""
        if not self.body_stems:
            return text
        freq = jieba.dt.FREQ
        tags = jieba.posseg.dt.word_tag_tab
        out = list(text)
        for i in range(1, len(text)):
            ch = text[i]
            if ch in _UNITS or not CJK.match(ch):
                continue
            stem = next((text[i - n:i] for n in range(min(7, i), 0, -1) if text[i - n:i] in self.body_stems), None)
            if stem is None:
                continue
            asked = any(p.match(text, i + 1) for p in self.asks)
            unit = next((u for u in sorted(_BODY_UNITS) if _sound(u) == _sound(ch) and (
                stem + u in self.bodies or stem + u in self.own_bodies and asked)), None)
            if unit is None or freq.get(ch, 0) >= freq.get(unit, 0) or _OWN_WORD_TAGS.match(tags.get(ch, "")):
                continue
            after = [text[i:i + n] for n in (2, 3, 4)]
            # (The stem's last character may make a word with it, 西线 in 肥西线: the name typed right comes first.)
            if any(freq.get(w, 0) >= _WORD_FREQ or w in self.words for w in after) or text[i:i + 2] in self.pairs:
                continue
            out[i] = unit
        return "".join(out)

    def _second_half(self, text: str) -> str:
        """`text` with a four-character term of the draft whose first word is typed right and whose second
        is another word of the same sound (创建主题 for 创建主体) read as that term: both halves are words, so
        the pass over unknown runs never sees it, but a term begun in the draft's words and ended in its sound
        is that term."""
        tokens = list(jieba.tokenize(text))
        out = list(text)
        for (w1, _, _), (w2, s2, e2) in zip(tokens, tokens[1:]):
            if len(w1) != 2 or len(w2) != 2 or not all(CJK.match(ch) for ch in w1 + w2):
                continue
            target = self._sounds_like(w1 + w2)
            if target and target.startswith(w1) and target != w1 + w2:
                out[s2:e2] = target[2:]
        return "".join(out)

    def _same_slip(self, text: str, fixed: str) -> str:
        """`fixed` with a slip made once made again (申包…啥时候包,包给谁: 包 for 报 each time): a character
        the speller replaced inside a word is replaced where it stands alone too, when it was always replaced
        by the same, more usual one. Only alone (a one-character token): in a word (包括, 打包) it is that word's."""
        if len(fixed) != len(text):
            return fixed
        swaps: dict[str, set[str]] = {}
        for a, b in zip(text, fixed):
            if a != b and CJK.match(a):
                swaps.setdefault(a, set()).add(b)
        # Only towards a more usual character (包 → 报): a common one (市, 的) alone is meant as itself, even
        # where the speller read it into another word (撤县设市 is no 设施).
        freq = jieba.dt.FREQ
        swaps = {a: next(iter(bs)) for a, bs in swaps.items()
                 if len(bs) == 1 and freq.get(a, 0) < freq.get(next(iter(bs)), 0)}
        if not swaps:
            return fixed
        out = list(fixed)
        for word, start, end in jieba.tokenize(fixed):
            if end - start == 1 and word in swaps:
                out[start] = swaps[word]
        return "".join(out)
