"""The three INSERTs of a submission (the submission, its comments, the mail it owes), with the claim
of its identical-repeat guard when it has one (consultation/intake/repeats.py).

The statements do not wait for each other: the children find their submission
by its reference (a unique index) instead of by an id read back first, so
PostgreSQL gets all three in one pipeline (one round trip).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Dialect

from ..models import Comment, OutboxMessage, Submission
from .inserts import Bound, PreparedInsert, bind_rows, prepared

_SUBMISSION_ID = (select(Submission.id).where(Submission.reference == bindparam("submission_reference"))
                  .scalar_subquery())
# (statement, the names each row gives), in the order they are sent.
STATEMENTS = (
    (insert(Submission),
     ("reference", "consultation_id", "channel", "locale", "category", "name", "organisation", "phone", "email",
      "consent", "consent_at", "consent_basis", "account", "idempotency_key", "idempotency_hash", "received_at",
      "created_at")),
    (insert(Comment).values(submission_id=_SUBMISSION_ID),
     ("submission_reference", "consultation_id", "position", "target_ref", "kind", "original_text", "proposal",
      "reason", "proposed_points", "created_at")),
    (insert(OutboxMessage).values(submission_id=_SUBMISSION_ID),
     ("submission_reference", "purpose", "recipient", "locale", "status", "attempts", "next_attempt_at",
      "created_at")),
)


def bind(dialect: Dialect, submission: Mapping, comments: Sequence[Mapping], mail: Sequence[Mapping],
         claim: tuple[PreparedInsert, Sequence | Mapping] | None = None) -> Bound:
    """The three statements, compiled for the dialect, with their rows bound: ready for `inserts.insert_rows`
    (with `claim=True` when a claim, a prepared statement and its values already bound, is given: it goes
    first in the list; insert_rows decides when it is sent).

    Bound before the caller takes SQLite's write lock, so that the lock covers the database's own work only.
    """
    batches = [(prepared(statement, names, dialect), rows)
               for (statement, names), rows in zip(STATEMENTS, ([submission], comments, mail))]
    bound = bind_rows(batches)
    if claim is not None:
        bound.insert(0, (claim[0], [claim[1]]))
    return bound
