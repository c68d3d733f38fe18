"""The seam consultation/exports reads (see consultation/exports/decisions.py and archive.py)."""
from __future__ import annotations

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from .decisions import decisions_by_comment  # noqa: F401  (read by consultation.exports.decisions)
from .models import Decision, DuplicateGroup, GroupMember, Publication


def export_archive(session: Session, consultation_id: str) -> dict:
    groups = session.scalars(select(DuplicateGroup).where(DuplicateGroup.consultation_id == consultation_id)).all()
    gids = [g.id for g in groups]
    members = session.execute(select(GroupMember.comment_id, GroupMember.group_id)
                              .where(GroupMember.group_id.in_(gids or [-1]))).all()
    decisions = session.scalars(select(Decision).where(Decision.consultation_id == consultation_id)).all()
    pub = session.get(Publication, consultation_id)
    return {
        "groups": [{"id": g.id, "size": g.size, "threshold": g.threshold} for g in groups],
        "members": [[c, g] for c, g in members],
        "decisions": [{"comment_id": d.comment_id, "group_id": d.group_id, "outcome": d.outcome, "reason": d.reason,
                       "decided_by": d.decided_by, "decided_at": d.decided_at.isoformat()} for d in decisions],
        "publication": {"published_at": pub.published_at.isoformat(), "published_by": pub.published_by} if pub else None,
        "consultation_id": consultation_id,
    }


def import_archive(session: Session, data: dict) -> int:
    import datetime as dt

    cid = data["consultation_id"]
    session.execute(delete(Decision).where(Decision.consultation_id == cid))
    for g in data.get("groups", []):
        session.add(DuplicateGroup(id=g["id"], consultation_id=cid, size=g["size"], threshold=g["threshold"]))
    session.flush()
    if data.get("members"):
        session.execute(insert(GroupMember), [{"comment_id": c, "group_id": g} for c, g in data["members"]])
    for d in data.get("decisions", []):
        session.add(Decision(consultation_id=cid, comment_id=d["comment_id"], group_id=d["group_id"],
                             outcome=d["outcome"], reason=d["reason"], decided_by=d["decided_by"],
                             decided_at=dt.datetime.fromisoformat(d["decided_at"])))
    if data.get("publication"):
        p = data["publication"]
        session.add(Publication(consultation_id=cid, published_at=dt.datetime.fromisoformat(p["published_at"]),
                                published_by=p["published_by"]))
    session.flush()
    if session.get_bind().dialect.name == "postgresql" and data.get("groups"):
        session.execute(text("SELECT setval(pg_get_serial_sequence('office_duplicate_groups', 'id'), "
                             "(SELECT MAX(id) FROM office_duplicate_groups))"))
    return len(data.get("decisions", []))
