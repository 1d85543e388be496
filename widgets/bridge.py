"""The one place where plain-Python events from the console become Qt signals.

The change bus delivers on whatever thread committed or heard of a commit (the GUI
thread for this seat's own actions, the listener or the poller for other processes',
the scheduler's worker for its alarms); Qt delivers these signals to receivers in the
GUI thread (queued connections across threads, direct within it), so no widget is ever
touched from another thread, and a seat's own action shows before its click returns."""

from __future__ import annotations

import threading
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from console.changes import Change, PgListener
from console.context import App
from console.runners.scheduler import AlarmScheduler
from console.sla.alarms import Swept


class ConsoleBridge(QObject):
    changed = Signal(object)  # console.changes.Change, from the app's change bus
    status = Signal(bool)  # the database is reachable (True) or not
    alarms_raised = Signal(object)  # console.sla.alarms.Swept, from the scheduler's thread

    def __init__(self, app: App, scheduler: AlarmScheduler | None = None) -> None:
        super().__init__()
        self._app = app
        self._scheduler = scheduler
        app.bus.subscribe(self._on_change)
        app.bus.on_status(self._on_status)
        if scheduler is not None:
            scheduler.on_swept.append(self._on_swept)

    @property
    def listener(self) -> PgListener | None:
        return self._app.bus.listener

    def listen(self) -> bool:
        """On PostgreSQL, other processes' commits arrive by NOTIFY (not only the poll)."""
        return self._app.bus.listen() is not None

    def connect_window(self, window) -> None:  # type: ignore[no-untyped-def]
        """The window shows every change and the connection's state."""
        window.bridge = self
        self.changed.connect(window.apply_change)
        self.status.connect(window.set_online)

    def _on_change(self, change: Change) -> None:
        if change.source == "local" and threading.current_thread() is not threading.main_thread():
            # committed in this process but not by the user's hand (the scheduler's sweep):
            # shown as another seat's is, read off the GUI thread
            change = replace(change, source="thread")
        self.changed.emit(change)

    def _on_status(self, online: bool) -> None:
        self.status.emit(online)

    def _on_swept(self, swept: Swept) -> None:
        self.alarms_raised.emit(swept)

    def detach(self) -> None:
        self._app.bus.unsubscribe(self._on_change)
        self._app.bus.off_status(self._on_status)
        if self._scheduler is not None and self._on_swept in self._scheduler.on_swept:
            self._scheduler.on_swept.remove(self._on_swept)
