"""The statistics' day roll-up: each finished local day's figures, kept so that a year's
statistics read 365 small rows per key instead of every case of the year
(console/stats/rollup.py builds, reads and invalidates them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class StatsDay(Base):
    """One finished local day's figures for one plan and one key of one breakdown (`dim`:
    "" the totals, group, type …; "top": the counts behind the top lists). `counts`: JSON
    of the additive figures; the blobs: float64 seconds of each duration, int64 contact
    numbers (for the repeat complainants), so a period's medians stay exact."""

    __tablename__ = "stats_days"

    offset_minutes: Mapped[int] = mapped_column(primary_key=True)  # the local day's UTC offset
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD, local
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    counts: Mapped[str] = mapped_column(Text, default="{}")
    close: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    response: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    late: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    ack: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    contacts: Mapped[bytes] = mapped_column(LargeBinary, default=b"")


class StatsBuilt(Base):
    """A finished day whose roll-up of one breakdown is in stats_days (an empty day too)."""

    __tablename__ = "stats_built"

    offset_minutes: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)


class StatsStale(Base):
    """Written by database triggers on every change to a case's rows (incidents, tasks,
    clocks, alarms, 回访): the case's received time, from which every day's roll-up may
    have changed (a case's events all come after its report). `tx`: the PostgreSQL
    transaction that wrote it (one mark per transaction and earlier time there; on SQLite
    every row written marks)."""

    __tablename__ = "stats_stale"
    __table_args__ = (Index("ix_stats_stale_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    tx: Mapped[int | None] = mapped_column(BigInteger)


class StatsState(Base):
    """One row: the generation, bumped by every reader that clears marks (a reader stores
    what it built only if the generation is still the one it read)."""

    __tablename__ = "stats_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)
