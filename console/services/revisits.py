"""回访: the follow-up call that closes the loop. A result is recorded by whoever the plan
names; 不满意 takes the case back to 处置 with the plan's re-handling work, on fresh clocks
(seed 001: 如投诉人仍有异议,则继续调查处理)."""

from __future__ import annotations

from sqlalchemy import func, select

from console.context import App, write_time
from console.errors import InputError, PermissionDenied
from console.incidents.lifecycle import (
    PENDING_TASK_STATES,
    REVISIT_RESULTS,
    STATE_NAMES,
    State,
    per_case,
)
from console.incidents.work import add_case_task, cancel_task, finish_task, milestone
from console.journal import INCIDENT_FIELDS, journal, snapshot
from console.people.permissions import Action
from console.people.roles import ROLE_NAMES, Role
from console.plans.plan import Plan
from console.services.common import authorize, clean_text, get_incident, plan_of
from console.services.queries import revisit_view
from console.sla import clocks
from console.time.deadlines import compute_deadline
from console.time.format import local_short
from console.views.records import RevisitView
from models import Revisit, User

# A 回访 follows the handling: it is recorded once the case is being handled, not before, and
# not after 结案 (a closed case's 回访 is a new case).
REVISIT_STATES = frozenset({State.ACTIVATED, State.HANDLING, State.FEEDBACK})


def may_revisit(plan: Plan, user: User) -> bool:
    """The leaders always; otherwise the holders of the roles the plan names, and the
    coordinators of those roles' groups."""
    if user.role in (Role.LEADER, Role.DEPUTY):
        return True
    if plan.revisit is None:
        return False
    if user.org_role in plan.revisit.by:
        return True
    groups = {found[0].id for r in plan.revisit.by if (found := plan.role(r))}
    return user.role == Role.COORDINATOR and user.group_id in groups


def record(
    app: App, actor: str | None, incident_id: int, result: str, note: str = ""
) -> RevisitView:
    """Records a follow-up result (satisfied, basically_satisfied, dissatisfied)."""
    if not isinstance(result, str) or result not in REVISIT_RESULTS:
        raise InputError(
            "--result", "one of " + ", ".join(f"{k} ({v})" for k, v in REVISIT_RESULTS.items())
        )
    note = clean_text(note, "--note", 2000)
    with app.write() as s:
        user = authorize(s, actor, Action.REVISIT)
        incident = get_incident(s, incident_id)
        plan = plan_of(app, incident)
        if plan.revisit is None:
            raise InputError("plan", f"plan {plan.id} asks for no 回访")
        if not may_revisit(plan, user):
            names = "、".join(found[1].name for r in plan.revisit.by if (found := plan.role(r)))
            raise PermissionDenied(f"permission: {user.name}({ROLE_NAMES.get(user.role, user.role)}) "  # type: ignore[call-overload]
                                   f"不能登记回访;《{plan.name}》由{names or '组长'}回访")  # fmt: skip
        state = State(incident.state)
        if state not in REVISIT_STATES:
            raise InputError("state", f"incident {incident_id} is {STATE_NAMES[state]}: a 回访 is "
                             "recorded once the case is handled (启动预案, 处置 or 反馈), before 结案")  # fmt: skip
        now = write_time(s)
        dissatisfied = result == "dissatisfied"
        rounds = s.execute(select(func.count(Revisit.id)).where(
            Revisit.incident_id == incident.id, Revisit.rehandle_round.is_not(None))).scalar_one()  # fmt: skip
        visit = Revisit(incident_id=incident.id, result=result, note=note, by=user.name, at=now,
                        rehandle_round=rounds + 1 if dissatisfied else None)  # fmt: skip
        s.add(visit)
        s.flush()
        before = snapshot(incident, INCIDENT_FIELDS)
        said = f"回访结果:{REVISIT_RESULTS[result]}" + (f"。{note}" if note else "")
        if dissatisfied and incident.state != State.HANDLING:
            incident.state = State.HANDLING.value
            said += f";事件退回{STATE_NAMES[State.HANDLING]}"
        milestone(incident, f"revisit:{visit.id}", now)
        journal(app, s, actor=user.name, action="incident.revisit", entity="incident", entity_id=incident.id,
                before=before, after=snapshot(incident, INCIDENT_FIELDS) | {"revisit": visit.id, "result": result,
                                                                             "round": visit.rehandle_round},
                incident_id=incident.id, kind="state", significant=True, text=said)  # fmt: skip
        _revisit_task(app, s, plan, incident, user.name, result)
        if dissatisfied:
            _rehandle(app, s, plan, incident, visit.rehandle_round or 1, user.name, note)
        clocks.sync(s, plan, incident, app.calendar, now, user.name)
        return revisit_view(visit)


def _revisit_task(app: App, s, plan: Plan, incident, actor: str, result: str) -> None:  # type: ignore[no-untyped-def]
    """A call is the 回访 task done, whatever its result: the pending one (the plan's, or a
    re-handling round's) is completed with the result. After 不满意 the next call is the
    round's own 回访 task, where the plan lists it among the re-handling work."""
    tid = plan.revisit.task if plan.revisit else None
    if tid is None:
        return
    pending = [t for t in incident.tasks if t.state in PENDING_TASK_STATES
               and (t.template_id == tid or (per_case(t.template_id) and t.template_id.endswith(f":{tid}")))]  # fmt: skip
    if not pending:
        return
    finish_task(app, s, pending[-1], actor, f"回访结果:{REVISIT_RESULTS[result]}")


def _rehandle(app: App, s, plan: Plan, incident, round_no: int, actor: str, note: str) -> None:  # type: ignore[no-untyped-def]
    """The plan's re-handling tasks, made afresh for this round, each on a fresh clock of its
    template's rule counted from now."""
    assert plan.revisit is not None
    now = write_time(s)
    # a round still open when the customer is 不满意 again gives way to the new one
    for task in incident.tasks:
        if task.template_id.startswith("rehandle:") and task.state in PENDING_TASK_STATES:
            cancel_task(app, s, task, actor, f"再次不满意,由第{round_no}次重新处理接替")
    for item in plan.revisit.rehandle:
        t = plan.template(item.task)
        assert t is not None  # checked when the plan was loaded
        if not t.when.matches(incident.level_id, incident.type_id, incident.channel):
            continue
        rule = plan.rule(t.sla) if t.sla else None
        duration = item.within or (rule.duration if rule else None)
        due = compute_deadline(now, duration, plan.tz, app.calendar) if duration else None
        add_case_task(app, s, plan, incident, template_id=f"rehandle:{round_no}:{t.id}",
                      title=f"{t.title}(不满意回访后第{round_no}次重新处理)", group=t.group, role=t.role,
                      phase=t.phase, due=due, start=now, warn=rule.warn if rule else None,
                      rule_id=rule.id if rule else "rehandle", detail=note,
                      assignee=incident.recorded_by if t.assign == "first_receiver" else None, actor=actor,
                      what="不满意回访,重新处理",
                      more=f",期限 {local_short(due.at, plan.tz)}" if due else "")  # fmt: skip
