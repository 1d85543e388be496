"""The duty desk (duty officers): 接报登记, the incidents at a glance and the duty log."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.changes import Change
from console.context import App
from console.services import incidents, queries, tasks
from console.views.records import UserView
from widgets.boards.view import INCIDENT_WIDTHS, keep_selection, make_table
from widgets.seats.base import Seat
from widgets.style import LANE_TITLE_QSS

TASK_ROLE = Qt.ItemDataRole.UserRole
INCIDENT_ROLE = Qt.ItemDataRole.UserRole + 1


class DutyDesk(Seat):
    """接报登记, the duty log, and the incidents at a glance."""

    def __init__(self, app: App, user: UserView) -> None:
        super().__init__(app, user)
        layout = QVBoxLayout(self)
        layout.addWidget(self.checkin)
        top = QHBoxLayout()
        self.intake_button = QPushButton(self.tr("接报登记 (Ctrl+N)"))
        top.addWidget(self.intake_button)
        top.addStretch(1)
        layout.addLayout(top)
        split = QSplitter(Qt.Orientation.Vertical)
        self.incident_view = make_table(self.boards.incidents, stretch=2, widths=INCIDENT_WIDTHS)
        self.incident_view.doubleClicked.connect(
            lambda idx: self.open_incident.emit(self.boards.incidents.row_at(idx.row()).incident_id)
        )
        keep_selection(self.incident_view, self.boards.incidents)
        split.addWidget(self.incident_view)
        # 首问负责: the tasks the plan gave the person who took the report (第一时间报告 …)
        mine_box = QWidget()
        mv = QVBoxLayout(mine_box)
        mv.setContentsMargins(0, 0, 0, 0)
        mine_heading = QLabel(self.tr("我的任务(首问负责)"))
        mine_heading.setStyleSheet(LANE_TITLE_QSS)
        self.mine = QListWidget()
        self.mine.itemDoubleClicked.connect(
            lambda item: self.open_incident.emit(item.data(INCIDENT_ROLE))
        )
        self.done_button = QPushButton(self.tr("完成所选任务"))
        self.done_button.clicked.connect(self.complete_mine)
        row = QHBoxLayout()
        row.addWidget(mine_heading, 1)
        row.addWidget(self.done_button)
        mv.addLayout(row)
        mine_split = QSplitter(Qt.Orientation.Horizontal)
        mine_split.addWidget(self.mine)
        mine_split.addWidget(self.task_pane)  # the task chosen, explained
        self.mine.currentItemChanged.connect(
            lambda item, _: self.task_pane.follow(item.data(TASK_ROLE) if item else None)
        )
        mv.addWidget(mine_split, 1)
        split.addWidget(mine_box)
        log_box = QWidget()
        lv = QVBoxLayout(log_box)
        lv.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("值班日志"))
        heading.setStyleSheet(LANE_TITLE_QSS)
        self.log = QListWidget()
        self.entry = QLineEdit()
        self.entry.setPlaceholderText(self.tr("记录本班情况,回车保存(选中事件则记入该事件)"))
        self.entry.returnPressed.connect(self.add_log)
        lv.addWidget(heading)
        lv.addWidget(self.log, 1)
        lv.addWidget(self.entry)
        split.addWidget(log_box)
        layout.addWidget(split, 1)

    def read_more(self, change: Change) -> tuple[list[dict] | None, list | None]:
        """The duty log when the change wrote to it, the officer's own open tasks (most urgent
        first) when it touched tasks or incidents: one query each."""
        everything = not change.complete
        return (
            queries.duty_log(self.app, limit=200) if change.log or everything else None,
            queries.board(self.app, assignee=self.user.name)
            if change.tasks or change.boards or everything
            else None,
        )

    def show_more(self, more: object) -> None:
        log, mine = more if isinstance(more, tuple) else (None, None)
        if log is not None:
            self.show_log(log)
        if mine is not None:
            self.show_mine(mine)

    def show_mine(self, mine: list) -> None:
        chosen = self.mine.currentItem().data(TASK_ROLE) if self.mine.currentItem() else None
        self.mine.clear()
        for t in mine:
            due = (t.clock.due_at or "")[5:16].replace("T", " ")
            item = QListWidgetItem(f"#{t.incident} {t.title}" + (f"  期限 {due}" if due else ""))
            item.setData(TASK_ROLE, t.id)
            item.setData(INCIDENT_ROLE, t.incident)
            self.mine.addItem(item)
            if t.id == chosen:
                self.mine.setCurrentItem(item)

    def selected_task(self) -> int | None:
        """The task chosen among the officer's own (首问负责)."""
        item = self.mine.currentItem()
        return item.data(TASK_ROLE) if item is not None else None

    def complete_mine(self) -> None:
        item = self.mine.currentItem()
        if item is not None:
            self.act(tasks.complete, item.data(TASK_ROLE), "")

    def show_log(self, entries: list[dict]) -> None:
        """The log as read; a reader scrolled back keeps their place, one at the end follows."""
        bar = self.log.verticalScrollBar()
        at_end, position = bar.value() >= bar.maximum() - 2, bar.value()
        self.log.clear()
        for e in entries:
            at = e["at"][5:16].replace("T", " ")
            self.log.addItem(f"{at}  #{e['incident_id']} {e['actor']}: {e['text']}")
        if at_end:
            self.log.scrollToBottom()
        else:
            bar.setValue(position)

    def selected_incident(self) -> int | None:
        rows = self.incident_view.selectionModel().selectedRows()
        return self.boards.incidents.row_at(rows[0].row()).incident_id if rows else None

    def add_log(self) -> None:
        iid = self.selected_incident()
        if iid is None:
            QMessageBox.information(self, self.tr("值班日志"), self.tr("请先选中一起事件。"))
            return
        if self.act(incidents.add_note, iid, self.entry.text()):
            self.entry.clear()
