"""Alarms raised on the scheduler's worker thread reach the GUI thread as Qt signals."""

import threading
from datetime import UTC, datetime, timedelta

from console.context import open_app
from console.runners.scheduler import AlarmScheduler
from console.time.source import SystemTime
from tests.test_scheduler import seed_clocks
from widgets.bridge import ConsoleBridge


def test_an_alarm_raised_by_the_scheduler_arrives_on_the_gui_thread(qtbot, staff_url):
    app = open_app(staff_url, SystemTime())
    seed_clocks(app, [datetime.now(UTC) + timedelta(milliseconds=700)])
    scheduler = AlarmScheduler(app)
    bridge = ConsoleBridge(app, scheduler)
    seen: list[tuple[object, bool]] = []
    bridge.alarms_raised.connect(
        lambda swept: seen.append((swept, threading.current_thread() is threading.main_thread()))
    )
    scheduler.start()
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    finally:
        scheduler.stop()
        bridge.detach()
        app.close()
    swept, on_gui_thread = seen[0]
    assert len(swept.raised) == 1 and on_gui_thread
