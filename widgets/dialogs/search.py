"""Ctrl+F: find incidents, tasks and duty-log lines by text, number or person; a double
click (or Enter) on a result opens its incident."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from console.context import App
from console.errors import ConsoleError
from console.services.search import Hit, search

KINDS = {"incident": QT_TRANSLATE_NOOP("SearchDialog", "事件"), "task": QT_TRANSLATE_NOOP("SearchDialog", "任务"),
         "log": QT_TRANSLATE_NOOP("SearchDialog", "值班日志")}  # fmt: skip


class SearchDialog(QDialog):
    open_incident = Signal(int)

    def __init__(self, app: App, parent=None, later=None) -> None:  # type: ignore[no-untyped-def]
        """`later(read, show)`: the window's reader (a search of a year's cases is read off
        the GUI thread); without one, at once."""
        super().__init__(parent)
        self.app, self.later = app, later
        self._asked = 0  # the newest search asked: an older one's answer is dropped
        self.setWindowTitle(self.tr("搜索"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setPlaceholderText(
            self.tr("事件标题、地点、诉求、电话、#编号、人员姓名、日志内容…")
        )
        self.query.setClearButtonEnabled(True)
        layout.addWidget(self.query)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.results = QTreeWidget()
        self.results.setRootIsDecorated(False)
        self.results.setHeaderLabels(
            [self.tr("类别"), self.tr("内容"), self.tr("所在"), self.tr("时间")]
        )
        header = self.results.header()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.results.setColumnWidth(0, 80)
        self.results.setColumnWidth(2, 260)
        self.results.setColumnWidth(3, 110)
        self.results.itemActivated.connect(self._open)
        layout.addWidget(self.results, 1)
        self.hits: list[Hit] = []
        self._soon = QTimer(self)  # searched when the typing pauses
        self._soon.setSingleShot(True)
        self._soon.setInterval(250)
        self._soon.timeout.connect(self.run)
        self.query.textChanged.connect(self._soon.start)
        self.query.returnPressed.connect(self.run)

    def run(self) -> None:
        self._soon.stop()
        text = self.query.text().strip()
        self.results.clear()
        self.hits = []
        if not text:
            self.status.setText("")
            return
        self._asked += 1
        asked = self._asked

        def read() -> list[Hit] | str:
            try:
                return search(self.app, text)
            except ConsoleError as exc:  # bad input, the database gone: said, not raised
                return str(exc)

        def show(found: list[Hit] | str) -> None:
            if asked == self._asked:
                self.put(found)

        if self.later is None:
            show(read())
        else:
            self.status.setText(self.tr("搜索中…"))
            self.later(read, show)

    def put(self, found: list[Hit] | str) -> None:
        self.results.clear()
        if isinstance(found, str):
            self.status.setText(found)
            return
        self.hits = found
        for h in self.hits:
            item = QTreeWidgetItem(
                [self.tr(KINDS[h.kind]), h.title, h.detail, (h.at or "")[5:16].replace("T", " ")]
            )
            item.setToolTip(1, h.title)
            item.setData(0, Qt.ItemDataRole.UserRole, h.incident)
            self.results.addTopLevelItem(item)
        self.status.setText(
            self.tr("找到 %n 条", "", len(self.hits)) if self.hits else self.tr("没有找到")
        )

    def _open(self, item: QTreeWidgetItem) -> None:
        incident = item.data(0, Qt.ItemDataRole.UserRole)
        if incident is not None:
            self.open_incident.emit(int(incident))
