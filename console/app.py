"""The application context: database, clock, plans and calendar, handed to every service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from console import db
from console.calendar import WorkCalendar
from console.clock import Clock, SystemClock
from console.plans import PLANS_DIR, Catalogue, load_catalogue


@dataclass
class App:
    engine: Engine
    read_engine: Engine
    clock: Clock
    catalogue: Catalogue
    calendar: WorkCalendar
    url: str = ""
    listeners: list = field(default_factory=list)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session
        for listener in list(self.listeners):
            listener()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.read_engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()


def open_app(url: str | None = None, clock: Clock | None = None, *, plans_dir: Path = PLANS_DIR,
             calendar_dir: Path | None = None, migrate: bool = True) -> App:  # fmt: skip
    url = url or db.default_url()
    engine = db.make_engine(url)
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    read_engine = db.make_engine(url, immediate=False) if is_sqlite else engine
    if migrate:
        db.migrate(engine)
    if calendar_dir is None and is_sqlite and url == db.default_url():
        calendar_dir = db.data_dir() / "calendars"
    return App(
        engine=engine,
        read_engine=read_engine,
        clock=clock or SystemClock(),
        catalogue=load_catalogue(plans_dir),
        calendar=WorkCalendar.from_folder(calendar_dir or db.data_dir() / "calendars"),
        url=url,
    )
