"""Show local time; store UTC."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")


def local_iso(at: datetime | None, tz: ZoneInfo = DEFAULT_TZ) -> str | None:
    return at.astimezone(tz).isoformat(timespec="seconds") if at else None


def local_short(at: datetime | None, tz: ZoneInfo = DEFAULT_TZ) -> str:
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if at else "—"


def parse_instant(text: str, tz: ZoneInfo = DEFAULT_TZ) -> datetime:
    """ISO-8601; a time without an offset is local time (Asia/Shanghai)."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value


YEARS = range(1970, 2200)  # times deadlines are counted from: far from datetime's limits
OUTSIDE_YEARS = "a time between the years 1970 and 2199"


def countdown(seconds: float) -> str:
    """HH:MM:SS, negative when lapsed."""
    sign = "-" if seconds < 0 else ""
    s = int(abs(seconds))
    return f"{sign}{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def span(seconds: int | None) -> str:
    """12 秒, 5 分, 3 分 20 秒, 1 小时 2 分: a length people read without a legend."""
    if seconds is None:
        return "—"
    h, rest = divmod(abs(int(seconds)), 3600)
    m, sec = divmod(rest, 60)
    if h:
        return f"{h} 小时 {m} 分" if m else f"{h} 小时"
    if m:
        return f"{m} 分 {sec} 秒" if sec else f"{m} 分"
    return f"{sec} 秒"
