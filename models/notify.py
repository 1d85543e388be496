"""Reaching people off their seats: the notification channels (Apprise URLs), the outbox of
messages written in the same transaction as the alarm, escalation or call-out that causes
them, and the call-out roll (到位确认)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class Channel(Base):
    """A place messages go: a work group's robot (企业微信, 钉钉, 飞书, a JSON webhook) when
    `group_id` is set; without a group, the organisation's mail server or SMS/JSON gateway
    for people's own addresses, or a robot every message goes to. `url` holds the secrets
    (keys, passwords): it is never printed, logged or audited; `masked` is what is shown."""

    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text)
    masked: Mapped[str] = mapped_column(Text)
    scheme: Mapped[str] = mapped_column(String(32))
    group_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(64))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Message(Base):
    """One message to one recipient (a person, or a group robot) on one channel.

    `key` is its idempotency key, "event|recipient|channel": writing the same message twice
    (two sweeps, two processes) writes one row. The sender claims rows (`sending`, with a
    lease), sends, and marks them `sent`, `retrying` (with `next_at`) or `failed`; a claim
    whose lease ran out (the sender died) is claimed again, so a crash repeats at most the
    messages that were in flight."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_state_next_at", "state", "next_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    event: Mapped[str] = mapped_column(String(64))
    alarm_id: Mapped[int | None] = mapped_column(ForeignKey("alarms.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    recipient: Mapped[str] = mapped_column(String(64))  # a user's name, or "@group" for a robot
    mentions: Mapped[list[Any]] = mapped_column(JSON, default=list)  # the people a robot @-s
    target: Mapped[str] = mapped_column(String(255), default="")  # an e-mail or mobile; "" robot
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")


class Callout(Base):
    """启动预案's call-out: one person of a work group called to their post, and when (and
    how) they confirmed they are there (到位确认)."""

    __tablename__ = "callouts"
    __table_args__ = (UniqueConstraint("incident_id", "user_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    user_name: Mapped[str] = mapped_column(String(64))
    group_id: Mapped[str] = mapped_column(String(64))
    called_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    via: Mapped[str] = mapped_column(String(32), default="")
