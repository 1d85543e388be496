"""What the boards show: one lean row per open task, loaded in one query, with the lane it
belongs to. Pure Python; the Qt models in widgets/ sit on top of these rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import select, type_coerce
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from console.context import App
from console.incidents.lifecycle import ACTIVE_STATES, PENDING_TASK_STATES, STATE_NAMES, State
from console.incidents.reporting import SITREP_PREFIX, report_name
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


def _open_tasks(*columns):  # type: ignore[no-untyped-def]
    """SELECT columns of the open and blocked tasks of active incidents, with their clocks."""
    return (
        select(*columns)
        .join(Incident, Task.incident_id == Incident.id)
        .outerjoin(SlaClock, Task.clock_id == SlaClock.id)
        .where(Task.state.in_([s.value for s in PENDING_TASK_STATES]))
        .where(Incident.state.in_([s.value for s in ACTIVE_STATES]))
    )


def load_rows(app: App, s: Session, incident_ids: Iterable[int] | None = None, *,
              task_ids: Iterable[int] | None = None, reports: bool = False) -> list[BoardRow]:  # fmt: skip
    """Open and blocked tasks of active incidents (of the given incidents, or only the given
    tasks, if named; `reports`: only those holding a report's deadline)."""
    q = (
        _open_tasks(
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
    )
    if incident_ids is not None:
        ids = list(incident_ids)
        if not ids:
            return []
        q = q.where(Task.incident_id.in_(ids))
    if task_ids is not None:
        ids = list(task_ids)
        if not ids:
            return []
        q = q.where(Task.id.in_(ids))
    if reports:
        q = q.where(Task.template_id.startswith(SITREP_PREFIX))
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


def summary_of(rows: Iterable[BoardRow]) -> dict[int, tuple[int, datetime | None, datetime | None]]:
    """Per incident: open tasks, and the most urgent running clock's deadline and warning
    point (None when none runs), from board rows."""
    return _most_urgent((r.incident_id, r.due_at, r.warn_at, r.due_at is not None and r.status == "running")
                        for r in rows)  # fmt: skip


def _most_urgent(items: Iterable[tuple]) -> dict[int, tuple]:
    """(incident, deadline, warning point, running?) → per incident: how many, and the
    earliest running deadline with its warning point (None when none runs)."""
    out: dict[int, tuple] = {}
    for iid, due, warn, running in items:
        n, d, w = out.get(iid, (0, None, None))
        if running and (d is None or due < d):
            d, w = due, warn
        out[iid] = (n + 1, d, w)
    return out


def load_incidents(app: App, s: Session,
                   summary: dict[int, tuple[int, datetime | None, datetime | None]],
                   incident_ids: Iterable[int] | None = None) -> list[IncidentRow]:  # fmt: skip
    """Active incidents (of those named), each with its open tasks and most urgent clock
    (`summary_of`, or the boards' light summary)."""
    out = []
    q = select(Incident.id, Incident.title, Incident.plan_id, Incident.level_id, Incident.state,
               Incident.version, Incident.recorded_by).where(Incident.state.in_([st.value for st in ACTIVE_STATES]))  # fmt: skip
    if incident_ids is not None:
        q = q.where(Incident.id.in_(list(incident_ids)))
    for iid, title, plan_id, level_id, state, version, receiver in s.execute(
        q.order_by(Incident.id)
    ):
        plan = app.catalogue.get(plan_id)
        level = plan.level(level_id) if plan else None
        n, due, warn = summary.get(iid, (0, None, None))
        out.append(IncidentRow(iid, title, plan.name if plan else plan_id, level.name if level else level_id,
                               level.rank if level else 1, state, STATE_NAMES[State(state)], n,
                               due, warn, version, receiver))  # fmt: skip
    return out


# --- the lanes' order, light --------------------------------------------------------------
# A board shows the most urgent rows of a lane and loads more as the user scrolls; what the
# lane holds in all (its counts, which tasks the next page is) is kept as arrays of numbers,
# about 40 bytes a task instead of a row object's kilobytes (120,000 open tasks: 5 MB).

NONE, RUNNING, PAUSED = 0, 1, 2  # a task's live clock (none: no deadline shown)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NEVER = np.iinfo(np.int64).max  # no live clock: after every deadline


def micros(when: datetime) -> int:
    """A UTC instant as whole microseconds since the epoch (exact, unlike a float timestamp)."""
    return (when - EPOCH) // timedelta(microseconds=1)


def instant(us: int | None) -> datetime | None:
    return None if us is None or us == NEVER else EPOCH + timedelta(microseconds=int(us))


@dataclass(frozen=True, slots=True)
class LaneCounts:
    total: int
    lapsed: int  # 超时 (a paused clock stopped past its deadline counts too)
    warning: int  # 预警
    blocked: int  # 受阻

    @property
    def running(self) -> int:
        """进行中: the rest (no deadline, paused, not yet at the warning point)."""
        return self.total - self.lapsed - self.warning


@dataclass
class LightRows:
    """Open tasks as columns (light_rows' result, in no order)."""

    lane: np.ndarray = field(default_factory=lambda: np.empty(0, object))
    plan: np.ndarray = field(default_factory=lambda: np.empty(0, object))
    task: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    incident: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    due: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))  # micros(); NEVER: none
    warn: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))  # never after due
    clock: np.ndarray = field(default_factory=lambda: np.empty(0, np.int8))  # NONE/RUNNING/PAUSED
    paused_late: np.ndarray = field(
        default_factory=lambda: np.empty(0, bool)
    )  # paused at/after due
    blocked: np.ndarray = field(default_factory=lambda: np.empty(0, bool))

    def only(self, keep: np.ndarray) -> LightRows:
        return LightRows(**{name: column[keep] for name, column in vars(self).items()})


def only_lane(found: LightRows, lane: str) -> LightRows:
    """The light rows of one lane."""
    return found.only(found.lane == lane)


def _micros(values: tuple) -> np.ndarray:
    """Column values as the database driver gave them (SQLite: text, PostgreSQL: datetimes;
    None for none), as micros(), NEVER for none: parsed by numpy in one pass."""
    sample = next((v for v in values if v is not None), None)
    if sample is None:
        return np.full(len(values), NEVER, dtype=np.int64)
    if isinstance(sample, str):  # SQLite's text, parsed as it is (2.5× faster)
        text = np.array(values, dtype=object)
        text[np.equal(text, None)] = "NaT"
        parsed = text.astype("datetime64[us]")
        out = parsed.astype(np.int64)
        out[np.isnat(parsed)] = NEVER
        return out
    naive = [v.replace(tzinfo=None) if getattr(v, "tzinfo", None) else v for v in values]
    parsed = np.array(["NaT" if v is None else v for v in naive], dtype="datetime64[us]")
    out = parsed.astype(np.int64)
    out[np.isnat(parsed)] = NEVER
    return out


def light_rows(app: App, s: Session, incident_ids: Iterable[int] | None = None,
               only_group: str | None = None) -> LightRows:  # fmt: skip
    """Every open and blocked task of active incidents (of those named), as `load_rows`
    selects them, with only what the lane order and counts need: the times as the driver
    reads them (UTC), converted by numpy, not row by row (120,000 rows: 0.25 s, not 1 s)."""
    raw = [
        type_coerce(c, NullType()) for c in (SlaClock.due_at, SlaClock.warn_at, SlaClock.paused_at)
    ]
    q = _open_tasks(Task.id, Task.incident_id, Incident.plan_id, Task.group_id, Task.state,
                    SlaClock.status, *raw)  # fmt: skip
    if only_group is not None:
        q = q.where(Task.group_id == only_group)
    if incident_ids is not None:
        ids = list(incident_ids)
        if not ids:
            return LightRows()
        q = q.where(Task.incident_id.in_(ids))
    parts = [_light_part(app, rows) for rows in _raw_chunks(s, q)]
    if not parts:
        return LightRows()
    return LightRows(
        **{name: np.concatenate([vars(p)[name] for p in parts]) for name in vars(parts[0])}
    )


def _raw_chunks(s: Session, q, size: int = 2_000):  # type: ignore[no-untyped-def]
    """The query's rows as the DBAPI cursor gives them (tuples, no Row objects: 120,000 of
    them cost 0.15 s more through the Result), in chunks: the peak memory of one chunk, and
    the GIL held by the driver for a few milliseconds at a time, not 50 (another thread's
    countdowns keep moving)."""
    conn = s.connection()
    compiled = q.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)  # type: ignore[union-attr]
    # executed through SQLAlchemy (its errors, a lost connection invalidated), read raw
    result = conn.exec_driver_sql(str(compiled), params)
    cursor = result.cursor
    error = conn.dialect.loaded_dbapi.Error
    try:
        while rows := cursor.fetchmany(size):
            yield rows
    except error as exc:  # the connection lost mid-read: as SQLAlchemy would say it
        lost = conn.dialect.is_disconnect(exc, None, cursor)
        if lost:
            conn.invalidate(exc)
        raise DBAPIError.instance(
            str(compiled), params, exc, error, connection_invalidated=lost
        ) from exc
    finally:
        result.close()


def _light_part(app: App, rows: list[tuple]) -> LightRows:
    tid, iid, plan_id, group_id, state, status, due, warn, paused_at = zip(*rows, strict=True)
    lane_cache = {key: lane_of(app, *key)[0] for key in set(zip(plan_id, group_id, strict=True))}
    status_a = np.array(status, dtype=object)
    running, paused = status_a == "running", status_a == "paused"
    live = running | paused
    due_a, warn_a, paused_a = _micros(due), _micros(warn), _micros(paused_at)
    due_a[~live] = NEVER
    warn_a = np.where(live, np.minimum(warn_a, due_a), NEVER)
    return LightRows(
        lane=np.array([lane_cache[k] for k in zip(plan_id, group_id, strict=True)], dtype=object),
        plan=np.array(plan_id, dtype=object),
        task=np.array(tid, dtype=np.int64),
        incident=np.array(iid, dtype=np.int64),
        due=due_a,
        warn=warn_a,
        clock=np.where(running, RUNNING, np.where(paused, PAUSED, NONE)).astype(np.int8),
        paused_late=paused & (paused_a >= due_a),
        blocked=np.array(state, dtype=object) == "blocked",
    )


class LaneOrder:
    """One lane's open tasks in the board's order: deadline, no deadline last, then task id
    (BoardRow.sort_key). Counts at any instant are two binary searches; a page of the board
    is a slice of `task`."""

    __slots__ = ("task", "incident", "due", "warn", "clock", "paused_late", "blocked",
                 "_run_due", "_run_warn", "_paused_late", "_blocked")  # fmt: skip

    def __init__(self, task: np.ndarray, incident: np.ndarray, due: np.ndarray, warn: np.ndarray,
                 clock: np.ndarray, paused_late: np.ndarray, blocked: np.ndarray,
                 ordered: bool = False) -> None:  # fmt: skip
        if not ordered:
            order = np.lexsort((task, due))
            task, incident, due, warn = task[order], incident[order], due[order], warn[order]
            clock, paused_late, blocked = clock[order], paused_late[order], blocked[order]
        self.task, self.incident, self.due, self.warn = task, incident, due, warn
        self.clock, self.paused_late, self.blocked = clock, paused_late, blocked
        running = self.clock == RUNNING
        self._run_due = self.due[running]  # in order already
        self._run_warn = np.sort(self.warn[running])
        # what does not move with time, counted once (counts() runs every tick, every lane)
        self._paused_late, self._blocked = int(self.paused_late.sum()), int(self.blocked.sum())

    @classmethod
    def empty(cls) -> LaneOrder:
        return cls(*(np.empty(0, dtype) for dtype in _DTYPES))

    def __len__(self) -> int:
        return len(self.task)

    def counts(self, now: datetime) -> LaneCounts:
        t = micros(now)
        lapsed = int(np.searchsorted(self._run_due, t, "right"))  # due_at <= now
        warned = int(np.searchsorted(self._run_warn, t, "right"))  # warn_at <= now (<= due_at)
        return LaneCounts(
            len(self.task), lapsed + self._paused_late, warned - lapsed, self._blocked
        )

    def after(self, key: tuple | None) -> int:
        """How many of the lane's tasks come before or at `key` (a BoardRow.sort_key; None:
        none loaded yet): where the next page starts."""
        if key is None:
            return 0
        none, due, task_id = key
        d = NEVER if none else micros(due)
        lo = int(np.searchsorted(self.due, d, "left"))
        hi = int(np.searchsorted(self.due, d, "right"))
        return lo + int(np.searchsorted(self.task[lo:hi], task_id, "right"))

    def window(self, now: datetime, before_min: float, after_min: float) -> list[tuple[float, str]]:
        """(minutes from now, clock state) of the live deadlines from `before_min` minutes
        ago to `after_min` ahead (the charts' horizon)."""
        t = micros(now)
        lo = int(np.searchsorted(self.due, t - before_min * 60e6, "left"))
        hi = int(np.searchsorted(self.due, t + after_min * 60e6, "right"))
        out = []
        for due, warn, clock, late in zip(self.due[lo:hi].tolist(), self.warn[lo:hi].tolist(),
                                          self.clock[lo:hi].tolist(), self.paused_late[lo:hi].tolist(),
                                          strict=True):  # fmt: skip
            if clock == PAUSED:
                state = "lapsed" if late else "paused"
            else:
                state = "lapsed" if due <= t else "warning" if warn <= t else "running"
            out.append(((due - t) / 60e6, state))
        return out

    def without(self, incidents: Iterable[int]) -> dict[str, np.ndarray]:
        """The lane's columns less the tasks of these incidents."""
        keep = ~np.isin(self.incident, np.fromiter(incidents, np.int64))
        return {name: getattr(self, name)[keep] for name in _COLUMNS}

    @classmethod
    def merged(cls, kept: dict[str, np.ndarray], fresh: dict[str, np.ndarray]) -> LaneOrder:
        """`kept` (columns in the lane's order, as `without` gives them) with the `fresh`
        tasks inserted where they sort: only the few fresh ones are sorted (a change's
        dozens of tasks into a lane of 10,000: 0.3 ms, where sorting it all took 1.5)."""
        order = np.lexsort((fresh["task"], fresh["due"]))
        fresh = {name: column[order] for name, column in fresh.items()}
        due, task = kept["due"], kept["task"]
        lo = np.searchsorted(due, fresh["due"], "left")
        hi = np.searchsorted(due, fresh["due"], "right")
        at = lo.copy()
        ties = hi > lo  # equal deadlines (and no deadline at all): by task id among them
        for d in np.unique(fresh["due"][ties]).tolist():
            which = np.nonzero(ties & (fresh["due"] == d))[0]
            a, b = int(lo[which[0]]), int(hi[which[0]])
            at[which] = a + np.searchsorted(task[a:b], fresh["task"][which])
        return cls(*(np.insert(kept[name], at, fresh[name]) for name in _COLUMNS), ordered=True)


_COLUMNS = ("task", "incident", "due", "warn", "clock", "paused_late", "blocked")
_DTYPES = (np.int64, np.int64, np.int64, np.int64, np.int8, bool, bool)


def lane_orders(found: LightRows, base: dict[str, LaneOrder] | None = None,
                replaced: Iterable[int] = ()) -> dict[str, LaneOrder]:  # fmt: skip
    """Each lane's order from `found`: on its own, or merged into `base` in place of the
    tasks of the incidents `replaced` (a change re-read those). Lanes the change did not
    touch are kept as they are."""
    replaced = list(replaced)
    out = dict(base or {})
    touched = set(found.lane.tolist())
    if replaced and base:
        ids = np.fromiter(replaced, np.int64)
        touched |= {k for k, o in base.items() if np.isin(o.incident, ids).any()}
    for lane in touched:
        picked = found.only(found.lane == lane)
        fresh = {name: getattr(picked, name) for name in _COLUMNS}
        old = out.get(lane)
        if old is not None and replaced:
            out[lane] = LaneOrder.merged(old.without(replaced), fresh)
        else:
            out[lane] = LaneOrder(**fresh)
    return out


def incident_summary(found: LightRows) -> dict[int, tuple[int, datetime | None, datetime | None]]:
    """`summary_of` from the light rows, by numpy (5,000 cases of 120,000 tasks: 15 ms, not
    80): each incident's rows sorted by their running deadline, the first one taken."""
    if not len(found.incident):
        return {}
    due = np.where(found.clock == RUNNING, found.due, NEVER)
    order = np.lexsort(
        (due, found.incident)
    )  # stable: the first of equal deadlines, as _most_urgent
    ids, first, counts = np.unique(found.incident[order], return_index=True, return_counts=True)
    best = order[first]
    return {iid: (n, instant(d), instant(w) if d != NEVER else None)
            for iid, n, d, w in zip(ids.tolist(), counts.tolist(), due[best].tolist(),
                                    found.warn[best].tolist(), strict=True)}  # fmt: skip
