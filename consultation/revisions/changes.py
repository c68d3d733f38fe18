"""What changed between the draft as consulted on and a revision, node by node.

A node is paired with the draft node it descends from (the revision's `origins`), so a renumbered row is a
row that moved, not a deletion and an addition, and the comments on the old number follow it.
"""
from __future__ import annotations

from dataclasses import dataclass

from consultation.document import Consultation, Node

# Parts whose own text is compared; chapters and the whole-draft node have none of their own.
KINDS = ("notice", "article", "item", "subitem", "annex", "row", "explanation")


@dataclass(frozen=True)
class Change:
    origin: str  # the draft reference, or "new-N" for a node the office added
    kind: str  # modified | added | removed | moved (renumbered, text unchanged)
    old: Node | None
    new: Node | None
    old_text: str
    new_text: str

    @property
    def ref(self) -> str:
        """The reference the change is shown under: the new node's, or the removed one's."""
        return self.new.ref if self.new is not None else self.old.ref

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.ref != self.new.ref


def node_text(node: Node, consultation: Consultation) -> str:
    """The node's own wording as the comparison table prints it (an indicator row with its columns)."""
    if node.kind == "row":
        return f"【{node.category}·{node.group}】{node.text}（{node.method}，{node.points}分）"
    if node.kind == "annex":
        annex = consultation.annexes[node.annex - 1]
        heads = "、".join(cat.heading for cat in annex.categories)
        return "\n".join(p for p in [node.title or "", heads, node.text] if p)
    if node.kind == "article":
        head = node.label + (f" {node.title}" if node.title else "")
        return f"{head} {node.text}".strip()
    if node.kind in ("item", "subitem"):
        return node.label.split("条", 1)[1] + node.text if node.kind == "item" else \
            node.label.rsplit(")", 1)[1] + node.text
    return node.text


def _wording(node: Node, consultation: Consultation) -> str:
    """What must be equal for a node to count as unchanged (labels aside: those change when it moves)."""
    if node.kind == "row":
        return f"{node.category}|{node.group}|{node.text}|{node.method}|{node.points}"
    if node.kind == "annex":
        return node_text(node, consultation)
    return f"{node.title or ''}|{node.text}"


def compare(draft: Consultation, revised: Consultation, origins: dict[str, str]) -> list[Change]:
    """Every changed node, in the revision's order, removed nodes after their former neighbours."""
    out: list[tuple[float, Change]] = []
    claimed: set[str] = set()
    for ref, node in revised.nodes.items():
        if node.kind not in KINDS:
            continue
        origin = origins.get(ref, ref)
        old = draft.nodes.get(origin)
        if old is None or old.kind != node.kind:
            out.append((node.order, Change(origin, "added", None, node, "", node_text(node, revised))))
            continue
        claimed.add(origin)
        changed = _wording(old, draft) != _wording(node, revised)
        if changed or old.ref != ref:
            out.append((node.order, Change(origin, "modified" if changed else "moved", old, node,
                                           node_text(old, draft), node_text(node, revised))))
    # A removed node sits after the revision's node that followed its draft predecessor.
    position = {origins.get(ref, ref): node.order for ref, node in revised.nodes.items()}
    for ref, node in draft.nodes.items():
        if node.kind in KINDS and ref not in claimed:
            before = [position[r] for r, n in draft.nodes.items() if n.order < node.order and r in position]
            out.append(((max(before) if before else 0) + 0.5, Change(ref, "removed", node, None,
                                                                      node_text(node, draft), "")))
    out.sort(key=lambda pair: pair[0])
    return [c for _, c in out]
