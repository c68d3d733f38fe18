"""The search index over the draft: one document per citable part, expanded with the lexicon.

Each article, item, sub-item, indicator row, annex table, the notice and the drafting explanation is a
document made of its official text, its topic terms (data/topics.yaml) and, for every lexicon concept
its text mentions, that concept's other words (so English questions meet Chinese text). FAQ entries
(data/faq.yaml) are documents too; they point at the references they rest on. Built once per process.
"""
from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import numpy as np
import yaml
from pydantic import ValidationError

from consultation.document import Consultation, get_consultation
from consultation.schema import Strict

from . import intents as I
from .profile import Profile, load_profile
from .spelling import Speller
from .text import add_words, normalise, tokens

DATA = Path(__file__).parent / "data"
SKIP_KINDS = {"general", "chapter"}


class Concept(Strict):
    zh: list[str]
    en: list[str] = []
    # Phrases in which the concept's terms mean something else ("a valid reason" is no validity period).
    unless: list[str] = []
    # Everyday phrasings only a question uses (赚多少 for 利润, 上规模的工厂): they bring the concept's terms to
    # the question but add nothing to the draft's parts, whose weighting they would otherwise shift.
    asked: list[str] = []


class LexiconFile(Strict):
    concepts: list[Concept]


class Topic(Strict):
    terms: list[str] = []
    en: str
    zh: str


class FaqEntry(Strict):
    id: str
    questions: list[str]
    refs: list[str]
    answer_zh: str | None = None
    answer_en: str | None = None


class FaqFile(Strict):
    entries: list[FaqEntry]


def _load(path: Path, model):
    try:
        return model.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    except ValidationError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc


@dataclass
class Doc:
    key: str  # a reference, or faq:<id>
    refs: list[str]
    kind: str
    tokens: list[str]


@dataclass
class Index:
    consultation: Consultation
    docs: list[Doc]
    retriever: bm25s.BM25
    vocabulary: set[str]
    concepts: list[tuple[list, list[str]]]
    topics: dict[str, Topic]
    faq: dict[str, FaqEntry]
    kinds: np.ndarray = field(default=None)
    position: dict[str, int] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)  # term defined in an annex note -> annex ref
    cache: dict = field(default_factory=dict)
    df: dict[str, int] = field(default_factory=dict)
    speller: Speller | None = None
    _expanded: dict = field(default_factory=dict)
    profile: Profile | None = None
    rules: object = None  # guidance.eligibility.Rules of this consultation
    # Latin spellings a lexicon concept lists among its Chinese terms (AI for 人工智能), to the draft's word.
    latin_terms: dict[str, str] = field(default_factory=dict)
    intents: I.Intents = I.DEFAULT  # the question types of this consultation (data/intents.yaml, guidance.intents)

    def in_draft_words(self, q: str) -> str:
        """`q` with the Latin spellings of the draft's words written as the draft writes them (AI产业营收 →
        人工智能产业营收), where a row's wording is compared character by character."""
        for latin, word in self.latin_terms.items():
            q = re.sub(rf"(?<![a-z]){re.escape(latin)}(?![a-z])", word, q)
        return q

    def expand(self, text: str) -> list[str]:
        """The lexicon terms a normalised text mentions, to add to its tokens."""
        cached = self._expanded.get(text)
        if cached is None:
            cached = []
            for patterns, words in self.concepts:
                if any(p.search(text) for p in patterns):
                    cached.extend(words)
            if len(self._expanded) > 4096:
                self._expanded.clear()
            self._expanded[text] = cached
        return list(cached)

    def terms_in(self, text: str) -> list[str]:
        """The lexicon terms (of any language, `asked` phrasings too) a normalised text contains."""
        key = ("terms_in", text)
        found = self._expanded.get(key)
        if found is None:
            found = [t.text for patterns, _words in self.concepts for p in patterns
                     for t in (p.terms if isinstance(p, _Unless) else [p]) if t.search(text)]
            if len(self._expanded) > 4096:
                self._expanded.clear()
            self._expanded[key] = found
        return list(found)

    def coverage(self, query_tokens, understood: set[str] = frozenset()) -> float:
        """Share of the question's information (IDF-weighted) that the draft's vocabulary holds; tokens
        inside a lexicon phrasing the question uses (`understood`: 新能源车 for 智能网联汽车) count as held."""
        if not query_tokens:
            return 0.0
        n = len(self.docs)
        total = known = 0.0
        for t in query_tokens:
            df = self.df.get(t, 0)
            w = math.log(1 + n / (df or 1))
            total += w
            if df or t in understood:
                known += w
        return known / total if total else 0.0

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        known = [t for t in query_tokens if t in self.vocabulary]
        if not known:
            return np.zeros(len(self.docs), dtype="float32")
        return self.retriever.get_scores(known)


class _Term:
    """A lexicon term: found by a plain substring test, English terms then checked for word boundaries."""

    __slots__ = ("text", "hyphened", "boundary")

    def __init__(self, term: str):
        self.text = normalise(term)
        only_latin = re.search(r"[a-z]", self.text) and not re.search(r"[\u4e00-\u9fff]", self.text)
        # English compounds are written with a hyphen as often as with a space (market-share indicator).
        self.hyphened = self.text.replace(" ", "-") if only_latin and " " in self.text else None
        words = r"[ -]".join(re.escape(w) for w in self.text.split(" ")) if self.hyphened else re.escape(self.text)
        self.boundary = re.compile(rf"(?<![a-z]){words}(?![a-z])") if only_latin else None

    def search(self, text: str) -> bool:
        if self.text not in text and (self.hyphened is None or self.hyphened not in text):
            return False
        return self.boundary is None or bool(self.boundary.search(text))


class _Unless:
    """A concept's terms, not counted inside the phrases where they mean something else."""

    __slots__ = ("terms", "phrases")

    def __init__(self, terms: list[_Term], phrases: list[str]):
        self.terms, self.phrases = terms, [normalise(p) for p in phrases]

    def search(self, text: str) -> bool:
        for p in self.phrases:
            text = text.replace(p, " ")
        return any(t.search(text) for t in self.terms)


def _concept_patterns(concept: Concept) -> list:
    terms = [_Term(term) for term in [*concept.zh, *concept.en, *concept.asked]]
    return [_Unless(terms, concept.unless)] if concept.unless else terms


def _zone_words(profile: Profile | None, annex: int) -> str:
    for z in profile.zone_types if profile else ():
        if z.annex == annex:
            return f"{z.zh} {z.en}"
    return ""


def node_search_text(c: Consultation, ref: str, profile: Profile | None = None) -> str:
    node = c.node(ref)
    parts = [node.title or "", node.text]
    if node.kind == "row":
        annex = c.source.annexes[node.annex - 1]
        heading = next(cat.heading for cat in annex.categories if cat.name == node.category)
        parts += [node.group or "", heading, node.method or "", annex.title, _zone_words(profile, node.annex),
                  "指标 分值 分"]
    elif node.kind == "annex":
        annex = c.source.annexes[node.annex - 1]
        parts += [cat.heading for cat in annex.categories]
        parts += [_zone_words(profile, node.annex), "指标表 一级指标 满分 总分 100分"]
        if any(f.ref == ref for f in c.findings):
            parts += [f.zh for f in c.findings if f.ref == ref] + ["序号 缺少"]
    elif node.kind in ("article", "item") and len(node.text.strip()) < 16:
        parts += [c.node(ch).text for ch in node.children]
    return " ".join(p for p in parts if p)


def build(consultation: Consultation | None = None, data_dir: Path = DATA) -> Index:
    """The index of one consultation with its guidance data folder (by default this service's draft)."""
    from . import eligibility

    c = consultation or get_consultation()
    profile = load_profile(data_dir, c)
    if data_dir == DATA and consultation is None:
        rules = eligibility.rules()
    else:
        rules = eligibility.load(data_dir / "eligibility.yaml", c, data_dir / "dev_zones.yaml")
    lexicon = _load(data_dir / "lexicon.yaml", LexiconFile)
    topics_raw = yaml.load((data_dir / "topics.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    try:
        topics = {ref: Topic.model_validate(v) for ref, v in topics_raw.items()}
    except ValidationError as exc:
        raise ValueError(f"topics.yaml: {exc}") from exc
    faq = {e.id: e for e in _load(data_dir / "faq.yaml", FaqFile).entries}
    if c.revision is not None:  # a revised text: the data cites the draft; follow moved parts, drop removed ones
        topics = {c.successor(ref): t for ref, t in topics.items() if c.successor(ref)}
        faq = {k: e.model_copy(update={"refs": [c.successor(r) for r in e.refs if c.successor(r)]})
               for k, e in faq.items()}
    for ref in [*topics, *(r for e in faq.values() for r in e.refs)]:
        if ref not in c.nodes:
            raise ValueError(f"guidance data cites unknown reference {ref}")

    add_words(w for concept in lexicon.concepts for w in concept.zh)
    add_words(w for t in topics.values() for w in t.terms)
    for annex in c.source.annexes:
        add_words(cat.name for cat in annex.categories)
        add_words(r.group for r in annex.rows)

    tokens.cache_clear()  # segmentation changed with the added words

    concepts = [(_concept_patterns(k), [normalise(w) for w in k.zh + k.en]) for k in lexicon.concepts]
    partial = Index(c, [], None, set(), concepts, topics, faq, profile=profile, rules=rules, intents=I.load(data_dir))
    partial.latin_terms = {normalise(w): normalise(k.zh[0]) for k in lexicon.concepts for w in k.zh[1:]
                           if w.isascii() and not k.zh[0].isascii()}

    docs: list[Doc] = []
    draft_text: list[str] = []
    for ref, node in c.nodes.items():
        if node.kind in SKIP_KINDS:
            continue
        text = normalise(node_search_text(c, ref, profile))
        draft_text.append(text)
        topic = topics.get(ref)
        if topic:
            text += " " + normalise(" ".join(topic.terms))
        words = list(tokens(text)) + [t for w in partial.expand(text) for t in tokens(w)]
        docs.append(Doc(ref, [ref], node.kind, words))
    for annex in c.source.annexes:
        for k, note in enumerate(annex.notes):
            text = normalise(note + " 注 定义 说明 " + _zone_words(profile, annex.number))
            words = list(tokens(text)) + [t for w in partial.expand(text) for t in tokens(w)]
            docs.append(Doc(f"note:annex-{annex.number}:{k}", [f"annex-{annex.number}"], "note", words))
    for entry in faq.values():
        text = normalise(" ".join(entry.questions))
        words = list(tokens(text)) + [t for w in partial.expand(text) for t in tokens(w)]
        docs.append(Doc(f"faq:{entry.id}", list(entry.refs), "faq", words))

    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index([d.tokens for d in docs], show_progress=False)
    partial.docs = docs
    partial.retriever = retriever
    partial.vocabulary = {t for d in docs for t in d.tokens}
    partial.df = dict(Counter(t for d in docs for t in set(d.tokens)))
    partial.kinds = np.array([d.kind for d in docs])
    partial.position = {d.key: i for i, d in enumerate(docs)}
    partial.definitions = _definitions(c)
    partial.speller = Speller(partial.vocabulary | {w for concept in lexicon.concepts for w in concept.zh}
                              | _asking_words(rules), names=_place_names(rules), text="\n".join(draft_text),
                              bodies=_place_names(rules), own_bodies=_self_bodies(rules),
                              asks=[p for p in rules.groups["apply_verb"] if re.search(r"[\u4e00-\u9fff]", p.pattern)])
    return partial


def _place_names(rules) -> set[str]:
    """The full names of China's divisions (无为市, 界首市): a typo is never read across one."""
    from .places import gazetteer

    return {d.name for d in gazetteer(rules.data.jurisdiction.province).divisions.values() if d.level != "country"}


def _self_bodies(rules) -> set[str]:
    """The words an asker names its own county or district by (我县, 本区, 我们县): the eligibility data's
    words of self-reference, with the unit they end in or followed by one."""
    words = {w for p in rules.groups["self_reference"] for w in re.findall(r"[\u4e00-\u9fff]+", p.pattern)}
    return {w for w in words if w[-1] in "县区"} | {w + u for w in words if w[-1] not in "县区市" for u in "县区"}


def _asking_words(rules) -> set[str]:
    """The words a may-we-apply question is asked in (有资格, 能不能报), from the consultation's eligibility
    data: they are not the draft's words, yet a homophone of them (有资各) must still be read as them."""
    groups = ("apply_question", "strong_apply")
    return {w for g in groups for p in rules.groups[g] for w in re.findall(r"[\u4e00-\u9fff]{2,4}", p.pattern)}


_DEFINES = re.compile(r"(?:^|[。,,:]|\d\.)\s*([\u4e00-\u9fff()()A-Za-z]{2,12}?)\s*(?:是指|为涉及)|均为([\u4e00-\u9fff]{2,12})")


def _definitions(c: Consultation) -> dict[str, str]:
    """Terms the annex notes define (人工智能企业是指…, 智能产品为…, …均为工业大模型开发者)."""
    found = {}
    for annex in c.source.annexes:
        for note in annex.notes:
            for m in _DEFINES.finditer(note.replace("注:", "")):
                term = (m.group(1) or m.group(2)).strip()
                term = re.sub(r"^\(?AI\)?", "", term).replace("(AI)", "")
                if len(term) >= 2:
                    found[normalise(term)] = f"annex-{annex.number}"
            if "统计范围" in note:
                found["统计范围"] = f"annex-{annex.number}"
    return found


_index: Index | None = None
_revised: dict[tuple, Index] = {}
_lock = threading.Lock()


def get_index(consultation: Consultation | None = None) -> Index:
    """The process's index over the draft, built on first use; or over a revised text (see
    consultation.revisions.guidance_text), built once per revision."""
    global _index
    if consultation is not None and consultation.revision is not None:
        key = (consultation.id, consultation.revision, id(consultation))
        with _lock:
            if key not in _revised:
                _revised.clear()
                _revised[key] = build(consultation)
            return _revised[key]
    if _index is None:
        with _lock:
            if _index is None:
                _index = build()
    return _index
