from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class Sitrep(Base):
    """A report upward on an incident: 初报 (first), 续报 (update, numbered 一、二… in order)
    or 终报 (final). A draft is edited; signing (签发) by a leader fixes its time and freezes
    it: the database refuses any change to a signed row."""

    __tablename__ = "sitreps"
    __table_args__ = (UniqueConstraint("incident_id", "kind", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # first | update | final
    number: Mapped[int] = mapped_column(default=1)  # 续报's place in order; 1 for the others
    addressee: Mapped[str] = mapped_column(String(200), default="")  # 报送单位: to whom
    text: Mapped[str] = mapped_column(Text, default="")
    drafted_by: Mapped[str] = mapped_column(String(64))
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    edited_by: Mapped[str | None] = mapped_column(String(64))
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_by: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The audit chain's head as of the signing (SEQ:HASH), printed on the report.
    anchor: Mapped[str | None] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
