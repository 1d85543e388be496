"""The record of every change: one hash-chained audit entry and one duty-log line, written
in the change's own transaction. Every service writes through `journal`; the scheduler's
raises and escalations are written by `SYSTEM`."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from console import audit
from console.context import App, write_time
from models import LogEntry

SYSTEM = "system"  # the local administrator (shell access) and the scheduler


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


INCIDENT_FIELDS = ("plan_id", "title", "channel", "level_id", "type_id", "state", "reporter", "contact",
                   "people", "demands", "location", "mood", "received_at", "recorded_by")  # fmt: skip
TASK_FIELDS = ("incident_id", "template_id", "title", "group_id", "role_id", "state", "clock_id", "due_at",
               "assignee", "done_at", "done_by", "note", "block_reason")  # fmt: skip


def journal(app: App, session: Session, *, actor: str, action: str, entity: str, entity_id: object,
            before: dict[str, Any] | None, after: dict[str, Any] | None, incident_id: int | None,
            text: str, kind: str = "change", significant: bool = False) -> None:  # fmt: skip
    """Writes the audit entry and the duty-log line of one change, in the same transaction.
    An integration acting with a token is named with it (app.via), in both."""
    now = write_time(session)
    via = app.via  # a token proved this process's actor: whatever it wrote names the token
    entry = audit.record(session, at=now, actor=actor, action=action, entity=entity,
                         entity_id=entity_id, before=before, after=after, via=via)  # fmt: skip
    if via:
        text = f"{text}({via.replace('token:', '令牌:', 1)})"
    session.add(LogEntry(incident_id=incident_id, at=now, actor=actor, kind=kind, text=text,
                         significant=significant, audit_seq=entry.seq))  # fmt: skip
