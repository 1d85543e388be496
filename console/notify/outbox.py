"""The outbox: the messages an alarm, an escalation, a repeat or a call-out causes, written
in the same transaction as it (so a message exists exactly when its cause does), once
each: the idempotency key "event|recipient|channel" is unique, and a second write of the
same message (another sweep, another process) writes nothing.

Who gets what (console/notify/channels.py has the channels):
- each person's own addresses: an e-mail through every mail server channel, a message
  with their mobile through every gateway (JSON) channel without a group;
- each work group's robot: one message for the people of that group, @-ing them;
- a robot without a group: one message for everyone, @-ing them.
Warnings (预警) in the plan's quiet hours wait for the hours to end; a lapse, an escalation
and a call-out go at once. A drill's database has no channels: a drill pages nobody."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from console.notify.channels import Audience, audience
from console.notify.messages import mention_line
from console.plans.plan import Plan
from models import Channel, Message, User


class State:
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    RETRYING = "retrying"
    FAILED = "failed"
    CANCELLED = "cancelled"


UNSENT = (State.PENDING, State.RETRYING, State.SENDING)
STATE_NAMES = {"pending": "待发送", "sending": "发送中", "sent": "已送达", "retrying": "重试中",
               "failed": "失败", "cancelled": "已取消"}  # fmt: skip


@dataclass(frozen=True)
class Person:
    name: str
    display: str
    mobile: str
    email: str
    group_id: str | None
    org_role: str | None


@dataclass(frozen=True)
class Routing:
    channels: tuple[Channel, ...]
    people: dict[str, Person]


def routing(s: Session) -> Routing:
    """The channels in use and everyone's addresses, read once per transaction."""
    found = s.info.get("notify_routing")
    if found is None:
        channels = tuple(s.execute(select(Channel).where(Channel.removed_at.is_(None))
                                   .order_by(Channel.id)).scalars())  # fmt: skip
        people = {}
        if channels:
            for u in s.execute(select(User).where(User.active)).scalars():
                people[u.name] = Person(u.name, u.display_name or u.name, u.mobile or "",
                                        u.email or "", u.group_id, u.org_role)  # fmt: skip
        found = s.info["notify_routing"] = Routing(channels, people)
    return found


def group_of(person: Person, plan: Plan | None) -> str | None:
    """A person's work group: their own, or (a leader's) the group of their role in the plan."""
    if person.group_id or plan is None or not person.org_role:
        return person.group_id
    found = plan.role(person.org_role)
    return found[0].id if found else None


_INSERTS: dict = {}


def _insert(s: Session):  # type: ignore[no-untyped-def]
    dialect = s.get_bind().dialect.name
    stmt = _INSERTS.get(dialect)
    if stmt is None:
        module = postgresql if dialect == "postgresql" else sqlite
        stmt = _INSERTS[dialect] = (module.insert(Message.__table__)
                                    .on_conflict_do_nothing(index_elements=["key"]))  # fmt: skip
    return stmt


def write(s: Session, *, event: str, plan: Plan | None, people: list[str], title: str, body: str,
          now: datetime, alarm_id: int | None = None, incident_id: int | None = None,
          not_before: datetime | None = None) -> int:  # fmt: skip
    """The messages of one event to these people, on every channel that reaches them;
    returns how many rows were new."""
    found = rows(s, event=event, plan=plan, people=people, title=title, body=body, now=now,
                 alarm_id=alarm_id, incident_id=incident_id, not_before=not_before)  # fmt: skip
    return insert_rows(s, found)


def insert_rows(s: Session, found: list[dict]) -> int:
    """Writes messages `rows` made (many events' at once: one multi-row statement)."""
    if not found:
        return 0
    result = s.execute(_insert(s), found)
    return max(result.rowcount or 0, 0)


def rows(s: Session, *, event: str, plan: Plan | None, people: list[str], title: str, body: str,
         now: datetime, alarm_id: int | None = None, incident_id: int | None = None,
         not_before: datetime | None = None) -> list[dict]:  # fmt: skip
    """The message rows of one event, as `write` inserts them."""
    r = routing(s)
    if not r.channels:
        return []
    known = [r.people[p] for p in dict.fromkeys(people) if p in r.people]
    out: list[dict] = []

    def add(channel: Channel, recipient: str, target: str, mentions: list[Person]) -> None:
        text = body
        if mentions:
            marks = [(m.name, m.display, m.mobile) for m in mentions]
            text = f"{body}\n{mention_line(channel.scheme, marks)}"
        out.append({"key": f"{event}|{recipient}|{channel.id}"[:255], "event": event[:64],
                     "alarm_id": alarm_id, "incident_id": incident_id, "channel_id": channel.id,
                     "recipient": recipient, "mentions": [m.name for m in mentions],
                     "target": target, "title": title, "body": text, "state": State.PENDING,
                     "attempts": 0, "created_at": now, "next_at": max(now, not_before or now),
                     "lease_until": None, "sent_at": None, "last_error": ""})  # fmt: skip

    for channel in r.channels:
        kind = audience(channel.scheme, channel.group_id)
        if kind is Audience.PEOPLE:
            mail = channel.scheme.startswith("mailto")
            for p in known:
                target = p.email if mail else p.mobile
                if target:
                    add(channel, p.name, target, [])
        elif kind is Audience.GROUP:
            members = [p for p in known if group_of(p, plan) == channel.group_id]
            if members:
                add(channel, f"@{channel.group_id}", "", members)
        elif known:
            add(channel, "@all", "", known)
    return out


def quiet_until(plan: Plan, now: datetime) -> datetime | None:
    """When the plan's quiet hours end, if `now` is inside them (else None)."""
    quiet = plan.notify.quiet
    if quiet is None:
        return None
    local = now.astimezone(plan.tz)
    t = local.time()
    inside = (quiet.start <= t < quiet.end) if quiet.start < quiet.end else (
        t >= quiet.start or t < quiet.end)  # fmt: skip
    if not inside:
        return None
    end = local.replace(hour=quiet.end.hour, minute=quiet.end.minute, second=0, microsecond=0)
    if end <= local:
        end += timedelta(days=1)
    return end


HELP = "help:"  # a request for help's messages: event "help:N"
HELP_ACKNOWLEDGED = "求助已收到,不再发送"  # why its messages not yet sent are not


def help_event(request_id: int) -> str:
    """The event of a request for help's messages (console/services/help.py)."""
    return f"{HELP}{request_id}"


def help_request_of(m: Message) -> int | None:
    """The request for help a message is about, if it is one's."""
    return int(m.event[len(HELP) :]) if m.event.startswith(HELP) else None


def _cancel_unsent(s: Session, why: str, *where) -> int:  # type: ignore[no-untyped-def]
    result = s.execute(update(Message)
                       .where(*where, Message.state.in_((State.PENDING, State.RETRYING)))
                       .values(state=State.CANCELLED, last_error=why))  # fmt: skip
    return result.rowcount or 0


def cancel_for_help(s: Session, incident_id: int, request_id: int) -> int:
    """An acknowledged request for help's messages not yet sent are not sent."""
    return _cancel_unsent(s, HELP_ACKNOWLEDGED, Message.incident_id == incident_id,
                          Message.event == help_event(request_id))  # fmt: skip


def cancel_for_alarm(s: Session, alarm_id: int) -> int:
    """An acknowledged alarm's messages not yet sent are not sent (nor repeated)."""
    return _cancel_unsent(s, "告警已确认,不再发送", Message.alarm_id == alarm_id)
