"""Clocks. Nothing in the application reads the system clock directly: a Clock is
passed in, so tests and `--now` fix time and drills scale it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...

    def wall_time(self, instant: datetime) -> datetime | None:
        """When, by the machine's real clock, this clock will read `instant` (for timers);
        None for a clock that does not move by itself."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def wall_time(self, instant: datetime) -> datetime | None:
        return instant


class FixedClock:
    """Stands still at `at` until moved; for tests and `--now`."""

    def __init__(self, at: datetime) -> None:
        self._at = _aware(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = _aware(at)

    def advance(self, delta: timedelta) -> None:
        self._at += delta

    def wall_time(self, instant: datetime) -> datetime | None:
        return None  # stands still: sweeps are run by hand


class ScaledClock:
    """Runs `speed` times faster than `base` from `start` on; for drills."""

    def __init__(self, start: datetime, speed: float, base: Clock | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._base = base or SystemClock()
        self._origin = self._base.now()
        self._start = _aware(start)
        self.speed = speed

    def now(self) -> datetime:
        return self._start + (self._base.now() - self._origin) * self.speed

    def wall_time(self, instant: datetime) -> datetime | None:
        return self._origin + (instant - self._start) / self.speed


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("a clock needs an aware datetime")
    return at.astimezone(UTC)
