"""Reads off the GUI thread (widgets/reader.py): what another seat or the scheduler changed
is read on the window's reader thread and shown on the GUI thread, in the order it came,
while the countdowns keep moving; this seat's own action still shows before its click
returns; a read overtaken by a newer one never brings back what was acknowledged."""

import threading
import time
from datetime import timedelta

from PySide6.QtCore import QTimer

from console.changes import Change
from console.context import open_app
from console.errors import Unavailable
from console.services import alarms, tasks, users
from console.services.alarms import sweep
from console.services.demo import load_demo
from widgets.reader import Reader
from widgets.window import MainWindow


def test_reads_are_shown_in_the_order_asked_on_the_gui_thread_however_long_each_takes(qtbot):
    reader, shown, threads = Reader(), [], []

    def slow() -> str:
        threads.append(threading.current_thread())
        time.sleep(0.2)
        return "first"

    reader.submit(slow, shown.append)
    reader.submit(lambda: "second", shown.append)
    assert shown == [] and reader.busy  # the GUI thread did not wait for them
    qtbot.waitUntil(lambda: shown == ["first", "second"], timeout=3000)
    assert not reader.busy and threads[0] is not threading.main_thread()
    reader.close()


def test_the_event_loop_keeps_turning_while_a_second_long_read_runs(qtbot):
    reader, ticks, shown = Reader(), [], []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    reader.submit(lambda: time.sleep(1.0) or "read", shown.append)
    qtbot.waitUntil(lambda: shown == ["read"], timeout=5000)
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > 30 and max(gaps) < 0.25  # the countdowns' timer ran all along
    reader.close()


def test_a_read_that_needs_no_database_is_applied_too_and_wait_applies_everything(qtbot):
    reader, shown = Reader(), []
    reader.submit(lambda: 7, shown.append)  # the first, quicker than submit itself
    reader.submit(lambda: 8, shown.append)
    reader.wait()  # F5, or this seat's own action: everything read so far is shown now
    assert shown == [7, 8] and not reader.busy
    reader.close()


def test_a_read_that_finds_the_database_gone_is_reported_on_the_gui_thread(qtbot):
    reader, failures = Reader(), []

    def gone() -> None:
        raise Unavailable("数据库连接中断")

    reader.submit(
        gone, lambda _: None, lambda exc: failures.append((exc, threading.current_thread()))
    )
    reader.wait()
    assert isinstance(failures[0][0], Unavailable) and failures[0][1] is threading.main_thread()
    reader.close()


def leader_window(qtbot, app) -> MainWindow:  # type: ignore[no-untyped-def]
    """The leader's command screen on the demo."""
    load_demo(app)
    zhang = next(u for u in users.list_users(app) if u.name == "zhang")
    window = MainWindow(app, zhang)
    qtbot.addWidget(window)
    window.start()
    return window


def test_another_seat_s_completion_reaches_the_command_screen_off_the_gui_thread(
    qtbot, app, db_url, clock
):
    window = leader_window(qtbot, app)
    task = window.seat.boards.all_rows()[0]
    read_on = []
    read_change = window.seat.read_change
    window.seat.read_change = lambda change: (
        read_on.append(threading.current_thread()) or read_change(change)
    )
    other_seat = open_app(db_url, clock)  # another process's app: its change comes by the bus
    tasks.complete(other_seat, "zhang", task.task_id, "已办")
    other_seat.close()
    qtbot.waitUntil(lambda: task.task_id not in {r.task_id for r in window.seat.boards.all_rows()},
                    timeout=5000)  # fmt: skip
    assert read_on and all(t is not threading.main_thread() for t in read_on)


def test_an_acknowledged_alarm_does_not_come_back_with_a_read_begun_before_it(qtbot, app, clock):
    load_demo(app)
    clock.advance(timedelta(minutes=16))
    sweep(app)
    zhang = next(u for u in users.list_users(app) if u.name == "zhang")
    window = MainWindow(app, zhang)
    qtbot.addWidget(window)
    window.start()
    banner = window.banner
    older = banner.read()  # a read off the GUI thread, begun before the acknowledgement
    target = alarms.list_alarms(app, "open")[0].id
    alarms.ack(app, "zhang", target)
    banner.refresh()
    banner.put(older)  # delivered late: dropped, not shown (nor sounded) again
    assert target not in {getattr(a, "id", None) for a in banner.items}


def test_changes_that_come_while_a_read_is_under_way_are_read_once_together(
    qtbot, app, db_url, clock
):
    window = leader_window(qtbot, app)
    first, second, third = window.seat.boards.all_rows()[:3]
    reads = []
    read_change = window.seat.read_change
    window.seat.read_change = lambda change: reads.append(change) or read_change(change)
    gate = threading.Event()
    window.reader.submit(gate.wait, lambda _: None)  # a long read under way (a reload)
    other_seat = open_app(db_url, clock)  # another process: its changes come by the bus
    for row in (first, second, third):  # each commit's NOTIFY, one after another
        tasks.complete(other_seat, "zhang", row.task_id, "已办")
        ids = frozenset({row.incident_id})
        window.apply_change(Change(incidents=ids, boards=ids, tasks=frozenset({row.task_id}),
                                   source="remote"))  # fmt: skip
        qtbot.wait(10)
    other_seat.close()
    qtbot.wait(50)  # the flushes run: the reader is busy, so they wait
    assert reads == []
    gate.set()
    qtbot.waitUntil(lambda: not {first.task_id, second.task_id, third.task_id}
                    & {r.task_id for r in window.seat.boards.all_rows()}, timeout=5000)  # fmt: skip
    assert len(reads) == 1  # one read for the three completions
