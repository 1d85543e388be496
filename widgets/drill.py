"""Drill mode on screen: the 演练 watermark over every window and dialog of a drill
database, the drill bar (drill time, speed, state, the latest inject; pause, resume,
stop) that plays the injects as they fall due, and the drill report."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.drills.scenario import INJECT_NAMES, DrillError, format_offset
from console.errors import ConsoleError
from console.services import drills
from console.services.reports import drill_report_of, print_drill_report
from console.sla.alarms import ALARM_KIND_NAMES
from console.time.format import DEFAULT_TZ, span
from widgets.dialogs.printing import PdfPrinter

log = logging.getLogger(__name__)


class Watermark(QWidget):
    """A translucent, diagonal "演练" over its parent; clicks pass through it."""

    def __init__(self, parent: QWidget, text: str = "演练") -> None:
        super().__init__(parent)
        self.text = text
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())
        self.raise_()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.parent() and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self.setGeometry(self.parent().rect())  # type: ignore[attr-defined]
            self.raise_()
        return False

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        p = QPainter(self)
        font = QFont(self.font())
        font.setPixelSize(max(48, min(self.width(), self.height()) // 6))
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(220, 38, 38, 40))
        step_x, step_y = font.pixelSize() * 5, font.pixelSize() * 3
        p.translate(self.width() / 2, self.height() / 2)
        p.rotate(-30)
        span = max(self.width(), self.height())
        for y in range(-span, span, step_y):
            offset = (y // step_y) % 2 * step_x // 2
            for x in range(-span - offset, span, step_x):
                p.drawText(QRect(x, y, step_x, step_y), Qt.AlignmentFlag.AlignCenter, self.text)
        p.end()


def mark(app: App, widget: QWidget, overlay_on: QWidget | None = None) -> None:
    """Watermarks a window or dialog (over `overlay_on`, default the widget itself) and
    prefixes its title, when the database is a drill's (演练) or a sandbox (测试)."""
    if app.watermark:
        Watermark(overlay_on or widget, app.watermark)
        title, prefix = widget.windowTitle(), f"【{app.watermark}】"
        if not title.startswith(prefix):
            widget.setWindowTitle(prefix + title)


class DrillBar(QWidget):
    """The red strip under the alarm banner of a drill database's window."""

    applied = Signal(list)  # injects that just arrived (list of drills.Applied)
    ended = Signal()

    def __init__(
        self, app: App, user: str, can_control: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app, self.user, self.can_control = app, user, can_control
        self.replan: Callable[[], object] | None = (
            None  # the scheduler's rebuild (timers follow the clock)
        )
        mode = app.drill.mode if app.drill else ""
        self.latest = ""
        self.director = None
        try:  # the scenario as run, checked against today's plans
            scenario = drills.scenario_of(app)
            if mode != "headless":
                self.director = drills.Director(app, scenario, responses=mode == "scripted")
        except DrillError as exc:  # a plan changed since: the drill shows, injects stop
            self.latest = self.tr("脚本与当前预案不符,不再注入:") + exc.errors[0]
        self.setAutoFillBackground(True)
        self.setStyleSheet("DrillBar{background:#991b1b;} QLabel{color:white;font-weight:bold;}"
                           "QPushButton{padding:2px 10px;}")  # fmt: skip
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        row.addWidget(self.label, 1)
        self.pause_button = QPushButton(self.tr("暂停 (F8)"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button = QPushButton(self.tr("结束演练…"))
        self.stop_button.clicked.connect(self.ask_stop)
        self.report_button = QPushButton(self.tr("演练报告…"))
        self.report_button.clicked.connect(self.show_report)
        for b in (self.pause_button, self.stop_button):
            b.setVisible(can_control)
            row.addWidget(b)
        row.addWidget(self.report_button)
        # One timer for the bar: the drill time, and the injects as they fall due.
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.tick)
        self.refresh()

    @property
    def state(self) -> str:
        return self.app.drill.state if self.app.drill else ""

    def start(self) -> None:
        self.timer.start()
        self.tick()

    def tick(self) -> None:
        try:
            if drills.sync(self.app):  # paused, resumed or stopped elsewhere (a seat, the CLI)
                self._after_control()
            if self.state == "running" and self.director is not None:
                arrived = self.director.tick()
                if arrived:
                    last = arrived[-1]
                    what = (
                        INJECT_NAMES.get(last.kind, last.kind)
                        if last.source == "inject"
                        else self.tr("脚本代演")
                    )
                    self.latest = f"{what} · {last.detail}"
                    self.applied.emit(arrived)
            if self.state == "running" and self.app.time.now() >= self.app.drill.sim_end:  # type: ignore[union-attr]
                drills.stop(self.app, None)  # the scenario has run its length
                self._after_control()
                self.ended.emit()
        except ConsoleError as exc:  # the database away: the window shows that; try again
            log.warning("drill tick: %s", exc)
        except Exception:
            log.exception("drill tick failed")
        self.refresh()

    def refresh(self) -> None:
        d = self.app.drill
        if d is None:
            return
        now = self.app.time.now()
        state = {
            "running": self.tr("进行中"),
            "paused": self.tr("已暂停"),
            "finished": self.tr("已结束"),
        }.get(d.state, d.state)
        text = (f"演练 DRILL │ {d.scenario_name} │ T+{format_offset(now - d.sim_start)}"
                f"({now.astimezone(DEFAULT_TZ):%m-%d %H:%M:%S})/ {format_offset(d.sim_end - d.sim_start)} │ "
                f"{d.speed:g}× │ {state}")  # fmt: skip
        if self.latest:
            text += f" │ {self.tr('最新')}:{self.latest}"
        self.label.setText(text)
        self.pause_button.setText(
            self.tr("继续 (F8)") if d.state == "paused" else self.tr("暂停 (F8)")
        )
        self.pause_button.setEnabled(d.state != "finished")
        self.stop_button.setEnabled(d.state != "finished")

    def toggle_pause(self) -> None:
        if not self.can_control or self.state == "finished":
            return
        try:
            (drills.resume if self.state == "paused" else drills.pause)(self.app, self.user)
        except ConsoleError as exc:
            QMessageBox.warning(self.window(), self.tr("演练"), str(exc))
        self._after_control()

    def _after_control(self) -> None:
        if self.replan is not None:
            self.replan()  # the timers were planned on the old clock
        self.refresh()

    def ask_stop(self) -> None:
        if not self.can_control or self.state == "finished":
            return
        notes, ok = QInputDialog.getMultiLineText(
            self.window(), self.tr("结束演练"), self.tr("演练总结(可留空,稍后在报告中填写):")
        )
        if not ok:
            return
        try:
            drills.stop(self.app, self.user)
            if notes.strip():
                drills.set_notes(self.app, self.user, notes)
        except ConsoleError as exc:
            QMessageBox.warning(self.window(), self.tr("演练"), str(exc))
        self._after_control()
        self.ended.emit()
        self.show_report()

    def show_report(self) -> None:
        # parented to the window, not the bar: the bar's white-on-red style must not reach it
        dialog = DrillReportDialog(self.app, self.user, self.can_control, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exec()


class DrillReportDialog(QDialog):
    """The drill report on screen (the same figures as the PDF), with the closing notes."""

    def __init__(self, app: App, user: str, can_edit: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.user = app, user
        self.setWindowTitle(self.tr("演练评估报告"))
        self.resize(1100, 720)
        r = drill_report_of(app)
        t, al = r["totals"], r["alarms"]
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"<b>{r['scenario_name']}</b> · {r['plan_name']} · {r['start']} 起 T+{r['end']} · {r['speed']:g}×<br>"
            f"任务 {t['tasks']}:按时 {t['met']},超时完成 {t['late']},超时未完成 {t['missed']},未到期 {t['pending']},"
            f"无时限 {t['no_deadline']} · 告警 {al['raised']},已确认 {al['acked']},确认用时中位数 {span(al['ack_median_s'])}"
        )  # fmt: skip
        summary.setWordWrap(True)
        layout.addWidget(summary)
        tabs = QTabWidget()
        tabs.addTab(_table(["工作组", "岗位", "任务", "按时", "超时完成", "最长超时", "超时未完成", "未到期", "无时限"],
                           [[x["group_name"], x["role_name"], x["tasks"], x["met"], x["late"], span(x["late_max_s"] or None),
                             x["missed"], x["pending"], x["no_deadline"]] for x in r["roles"]]),
                    self.tr("各组各岗位"))  # fmt: skip
        tabs.addTab(_table(["告警时间", "类型", "任务", "工作组", "确认人", "确认用时"],
                           [[f"T+{a['raised']}", ALARM_KIND_NAMES[a["kind"]], a["task_title"] or "事件时限",
                             a["group_name"], a["acked_by"] or "未确认", span(a["ack_s"])] for a in al["list"]]),
                    self.tr("告警确认"))  # fmt: skip
        tabs.addTab(_table(["时限规则", "预案时限", "计时", "按时", "超时完成", "超时未完成", "未到期", "实际用时(中位)"],
                           [[x["name"], x["plan_limit"], x["clocks"], x["met"], x["late"], x["missed"], x["pending"],
                             span(x["taken_median_s"])] for x in r["rules"]]),
                    self.tr("与预案时限对比"))  # fmt: skip
        tabs.addTab(_table(["时间", "类型", "内容"],
                           [[f"T+{e['at']}", INJECT_NAMES.get(e["kind"], e["kind"]), e["detail"]]
                            for e in r["injects"] if e["key"].startswith("injects")]
                           + [[f"T+{n['at']}", n["by"], n["text"]] for n in r["notes"]]),
                    self.tr("注入与指挥记录"))  # fmt: skip
        layout.addWidget(tabs, 1)
        layout.addWidget(QLabel(self.tr("演练总结:")))
        self.notes = QPlainTextEdit(r["closing_notes"])
        self.notes.setReadOnly(not can_edit)
        self.notes.setMaximumHeight(90)
        layout.addWidget(self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if can_edit:
            save_notes = buttons.addButton(
                self.tr("保存总结"), QDialogButtonBox.ButtonRole.ActionRole
            )
            save_notes.clicked.connect(self.save_notes)
        pdf = buttons.addButton(self.tr("保存 PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        pdf.clicked.connect(lambda: PdfPrinter(self, self.tr("演练评估报告"),
                                               lambda path: print_drill_report(app, user, path)).save())  # fmt: skip
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        mark(app, self)

    def save_notes(self) -> None:
        try:
            drills.set_notes(self.app, self.user, self.notes.toPlainText())
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("演练"), str(exc))


def _table(head: list[str], rows: list[list]) -> QTableWidget:
    t = QTableWidget(len(rows), len(head))
    t.setHorizontalHeaderLabels(head)
    t.verticalHeader().hide()
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            t.setItem(i, j, QTableWidgetItem(str(value)))
    t.resizeColumnsToContents()
    t.horizontalHeader().setStretchLastSection(True)
    return t
