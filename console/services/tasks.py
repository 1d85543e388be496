"""Ticking off, reopening, blocking and reassigning tasks."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.context import App, write_time
from console.errors import Conflict, InputError
from console.incidents.lifecycle import TASK_STATE_NAMES, State, TaskState
from console.incidents.reporting import SITREP_PREFIX
from console.incidents.work import ADHOC_RULE, add_case_task, recount_response, responded
from console.journal import TASK_FIELDS, journal, snapshot
from console.people.permissions import Action
from console.plans.plan import Group
from console.services.common import (
    acting_user,
    authorize,
    changed_by,
    check_version,
    clean_text,
    get_incident,
    get_task,
    plan_of,
)
from console.services.queries import task_view
from console.sla import clocks
from console.time.deadlines import Deadline, compute_deadline, parse_duration, parse_warning
from console.time.format import local_short
from console.views.records import TaskView
from models import Shift, Task, User


def _live(task: Task, action: str) -> None:
    if task.incident.state == State.CLOSED:
        raise InputError(
            "task", f"task {task.id} belongs to closed incident {task.incident_id}; cannot {action}"
        )
    if task.state == TaskState.CANCELLED:
        raise InputError("task", f"task {task.id} was cancelled (no longer called for by the plan)")


def _change(app: App, actor: str | None, task_id: int, action: Action, verb: str,
            apply: Callable[[Task, User, Session], str], version: int | None = None) -> TaskView:  # fmt: skip
    """One change to one task. `version` is the task's version the user saw (a seat passes
    it; the command line may): if another seat changed the task since, Conflict."""
    with app.write() as s:
        task = get_task(s, task_id)
        user = _may(s, actor, action, task)
        check_version(s, "task", task, version)
        _live(task, verb)
        plan = plan_of(app, task.incident)
        before = snapshot(task, TASK_FIELDS)
        text = apply(task, user, s)
        clocks.sync(s, plan, task.incident, app.calendar, write_time(s), user.name)
        journal(app, s, actor=user.name, action=f"task.{verb}", entity="task", entity_id=task.id,
                before=before, after=snapshot(task, TASK_FIELDS), incident_id=task.incident_id,
                kind="task", text=text)  # fmt: skip
        return task_view(app, plan, task)


# What the person a task is assigned to may do with it, whatever their role and group: the
# 首问负责人 (seed 002: 首位受理投诉的员工为第一责任人,需全程跟进) sees it through.
ASSIGNEE_MAY = frozenset({Action.COMPLETE, Action.BLOCK})


def _may(s: Session, actor: str | None, action: Action, task: Task) -> User:
    user = acting_user(s, actor)
    if task.assignee == user.name and action in ASSIGNEE_MAY:
        return user
    return authorize(s, actor, action, target_group=task.group_id)


def complete(
    app: App, actor: str | None, task_id: int, note: str = "", version: int | None = None
) -> TaskView:
    note = (note or "").strip()
    if len(note) > 2000:
        raise InputError("--note", "at most 2000 characters")

    def apply(task: Task, user: User, s: Session) -> str:
        if task.state == TaskState.DONE:  # another seat was first: a conflict, not bad input
            raise Conflict(f"{changed_by(s, 'task', task.id)}(task {task.id} is done already)")
        _by_signing(task)
        task.state = TaskState.DONE.value
        task.done_at = write_time(s)
        task.done_by = user.name
        task.note = note
        task.block_reason = ""
        responded(task.incident, task.done_at)
        return f"完成任务 #{task.id}:{task.title}" + (f"。备注:{note}" if note else "")

    return _change(app, actor, task_id, Action.COMPLETE, "done", apply, version)


def _by_signing(task: Task) -> None:
    """A report's deadline (报送初报, 报送续报…) is met by signing the report, and stays met:
    it is neither ticked off nor reopened by hand."""
    if task.template_id.startswith(SITREP_PREFIX):
        raise InputError("task", f"task {task.id} ({task.title}) is met by signing the report "
                         "(sitrep sign), not by hand")  # fmt: skip


def reopen(
    app: App, actor: str | None, task_id: int, reason: str = "", version: int | None = None
) -> TaskView:
    def apply(task: Task, user: User, s: Session) -> str:
        if task.state == TaskState.OPEN:
            raise InputError("task", f"task {task.id} is open already")
        _by_signing(task)
        was = TASK_STATE_NAMES[TaskState(task.state)]
        task.state = TaskState.OPEN.value
        task.done_at = None
        task.done_by = None
        task.block_reason = ""
        recount_response(s, task.incident)
        return f"重开任务 #{task.id}(原为{was}):{task.title}" + (
            f"。原因:{reason}" if reason else ""
        )

    return _change(app, actor, task_id, Action.REOPEN, "reopen", apply, version)


def block(
    app: App, actor: str | None, task_id: int, reason: str, version: int | None = None
) -> TaskView:
    reason = (reason or "").strip()
    if not reason:
        raise InputError("--reason", "required: say what blocks the task")
    if len(reason) > 2000:
        raise InputError("--reason", "at most 2000 characters")

    def apply(task: Task, user: User, s: Session) -> str:
        if task.state != TaskState.OPEN:
            raise InputError(
                "task",
                f"task {task.id} is {TASK_STATE_NAMES[TaskState(task.state)]}; only an open task can be blocked",
            )
        task.state = TaskState.BLOCKED.value
        task.block_reason = reason
        return f"任务受阻 #{task.id}:{task.title}。原因:{reason}"

    return _change(app, actor, task_id, Action.BLOCK, "block", apply, version)


def _role_of(g: Group, role_id: str) -> str:
    if role_id not in {r.id for r in g.roles}:
        raise InputError("--role", f"group {g.id} has no role {role_id!r}; one of "
                         + ", ".join(r.id for r in g.roles))  # fmt: skip
    return role_id


def _active(s: Session, name: str, field: str) -> str:
    if s.execute(select(User.id).where(User.name == name, User.active)).first() is None:
        raise InputError(field, f"no active user {name!r}")
    return name


def reassign(app: App, actor: str | None, task_id: int, *, group: str | None = None,
             role: str | None = None, user_name: str | None = None, version: int | None = None) -> TaskView:  # fmt: skip
    """Moves a task to another group/role of the plan, and/or names the person who does it."""
    if not (group or role or user_name):
        raise InputError("--group", "give --group/--role and/or --user")

    def apply(task: Task, user: User, s: Session) -> str:
        plan = plan_of(app, task.incident)
        new_group = group or task.group_id
        g = plan.group(new_group)
        if g is None:
            raise InputError("--group", f"plan {plan.id} has no group {new_group!r}")
        new_role = _role_of(g, role or (task.role_id if group is None else g.roles[0].id))
        if user_name is not None:
            task.assignee = _active(s, user_name, "--user")
        task.group_id, task.role_id = new_group, new_role
        return f"改派任务 #{task.id} → {g.name}/{new_role}" + (f"/{user_name}" if user_name else "")

    return _change(app, actor, task_id, Action.REASSIGN, "reassign", apply, version)


def pause(app: App, actor: str | None, task_id: int, reason: str) -> TaskView:
    """Stops the task's clock for a reason (e.g. waiting for the complainant); the
    deadline moves later by the pause on resume."""
    reason = (reason or "").strip()
    if not reason:
        raise InputError("--reason", "required: say why the clock is paused")

    def apply(task: Task, user: User, s: Session) -> str:
        if task.clock is None:
            raise InputError("task", f"task {task.id} has no running clock")
        clocks.pause(s, task.clock, write_time(s), user.name, reason)
        return f"暂停计时 #{task.id}:{task.title}。原因:{reason}"

    return _change(app, actor, task_id, Action.PAUSE, "pause", apply)


def resume(app: App, actor: str | None, task_id: int) -> TaskView:
    def apply(task: Task, user: User, s: Session) -> str:
        if task.clock is None:
            raise InputError("task", f"task {task.id} has no clock")
        paused = clocks.resume(s, task.clock, write_time(s), user.name)
        return (f"恢复计时 #{task.id}:{task.title},期限顺延 {int(paused.total_seconds() // 60)} 分钟至 "
                f"{local_short(task.clock.due_at)}")  # fmt: skip

    return _change(app, actor, task_id, Action.PAUSE, "resume", apply)


def _handed_over_since(s, at: datetime) -> bool:  # type: ignore[no-untyped-def]
    """A recorded handover (交接班) after `at`: the line a completion cannot be undone across."""
    q = (
        select(Shift.id)
        .where(Shift.handed_over_at.is_not(None), Shift.handed_over_at >= at)
        .limit(1)
    )
    return s.execute(q).first() is not None


def undo_complete(app: App, actor: str | None, task_id: int) -> TaskView:
    """Takes back one's own completion, within the same shift (a slip of the finger): refused
    once a handover has been recorded since it was done."""
    with app.write() as s:
        task = get_task(s, task_id)
        user = _may(s, actor, Action.COMPLETE, task)
        _live(task, "undo")
        if task.state != TaskState.DONE:
            raise InputError("task", f"task {task.id} is not done")
        _by_signing(task)
        if task.done_by != user.name:
            raise InputError("task", f"已被 {task.done_by} 完成;只能撤销自己的操作")
        if task.done_at is None or _handed_over_since(s, task.done_at):
            raise InputError("task", "只能撤销本班次内的完成操作(此后已交接班)")
        plan = plan_of(app, task.incident)
        before = snapshot(task, TASK_FIELDS)
        task.state, task.done_at, task.done_by = TaskState.OPEN.value, None, None
        recount_response(s, task.incident)
        clocks.sync(s, plan, task.incident, app.calendar, write_time(s), user.name)
        journal(app, s, actor=user.name, action="task.undo", entity="task", entity_id=task.id, before=before,
                after=snapshot(task, TASK_FIELDS), incident_id=task.incident_id, kind="task",
                text=f"撤销完成 #{task.id}:{task.title}")  # fmt: skip
        return task_view(app, plan, task)


_MAX_TITLE = 300


def add(app: App, actor: str | None, incident_id: int, *, title: str, group: str,
        role: str | None = None, assignee: str | None = None, due: datetime | None = None,
        within: str | None = None, warn: str | None = None, note: str = "") -> TaskView:  # fmt: skip
    """A task decided for this one case, with its own deadline (seed 001 重大投诉: 组织会议,
    明确责任人和处理时限; seed 003: the timetable promised to the customer): by a leader or
    deputy, or by a coordinator for their own group. It warns and alarms like any other."""
    title = clean_text(title, "--title", _MAX_TITLE, required=True)
    if "\n" in title or "\t" in title:
        raise InputError("--title", "one line: no line breaks or tabs")
    note = clean_text(note, "--note", 2000)
    if (due is None) == (within is None):
        raise InputError(
            "--due", "give the deadline: --due ISO-8601 or --within DURATION (one of them)"
        )
    duration = None
    if within is not None:
        try:
            duration = parse_duration(within)
        except ValueError as exc:
            raise InputError("--within", str(exc)) from None
    warning = None
    if warn:
        try:
            warning = parse_warning(warn)
        except ValueError as exc:
            raise InputError("--warn", str(exc)) from None
    with app.write() as s:
        incident = get_incident(s, incident_id)
        plan = plan_of(app, incident)
        g = plan.group(group) if isinstance(group, str) else None
        if g is None:
            raise InputError("--group", f"plan {plan.id} has no group {group!r}; one of "
                             + ", ".join(x.id for x in plan.org.groups))  # fmt: skip
        user = authorize(s, actor, Action.ADD_TASK, target_group=g.id)
        role_id = _role_of(g, role or g.roles[0].id)
        if assignee is not None:
            _active(s, assignee, "--assignee")
        if incident.state == State.CLOSED:
            raise InputError("state", f"incident {incident_id} is closed")
        now = write_time(s)
        if duration is not None:
            deadline = compute_deadline(now, duration, plan.tz, app.calendar)
        else:
            assert due is not None
            if due.utcoffset() is None:
                raise InputError("--due", "give a time zone offset")
            if due <= now:
                raise InputError("--due", f"lies in the past ({local_short(due, plan.tz)})")
            deadline = Deadline(due.astimezone(UTC))
        if deadline.at > now + timedelta(days=366):
            raise InputError("--due" if duration is None else "--within", "more than a year away")
        phase = plan.group_phase(g.id)
        limit = local_short(deadline.at, plan.tz)
        task = add_case_task(app, s, plan, incident, template_id=f"adhoc:{uuid.uuid4().hex[:16]}",
                             title=title, group=g.id, role=role_id, phase=phase, due=deadline, start=now,
                             warn=warning, rule_id=ADHOC_RULE, detail=note, assignee=assignee, actor=user.name,
                             what="新增临时任务", more=f" → {g.name}" + (f"/{assignee}" if assignee else "")
                             + f",期限 {limit}" + (f"。{note}" if note else ""))  # fmt: skip
        return task_view(app, plan, task)
