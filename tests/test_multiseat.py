"""Several seats on one PostgreSQL database: each seat here has its own App (engine,
connections) and, where it matters, its own LISTEN connection, as separate processes would.
Skipped with the reason when no PostgreSQL is reachable (failed instead in CI)."""

import os
import shutil
import subprocess
import threading
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select, text

from console.context import open_app
from console.errors import Conflict, Unavailable
from console.runners.scheduler import AlarmScheduler
from console.services import alarms, tasks
from console.services.demo import load_demo
from console.views.records import TaskView
from models import Alarm, Task
from widgets.boards.models import TaskTableModel
from widgets.bridge import ConsoleBridge
from widgets.window import MainWindow


@pytest.fixture
def seats(pg_url, clock, tmp_path):
    """Seat A and seat B: two apps on the same database, the demo loaded once."""
    a = open_app(pg_url, clock, calendar_dir=tmp_path / "cal")
    b = open_app(pg_url, clock, calendar_dir=tmp_path / "cal")
    load_demo(a)
    yield a, b
    a.close()
    b.close()


def seat_window(qtbot, app, name, *, poll=False, scheduler=None):
    """A seat's window, woken only by NOTIFY (its 1-second poll stopped unless poll)."""
    from console.services import users

    user = next(u for u in users.list_users(app) if u.name == name)
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    bridge = ConsoleBridge(app, scheduler)
    bridge.listen()
    bridge.connect_window(window)
    window.start()
    window.show()
    if not poll:
        app.bus.polling = False
    qtbot.waitUntil(lambda: bridge.listener.online is True, timeout=5000)
    qtbot.wait(300)  # the listener's catch-up on connecting has been handled
    return window, bridge


def open_task_in(app, group: str) -> Task:
    with app.read() as s:
        return (
            s.execute(
                select(Task).where(Task.group_id == group, Task.state == "open").order_by(Task.id)
            )
            .scalars()
            .first()
        )


def test_a_task_completed_on_seat_b_shows_on_seat_a(qtbot, seats):
    a, b = seats
    window, bridge = seat_window(qtbot, a, "zhang")
    try:
        task = open_task_in(b, "onsite")
        assert task.id in {r.task_id for r in window.seat.boards.all_rows()}
        tasks.complete(b, "zhao", task.id)  # seat B, its own connection
        # Only NOTIFY can bring it: seat A's poll is stopped.
        qtbot.waitUntil(
            lambda: task.id not in {r.task_id for r in window.seat.boards.all_rows()}, timeout=2000
        )
    finally:
        bridge.detach()


def test_two_seats_completing_the_same_task_at_once_one_wins_the_other_is_told(seats):
    a, b = seats
    task = open_task_in(a, "onsite")
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def seat(app, who):
        barrier.wait()
        try:
            results[who] = tasks.complete(app, who, task.id, version=task.version)
        except Conflict as exc:
            results[who] = exc

    threads = [
        threading.Thread(target=seat, args=(a, "zhao")),
        threading.Thread(target=seat, args=(b, "sun")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    won = [w for w, r in results.items() if isinstance(r, TaskView)]
    lost = [r for r in results.values() if isinstance(r, Conflict)]
    assert len(won) == 1 and len(lost) == 1
    assert f"已被 {won[0]} 于 10:00 完成" in str(lost[0])
    with a.read() as s:  # the winner's completion stands, not overwritten
        assert s.get(Task, task.id).done_by == won[0]


def test_the_seat_that_lost_the_race_is_told_who_won_and_its_view_refreshes(
    qtbot, seats, monkeypatch
):
    a, b = seats
    window, bridge = seat_window(qtbot, a, "zhao")  # the 现场处置组 coordinator's seat
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: told.append(message))
    try:
        seat = window.seat
        task_id = seat.model.row_at(0).task_id
        seat.view.selectRow(0)
        a.bus.listener.on_notify = lambda _payload: None  # seat A has not heard of B's change yet
        tasks.complete(b, "sun", task_id)
        seat.complete()  # acts on what it shows: the version it saw is stale
        assert told and "已被 sun 于 10:00 完成" in told[0]
        assert task_id not in {r.task_id for r in seat.boards.all_rows()}  # refreshed
        with a.read() as s:
            assert s.get(Task, task_id).done_by == "sun"
    finally:
        bridge.detach()


def test_a_stale_reassign_is_refused_and_nothing_is_overwritten(seats):
    a, b = seats
    task = open_task_in(a, "onsite")
    tasks.block(b, "zhao", task.id, "等待现场警力", version=task.version)
    with pytest.raises(Conflict, match="已被 zhao 于 10:00 标记受阻"):
        tasks.reassign(a, "zhang", task.id, group="coordination", version=task.version)
    with a.read() as s:
        fresh = s.get(Task, task.id)
        assert fresh.group_id == "onsite" and fresh.state == "blocked"


def test_one_alarm_for_one_lapsed_clock_with_two_schedulers_and_ack_clears_it_everywhere(
    qtbot, seats, clock
):
    a, b = seats
    window_a, bridge_a = seat_window(qtbot, a, "zhang")
    window_b, bridge_b = seat_window(qtbot, b, "li")
    schedulers = [AlarmScheduler(a), AlarmScheduler(b)]
    try:
        with a.read() as s:
            before = s.execute(select(func.count()).select_from(Alarm)).scalar_one()
        clock.advance(timedelta(minutes=20))  # some of the demo's deadlines lapse now
        for sch in schedulers:
            sch.start()
        for sch in schedulers:  # both sweep again, at once
            threading.Thread(target=sch.sweep).start()
        qtbot.waitUntil(lambda: len(window_b.banner.items) > 0, timeout=5000)
        with a.read() as s:
            rows = s.execute(select(Alarm.clock_id, Alarm.kind)).all()
        assert len(rows) > before
        assert len(rows) == len(set(rows))  # one alarm per clock and kind, never two
        # the scheduler's alarms are read off each window's GUI thread: shown when read
        qtbot.waitUntil(lambda: window_a.banner.top_alarm_id() is not None, timeout=5000)
        target = window_a.banner.top_alarm_id()
        qtbot.waitUntil(lambda: target in _ids(window_b), timeout=3000)
        alarms.ack(a, "zhang", target)
        qtbot.waitUntil(lambda: target not in _ids(window_b), timeout=2000)  # cleared on B too
    finally:
        for sch in schedulers:
            sch.stop()
        bridge_a.detach()
        bridge_b.detach()


def _ids(window):
    out = set()
    for item in window.banner.items:
        out.update(getattr(item, "ids", None) or [getattr(item, "id", None)])
    return out


# --- outages --------------------------------------------------------------------------
def _cluster():
    if (
        os.geteuid() != 0
        or shutil.which("pg_ctlcluster") is None
        or not os.path.isdir("/etc/postgresql")
    ):
        return None
    version = sorted(os.listdir("/etc/postgresql"))[0]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


class Outage:
    """Stops and starts the local PostgreSQL (as root, with pg_ctlcluster); elsewhere it
    cuts this database off instead (connections refused and dropped)."""

    def __init__(self, url):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.name = make_url(url).database
        self.cluster = _cluster()
        self.server = create_engine(
            make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT"
        )

    def begin(self):
        if self.cluster:
            subprocess.run([*self.cluster, "stop", "-m", "fast"], check=True, capture_output=True)
            return
        with self.server.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false'))
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                         {"n": self.name})  # fmt: skip

    def end(self):
        if self.cluster:
            subprocess.run([*self.cluster, "start"], check=True, capture_output=True)
        else:
            with self.server.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true'))
        self.server.dispose()


@pytest.mark.serial  # stops the server every other worker's PostgreSQL tests use
def test_a_database_outage_shows_offline_keeps_counting_refuses_changes_and_recovers(
    qtbot, seats, pg_url, clock, monkeypatch
):
    a, _ = seats
    scheduler = AlarmScheduler(a)
    window, bridge = seat_window(qtbot, a, "zhang", poll=True, scheduler=scheduler)
    scheduler.start()
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: told.append(message))
    outage = Outage(pg_url)
    model = window.seat.boards.models["onsite"]
    row = next(i for i in range(model.rowCount()) if model.row_at(i).due_at)
    task_id = model.row_at(row).task_id
    alarms_before = {a_.id for a_ in alarms.list_alarms(a, "all")}
    ended = False
    try:
        outage.begin()
        qtbot.waitUntil(lambda: window.offline.isVisible(), timeout=5000)  # within 5 s
        assert "数据库连接中断" in window.offline.text()
        # the last state stays, and its countdowns run on from the known deadlines
        shown = model.data(model.index(row, TaskTableModel.COUNTDOWN))
        clock.advance(timedelta(minutes=30))  # deadlines lapse while the database is away
        window.seat.timer.timeout.emit()
        assert model.data(model.index(row, TaskTableModel.COUNTDOWN)) != shown
        assert model.rowCount() > 0
        # a change is refused with a clear message, never pretended
        with pytest.raises(Unavailable, match="未保存"):
            tasks.complete(a, "zhao", task_id)
        window.seat.act(tasks.complete, task_id)
        assert told and "未保存" in told[-1]
        outage.end()
        ended = True
        qtbot.waitUntil(lambda: not window.offline.isVisible(), timeout=20_000)  # by itself
        # caught up: what lapsed during the outage is raised and shows in the banner
        qtbot.waitUntil(
            lambda: bool({x.id for x in alarms.list_alarms(a, "all")} - alarms_before),
            timeout=10_000,
        )
        window.pull_changes()
        new = {x.id for x in alarms.list_alarms(a, "open")} - alarms_before
        # each shown, or counted in the banner's "另有 N 条告警"
        assert new and new <= window.banner.open_ids
        assert _ids(window) & new
        with a.read() as s:
            assert s.get(Task, task_id).state == "open"  # the refused completion was not saved
    finally:
        if not ended:
            outage.end()
        scheduler.stop()
        bridge.detach()
