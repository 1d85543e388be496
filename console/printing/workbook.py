"""The statistics workbook (统计工作簿, .xlsx): the figures of a period as numbers people
can sort, filter and chart again in Excel or WPS.

- 汇总: the period, the plan, who computed it and when; every figure this period, in the
  previous period of the same length, and the change; the most frequent locations, types
  and demands;
- then one sheet per breakdown (工作组, 投诉类型, 渠道, 响应级别, 地点, 日, 周, 月): one row
  per value with every figure as a column and the period's totals (合计) below, and native
  Excel charts: the on-time rate per row, received per day (日), received and closed per
  week and month (周, 月).

Counts are whole numbers, durations are minutes (1 decimal) and rates are fractions shown
as percentages: numbers, not text, so they sum and sort. A figure with nothing to count
(a median of no deadlines) is an empty cell, never 0."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from console.stats import BREAKDOWNS, NUMBERS, Figures, Stats

# What each figure is called, in the order of NUMBERS.
FIGURE_NAMES = {
    "received": "接报",
    "closed": "结案",
    "clocks_met": "按时完成",
    "clocks_late": "超时完成",
    "clocks_missed": "超时未完成",
    "late_median_s": "超时时长中位数",
    "late_max_s": "最长超时",
    "on_time_rate": "按时率",
    "response_median_s": "首次响应用时中位数",
    "response_p90_s": "首次响应用时P90",
    "close_median_s": "结案用时中位数",
    "close_p90_s": "结案用时P90",
    "alarms": "告警",
    "ack_median_s": "告警确认用时中位数",
    "ack_p90_s": "告警确认用时P90",
    "escalations": "告警升级",
    "revisits": "回访",
    "satisfied": "满意(含基本满意)",
    "satisfaction_rate": "满意率",
    "repeat_complainants": "重复投诉人",
    "repeat_incidents": "重复投诉件",
}

# Stats.top's lists, and what they are called.
TOP_NAMES = {"locations": "地点", "types": "投诉类型", "demands": "诉求"}


def kind(name: str) -> str:
    """The figure's kind: "duration" (seconds), "rate" (a fraction) or "count"."""
    if name.endswith("_s"):
        return "duration"
    return "rate" if name.endswith("_rate") else "count"


def plan_name(stats: Stats) -> str:
    return stats.plan or "全部预案"


def previous_period(stats: Stats) -> tuple[date, date]:
    """The period of the same length just before this one."""
    end = stats.start - timedelta(days=1)
    return end - (stats.end - stats.start), end


def local_time(stats: Stats) -> datetime | None:
    """When the figures were computed, in the plan's time zone, without a zone (as a
    spreadsheet cell holds it)."""
    at = stats.computed_at
    if at is None:
        return None
    if at.tzinfo is not None:
        at = at.astimezone(ZoneInfo(stats.timezone))
    return at.replace(tzinfo=None)


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="374151")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")

# Number formats by kind; the change columns show their sign.
FORMATS = {"count": "0", "duration": "0.0", "rate": "0.0%"}
CHANGE_FORMATS = {"count": "+0;-0;0", "duration": "+0.0;-0.0;0.0", "rate": "+0.0%;-0.0%;0.0%"}
UNITS = {"count": "", "duration": "(分钟)", "rate": ""}


def header(name: str, sep: str = "") -> str:
    """A figure's column head: its name, and its unit (on a line of its own with sep="\\n")."""
    unit = UNITS[kind(name)]
    return FIGURE_NAMES.get(name, name) + (sep + unit if unit else "")


def cell_value(name: str, value: float | None) -> float | None:
    """Seconds become minutes; everything else is kept as it is (None stays empty)."""
    if value is None:
        return None
    return value / 60 if kind(name) == "duration" else value


def write_workbook(stats_by: dict[str, Stats], path: Path) -> Path:
    """The workbook of one period's statistics, one Stats per breakdown (all the same
    period: the totals come from the first)."""
    if not stats_by:
        raise ValueError("write_workbook: no statistics to write")
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    first = next(iter(stats_by.values()))
    _summary(summary, first)
    known = [by for by in BREAKDOWNS if by in stats_by]  # in BREAKDOWNS' order
    for by in known + [by for by in stats_by if by not in BREAKDOWNS]:
        _breakdown(wb.create_sheet(BREAKDOWNS.get(by, by)[:31]), stats_by[by])
    wb.properties.title = f"投诉处理统计 {first.start.isoformat()} 至 {first.end.isoformat()}"
    wb.properties.creator = first.author or "应急指挥台"
    for ws in wb.worksheets:
        _printable(ws)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _printable(ws: Worksheet) -> None:
    """Printed, a breakdown is A4 landscape, one page wide, with its header on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if ws.title == "汇总":
        ws.page_setup.orientation = "portrait"  # the summary is narrow
    else:
        ws.page_setup.orientation = "landscape"
        ws.print_title_rows = "1:1"


def _text(ws: Worksheet, row: int, col: int, value: str) -> Cell:
    """Text as typed (a location, a demand, a name): never a formula, even if it starts
    with "=" (a complaint's text must not run in the reader's spreadsheet)."""
    cell = ws.cell(row=row, column=col, value=value)
    cell.data_type = "s"
    return cell


def _head_row(ws: Worksheet, row: int, col: int, names: list[str]) -> None:
    for i, name in enumerate(names):
        c = ws.cell(row=row, column=col + i, value=name)
        c.font, c.fill, c.alignment = HEADER_FONT, HEADER_FILL, WRAP


def _summary(ws: Worksheet, stats: Stats) -> None:
    ws["A1"] = "投诉处理统计汇总"
    ws["A1"].font = TITLE_FONT
    before = previous_period(stats)
    facts = [
        ("统计期间", f"{stats.start.isoformat()} 至 {stats.end.isoformat()}"),
        ("开始日期", stats.start),
        ("结束日期", stats.end),
        ("上期", f"{before[0].isoformat()} 至 {before[1].isoformat()}"),
        ("预案", plan_name(stats)),
        ("时区", stats.timezone),
        ("制表人", stats.author or "—"),
        ("统计时间", local_time(stats) or "—"),
    ]
    for i, (label, value) in enumerate(facts, start=3):
        ws.cell(row=i, column=1, value=label).font = BOLD
        c = _text(ws, i, 2, value) if isinstance(value, str) else ws.cell(i, 2, value)
        c.alignment = Alignment(horizontal="left")
        if isinstance(value, datetime):
            c.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, date):
            c.number_format = "yyyy-mm-dd"

    top = 3 + len(facts) + 1  # a blank row, then the figures
    _head_row(ws, top, 1, ["指标", "本期", "上期", "变化"])
    change = stats.change()
    for i, name in enumerate(NUMBERS, start=top + 1):
        k = kind(name)
        ws.cell(row=i, column=1, value=header(name))
        for col, value, fmt in (
            (2, getattr(stats.total, name), FORMATS[k]),
            (3, getattr(stats.previous, name), FORMATS[k]),
            (4, change[name], CHANGE_FORMATS[k]),
        ):
            ws.cell(row=i, column=col, value=cell_value(name, value)).number_format = fmt

    # The most frequent locations, types and demands, one list under another.
    row = top + len(NUMBERS) + 2
    for key in [*TOP_NAMES, *(k for k in stats.top if k not in TOP_NAMES)]:
        if key not in stats.top:
            continue
        name = TOP_NAMES.get(key, key)
        ws.cell(row=row, column=1, value=f"高频{name}").font = BOLD
        _head_row(ws, row + 1, 1, [name, "件数"])
        for i, (what, count) in enumerate(stats.top[key], start=row + 2):
            _text(ws, i, 1, what).alignment = Alignment(wrap_text=True)
            ws.cell(row=i, column=2, value=count).number_format = "0"
        row += len(stats.top[key]) + 3
    for column, width in zip("ABCD", (30, 24, 12, 12), strict=True):
        ws.column_dimensions[column].width = width


def _width(text: str) -> float:
    """A column width that fits `text`: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) + 2


def _breakdown(ws: Worksheet, stats: Stats) -> None:
    name = BREAKDOWNS.get(stats.by, stats.by)
    _head_row(ws, 1, 1, [name, "代码", *(header(n, "\n") for n in NUMBERS)])
    ws.row_dimensions[1].height = 45
    rows: list[Figures] = list(stats.rows)
    for r, fig in enumerate([*rows, stats.total], start=2):
        is_total = r == len(rows) + 2
        _text(ws, r, 1, "合计" if is_total else (fig.label or fig.key))
        _text(ws, r, 2, "" if is_total else fig.key)
        for c, figure in enumerate(NUMBERS, start=3):
            cell = ws.cell(row=r, column=c, value=cell_value(figure, getattr(fig, figure)))
            cell.number_format = FORMATS[kind(figure)]
            if is_total:
                cell.font = BOLD
        if is_total:
            ws.cell(row=r, column=1).font = BOLD
    labels = [name, "合计", *((f.label or f.key) for f in rows)]
    ws.column_dimensions["A"].width = min(40, max(_width(t) for t in labels))
    ws.column_dimensions["B"].width = min(
        24, max(_width(f.key) for f in [*rows, Figures(key="代码")])
    )
    for c in range(3, len(NUMBERS) + 3):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.freeze_panes = "C2"  # the header row and the names stay in view
    if rows:
        _charts(ws, stats.by, name, len(rows))


def _column(name: str) -> int:
    return NUMBERS.index(name) + 3


def _chart[C: (BarChart, LineChart)](
    chart: C, ws: Worksheet, figures: tuple[str, ...], n: int, title: str
) -> C:
    """`chart` of these figures' columns over rows 2..n+1, named by column A."""
    chart.title = title
    for figure in figures:
        col = _column(figure)
        data = Reference(ws, min_col=col, min_row=1, max_row=n + 1)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    chart.y_axis.scaling.min = 0
    # openpyxl 3.1 marks axes deleted unless told otherwise: Excel would hide them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = max(16.0, min(48.0, 1.2 * n + 6)), 8.0  # centimetres
    return chart


def _charts(ws: Worksheet, by: str, name: str, n: int) -> None:
    """Native charts below the table: received and closed per day (a line) or per week and
    month (columns), and the on-time rate of every row."""
    charts = []
    if by == "day":
        trend = _chart(LineChart(), ws, ("received", "closed"), n, "每日接报与结案")
        for series in trend.series:
            series.smooth = False  # straight lines: a curve would dip below 0 between days
        charts.append(trend)
    if by in ("week", "month"):
        charts.append(_chart(BarChart(), ws, ("received", "closed"), n, f"每{name}接报与结案"))
    rate = _chart(BarChart(), ws, ("on_time_rate",), n, f"各{name}按时率")
    rate.y_axis.number_format = "0%"
    rate.y_axis.scaling.max = 1
    rate.legend = None
    charts.append(rate)
    for i, chart in enumerate(charts):
        ws.add_chart(chart, f"A{n + 5 + i * 18}")  # 18 rows: a chart's 8 cm and a gap
