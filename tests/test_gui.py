"""The seats as people use them, offscreen with pytest-qt."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QStyledItemDelegate, QTableView

from console.errors import PermissionDenied
from console.runners.scheduler import AlarmScheduler
from console.services import alarms, incidents, queries, users
from console.services.alarms import sweep
from console.services.demo import DEMO_PASSWORD, load_demo
from console.time.format import countdown
from widgets.banner import SHOWN, Flood, group_floods
from widgets.boards.models import TaskTableModel
from widgets.bridge import ConsoleBridge
from widgets.dialogs.intake import IntakeDialog
from widgets.dialogs.signin import SignIn
from widgets.seats.command import CommandScreen
from widgets.seats.duty import DutyDesk
from widgets.seats.group import GroupSeat
from widgets.window import MainWindow


@pytest.fixture
def demo(app):
    load_demo(app)
    return app


def window_for(qtbot, app, name):
    user = next(u for u in users.list_users(app) if u.name == name)
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    window.start()
    return window


def visible_actions(window):
    return {a.text() for a in window.actions() if a.isVisible()}


@pytest.mark.parametrize(
    ("name", "seat"),
    [
        ("zhang", CommandScreen),
        ("li", CommandScreen),
        ("audit", CommandScreen),
        ("wang", GroupSeat),
        ("sun", GroupSeat),
        ("duty", DutyDesk),
    ],  # fmt: skip
)
def test_each_role_signs_in_to_the_seat_it_needs(qtbot, demo, name, seat):
    dialog = SignIn(demo, last_user=name)
    qtbot.addWidget(dialog)
    dialog.password.setText(DEMO_PASSWORD)
    dialog.sign_in()
    assert dialog.user is not None and dialog.user.name == name
    assert isinstance(window_for(qtbot, demo, name).seat, seat)


def test_a_wrong_password_is_refused(qtbot, demo):
    dialog = SignIn(demo, last_user="zhang")
    qtbot.addWidget(dialog)
    dialog.password.setText("guess")
    dialog.sign_in()
    assert dialog.user is None and dialog.error.text()


def test_a_coordinator_does_not_see_leader_controls_and_the_service_refuses_anyway(qtbot, demo):
    window = window_for(qtbot, demo, "wang")
    shown = visible_actions(window)
    assert "完成" in shown and "标记受阻…" in shown
    assert "接报登记…" in shown  # front-line work: coordinators register reports too
    assert not {"启动预案", "调整响应级别…", "改派任务…", "调整投诉类型…"} & shown
    leader_shown = visible_actions(window_for(qtbot, demo, "zhang"))
    assert {"启动预案", "调整响应级别…", "改派任务…", "接报登记…"} <= leader_shown
    reported = next(i for i in queries.list_incidents(demo) if i.state == "reported")
    with pytest.raises(PermissionDenied):
        incidents.activate(demo, "wang", reported.id)


def test_the_supervisor_sees_the_boards_without_acknowledge_buttons(qtbot, demo):
    sweep(demo)
    window = window_for(qtbot, demo, "audit")
    assert window.banner.isVisibleTo(window)
    buttons = {b.text() for b in window.banner.findChildren(QPushButton)}
    assert "确认" not in buttons and "搁置…" not in buttons


def test_a_task_completed_on_a_group_seat_leaves_the_command_screen_board(qtbot, demo):
    leader = window_for(qtbot, demo, "zhang")
    seat = window_for(qtbot, demo, "zhao")  # 现场处置组
    assert seat.seat.selected_task() is None  # nothing chosen: no guessing
    seat.seat.view.selectRow(0)
    task_id = seat.seat.selected_task()
    assert task_id in leader.seat.boards.models["onsite"].task_ids()
    seat.seat.note.setText("已引导至三楼会议室")
    seat.seat.complete()
    qtbot.waitUntil(lambda: bool(leader.pull_changes()) or task_id not in leader.seat.boards.models["onsite"].task_ids(),
                    timeout=3000)  # fmt: skip
    assert task_id not in leader.seat.boards.models["onsite"].task_ids()
    assert task_id not in seat.seat.model.task_ids()
    seat.seat.undo()  # the same shift: it comes back
    seat.pull_changes()
    leader.pull_changes()
    assert task_id in leader.seat.boards.models["onsite"].task_ids()


def test_new_tasks_for_the_group_appear_without_a_restart(qtbot, demo):
    seat = window_for(qtbot, demo, "zhao")
    before = len(seat.seat.model.task_ids())
    reported = next(
        i for i in queries.list_incidents(demo) if i.plan == "group_complaint" and i.id == 3
    )
    incidents.regrade(demo, "zhang", reported.id, "major")  # adds 现场 tasks? at least refreshes
    new = incidents.register(demo, "duty", incidents.ReportInput(plan="group_complaint", title="第二处聚集",
                                                                 channel="onsite", people=20))  # fmt: skip
    incidents.activate(demo, "zhang", new.id)
    seat.pull_changes()
    assert len(seat.seat.model.task_ids()) > before


def test_an_alarm_raised_by_the_scheduler_appears_in_the_banner_and_is_acknowledged(
    qtbot, demo, clock
):
    window = window_for(qtbot, demo, "zhang")
    shown_before = {getattr(a, "id", None) for a in window.banner.items}
    scheduler = AlarmScheduler(demo)
    bridge = ConsoleBridge(demo, scheduler)
    bridge.alarms_raised.connect(window.pull_changes)
    clock.advance(timedelta(minutes=16))  # the newest incident's 15-minute task lapses
    try:
        with qtbot.waitSignal(bridge.alarms_raised, timeout=3000):
            scheduler.start()  # its start-up sweep raises what is due, on the scheduler's terms
    finally:
        scheduler.stop()
        bridge.detach()
    new = [a for a in window.banner.items if getattr(a, "id", None) not in shown_before]
    assert new and not any(isinstance(a, Flood) for a in window.banner.items)
    target = new[0].id
    ack = window.banner.findChild(QPushButton, f"ack-{target}")
    assert ack is not None
    qtbot.mouseClick(ack, Qt.MouseButton.LeftButton)
    acked = {a.id: a for a in alarms.list_alarms(demo, "acked")}
    assert acked[target].acknowledged_by == "zhang"
    assert target not in {getattr(a, "id", None) for a in window.banner.items}


def test_a_flood_of_alarms_is_one_banner_entry_acknowledged_at_once(qtbot, demo, clock):
    window = window_for(qtbot, demo, "zhang")
    clock.advance(timedelta(hours=3))
    sweep(demo)
    window.pull_changes()
    flood = window.banner.items[0]
    assert isinstance(flood, Flood) and flood.count > 10
    button = next(b for b in window.banner.findChildren(QPushButton) if b.text() == "全部确认")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not any(isinstance(a, Flood) for a in window.banner.items)
    assert len(alarms.list_alarms(demo, "acked")) >= flood.count


def test_the_banner_shows_the_most_urgent_entries_and_counts_the_rest(qtbot, demo, clock):
    window = window_for(qtbot, demo, "zhang")
    clock.advance(timedelta(hours=3))
    sweep(demo)
    clock.advance(timedelta(minutes=11))  # the sweep's flood is no longer recent
    window.banner.refresh()
    open_alarms = alarms.list_alarms(demo, "open")
    assert len(open_alarms) > SHOWN
    banner = window.banner
    assert banner.open_ids == {a.id for a in open_alarms}  # a new one among them sounds
    assert [a.id for a in banner.items] == [a.id for a in open_alarms[:SHOWN]]  # most urgent
    more = [w.text() for w in banner.findChildren(QLabel) if w.text().startswith("另有")]
    assert more == [f"另有 {len(open_alarms) - SHOWN} 条告警"]


def test_intake_rejects_a_bad_field_on_that_field_without_saving(qtbot, app, staff):
    dialog = IntakeDialog(app, "duty1")
    qtbot.addWidget(dialog)
    dialog.people.setValue(0)
    dialog.title.setText("网点群体投诉")
    dialog.save()
    assert dialog.saved is None
    assert (
        dialog.errors["--people"].isVisibleTo(dialog)
        and "1 to 100000" in dialog.errors["--people"].text()
    )
    assert queries.list_incidents(app) == []
    dialog.people.setValue(25)
    dialog.save()
    assert dialog.saved is not None and dialog.saved.people == 25


def test_intake_from_open_to_saved_by_keyboard_only(qtbot, app, staff):
    dialog = IntakeDialog(app, "duty1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.title.hasFocus() or dialog.focusWidget() is dialog.title
    qtbot.keyClicks(dialog.title, "Hotline 12345 complaint")  # QTest types ASCII only (qasciikey)
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.saved is not None and dialog.saved.title == "Hotline 12345 complaint"


def test_countdowns_move_on_the_one_timer_and_rows_turn_red_when_lapsed(qtbot, demo, clock):
    window = window_for(qtbot, demo, "zhang")
    window.show()
    qtbot.waitExposed(window)
    model = window.seat.boards.models["onsite"]
    row = next(
        i
        for i in range(model.rowCount())
        if model.row_at(i).due_at and model.row_at(i).clock_state(clock.now()) == "running"
    )
    first = model.data(model.index(row, TaskTableModel.COUNTDOWN))
    clock.advance(timedelta(seconds=1))
    changed = []
    model.dataChanged.connect(
        lambda a, b, roles=None: changed.append((a.column(), b.column(), a.row(), b.row()))
    )
    window.seat.timer.timeout.emit()
    assert model.data(model.index(row, TaskTableModel.COUNTDOWN)) != first
    assert changed and all(c == (0, 0, c[2], c[3]) for c in changed)  # the countdown column only
    assert changed[-1][2] == 0 and changed[-1][3] >= row  # the rows on screen
    r = model.row_at(row)
    clock.set(r.due_at + timedelta(seconds=1))
    window.seat.timer.timeout.emit()
    assert model.data(model.index(row, TaskTableModel.COUNTDOWN)).startswith("-")
    assert (
        model.data(model.index(row, TaskTableModel.TITLE), Qt.ItemDataRole.BackgroundRole).name()
        == "#dc2626"
    )


def test_a_tick_repaints_the_countdown_cells_and_nothing_beside_them(qtbot, demo, clock):
    window = window_for(qtbot, demo, "zhang")
    window.resize(1600, 950)
    window.show()
    qtbot.waitExposed(window)
    lane = next(
        v
        for v in window.seat.findChildren(QTableView)
        if v.model() is window.seat.boards.models["onsite"]
    )
    painted = []

    class Counting(QStyledItemDelegate):
        def paint(self, painter, option, index):
            painted.append(index.column())
            super().paint(painter, option, index)

    counting = Counting(lane)
    lane.setItemDelegateForColumn(TaskTableModel.TITLE, counting)
    QApplication.processEvents()
    cell = lane.visualRect(lane.model().index(0, TaskTableModel.COUNTDOWN))
    before = lane.viewport().grab(cell).toImage()
    painted.clear()
    clock.advance(timedelta(seconds=1))
    window.seat.timer.timeout.emit()
    QApplication.processEvents()
    assert lane.viewport().grab(cell).toImage() != before  # the digits moved on screen
    assert painted == []  # the titles beside them were not repainted (nor elided again)


def test_a_hidden_board_costs_nothing_on_a_tick(qtbot, demo, clock):
    window = window_for(qtbot, demo, "zhang")  # never shown
    model = window.seat.boards.models["onsite"]
    changed = []
    model.dataChanged.connect(lambda *a: changed.append(a))
    window.seat.timer.timeout.emit()
    assert changed == []


def test_floods_collapse_into_one_counted_entry(demo, clock):
    now = clock.now()
    items = [
        SimpleNamespace(id=i, priority=3, raised_at=(now - timedelta(minutes=1)).isoformat())
        for i in range(12)
    ]
    grouped = group_floods(items, now)
    assert len(grouped) == 1 and grouped[0].count == 12
    assert len(group_floods(items[:10], now)) == 10


def test_wall_mode_toggles_full_screen_and_large_type(qtbot, demo):
    window = window_for(qtbot, demo, "zhang")
    window.show()
    window.set_wall(True)
    from PySide6.QtWidgets import QApplication

    normal = window._base_font.pointSizeF()
    assert QApplication.instance().font().pointSizeF() > 1.5 * normal
    assert QApplication.instance().palette().window().color().name() == "#111827"
    assert window.isFullScreen()
    window.set_wall(False)
    assert QApplication.instance().font().pointSizeF() == normal


def test_a_group_seat_banner_shows_its_own_group_s_alarms(qtbot, demo):
    sweep(demo)
    seat = window_for(qtbot, demo, "zhao")  # 现场处置组
    groups = {a.group for a in seat.banner.items if not isinstance(a, Flood)}
    assert groups == {"onsite"}
    leader = window_for(qtbot, demo, "zhang")
    assert len({a.group for a in leader.banner.items if not isinstance(a, Flood)}) > 1


def test_sound_and_language_choices_persist_in_the_settings(qtbot, demo, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat)
    user = next(u for u in users.list_users(demo) if u.name == "zhang")
    window = MainWindow(demo, user, settings)
    qtbot.addWidget(window)
    window.toggle_sound(False)
    window.toggle_language(True)
    window.set_wall(True)
    window.set_wall(False)
    settings.sync()
    again = QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat)
    assert str(again.value("sound")).lower() == "false"
    assert again.value("language") == "en"
    assert str(again.value("wall_mode")).lower() == "false"
    assert window.banner.sound_on is False


def test_a_shelved_alarm_comes_back_and_sounds_again_when_its_time_is_up(qtbot, demo, clock):
    sweep(demo)
    heard = []
    window = window_for(qtbot, demo, "zhang")
    window.banner._notify = lambda title, text: heard.append(text)
    target = window.banner.top_alarm_id()
    window.banner.shelve(target, 10, "已派人处理")
    assert target not in {getattr(a, "id", None) for a in window.banner.items}
    clock.advance(timedelta(minutes=11))
    window.slow_timer.timeout.emit()  # nothing was written: the slow refresh brings it back
    window.reader.wait()  # read off the GUI thread, shown when read
    assert target in {getattr(a, "id", None) for a in window.banner.items}
    assert heard  # and it sounds again


def test_the_first_alarm_of_a_quiet_shift_sounds(qtbot, app, staff, clock):
    heard = []
    user = next(u for u in users.list_users(app) if u.name == "leader1")
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    window.start()
    window.banner._notify = lambda title, text: heard.append(text)
    assert window.banner.items == []
    inc = incidents.register(
        app, "duty1", incidents.ReportInput(plan="major_complaint", title="新投诉", channel="phone")
    )
    incidents.activate(app, "leader1", inc.id)
    clock.advance(timedelta(minutes=11))
    sweep(app)
    window.pull_changes()
    most_urgent = alarms.list_alarms(app, "open")[0]  # said on the desktop: what and where
    assert heard == [f"{most_urgent.kind_name}:{most_urgent.title}"]


def test_the_chosen_incident_stays_chosen_when_other_seats_change_things(qtbot, demo):
    window = window_for(qtbot, demo, "zhang")
    view = window.seat.incident_view
    model = window.seat.boards.incidents
    row = next(r for r in range(model.rowCount()) if model.row_at(r).incident_id == 2)
    view.selectRow(row)
    incidents.add_note(demo, "duty", 1, "另一席位的记录")
    window.pull_changes()
    assert window.seat.selected_incident() == 2
    view.clearSelection()
    assert window.seat.selected_incident() is None  # never the top row by default


def test_undo_drops_a_completion_that_cannot_be_undone_any_more(qtbot, demo, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from console.services import tasks

    refusals = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *a, **k: refusals.append(a[-1])
    )  # shown, not blocking

    seat = window_for(qtbot, demo, "zhao")
    ids = sorted(seat.seat.model.task_ids())[:2]
    for task_id in ids:
        row = next(
            r
            for r in range(seat.seat.model.rowCount())
            if seat.seat.model.row_at(r).task_id == task_id
        )
        seat.seat.view.selectRow(row)
        seat.seat.complete()
        seat.pull_changes()
    tasks.undo_complete(demo, "zhao", ids[1])  # undone from another seat meanwhile
    seat.seat.undo()  # the stale entry is refused and dropped…
    assert refusals and "not done" in refusals[0]
    seat.seat.undo()  # …and the next Ctrl+Z reaches the one before
    seat.pull_changes()
    assert set(ids) <= seat.seat.model.task_ids()


def test_plain_enter_in_intake_moves_on_and_does_not_save(qtbot, app, staff):
    dialog = IntakeDialog(app, "duty1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.title, "Half-filled")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert dialog.saved is None and queries.list_incidents(app) == []


def test_printing_to_a_pdf_file_works_without_any_printer(qtbot, demo, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from console.services import reports
    from widgets.dialogs.printing import paint_pdf

    sheet = tmp_path / "sheet.pdf"
    reports.print_handover(demo, "duty", sheet)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = paint_pdf(sheet, printer)
    assert pages == len(PdfReader(str(sheet)).pages) >= 1
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == pages


def test_the_print_menu_is_on_every_seat(qtbot, demo):
    for name in ("zhang", "duty", "wang", "audit"):
        assert "交接班单:预览与打印…" in visible_actions(window_for(qtbot, demo, name))


def test_a_change_made_elsewhere_while_a_dialog_is_open_is_not_overwritten(
    qtbot, demo, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from console.services import tasks
    from models import Task

    window = window_for(qtbot, demo, "zhao")
    seat = window.seat
    seat.view.selectRow(0)
    task_id = seat.selected_task()
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: told.append(message))

    def dialog(*_args, **_kwargs):  # while the user types, another seat acts and this one refreshes
        tasks.block(demo, "sun", task_id, "另一席位先标记")
        window.pull_changes()
        return "等待", True

    monkeypatch.setattr(QInputDialog, "getText", dialog)
    seat.block()
    assert told and "已被 sun" in told[0]  # judged on the version the user saw
    with demo.read() as s:
        assert s.get(Task, task_id).block_reason == "另一席位先标记"


def _reference_cell(view, row, shift=0):
    """The countdown cell as a table's own text drawing would show it: its background, the
    model's text right-aligned and centred (what a user should read). Drawn in the pixel
    format of the screen itself: into a non-premultiplied image, antialiased edges round
    one level apart on some glyphs (fonts decide which), which is no difference on screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage, QPainter

    model = view.model()
    index = model.index(row, model.countdown_column)
    cell = view.visualRect(index)
    _, background, foreground = model.countdown_cell(row)
    palette = view.palette()
    if view.selectionModel().isRowSelected(row):
        background, foreground = palette.highlight().color(), palette.highlightedText().color()
    image = QImage(cell.size(), view.viewport().grab(cell).toImage().format())
    image.fill(background if background is not None else palette.base().color())
    painter = QPainter(image)
    painter.setFont(view.font())
    painter.setPen(foreground if foreground is not None else palette.text().color())
    painter.drawText(QRect(shift, 0, cell.width() - 4, cell.height()),
                     int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), model.data(index))  # fmt: skip
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def _shown_cell(view, row, *, with_title=False):
    """The cell as the view paints it: alone (a tick's repaint), or as part of a wider
    repaint that goes through the table and its delegates."""
    from PySide6.QtGui import QImage

    model = view.model()
    cell = view.visualRect(model.index(row, model.countdown_column))
    if not with_title:
        return view.viewport().grab(cell).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    wide = cell.united(view.visualRect(model.index(row, model.countdown_column + 1)))
    image = view.viewport().grab(wide).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return image.copy(0, 0, cell.width(), cell.height())


@pytest.mark.parametrize("wall", [False, True], ids=["normal", "wall"])
def test_countdown_digits_are_exactly_what_the_text_says_after_every_tick(qtbot, demo, clock, wall):
    window = window_for(qtbot, demo, "zhang")
    window.resize(1600, 950)
    window.show()
    qtbot.waitExposed(window)
    if wall:
        window.set_wall(True)
    QApplication.processEvents()
    views = [window.seat.incident_view] + [lane.view for lane in window.seat.lanes.values()]
    views[1].selectRow(0)
    seen = set()
    for _ in range(2):
        for view in views:
            for row in range(min(4, view.model().rowCount())):
                shown = _shown_cell(view, row)
                text = view.model().data(view.model().index(row, 0))
                assert shown == _reference_cell(view, row), (view.model(), row, text)
                if text != "—":  # the comparison sees a digit one pixel off
                    assert shown != _reference_cell(view, row, shift=1)
                assert shown == _shown_cell(view, row, with_title=True)  # both paths alike
                seen.add(text[0] if text[0] in "-—" else "+")
        before = _shown_cell(views[1], 0)
        clock.advance(timedelta(seconds=61))  # a new second and a new minute
        window.seat.timer.timeout.emit()
        QApplication.processEvents()
        assert _shown_cell(views[1], 0) != before
    assert seen == {"+", "-", "—"}  # running, lapsed and no-deadline cells were all compared


def _as_qt_paints(view):
    """The same board as Qt's own table and header painting shows it (every cell through
    the model's roles and the delegates, every section through QHeaderView): the
    reference the boards' one-pass painting must match pixel for pixel."""
    from widgets.boards.countdowns import CountdownDelegate
    from widgets.boards.view import BoardView

    class QtPainted(BoardView):
        def paintEvent(self, event):
            QTableView.paintEvent(self, event)

    model = view.model()
    ref = QtPainted(view.window())  # in the same window: active or not alike
    ref.setModel(model)
    ref.setFont(view.font())
    ref.setItemDelegateForColumn(model.countdown_column, CountdownDelegate(ref))
    ref.verticalHeader().setVisible(False)
    ref.verticalHeader().setDefaultSectionSize(view.rowHeight(0))
    ref.horizontalHeader().setTextElideMode(view.horizontalHeader().textElideMode())
    ref.verticalScrollBar().setStyleSheet(view.verticalScrollBar().styleSheet())
    for attr in ("setShowGrid", "setWordWrap", "setHorizontalScrollBarPolicy", "setTextElideMode"):
        getter = {"setShowGrid": "showGrid", "setWordWrap": "wordWrap",
                  "setHorizontalScrollBarPolicy": "horizontalScrollBarPolicy",
                  "setTextElideMode": "textElideMode"}[attr]  # fmt: skip
        getattr(ref, attr)(getattr(view, getter)())
    ref.setSelectionBehavior(view.selectionBehavior())
    ref.setSelectionModel(view.selectionModel())
    ref.setCurrentIndex(view.currentIndex())
    ref.resize(view.size())
    ref.show()
    for c in range(model.columnCount()):
        ref.setColumnHidden(c, view.isColumnHidden(c))
        ref.setColumnWidth(c, view.columnWidth(c))
    QApplication.processEvents()
    return ref


def test_the_boards_show_every_cell_and_column_title_as_qt_s_own_table_paints_them(qtbot, demo):
    """The boards paint their rows in one pass (a full repaint at 120,000 open clocks asked
    the model a thousand times from C++): what the leader reads must not change. Every
    cell (a blocked task's ✖ and colours, a grave case's level, lapsed and warning rows,
    titles cut with …, the chosen row) and every column title, as Qt paints them."""
    from PySide6.QtGui import QImage

    from console.services import tasks

    blocked = queries.board(demo)[0]
    tasks.block(demo, "zhang", blocked.id, "等待客户补充材料")
    window = window_for(qtbot, demo, "zhang")
    window.resize(1600, 950)
    window.show()
    qtbot.waitExposed(window)
    views = [window.seat.incident_view] + [lane.view for lane in window.seat.lanes.values()]
    views[0].selectRow(1)
    views[2].selectRow(0)
    QApplication.processEvents()

    def image(widget):
        return widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)

    seen = set()
    for view in views:
        ref = _as_qt_paints(view)
        assert image(view.viewport()) == image(ref.viewport()), view.model()
        assert image(view.horizontalHeader().viewport()) == image(ref.horizontalHeader().viewport())
        model = view.model()
        for row in range(
            min(view.rowAt(view.viewport().height() - 1) + 1 or model.rowCount(), model.rowCount())
        ):
            seen.update(c[1].name() for c in model.cells(row) if c[1] is not None)
            seen.update("✖" for c in model.cells(row) if c[0].startswith("✖"))
        if view is views[2]:  # the row chosen with the keyboard's focus: its focus frame
            view.setCurrentIndex(view.model().index(0, TaskTableModel.TITLE))
            view.setFocus()
            QApplication.processEvents()
            focused = image(view.viewport())
            ref.setFocus()
            QApplication.processEvents()
            assert focused == image(ref.viewport()) != image(view.viewport())
        ref.close()
    # the cells compared include a blocked task, a grave case's level, lapsed and warning rows
    assert {"✖", "#ede9fe", "#7f1d1d"} <= seen and len(seen) >= 5, seen


def test_a_board_s_scroll_bar_takes_the_wall_s_dark_colours_and_back(qtbot, demo):
    """The boards' flat scroll bars are drawn in the palette's colours; a style sheet fixes
    those when it is set, so wall mode (a dark palette) would have left them light."""
    from PySide6.QtGui import QColor

    from widgets.style import normal_look, wall_look

    window = window_for(qtbot, demo, "wang")  # a group seat: its board stays on the wall
    window.resize(900, 300)
    window.show()
    qtbot.waitExposed(window)
    view = window.seat.view
    bar = view.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)
    app = QApplication.instance()
    base = app.font()

    def groove():
        image = bar.grab().toImage()
        return image.pixelColor(1, image.height() - 2)

    assert groove().lightness() > 200
    wall_look(app, base)
    try:
        QApplication.processEvents()
        assert groove() == QColor("#111827")  # the wall's ground
    finally:
        normal_look(app, base)
    QApplication.processEvents()
    assert groove().lightness() > 200


def test_a_selected_countdown_takes_the_selection_colour_of_the_window_s_state(qtbot, demo):
    """A style whose selection is paler in a window in the background (as on Windows and
    macOS): when the command screen loses focus to another window, and gets it back, the
    selected row's countdown changes colour with the rest of the row."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QWidget

    window = window_for(qtbot, demo, "zhang")
    palette = window.palette()
    palette.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight, QColor("#1d4ed8"))
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, QColor("#cbd5e1"))
    window.setPalette(palette)
    window.resize(1600, 950)
    window.show()
    qtbot.waitUntil(window.isActiveWindow)
    view = next(lane.view for lane in window.seat.lanes.values() if lane.model.rowCount())
    view.selectRow(0)
    QApplication.processEvents()
    assert _shown_cell(view, 0) == _reference_cell(view, 0)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    assert _shown_cell(view, 0) == _reference_cell(view, 0)  # the paler, inactive selection
    other.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert _shown_cell(view, 0) == _reference_cell(view, 0)


# What the window offered before its menus came from console/actions.py: text → shortcut.
SHORTCUTS = {
    "接报登记…": "Ctrl+N", "事件详情": "Ctrl+D", "启动预案": "Ctrl+Shift+A", "调整响应级别…": "Ctrl+G",
    "推进事件状态…": "Ctrl+P", "改派任务…": "Ctrl+R", "完成": "Ctrl+Return", "标记受阻…": "Ctrl+B",
    "撤销完成": "Ctrl+Z", "确认最紧急告警": "Ctrl+K", "搁置最紧急告警…": "Ctrl+H",
    "交接班单:预览与打印…": "Ctrl+Shift+P", "交接班单:保存 PDF…": "Ctrl+Shift+S", "墙屏模式": "F11",
    "告警声音": "Ctrl+M", "English(下次登录生效)": "Ctrl+L", "暂停/继续": "F8", "结束演练…": "Ctrl+Shift+E",
    "演练报告…": "Ctrl+Shift+R", "刷新": "F5", "退出": "Ctrl+Q",
    # case work (tests/test_gui_casework.py)
    "新增临时任务…": "Ctrl+T", "登记回访…": "Ctrl+Shift+V", "调整投诉类型…": "Ctrl+Shift+G", "添加证据…": "Ctrl+O",
    # documents and statistics (tests/test_gui_documents.py)
    "初报/续报/终报…": "Ctrl+E", "表单…": "Ctrl+Shift+F", "统计分析": "Ctrl+Shift+T",
    # 求助 (tests/test_help.py)
    "就所选任务求助…": "Ctrl+J", "收到最早的求助": "Ctrl+Shift+K",
    # search and the keyboard sheet (tests/test_search.py)
    "搜索…": "Ctrl+F", "快捷键一览": "F1",
}  # fmt: skip


@pytest.mark.parametrize("name", ["zhang", "li", "audit", "wang", "sun", "duty"])
def test_the_menus_and_shortcuts_are_the_registry_s(qtbot, demo, name):
    from PySide6.QtGui import QKeySequence

    from console.actions import BY_ID, Menu, in_menu

    window = window_for(qtbot, demo, name)
    for entry_id, action in window.menu_actions.items():
        item = BY_ID[entry_id].item
        assert item is not None and action.text() == item.zh
        assert action.shortcut() == QKeySequence(item.shortcut) == QKeySequence(SHORTCUTS[item.zh])
        needs = BY_ID[entry_id].needs
        assert action.isVisible() == action.isEnabled() == (needs is None or window.can(needs))
    offered = set(window.menu_actions)
    assert [a.text() for a in window.menuBar().actions()] == [
        m.zh for m in Menu if offered & {e.id for e in in_menu(m)}
    ]
    for menu in window.menuBar().actions():  # each menu lists its items in the registry's order
        texts = [a.text() for a in menu.menu().actions()]
        entry_menu = next(m for m in Menu if m.zh == menu.text())
        assert texts == [e.item.zh for e in in_menu(entry_menu) if e.id in offered]
    seat = {"zhang": "command", "li": "command", "audit": "command", "wang": "group",
            "sun": "group", "duty": "duty"}[name]  # fmt: skip
    common = {"register", "detail", "ack", "shelve", "handover_sheet", "handover_sheet_pdf",
              "wall", "sound", "language", "refresh", "quit", "sitrep", "form", "stats", "search",
              "shortcuts"}  # fmt: skip
    extra = {"command": {"activate", "regrade", "advance", "reassign", "retype", "add_task", "revisit", "attach"},
             "group": {"complete", "block", "undo", "add_task", "revisit", "attach", "help"},
             "duty": {"attach", "help"}}[seat]  # fmt: skip
    if name in ("zhang", "li"):  # the leaders answer the groups' requests for help
        extra = extra | {"ack_help"}
    if name == "audit":  # the supervisor's read-only screen completes its 监督小组's tasks
        extra = extra | {"complete"}
    assert offered == common | extra


def test_the_leader_s_choices_carry_their_ids_not_their_labels(qtbot, demo, monkeypatch):
    """Re-grade, advance and reassign offer labels and hand the service the chosen item's
    id (its data), whatever the label says."""
    from PySide6.QtWidgets import QMessageBox

    window = window_for(qtbot, demo, "zhang")
    seat = window.seat
    offered, refused = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: refused.append(message))

    def pick(wanted):  # the dialog, answered: the option whose id is `wanted`
        def choose(_parent, _title, _label, options, current=0):
            offered.append((list(options), current))
            return next(data for _, data in options if data == wanted)

        monkeypatch.setattr("widgets.seats.command.choose", choose)

    model = seat.boards.incidents
    active = next(i for i in queries.list_incidents(demo)
                  if i.state == "activated" and i.plan == "group_complaint")  # fmt: skip
    seat.incident_view.selectRow(
        next(r for r in range(model.rowCount()) if model.row_at(r).incident_id == active.id)
    )
    plan = demo.catalogue.get(active.plan)
    other = next(lv.id for lv in plan.levels if lv.id != active.level)
    pick(other)
    seat.regrade()
    options, current = offered[-1]
    assert [data for _, data in options] == [lv.id for lv in plan.levels]
    assert options[current][1] == active.level  # the current level is preselected
    assert queries.incident(demo, active.id).level == other

    pick("handling")
    seat.advance()
    assert ("处置 (handling)", "handling") in offered[-1][0]
    assert queries.incident(demo, active.id).state == "handling"

    task = next(t for t in queries.show(demo, active.id).tasks if t.state == "open")
    monkeypatch.setattr(seat, "selected_task", lambda: task.id)
    pick(("logistics", "logistics_lead"))
    seat.reassign()
    moved = queries.task(demo, task.id)
    assert (moved.group, moved.role) == ("logistics", "logistics_lead")
    assert refused == []


def test_back_after_an_outage_the_leader_keeps_the_row_chosen_and_only_what_changed_repaints(
    qtbot, demo
):
    """The boards read again after an outage are put in place: the lanes are not reset under
    the leader's hand (the selection and scroll stay), and only the row another seat changed
    meanwhile is repainted."""
    from console.services import tasks
    from widgets.boards.models import TASK_ID

    window = window_for(qtbot, demo, "zhang")
    window.resize(1600, 950)
    window.show()
    qtbot.waitExposed(window)
    boards = window.seat.boards
    key, model = next((k, m) for k, m in boards.models.items() if m.rowCount() >= 3)
    view = window.seat.lanes[key].view
    view.selectRow(2)
    chosen = model.data(model.index(2, 0), TASK_ID)
    blocked = model.data(model.index(1, 0), TASK_ID)
    resets: list[object] = []
    for m in [*boards.models.values(), boards.incidents]:
        m.modelReset.connect(lambda m=m: resets.append(m))
    repainted: list[tuple[int, int]] = []
    model.dataChanged.connect(
        lambda a, b, roles=(): None if roles else repainted.append((a.row(), b.row()))
    )
    placed = window.seat.geometry()
    window.set_online(False)
    assert window.offline.isVisibleTo(window) and "数据库连接中断" in window.offline.text()
    assert window.seat.geometry() == placed  # the notice lies over the boards: nothing moves
    tasks.block(demo, "li", blocked, "等待网点主任到场")  # meanwhile, on the deputy's seat
    window.set_online(True)
    qtbot.waitUntil(lambda: window.offline.isHidden(), timeout=5000)
    assert resets == []
    assert model.data(model.index(1, TaskTableModel.TITLE)).startswith("✖ ")  # 受阻 shows
    assert set(repainted) == {(1, 1)}
    rows = view.selectionModel().selectedRows()
    assert [model.data(r, TASK_ID) for r in rows] == [chosen]


def test_on_the_big_day_the_command_screen_fits_1600_px_and_every_lane_shows_its_counts_whole(
    qtbot, app
):
    """The leader lane of five plans in use is named "应急小组(组长、副组长) / 校区 / …": its
    title elides the name before the counts (both whole in the tooltip), keeps the name's
    first characters when the counts are long, and never widens the screen (it once made
    the command screen 2,240 px wide in a 1,600 px window)."""
    from PySide6.QtGui import QFontMetrics

    from console.services.demo import add_demo_users, load_big_day

    add_demo_users(app)
    load_big_day(app, 40, 600, seed=7)
    window = window_for(qtbot, app, "zhang")
    window.resize(1600, 950)
    window.show()
    qtbot.waitExposed(window)
    assert window.width() == 1600 and window.minimumSizeHint().width() <= 1600
    titles = [lane.title for lane in window.seat.lanes.values()]
    for title in titles:
        shown = title.text()
        assert title.counts.strip() and title.toolTip() == title.name + title.counts
        assert shown.startswith(title.name[:4])  # which lane it is, always
        assert title.counts.split("  预警")[0] in shown  # its total and 超时, always whole
        room = title.width() - 2 * title.PAD
        assert QFontMetrics(title._bold(), title).horizontalAdvance(shown) <= room + 1
    leader = window.seat.lanes["command"].title
    assert " / " in leader.name and "…" in leader.text()


def test_the_banner_read_again_writes_how_late_into_the_lines_it_shows(qtbot, demo, clock):
    """The same alarms a minute later: each line says the new lateness, in the row already
    there (no row made, styled and laid out again at every read), and its buttons still act
    on its alarm; a new alarm on top makes the rows again."""
    sweep(demo)
    window = window_for(qtbot, demo, "zhang")
    banner = window.banner
    banner.refresh()
    lapsed = next(a for a in banner.items if getattr(a, "kind", "") == "lapsed")
    label = banner.findChild(QLabel, f"alarm-{lapsed.id}")
    before = label.text()
    clock.advance(timedelta(minutes=1))
    banner.refresh()
    again = banner.findChild(QLabel, f"alarm-{lapsed.id}")
    assert again is label and again.text() != before
    late = next(a for a in banner.items if getattr(a, "id", None) == lapsed.id).late_s
    assert countdown(late) in again.text()
    qtbot.mouseClick(banner.findChild(QPushButton, f"ack-{lapsed.id}"), Qt.MouseButton.LeftButton)
    assert lapsed.id in {a.id for a in alarms.list_alarms(demo, "acked")}
    assert lapsed.id not in {getattr(a, "id", None) for a in banner.items}
    qtbot.waitUntil(lambda: banner.findChild(QLabel, f"alarm-{lapsed.id}") is None, timeout=3000)
