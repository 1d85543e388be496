"""The change feed between seats. Every change writes an audit entry, so the audit head's
sequence number is a change counter: a seat polls it (one cheap query) and, when it moved,
reads which incidents, tasks and alarms the new entries name. Works across processes on
one SQLite file (a poll a second). On PostgreSQL every commit also NOTIFYs the channel,
and PgListener wakes the seat at once, so the poll is only the safety net."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.engine import make_url

from console.context import CHANNEL, App, Change
from console.db import PG_CONNECT_ARGS
from models import AuditEntry, AuditHead, Task

log = logging.getLogger(__name__)


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


class PgListener:
    """Wakes a seat the moment another seat commits (PostgreSQL LISTEN on the change channel),
    and tells it whether the database is reachable. Runs on its own thread with its own
    connection; reconnects by itself. Callbacks run on that thread: the GUI bridges them."""

    def __init__(self, url: str, on_notify: Callable[[str], None],
                 on_status: Callable[[bool], None] | None = None, heartbeat: float = 1.0) -> None:  # fmt: skip
        self.conninfo = (
            make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        self.on_notify, self.on_status = on_notify, on_status
        self.heartbeat = heartbeat
        self.online: bool | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pg-listener", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _status(self, online: bool) -> None:
        if online != self.online:
            first = self.online is None
            self.online = online
            # the first connection is routine; every change after it is worth a warning
            log.log(logging.INFO if first and online else logging.WARNING,
                    "database %s", "reachable" if online else "unreachable")  # fmt: skip
            if self.on_status is not None:
                self.on_status(online)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, **PG_CONNECT_ARGS) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._status(True)
                    self.on_notify("")  # (re)connected: catch up on whatever was missed
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=self.heartbeat):
                            self.on_notify(note.payload)
                        conn.execute("SELECT 1")  # a server that went away is noticed here
            except (psycopg.Error, OSError) as exc:
                log.debug("listener: %s", exc)
                self._status(False)
                self._stop.wait(1.0)
            except Exception:  # a callback's failure must not end the listening
                log.exception("listener callback failed")
                self._stop.wait(1.0)
