"""Reaching people off their seats, as use cases: the channels (add, list, remove, test),
the message log and each alarm's delivery state, the sender's claims and their outcomes,
and 启动预案's call-out with its roll (到位确认).

Secrets: a channel's URL is read here only to send; what is shown, logged and audited is
its masked form, and errors are redacted of every part of the URL the mask hides."""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from console import audit
from console.context import App, changes, write_time
from console.errors import Conflict, InputError, NotFound, PermissionDenied
from console.incidents.lifecycle import ACTIVE_STATES, PENDING_TASK_STATES
from console.incidents.work import finish_task
from console.journal import SYSTEM, journal
from console.notify import channels as ch
from console.notify import outbox
from console.notify.messages import CalloutNote, callout_message
from console.notify.outbox import STATE_NAMES, State, help_request_of
from console.notify.send import Claimed, Outcome, backoff
from console.people.permissions import Action
from console.people.privacy import mask_email, mask_phone
from console.plans.plan import Plan
from console.services.common import acting_user, authorize, clean_text, get_incident, plan_of
from console.sla import clocks
from console.sla.alarms import insert_alarm
from console.time.format import local_iso
from console.views.records import ChannelView, MessageView, RollEntryView, RollView
from models import Alarm, Callout, Channel, HelpRequest, Incident, Message, SlaClock, Task, User

# A message still failing this long after it was written is given up on (failed: an alarm
# on the seats, a line in the handover sheet's 问题清): people then use the telephone.
GIVE_UP = timedelta(seconds=float(os.environ.get("CONSOLE_NOTIFY_GIVE_UP", 15 * 60)))
# How long a claim holds: a sender that died mid-batch leaves its messages to be claimed
# again after this, and those (the messages in flight) are the only ones sent twice.
LEASE = timedelta(seconds=float(os.environ.get("CONSOLE_NOTIFY_LEASE", 90)))
# Rolls asked of more incidents than this (a sweep's) are found among every called-out
# incident, not by an IN list (SQLite refuses more than 32,766 parameters).
MANY = 1000


# --- channels ---------------------------------------------------------------------------


def _admin(s: Session, actor: str | None) -> str:
    return SYSTEM if actor is None else authorize(s, actor, Action.MANAGE_USERS).name


def _channel_view(c: Channel) -> ChannelView:
    return ChannelView(id=c.id, name=c.name, service=ch.SERVICE_NAMES.get(c.scheme, c.scheme),
                       scheme=c.scheme, url=c.masked, group=c.group_id,
                       audience=ch.audience(c.scheme, c.group_id).value,
                       created_by=c.created_by, created_at=local_iso(c.created_at))  # fmt: skip


def _live(s: Session, name: str) -> Channel | None:
    return s.execute(select(Channel).where(Channel.name == name, Channel.removed_at.is_(None))
                     ).scalar_one_or_none()  # fmt: skip


def add_channel(app: App, actor: str | None, name: str, url: str,
                group: str | None = None) -> ChannelView:  # fmt: skip
    """`notify channel add`: a work group's robot (--group), or without a group the mail
    server / gateway for people's own addresses, or a robot for every message."""
    name = clean_text(name, "name", 64, required=True)
    checked = ch.check(url)
    if group is not None:
        group = group.strip()
        if group not in app.catalogue.group_ids():
            raise InputError("--group", f"no work group {group!r}; one of "
                             f"{', '.join(sorted(app.catalogue.group_ids()))}")  # fmt: skip
        if checked.scheme in ch.MAIL:
            raise InputError("--group", "an e-mail channel serves people's own addresses: "
                             "add it without --group")  # fmt: skip
    with app.write() as s:
        who = _admin(s, actor)
        if _live(s, name) is not None:
            raise Conflict(f"name: a channel {name!r} exists (notify channel remove {name} first)")
        c = Channel(name=name, url=url.strip(), masked=checked.masked, scheme=checked.scheme,
                    group_id=group, created_at=write_time(s), created_by=who)  # fmt: skip
        s.add(c)
        s.flush()
        view = _channel_view(c)
        journal(app, s, actor=who, action="notify.channel.add", entity="channel", entity_id=c.id,
                before=None, after={"name": name, "url": checked.masked, "group": group},
                incident_id=None, kind="admin", significant=True,
                text=f"添加通知渠道 {name}({view.service}"
                     f"{',' + group if group else ''}):{checked.masked}")  # fmt: skip
        return view


def list_channels(app: App) -> list[ChannelView]:
    with app.read() as s:
        rows = s.execute(select(Channel).where(Channel.removed_at.is_(None))
                         .order_by(Channel.name)).scalars()  # fmt: skip
        return [_channel_view(c) for c in rows]


def remove_channel(app: App, actor: str | None, name: str) -> ChannelView:
    """`notify channel remove`: nothing more is written for it; its unsent messages are
    cancelled; what it delivered stays in the log."""
    with app.write() as s:
        who = _admin(s, actor)
        c = _live(s, name)
        if c is None:
            raise NotFound(f"name: no channel {name!r}")
        c.removed_at = write_time(s)
        s.execute(update(Message).where(Message.channel_id == c.id, Message.state.in_(outbox.UNSENT))
                  .values(state=State.CANCELLED, last_error="渠道已删除"))  # fmt: skip
        journal(app, s, actor=who, action="notify.channel.remove", entity="channel",
                entity_id=c.id, before={"name": c.name, "url": c.masked}, after=None,
                incident_id=None, kind="admin", significant=True,
                text=f"删除通知渠道 {c.name}")  # fmt: skip
        return _channel_view(c)


def _claimed(c: Channel, m: Message | None, lease: datetime, **over: object) -> Claimed:
    secrets = tuple(ch.secrets_of(c.url, c.masked))
    values = dict(id=m.id if m else 0, lease=lease, channel_id=c.id, channel=c.name,
                  scheme=c.scheme, url=c.url, secrets=secrets,
                  recipient=m.recipient if m else "", target=m.target if m else "",
                  mobiles=(), title=m.title if m else "", body=m.body if m else "",
                  attempts=m.attempts if m else 0, created_at=m.created_at if m else lease)  # fmt: skip
    values.update(over)
    return Claimed(**values)  # type: ignore[arg-type]


def test_channel(app: App, actor: str | None, name: str, send) -> dict:  # type: ignore[no-untyped-def]
    """`notify test`: a test message on the channel now (to the group's members @-ed, or to
    the administrator's own address on a mail server / gateway). `send` is the sender
    (console/notify/send.py); the result is in the audit, never the URL."""
    with app.read() as s:
        c = _live(s, name)
        if c is None:
            raise NotFound(f"name: no channel {name!r}")
        who = _admin(s, actor)
        me = acting_user(s, actor) if actor is not None else None
        target = ""
        if ch.audience(c.scheme, c.group_id) is ch.Audience.PEOPLE:
            field, what = ("email", "e-mail") if c.scheme in ch.MAIL else ("mobile", "mobile")
            if me is None:
                raise InputError("--as", f"a test on a mail server or gateway goes to your own "
                                 f"{what}: --as you (with users contact set)")  # fmt: skip
            target = getattr(me, field)
            if not target:
                raise InputError(
                    "--as", f"{me.name} has no {what}: users contact {me.name} --{field} …"
                )
        now = app.time.now()
        prefix = f"【{app.watermark}】" if app.watermark else ""
        claim = _claimed(c, None, now, recipient=me.name if me else "", target=target,
                         title=f"{prefix}【应急指挥台】通知渠道测试:{c.name}",
                         body=f"这是一条测试消息,发自应急指挥台({local_iso(now)})。收到即表示渠道 {c.name} 可用。")  # fmt: skip
    result: Outcome = send(claim)
    with app.write() as s:
        journal(app, s, actor=who, action="notify.test", entity="channel", entity_id=c.id,
                before=None, after={"sent": result.sent, "error": result.error},
                incident_id=None, kind="admin",
                text=f"测试通知渠道 {c.name}:{'已送达' if result.sent else '失败 — ' + result.error}")  # fmt: skip
    return {"channel": c.name, "url": c.masked, "sent": result.sent, "error": result.error}


# --- the message log and delivery states -------------------------------------------------


def _message_view(m: Message, c: Channel) -> MessageView:
    target = mask_email(m.target) if "@" in m.target else mask_phone(m.target)
    return MessageView(id=m.id, event=m.event, alarm=m.alarm_id, incident=m.incident_id,
                       channel=c.name, service=ch.SERVICE_NAMES.get(c.scheme, c.scheme),
                       recipient=m.recipient, mentions=tuple(m.mentions or ()), target=target,
                       title=m.title, state=m.state, state_name=STATE_NAMES.get(m.state, m.state),
                       attempts=m.attempts, created_at=local_iso(m.created_at),
                       next_at=local_iso(m.next_at) if m.state in outbox.UNSENT else None,
                       sent_at=local_iso(m.sent_at), last_error=m.last_error)  # fmt: skip


STATES = ("pending", "sending", "sent", "retrying", "failed", "cancelled")


def message_log(app: App, incident: int | None = None, state: str | None = None,
                alarm: int | None = None, limit: int = 500) -> list[MessageView]:  # fmt: skip
    """`notify log`: newest first, with attempts and the last error."""
    if state is not None and state not in STATES:
        raise InputError("--state", f"one of {', '.join(STATES)}")
    with app.read() as s:
        q = select(Message, Channel).join(Channel, Message.channel_id == Channel.id)
        if incident is not None:
            q = q.where(Message.incident_id == incident)
        if alarm is not None:
            q = q.where(Message.alarm_id == alarm)
        if state is not None:
            q = q.where(Message.state == state)
        rows = s.execute(q.order_by(Message.id.desc()).limit(limit)).all()
        return [_message_view(m, c) for m, c in rows]


def summary(states: list[tuple[str, str, datetime | None]], tz=None) -> str:  # type: ignore[no-untyped-def]
    """One line of a set of messages' delivery, by service: "已送达 企业微信 14:02:11 /
    邮件失败,重试中". (service, state, sent_at) each."""
    from console.time.format import DEFAULT_TZ

    by: dict[str, list[tuple[str, datetime | None]]] = defaultdict(list)
    for service, state, sent_at in states:
        by[service].append((state, sent_at))
    parts = []
    for service, items in by.items():
        kinds = {st for st, _ in items}
        sent = [t for st, t in items if st == State.SENT and t]
        if State.FAILED in kinds:
            parts.append(f"{service}失败")
        elif State.RETRYING in kinds:
            parts.append(f"{service}失败,重试中")
        elif kinds & {State.PENDING, State.SENDING}:
            parts.append(f"{service}发送中")
        elif sent:
            parts.append(f"已送达 {service} {max(sent).astimezone(tz or DEFAULT_TZ):%H:%M:%S}")
        elif kinds == {State.CANCELLED}:
            parts.append(f"{service}已取消")
    return " / ".join(parts)


def deliveries(s: Session, alarm_ids: list[int]) -> dict[int, str]:
    """Each alarm's delivery line (for the banner and `alarms`)."""
    if not alarm_ids or not outbox.routing(s).channels and not s.execute(
            select(Message.id).limit(1)).first():  # fmt: skip
        return {}
    rows = s.execute(select(Message.alarm_id, Channel.scheme, Message.state, Message.sent_at)
                     .join(Channel, Message.channel_id == Channel.id)
                     .where(Message.alarm_id.in_(alarm_ids))).all()  # fmt: skip
    grouped: dict[int, list[tuple[str, str, datetime | None]]] = defaultdict(list)
    for alarm_id, scheme, state, sent_at in rows:
        grouped[alarm_id].append((ch.SERVICE_NAMES.get(scheme, scheme), state, sent_at))
    return {a: summary(items) for a, items in grouped.items()}


# --- the sender's claims and outcomes ----------------------------------------------------


def _due(now: datetime):  # type: ignore[no-untyped-def]
    """Due to send now: waiting and its time has come, or claimed by a sender whose claim
    ran out (it died, or lost the database, before it settled)."""
    return or_(and_(Message.state.in_((State.PENDING, State.RETRYING)), Message.next_at <= now),
               and_(Message.state == State.SENDING, Message.lease_until < now))  # fmt: skip


def due_now(app: App) -> bool:
    """Anything to send now? A read, so an idle sender takes no write lock."""
    with app.read() as s:
        return (
            s.execute(select(Message.id).where(_due(app.time.now())).limit(1)).first() is not None
        )


def claim(app: App, limit: int = 20, lease: timedelta | None = None) -> list[Claimed]:
    """Claims up to `limit` messages due now (and any whose claim ran out: a sender died),
    oldest first. On PostgreSQL rows another sender holds are skipped (FOR UPDATE SKIP
    LOCKED); on SQLite the write lock serialises claims. Bookkeeping of the sender's own:
    no audit entry (the outcome has one)."""
    now = app.time.now()
    until = now + (lease or LEASE)
    with app.claim() as s:
        q = select(Message).where(_due(now)).order_by(Message.next_at, Message.id).limit(limit)
        if s.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        messages = list(s.execute(q).scalars())
        if not messages:
            return []
        stale = _stale(s, messages)
        for m in messages:
            if m.id in stale:  # acknowledged, or a held warning whose work is done
                m.state, m.lease_until, m.last_error = State.CANCELLED, None, stale[m.id]
            else:
                m.state, m.lease_until = State.SENDING, until
        messages = [m for m in messages if m.id not in stale]
        if not messages:
            return []
        chans = {c.id: c for c in s.execute(select(Channel).where(
            Channel.id.in_({m.channel_id for m in messages}))).scalars()}  # fmt: skip
        mobiles = _mobiles(s, messages)
        return [_claimed(chans[m.channel_id], m, until, mobiles=mobiles.get(m.id, ()))
                for m in messages]  # fmt: skip


def _help_settled(s: Session, messages: list[Message]) -> dict[int, str]:
    """Requests for help no longer worth paging anyone about, with why: acknowledged (收到),
    or their case closed."""
    ids = {i for m in messages if (i := help_request_of(m)) is not None}
    if not ids:
        return {}
    rows = s.execute(select(HelpRequest.id, HelpRequest.acknowledged_at, Incident.state)
                     .join(Incident, HelpRequest.incident_id == Incident.id)
                     .where(HelpRequest.id.in_(ids))).all()  # fmt: skip
    active = {st.value for st in ACTIVE_STATES}
    return {i: outbox.HELP_ACKNOWLEDGED if acked is not None else "事件已结束,不再发送"
            for i, acked, state in rows if acked is not None or state not in active}  # fmt: skip


def _stale(s: Session, messages: list[Message]) -> dict[int, str]:
    """Messages no longer worth sending, with why: their alarm was acknowledged, or it is a
    warning (held over quiet hours, or retried) whose clock no longer runs; a request for
    help acknowledged or of a closed case."""
    settled = _help_settled(s, messages)
    helped = {m.id: settled[help_request_of(m)] for m in messages if help_request_of(m) in settled}
    ids = {m.alarm_id for m in messages if m.alarm_id}
    if not ids:
        return helped
    rows = s.execute(select(Alarm.id, Alarm.kind, Alarm.acknowledged_at, SlaClock.status)
                     .join(SlaClock, Alarm.clock_id == SlaClock.id)
                     .where(Alarm.id.in_(ids))).all()  # fmt: skip
    why = {}
    for alarm_id, kind, acked, status in rows:
        if acked is not None:
            why[alarm_id] = "告警已确认,不再发送"
        elif kind == "warning" and status != clocks.Status.RUNNING.value:
            why[alarm_id] = "计时已停止,预警不再发送"
    return helped | {m.id: why[m.alarm_id] for m in messages if m.alarm_id in why}


def _mobiles(s: Session, messages: list[Message]) -> dict[int, tuple[str, ...]]:
    """The mobiles of the people a 钉钉 robot message @-s."""
    names = {n for m in messages for n in (m.mentions or ())}
    if not names:
        return {}
    phones = dict(s.execute(select(User.name, User.mobile).where(User.name.in_(names))).all())
    return {m.id: tuple(phones[n] for n in (m.mentions or ()) if phones.get(n)) for m in messages}


def settle(app: App, outcomes: list[Outcome]) -> dict[str, list[int]]:
    """Marks what became of each claimed message, in one transaction with one audit entry:
    sent; retrying after a backoff (a transient fault, or not tried because its channel had
    just failed); failed (a permanent fault, or still failing GIVE_UP after it was written),
    which raises an 通知失败 alarm on the seats. A message whose claim ran out and was
    claimed again meanwhile is left to the new claim."""
    done: dict[str, list[int]] = {"sent": [], "retrying": [], "failed": [], "cancelled": []}
    if not outcomes:
        return done
    with app.write() as s:
        now = write_time(s)
        ids = [o.id for o in outcomes]
        # locked (after the audit head, as every writer): a claim of an expired lease cannot
        # slip in between this read and its update
        rows = {m.id: m for m in s.execute(select(Message).where(Message.id.in_(ids))
                                           .with_for_update()).scalars()}  # fmt: skip
        # A channel that failed here waits as long as its most-tried message says, and all
        # its waiting messages with it: a dead receiver costs one try per backoff step, not
        # a pass a second for every 20 messages of its backlog.
        failing: dict[int, int] = {}
        for o in outcomes:
            m = rows.get(o.id)
            if m is not None and not o.sent and o.failure is ch.Failure.TRANSIENT and o.tried:
                failing[m.channel_id] = max(failing.get(m.channel_id, 1), m.attempts + 1)
        acked = set(s.execute(select(Alarm.id).where(
            Alarm.id.in_({m.alarm_id for m in rows.values() if m.alarm_id}),
            Alarm.acknowledged_at.is_not(None))).scalars())  # fmt: skip
        helped = _help_settled(s, list(rows.values()))
        for o in outcomes:
            m = rows.get(o.id)
            if m is None or m.state != State.SENDING or m.lease_until != o.lease:
                continue
            m.lease_until = None
            if o.tried:
                m.attempts += 1
            if o.handed_back:  # back in the queue where it was (its next_at is past)
                m.state = State.PENDING if not m.attempts else State.RETRYING
                continue
            if not o.sent and m.alarm_id in acked:  # acknowledged while it was being sent
                m.state, m.last_error = State.CANCELLED, "告警已确认,不再发送"
            elif not o.sent and help_request_of(m) in helped:  # … or its request for help
                m.state, m.last_error = State.CANCELLED, helped[help_request_of(m)]
            elif o.sent:
                m.state, m.sent_at, m.last_error = State.SENT, now, ""
            elif o.failure == ch.Failure.PERMANENT or (o.tried and m.attempts >= 3
                                                       and now - m.created_at >= GIVE_UP):  # fmt: skip
                m.state, m.last_error = State.FAILED, o.error
                _undelivered(app, s, m, now)
            else:
                m.state, m.last_error = State.RETRYING, o.error
                m.next_at = now + backoff(max(failing.get(m.channel_id, 1), m.attempts, 1))
            done[m.state].append(m.id)
            if m.alarm_id is not None:
                changes(s).alarms.add(m.alarm_id)
            if m.incident_id is not None:
                changes(s).incidents.add(m.incident_id)
        for channel_id, tries in failing.items():  # its other waiting messages: not before
            retry = now + backoff(tries)
            s.execute(update(Message).where(Message.channel_id == channel_id,
                                            Message.state.in_((State.PENDING, State.RETRYING)),
                                            Message.next_at < retry).values(next_at=retry))  # fmt: skip
        if any(done.values()):
            # the ids, when they fit the column (64); else their range (`after` lists them all)
            settled = sorted(i for ids in done.values() for i in ids)
            entity_id = ",".join(str(i) for i in settled)
            if len(entity_id) > 64:
                entity_id = f"{settled[0]}..{settled[-1]} ({len(settled)})"
            # what the seats show changed: named here for a seat that reads the audit log
            # (changes.read_range), as the bus names it for one that hears the commit
            shown = {"alarms": sorted(changes(s).alarms), "incidents": sorted(changes(s).incidents)}
            audit.record(s, at=now, actor=SYSTEM, action="notify.deliver", entity="message",
                         entity_id=entity_id, before=None, after=done | shown, via=None)  # fmt: skip
    return done


def _undelivered(app: App, s: Session, m: Message, now: datetime) -> None:
    """A message given up on: a line in the duty log and an 通知失败 alarm on the seats (the
    duty officers and the leaders, who can telephone), once per clock; no message about
    it (the channels are what failed)."""
    c = s.get(Channel, m.channel_id)
    service = ch.SERVICE_NAMES.get(c.scheme, c.scheme) if c else "?"
    who = m.recipient if not m.recipient.startswith("@") else "、".join(m.mentions or ())
    journal(app, s, actor=SYSTEM, action="notify.failed", entity="message", entity_id=m.id,
            before=None, after={"channel": c.name if c else None, "error": m.last_error},
            incident_id=m.incident_id, kind="alarm", significant=True,
            text=f"通知未送达:{service} {c.name if c else ''} → {who}({m.title});{m.last_error}"
                 ",请电话联系")  # fmt: skip
    clock_id = None
    source = s.get(Alarm, m.alarm_id) if m.alarm_id else None
    if source is not None:
        clock_id = source.clock_id
    elif (help_id := help_request_of(m)) is not None:  # 求助: on the clock of the task it is about
        request = s.get(HelpRequest, help_id)
        task = s.get(Task, request.task_id) if request else None
        clock_id = task.clock_id if task else None
    elif m.incident_id is not None:
        clock_id = _callout_clock(app, s, m.incident_id)
    if clock_id is None:
        return
    clock = s.get(SlaClock, clock_id)
    to = sorted(s.execute(select(User.name).where(
        User.active, User.role.in_(("duty_officer", "leader", "deputy")))).scalars())  # fmt: skip
    values = {"clock_id": clock_id, "incident_id": clock.incident_id, "task_id": clock.task_id,
              "kind": "undelivered", "priority": (source.priority if source else 2) + 1,
              "group_id": source.group_id if source else None,
              "role_id": source.role_id if source else None, "step": 2, "recipients": to,
              "due_at": clock.due_at, "raised_at": now, "shelve_reason": "", "notified_at": now,
              "repeats": 0, "version": 1}  # fmt: skip
    alarm_id = s.execute(insert_alarm(s), values).scalar_one_or_none()
    if alarm_id is None:  # raised for this clock before: open again if it was acknowledged
        old = s.execute(select(Alarm).where(Alarm.clock_id == clock_id,
                                            Alarm.kind == "undelivered")).scalar_one()  # fmt: skip
        if old.acknowledged_at is None:
            return  # still open: the duty log has this message's line
        old.acknowledged_at, old.acknowledged_by, old.raised_at, old.recipients = (
            None,
            None,
            now,
            to,
        )
        alarm_id = old.id
    changes(s).alarms.add(alarm_id)
    journal(app, s, actor=SYSTEM, action="alarm.undelivered", entity="alarm", entity_id=alarm_id,
            before=None, after={"message": m.id, "to": to}, incident_id=clock.incident_id,
            kind="alarm", significant=True,
            text=f"通知失败告警 #{alarm_id}:{service} 未能送达 {who} → {'、'.join(to)}")  # fmt: skip


def _callout_clock(app: App, s: Session, incident_id: int) -> int | None:
    incident = s.get(Incident, incident_id)
    plan = app.catalogue.get(incident.plan_id) if incident else None
    task = _callout_task(s, plan, incident_id) if plan else None
    return task.clock_id if task else None


# --- call-out and 到位确认 -----------------------------------------------------------------


def _callout_task(s: Session, plan: Plan, incident_id: int) -> Task | None:
    if plan.callout.task is None:
        return None
    return s.execute(select(Task).where(Task.incident_id == incident_id,
                                        Task.template_id == plan.callout.task)
                     .order_by(Task.id.desc()).limit(1)).scalar_one_or_none()  # fmt: skip


def call_out(app: App, s: Session, plan: Plan, incident: Incident, actor: str) -> list[Callout]:
    """启动预案's call-out, in its transaction (after its tasks and clocks are made): every
    active member of the plan's work groups (a leader or deputy by their role in it) is on
    the roll, due by the plan's call-out task's deadline; the one who activated is there
    already. Each is sent the call-out on every channel that reaches them."""
    now = write_time(s)
    task = _callout_task(s, plan, incident.id)
    due = task.due_at if task is not None else None
    group_ids = {g.id for g in plan.org.groups}
    rows = []
    people = s.execute(select(User).where(User.active).order_by(User.id)).scalars()
    for u in people:
        group = u.group_id if u.group_id in group_ids else None
        if group is None and u.org_role and (found := plan.role(u.org_role)):
            group = found[0].id
        if group is None:
            continue
        here = u.name == actor
        c = Callout(incident_id=incident.id, user_name=u.name, group_id=group, called_at=now,
                    due_at=due, checked_in_at=now if here else None,
                    via="启动预案" if here else "")  # fmt: skip
        s.add(c)
        rows.append(c)
    if not rows:
        return rows
    level = plan.level(incident.level_id)
    by_group: dict[str, list[str]] = defaultdict(list)
    for c in rows:
        if c.checked_in_at is None:
            by_group[c.group_id].append(c.user_name)
    for group, names in by_group.items():
        found = plan.group(group)
        title, body = callout_message(CalloutNote(incident.id, incident.title,
                                                  level.name if level else "", plan.name,
                                                  found.name if found else group, due, plan.tz,
                                                  app.watermark))  # fmt: skip
        outbox.write(s, event=f"callout:{incident.id}:{group}", plan=plan, people=names, title=title,
                     body=body, now=now, incident_id=incident.id)  # fmt: skip
    missing = sum(len(v) for v in by_group.values())
    if not missing and task is not None and task.state in PENDING_TASK_STATES:
        finish_task(app, s, task, actor, "全员到位确认")  # the one who activated is all there is
    journal(app, s, actor=actor, action="incident.callout", entity="incident", entity_id=incident.id,
            before=None, after={"called": [c.user_name for c in rows]}, incident_id=incident.id,
            kind="state", significant=True,
            text=f"通知各工作组成员到位:{len(rows)} 人,待到位确认 {missing} 人"
                 + (f",限 {local_iso(due, plan.tz)} 前" if due else ""))  # fmt: skip
    return rows


def checkin(app: App, actor: str | None, incident_id: int, via: str = "席位") -> RollView:
    """到位确认: the person called out confirms they are at their post. When the last one
    confirms, the plan's call-out task is done and its clock stops."""
    with app.write() as s:
        user = acting_user(s, actor)
        incident = get_incident(s, incident_id)
        row = s.execute(select(Callout).where(Callout.incident_id == incident_id,
                                              Callout.user_name == user.name)).scalar_one_or_none()  # fmt: skip
        if row is None:
            raise PermissionDenied(f"permission: {user.name} was not called out for incident "
                                   f"{incident_id} (roll {incident_id} shows who was)")  # fmt: skip
        if row.checked_in_at is not None:
            raise Conflict(
                f"checkin: {user.name} confirmed at {local_iso(row.checked_in_at)} already"
            )
        now = write_time(s)
        row.checked_in_at, row.via = now, clean_text(via, "via", 32) or "席位"
        plan = plan_of(app, incident)
        journal(app, s, actor=user.name, action="callout.checkin", entity="incident",
                entity_id=incident_id, before=None, after={"user": user.name, "via": row.via},
                incident_id=incident_id, kind="task",
                text=f"到位确认:{user.display_name or user.name}({_group_name(plan, row.group_id)})")  # fmt: skip
        waiting = s.execute(
            select(Callout.id)
            .join(User, User.name == Callout.user_name)
            .where(Callout.incident_id == incident_id, Callout.checked_in_at.is_(None), User.active)
        ).first()  # fmt: skip  (someone deactivated since does not hold the roll open)
        task = _callout_task(s, plan, incident_id)
        if waiting is None and task is not None and task.state in PENDING_TASK_STATES:
            finish_task(app, s, task, user.name, "全员到位确认")
            clocks.sync(s, plan, incident, app.calendar, now, user.name)
        s.flush()
        return _roll(app, s, plan, incident_id)


def _group_name(plan: Plan, group_id: str) -> str:
    found = plan.group(group_id)
    return found.name if found else group_id


def roll(app: App, incident_id: int) -> RollView:
    """`roll`: who was called out, by group, who has confirmed and when."""
    with app.read() as s:
        incident = get_incident(s, incident_id)
        return _roll(app, s, plan_of(app, incident), incident_id)


def rolls(app: App, incident_ids: list[int]) -> dict[int, RollView]:
    """The rolls of several incidents at once (the command screen)."""
    with app.read() as s:
        out = {}
        called = select(Callout.incident_id).distinct()
        if len(incident_ids) <= MANY:
            called = called.where(Callout.incident_id.in_(incident_ids))
        found = set(s.execute(called).scalars()) & set(incident_ids)
        for incident_id in found:
            incident = s.get(Incident, incident_id)
            plan = app.catalogue.get(incident.plan_id) if incident else None
            if plan is not None:
                out[incident_id] = _roll(app, s, plan, incident_id)
        return out


def _roll(app: App, s: Session, plan: Plan, incident_id: int) -> RollView:
    rows = list(s.execute(select(Callout, User.display_name)
                          .join(User, User.name == Callout.user_name)
                          .where(Callout.incident_id == incident_id)
                          .order_by(Callout.group_id, Callout.id)).all())  # fmt: skip
    sent: dict[str, list[tuple[str, str, datetime | None]]] = defaultdict(list)
    messages = s.execute(select(Message, Channel.scheme).join(Channel, Message.channel_id == Channel.id)
                         .where(Message.incident_id == incident_id,
                                Message.event.like(f"callout:{incident_id}:%"))).all()  # fmt: skip
    for m, scheme in messages:
        for name in m.mentions or [m.recipient]:
            sent[name].append((ch.SERVICE_NAMES.get(scheme, scheme), m.state, m.sent_at))
    order = {g.id: i for i, g in enumerate(plan.org.groups)}
    rows.sort(key=lambda r: (order.get(r[0].group_id, 99), r[0].id))
    entries = tuple(RollEntryView(user=c.user_name, display_name=display or c.user_name,
                                  group=c.group_id, group_name=_group_name(plan, c.group_id),
                                  called_at=local_iso(c.called_at), due_at=local_iso(c.due_at),
                                  checked_in_at=local_iso(c.checked_in_at), via=c.via,
                                  delivery=summary(sent.get(c.user_name, [])))
                    for c, display in rows)  # fmt: skip
    due = next((c.due_at for c, _ in rows if c.due_at), None)
    return RollView(incident=incident_id, total=len(entries),
                    confirmed=sum(1 for e in entries if e.checked_in_at), due_at=local_iso(due),
                    entries=entries)  # fmt: skip
