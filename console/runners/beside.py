"""A seat's scheduler and sender in a process of their own: `serve` started by the seat,
beside it, on the same database, and stopped with it.

Why not a thread of the seat, as before: the sweep after a day of lapses, the re-planning
after a clock jump and the escalations compute in Python for seconds, and Python runs one
thread at a time. The window paints by calling back into Python cell by cell, so each of
those callbacks waited for the scheduler's thread, and the window stood still
(benchmarks/stalls.py). In a process of its own it runs on another core; the seat hears of
its alarms as of any other process's change (NOTIFY on PostgreSQL, the audit-counter poll
on SQLite) and reads them off the GUI thread.

The child stops by itself when the seat is gone (it watches its parent), so a seat that
crashed leaves nothing running; a child that died is started again by `check`."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from console.db import in_memory

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]  # where the console package is
FIRST_PAUSE, LONGEST_PAUSE = 5.0, 300.0  # seconds before starting a dead child again (doubling)
STOP_WAIT = 30.0  # serve finishes the sweep and the send under way (a send cut off goes twice)
NOT_INHERITED = ("CONSOLE_USER", "CONSOLE_PASSWORD", "CONSOLE_TOKEN")  # serve acts as the system
NICE = 5  # the serve beside a seat gives way to it: on two cores, a sweep of 17,000 alarms
# held the window's repaint off the processor (its longest stall 124 ms, then 76 ms)


def give_way() -> None:
    """Run at a lower priority than the seat beside (called by `serve --parent`). Only
    when both want the processor at once: an idle seat leaves the sweep all of it."""
    try:
        os.nice(NICE)
    except OSError:  # not allowed here: as it was
        log.warning("serve: could not lower its priority")


def child_url(url: str) -> str:
    """The seat's database as the child must name it: a relative SQLite path made absolute
    (the child would otherwise open, and create, another file)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not in_memory(url):
        return parsed.set(database=str(Path(parsed.database).resolve())).render_as_string(
            hide_password=False
        )
    return url


class ServeBeside:
    def __init__(self, url: str) -> None:
        self.url = child_url(url)
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0
        self.restarts = 0
        self.pause = FIRST_PAUSE

    def command(self) -> list[str]:
        # the database in the environment (CONSOLE_DB), not on a command line anyone can read
        return [sys.executable, "-m", "console.cli", "serve", "--parent", str(os.getpid())]

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        env["CONSOLE_DB"] = self.url
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
        from console.runners.serve import log_folder

        # what fails before serve logs to serve.log (the database away, a bad URL) is kept
        with (log_folder() / f"serve-beside-{os.getpid()}.err").open("ab") as err:
            self.proc = subprocess.Popen(self.command(), env=env, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=err,
                                         start_new_session=os.name == "posix")  # fmt: skip
        self.started_at = time.monotonic()

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def check(self) -> bool:
        """Starts the child again if it died (after a pause that doubles while it keeps
        dying, up to LONGEST_PAUSE); returns whether one is running now."""
        if self.running():
            if time.monotonic() - self.started_at > LONGEST_PAUSE:
                self.pause = FIRST_PAUSE  # it ran a while: a next death starts afresh
            return True
        if self.proc is not None and time.monotonic() - self.started_at >= self.pause:
            log.warning("the seat's serve exited with %s: starting it again", self.proc.returncode)
            self.restarts += 1
            self.pause = min(self.pause * 2, LONGEST_PAUSE)
            try:
                self.start()
            except OSError:
                log.exception("starting the seat's serve failed")
                self.started_at = time.monotonic()
        return self.running()

    def stop(self, timeout: float = STOP_WAIT) -> None:
        """SIGTERM (serve finishes the sweep and the send under way), then SIGKILL."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
