"""Time sources (what "now" is; not to be confused with the SLA clocks of console/sla).
Nothing in the application reads the system clock directly: a TimeSource is passed in,
so tests and `--now` fix time and drills scale it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class TimeSource(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...

    def wall_time(self, instant: datetime) -> datetime | None:
        """When, by the machine's real clock, this source will read `instant` (for timers);
        None for a source that does not move by itself."""
        ...


class SystemTime:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def wall_time(self, instant: datetime) -> datetime | None:
        return instant


class FixedTime:
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


class ScaledTime:
    """Runs `speed` times faster than `base` from `start` on; for drills."""

    def __init__(self, start: datetime, speed: float, base: TimeSource | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._base = base or SystemTime()
        self._origin = self._base.now()
        self._start = _aware(start)
        self.speed = speed

    def now(self) -> datetime:
        return self._start + (self._base.now() - self._origin) * self.speed

    def wall_time(self, instant: datetime) -> datetime | None:
        return self._origin + (instant - self._start) / self.speed


class DrillTime:
    """A drill's clock: read `anchor_sim` at real instant `anchor_wall` and runs `speed`
    times faster from there; paused, it stands still (and plans no timers)."""

    def __init__(self, anchor_sim: datetime, anchor_wall: datetime, speed: float, *,
                 paused: bool = False, end: datetime | None = None, base: TimeSource | None = None) -> None:  # fmt: skip
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._base = base or SystemTime()
        self.anchor_sim, self.anchor_wall = _aware(anchor_sim), _aware(anchor_wall)
        self.speed, self.paused = speed, paused
        self.end = _aware(end) if end is not None else None

    def now(self) -> datetime:
        if self.paused:
            return self.anchor_sim
        at = self.anchor_sim + (self._base.now() - self.anchor_wall) * self.speed
        return min(at, self.end) if self.end is not None else at  # a drill stops at its end

    def wall_time(self, instant: datetime) -> datetime | None:
        if self.paused:
            return None
        return self.anchor_wall + (instant - self.anchor_sim) / self.speed

    def wall(self) -> datetime:
        """The real instant now (what the anchors are measured in)."""
        return self._base.now()

    def pause(self) -> None:
        if not self.paused:
            self.anchor_sim, self.anchor_wall = self.now(), self._base.now()
            self.paused = True

    def resume(self) -> None:
        if self.paused:
            self.anchor_wall = self._base.now()
            self.paused = False


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("a clock needs an aware datetime")
    return at.astimezone(UTC)
