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
from widgets.boards.state import Boards, Loaded
from widgets.seats.callout import CheckinBar, Rolls
from widgets.seats.task_pane import TaskPane

WHOLE = 200  # incidents: a change naming more is read as everything again


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
        # The task chosen, explained (each seat places it beside its tasks); read again
        # after a change, off the GUI thread when the window has a reader.
        self.task_pane = TaskPane(app, later=self.boards.read_later)

    def start(self) -> None:
        self.boards.load()
        self.rolls.load()
        self.show_more(self.read_more(Change(complete=False)))
        self.timer.start()

    # The same in two halves: read_* on any thread (the window's reader, off the GUI
    # thread), put_* on the GUI thread with what it read.
    def read_all(self) -> tuple[Loaded, dict, object]:
        got = self.boards.read_all()
        ids = [r.incident_id for r in got.incidents]
        everything = Change(complete=False)
        return got, notify.rolls(self.app, ids) if ids else {}, self.read_more(everything)

    def put_all(self, read: tuple[Loaded, dict, object]) -> None:
        got, rolls, more = read
        self.boards.install(got)
        self.task_pane.refresh()
        self.rolls.set_views(rolls)
        self.show_more(more)

    def read_change(self, change: Change) -> tuple:
        """What the change's incidents are now: their board rows when it wrote them, else
        only their rolls (a sweep's thousands of alarms and log lines move no board row);
        the boards' first pages again when it wrote more than WHOLE incidents' rows."""
        if change.complete and len(change.boards) > WHOLE:
            return ("all", self.read_all())
        got = self.boards.read_change(change) if change.complete else None
        ids = sorted(change.incidents) if change.complete else []
        return got, notify.rolls(self.app, ids) if ids else None, self.read_more(change)

    def put_change(self, change: Change, read: tuple) -> bool:
        """Shows a change as read; False when it brings a lane or plan newly in use: then
        everything is to be read again (the caller's: `reload`, or the window's reader)."""
        if read[0] == "all":
            self.put_all(read[1])
            return True
        got, rolls, more = read
        if got is not None:
            if self.boards.needs_reload(got):
                return False
            self.boards.put(got)
        if rolls is not None:  # after the boards: they say which incidents are active
            self.rolls.put_change(change, rolls)
            self.task_pane.refresh_for(change)
        self.show_more(more)
        return True

    # What else a seat shows of a change (the events strip, the duty log), in the same two
    # halves: read on any thread, shown on the GUI thread. None: nothing to show anew.
    def read_more(self, change: Change) -> object:
        return None

    def show_more(self, more: object) -> None:
        pass

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
