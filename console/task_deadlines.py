"""Each pending task's deadline, from its SLA rule and the moment the rule's start event
happened. A task whose start event has not happened yet (e.g. 审批后 2 个工作日内执行,
before the approval) has no deadline yet."""

from __future__ import annotations

from datetime import datetime

from console.calendar import WorkCalendar
from console.deadlines import compute_deadline
from console.lifecycle import PENDING_TASK_STATES, TaskState
from console.plans import Plan
from models import Incident, Task


def event_time(event: str, incident: Incident, tasks: dict[str, Task]) -> datetime | None:
    """When `event` happened for this incident (reported, activated, state:X, task_done:T)."""
    kind, _, arg = event.partition(":")
    if kind == "task_done":
        task = tasks.get(arg)
        return task.done_at if task is not None and task.state == TaskState.DONE else None
    stamp = (incident.milestones or {}).get(event)
    return datetime.fromisoformat(stamp) if stamp else None


def recompute(plan: Plan, incident: Incident, cal: WorkCalendar) -> None:
    """Sets due_at / warn_at of every open or blocked task; done tasks keep theirs."""
    by_template = {t.template_id: t for t in incident.tasks}
    for task in incident.tasks:
        if task.state not in PENDING_TASK_STATES:
            continue
        rule = plan.rule(task.rule_id) if task.rule_id else None
        start = event_time(rule.start, incident, by_template) if rule else None
        if rule is None or start is None:
            task.due_at = task.warn_at = None
            task.due_unconfirmed = False
            continue
        deadline = compute_deadline(start, rule.duration, plan.tz, cal)
        task.due_at = deadline.at
        task.warn_at = rule.warn.at(start, deadline.at) if rule.warn else None
        if task.warn_at is None:
            task.warn_at = start + (deadline.at - start) * 0.8
        task.due_unconfirmed = not deadline.confirmed
