from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime

if TYPE_CHECKING:
    from models.task import Task


class Incident(Base):
    """One report (接报登记) and its lifecycle 接报 → 研判 → 启动预案 → 处置 → 反馈 → 归档/结案."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(16))
    level_id: Mapped[str] = mapped_column(String(64))
    type_id: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), index=True)
    reporter: Mapped[str] = mapped_column(String(128), default="")
    contact: Mapped[str] = mapped_column(String(64), default="")
    # The number's digits only (138 1234-5678 → 13812345678): how a complainant who comes
    # back is found, however the number was typed.
    contact_key: Mapped[str] = mapped_column(String(32), default="", index=True)
    # 订单号/业务编号 (seed 002) and 被投诉人/被投诉部门 (seed 004).
    order_no: Mapped[str] = mapped_column(String(64), default="", index=True)
    respondent: Mapped[str] = mapped_column(String(200), default="")
    people: Mapped[int] = mapped_column(default=1)
    demands: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    mood: Mapped[str] = mapped_column(String(64), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Who registered the report: the 首问负责人 (seed 002: 首位受理投诉的员工为第一责任人).
    recorded_by: Mapped[str] = mapped_column(String(64))
    # When each lifecycle event first happened ("reported", "activated", "state:handling", …),
    # as ISO-8601 UTC. SLA rules start from these.
    milestones: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Two milestones kept as columns for the statistics' indexed aggregates: the first task
    # done (首次响应), and 结案.
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    tasks: Mapped[list[Task]] = relationship(
        back_populates="incident", order_by="Task.id", cascade="all, delete-orphan"
    )

    # The statistics range over these times (console/stats/queries.py); each index also
    # holds what they read beside it, so a month is counted from the index alone.
    __table_args__ = (
        Index("ix_incidents_received_at", "received_at", "contact_key"),
        Index("ix_incidents_responded_at", "responded_at", "received_at"),
        Index("ix_incidents_closed_at", "closed_at", "received_at"),
    )
    __mapper_args__ = {"version_id_col": version}
