"""Case work in the window, offscreen with pytest-qt: the complainant's earlier cases at
接报登记, evidence in the incident detail (listed, images inline, files dropped on it), 回访,
and a task decided for one case (新增临时任务) reaching its group's seat."""

import pytest
from PySide6.QtCore import QDate, QDateTime, QMimeData, QPointF, Qt, QTime, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from console.people.permissions import Action
from console.services import evidence, incidents, queries, users
from console.services.incidents import ReportInput
from console.time.source import FixedTime
from tests.conftest import HIRED, STAFF_HASH, local, open_incident
from widgets.dialogs import casework
from widgets.dialogs.casework import AddTaskDialog, RevisitDialog
from widgets.dialogs.detail import THUMB, IncidentDetail
from widgets.dialogs.intake import IntakeDialog
from widgets.seats.group import GroupSeat
from widgets.window import MainWindow

CONTACT = "13900001111"
EVERYTHING = frozenset({Action.ATTACH, Action.REVISIT, Action.ADD_TASK})


@pytest.fixture
def refusals(monkeypatch) -> list[tuple[str, str]]:
    """The message boxes a test's dialogs would show, as (title, text)."""
    shown: list[tuple[str, str]] = []
    for kind in ("warning", "information"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda _parent, title, text, *_a: shown.append((title, text))
        )
    return shown


def complaint(app, clock, at, title, **fields) -> int:
    """A 重大客户投诉 (seed 004) from the same resident's number, registered and activated."""
    return open_incident(app, clock, "major_complaint", at, title=title, channel="phone",
                         contact=CONTACT, **fields)  # fmt: skip


def detail(qtbot, app, actor, incident_id, allowed=EVERYTHING, only_group=None) -> IncidentDetail:
    dialog = IncidentDetail(
        app, actor, incident_id, can_note=True, allowed=allowed, only_group=only_group
    )
    qtbot.addWidget(dialog)
    return dialog


def photo(path, colour="#2563eb", size=(64, 48)):
    """A small PNG, made here: no file of the host's is read."""
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path), "PNG")
    return path


def drop(widget, paths) -> tuple[bool, bool]:
    """Drags local files over `widget` and drops them; (entered accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    action, button, mods = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPointF(20, 20), action, mime, button, mods)
    QApplication.sendEvent(widget, enter)
    dropped = QDropEvent(QPointF(20, 20), action, mime, button, mods)
    QApplication.sendEvent(widget, dropped)
    return enter.isAccepted(), dropped.isAccepted()


def add_customer_service(app) -> None:
    """客服部 of the property manager's plan (seed 004): its 客服部主管 (a coordinator) and a 客服员,
    set up with the staff (before the test's own time)."""
    real, app.time = app.time, FixedTime(HIRED)
    try:
        _add_customer_service(app)
    finally:
        app.time = real


def _add_customer_service(app) -> None:
    users.add_user(app, None, "kefu_zhuguan", "coordinator", group="customer_service", display_name="客服部主管",
                   org_role="cs_supervisor", password_hash=STAFF_HASH)  # fmt: skip
    users.add_user(app, None, "kefuyuan", "member", group="customer_service", display_name="客服员",
                   org_role="cs_officer", password_hash=STAFF_HASH)  # fmt: skip


# --- 接报登记: the same complainant's earlier cases --------------------------------------
def test_intake_shows_the_complainant_s_earlier_cases_as_the_number_is_typed(
    qtbot, app, staff, clock, monkeypatch
):
    first = complaint(app, clock, local(2026, 10, 20, 9, 0), "住户投诉地下车库漏水无人维修")
    second = complaint(app, clock, local(2026, 11, 20, 15, 0), "住户再次投诉车库漏水")
    incidents.advance(app, "leader1", first, "handling")
    clock.set(local(2026, 11, 24, 10, 0))
    looked: list[tuple[str, str]] = []
    real = queries.earlier_for
    monkeypatch.setattr("widgets.dialogs.intake.queries.earlier_for",
                        lambda a, plan, contact, order_no: looked.append((contact, order_no)) or real(a, plan, contact, order_no))  # fmt: skip
    dialog = IntakeDialog(app, "duty1")
    qtbot.addWidget(dialog)
    dialog.plan.setCurrentIndex(dialog.plan.findData("major_complaint"))
    assert (
        dialog.channel.findData("letter") >= 0
        and dialog.channel.itemText(dialog.channel.findData("letter")) == "信函"
    )
    qtbot.keyClicks(dialog.contact, CONTACT)
    assert not dialog.earlier.isVisibleTo(dialog)  # typing: the one timer waits for a pause
    qtbot.waitUntil(lambda: dialog.earlier.isVisibleTo(dialog), timeout=3000)
    assert looked == [(CONTACT, "")]  # one look-up for eleven keystrokes
    text = dialog.earlier.text()
    assert text.startswith("同一客户近 90 日内投诉 2 次,其中 2 件未结:")
    assert f"#{second}" in text and f"#{first}" in text
    assert text.index(f"#{second}") < text.index(f"#{first}")  # newest first

    dialog.contact.setText("13700002222")  # another number: nothing earlier, the line goes
    qtbot.waitUntil(lambda: not dialog.earlier.isVisibleTo(dialog), timeout=3000)
    dialog.order_no.setText("WY-2026-0815")  # nor by an order number never seen
    dialog.look_up_earlier()
    assert not dialog.earlier.isVisibleTo(dialog)


def test_intake_saves_the_order_number_the_respondent_and_a_letter(qtbot, app, staff, clock):
    complaint(
        app, clock, local(2026, 11, 1, 9, 0), "住户投诉物业费账单有误", order_no="WY-2026-0815"
    )
    clock.set(local(2026, 11, 24, 10, 0))
    dialog = IntakeDialog(app, "duty1")
    qtbot.addWidget(dialog)
    dialog.plan.setCurrentIndex(dialog.plan.findData("major_complaint"))
    dialog.title.setText("住户来信投诉物业费重复收取")
    dialog.channel.setCurrentIndex(dialog.channel.findData("letter"))
    dialog.order_no.setText("WY-2026-0815")
    dialog.respondent.setText("客服部收费岗")
    dialog.look_up_earlier()  # by the order number alone
    assert dialog.earlier.isVisibleTo(dialog) and "投诉 1 次" in dialog.earlier.text()
    dialog.save()
    saved = dialog.saved
    assert saved is not None and (saved.channel, saved.order_no, saved.respondent) == (
        "letter", "WY-2026-0815", "客服部收费岗")  # fmt: skip
    assert saved.earlier is not None and saved.earlier.count == 1


# --- the incident detail ------------------------------------------------------------------
def test_the_detail_shows_first_receiver_order_number_respondent_and_earlier_cases(
    qtbot, app, staff, clock
):
    earlier = complaint(app, clock, local(2026, 11, 10, 9, 0), "住户投诉电梯停运")
    iid = complaint(app, clock, local(2026, 11, 24, 9, 30), "住户投诉电梯再次停运", order_no="WY-2026-0901",
                    respondent="工程部")  # fmt: skip
    dialog = detail(qtbot, app, "leader1", iid)
    shown = {dialog.form.itemAt(r, dialog.form.ItemRole.LabelRole).widget().text():
             dialog.form.itemAt(r, dialog.form.ItemRole.FieldRole).widget().text()
             for r in range(dialog.form.rowCount())}  # fmt: skip
    assert shown["首问负责人:"] == "duty1"
    assert shown["订单号/业务编号:"] == "WY-2026-0901"
    assert shown["被投诉人/被投诉部门:"] == "工程部"
    assert dialog.earlier_label.text() == "同一客户近 90 日内投诉 1 次,其中 1 件未结"
    assert (
        dialog.earlier.count() == 1
        and dialog.earlier.item(0).data(Qt.ItemDataRole.UserRole) == earlier
    )


def test_the_detail_lists_an_attachment_and_shows_an_image_inline(
    qtbot, app, staff, clock, tmp_path
):
    iid = complaint(app, clock, local(2026, 11, 24, 9, 0), "住户投诉楼道墙面渗水")
    clock.set(local(2026, 11, 24, 9, 40))
    kept = evidence.attach(
        app, "leader1", iid, photo(tmp_path / "楼道渗水照片.png"), note="住户提供"
    )
    dialog = detail(qtbot, app, "leader1", iid)
    assert dialog.files.topLevelItemCount() == 1
    row = dialog.files.topLevelItem(0)
    assert [row.text(c) for c in range(5)] == [
        "楼道渗水照片.png", casework.human_size(kept.size), "leader1", "2026-11-24 09:40", kept.sha256[:12] + "…"]  # fmt: skip
    assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.evidence_tab)) == "证据 (1)"
    assert not row.icon(0).isNull()  # a small copy in the list
    shown = dialog.preview.pixmap()
    assert not shown.isNull() and (shown.width(), shown.height()) == (
        THUMB.width(),
        THUMB.height(),
    )  # 64×48 → 360×270
    assert shown.toImage().pixelColor(180, 135) == QColor("#2563eb")
    assert kept.sha256 in dialog.preview_caption.text()


def test_a_file_dropped_on_the_detail_is_kept_byte_for_byte(
    qtbot, app, staff, clock, tmp_path, refusals
):
    iid = complaint(app, clock, local(2026, 11, 24, 9, 0), "住户投诉维修人员态度恶劣")
    recording = tmp_path / "来电录音.wav"
    data = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(256)) * 3
    recording.write_bytes(data)
    dialog = detail(qtbot, app, "leader1", iid)
    assert drop(dialog, [recording]) == (True, True)
    kept = queries.show(app, iid).attachments
    assert [a.name for a in kept] == ["来电录音.wav"] and refusals == []
    view, back = evidence.content(app, kept[0].id)
    assert back == data and view.media_type == "audio/wav"
    assert (
        dialog.files.topLevelItemCount() == 1 and dialog.tabs.currentWidget() is dialog.evidence_tab
    )
    assert dialog.selected_attachment().id == kept[0].id


def test_a_folder_or_a_file_over_the_limit_is_refused_by_name_and_nothing_is_kept(
    qtbot, app, staff, clock, tmp_path, refusals, monkeypatch
):
    iid = complaint(app, clock, local(2026, 11, 24, 9, 0), "住户投诉装修噪音")
    folder = tmp_path / "现场照片"
    folder.mkdir()
    monkeypatch.setenv("CONSOLE_ATTACHMENT_LIMIT_MB", "0.001")  # about 1 KB
    big = tmp_path / "监控录像.mp4"
    big.write_bytes(b"\x00" * 4096)
    dialog = detail(qtbot, app, "leader1", iid)
    drop(dialog, [folder, big])
    assert queries.show(app, iid).attachments == ()
    assert len(refusals) == 1
    title, text = refusals[0]
    assert title == "未保存为证据"
    assert "现场照片:是文件夹" in text and "监控录像.mp4:4.0 KB,超过上限" in text


def test_who_may_not_attach_cannot_drop(qtbot, app, staff, clock, tmp_path):
    iid = complaint(app, clock, local(2026, 11, 24, 9, 0), "住户投诉绿化带被占用")
    dialog = detail(qtbot, app, "super1", iid, allowed=frozenset())
    assert not dialog.attach_button.isVisibleTo(dialog)
    assert drop(dialog, [photo(tmp_path / "占用照片.png")])[0] is False
    assert queries.show(app, iid).attachments == ()


def test_a_revisit_recorded_from_the_detail_appears_there(
    qtbot, app, staff, clock, monkeypatch, refusals
):
    iid = complaint(app, clock, local(2026, 11, 24, 9, 0), "住户投诉水管维修不及时")
    incidents.advance(app, "leader1", iid, "handling")
    clock.set(local(2026, 11, 24, 16, 0))

    def answer(dialog):  # the dialog, filled in and saved as a user would
        dialog.results["basically_satisfied"].setChecked(True)
        dialog.note.setPlainText("住户表示水管已修好,对处理速度仍有意见")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RevisitDialog, "exec", answer)
    dialog = detail(qtbot, app, "leader1", iid)
    assert dialog.revisit_button.isEnabled() and dialog.revisits.topLevelItemCount() == 0
    dialog.revisit_button.click()
    assert refusals == []
    row = dialog.revisits.topLevelItem(0)
    assert [row.text(c) for c in range(4)] == ["2026-11-24 16:00", "基本满意", "leader1",
                                               "住户表示水管已修好,对处理速度仍有意见"]  # fmt: skip
    assert dialog.tabs.currentWidget() is dialog.revisit_tab
    assert [r.result for r in queries.show(app, iid).revisits] == ["basically_satisfied"]


def test_a_revisit_by_someone_the_plan_does_not_name_is_refused_with_the_reason(
    qtbot, app, staff, clock, monkeypatch, refusals
):
    iid = complaint(app, clock, local(2026, 11, 24, 9, 0), "住户投诉保洁不到位")
    incidents.advance(app, "leader1", iid, "handling")

    def answer(dialog):
        dialog.results["satisfied"].setChecked(True)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RevisitDialog, "exec", answer)
    dialog = detail(qtbot, app, "coord_onsite", iid)  # 现场处置组: not 客服部主管
    dialog.revisit_button.click()
    assert (
        len(refusals) == 1 and refusals[0][0] == "无权登记回访" and "客服部主管" in refusals[0][1]
    )
    assert queries.show(app, iid).revisits == ()


# --- 新增临时任务 ----------------------------------------------------------------------------
def test_the_add_task_dialog_sets_the_deadline_from_a_time_limit_or_a_time(
    qtbot, app, staff, clock
):
    iid = complaint(app, clock, local(2026, 11, 24, 9, 0), "住户投诉外墙脱落砸坏车辆")
    clock.set(local(2026, 11, 24, 10, 0))
    dialog = AddTaskDialog(app, "leader1", iid)
    qtbot.addWidget(dialog)
    dialog.title.setText("约见住户当面说明赔偿方案")
    dialog.group.setCurrentIndex(dialog.group.findData("customer_service"))
    dialog.within.setCurrentText("2 小时")
    dialog.save()
    task = dialog.saved
    assert task is not None and task.group == "customer_service" and task.created_by == "leader1"
    assert task.clock.due_at == "2026-11-24T12:00:00+08:00"

    dialog = AddTaskDialog(app, "leader1", iid)
    qtbot.addWidget(dialog)
    dialog.title.setText("工程部出具外墙检测报告")
    dialog.group.setCurrentIndex(dialog.group.findData("engineering"))
    dialog.due_choice.setChecked(True)
    dialog.due.setDateTime(QDateTime(QDate(2026, 11, 25), QTime(17, 30)))
    dialog.save()
    assert dialog.saved is not None and dialog.saved.clock.due_at == "2026-11-25T17:30:00+08:00"
    shown = detail(qtbot, app, "leader1", iid).tasks
    titles = [shown.topLevelItem(g).child(c).text(0) for g in range(shown.topLevelItemCount())
              for c in range(shown.topLevelItem(g).childCount())]  # fmt: skip
    assert "约见住户当面说明赔偿方案  (临时任务,leader1 新增)" in titles
    assert sum("临时任务" in t for t in titles) == 2  # the plan's own tasks are not marked

    dialog = AddTaskDialog(
        app, "leader1", iid
    )  # a limit the parser does not know: said on the field
    qtbot.addWidget(dialog)
    dialog.title.setText("回复住户")
    dialog.within.setCurrentText("尽快")
    dialog.save()
    assert dialog.saved is None and dialog.errors["--within"].isVisibleTo(dialog)


def test_a_coordinator_adds_a_task_for_their_group_and_their_seat_lists_it(
    qtbot, app, staff, clock, monkeypatch
):
    add_customer_service(app)
    iid = complaint(app, clock, local(2026, 11, 24, 9, 0), "住户投诉停车位被长期占用")
    clock.set(local(2026, 11, 24, 9, 30))
    user = next(u for u in users.list_users(app) if u.name == "kefu_zhuguan")
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    window.start()
    seat = window.seat
    assert isinstance(seat, GroupSeat) and seat.lane == "customer_service"
    shown = {a.text(): a for a in window.actions() if a.isVisible()}
    assert {"新增临时任务…", "登记回访…", "添加证据…"} <= set(shown)
    before = set(seat.model.task_ids())
    row = next(r for r in range(seat.model.rowCount()) if seat.model.row_at(r).incident_id == iid)
    seat.view.selectRow(row)
    offered = []

    def answer(dialog):
        offered.append([dialog.group.itemData(i) for i in range(dialog.group.count())])
        dialog.title.setText("电话联系占位车主限期挪车")
        dialog.within.setCurrentText("当天")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(AddTaskDialog, "exec", answer)
    shown["新增临时任务…"].trigger()
    assert offered == [["customer_service"]]  # their own group only
    new = set(seat.model.task_ids()) - before
    assert len(new) == 1
    task = queries.task(app, new.pop())
    assert (
        task.title == "电话联系占位车主限期挪车"
        and task.clock.due_at == "2026-11-25T00:00:00+08:00"
    )
    assert task.created_by == "kefu_zhuguan"

    member = next(u for u in users.list_users(app) if u.name == "kefuyuan")
    other = MainWindow(app, member)
    qtbot.addWidget(other)
    other.start()
    assert "新增临时任务…" not in {a.text() for a in other.actions() if a.isVisible()}
    assert task.id in other.seat.model.task_ids()  # a 客服员 sees it on the group's list too


def test_the_leader_retypes_a_complaint_from_the_menu(qtbot, app, staff, clock, monkeypatch):
    inc = incidents.register(app, "duty1", ReportInput(plan="complaint_types", title="客户投诉课程退费被拒",
                                                       channel="phone", type="problem", contact=CONTACT))  # fmt: skip
    incidents.activate(app, "leader1", inc.id)
    user = next(u for u in users.list_users(app) if u.name == "leader1")
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    window.start()
    model = window.seat.boards.incidents
    window.seat.incident_view.selectRow(
        next(r for r in range(model.rowCount()) if model.row_at(r).incident_id == inc.id)
    )

    def answer(dialog):
        dialog.type.setCurrentIndex(dialog.type.findData("malicious"))
        dialog.reason.setText("面谈、协商失败,借机索要高额赔偿")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(casework.RetypeDialog, "exec", answer)
    window.menu_actions["retype"].trigger()
    assert queries.incident(app, inc.id).type == "malicious"


def test_the_new_menu_items_have_their_own_shortcuts(qtbot, app, staff):
    from console.actions import ACTIONS, BY_ID

    shortcuts = [e.shortcut for e in ACTIONS if e.shortcut]
    assert len(shortcuts) == len(set(shortcuts))
    assert {i: BY_ID[i].shortcut for i in ("add_task", "revisit", "retype", "attach")} == {
        "add_task": "Ctrl+T", "revisit": "Ctrl+Shift+V", "retype": "Ctrl+Shift+G", "attach": "Ctrl+O"}  # fmt: skip


def test_nothing_chosen_nothing_done(qtbot, app, staff, refusals, monkeypatch):
    user = next(u for u in users.list_users(app) if u.name == "leader1")
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    window.start()
    opened = []
    monkeypatch.setattr(AddTaskDialog, "exec", lambda d: opened.append(d) or 0)
    window.add_task()
    assert opened == [] and refusals == [("新增临时任务", "请先选中一起事件。")]


def test_the_earlier_cases_are_those_of_the_plan_s_90_days(qtbot, app, staff, clock):
    """The window is the plan's 90 日 counted back from now: a case 89 days old counts, one
    91 days old does not."""
    complaint(app, clock, local(2026, 8, 25, 10, 0), "住户投诉门禁卡无法使用")  # 91 days before
    kept = complaint(app, clock, local(2026, 8, 27, 10, 0), "住户再次投诉门禁卡")  # 89 days before
    clock.set(local(2026, 11, 24, 10, 0))
    dialog = IntakeDialog(app, "duty1")
    qtbot.addWidget(dialog)
    dialog.plan.setCurrentIndex(dialog.plan.findData("major_complaint"))
    dialog.contact.setText(CONTACT)
    dialog.look_up_earlier()
    assert dialog.earlier_found is not None and [e.id for e in dialog.earlier_found.incidents] == [
        kept
    ]


def test_the_supervision_group_completes_its_own_tasks_on_its_read_only_screen(
    qtbot, app, monkeypatch
):
    """Seed 002's 监督小组 owns 回访验证 and 审计: the supervisor's command screen stays
    read-only for every other group's work, and completes its own."""
    from console.services.demo import load_demo
    from widgets.window import MainWindow

    load_demo(app)
    user = next(u for u in users.list_users(app) if u.name == "audit")
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    window.start()
    seat = window.seat
    assert window.menu_actions["complete"].isVisible()
    lane = seat.lanes["supervision"]
    own = next(i for i, r in enumerate(lane.model.rows()) if r.group_id == "supervision")
    lane.view.selectRow(own)
    seat._last_lane = "supervision"
    task_id = seat.selected_task()
    seat.complete()
    assert task_service_state(app, task_id) == ("done", "audit")
    other_lane = next(k for k in seat.lanes if k not in ("supervision", "command"))
    seat.lanes[other_lane].view.selectRow(0)
    seat._last_lane = other_lane
    other = seat.selected_task()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: told.append(message))
    seat.complete()  # refused by the service, and said: the task stays open
    assert task_service_state(app, other)[0] == "open" and "permission" in told[0]


def task_service_state(app, task_id):
    view = queries.task(app, task_id)
    return view.state, view.done_by


def test_the_duty_officer_who_took_the_report_ticks_off_their_own_tasks_at_the_desk(qtbot, app):
    """首问负责 (seed 002): the 值班员 who registered a report sees the tasks the plan gave
    them (seed 000's 第一时间向组长报告 …) on the duty desk, and completes them there."""
    from console.services.demo import load_demo
    from widgets.window import MainWindow

    load_demo(app)  # the demo's reports were taken by 值班员小刘 (duty)
    user = next(u for u in users.list_users(app) if u.name == "duty")
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    window.start()
    desk = window.seat
    mine = [desk.mine.item(i).data(Qt.ItemDataRole.UserRole) for i in range(desk.mine.count())]
    assert mine and all(queries.task(app, t).assignee == "duty" for t in mine)
    desk.mine.setCurrentRow(0)
    desk.complete_mine()
    assert (queries.task(app, mine[0]).state, queries.task(app, mine[0]).done_by) == (
        "done",
        "duty",
    )
    qtbot.waitUntil(lambda: desk.mine.count() == len(mine) - 1)


def test_an_open_incident_detail_shows_evidence_another_seat_adds(
    qtbot, app, staff, clock, tmp_path
):
    """The leader has the case open while the front line attaches a photo: it appears in the
    dialog, as the boards show a change, without closing and opening it again."""
    from widgets.window import MainWindow

    iid = complaint(app, clock, local(2026, 11, 24, 10, 0), "楼道渗水")
    leader = next(u for u in users.list_users(app) if u.name == "leader1")
    window = MainWindow(app, leader)
    qtbot.addWidget(window)
    window.start()
    dialog = detail(qtbot, app, "leader1", iid)
    window._details.append(dialog)  # as open_incident does while the dialog is shown
    assert dialog.files.topLevelItemCount() == 0
    evidence.attach(app, "duty1", iid, photo(tmp_path / "现场.png"), note="业主发来")
    qtbot.waitUntil(lambda: dialog.files.topLevelItemCount() == 1)


def test_the_command_screen_names_each_case_s_first_receiver(qtbot, app, staff, clock):
    from widgets.boards.models import TOOLTIP, IncidentTableModel
    from widgets.window import MainWindow

    complaint(app, clock, local(2026, 11, 24, 10, 0), "楼道渗水")
    leader = next(u for u in users.list_users(app) if u.name == "leader1")
    window = MainWindow(app, leader)
    qtbot.addWidget(window)
    window.start()
    model = window.seat.boards.incidents
    tip = model.data(model.index(0, IncidentTableModel.TITLE), TOOLTIP)
    assert "首问负责人" in tip and "duty1" in tip
