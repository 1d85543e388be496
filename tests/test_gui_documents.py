"""Documents and statistics in the window (issue 19), offscreen with pytest-qt: reports
upward (初报/续报/终报) drafted, edited and signed in their dialog, the next report due counting
down on the command screen, a plan's forms printed from the 打印 menu, and the 统计 tab with
its figures, charts and exports."""

from __future__ import annotations

import contextlib
import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox

from console.people.permissions import Action
from console.services import incidents, queries, sitreps, tasks, users
from tests.conftest import local, open_incident
from widgets.dialogs import forms as forms_dialog
from widgets.dialogs import sitreps as sitrep_dialog
from widgets.dialogs.sitreps import SitrepDialog
from widgets.stats import StatsView, quick_periods
from widgets.window import MainWindow

ACTIVATED = local(2026, 11, 24, 10, 0)


@pytest.fixture(autouse=True)
def told(monkeypatch) -> list[tuple[str, str]]:
    """The message boxes the window would show, as (title, text); a question is answered
    Yes (a modal box offscreen would wait for ever)."""
    shown: list[tuple[str, str]] = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda _p, title, text, *_a: shown.append((title, text))
        )
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, title, text, *_a: shown.append((title, text)) or QMessageBox.StandardButton.Yes,
    )
    return shown


@pytest.fixture
def saving_to(monkeypatch, tmp_path):
    """Every file dialog answers with a file in tmp_path named as the dialog proposed;
    returns the paths asked for."""
    asked: list = []

    def answer(_parent, _title, name, _filter, *_a):
        path = tmp_path / name.replace("/", "_")
        asked.append(path)
        return str(path), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


@pytest.fixture
def case(app, staff, clock) -> int:
    """A mass complaint at a branch (plan 000, which reports upward: 初报 within 1 小时 of
    启动预案, then a 续报 every 2 小时), registered and activated at 10:00."""
    return open_incident(app, clock, "group_complaint", ACTIVATED, title="城东支行门前群体聚集",
                         people=30, location="城东支行", demands="退还理财本金")  # fmt: skip


def window_for(qtbot, app, name) -> MainWindow:
    user = next(u for u in users.list_users(app) if u.name == name)
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    window.start()
    return window


def choose(window, incident_id: int) -> None:
    model = window.seat.boards.incidents
    row = next(r for r in range(model.rowCount()) if model.row_at(r).incident_id == incident_id)
    window.seat.incident_view.selectRow(row)


def dialog_for(qtbot, app, actor, incident_id, *, can_sign) -> SitrepDialog:
    dialog = SitrepDialog(app, actor, incident_id, can_sign=can_sign)
    qtbot.addWidget(dialog)
    return dialog


def titles(dialog: SitrepDialog) -> list[tuple[str, str]]:
    return [
        (dialog.list.topLevelItem(i).text(0), dialog.list.topLevelItem(i).text(1))
        for i in range(dialog.list.topLevelItemCount())
    ]


def enabled_drafts(dialog: SitrepDialog) -> set[str]:
    return {kind for kind, button in dialog.draft_buttons.items() if button.isEnabled()}


# --- 初报/续报/终报 ---------------------------------------------------------------------
def test_the_leader_drafts_edits_and_signs_a_first_report_which_then_is_read_only(
    qtbot, app, case, clock, told
):
    dialog = dialog_for(qtbot, app, "leader1", case, can_sign=True)
    assert titles(dialog) == [] and enabled_drafts(dialog) == {"first"}  # a 初报 comes first
    assert dialog.editor.isReadOnly() and "起草初报" in dialog.editor.placeholderText()

    clock.set(local(2026, 11, 24, 10, 20))
    dialog.draft_buttons["first"].click()
    assert titles(dialog) == [("初报", "草稿 · leader1 起草 11-24 10:20")]
    draft = dialog.editor.toPlainText()
    assert draft.startswith("一、基本情况") and "城东支行门前群体聚集" in draft  # from the case
    assert not dialog.editor.isReadOnly() and "签发后不可修改" in dialog.state.text()
    assert enabled_drafts(dialog) == set()  # no 续报 before the 初报 is signed
    assert not dialog.save_button.isEnabled()  # nothing changed yet

    dialog.editor.setPlainText(draft + "\n\n六、补充\n人群已疏散至接待室。")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    (stored,) = sitreps.list_for(app, "leader1", case)
    assert stored.text.endswith("人群已疏散至接待室。") and stored.edited_by == "leader1"
    assert not dialog.save_button.isEnabled()

    clock.set(local(2026, 11, 24, 10, 30))
    dialog.sign_button.click()
    assert told[-1][0] == "签发" and "签发后报告定稿" in told[-1][1]  # asked first
    (signed,) = sitreps.list_for(app, "leader1", case)
    assert (signed.signed_by, signed.signed_at) == ("leader1", "2026-11-24T10:30:00+08:00")
    assert titles(dialog) == [("初报", "已签发 · leader1 11-24 10:30")]
    assert dialog.editor.isReadOnly() and "已签发,不可修改" in dialog.state.text()
    assert not dialog.sign_button.isEnabled() and not dialog.save_button.isEnabled()
    assert enabled_drafts(dialog) == {"update", "final"}  # what may follow a signed 初报
    assert "下一份报告的报送期限 11-24 12:30" in dialog.due.text()  # the next 续报's clock


def test_an_edit_signed_unsaved_is_saved_first_and_a_signed_report_cannot_be_typed_into(
    qtbot, app, case, told
):
    dialog = dialog_for(qtbot, app, "deputy1", case, can_sign=True)
    dialog.draft("first")
    dialog.editor.setPlainText("一、基本情况\n城东支行门前约 30 人聚集。")
    dialog.sign()
    (signed,) = sitreps.list_for(app, "deputy1", case)
    assert (
        signed.text == "一、基本情况\n城东支行门前约 30 人聚集。" and signed.signed_by == "deputy1"
    )
    assert "未保存的修改将先保存" in told[-1][1]
    qtbot.keyClicks(dialog.editor, "xyz")  # a read-only editor takes no typing
    assert dialog.editor.toPlainText() == signed.text
    assert not dialog.dirty()


def test_a_coordinator_drafts_reports_but_sees_no_sign_button(qtbot, app, case, monkeypatch):
    window = window_for(qtbot, app, "coord_coordination")
    assert window.menu_actions["sitrep"].isVisible() and not window.can(Action.SIGN)
    opened: list[SitrepDialog] = []
    monkeypatch.setattr(SitrepDialog, "exec", lambda d: opened.append(d) or 0)
    lane = window.seat
    lane.view.selectRow(
        next(r for r in range(lane.model.rowCount()) if lane.model.row_at(r).incident_id == case)
    )
    window.menu_actions["sitrep"].trigger()
    (dialog,) = opened
    assert dialog.incident_id == case and dialog.sign_button.isHidden()
    dialog.draft("first")
    assert titles(dialog)[0][1].startswith("草稿 · coord_coordination")
    member = window_for(qtbot, app, "member_onsite")
    assert not member.menu_actions["sitrep"].isVisible()  # 组员 draft no reports


def test_the_leader_opens_the_reports_of_the_incident_chosen_from_the_menu(
    qtbot, app, case, monkeypatch, told
):
    window = window_for(qtbot, app, "leader1")
    opened: list[SitrepDialog] = []
    monkeypatch.setattr(SitrepDialog, "exec", lambda d: opened.append(d) or 0)
    window.menu_actions["sitrep"].trigger()  # nothing chosen: said, nothing opened
    assert opened == [] and told == [("初报/续报/终报", "请先选中一起事件。")]
    assert window.menu_actions["sitrep"].shortcut().toString() == "Ctrl+E"
    choose(window, case)
    window.menu_actions["sitrep"].trigger()
    assert [d.incident_id for d in opened] == [case] and opened[0].sign_button.isVisibleTo(
        opened[0]
    )


def test_an_open_report_dialog_shows_what_another_seat_signs(qtbot, app, case, monkeypatch):
    window = window_for(qtbot, app, "leader1")
    choose(window, case)
    seen: list[list[tuple[str, str]]] = []

    def while_open(dialog):
        dialog.draft("first")
        sitreps.sign(app, "deputy1", dialog.selected().id)  # the deputy, at another seat
        seen.append(titles(dialog))
        return 0

    monkeypatch.setattr(SitrepDialog, "exec", while_open)
    window.menu_actions["sitrep"].trigger()
    assert seen[0][0][1].startswith("已签发 · deputy1") and window._details == []


def test_refusals_are_shown_on_the_field_they_name(qtbot, app, case):
    dialog = dialog_for(qtbot, app, "leader1", case, can_sign=True)
    dialog.draft("update")  # the button is disabled; the service refuses anyway
    assert dialog.errors["--kind"].isVisibleTo(dialog)
    assert "初报" in dialog.errors["--kind"].text() and titles(dialog) == []
    dialog.draft("first")
    assert not dialog.errors["--kind"].isVisibleTo(dialog)
    dialog.editor.setPlainText("   ")
    dialog.save()
    assert dialog.errors["--text"].isVisibleTo(dialog) and dialog.errors["--text"].text()
    assert sitreps.list_for(app, "leader1", case)[0].text.startswith("一、基本情况")  # unchanged


def test_another_seat_s_signing_first_is_said_and_shown(qtbot, app, case, told):
    dialog = dialog_for(qtbot, app, "leader1", case, can_sign=True)
    dialog.draft("first")
    sitreps.sign(app, "deputy1", dialog.selected().id)  # the deputy, at another seat
    dialog.sign()
    assert told[-1][0] == "未执行" and "deputy1" in told[-1][1]
    assert titles(dialog)[0][1].startswith("已签发 · deputy1")


def test_a_report_is_exported_as_pdf_and_word(qtbot, app, case, saving_to):
    dialog = dialog_for(qtbot, app, "leader1", case, can_sign=True)
    dialog.draft("first")
    pdf = dialog.export("pdf")
    word = dialog.export("docx")
    assert pdf is not None and pdf.read_bytes()[:5] == b"%PDF-"
    assert word is not None and zipfile.is_zipfile(word)
    assert "word/document.xml" in zipfile.ZipFile(word).namelist()
    assert [p.name for p in saving_to] == [f"初报-#{case}.pdf", f"初报-#{case}.docx"]
    assert str(word) in dialog.notice.text()
    log = [e.text for e in queries.timeline(app, case)]
    assert "打印初报(PDF)" in log and "打印初报(DOCX)" in log


# --- 下次初报 / 下次续报 on the command screen -------------------------------------------
def report_line(window, incident_id: int) -> str | None:
    panel = window.seat.reports
    for i in range(panel.tree.topLevelItemCount()):
        item = panel.tree.topLevelItem(i)
        if item.text(1).startswith(f"#{incident_id} "):
            return item.text(0)
    return None


def test_the_command_screen_counts_down_to_the_next_report(qtbot, app, case, clock):
    other = open_incident(app, clock, "major_complaint", ACTIVATED, title="楼道渗水")  # reports no
    window = window_for(qtbot, app, "leader1")
    panel = window.seat.reports
    assert panel.isVisibleTo(window) and report_line(window, other) is None
    assert report_line(window, case) == "下次初报 01:00:00"  # 启动预案 10:00 + 1 小时

    clock.advance(timedelta(minutes=17, seconds=50))
    window.seat.timer.timeout.emit()  # the view's one timer
    assert report_line(window, case) == "下次初报 00:42:10"

    sitreps.sign(app, "leader1", sitreps.add(app, "coord_coordination", case, "first").id)
    assert report_line(window, case) == "下次续报 02:00:00"  # signed at 10:17:50: every 2 小时

    clock.advance(timedelta(hours=2, minutes=5))
    window.seat.timer.timeout.emit()
    assert report_line(window, case) == "续报超时 00:05:00"
    assert "超时 1" in panel.title.text()
    item = panel.tree.topLevelItem(0)
    assert item.background(0).color().name() == "#dc2626"  # a lapse is red

    sitreps.sign(app, "deputy1", sitreps.add(app, "coord_coordination", case, "final").id)
    assert report_line(window, case) is None and not panel.isVisibleTo(window)  # no more due


def test_a_task_someone_called_so_is_no_report_deadline(qtbot, app, case, clock):
    tasks.add(app, "leader1", case, title="报送初报", group="onsite", role="onsite_lead",
              within="30 分钟")  # fmt: skip
    window = window_for(qtbot, app, "leader1")
    assert report_line(window, case) == "下次初报 01:00:00"  # the plan's, not the 30 分钟 task


# --- 打印 → 表单… --------------------------------------------------------------------------
def test_the_forms_of_a_major_complaint_are_offered_and_one_is_saved_as_pdf(
    qtbot, app, staff, clock, monkeypatch, saving_to
):
    iid = open_incident(app, clock, "major_complaint", ACTIVATED, title="住户投诉地下车库漏水",
                        channel="phone", reporter="李先生", contact="13900005555")  # fmt: skip
    window = window_for(qtbot, app, "leader1")
    assert window.menu_actions["form"].text() == "表单…"
    choose(window, iid)
    offered: list[list[str]] = []

    def pick_second(dialog):
        offered.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.list.setCurrentRow(1)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(forms_dialog.FormChooser, "exec", pick_second)
    window.menu_actions["form"].trigger()
    assert offered == [["《客户投诉记录表》", "《投诉处理表》", "《客户信息处理表》"]]
    (saved,) = saving_to
    assert saved.name == f"投诉处理表 #{iid}.pdf" and saved.read_bytes()[:5] == b"%PDF-"
    assert "打印《投诉处理表》" in [e.text for e in queries.timeline(app, iid)]  # logged


def test_a_plan_without_forms_says_so(qtbot, app, case, told, monkeypatch):
    window = window_for(qtbot, app, "leader1")
    opened = []
    monkeypatch.setattr(forms_dialog.FormChooser, "exec", lambda d: opened.append(d) or 0)
    choose(window, case)
    window.menu_actions["form"].trigger()
    assert opened == [] and told == [("打印表单", "本事件的预案没有规定表单。")]


# --- 统计 -----------------------------------------------------------------------------------
def scripted(app, clock) -> int:
    """One case last month and two this month: a 重大客户投诉 (seed 004) whose first task is
    done in 5 minutes and the rest the next day, called back 满意 and closed; another left
    open."""
    from console.errors import ConsoleError
    from console.services import revisits

    open_incident(app, clock, "major_complaint", local(2026, 10, 20, 9, 0), title="上月投诉")
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 10, 9, 0), title="本月投诉",
                        channel="phone", contact="13900005555", location="3 号楼")  # fmt: skip
    clock.set(local(2026, 11, 10, 9, 5))
    for step, task in enumerate(t for t in queries.show(app, iid).tasks if t.state == "open"):
        if step == 1:
            clock.set(local(2026, 11, 11, 9, 0))
        with contextlib.suppress(ConsoleError):  # the 回访 task is done by the 回访
            tasks.complete(app, "leader1", task.id, "已落实")
    clock.set(local(2026, 11, 12, 9, 0))
    incidents.advance(app, "leader1", iid, "handling")
    incidents.advance(app, "leader1", iid, "feedback")
    revisits.record(app, "leader1", iid, "satisfied", note="电话回访")
    for task in queries.show(app, iid).tasks:
        if task.state == "open":
            tasks.complete(app, "leader1", task.id, "已落实")
    incidents.advance(app, "leader1", iid, "closed")
    open_incident(app, clock, "major_complaint", local(2026, 11, 20, 9, 0), title="本月第二起")
    clock.set(local(2026, 11, 24, 10, 0))
    return iid


def test_the_stats_tab_shows_the_month_against_the_last_and_exports_a_workbook(
    qtbot, app, staff, clock, saving_to
):
    scripted(app, clock)
    window = window_for(qtbot, app, "leader1")
    view = window.stats
    assert view is not None and view.stale and not view.results  # nothing counted at start
    window.menu_actions["stats"].trigger()
    assert window.tabs.currentWidget() is view
    assert view.period() == (date(2026, 11, 1), date(2026, 11, 24))  # 本月 by default
    assert view.compute()
    cards = {k: (c.value.text(), c.change.text()) for k, c in view.cards.items()}
    assert cards["received"] == ("2", "较上期 ▲1")  # two this month, one in October's days
    assert cards["closed"][0] == "1" and cards["satisfaction_rate"][0] == "100.0%"
    assert cards["on_time_rate"][0].endswith("%")
    # the trend: a point a day, received and closed
    curves = view.trend.getPlotItem().listDataItems()
    assert len(curves) == 2 and len(curves[0].getData()[0]) == 24
    assert sum(curves[0].getData()[1]) == 2 and sum(curves[1].getData()[1]) == 1
    bars = [i for i in view.on_time.getPlotItem().items if type(i).__name__ == "BarGraphItem"]
    assert bars  # the on-time rate of each group with deadlines
    # the table: a row per group, then the totals
    table = view.table
    assert table.horizontalHeaderItem(0).text() == "工作组"
    assert table.item(table.rowCount() - 1, 0).text() == "合计"
    assert table.item(table.rowCount() - 1, 1).text() == "2"

    out = view.export_xlsx()
    assert out is not None and out.suffix == ".xlsx" and out.exists()
    book = load_workbook(out)
    assert len(book.sheetnames) >= 2
    cells = [
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    ]
    assert any("2026-11-01" in c for c in cells)
    assert f"已导出:{out}" == view.message.text()
    pdf = view.export_pdf()
    assert pdf is not None and pdf.read_bytes()[:5] == b"%PDF-"


def test_the_breakdown_plan_and_period_are_chosen_and_a_bad_period_is_said(
    qtbot, app, staff, clock
):
    scripted(app, clock)
    view = StatsView(app, "leader1")
    qtbot.addWidget(view)
    view.by.setCurrentIndex(view.by.findData("channel"))  # computes at once
    assert view.table.horizontalHeaderItem(0).text() == "渠道"
    labels = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    assert labels[-1] == "合计" and len(labels) >= 2
    view.plan.setCurrentIndex(view.plan.findData("group_complaint"))  # no case of that plan
    assert view.cards["received"].value.text() == "0"
    view.set_quick("上月")
    assert view.period() == (date(2026, 10, 1), date(2026, 10, 31))
    assert quick_periods(date(2026, 3, 31))["近30天"] == (date(2026, 3, 2), date(2026, 3, 31))
    view.set_period(date(2026, 11, 24), date(2026, 11, 1))  # from after to
    assert view.start.styleSheet() and "after" in view.message.text()
    assert view.cards["received"].value.text() == "—" and not view.xlsx_button.isEnabled()


def test_a_seat_without_tabs_opens_the_statistics_in_a_window(qtbot, app, staff, clock):
    window = window_for(qtbot, app, "duty1")
    assert window.tabs is None and window.stats is None
    window.menu_actions["stats"].trigger()
    assert window.stats is not None and window._stats_window.isVisible()
    assert window.stats.compute()
    window._stats_window.close()


def test_new_menu_items_and_the_sign_permission(qtbot, app, staff):
    leader = window_for(qtbot, app, "leader1")
    assert {"初报/续报/终报…", "表单…", "统计分析"} <= {
        a.text() for a in leader.actions() if a.isVisible()
    }
    assert leader.menu_actions["stats"].shortcut().toString() == "Ctrl+Shift+T"
    assert leader.menu_actions["form"].shortcut().toString() == "Ctrl+Shift+F"
    assert sitrep_dialog.next_kinds([], closed=True) == {
        "first": False,
        "update": False,
        "final": False,
    }
