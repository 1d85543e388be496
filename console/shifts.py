"""Shift boundaries. Until shifts are recorded (handover issue), a shift is the 12 hours
from 08:00 or 20:00 local time."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from console.time.format import DEFAULT_TZ

SHIFT_STARTS = (time(8, 0), time(20, 0))


def current_shift_start(now: datetime) -> datetime:
    local = now.astimezone(DEFAULT_TZ)
    candidates = [datetime.combine(local.date() + timedelta(days=d), t, tzinfo=DEFAULT_TZ)
                  for d in (-1, 0) for t in SHIFT_STARTS]  # fmt: skip
    return max(c for c in candidates if c <= local)
