"""The statistics of a period, in SQL: every figure an aggregate over indexed columns (the
rows never come into Python; one row per breakdown value does, or two for a percentile).

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
values the 9th; it is always one of the values. Each is picked in SQL, so only one row per
breakdown value comes back: ROW_NUMBER and COUNT over a window per value on SQLite,
percentile_disc (the same definition, twice as fast on a million rows) on PostgreSQL.
Durations are seconds, to the millisecond; a median or a rate with nothing to count is None.

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
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta
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
from console.stats import BREAKDOWNS, Figures, Stats
from models import Alarm, Incident, Revisit, SlaClock, Task

TIME_BREAKDOWNS = ("day", "week", "month")
TOP = 10  # the most frequent locations, types, demands
NONE = "-"  # the key of a blank type or location, or of the clocks of no group
SATISFIED = ("satisfied", "basically_satisfied")
ALARM_KINDS = ("warning", "lapsed")  # not 通知失败 (undelivered): a delivery problem, not work
WEEKDAYS = "一二三四五六日"

# Nearest-rank percentiles, as fractions a/b: the ceil(a × n / b)-th smallest value.
MEDIAN, P90, MAX = (1, 2), (9, 10), (1, 1)


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
    def first(self) -> datetime:
        return datetime.combine(self.start, time(0), self.tz).astimezone(UTC)

    @property
    def after(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time(0), self.tz).astimezone(UTC)

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

    def holds(self, column: Any) -> ColumnElement[bool]:
        return and_(column >= self.first, column < self.after)


# --- what differs between SQLite and PostgreSQL -----------------------------------------
def seconds(dialect: str, later: Any, earlier: Any) -> ColumnElement[Any]:
    """later − earlier in seconds (both UTC timestamps, naive in the database)."""
    if dialect == "postgresql":  # date_part: double precision (EXTRACT gives numeric, slower)
        return func.date_part(literal_column("'epoch'"), later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def bucket(dialect: str, column: Any, by: str, offset_minutes: int) -> ColumnElement[str]:
    """The local day (YYYY-MM-DD), week (its Monday, YYYY-MM-DD) or month (YYYY-MM) of a UTC
    timestamp, at a fixed offset from UTC."""
    if dialect == "postgresql":
        local = column + literal_column(f"INTERVAL '{int(offset_minutes)} minutes'")
        if by == "week":
            return func.to_char(
                func.date_trunc(literal_column("'week'"), local), literal_column("'YYYY-MM-DD'")
            )
        return func.to_char(local, literal_column("'YYYY-MM-DD'" if by == "day" else "'YYYY-MM'"))
    shift = literal_column(f"'{int(offset_minutes):+d} minutes'")
    if by == "week":  # the Sunday on or after it, less six days
        return func.date(column, shift, literal_column("'weekday 0'"), literal_column("'-6 days'"))
    if by == "day":
        return func.date(column, shift)
    return func.strftime(literal_column("'%Y-%m'"), column, shift)


# --- the rows each figure is counted over, keyed by the breakdown -------------------------
@dataclass(frozen=True)
class Scope:
    dialect: str
    period: Period
    plan: str | None  # one plan's incidents, or None: all
    by: str | None  # a breakdown, or None: the totals

    def key_of_incident(self, when: Any) -> ColumnElement[str]:
        """The breakdown's key of an incident (not for group, which joins the tasks)."""
        i = Incident
        if self.by is None:
            return literal_column("''")
        if self.by in TIME_BREAKDOWNS:
            return bucket(self.dialect, when, self.by, self.period.offset_minutes)
        if self.by == "type":
            return func.coalesce(func.nullif(i.type_id, ""), NONE)
        if self.by == "location":
            return func.coalesce(func.nullif(i.location, ""), NONE)
        return {"channel": i.channel, "level": i.level_id}[self.by]

    def incidents(self, when: Any, *columns: Any) -> Select[Any]:
        """key, id, *columns of the incidents whose `when` is in the period; by group, once
        per (group, incident) of each group with a task in the case."""
        if self.by == "group":
            q = (
                select(Task.group_id.label("key"), Incident.id.label("id"), *columns)
                .join_from(Incident, Task, Task.incident_id == Incident.id)
                .where(Task.state != "cancelled")
                .distinct()
            )
        else:
            q = select(self.key_of_incident(when).label("key"), Incident.id.label("id"), *columns)
        return self._plan(q.where(self.period.holds(when)), joined=True)

    def of_incident(self, q: Select[Any], incident_id: Any, when: Any) -> Select[Any]:
        """A query over clocks, alarms or 回访 (`incident_id` their column, `when` their
        time) with the key of their incident, for the breakdowns that are the incident's."""
        needs = self.by not in (None, "group", *TIME_BREAKDOWNS)
        if needs or self.plan is not None:
            q = q.join(Incident, Incident.id == incident_id)
        return self._plan(q.where(self.period.holds(when)), joined=needs or self.plan is not None)

    def _plan(self, q: Select[Any], joined: bool) -> Select[Any]:
        return q.where(Incident.plan_id == self.plan) if self.plan is not None and joined else q

    def key(self, when: Any, group: Any | None = None) -> ColumnElement[str]:
        """The key of a clock, alarm or 回访 (`group` its group column, where it has one)."""
        if self.by == "group":
            assert group is not None
            return func.coalesce(group, NONE)
        return self.key_of_incident(when)


# --- the figures -------------------------------------------------------------------------
Partial = dict[str, dict[str, Any]]  # key → some of Figures' fields


def _ms(value: Any) -> float:
    return round(float(value), 3)


def percentiles(s: Session, dialect: str, rows: Any, wanted: dict[str, tuple[int, int]],
                count: str | None = None) -> Partial:  # fmt: skip
    """Nearest-rank percentiles of `rows.c.d` per `rows.c.key` (`wanted`: field → (a, b),
    the ceil(a × n / b)-th smallest), picked in SQL, one row per key back; `count`: the
    field that gets n. PostgreSQL's percentile_disc is this very definition (the first
    value whose position ≥ p × n) and sorts once, where the window functions take twice as
    long on a million rows; elsewhere ROW_NUMBER and COUNT over a window per key keep the
    rows ranked ceil(a × n / b)."""
    out: Partial = defaultdict(dict)
    if dialect == "postgresql":
        fractions = ", ".join(repr(a / b) for a, b in wanted.values())
        picked = func.percentile_disc(literal_column(f"ARRAY[{fractions}]::float8[]"))
        q = select(rows.c.key, func.count(), picked.within_group(rows.c.d)).group_by(rows.c.key)
        for key, n, values in s.execute(q):
            row = out[key]
            if count:
                row[count] = n
            row.update({name: _ms(v) for name, v in zip(wanted, values, strict=True)})
        return out
    ranked = select(
        rows.c.key,
        rows.c.d,
        func.row_number().over(partition_by=rows.c.key, order_by=rows.c.d).label("rn"),
        func.count().over(partition_by=rows.c.key).label("n"),
    ).subquery()
    rank = {name: (a * ranked.c.n + (b - 1)) // b for name, (a, b) in wanted.items()}
    q = select(ranked.c.key, ranked.c.rn, ranked.c.n, ranked.c.d).where(
        or_(*(ranked.c.rn == r for r in rank.values()))
    )
    for key, rn, n, d in s.execute(q):
        row = out[key]
        if count:
            row[count] = n
        for name, (a, b) in wanted.items():
            if rn == -(-a * n // b):  # ceil(a × n / b)
                row[name] = _ms(d)
    return out


def received(s: Session, sc: Scope) -> Partial:
    """Incidents received, and the numbers among them that came more than once."""
    rows = sc.incidents(Incident.received_at, Incident.contact_key.label("contact")).subquery()
    per = (
        select(rows.c.key, rows.c.contact, func.count().label("n"))
        .group_by(rows.c.key, rows.c.contact)
        .subquery()
    )
    repeat = and_(per.c.contact != "", per.c.n >= 2)
    q = select(
        per.c.key,
        func.sum(per.c.n),
        func.sum(case((repeat, 1), else_=0)),
        func.sum(case((repeat, per.c.n), else_=0)),
    ).group_by(per.c.key)
    return {
        key: {"received": int(n), "repeat_complainants": int(who), "repeat_incidents": int(their)}
        for key, n, who, their in s.execute(q)
    }


def closed(s: Session, sc: Scope) -> Partial:
    """Incidents closed, and how long each took from the report (median, p90)."""
    d = seconds(sc.dialect, Incident.closed_at, Incident.received_at).label("d")
    rows = sc.incidents(Incident.closed_at, d).subquery()
    return percentiles(
        s, sc.dialect, rows, {"close_median_s": MEDIAN, "close_p90_s": P90}, count="closed"
    )


def responded(s: Session, sc: Scope) -> Partial:
    """Time to first response, of the incidents first responded to in the period."""
    d = seconds(sc.dialect, Incident.responded_at, Incident.received_at).label("d")
    rows = sc.incidents(Incident.responded_at, d).subquery()
    return percentiles(s, sc.dialect, rows, {"response_median_s": MEDIAN, "response_p90_s": P90})


def _clocks(sc: Scope, *columns: Any) -> Select[Any]:
    c = SlaClock
    if sc.by == "group":
        q = select(sc.key(c.due_at, Task.group_id).label("key"), *columns).outerjoin_from(
            c, Task, Task.id == c.task_id
        )
    else:
        q = select(sc.key(c.due_at).label("key"), *columns).select_from(c)
    return sc.of_incident(q.where(c.status != "cancelled"), c.incident_id, c.due_at)


def clocks(s: Session, sc: Scope) -> Partial:
    """The deadlines of the period: met, late, missed (as of `now`)."""
    c = SlaClock
    stopped = c.status == "stopped"
    missed = or_(
        and_(c.status == "running", c.due_at <= sc.period.now),
        and_(c.status == "paused", c.paused_at >= c.due_at),
    )
    rows = _clocks(
        sc,
        case((and_(stopped, c.stopped_at <= c.due_at), 1), else_=0).label("met"),
        case((and_(stopped, c.stopped_at > c.due_at), 1), else_=0).label("late"),
        case((missed, 1), else_=0).label("missed"),
    ).subquery()
    q = select(
        rows.c.key, func.sum(rows.c.met), func.sum(rows.c.late), func.sum(rows.c.missed)
    ).group_by(rows.c.key)
    return {
        key: {"clocks_met": int(met), "clocks_late": int(late), "clocks_missed": int(missed)}
        for key, met, late, missed in s.execute(q)
    }


def late_by(s: Session, sc: Scope) -> Partial:
    """By how much the late ones were late: median and the most."""
    c = SlaClock
    d = seconds(sc.dialect, c.stopped_at, c.due_at).label("d")
    # (stopped_at if stopped) > due_at: an expression, so SQLite ranges over the deadlines
    # rather than over every stopped clock (its index on status)
    late = case((c.status == "stopped", c.stopped_at)) > c.due_at
    rows = _clocks(sc, d).where(late).subquery()
    return percentiles(s, sc.dialect, rows, {"late_median_s": MEDIAN, "late_max_s": MAX})


def _alarms(sc: Scope, *columns: Any) -> Select[Any]:
    a = Alarm
    q = select(sc.key(a.raised_at, a.group_id).label("key"), *columns).select_from(a)
    return sc.of_incident(q.where(a.kind.in_(ALARM_KINDS)), a.incident_id, a.raised_at)


def alarms(s: Session, sc: Scope) -> Partial:
    """Alarms raised in the period, and how many were escalated."""
    a = Alarm
    rows = _alarms(
        sc, case((or_(a.step > 0, a.escalated_at.is_not(None)), 1), else_=0).label("up")
    ).subquery()
    q = select(rows.c.key, func.count(), func.sum(rows.c.up)).group_by(rows.c.key)
    return {key: {"alarms": int(n), "escalations": int(up)} for key, n, up in s.execute(q)}


def acknowledged(s: Session, sc: Scope) -> Partial:
    """Raised → acknowledged (MTTA's median, and p90), of the period's alarms."""
    a = Alarm
    d = seconds(sc.dialect, a.acknowledged_at, a.raised_at).label("d")
    rows = _alarms(sc, d).where(a.acknowledged_at.is_not(None)).subquery()
    return percentiles(s, sc.dialect, rows, {"ack_median_s": MEDIAN, "ack_p90_s": P90})


def revisits(s: Session, sc: Scope) -> Partial:
    """回访 calls recorded in the period, and how many found the customer satisfied."""
    r = Revisit
    good = case((r.result.in_(SATISFIED), 1), else_=0).label("good")
    if sc.by == "group":
        q = (
            select(Task.group_id.label("key"), r.id, good)
            .join_from(r, Task, Task.incident_id == r.incident_id)
            .where(Task.state != "cancelled")
            .distinct()
        )
    else:
        q = select(sc.key(r.at).label("key"), good).select_from(r)
    rows = sc.of_incident(q, r.incident_id, r.at).subquery()
    q2 = select(rows.c.key, func.count(), func.sum(rows.c.good)).group_by(rows.c.key)
    return {key: {"revisits": int(n), "satisfied": int(good)} for key, n, good in s.execute(q2)}


FIGURES = (received, closed, responded, clocks, late_by, alarms, acknowledged, revisits)
# What every item has exactly one key of, whatever the breakdown (a clock: its task's group
# or none, its incident's type …, its deadline's day): the totals of these counts are the
# sums of the rows'. 回访 and incidents have one key in every breakdown but group.
SUMMED = {clocks: ("clocks_met", "clocks_late", "clocks_missed"), alarms: ("alarms", "escalations")}
SUMMED_BUT_BY_GROUP = {revisits: ("revisits", "satisfied")}


def _rates(f: Figures) -> Figures:
    counted = f.clocks_met + f.clocks_late + f.clocks_missed
    return replace(
        f,
        on_time_rate=f.clocks_met / counted if counted else None,
        satisfaction_rate=f.satisfied / f.revisits if f.revisits else None,
    )


def figures_by(s: Session, sc: Scope, figures: Iterable[Any] = FIGURES,
               partial: Partial | None = None) -> dict[str, Figures]:  # fmt: skip
    """The figures, per key of the breakdown (or under "" for the totals); `partial`: some
    fields known already."""
    merged: Partial = defaultdict(dict)
    for key, values in (partial or {}).items():
        merged[key].update(values)
    for figure in figures:
        for key, values in figure(s, sc).items():
            merged[str(key)].update(values)
    names = {f.name for f in fields(Figures)}
    return {key: _rates(Figures(key=key, **{k: v for k, v in values.items() if k in names}))
            for key, values in merged.items()}  # fmt: skip


def totals_from(s: Session, sc: Scope, by: str, rows: Iterable[Figures]) -> Figures:
    """The period's totals (sc.by None), the counts that are sums taken from the rows of a
    breakdown `by`, the rest counted."""
    summed = dict(SUMMED) | (SUMMED_BUT_BY_GROUP if by != "group" else {})
    rows = list(rows)
    known = {
        name: sum(getattr(r, name) for r in rows) for names in summed.values() for name in names
    }
    figures = [f for f in FIGURES if f not in summed]
    return figures_by(s, sc, figures, {"": known}).get("", Figures())


def tune(s: Session, dialect: str) -> None:
    """This transaction's sorts in memory; on PostgreSQL without JIT (its compiling costs
    more than these short queries gain)."""
    if dialect == "postgresql":
        s.execute(text("SET LOCAL work_mem = '256MB'"))
        s.execute(text("SET LOCAL jit = off"))
        s.execute(text("SET LOCAL random_page_cost = 1.1"))


def top(s: Session, period: Period, plan: str | None, labels: dict[str, str]) -> dict:
    """The most frequent locations, types and demands of the incidents received."""
    i = Incident
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    for name, column in (("locations", i.location), ("types", i.type_id), ("demands", i.demands)):
        n = func.count().label("n")
        q = (
            select(column, n)
            .where(period.holds(i.received_at), func.coalesce(column, "") != "")
            .group_by(column)
            .order_by(n.desc(), column)
            .limit(TOP)
        )
        if plan is not None:
            q = q.where(i.plan_id == plan)
        rows = s.execute(q).all()
        named = [(labels.get(v, v) if name == "types" else v, int(n)) for v, n in rows]
        out[name] = tuple(named)
    return out


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


# --- a period's statistics ----------------------------------------------------------------
def totals(s: Session, dialect: str, period: Period, plan: str | None) -> Figures:
    found = figures_by(s, Scope(dialect, period, plan, None))
    return found.get("", Figures())


def compute_many(
    s: Session,
    *,
    dialect: str,
    catalogue: Catalogue,
    period: Period,
    breakdowns: Iterable[str],
    plan: str | None = None,
    author: str = "",
) -> dict[str, Stats]:
    """The statistics of `period`, one Stats per breakdown (keys of BREAKDOWNS): the
    totals, the previous period and the top lists are counted once for all."""
    wanted = list(breakdowns)
    for name in wanted:
        if name not in BREAKDOWNS:
            raise ValueError(f"no breakdown {name!r}")
    tune(s, dialect)
    found = {by: figures_by(s, Scope(dialect, period, plan, by)) for by in wanted}
    first = wanted[0]
    total = totals_from(s, Scope(dialect, period, plan, None), first, found[first].values())
    total = replace(total, label="合计")
    previous = replace(totals(s, dialect, period.previous(), plan), label="上期")
    best = top(s, period, plan, labels_of("type", catalogue, plan))
    out: dict[str, Stats] = {}
    for by in wanted:
        rows = _rows(by, found[by], labels_of(by, catalogue, plan), period)
        out[by] = Stats(start=period.start, end=period.end, by=by, plan=plan,
                        timezone=period.tz.key, total=total, previous=previous, rows=rows,
                        top=best, author=author, computed_at=period.now)  # fmt: skip
    return out


def compute(s: Session, *, dialect: str, catalogue: Catalogue, period: Period, by: str,
            plan: str | None = None, author: str = "") -> Stats:  # fmt: skip
    """The statistics of `period`, broken down `by` (a key of BREAKDOWNS)."""
    return compute_many(s, dialect=dialect, catalogue=catalogue, period=period, breakdowns=[by],
                        plan=plan, author=author)[by]  # fmt: skip
