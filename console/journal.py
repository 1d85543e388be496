"""The record of every change: one hash-chained audit entry and one duty-log line, written
in the change's own transaction. Every service writes through `journal`; the scheduler's
raises and escalations are written by `SYSTEM`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from console import audit
from console.context import App, changes, write_time
from models import AuditEntry, LogEntry

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
    if via:
        text = f"{text}({via.replace('token:', '令牌:', 1)})"
    batch = session.info.get(_BATCH)
    if batch is not None:
        entry = audit.row(session, at=now, actor=actor, action=action, entity=entity,
                          entity_id=entity_id, before=before, after=after, via=via)  # fmt: skip
        batch.append((entry, {"incident_id": incident_id, "at": now, "actor": actor, "kind": kind,
                              "text": text, "significant": significant, "audit_seq": entry["seq"]}))  # fmt: skip
        return
    seq = audit.record(session, at=now, actor=actor, action=action, entity=entity,
                       entity_id=entity_id, before=before, after=after, via=via).seq  # fmt: skip
    session.add(LogEntry(incident_id=incident_id, at=now, actor=actor, kind=kind, text=text,
                         significant=significant, audit_seq=seq))  # fmt: skip


_BATCH = "journal_batch"


@contextmanager
def batched(session: Session) -> Iterator[None]:
    """`journal` calls inside keep their audit entries and duty-log lines and write them at
    the end in two multi-row INSERTs, not an ORM object each: a sweep raising 10,000 alarms
    at a restart spent 1.8 s building and flushing 20,000 objects. The change record gets
    their sequence numbers, log lines and incidents as the session's flush would give them."""
    if _BATCH in session.info:  # nested: the outer batch writes
        yield
        return
    batch: list[tuple[dict, dict]] = []
    session.info[_BATCH] = batch
    try:
        yield
    finally:
        del session.info[_BATCH]
    if batch:
        session.execute(insert(AuditEntry), [entry for entry, _ in batch])
        lines = session.execute(insert(LogEntry).returning(LogEntry.id),
                                [line for _, line in batch]).scalars().all()  # fmt: skip
        record = changes(session)
        record.seqs.extend(entry["seq"] for entry, _ in batch)
        record.log.update(lines)
        record.incidents.update(x["incident_id"] for _, x in batch if x["incident_id"] is not None)
