"""The system clock jumping an hour while the console runs (set by hand, stepped by NTP).

Deadlines are absolute UTC instants: a jump moves "now", never a deadline. What a user
must see: whatever the jump made due is raised at once; everything else at its time by the
(new) clock; nothing before its time; nothing twice.

How a jump is modelled, since a test cannot (and must not) move the machine's clock:
`JumpingClock` stands in for the system clock — the real UTC time plus an offset that
`jump()` moves. Everything that reads the system time reads it instead: the app (it is
the app's TimeSource), the scheduler's jump watcher (`wall=`) and APScheduler itself, whose
`datetime.now()` is patched to it. As for a SystemTime, `wall_time(instant)` is `instant`:
APScheduler's notion of now and the app's jump together. What a real jump leaves alone is
left alone: `time.monotonic()`, which APScheduler sleeps by and the watcher measures with.
"""

import time
from datetime import UTC, datetime, timedelta

import apscheduler.schedulers.base
import apscheduler.triggers.date
import apscheduler.triggers.interval
import pytest
from sqlalchemy import select

from console.context import open_app
from console.runners.scheduler import AlarmScheduler
from console.services import incidents
from console.services.incidents import ReportInput
from models import Alarm, Incident, SlaClock

HOUR = timedelta(hours=1)
ON_TIME = 1.5  # s by the clock: a timer fires within a fraction of that
AT_ONCE = 2.5  # s of real time after a jump: the watcher looks once a second


class JumpingClock:
    """The system clock, with a knob."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def wall_time(self, instant: datetime) -> datetime | None:
        return instant  # it is the wall clock

    def jump(self, delta: timedelta) -> None:
        self.offset += delta


@pytest.fixture
def system_clock(monkeypatch) -> JumpingClock:
    clock = JumpingClock()

    class Wall(datetime):  # APScheduler's `datetime`, whose now() is the jumping clock
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return clock.now().astimezone(tz)

    for module in (apscheduler.schedulers.base, apscheduler.triggers.interval,
                   apscheduler.triggers.date):  # fmt: skip
        monkeypatch.setattr(module, "datetime", Wall)
    return clock


def seed_deadlines(app, due_times: list[datetime]) -> dict[int, datetime]:
    """Pending deadlines (no warning point) on one incident, as the database holds them
    before the console starts; {clock id: deadline}."""
    now = app.time.now()
    with app.write() as s:
        inc = Incident(plan_id="major_complaint", title="整点期限", channel="phone", level_id="effective",
                       state="activated", received_at=now, recorded_by="duty1", milestones={})  # fmt: skip
        s.add(inc)
        s.flush()
        clocks = [SlaClock(incident_id=inc.id, rule_id="send_form", status="running", started_at=now,
                           due_at=due, warn_at=due, unconfirmed=False) for due in due_times]  # fmt: skip
        s.add_all(clocks)
    return {c.id: c.due_at for c in clocks}


def report_due_in(app, seconds: float) -> int:
    """A complaint received (10 分钟 to send the form) so that the form is due `seconds`
    from now by the clock; the id of that deadline's clock."""
    received = app.time.now() - timedelta(minutes=10) + timedelta(seconds=seconds)
    inc = incidents.register(app, "duty1", ReportInput(plan="major_complaint", title="投诉", channel="phone",
                                                       received_at=received))  # fmt: skip
    incidents.activate(app, "leader1", inc.id)
    with app.read() as s:
        return s.execute(select(SlaClock.id).where(SlaClock.incident_id == inc.id,
                                                   SlaClock.rule_id == "send_form")).scalar_one()  # fmt: skip


def deadlines(app) -> dict[int, datetime]:
    with app.read() as s:
        return dict(s.execute(select(SlaClock.id, SlaClock.due_at)).all())


def lapses(app) -> dict[int, Alarm]:
    """The lapse alarms, by clock; asserting that no clock has two."""
    with app.read() as s:
        found = s.execute(select(Alarm).where(Alarm.kind == "lapsed")).scalars().all()
    by_clock = {a.clock_id: a for a in found}
    assert len(by_clock) == len(found), "a deadline raised twice"
    return by_clock


def wait_for_lapses(app, clock_ids, timeout: float) -> dict[int, float]:
    """Waits until every clock in `clock_ids` has lapsed; {clock id: monotonic time first seen}."""
    seen: dict[int, float] = {}
    end = time.monotonic() + timeout
    while time.monotonic() < end and not set(clock_ids) <= seen.keys():
        for clock_id in lapses(app):
            seen.setdefault(clock_id, time.monotonic())
        time.sleep(0.05)
    return seen


def jumps_logged(caplog) -> list[float]:
    """The jumps the scheduler noticed (it logs each as a warning), in hours."""
    found = [r.args[0] for r in caplog.records if "clock jumped" in r.getMessage()]
    return [round(seconds / 3600, 2) for seconds in found]


def assert_nothing_early(app) -> None:
    with app.read() as s:
        for a in s.execute(select(Alarm)).scalars():
            c = s.get(SlaClock, a.clock_id)
            point = c.due_at if a.kind == "lapsed" else c.warn_at
            assert a.raised_at >= point, f"alarm {a.id} ({a.kind}) raised before its time"


def test_a_jump_forward_raises_the_skipped_hour_at_once_and_the_rest_on_time(
    db_url, staff_url, system_clock, caplog
):
    app = open_app(db_url, system_clock)
    t0 = system_clock.now()
    skipped = seed_deadlines(app, [t0 + timedelta(minutes=m) for m in (10, 30, 59)])
    beyond = seed_deadlines(app, [t0 + HOUR + timedelta(seconds=s) for s in (4, 6)])
    stored = deadlines(app)
    # A safety sweep only every 10 minutes: what is raised here, the timers raised.
    scheduler = AlarmScheduler(app, wall=system_clock, sweep_seconds=600)
    scheduler.start()
    try:
        time.sleep(1.5)  # running, and the watcher has taken its first reading
        assert lapses(app) == {}
        jumped = time.monotonic()
        system_clock.jump(HOUR)
        seen = wait_for_lapses(app, skipped | beyond, timeout=10)
        time.sleep(1.0)  # a late duplicate or stray alarm would show by now
        raised = lapses(app)
    finally:
        scheduler.stop()
    assert set(raised) == set(skipped) | set(beyond)  # each once (lapses() checks), none else
    assert jumps_logged(caplog) == [1.0]  # noticed once, and nothing else taken for a jump
    for clock_id in skipped:
        assert seen[clock_id] - jumped < AT_ONCE, "a deadline the jump skipped waited"
    for clock_id, due in beyond.items():
        assert 0 <= (raised[clock_id].raised_at - due).total_seconds() < ON_TIME
    assert_nothing_early(app)
    assert deadlines(app) == stored  # a jump moves no deadline
    app.close()


def test_a_jump_back_raises_nothing_early_and_every_deadline_at_its_time_by_the_clock(
    db_url, staff_url, system_clock, caplog
):
    app = open_app(db_url, system_clock)
    other_seat = open_app(db_url, system_clock)  # its changes reach us only through the feed
    t0 = system_clock.now()
    put_back = seed_deadlines(app, [t0 + timedelta(seconds=s) for s in (4, 5)])  # 1 h away after
    before_jump = deadlines(app)
    scheduler = AlarmScheduler(app, wall=system_clock, sweep_seconds=600)
    scheduler.start()
    try:
        time.sleep(1.0)
        system_clock.jump(-HOUR)
        # Deadlines set after the jump, a few seconds ahead of the clock as it now reads:
        here = report_due_in(app, 3)
        there = report_due_in(other_seat, 4)
        stored = deadlines(app)
        wait_for_lapses(app, [here, there], timeout=8)
        # Past the instants the put-back deadlines were planned for before the jump (by
        # the machine's real clock): by the clock they are still an hour away.
        while datetime.now(UTC) < max(put_back.values()) + timedelta(seconds=0.5):
            time.sleep(0.1)
        raised = lapses(app)
        assert set(raised) == {here, there}, "raised early, or a deadline missed"
        for clock_id in (here, there):
            late = (raised[clock_id].raised_at - stored[clock_id]).total_seconds()
            assert 0 <= late < ON_TIME, f"clock {clock_id} raised {late:.1f} s after its deadline"
        # The clock is put right again: the put-back deadlines are now past, and raise at once.
        jumped = time.monotonic()
        system_clock.jump(HOUR)
        seen = wait_for_lapses(app, put_back, timeout=8)
        time.sleep(1.0)  # a late duplicate or stray alarm would show by now
        raised = lapses(app)
    finally:
        scheduler.stop()
        other_seat.close()
    # Each once (lapses() checks). Besides, only what fell due by the clock: a report's 当天
    # clock lapses at local midnight, which the jump forward crosses between 00:00 and 01:00.
    assert set(raised) >= {here, there} | set(put_back)
    due = deadlines(app)
    extra = set(raised) - {here, there} - set(put_back)
    assert all(due[c] <= system_clock.now() for c in extra), "raised before its deadline"
    assert jumps_logged(caplog) == [-1.0, 1.0]
    for clock_id in put_back:
        assert seen[clock_id] - jumped < AT_ONCE
    assert_nothing_early(app)
    after = deadlines(app)
    assert after == stored and before_jump.items() <= after.items()  # no jump moved a deadline
    app.close()
