"""Statistics over a period (定期分析, 监督报告): what the figures are, as data. The queries
(console/stats/queries.py) fill them with SQL aggregates; the command line prints them, the
workbook and the 监督报告 lay them out, the window's 统计 tab charts them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

# How a period is broken down, and what each breakdown is called.
BREAKDOWNS = {
    "group": "工作组",
    "type": "投诉类型",
    "channel": "渠道",
    "level": "响应级别",
    "location": "地点",
    "day": "日",
    "week": "周",
    "month": "月",
}


@dataclass(frozen=True)
class Figures:
    """One row of a breakdown (or a period's totals). Durations are seconds; a median or a
    rate with nothing to count is None, never 0."""

    key: str = ""  # the breakdown's value (a group id, a type id, "2026-11-03" …); "" totals
    label: str = ""  # as a person reads it (现场处置组, 问题型投诉, 11月3日 …)
    received: int = 0  # incidents received in the period
    closed: int = 0  # incidents closed (结案) in the period
    clocks_met: int = 0  # deadlines met on time
    clocks_late: int = 0  # met, after the deadline
    clocks_missed: int = 0  # not met by the period's end, and past the deadline
    late_median_s: float | None = None  # by how much the late ones were late
    late_max_s: float | None = None
    on_time_rate: float | None = None  # met / (met + late + missed)
    response_median_s: float | None = None  # report → first task done (首次响应)
    response_p90_s: float | None = None
    close_median_s: float | None = None  # report → 结案
    close_p90_s: float | None = None
    alarms: int = 0  # alarms raised (warnings and lapses)
    ack_median_s: float | None = None  # raised → acknowledged (MTTA's median)
    ack_p90_s: float | None = None
    escalations: int = 0  # alarms that went on to the B角 or the leader
    revisits: int = 0  # 回访 calls recorded
    satisfied: int = 0  # of those: 满意 or 基本满意
    satisfaction_rate: float | None = None
    repeat_complainants: int = 0  # numbers that complained more than once in the period
    repeat_incidents: int = 0  # the incidents of those numbers


NUMBERS = tuple(f.name for f in fields(Figures) if f.name not in ("key", "label"))


@dataclass(frozen=True)
class Stats:
    """A period's statistics: its totals, the previous period of the same length, one row
    per value of the breakdown, and the most frequent locations, types and demands."""

    start: date  # first day (local, the plan's time zone)
    end: date  # last day, inclusive
    by: str  # a key of BREAKDOWNS
    plan: str | None  # one plan's id, or None: every plan
    timezone: str
    total: Figures
    previous: Figures
    rows: tuple[Figures, ...]
    top: dict[str, tuple[tuple[str, int], ...]] = field(
        default_factory=dict
    )  # locations, types, demands
    author: str = ""
    computed_at: datetime | None = None

    def change(self) -> dict[str, float | None]:
        """This period against the previous one, field by field (None where either is None)."""
        out: dict[str, float | None] = {}
        for name in NUMBERS:
            now, before = getattr(self.total, name), getattr(self.previous, name)
            out[name] = None if now is None or before is None else now - before
        return out

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        data["computed_at"] = self.computed_at.isoformat() if self.computed_at else None
        data["top"] = {k: [list(item) for item in v] for k, v in self.top.items()}
        data["change"] = self.change()
        return data
