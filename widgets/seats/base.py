"""What every seat shares: its boards, one 1 Hz timer, and service calls that show refusals."""

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from console.context import App, Change
from console.errors import Conflict, ConsoleError
from console.views.records import UserView
from widgets.boards.state import Boards


class Seat(QWidget):
    """What every seat shares: its boards, one 1 Hz timer, refresh from changes."""

    open_incident = Signal(int)
    acted = Signal()  # a change of ours was committed: refresh now, not at the next poll

    def __init__(self, app: App, user: UserView, only_lane: str | None = None) -> None:
        super().__init__()
        self.app, self.user = app, user
        self.boards = Boards(app, only_lane)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.boards.tick)

    def start(self) -> None:
        self.boards.load()
        self.timer.start()

    def apply(self, change: Change) -> None:
        self.boards.apply(change)

    def act(self, fn, *args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        """Runs a service call; a refusal is shown, never swallowed. When another seat was
        first (Conflict), the view is refreshed to what is true now."""
        try:
            fn(self.app, self.user.name, *args, **kwargs)
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("未执行"), str(exc))
            if isinstance(exc, Conflict):
                self.acted.emit()
            return False
        self.acted.emit()
        return True
