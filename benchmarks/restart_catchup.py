"""Restart catch-up: 1,000 deadlines lapsed while the console was closed (goal: every alarm
raised within 2 s of the start, none twice, none missing).

The evening's reports (benchmarks.common.night_of_reports: seven kinds of report from four
plans, registered and activated through the real services, each clock with its warning
point) hold 1,000 running clocks; every deadline and warning point passes while the console
is closed. Then a fresh process opens the database with the real SystemTime and starts the
real AlarmScheduler. Timed from the launch of that process (interpreter, imports, database,
plans) and from the scheduler's start, to the commit of the last alarm (the scheduler's
callback, after the commit; the database is read back to count). A second fresh start
must raise nothing: an alarm is raised once per clock and kind.

    python -m benchmarks.restart_catchup [--quick] [--lapsed N] [--pending M]

--pending adds M running clocks due later in the day (bulk-written, as the alarm benchmark's),
so the start is measured with that many open clocks besides the lapsed ones.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

GOAL_S = 2.0
REPORTER, LEADER = "duty", "zhang"


def build(url: str, deadlines: int, pending: int = 0) -> list[int]:
    """The database as the console left it last night; returns the clocks that lapse."""
    from datetime import UTC, datetime, timedelta

    from benchmarks.common import night_of_reports
    from console.context import open_app
    from console.services.demo import add_demo_users
    from console.time.source import FixedTime

    now = datetime.now(UTC)
    clock = FixedTime(now - timedelta(days=1))  # the people were there before the evening
    app = open_app(url, clock)
    add_demo_users(app, password=None)  # A角 for the alarms to reach
    clock.set(now)
    clocks = night_of_reports(app, clock, deadlines, reporter=REPORTER, leader=LEADER)
    if pending:
        from console.services.demo import add_running_clocks

        later = now + timedelta(days=1)  # due tomorrow, after the restart whenever it runs
        add_running_clocks(app, now, [later + timedelta(seconds=k) for k in range(pending)])
    app.close()
    return clocks


def restart(url: str, expect: int, timeout: float) -> dict:
    """In a fresh process: open the console's database and start the alarm scheduler."""
    ready = time.time()  # interpreter and this module up
    from sqlalchemy import select

    from console.context import open_app
    from console.runners.scheduler import AlarmScheduler
    from console.time.source import SystemTime
    from models import Alarm

    app = open_app(url, SystemTime())
    committed: dict[int, float] = {}

    def on_swept(result) -> None:  # type: ignore[no-untyped-def]
        t = time.time()  # called after the sweep's transaction committed
        for alarm_id in result.raised:
            committed.setdefault(alarm_id, t)

    scheduler = AlarmScheduler(app)
    scheduler.on_swept.append(on_swept)
    started, cpu = time.time(), time.process_time()
    caught_up = scheduler.start()
    returned, cpu = time.time(), time.process_time() - cpu
    end = started + timeout
    while len(committed) < expect and time.time() < end:
        time.sleep(0.01)
    scheduler.stop()
    with app.read() as s:
        rows = s.execute(select(Alarm.id, Alarm.clock_id, Alarm.kind)).all()
    app.close()
    return {"ready": ready, "started": started, "start_returned": returned, "start_cpu": cpu,
            "caught_up": len(caught_up.raised), "committed": committed,
            "alarms": [list(r) for r in rows]}  # fmt: skip


def launch(url: str, expect: int, timeout: float) -> tuple[float, dict]:
    launched = time.time()
    proc = subprocess.run([sys.executable, "-m", "benchmarks.restart_catchup", "--restart", url,
                           "--expect", str(expect), "--timeout", str(timeout)],
                          capture_output=True, text=True)  # fmt: skip
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"the restarted console failed with exit code {proc.returncode}")
    return launched, json.loads(proc.stdout.strip().splitlines()[-1])


def run(deadlines: int, timeout: float, pending: int = 0) -> dict:
    from benchmarks.common import temp_db

    url = temp_db()
    t0 = time.perf_counter()
    clocks = build(url, deadlines, pending)
    build_s = time.perf_counter() - t0
    expected = {(c, "lapsed") for c in clocks}  # the warnings passed with their deadlines
    launched, first = launch(url, len(expected), timeout)
    alarms = [(clock_id, kind) for _, clock_id, kind in first["alarms"]]
    committed = first["committed"]
    last = max(committed.values()) if committed else float("nan")
    _, second = launch(url, 0, 0.0)  # the console opened once more: nothing to raise again
    final = [(clock_id, kind) for _, clock_id, kind in second["alarms"]]
    return {
        "deadlines": len(clocks),
        "pending": pending,
        "build_s": round(build_s, 1),
        "raised": len(alarms),
        "missing": len(expected - set(alarms)),
        "duplicates": len(final) - len(set(final)),  # after both starts
        "unexpected": len(set(alarms) - expected),  # e.g. a warning for a clock that lapsed too
        "raised_again_on_second_start": len(second["committed"]),
        "raised_by_start_sweep": first["caught_up"],
        "catchup_s": round(last - first["started"], 3),
        "scheduler_start_s": round(first["start_returned"] - first["started"], 3),
        # CPU time of the start (all threads): what the start costs on a machine of its own
        "scheduler_start_cpu_s": round(first["start_cpu"], 3),
        "from_launch_s": round(last - launched, 3),
        "process_ready_s": round(first["ready"] - launched, 3),
        "timed": "to the commit of the last alarm: from the scheduler's start (catchup_s) and "
        "from the launch of the fresh process (from_launch_s: interpreter, imports, database)",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100 deadlines (for CI)")
    parser.add_argument("--restart", help=argparse.SUPPRESS)
    parser.add_argument("--expect", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=30.0, help=argparse.SUPPRESS)
    parser.add_argument("--lapsed", type=int, help="deadlines lapsed while closed (default 1,000)")
    parser.add_argument("--pending", type=int, default=0, help="open clocks due later besides")
    args = parser.parse_args()
    if args.restart:
        print(json.dumps(restart(args.restart, args.expect, args.timeout)))
        return
    result = run(args.lapsed or (100 if args.quick else 1000), args.timeout, args.pending)
    result["goal"] = (
        f"all raised ≤ {GOAL_S:g} s from the scheduler's start, none twice, none missing"
    )
    result["met"] = (
        result["catchup_s"] <= GOAL_S
        and result["missing"] == result["duplicates"] == result["unexpected"] == 0
        and result["raised_again_on_second_start"] == 0
    )
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
