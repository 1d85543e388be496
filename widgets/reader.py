"""Database reads off the GUI thread, their results applied on it.

A view hands the reader two functions: `read` (plain Python: queries, numpy, no widget) runs
on the reader's one thread; `apply` (the widgets) runs on the GUI thread with what it
returned, in the order the reads were asked for. So a read that takes a second (the boards
of 120,000 open clocks after a reconnect, 17,000 alarms after a sweep) never stops the
countdowns, and what a view shows is never older than what it showed before."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal

log = logging.getLogger(__name__)


class Reader(QObject):
    _done = Signal(object)  # (apply, failed, ok, value), emitted on the reader's thread

    def __init__(self, name: str = "read") -> None:
        super().__init__()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending: list[Future] = []
        self._lock = threading.Lock()
        self._done.connect(self._deliver)  # queued: the receiver lives on the GUI thread

    @property
    def busy(self) -> bool:
        """A read asked for and not yet applied."""
        return bool(self._pending)

    def submit(self, read: Callable[[], Any], apply: Callable[[Any], None],
               failed: Callable[[BaseException], None] | None = None) -> None:  # fmt: skip
        """`read()` on the reader's thread, then `apply(result)` on the GUI thread (or
        `failed(exception)` there, when the read raised)."""

        def work() -> None:
            try:
                value, ok = read(), True
            except Exception as exc:  # noqa: BLE001 - handed to the GUI thread to show
                value, ok = exc, False
            self._done.emit((future, apply, failed, ok, value))

        with self._lock:
            future: Future = self._pool.submit(work)
            self._pending.append(future)

    def _deliver(self, item: tuple) -> None:
        future, apply, failed, ok, value = item
        with self._lock:
            if future in self._pending:
                self._pending.remove(future)
        try:
            if ok:
                apply(value)
            elif failed is not None:
                failed(value)
            else:
                log.error("a read failed", exc_info=value)
        except Exception:  # a slot must not raise into Qt
            log.exception("applying a read failed")

    def wait(self, timeout: float = 30.0) -> None:
        """Until every read asked for so far is applied (F5 and tests: "look now")."""
        with self._lock:
            futures = list(self._pending)
        for f in futures:
            f.result(timeout)
        while self._pending:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
