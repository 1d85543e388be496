"""Deadline semantics, as pure functions of (start, duration, time zone, calendar).

- a wall-clock duration (10 分钟, 30 分钟, 2 小时, 24 小时) ends at start + duration;
- "N 日" calendar days ends at start + N × 24 h;
- "当天 / 本日内" ends at 24:00 local time of the start day;
- "N 个工作日内" ends at 24:00 local time of the N-th working day after the start day
  (the start day is not counted), on the Chinese statutory calendar;
- "N 个月" ends at the same local time N calendar months later (clamped to the
  month's last day: 01-31 + 1 个月 → 02-28/29);
- local time is the plan's time zone; every result is UTC.
"""

from __future__ import annotations

import calendar as _monthcal
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from console.time.calendar import WorkCalendar


class Kind(StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    SAME_DAY = "same_day"
    MONTHS = "months"


_UNIT_WORDS: dict[Kind, tuple[str, ...]] = {
    Kind.MINUTES: ("分钟", "m", "min", "mins", "minute", "minutes"),
    Kind.HOURS: ("小时", "个小时", "h", "hour", "hours"),
    Kind.DAYS: ("日", "天", "d", "day", "days"),
    Kind.WORKING_DAYS: ("个工作日", "工作日", "wd", "working day", "working days"),
    Kind.MONTHS: ("个月", "月", "mo", "month", "months"),
}
_SAME_DAY_WORDS = ("当天", "当日", "本日内", "本日", "当天内", "same_day", "same day")
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_LIMITS = {Kind.MINUTES: 60 * 24 * 366, Kind.HOURS: 24 * 366, Kind.DAYS: 366,
           Kind.WORKING_DAYS: 250, Kind.MONTHS: 24}  # fmt: skip
_PATTERN = re.compile(r"^\s*(\d+|[一二两三四五六七八九十]+)\s*(.+?)\s*内?\s*$")


@dataclass(frozen=True)
class Duration:
    kind: Kind
    value: int = 0

    def __str__(self) -> str:
        if self.kind is Kind.SAME_DAY:
            return "当天"
        unit = {Kind.MINUTES: "分钟", Kind.HOURS: "小时", Kind.DAYS: "日",
                Kind.WORKING_DAYS: "个工作日", Kind.MONTHS: "个月"}[self.kind]  # fmt: skip
        return f"{self.value} {unit}"

    @property
    def fixed(self) -> timedelta | None:
        """The length when it does not depend on the calendar or the time zone."""
        if self.kind is Kind.MINUTES:
            return timedelta(minutes=self.value)
        if self.kind is Kind.HOURS:
            return timedelta(hours=self.value)
        if self.kind is Kind.DAYS:
            return timedelta(days=self.value)
        return None


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 1:
        return _CN_DIGITS[text]
    if text.startswith("十"):  # 十五
        return 10 + _CN_DIGITS[text[1]]
    if text.endswith("十") and len(text) == 2:  # 二十
        return _CN_DIGITS[text[0]] * 10
    if len(text) == 3 and text[1] == "十":  # 二十五
        return _CN_DIGITS[text[0]] * 10 + _CN_DIGITS[text[2]]
    raise ValueError(f"cannot read the number {text!r}")


def parse_duration(text: str) -> Duration:
    """Reads '30 分钟', '2 小时', '3 日', '5 个工作日', '当天', '本日内', '1 个月' (or 30m, 2h,
    3d, 5wd, same_day, 1mo). Raises ValueError saying what is wrong."""
    if not isinstance(text, str):
        raise ValueError(
            f"expected text such as '30 分钟' or '5 个工作日', got {type(text).__name__}"
        )
    cleaned = text.strip()
    if cleaned.lower() in _SAME_DAY_WORDS:
        return Duration(Kind.SAME_DAY)
    match = _PATTERN.match(cleaned)
    if not match:
        raise ValueError(
            f"cannot read {text!r}: write e.g. '30 分钟', '2 小时', '3 日', '5 个工作日', '当天'"
        )
    number, unit = match.groups()
    unit = unit.lower()
    kind = next((k for k, words in _UNIT_WORDS.items() if unit in words), None)
    if kind is None:
        raise ValueError(f"unknown unit {unit!r} in {text!r}")
    value = _cn_number(number)
    if value < 1:
        raise ValueError(f"{text!r}: the number must be at least 1")
    if value > _LIMITS[kind]:
        raise ValueError(f"{text!r}: at most {_LIMITS[kind]} {kind.value}")
    return Duration(kind, value)


@dataclass(frozen=True)
class Deadline:
    at: datetime  # UTC
    # False when working days were counted in a year with no official calendar data.
    confirmed: bool = True


def end_of_local_day(day: date, tz: ZoneInfo) -> datetime:
    """24:00 local of `day` (= 00:00 of the next day), as UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)


def add_months(local: datetime, months: int) -> datetime:
    month0 = local.month - 1 + months
    year, month = local.year + month0 // 12, month0 % 12 + 1
    day = min(local.day, _monthcal.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def nth_working_day_after(day: date, n: int, cal: WorkCalendar) -> tuple[date, bool]:
    """The N-th working day after `day` (which is not counted), and whether every day
    looked at had official calendar data."""
    confirmed = True
    count = 0
    current = day
    while count < n:
        current += timedelta(days=1)
        info = cal.day(current)
        confirmed = confirmed and info.confirmed
        if info.workday:
            count += 1
    return current, confirmed


def compute_deadline(
    start: datetime, duration: Duration, tz: ZoneInfo, cal: WorkCalendar
) -> Deadline:
    """The instant a clock started at `start` lapses."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    fixed = duration.fixed
    if fixed is not None:
        return Deadline((start + fixed).astimezone(UTC))
    local = start.astimezone(tz)
    if duration.kind is Kind.SAME_DAY:
        return Deadline(end_of_local_day(local.date(), tz))
    if duration.kind is Kind.WORKING_DAYS:
        day, confirmed = nth_working_day_after(local.date(), duration.value, cal)
        return Deadline(end_of_local_day(day, tz), confirmed)
    if duration.kind is Kind.MONTHS:
        later = add_months(local.replace(tzinfo=None), duration.value).replace(tzinfo=tz)
        return Deadline(later.astimezone(UTC))
    raise AssertionError(duration.kind)


@dataclass(frozen=True)
class Warning:
    """When a clock turns amber: a fraction of its span, or a fixed lead before the deadline."""

    fraction: float | None = None
    lead: timedelta | None = None

    def at(self, start: datetime, due: datetime) -> datetime:
        if self.lead is not None:
            return max(start, due - self.lead)
        return start + (due - start) * (self.fraction if self.fraction is not None else 0.8)


def parse_warning(text: str) -> Warning:
    """'80%' of the span, or a lead such as '5 分钟' / '1 小时' before the deadline."""
    if not isinstance(text, str):
        raise ValueError("expected '80%' or a lead such as '5 分钟'")
    cleaned = text.strip()
    if cleaned.endswith("%"):
        try:
            pct = float(cleaned[:-1])
        except ValueError:
            raise ValueError(f"cannot read the percentage {text!r}") from None
        if not 0 < pct < 100:
            raise ValueError(f"{text!r}: a percentage between 0 and 100 (exclusive)")
        return Warning(fraction=pct / 100)
    duration = parse_duration(cleaned)
    if duration.fixed is None:
        raise ValueError(f"{text!r}: a warning lead must be minutes, hours or days")
    return Warning(lead=duration.fixed)
