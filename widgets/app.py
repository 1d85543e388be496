"""Starts the console window. The command screen, group seats and intake come with the
screens issue; for now the window shows what the engine holds, so `python main.py` works."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from console.app import open_app
from console.services import queries


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py")
    parser.add_argument("--db")
    args, qt_args = parser.parse_known_args(list(argv))
    app = open_app(args.db or os.environ.get("CONSOLE_DB"))
    qt = QApplication([sys.argv[0], *qt_args])
    window = QMainWindow()
    window.setWindowTitle("应急指挥台")
    plans = ", ".join(p.name for p in app.catalogue)
    active = queries.list_incidents(app)
    window.setCentralWidget(QLabel(f"预案:{plans}\n进行中的事件:{len(active)}"))
    window.resize(900, 300)
    window.show()
    try:
        return qt.exec()
    finally:
        app.close()
