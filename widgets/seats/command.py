"""The command screen (leaders, deputies; supervisors read-only): the active incidents and
a lane per work group, with the leader's actions."""

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.changes import Change
from console.context import App
from console.incidents.lifecycle import STATE_NAMES, TRANSITIONS, State
from console.people.permissions import Action, allowed
from console.services import help, incidents, queries, tasks
from console.views.records import HelpView, UserView
from widgets.boards.models import TASK_ID, TaskTableModel
from widgets.boards.view import INCIDENT_WIDTHS, TASK_WIDTHS, keep_selection, make_table
from widgets.dialogs.choose import choose
from widgets.seats.base import Seat
from widgets.seats.callout import RollPanel
from widgets.seats.help_bar import HelpBar
from widgets.seats.reporting import ReportClocks
from widgets.style import LANE_ALERT_COLOURS, LANE_TITLE_COLOURS, LANE_TITLE_QSS


class LaneTitle(QWidget):
    """A lane's name and counts on one line, as wide as the lane: the counts always whole,
    the name elided before them when the lane is narrow (the leader lane of five plans in
    use is "应急小组(组长、副组长) / 校区 / …"), whole in its tooltip; red when the lane has
    a lapse. Painted by itself, not a QLabel: new counts (every second at 120,000 clocks)
    repaint this line only, where a label's new text laid out and painted the whole screen;
    and it never widens the lane (a label's text once made the screen 2,240 px wide)."""

    PAD = 6

    def __init__(self) -> None:
        super().__init__()
        self.name, self.counts, self.alert = "", "", False
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._fit_height()

    def set_parts(self, name: str, counts: str, alert: bool) -> None:
        if (name, counts, alert) != (self.name, self.counts, self.alert):
            self.name, self.counts, self.alert = name, counts, alert
            self.setToolTip(name + counts)
            self.setAccessibleName(name + counts)  # a screen reader reads what a label would
            self.update()

    def text(self) -> str:
        """What the line shows: the name elided to the room the counts leave; in a lane too
        narrow for both, the name keeps its first five characters' room and the counts are
        cut (whole in the tooltip)."""
        metrics = QFontMetrics(self._bold(), self)  # this screen's resolution
        room = self.width() - 2 * self.PAD - 1  # a pixel for rounding
        least = min(metrics.horizontalAdvance(self.name), metrics.horizontalAdvance("剩" * 5))
        elide = Qt.TextElideMode.ElideRight
        counts = metrics.elidedText(self.counts, elide, max(room - least, 0))
        name = metrics.elidedText(
            self.name, elide, max(room - metrics.horizontalAdvance(counts), 0)
        )
        return name + counts

    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _fit_height(self) -> None:
        self.setFixedHeight(QFontMetrics(self._bold(), self).height() + 6)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.FontChange:  # wall mode and back
            self._fit_height()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(10 * self.PAD, self.height())

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        background, colour = LANE_ALERT_COLOURS if self.alert else LANE_TITLE_COLOURS
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(background))
        painter.setFont(self._bold())
        painter.setPen(QColor(colour))
        area = self.rect().adjusted(self.PAD, 0, -self.PAD, 0)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.text())  # fmt: skip


class Lane(QWidget):
    """One work group's board: its name, its open tasks across incidents by time left."""

    def __init__(self, title: str, model: TaskTableModel) -> None:
        super().__init__()
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.title = LaneTitle()
        self.name = title
        self.view = make_table(model, stretch=TaskTableModel.TITLE, widths=TASK_WIDTHS,
                               wall_hidden=(TaskTableModel.ROLE,))  # fmt: skip
        self.view.setColumnHidden(TaskTableModel.STATE, True)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        # Counted once per turn of the event loop, however many rows a change moved.
        self._title_soon = QTimer(self)
        self._title_soon.setSingleShot(True)
        self._title_soon.setInterval(0)
        self._title_soon.timeout.connect(self.update_title)
        # counted: the whole lane's counts moved (a change, or a point passing, loaded or not)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.counted):
            signal.connect(self._title_soon.start)
        self.update_title()

    def update_title(self) -> None:
        """The lane's counts from the whole lane, not only the rows loaded."""
        c = self.model.lane_counts()
        lapsed = c.lapsed  # the alert style below follows it
        text = f"  {c.total}"
        if lapsed:
            text += "  " + self.tr("超时 %n", "", lapsed)
        if c.warning:
            text += "  " + self.tr("预警 %n", "", c.warning)
        if c.total:
            text += "  " + self.tr("进行中 %n", "", c.running)
        if c.blocked:
            text += "  " + self.tr("受阻 %n", "", c.blocked)
        self.title.set_parts(self.name, text, alert=bool(lapsed))

    def selected_task(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.data(rows[0], TASK_ID) if rows else None


class CommandScreen(Seat):
    """All active incidents and a board per work group, with the leader's actions."""

    def __init__(self, app: App, user: UserView, *, read_only: bool) -> None:
        super().__init__(app, user)
        self.read_only = read_only
        self.lanes: dict[str, Lane] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.checkin)  # a deputy called out confirms here
        # 求助 from the groups, on top as alarms are
        self.help_bar = HelpBar(self._acknowledge_help, can_ack=allowed(user.role, Action.ACK_HELP))
        # placed by the window, under the alarm banner: it stays in view on the wall
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
        # The incidents above, their next reports due (报告时限), the roll of their call-outs
        # (到位确认 by group) below.
        self.left_split = QSplitter(Qt.Orientation.Vertical)
        self.left_split.addWidget(self.incident_view)
        self.reports = ReportClocks(app, self.boards)
        self.reports.open_incident.connect(self.open_incident)
        self.timer.timeout.connect(self.reports.tick)
        self.left_split.addWidget(self.reports)
        self.roll = RollPanel(self.rolls)
        self.roll.open_incident.connect(self.open_incident)
        self.timer.timeout.connect(self.roll.tick)
        self.left_split.addWidget(self.roll)
        self.left_split.addWidget(self.task_pane)  # a task chosen in a lane, explained
        self.left_split.setStretchFactor(0, 1)
        self.left_split.setStretchFactor(1, 0)
        self.left_split.setStretchFactor(2, 1)
        self.left_split.setStretchFactor(3, 1)
        lv.addWidget(self.left_split, 1)
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
            lane.view.selectionModel().selectionChanged.connect(
                lambda *_, lane=lane: self.task_pane.follow(lane.selected_task())
            )
            self.lanes[key] = lane
            self.grid.addWidget(lane, i // columns, i % columns)

    def read_more(self, change: Change) -> tuple[list[dict] | None, list[HelpView] | None]:
        """The events strip (the latest significant duty-log entries) and the open requests
        for help, each when the change touched them."""
        everything = not change.complete
        notes = (
            queries.duty_log(self.app, limit=4, notes_only=True)[::-1]
            if change.log or everything
            else None
        )
        helps = help.open_requests(self.app) if change.help or everything else None
        return notes, helps

    def show_more(self, more: object) -> None:
        """The strip shows the latest notes; with none, it takes no line (issue 21)."""
        notes, helps = more if isinstance(more, tuple) else (None, None)
        if notes is not None:
            self.events.setText(
                "  ◆ ".join(f"{e['at'][11:16]} #{e['incident_id']} {e['text']}" for e in notes)
            )
            self.events.setVisible(bool(notes))
        if helps is not None:
            self.help_bar.show_requests(helps)

    def _acknowledge_help(self, request: HelpView) -> None:
        self.act(help.acknowledge, request.id, version=request.version)

    def acknowledge_oldest_help(self) -> None:
        if self.help_bar.requests:
            self._acknowledge_help(self.help_bar.requests[0])

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

    def complete(self) -> None:
        """A supervisor's screen is read-only but for their own 监督小组's tasks (回访验证,
        审计): the one chosen in a lane is done (the service refuses any other group's)."""
        task_id = self.selected_task()
        if task_id is not None:
            self.act(tasks.complete, task_id, "", version=self.boards.task_version(task_id))

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
        inc = queries.incident(self.app, iid)
        plan = self.app.catalogue.get(inc.plan)
        if plan is None:
            return
        levels = [(f"{lv.name} ({lv.id})", lv.id) for lv in plan.levels]
        current = next((i for i, (_, level_id) in enumerate(levels) if level_id == inc.level), 0)
        level = choose(self, self.tr("调整响应级别"), f"#{iid} {inc.title}", levels, current)
        if level is not None:
            self.act(incidents.regrade, iid, level, version=version)

    def advance(self) -> None:
        iid = self.selected_incident()
        if iid is None:
            return
        version = self.boards.incident_version(iid)  # what the user saw, before the dialog
        inc = queries.incident(self.app, iid)
        nexts = sorted(TRANSITIONS[State(inc.state)])
        if not nexts:
            return
        states = [(f"{STATE_NAMES[s]} ({s.value})", s.value) for s in nexts]
        target = choose(self, self.tr("推进事件状态"), f"#{iid} {inc.state_name} →", states)
        if target is not None:
            self.act(incidents.advance, iid, target, version=version)

    def reassign(self) -> None:
        task_id = self.selected_task()
        if task_id is None:
            QMessageBox.information(
                self, self.tr("改派任务"), self.tr("请先在工作组看板中选中一项任务。")
            )
            return
        version = self.boards.task_version(task_id)  # what the user saw, before the dialog
        task = queries.task(self.app, task_id)
        plan = self.app.catalogue.get(queries.incident(self.app, task.incident).plan)
        if plan is None:
            return
        options = [(f"{g.name} / {r.name} ({g.id}:{r.id})", (g.id, r.id))
                   for g in plan.org.groups for r in g.roles]  # fmt: skip
        chosen = choose(self, self.tr("改派任务"), task.title, options)
        if chosen is not None:
            group, role = chosen  # type: ignore[misc]
            self.act(tasks.reassign, task_id, group=group, role=role, version=version)
