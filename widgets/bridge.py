"""The one place where plain-Python events from the console become Qt signals.

The scheduler raises alarms on its worker thread and the services notify listeners on
whatever thread committed; Qt delivers these signals to receivers in the GUI thread
(queued connections), so no widget is ever touched from another thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.changes import PgListener
from console.context import App, Change
from console.runners.scheduler import AlarmScheduler
from console.sla.alarms import Swept


class ConsoleBridge(QObject):
    changed = Signal(object)  # console.app.Change
    alarms_raised = Signal(object)  # console.alarms.Swept
    remote = Signal(str)  # another seat committed (PostgreSQL NOTIFY payload)
    status = Signal(bool)  # the database is reachable (True) or not

    def __init__(self, app: App, scheduler: AlarmScheduler | None = None) -> None:
        super().__init__()
        self._app = app
        self._scheduler = scheduler
        app.listeners.append(self._on_change)
        if scheduler is not None:
            scheduler.on_swept.append(self._on_swept)
        self.listener: PgListener | None = None

    def listen(self) -> bool:
        """On PostgreSQL, listens for other seats' commits and the connection's state."""
        if self._app.engine.dialect.name != "postgresql":
            return False
        self.listener = PgListener(self._app.url, self.remote.emit, self._on_status)
        self.listener.start()
        return True

    def connect_window(self, window) -> None:  # type: ignore[no-untyped-def]
        """Everything that should make a seat look again."""
        self.changed.connect(window.pull_changes)
        self.alarms_raised.connect(window.pull_changes)
        self.remote.connect(window.wake)
        self.status.connect(window.set_online)

    def _on_change(self, change: Change) -> None:
        self.changed.emit(change)

    def _on_status(self, online: bool) -> None:
        self.status.emit(online)
        if online and self._scheduler is not None:  # back: raise what fell due meanwhile
            self._scheduler.catch_up()

    def _on_swept(self, swept: Swept) -> None:
        self.alarms_raised.emit(swept)

    def detach(self) -> None:
        if self.listener is not None:
            self.listener.stop()
        if self._on_change in self._app.listeners:
            self._app.listeners.remove(self._on_change)
        if self._scheduler is not None and self._on_swept in self._scheduler.on_swept:
            self._scheduler.on_swept.remove(self._on_swept)
