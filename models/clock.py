from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class SlaClock(Base):
    """One SLA rule running for one task (or for the incident itself).

    Starts at the rule's start event, stops at its target event (the task done, or a
    lifecycle state). `status` is what is stored — running, paused, stopped, cancelled;
    warning / lapsed / met / met late are derived from the times (console.clocks)."""

    __tablename__ = "clocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    # No foreign key: tasks.clock_id points here, and a cycle of keys cannot be created in one go.
    task_id: Mapped[int | None] = mapped_column(index=True)
    rule_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    warn_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Working days were counted in a year with no official calendar data.
    unconfirmed: Mapped[bool] = mapped_column(default=False)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pause_reason: Mapped[str] = mapped_column(Text, default="")
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    # The statistics' deadlines of a period, with what they read of each (met, late, missed,
    # the task's group): counted from the index alone.
    # The sweep's and the timers' running clocks by their deadline or warning point: only the
    # running ones in the range, whatever the number of open or archived clocks.
    __table_args__ = (
        Index("ix_clocks_due_stats", "due_at", "status", "stopped_at", "paused_at", "task_id"),
        Index("ix_clocks_status_due", "status", "due_at"),
        Index("ix_clocks_status_warn", "status", "warn_at"),
        Index("ix_clocks_status_stopped", "status", "stopped_at"),  # the sweep's late stops
    )
    __mapper_args__ = {"version_id_col": version}


class ClockEvent(Base):
    """Why a clock did what it did: start, pause, resume (deadline moved), stop, reopen,
    cancel — so "why did this deadline move" is always answerable."""

    __tablename__ = "clock_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    clock_id: Mapped[int] = mapped_column(ForeignKey("clocks.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    due_before: Mapped[datetime | None] = mapped_column(UTCDateTime())
    due_after: Mapped[datetime | None] = mapped_column(UTCDateTime())
