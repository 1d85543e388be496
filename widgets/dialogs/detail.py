"""An incident in full: the report, every clock (deadline and elapsed side by side, with its
pause history), tasks by group, and the timeline with a box for a log note."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.errors import ConsoleError
from console.people.privacy import mask_phone
from console.services import incidents, queries, reports
from console.time.format import countdown
from widgets.drill import mark


class IncidentDetail(QDialog):
    noted = Signal(int)

    def __init__(
        self,
        app: App,
        actor: str,
        incident_id: int,
        *,
        can_note: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.app, self.actor, self.incident_id = app, actor, incident_id
        self.resize(980, 680)
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        tabs = QTabWidget()
        self.fields = QWidget()
        self.form = QFormLayout(self.fields)
        self.clocks = QTreeWidget()
        self.clocks.setHeaderLabels([self.tr("时钟"), self.tr("状态"), self.tr("起算"), self.tr("期限"),
                                     self.tr("已用"), self.tr("剩余")])  # fmt: skip
        self.tasks = QTreeWidget()
        self.tasks.setHeaderLabels([self.tr("任务"), self.tr("岗位"), self.tr("状态"), self.tr("期限"),
                                    self.tr("完成人/时间")])  # fmt: skip
        self.timeline = QListWidget()
        tabs.addTab(self.fields, self.tr("接报信息"))
        tabs.addTab(self.clocks, self.tr("时钟"))
        tabs.addTab(self.tasks, self.tr("任务"))
        tabs.addTab(self.timeline, self.tr("时间线"))
        layout.addWidget(tabs, 1)
        if can_note:
            row = QHBoxLayout()
            self.note = QLineEdit()
            self.note.setPlaceholderText(self.tr("值班日志:输入后回车"))
            self.significant = QCheckBox(self.tr("重要(上指挥屏)"))
            add = QPushButton(self.tr("记录"))
            add.setAutoDefault(False)  # Return in the note box records once, not twice
            add.clicked.connect(self.add_note)
            self.note.returnPressed.connect(self.add_note)
            row.addWidget(self.note, 1)
            row.addWidget(self.significant)
            row.addWidget(add)
            layout.addLayout(row)
        report = QPushButton(self.tr("结案报告:预览与打印…"))
        report.setAutoDefault(False)
        report.clicked.connect(self.print_report)
        layout.addWidget(report, 0, Qt.AlignmentFlag.AlignRight)
        self.reload()
        mark(app, self)  # 测试 in a sandbox, 演练 in a drill

    def print_report(self) -> None:
        from console.services.reports import print_incident_report
        from widgets.dialogs.printing import PdfPrinter

        PdfPrinter(self, self.tr("结案报告") + f" #{self.incident_id}",
                   lambda path: print_incident_report(self.app, self.actor, self.incident_id, path)).preview()  # fmt: skip

    def reload(self) -> None:
        inc = queries.show(self.app, self.incident_id)
        prefix = f"【{self.app.watermark}】" if self.app.watermark else ""
        self.setWindowTitle(f"{prefix}#{inc.id} {inc.title}")
        self.header.setText(f"<b>#{inc.id} {inc.title}</b> — {inc.plan_name} · {inc.level_name} · "
                            f"{inc.state_name}")  # fmt: skip
        while self.form.rowCount():
            self.form.removeRow(0)
        for label, key in (("渠道", "channel_name"), ("接报时间", "received_at"), ("投诉人", "reporter"),
                           ("联系方式", "contact"), ("人数", "people"), ("核心诉求", "demands"), ("地点", "location"),
                           ("情绪状态", "mood"), ("投诉类型", "type_name"), ("登记人", "recorded_by")):  # fmt: skip
            shown = getattr(inc, key)
            if key == "contact" and not reports.contact_visible(self.app, self.actor, inc.plan):
                shown = mask_phone(shown)  # in full only for the plan's unmask_roles
            if key == "received_at" and shown:
                shown = shown[:16].replace("T", " ")
            value = QLabel(str(shown or "—"))
            value.setWordWrap(True)
            self.form.addRow(self.tr(label) + ":", value)
        self.clocks.clear()
        for c in queries.clocks_of(self.app, self.incident_id):
            clock = c.clock
            left = countdown(clock.remaining_s) if clock.remaining_s is not None else "—"
            item = QTreeWidgetItem([c.rule_name, clock.clock_state or "", (c.started_at or "")[5:16].replace("T", " "),
                                    (clock.due_at or "")[5:16].replace("T", " "), countdown(c.elapsed_s), left])  # fmt: skip
            item.setToolTip(0, c.basis)
            for e in c.history:
                moved = (
                    f"  {e.due_before[5:16]} → {e.due_after[5:16]}"
                    if e.due_before and e.due_after
                    else ""
                )
                item.addChild(QTreeWidgetItem([f"{(e.at or '')[5:16].replace('T', ' ')} {e.kind} {e.by}",
                                               e.reason + moved]))  # fmt: skip
            self.clocks.addTopLevelItem(item)
        self.clocks.expandAll()
        self.tasks.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for t in inc.tasks or ():
            parent = groups.get(t.group)
            if parent is None:
                parent = groups[t.group] = QTreeWidgetItem([t.group_name])
                self.tasks.addTopLevelItem(parent)
            done = f"{t.done_by} {t.done_at[5:16].replace('T', ' ')}" if t.done_at else ""
            state = {"open": "待办", "done": "已完成", "blocked": "受阻"}.get(t.state, t.state)
            parent.addChild(QTreeWidgetItem([t.title, t.role_name, self.tr(state),
                                             (t.clock.due_at or "—")[5:16].replace("T", " "), done]))  # fmt: skip
        self.tasks.expandAll()
        self.timeline.clear()
        for e in queries.timeline(self.app, self.incident_id):
            self.timeline.addItem(f"{(e.at or '')[5:19].replace('T', ' ')}  {e.actor}  {'★ ' if e.significant else ''}"
                                  f"{e.text}")  # fmt: skip
        self.timeline.scrollToBottom()

    def add_note(self) -> None:
        text = self.note.text()
        try:
            incidents.add_note(
                self.app,
                self.actor,
                self.incident_id,
                text,
                significant=self.significant.isChecked(),
            )
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("未记录"), str(exc))
            return
        self.note.clear()
        self.significant.setChecked(False)
        self.noted.emit(self.incident_id)
        self.reload()
