"""Every action the code writes to the audit log has a readable name on the audit page and in its filter."""
from __future__ import annotations

import ast
from pathlib import Path

from consultation.office.audit import ACTION_LABELS

ROOT = Path(__file__).resolve().parents[2]


def _recorded_actions() -> set[str]:
    """The action codes passed to audit.record(...) anywhere in the service (literal, or either side of an
    `a if … else b`)."""
    found = set()
    for folder in ("consultation", "web", "commands", "bot"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "record" and isinstance(node.func.value, ast.Name)
                        and node.func.value.id == "audit" and len(node.args) >= 3):
                    continue
                action = node.args[2]
                for value in ((action.body, action.orelse) if isinstance(action, ast.IfExp) else (action,)):
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        found.add(value.value)
    return found


def test_every_recorded_action_has_a_readable_name():
    recorded = _recorded_actions()
    assert {"inbound.manual_entry", "summary.publish", "account.login"} <= recorded  # the scan finds them
    assert sorted(recorded - set(ACTION_LABELS)) == []
