"""The shape of a consultation data file.

Strict (unknown keys are refused) so that a typo in the office's data file
fails at start-up instead of silently dropping content in front of a user.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .i18n import is_chinese

METHODS = ("定量", "定性", "定性+定量")
ZONE_TYPES = ("deep_application", "product_innovation", "tech_empowerment")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubItem(Strict):
    label: str
    text: str


class Item(Strict):
    label: str
    text: str
    items: list[SubItem] = []


class Article(Strict):
    number: int
    label: str
    title: str | None = None
    text: str
    items: list[Item] = []


class Chapter(Strict):
    number: int
    label: str
    title: str
    articles: list[Article]


class Document(Strict):
    title: str
    subtitle: str
    chapters: list[Chapter]
    annex_list: list[str]


class Category(Strict):
    name: str
    heading: str
    points: int = Field(gt=0)


class Row(Strict):
    number: int = Field(gt=0)
    category: str
    group: str
    indicator: str
    method: Literal["定量", "定性", "定性+定量"]
    points: int = Field(gt=0)


class Annex(Strict):
    number: int
    label: str
    title: str
    zone_type: Literal["deep_application", "product_innovation", "tech_empowerment"]
    categories: list[Category]
    rows: list[Row]
    notes: list[str] = []


class Notice(Strict):
    paragraphs: list[str]
    attachments: list[str]
    signature: str
    date: str


class Window(Strict):
    opens: dt.date
    closes: dt.date


class Section(Strict):
    heading: str
    paragraphs: list[str]


class Explanation(Strict):
    title: str
    sections: list[Section]


class Finding(Strict):
    ref: str
    code: str
    zh: str
    en: str


class ConsultationFile(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    short_title: str
    publisher: str
    publisher_en: str  # the publisher's name in English (the glossary's), for every English text that names it
    timezone: str
    window: Window
    mailbox: str
    email_subject: str
    feedback_form: str
    valid_until: dt.date
    notice: Notice
    document: Document
    annexes: list[Annex]
    explanation: Explanation
    findings: list[Finding] = []

    def publisher_in(self, locale: str) -> str:
        """The publisher's name in this language: as printed for Chinese, the English name otherwise."""
        return self.publisher if is_chinese(locale) else self.publisher_en
