from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class AuditEntry(Base):
    """Append-only, hash-chained record of every change (who, when, what, before/after)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[str] = mapped_column(Text)  # canonical JSON
    after: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # How the actor proved who they are when not by password at a seat: "token:LABEL".
    # Part of the hash when set (entries written before it existed hash as they did).
    via: Mapped[str | None] = mapped_column(String(128))

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


class AuditHead(Base):
    """The chain's tip (one row). Writers lock it, so two seats never fork the
    chain, and a deleted tail no longer matches it."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(String(64))
    # The newest entry's time: a write is never recorded before it.
    at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Setting(Base):
    """What this database is (one row per key): `sandbox` marks a database for tests,
    training and demos, where --now is honoured and every page carries 测试."""

    __tablename__ = "console_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
