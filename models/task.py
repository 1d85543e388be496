from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime

if TYPE_CHECKING:
    from models.incident import Incident


class Task(Base):
    """A task instantiated from a plan's template when the plan is activated.

    States: open, done, blocked, cancelled (its template no longer applies after a
    re-grade; kept for the record)."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("incident_id", "template_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    template_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    group_id: Mapped[str] = mapped_column(String(64), index=True)
    role_id: Mapped[str] = mapped_column(String(64))
    phase: Mapped[str] = mapped_column(String(64))
    rule_id: Mapped[str | None] = mapped_column(String(64))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The deadline counted working days in a year without official calendar data.
    due_unconfirmed: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(16), index=True)
    assignee: Mapped[str | None] = mapped_column(String(64))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    block_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    incident: Mapped[Incident] = relationship(back_populates="tasks")

    __mapper_args__ = {"version_id_col": version}
