"""Races: two seats (two processes, each with its own engine and connections) complete,
reopen and reassign the same 100 tasks, 1,000 times in all, released together each round
so that they often act on the same task at the same moment. Afterwards:

- no lost update: every success is in the audit log exactly once, the successes on a task
  saw consecutive versions and each moved it by one, and replaying them in that order gives
  the task as the database holds it;
- every conflict reported: every attempt that did not succeed was refused with Conflict
  naming a change another seat made after the version this seat saw, and wrote nothing;
- the audit chain intact.

On PostgreSQL (the command room) and on SQLite (two processes on one file). The seats are
tests/race_worker.py."""

from __future__ import annotations

import json
import queue
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from console import audit
from console.context import open_app
from console.services import tasks
from console.time.format import DEFAULT_TZ
from models import AuditEntry, AuditHead, LogEntry, Task
from tests.conftest import add_staff, local, open_incident

ROOT = Path(__file__).resolve().parent.parent
TASKS = 100
ROUNDS = 500  # per seat: 1,000 attempts in all
SEED = 20261124
START = local(2026, 11, 24, 10, 0)  # round r happens at START + r minutes
SEATS = {"A": "leader1", "B": "deputy1"}
ACTIONS = {"complete": "task.done", "reopen": "task.reopen", "reassign": "task.reassign"}
VERBS = {"complete": "完成", "reopen": "重开", "reassign": "改派"}
FIELDS = ("state", "group_id", "role_id", "assignee", "done_by")
MESSAGE = re.compile(
    r"^已被 (?P<actor>\S+) 于 (?P<at>\d\d:\d\d) (?P<verb>[^(]+)\(task #(?P<task>\d+),"
)
TIMEOUT = 60  # seconds a seat may take for one round before the test gives up on it


def at(rnd: int) -> str:
    return (START + timedelta(minutes=rnd)).astimezone(DEFAULT_TZ).strftime("%H:%M")


def prepare(app, clock) -> list[int]:
    """Eight activated incidents; the first 100 of their tasks, a fifth of them done and a
    few reassigned already, so the race starts from mixed states and versions."""
    add_staff(app)
    incidents = [
        open_incident(app, clock, "group_complaint", local(2026, 11, 24, 9, i)) for i in range(8)
    ]
    with app.read() as s:
        ids = list(
            s.execute(
                select(Task.id)
                .where(Task.incident_id.in_(incidents), Task.state == "open")
                .where(Task.template_id.not_like("sitrep:%"))  # met by signing, not by `done`
                .order_by(Task.id)
                .limit(TASKS)
            ).scalars()
        )
    assert len(ids) == TASKS
    clock.set(local(2026, 11, 24, 9, 30))
    for task_id in ids[::5]:
        tasks.complete(app, "leader1", task_id)
    for task_id in ids[1::17]:
        tasks.reassign(app, "deputy1", task_id, user_name="member_onsite")
    return ids


def snapshot(app, ids: list[int]) -> dict[int, dict]:
    with app.read() as s:
        rows = s.execute(select(Task).where(Task.id.in_(ids))).scalars()
        return {t.id: {f: getattr(t, f) for f in FIELDS} | {"version": t.version} for t in rows}


def run_seats(url: str, ids: list[int], tmp_path: Path) -> list[dict]:
    """Starts both seats, releases them together each round (in a shuffled order), and
    returns every attempt they recorded."""
    procs, lines, outs = {}, {}, {}
    for seat, actor in SEATS.items():
        outs[seat] = tmp_path / f"seat_{seat}.jsonl"
        args = [url, seat, actor, ",".join(map(str, ids)), str(ROUNDS), str(SEED),
                START.isoformat(), str(outs[seat])]  # fmt: skip
        procs[seat] = subprocess.Popen(
            [sys.executable, "-m", "tests.race_worker", *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(tmp_path / f"seat_{seat}.err").open("w"),
            text=True,
        )
        lines[seat] = queue.Queue()
        threading.Thread(target=_pump, args=(procs[seat].stdout, lines[seat]), daemon=True).start()
    order = random.Random(SEED)
    try:
        for rnd in range(ROUNDS):
            for seat in SEATS:
                try:
                    said = lines[seat].get(timeout=TIMEOUT)
                except queue.Empty:
                    said = f"(silent for {TIMEOUT} s: a deadlock?)"
                assert said == f"ready {rnd}", _failure(seat, said, tmp_path)
            for seat in order.sample(sorted(SEATS), 2):
                procs[seat].stdin.write("go\n")
                procs[seat].stdin.flush()
        for seat, proc in procs.items():
            proc.stdin.close()
            assert proc.wait(TIMEOUT) == 0, _failure(seat, f"exit {proc.returncode}", tmp_path)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return [json.loads(line) for seat in SEATS for line in outs[seat].read_text().splitlines()]


def _pump(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.strip())
    lines.put("(exited)")


def _failure(seat: str, said: str, tmp_path: Path) -> str:
    return f"seat {seat}: {said}\n{(tmp_path / f'seat_{seat}.err').read_text()[-3000:]}"


def test_two_seats_racing_on_100_tasks_lose_no_update_report_every_conflict_and_keep_the_chain(
    each_db_url, clock, tmp_path
):
    app = open_app(each_db_url, clock, calendar_dir=tmp_path / "calendars")
    try:
        ids = prepare(app, clock)
        initial = snapshot(app, ids)
        with app.read() as s:
            setup_seq = s.get(AuditHead, 1).seq
            setup_log = s.execute(select(func.count()).select_from(LogEntry)).scalar_one()

        began = time.monotonic()
        attempts = run_seats(each_db_url, ids, tmp_path)
        took = time.monotonic() - began

        final = snapshot(app, ids)
        with app.read() as s:
            verdict = audit.verify(s)
            entries = s.execute(
                select(AuditEntry).where(AuditEntry.seq > setup_seq).order_by(AuditEntry.seq)
            ).scalars().all()  # fmt: skip
            log_lines = s.execute(select(func.count()).select_from(LogEntry)).scalar_one()
    finally:
        app.close()

    ok = [a for a in attempts if a["outcome"] == "ok"]
    lost = [a for a in attempts if a["outcome"] != "ok"]
    figures = {
        "attempts": len(attempts),
        "ok": Counter(a["action"] for a in ok),
        "conflicts": Counter(a["action"] for a in lost),
        "collisions": 0,
        "seconds": round(took, 1),
    }

    # Every attempt is accounted for, and the only refusal is Conflict (exit code 5).
    assert len(attempts) == 2 * ROUNDS and {a["task"] for a in attempts} <= set(ids)
    assert [a for a in lost if a["outcome"] != "conflict" or a["exit_code"] != 5] == []

    # Real contention: both seats acted on the same task, having seen the same version, in
    # many rounds; in each such round exactly one of them won.
    by_round = defaultdict(list)
    for a in attempts:
        by_round[a["round"]].append(a)
    for pair in by_round.values():
        if len({(a["task"], a["seen"]) for a in pair}) == 1:
            figures["collisions"] += 1
            assert sorted(a["outcome"] for a in pair) == ["conflict", "ok"], pair
    print(f"\nraces on {each_db_url.split(':')[0]}: {figures}")
    assert figures["collisions"] >= ROUNDS // 10

    # No lost update: per task, the successes saw consecutive versions from the initial one
    # and each moved it by exactly one; the audit log holds each once, in that order, with
    # nothing else; replaying them gives the task as the database holds it.
    assert len(entries) == len(ok)
    assert log_lines - setup_log == len(ok)  # the duty log too: refused attempts wrote nothing
    audited = defaultdict(list)
    for e in entries:
        assert e.entity == "task" and e.action in ACTIONS.values(), (e.seq, e.action)
        audited[int(e.entity_id)].append(e)
    wins = defaultdict(list)
    for a in ok:
        wins[a["task"]].append(a)
    for task_id in ids:
        mine = sorted(wins[task_id], key=lambda a: a["seen"])
        first = initial[task_id]["version"]
        assert [a["seen"] for a in mine] == list(range(first, first + len(mine))), task_id
        assert [a["version"] for a in mine] == [a["seen"] + 1 for a in mine], task_id
        assert len(audited[task_id]) == len(mine), task_id
        state = {f: initial[task_id][f] for f in FIELDS}
        for a, e in zip(mine, audited[task_id], strict=True):
            assert (e.action, e.actor) == (ACTIONS[a["action"]], a["actor"]), (task_id, a)
            assert e.at == START + timedelta(minutes=a["round"]), (task_id, a)
            assert {f: json.loads(e.before)[f] for f in FIELDS} == state, (task_id, a)
            if a["action"] == "complete":
                state |= {"state": "done", "done_by": a["actor"]}
            elif a["action"] == "reopen":
                state |= {"state": "open", "done_by": None}
            else:
                state |= {"role_id": a["role"], "assignee": a["user"]}
            assert {f: json.loads(e.after)[f] for f in FIELDS} == state, (task_id, a)
        assert final[task_id] == state | {"version": first + len(mine)}, task_id

    # Every conflict reported: the message names who changed the task, when and how — a
    # change that really happened on that task after the version the losing seat saw.
    changes = {(a["task"], a["actor"], at(a["round"]), VERBS[a["action"]], a["seen"]) for a in ok}
    for a in lost:
        said = MESSAGE.match(a["message"])
        assert said, a
        assert int(said["task"]) == a["task"], a
        assert any(
            (task, actor, when, verb) == (a["task"], said["actor"], said["at"], said["verb"])
            and seen >= a["seen"]
            for task, actor, when, verb, seen in changes
        ), a
    assert {MESSAGE.match(a["message"])["verb"] for a in lost} == set(VERBS.values())

    # The audit chain is intact, in the database and by the command line.
    assert verdict.ok and verdict.entries == setup_seq + len(ok), verdict.reason
    end = (START + timedelta(minutes=ROUNDS)).isoformat()
    cli = subprocess.run(
        [sys.executable, "main.py", "--db", each_db_url, "--now", end, "audit", "verify"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cli.returncode == 0, cli.stderr
    assert f"ok: {setup_seq + len(ok)} audit entries" in cli.stdout
