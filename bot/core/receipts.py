"""/myreceipts: the references this chat account received, with what each holds."""
from __future__ import annotations

from consultation.labels import COMMENT_KIND_LABELS
from consultation.office.publishing import decisions_for_submission
from consultation.references import label
from consultation.submissions import submissions_for_account, token_for

from .common import menu_button
from .types import Link


def _decisions(ctx, submission) -> dict[int, str]:
    """The office's published decision per comment id (the submitter's view; none before publication), for
    the comments that still read as published: one changed since waits for the next publication (the
    receipt's page shows both)."""
    out = {}
    for row in decisions_for_submission(ctx.session, submission.id):
        if row.get("outcome") and row.get("as_published") and not row.get("changed_since"):
            text = ctx.t._(row["outcome_label"])
            if row.get("reason"):
                text += f" ({row['reason']})"
            out[row["comment_id"]] = text
    return out


def show(ctx) -> None:
    t = ctx.t
    subs = submissions_for_account(ctx.session, ctx.account)
    if not subs:
        ctx.say(t._("You have not sent any feedback from this account yet."), [menu_button(ctx)])
        return
    ctx.say(t.ngettext("You have sent %(num)d submission from this account:",
                       "You have sent %(num)d submissions from this account:", len(subs)))
    tz = ctx.consultation.tz
    for sub in subs:
        lines = [t._("Reference %(reference)s, received %(date)s", reference=sub.reference,
                     date=sub.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"))]
        decisions = _decisions(ctx, sub)
        for i, com in enumerate(sub.comments, start=1):
            node = ctx.consultation.nodes.get(com.target_ref)
            name = label(node, t.locale) if node else com.target_ref
            line = f"{i}. {name} · {t._(COMMENT_KIND_LABELS.get(com.kind, 'Other'))}"
            decision = decisions.get(com.id)
            if decision:
                line += " · " + t._("Decision: %(decision)s", decision=decision)
            lines.append(line)
        url = ctx.services.receipt_url(sub.reference, token_for(sub.reference, ctx.services.settings.secret_key))
        ctx.say("\n".join(lines), link=Link(url, t._("Your receipt")))
    ctx.out[-1].choices.append(menu_button(ctx))
