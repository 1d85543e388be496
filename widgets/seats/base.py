"""What every seat shares: its boards, one 1 Hz timer, and service calls that show refusals;
the rolls of the active incidents and the 到位确认 bar for the signed-in user."""

import contextlib

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from console.changes import Change
from console.context import App
from console.errors import Conflict, ConsoleError
from console.services import notify
from console.views.records import UserView
from widgets.boards.state import Boards
from widgets.seats.callout import CheckinBar, Rolls


class Seat(QWidget):
    """What every seat shares: its boards, one 1 Hz timer, refresh from changes."""

    open_incident = Signal(int)
    stale = Signal()  # another seat was first: what this seat shows is behind, look now

    def __init__(self, app: App, user: UserView, only_lane: str | None = None,
                 only_group: str | None = None) -> None:  # fmt: skip
        super().__init__()
        self.app, self.user = app, user
        self.boards = Boards(app, only_lane, only_group)
        self.rolls = Rolls(app, self.boards)
        # Each seat puts it at its top: shown while the user has a call-out to confirm.
        self.checkin = CheckinBar(self.rolls, user.name, self.check_in)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.boards.tick)
        self.timer.timeout.connect(self.checkin.tick)

    def start(self) -> None:
        self.boards.load()
        self.rolls.load()
        self.timer.start()

    def reload(self) -> None:
        """Everything again from the database (F5, back online, a change too large to name)."""
        self.boards.load()
        self.rolls.load()

    def apply(self, change: Change) -> None:
        self.boards.apply(change)
        self.rolls.apply(change)  # after the boards: they say which incidents are active

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

    def check_in(self, incident_id: int) -> bool:
        """到位确认 from the seat. A refusal (confirmed meanwhile, e.g. by `checkin` on the
        command line) is shown, and the roll read again."""
        try:
            roll = notify.checkin(self.app, self.user.name, incident_id, via="席位")
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("未执行"), str(exc))
            with contextlib.suppress(ConsoleError):
                self.rolls.refresh(incident_id)
            return False
        self.rolls.put(roll)
        return True
