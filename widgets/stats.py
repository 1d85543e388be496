"""统计分析: a period's figures (console/services/stats.py) for one plan or all — the totals
against the previous period of the same length, received and closed per day, the on-time
rate per work group (pyqtgraph), a table of the breakdown chosen — and the workbook and the
监督报告 exported from them.

The figures are computed on the GUI thread when asked for (a click, a period, plan or
breakdown chosen, the view shown after changes): one read transaction of SQL aggregates,
well under a second by design (the widgets have no worker-thread pattern to borrow)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.errors import ConsoleError, InputError
from console.services import stats as stats_service
from console.stats import BREAKDOWNS, Figures, Stats
from console.time.format import DEFAULT_TZ
from widgets.style import ERROR_QSS, INVALID_QSS

if TYPE_CHECKING:  # pyqtgraph is loaded when the tab is first shown
    import pyqtgraph as pg

GOOD, BAD, NEUTRAL = "#15803d", "#b91c1c", "#6b7280"
RECEIVED_PEN, CLOSED_PEN = (37, 99, 235), (22, 163, 74)
CARD_QSS = ("QFrame#card { background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 4px; }"
            " QLabel#value { font-size: 20pt; font-weight: bold; color: #111827; }"
            " QLabel#name { color: #4b5563; }")  # fmt: skip


def previous_month(today: date) -> tuple[date, date]:
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def quick_periods(today: date) -> dict[str, tuple[date, date]]:
    """本月, 上月, 近30天, 本年: (first day, last day), both inclusive."""
    return {
        "本月": (today.replace(day=1), today),
        "上月": previous_month(today),
        "近30天": (today - timedelta(days=29), today),
        "本年": (today.replace(month=1, day=1), today),
    }


def short(name: str) -> str:
    """应急小组(组长、副组长) → 应急小组: an axis keeps the name, the table the rest."""
    return name.split("(")[0].split("(")[0] or name


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class Card(QFrame):
    """One figure of the summary strip: its name, its value, its change on the last period."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName("card")
        self.setStyleSheet(CARD_QSS)
        v = QVBoxLayout(self)
        v.setContentsMargins(10, 6, 10, 6)
        v.setSpacing(2)
        self.name = QLabel(name)
        self.name.setObjectName("name")
        self.value = QLabel("—")
        self.value.setObjectName("value")
        self.change = QLabel()
        self.change.setObjectName("change")
        for w in (self.name, self.value, self.change):
            v.addWidget(w)

    def show_figure(self, value: str, change: str, colour: str) -> None:
        self.value.setText(value)
        self.change.setText(change)
        self.change.setStyleSheet(f"QLabel {{ color: {colour}; }}")


class StatsView(QWidget):
    """The 统计 tab: period, plan and breakdown; summary, charts, table; exports."""

    def __init__(self, app: App, actor: str) -> None:
        super().__init__()
        self.app, self.actor = app, actor
        self.results: dict[str, Stats] = {}
        self.stale = True  # computed on the next show (nothing computed yet, or changes since)
        self.computed_in: float | None = None
        self._plots: tuple[pg.PlotWidget, pg.PlotWidget] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        # --- what to count ---
        top = QHBoxLayout()
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        top.addWidget(QLabel(self.tr("从")))
        top.addWidget(self.start)
        top.addWidget(QLabel(self.tr("至")))
        top.addWidget(self.end)
        self.quick: dict[str, QPushButton] = {}
        for key, text in (("本月", self.tr("本月")), ("上月", self.tr("上月")),
                          ("近30天", self.tr("近30天")), ("本年", self.tr("本年"))):  # fmt: skip
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, k=key: self.set_quick(k))
            self.quick[key] = button
            top.addWidget(button)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("预案")))
        self.plan = QComboBox()
        self.plan.addItem(self.tr("全部"), None)
        for p in app.catalogue:
            self.plan.addItem(p.name, p.id)
        top.addWidget(self.plan)
        top.addWidget(QLabel(self.tr("分类")))
        self.by = QComboBox()
        for key, name in BREAKDOWNS.items():
            self.by.addItem(self.tr(name), key)
        top.addWidget(self.by)
        self.refresh_button = QPushButton(self.tr("重新统计"))
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.compute)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        self.xlsx_button = QPushButton(self.tr("导出 Excel…"))
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.pdf_button = QPushButton(self.tr("导出监督报告 PDF…"))
        self.pdf_button.clicked.connect(self.export_pdf)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.pdf_button)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        # --- the summary strip ---
        strip = QGridLayout()
        strip.setSpacing(6)
        self.cards = {
            "received": Card(self.tr("接报")),
            "closed": Card(self.tr("结案")),
            "on_time_rate": Card(self.tr("按时完成率")),
            "ack_median_s": Card(self.tr("告警确认用时(中位数)")),
            "satisfaction_rate": Card(self.tr("回访满意率")),
        }
        for i, card in enumerate(self.cards.values()):
            strip.addWidget(card, 0, i)
        layout.addLayout(strip)
        # --- charts above, the breakdown's table below ---
        split = QSplitter(Qt.Orientation.Vertical)
        charts = QWidget()
        self._chart_row = QHBoxLayout(charts)  # the two plots, made when first drawn
        self._chart_row.setContentsMargins(0, 0, 0, 0)
        split.addWidget(charts)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        split.addWidget(self.table)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 320])
        layout.addWidget(split, 1)
        # a date typed digit by digit is counted once, when the typing pauses
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(400)
        self._soon.timeout.connect(self.compute)
        self.set_quick("本月", compute=False)
        self.start.dateChanged.connect(lambda *_: self._soon.start())
        self.end.dateChanged.connect(lambda *_: self._soon.start())
        self.plan.currentIndexChanged.connect(lambda *_: self.compute())
        self.by.currentIndexChanged.connect(lambda *_: self.compute())

    def _built(self) -> tuple[pg.PlotWidget, pg.PlotWidget]:
        if self._plots is None:
            import pyqtgraph as pg

            pg.setConfigOptions(antialias=True, background="w", foreground="k", exitCleanup=False)
            trend = pg.PlotWidget(title=self.tr("每日接报与结案"))
            trend.addLegend(offset=(10, 5))
            trend.setLabel("left", self.tr("件数"))
            trend.showGrid(y=True, alpha=0.2)
            trend.setMouseEnabled(x=False, y=False)
            on_time = pg.PlotWidget(title=self.tr("各工作组按时完成率(按时/到期时限)"))
            on_time.showGrid(y=True, alpha=0.2)
            on_time.setMouseEnabled(x=False, y=False)
            self._chart_row.addWidget(trend, 1)
            self._chart_row.addWidget(on_time, 1)
            self._plots = trend, on_time
        return self._plots

    @property
    def trend(self) -> pg.PlotWidget:
        """每日接报与结案 (made on first use, with pyqtgraph)."""
        return self._built()[0]

    @property
    def on_time(self) -> pg.PlotWidget:
        """各工作组按时完成率 (made on first use)."""
        return self._built()[1]

    # --- the period -------------------------------------------------------------------
    def today(self) -> date:
        return self.app.time.now().astimezone(DEFAULT_TZ).date()

    def period(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]

    def set_period(self, start: date, end: date, *, compute: bool = True) -> None:
        for edit, day in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)
        if compute:
            self.compute()

    def set_quick(self, key: str, *, compute: bool = True) -> None:
        start, end = quick_periods(self.today())[key]
        self.set_period(start, end, compute=compute)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.stale:
            QTimer.singleShot(0, self.compute)  # once painted: the tab appears at once

    # --- computing --------------------------------------------------------------------
    def _clear_errors(self) -> None:
        for w in (self.start, self.end, self.plan, self.by):
            w.setStyleSheet("")
        self.message.setStyleSheet("")
        self.message.clear()

    def _refused(self, exc: ConsoleError) -> None:
        fields = {"--from": self.start, "--to": self.end, "--plan": self.plan, "--by": self.by}
        if isinstance(exc, InputError) and exc.field in fields:
            fields[exc.field].setStyleSheet(INVALID_QSS)
            self.message.setText(exc.message)
        else:
            self.message.setText(str(exc))
        self.message.setStyleSheet(ERROR_QSS)

    def compute(self) -> bool:
        """Counts the period now and shows it; a refusal (a period too long, a drill's
        database) is said above the figures and the last figures are cleared."""
        self._soon.stop()
        self._clear_errors()
        start, end = self.period()
        by = self.by.currentData()
        wanted = list(dict.fromkeys(["day", "group", by]))
        began = time.perf_counter()
        try:
            self.results = stats_service.compute_many(self.app, self.actor, wanted, start=start, end=end,
                                                      plan=self.plan.currentData())  # fmt: skip
        except ConsoleError as exc:
            self.results = {}
            self._refused(exc)
            self._show_nothing()
            return False
        self.computed_in = time.perf_counter() - began
        self.stale = False
        self._show()
        return True

    def _show_nothing(self) -> None:
        for card in self.cards.values():
            card.show_figure("—", "", NEUTRAL)
        self.trend.clear()
        self.on_time.clear()
        self.table.clear()
        self.table.setRowCount(0)
        self.xlsx_button.setEnabled(False)
        self.pdf_button.setEnabled(False)

    def _show(self) -> None:
        main = self.results[self.by.currentData()]
        self.xlsx_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self._show_summary(main)
        self._show_trend(self.results["day"])
        self._show_on_time(self.results["group"])
        self._show_table(main)
        start, end = self.period()
        days = (end - start).days + 1
        self.message.setText(
            self.tr("%1 至 %2(%3 天),与上期(之前 %3 天)比较 · 统计于 %4,用时 %5 秒")
            .replace("%1", start.isoformat()).replace("%2", end.isoformat()).replace("%3", str(days))
            .replace("%4", (main.computed_at or self.app.time.now()).astimezone(DEFAULT_TZ).strftime("%H:%M:%S"))
            .replace("%5", f"{self.computed_in or 0:.2f}")
        )  # fmt: skip

    def _change(self, now: float | None, before: float | None,
                kind: str, higher_is_better: bool | None) -> tuple[str, str]:  # fmt: skip
        """'较上期 ▲3' and its colour (green better, red worse, grey neither or unknown)."""
        if now is None or before is None:
            return self.tr("上期无可比数据"), NEUTRAL
        diff = now - before
        if abs(diff) < 1e-9:
            return self.tr("与上期持平"), NEUTRAL
        arrow = "▲" if diff > 0 else "▼"
        if kind == "rate":
            amount = self.tr("%1 个百分点").replace("%1", f"{abs(diff) * 100:.1f}")
        elif kind == "duration":
            amount = self.duration(abs(diff))
        else:
            amount = f"{abs(diff):g}"
        colour = (
            NEUTRAL if higher_is_better is None else GOOD if (diff > 0) == higher_is_better else BAD
        )
        return self.tr("较上期 %1").replace("%1", f"{arrow}{amount}"), colour

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return "—"
        if seconds < 3600:
            return self.tr("%1 分钟").replace("%1", f"{seconds / 60:.1f}")
        return self.tr("%1 小时").replace("%1", f"{seconds / 3600:.1f}")

    def _show_summary(self, s: Stats) -> None:
        total, previous = s.total, s.previous
        shown: dict[str, tuple[str, str, bool | None]] = {
            "received": ("count", str(total.received), None),
            "closed": ("count", str(total.closed), True),
            "on_time_rate": ("rate", percent(total.on_time_rate), True),
            "ack_median_s": ("duration", self.duration(total.ack_median_s), False),
            "satisfaction_rate": ("rate", percent(total.satisfaction_rate), True),
        }
        for name, (kind, value, better) in shown.items():
            change, colour = self._change(
                getattr(total, name), getattr(previous, name), kind, better
            )
            self.cards[name].show_figure(value, change, colour)
        self.cards["on_time_rate"].setToolTip(
            self.tr("按时 %1 · 超时完成 %2 · 超时未完成 %3").replace("%1", str(total.clocks_met))
            .replace("%2", str(total.clocks_late)).replace("%3", str(total.clocks_missed)))  # fmt: skip
        self.cards["satisfaction_rate"].setToolTip(
            self.tr("回访 %1 次,满意或基本满意 %2 次").replace("%1", str(total.revisits))
            .replace("%2", str(total.satisfied)))  # fmt: skip

    def _show_trend(self, s: Stats) -> None:
        import pyqtgraph as pg

        plot = self.trend
        plot.clear()
        rows = s.rows
        xs = list(range(len(rows)))
        plot.plot(xs, [r.received for r in rows], pen=pg.mkPen(RECEIVED_PEN, width=2), symbol="o",
                  symbolSize=5, symbolBrush=RECEIVED_PEN, name=self.tr("接报"))  # fmt: skip
        plot.plot(xs, [r.closed for r in rows], pen=pg.mkPen(CLOSED_PEN, width=2), symbol="s",
                  symbolSize=5, symbolBrush=CLOSED_PEN, name=self.tr("结案"))  # fmt: skip
        step = max(1, -(-len(rows) // 8))  # at most about eight dates under the axis
        ticks = [(i, r.key[5:] if len(r.key) == 10 else r.label) for i, r in enumerate(rows)]
        plot.getAxis("bottom").setTicks([ticks[::step], ticks])
        top = max([r.received for r in rows] + [r.closed for r in rows] + [1])
        every = max(1, -(-top // 6))  # whole numbers of cases, about six lines
        plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, top + every + 1, every)]])
        plot.setXRange(-0.5, max(len(rows) - 0.5, 0.5), padding=0)
        plot.setYRange(0, top * 1.15 + 0.5, padding=0)
        if not any(r.received or r.closed for r in rows):
            self._empty(plot, self.tr("本期无接报与结案"), max(len(rows) - 1, 0) / 2, top / 2)

    def _show_on_time(self, s: Stats) -> None:
        """Horizontal bars, a group a row (the plans' group names are long), the first on top."""
        import pyqtgraph as pg

        plot = self.on_time
        plot.clear()
        rows = [r for r in s.rows if r.on_time_rate is not None]
        axis = plot.getAxis("left")
        if not rows:
            axis.setTicks([[]])
            plot.setXRange(0, 100, padding=0)
            plot.setYRange(-0.5, 0.5, padding=0)
            self._empty(plot, self.tr("本期没有到期的时限"), 50, 0)
            return
        n = len(rows)
        rates = [(r.on_time_rate or 0) * 100 for r in rows]
        ys = [n - 1 - i for i in range(n)]
        brushes = [pg.mkBrush(GOOD if v >= 90 else "#d97706" if v >= 70 else BAD) for v in rates]
        plot.addItem(
            pg.BarGraphItem(x0=0, y=ys, height=0.6, width=rates, brushes=brushes, pen=None)
        )
        for y, r, v in zip(ys, rows, rates, strict=True):
            met = r.clocks_met + r.clocks_late + r.clocks_missed
            label = pg.TextItem(f"{v:.0f}%({r.clocks_met}/{met})", color="#111827", anchor=(0, 0.5))
            label.setPos(v + 1, y)
            plot.addItem(label)
        axis.setTicks([[(y, short(r.label)) for y, r in zip(ys, rows, strict=True)]])
        plot.getAxis("bottom").setTicks([[(v, f"{v}%") for v in range(0, 101, 20)]])
        plot.setXRange(0, 125, padding=0)
        plot.setYRange(-0.6, n - 0.4, padding=0)

    @staticmethod
    def _empty(plot: pg.PlotWidget, text: str, x: float, y: float) -> None:
        import pyqtgraph as pg

        note = pg.TextItem(text, color="#6b7280", anchor=(0.5, 0.5))
        note.setPos(x, y)
        plot.addItem(note)

    def columns(self) -> list[tuple[str, Callable[[Figures], str]]]:
        """The table's columns: a header and how a row's figure reads."""
        d = self.duration
        return [
            (self.tr("接报"), lambda f: str(f.received)),
            (self.tr("结案"), lambda f: str(f.closed)),
            (self.tr("按时完成率"), lambda f: percent(f.on_time_rate)),
            (self.tr("按时"), lambda f: str(f.clocks_met)),
            (self.tr("超时完成"), lambda f: str(f.clocks_late)),
            (self.tr("超时未完成"), lambda f: str(f.clocks_missed)),
            (self.tr("首次响应(中位)"), lambda f: d(f.response_median_s)),
            (self.tr("结案用时(中位)"), lambda f: d(f.close_median_s)),
            (self.tr("告警"), lambda f: str(f.alarms)),
            (self.tr("确认用时(中位)"), lambda f: d(f.ack_median_s)),
            (self.tr("升级"), lambda f: str(f.escalations)),
            (self.tr("回访"), lambda f: str(f.revisits)),
            (self.tr("满意率"), lambda f: percent(f.satisfaction_rate)),
            (self.tr("重复投诉人"), lambda f: str(f.repeat_complainants)),
        ]

    def _show_table(self, s: Stats) -> None:
        columns = self.columns()
        table = self.table
        table.clear()
        table.setColumnCount(len(columns) + 1)
        table.setHorizontalHeaderLabels([self.tr(BREAKDOWNS[s.by])] + [c[0] for c in columns])
        rows = list(s.rows) + [s.total]
        table.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for i, f in enumerate(rows):
            total = f is s.total
            head = QTableWidgetItem(self.tr("合计") if total else (f.label or f.key or "—"))
            head.setToolTip(f.key)
            table.setItem(i, 0, head)
            for j, (_name, read) in enumerate(columns, 1):
                item = QTableWidgetItem(read(f))
                item.setTextAlignment(right)
                table.setItem(i, j, item)
            if total:
                for j in range(table.columnCount()):
                    cell = table.item(i, j)
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                    cell.setBackground(QColor("#f3f4f6"))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    # --- exporting --------------------------------------------------------------------
    def _export(self, title: str, suffix: str, kind: str,
                write: Callable[[Path], Path]) -> Path | None:  # fmt: skip
        start, end = self.period()
        name = f"{self.tr('统计')} {start.isoformat()}~{end.isoformat()}.{suffix}"
        target, _ = QFileDialog.getSaveFileName(self, title, name, kind)
        if not target:
            return None
        try:
            path = write(Path(target))
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("未导出"), str(exc))
            return None
        self.message.setStyleSheet("")
        self.message.setText(self.tr("已导出:%1").replace("%1", str(path)))
        return path

    def export_xlsx(self) -> Path | None:
        start, end = self.period()
        plan = self.plan.currentData()
        return self._export(self.tr("导出 Excel"), "xlsx", "Excel (*.xlsx)",
                            lambda out: stats_service.export_xlsx(self.app, self.actor, out, start=start,
                                                                  end=end, plan=plan))  # fmt: skip

    def export_pdf(self) -> Path | None:
        start, end = self.period()
        plan = self.plan.currentData()
        return self._export(self.tr("导出监督报告 PDF"), "pdf", "PDF (*.pdf)",
                            lambda out: stats_service.export_pdf(self.app, self.actor, out, start=start,
                                                                 end=end, plan=plan))  # fmt: skip
