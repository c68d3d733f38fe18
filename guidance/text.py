"""Normalising, language detection and tokenising questions and the draft the same way.

Normalising: NFKC (full-width letters, digits and punctuation to half width), then traditional to
simplified characters with OpenCC (t2s, character by character, so 縣級市 meets 县级市), lower case, and
colloquial wording mapped to the draft's. Typos by sound are corrected against the draft's own
vocabulary by guidance/spelling.py once the index knows that vocabulary.

Chinese is segmented with jieba (search mode, so 工业互联网平台 also yields 互联网 and 平台), with the
draft's own terms and the lexicon's terms added to its dictionary; English is lower-cased and reduced
by a small suffix stemmer (the draft's English vocabulary is small and fixed).
"""
from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba
import opencc
import yaml

jieba.setLogLevel(logging.WARNING)

CJK = re.compile(r"[\u4e00-\u9fff]")
_TOKEN = re.compile(r"[a-z0-9][a-z0-9&+\-]*|[\u4e00-\u9fff]+")

# English slips (Chinese ones are corrected by sound, guidance/spelling.py). 截至 is not a typo of 截止
# but means the same for a deadline.
TYPOS = {
    "截至": "截止", "申请报": "申报", "油箱": "邮箱", "游箱": "邮箱",
    "deadine": "deadline", "dealine": "deadline", "deadlin ": "deadline ", "aplly": "apply", "aply": "apply",
    "demostration": "demonstration", "demonstation": "demonstration", "guidline": "guideline",
    "eligable": "eligible", "elegible": "eligible", "materails": "materials", "evalution": "evaluation",
    "indicater": "indicator", "poins": "points", "consulation": "consultation", "adress": "address",
    # The province's name slipped by shape, not by sound (微 wei looks like 徽 hui), so the speller by sound
    # cannot mend it; the name decides whether a body is in Anhui at all.
    "安微": "安徽",
}

# Colloquial and regional wording, mapped to the plain words the draft and the patterns use.
COLLOQUIAL = {
    "啥时候": "什么时候", "咋样": "怎么样", "咋办": "怎么办", "咋弄": "怎么办理", "咋写": "怎么写", "咋报": "怎么申报",
    "咋": "怎么", "啥": "什么", "几回": "几次", "不及格": "不合格", "没及格": "不合格", "没通过": "不合格",
    "评上": "认定", "选上": "认定", "俺们": "我们", "俺": "我", "咱们": "我们", "咱": "我们", "能报不": "能申报吗",
    "能不能报": "能不能申报", "能报吗": "能申报吗", "可以报吗": "可以申报吗", "报不报得了": "能申报吗",
    "报名": "申报", "镇上": "镇", "村里": "村委会", "要不要": "是否需要",
    "工场": "工厂",
    # An official's opinion (同意的意见, 审核意见) is that office's approval or review, not a public comment.
    "同意的意见": "同意", "同意意见": "同意", "审核意见": "审核", "审查意见": "审核", "初审意见": "初审",
    "推荐意见": "推荐",
}

ZH_STOP = set("的 了 吗 呢 吧 啊 呀 么 嘛 哦 是 有 在 和 与 及 或 就 都 也 还 要 会 能 可 可以 能否 能不能 是否 "
              "我 我们 你 你们 他 他们 它 这 那 这个 那个 这些 哪 哪个 哪些 什么 怎么 怎样 怎么样 如何 为何 为什么 "
              "多少 几 几个 请问 请 一下 一个 一些 给 把 被 让 对 对于 关于 从 到 向 个 之 其 中 上 下 里 "
              "吗? 呢? 需要 需 应该 应 想 问 问下 下吗 得 地 着 过 又 再 很 更 最 所 以 而 且 并 如果 "
              "那么 还是 啥 咋 该 里面 方面 情况 相关 具体 一共 总共 分别 多久 时候".split())
EN_STOP = set("a an the of to in on for and or is are was were be been being do does did can could may might "
              "will would shall should must i we you he she it they me us our your their my this that these those "
              "what which who whom whose when where why how there here with about as at by from into than then "
              "so if not no any all some much many more most please tell know want need get have has had "
              "its it's what's whats one also just only own same such very s t don't doesn't".split())

_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s")


_T2S = opencc.OpenCC("t2s.json")
# Four Chinese characters or more, each followed by one space: a question spaced character by character.
_SPACED = re.compile(r"(?:[\u4e00-\u9fff] ){4,}")


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    t = _T2S.convert(unicodedata.normalize("NFKC", text or "").strip())
    t = re.sub(r"\s+", " ", t)
    if _SPACED.search(t):  # 绩 溪 县 可 以 申 报 吗: typed with a space after every character
        t = re.sub(r"(?<=[\u4e00-\u9fff,.?!;:]) (?=[\u4e00-\u9fff,.?!;:])", "", t)
    low = t.lower()
    for wrong, right in TYPOS.items():
        if wrong in low:
            low = low.replace(wrong, right)
    for word, plain in COLLOQUIAL.items():
        if word in low:
            low = low.replace(word, plain)
    return low


_FRAME = yaml.load((Path(__file__).parent / "data" / "language.yaml").read_text(encoding="utf-8"),
                   Loader=yaml.CSafeLoader)
_EN_FRAME, _ZH_FRAME = frozenset(_FRAME["english"]), frozenset(_FRAME["chinese"])
_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_ZH_RUN = re.compile(r"[\u4e00-\u9fff]+")


def has_chinese(text: str) -> bool:
    return bool(CJK.search(text or ""))


@lru_cache(maxsize=4096)
def language(text: str) -> str:
    """The language to answer `text` in: its frame, not its script (data/language.yaml says why). Chinese
    names in an English sentence leave it English; English words in a Chinese sentence leave it Chinese.
    Traditional characters count as their simplified forms."""
    if not has_chinese(text):
        return "en"
    english = sum(1 for w in _EN_WORD.findall(unicodedata.normalize("NFKC", text).lower()) if w in _EN_FRAME)
    if not english:
        return "zh"
    chinese = sum(1 for run in _ZH_RUN.findall(_T2S.convert(text)) for w in jieba.lcut(run) if w in _ZH_FRAME)
    return "en" if english > chinese else "zh"


def stem(word: str) -> str:
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix == "ies" or suffix == "ied":
                word += "y"
            break
    return word


def add_words(words) -> None:
    for w in words:
        if CJK.search(w) and len(w) >= 2:
            jieba.add_word(w, freq=20000)


@lru_cache(maxsize=4096)
def tokens(text: str, keep_stop: bool = False) -> tuple[str, ...]:
    """Search tokens of an already normalised text."""
    out: list[str] = []
    for chunk in _TOKEN.findall(text):
        if CJK.match(chunk):
            for w in jieba.lcut_for_search(chunk):
                w = w.strip()
                if w and (keep_stop or w not in ZH_STOP):
                    out.append(w)
        else:
            if keep_stop or chunk not in EN_STOP:
                out.append(stem(chunk))
    return tuple(out)


def sentences(text: str) -> list[str]:
    """The sentences of an official text, each an exact substring of it (ending punctuation kept)."""
    parts = re.findall(r"[^。;;\n]+[。;;]?", text)
    return [p for p in (s.strip() for s in parts) if p]



def asking_sentences(text: str) -> list[str]:
    """The sentences that ask (ending in a question mark), or the last one when none does: the sentences
    before them tell the asker's story."""
    parts = [p for p in re.split(r"(?<=[。！!?？；;:：])|(?<=[a-z]\.)\s", text) if p.strip(" ?？")]
    asked = [p for p in parts if p.rstrip().endswith(("?", "？"))]
    return asked or parts[-1:] or [text]


# A part of a question that asks something (吗, 几, 怎么, what …), not one that tells the asker's story.
ASKING = re.compile(r"[?？]|吗|呢|什么|啥|哪|几|多少|多久|谁|为什么|怎么|如何|怎样|是否|能否|可否|能不能|会不会|有没有|算不算|"
                    r"要不要|可不可以|是不是|行不行|^(what|when|who|which|how|where|why|is|are|does|do|can|will|should)\b",
                    re.I)
