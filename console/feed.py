"""The change feed between seats. Every change writes an audit entry, so the audit head's
sequence number is a change counter: a seat polls it (one cheap query) and, when it moved,
reads which incidents, tasks and alarms the new entries name. Works across processes on
one SQLite file; PostgreSQL seats can be woken by LISTEN/NOTIFY instead of the poll."""

from __future__ import annotations

from sqlalchemy import select

from console.app import App, Change
from models import AuditEntry, AuditHead, Task


class ChangeFeed:
    def __init__(self, app: App) -> None:
        self.app = app
        with app.read() as s:
            self.seen = s.execute(select(AuditHead.seq).where(AuditHead.id == 1)).scalar_one()

    def poll(self) -> Change:
        """What changed since the last poll (empty when nothing did)."""
        change = Change()
        with self.app.read() as s:
            head = s.execute(select(AuditHead.seq).where(AuditHead.id == 1)).scalar_one()
            if head == self.seen:
                return change
            rows = s.execute(select(AuditEntry.entity, AuditEntry.entity_id).where(
                AuditEntry.seq > self.seen, AuditEntry.seq <= head)).all()  # fmt: skip
            for entity, entity_id in rows:
                if not entity_id.isdigit():
                    continue
                if entity == "incident":
                    change.incidents.add(int(entity_id))
                elif entity == "task":
                    change.tasks.add(int(entity_id))
                elif entity == "alarm":
                    change.alarms.add(int(entity_id))
            if change.tasks:
                ids = s.execute(select(Task.incident_id).where(Task.id.in_(change.tasks))).scalars()
                change.incidents.update(ids)
            self.seen = head
        return change
