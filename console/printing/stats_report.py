"""The supervision report (投诉处理监督报告): a period's complaint handling on A4, for the
leaders and the supervisors who sign it off.

- the period, the previous period it is compared with, the plan (or 全部预案), who
  computed the figures and when, and a sentence with the headline numbers;
- every figure this period beside the previous period, and the change;
- charts: received and closed per day, and the on-time rate per working group;
- per working group, complaint type, channel and response level: two tables of every
  figure (volumes, timeliness and satisfaction; then response, closing and alarm
  acknowledgement times, and repeat complaints), with the period's totals (合计);
- the most frequent locations, types and demands;
- the signatures (制表人, 审核人, 日期).

Durations print as 时:分:秒, rates as percentages, and a figure with nothing to count as
"—"."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from console.printing.pdf import FONT, canvas_with, styles, tables
from console.printing.workbook import (
    FIGURE_NAMES,
    TOP_NAMES,
    kind,
    local_time,
    plan_name,
    previous_period,
)
from console.stats import BREAKDOWNS, NUMBERS, Figures, Stats
from console.time.format import countdown

TITLE = "投诉处理监督报告"
# The breakdowns that get tables, in this order (locations are in the top lists).
TABLED = ("group", "type", "channel", "level")

# Short column heads for the breakdown tables (Paragraph markup: <br/> breaks the line), and which figures go in which table.
SHORT = {
    "received": "接报",
    "closed": "结案",
    "clocks_met": "按时",
    "clocks_late": "超时<br/>完成",
    "clocks_missed": "超时<br/>未完成",
    "on_time_rate": "按时率",
    "late_median_s": "超时<br/>中位",
    "late_max_s": "最长<br/>超时",
    "revisits": "回访",
    "satisfied": "满意",
    "satisfaction_rate": "满意率",
    "response_median_s": "首次响应<br/>中位",
    "response_p90_s": "首次响应<br/>P90",
    "close_median_s": "结案用时<br/>中位",
    "close_p90_s": "结案用时<br/>P90",
    "alarms": "告警",
    "ack_median_s": "告警确认<br/>中位",
    "ack_p90_s": "告警确认<br/>P90",
    "escalations": "升级",
    "repeat_complainants": "重复<br/>投诉人",
    "repeat_incidents": "重复<br/>投诉件",
}
VOLUME = ("received", "closed", "clocks_met", "clocks_late", "clocks_missed", "on_time_rate",
          "late_median_s", "late_max_s", "revisits", "satisfied", "satisfaction_rate")  # fmt: skip
TIMES = ("response_median_s", "response_p90_s", "close_median_s", "close_p90_s", "alarms",
         "ack_median_s", "ack_p90_s", "escalations", "repeat_complainants", "repeat_incidents")  # fmt: skip
WIDTHS = {"count": 34, "rate": 40, "duration": 48}  # points, at 8 pt
WIDTH = 498  # A4 less the margins and the frame's padding

NUMERALS = "一二三四五六七八九十"
CHARTED = 30  # bars at most in the on-time chart: it fits on a page
DAYS_CHARTED = 62  # a longer period's trend is drawn by the week
BLUE, GREEN = colors.HexColor("#2563eb"), colors.HexColor("#16a34a")


def show(name: str, value: float | None) -> str:
    """A figure as people read it: 12, 85.0%, 01:05:00; nothing to count is "—"."""
    if value is None:
        return "—"
    match kind(name):
        case "duration":
            return countdown(value)
        case "rate":
            return f"{value * 100:.1f}%"
    return str(int(value))


def show_change(name: str, value: float | None) -> str:
    """This period less the previous one, with its sign."""
    if value is None:
        return "—"
    if value == 0:
        return "持平"
    match kind(name):
        case "duration":
            return ("+" if value > 0 else "") + countdown(value)
        case "rate":
            return f"{value * 100:+.1f} 个百分点"
    return f"{int(value):+d}"


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _when(stats: Stats) -> str:
    at = local_time(stats)
    return at.strftime("%Y-%m-%d %H:%M") if at else "—"


def _headline(stats: Stats) -> str:
    now, before = stats.total, stats.previous
    rate = show("on_time_rate", now.on_time_rate)
    was = show("on_time_rate", before.on_time_rate)
    return (
        f"本期接报 {now.received} 件、结案 {now.closed} 件(上期 {before.received} 件、"
        f"{before.closed} 件);时限按时率 {rate}(上期 {was}),超时完成 {now.clocks_late} 项、"
        f"超时未完成 {now.clocks_missed} 项;告警 {now.alarms} 条,升级 {now.escalations} 条;"
        f"回访 {now.revisits} 次,满意率 {show('satisfaction_rate', now.satisfaction_rate)};"
        f"重复投诉人 {now.repeat_complainants} 人。"
    )


def trend_of(stats_by: dict[str, Stats]) -> Stats | None:
    """The breakdown the trend is drawn from: days, or weeks over a long period."""
    day, week = stats_by.get("day"), stats_by.get("week")
    if day is not None and (len(day.rows) <= DAYS_CHARTED or week is None):
        return day
    return week


def trend_chart(over: Stats | None, width: float = WIDTH) -> Drawing | None:
    """Received and closed per day (or week), as two lines."""
    if over is None or not over.rows:
        return None
    rows = list(over.rows)
    d = Drawing(width, 200)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 36, 45, width - 50, 120
    chart.data = [[r.received for r in rows], [r.closed for r in rows]]
    step = -(-len(rows) // 16)  # at most 16 dates under the axis
    chart.categoryAxis.categoryNames = [
        (r.label or r.key) if i % step == 0 else "" for i, r in enumerate(rows)
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    top = max(max(series) for series in chart.data)
    chart.valueAxis.valueMin = 0
    if top < 5:
        chart.valueAxis.valueMax, chart.valueAxis.valueStep = max(top, 1), 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e5e7eb")
    chart.joinedLines = 1
    for i, colour in enumerate((BLUE, GREEN)):
        chart.lines[i].strokeColor = colour
        chart.lines[i].strokeWidth = 1.5
        if len(rows) <= 31:
            chart.lines[i].symbol = makeMarker("FilledCircle", size=3, fillColor=colour)
    d.add(chart)
    per = BREAKDOWNS.get(over.by, over.by)
    d.add(String(0, 188, f"每{per}接报与结案(件)", fontName=FONT, fontSize=9))
    legend = Legend()
    legend.x, legend.y = width - 120, 192
    legend.fontName, legend.fontSize = FONT, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 8
    legend.deltax = 50
    legend.colorNamePairs = [(BLUE, "接报"), (GREEN, "结案")]
    d.add(legend)
    return d


def rate_chart(group: Stats | None, width: float = WIDTH) -> Drawing | None:
    """The on-time rate of each row, as horizontal bars (the first row on top)."""
    if group is None or not group.rows:
        return None
    rows = list(reversed(group.rows[:CHARTED]))
    row_height = 18
    d = Drawing(width, 40 + row_height * len(rows))
    chart = HorizontalBarChart()
    chart.x, chart.y = 130, 22
    chart.width, chart.height = width - 190, row_height * len(rows)
    chart.data = [[None if r.on_time_rate is None else r.on_time_rate * 100 for r in rows]]
    chart.categoryAxis.categoryNames = [
        _cut(r.label or r.key, 10) + ("(无计时)" if r.on_time_rate is None else "") for r in rows
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e5e7eb")
    chart.bars[0].fillColor = BLUE
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.barLabelFormat = "%.1f%%"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    title = f"各{BREAKDOWNS.get(group.by, group.by)}时限按时率"
    if len(group.rows) > CHARTED:
        title += f"(接报最多的 {CHARTED} 个,其余见下表)"
    d.add(String(0, d.height - 12, title, fontName=FONT, fontSize=9))
    return d


def _figure_tables(stats: Stats, st: dict) -> list:
    """The breakdown's two tables, each with the period's totals last."""
    name = BREAKDOWNS.get(stats.by, stats.by)
    out: list = []
    for figures in (VOLUME, TIMES):
        head = [name, *(SHORT[f] for f in figures)]
        body = [
            [escape(r.label or r.key), *(show(f, getattr(r, f)) for f in figures)]
            for r in [*stats.rows, Figures(label="合计")]
        ]
        body[-1][1:] = [show(f, getattr(stats.total, f)) for f in figures]
        widths = [WIDTHS[kind(f)] for f in figures]
        widths.insert(0, WIDTH - sum(widths))  # the names take what the figures leave
        parts = tables([head, *body], widths, st, wrap=(0,))
        for part in parts:
            if isinstance(part, Table):
                part.setStyle(TableStyle([
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]))  # fmt: skip
        last = parts[-1]
        if isinstance(last, Table):
            last.setStyle(
                TableStyle([("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#e5e7eb"))])
            )
        out.extend(parts)
        out.append(Spacer(1, 6))
    return out


def _top_tables(stats: Stats, st: dict) -> Table | None:
    """The top lists side by side, one column each."""
    keys = [k for k in TOP_NAMES if k in stats.top] + [k for k in stats.top if k not in TOP_NAMES]
    if not keys:
        return None
    column = WIDTH / len(keys) - 4
    cells = []
    for key in keys:
        name = TOP_NAMES.get(key, key)
        items = stats.top[key]
        if not items:
            cells.append([Paragraph(f"高频{name}", st["h3"]), Paragraph("无", st["base"])])
            continue
        rows = [["序", name, "件数"]] + [
            [i, escape(what), count] for i, (what, count) in enumerate(items, 1)
        ]
        widths = [20, column - 56, 36]
        cells.append([Paragraph(f"高频{name}", st["h3"]), *tables(rows, widths, st, wrap=(1,))])
    outer = Table([cells], colWidths=[column + 4] * len(keys))
    outer.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))  # fmt: skip
    return outer


def _signatures(stats: Stats, st: dict) -> Table:
    line = "____________________"
    sign = Table(
        [[Paragraph(f"制表人:{escape(stats.author) or line}", st["base"]),
          Paragraph(f"审核人:{line}", st["base"]),
          Paragraph(f"日期:{line}", st["base"])]],
        colWidths=[WIDTH / 3] * 3,
    )  # fmt: skip
    sign.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 18)]))
    return sign


def render(stats_by: dict[str, Stats], path: Path, *, watermark: str = "") -> Path:
    """The report of one period, from one Stats per breakdown (all the same period: the
    totals come from the first)."""
    if not stats_by:
        raise ValueError("stats_report.render: no statistics to print")
    st = styles()
    st["h3"] = st["base"].clone("h3", fontSize=10, leading=14, spaceBefore=6, spaceAfter=3)
    first = next(iter(stats_by.values()))
    period = f"{first.start.isoformat()} 至 {first.end.isoformat()}"
    days = (first.end - first.start).days + 1
    before = previous_period(first)
    numbers = iter(NUMERALS)

    def heading(text: str) -> Paragraph:
        return Paragraph(f"{next(numbers)}、{text}", st["h2"])

    story: list = [
        Paragraph(TITLE, st["title"]),
        Paragraph(f"统计期间:{period}(共 {days} 天) 对比上期:{before[0].isoformat()} 至 "
                  f"{before[1].isoformat()}", st["base"]),
        Paragraph(f"预案:{escape(plan_name(first))} · 时区:{first.timezone} · 制表人:"
                  f"{escape(first.author) or '—'} · 统计于 {_when(first)}", st["base"]),
        Spacer(1, 6),
        Paragraph(_headline(first), st["base"]),
        heading("总体情况(本期与上期)"),
    ]  # fmt: skip
    change = first.change()
    rows = [["指标", "本期", "上期", "变化"]] + [
        [FIGURE_NAMES[n], show(n, getattr(first.total, n)), show(n, getattr(first.previous, n)),
         show_change(n, change[n])] for n in NUMBERS
    ]  # fmt: skip
    for part in tables(rows, [WIDTH - 320, 100, 100, 120], st, wrap=(0,)):
        if isinstance(part, Table):
            part.setStyle(TableStyle([("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
        story.append(part)
    story.append(Spacer(1, 3))
    story.append(Paragraph("用时为 时:分:秒;“—”表示本期没有可计算的数据。", st["small"]))

    charts = [trend_chart(trend_of(stats_by)), rate_chart(stats_by.get("group"))]
    charts = [c for c in charts if c is not None]
    if charts:
        story.append(KeepTogether([heading("趋势与按时率"), charts[0]]))
        for chart in charts[1:]:
            story.extend([Spacer(1, 10), chart])

    present = [by for by in TABLED if by in stats_by]
    if present:
        section = [heading("分项统计")]  # kept with the first table
        for i, by in enumerate(present):
            section.append(Paragraph(f"({NUMERALS[i]})按{BREAKDOWNS[by]}", st["h3"]))
            story.append(KeepTogether([*section, *_figure_tables(stats_by[by], st)]))
            section = []
        story.append(Paragraph("用时为 时:分:秒;按时率 = 按时 ÷(按时 + 超时完成 + 超时未完成)。",
                               st["small"]))  # fmt: skip

    top = _top_tables(first, st)
    if top is not None:
        story.append(KeepTogether([heading("高频地点、类型与诉求"), top]))
    story.append(KeepTogether([Spacer(1, 12), _signatures(first, st)]))

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm, title=f"{TITLE} {period}",
                            author=first.author or "应急指挥台")  # fmt: skip
    header = f"应急指挥台 · {TITLE} · {period} · {plan_name(first)}"
    doc.build(story, canvasmaker=canvas_with(header, watermark))
    return path
