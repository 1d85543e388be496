"""What every seat shares: its boards, one 1 Hz timer, and service calls that show refusals."""

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from console.changes import Change
from console.context import App
from console.errors import Conflict, ConsoleError
from console.views.records import UserView
from widgets.boards.state import Boards


class Seat(QWidget):
    """What every seat shares: its boards, one 1 Hz timer, refresh from changes."""

    open_incident = Signal(int)
    stale = Signal()  # another seat was first: what this seat shows is behind, look now

    def __init__(self, app: App, user: UserView, only_lane: str | None = None,
                 only_group: str | None = None) -> None:  # fmt: skip
        super().__init__()
        self.app, self.user = app, user
        self.boards = Boards(app, only_lane, only_group)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.boards.tick)

    def start(self) -> None:
        self.boards.load()
        self.timer.start()

    def apply(self, change: Change) -> None:
        self.boards.apply(change)

    def selected_incident(self) -> int | None:
        """The incident the user has chosen on this seat, if any (never a guess)."""
        return None

    def act(self, fn, *args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        """Runs a service call; a refusal is shown, never swallowed. What it changed reaches
        every view through the change bus before this returns. When another seat was first
        (Conflict), the seat asks to look now (their change may not be here yet)."""
        try:
            fn(self.app, self.user.name, *args, **kwargs)
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("未执行"), str(exc))
            if isinstance(exc, Conflict):
                self.stale.emit()
            return False
        return True
