"""What a case keeps beside its tasks: the evidence attached to it (录音录像, 照片, 视频, 截图,
实物的照片) as the exact bytes with their hash, and its follow-up calls (回访) with their
results. Both are only ever added to: nothing edits or deletes them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from models.base import Base, UTCDateTime


class Attachment(Base):
    """A file attached to an incident (or one of its tasks): the bytes are kept in the
    database, so a backup of the database is a backup of the evidence."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Loaded only when asked for: listing a case's evidence does not read its bytes.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    note: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Revisit(Base):
    """回访: one follow-up call and its result (satisfied, basically_satisfied, dissatisfied)."""

    __tablename__ = "revisits"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    result: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(64))
    # indexed: the statistics count the 回访 of a period
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # The round of re-handling a 不满意 opened (1, 2 …); None for a result that closes the loop.
    rehandle_round: Mapped[int | None]
