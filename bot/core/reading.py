"""Reading the draft: contents → chapter → article → items, the annex tables → rows.

Stateless: every screen is reached by a choice id ("r:<ref>"), so reading never
disturbs a comment being drafted, and an old button still works after a restart.
"""
from __future__ import annotations

from consultation.i18n import N_
from consultation.references import label

from .common import menu_button, node_title
from .types import Choice

ROW_FIELDS = [
    ("category", N_("First-level indicator")),
    ("group", N_("Second-level indicator")),
    ("text", N_("Third-level indicator")),
    ("method", N_("Method")),
    ("points", N_("Points available")),
]


def toc_refs(consultation) -> list[str]:
    refs = ["notice"]
    refs += [n.ref for n in consultation.nodes.values() if n.kind == "chapter"]
    refs += [n.ref for n in consultation.nodes.values() if n.kind == "annex"]
    refs.append("explanation")
    return [r for r in refs if r in consultation.nodes]


def show_toc(ctx) -> None:
    c = ctx.consultation
    choices = [Choice(f"r:{ref}", node_title(ctx, ref, 30)) for ref in toc_refs(c)]
    ctx.say(ctx.t._("%(title)s: contents. The text of the draft is quoted in Chinese, exactly as published.",
                    title=c.title), choices + [menu_button(ctx)])


def _siblings(ctx, node):
    if node.parent is None:
        return None, None
    if node.kind == "article":
        order = [n.ref for n in ctx.consultation.nodes.values() if n.kind == "article"]
    else:
        order = list(ctx.consultation.node(node.parent).children)
    i = order.index(node.ref)
    return (order[i - 1] if i > 0 else None), (order[i + 1] if i + 1 < len(order) else None)


def _heading(ctx, node) -> str:
    name = label(node, ctx.t.locale)
    if not ctx.t.zh and node.label != name and node.kind not in ("notice", "explanation", "general"):
        name = f"{name} ({node.label})"
    if node.title and node.kind in ("chapter", "annex", "article", "explanation"):
        name = f"{name} {node.title}"
    return name


def _findings(ctx, ref) -> list[str]:
    return [ctx.t._("Note: %(finding)s", finding=f.text(ctx.t.locale))
            for f in ctx.consultation.findings if f.ref == ref]


def show_node(ctx, ref: str) -> bool:
    c = ctx.consultation
    if ref == "toc":
        show_toc(ctx)
        return True
    node = c.nodes.get(ref)
    if node is None:
        return False
    t = ctx.t
    choices: list[Choice] = []
    if node.kind == "chapter":
        body = _heading(ctx, node)
        choices += [Choice(f"r:{child}", node_title(ctx, child)) for child in node.children]
    elif node.kind == "annex":
        body = "\n".join([_heading(ctx, node), node.text]).strip()
        body += "\n" + t._("%(rows)d indicators, %(points)d points in total.", rows=len(node.children),
                           points=node.points or 0)
        choices += [Choice(f"r:{child}", f"{c.node(child).row}. {_short(c.node(child).text, 22)}")
                    for child in node.children]
    elif node.kind == "row":
        lines = [_heading(ctx, node)]
        for attr, msg in ROW_FIELDS:
            value = node.text if attr == "text" else getattr(node, attr)
            lines.append(f"{t._(msg)}: {value}")
        body = "\n".join(lines)
    else:
        body = _heading(ctx, node) + "\n\n" + c.quote(ref)
        if node.kind in ("article", "item"):
            choices += [Choice(f"r:{child}", node_title(ctx, child)) for child in node.children]
    notes = _findings(ctx, ref)
    if notes:
        body += "\n\n" + "\n".join(notes)
    if node.commentable:
        choices.insert(0, Choice(f"c:{ref}", t._("Comment on this")))
    prev_ref, next_ref = _siblings(ctx, node) if node.kind in ("article", "row", "item", "subitem") else (None, None)
    if prev_ref:
        choices.append(Choice(f"r:{prev_ref}", "◀ " + label(c.node(prev_ref), t.locale)))
    if next_ref:
        choices.append(Choice(f"r:{next_ref}", label(c.node(next_ref), t.locale) + " ▶"))
    if node.parent:
        choices.append(Choice(f"r:{node.parent}", "↑ " + label(c.node(node.parent), t.locale)))
    choices.append(Choice("r:toc", t._("Contents")))
    ctx.say(body, choices)
    return True


def _short(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"
