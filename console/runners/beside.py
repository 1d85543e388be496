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

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]  # where the console package is
RESTART_AFTER = 5.0  # seconds between two starts of a child that keeps dying


class ServeBeside:
    def __init__(self, url: str) -> None:
        self.url = url
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0
        self.restarts = 0

    def command(self) -> list[str]:
        return [sys.executable, "-m", "console.cli", "--db", self.url, "serve",
                "--parent", str(os.getpid())]  # fmt: skip

    def start(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen(
            self.command(),
            env=env,
            cwd=str(ROOT),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip  (it logs to serve.log)
        self.started_at = time.monotonic()

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def check(self) -> bool:
        """Starts the child again if it died (not more often than RESTART_AFTER); returns
        whether one is running now."""
        if self.running():
            return True
        if self.proc is not None and time.monotonic() - self.started_at >= RESTART_AFTER:
            log.warning("the seat's serve exited with %s: starting it again", self.proc.returncode)
            self.restarts += 1
            self.start()
        return self.running()

    def stop(self, timeout: float = 10.0) -> None:
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
