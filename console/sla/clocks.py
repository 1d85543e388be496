"""SLA clocks: a clock per SLA rule per task (or per incident) starts at the rule's start
event, stops at its target event, warns at its warning point and lapses at its deadline.

States: running → warning → lapsed, or met (stopped before the deadline) / met late;
paused (with a reason; on resume the deadline moves by the pause). The stored status is
running / paused / stopped / cancelled; the rest is derived from the times."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from console.context import changes
from console.errors import InputError
from console.incidents.lifecycle import PENDING_TASK_STATES, State, TaskState
from console.plans.plan import Plan, SlaRule
from console.time.calendar import WorkCalendar
from console.time.deadlines import Deadline, Warning, compute_deadline
from console.time.format import local_short
from models import ClockEvent, Incident, SlaClock, Task


class Status(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"
    CANCELLED = "cancelled"


class ClockState(StrEnum):
    RUNNING = "running"
    WARNING = "warning"
    LAPSED = "lapsed"
    MET = "met"
    MET_LATE = "met_late"
    PAUSED = "paused"
    CANCELLED = "cancelled"


CLOCK_STATE_NAMES = {
    ClockState.RUNNING: "计时中",
    ClockState.WARNING: "预警",
    ClockState.LAPSED: "已超时",
    ClockState.MET: "按时完成",
    ClockState.MET_LATE: "超时完成",
    ClockState.PAUSED: "已暂停",
    ClockState.CANCELLED: "已撤销",
}

LIVE = (Status.RUNNING.value, Status.PAUSED.value)


class ClockTimes(Protocol):
    """What a clock's state is read from: a stored clock (SlaClock), a row of its columns,
    a board row (console/views/board.py)."""

    @property
    def status(self) -> str | None: ...
    @property
    def due_at(self) -> datetime: ...
    @property
    def warn_at(self) -> datetime: ...
    @property
    def paused_at(self) -> datetime | None: ...
    @property
    def stopped_at(self) -> datetime | None: ...


def clock_state(c: ClockTimes, now: datetime) -> ClockState:
    """What a person sees of a clock at `now`: the one place a clock's state is decided (the
    services' views, the boards, the charts, the printed documents all ask here)."""
    if c.status == Status.CANCELLED:
        return ClockState.CANCELLED
    if c.status == Status.STOPPED:
        assert c.stopped_at is not None
        return ClockState.MET if c.stopped_at <= c.due_at else ClockState.MET_LATE
    if c.status == Status.PAUSED:
        assert c.paused_at is not None
        return ClockState.LAPSED if c.paused_at >= c.due_at else ClockState.PAUSED
    if now >= c.due_at:
        return ClockState.LAPSED
    if now >= c.warn_at:
        return ClockState.WARNING
    return ClockState.RUNNING


def remaining(c: SlaClock, now: datetime) -> timedelta:
    """Deadline − now (frozen while paused, final once stopped); negative when lapsed."""
    if c.status == Status.PAUSED and c.paused_at is not None:
        return c.due_at - c.paused_at
    if c.status == Status.STOPPED and c.stopped_at is not None:
        return c.due_at - c.stopped_at
    return c.due_at - now


def event_time(event: str, incident: Incident, tasks: dict[str, Task]) -> datetime | None:
    """When `event` happened for this incident (reported, typed — when it got its present
    complaint type, activated, state:X, task_done:T)."""
    kind, _, arg = event.partition(":")
    if kind == "task_done":
        task = tasks.get(arg)
        return task.done_at if task is not None and task.state == TaskState.DONE else None
    stones = incident.milestones or {}
    stamp = stones.get(event)
    if event == "typed" and stamp is None:  # typed at registration: the report
        stamp = stones.get("reported")
    return datetime.fromisoformat(stamp) if stamp else None


def _log(s: Session, c: SlaClock, at: datetime, actor: str, kind: str, reason: str = "",
         before: datetime | None = None, after: datetime | None = None) -> None:  # fmt: skip
    s.add(ClockEvent(clock_id=c.id, at=at, actor=actor, kind=kind, reason=reason, due_before=before,
                     due_after=after))  # fmt: skip


def _start(s: Session, plan: Plan, rule: SlaRule, incident: Incident, task: Task | None, start: datetime,
           cal: WorkCalendar, now: datetime, actor: str) -> SlaClock:  # fmt: skip
    deadline = compute_deadline(start, rule.duration, plan.tz, cal)
    warn = rule.warn.at(start, deadline.at) if rule.warn else start + (deadline.at - start) * 0.8
    c = SlaClock(incident_id=incident.id, task_id=task.id if task else None, rule_id=rule.id,
                 status=Status.RUNNING.value, started_at=start, due_at=deadline.at, warn_at=warn,
                 unconfirmed=not deadline.confirmed)  # fmt: skip
    s.add(c)
    s.flush()
    _log(s, c, now, actor, "start", f"{rule.name}:{rule.duration}(自 {local_short(start, plan.tz)})",
         after=c.due_at)  # fmt: skip
    return c


def _point(s: Session, task: Task, c: SlaClock | None) -> None:
    """Points a task at its current clock. For the task being changed this is part of the
    change. For another task of the incident (its clock starts or is withdrawn because a
    task it waits for was done or reopened) nobody changed the task: its version, which the
    seats act on, stays, or a seat acting on it would be refused naming a change that never
    happened to it; the seats still hear of the new deadline."""
    if task.clock is c:
        return
    if task in s.new or s.is_modified(task):
        task.clock = c
        return
    s.flush()  # c has its id
    clock_id = c.id if c is not None else None
    s.execute(update(Task).where(Task.id == task.id).values(clock_id=clock_id),
              execution_options={"synchronize_session": False})  # fmt: skip
    set_committed_value(task, "clock_id", clock_id)
    set_committed_value(task, "clock", c)
    changes(s).tasks.add(task.id)
    changes(s).board(task.incident_id)


def _cancel(s: Session, c: SlaClock, now: datetime, actor: str, reason: str) -> None:
    c.status = Status.CANCELLED.value
    _log(s, c, now, actor, "cancel", reason)


def _stop(s: Session, c: SlaClock, at: datetime, now: datetime, actor: str, reason: str) -> None:
    c.status = Status.STOPPED.value
    c.stopped_at = at
    c.paused_at = None
    _log(s, c, now, actor, "stop", reason)


def sync(
    s: Session, plan: Plan, incident: Incident, cal: WorkCalendar, now: datetime, actor: str
) -> None:
    """Brings every clock of the incident in step with its tasks and lifecycle events."""
    by_template = {t.template_id: t for t in incident.tasks}
    for task in incident.tasks:
        rule = plan.rule(task.rule_id) if task.rule_id else None
        if rule is None:
            if task.clock is not None:  # a per-case task's own clock
                _follow_task(s, task, task.clock, now, actor)
            continue
        c = task.clock
        if c is not None and c.status == Status.CANCELLED:
            c = None
        pending = task.state in PENDING_TASK_STATES
        if task.state == TaskState.CANCELLED:
            if c is not None and c.status in LIVE:
                _cancel(s, c, now, actor, "任务已撤销")
            continue
        start = event_time(rule.start, incident, by_template)
        if c is not None and pending and c.started_at != start:
            _cancel(s, c, now, actor, "起算事件已变化" if start else "起算事件已撤回")
            c = None
        if c is None and pending and start is not None:
            c = _start(s, plan, rule, incident, task, start, cal, now, actor)
        _point(s, task, c)
        if c is not None:
            _follow_task(s, task, c, now, actor)

    for rule in plan.sla_rules:
        if rule.scope != "incident":
            continue
        q = select(SlaClock).where(SlaClock.incident_id == incident.id, SlaClock.task_id.is_(None),
                                   SlaClock.rule_id == rule.id, SlaClock.status != Status.CANCELLED.value)  # fmt: skip
        c = s.execute(q).scalar_one_or_none()
        applies = rule.when.matches(incident.level_id, incident.type_id, incident.channel)
        start = event_time(rule.start, incident, by_template)
        if not applies or start is None:
            if c is not None and c.status in LIVE:
                _cancel(s, c, now, actor, "规则不再适用(级别或类型已变)")
            continue
        if c is None:
            c = _start(s, plan, rule, incident, None, start, cal, now, actor)
        target = event_time(rule.target or "", incident, by_template)
        if target is not None and c.status in LIVE:
            _stop(s, c, target, now, actor, f"已达目标事件 {rule.target}")
        elif incident.state == State.CLOSED and c.status in LIVE:  # closed short of it
            _cancel(
                s, c, now, actor, f"事件已结案,未达目标事件 {rule.target}(如研判后无需启动预案)"
            )


def _follow_task(s: Session, task: Task, c: SlaClock, now: datetime, actor: str) -> None:
    """A task's clock stops when it is done, runs on (same deadline) when it is reopened, and
    is withdrawn with it when it is cancelled."""
    if task.state == TaskState.CANCELLED:
        if c.status in LIVE:
            _cancel(s, c, now, actor, "任务已撤销")
    elif task.state == TaskState.DONE and c.status in LIVE:
        _stop(s, c, task.done_at or now, now, actor, "任务完成")
    elif task.state in PENDING_TASK_STATES and c.status == Status.STOPPED:
        c.status = Status.RUNNING.value
        c.stopped_at = None
        _log(s, c, now, actor, "reopen", "任务重开,按原期限继续计时", after=c.due_at)


def start_own(s: Session, plan: Plan, incident: Incident, task: Task, rule_id: str, start: datetime,
              deadline: Deadline, warn: Warning | None, now: datetime, actor: str) -> SlaClock:  # fmt: skip
    """The clock of a per-case task: its deadline set for this case (a decision, a promise to
    the customer, a re-handling round), warning as a plan rule would."""
    at = warn.at(start, deadline.at) if warn else start + (deadline.at - start) * 0.8
    c = SlaClock(incident_id=incident.id, task_id=task.id, rule_id=rule_id, status=Status.RUNNING.value,
                 started_at=start, due_at=deadline.at, warn_at=min(at, deadline.at),
                 unconfirmed=not deadline.confirmed)  # fmt: skip
    s.add(c)
    s.flush()
    _log(s, c, now, actor, "start", f"本案确定:期限 {local_short(deadline.at, plan.tz)}(自 {local_short(start, plan.tz)})",
         after=c.due_at)  # fmt: skip
    task.clock = c
    return c


def pause(s: Session, c: SlaClock, now: datetime, actor: str, reason: str) -> None:
    if c.status != Status.RUNNING:
        raise InputError("task", f"its clock is {c.status}, not running")
    if clock_state(c, now) is ClockState.LAPSED:
        raise InputError(
            "task", f"its clock lapsed at {local_short(c.due_at)}; a lapsed clock is not paused"
        )
    c.status = Status.PAUSED.value
    c.paused_at = now
    c.pause_reason = reason
    _log(s, c, now, actor, "pause", reason, before=c.due_at)


def resume(s: Session, c: SlaClock, now: datetime, actor: str) -> timedelta:
    """Resumes; the deadline and warning point move later by the time paused."""
    if c.status != Status.PAUSED or c.paused_at is None:
        raise InputError("task", f"its clock is {c.status}, not paused")
    paused_for = now - c.paused_at
    before = c.due_at
    c.due_at += paused_for
    c.warn_at += paused_for
    c.status = Status.RUNNING.value
    c.paused_at = None
    minutes = int(paused_for.total_seconds() // 60)
    _log(s, c, now, actor, "resume", f"暂停 {minutes} 分钟({c.pause_reason}),期限顺延", before=before,
         after=c.due_at)  # fmt: skip
    c.pause_reason = ""
    return paused_for
