"""A period's statistics from the day roll-up: each finished local day's figures are counted
once from the cases' rows and kept (stats_days), so a year reads 365 small rows per plan and
key instead of every case of the year; days not yet over are counted from the rows each time.

**What is kept of a day**, per plan and key of a breakdown: the counts (received, closed,
deadlines met/late/missed, alarms, escalations, 回访, satisfied) and, so that a period's
medians stay exact, every duration (seconds, float64) and every contact number (int64), as
blobs: a period's median is the nearest rank of the days' values put together, and its repeat
complainants the numbers that occur twice or more among them.

**When a kept day is wrong.** A day's figures change only when a case's rows do: late work
(a missed deadline met late, an alarm acknowledged), a re-grade, a 回访, a task added to
another group. Database triggers (migration 0010) mark each such change with the case's
received time (stats_stale), whoever writes it; a case's events all come after its report, so
the days from then on are the ones that may have changed. A reader counts those days afresh
from the rows, then, in a short write of its own, clears the marks it read, drops the kept
days from the earliest of them (a day's margin for the time zone), and keeps what it
counted. It keeps nothing if another reader cleared marks after it began (the generation in
stats_state moved): its snapshot may lack what those marks were for. A day still running (its
end after the clock's now) is never kept: its missed deadlines depend on now. A day is
finished for good: a deadline of a finished day is past at every later now.

Marks are cleared only by a reader of the statistics; an unread mark costs one short row."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from console.plans.plan import Catalogue
from console.stats import BREAKDOWNS, Figures, Stats
from console.stats.queries import (
    TIME_BREAKDOWNS,
    TOP,
    Period,
    Slot,
    Window,
    _rows,
    collect,
    dim_of,
    labels_of,
    tune,
)
from models import StatsBuilt, StatsDay, StatsStale, StatsState

log = logging.getLogger(__name__)

COUNTS = ("received", "closed", "clocks_met", "clocks_late", "clocks_missed", "alarms",
          "escalations", "revisits", "satisfied")  # fmt: skip
DURATIONS = ("close", "response", "late", "ack")
# Nearest-rank percentiles, as fractions a/b: the ceil(a × n / b)-th smallest value.
MEDIAN, P90, MAX = (1, 2), (9, 10), (1, 1)
PICKED = {  # figure → (durations, rank)
    "close_median_s": ("close", MEDIAN), "close_p90_s": ("close", P90),
    "response_median_s": ("response", MEDIAN), "response_p90_s": ("response", P90),
    "late_median_s": ("late", MEDIAN), "late_max_s": ("late", MAX),
    "ack_median_s": ("ack", MEDIAN), "ack_p90_s": ("ack", P90),
}  # fmt: skip
READABLE = (
    "SELECT bool_and(has_table_privilege(t, 'SELECT')) FROM "
    "unnest(ARRAY['stats_days', 'stats_built', 'stats_stale', 'stats_state']) AS t"
)
EMPTY_F = np.empty(0, dtype=np.float64)
EMPTY_I = np.empty(0, dtype=np.int64)


def contact_number(key: str) -> int:
    """A contact number (its digits, as the incident keeps them) as one int64: "1" and the
    digits for a phone number (leading zeros kept), a hash below zero for anything longer."""
    if key.isdigit() and len(key) <= 17:
        return int("1" + key)
    return -1 - (int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big") >> 1)


def nearest_rank(values: np.ndarray, a: int, b: int) -> float | None:
    """The ceil(a × n / b)-th smallest of `values` (rank 1 the smallest), to the
    millisecond; None of none."""
    n = len(values)
    if n == 0:
        return None
    k = -(-a * n // b) - 1
    return round(float(np.partition(values, k)[k]), 3)


@dataclass
class Part:
    """What a slot (a day, plan and key) or a row of several contributes."""

    counts: dict[str, int] = field(default_factory=dict)
    durations: dict[str, list[np.ndarray]] = field(default_factory=lambda: defaultdict(list))
    contacts: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def collected(cls, lists: dict[str, list]) -> Part:
        counted = (n for n in lists if n not in DURATIONS and n != "contacts")
        part = cls(counts={n: sum(lists[n]) for n in counted if lists[n]})
        for name in DURATIONS:
            if lists.get(name):
                part.durations[name].append(np.asarray(lists[name], dtype=np.float64))
        if lists.get("contacts"):
            numbers = [contact_number(k) for k in lists["contacts"]]
            part.contacts.append(np.asarray(numbers, dtype=np.int64))
        return part

    @classmethod
    def kept(cls, row: Any) -> Part:
        """From a stats_days row (without the blobs for the top lists)."""
        part = cls(counts=json.loads(row.counts))
        if len(row) > 4:
            for name, blob in zip(DURATIONS, row[4:8], strict=True):
                if blob:
                    part.durations[name].append(np.frombuffer(blob, dtype=np.float64))
            if row[8]:
                part.contacts.append(np.frombuffer(row[8], dtype=np.int64))
        return part

    def add(self, other: Part) -> None:
        for name, n in other.counts.items():
            self.counts[name] = self.counts.get(name, 0) + n
        for name, arrays in other.durations.items():
            self.durations[name].extend(arrays)
        self.contacts.extend(other.contacts)

    def _array(self, arrays: list[np.ndarray], empty: np.ndarray) -> np.ndarray:
        return arrays[0] if len(arrays) == 1 else np.concatenate(arrays) if arrays else empty

    def row(self, day: str, dim: str, plan: str, key: str, offset: int) -> dict[str, Any]:
        """As stats_days keeps it."""
        out: dict[str, Any] = {"offset_minutes": offset, "day": day, "dim": dim, "plan_id": plan,
                               "key": key, "counts": json.dumps(self.counts, sort_keys=True)}  # fmt: skip
        for name in DURATIONS:
            out[name] = self._array(self.durations.get(name, []), EMPTY_F).tobytes()
        out["contacts"] = self._array(self.contacts, EMPTY_I).tobytes()
        return out

    def figures(self, key: str) -> Figures:
        got: dict[str, Any] = {n: self.counts.get(n, 0) for n in COUNTS}
        arrays = {n: self._array(self.durations.get(n, []), EMPTY_F) for n in DURATIONS}
        for name, (durations, (a, b)) in PICKED.items():
            got[name] = nearest_rank(arrays[durations], a, b)
        numbers = self._array(self.contacts, EMPTY_I)
        if len(numbers):
            _, times = np.unique(numbers, return_counts=True)
            again = times[times >= 2]
            got["repeat_complainants"], got["repeat_incidents"] = len(again), int(again.sum())
        counted = got["clocks_met"] + got["clocks_late"] + got["clocks_missed"]
        got["on_time_rate"] = got["clocks_met"] / counted if counted else None
        got["satisfaction_rate"] = got["satisfied"] / got["revisits"] if got["revisits"] else None
        names = {f.name for f in fields(Figures)}
        return Figures(key=key, **{k: v for k, v in got.items() if k in names})


# --- the days ------------------------------------------------------------------------------
def days_of(start: date, end: date) -> list[str]:
    return [(start + timedelta(days=k)).isoformat() for k in range((end - start).days + 1)]


def _zone(offset: int) -> timezone:
    return timezone(timedelta(minutes=offset))


def _start(day: str, offset: int) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(0), _zone(offset)).astimezone(UTC)


def _end(day: str, offset: int) -> datetime:
    return _start(day, offset) + timedelta(days=1)


def _envelope(days: Iterable[str]) -> tuple[str, str] | None:
    days = sorted(days)
    return (days[0], days[-1]) if days else None


@dataclass
class Reading:
    """One reading of the statistics: what was counted from the rows to be kept, the marks
    read and the generation at the start."""

    offset: int
    now: datetime
    generation: int = 0
    marks: list[int] = field(default_factory=list)
    stale_from: str | None = None  # the first day whose kept figures are dropped
    built: dict[str, dict[Slot, Part]] = field(default_factory=dict)  # dim → slots counted
    built_days: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    usable: bool = True  # False: a login that may not read the kept days counts every day

    def start(self, s: Session, dialect: str = "sqlite") -> None:
        if dialect == "postgresql" and not s.scalar(text(READABLE)):
            log.warning("statistics: this login may not read the kept days (run the GRANTs "
                        "again after a migration, README): every day counted from the rows")  # fmt: skip
            self.usable = False
            return
        self.generation = s.scalar(select(StatsState.generation).where(StatsState.id == 1)) or 0
        marks = s.execute(select(StatsStale.id, StatsStale.at)).all()
        self.marks = [m.id for m in marks]
        if marks:
            first = min(m.at for m in marks).astimezone(UTC).date() - timedelta(days=1)
            self.stale_from = first.isoformat()

    def parts(self, s: Session, w_dialect: str, dim: str, days: list[str], plan: str | None
              ) -> dict[Slot, Part]:  # fmt: skip
        """Every slot of `dim` on `days`: kept ones read, finished ones counted (to be kept),
        the rest counted."""
        finished = [d for d in days if _end(d, self.offset) <= self.now]
        running = days[len(finished) :]  # the days are in order: the running ones come last
        kept_days = set() if not self.usable else set(s.scalars(
            select(StatsBuilt.day).where(StatsBuilt.offset_minutes == self.offset,
                                         StatsBuilt.dim == dim, StatsBuilt.day.in_(finished))))  # fmt: skip
        if self.stale_from is not None:
            kept_days = {d for d in kept_days if d < self.stale_from}
        missing = [d for d in finished if d not in kept_days]
        out: dict[Slot, Part] = {}
        if kept_days:
            t = StatsDay
            blobs = () if dim == "top" else (t.close, t.response, t.late, t.ack, t.contacts)
            q = select(t.day, t.plan_id, t.key, t.counts, *blobs).where(
                t.offset_minutes == self.offset, t.dim == dim, t.day.in_(sorted(kept_days)))  # fmt: skip
            if plan is not None:
                q = q.where(t.plan_id == plan)
            for row in s.execute(q):
                out[(row.day, row.plan_id, row.key)] = Part.kept(row)
        if missing:
            counted = self._count(s, w_dialect, dim, missing)
            if self.usable:
                self.built.setdefault(dim, {}).update(counted)
                self.built_days[dim].update(missing)
            out.update(counted)
        if running:
            out.update(self._count(s, w_dialect, dim, running))
        # every plan's slots are counted (and kept); the reading wants the one plan's
        return out if plan is None else {k: v for k, v in out.items() if k[1] == plan}

    def _count(self, s: Session, dialect: str, dim: str, days: list[str]) -> dict[Slot, Part]:
        wanted = set(days)
        first, last = _envelope(days)  # type: ignore[misc]
        w = Window(dialect, _start(first, self.offset), _end(last, self.offset), self.offset,
                   self.now)  # fmt: skip
        return {slot: Part.collected(lists) for slot, lists in collect(s, w, dim).items()
                if slot[0] in wanted}  # fmt: skip

    def keep(self, s: Session) -> bool:
        """Clear the marks read, drop the kept days they cover, keep what was counted; or
        nothing when another reader cleared marks since this one began."""
        current = s.scalar(
            select(StatsState.generation).where(StatsState.id == 1).with_for_update()
        )
        if current != self.generation:
            return False
        if self.marks:
            for chunk in _chunks(self.marks, 500):
                s.execute(delete(StatsStale).where(StatsStale.id.in_(chunk)))
            s.execute(delete(StatsDay).where(StatsDay.day >= self.stale_from))
            s.execute(delete(StatsBuilt).where(StatsBuilt.day >= self.stale_from))
            s.execute(update(StatsState).where(StatsState.id == 1)
                      .values(generation=StatsState.generation + 1))  # fmt: skip
        for dim, days in self.built_days.items():
            for chunk in _chunks(sorted(days), 500):
                s.execute(delete(StatsDay).where(StatsDay.offset_minutes == self.offset,
                                                 StatsDay.dim == dim, StatsDay.day.in_(chunk)))  # fmt: skip
                s.execute(delete(StatsBuilt).where(StatsBuilt.offset_minutes == self.offset,
                                                   StatsBuilt.dim == dim, StatsBuilt.day.in_(chunk)))  # fmt: skip
            rows = [part.row(day, dim, plan, key, self.offset)
                    for (day, plan, key), part in self.built[dim].items()]  # fmt: skip
            for chunk in _chunks(rows, 1000):
                s.execute(insert(StatsDay), chunk)
            built = [{"offset_minutes": self.offset, "day": d, "dim": dim} for d in sorted(days)]
            for chunk in _chunks(built, 1000):
                s.execute(insert(StatsBuilt), chunk)
        return True


def _chunks(items: list, n: int) -> Iterator[list]:
    for k in range(0, len(items), n):
        yield items[k : k + n]


def _merge(parts: dict[Slot, Part], key_of: Callable[[Slot], str]) -> dict[str, Part]:
    merged: dict[str, Part] = defaultdict(Part)
    for slot, part in parts.items():
        merged[key_of(slot)].add(part)
    return merged


def _time_key(by: str) -> Callable[[Slot], str]:
    def key(slot: Slot) -> str:
        d = date.fromisoformat(slot[0])
        if by == "week":
            return (d - timedelta(days=d.weekday())).isoformat()
        return slot[0] if by == "day" else slot[0][:7]

    return key


def _top(parts: dict[Slot, Part], labels: dict[str, str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """The top lists, from the counts of the days' "top" slots (l:…, t:…, d:… → received)."""
    counts: dict[str, dict[str, int]] = {"l": defaultdict(int), "t": defaultdict(int),
                                         "d": defaultdict(int)}  # fmt: skip
    for part in parts.values():
        for key, n in part.counts.items():
            counts[key[0]][key[2:]] += n
    out = {}
    for name, prefix in (("locations", "l"), ("types", "t"), ("demands", "d")):
        best = sorted(counts[prefix].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
        out[name] = tuple((labels.get(v, v) if name == "types" else v, n) for v, n in best)
    return out


# --- a period's statistics ----------------------------------------------------------------
def compute_many(
    read: Callable[[], AbstractContextManager[Session]],
    keep: Callable[[], AbstractContextManager[Session]],
    *,
    dialect: str,
    catalogue: Catalogue,
    period: Period,
    breakdowns: Iterable[str],
    plan: str | None = None,
    author: str = "",
) -> dict[str, Stats]:
    """The statistics of `period`, one Stats per breakdown (keys of BREAKDOWNS): the totals,
    the previous period and the top lists counted once for all. `read`: a read transaction
    (one snapshot for every figure); `keep`: a short write for the roll-up (no audit entry:
    it is a copy of what the rows say)."""
    wanted = list(breakdowns)
    for name in wanted:
        if name not in BREAKDOWNS:
            raise ValueError(f"no breakdown {name!r}")
    reading = Reading(period.offset_minutes, period.now)
    days = days_of(period.start, period.end)
    previous = period.previous()
    with read() as s:
        if dialect == "postgresql":  # one snapshot for every statement of the reading
            s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        tune(s, dialect)
        reading.start(s, dialect)
        totals = reading.parts(s, dialect, "", days, plan)
        before = reading.parts(s, dialect, "", days_of(previous.start, previous.end), plan)
        top_parts = reading.parts(s, dialect, "top", days, plan)
        by_dim = {dim: reading.parts(s, dialect, dim, days, plan)
                  for dim in {dim_of(by) for by in wanted} - {""}}  # fmt: skip
    if reading.built or reading.marks:
        try:
            with keep() as s:
                kept = reading.keep(s)
            if not kept:
                log.info("statistics: another reader cleared marks meanwhile; nothing kept")
        except DBAPIError as exc:  # a copy: the figures stand without it
            log.warning("statistics: the day roll-up was not kept (%s)", exc)
    total = replace(_merge(totals, lambda _: "").get("", Part()).figures(""), label="合计")
    prior = replace(_merge(before, lambda _: "").get("", Part()).figures(""), label="上期")
    best = _top(top_parts, labels_of("type", catalogue, plan))
    out: dict[str, Stats] = {}
    for by in wanted:
        if by in TIME_BREAKDOWNS:
            merged = _merge(totals, _time_key(by))
        else:
            merged = _merge(by_dim[by], lambda slot: slot[2])
        found = {key: part.figures(key) for key, part in merged.items()}
        rows = _rows(by, found, labels_of(by, catalogue, plan), period)
        out[by] = Stats(start=period.start, end=period.end, by=by, plan=plan,
                        timezone=period.tz.key, total=total, previous=prior, rows=rows,
                        top=best, author=author, computed_at=period.now)  # fmt: skip
    return out
