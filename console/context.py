"""The application context: database, time source, plans and calendar, handed to every service."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console import audit, db
from console.changes import CHANNEL, ChangeBus, ChangeRecord
from console.errors import Conflict, InputError, Unavailable
from console.plans.plan import PLANS_DIR, Catalogue, load_catalogue
from console.time.calendar import WorkCalendar
from console.time.format import local_iso
from console.time.source import DrillTime, FixedTime, SystemTime, TimeSource

log = logging.getLogger(__name__)

SANDBOX_WATERMARK = "测试"
# A running clock found this far behind the newest audit entry is held at its time (a small
# step back, a seat's skew); further back, it was put right, and the audit says so.
HOLD_BACK = timedelta(minutes=2)


def unavailable(exc: DBAPIError) -> Unavailable:
    """A lost or refused connection, in words a user can act on (nothing was saved)."""
    first = str(exc.orig or exc).strip().splitlines()[0][:200]
    return Unavailable(f"数据库不可用,操作未保存 (database unavailable, nothing saved): {first}")


def _is_outage(exc: DBAPIError) -> bool:
    """A lost, refused or timed-out connection (not an error the server reported about SQL)."""
    if exc.connection_invalidated:
        return True
    if isinstance(exc, (OperationalError, InterfaceError)):
        state = getattr(exc.orig, "sqlstate", None)  # psycopg: 08xxx connection, 57P0x shutdown
        return state is None or state.startswith(("08", "57P"))
    return False


class ConsoleSession(Session):
    pass


@event.listens_for(ConsoleSession, "after_flush")
def _collect(session: Session, _ctx: object) -> None:
    changes(session).collect((*session.new, *session.dirty, *session.deleted))


def write_time(session: Session) -> datetime:
    """The time of this write transaction: what it records and its audit entries carry it."""
    return session.info["now"]


def changes(session: Session) -> ChangeRecord:
    """The change record of this transaction (writes made with Core statements add to it)."""
    return session.info.setdefault("change", ChangeRecord())


@dataclass
class DrillInfo:
    """The drill this database holds (None for a real database): every screen and every
    printed page of a drill database carries the 演练 watermark."""

    name: str
    scenario_id: str
    scenario_name: str
    plan_id: str
    mode: str
    state: str
    speed: float
    sim_start: datetime
    sim_end: datetime
    anchor_sim: datetime
    anchor_wall: datetime

    WATERMARK = "演练"

    def make_time(self, base: TimeSource | None = None) -> DrillTime:
        return DrillTime(self.anchor_sim, self.anchor_wall, self.speed, end=self.sim_end, base=base,
                          paused=self.state != "running")  # fmt: skip


def load_drill(engine: Engine) -> DrillInfo | None:
    """The drill of a drill database: its session row, and its chain's first entry the
    drill's start (a session row added to a real database later makes it no drill's)."""
    from models import AuditEntry, DrillSession

    with Session(engine) as s:
        row = s.execute(
            select(DrillSession).order_by(DrillSession.id).limit(1)
        ).scalar_one_or_none()
        first = s.get(AuditEntry, 1)
        if row is None or first is None or first.action != "drill.start":
            return None
        return DrillInfo(row.name, row.scenario_id, row.scenario_name, row.plan_id, row.mode, row.state,
                         row.speed, row.sim_start, row.sim_end, row.anchor_sim, row.anchor_wall)  # fmt: skip


def load_sandbox(engine: Engine) -> bool:
    """A sandbox is marked in its settings and by the chain's first entry (a row added to
    the settings of a real database later does not make it one)."""
    from models import AuditEntry, Setting

    with Session(engine) as s:
        first = s.get(AuditEntry, 1)
        return (
            s.get(Setting, "sandbox") is not None
            and first is not None
            and (first.action == "database.sandbox")
        )


@dataclass
class App:
    engine: Engine
    read_engine: Engine
    time: TimeSource
    catalogue: Catalogue
    calendar: WorkCalendar
    url: str = ""
    calendar_dir: Path | None = None
    drill: DrillInfo | None = None
    sandbox: bool = False  # a database for tests, training and demos (migrate --sandbox)
    via: str | None = None  # how this process's actor proved who they are ("token:LABEL")
    bus: ChangeBus = field(init=False)

    def __post_init__(self) -> None:
        self.bus = ChangeBus(self)

    @property
    def watermark(self) -> str:
        """What every window and printed page of this database carries: 演练 in a drill,
        测试 in a sandbox."""
        if self.drill is not None:
            return DrillInfo.WATERMARK
        return SANDBOX_WATERMARK if self.sandbox else ""

    def _write_time(self, session: Session) -> datetime:
        """Now, for a write after the newest audit entry: never before it. A clock set by
        hand (--now in a sandbox, a test) that would go back is refused. A running clock
        that stepped back a little (NTP, another seat's skew) records at the newest time;
        one that went back further (the machine's clock put right) records the true time,
        after an audit entry saying the clock went back, from when to when."""
        head = audit.lock_head(session)
        now, last = self.time.now(), head.at
        if last is None or now >= last:
            return now
        if isinstance(self.time, FixedTime):
            raise InputError("--now", f"{local_iso(now)} is before the last recorded action "
                             f"({local_iso(last)}): nothing is recorded before what it acts on, "
                             "and the audit's times never go backwards")  # fmt: skip
        if last - now <= HOLD_BACK:
            return last
        log.warning("the clock went back %s: from %s to %s", last - now, last, now)
        entry = audit.record(session, at=now, actor="system", action="clock.back", entity="clock",
                             entity_id="", before={"at": last.isoformat()},
                             after={"at": now.isoformat()}, back=True)  # fmt: skip
        from models import LogEntry

        session.add(LogEntry(incident_id=None, at=now, actor="system", kind="admin", significant=True,
                             audit_seq=entry.seq,
                             text=f"系统时钟回拨:最近一条记录在 {local_iso(last)},现在 {local_iso(now)}"))  # fmt: skip
        return now

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all. After the
        commit, the change bus delivers what it changed (one `Change`)."""
        postgres = self.engine.dialect.name == "postgresql"
        try:
            with ConsoleSession(self.engine, expire_on_commit=False) as session, session.begin():
                # Every writer takes the audit head first: one lock order for all
                # transactions on PostgreSQL (as BEGIN IMMEDIATE gives on SQLite), so no
                # deadlocks; and the transaction's time is never before the head's.
                session.info["now"] = self._write_time(session)
                yield session
                session.flush()
                change = changes(session).freeze()
                if postgres and change:  # delivered to the other processes at commit
                    session.execute(text("SELECT pg_notify(:channel, :payload)"),
                                    {"channel": CHANNEL, "payload": change.payload()})  # fmt: skip
        except StaleDataError as exc:  # a version check failed at flush: someone else was first
            raise Conflict(
                f"记录已被他人修改,请刷新后重试 (changed by someone else first): {exc}"
            ) from None
        except DBAPIError as exc:
            if _is_outage(exc):
                raise unavailable(exc) from None
            raise
        if change:
            try:
                self.bus.publish(change)
            except Exception:  # a subscriber's failure must not undo or hide a committed change
                log.exception("publishing %r failed", change)

    def claim(self) -> AbstractContextManager[Session]:
        """A short write of a process's own bookkeeping (a sender claiming messages to send,
        the statistics keeping a day's roll-up): no audit entry and no change on the bus;
        what a sender claims is settled through `write`, the roll-up is a copy of the rows."""
        return _transaction(self.engine)

    def read(self) -> AbstractContextManager[Session]:
        return _transaction(self.read_engine)

    def close(self) -> None:
        self.bus.stop(everyone=True)
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()


@contextmanager
def _transaction(engine: Engine) -> Iterator[Session]:
    """A plain transaction (a read, or a sender's claim); a lost database is Unavailable."""
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    except DBAPIError as exc:
        if _is_outage(exc):
            raise unavailable(exc) from None
        raise


def open_app(url: str | None = None, time: TimeSource | None = None, *, plans_dir: Path = PLANS_DIR,
             calendar_dir: Path | None = None, migrate: bool = True) -> App:  # fmt: skip
    url = url or db.default_url()
    engine = db.make_engine(url)
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    read_engine = (
        db.make_engine(url, immediate=False) if is_sqlite and not db.in_memory(url) else engine
    )
    if migrate:
        db.migrate(engine)
    calendar_dir = calendar_dir or db.data_dir() / "calendars"
    drill = load_drill(read_engine)
    sandbox = load_sandbox(read_engine)
    if drill is not None and (time is None or isinstance(time, SystemTime)):
        time = drill.make_time()  # a drill database runs on its drill's time
    return App(
        engine=engine,
        read_engine=read_engine,
        time=time or SystemTime(),
        drill=drill,
        sandbox=sandbox,
        catalogue=load_catalogue(plans_dir),
        calendar=WorkCalendar.from_folder(calendar_dir),
        url=url,
        calendar_dir=calendar_dir,
    )
