"""An incident's work: the tasks its plan calls for at its level, type and channel, kept in
step as the incident moves (activation, a re-grade), and its milestones — when each
lifecycle event first happened, which the SLA clocks start from. Functions of an open
transaction; the services (and the alarm sweep's on_lapse re-grade) call them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.context import App, write_time
from console.incidents.lifecycle import PENDING_TASK_STATES, TaskState, per_case
from console.journal import INCIDENT_FIELDS, TASK_FIELDS, journal, snapshot
from console.plans.plan import Plan, TaskTemplate
from console.sla import clocks
from console.time.deadlines import Deadline, Warning
from models import Incident, Task

# The clock of an ad-hoc task is set for the case, not by a rule of the plan; so is a
# re-handling task's whose template has no rule. How the clock lists name them:
ADHOC_RULE = "adhoc"
PER_CASE_RULES = {ADHOC_RULE: "本案确定的期限", "rehandle": "回访不满意后重新处理的期限",
                  "sitrep": "报告时限(初报/续报)"}  # fmt: skip


def milestone(incident: Incident, key: str, at: datetime) -> None:
    stones = dict(incident.milestones or {})
    stones.setdefault(key, at.isoformat())
    incident.milestones = stones
    if key == "state:closed" and incident.closed_at is None:
        incident.closed_at = at


def responded(incident: Incident, at: datetime) -> None:
    """A task of the case is done: the first one is its first response (首次响应)."""
    if incident.responded_at is None:
        incident.responded_at = at


def recount_response(s: Session, incident: Incident) -> None:
    """A task done is taken back (undone, reopened): the first response is the first task
    still done, or none."""
    s.flush()
    incident.responded_at = s.scalar(select(func.min(Task.done_at)).where(
        Task.incident_id == incident.id, Task.state == TaskState.DONE.value))  # fmt: skip


def new_task(incident: Incident, t: TaskTemplate, now: datetime) -> Task:
    assignee = incident.recorded_by if t.assign == "first_receiver" else None
    return Task(incident=incident, template_id=t.id, title=t.title, group_id=t.group, role_id=t.role, created_at=now,
                phase=t.phase, rule_id=t.sla, state=TaskState.OPEN.value, assignee=assignee)  # fmt: skip


def sync_tasks(app: App, s: Session, plan: Plan, incident: Incident, actor: str) -> tuple[int, int]:
    """Makes the pending tasks match the templates for the incident's level, type and channel:
    the procedure's from 接报 on, the emergency organisation's once the plan is activated.
    Done tasks stay; tasks no longer called for are cancelled, not deleted; per-case tasks
    (ad-hoc, re-handling) are the case's own and stay as they are."""
    activated = "activated" in (incident.milestones or {})
    wanted = {
        t.id: t
        for t in plan.templates_for(
            incident.level_id, incident.type_id, incident.channel, activated
        )
    }
    have = {t.template_id: t for t in incident.tasks if not per_case(t.template_id)}
    added = removed = 0
    for tid, template in wanted.items():
        task = have.get(tid)
        if task is None:
            task = new_task(incident, template, write_time(s))
            s.add(task)
            s.flush()
        elif task.state == TaskState.CANCELLED:
            task.state = TaskState.OPEN.value
        else:
            continue
        added += 1
        journal(app, s, actor=actor, action="task.create", entity="task", entity_id=task.id,
                before=None, after=snapshot(task, TASK_FIELDS), incident_id=incident.id, kind="task",
                text=f"新增任务 #{task.id}:{task.title}")  # fmt: skip
    for tid, task in have.items():
        if tid not in wanted and task.state in PENDING_TASK_STATES:
            cancel_task(app, s, task, actor, "级别或类型调整后不再适用")
            removed += 1
    return added, removed


def cancel_task(app: App, s: Session, task: Task, actor: str, why: str) -> None:
    """A pending task no longer called for: cancelled (kept for the record), and said why."""
    before = snapshot(task, TASK_FIELDS)
    task.state = TaskState.CANCELLED.value
    journal(app, s, actor=actor, action="task.cancel", entity="task", entity_id=task.id, before=before,
            after=snapshot(task, TASK_FIELDS), incident_id=task.incident_id, kind="task",
            text=f"撤销任务 #{task.id}:{task.title}({why})")  # fmt: skip


def finish_task(app: App, s: Session, task: Task, actor: str, why: str) -> None:
    """A pending task done by what another action settled (启动预案 is the assessment's
    decision, a 回访 call is the 回访 task), with the why as its note."""
    before = snapshot(task, TASK_FIELDS)
    task.state, task.done_at, task.done_by, task.note = (
        TaskState.DONE.value,
        write_time(s),
        actor,
        why,
    )
    responded(task.incident, task.done_at)
    journal(app, s, actor=actor, action="task.done", entity="task", entity_id=task.id, before=before,
            after=snapshot(task, TASK_FIELDS), incident_id=task.incident_id, kind="task",
            text=f"完成任务 #{task.id}:{task.title}({why})")  # fmt: skip


def add_case_task(app: App, s: Session, plan: Plan, incident: Incident, *, template_id: str, title: str,
                  group: str, role: str, phase: str, due: Deadline | None, start: datetime, warn: Warning | None,
                  rule_id: str, detail: str, assignee: str | None, actor: str, what: str,
                  more: str = "") -> Task:  # fmt: skip
    """A task for this one case with a clock of its own (an ad-hoc task; re-handling after a
    不满意 回访): its deadline is set now, not by a plan rule's start event (None: no clock)."""
    now = write_time(s)
    task = Task(incident=incident, template_id=template_id, title=title, group_id=group, role_id=role,
                phase=phase, rule_id=None, state=TaskState.OPEN.value, assignee=assignee, created_at=now,
                detail=detail, created_by=actor)  # fmt: skip
    s.add(task)
    s.flush()
    if due is not None:
        clocks.start_own(s, plan, incident, task, rule_id, start, due, warn, now, actor)
    journal(app, s, actor=actor, action="task.create", entity="task", entity_id=task.id, before=None,
            after=snapshot(task, TASK_FIELDS), incident_id=incident.id, kind="task",
            text=f"{what} #{task.id}:{title}{more}")  # fmt: skip
    return task


def regrade_in(
    app: App, s: Session, plan: Plan, incident: Incident, level_id: str, actor: str, reason: str
) -> None:
    """The re-grade itself, for a leader's decision or a plan rule (seed 004: 一个月内未合理
    解决即升级为重大投诉) applied by the scheduler."""
    new, old = plan.level(level_id), plan.level(incident.level_id)
    before = snapshot(incident, INCIDENT_FIELDS)
    incident.level_id = level_id
    now = write_time(s)
    milestone(incident, f"level:{level_id}", now)
    journal(app, s, actor=actor, action="incident.regrade", entity="incident", entity_id=incident.id,
            before=before, after=snapshot(incident, INCIDENT_FIELDS), incident_id=incident.id, kind="state",
            significant=True,
            text=f"响应级别 {old.name if old else before['level_id']} → {new.name if new else level_id}"
                 + (f"({reason})" if reason else ""))  # fmt: skip
    sync_tasks(app, s, plan, incident, actor)
    clocks.sync(s, plan, incident, app.calendar, now, actor)
