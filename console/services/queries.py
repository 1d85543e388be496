"""Read-only views: an incident with its tasks, the board, the timeline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from console.context import App
from console.errors import NotFound
from console.incidents.earlier import earlier_cases, window_of
from console.incidents.lifecycle import (
    ACTIVE_STATES,
    CHANNELS,
    PENDING_TASK_STATES,
    REVISIT_RESULTS,
    STATE_NAMES,
    State,
    TaskState,
)
from console.incidents.work import PER_CASE_RULES
from console.plans.on_duty import acting_role
from console.plans.plan import Plan
from console.sla.clocks import ClockState, clock_state, remaining
from console.time.format import DEFAULT_TZ, local_iso
from console.views.board import (
    BoardRow,
    IncidentRow,
    LightRows,
    lane_of,
    light_rows,
    load_incidents,
    load_rows,
    summary_of,
)
from console.views.records import (
    NO_CLOCK,
    AttachmentView,
    ClockEventView,
    ClockView,
    EarlierIncidentView,
    EarlierView,
    HolderView,
    IncidentClockView,
    IncidentView,
    LogEntryView,
    NextTaskView,
    RevisitView,
    SlaClockView,
    TaskDetailView,
    TaskView,
)
from models import Attachment, ClockEvent, Incident, LogEntry, Revisit, SlaClock, Task, User


def clock_view(app: App, plan: Plan | None, c: SlaClock | None) -> ClockView:
    if c is None:
        return NO_CLOCK
    tz = plan.tz if plan else DEFAULT_TZ
    now = app.time.now()
    state = clock_state(c, now)
    live = state in (ClockState.RUNNING, ClockState.WARNING, ClockState.LAPSED, ClockState.PAUSED)
    return ClockView(
        clock_id=c.id,
        clock_state=state.value,
        due_at=local_iso(c.due_at, tz),
        warn_at=local_iso(c.warn_at, tz),
        remaining_s=int(remaining(c, now).total_seconds()) if live else None,
        calendar_unconfirmed=c.unconfirmed,
    )


def task_view(app: App, plan: Plan | None, t: Task) -> TaskView:
    tz = plan.tz if plan else DEFAULT_TZ
    group = plan.group(t.group_id) if plan else None
    role = plan.role(t.role_id) if plan else None
    acting = acting_role(plan, t.role_id, app.time.now(), app.calendar) if plan else t.role_id
    return TaskView(
        id=t.id,
        incident=t.incident_id,
        title=t.title,
        group=t.group_id,
        group_name=group.name if group else t.group_id,
        role=t.role_id,
        role_name=role[1].name if role else t.role_id,
        acting_role=acting,
        phase=t.phase,
        rule=t.rule_id,
        clock=clock_view(app, plan, t.clock),
        state=t.state,
        assignee=t.assignee,
        done_at=local_iso(t.done_at, tz),
        done_by=t.done_by,
        note=t.note,
        block_reason=t.block_reason,
        detail=t.detail or "",
        created_by=t.created_by,
    )


def incident_view(app: App, plan: Plan | None, i: Incident, *, with_tasks: bool = True,
                  incident_clocks: tuple[IncidentClockView, ...] | None = None,
                  extra: dict | None = None) -> IncidentView:  # fmt: skip
    level = plan.level(i.level_id) if plan else None
    ctype = plan.complaint_type(i.type_id) if (plan and i.type_id) else None
    tz = plan.tz if plan else None
    return IncidentView(
        id=i.id,
        plan=i.plan_id,
        plan_name=plan.name if plan else i.plan_id,
        title=i.title,
        state=i.state,
        state_name=STATE_NAMES[State(i.state)],
        level=i.level_id,
        level_name=level.name if level else i.level_id,
        type=i.type_id,
        type_name=ctype.name if ctype else None,
        channel=i.channel,
        channel_name=CHANNELS.get(i.channel, i.channel),
        people=i.people,
        demands=i.demands,
        location=i.location,
        reporter=i.reporter,
        contact=i.contact,
        mood=i.mood,
        received_at=local_iso(i.received_at, tz) if tz else local_iso(i.received_at),
        recorded_by=i.recorded_by,
        first_receiver=i.recorded_by,
        order_no=i.order_no or "",
        respondent=i.respondent or "",
        tasks=tuple(task_view(app, plan, t) for t in i.tasks if t.state != TaskState.CANCELLED)
        if with_tasks
        else None,
        incident_clocks=incident_clocks,
        **(extra or {}),
    )


def clocks_of(app: App, incident_id: int) -> list[SlaClockView]:
    """Every clock of an incident with deadline and elapsed side by side, and its history."""
    with app.read() as s:
        incident = s.get(Incident, incident_id)
        if incident is None:
            raise NotFound(f"incident: no incident {incident_id}")
        plan = app.catalogue.get(incident.plan_id)
        out = []
        for c in s.execute(
            select(SlaClock).where(SlaClock.incident_id == incident_id).order_by(SlaClock.id)
        ).scalars():
            rule_name, basis = _rule_words(plan, c.rule_id)
            out.append(SlaClockView(
                clock=clock_view(app, plan, c), task=c.task_id, rule=c.rule_id,
                rule_name=rule_name, basis=basis, started_at=local_iso(c.started_at),
                elapsed_s=int(((c.stopped_at or c.paused_at or app.time.now()) - c.started_at).total_seconds()),
                history=_clock_history(s, c.id),
            ))  # fmt: skip
        return out


def _rule_words(plan: Plan | None, rule_id: str) -> tuple[str, str]:
    """A clock's rule by name, and the plan's words it encodes (a per-case rule: its name)."""
    rule = plan.rule(rule_id) if plan else None
    return (rule.name, rule.basis) if rule else (PER_CASE_RULES.get(rule_id, rule_id), "")


def _clock_history(s: Session, clock_id: int) -> tuple[ClockEventView, ...]:
    """A clock's events in order: started, paused, resumed, extended, stopped …"""
    events = s.execute(select(ClockEvent).where(ClockEvent.clock_id == clock_id)
                       .order_by(ClockEvent.id)).scalars()  # fmt: skip
    return tuple(ClockEventView(at=local_iso(e.at), kind=e.kind, by=e.actor, reason=e.reason,
                                due_before=local_iso(e.due_before), due_after=local_iso(e.due_after))
                 for e in events)  # fmt: skip


def task_detail(app: App, task_id: int) -> TaskDetailView:
    """A task explained: its group's duties, its rule's basis, deadline, warning point and
    pause history, who holds its role (A角/B角) and who stands in now, what follows it,
    and its case's key facts."""
    with app.read() as s:
        t = s.get(Task, task_id)
        if t is None:
            raise NotFound(f"task: no task {task_id}")
        incident = t.incident
        plan = app.catalogue.get(incident.plan_id)
        view = task_view(app, plan, t)
        group = plan.group(t.group_id) if plan else None
        rule_name, basis = _rule_words(plan, t.rule_id) if t.rule_id else ("", "")
        people = (
            s.execute(select(User).where(User.active.is_(True)).order_by(User.id)).scalars().all()
        )

        def holder(role_id: str) -> HolderView:
            found = plan.role(role_id) if plan else None
            group_id = found[0].id if found else t.group_id

            def who(ab: str) -> tuple[str, ...]:  # role ids repeat across plans: and its group
                return tuple(u.display_name or u.name for u in people
                             if u.org_role == role_id and u.group_id == group_id and u.ab == ab)  # fmt: skip

            if found is None:
                return HolderView(role_id, role_id, "", "", who("A"), who("B"))
            return HolderView(role_id, found[1].name, found[1].a, found[1].b, who("A"), who("B"))

        follows: list[NextTaskView] = []
        if plan is not None:
            chained = [r for r in plan.sla_rules if r.start == f"task_done:{t.template_id}"]
            made = {x.template_id: x for x in incident.tasks if x.state != TaskState.CANCELLED}
            for r in chained:
                for tpl in (x for x in plan.task_templates if x.sla == r.id):
                    g = plan.group(tpl.group)
                    done = made.get(tpl.id)
                    follows.append(NextTaskView(tpl.title, g.name if g else tpl.group,
                                                done.state if done else None, r.name))  # fmt: skip
            if not follows:  # the next of its group's open tasks in this case
                nxt = min((x for x in incident.tasks if x.group_id == t.group_id and x.id > t.id
                           and x.state in (TaskState.OPEN, TaskState.BLOCKED)),
                          key=lambda x: x.id, default=None)  # fmt: skip
                if nxt is not None:
                    follows.append(
                        NextTaskView(nxt.title, group.name if group else nxt.group_id, nxt.state)
                    )
        acting = view.acting_role
        return TaskDetailView(
            task=view,
            duties=group.duties if group else (),
            rule_name=rule_name,
            basis=basis,
            started_at=local_iso(t.clock.started_at) if t.clock else None,
            history=_clock_history(s, t.clock_id) if t.clock_id is not None else (),
            holder=holder(t.role_id),
            stand_in=holder(acting) if acting != t.role_id else None,
            follows=tuple(follows),
            incident=incident_view(app, plan, incident, with_tasks=False),
        )


def show(app: App, incident_id: int) -> IncidentView:
    """The incident, its tasks with their clocks, and its incident-level clocks."""
    with app.read() as s:
        incident = s.get(Incident, incident_id)
        if incident is None:
            raise NotFound(f"incident: no incident {incident_id}")
        plan = app.catalogue.get(incident.plan_id)
        q = select(SlaClock).where(SlaClock.incident_id == incident_id, SlaClock.task_id.is_(None))
        own = tuple(
            IncidentClockView(rule=c.rule_id, rule_name=plan.rule(c.rule_id).name if plan and plan.rule(c.rule_id) else c.rule_id,
                              clock=clock_view(app, plan, c))
            for c in s.execute(q.order_by(SlaClock.id)).scalars()
        )  # fmt: skip
        return incident_view(
            app, plan, incident, incident_clocks=own, extra=case_file(app, s, plan, incident)
        )


def case_file(app: App, s: Session, plan: Plan | None, incident: Incident) -> dict:
    """What `show` adds to an incident: the same complainant's earlier cases, its 回访
    results and its evidence (names and hashes, not the bytes)."""
    revisits = s.execute(select(Revisit).where(Revisit.incident_id == incident.id)
                         .order_by(Revisit.at, Revisit.id)).scalars()  # fmt: skip
    files = s.execute(select(Attachment).where(Attachment.incident_id == incident.id)
                      .order_by(Attachment.id)).scalars()  # fmt: skip
    return {"earlier": earlier_view(app, s, plan, incident),
            "revisits": tuple(revisit_view(r) for r in revisits),
            "attachments": tuple(attachment_view(a) for a in files)}  # fmt: skip


def earlier_view(app: App, s: Session, plan: Plan | None, incident: Incident,
                 found: list[tuple[Incident, str]] | None = None) -> EarlierView:  # fmt: skip
    """The same complainant's earlier cases (`found`: already looked up in this transaction)."""
    window = window_of(plan)
    if found is None:
        found = earlier_cases(s, incident, window)
    tz = plan.tz if plan else DEFAULT_TZ
    items = tuple(
        EarlierIncidentView(id=e.id, title=e.title, state=e.state, state_name=STATE_NAMES[State(e.state)],
                            received_at=local_iso(e.received_at, tz), open=e.state != State.CLOSED,
                            matched=how)
        for e, how in found
    )  # fmt: skip
    return EarlierView(within_days=window.days, count=len(items),
                       open_count=sum(1 for e in items if e.open), incidents=items)  # fmt: skip


def revisit_view(r: Revisit) -> RevisitView:
    return RevisitView(id=r.id, incident=r.incident_id, result=r.result,
                       result_name=REVISIT_RESULTS.get(r.result, r.result), note=r.note, by=r.by,
                       at=local_iso(r.at), rehandle_round=r.rehandle_round)  # fmt: skip


def attachment_view(a: Attachment) -> AttachmentView:
    return AttachmentView(id=a.id, incident=a.incident_id, task=a.task_id, name=a.name,
                          media_type=a.media_type, size=a.size, sha256=a.sha256, note=a.note,
                          added_by=a.added_by, added_at=local_iso(a.added_at))  # fmt: skip


def incident(app: App, incident_id: int) -> IncidentView:
    """One incident, without its tasks."""
    with app.read() as s:
        found = s.get(Incident, incident_id)
        if found is None:
            raise NotFound(f"incident: no incident {incident_id}")
        return incident_view(app, app.catalogue.get(found.plan_id), found, with_tasks=False)


def task(app: App, task_id: int) -> TaskView:
    with app.read() as s:
        found = s.get(Task, task_id)
        if found is None:
            raise NotFound(f"task: no task {task_id}")
        return task_view(app, app.catalogue.get(found.incident.plan_id), found)


def list_incidents(app: App, *, include_closed: bool = False) -> list[IncidentView]:
    with app.read() as s:
        q = select(Incident).order_by(Incident.id)
        if not include_closed:
            q = q.where(Incident.state.in_([st.value for st in ACTIVE_STATES]))
        return [
            incident_view(app, app.catalogue.get(i.plan_id), i, with_tasks=False)
            for i in s.execute(q).scalars()
        ]


def board(app: App, group: str | None = None, assignee: str | None = None) -> list[TaskView]:
    """Open and blocked tasks of active incidents, most urgent first (no deadline last); of
    one group, or assigned to one person (a 首问负责人's own)."""
    with app.read() as s:
        q = (
            select(Task)
            .join(Incident, Task.incident_id == Incident.id)
            .options(joinedload(Task.clock), joinedload(Task.incident))
            .where(Task.state.in_([st.value for st in PENDING_TASK_STATES]))
            .where(Incident.state.in_([st.value for st in ACTIVE_STATES]))
        )
        if group:
            q = q.where(Task.group_id == group)
        if assignee:
            q = q.where(Task.assignee == assignee)
        rows = [
            task_view(app, app.catalogue.get(t.incident.plan_id), t) for t in s.execute(q).scalars()
        ]
    rows.sort(key=lambda r: (r.clock.remaining_s is None, r.clock.remaining_s or 0, r.id))
    return rows


def timeline(app: App, incident_id: int) -> list[LogEntryView]:
    with app.read() as s:
        if s.get(Incident, incident_id) is None:
            raise NotFound(f"incident: no incident {incident_id}")
        q = (
            select(LogEntry)
            .where(LogEntry.incident_id == incident_id)
            .order_by(LogEntry.at, LogEntry.id)
        )
        return [
            LogEntryView(
                id=e.id,
                at=local_iso(e.at),
                actor=e.actor,
                kind=e.kind,
                text=e.text,
                significant=e.significant,
            )  # fmt: skip
            for e in s.execute(q).scalars()
        ]


def duty_log(app: App, *, limit: int = 200, notes_only: bool = False) -> list[dict]:
    """The latest `limit` duty-log lines of the active incidents, oldest first, in one query
    (`notes_only`: the significant notes, for the command screen's events strip)."""
    with app.read() as s:
        q = (select(LogEntry).join(Incident, LogEntry.incident_id == Incident.id)
             .where(Incident.state.in_([st.value for st in ACTIVE_STATES]))
             .order_by(LogEntry.at.desc(), LogEntry.id.desc()).limit(limit))  # fmt: skip
        if notes_only:
            q = q.where(LogEntry.significant.is_(True), LogEntry.kind == "note")
        rows = [{"id": e.id, "incident_id": e.incident_id, "at": local_iso(e.at), "actor": e.actor,
                 "kind": e.kind, "text": e.text, "significant": e.significant}
                for e in s.execute(q).scalars()]  # fmt: skip
    return rows[::-1]


def done_by_lane(app: App) -> dict[str, int]:
    """Each lane's tasks done in the active incidents (the wall's 已完成): one query."""
    with app.read() as s:
        rows = s.execute(select(Incident.plan_id, Task.group_id, func.count())
                         .join(Incident, Task.incident_id == Incident.id)
                         .where(Task.state == TaskState.DONE, Incident.state.in_([st.value for st in ACTIVE_STATES]))
                         .group_by(Incident.plan_id, Task.group_id)).all()  # fmt: skip
    out: dict[str, int] = {}
    for plan_id, group_id, n in rows:
        lane = lane_of(app, plan_id, group_id)[0]
        out[lane] = out.get(lane, 0) + n
    return out


def board_rows(app: App, incident_ids: Iterable[int] | None = None, *,
               task_ids: Iterable[int] | None = None, reports: bool = False) -> list[BoardRow]:  # fmt: skip
    """The boards' rows: open and blocked tasks of active incidents (of those named, or only
    the tasks named: a page of a lane; `reports`: the report deadlines' tasks)."""
    with app.read() as s:
        return load_rows(app, s, incident_ids, task_ids=task_ids, reports=reports)


def board_light(app: App, incident_ids: Iterable[int] | None = None,
                only_group: str | None = None) -> LightRows:  # fmt: skip
    """The same tasks, light: what the lanes' order and counts need (console/views/board.py)."""
    with app.read() as s:
        return light_rows(app, s, incident_ids, only_group)


def incident_rows(app: App, rows: list[BoardRow] | dict,
                  incident_ids: Iterable[int] | None = None) -> list[IncidentRow]:  # fmt: skip
    """Active incidents (of those named), each with its open tasks and most urgent clock: from
    board `rows`, or from a summary (`incident_summary` of the light rows)."""
    summary = rows if isinstance(rows, dict) else summary_of(rows)
    with app.read() as s:
        return load_incidents(app, s, summary, incident_ids)


def open_tasks_by_lane(app: App, steps: list[datetime]) -> dict[str, list[int]]:
    """How many tasks were open in each board lane at each of the instants `steps` (from the
    tasks' creation and completion times; cancelled ones left out)."""
    with app.read() as s:
        q = select(Task.group_id, Task.created_at, Task.done_at, Task.state, Incident.plan_id).join(
            Incident, Task.incident_id == Incident.id).where(Task.state != "cancelled")  # fmt: skip
        rows = s.execute(q).all()
    series: dict[str, list[int]] = {}
    for group_id, created, done, _state, plan_id in rows:
        lane, _ = lane_of(app, plan_id, group_id)
        counts = series.setdefault(lane, [0] * len(steps))
        for i, t in enumerate(steps):
            if created is not None and created <= t and (done is None or done > t):
                counts[i] += 1
    return series


def earlier_for(app: App, plan_id: str, contact: str = "", order_no: str = "") -> EarlierView:
    """What registration will show of the same complainant (the intake dialog asks as the
    number is typed): the cases from this contact or order number in the plan's window."""
    plan = app.catalogue.get(plan_id)
    probe = Incident(id=0, contact=(contact or "").strip(), order_no=(order_no or "").strip(),
                     received_at=app.time.now())  # fmt: skip
    with app.read() as s:
        return earlier_view(app, s, plan, probe)
