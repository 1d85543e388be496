"""A soak on PostgreSQL: 8 seat processes and 2 `serve` processes on one database for 30
minutes at 100 actions a minute (issue 20). Goals: no errors, no alarm raised twice, memory
growth per process ≤ 10 % after the warm-up (the first 12 minutes: the room fills).

Each seat is a process of its own doing what a seat does, on the machine clock: the alarm
scheduler (as the window starts it), the change bus feeding a SeatView that re-reads what
each change names (as the boards, banner and duty log do), and its share of the actions
through the real services: 接报登记 + 启动预案 (of plans whose first deadlines are minutes
away, so alarms arise while the soak runs), tasks done, alarms acknowledged, duty-log notes.
A refusal because another seat was first (a conflict, the task already done) is counted as
such, not as an error; anything else raised is an error. The two `serve` processes sweep
and send. Afterwards: every alarm's (clock, kind) once, `audit verify`, each process's RSS
at the end of the warm-up and at the end.

    python -m benchmarks.soak [--minutes 30] [--seats 8] [--serves 2] [--rate 100] [--pg URL]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import status_mb

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get(
    "CONSOLE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
# Cases are worked once they are WORK_AFTER old: their first warning points (8 minutes)
# and some of their first deadlines (10 minutes) pass first, so the room raises alarms,
# escalates and acknowledges them all along. It holds about WORK_AFTER's worth of cases;
# the warm-up is the time to fill it.
WORK_AFTER = timedelta(minutes=9)
WARM_UP_S = 720.0
# Reports whose first clocks run 10–30 minutes: lapses, warnings and escalations meanwhile.
# (Not plan 000's: its 初报/续报 deadlines are met by signing reports, which a soak does not.)
MIX = [("bank_complaint", "mild", "onsite"), ("customer_crisis", "urgent", "online"),
       ("major_complaint", "effective", "phone")]  # fmt: skip
# A room in a steady state: cases are worked (tasks done on the oldest) and closed about as
# fast as they come, so what a seat holds stays the same size, and its memory should too.
# 5 reports a minute, each of about a dozen tasks, worked at 80 a minute.
WEIGHTS = {"report": 0.5, "done": 8.0, "ack": 1.0, "note": 0.5}
TO_CLOSE = ("handling", "feedback", "closed")
LEADER, REPORTER = "zhang", "duty"


def rss_mb(pid: int | None = None) -> float:
    """Resident memory now (not the peak)."""
    return status_mb("VmRSS", pid)


# --- a seat ------------------------------------------------------------------------------
def seat(url: str, index: int, seconds: float, per_minute: float, out: Path,
         work_after: timedelta = WORK_AFTER) -> None:  # fmt: skip
    from sqlalchemy import select

    from benchmarks.common import peak_rss_mb
    from console.context import open_app
    from console.errors import Conflict, ConsoleError, InputError
    from console.runners.scheduler import AlarmScheduler
    from console.services import alarms, incidents, tasks
    from console.services.incidents import ReportInput
    from console.views.seat import SeatView
    from models import Alarm, Incident, Task

    rnd = random.Random(index)
    app = open_app(url)
    view_lock = threading.Lock()
    with app.read() as s:
        view = SeatView.load(app, s)
    changes = {"seen": 0}

    def on_change(change) -> None:  # type: ignore[no-untyped-def]
        with view_lock, app.read() as s:
            view.apply(app, s, change)
            changes["seen"] += 1

    app.bus.subscribe(on_change)
    scheduler = AlarmScheduler(app)
    scheduler.start()
    counts = {"report": 0, "done": 0, "ack": 0, "note": 0, "close": 0}
    refused: dict[str, int] = {}
    errors: list[str] = []
    said: list[str] = []  # the first refusals' words
    rss: list[tuple[float, float]] = []
    began = time.monotonic()
    gap = 60.0 / per_minute
    next_at = began + rnd.random() * gap
    last_sample = 0.0
    while (now := time.monotonic()) - began < seconds:
        if now - last_sample >= 30:
            rss.append((round(now - began), round(rss_mb(), 1)))
            last_sample = now
        if now < next_at:
            time.sleep(min(0.2, next_at - now))
            continue
        next_at += gap
        kind = rnd.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
        try:
            worked_from = datetime.now(UTC) - work_after
            with app.read() as s:
                oldest = s.execute(select(Incident.id).where(Incident.state != "closed",
                                                             Incident.received_at <= worked_from)
                                   .order_by(Incident.id).limit(5)).scalars().all()  # fmt: skip
                open_tasks = s.execute(select(Task.id, Task.incident_id).where(
                    Task.incident_id.in_(oldest), Task.state.in_(("open", "blocked")))).all()  # fmt: skip
            finished = [i for i in oldest if i not in {iid for _, iid in open_tasks}]
            if kind == "report":
                plan, level, channel = rnd.choice(MIX)
                inc = incidents.register(app, REPORTER, ReportInput(
                    plan=plan, title=f"座席{index} 接报", channel=channel, level=level, people=3,
                    contact=f"139{rnd.randrange(10**8):08d}"))  # fmt: skip
                incidents.activate(app, LEADER, inc.id)
            elif finished:  # a case whose work is all done: 结案
                kind = "close"
                for state in TO_CLOSE:
                    with contextlib.suppress(InputError):  # already past this state
                        incidents.advance(app, LEADER, finished[0], state)
            elif kind == "done" and not open_tasks:  # nothing old enough to work yet
                kind = "note"
                incidents.add_note(app, REPORTER, None, f"座席{index} 值班记录")
            elif kind == "done":
                tasks.complete(app, LEADER, rnd.choice(open_tasks)[0], "已办")
            elif kind == "ack":
                with app.read() as s:
                    ids = s.execute(select(Alarm.id).where(Alarm.acknowledged_at.is_(None))
                                    .order_by(Alarm.id.desc()).limit(20)).scalars().all()  # fmt: skip
                if not ids:
                    kind = "note"
                    incidents.add_note(app, REPORTER, None, f"座席{index} 值班记录")
                else:
                    alarms.ack(app, LEADER, rnd.choice(ids))
            else:
                incidents.add_note(app, REPORTER, None, f"座席{index} 值班记录")
            counts[kind] += 1
        except Conflict:
            refused["conflict"] = refused.get("conflict", 0) + 1
        except ConsoleError as exc:  # refused as a seat would be told: another seat was first
            key = type(exc).__name__
            refused[key] = refused.get(key, 0) + 1
            if key == "InputError" and len(said) < 5:
                said.append(f"{kind}: {exc}")
            if key not in ("Conflict", "InputError", "NotFound"):
                errors.append(f"{kind}: {exc}")
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{kind}: {type(exc).__name__}: {exc}")
    rss.append((round(time.monotonic() - began), round(rss_mb(), 1)))
    scheduler.stop()
    app.close()
    out.write_text(json.dumps({"index": index, "actions": counts, "refused": refused, "errors": errors[:20],
                               "error_count": len(errors), "refusals": said, "changes_seen": changes["seen"], "rss_mb": rss,
                               "peak_rss_mb": round(peak_rss_mb(), 1)}))  # fmt: skip


# --- the run ------------------------------------------------------------------------------
def build(url: str) -> None:
    from console import db
    from console.context import open_app
    from console.services.demo import add_demo_users

    engine = db.make_engine(url)
    db.migrate(engine)
    engine.dispose()
    app = open_app(url)
    add_demo_users(app, password=None)
    app.close()


def growth(samples: list[tuple[float, float]]) -> dict:
    warm = [m for t, m in samples if t >= WARM_UP_S]
    if len(warm) < 2:
        return {
            "after_warm_up_mb": None,
            "end_mb": samples[-1][1] if samples else None,
            "growth": None,
        }
    return {"after_warm_up_mb": warm[0], "end_mb": warm[-1], "max_mb": max(warm),
            "growth": round(warm[-1] / warm[0] - 1, 3)}  # fmt: skip


def check(url: str) -> dict:
    from sqlalchemy import func, select

    from console import audit
    from console.context import open_app
    from models import Alarm, AuditEntry, Incident

    app = open_app(url)
    with app.read() as s:
        twice = s.execute(select(Alarm.clock_id, Alarm.kind).group_by(Alarm.clock_id, Alarm.kind)
                          .having(func.count() > 1)).all()  # fmt: skip
        counts = {"incidents": s.scalar(select(func.count()).select_from(Incident)),
                  "open_at_end": s.scalar(select(func.count()).select_from(Incident)
                                          .where(Incident.state != "closed")),
                  "alarms": s.scalar(select(func.count()).select_from(Alarm)),
                  "alarms_by_kind": dict(s.execute(select(Alarm.kind, func.count()).group_by(Alarm.kind)).all()),
                  "alarms_escalated": s.scalar(select(func.count()).select_from(Alarm).where(Alarm.step > 0)),
                  "alarms_acknowledged": s.scalar(select(func.count()).select_from(Alarm)
                                                  .where(Alarm.acknowledged_at.is_not(None))),
                  "audit_entries": s.scalar(select(func.count()).select_from(AuditEntry))}  # fmt: skip
    with app.read() as s:
        verdict = audit.verify(s)
    app.close()
    return {
        "raised_twice": len(twice),
        **counts,
        "audit_ok": verdict.ok,
        "audit_reason": verdict.reason,
    }


def run(url: str, minutes: float, seats: int, serves: int, rate: float,
        work_after: timedelta = WORK_AFTER) -> dict:  # fmt: skip
    from benchmarks.notify import Serve

    build(url)
    folder = Path(tempfile.mkdtemp(prefix="console-soak-"))
    seconds = minutes * 60
    servers = [Serve(url, folder) for _ in range(serves)]
    for srv in servers:
        srv.wait_started()
    procs = []
    for k in range(seats):
        procs.append(subprocess.Popen([sys.executable, "-m", "benchmarks.soak", "--seat", url, "--index", str(k),
                                       "--seconds", str(seconds), "--rate", str(rate / seats),
                                       "--work-after", str(work_after.total_seconds() / 60),
                                       "--out", str(folder / f"seat{k}.json")], cwd=ROOT))  # fmt: skip
    serve_rss: dict[int, list[tuple[float, float]]] = {k: [] for k in range(serves)}
    began = time.monotonic()
    while any(p.poll() is None for p in procs):
        t = round(time.monotonic() - began)
        for k, srv in enumerate(servers):
            if srv.proc.poll() is None:
                serve_rss[k].append((t, round(rss_mb(srv.proc.pid), 1)))
        time.sleep(30)
    failed = [p.returncode for p in procs if p.returncode != 0]
    for srv in servers:
        srv.stop()
    seat_results = []
    for k in range(seats):
        path = folder / f"seat{k}.json"
        seat_results.append(
            json.loads(path.read_text()) if path.exists() else {"index": k, "missing": True}
        )
    errors = sum(r.get("error_count", 1) for r in seat_results) + len(failed)
    serve_errors = sum(srv.tail(10**7).count("Traceback") for srv in servers)
    out = {
        "minutes": minutes, "seats": seats, "serves": serves, "actions_per_minute": rate,
        "actions": sum(sum(r.get("actions", {}).values()) for r in seat_results),
        "refused_as_another_seat_was_first": sum(sum(r.get("refused", {}).values()) for r in seat_results),
        "errors": errors + serve_errors,
        "seat_errors": [e for r in seat_results for e in r.get("errors", [])][:20],
        "refusals": [e for r in seat_results for e in r.get("refusals", [])][:10],
        "actions_by_kind": {k: sum(r.get("actions", {}).get(k, 0) for r in seat_results)
                            for k in ("report", "done", "ack", "note", "close")},
        "serve_tracebacks": serve_errors,
        **check(url),
        "seat_memory": [growth([tuple(x) for x in r.get("rss_mb", [])]) for r in seat_results],
        "serve_memory": [growth(serve_rss[k]) for k in range(serves)],
    }  # fmt: skip
    grown = [
        m["growth"] for m in out["seat_memory"] + out["serve_memory"] if m.get("growth") is not None
    ]
    out["max_growth"] = max(grown) if grown else None
    out["met"] = (
        out["errors"] == 0 and out["raised_twice"] == 0 and (out["max_growth"] or 0) <= 0.10
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--seats", type=int, default=8)
    parser.add_argument("--serves", type=int, default=2)
    parser.add_argument(
        "--rate", type=float, default=100.0, help="actions a minute, all seats together"
    )
    parser.add_argument("--pg", default=PG_SERVER)
    parser.add_argument("--work-after", type=float, default=WORK_AFTER.total_seconds() / 60,
                        help="minutes a case waits before it is worked")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="2 minutes (for CI)")
    parser.add_argument("--seat", help=argparse.SUPPRESS)
    parser.add_argument("--index", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seat:
        seat(args.seat, args.index, args.seconds, args.rate, Path(args.out),
             timedelta(minutes=args.work_after))  # fmt: skip
        return
    from benchmarks.common import on_postgresql

    minutes = 2.0 if args.quick else args.minutes
    work_after = timedelta(minutes=0.5 if args.quick else args.work_after)
    result = on_postgresql(
        args.pg, lambda url: run(url, minutes, args.seats, args.serves, args.rate, work_after)
    )
    result["goal"] = (
        f"errors 0, raised twice 0, memory growth ≤ 10 % after a {WARM_UP_S / 60:g}-minute warm-up"
    )
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
