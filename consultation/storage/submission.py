"""The three INSERTs of a submission (the submission, its comments, the mail it owes), with the claim
of its identical-repeat guard when it has one (consultation/intake/repeats.py).

The statements do not wait for each other: the children find their submission
by its reference (a unique index) instead of by an id read back first, so
PostgreSQL gets all three in one pipeline (one round trip).

On PostgreSQL the guard's claim is folded into the submission's INSERT, one
statement: `WITH claim AS (INSERT INTO repeat_guards … ON CONFLICT … DO UPDATE
… WHERE … RETURNING 1) INSERT INTO submissions … SELECT … WHERE EXISTS (SELECT
1 FROM claim)`. Its row count decides as the claim's did (0: a repeat, nothing
stored, the transaction rolled back by the caller), and psycopg sends one
statement fewer per submission: the claim's own `execute` was ~75,000
instructions, 2-3 % of a request (bench/limits_cost.py --instructions,
bench/README.md, eleventh session). ON CONFLICT in the CTE waits for a
concurrent inserter of the same fingerprint, as it did alone. The comments and
the mail, sent in the same round trip, then select their submission
(`INSERT … SELECT … FROM submissions WHERE reference = …`), so a repeat inserts
no row at all instead of failing on a missing parent; elsewhere they keep the
VALUES form, cheaper on SQLite (~7,000 instructions a statement).
SQLite has no data-modifying CTE: there the claim is sent first, alone, and the
rest only if it changed a row.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from sqlalchemy import bindparam, exists, insert, literal_column, select
from sqlalchemy.engine import Dialect

from ..intake import repeats
from ..models import Comment, OutboxMessage, Submission
from .inserts import Bound, PreparedInsert, bind_rows, prepared

SUBMISSION_NAMES = ("reference", "consultation_id", "channel", "locale", "category", "name", "organisation",
                    "phone", "email", "consent", "consent_at", "consent_basis", "account", "idempotency_key",
                    "idempotency_hash", "received_at", "created_at")
COMMENT_NAMES = ("submission_reference", "consultation_id", "position", "target_ref", "kind", "original_text",
                 "proposal", "reason", "proposed_points", "created_at")
MAIL_NAMES = ("submission_reference", "purpose", "recipient", "locale", "status", "attempts", "next_attempt_at",
              "created_at")


def _child(model, names: tuple[str, ...]):
    """INSERT INTO child (submission_id, …) SELECT submissions.id, :value, … FROM submissions WHERE
    submissions.reference = :submission_reference: no row when the submission is not there."""
    columns = model.__table__.c
    values = [bindparam(name, type_=columns[name].type) for name in names if name != "submission_reference"]
    parent = (select(Submission.id, *values)
              .where(Submission.reference == bindparam("submission_reference", type_=Submission.reference.type)))
    return insert(model).from_select(["submission_id", *(v.key for v in values)], parent)


_SUBMISSION_ID = (select(Submission.id).where(Submission.reference == bindparam("submission_reference"))
                  .scalar_subquery())
# (statement, the names each row gives), in the order they are sent.
STATEMENTS = (
    (insert(Submission), SUBMISSION_NAMES),
    (insert(Comment).values(submission_id=_SUBMISSION_ID), COMMENT_NAMES),
    (insert(OutboxMessage).values(submission_id=_SUBMISSION_ID), MAIL_NAMES),
)
# After the folded claim (PostgreSQL): the children of a submission that may not have been inserted.
_CLAIMED_CHILDREN = ((_child(Comment, COMMENT_NAMES), COMMENT_NAMES), (_child(OutboxMessage, MAIL_NAMES), MAIL_NAMES))

# What the folded statement's row gives besides the submission's: the claim's values (its reference and
# account are the submission's own).
_FOLDED_NAMES = SUBMISSION_NAMES + tuple(name for name in repeats.CLAIM_NAMES if name not in SUBMISSION_NAMES)


@functools.cache
def _folded(dialect: Dialect) -> PreparedInsert:
    """The submission's INSERT, inserting its row only when the guard's claim (a CTE) changed one; compiled
    once per dialect."""
    claim = repeats.upsert(dialect.name).returning(literal_column("1")).cte("claim")
    columns = Submission.__table__.c
    row = (select(*(bindparam(name, type_=columns[name].type) for name in SUBMISSION_NAMES))
           .where(exists(select(literal_column("1")).select_from(claim))))
    statement = insert(Submission).from_select(list(SUBMISSION_NAMES), row).add_cte(claim)
    return prepared(statement, _FOLDED_NAMES, dialect)


def folds_claim(dialect: Dialect) -> bool:
    """Whether the dialect takes the claim inside the submission's INSERT (a data-modifying CTE)."""
    return dialect.name == "postgresql"


def bind(dialect: Dialect, submission: Mapping, comments: Sequence[Mapping], mail: Sequence[Mapping],
         claim: tuple[PreparedInsert, Sequence | Mapping] | None = None) -> Bound:
    """The three statements, compiled for the dialect, with their rows bound: ready for `inserts.insert_rows`
    (with `claim=True` when a claim, a prepared statement and its values already bound, is given: its row
    count decides). On PostgreSQL the claim is folded into the submission's INSERT (see the module's
    docstring), the first statement; elsewhere it goes first in the list and insert_rows sends it alone.

    Bound before the caller takes SQLite's write lock, so that the lock covers the database's own work only.
    """
    folded = claim is not None and folds_claim(dialect)
    if folded:
        first = (_folded(dialect), [{**submission, **claim[1]}])
    else:
        first = (prepared(STATEMENTS[0][0], SUBMISSION_NAMES, dialect), [submission])
    children = _CLAIMED_CHILDREN if folded else STATEMENTS[1:]
    bound = bind_rows([first] + [(prepared(statement, names, dialect), rows)
                                 for (statement, names), rows in zip(children, (comments, mail))])
    if claim is not None and not folded:
        bound.insert(0, (claim[0], [claim[1]]))
    return bound
