"""The words the intake reads forms and emails by, from data/reading.yaml (loaded strictly)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from consultation.models import CATEGORIES, COMMENT_KINDS

DATA = Path(__file__).parent / "data" / "reading.yaml"
COLUMN_KINDS = ("number", "target", "original", "proposal", "reason", "kind", "points")
SUBMITTER_KEYS = ("name", "organisation", "phone", "email", "category")
_NOISE = re.compile(r"[\s\u3000()()\[\]【】<>《》/、,,.。::;;*_\-—]+")


class Reading(BaseModel):
    model_config = ConfigDict(extra="forbid")

    columns: dict[str, list[str]]
    required_columns: list[str]
    submitter: dict[str, list[str]]
    categories: dict[str, list[str]]
    kinds: dict[str, list[str]]
    text_comment_prefixes: list[str]
    text_comment_suffixes: list[str]
    text_reason_marks: list[str]
    signature_surnames: str
    signature_compound_surnames: list[str]
    signature_titles: list[str]
    signature_organisations: list[str]
    signature_closings: list[str]
    signature_labels: list[str]

    def model_post_init(self, _context) -> None:
        if set(self.columns) - set(COLUMN_KINDS) or set(self.required_columns) - set(self.columns):
            raise ValueError(f"{DATA.name}: unknown column kinds")
        if set(self.submitter) - set(SUBMITTER_KEYS):
            raise ValueError(f"{DATA.name}: unknown submitter keys")
        if set(self.categories) - set(CATEGORIES) or set(self.kinds) - set(COMMENT_KINDS):
            raise ValueError(f"{DATA.name}: unknown category or kind")


@lru_cache(maxsize=1)
def reading() -> Reading:
    return Reading.model_validate(yaml.safe_load(DATA.read_text(encoding="utf-8")))


def squeeze(text: str) -> str:
    """A heading or label without spaces, brackets and punctuation, lower case, NFKC."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def column_for(heading: str) -> str | None:
    """Which column of the comment table a heading names (条款(章节) → target), or None."""
    words = squeeze(heading)
    if not words:
        return None
    for kind, options in reading().columns.items():
        if any(squeeze(option) in words for option in options):
            return kind
    return None


def submitter_key(label: str) -> str | None:
    """Which submitter detail a label names (联系电话 → phone), or None; the label must be short."""
    words = squeeze(label)
    if not words or len(words) > 12:
        return None
    for key, options in reading().submitter.items():
        if any(words == squeeze(option) or words.startswith(squeeze(option)) for option in options):
            return key
    return None


def submitter_labels() -> list[str]:
    """Every label, longest first (so 联系电话 is found before 电话)."""
    return sorted({o for options in reading().submitter.values() for o in options}, key=len, reverse=True)


def category_for(category_text: str, organisation: str) -> str:
    """The submitter category a form states, else the one its organisation's name suggests."""
    for text in (category_text, organisation):
        if not text:
            continue
        for category, words in reading().categories.items():
            if any(word in text for word in words):
                return category
    if category_text.strip():
        return "other"
    return "other" if organisation else "individual"


def kind_for(kind_text: str, proposal: str) -> str:
    """The type of comment a form states, else what its proposal's wording says, else other."""
    for text in (kind_text, proposal[:40]):
        if not text:
            continue
        for kind, words in reading().kinds.items():
            if any(word in text for word in words):
                return kind
    return "other"
