"""The console closed across 1,000 deadlines: on restart every alarm is raised, none twice,
within 2 s (the stated acceptance criterion; benchmarks/restart_catchup.py measures the
same at full size in a fresh process)."""

import time
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, select

from benchmarks.common import night_of_reports
from console.context import open_app
from console.runners.scheduler import AlarmScheduler
from console.services import alarms
from console.time.source import FixedTime, SystemTime
from models import Alarm, SlaClock

DEADLINES = 1000
WITHIN_S = 2.0


def alarm_rows(app):
    with app.read() as s:
        return s.execute(select(Alarm.clock_id, Alarm.kind, Alarm.due_at)).all()


def test_closed_across_1000_deadlines_a_restart_raises_each_once_within_2_s(staff_url):
    # Last night: the evening's reports, registered and activated (one round of the mix
    # through the services, the rest copies of it); then the console was closed.
    evening = FixedTime(datetime.now(UTC))
    app = open_app(staff_url, evening)
    clocks = night_of_reports(app, evening, DEADLINES, reporter="duty1", leader="leader1",
                              copies=True)  # fmt: skip
    app.close()

    # This morning: a fresh start on the real clock, past every deadline and warning point.
    app = open_app(staff_url, SystemTime())
    with app.read() as s:
        deadline = dict(s.execute(select(SlaClock.id, SlaClock.due_at)).all())
    assert len(clocks) >= DEADLINES
    assert max(deadline[c] for c in clocks) < app.time.now()  # all lapsed while closed
    scheduler = AlarmScheduler(app)
    t0 = time.monotonic()
    try:
        scheduler.start()
        while True:  # until the alarms are in the database, as every seat reads them
            with app.read() as s:
                raised = s.execute(select(func.count()).select_from(Alarm)).scalar_one()
            took = time.monotonic() - t0
            if raised >= len(clocks) or took > 10:
                break
            time.sleep(0.02)
    finally:
        scheduler.stop()

    rows = alarm_rows(app)
    seen = Counter((clock_id, kind) for clock_id, kind, _ in rows)
    assert [key for key, n in seen.items() if n > 1] == []  # none twice
    assert {clock_id for clock_id, kind in seen if kind == "lapsed"} == set(clocks)  # none missing
    # A warning point passed with its deadline is no alarm of its own: one 超时 per clock.
    assert [key for key in seen if key[1] != "lapsed"] == []
    assert all(due == deadline[clock_id] for clock_id, _, due in rows)
    shown = alarms.list_alarms(app, "open")
    assert len(shown) == len(clocks)
    assert {a.kind_name for a in shown} == {"超时"}
    assert took <= WITHIN_S, f"the last of {len(clocks)} alarms came {took:.2f} s after the start"
    app.close()

    # Opened once more: nothing is raised again.
    app = open_app(staff_url, SystemTime())
    scheduler = AlarmScheduler(app)
    try:
        assert scheduler.start().raised == []
    finally:
        scheduler.stop()
    assert len(alarm_rows(app)) == len(rows)
    app.close()
