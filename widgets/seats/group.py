"""The group seat (coordinators, members): the role-based task list of the user's group."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from console.context import App
from console.services import tasks
from console.views.records import UserView
from widgets.boards.models import TASK_ID, TaskTableModel
from widgets.boards.view import TASK_WIDTHS, make_table, visible_rows
from widgets.seats.base import Seat
from widgets.style import LANE_TITLE_QSS


class GroupSeat(Seat):
    """The role-based task list of the signed-in user's group."""

    def __init__(self, app: App, user: UserView, lane: str, lane_name: str) -> None:
        super().__init__(app, user, only_lane=lane, only_group=user.group)
        self._done_by_me: list[int] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.checkin)
        title = QLabel(self.tr("本组任务 — %1").replace("%1", lane_name))
        title.setStyleSheet(LANE_TITLE_QSS)
        layout.addWidget(title)
        self.model = TaskTableModel(app.time)
        self.view = make_table(self.model, stretch=TaskTableModel.TITLE, widths=TASK_WIDTHS)
        self.view.doubleClicked.connect(self._open_task_incident)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.task_pane)  # the task chosen, explained
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self._follow_selection()
        buttons = QHBoxLayout()
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("完成备注(可选)"))
        self.complete_button = QPushButton(self.tr("完成 ✔ (Ctrl+Enter)"))
        self.block_button = QPushButton(self.tr("受阻… (Ctrl+B)"))
        self.undo_button = QPushButton(self.tr("撤销完成 (Ctrl+Z)"))
        self.complete_button.clicked.connect(self.complete)
        self.block_button.clicked.connect(self.block)
        self.undo_button.clicked.connect(self.undo)
        buttons.addWidget(self.note, 1)
        for b in (self.complete_button, self.block_button, self.undo_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.boards.lanes_changed.connect(self._bind)
        self.lane = lane

    def _bind(self) -> None:
        self.model = self.boards.models[self.lane]
        self.view.setModel(self.model)
        self.model.visible_rows = lambda: visible_rows(self.view)
        self.view.setColumnHidden(TaskTableModel.STATE, False)
        self._follow_selection()

    def _follow_selection(self) -> None:
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.task_pane.follow(self._chosen())
        )

    def _chosen(self) -> int | None:
        """The task selected (not merely current: a row that left moves the current one)."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.data(rows[0], TASK_ID) if rows else None

    def selected_task(self) -> int | None:
        # The row the user is on (selected, or current by the keyboard); never a guess.
        rows = self.view.selectionModel().selectedRows()
        current = rows[0] if rows else self.view.selectionModel().currentIndex()
        return self.model.data(current, TASK_ID) if current.isValid() else None

    def selected_incident(self) -> int | None:
        """The incident of the task the user is on (the group seat lists tasks, not incidents)."""
        rows = self.view.selectionModel().selectedRows()
        current = rows[0] if rows else self.view.selectionModel().currentIndex()
        if not current.isValid() or not 0 <= current.row() < self.model.rowCount():
            return None
        return self.model.row_at(current.row()).incident_id

    def _open_task_incident(self, *_: object) -> None:
        iid = self.selected_incident()
        if iid is not None:
            self.open_incident.emit(iid)

    def complete(self) -> None:
        task_id = self.selected_task()
        if task_id is None:
            return
        if self.act(
            tasks.complete, task_id, self.note.text(), version=self.boards.task_version(task_id)
        ):
            self._done_by_me.append(task_id)
            self.note.clear()

    def block(self) -> None:
        task_id = self.selected_task()
        if task_id is None:
            return
        version = self.boards.task_version(task_id)  # what the user saw, before the dialog
        reason, ok = QInputDialog.getText(self, self.tr("标记受阻"), self.tr("受阻原因:"))
        if ok:
            self.act(tasks.block, task_id, reason, version=version)

    def undo(self) -> None:
        """Takes back the last completion of this seat; an entry that cannot be undone any more
        (undone elsewhere, shift over) is dropped, so the next Ctrl+Z reaches the one before."""
        if self._done_by_me:
            self.act(tasks.undo_complete, self._done_by_me.pop())
