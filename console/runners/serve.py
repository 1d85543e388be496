"""`main.py serve`: the console without a window, beside the database. It runs the alarm
scheduler (raise, escalate, repeat) and the sender until SIGTERM or SIGINT, logging to the
user log folder (rotating). Any number of `serve` processes and seats may run on one
database: a raise is one row per clock and kind, a message one row per key, and a message
is sent by the one sender that claimed it. `serve --once` does one pass and exits."""

from __future__ import annotations

import logging
import os
import signal
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir

from console.context import App
from console.db import APP_NAME
from console.runners.notifier import Notifier
from console.runners.scheduler import AlarmScheduler
from console.services import alarms

log = logging.getLogger(__name__)


def log_folder() -> Path:
    path = Path(user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _log_to_file() -> Path:
    """serve.log in the user log folder: 5 files of 5 MB, the oldest dropped."""
    path = log_folder() / "serve.log"
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=5 * 1024 * 1024, backupCount=5,
                                      encoding="utf-8")  # fmt: skip
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    # APScheduler says "Added job", "Running job", "executed successfully" … at INFO for
    # every deadline: thousands of lines that would rotate away the ones that matter.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return path


def once(app: App) -> dict:
    """One pass: sweep (raise, escalate, repeat), then send everything due now."""
    swept = alarms.sweep(app)
    notifier = Notifier(app)
    try:
        sent = notifier.drain()
    finally:
        notifier.stop()
    return {"raised": swept.raised, "escalated": swept.escalated, "repeated": swept.repeated,
            "regraded": swept.regraded, **{k: sent.get(k, 0) for k in ("sent", "retrying", "failed")}}  # fmt: skip


def serve(app: App, stop: threading.Event | None = None, parent: int | None = None) -> None:
    """Runs until SIGTERM/SIGINT (or `stop` is set; or, with `parent`, until the process
    that started it is gone: a seat's own, console.runners.beside)."""
    path = _log_to_file()
    stop = stop or threading.Event()
    if parent is not None:
        from console.runners.beside import give_way

        give_way()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    notifier = Notifier(app)
    scheduler = AlarmScheduler(app)
    scheduler.on_swept.append(notifier.wake)
    log.info(
        "serve: started on %s (log %s)", app.engine.url.render_as_string(hide_password=True), path
    )
    scheduler.start()
    notifier.start()
    notifier.wake()
    try:
        while not stop.wait(1.0):
            if parent is not None and os.getppid() != parent:
                log.info("serve: the seat that started it is gone")
                break
    finally:
        log.info("serve: stopping")
        scheduler.stop()
        notifier.stop()
        log.info("serve: stopped")
