"""Alarms: the sweep that raises and escalates them (the scheduler's, the command line's),
and as people see and handle them: list, acknowledge, shelve."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import literal, select

from console.context import App, write_time
from console.errors import Conflict, InputError, NotFound
from console.incidents.work import regrade_in
from console.journal import SYSTEM, journal
from console.notify import outbox
from console.people.permissions import Action, allowed
from console.services.common import acting_user, authorize, changed_by, check_version
from console.services.notify import deliveries
from console.sla.alarms import (
    ALARM_KIND_NAMES,
    STEP_NAMES,
    AlarmState,
    Swept,
    alarm_state,
    in_state,
    raise_due,
)
from console.time.format import local_iso
from console.views.records import AlarmHead, AlarmView
from models import Alarm, Incident, SlaClock, Task

ALARM_FIELDS = (
    "kind",
    "step",
    "recipients",
    "acknowledged_by",
    "acknowledged_at",
    "shelved_until",
    "shelve_reason",
)


def sweep(app: App, now: datetime | None = None) -> Swept:
    """Raises every warning and lapse due as of `now` (default: the time source's now) and
    escalates what waited too long, in one transaction; idempotent."""
    with app.write() as s:
        return raise_due(app, s, max(now, write_time(s)) if now else write_time(s),
                         lambda s, plan, incident, level, why: regrade_in(app, s, plan, incident, level, SYSTEM, why))  # fmt: skip


def alarm_view(app: App, a: Alarm, title: str = "", incident_title: str = "",
               delivery: str = "") -> AlarmView:  # fmt: skip
    now = app.time.now()
    return AlarmView(
        id=a.id,
        incident=a.incident_id,
        incident_title=incident_title,
        task=a.task_id,
        title=title,
        kind=a.kind,
        kind_name=ALARM_KIND_NAMES.get(a.kind, a.kind),
        priority=a.priority,
        state=alarm_state(a, now).value,
        group=a.group_id,
        role=a.role_id,
        step=a.step,
        step_name=STEP_NAMES.get(a.step, str(a.step)),
        recipients=tuple(a.recipients or ()),
        due_at=local_iso(a.due_at),
        raised_at=local_iso(a.raised_at),
        late_s=int((now - a.due_at).total_seconds()) if a.kind == "lapsed" else None,
        acknowledged_by=a.acknowledged_by,
        acknowledged_at=local_iso(a.acknowledged_at),
        shelved_until=local_iso(a.shelved_until),
        shelve_reason=a.shelve_reason,
        delivery=delivery,
    )


URGENT_FIRST = (Alarm.priority.desc(), Alarm.raised_at, Alarm.id)


def list_alarms(app: App, state: str = "open", ids: list[int] | None = None) -> list[AlarmView]:
    """Most urgent first: priority, then the oldest raise (`ids`: only those)."""
    if state not in ("open", "acked", "shelved", "all"):
        raise InputError("--state", "one of open, acked, shelved, all")
    now = app.time.now()
    # alarm_state in SQL: a year of acknowledged alarms is not read for the banner
    where = [] if state == "all" else in_state(AlarmState(state), now)
    if ids is not None:
        where.append(Alarm.id.in_(ids))
    with app.read() as s:
        rows = s.execute(
            select(Alarm, Task.title, Incident.title, Incident.plan_id, SlaClock.rule_id)
            .join(Incident, Alarm.incident_id == Incident.id)
            .join(SlaClock, Alarm.clock_id == SlaClock.id)
            .outerjoin(Task, Alarm.task_id == Task.id)
            .where(*where)
            .order_by(*URGENT_FIRST)
            .execution_options(yield_per=1000)  # the GIL held a chunk at a time (the banner)
        ).all()
        rows = [r for r in rows if state == "all" or alarm_state(r[0], now) == state]
        sent = deliveries(s, [r[0].id for r in rows])
        return [alarm_view(app, a, task_title or _clock_name(app, plan_id, rule_id), inc_title,
                           sent.get(a.id, ""))
                for a, task_title, inc_title, plan_id, rule_id in rows]  # fmt: skip


def open_heads(app: App, since: datetime, *, recipients: bool = False) -> list[AlarmHead]:
    """Every open alarm, most urgent first, as a few columns: what the banner needs to count,
    group floods (`recent`: raised at or after `since`) and sound for the new ones (tens of
    thousands after a day's sweep), without building each one's full view, nor reading a
    date or a name of each. `recipients`: read them too (a JSON list each, decoded only for a
    seat that filters by them)."""
    to = Alarm.recipients if recipients else literal(None)
    with app.read() as s:  # Core rows: the ORM's would hold the GIL five times as long
        rows = s.connection().execute(
            select(Alarm.id, Alarm.priority, Alarm.raised_at >= since, Alarm.group_id, to)
            .where(*in_state(AlarmState.OPEN, app.time.now()))
            .order_by(*URGENT_FIRST)
        ).all()  # fmt: skip
    return [AlarmHead(i, priority, bool(recent), group, tuple(names or ()))
            for i, priority, recent, group, names in rows]  # fmt: skip


def head_texts(app: App, ids: list[int]) -> dict[int, str]:
    """What a desktop notification says of each alarm (超时:召开应急会议)."""
    with app.read() as s:
        rows = s.execute(
            select(Alarm.id, Alarm.kind, Task.title, Incident.plan_id, SlaClock.rule_id)
            .join(Incident, Alarm.incident_id == Incident.id)
            .join(SlaClock, Alarm.clock_id == SlaClock.id)
            .outerjoin(Task, Alarm.task_id == Task.id)
            .where(Alarm.id.in_(ids))
        ).all()  # fmt: skip
    return {i: f"{ALARM_KIND_NAMES.get(kind, kind)}:{task or _clock_name(app, plan_id, rule_id)}"
            for i, kind, task, plan_id, rule_id in rows}  # fmt: skip


def _clock_name(app: App, plan_id: str, rule_id: str) -> str:
    """An incident's own clock is named by its rule (紧急投诉 — 立即启动应急预案)."""
    plan = app.catalogue.get(plan_id)
    rule = plan.rule(rule_id) if plan else None
    return rule.name if rule else rule_id


def _get(s, alarm_id: int) -> Alarm:  # type: ignore[no-untyped-def]
    alarm = s.get(Alarm, alarm_id)
    if alarm is None:
        raise NotFound(f"alarm: no alarm {alarm_id}")
    return alarm


def _authorize(s, actor: str | None, action: Action, a: Alarm):  # type: ignore[no-untyped-def]
    """Whoever the alarm was sent to may handle it (an off-hours stand-in from another
    group, the B角 after escalation) as far as their role may at all (a member
    acknowledges but does not shelve, as on their seat); otherwise the usual group-scoped
    rights apply."""
    user = acting_user(s, actor)
    if user.name in (a.recipients or []) and allowed(
        user.role, action, user.group_id, user.group_id
    ):
        return user
    return authorize(s, actor, action, target_group=a.group_id)


def _unacknowledged(
    s, actor: str | None, action: Action, alarm_id: int, version: int | None = None
):  # type: ignore[no-untyped-def]
    """The alarm and the user handling it, refusing one that somebody acknowledged first
    (on this seat or another) or that changed since the user saw it."""
    a = _get(s, alarm_id)
    user = _authorize(s, actor, action, a)
    if a.acknowledged_at is not None:
        raise Conflict(f"{changed_by(s, 'alarm', a.id)}(alarm #{a.id} is acknowledged already)")
    check_version(s, "alarm", a, version)
    return a, user


def ack(app: App, actor: str | None, alarm_id: int, version: int | None = None) -> AlarmView:
    """A person acknowledges the alarm (who, when); escalation stops."""
    with app.write() as s:
        a, user = _unacknowledged(s, actor, Action.ACK, alarm_id, version)
        now = write_time(s)
        a.acknowledged_by, a.acknowledged_at = user.name, now
        outbox.cancel_for_alarm(s, a.id)  # acknowledged anywhere: no more messages, no repeats
        journal(app, s, actor=user.name, action="alarm.ack", entity="alarm", entity_id=a.id, before=None,
                after={"acknowledged_by": user.name}, incident_id=a.incident_id, kind="alarm",
                text=f"确认告警 #{a.id}({ALARM_KIND_NAMES.get(a.kind, a.kind)})")  # fmt: skip
        return alarm_view(app, a)


def shelve(app: App, actor: str | None, alarm_id: int, minutes: int, reason: str,
           version: int | None = None) -> AlarmView:  # fmt: skip
    """Puts an alarm aside for N minutes with a reason; it comes back (and escalation
    resumes) when the time is up."""
    reason = (reason or "").strip()
    if not reason:
        raise InputError("--reason", "required: say why the alarm is put aside")
    if not isinstance(minutes, int) or not 1 <= minutes <= 24 * 60:
        raise InputError("--minutes", "a whole number from 1 to 1440")
    with app.write() as s:
        a, user = _unacknowledged(s, actor, Action.SHELVE, alarm_id, version)
        now = write_time(s)
        a.shelved_until, a.shelve_reason = now + timedelta(minutes=minutes), reason
        journal(app, s, actor=user.name, action="alarm.shelve", entity="alarm", entity_id=a.id, before=None,
                after={"shelved_until": a.shelved_until.isoformat(), "reason": reason},
                incident_id=a.incident_id, kind="alarm",
                text=f"搁置告警 #{a.id} {minutes} 分钟:{reason}")  # fmt: skip
        return alarm_view(app, a)
