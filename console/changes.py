"""The one path by which a committed change reaches everyone who shows or plans from it.

- Every write transaction yields one typed `Change`: the audit sequence numbers it wrote
  and the ids of what it touched (collected at flush, `ChangeRecord`).
- Each process has one `ChangeBus` (`App.bus`). It takes this process's own commits at
  once, other processes' commits from the parsed PostgreSQL NOTIFY payload, and, only as
  the fallback, from a poll of the audit counter (SQLite, or a notification missed while
  the listener was away). It drops what it has delivered already by audit sequence, and a
  gap in the sequence is filled from the audit log, so every subscriber sees every change
  once, in commit order.
- Subscribers (the scheduler, a window's bridge) are plain callables; they run on the
  thread that delivered (the committing thread, the listener, the poller) and must hop
  to their own thread themselves (the Qt bridge does)."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from console.db import PG_CONNECT_ARGS
from console.errors import Unavailable
from models import Alarm, AuditEntry, AuditHead, HelpRequest, LogEntry, SlaClock, Task

if TYPE_CHECKING:
    from console.context import App

log = logging.getLogger(__name__)

CHANNEL = "console_changes"  # PostgreSQL LISTEN/NOTIFY channel of the change bus
PAYLOAD_LIMIT = 7000  # PostgreSQL allows 8000 bytes per notification
_IDS = ("incidents", "boards", "tasks", "clocks", "alarms", "log", "shifts", "users", "help")


@dataclass(frozen=True)
class Change:
    """What one committed transaction (or several, merged) changed.

    `first`..`last` are the audit sequence numbers written (0 when none were: a fixture, a
    drill's bookkeeping). The id sets name every row touched; `incidents` includes the
    incident of every task, clock, alarm and log line touched, `boards` only those whose
    board rows were written: the incident itself, a task or a clock (a sweep's thousands of
    alarms and their log lines move no row of a board). `complete` is False when the sender
    could not name everything (a payload too large): a view then reloads."""

    first: int = 0
    last: int = 0
    incidents: frozenset[int] = frozenset()
    boards: frozenset[int] = frozenset()  # ⊆ incidents: their own row, a task or a clock written
    tasks: frozenset[int] = frozenset()
    clocks: frozenset[int] = frozenset()
    alarms: frozenset[int] = frozenset()
    log: frozenset[int] = frozenset()  # duty-log lines
    shifts: frozenset[int] = frozenset()
    users: frozenset[int] = frozenset()
    help: frozenset[int] = frozenset()  # 求助 requests
    drill: bool = False  # the drill session itself (paused, resumed, stopped)
    calendar: bool = False  # a year of the holiday calendar
    complete: bool = True
    source: str = "local"  # local (this process) | remote (NOTIFY) | poll (the audit log)

    def __bool__(self) -> bool:
        return bool(self.last or self.drill or self.calendar or not self.complete
                    or any(getattr(self, k) for k in _IDS))  # fmt: skip

    def __or__(self, other: Change) -> Change:
        firsts = [c.first for c in (self, other) if c.first]
        return Change(first=min(firsts, default=0), last=max(self.last, other.last),
                      **{k: getattr(self, k) | getattr(other, k) for k in _IDS},
                      drill=self.drill or other.drill, calendar=self.calendar or other.calendar,
                      complete=self.complete and other.complete, source=other.source)  # fmt: skip

    def payload(self, limit: int = PAYLOAD_LIMIT) -> str:
        """The NOTIFY payload; one too large to name everything keeps only the sequence
        range, and the receivers read that range from the audit log."""
        body: dict[str, Any] = {"first": self.first, "last": self.last}
        # `boards` said even when empty: a payload without it names every incident's board
        # rows (a process of an earlier version)
        body |= {k: sorted(getattr(self, k)) for k in _IDS
                 if getattr(self, k) or (k == "boards" and self.incidents)}  # fmt: skip
        body |= {k: True for k in ("drill", "calendar") if getattr(self, k)}
        text = json.dumps(body, separators=(",", ":"))
        if len(text) <= limit and self.complete:
            return text
        return json.dumps(
            {"first": self.first, "last": self.last, "more": True}, separators=(",", ":")
        )

    @classmethod
    def from_payload(cls, text: str, source: str = "remote") -> Change | None:
        """A NOTIFY payload read back (None when it is not one of ours)."""
        try:
            body = json.loads(text)
            ids = {k: frozenset(int(i) for i in body.get(k, ())) for k in _IDS}
            if "boards" not in body:  # a process of an earlier version: any incident may have
                ids["boards"] = ids["incidents"]  # board rows written
            return cls(first=int(body.get("first", 0)), last=int(body.get("last", 0)), **ids,
                       drill=bool(body.get("drill")), calendar=bool(body.get("calendar")),
                       complete=not body.get("more"), source=source)  # fmt: skip
        except (ValueError, TypeError, AttributeError):
            return None


_TRACKED = {"Incident": "incidents", "Task": "tasks", "SlaClock": "clocks", "Alarm": "alarms",
            "LogEntry": "log", "Shift": "shifts", "User": "users",
            "HelpRequest": "help"}  # fmt: skip
_ON_BOARDS = {"Incident", "Task", "SlaClock"}  # what a board row is read from
# Audit entities whose writes move no board row (an alarm raised, acknowledged, escalated; a
# message settled): their duty-log lines name their incident in `incidents` only.
_OFF_BOARDS = ("alarm", "message")


@dataclass
class ChangeRecord:
    """A transaction's change while it is being written (frozen into a Change at commit).
    Core statements, which the session does not see, add their ids by hand."""

    incidents: set[int] = field(default_factory=set)
    boards: set[int] = field(default_factory=set)
    tasks: set[int] = field(default_factory=set)
    clocks: set[int] = field(default_factory=set)
    alarms: set[int] = field(default_factory=set)
    log: set[int] = field(default_factory=set)
    shifts: set[int] = field(default_factory=set)
    users: set[int] = field(default_factory=set)
    help: set[int] = field(default_factory=set)
    seqs: list[int] = field(default_factory=list)
    drill: bool = False
    calendar: bool = False

    def collect(self, objects: Iterable[object]) -> None:
        for obj in objects:
            kind = type(obj).__name__
            if kind == "AuditEntry":
                self.seqs.append(obj.seq)  # type: ignore[attr-defined]
                self.calendar |= obj.entity == "calendar"  # type: ignore[attr-defined]
                continue
            if kind == "DrillSession":
                self.drill = True
                continue
            bucket = _TRACKED.get(kind)
            if bucket is None or getattr(obj, "id", None) is None:
                continue
            getattr(self, bucket).add(obj.id)  # type: ignore[attr-defined]
            incident_id = obj.id if kind == "Incident" else getattr(obj, "incident_id", None)  # type: ignore[attr-defined]
            if incident_id is not None:
                self.incidents.add(incident_id)
                if kind in _ON_BOARDS:
                    self.boards.add(incident_id)

    def board(self, incident_id: int) -> None:
        """A board row of this incident was written by a Core statement."""
        self.incidents.add(incident_id)
        self.boards.add(incident_id)

    def freeze(self) -> Change:
        return Change(first=min(self.seqs, default=0), last=max(self.seqs, default=0),
                      **{k: frozenset(getattr(self, k)) for k in _IDS},
                      drill=self.drill, calendar=self.calendar)  # fmt: skip


def read_range(session, first: int, last: int, *, source: str = "poll") -> Change:  # type: ignore[no-untyped-def]
    """What the audit entries `first`..`last` name, and the duty-log lines written with
    them: the change of those commits, read back from the database."""
    rec = ChangeRecord()
    conn = session.connection()  # Core rows: a sweep's 50,000 lines through the ORM took 5x
    rows = conn.execute(select(AuditEntry.entity, AuditEntry.entity_id).where(
        AuditEntry.seq >= first, AuditEntry.seq <= last)).all()  # fmt: skip
    named: dict[str, set[int]] = {}
    for entity, entity_id in rows:
        if entity == "drill":
            rec.drill = True
        elif entity == "calendar":
            rec.calendar = True
        elif entity_id.isdigit():
            named.setdefault(entity, set()).add(int(entity_id))
    rec.boards |= named.get("incident", set())
    if any(entity == "message" for entity, _ in rows):  # a sender's outcomes name what they show
        for (after,) in conn.execute(select(AuditEntry.after).where(
                AuditEntry.seq >= first, AuditEntry.seq <= last, AuditEntry.entity == "message")):  # fmt: skip
            shown = json.loads(after or "null") or {}
            if isinstance(shown, dict):  # deliveries: the banner's and the rolls', no board's
                named.setdefault("alarm", set()).update(int(i) for i in shown.get("alarms", ()))
                rec.incidents.update(int(i) for i in shown.get("incidents", ()))
    rec.incidents |= named.get("incident", set())
    rec.tasks |= named.get("task", set())
    rec.alarms |= named.get("alarm", set())
    rec.shifts |= named.get("shift", set())
    rec.users |= named.get("user", set())
    rec.help |= named.get("help", set())
    for lid, iid, entity in conn.execute(
        select(LogEntry.id, LogEntry.incident_id, AuditEntry.entity)
        .join(AuditEntry, AuditEntry.seq == LogEntry.audit_seq)
        .where(LogEntry.audit_seq >= first, LogEntry.audit_seq <= last)
    ).all():
        rec.log.add(lid)
        if iid is not None:
            rec.incidents.add(iid)
            if entity not in _OFF_BOARDS:  # a task's or a report's action may move its rows
                rec.boards.add(iid)
    for model, ids in ((Task, rec.tasks), (Alarm, rec.alarms)):  # their incidents and clocks
        if ids:
            for iid, cid in _of(conn, model, ids):
                rec.incidents.add(iid)
                if model is Task:
                    rec.boards.add(iid)
                if cid is not None:
                    rec.clocks.add(cid)
    if rec.help:  # a request for help names its incident
        rec.incidents |= set(conn.execute(select(HelpRequest.incident_id).where(
            HelpRequest.id.in_(rec.help))).scalars())  # fmt: skip
    if named.get("incident"):  # an incident's change (activate, re-grade) moves its clocks
        rec.clocks |= set(conn.execute(select(SlaClock.id).where(
            SlaClock.incident_id.in_(named["incident"]))).scalars())  # fmt: skip
    rec.seqs = [first, last] if last else []
    return replace(rec.freeze(), source=source)


def _of(conn, model, ids: set[int]) -> list:  # type: ignore[no-untyped-def]
    """(incident, clock) of these tasks or alarms. A sweep's thousands of alarms are read as
    the range of ids they fill, not as an IN list of thousands of parameters."""
    low, high = min(ids), max(ids)
    dense = len(ids) > 500 and high - low < 2 * len(ids)
    rows = conn.execute(
        select(model.id, model.incident_id, model.clock_id).where(
            model.id.between(low, high) if dense else model.id.in_(ids)
        )
    ).all()
    return [(iid, cid) for i, iid, cid in rows if i in ids]


Subscriber = Callable[[Change], None]
StatusSubscriber = Callable[[bool], None]


class ChangeBus:
    """One per process (`App.bus`). `publish` takes local commits, `notify` a NOTIFY
    payload, `poll` reads the audit counter; each delivers what is new, once, in order."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.seen: int | None = None  # the last audit sequence delivered
        self._subscribers: list[Subscriber] = []
        self._status_subscribers: list[StatusSubscriber] = []
        self._lock = threading.RLock()  # one delivery at a time, in sequence order
        self._sources: dict[str, bool] = {}  # who says the database is reachable
        self.online: bool | None = None
        self.listener: PgListener | None = None
        self.polling = True  # tests and benchmarks turn the fallback off to prove NOTIFY
        self.interval = 1.0  # the fallback poll's period; longer while NOTIFY is listened to
        self._users = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- subscribing ------------------------------------------------------------------
    def subscribe(self, fn: Subscriber) -> Subscriber:
        self._subscribers.append(fn)
        return fn

    def unsubscribe(self, fn: Subscriber) -> None:
        if fn in self._subscribers:
            self._subscribers.remove(fn)

    def on_status(self, fn: StatusSubscriber) -> StatusSubscriber:
        self._status_subscribers.append(fn)
        return fn

    def off_status(self, fn: StatusSubscriber) -> None:
        if fn in self._status_subscribers:
            self._status_subscribers.remove(fn)

    # --- taking changes in ------------------------------------------------------------
    def publish(self, change: Change) -> Change | None:
        """Delivers a change unless it was delivered already (by its audit sequence); a
        gap before it (a commit of this process another thread has not published yet, a
        missed notification) is read from the audit log and delivered first."""
        with self._lock:
            if change.last:
                if self.seen is not None and change.last <= self.seen:
                    return None  # delivered already
                if self.seen is not None and change.first > self.seen + 1 and change.first:
                    try:
                        with self.app.read() as s:
                            self._deliver(read_range(s, self.seen + 1, change.first - 1))
                    except Unavailable as exc:  # the views reload when the database is back
                        log.warning(
                            "change gap %s..%s not read: %s", self.seen + 1, change.first - 1, exc
                        )
                self.seen = change.last
            self._deliver(change)
            return change

    def notify(self, payload: str) -> None:
        """A NOTIFY from the listener thread; an empty payload means "(re)connected: catch
        up" and is answered with a poll."""
        change = Change.from_payload(payload) if payload else None
        if change is None or not change.complete:
            self.poll()
            return
        self.publish(change)

    def poll(self) -> Change:
        """Reads the audit counter and delivers what this process has not seen (the
        fallback: one cheap query when nothing changed). Returns what it delivered."""
        try:
            with self._lock, self.app.read() as s:
                head = s.execute(select(AuditHead.seq).where(AuditHead.id == 1)).scalar_one()
                if self.seen is None or head <= self.seen:
                    self.seen = head if self.seen is None else self.seen
                    change = Change(source="poll")
                else:
                    change = read_range(s, self.seen + 1, head)
            self.status("poll", True)
        except Unavailable as exc:
            log.debug("change poll: %s", exc)
            self.status("poll", False)
            return Change(source="poll")
        if change:
            self.publish(change)
        return change

    def status(self, source: str, online: bool) -> None:
        """The database is reachable when every source that looked says so."""
        self._sources[source] = online
        now = all(self._sources.values())
        if now != self.online:
            first = self.online is None
            self.online = now
            if not (first and now):
                log.warning("database %s", "reachable again" if now else "unreachable")
            for fn in list(self._status_subscribers):
                try:
                    fn(now)
                except Exception:
                    log.exception("status subscriber %r failed", fn)

    def _deliver(self, change: Change) -> None:
        for fn in list(self._subscribers):
            try:
                fn(change)
            except Exception:  # one subscriber's failure must not hide a change from the rest
                log.exception("change subscriber %r failed", fn)

    # --- running ----------------------------------------------------------------------
    def start(self) -> None:
        """Starts the fallback poll (and, on PostgreSQL, the listener) for one more user;
        `stop` ends them when the last user stops."""
        with self._lock:
            self._users += 1
            if self._thread is not None:
                return
            if self.seen is None:
                self.poll()
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="change-poll", daemon=True)
            self._thread.start()

    def listen(self) -> PgListener | None:
        """On PostgreSQL, listens for other processes' commits (NOTIFY)."""
        if self.app.engine.dialect.name != "postgresql":
            return None
        if self.listener is None:
            self.listener = PgListener(self.app.url, self.notify,
                                       lambda online: self.status("listener", online))  # fmt: skip
            self.listener.start()
        return self.listener

    def stop(self, *, everyone: bool = False) -> None:
        with self._lock:
            self._users = 0 if everyone else max(0, self._users - 1)
            if self._users or self._thread is None:
                return
            thread, self._thread = self._thread, None
            listener, self.listener = self.listener, None
        self._stop.set()
        thread.join(timeout=5)
        if listener is not None:
            listener.stop()
        self._sources.pop("listener", None)

    def _run(self) -> None:
        while True:
            listening = self.listener is not None and self.listener.online
            offline = self.online is False
            wait = 3.0 if offline else (10.0 * self.interval if listening else self.interval)
            if self._stop.wait(wait):
                return
            if self.polling or offline:
                self.poll()


class PgListener:
    """Hears other processes' commits the moment they happen (PostgreSQL LISTEN on the
    change channel) and whether the server is reachable. Runs on its own thread with its
    own connection; reconnects by itself."""

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
            self.online = online
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
