"""Crash safety: a seat killed with SIGKILL at random points while completing tasks loses
nothing it reported as saved and leaves nothing half-written.

The driver (this test) starts a seat process (tests/crash_worker.py), feeds it open task
ids, reads what it says, and kills it with SIGKILL — at a random moment after a random
number of completions, or deterministically while a transaction is flushed and about to
commit (its "stall" order) — then restarts it on the remaining tasks, until 1,000
completions were reported saved. Then it checks the database as the next seat finds it:
every completion reported saved is there, whole (task, audit entry, duty-log line, stopped
SLA clock); nothing else is there but what was in flight at a kill; the database passes
its integrity check and the audit chain verifies; the console opens it and goes on."""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from console import audit
from console.context import App, open_app
from console.errors import Conflict
from console.incidents.lifecycle import TaskState
from console.services import tasks, users
from console.services.common import plan_of
from console.sla import clocks
from console.time.format import parse_instant
from console.time.source import FixedTime
from models import AuditEntry, ClockEvent, Incident, LogEntry, SlaClock, Task
from tests.conftest import STAFF, local, open_incident

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261124
TARGET = 1000  # completions reported saved
KILLS = 30  # seat processes killed on the way (each start costs ~1 s of imports)
STALL_SHARE = 1 / 3  # of the kills land deterministically inside an open transaction
INCIDENTS = 78  # × 14 tasks (group_complaint, 重大): TARGET + KILLS + a spare, and some
ACTOR = "leader1"
NOW = "2026-11-24T10:30:00+08:00"  # the seat's fixed clock (the plans were activated at 10:00)


@dataclass
class Life:
    """One run of the seat process, from start to SIGKILL (or to its clean exit)."""

    saved: list[int] = field(default_factory=list)
    last: str = ""  # the last whole line it wrote
    killed: bool = False
    stalled: int | None = None  # the task whose transaction it was sleeping in
    returncode: int | None = None

    @property
    def in_flight(self) -> int | None:
        """The task whose transaction had begun and whose completion was not reported."""
        word, _, arg = self.last.partition(" ")
        return int(arg) if word in ("begin", "stall") else None


class Seat:
    """A seat process. Started ahead of its turn (imports take a second): it opens the
    database only when it gets its orders, after the previous seat was killed."""

    def __init__(self, url: str, env: dict, stderr) -> None:  # type: ignore[no-untyped-def]
        cmd = [sys.executable, "-m", "tests.crash_worker", "--db", url, "--now", NOW, "--as", ACTOR]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=stderr)  # fmt: skip

    def discard(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=60)

    def run(self, ids: list[int], limit: int, *, stall: int | None = None, kill_after: int | None = None,
            kill_delay: float = 0.0, timings: list[float]) -> Life:  # fmt: skip
        """Completes `ids` (at most `limit`); SIGKILLed when it says `stall`, or `kill_delay`
        seconds after its `kill_after`-th "saved" (0: after "ready"). Reads what it said
        to the end: lines written before the kill are still in the pipe."""
        proc = self.proc
        lines: queue.Queue = queue.Queue()

        def reader() -> None:
            for raw in proc.stdout:
                if not raw.endswith(b"\n"):
                    break  # a line cut short by the kill was never said
                lines.put((time.monotonic(), raw.decode().strip()))
            lines.put(None)

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        orders = json.dumps({"limit": limit, "stall": stall})
        proc.stdin.write(("\n".join([orders, *map(str, ids)]) + "\n").encode())
        proc.stdin.close()

        life = Life()
        last_saved_at = None

        def kill() -> None:
            if not life.killed:
                os.kill(proc.pid, signal.SIGKILL)
                life.killed = True

        try:
            while True:
                try:
                    item = lines.get(timeout=60)
                except queue.Empty:
                    pytest.fail(f"the seat said nothing for 60 s after {life.last!r}")
                if item is None:
                    break
                at, line = item
                life.last = line
                word, _, arg = line.partition(" ")
                if word == "error":
                    pytest.fail(f"the seat failed: {line}")
                elif word == "stall":
                    life.stalled = int(arg)
                    kill()
                elif word == "saved":
                    life.saved.append(int(arg))
                    if last_saved_at is not None:
                        timings.append(at - last_saved_at)
                    last_saved_at = at
                reached = (word == "ready" and kill_after == 0) or (
                    word == "saved" and kill_after is not None and len(life.saved) == kill_after
                )
                if reached and not life.killed:
                    time.sleep(kill_delay)
                    kill()
        finally:
            if not life.killed:
                self.discard()  # only when the test failed: leave no seat behind
            life.returncode = proc.wait(timeout=60)
            thread.join(timeout=10)
        return life


def build(url: str, tmp_path: Path) -> None:
    """Staff, and INCIDENTS incidents activated through the services (14 open tasks each)."""
    clock = FixedTime(local(2026, 11, 24, 10, 0))
    app = open_app(url, clock, calendar_dir=tmp_path / "calendars")
    for name, role, group in STAFF:
        users.add_user(app, None, name, role, group=group)
    for i in range(INCIDENTS):
        open_incident(app, clock, "group_complaint", local(2026, 11, 24, 10, 0),
                      title=f"群体投诉 {i + 1}", level="major", people=20 + i)  # fmt: skip
    app.close()


def snapshot(app: App) -> dict:
    with app.read() as s:
        return {
            "tasks": {
                t.id: (t.state, t.version, t.clock_id) for t in s.execute(select(Task)).scalars()
            },
            "clocks": {c.id: c.version for c in s.execute(select(SlaClock)).scalars()},
            "audit": s.execute(select(func.count()).select_from(AuditEntry)).scalar_one(),
            "log": s.execute(select(func.count()).select_from(LogEntry)).scalar_one(),
        }


def clock_changes_needed(app: App) -> int:
    """How many clock events a fresh sync of every incident would write (0: every clock is
    in step with its tasks). Rolled back."""
    now = app.time.now()
    with Session(app.engine) as s, s.begin():
        before = s.execute(select(func.count()).select_from(ClockEvent)).scalar_one()
        for incident in s.execute(select(Incident)).scalars():
            clocks.sync(s, plan_of(app, incident), incident, app.calendar, now, "check")
        s.flush()
        after = s.execute(select(func.count()).select_from(ClockEvent)).scalar_one()
        s.rollback()
    return after - before


def orphans(app: App) -> list[str]:
    """Rows pointing at rows that do not exist (both backends; SQLite also runs
    foreign_key_check)."""
    checks = {
        "tasks→incidents": "SELECT count(*) FROM tasks t LEFT JOIN incidents i ON i.id = t.incident_id WHERE i.id IS NULL",
        "tasks→clocks": "SELECT count(*) FROM tasks t LEFT JOIN clocks c ON c.id = t.clock_id WHERE t.clock_id IS NOT NULL AND c.id IS NULL",
        "clocks→tasks": "SELECT count(*) FROM clocks c LEFT JOIN tasks t ON t.id = c.task_id WHERE c.task_id IS NOT NULL AND t.id IS NULL",
        "clock_events→clocks": "SELECT count(*) FROM clock_events e LEFT JOIN clocks c ON c.id = e.clock_id WHERE c.id IS NULL",
        "log→incidents": "SELECT count(*) FROM log_entries l LEFT JOIN incidents i ON i.id = l.incident_id WHERE l.incident_id IS NOT NULL AND i.id IS NULL",
    }  # fmt: skip
    with app.read() as s:
        return [name for name, sql in checks.items() if s.execute(text(sql)).scalar_one()]


def test_a_seat_killed_at_random_points_loses_no_saved_completion_and_half_writes_nothing(
    each_db_url, tmp_path, record_property
):
    t0 = time.monotonic()
    sqlite_path = make_url(each_db_url).database if each_db_url.startswith("sqlite") else None
    build(each_db_url, tmp_path)
    built_at = time.monotonic()
    now = parse_instant(NOW)
    app = open_app(each_db_url, FixedTime(now), calendar_dir=tmp_path / "calendars")
    base = snapshot(app)
    assert clock_changes_needed(app) == 0  # the check below means something: sync is idempotent
    with app.read() as s:  # a report's deadline is met by signing the report, not by `done`
        by_signing = set(
            s.execute(select(Task.id).where(Task.template_id.like("sitrep:%"))).scalars()
        )
    app.close()

    rng = random.Random(SEED)
    open_ids = sorted(tid for tid, (state, _, _) in base["tasks"].items()
                      if state == "open" and tid not in by_signing)  # fmt: skip
    assert len(open_ids) >= TARGET + KILLS + 1
    rng.shuffle(open_ids)
    queue_ids, spare = open_ids[:-1], open_ids[-1]  # the spare: completed after the crashes

    env = {**os.environ, "CONSOLE_DATA_DIR": str(tmp_path)}  # its calendars: tmp_path/calendars
    stderr = (tmp_path / "seat.stderr").open("wb")
    lives: list[Life] = []
    timings: list[float] = []
    saved: list[int] = []
    stalls = round(KILLS * STALL_SHARE)
    modes = ["stall"] * stalls + ["timed"] * (KILLS - stalls)
    rng.shuffle(modes)
    average = TARGET * 2 // (KILLS * 3)  # completions per killed life: ~2/3 of TARGET in all
    upcoming: Seat | None = Seat(each_db_url, env, stderr)
    try:
        while len(saved) < TARGET:
            seat, upcoming = upcoming, None
            assert seat is not None
            needed = TARGET - len(saved)
            if len(lives) < KILLS:
                upcoming = Seat(each_db_url, env, stderr)  # importing while this one works
                mode, m = modes[len(lives)], rng.randint(0, 2 * average)
                cycle = statistics.median(timings) if timings else 0.02
                delay = rng.uniform(0, 1.5) * cycle  # lands anywhere in the next completion
                life = seat.run(queue_ids, needed, timings=timings,
                                stall=queue_ids[m] if mode == "stall" else None,
                                kill_after=m if mode == "timed" else None, kill_delay=delay)  # fmt: skip
                assert life.killed and life.returncode == -signal.SIGKILL, life
            else:  # the last life runs to the end and exits by itself
                life = seat.run(queue_ids, needed, timings=timings)
                assert life.returncode == 0 and life.last == "exit", life
            lives.append(life)
            saved += life.saved
            assert life.saved == queue_ids[: len(life.saved)]  # in order, none skipped
            # The next life goes on after what this one saved and what it was doing when
            # killed (that one is left as it is: done if its commit landed, open if not).
            if life.in_flight is not None:
                assert life.in_flight == queue_ids[len(life.saved)]
            queue_ids = queue_ids[len(life.saved) + (life.in_flight is not None) :]
    finally:
        if upcoming is not None:
            upcoming.discard()
    stderr.close()
    crashed_at = time.monotonic()

    # --- the database, as the next seat finds it ------------------------------------------
    if sqlite_path:
        con = sqlite3.connect(sqlite_path)
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        con.close()
    app = open_app(each_db_url, FixedTime(now), calendar_dir=tmp_path / "calendars")
    assert orphans(app) == []
    with app.read() as s:
        verdict = audit.verify(s)
        task_rows = {t.id: t for t in s.execute(select(Task)).scalars()}
        clock_rows = {c.id: c for c in s.execute(select(SlaClock)).scalars()}
        done_audit = Counter(
            int(e.entity_id)
            for e in s.execute(select(AuditEntry).where(AuditEntry.action == "task.done")).scalars()
        )
        done_lines = Counter(
            int(line.text.split("#", 1)[1].split(":", 1)[0])
            for line in s.execute(
                select(LogEntry).where(LogEntry.text.like("完成任务 #%"))
            ).scalars()
        )
        stops = Counter(
            e.clock_id
            for e in s.execute(select(ClockEvent).where(ClockEvent.kind == "stop")).scalars()
        )
        audit_count = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        log_count = s.execute(select(func.count()).select_from(LogEntry)).scalar_one()
    assert verdict.ok, verdict.reason

    # done before the seats ran: 启动预案 completes 初步研判 (seed 000's decision to activate)
    done_before = {tid for tid, (state, _, _) in base["tasks"].items() if state == TaskState.DONE}
    done = {tid for tid, t in task_rows.items() if t.state == TaskState.DONE} - done_before
    killed = [life for life in lives if life.killed]
    in_flight = {life.in_flight for life in killed if life.in_flight is not None}
    # A kill between the commit and the "saved" line: committed, never reported. That is
    # fine — the completion is there, whole; the user did not see "saved" and finds it done.
    unreported = done - set(saved)
    # A kill inside an open write transaction: rolled back, the task is open as before.
    rolled_back = in_flight - done

    # Every completion reported saved is there, whole; nothing else was completed except
    # what was in flight at a kill.
    assert set(saved) <= done
    assert len(saved) == len(set(saved)) == TARGET
    assert unreported <= in_flight
    # A kill while the transaction was flushed but not committed leaves no trace.
    stalled = {life.stalled for life in killed if life.stalled is not None}
    assert len(stalled) == stalls and not stalled & done

    for tid, (state0, version0, clock0) in base["tasks"].items():
        t = task_rows[tid]
        if tid in done_before:  # untouched by the seats
            assert (t.state, t.version, done_audit[tid]) == (TaskState.DONE, version0, 1), tid
            continue
        c = clock_rows.get(t.clock_id) if t.clock_id is not None else None
        clock_started = t.clock_id != clock0  # a completion of the task it waits for started it
        if tid in done:
            assert (t.done_at, t.done_by) == (now, ACTOR), tid
            assert done_audit[tid] == 1 and done_lines[tid] == 1, tid
            # The completion counted once (the start of a clock that waited for another
            # task may count as a change of the task too: at most once more).
            assert version0 + 1 <= t.version <= version0 + 1 + clock_started, tid
            if c is not None:  # its SLA clock stopped when it was done, once
                assert (c.status, c.stopped_at, stops[c.id]) == ("stopped", now, 1), tid
                assert c.version == base["clocks"].get(c.id, 1) + 1, tid
        else:
            assert t.state == state0 and t.done_at is None and t.done_by is None, tid
            assert done_audit[tid] == 0 and done_lines[tid] == 0, tid
            assert version0 <= t.version <= version0 + clock_started, tid
            if c is not None:
                assert (c.status, c.stopped_at, stops[c.id]) == ("running", None, 0), tid
    assert audit_count == verdict.entries == base["audit"] + len(done)
    assert log_count == base["log"] + len(done)
    assert clock_changes_needed(app) == 0  # every clock (the incidents' too) in step

    # --- and it goes on working -----------------------------------------------------------
    # The user retries what was in flight: what was committed says who did it, the rest saves.
    for tid in sorted(in_flight):
        if tid in done:
            with pytest.raises(Conflict, match=f"已被 {ACTOR}"):
                tasks.complete(app, ACTOR, tid)
        else:
            assert tasks.complete(app, ACTOR, tid).state == TaskState.DONE
    assert tasks.complete(app, ACTOR, spare).state == TaskState.DONE
    with app.read() as s:
        assert audit.verify(s).entries == audit_count + len(rolled_back) + 1
        assert s.get(Task, spare).done_by == ACTOR
    app.close()

    in_tx = sum(1 for life in killed if life.in_flight in rolled_back)
    figures = {"kills": len(killed), "in_transaction": in_tx, "stalled": len(stalled),
               "saved": len(saved), "committed_unreported": len(unreported),
               "setup_s": round(built_at - t0, 1), "kill_loop_s": round(crashed_at - built_at, 1),
               "total_s": round(time.monotonic() - t0, 1),
               "median_completion_ms": round(1000 * statistics.median(timings), 1)}  # fmt: skip
    record_property("crash_safety", figures)  # -s prints them too
    print(f"crash safety ({make_url(each_db_url).get_backend_name()}): {json.dumps(figures)}")
    assert len(killed) == KILLS and in_tx >= stalls
