"""`main.py serve` as a real process beside the database, on the machine's real clock: it
raises what lapsed while nobody's seat was open and delivers it, stops cleanly on SIGTERM,
shares one PostgreSQL database with another `serve` without sending anything twice, and,
killed in the middle of a batch, leaves nothing lost for the next one (at most the batch in
flight is sent again).

The database is built in this process through the services with a clock 20 minutes in the
past, so the deadlines have lapsed when `serve` starts; the receiver is a local
pytest-httpserver that counts each message by its alarm and recipient."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.context import open_app
from models import Alarm, Message
from tests.notify_worker import Tally, lapsed_database, wait_for

ROOT = Path(__file__).resolve().parent.parent


class Serve:
    """`main.py --db URL serve` in a process of its own; its output goes to a file."""

    def __init__(self, url: str, log: Path, **env: str) -> None:
        self.log = log
        self._out = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "main.py", "--db", url, "serve"], cwd=ROOT, stdin=subprocess.DEVNULL,
            stdout=self._out, stderr=subprocess.STDOUT, env={**os.environ, **env},
        )  # fmt: skip

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self._out.close()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def serves(tmp_path):
    started: list[Serve] = []

    def start(url: str, **env: str) -> Serve:
        s = Serve(url, tmp_path / f"serve{len(started)}.log", **env)
        started.append(s)
        return s

    yield start
    for s in started:  # whatever a failed test left running
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait(timeout=10)
        s._out.close()


def states(url: str) -> dict[str, int]:
    app = open_app(url, migrate=False)
    try:
        with app.read() as s:
            rows = s.execute(select(Message.state, func.count()).group_by(Message.state)).all()
            alarms = s.execute(select(func.count()).select_from(Alarm)).scalar_one()
        return {**dict(rows), "alarms": alarms}
    finally:
        app.close()


def test_serve_delivers_a_deadline_that_lapsed_with_no_seat_open_and_stops_on_sigterm(
    db_url, receiver, serves
):
    tally = Tally()
    receiver.expect_request("/sms", method="POST").respond_with_handler(tally)
    expected = lapsed_database(db_url, incidents_=1, people=2,
                               hook=f"json://127.0.0.1:{receiver.port}/sms")  # fmt: skip
    serve = serves(db_url)
    assert wait_for(lambda: tally.count >= expected, timeout=20), serve.output()
    assert tally.unique() == {(1, "lead000"), (1, "lead001")}
    assert serve.stop(signal.SIGTERM) == 0, serve.output()
    assert "serve: stopped" in serve.output() and "Traceback" not in serve.output()
    assert tally.count == expected  # nothing twice
    assert states(db_url) == {"sent": expected, "alarms": 1}


def test_two_serves_on_one_postgresql_database_deliver_every_message_exactly_once(
    pg_url, receiver, serves
):
    tally = Tally(delay=0.005)
    receiver.expect_request("/sms", method="POST").respond_with_handler(tally)
    expected = lapsed_database(pg_url, incidents_=10, people=20,
                               hook=f"json://127.0.0.1:{receiver.port}/sms")  # fmt: skip
    assert expected == 200
    first, second = serves(pg_url), serves(pg_url)
    assert wait_for(lambda: tally.count >= expected, timeout=25), first.output() + second.output()
    assert wait_for(lambda: states(pg_url).get("sent") == expected, timeout=10), states(pg_url)
    assert first.stop() == 0, first.output()
    assert second.stop() == 0, second.output()
    for s in (first, second):
        assert "Traceback" not in s.output(), s.output()
    assert tally.count == expected and len(tally.unique()) == expected  # each once
    assert states(pg_url) == {"sent": expected, "alarms": 10}  # each lapse raised once


def test_serve_killed_mid_batch_loses_nothing_and_repeats_at_most_the_batch_in_flight(
    pg_url, receiver, serves
):
    tally = Tally(delay=0.2)  # a slow receiver: a batch of 20 takes 4 s
    receiver.expect_request("/sms", method="POST").respond_with_handler(tally)
    expected = lapsed_database(pg_url, incidents_=2, people=20,
                               hook=f"json://127.0.0.1:{receiver.port}/sms")  # fmt: skip
    lease = {"CONSOLE_NOTIFY_LEASE": "2"}
    first = serves(pg_url, **lease)
    assert wait_for(lambda: tally.count >= 5, timeout=20), first.output()
    assert first.stop(signal.SIGKILL) == -signal.SIGKILL
    got_before = tally.count
    assert got_before < 20  # killed in the middle of the first batch
    second = serves(pg_url, **lease)
    assert wait_for(lambda: len(tally.unique()) >= expected, timeout=25), second.output()
    assert wait_for(lambda: states(pg_url).get("sent") == expected, timeout=10), states(pg_url)
    assert second.stop() == 0, second.output()
    assert "Traceback" not in second.output(), second.output()
    assert len(tally.unique()) == expected  # nothing lost
    duplicates = tally.count - expected
    assert duplicates <= 20  # at most the batch that was in flight
    assert duplicates <= got_before + 1  # only what the killed one had sent, unsettled
