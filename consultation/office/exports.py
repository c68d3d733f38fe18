"""The seam consultation/exports reads (see consultation/exports/decisions.py and archive.py): the office's
records in the JSON archive — groups (retired ones too), decisions with their review, numbered
publications with their frozen decisions, settings, notes, assignments and the audit log."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from consultation.clock import utcnow
from consultation.models import Comment

from .publishing import COPIED, fill_copies
from .models import (
    AuditEntry, Decision, DuplicateGroup, GroupMember, GroupSeparation, OfficeSetting, Publication,
    PublishedDecision,
)


def _iso(v):
    return v.isoformat() if v is not None else None


def _dt(v):
    return dt.datetime.fromisoformat(v) if v else None


def export_archive(session: Session, consultation_id: str) -> dict:
    groups = session.scalars(select(DuplicateGroup).where(DuplicateGroup.consultation_id == consultation_id)
                             .order_by(DuplicateGroup.id)).all()
    gids = [g.id for g in groups]
    members = session.execute(select(GroupMember.comment_id, GroupMember.group_id)
                              .where(GroupMember.group_id.in_(gids or [-1]))).all()
    decisions = session.scalars(select(Decision).where(Decision.consultation_id == consultation_id)).all()
    pubs = session.scalars(select(Publication).where(Publication.consultation_id == consultation_id)
                           .order_by(Publication.number)).all()
    frozen = {}
    for p in pubs:
        frozen[p.id] = [[c, o, r, g, rep, dict(zip(COPIED, copies))] for c, o, r, g, rep, *copies in session.execute(
            select(PublishedDecision.comment_id, PublishedDecision.outcome, PublishedDecision.reason,
                   PublishedDecision.group_id, PublishedDecision.representative_id,
                   *(getattr(PublishedDecision, name) for name in COPIED))
            .where(PublishedDecision.publication_id == p.id))]
    settings = session.scalars(select(OfficeSetting).where(OfficeSetting.consultation_id == consultation_id)).all()
    apart = session.execute(select(GroupSeparation.edit_id, GroupSeparation.comment_id, GroupSeparation.side)
                            .join(Comment, Comment.id == GroupSeparation.comment_id)
                            .where(Comment.consultation_id == consultation_id)
                            .order_by(GroupSeparation.edit_id, GroupSeparation.comment_id)).all()
    audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    return {
        "groups": [{"id": g.id, "size": g.size, "threshold": g.threshold, "target_ref": g.target_ref,
                    "representative_id": g.representative_id, "dissolved_at": _iso(g.dissolved_at),
                    "representative_chosen_by": g.representative_chosen_by,
                    "created_at": _iso(g.created_at)} for g in groups],
        "members": [[c, g] for c, g in members],
        "separations": [[e, c, side] for e, c, side in apart],
        "decisions": [{"comment_id": d.comment_id, "group_id": d.group_id, "outcome": d.outcome, "reason": d.reason,
                       "decided_by": d.decided_by, "decided_at": d.decided_at.isoformat(), "status": d.status,
                       "approved_by": d.approved_by, "approved_at": _iso(d.approved_at)} for d in decisions],
        "publications": [{"number": p.number, "published_at": p.published_at.isoformat(),
                          "published_by": p.published_by, "comments": p.comments, "pending": p.pending,
                          "changes": p.changes, "decisions": frozen[p.id]} for p in pubs],
        "settings": {s.key: s.value for s in settings},
        "audit": [{"id": a.id, "actor": a.actor, "action": a.action, "target": a.target, "before": a.before,
                   "after": a.after, "at": a.at.isoformat()} for a in audit],
        "consultation_id": consultation_id,
    }


def import_archive(session: Session, data: dict) -> int:
    cid = data["consultation_id"]
    session.execute(delete(Decision).where(Decision.consultation_id == cid))
    for g in data.get("groups", []):
        session.add(DuplicateGroup(id=g["id"], consultation_id=cid, size=g["size"], threshold=g["threshold"],
                                   target_ref=g.get("target_ref"), representative_id=g.get("representative_id"),
                                   representative_chosen_by=g.get("representative_chosen_by"),
                                   dissolved_at=_dt(g.get("dissolved_at")),
                                   created_at=_dt(g.get("created_at")) or utcnow()))
    session.flush()
    if data.get("members"):
        session.execute(insert(GroupMember), [{"comment_id": c, "group_id": g} for c, g in data["members"]])
    if data.get("separations"):
        session.execute(insert(GroupSeparation), [{"edit_id": e, "comment_id": c, "side": side}
                                                  for e, c, side in data["separations"]])
    for d in data.get("decisions", []):
        session.add(Decision(consultation_id=cid, comment_id=d["comment_id"], group_id=d["group_id"],
                             outcome=d["outcome"], reason=d["reason"], decided_by=d["decided_by"],
                             decided_at=_dt(d["decided_at"]), status=d.get("status", "approved"),
                             approved_by=d.get("approved_by"), approved_at=_dt(d.get("approved_at"))))
    publications = list(data.get("publications") or [])
    if not publications and data.get("publication"):  # archives from before numbered publications
        publications = [dict(data["publication"], number=1, comments=0, pending=0, changes=None, decisions=[])]
    for p in publications:
        pub = Publication(consultation_id=cid, number=p["number"], published_at=_dt(p["published_at"]),
                          published_by=p["published_by"], comments=p.get("comments", 0), pending=p.get("pending", 0),
                          changes=p.get("changes"))
        session.add(pub)
        session.flush()
        # Each row: [comment, outcome, reason, group, representative, {the comment as published}] (the
        # copy is missing from archives made before publications kept one).
        rows = [{"publication_id": pub.id, "comment_id": c, "outcome": o, "reason": r or "", "group_id": g,
                 "representative_id": rep, **dict.fromkeys(COPIED),
                 **{k: v for k, v in (copies[0] if copies else {}).items() if k in COPIED}}
                for c, o, r, g, rep, *copies in p.get("decisions", [])]
        for start in range(0, len(rows), 5000):
            session.execute(insert(PublishedDecision), rows[start:start + 5000])
    if publications:
        fill_copies(session)
    for key, value in (data.get("settings") or {}).items():
        session.merge(OfficeSetting(consultation_id=cid, key=key, value=value))
    # The audit log is append-only: restored into an empty log only, never merged into a live one.
    if data.get("audit") and not session.scalar(select(func.count()).select_from(AuditEntry)):
        session.execute(insert(AuditEntry), [{"actor": a["actor"], "action": a["action"], "target": a["target"],
                                              "before": a["before"], "after": a["after"], "at": _dt(a["at"])}
                                             for a in data["audit"]])
    session.flush()
    if session.get_bind().dialect.name == "postgresql" and data.get("groups"):
        session.execute(text("SELECT setval(pg_get_serial_sequence('office_duplicate_groups', 'id'), "
                             "(SELECT MAX(id) FROM office_duplicate_groups))"))
    return len(data.get("decisions", []))
