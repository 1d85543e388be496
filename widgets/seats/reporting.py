"""报告时限 on the command screen: for each active incident whose plan sets reporting
deadlines (a plan's `reporting`: 初报 within 1 小时 of 启动预案, a 续报 every 2 小时 …), the next
report due, counting down — "下次初报 00:42:10", "下次续报 01:59:59", red once lapsed:
"续报超时 00:05:00".

Each deadline is a task of the case with its own clock (console/incidents/reporting.py), so
it is among the board rows the seat already holds: the panel reads them whenever the boards
change, and the seat's one timer moves the countdowns (deadline − now of the rows in hand;
nothing is read from the database on a tick)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.time.format import countdown
from console.views.board import BoardRow
from widgets.boards.state import Boards
from widgets.style import LANE_ALERT_QSS, LANE_TITLE_QSS, STATE_COLOURS

INCIDENT_ID = Qt.ItemDataRole.UserRole
ROWS_SHOWN = 4  # the panel grows to this many incidents, then scrolls


class ReportClocks(QWidget):
    """The next report due per active incident, from the seat's board rows."""

    open_incident = Signal(int)

    def __init__(self, app: App, boards: Boards) -> None:
        super().__init__()
        self.app, self.boards = app, boards
        self.due: dict[int, tuple[str, BoardRow]] = {}  # incident → (初报/续报, its deadline's row)
        self._items: list[tuple[QTreeWidgetItem, str, BoardRow]] = []
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        self.title = QLabel(self.tr("报告时限"))
        self.title.setStyleSheet(LANE_TITLE_QSS)
        v.addWidget(self.title)
        self.tree = QTreeWidget()
        self.tree.setObjectName("reports")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("下次报告"), self.tr("事件")])
        self.tree.setHeaderHidden(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(
            lambda item: self.open_incident.emit(item.data(0, INCIDENT_ID))
        )
        v.addWidget(self.tree)
        self._lapsed = False
        self.setVisible(False)
        boards.rows_changed.connect(self.refresh)

    def refresh(self) -> None:
        """The boards changed: which deadline is next, per incident."""
        due: dict[int, tuple[str, BoardRow]] = {}
        for r in self.boards.reports.values():
            if not r.report or r.due_at is None:
                continue
            held = due.get(r.incident_id)
            if held is None or r.due_at < held[1].due_at:  # type: ignore[operator]
                due[r.incident_id] = (r.report, r)
        self.due = due
        titles = {r.incident_id: r.title for r in self.boards.incidents.rows()}
        self.tree.clear()
        self._items = []
        for iid, (kind, row) in sorted(due.items(), key=lambda kv: kv[1][1].due_at):  # type: ignore[arg-type, return-value]
            item = QTreeWidgetItem(["", f"#{iid} {titles.get(iid, '')}"])
            item.setData(0, INCIDENT_ID, iid)
            item.setToolTip(1, f"#{iid} {titles.get(iid, '')}\n{row.title} · {row.group_name}")
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            self.tree.addTopLevelItem(item)
            self._items.append((item, kind, row))
        self.setVisible(bool(due))
        self._fit()
        self.tick()

    def _fit(self) -> None:
        """As tall as its rows, up to ROWS_SHOWN."""
        n = min(max(len(self._items), 1), ROWS_SHOWN)
        row = self.tree.sizeHintForRow(0) if self._items else self.fontMetrics().height() + 6
        self.tree.setFixedHeight(n * max(row, 1) + 2 * self.tree.frameWidth() + 2)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.FontChange:  # wall mode: taller rows
            self._fit()
        super().changeEvent(event)

    def text(self, kind: str, row: BoardRow, now: datetime) -> str:
        left = row.remaining(now)
        seconds = left.total_seconds() if left is not None else 0
        kind = self.tr(kind)  # 初报, 续报, 终报 (DYNAMIC in scripts/i18n.py)
        if seconds < 0:
            return self.tr("%1超时 %2").replace("%1", kind).replace("%2", countdown(-seconds))
        text = self.tr("下次%1 %2").replace("%1", kind).replace("%2", countdown(seconds))
        return text + (" " + self.tr("(暂停)") if row.status == "paused" else "")

    def line(self, incident_id: int) -> str | None:
        """What the panel says of an incident now (None: no report due)."""
        for item, kind, row in self._items:
            if item.data(0, INCIDENT_ID) == incident_id:
                return self.text(kind, row, self.app.time.now())
        return None

    def tick(self) -> None:
        """The seat's one timer: deadline − now for each row shown."""
        if not self._items:
            if self._lapsed:
                self._lapsed = False
                self.title.setStyleSheet(LANE_TITLE_QSS)
                self.title.setText(self.tr("报告时限"))
            return
        now = self.app.time.now()
        lapsed = 0
        for item, kind, row in self._items:
            state = row.clock_state(now)
            lapsed += state == "lapsed"
            item.setText(0, self.text(kind, row, now))
            bg, fg = STATE_COLOURS.get(state, (None, None))
            item.setBackground(0, bg if bg is not None else QColor(0, 0, 0, 0))
            item.setForeground(0, fg if fg is not None else self.palette().text().color())
        title = self.tr("报告时限")
        if lapsed:
            title += "  " + self.tr("超时 %n", "", lapsed)
        if title != self.title.text():
            self.title.setText(title)
        if bool(lapsed) != self._lapsed:
            self._lapsed = bool(lapsed)
            self.title.setStyleSheet(LANE_ALERT_QSS if lapsed else LANE_TITLE_QSS)
