"""The seats: the command screen (leader, deputies; supervisors read-only), the group seat
(coordinators, members) and the duty desk (duty officers)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.app import App, Change
from console.errors import Conflict, ConsoleError
from console.lifecycle import STATE_NAMES, TRANSITIONS, State
from console.services import incidents, queries, tasks
from widgets.boards import Boards
from widgets.countdowns import CountdownDelegate, Look, paint_column
from widgets.style import LANE_ALERT_QSS, LANE_TITLE_QSS
from widgets.task_model import DISPLAY, TASK_ID, TaskTableModel

# What changes how countdowns are painted. A board is no window: of its window gaining
# or losing focus (the selection's colour group) it hears WindowActivate/-Deactivate,
# never the ActivationChange its window gets.
LOOK_CHANGES = {QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange,
                QEvent.Type.ActivationChange, QEvent.Type.EnabledChange,
                QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate}  # fmt: skip


class BoardView(QTableView):
    """A board table. A countdown-only change repaints exactly those cells: Qt's own
    dataChanged update rectangle reaches one pixel into the next column, which made every
    tick repaint (and elide) the task titles beside the countdowns as well."""

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:  # type: ignore[no-untyped-def]
        column = top_left.column()
        if column != bottom_right.column() or len(roles) != 1 or roles[0] != DISPLAY:
            super().dataChanged(top_left, bottom_right, roles)
            return
        if self.isColumnHidden(column):
            return
        top = self.rowViewportPosition(top_left.row())
        bottom = self.rowViewportPosition(bottom_right.row()) + self.rowHeight(bottom_right.row())
        x = self.columnViewportPosition(column)
        self.viewport().update(QRect(x, top, self.columnWidth(column), bottom - top))

    _look: Look | None = None

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """A repaint inside the countdown column (a tick's) is painted in one pass over its
        rows; anything wider goes through the table and its delegates as usual."""
        column = self.model().countdown_column
        area = event.rect()
        x = self.columnViewportPosition(column)
        inside = x <= area.left() and area.right() < x + self.columnWidth(column)
        if inside and not self.verticalHeader().hiddenSectionCount():  # rows evenly spaced
            paint_column(self, self.look(), column, area)
            return
        super().paintEvent(event)

    def look(self) -> Look:
        """How this board paints countdowns, for a tick and for its delegate alike."""
        ratio = self.viewport().devicePixelRatioF()
        if self._look is None or self._look.ratio != ratio:
            self._look = Look(self.font(), self.palette(), ratio)
        return self._look

    def event(self, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() in LOOK_CHANGES:  # wall mode, another palette, the window (in)active
            self._look = None
        return super().event(event)


def make_table(model, *, stretch: int, widths: dict[int, int] | None = None,  # type: ignore[no-untyped-def]
               wall_hidden: tuple[int, ...] = ()) -> QTableView:  # fmt: skip
    """A read-only table whose columns are sized once: never ResizeToContents, which would
    make the view measure every row on every tick."""
    view = BoardView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(40)
    view.column_chars = widths or {}  # type: ignore[attr-defined]
    view.wall_hidden = wall_hidden  # type: ignore[attr-defined]  # columns a wall display drops
    fit_columns(view)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setShowGrid(False)
    view.setItemDelegateForColumn(model.countdown_column, CountdownDelegate(view))
    model.visible_rows = lambda: visible_rows(view)
    return view


def keep_selection(view: QTableView, model) -> None:  # type: ignore[no-untyped-def]
    """Re-selects the same item (by its id) after the model resets under the user's hand."""
    remembered: list[int] = []

    def before() -> None:
        rows = view.selectionModel().selectedRows() if view.selectionModel() else []
        remembered[:] = [model.data(rows[0], TASK_ID)] if rows else []

    def after() -> None:
        if not remembered:
            return
        for row in range(model.rowCount()):
            if model.data(model.index(row, 0), TASK_ID) == remembered[0]:
                view.selectRow(row)
                return

    model.modelAboutToBeReset.connect(before)
    model.modelReset.connect(after)


def fit_columns(view: QTableView) -> None:
    """Column widths and row height for the current font (again after wall mode)."""
    metrics = view.fontMetrics()
    em = metrics.horizontalAdvance("剩")
    view.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
    for column, chars in getattr(view, "column_chars", {}).items():
        view.horizontalHeader().resizeSection(column, int(chars * em))


def visible_rows(view: QTableView) -> tuple[int, int] | None:
    """The model rows the view shows now, or None when it shows none (hidden, another tab)."""
    if not view.isVisible() or view.visibleRegion().isEmpty():
        return None
    first = view.rowAt(0)
    if first < 0:
        return None
    last = view.rowAt(view.viewport().height() - 1)
    return first, (last if last >= 0 else view.model().rowCount() - 1)


TASK_WIDTHS = {TaskTableModel.COUNTDOWN: 5.2, TaskTableModel.INCIDENT: 4.6, TaskTableModel.ROLE: 6.5,
               TaskTableModel.STATE: 3.5}  # fmt: skip
INCIDENT_WIDTHS = {0: 5.2, 1: 3.2, 3: 4.2, 4: 2.6}


class Lane(QWidget):
    """One work group's board: its name, its open tasks across incidents by time left."""

    def __init__(self, title: str, model: TaskTableModel) -> None:
        super().__init__()
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.title = QLabel()
        self.title.setStyleSheet(LANE_TITLE_QSS)
        self.name = title
        self._alert = 0
        self.view = make_table(model, stretch=TaskTableModel.TITLE, widths=TASK_WIDTHS,
                               wall_hidden=(TaskTableModel.ROLE,))  # fmt: skip
        self.view.setColumnHidden(TaskTableModel.STATE, True)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        model.rowsInserted.connect(self.update_title)
        model.rowsRemoved.connect(self.update_title)
        model.modelReset.connect(self.update_title)
        model.recoloured.connect(self.update_title)  # a row's warn/due point passed this tick
        self.update_title()

    def update_title(self) -> None:
        now = self.model.clock.now()
        rows = self.model.rows()
        lapsed = sum(1 for r in rows if r.clock_state(now) == "lapsed")
        blocked = sum(1 for r in rows if r.state == "blocked")
        text = f"{self.name}  {len(rows)}"
        if lapsed:
            text += "  " + self.tr("超时 %n", "", lapsed)
        if blocked:
            text += "  " + self.tr("受阻 %n", "", blocked)
        self.title.setText(text)
        if bool(lapsed) != bool(self._alert):
            self._alert = lapsed
            self.title.setStyleSheet(LANE_ALERT_QSS if lapsed else LANE_TITLE_QSS)

    def selected_task(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.data(rows[0], TASK_ID) if rows else None


class Seat(QWidget):
    """What every seat shares: its boards, one 1 Hz timer, refresh from changes."""

    open_incident = Signal(int)
    acted = Signal()  # a change of ours was committed: refresh now, not at the next poll

    def __init__(self, app: App, user: dict, only_lane: str | None = None) -> None:
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
            fn(self.app, self.user["name"], *args, **kwargs)
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("未执行"), str(exc))
            if isinstance(exc, Conflict):
                self.acted.emit()
            return False
        self.acted.emit()
        return True


class CommandScreen(Seat):
    """All active incidents and a board per work group, with the leader's actions."""

    def __init__(self, app: App, user: dict, *, read_only: bool) -> None:
        super().__init__(app, user)
        self.read_only = read_only
        self.lanes: dict[str, Lane] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.events = QLabel()
        self.events.setObjectName("events")
        self.events.setWordWrap(True)
        layout.addWidget(self.events)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.incident_view = make_table(
            self.boards.incidents, stretch=2, widths=INCIDENT_WIDTHS, wall_hidden=(3, 4)
        )
        self.incident_view.doubleClicked.connect(self._open_selected_incident)
        keep_selection(self.incident_view, self.boards.incidents)
        self._last_lane: str | None = None
        self.incident_view.installEventFilter(self)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("进行中的事件"))
        title.setStyleSheet(LANE_TITLE_QSS)
        lv.addWidget(title)
        lv.addWidget(self.incident_view)
        split.addWidget(left)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(4)
        split.addWidget(self.grid_host)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 1180])
        layout.addWidget(split, 1)
        self.boards.lanes_changed.connect(self._build_lanes)

    def start(self) -> None:
        super().start()
        self.refresh_events()

    def _build_lanes(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.lanes = {}
        keys = list(self.boards.models)
        columns = 3 if len(keys) <= 9 else 4
        for i, key in enumerate(keys):
            lane = Lane(self.boards.lane_names.get(key, key), self.boards.models[key])
            lane.view.doubleClicked.connect(
                lambda idx, m=self.boards.models[key]: self._open_task_incident(m, idx)
            )
            lane.view.pressed.connect(lambda _idx, k=key: setattr(self, "_last_lane", k))
            self.lanes[key] = lane
            self.grid.addWidget(lane, i // columns, i % columns)

    def refresh_events(self) -> None:
        """The events strip: the latest significant duty-log entries."""
        notes = []
        for inc in queries.list_incidents(self.app)[-8:]:
            for e in queries.timeline(self.app, inc["id"]):
                if e["significant"] and e["kind"] == "note":
                    notes.append((e["at"], f"#{inc['id']} {e['text']}"))
        notes.sort(reverse=True)
        self.events.setText(
            "  ◆ ".join(f"{at[11:16]} {text}" for at, text in notes[:4])
            or self.tr("(暂无重要动态)")
        )

    def apply(self, change: Change) -> None:
        super().apply(change)
        self.refresh_events()

    def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
        if obj is self.incident_view and event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return, Qt.Key.Key_Enter):  # fmt: skip
            self._open_selected_incident()
            return True
        return super().eventFilter(obj, event)

    # --- selection --------------------------------------------------------------------
    def selected_incident(self) -> int | None:
        rows = self.incident_view.selectionModel().selectedRows()
        # No fall-back to the top row: an action on an incident nobody chose is worse than none.
        return self.boards.incidents.row_at(rows[0].row()).incident_id if rows else None

    def selected_task(self) -> int | None:
        """The task selected in the lane the user touched last (each lane keeps its own)."""
        lane = self.lanes.get(self._last_lane or "")
        if lane is not None and lane.selected_task() is not None:
            return lane.selected_task()
        focused = [lane for lane in self.lanes.values() if lane.view.hasFocus()]
        return focused[0].selected_task() if focused else None

    def _open_selected_incident(self, *_: object) -> None:
        iid = self.selected_incident()
        if iid is not None:
            self.open_incident.emit(iid)

    def _open_task_incident(self, model: TaskTableModel, index: QModelIndex) -> None:
        self.open_incident.emit(model.row_at(index.row()).incident_id)

    # --- leader actions ---------------------------------------------------------------
    def activate(self) -> None:
        iid = self.selected_incident()
        if iid is not None and QMessageBox.question(self, self.tr("启动预案"), self.tr("对事件 #%1 启动预案?").replace(
                "%1", str(iid))) == QMessageBox.StandardButton.Yes:  # fmt: skip
            self.act(incidents.activate, iid)

    def regrade(self) -> None:
        iid = self.selected_incident()
        if iid is None:
            return
        version = self.boards.incident_version(iid)  # what the user saw, before the dialog
        inc = queries.show(self.app, iid)
        plan = self.app.catalogue.get(inc["plan"])
        names = [f"{lv.name} ({lv.id})" for lv in plan.levels]
        choice, ok = QInputDialog.getItem(self, self.tr("调整响应级别"), f"#{iid} {inc['title']}", names,
                                          names.index(next(n for n in names if n.endswith(f"({inc['level']})"))), False)  # fmt: skip
        if ok:
            level = choice.rsplit("(", 1)[1].rstrip(")")
            self.act(incidents.regrade, iid, level, version=version)

    def advance(self) -> None:
        iid = self.selected_incident()
        if iid is None:
            return
        version = self.boards.incident_version(iid)  # what the user saw, before the dialog
        inc = queries.show(self.app, iid)
        nexts = sorted(TRANSITIONS[State(inc["state"])])
        if not nexts:
            return
        names = [f"{STATE_NAMES[s]} ({s.value})" for s in nexts]
        choice, ok = QInputDialog.getItem(
            self, self.tr("推进事件状态"), f"#{iid} {inc['state_name']} →", names, 0, False
        )
        if ok:
            target = choice.rsplit("(", 1)[1].rstrip(")")
            self.act(incidents.advance, iid, target, version=version)

    def reassign(self) -> None:
        task_id = self.selected_task()
        if task_id is None:
            QMessageBox.information(
                self, self.tr("改派任务"), self.tr("请先在工作组看板中选中一项任务。")
            )
            return
        version = self.boards.task_version(task_id)  # what the user saw, before the dialog
        with self.app.read() as s:
            from models import Task

            task = s.get(Task, task_id)
            plan = self.app.catalogue.get(task.incident.plan_id)
        options = [f"{g.name} / {r.name} ({g.id}:{r.id})" for g in plan.org.groups for r in g.roles]
        choice, ok = QInputDialog.getItem(self, self.tr("改派任务"), task.title, options, 0, False)
        if ok:
            group, role = choice.rsplit("(", 1)[1].rstrip(")").split(":")
            self.act(tasks.reassign, task_id, group=group, role=role, version=version)


class GroupSeat(Seat):
    """The role-based task list of the signed-in user's group."""

    def __init__(self, app: App, user: dict, lane: str, lane_name: str) -> None:
        super().__init__(app, user, only_lane=lane)
        self._done_by_me: list[int] = []
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("本组任务 — %1").replace("%1", lane_name))
        title.setStyleSheet(LANE_TITLE_QSS)
        layout.addWidget(title)
        self.model = TaskTableModel(app.clock)
        self.view = make_table(self.model, stretch=TaskTableModel.TITLE, widths=TASK_WIDTHS)
        layout.addWidget(self.view, 1)
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

    def selected_task(self) -> int | None:
        # The row the user is on (selected, or current by the keyboard); never a guess.
        rows = self.view.selectionModel().selectedRows()
        current = rows[0] if rows else self.view.selectionModel().currentIndex()
        return self.model.data(current, TASK_ID) if current.isValid() else None

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


class DutyDesk(Seat):
    """接报登记, the duty log, and the incidents at a glance."""

    def __init__(self, app: App, user: dict) -> None:
        super().__init__(app, user)
        layout = QVBoxLayout(self)
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

    def start(self) -> None:
        super().start()
        self.refresh_log()

    def apply(self, change: Change) -> None:
        super().apply(change)
        self.refresh_log()

    def refresh_log(self) -> None:
        """Reloads the log; a reader scrolled back keeps their place, one at the end follows."""
        bar = self.log.verticalScrollBar()
        at_end, position = bar.value() >= bar.maximum() - 2, bar.value()
        self.log.clear()
        entries = []
        for inc in queries.list_incidents(self.app):
            entries += [
                (e["at"], f"#{inc['id']} {e['actor']}: {e['text']}")
                for e in queries.timeline(self.app, inc["id"])
            ]
        for at, text in sorted(entries)[-200:]:
            self.log.addItem(f"{at[5:16].replace('T', ' ')}  {text}")
        if at_end:
            self.log.scrollToBottom()
        else:
            bar.setValue(position)

    def add_log(self) -> None:
        rows = self.incident_view.selectionModel().selectedRows()
        iid = self.boards.incidents.row_at(rows[0].row()).incident_id if rows else None
        if iid is None:
            QMessageBox.information(self, self.tr("值班日志"), self.tr("请先选中一起事件。"))
            return
        if self.act(incidents.add_note, iid, self.entry.text()):
            self.entry.clear()
            self.refresh_log()
