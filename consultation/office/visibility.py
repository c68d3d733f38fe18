"""Which organisation (提出单位) a staff member may see: the one rule, by role.

An enterprise's, department's or other body's name is not personal data: every role sees it, in the
pages, the API and the exports. When the submitter wrote as an individual, what they typed as their
organisation is their employer, which identifies them: it is personal data, purged with the name,
phone and email (consultation/exports/retention.py) and withdrawn with them. Only those who see
personal data (`accounts.can_see_personal_data`: administrators) get it; viewers and editors get
none, and the pages and exports show the category (个人) in its place.

A search must not match on what the reader cannot see, or the number of matches would answer
"did an individual from this employer write?": the search compares the same column this rule gives.
"""
from __future__ import annotations

from sqlalchemy import case
from sqlalchemy.sql.elements import ColumnElement

from consultation.models import Submission

from . import accounts
from .models import StaffAccount

INDIVIDUAL = "individual"  # the category whose organisation is personal data


def organisation_is_personal(category: str | None) -> bool:
    """Whether a submission of this category has a personal organisation (an individual's employer)."""
    return category == INDIVIDUAL


def personal_organisation() -> ColumnElement[bool]:
    """`organisation_is_personal` in SQL, for updates (the purge) and queries."""
    return Submission.category == INDIVIDUAL


def organisation_shown(personal: bool) -> ColumnElement:
    """Submission.organisation as a reader sees it: whole for a reader who sees personal data
    (`personal`), else null where it is personal. Select it and search it, never the column itself,
    in what staff read."""
    if personal:
        return Submission.organisation
    return case((personal_organisation(), None), else_=Submission.organisation)


def sees_personal_organisations(account: StaffAccount) -> bool:
    """Whether `account` gets an individual's organisation: exactly those who see personal data."""
    return accounts.can_see_personal_data(account)
