"""What kind of question this is, apart from what it is about.

Plain ranking confuses "how many points" with "what is this indicator", and "when does the
consultation close" with "when does the guideline take effect". These patterns name the question type;
the answer engine turns types into preferences among the parts of the draft (never into an answer by
themselves: a type only re-orders what the search found, except for the notice facts).

The patterns are data (data/intents.yaml), not code, because many of them hold a draft's content rather
than the language's: the other programmes the Anhui draft only counts as indicators, the money it does not
quantify, the regions other than Anhui, the bodies and titles it names. A second consultation's guidance
folder may bring its own intents.yaml naming only what differs (a Jiangxi draft's other regions include
Anhui, not Jiangxi); every other intent is inherited from this service's file. The folder's intents are
compiled once, when its index is built (guidance.index.build), and `answer` makes them the active ones for
the question it answers, so the callers keep writing `I.POINTS.search(q)` and get the consultation's own.
Outside an answer (or in a thread of its own) the service's draft's intents are active.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import yaml
from pydantic import ValidationError

from consultation.schema import Strict

DATA_FILE = Path(__file__).parent / "data" / "intents.yaml"
FILE_NAME = "intents.yaml"
_FRAGMENT = re.compile(r"\{\{([A-Z_]+)\}\}")


def _re(*parts: str) -> re.Pattern:
    return re.compile("|".join(parts), re.I)


class Entry(Strict):
    about: str  # what it recognises, one line
    draft: bool = False  # its words are the draft's content, not the language's
    zh: list[str] = []
    en: list[str] = []
    both: list[str] = []  # an alternative of both languages at once (^(你好|hello)$)

    def source(self) -> str:
        return "|".join([*self.zh, *self.en, *self.both])


class IntentsFile(Strict):
    fragments: dict[str, Entry] = {}
    intents: dict[str, Entry] = {}


# The question types preferences (profile.yaml) may name, and the intent each reads.
_NAMED = {
    "points": "POINTS", "when": "WHEN", "issuer": "ISSUER", "attachments": "ATTACHMENTS",
    "deadline": "DEADLINE", "consult": "CONSULT", "drafted": "DRAFTED", "validity": "VALIDITY",
    "mailbox": "MAILBOX", "subject": "SUBJECT", "form": "FORM", "procedure": "PROCEDURE", "materials": "MATERIALS",
    "evaluation": "EVALUATION", "frequency": "FREQUENCY", "applying": "APPLYING", "interpret": "INTERPRET", "types": "TYPES",
    "define": "DEFINE", "responsible": "RESPONSIBLE", "duties": "DUTIES", "after": "AFTER", "naming": "NAMING",
    "applying_body": "APPLYING_BODY", "municipal": "MUNICIPAL", "reporting": "REPORTING", "review": "REVIEW",
    "destination": "DESTINATION", "who_checks": "WHO_CHECKS", "consequence": "CONSEQUENCE", "consent": "CONSENT",
    "conditions": "CONDITIONS", "purpose": "PURPOSE", "scope": "SCOPE", "apply_word": "APPLY_WORD",
    "how_where": "HOW_WHERE", "review_word": "REVIEW_WORD", "first_review": "FIRST_REVIEW",
    "difference": "DIFFERENCE", "unit": "UNIT", "method": "METHOD", "after_not_naming": None,
    "may_comment": "MAY_COMMENT", "channel": "CHANNEL", "comment_how": "COMMENT_HOW", "title_at_stake": "TITLE_AT_STAKE",
    "contents": "CONTENTS",
}


class _AfterNotNaming:
    """After recognition, but not asking the recognised title (认定后要做什么, not 认定后叫什么)."""

    def __init__(self, intents: "Intents"):
        self._intents = intents

    def search(self, q):
        return self._intents.AFTER.search(q) and not self._intents.NAMING.search(q)


class Intents:
    """One consultation's intents, compiled: an attribute per intent (POINTS), NAMED for the preferences."""

    def __init__(self, data: IntentsFile, origin: str):
        self.data = data
        fragments = {name: e.source() for name, e in data.fragments.items()}

        def expand(name: str, source: str) -> str:
            def one(m):
                if m.group(1) not in fragments:
                    raise ValueError(f"{origin}: {name} names an unknown fragment {m.group(1)}")
                return fragments[m.group(1)]
            return _FRAGMENT.sub(one, source)

        self.sources = {name: expand(name, e.source()) for name, e in data.intents.items()}
        for name, source in self.sources.items():
            try:
                setattr(self, name, re.compile(source, re.I))
            except re.error as exc:
                raise ValueError(f"{origin}: {name} is no regular expression: {exc}") from exc
        self.NAMED = {key: getattr(self, name) if name else _AfterNotNaming(self) for key, name in _NAMED.items()}


def _read(path: Path) -> IntentsFile:
    try:
        return IntentsFile.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {})
    except ValidationError as exc:
        raise ValueError(f"{path}: {exc}") from exc


def _inherit(base: IntentsFile, own: IntentsFile, path: Path) -> IntentsFile:
    """`base` with each entry `own` names replaced whole; a name `base` lacks is a mistake (a misspelt override
    would silently change nothing)."""
    for section in ("fragments", "intents"):
        unknown = sorted(set(getattr(own, section)) - set(getattr(base, section)))
        if unknown:
            raise ValueError(f"{path}: unknown {section} {unknown}")
    return IntentsFile(fragments={**base.fragments, **own.fragments}, intents={**base.intents, **own.intents})


def _service_intents() -> Intents:
    """This service's intents, which every consultation inherits; each question type a preference may name
    must have one."""
    intents = Intents(_read(DATA_FILE), DATA_FILE.name)
    missing = [name for name in _NAMED.values() if name and not hasattr(intents, name)]
    if missing:
        raise ValueError(f"{DATA_FILE.name}: the question types {missing} have no intent")
    return intents


DEFAULT = _service_intents()

_loaded: dict[Path, Intents] = {}


def load(data_dir: Path) -> Intents:
    """The intents of the consultation whose guidance data is in `data_dir`: its own intents.yaml over this
    service's, or this service's alone; compiled once per folder."""
    path = (data_dir / FILE_NAME).resolve()
    if path == DATA_FILE.resolve() or not path.exists():
        return DEFAULT
    if path not in _loaded:
        _loaded[path] = Intents(_inherit(DEFAULT.data, _read(path), path), f"{path.parent.name}/{FILE_NAME}")
    return _loaded[path]


_active: ContextVar[Intents] = ContextVar("intents", default=DEFAULT)


@contextmanager
def active(intents: Intents):
    """`intents` are the ones read while the block runs (an answer over one consultation's index)."""
    token = _active.set(intents)
    try:
        yield intents
    finally:
        _active.reset(token)


def __getattr__(name: str):
    # I.POINTS, I.NAMED: the active consultation's (module attributes not defined here come this way).
    if name.isupper() and not name.startswith("__"):
        try:
            return getattr(_active.get(), name)
        except AttributeError:
            pass
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def asks_points(q: str) -> bool:
    """Whether `q` asks for points (多少分, how many points), not only names the scoring it is about."""
    current = _active.get()
    return bool(current.POINTS.search(current.SCORING_PLACE.sub(" ", q)))
