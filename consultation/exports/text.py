"""Column headers and shared wording of the exports, as message ids (Chinese by default)."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from consultation.clock import BEIJING
from consultation.i18n import N_, gettext, normalise_locale
from consultation.labels import CATEGORY_LABELS, CHANNEL_LABELS, COMMENT_KIND_LABELS

HEADERS = {
    "no": N_("No."),
    "submission": N_("Submission reference"),
    "ref": N_("Reference in the draft"),
    "label": N_("Article / indicator"),
    "original": N_("Original text"),
    "kind": N_("Type of comment"),
    "proposal": N_("Proposed wording / suggestion"),
    "reason": N_("Reason"),
    "printed_points": N_("Printed points"),
    "proposed_points": N_("Proposed points"),
    "category": N_("Submitter category"),
    "channel": N_("Channel"),
    "received": N_("Received (Beijing time)"),
    "group": N_("Duplicate group"),
    "group_size": N_("Comments in the group"),
    "outcome": N_("Outcome"),
    "decision_reason": N_("Reason for the outcome"),
    "withdrawn": N_("Withdrawn by the submitter (Beijing time)"),
    "name": N_("Name"),
    "organisation": N_("Organisation"),
    "phone": N_("Phone"),
    "email": N_("Email"),
}

FORM_TITLE = N_("Feedback form")
FORM_SUBMITTER = N_("Submitter")
FORM_COMMENTS = N_("Comments")
FORM_ARTICLE = N_("Article / indicator (reference)")
FORM_DATE = N_("Date")
FORM_PURGED = N_("Contact details removed after the retention period.")
FORM_PERSONAL = N_("Contains personal data: for the drafting office and the submitter only.")


def t(locale: str, msgid: str, **params) -> str:
    return gettext(locale, msgid, **params)


def kind_label(locale: str, kind: str) -> str:
    return t(locale, COMMENT_KIND_LABELS[kind]) if kind in COMMENT_KIND_LABELS else kind


def category_label(locale: str, category: str) -> str:
    return t(locale, CATEGORY_LABELS[category]) if category in CATEGORY_LABELS else category


def channel_label(locale: str, channel: str) -> str:
    return t(locale, CHANNEL_LABELS[channel]) if channel in CHANNEL_LABELS else channel


def local_time(moment: dt.datetime) -> str:
    """`2025-11-20 10:00` in Beijing time."""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def local_time_seconds(moment: dt.datetime) -> str:
    """`2025-11-20 10:00:00` in Beijing time."""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def long_date(moment: dt.datetime, locale: str) -> str:
    return format_date(moment.astimezone(BEIJING).date(), format="long", locale=normalise_locale(locale))
