"""The drafting office's domain: staff accounts, audit log, duplicates, decisions, publication.

Stable functions other areas call (all take a SQLAlchemy Session):

- `decision_for_comment(session, comment_id)` -> DecisionView (outcome or None, reason, group_id,
  group_size, decided_by, decided_at); `decisions_for_comments(session, ids)` -> {id: DecisionView}.
- `decisions_by_comment(session, consultation_id)` -> {comment_id: dict} for the exports.
- `decisions_for_submission(session, submission_id)` -> [dict] for a submitter's receipt (web page,
  GET /api/v1/feedback/<reference>, bot /myreceipts); outcomes appear only after publication.
- `publication(session, consultation_id)` -> Publication or None.

Roles: viewer (no personal data), editor (+ decisions, regrouping), admin (+ accounts, window,
publication, personal data). What organisation (提出单位) each role sees, an individual's being personal
data, is `visibility.py`: every office page, API answer, search and export goes through it.
"""
from .decisions import decision_for_comment, decisions_by_comment, decisions_for_comments
from .publishing import decisions_for_submission, publication

__all__ = ["decision_for_comment", "decisions_by_comment", "decisions_for_comments", "decisions_for_submission",
           "publication"]
