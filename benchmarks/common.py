"""Helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values) if values else float("nan"),
        "mean": statistics.fmean(values) if values else float("nan"),
    }


def temp_db() -> str:
    folder = Path(tempfile.mkdtemp(prefix="console-bench-"))
    return f"sqlite:///{folder / 'bench.db'}"


def on_postgresql(server: str, run: Callable[[str], dict]) -> dict:
    """`run(url)` on a scratch database of the PostgreSQL server, dropped afterwards; or why
    it was skipped, when the server cannot be reached."""
    from console.db import create_database, drop_database

    try:
        url = create_database(server, "console_bench")
    except Exception as exc:  # noqa: BLE001
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return {"skipped": f"no PostgreSQL at {server} (set CONSOLE_TEST_PG or --pg): {first}"}
    try:
        return run(url)
    finally:
        try:
            drop_database(url)
        except Exception as exc:  # noqa: BLE001  # the figures stand; say what was left
            print(f"could not drop {url}: {exc}", file=sys.stderr)


# --- a night of reports whose deadlines all lapse while the console is closed -------------
# (plan, level, channel): reports whose running clocks all end within 4 hours of the report
# (10 分钟 … 4 小时); activated, the seven make 25 clocks (8 + 4 + 4 + 3 + 3 + 2 + 1).
NIGHT_MIX = [
    ("group_complaint", "major", "onsite"),
    ("customer_crisis", "critical", "online"),
    ("bank_complaint", "severe", "onsite"),
    ("customer_crisis", "urgent", "online"),
    ("bank_complaint", "disorder", "phone"),
    ("customer_crisis", "general", "phone"),
    ("complaint_types", "urgent", "phone"),
]
NIGHT_HOURS = (14, 11)  # the reports came in between 14 and 11 hours before the restart


def night_of_reports(app, clock, deadlines: int, *, reporter: str, leader: str,  # type: ignore[no-untyped-def]
                     copies: bool = False) -> list[int]:  # fmt: skip
    """Reports received 14 to 11 hours before `clock`'s time, each registered (接报登记) by
    `reporter` and activated (启动预案) by `leader` two minutes later through the real
    services, on `clock` (a FixedTime, moved to each instant), until at least `deadlines`
    clocks run. Their deadlines are at most four hours after the report: by `clock`'s
    original time every deadline and every warning point has passed, with no sweep run.

    copies=True (for a test that must be quick): one round of NIGHT_MIX goes through the
    services, the rest are row-for-row copies of its incidents, tasks, clocks and clock
    events under new ids — the clocks the services create for those reports, the same
    times. Returns the ids of the running clocks; `clock` is left at its original time."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from console.services import incidents
    from console.services.demo import copy_incidents
    from console.services.incidents import ReportInput
    from models import SlaClock

    restart = clock.now()
    first = restart - timedelta(hours=NIGHT_HOURS[0])
    span = timedelta(hours=NIGHT_HOURS[0] - NIGHT_HOURS[1])
    # In time order, as the audit records them: each report activated before the next is
    # received; the first round 150 s apart, the rest spread over what is left of the span.
    gap, at, rounds = timedelta(seconds=150), first, 0

    def running() -> int:
        with app.read() as s:
            return s.execute(select(func.count()).select_from(SlaClock)
                             .where(SlaClock.status == "running")).scalar_one()  # fmt: skip

    made: list[int] = []
    try:
        while True:
            for plan, level, channel in NIGHT_MIX:
                clock.set(at)
                inc = incidents.register(app, reporter, ReportInput(
                    plan=plan, title=f"夜间接报 {len(made) + 1}", channel=channel, level=level,
                    people=3 + len(made) % 40, demands="要求当面答复"))  # fmt: skip
                clock.set(at + min(timedelta(minutes=2), gap * 0.8))
                incidents.activate(app, leader, inc.id)
                made.append(inc.id)
                at += gap
            rounds += 1
            have = running()
            if have == 0:
                raise RuntimeError("NIGHT_MIX starts no clocks: have the plans changed?")
            if have >= deadlines:
                break
            if copies:
                copy_incidents(app, made, -(-deadlines // have) - 1)
                break
            left = -(-(deadlines - have) * rounds // have) * len(NIGHT_MIX)  # reports still to come
            gap = min(gap, (first + span - at) / max(1, left))
    finally:
        clock.set(restart)
    with app.read() as s:
        return list(s.execute(select(SlaClock.id).where(SlaClock.status == "running")
                              .order_by(SlaClock.id)).scalars())  # fmt: skip


def status_mb(field: str, pid: int | None = None) -> float:
    """A memory figure of /proc/PID/status (VmRSS: resident now; VmHWM: the peak), in MB."""
    for line in Path(f"/proc/{pid or 'self'}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not getrusage's ru_maxrss: Linux carries
    that across exec, so a process started by a parent that had built a large database
    reports the parent's peak (464 MB where the seat itself peaked at 196)."""
    return status_mb("VmHWM")
