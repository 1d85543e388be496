"""The application context: database, time source, plans and calendar, handed to every service."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console import db
from console.errors import Conflict, Unavailable
from console.plans.plan import PLANS_DIR, Catalogue, load_catalogue
from console.time.calendar import WorkCalendar
from console.time.source import DrillTime, SystemTime, TimeSource


@dataclass
class Change:
    """What one committed transaction changed, by entity: ids of incidents, tasks, clocks,
    alarms. Listeners (the scheduler, the seats' models) refresh only these."""

    incidents: set[int] = field(default_factory=set)
    tasks: set[int] = field(default_factory=set)
    clocks: set[int] = field(default_factory=set)
    alarms: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.incidents or self.tasks or self.clocks or self.alarms)

    def payload(self, limit: int = 7000) -> str:
        """The NOTIFY payload naming what changed (PostgreSQL allows 8000 bytes); a change
        too large to name says only "more", and the seats read it from the audit log."""
        body = json.dumps({k: sorted(getattr(self, k)) for k in ("incidents", "tasks", "alarms") if getattr(self, k)},
                          separators=(",", ":"))  # fmt: skip
        return body if len(body) <= limit else '{"more":true}'


log = logging.getLogger(__name__)

_TRACKED = {"Incident": "incidents", "Task": "tasks", "SlaClock": "clocks", "Alarm": "alarms"}
CHANNEL = "console_changes"  # PostgreSQL LISTEN/NOTIFY channel of the change feed


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
    change = changes(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        bucket = _TRACKED.get(type(obj).__name__)
        if bucket is not None and getattr(obj, "id", None) is not None:
            getattr(change, bucket).add(obj.id)


def changes(session: Session) -> Change:
    """The change record of this transaction, for writes made with Core statements."""
    return session.info.setdefault("change", Change())


Listener = Callable[[Change], None]


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
    from models import DrillSession

    with Session(engine) as s:
        row = s.execute(
            select(DrillSession).order_by(DrillSession.id).limit(1)
        ).scalar_one_or_none()
        if row is None:
            return None
        return DrillInfo(row.name, row.scenario_id, row.scenario_name, row.plan_id, row.mode, row.state,
                         row.speed, row.sim_start, row.sim_end, row.anchor_sim, row.anchor_wall)  # fmt: skip


@dataclass
class App:
    engine: Engine
    read_engine: Engine
    time: TimeSource
    catalogue: Catalogue
    calendar: WorkCalendar
    url: str = ""
    calendar_dir: Path | None = None
    listeners: list[Listener] = field(default_factory=list)
    drill: DrillInfo | None = None

    @property
    def watermark(self) -> str:
        """What every printed page of this database carries ("演练" in a drill)."""
        return DrillInfo.WATERMARK if self.drill is not None else ""

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all. After the
        commit, listeners hear what changed."""
        postgres = self.engine.dialect.name == "postgresql"
        try:
            with ConsoleSession(self.engine, expire_on_commit=False) as session, session.begin():
                if postgres:
                    # Every writer takes the audit head first: one lock order for all
                    # transactions (as BEGIN IMMEDIATE gives on SQLite), so no deadlocks.
                    session.execute(text("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE"))
                yield session
                session.flush()
                change = session.info.get("change")
                if postgres and change:  # delivered to the other seats at commit
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
            for listener in list(self.listeners):
                try:
                    listener(change)
                except Exception:  # a listener's failure must not undo or hide a committed change
                    log.exception("change listener %r failed", listener)

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with Session(self.read_engine, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as exc:
            if _is_outage(exc):
                raise unavailable(exc) from None
            raise

    def close(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()


def open_app(url: str | None = None, time: TimeSource | None = None, *, plans_dir: Path = PLANS_DIR,
             calendar_dir: Path | None = None, migrate: bool = True) -> App:  # fmt: skip
    url = url or db.default_url()
    engine = db.make_engine(url)
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    in_memory = is_sqlite and parsed.database in (None, "", ":memory:")
    read_engine = db.make_engine(url, immediate=False) if is_sqlite and not in_memory else engine
    if migrate:
        db.migrate(engine)
    calendar_dir = calendar_dir or db.data_dir() / "calendars"
    drill = load_drill(read_engine)
    if drill is not None and (time is None or isinstance(time, SystemTime)):
        time = drill.make_time()  # a drill database runs on its drill's time
    return App(
        engine=engine,
        read_engine=read_engine,
        time=time or SystemTime(),
        drill=drill,
        catalogue=load_catalogue(plans_dir),
        calendar=WorkCalendar.from_folder(calendar_dir),
        url=url,
        calendar_dir=calendar_dir,
    )
