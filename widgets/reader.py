"""Database reads off the GUI thread, their results applied on it.

A view hands the reader two functions: `read` (plain Python: queries, numpy, no widget) runs
on the reader's one thread; `apply` (the widgets) runs on the GUI thread with what it
returned, in the order the reads were asked for. So a read that takes a second (the boards
of 120,000 open clocks after a reconnect, 17,000 alarms after a sweep) never stops the
countdowns, and what a view shows is never older than what it showed before."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

Failed = Callable[[BaseException], None]


class Reader(QObject):
    _ready = Signal()  # a result is waiting (emitted on the reader's thread, queued to the GUI's)
    idle = Signal()  # every read asked for is applied (GUI thread)

    def __init__(self, name: str = "read") -> None:
        super().__init__()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._results: deque[tuple] = deque()  # read, not yet applied, in order
        self._done = threading.Condition()
        self._pending = 0  # asked for and not yet applied (the GUI thread's count)
        self._closed = False
        self._ready.connect(self._drain)

    @property
    def busy(self) -> bool:
        """A read asked for and not yet applied."""
        return self._pending > 0

    def submit(self, read: Callable[[], Any], apply: Callable[[Any], None],
               failed: Failed | None = None) -> None:  # fmt: skip
        """`read()` on the reader's thread, then `apply(result)` on the GUI thread (or
        `failed(exception)` there, when the read or the apply raised)."""
        if self._closed:
            return

        def work() -> None:
            try:
                item = (apply, failed, True, read())
            except Exception as exc:  # noqa: BLE001 - handed to the GUI thread to show
                item = (apply, failed, False, exc)
            with self._done:
                self._results.append(item)
                self._done.notify_all()
            self._ready.emit()

        self._pending += 1
        self._pool.submit(work)

    def _drain(self) -> None:
        """Applies every result read so far, in order (GUI thread)."""
        while True:
            with self._done:
                if not self._results:
                    break
                apply, failed, ok, value = self._results.popleft()
            self._pending -= 1
            try:
                if not ok:
                    raise value
                apply(value)
            except Exception as exc:  # a slot must not raise into Qt
                if failed is not None:
                    failed(exc)
                else:
                    log.error("a read for the window failed", exc_info=exc)
        if self._pending == 0 and not self._closed:
            self.idle.emit()

    def wait(self, timeout: float = 30.0) -> None:
        """Applies every read asked for so far, now (F5, this seat's own action while others
        are being read, tests): blocks the GUI thread until they are read, without running
        its event loop meanwhile (no click or close is handled in the middle)."""
        deadline = time.monotonic() + timeout
        while self._pending > 0:
            with self._done:
                if not self._results and not self._done.wait(deadline - time.monotonic()):
                    log.warning("reads still under way after %s s", timeout)
                    return
            self._drain()

    def close(self) -> None:
        """Nothing more is read or applied (the window closes)."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._done:
            self._results.clear()
        self._pending = 0
