"""The whole consultation as one JSON document, for archiving and re-import.

Shape (version 1):

    {"format": "anhui-consultation-archive", "version": 1, "exported_at": ISO,
     "contacts_included": bool,
     "consultation": {"id": ..., "title": ..., "source": <the data file, as loaded>},
     "window_changes": [...],
     "submissions": [{"id", "reference", "channel", ..., "comments": [{"id", "target_ref", ...}]}],
     "decisions": [{"comment_id", "outcome", "reason", "group", "group_size", "decided_by", "decided_at"}],
     "office": <the office module's own archive of its tables, or null>}

Written as a stream (one submission at a time). Without `with_contacts` the
name, organisation, phone, email and chat account are null, as after a purge.

`import_json` restores an archive into a database that has no submissions for
that consultation. Ids are kept, so decisions and groups keep pointing at their
comments. Design choice: the channel stays as recorded (web, telegram, ...) —
restoring an archive is not new feedback arriving by another route, and the
dashboard's per-channel counts must survive the round trip; "imported" remains
the channel of feedback that reached the office outside the service. Mail is
not restored: the outbox belongs to the running service, not to the record.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session, selectinload

from consultation.clock import utcnow
from consultation.document import Consultation, DataError, get_consultation
from consultation.models import CHANNELS, Comment, Submission, WindowChange
from consultation.window import latest_last_day

FORMAT = "anhui-consultation-archive"
VERSION = 1
SUBMISSION_FIELDS = ("id", "reference", "channel", "locale", "category", "name", "organisation", "phone", "email",
                     "consent", "consent_at", "consent_basis", "account", "idempotency_key", "created_at",
                     "contacts_purged_at", "amended_at", "withdrawn_at")
CONTACT_FIELDS = ("name", "organisation", "phone", "email", "account")
COMMENT_FIELDS = ("id", "position", "target_ref", "kind", "original_text", "proposal", "reason", "proposed_points",
                  "created_at")
WINDOW_FIELDS = ("id", "closes_on", "reason", "changed_by", "changed_at")
DATETIME_FIELDS = {"consent_at", "created_at", "contacts_purged_at", "changed_at", "amended_at", "withdrawn_at"}


class ArchiveImportRefused(Exception):
    pass


@dataclass(frozen=True)
class ImportResult:
    submissions: int
    comments: int
    decisions: int
    document_matches: bool


def _value(v):
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    return v


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def export_json(session: Session, consultation: Consultation, stream, *, with_contacts: bool = False,
                now: dt.datetime | None = None) -> int:
    """Write the archive into a text stream; returns the number of comments."""
    from .decisions import load_decisions

    decisions = load_decisions(session, consultation.id)
    head = {
        "format": FORMAT, "version": VERSION,
        "exported_at": (now or utcnow()).isoformat(),
        "contacts_included": with_contacts,
        "consultation": {"id": consultation.id, "title": consultation.title,
                         "source": consultation.source.model_dump(mode="json")},
        "window_changes": [{f: _value(getattr(w, f)) for f in WINDOW_FIELDS} for w in session.scalars(
            select(WindowChange).where(WindowChange.consultation_id == consultation.id).order_by(WindowChange.id))],
    }
    stream.write(_dumps(head)[:-1])
    stream.write(',\n"submissions":[\n')
    comments = 0
    first = True
    query = (select(Submission).where(Submission.consultation_id == consultation.id)
             .options(selectinload(Submission.comments)).order_by(Submission.id)
             .execution_options(yield_per=1000))
    for sub in session.scalars(query):
        record = {f: _value(getattr(sub, f)) for f in SUBMISSION_FIELDS}
        if not with_contacts:
            for f in CONTACT_FIELDS:
                record[f] = None
        record["comments"] = [{f: _value(getattr(c, f)) for f in COMMENT_FIELDS} for c in sub.comments]
        comments += len(sub.comments)
        stream.write(("" if first else ",\n") + _dumps(record))
        first = False
    stream.write('\n],\n"decisions":[\n')
    first = True
    for comment_id, d in sorted(decisions.by_comment.items()):
        stream.write(("" if first else ",\n") + _dumps({"comment_id": comment_id, "outcome": d.outcome,
                                                          "reason": d.reason, "group": d.group,
                                                          "group_size": d.group_size, "decided_by": d.decided_by,
                                                          "decided_at": d.decided_at}))
        first = False
    office = _office_archive(session, consultation.id)
    stream.write('\n],\n"office":' + _dumps(office) + "}\n")
    return comments


def _office_archive(session, consultation_id):
    from consultation.office import exports as office_exports  # imported here: the office imports this package

    return office_exports.export_archive(session, consultation_id)


def _parse_dt(v):
    if v is None:
        return None
    return dt.datetime.fromisoformat(v)


def import_json(session: Session, source) -> ImportResult:
    """Restore an archive (a text stream, a path's contents as str, or the parsed dict) into an empty database."""
    if isinstance(source, dict):
        data = source
    elif isinstance(source, str):
        data = json.loads(source)
    else:
        data = json.load(source)
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ArchiveImportRefused(f"not a {FORMAT} version {VERSION} file")
    cid = data["consultation"]["id"]
    try:
        consultation = get_consultation(cid)
    except DataError as exc:
        raise ArchiveImportRefused(str(exc)) from exc
    existing = session.scalar(select(func.count()).select_from(Submission).where(Submission.consultation_id == cid))
    if existing:
        raise ArchiveImportRefused(f"the database already holds {existing} submissions for {cid}: "
                                   "import needs it empty")
    matches = data["consultation"].get("source") == consultation.source.model_dump(mode="json")

    subs, comments = [], []
    for s in data["submissions"]:
        if s["channel"] not in CHANNELS:
            raise ArchiveImportRefused(f"submission {s['reference']}: unknown channel {s['channel']!r}")
        row = {f: s.get(f) for f in SUBMISSION_FIELDS}
        for f in ("consent_at", "created_at", "contacts_purged_at", "amended_at", "withdrawn_at"):
            row[f] = _parse_dt(row[f])  # the last two: absent from archives made before they were recorded
        row["consultation_id"] = cid
        row["consent_basis"] = row["consent_basis"] or "form"  # archives made before the basis was recorded
        subs.append(row)
        for c in s["comments"]:
            crow = {f: c.get(f) for f in COMMENT_FIELDS}
            crow["created_at"] = _parse_dt(crow["created_at"])
            crow["submission_id"] = s["id"]
            crow["consultation_id"] = cid
            comments.append(crow)
    windows = []
    for w in data.get("window_changes", []):
        row = {f: w.get(f) for f in WINDOW_FIELDS}
        row["changed_at"] = _parse_dt(row["changed_at"])
        row["closes_on"] = dt.date.fromisoformat(row["closes_on"])
        if row["closes_on"] > latest_last_day(consultation):  # the office's own rule (extend_window)
            raise ArchiveImportRefused(f"window change {row['id']}: last day {row['closes_on']} is after "
                                       f"{latest_last_day(consultation)}, when the guideline expires")
        row["consultation_id"] = cid
        windows.append(row)

    for start in range(0, len(subs), 2000):
        session.execute(insert(Submission), subs[start:start + 2000])
    for start in range(0, len(comments), 5000):
        session.execute(insert(Comment), comments[start:start + 5000])
    if windows:
        session.execute(insert(WindowChange), windows)
    decisions = 0
    if data.get("office") is not None:
        from consultation.office import exports as office_exports

        decisions = office_exports.import_archive(session, data["office"]) or 0
    if session.get_bind().dialect.name == "postgresql":
        for table in ("submissions", "comments", "window_changes"):
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"))
    session.commit()
    # The "decisions" list is a readable copy; the office's records restore from "office".
    return ImportResult(len(subs), len(comments), decisions, matches)
