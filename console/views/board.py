"""What the boards show: one lean row per open task, loaded in one query, with the lane it
belongs to. Pure Python; the Qt models in widgets/ sit on top of these rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.context import App
from console.incidents.lifecycle import ACTIVE_STATES, PENDING_TASK_STATES, STATE_NAMES, State
from console.incidents.reporting import report_name
from console.sla import clocks
from models import Incident, SlaClock, Task

COMMAND_LANE = "command"
SUPERVISION_LANE = "supervision"


@dataclass(slots=True)
class BoardRow:
    task_id: int
    incident_id: int
    incident_label: str  # "#12 城东支行…"
    level_name: str
    level_rank: int
    title: str
    lane: str
    group_name: str
    role_name: str
    state: str  # open | blocked
    block_reason: str
    assignee: str | None
    due_at: datetime | None
    warn_at: datetime | None
    status: str | None  # the clock's: running | paused | None (no live clock)
    paused_at: datetime | None
    version: int
    plan_id: str = ""
    group_id: str = ""  # its group (a lane may hold same-named groups of several plans)
    report: str = ""  # 初报 / 续报 / 终报 when the task holds a report's deadline (sitrep:…)

    @property
    def stopped_at(self) -> None:
        """A board shows live clocks only: never stopped."""
        return None

    def remaining(self, now: datetime) -> timedelta | None:
        if self.due_at is None:
            return None
        if self.status == "paused" and self.paused_at is not None:
            return self.due_at - self.paused_at
        return self.due_at - now

    def clock_state(self, now: datetime) -> str:
        """none | running | warning | lapsed | paused — what colours the row."""
        if self.due_at is None or self.warn_at is None:
            return "none"
        return clocks.clock_state(self, now).value  # type: ignore[arg-type]

    @property
    def sort_key(self) -> tuple:
        return (self.due_at is None, self.due_at or datetime.max.replace(tzinfo=None), self.task_id)


def lane_of(app: App, plan_id: str, group_id: str) -> tuple[str, str]:
    """(lane key, the group's own name): command groups share the leader lane, supervision
    groups the supervision lane; every work group has its own, and work groups of several
    plans that bear the same name (被投诉部门) share one."""
    plan = app.catalogue.get(plan_id)
    group = plan.group(group_id) if plan else None
    if group is None:
        return group_id, group_id
    if group.kind == "command":
        return COMMAND_LANE, group.name
    if group.kind == "supervision":
        return SUPERVISION_LANE, group.name
    return _work_lanes(app).get(group.name, group.id), group.name


def _work_lanes(app: App) -> dict[str, str]:
    """A work group's name → its lane: the first group of that name in the catalogue."""
    out: dict[str, str] = {}
    for plan in app.catalogue:
        for g in plan.org.groups:
            if g.kind == "work":
                out.setdefault(g.name, g.id)
    return out


def lanes(app: App, plan_ids: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """Every lane of the loaded plans, titled with the plans' own group names: the leader
    lane (the command groups of the plans in use, e.g. 重大投诉处理应急小组), the work groups,
    supervision."""
    wanted = set(plan_ids) if plan_ids is not None else None
    in_use = [p for p in app.catalogue if wanted is None or p.id in wanted] or list(app.catalogue)[
        :1
    ]

    def title(kind: str, fallback: str) -> str:
        names = dict.fromkeys(g.name for p in in_use for g in p.org.groups if g.kind == kind)
        return " / ".join(names) or fallback

    seen: dict[str, str] = {COMMAND_LANE: title("command", "领导小组")}
    for plan in app.catalogue:
        for g in plan.org.groups:
            if g.kind == "work":
                seen.setdefault(_work_lanes(app)[g.name], g.name)
    seen[SUPERVISION_LANE] = title("supervision", "监督小组")
    return list(seen.items())


def load_rows(app: App, s: Session, incident_ids: Iterable[int] | None = None) -> list[BoardRow]:
    """Open and blocked tasks of active incidents (of the given incidents, if named)."""
    q = (
        select(
            Task.id,
            Task.incident_id,
            Task.title,
            Task.template_id,
            Task.group_id,
            Task.role_id,
            Task.state,
            Task.block_reason,
            Task.assignee,
            Task.version,
            Incident.title,
            Incident.plan_id,
            Incident.level_id,
            SlaClock.due_at,
            SlaClock.warn_at,
            SlaClock.status,
            SlaClock.paused_at,
        )  # fmt: skip
        .join(Incident, Task.incident_id == Incident.id)
        .outerjoin(SlaClock, Task.clock_id == SlaClock.id)
        .where(Task.state.in_([s.value for s in PENDING_TASK_STATES]))
        .where(Incident.state.in_([s.value for s in ACTIVE_STATES]))
    )
    if incident_ids is not None:
        ids = list(incident_ids)
        if not ids:
            return []
        q = q.where(Task.incident_id.in_(ids))
    rows = []
    cache: dict[tuple[str, str, str], tuple] = {}
    for (tid, iid, title, template_id, group_id, role_id, state, reason, assignee, version, ititle, plan_id, level_id,
         due, warn, status, paused_at) in s.execute(q):  # fmt: skip
        key = (plan_id, group_id, role_id + "|" + level_id)
        meta = cache.get(key)
        if meta is None:
            plan = app.catalogue.get(plan_id)
            lane, group_name = lane_of(app, plan_id, group_id)
            found = plan.role(role_id) if plan else None
            level = plan.level(level_id) if plan else None
            meta = (lane, group_name, found[1].name if found else role_id,
                    level.name if level else level_id, level.rank if level else 1)  # fmt: skip
            cache[key] = meta
        lane, group_name, role_name, level_name, rank = meta
        if status not in ("running", "paused"):
            due = warn = None
            status = None
        rows.append(BoardRow(tid, iid, f"#{iid} {ititle}", level_name, rank, title, lane, group_name, role_name,
                             state, reason, assignee, due, warn, status, paused_at, version, plan_id,
                             group_id, report_name(template_id)))  # fmt: skip
    return rows


@dataclass(slots=True)
class IncidentRow:
    incident_id: int
    title: str
    plan_name: str
    level_name: str
    level_rank: int
    state: str
    state_name: str
    open_tasks: int
    urgent_due: datetime | None  # the most urgent running deadline
    urgent_warn: datetime | None
    version: int = 0  # what a seat passes back when it acts on the incident
    first_receiver: str = ""  # 首问负责人: who took the report

    def clock_state(self, now: datetime) -> str:
        """none | running | warning | lapsed — of the most urgent running clock."""
        if self.urgent_due is None:
            return "none"
        warn = self.urgent_warn or self.urgent_due
        return clocks.clock_state(_Running(self.urgent_due, warn), now).value


@dataclass(frozen=True, slots=True)
class _Running:
    """A running clock known by its deadline and warning point."""

    due_at: datetime
    warn_at: datetime
    status: str = "running"
    paused_at: None = None
    stopped_at: None = None


def load_incidents(app: App, s: Session, rows: list[BoardRow]) -> list[IncidentRow]:
    """Active incidents, each with its most urgent clock (from the board rows)."""
    urgent: dict[int, BoardRow] = {}
    counts: dict[int, int] = {}
    for r in rows:
        counts[r.incident_id] = counts.get(r.incident_id, 0) + 1
        if r.due_at is not None and r.status == "running":
            best = urgent.get(r.incident_id)
            if best is None or r.due_at < best.due_at:  # type: ignore[operator]
                urgent[r.incident_id] = r
    out = []
    q = select(Incident.id, Incident.title, Incident.plan_id, Incident.level_id, Incident.state,
               Incident.version, Incident.recorded_by).where(Incident.state.in_([st.value for st in ACTIVE_STATES]))  # fmt: skip
    for iid, title, plan_id, level_id, state, version, receiver in s.execute(
        q.order_by(Incident.id)
    ):
        plan = app.catalogue.get(plan_id)
        level = plan.level(level_id) if plan else None
        u = urgent.get(iid)
        out.append(IncidentRow(iid, title, plan.name if plan else plan_id, level.name if level else level_id,
                               level.rank if level else 1, state, STATE_NAMES[State(state)], counts.get(iid, 0),
                               u.due_at if u else None, u.warn_at if u else None, version, receiver))  # fmt: skip
    return out
