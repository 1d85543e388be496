from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime

if TYPE_CHECKING:
    from models.clock import SlaClock
    from models.incident import Incident


class Task(Base):
    """A task instantiated from a plan's template (at 接报 or at 启动预案), or made for the one
    case: an ad-hoc task with its own deadline, or re-handling after a 不满意 回访.

    States: open, done, blocked, cancelled (its template no longer applies after a
    re-grade; kept for the record)."""

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("incident_id", "template_id"),
        # an incident's groups, for the statistics by group (from the index alone)
        Index("ix_tasks_incident_group", "incident_id", "group_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    template_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    group_id: Mapped[str] = mapped_column(String(64), index=True)
    role_id: Mapped[str] = mapped_column(String(64))
    phase: Mapped[str] = mapped_column(String(64))
    rule_id: Mapped[str | None] = mapped_column(String(64))
    # The task's current SLA clock (none when its rule's start event has not happened).
    clock_id: Mapped[int | None] = mapped_column(ForeignKey("clocks.id"))
    state: Mapped[str] = mapped_column(String(16), index=True)
    assignee: Mapped[str | None] = mapped_column(String(64))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
    # What a per-case task is for (the decision that set it: 会议明确的责任人和时限 …).
    detail: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str | None] = mapped_column(String(64))
    block_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    incident: Mapped[Incident] = relationship(back_populates="tasks")
    clock: Mapped[SlaClock | None] = relationship(foreign_keys=[clock_id], lazy="joined")

    @property
    def due_at(self) -> datetime | None:
        return self.clock.due_at if self.clock is not None else None

    @property
    def warn_at(self) -> datetime | None:
        return self.clock.warn_at if self.clock is not None else None

    __mapper_args__ = {"version_id_col": version}
