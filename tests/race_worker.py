"""One seat of the race test (tests/test_races.py), run as a process of its own:

    python -m tests.race_worker URL SEAT ACTOR TASKS ROUNDS SEED START OUT

Each round the seat reads one task as its screen shows it (state and version), says
`ready ROUND` on stdout and waits for `go` on stdin (the test releases both seats at once),
then acts on the version it saw: completes an open task, reopens a done one, or reassigns
it to another role of its group and another person. Every attempt goes to OUT as a JSON
line: task, action, the version seen, and the outcome (ok and the new version, Conflict
and its message, or any other error).

Both seats draw the round's "hot" task from the same seeded generator and pick it most of
the time, so they often act on the same task at the same moment; their own choices come
from a generator seeded per seat. The clock stands at START + ROUND minutes: a message
"已被 X 于 HH:MM …" names the round of the change."""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event, select

from console.context import ConsoleSession, open_app
from console.errors import Conflict, ConsoleError
from console.services import tasks
from console.time.source import FixedTime
from models import Incident, Task

HOT = 0.75  # how often a seat takes the round's shared task rather than one of its own
USERS = ("leader1", "deputy1", "coord_onsite", "coord_coordination", "member_onsite", "duty1")


def main(argv: list[str]) -> int:
    url, seat, actor, ids, rounds, seed, start, out = argv
    task_ids = [int(i) for i in ids.split(",")]
    clock = FixedTime(datetime.fromisoformat(start))
    app = open_app(url, clock, calendar_dir=Path(out).parent / "calendars", migrate=False)
    shared = random.Random(int(seed))  # the same sequence on both seats
    own = random.Random(f"{seed}:{seat}")
    committed: dict[int, int] = {}  # task id → its version as this seat's last write left it

    @event.listens_for(ConsoleSession, "after_flush_postexec")
    def _versions(session, _ctx):  # type: ignore[no-untyped-def]
        for obj in session.identity_map.values():
            if isinstance(obj, Task):
                committed[obj.id] = obj.version

    records = []
    try:
        for rnd in range(int(rounds)):
            hot = shared.choice(task_ids)
            task_id = hot if own.random() < HOT else own.choice(task_ids)
            clock.set(datetime.fromisoformat(start) + timedelta(minutes=rnd))
            with app.read() as s:  # what the seat shows
                row = s.execute(
                    select(Task.state, Task.version, Task.group_id, Task.role_id, Task.assignee,
                           Incident.plan_id).join(Incident).where(Task.id == task_id)
                ).one()  # fmt: skip
            seen = row._asdict()
            plan = app.catalogue.get(seen["plan_id"])
            rec: dict = {"seat": seat, "actor": actor, "round": rnd, "task": task_id,
                         "seen": seen["version"], "state_seen": seen["state"]}  # fmt: skip
            if own.random() < 0.3:
                roles = [r.id for r in plan.group(seen["group_id"]).roles]
                others = [r for r in roles if r != seen["role_id"]]
                role = own.choice(others) if others else seen["role_id"]
                user = own.choice([u for u in USERS if u != seen["assignee"]])
                rec |= {"action": "reassign", "role": role, "user": user}

                def act(rec=rec) -> dict:
                    return tasks.reassign(app, actor, rec["task"], role=rec["role"],
                                          user_name=rec["user"], version=rec["seen"])  # fmt: skip
            elif seen["state"] == "open":
                rec["action"] = "complete"

                def act(rec=rec) -> dict:
                    return tasks.complete(app, actor, rec["task"], version=rec["seen"])
            else:
                rec["action"] = "reopen"

                def act(rec=rec) -> dict:
                    return tasks.reopen(app, actor, rec["task"], version=rec["seen"])

            print(f"ready {rnd}", flush=True)
            if sys.stdin.readline().strip() != "go":
                break
            committed.pop(task_id, None)
            try:
                act()
                rec |= {"outcome": "ok", "version": committed.get(task_id)}
            except Conflict as exc:
                rec |= {"outcome": "conflict", "message": str(exc), "exit_code": exc.exit_code}
            except ConsoleError as exc:
                rec |= {"outcome": type(exc).__name__, "message": str(exc),
                        "exit_code": exc.exit_code}  # fmt: skip
            except Exception as exc:  # noqa: BLE001 - every failure is recorded, none hidden
                rec |= {"outcome": type(exc).__name__, "message": str(exc), "exit_code": None}
            records.append(rec)
    finally:
        Path(out).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
