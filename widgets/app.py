"""Starts the console window. The command screen, group seats and intake come with the
screens issue; for now the window shows what the engine holds, so `python main.py` works."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from console.app import open_app
from console.scheduler import AlarmScheduler
from console.services import alarms, queries
from widgets.bridge import ConsoleBridge


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py")
    parser.add_argument("--db")
    args, qt_args = parser.parse_known_args(list(argv))
    app = open_app(args.db or os.environ.get("CONSOLE_DB"))
    qt = QApplication([sys.argv[0], *qt_args])
    window = QMainWindow()
    window.setWindowTitle("应急指挥台")
    label = QLabel()
    window.setCentralWidget(label)

    def refresh(*_: object) -> None:
        plans = ", ".join(p.name for p in app.catalogue)
        label.setText(f"预案:{plans}\n进行中的事件:{len(queries.list_incidents(app))}"
                      f"\n未确认告警:{len(alarms.list_alarms(app, 'open'))}")  # fmt: skip

    scheduler = AlarmScheduler(app)
    bridge = ConsoleBridge(app, scheduler)
    bridge.changed.connect(refresh)
    bridge.alarms_raised.connect(refresh)
    scheduler.start()
    refresh()
    window.resize(900, 300)
    window.show()
    try:
        return qt.exec()
    finally:
        scheduler.stop()
        bridge.detach()
        app.close()
