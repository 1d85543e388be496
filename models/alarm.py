from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class Alarm(Base):
    """Raised once per clock and kind (warning, lapsed): the unique constraint makes raising
    an idempotent write, so two seats or two sweeps never raise the same alarm twice."""

    __tablename__ = "alarms"
    __table_args__ = (UniqueConstraint("clock_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clock_id: Mapped[int] = mapped_column(ForeignKey("clocks.id"), index=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    kind: Mapped[str] = mapped_column(String(16))  # warning | lapsed | undelivered
    priority: Mapped[int] = mapped_column(default=1)
    group_id: Mapped[str | None] = mapped_column(String(64))
    role_id: Mapped[str | None] = mapped_column(String(64))
    # Escalation step: 0 the role's A角 (or its off-hours stand-in), 1 its B角, 2 the leader.
    step: Mapped[int] = mapped_column(default=0)
    recipients: Mapped[list[Any]] = mapped_column(JSON, default=list)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))
    # indexed: the open alarms (the banner's) without a year of acknowledged ones
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    shelved_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    shelve_reason: Mapped[str] = mapped_column(Text, default="")
    # Messages off the seat: when they were last written, and how many repeats so far
    # (the plan's notify.repeat_every until acknowledged, at most notify.repeat_max).
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    repeats: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
