from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class DrillSession(Base):
    """A drill (演练) runs in a database of its own, and this one row says so: a database
    with a session row is a drill database, whose every screen and page is watermarked.

    The drill clock is kept as an anchor: at real instant `anchor_wall` it read
    `anchor_sim`, and it runs `speed` times faster from there unless paused."""

    __tablename__ = "drill_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)  # the session id people type
    scenario_id: Mapped[str] = mapped_column(String(64))
    scenario_name: Mapped[str] = mapped_column(String(200))
    scenario: Mapped[str] = mapped_column(Text)  # the scenario file, as run
    plan_id: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))  # live | headless
    state: Mapped[str] = mapped_column(String(16))  # running | paused | finished
    speed: Mapped[float] = mapped_column(Float)
    sim_start: Mapped[datetime] = mapped_column(UTCDateTime())
    sim_end: Mapped[datetime] = mapped_column(UTCDateTime())  # when the scenario ends
    anchor_sim: Mapped[datetime] = mapped_column(UTCDateTime())
    anchor_wall: Mapped[datetime] = mapped_column(UTCDateTime())
    started_by: Mapped[str] = mapped_column(String(64))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # simulated
    notes: Mapped[str] = mapped_column(Text, default="")  # the leader's closing notes
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class DrillEvent(Base):
    """One inject or scripted response of the scenario, applied once (the unique key makes
    applying idempotent, as raising an alarm is), with what it did or why it failed."""

    __tablename__ = "drill_events"
    __table_args__ = (UniqueConstraint("session_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("drill_sessions.id"), index=True)
    key: Mapped[str] = mapped_column(String(32))  # injects[3] | responses[5]
    kind: Mapped[str] = mapped_column(String(16))  # report, crowd, media, demand, block, …
    ref: Mapped[str | None] = mapped_column(String(64))  # the report's name in the scenario
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())  # simulated
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime())  # simulated
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    ok: Mapped[bool] = mapped_column(default=True)
    detail: Mapped[str] = mapped_column(Text, default="")
