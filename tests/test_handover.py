"""The handover sheet, read back from the PDF as the next shift would read it."""

import re
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from console.errors import InputError, PermissionDenied
from console.printing.handover_sheet import mask_phone
from console.services import incidents, queries, reports, shifts, tasks
from console.services.alarms import sweep
from console.services.incidents import ReportInput
from tests.conftest import local


def text_of(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def shift_day(app, staff, clock):
    """A shift from 08:00 with a mass complaint at 09:00 whose first clocks have lapsed."""
    clock.set(local(2026, 11, 24, 8, 0))
    shifts.start_shift(app, "duty1", "duty1", "leader1")
    clock.set(local(2026, 11, 24, 9, 0))
    inc = incidents.register(app, "duty1", ReportInput(plan="group_complaint", title="城东支行门口客户聚集",
                                                       channel="onsite", people=40, reporter="王先生",
                                                       contact="13812345678", demands="退还理财本金"))  # fmt: skip
    incidents.activate(app, "leader1", inc.id)
    incidents.add_note(
        app, "leader1", inc.id, "现场组务必三十分钟内引导至三楼会议室", significant=True
    )
    clock.set(local(2026, 11, 24, 10, 0))
    sweep(app)
    clock.set(local(2026, 11, 24, 19, 50))
    return inc.id


def test_the_sheet_carries_the_three_clears_every_open_task_a_lapse_and_a_masked_number(
    app, shift_day, tmp_path
):
    out = tmp_path / "handover.pdf"
    result = reports.print_handover(app, "duty1", out)
    pages = text_of(out)
    whole = flat("".join(pages))
    for title in ("交接班单", "一、情况清", "二、问题清", "三、任务清", "四、领导指示与下一班到期事项", "交班人签字", "接班人签字",
                  "带班领导签字"):  # fmt: skip
        assert flat(title) in whole, title
    for task in queries.board(app):
        assert flat(task.title)[:12] in whole, task.title
    assert "已超时" in whole and "超时" in whole
    assert "138****5678" in whole and "13812345678" not in whole
    assert flat("现场组务必三十分钟内引导至三楼会议室") in whole
    assert result["masked"] and result["tasks"] == len(queries.board(app))


def test_the_font_is_embedded_and_the_page_count_matches_the_footer(app, shift_day, tmp_path):
    out = tmp_path / "handover.pdf"
    reports.print_handover(app, "duty1", out)
    reader = PdfReader(str(out))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"第 {number} 页 共 {total} 页" in page.extract_text()
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]))
    assert any("WenQuanYiMicroHei" in name for name in embedded)


def test_sixty_incidents_span_pages_with_the_table_headers_repeated(app, staff, clock, tmp_path):
    shifts.start_shift(app, "duty1", "duty1")
    for i in range(60):
        inc = incidents.register(app, "duty1", ReportInput(plan="customer_crisis", title=f"第 {i + 1} 起投诉",
                                                           channel="phone", level="urgent"))  # fmt: skip
        incidents.activate(app, "leader1", inc.id)
    out = tmp_path / "big.pdf"
    reports.print_handover(app, "duty1", out)
    pages = text_of(out)
    assert len(pages) >= 4
    task_pages = [p for p in pages if "工作组" in p and "岗位" in p]  # the task table's header
    assert len(task_pages) >= 2  # the table spans pages and its header repeats on each
    assert all(f"共 {len(pages)} 页" in p for p in pages)


def test_unmasked_numbers_are_a_logged_choice(app, shift_day, tmp_path):
    out = tmp_path / "full.pdf"
    reports.print_handover(app, "leader1", out, unmask=True)
    assert "13812345678" in flat("".join(text_of(out)))
    from sqlalchemy import select

    from models import AuditEntry

    with app.read() as s:
        entry = s.execute(
            select(AuditEntry).where(AuditEntry.action == "handover.print")
        ).scalar_one()
    assert '"unmasked":true' in entry.after and entry.actor == "leader1"


def test_handover_is_refused_during_a_no_handover_step_unless_the_leader_overrides(app, shift_day):
    with pytest.raises(InputError) as info:
        shifts.handover(app, "duty1", "deputy1")
    assert info.value.field == "handover" and "不得中途交接" in info.value.message
    assert shifts.current(app).officer == "duty1"  # refused: nothing changed
    with pytest.raises(PermissionDenied):
        shifts.handover(
            app, "duty1", "deputy1", override="我说可以"
        )  # a duty officer cannot force it
    done = shifts.handover(app, "leader1", "deputy1", override="现场已稳定,由副组长接手")
    assert done.handed_over.override_reason == "现场已稳定,由副组长接手"
    assert done.next.officer == "deputy1"
    from sqlalchemy import select

    from models import LogEntry

    with app.read() as s:
        forced = (
            s.execute(select(LogEntry).where(LogEntry.kind == "shift", LogEntry.significant))
            .scalars()
            .all()
        )
    assert any(
        "强制交接" in e.text and "现场已稳定" in e.text and e.actor == "leader1" for e in forced
    )


def test_a_shift_cannot_start_twice_and_the_handover_names_both_officers(app, staff, clock):
    shifts.start_shift(app, "duty1", "duty1")
    with pytest.raises(InputError, match="still open"):
        shifts.start_shift(app, "duty1", "duty1")
    clock.advance(timedelta(hours=12))
    result = shifts.handover(app, "duty1", "leader1")
    assert (result.handed_over.officer, result.handed_over.incoming) == (
        "duty1",
        "leader1",
    )
    assert result.handed_over.handed_over_at == "2026-11-24T22:00:00+08:00"


@given(st.text(max_size=40))
def test_masking_never_leaves_a_mobile_number_and_never_touches_dates(text):
    masked = mask_phone(text)
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", masked)
    assert mask_phone("期限 2026-11-24 09:17:00") == "期限 2026-11-24 09:17:00"


def test_the_incident_report_says_which_clocks_were_met_or_late_and_by_how_much(
    app, staff, clock, tmp_path
):
    from console.services import tasks

    clock.set(local(2026, 11, 24, 10, 0))
    inc = incidents.register(app, "duty1", ReportInput(plan="major_complaint", title="住户投诉维修三次未修复",
                                                       channel="phone", contact="13900001111"))  # fmt: skip
    incidents.activate(app, "leader1", inc.id)
    by_title = {t.title: t.id for t in queries.show(app, inc.id).tasks}
    clock.set(local(2026, 11, 24, 10, 8))
    tasks.complete(
        app, "leader1", by_title["将《投诉处理表》发送到被投诉部门"]
    )  # 10 分钟: 2 minutes early
    clock.set(local(2026, 11, 25, 1, 0))
    sweep(app)  # 当天 lapsed at 24:00
    for title, task_id in by_title.items():
        if title != "将《投诉处理表》发送到被投诉部门":
            tasks.complete(app, "leader1", task_id)
    incidents.advance(app, "leader1", inc.id, "handling")
    incidents.advance(app, "leader1", inc.id, "feedback")
    incidents.advance(app, "leader1", inc.id, "closed")
    out = tmp_path / "report.pdf"
    result = reports.print_incident_report(app, "leader1", inc.id, out)
    whole = flat("".join(text_of(out)))
    assert result["closed"] and result["late"] >= 1
    assert (
        "结案报告" in whole and "提前00:02:00" in whole and "超时01:00:00" in whole
    )  # 当天 24:00 → done 01:00
    assert "139****1111" in whole and "13900001111" not in whole
    assert flat("将《投诉处理表》发送到被投诉部门") in whole and "leader1" in whole


def test_a_long_list_prints_every_row_once_one_line_each_with_the_header_on_every_page(tmp_path):
    """Past 300 rows (a big day's 任务清) rows are single lines: none lost or doubled at a
    page break, the Chinese text readable back from the PDF, the header atop every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from console.printing.pdf import COMPACT_OVER, styles, tables

    count = COMPACT_OVER * 3 + 7
    rows = [["工作组", "任务", "剩余"]] + [
        [
            f"现场处置组{i % 6}",
            f"任务{i:04d} 引导投诉人员至指定接待区域(会议室、接待室),安排专人陪同并做好记录",
            f"-0{i % 10}:15:00",
        ]
        for i in range(count)
    ]
    out = tmp_path / "long.pdf"
    SimpleDocTemplate(str(out), pagesize=A4).build(tables(rows, [100, 300, 80], styles()))
    pages = [flat(p) for p in text_of(out)]
    assert len(pages) > 10
    assert all(p.startswith("工作组任务剩余") for p in pages)
    found = re.findall(r"任务(\d{4})", "".join(pages))
    assert found == [f"{i:04d}" for i in range(count)]  # every row, in order, once
    assert "指定接待区域" in pages[0] and "…" in pages[0]  # cut to its column, marked as cut


def test_a_completion_can_be_undone_in_its_own_shift_and_not_after_the_handover(app, staff, clock):
    """撤销完成 is for a slip of the finger: the 交接班 recorded since draws the line (not a
    guessed 08:00/20:00 boundary), so the next shift's sheet never loses a done task."""
    clock.set(local(2026, 11, 24, 8, 0))
    shifts.start_shift(app, "duty1", "duty1")
    inc = incidents.register(app, "duty1", ReportInput(plan="customer_crisis", title="客户来电投诉退款未到账",
                                                       channel="phone", level="general", type="service"))  # fmt: skip
    incidents.activate(app, "leader1", inc.id)
    first, second = [t.id for t in queries.show(app, inc.id).tasks][:2]
    clock.set(local(2026, 11, 24, 19, 59))
    tasks.complete(app, "leader1", first, "已回电")
    clock.set(local(2026, 11, 24, 20, 30))  # past the old guessed boundary, no handover yet
    assert tasks.undo_complete(app, "leader1", first).state == "open"
    tasks.complete(app, "leader1", second, "已回电")
    clock.advance(timedelta(minutes=5))
    shifts.handover(app, "duty1", "deputy1")
    with pytest.raises(InputError, match="本班次"):
        tasks.undo_complete(app, "leader1", second)
    assert {t.id: t.state for t in queries.show(app, inc.id).tasks}[second] == "done"
