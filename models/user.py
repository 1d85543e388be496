from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
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
    # Sign-in lockout: wrong passwords in a row, and until when sign-in is refused.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The person's own addresses, for messages off the seat (the mobile also @-mentions them
    # in their group's robot).
    mobile: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(255), default="")


class ApiToken(Base):
    """A token an integration acts with (CONSOLE_TOKEN): only its SHA-256 is kept, the token
    itself is printed once. `scopes` is a JSON list of command words (or "*" for all)
    the token may run, within its user's own permissions."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    scopes: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
