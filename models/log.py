from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class LogEntry(Base):
    """A line of the duty log / incident timeline, in words a duty officer reads."""

    __tablename__ = "log_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    significant: Mapped[bool] = mapped_column(default=False)
    # The audit entry written with this line: which commit wrote it (the change bus finds
    # the lines of commits it reads back from the audit log).
    audit_seq: Mapped[int | None] = mapped_column(index=True)
