"""A seat for the crash-safety test (tests/test_crash_safety.py), run as a separate process:

    python -m tests.crash_worker --db URL --now ISO --as USER

Imports, then waits for its orders on stdin (read to EOF): a first line of JSON,
{"limit": N, "stall": TASK_ID or null}, then task ids, one a line. (So the test can start
the next seat while this one runs: the imports are done, the database is not yet open.)
Then it opens the database and completes the tasks one at a time through the real service
`console.services.tasks.complete`, as a seat does when a user ticks tasks off. It says what
it does on stdout, one flushed line each:

    ready            the database is open (open_app, as a seat starts)
    begin ID         the write transaction for ID has begun (BEGIN IMMEDIATE on SQLite)
    stall ID         ID's transaction is flushed and about to commit: the worker sleeps here
                     (only for "stall": ID), so the test's SIGKILL lands in an open transaction
    saved ID         the completion is committed and the service returned: what a user is told
    exit             every id done (or the limit reached); the worker exits 0

Any error prints "error ID: message" and exits 1: the test fails on it."""

from __future__ import annotations

import argparse
import json
import sys
import time

from sqlalchemy import event

from console.context import open_app
from console.services import tasks
from console.time.format import parse_instant
from console.time.source import FixedTime


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="crash_worker")
    p.add_argument("--db", required=True)
    p.add_argument("--now", required=True, help="the fixed clock, ISO-8601")
    p.add_argument("--as", dest="actor", required=True)
    args = p.parse_args(argv)

    header, *lines = sys.stdin.read().splitlines()
    orders = json.loads(header)
    limit, stall = orders.get("limit"), orders.get("stall")
    ids = [int(line) for line in lines if line.strip()]
    app = open_app(args.db, FixedTime(parse_instant(args.now)))
    current: list[int | None] = [None]

    # Registered after console.db's own "begin" listener (BEGIN IMMEDIATE), so the line is
    # written while the write transaction is open.
    @event.listens_for(app.engine, "begin")
    def _began(_conn) -> None:  # type: ignore[no-untyped-def]
        if current[0] is not None:
            say(f"begin {current[0]}")

    # Fired just before the DBAPI commit: everything is flushed, nothing is committed.
    @event.listens_for(app.engine, "commit")
    def _committing(_conn) -> None:  # type: ignore[no-untyped-def]
        if stall is not None and current[0] == stall:
            say(f"stall {stall}")
            time.sleep(600)  # the test kills us here

    say("ready")
    for task_id in ids[:limit]:
        current[0] = task_id
        try:
            tasks.complete(app, args.actor, task_id)
        except Exception as exc:  # noqa: BLE001 - any failure is the test's business
            say(f"error {task_id}: {type(exc).__name__}: {exc}")
            return 1
        current[0] = None
        say(f"saved {task_id}")
    app.close()
    say("exit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
