"""A seat's own `serve` (console.runners.beside): the seat starts its scheduler and sender as a
process beside it, so a day's sweep never holds up the window. That process raises what
lapsed while nothing ran, stops with the seat, stops by itself when the seat dies, and is
started again when it died; a drill, a fixed --now or a database in memory keep the
scheduler in the seat's own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.context import open_app
from console.runners.beside import NICE, ServeBeside, child_url
from console.time.source import FixedTime, SystemTime
from models import Alarm
from tests.notify_worker import lapsed_database, wait_for
from widgets.start import serves_beside

ROOT = Path(__file__).resolve().parent.parent


def alarms_in(url: str) -> int:
    app = open_app(url, migrate=False)
    try:
        with app.read() as s:
            return s.execute(select(func.count()).select_from(Alarm)).scalar_one()
    finally:
        app.close()


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie (exited, not yet reaped by the seat that started it) is gone too
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split(") ")[1].startswith("Z")


@pytest.fixture
def beside():
    started: list[ServeBeside] = []

    def start(url: str) -> ServeBeside:
        b = ServeBeside(url)
        b.start()
        started.append(b)
        return b

    yield start
    for b in started:
        b.stop(timeout=5)


def test_the_seats_own_serve_raises_the_report_up_deadline_that_lapsed_and_stops_with_the_seat(
    db_url, receiver, beside, monkeypatch
):
    # the seat's user from the environment is not the child's: serve acts as the system
    monkeypatch.setenv("CONSOLE_USER", "duty")
    lapsed_database(db_url, incidents_=1, people=1, hook=f"json://127.0.0.1:{receiver.port}/sms")
    assert alarms_in(db_url) == 0
    child = beside(db_url)
    assert wait_for(lambda: alarms_in(db_url) == 1, timeout=30)  # 上报时限 of the 群体投诉
    proc = child.proc
    # it gives way to the window when both want the processor
    seat_nice = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, proc.pid) == min(19, seat_nice + NICE)
    child.stop()
    assert proc.returncode == 0  # SIGTERM: finished what was under way, then stopped
    assert not child.running()


def test_the_seats_serve_stops_by_itself_when_the_seat_dies(db_url, tmp_path):
    # a seat that starts its serve and dies without stopping it (a crash, kill -9)
    seat = subprocess.run(
        [sys.executable, "-c", (
            "import json, os\n"
            "from console.runners.beside import ServeBeside, child_url\n"
            f"b = ServeBeside({db_url!r}); b.start()\n"
            "print(json.dumps(b.proc.pid), flush=True)\n"
            "os._exit(0)\n")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert seat.returncode == 0, seat.stderr
    orphan = json.loads(seat.stdout.strip().splitlines()[-1])
    try:
        assert wait_for(lambda: gone(orphan), timeout=30)
    finally:
        if not gone(orphan):
            os.kill(orphan, 9)


def test_a_serve_that_died_is_started_again(db_url, beside):
    child = beside(db_url)
    first = child.proc
    first.kill()
    first.wait(10)
    assert not child.running()
    child.started_at = time.monotonic() - 60  # as if the restart pause had passed
    assert child.check()
    assert child.proc is not first and child.restarts == 1
    assert child.check()  # running: nothing started again
    assert child.restarts == 1


def test_which_seats_run_their_scheduler_beside_them(db_url, tmp_path):
    app = open_app(db_url, SystemTime())
    try:
        assert serves_beside(app)  # the machine's clock on a database file
        app.time = FixedTime(app.time.now())  # --now: the scheduler runs on the seat's clock
        assert not serves_beside(app)
    finally:
        app.close()
    memory = open_app("sqlite://", SystemTime())
    try:
        assert not serves_beside(memory)  # another process could not open it
    finally:
        memory.close()


def test_a_relative_database_path_is_the_seats_file_for_its_serve(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert child_url("sqlite:///console.db") == f"sqlite:///{tmp_path / 'console.db'}"
    pg = "postgresql+psycopg://seat:secret@db:5432/console"
    assert child_url(pg) == pg
    assert "secret" not in " ".join(ServeBeside(pg).command())  # not on a command line
