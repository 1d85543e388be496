"""The statistics exports, read back as the people who receive them would: the workbook
opened again (sheets, cells, number formats, charts) and the 监督报告 PDF's text. The
figures are made by hand here; the queries that compute them are tested elsewhere."""

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart, LineChart
from pypdf import PdfReader

from console.printing import stats_report
from console.printing.workbook import write_workbook
from console.stats import NUMBERS, Figures, Stats

START, END = date(2026, 11, 1), date(2026, 11, 7)
COMPUTED = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # 09:30 in Asia/Shanghai

ONSITE = Figures(
    key="onsite", label="现场处置组", received=12, closed=10, clocks_met=8, clocks_late=2,
    clocks_missed=1, late_median_s=1800, late_max_s=5400, on_time_rate=8 / 11,
    response_median_s=600, response_p90_s=1500, close_median_s=90000, close_p90_s=172800,
    alarms=5, ack_median_s=45, ack_p90_s=300, escalations=1, revisits=7, satisfied=6,
    satisfaction_rate=6 / 7, repeat_complainants=2, repeat_incidents=5,
)  # fmt: skip
LIAISON = Figures(
    key="liaison", label="客户沟通组", received=9, closed=9, clocks_met=9, on_time_rate=1.0,
    response_median_s=300, response_p90_s=720, close_median_s=43200, close_p90_s=86400,
    alarms=1, ack_median_s=30, ack_p90_s=30, revisits=5, satisfied=5, satisfaction_rate=1.0,
)  # fmt: skip
MEDIA = Figures(key="media", label="舆情监测组", received=2)  # no clocks: no rate, no median
TOTAL = Figures(
    received=23, closed=19, clocks_met=17, clocks_late=2, clocks_missed=1, late_median_s=1800,
    late_max_s=5400, on_time_rate=17 / 20, response_median_s=450, response_p90_s=1400,
    close_median_s=64800, close_p90_s=160000, alarms=6, ack_median_s=40, ack_p90_s=280,
    escalations=1, revisits=12, satisfied=11, satisfaction_rate=11 / 12, repeat_complainants=2,
    repeat_incidents=5,
)  # fmt: skip
PREVIOUS = replace(
    TOTAL, received=20, closed=18, on_time_rate=0.8, close_median_s=72000, ack_median_s=None
)
TOP = {
    "locations": (("城东支行", 6), ("营业部三楼", 3)),
    "types": (("问题型投诉", 14), ("情绪型投诉", 9)),
    "demands": (("退还理财本金", 8), ("要求书面答复", 2)),
}


def stats(by: str, rows: list[Figures], **kw) -> Stats:
    period = dict(start=kw.pop("start", START), end=kw.pop("end", END))
    return Stats(**period, by=by, plan=None, timezone="Asia/Shanghai", total=TOTAL,
                 previous=PREVIOUS, rows=tuple(rows), top=TOP, author="李主任",
                 computed_at=COMPUTED, **kw)  # fmt: skip


def build(days: int = 7) -> dict[str, Stats]:
    """One period broken down every way the exports show (as the queries label the rows)."""
    end = START + timedelta(days=days - 1)
    dates = [START + timedelta(days=i) for i in range(days)]
    received = [2 + (i * 7) % 5 for i in range(days)]
    closed = [max(0, n - i % 3) for i, n in enumerate(received)]
    day_rows = [Figures(key=d.isoformat(), label=f"{d.month}月{d.day}日 周{'一二三四五六日'[d.weekday()]}",
                        received=received[i], closed=closed[i], on_time_rate=0.6 + (i % 4) / 10)
                for i, d in enumerate(dates)]  # fmt: skip

    def summed(key: str, label: str, chosen: list[int]) -> Figures:
        return Figures(key=key, label=label, received=sum(received[i] for i in chosen),
                       closed=sum(closed[i] for i in chosen), on_time_rate=0.8)  # fmt: skip

    def week(monday: date) -> Figures:
        sunday = monday + timedelta(days=6)
        label = f"{monday.month}月{monday.day}日–{sunday.month}月{sunday.day}日"
        return summed(monday.isoformat(), label,
                      [i for i, d in enumerate(dates) if monday <= d <= sunday])  # fmt: skip

    week_rows = [week(m) for m in sorted({d - timedelta(days=d.weekday()) for d in dates})]
    months = sorted({(d.year, d.month) for d in dates})
    month_rows = [summed(f"{y:04d}-{m:02d}", f"{y}年{m}月",
                         [i for i, d in enumerate(dates) if (d.year, d.month) == (y, m)])
                  for y, m in months]  # fmt: skip
    places = [Figures(key="城东支行", label="城东支行", received=6, on_time_rate=0.5),
              Figures(key="营业部三楼", label="营业部三楼", received=3),
              Figures(key="", label="未填地点", received=14)]  # fmt: skip
    return {
        "group": stats("group", [ONSITE, LIAISON, MEDIA], end=end),
        "type": stats("type", [Figures(key="problem", label="问题型投诉", received=14),
                               Figures(key="emotion", label="情绪型投诉", received=9)], end=end),
        "channel": stats("channel", [Figures(key="phone", label="电话", received=15),
                                     Figures(key="onsite", label="现场", received=8)], end=end),
        "level": stats("level", [Figures(key="l2", label="Ⅱ级", received=3),
                                 Figures(key="l3", label="Ⅲ级", received=20)], end=end),
        "location": stats("location", places, end=end),
        "day": stats("day", day_rows, end=end),
        "week": stats("week", week_rows, end=end),
        "month": stats("month", month_rows, end=end),
    }  # fmt: skip


@pytest.fixture
def workbook(tmp_path):
    return load_workbook(write_workbook(build(), tmp_path / "stats.xlsx"))


def by_label(ws, label: str) -> int:
    """The row whose first cell is `label`."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return row[0].row
    raise AssertionError(f"no row {label!r} on {ws.title}")


def headers(ws) -> dict[str, int]:
    """Column heads as read on one line (the unit is on a line of its own in the sheet)."""
    return {c.value.replace("\n", ""): c.column for c in ws[1] if c.value}


# --- the workbook -------------------------------------------------------------------


def test_the_workbook_opens_on_the_summary_then_one_sheet_per_breakdown_named_in_chinese(
    workbook,
):
    assert workbook.sheetnames == [
        "汇总",
        "工作组",
        "投诉类型",
        "渠道",
        "响应级别",
        "地点",
        "日",
        "周",
        "月",
    ]


def test_the_summary_names_the_period_the_plan_the_author_and_when_it_was_computed(workbook):
    ws = workbook["汇总"]
    facts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(3, 11)}
    assert facts["统计期间"] == "2026-11-01 至 2026-11-07"
    assert facts["开始日期"] == datetime(2026, 11, 1)
    assert facts["结束日期"] == datetime(2026, 11, 7)
    assert facts["上期"] == "2026-10-25 至 2026-10-31"
    assert facts["预案"] == "全部预案"
    assert facts["制表人"] == "李主任"
    assert facts["统计时间"] == datetime(2026, 12, 1, 9, 30)  # the plan's local time


def test_the_summary_shows_every_figure_this_period_the_previous_one_and_the_change(workbook):
    ws = workbook["汇总"]
    received = by_label(ws, "接报")
    assert [ws.cell(received, c).value for c in (2, 3, 4)] == [23, 20, 3]
    rate = by_label(ws, "按时率")
    assert ws.cell(rate, 2).value == pytest.approx(0.85)
    assert ws.cell(rate, 3).value == pytest.approx(0.8)
    assert ws.cell(rate, 4).value == pytest.approx(0.05)
    closing = by_label(ws, "结案用时中位数(分钟)")
    assert [ws.cell(closing, c).value for c in (2, 3, 4)] == [1080, 1200, -120]
    ack = by_label(ws, "告警确认用时中位数(分钟)")  # the previous period had none to count
    assert [ws.cell(ack, c).value for c in (2, 3, 4)] == [pytest.approx(40 / 60), None, None]
    assert len([r for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value]) >= len(NUMBERS)


def test_the_summary_lists_the_most_frequent_locations_types_and_demands(workbook):
    ws = workbook["汇总"]
    for title, first, count in (("高频地点", "城东支行", 6), ("高频投诉类型", "问题型投诉", 14),
                                ("高频诉求", "退还理财本金", 8)):  # fmt: skip
        row = by_label(ws, title)
        assert ws.cell(row + 1, 2).value == "件数"
        assert [ws.cell(row + 2, 1).value, ws.cell(row + 2, 2).value] == [first, count]
    assert ws.cell(by_label(ws, "高频诉求") + 3, 1).value == "要求书面答复"


def test_a_group_row_carries_every_figure_in_its_own_column(workbook):
    ws = workbook["工作组"]
    head = headers(ws)
    assert ws.cell(1, 1).value == "工作组" and head["代码"] == 2
    row = by_label(ws, "现场处置组")
    assert ws.cell(row, 2).value == "onsite"
    expected = {
        "接报": 12, "结案": 10, "按时完成": 8, "超时完成": 2, "超时未完成": 1,
        "超时时长中位数(分钟)": 30, "最长超时(分钟)": 90, "按时率": pytest.approx(8 / 11),
        "首次响应用时中位数(分钟)": 10, "首次响应用时P90(分钟)": 25,
        "结案用时中位数(分钟)": 1500, "结案用时P90(分钟)": 2880, "告警": 5,
        "告警确认用时中位数(分钟)": 0.75, "告警确认用时P90(分钟)": 5, "告警升级": 1, "回访": 7,
        "满意(含基本满意)": 6, "满意率": pytest.approx(6 / 7), "重复投诉人": 2, "重复投诉件": 5,
    }  # fmt: skip
    assert len(expected) == len(NUMBERS) and len(head) == len(NUMBERS) + 2
    for title, value in expected.items():
        assert ws.cell(row, head[title]).value == value, title


def test_a_group_with_nothing_to_count_has_empty_cells_not_zeros(workbook):
    ws = workbook["工作组"]
    head, row = headers(ws), by_label(ws, "舆情监测组")
    assert ws.cell(row, head["接报"]).value == 2
    assert ws.cell(row, head["按时完成"]).value == 0
    assert ws.cell(row, head["按时率"]).value is None
    assert ws.cell(row, head["结案用时中位数(分钟)"]).value is None


def test_the_period_totals_close_each_breakdown_sheet(workbook):
    ws = workbook["工作组"]
    head, row = headers(ws), by_label(ws, "合计")
    assert row == 5  # after the three groups
    assert ws.cell(row, head["接报"]).value == 23
    assert ws.cell(row, head["按时率"]).value == pytest.approx(0.85)


def test_rates_show_as_percentages_and_durations_as_minutes_with_one_decimal(workbook):
    ws = workbook["工作组"]
    head, row = headers(ws), by_label(ws, "现场处置组")
    assert ws.cell(row, head["按时率"]).number_format == "0.0%"
    assert ws.cell(row, head["首次响应用时中位数(分钟)"]).number_format == "0.0"
    assert ws.cell(row, head["接报"]).number_format == "0"
    summary = workbook["汇总"]
    rate = by_label(summary, "按时率")
    assert summary.cell(rate, 2).number_format == "0.0%"
    assert summary.cell(rate, 4).number_format.startswith("+0.0%")
    assert summary.cell(by_label(summary, "结案用时P90(分钟)"), 2).number_format == "0.0"


def test_headers_stay_in_view_and_are_bold(workbook):
    ws = workbook["工作组"]
    assert ws.freeze_panes == "C2"
    assert ws.cell(1, 1).font.b and ws.cell(1, 3).font.b
    assert ws.column_dimensions["A"].width >= 10


def test_each_breakdown_sheet_charts_its_on_time_rate_and_the_day_sheet_a_trend(workbook):
    for name in ("工作组", "投诉类型", "渠道", "响应级别", "地点"):
        charts = workbook[name]._charts
        assert [type(c) for c in charts] == [BarChart], name
    assert {type(c) for c in workbook["日"]._charts} == {LineChart, BarChart}
    (trend,) = [c for c in workbook["日"]._charts if isinstance(c, LineChart)]
    assert len(trend.series) == 2 and not any(s.smooth for s in trend.series)  # no curve below 0
    assert workbook["汇总"]._charts == []


def test_a_breakdown_with_no_rows_still_gets_its_sheet_without_a_chart(tmp_path):
    data = build()
    data["channel"] = replace(data["channel"], rows=())
    wb = load_workbook(write_workbook(data, tmp_path / "stats.xlsx"))
    assert wb["渠道"]._charts == []
    assert wb["渠道"].cell(2, 1).value == "合计"


def test_weeks_and_months_chart_received_and_closed(tmp_path):
    wb = load_workbook(write_workbook(build(days=40), tmp_path / "stats.xlsx"))
    for name in ("周", "月"):
        assert [type(c) for c in wb[name]._charts] == [BarChart, BarChart], name
        assert len(wb[name]._charts[0].series) == 2  # received and closed
    month = wb["月"]
    assert [month.cell(r, 1).value for r in (2, 3, 4)] == ["2026年11月", "2026年12月", "合计"]
    assert month.cell(2, 3).value == sum(2 + (i * 7) % 5 for i in range(30))


# --- the 监督报告 PDF ------------------------------------------------------------------


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def report(tmp_path):
    path = stats_report.render(build(), tmp_path / "report.pdf")
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_the_report_names_the_period_the_plan_the_author_and_when(report):
    first = flat(report[0])
    assert flat("投诉处理监督报告") in first
    assert flat("2026-11-01 至 2026-11-07") in first
    assert flat("对比上期:2026-10-25 至 2026-10-31") in first
    assert "全部预案" in first and "李主任" in first
    assert flat("统计于 2026-12-01 09:30") in first


def test_the_report_compares_the_totals_with_the_previous_period(report):
    whole = flat("".join(report))
    assert flat("本期接报 23 件、结案 19 件(上期 20 件、19") not in whole  # sanity of flat()
    assert flat("本期接报 23 件、结案 19 件(上期 20 件、18 件)") in whole
    assert flat("按时率 85.0% 80.0% +5.0 个百分点") in whole
    assert flat("结案用时中位数 18:00:00 20:00:00 -02:00:00") in whole
    assert flat("接报 23 20 +3") in whole


def test_the_report_lists_every_group_type_channel_and_level_with_its_figures(report):
    whole = flat("".join(report))
    for name in ("按工作组", "按投诉类型", "按渠道", "按响应级别", "现场处置组", "客户沟通组",
                 "舆情监测组", "问题型投诉", "情绪型投诉", "电话", "Ⅲ级"):  # fmt: skip
        assert flat(name) in whole, name
    # 现场处置组: received, closed, met, late, missed, rate, late median, late max, ...
    assert flat("现场处置组 12 10 8 2 1 72.7% 00:30:00 01:30:00 7 6 85.7%") in whole
    assert flat("现场处置组 00:10:00 00:25:00 25:00:00 48:00:00 5 00:00:45 00:05:00 1 2 5") in whole
    assert flat("舆情监测组 2 0 0 0 0 — — — 0 0 —") in whole


def test_the_report_draws_the_trend_and_the_on_time_chart(report):
    whole = flat("".join(report))
    assert flat("每日接报与结案") in whole and flat("各工作组时限按时率") in whole
    assert flat("11月1日 周日") in whole
    assert flat("舆情监测组(无计时)") in whole  # a group with no clocks has no bar


def test_the_report_ends_with_the_top_lists_and_the_signatures(report):
    whole = flat("".join(report))
    for text in ("高频地点", "城东支行", "高频诉求", "退还理财本金", "审核人", "日期"):
        assert flat(text) in whole, text
    assert flat("制表人:李主任") in flat(report[-1])


def test_every_page_is_numbered_and_watermarked_only_when_asked(report, tmp_path):
    total = len(report)
    for number, page in enumerate(report, start=1):
        assert f"第 {number} 页 共 {total} 页" in page
        assert "内部资料" not in page
    marked = stats_report.render(build(), tmp_path / "marked.pdf", watermark="内部资料")
    pages = [p.extract_text() for p in PdfReader(str(marked)).pages]
    assert len(pages) == total
    assert all("内部资料" in page for page in pages)


def test_a_report_of_one_breakdown_without_datesor_groups_still_prints(tmp_path):
    only = {"type": build()["type"]}
    path = stats_report.render(only, tmp_path / "report.pdf")
    whole = flat("".join(p.extract_text() for p in PdfReader(str(path)).pages))
    assert flat("按投诉类型") in whole and flat("问题型投诉") in whole
    assert flat("每日接报与结案") not in whole


def test_a_long_period_draws_its_trend_by_the_week(tmp_path):
    path = stats_report.render(build(days=92), tmp_path / "quarter.pdf")
    whole = flat("".join(p.extract_text() for p in PdfReader(str(path)).pages))
    assert flat("共 92 天") in whole
    assert flat("每周接报与结案") in whole and flat("每日接报与结案") not in whole
    assert flat("10月26日–11月1日") in whole  # the first week, under the axis


def test_text_with_markup_characters_prints_as_typed(tmp_path):
    data = build()
    odd = "退款<500元 & 书面答复"
    data["group"] = replace(data["group"], rows=(replace(MEDIA, label="A&B <组>"),),
                            top={"demands": ((odd, 3),)}, author="王<二>")  # fmt: skip
    path = stats_report.render(data, tmp_path / "report.pdf")
    whole = flat("".join(p.extract_text() for p in PdfReader(str(path)).pages))
    assert flat(odd) in whole and flat("A&B <组>") in whole and flat("制表人:王<二>") in whole
    wb = load_workbook(write_workbook(data, tmp_path / "stats.xlsx"))
    assert wb["工作组"].cell(2, 1).value == "A&B <组>"
    assert odd in [c.value for c in wb["汇总"]["A"]]


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(tmp_path):
    data = build()
    typed = '=HYPERLINK("http://example.invalid","点我")'
    data["group"] = replace(data["group"], rows=(replace(MEDIA, label="=1+1"),),
                            top={"demands": ((typed, 2),)})  # fmt: skip
    wb = load_workbook(write_workbook(data, tmp_path / "stats.xlsx"))
    cell = wb["工作组"].cell(2, 1)
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    (found,) = [c for c in wb["汇总"]["A"] if c.value == typed]
    assert found.data_type == "s"
