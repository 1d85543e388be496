"""What the statistics of a period are counted from, in SQL over indexed ranges: `collect`
gives, per local day, plan and key of a breakdown, the counts (aggregated in SQL) and the
durations and contact numbers (one value a row) that console/stats/rollup.py keeps per
finished day and puts together for a period.

**The period** is [--from 00:00, --to + 1 day 00:00) in local time: the plan's time zone
(Asia/Shanghai for every shipped plan), or console.time.format.DEFAULT_TZ without --plan.
The previous period is the one of the same number of days just before it.

**Each figure counts the events that happened in the period**, each by its own time (an
indexed column), so a month's figures are those of what happened that month, a day's row
those of that day, and the months of a year add up to the year (but for the medians and
the repeat complainants):

- received: incidents whose `received_at` is in the period; closed: whose `closed_at` (结案)
  is in the period;
- first response (首次响应, report → the case's first task done): of the incidents whose
  `responded_at` is in the period; time to close (report → 结案): of the incidents closed in
  the period;
- clocks: the SLA clocks whose deadline (`due_at`) falls in the period, whatever the
  incident's age; cancelled clocks never count. Read as console.sla.clocks.clock_state
  reads a clock at the time of the computation: met = stopped at or before the deadline;
  late = stopped after it, late by stopped − deadline (median and the most); missed = not
  stopped and past the deadline now (running past it, or paused after it); a clock still
  running before its deadline, or paused before it, is not counted yet. The on-time rate
  is met / (met + late + missed). Deadlines are the cohort rather than the incidents
  received, because a deadline belongs to the day it falls on: a month's report answers
  "of the deadlines this month, how many were kept", and the figures of a month that is
  over only change when late work is finished (missed → late);
- alarms: warnings and lapses raised in the period (`raised_at`; 通知失败 alarms are not
  counted); escalations: those that went on to the B角 or the leaders (step > 0, or an
  escalation time); time to acknowledge (MTTA): acknowledged − raised, of those
  acknowledged (whenever);
- 回访: the calls recorded in the period (`revisits.at`); satisfaction = (满意 + 基本满意) /
  all calls;
- repeat complainants: the numbers (the digits of the contact number, `contact_key`, not
  empty) on two incidents or more received in the period (in the row); repeat incidents:
  the incidents of those numbers;
- top: the ten most frequent locations, complaint types and demands (text as typed, blanks
  left out) of the incidents received in the period, most first (ties by name).

**Percentiles are nearest-rank**: the p-th percentile of n values is the ceil(p × n)-th
smallest (rank 1 is the smallest), so the median of 4 values is the 2nd and p90 of 10
values the 9th; it is always one of the values. It is picked from all the period's values
(rollup.nearest_rank: numpy's partition), whichever days they were kept with. Durations are
seconds, to the millisecond; a median or a rate with nothing to count is None.

**Breakdowns.** group: a clock by its task's group (the incident's own clocks, of no task,
under "-"), an alarm by its group; incidents, their response and close times and their 回访
by every group that has a task in the case (not cancelled): one incident counts once in
each of its groups, so the groups add up to more than the total, and an incident without
tasks is in the total only. type, channel, level, location: the incident's (a blank type or
location is "-"). day, week (Monday to Sunday), month: each event by the local day of its
own time (received by received_at, a clock by its deadline …); every day, week or month of
the period has a row. The local day is counted at the time zone's UTC offset at the start of
the period (China keeps one offset all year; in a zone with summer time the hour next to a
change may land on the neighbouring day).

Drill databases hold no real work: the service refuses to count them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from console.incidents.lifecycle import CHANNELS
from console.plans.plan import Catalogue, Plan
from console.stats import Figures
from models import Alarm, Incident, Revisit, SlaClock, Task

TIME_BREAKDOWNS = ("day", "week", "month")
TOP = 10  # the most frequent locations, types, demands
NONE = "-"  # the key of a blank type or location, or of the clocks of no group
SATISFIED = ("satisfied", "basically_satisfied")
ALARM_KINDS = ("warning", "lapsed")  # not 通知失败 (undelivered): a delivery problem, not work
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Period:
    """[start 00:00, end + 1 day 00:00) local, in `tz`; `now` is when the figures are read
    (a clock past its deadline by then is missed)."""

    start: date
    end: date
    tz: ZoneInfo
    now: datetime

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def offset_minutes(self) -> int:
        """The zone's UTC offset at the start of the period, in minutes (480 in China)."""
        offset = datetime.combine(self.start, time(0), self.tz).utcoffset() or timedelta()
        return int(offset.total_seconds() // 60)

    def previous(self) -> Period:
        return replace(
            self,
            start=self.start - timedelta(days=self.days),
            end=self.start - timedelta(days=1),
        )


# --- what differs between SQLite and PostgreSQL -----------------------------------------
def seconds(dialect: str, later: Any, earlier: Any) -> ColumnElement[Any]:
    """later − earlier in seconds (both UTC timestamps, naive in the database)."""
    if dialect == "postgresql":  # date_part: double precision (EXTRACT gives numeric, slower)
        return func.date_part(literal_column("'epoch'"), later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def local_day(dialect: str, column: Any, offset_minutes: int) -> ColumnElement[str]:
    """The local day (YYYY-MM-DD) of a UTC timestamp, at a fixed offset from UTC (weeks and
    months are made of the days in Python: rollup._time_key)."""
    if dialect == "postgresql":
        local = column + literal_column(f"INTERVAL '{int(offset_minutes)} minutes'")
        return func.to_char(local, literal_column("'YYYY-MM-DD'"))
    return func.date(column, literal_column(f"'{int(offset_minutes):+d} minutes'"))


# --- the rows each figure is counted over: per local day, plan and key of a breakdown ------
# A dimension is what a breakdown keys the rows by: "" (the totals, and day, week, month: the
# day is the slot's own), group, type, channel, level, location; "top" counts the received
# incidents per location, type and demand (l:…, t:…, d:…), for the top lists, in one slot of
# key "" a day and plan.
DIMS = ("", "group", "type", "channel", "level", "location", "top")
Slot = tuple[str, str, str]  # (local day YYYY-MM-DD, plan id, key)


def dim_of(by: str | None) -> str:
    return "" if by is None or by in TIME_BREAKDOWNS else by


@dataclass(frozen=True)
class Window:
    """The UTC range [first, after) of whole local days at a fixed UTC offset, and `now`."""

    dialect: str
    first: datetime
    after: datetime
    offset_minutes: int
    now: datetime

    def holds(self, column: Any) -> ColumnElement[bool]:
        return and_(column >= self.first, column < self.after)

    def day(self, column: Any) -> ColumnElement[str]:
        return local_day(self.dialect, column, self.offset_minutes)


def _incident_key(dim: str) -> ColumnElement[str]:
    i = Incident
    if dim == "":
        return literal_column("''")
    if dim == "type":
        return func.coalesce(func.nullif(i.type_id, ""), NONE)
    if dim == "location":
        return func.coalesce(func.nullif(i.location, ""), NONE)
    return {"channel": i.channel, "level": i.level_id}[dim]


def _incidents(w: Window, dim: str, when: Any, *columns: Any) -> Select[Any]:
    """day, plan, key, *columns of the incidents whose `when` is in the window; by group,
    once per (group, incident) of each group with a task in the case (not cancelled)."""
    day, plan = w.day(when).label("day"), Incident.plan_id.label("plan")
    if dim == "group":
        q = (
            select(day, plan, Task.group_id.label("key"), Incident.id, *columns)
            .join_from(Incident, Task, Task.incident_id == Incident.id)
            .where(Task.state != "cancelled")
            .distinct()
        )
    else:
        q = select(day, plan, _incident_key(dim).label("key"), *columns)
    return q.where(w.holds(when))


def _of_incident(w: Window, dim: str, table: Any, when: Any, group: Any | None) -> Select[Any]:
    """day, plan, key of clocks, alarms or 回访 (`when` their time, `group` their group
    column) in the window: the group theirs (or "-"), the other keys their incident's."""
    key = func.coalesce(group, NONE) if dim == "group" else _incident_key(dim)
    q = select(
        w.day(when).label("day"),
        func.coalesce(Incident.plan_id, "").label("plan"),
        func.coalesce(key, NONE).label("key"),
    )
    return q.select_from(table).outerjoin(Incident, Incident.id == table.incident_id)


def _values(s: Any, q: Select[Any], into: dict[Slot, dict[str, list]], name: str) -> None:
    for day, plan, key, value in s.execute(q):
        into[(day, plan, key)][name].append(value)


def _counts(s: Any, q: Select[Any], into: dict[Slot, dict[str, list]], names: tuple[str, ...]
            ) -> None:  # fmt: skip
    """`q`'s rows: day, plan, key and one count per name."""
    for day, plan, key, *counts in s.execute(q):
        slot = into[(day, plan, key)]
        for name, n in zip(names, counts, strict=True):
            slot[name].append(int(n or 0))


def collect(session: Session, w: Window, dim: str) -> dict[Slot, dict[str, list]]:
    """Everything the figures are counted from, per (local day, plan, key) of `dim`: lists
    of counts (summed) and of values (durations in seconds; contact numbers)."""
    out: dict[Slot, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    s = session.connection()  # plain rows: no ORM loading on a hundred thousand of them
    if dim == "top":
        i = Incident
        n = func.count()
        for prefix, column in (("l:", i.location), ("t:", i.type_id), ("d:", i.demands)):
            day = w.day(i.received_at)
            q = (
                select(day, i.plan_id, column, n)
                .where(w.holds(i.received_at), func.coalesce(column, "") != "")
                .group_by(day, i.plan_id, column)
            )
            for d, plan, value, count in s.execute(q):
                out[(d, plan, "")][prefix + value].append(int(count))
        return out
    i, c, a, r = Incident, SlaClock, Alarm, Revisit
    rows = _incidents(w, dim, i.received_at, i.contact_key).subquery()
    for day, plan, key, contact in s.execute(
        select(rows.c.day, rows.c.plan, rows.c.key, rows.c.contact_key)
    ):
        slot = out[(day, plan, key)]
        slot["received"].append(1)
        if contact:
            slot["contacts"].append(contact)
    for name, when, counted in (
        ("close", i.closed_at, "closed"),
        ("response", i.responded_at, None),
    ):
        rows = _incidents(
            w, dim, when, seconds(w.dialect, when, i.received_at).label("d")
        ).subquery()
        for day, plan, key, d in s.execute(select(rows.c.day, rows.c.plan, rows.c.key, rows.c.d)):
            slot = out[(day, plan, key)]
            slot[name].append(d)
            if counted:
                slot[counted].append(1)
    # clocks: by their deadline's day, cancelled ones never
    group = Task.group_id if dim == "group" else None
    clocks = _of_incident(w, dim, c, c.due_at, group).where(
        c.status != "cancelled", w.holds(c.due_at)
    )
    if dim == "group":
        clocks = clocks.outerjoin(Task, Task.id == c.task_id)
    stopped = c.status == "stopped"
    missed = or_(and_(c.status == "running", c.due_at <= w.now),
                 and_(c.status == "paused", c.paused_at >= c.due_at))  # fmt: skip
    counted = clocks.add_columns(
        func.sum(case((and_(stopped, c.stopped_at <= c.due_at), 1), else_=0)),
        func.sum(case((and_(stopped, c.stopped_at > c.due_at), 1), else_=0)),
        func.sum(case((missed, 1), else_=0)),
    ).group_by(literal_column("1"), literal_column("2"), literal_column("3"))
    _counts(s, counted, out, ("clocks_met", "clocks_late", "clocks_missed"))
    # (stopped_at if stopped) > due_at: an expression, so SQLite ranges over the deadlines
    late = case((c.status == "stopped", c.stopped_at)) > c.due_at
    _values(
        s, clocks.add_columns(seconds(w.dialect, c.stopped_at, c.due_at)).where(late), out, "late"
    )
    # alarms: warnings and lapses, by the day raised
    alarms = _of_incident(w, dim, a, a.raised_at, a.group_id).where(
        a.kind.in_(ALARM_KINDS), w.holds(a.raised_at)
    )
    up = or_(a.step > 0, a.escalated_at.is_not(None))
    counted = alarms.add_columns(func.count(), func.sum(case((up, 1), else_=0))).group_by(
        literal_column("1"), literal_column("2"), literal_column("3"))  # fmt: skip
    _counts(s, counted, out, ("alarms", "escalations"))
    acked = alarms.add_columns(seconds(w.dialect, a.acknowledged_at, a.raised_at))
    _values(s, acked.where(a.acknowledged_at.is_not(None)), out, "ack")
    # 回访: by the day recorded; by group, once in each group with a task in the case
    good = case((r.result.in_(SATISFIED), 1), else_=0)
    if dim == "group":
        calls = (
            select(
                w.day(r.at).label("day"),
                i.plan_id.label("plan"),
                Task.group_id.label("key"),
                r.id,
                good.label("good"),
            )
            .join_from(r, i, i.id == r.incident_id)
            .join(Task, Task.incident_id == r.incident_id)
            .where(Task.state != "cancelled", w.holds(r.at))
            .distinct()
        ).subquery()
        q = select(calls.c.day, calls.c.plan, calls.c.key, func.count(), func.sum(calls.c.good))
        counted = q.group_by(calls.c.day, calls.c.plan, calls.c.key)
    else:
        counted = (
            select(w.day(r.at), i.plan_id, _incident_key(dim), func.count(), func.sum(good))
            .join_from(r, i, i.id == r.incident_id)
            .where(w.holds(r.at))
            .group_by(literal_column("1"), literal_column("2"), literal_column("3"))
        )
    _counts(s, counted, out, ("revisits", "satisfied"))
    return out


def tune(s: Session, dialect: str) -> None:
    """This transaction's sorts in memory; on PostgreSQL without JIT (its compiling costs
    more than these short queries gain)."""
    if dialect == "postgresql":
        s.execute(text("SET LOCAL work_mem = '256MB'"))
        s.execute(text("SET LOCAL jit = off"))
        s.execute(text("SET LOCAL random_page_cost = 1.1"))


# --- labels and the order of the rows -----------------------------------------------------
def labels_of(by: str, catalogue: Catalogue, plan: str | None) -> dict[str, str]:
    """key → the name a person reads, from the plans (the chosen one's first)."""
    plans: list[Plan] = list(catalogue)
    chosen = catalogue.get(plan) if plan else None
    if chosen is not None:
        plans = [chosen, *(p for p in plans if p is not chosen)]
    names: dict[str, str] = {}
    for p in plans:
        items: Iterable[Any] = {
            "group": p.org.groups,
            "type": p.types,
            "level": p.levels,
        }.get(by, ())
        for item in items:
            names.setdefault(item.id, item.name)
    if by == "channel":
        names.update(CHANNELS)
    names[NONE] = {
        "group": "事件本身(不属工作组)",
        "type": "未分类",
        "location": "未填地点",
    }.get(by, "未填")
    return names


def time_keys(by: str, start: date, end: date) -> list[str]:
    """Every day, week (its Monday) or month that the period touches, in order."""
    if by == "day":
        return [(start + timedelta(days=k)).isoformat() for k in range((end - start).days + 1)]
    if by == "week":
        monday = start - timedelta(days=start.weekday())
        return [
            (monday + timedelta(weeks=k)).isoformat() for k in range((end - monday).days // 7 + 1)
        ]
    months, (y, m) = [], (start.year, start.month)
    while (y, m) <= (end.year, end.month):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def time_label(by: str, key: str) -> str:
    if by == "month":
        y, m = key.split("-")
        return f"{int(y)}年{int(m)}月"
    d = date.fromisoformat(key)
    if by == "day":
        return f"{d.month}月{d.day}日 周{WEEKDAYS[d.weekday()]}"
    last = d + timedelta(days=6)
    return f"{d.month}月{d.day}日–{last.month}月{last.day}日"


def _rows(by: str, found: dict[str, Figures], labels: dict[str, str], period: Period
          ) -> tuple[Figures, ...]:  # fmt: skip
    if by in TIME_BREAKDOWNS:
        keys = time_keys(by, period.start, period.end)
        keys += sorted(k for k in found if k not in keys)  # none expected
        return tuple(replace(found.get(k, Figures()), key=k, label=time_label(by, k)) for k in keys)
    ordered = sorted(found.values(), key=lambda f: (-f.received, -f.alarms, f.key))
    return tuple(replace(f, label=labels.get(f.key, f.key)) for f in ordered)
