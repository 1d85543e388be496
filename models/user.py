from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class User(Base):
    """A person who signs in at a seat. `role` is the permission role; `group_id`
    names the work group (coordinators and members); `org_role` and `ab` place the
    person in the plan's org chart as the A角 or B角 of a role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    role: Mapped[str] = mapped_column(String(32))
    group_id: Mapped[str | None] = mapped_column(String(64))
    org_role: Mapped[str | None] = mapped_column(String(64))
    ab: Mapped[str | None] = mapped_column(String(1))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
