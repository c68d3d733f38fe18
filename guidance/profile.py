"""What the answer engine knows about one consultation beyond its text: data files, one folder per draft.

A folder holds eligibility.yaml (who may apply, guidance/eligibility.py), lexicon.yaml and topics.yaml
(search words and one-line summaries), faq.yaml, dev_zones.yaml (optional), intents.yaml (optional: the
question types' patterns where they differ from this service's, guidance/intents.py) and profile.yaml: the zone
types the draft defines (their names, the parts that define them, set their conditions and score them),
English names of the tables' first-level indicators, and the preferences a question's type gives among the
parts of the draft. A second draft gets a second folder; the code does not name any article.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import ValidationError, model_validator

from consultation.schema import Strict

from . import intents as I

DATA = Path(__file__).parent / "data"


# What the programme itself is or is for (是干什么的, what is it for): the name is then the question.
_ABOUT_ITSELF = re.compile(r"干什么|做什么|干啥|是啥|有什么用|目的|意义|为什么要|\bwhat (is|are)\b|\bpurpose\b|\bwhy\b", re.I)


class ZoneType(Strict):
    """One type of demonstration zone: how people name it and where the draft defines, conditions and scores it."""
    zh: str  # the official name
    en: str  # the English name (GLOSSARY.md)
    names: list[str]  # regular expressions people use for it, Chinese and English
    definition: str  # the part that defines it (art-3.1)
    conditions: str | None = None  # the part that sets its specific conditions (art-6.1)
    annex: int | None = None  # its indicator table


class Preference(Strict):
    """Question types that make some parts likelier answers: all of `when`, none of `unless`."""
    when: list[str]
    unless: list[str] = []
    prefer: dict[str, float]


class ProfileFile(Strict):
    materials: str | None = None  # the part listing the application materials (cited when asked to write them)
    titles: str | None = None  # the part naming the titles recognised zones get (compared by type when asked)
    money_refs: list[str] = []  # what the draft says about money, cited when declining amounts it does not give
    zone_types: list[ZoneType] = []
    categories_en: dict[str, str] = {}
    groups_en: dict[str, str] = {}  # English of the tables' second-level indicators (二级指标)
    units_en: dict[str, str] = {}  # English of the indicators' units (亿元: 100 million yuan)
    preferences: list[Preference] = []
    programme_names: list[str] = []  # regular expressions for the programme's whole name
    programme_head: str = ""  # what the name is read as in ranking (示范区)
    # The programme the draft creates, by language, as answers name it when they decline another programme's or
    # region's question (安徽省人工智能赋能新型工业化示范区): this draft's, not the engine's words.
    programme: dict[str, str] = {}

    @model_validator(mode="after")
    def _known_types(self):
        for p in self.preferences:
            for name in [*p.when, *p.unless]:
                if name not in I.NAMED and name != "apply_question":
                    raise ValueError(f"preference names an unknown question type {name!r}")
        for z in self.zone_types:
            for pattern in z.names:
                re.compile(pattern)
        for pattern in self.programme_names:
            re.compile(pattern)
        return self


class Profile:
    def __init__(self, data_dir: Path, data: ProfileFile, consultation):
        self.data_dir = data_dir
        self.data = data
        self.zone_types = data.zone_types
        self._zone_patterns = [re.compile("|".join(z.names), re.I) for z in data.zone_types]
        self._programme = re.compile("|".join(data.programme_names), re.I) if data.programme_names else None
        refs = [r for p in data.preferences for r in p.prefer] + list(data.money_refs)
        refs += [data.materials] if data.materials else []
        refs += [data.titles] if data.titles else []
        refs += [r for z in data.zone_types for r in (z.definition, z.conditions) if r]
        for ref in refs:
            if ref not in consultation.nodes:
                raise ValueError(f"{data_dir.name}/profile.yaml cites unknown reference {ref}")
        groups = {r.group for a in consultation.source.annexes for r in a.rows if r.group}
        unknown = sorted(set(data.groups_en) - groups)
        if unknown:
            raise ValueError(f"{data_dir.name}/profile.yaml: groups_en names no group of the tables: {unknown}")

    def zone_types_named(self, q: str) -> list[int]:
        """Indexes of the zone types a question names, in the order of the draft."""
        return [i for i, p in enumerate(self._zone_patterns) if p.search(q)]

    def zone_types_in_order(self, q: str) -> list[int]:
        """Indexes of the zone types a question names, in the order the question names them (技术赋能类…比产品创新类)."""
        found = [(m.start(), i) for i, p in enumerate(self._zone_patterns) if (m := p.search(q))]
        return [i for _, i in sorted(found)]

    def without_zone_types(self, q: str) -> str:
        """`q` with the zone types' names blanked: they name a table or an article, not an indicator's words
        (深度应用类 would match 使用工业大模型应用的企业)."""
        for p in self._zone_patterns:
            q = p.sub(" ", q)
        return q

    def programme_as_head(self, q: str) -> str:
        """`q` with the programme's whole name read as its head noun (人工智能赋能新型工业化示范区 → 示范区): the
        name says what the draft is about, not which part answers; the parts that repeat it (the naming
        article) would otherwise win every question that uses it. A question that is only the name (什么是…)
        keeps it."""
        if self._programme is None:
            return q
        if I.DEFINE.search(q) or _ABOUT_ITSELF.search(q):
            return q
        return self._programme.sub(self.data.programme_head, q)

    def preferences(self, q: str, asks_to_apply: bool) -> dict[str, float]:
        q = I.ASKERS_TASK.sub(" ", q)  # 领导让我写个汇报材料: what the answer is for, not what is asked
        present = {name for name, pattern in I.NAMED.items() if pattern.search(q)}
        if asks_to_apply:
            present.add("apply_question")
        out: dict[str, float] = {}
        for p in self.data.preferences:
            if all(w in present for w in p.when) and not any(u in present for u in p.unless):
                for ref, v in p.prefer.items():
                    out[ref] = out.get(ref, 0.0) + v
        return out

    def category_en(self, name: str) -> str:
        return self.data.categories_en.get(name, name)

    def unit_en(self, unit: str) -> str:
        """An indicator's unit for an English answer: the official unit, then its English when the profile gives
        one (亿元 (100 million yuan)), so a reader who does not know 亿 gets the magnitude."""
        english = self.data.units_en.get(unit)
        return f"{unit} ({english})" if english else unit

    def group_en(self, name: str) -> str:
        """A second-level indicator's name for an English answer: the English, then the official Chinese quoted
        (Policy support (“政策支持”)), so the asker can find the row in the table; a first-level one by its
        English alone, as the table summaries give it."""
        if name in self.data.groups_en:
            return f"{self.data.groups_en[name]} (“{name}”)"
        return self.data.categories_en.get(name, name)


def load_profile(data_dir: Path, consultation) -> Profile:
    path = data_dir / "profile.yaml"
    try:
        data = ProfileFile.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    except ValidationError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    return Profile(data_dir, data, consultation)
