from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class Shift(Base):
    """A duty shift: who held it (值班员, 带班领导), from when, and its handover (交接班)
    to the incoming officer — with the leader's reason when a handover was forced."""

    __tablename__ = "shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer: Mapped[str] = mapped_column(String(64))
    leader: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    incoming: Mapped[str | None] = mapped_column(String(64))
    handed_over_by: Mapped[str | None] = mapped_column(String(64))
    override_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
