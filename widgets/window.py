"""The console window: the alarm banner above the seat the signed-in role needs, menus and
a keyboard shortcut for every action, wall mode (F11)."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.actions import Menu, in_menu
from console.changes import Change
from console.context import App
from console.errors import ConsoleError, Unavailable
from console.people.permissions import ROLE_NAMES, Action, Role, allowed
from console.services import help, queries
from console.time.format import DEFAULT_TZ
from console.views.board import lane_of
from console.views.records import UserView
from widgets.banner import SHOWN, WALL_SHOWN, AlarmBanner, tray_notifier
from widgets.boards.view import fit_columns
from widgets.bridge import ConsoleBridge
from widgets.charts import Charts
from widgets.dialogs.casework import AddTaskDialog, RetypeDialog, RevisitDialog, pick_and_attach
from widgets.dialogs.detail import IncidentDetail
from widgets.dialogs.forms import FormChooser
from widgets.dialogs.intake import IntakeDialog
from widgets.dialogs.printing import PdfPrinter
from widgets.dialogs.sitreps import SitrepDialog
from widgets.drill import DrillBar, mark
from widgets.reader import Reader
from widgets.seats.base import Seat
from widgets.seats.command import CommandScreen
from widgets.seats.duty import DutyDesk
from widgets.seats.group import GroupSeat
from widgets.stats import StatsView
from widgets.style import normal_look, wall_look
from widgets.wall import WallView

log = logging.getLogger(__name__)
# A change naming more incidents or alarms than this, or any from another process, is read
# off the GUI thread; so are the banner's alarms when they are more than ten times this.
SMALL_CHANGE = 20
GC_YOUNG = 50_000  # allocations between two collections of young objects (Python's: 700)
SWITCH_S = 0.00005  # 50 µs (sys.setswitchinterval)


def calm_threads() -> float:
    """What a seat holds from its start (Qt's wrappers, the plans, the boards) lives as long
    as the seat: frozen out of the garbage collector's passes, and young objects collected
    in larger batches. Otherwise a full pass over that heap, set off by a read of thousands
    of rows on any thread, stops every thread (the GUI's countdowns with it) for a tenth of
    a second at a time (benchmarks/stalls.py).

    And the GIL changes hands after SWITCH_S, not Python's 5 ms: Qt calls back into Python
    for every cell it paints, and each call waits for the GIL; while the reader or the
    scheduler's thread computes, 5 ms a call made a repaint of the boards take seconds."""
    gc.freeze()
    gc.set_threshold(GC_YOUNG, 20, 100)
    before = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_S)
    return before  # given back when the window closes (a process that goes on: the tests)


class MainWindow(QMainWindow):
    def __init__(self, app: App, user: UserView, settings: QSettings | None = None) -> None:
        super().__init__()
        self.app, self.user = app, user
        self.settings = settings
        self.role = user.role
        self.setWindowTitle(
            self.tr("应急指挥台") + f" — {user.display_name}({ROLE_NAMES[Role(self.role)]})"
        )
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # Shown while the database cannot be reached: the last state stays on screen and the
        # countdowns keep running from the deadlines already known. It lies on top, over the
        # banner's first line (nothing in the banner can be done without the database), and
        # outside the layout: coming and going it moves nothing, so an outage no longer lays
        # out and paints the whole screen twice.
        self.offline = QLabel(central)
        self.offline.setWordWrap(True)
        self.offline.setStyleSheet("background:#b45309;color:white;padding:6px;")
        self.offline.hide()
        central.installEventFilter(self)
        self.online = True
        self.reader = Reader("window-read")  # database reads off the GUI thread
        self.reader.idle.connect(self._reads_done)
        self.bridge: ConsoleBridge | None = None  # given by connect_window, else made at start
        self._own_bridge = False
        self._charts_stale = False
        self._pending: Change | None = None  # changes from elsewhere, applied together
        self._flush_queued = False
        self._details: list[IncidentDetail] = []  # incident details open (modal, one at a time)
        self._bus_started = False
        self.beside = None  # the seat's serve (console.runners.beside), when it has one
        self.banner = AlarmBanner(app, user.name, can_ack=self.can(Action.ACK), can_shelve=self.can(Action.SHELVE),
                                  sound=self._setting("sound", True), notify=tray_notifier(self),
                                  only_group=user.group if self.role in (Role.COORDINATOR, Role.MEMBER) else None)  # fmt: skip
        self.banner.open_incident.connect(self.open_incident)
        layout.addWidget(self.banner)
        # A drill database: the drill bar plays the injects, and everything is watermarked.
        self.drill_bar: DrillBar | None = None
        if app.drill is not None:
            self.drill_bar = DrillBar(app, user.name, self.can(Action.DRILL))
            self.drill_bar.applied.connect(self._injects_arrived)
            layout.addWidget(self.drill_bar)
        self.seat = self._make_seat()
        # a lane that a change left short gets its next page read off the GUI thread
        self.seat.boards.later = lambda read, show: self.reader.submit(
            read, show, self._read_failed
        )
        self.seat.open_incident.connect(self.open_incident)
        self.seat.stale.connect(self.pull_changes)
        if isinstance(self.seat, CommandScreen):  # 求助 under the banner, on the desk and the wall
            layout.addWidget(self.seat.help_bar)
            self.seat.help_bar.arrived.connect(self.banner.alert)  # sounded as an alarm is
        self.charts: Charts | None = None
        self.tabs: QTabWidget | None = None
        self.wall: WallView | None = None
        # 统计分析: the command screen's third tab; another seat opens it in a window of its own
        self.stats: StatsView | None = None
        self._stats_window: QDialog | None = None
        if isinstance(self.seat, CommandScreen):
            self.tabs = tabs = QTabWidget()
            tabs.addTab(self.seat, self.tr("看板"))
            self.charts = Charts(
                app,
                [(k, self.seat.boards.lane_names.get(k, k)) for k in self.seat.boards.lane_names],
            )
            tabs.addTab(self.charts, self.tr("图表"))
            self.stats = StatsView(app, user.name)  # computed when first shown
            tabs.addTab(self.stats, self.tr("统计"))
            tabs.currentChanged.connect(self._tab_shown)
            # the wall (F11): a layout of its own for the room, over the same boards
            self.wall = WallView(self.seat.boards)
            self.seat.timer.timeout.connect(self.wall.tick)
            self.screens = QStackedWidget()
            self.screens.addWidget(tabs)
            self.screens.addWidget(self.wall)
            layout.addWidget(self.screens, 1)
        else:
            layout.addWidget(self.seat, 1)
        self.setCentralWidget(central)
        mark(app, self, central)
        self.clock_label = QLabel()
        self.statusBar().addPermanentWidget(self.clock_label)
        self.statusBar().showMessage(f"{user.name} · {ROLE_NAMES[Role(self.role)]} · {app.url}")
        self._actions()
        self.seat.timer.timeout.connect(self._tick_status)
        # Alarms come back when a shelving ends (nothing is written then), and the charts
        # drift with time: both are refreshed on a slow timer besides the change bus.
        self.slow_timer = QTimer(self)
        self.slow_timer.setInterval(15_000)
        self.slow_timer.timeout.connect(self._slow_refresh)
        self.resize(1500, 900)

    # --- set-up -----------------------------------------------------------------------
    def can(self, action: Action) -> bool:
        return allowed(self.role, action, self.user.group, self.user.group)

    def _setting(self, key: str, default: bool) -> bool:
        if self.settings is None:
            return default
        return str(self.settings.value(key, default)).lower() in ("true", "1")

    def _make_seat(self) -> Seat:
        if self.role in (Role.LEADER, Role.DEPUTY, Role.SUPERVISOR):
            return CommandScreen(self.app, self.user, read_only=self.role == Role.SUPERVISOR)
        if self.role in (Role.COORDINATOR, Role.MEMBER):
            group = self.user.group or ""
            plan_id = next((p.id for p in self.app.catalogue if p.group(group)), "")
            lane, name = lane_of(self.app, plan_id, group)
            return GroupSeat(self.app, self.user, lane, name)
        return DutyDesk(self.app, self.user)

    def _action(self, menu, text: str, shortcut: str, slot, enabled: bool = True) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        action.setEnabled(enabled)
        action.setVisible(enabled)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _slots(self) -> dict[str, Callable[..., object]]:
        """What each action of console/actions.py does in this window (the seat decides
        which it offers); the registry gives the menu, the text and the shortcut."""
        slots: dict[str, Callable[..., object]] = {
            "register": self.intake, "detail": self.open_selected,
            "ack": self.ack_top, "shelve": self.shelve_top,
            "handover_sheet": lambda: self.handover_printer().preview(),
            "handover_sheet_pdf": lambda: self.handover_printer().save(),
            "sitrep": self.sitreps, "form": self.print_form, "stats": self.show_stats,
            "search": self.search, "shortcuts": self.show_shortcuts,
            "wall": self.toggle_wall, "sound": self.toggle_sound,
            "language": self.toggle_language, "refresh": self.refresh_now, "quit": self.close,
        }  # fmt: skip
        seat = self.seat
        if isinstance(seat, CommandScreen):
            slots |= {"activate": seat.activate, "regrade": seat.regrade,
                      "advance": seat.advance, "reassign": seat.reassign, "retype": self.retype}  # fmt: skip
        if isinstance(seat, GroupSeat):
            slots |= {"complete": seat.complete, "block": seat.block, "undo": seat.undo}
        if isinstance(seat, (GroupSeat, DutyDesk)):
            slots["help"] = self.ask_help
        if isinstance(seat, CommandScreen) and not seat.read_only:
            slots["ack_help"] = seat.acknowledge_oldest_help
        if isinstance(seat, CommandScreen) and seat.read_only:  # a supervisor of a 监督小组
            slots["complete"] = seat.complete
        # The case work on the incident chosen (a group seat: the incident of the task chosen);
        # the duty desk keeps evidence, the leaders and the groups also add tasks and call back.
        slots["attach"] = self.attach_evidence
        if isinstance(seat, (CommandScreen, GroupSeat)):
            slots |= {"add_task": self.add_task, "revisit": self.record_revisit}
        if self.drill_bar is not None:
            bar = self.drill_bar
            slots |= {"drill_pause": bar.toggle_pause, "drill_stop": bar.ask_stop,
                      "drill_review": bar.show_report}  # fmt: skip
        return slots

    def _actions(self) -> None:
        slots = self._slots()
        self.menu_actions: dict[str, QAction] = {}
        for menu in Menu:
            entries = [e for e in in_menu(menu) if e.id in slots]
            if not entries:
                continue
            bar_menu = self.menuBar().addMenu(self.tr(menu.zh))
            for e in entries:
                assert e.item is not None
                enabled = e.needs is None or self.can(e.needs)
                self.menu_actions[e.id] = self._action(
                    bar_menu, self.tr(e.item.zh), e.item.shortcut, slots[e.id], enabled
                )
        sound, english = self.menu_actions["sound"], self.menu_actions["language"]
        sound.setCheckable(True)
        sound.setChecked(self.banner.sound_on)
        english.setCheckable(True)
        english.setChecked(self.settings is not None and self.settings.value("language") == "en")

    # --- running ----------------------------------------------------------------------
    def start(self) -> None:
        if self.bridge is None:  # a window on its own (tests): its own hop to the GUI thread
            ConsoleBridge(self.app).connect_window(self)
            self._own_bridge = True
        self.app.bus.start()  # other processes' changes: NOTIFY, or the audit-counter poll
        self._bus_started = True
        self.seat.start()
        self.banner.refresh()
        self._charts_lanes()
        self._refresh_charts(load=True)  # when its tab is shown, not before
        self.slow_timer.start()
        if self.drill_bar is not None:
            self.drill_bar.start()
            if self.app.drill is not None and self.app.drill.speed > 1:
                # A second is a minute: look for other processes' changes, and move the
                # countdowns, sooner.
                self.app.bus.interval = 0.25
                self.seat.timer.setInterval(250)
        if isinstance(self.seat, CommandScreen):
            self.seat.boards.lanes_changed.connect(self._charts_lanes)
        self._tick_status()
        if self._setting("wall_mode", False):
            self.set_wall(True)
        self._switch_before = calm_threads()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.reader.close()
        if getattr(self, "_switch_before", None):
            sys.setswitchinterval(self._switch_before)
        if self.bridge is not None and self._own_bridge:
            self.bridge.detach()
            self.bridge = None
        if self._bus_started:  # a window closed twice must not stop the bus for others
            self._bus_started = False
            self.app.bus.stop()
        super().closeEvent(event)

    def apply_change(self, change: Change) -> None:
        """A committed change (this seat's, another seat's, the scheduler's). This process's
        own commits show at once; what arrives from other processes is merged and applied
        once per turn of the event loop, however many changes came together (a busy command
        room sends dozens a second, and each look costs the same for one as for twenty)."""
        self._pending = change if self._pending is None else self._pending | change
        if change.source == "local":
            self._apply_pending()
        elif not self._flush_queued:
            self._flush_queued = True
            QTimer.singleShot(0, self._apply_pending)

    def _apply_pending(self) -> None:
        """Each view refreshes the parts of the change it shows — the boards the incidents
        it names, the banner on alarms, the duty log and events strip on log lines; the
        charts when they are shown. A seat's own small change is read and shown at once
        (before its click returns); the rest — other seats', the scheduler's thousands of
        alarms — is read off the GUI thread (self.reader) and shown when read, in order."""
        self._flush_queued = False
        change, self._pending = self._pending, None
        if change is None or not self.online:
            return  # coming back online reloads everything
        if not change.complete:
            self.reload()
            return
        if change.source != "local" and self.reader.busy:
            # read once the reads under way are shown (Reader.idle), with all that comes
            # meanwhile: a busy database's many commits make one read, not one each
            self._pending = change
            return
        small = len(change.incidents) <= SMALL_CHANGE and len(change.alarms) <= SMALL_CHANGE
        try:
            if change.source == "local" and small:
                # this seat's own action shows before its click returns (the versions its next
                # action sends are these): what is being read meanwhile is shown first
                self.reader.wait()
                self._put_change(change, self.seat.read_change(change))
            else:
                self.reader.submit(lambda: self.seat.read_change(change),
                                   lambda got: self._put_change(change, got), self._read_failed)  # fmt: skip
        except Unavailable:
            self.app.bus.status("poll", False)  # the next poll that succeeds brings it back
        except Exception:  # a slot must not raise into Qt; F5 reloads
            log.exception("applying %r failed", change)

    def _reads_done(self) -> None:
        if self._pending is not None and not self._flush_queued:
            self._flush_queued = True
            QTimer.singleShot(0, self._apply_pending)

    def _put_change(self, change: Change, got: tuple) -> None:
        if not self.online:
            return  # coming back online reloads everything
        if not self.seat.put_change(change, got):
            self.reload()  # a lane or plan newly in use: everything, read off the GUI thread
        for dialog in self._details:  # an open incident detail follows its incident
            if dialog.incident_id in change.incidents:
                dialog.reload()
        if change.alarms:  # at once for this seat's own few; else off the GUI thread
            self.refresh_banner(now=change.source == "local" and len(change.alarms) <= SMALL_CHANGE)
        if self.stats is not None and (change.tasks or change.incidents or change.alarms):
            self.stats.stale = True  # counted again when next shown (or 统计 pressed)
        if self.charts is not None and (change.tasks or change.incidents):
            if self.charts.isVisible():
                self.charts.update_horizon(self.seat.boards.horizon())
            else:
                self._charts_stale = True

    def _read_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Unavailable):
            self.app.bus.status("poll", False)  # the next poll that succeeds brings it back
        else:
            log.error("reading for the window failed", exc_info=exc)

    def refresh_banner(self, now: bool = False) -> None:
        """The open alarms again: `now` for this seat's own few (shown before its click
        returns), else off the GUI thread (17,000 after a day's sweep; a database busy with
        another process's sweep answers slowly)."""
        if now and len(self.banner.open_ids) <= SMALL_CHANGE * 10:
            self.banner.refresh()  # a newer read than any under way: banner.put keeps it
        else:
            self.reader.submit(self.banner.read, self.banner.put, self._read_failed)

    def pull_changes(self, *_: object) -> Change:
        """Looks now for what other processes committed (the bus does it by itself, on
        NOTIFY or its fallback poll) and shows it; returns what was delivered."""
        change = self.app.bus.poll()
        self._apply_pending()
        self.reader.wait()
        if self._pending is not None:  # came while reads were under way: read now
            self._apply_pending()
            self.reader.wait()
        return change

    def _tab_shown(self, _index: int) -> None:
        if self.charts is not None and self.charts.isVisible() and self._charts_stale:
            self._charts_stale = False
            self._refresh_charts(load=True)

    def set_online(self, online: bool) -> None:
        """Offline: say so within seconds, keep the last state and its countdowns, refuse
        nothing silently (the services say "未保存"). Back: reload everything, so what
        happened meanwhile (other seats' changes, alarms raised) appears."""
        if online == self.online:
            return
        self.online = online
        if not online:
            since = self.app.time.now().astimezone(DEFAULT_TZ).strftime("%H:%M:%S")
            self.offline.setText(self.tr("⚠ 数据库连接中断(%1 起)。屏幕显示最后已知状态,倒计时按已知期限继续;"
                                         "此时的操作不会保存。正在自动重连…").replace("%1", since))  # fmt: skip
            self._place_offline()
            self.offline.show()
            return
        self.reload(back=True)  # the notice goes when everything is shown again

    def _place_offline(self) -> None:
        """On top, across, as tall as its text in the window's type (large on the wall: a
        styled label keeps the type it had when styled, so it is given it)."""
        bold = QFont(QApplication.font())
        bold.setBold(True)
        self.offline.setFont(bold)
        central = self.centralWidget()
        self.offline.setGeometry(
            0, 0, central.width(), self.offline.heightForWidth(central.width())
        )
        self.offline.raise_()  # above the drill's watermark, which raises itself on resizes

    def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.Resize and obj is self.centralWidget():
            self._place_offline()
        return super().eventFilter(obj, event)

    def refresh_now(self) -> None:
        """F5: everything again from the database (or say that it is away), now."""
        self.reload()
        self.reader.wait()

    def reload(self, back: bool = False) -> None:
        """Everything again from the database, read off the GUI thread (120,000 open
        clocks take a second), shown when read; `back`: the database has just come back."""

        def put(read: tuple) -> None:
            self.seat.put_all(read[0])
            self.banner.put(read[1])
            self._refresh_charts(load=True)
            if back and self.online:
                self.offline.hide()
                self.statusBar().showMessage(self.tr("数据库已恢复连接,已同步最新状态"), 10_000)

        self.reader.submit(
            lambda: (self.seat.read_all(), self.banner.read()), put, self._read_failed
        )

    def _slow_refresh(self) -> None:
        if self.beside is not None and not self.beside.check():  # logs what failed
            self.statusBar().showMessage(self.tr("告警调度进程未运行,正在重启…"), 15_000)
        if not self.online:
            return
        try:
            self.refresh_banner()
        except ConsoleError:
            self.set_online(False)
            return
        self._slow_ticks = getattr(self, "_slow_ticks", 0) + 1
        self._refresh_charts(load=self._slow_ticks % 4 == 0)  # the shift curve once a minute
        self._read_done_counts()

    def _charts_lanes(self) -> None:
        if self.charts is not None:
            boards = self.seat.boards
            self.charts.set_lanes([(k, boards.lane_names.get(k, k)) for k in boards.models])

    def _refresh_charts(self, load: bool) -> None:
        if self.charts is not None and not self.charts.isVisible():
            self._charts_stale = True  # caught up when its tab is shown
        elif self.charts is not None:
            self.charts.update_horizon(self.seat.boards.horizon())
            if load:
                self.charts.update_load()

    def _tick_status(self) -> None:
        now = self.app.time.now().astimezone(DEFAULT_TZ)
        warn = "" if self.app.calendar.has_year(now.year) else "  ⚠ " + self.tr("本年度日历未确认")
        self.clock_label.setText(now.strftime("%Y-%m-%d %H:%M:%S") + warn)

    # --- actions ----------------------------------------------------------------------
    def intake(self) -> None:
        dialog = IntakeDialog(self.app, self.user.name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        mark(self.app, dialog)
        self._details.append(dialog)  # another seat's evidence or 回访 shows while it is open
        try:
            dialog.exec()
        finally:
            self._details.remove(
                dialog
            )  # what it registered reaches the boards through the change bus

    def open_selected(self) -> None:
        iid = self.seat.selected_incident()
        if iid is not None:
            self.open_incident(iid)

    def casework_allowed(self) -> frozenset[Action]:
        """What this user may do on a case beside reading it (the detail dialog's buttons)."""
        return frozenset(a for a in (Action.ATTACH, Action.REVISIT, Action.ADD_TASK) if self.can(a))

    def _own_group(self) -> str | None:
        """A coordinator adds tasks for their own group only."""
        return self.user.group if self.role in (Role.COORDINATOR, Role.MEMBER) else None

    def open_incident(self, incident_id: int) -> None:
        dialog = IncidentDetail(self.app, self.user.name, incident_id, can_note=self.can(Action.NOTE),
                                allowed=self.casework_allowed(), only_group=self._own_group(), parent=self)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        mark(self.app, dialog)
        self._details.append(dialog)  # another seat's evidence or 回访 shows while it is open
        try:
            dialog.exec()
        finally:
            self._details.remove(dialog)

    def chosen_incident(self, title: str) -> int | None:
        """The incident the seat has chosen, or None after saying to choose one."""
        iid = self.seat.selected_incident()
        if iid is None:
            what = (
                self.tr("请先选中一项任务。")
                if isinstance(self.seat, GroupSeat)
                else self.tr("请先选中一起事件。")
            )
            QMessageBox.information(self, title, what)
        return iid

    def _casework(self, dialog: QDialog) -> bool:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog.exec() == QDialog.DialogCode.Accepted  # the change bus brings the rest

    def add_task(self) -> None:
        iid = self.chosen_incident(self.tr("新增临时任务"))
        if iid is not None:
            self._casework(
                AddTaskDialog(
                    self.app, self.user.name, iid, only_group=self._own_group(), parent=self
                )
            )

    def record_revisit(self) -> None:
        iid = self.chosen_incident(self.tr("登记回访"))
        if iid is not None:
            self._casework(RevisitDialog(self.app, self.user.name, iid, parent=self))

    def retype(self) -> None:
        iid = self.chosen_incident(self.tr("调整投诉类型"))
        if iid is None:
            return
        plan = self.app.catalogue.get(queries.incident(self.app, iid).plan)
        if plan is None or not plan.types:
            QMessageBox.information(
                self, self.tr("调整投诉类型"), self.tr("本预案未划分投诉类型。")
            )
            return
        version = self.seat.boards.incident_version(iid)  # what the user saw, before the dialog
        self._casework(RetypeDialog(self.app, self.user.name, iid, version=version, parent=self))

    def attach_evidence(self) -> None:
        iid = self.chosen_incident(self.tr("添加证据"))
        if iid is not None:
            kept = pick_and_attach(self, self.app, self.user.name, iid)
            if kept:
                self.statusBar().showMessage(
                    self.tr("已保存证据:") + "、".join(a.name for a in kept) + f"(#{iid})", 10_000
                )

    def _injects_arrived(self, arrived: list) -> None:
        last = arrived[-1]
        self.statusBar().showMessage(self.tr("演练:") + last.detail, 10_000)

    def search(self) -> None:
        """Ctrl+F: incidents, tasks and the duty log by text, number or person."""
        from widgets.dialogs.search import SearchDialog

        if getattr(self, "_search", None) is None:
            self._search = SearchDialog(self.app, self, later=lambda read, show: self.reader.submit(
                read, show, self._read_failed))  # fmt: skip
            self._search.open_incident.connect(self.open_incident)
        self._search.show()
        self._search.raise_()
        self._search.query.setFocus()
        self._search.query.selectAll()

    def show_shortcuts(self) -> None:
        """F1: every action this window offers, with its key, menu by menu."""
        from widgets.dialogs.shortcuts import ShortcutSheet

        ShortcutSheet(self.menuBar(), self).exec()

    def ask_help(self) -> None:
        """求助: the task chosen, and why; the command screen shows it until acknowledged."""
        task_id = self.seat.selected_task()
        if task_id is None:
            QMessageBox.information(self, self.tr("求助"), self.tr("请先选中需要协助的任务。"))
            return
        reason, ok = QInputDialog.getText(self, self.tr("求助"), self.tr("需要指挥部协助什么?"))
        if ok and self.seat.act(help.ask, task_id, reason):
            self.statusBar().showMessage(self.tr("求助已发往指挥台"), 10_000)

    def ack_top(self) -> None:
        alarm_id = self.banner.top_alarm_id()
        if alarm_id is not None:
            self.banner.ack(alarm_id)

    def shelve_top(self) -> None:
        alarm_id = self.banner.top_alarm_id()
        if alarm_id is not None:
            self.banner.ask_shelve(alarm_id)

    def sitreps(self) -> None:
        """初报/续报/终报 of the incident chosen: drafted, edited, signed (组长、副组长), exported."""
        iid = self.chosen_incident(self.tr("初报/续报/终报"))
        if iid is None:
            return
        dialog = SitrepDialog(
            self.app, self.user.name, iid, can_sign=self.can(Action.SIGN), parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._details.append(dialog)  # another seat's draft or 签发 shows while it is open
        try:
            dialog.exec()
        finally:
            self._details.remove(dialog)

    def print_form(self) -> None:
        """打印 → 表单…: one of the chosen incident's plan's forms, as a PDF."""
        from console.services import forms

        title = self.tr("打印表单")
        iid = self.chosen_incident(title)
        if iid is None:
            return
        try:
            choices = forms.forms_of(self.app, self.user.name, iid)
        except ConsoleError as exc:
            QMessageBox.warning(self, title, str(exc))
            return
        if not choices:
            QMessageBox.information(self, title, self.tr("本事件的预案没有规定表单。"))
            return
        self._casework(FormChooser(self.app, self.user.name, iid, choices, parent=self))

    def show_stats(self) -> None:
        """统计分析: the 统计 tab, or on a seat without tabs its own window."""
        if self.tabs is not None and self.stats is not None:
            self.tabs.setCurrentWidget(self.stats)
            return
        if self._stats_window is None:
            window = QDialog(self)
            window.setWindowTitle(self.tr("统计分析"))
            window.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
            v = QVBoxLayout(window)
            v.setContentsMargins(0, 0, 0, 0)
            self.stats = StatsView(self.app, self.user.name)
            v.addWidget(self.stats)
            window.resize(1400, 860)
            mark(self.app, window)
            self._stats_window = window
        self._stats_window.show()
        self._stats_window.raise_()
        self._stats_window.activateWindow()

    def handover_printer(self) -> PdfPrinter:
        from console.services import reports

        return PdfPrinter(
            self,
            self.tr("交接班单"),
            lambda path: reports.print_handover(self.app, self.user.name, path),
        )

    def toggle_sound(self, on: bool) -> None:
        self.banner.sound_on = on
        if self.settings is not None:
            self.settings.setValue("sound", on)

    def toggle_language(self, english: bool) -> None:
        """Chinese or English from the next sign-in (the window is built in its language)."""
        if self.settings is not None:
            self.settings.setValue("language", "en" if english else "zh_CN")
        self.statusBar().showMessage(self.tr("语言将在下次登录时切换"), 5000)

    def _read_done_counts(self) -> None:
        if self.wall is not None:
            self.wall.read_done()

    def toggle_wall(self) -> None:
        self.set_wall(not self.isFullScreen())

    def set_wall(self, on: bool) -> None:
        """Full screen, large type, dark and grey until something is abnormal."""
        qt = QApplication.instance()
        if not hasattr(self, "_base_font"):
            self._base_font = qt.font()  # type: ignore[union-attr]
        (wall_look if on else normal_look)(qt, self._base_font)  # type: ignore[arg-type]
        # fonts reach the views through queued events: refit once they have
        QTimer.singleShot(0, lambda: [fit_columns(v) for v in self.findChildren(QTableView)])
        QTimer.singleShot(0, self._place_offline)
        for view in self.findChildren(QTableView):
            for column in getattr(view, "wall_hidden", ()):
                view.setColumnHidden(column, on)
        if self.wall is not None:  # the command screen: its wall, a layout of its own
            self.screens.setCurrentWidget(self.wall if on else self.tabs)
        self.banner.shown = WALL_SHOWN if on else SHOWN  # large type: a few lines, then a count
        self.banner.wrap = on
        # the room needs no menus: the keys work without them (F11 again, F1 for the sheet)
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        self.refresh_banner()  # off the GUI thread: thousands of alarms on a big day
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
        if self.settings is not None:
            self.settings.setValue("wall_mode", on)
