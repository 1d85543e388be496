"""启动预案's call-out on the seats: the rolls of the active incidents (who was called to
their post, who has confirmed), a 到位确认 bar for the signed-in user while they have a
call-out to confirm, and the command screen's roll per work group.

The rolls are read once when the seat starts and then only for the incidents a change
names (a 到位确认, a call-out, a message settled all name their incident)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.changes import Change
from console.context import App
from console.services import notify
from console.time.format import parse_instant
from console.views.records import RollEntryView, RollView
from widgets.boards.state import Boards
from widgets.style import CHECKIN_QSS, LANE_TITLE_QSS

INCIDENT_ID = Qt.ItemDataRole.UserRole
DONE, MISSING, LATE = QColor("#15803d"), QColor("#b45309"), QColor("#dc2626")
LATE_QSS = "QLabel { color: #b91c1c; }"


def hhmm(iso: str | None, seconds: bool = False) -> str:
    """14:02 (or 14:02:11) of a local ISO instant; "" for none."""
    return (iso or "")[11 : 19 if seconds else 16]


def short(group_name: str) -> str:
    """应急小组(组长、副组长) → 应急小组: a narrow column keeps the name, the tooltip the rest."""
    return group_name.split("(")[0].split("(")[0] or group_name


def entry_line(e: RollEntryView) -> str:
    """One person on the roll, for a tooltip: 王协调 已到位 14:02:11(席位)· 通知:…"""
    if e.checked_in_at:
        state = f"已到位 {hhmm(e.checked_in_at, True)}" + (f"({e.via})" if e.via else "")
    else:
        state = "未确认"
    return f"{e.display_name} {state}" + (f" · 通知:{e.delivery}" if e.delivery else "")


class Rolls(QObject):
    """The rolls of the active incidents a seat knows of (its boards' incidents)."""

    changed = Signal()

    def __init__(self, app: App, boards: Boards) -> None:
        super().__init__()
        self.app, self.boards = app, boards
        self.views: dict[int, RollView] = {}

    def titles(self) -> dict[int, str]:
        return {r.incident_id: r.title for r in self.boards.incidents.rows()}

    def load(self) -> None:
        ids = list(self.titles())
        views = notify.rolls(self.app, ids) if ids else {}
        if views != self.views:
            self.views = views
            self.changed.emit()

    def set_views(self, views: dict[int, RollView]) -> None:
        """Every active incident's roll, as read (Seat.read_all)."""
        if views != self.views:
            self.views = views
            self.changed.emit()

    def put_change(self, change: Change, fresh: dict[int, RollView]) -> None:
        """The rolls of the change's incidents as read, after the boards took the change."""
        active = self.titles()
        views = {i: v for i, v in self.views.items() if i in active and i not in change.incidents}
        views |= {i: v for i, v in fresh.items() if i in active}
        if views != self.views:
            self.views = views
            self.changed.emit()

    def put(self, roll: RollView) -> None:
        """A roll a service call returned (this seat's own 到位确认)."""
        if roll.total and self.views.get(roll.incident) != roll:
            self.views = self.views | {roll.incident: roll}
            self.changed.emit()

    def refresh(self, incident_id: int) -> None:
        views = dict(self.views)
        views.pop(incident_id, None)
        if incident_id in self.titles():
            views |= notify.rolls(self.app, [incident_id])
        if views != self.views:
            self.views = views
            self.changed.emit()

    def pending_for(self, user: str) -> list[tuple[int, RollEntryView, RollView]]:
        """The call-outs `user` has not confirmed yet, by incident."""
        return [(iid, e, roll) for iid, roll in sorted(self.views.items())
                for e in roll.entries if e.user == user and not e.checked_in_at]  # fmt: skip


class CheckinBar(QFrame):
    """到位确认 on the user's own seat: a line and a button per incident whose call-out
    they have not confirmed; hidden when there is none."""

    def __init__(self, rolls: Rolls, user: str, check_in: Callable[[int], bool]) -> None:
        super().__init__()
        self.setObjectName("checkin")
        self.setStyleSheet(CHECKIN_QSS)
        self.rolls, self.user, self._check_in = rolls, user, check_in
        self.buttons: dict[int, QPushButton] = {}
        self._shown: list[tuple[int, str | None]] = []
        self._due: list[tuple[datetime, QLabel]] = []  # deadlines not passed yet, to turn red
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.setSpacing(2)
        self.setVisible(False)
        rolls.changed.connect(self.refresh)

    def pending(self) -> list[int]:
        return [iid for iid, _e, _r in self.rolls.pending_for(self.user)]

    def refresh(self) -> None:
        pending = self.rolls.pending_for(self.user)
        titles = self.rolls.titles()
        shown = [(iid, e.due_at) for iid, e, _ in pending]
        if shown == self._shown:
            return
        self._shown = shown
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons = {}
        self._due = []
        now = self.rolls.app.time.now()
        for iid, e, roll in pending:
            row = QWidget()
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            text = self.tr("▶ 启动预案:#%1 %2 — 已通知您(%3)到岗,到岗后请确认").replace(
                "%1", str(iid)).replace("%2", titles.get(iid, "")).replace("%3", e.group_name)  # fmt: skip
            label = QLabel(text)
            label.setObjectName(f"checkin-text-{iid}")
            label.setToolTip(self.tr("到位确认 %1/%2").replace("%1", str(roll.confirmed)).replace(
                "%2", str(roll.total)))  # fmt: skip
            h.addWidget(label, 1)
            if e.due_at:
                due = QLabel(self.tr("期限 %1").replace("%1", hhmm(e.due_at)))
                at = parse_instant(e.due_at)
                if at <= now:
                    due.setStyleSheet(LATE_QSS)
                else:
                    self._due.append((at, due))
                h.addWidget(due)
            button = QPushButton(self.tr("到位确认"))
            button.setObjectName(f"checkin-{iid}")
            button.clicked.connect(lambda _=False, i=iid: self._check_in(i))
            h.addWidget(button)
            self.buttons[iid] = button
            self._layout.addWidget(row)
        self.setVisible(bool(pending))

    def tick(self) -> None:
        """The seat's 1 Hz timer: a deadline that passed turns red."""
        if self._due:
            now = self.rolls.app.time.now()
            for _at, label in [d for d in self._due if d[0] <= now]:
                label.setStyleSheet(LATE_QSS)
            self._due = [d for d in self._due if d[0] > now]


class RollPanel(QWidget):
    """The command screen's roll: per incident with a call-out, each work group's count
    and its people (✔ confirmed, ✖ not yet); a complete roll folds to one line."""

    open_incident = Signal(int)

    def __init__(self, rolls: Rolls) -> None:
        super().__init__()
        self.rolls = rolls
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        self.title = QLabel(self.tr("到位情况"))
        self.title.setStyleSheet(LANE_TITLE_QSS)
        v.addWidget(self.title)
        self.tree = QTreeWidget()
        self.tree.setObjectName("roll")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("工作组"), self.tr("到位"), self.tr("未确认"), self.tr("已到位")]
        )
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(self._open)
        v.addWidget(self.tree, 1)
        self._folded: dict[int, bool] = {}  # what the user folded or unfolded, by incident
        self.tree.itemCollapsed.connect(lambda item: self._remember(item, True))
        self.tree.itemExpanded.connect(lambda item: self._remember(item, False))
        self._filling = False
        self._next_due: datetime | None = None  # the next roll deadline to pass: refresh then
        rolls.changed.connect(self.refresh)
        self.refresh()

    def tick(self) -> None:
        """The seat's 1 Hz timer: a roll whose deadline passes turns red."""
        if self._next_due is not None and self._next_due <= self.rolls.app.time.now():
            self.refresh()

    def _remember(self, item: QTreeWidgetItem, folded: bool) -> None:
        if not self._filling and item.parent() is None:
            self._folded[item.data(0, INCIDENT_ID)] = folded

    def _open(self, item: QTreeWidgetItem) -> None:
        while item.parent() is not None:
            item = item.parent()
        iid = item.data(0, INCIDENT_ID)
        if iid is not None:
            self.open_incident.emit(iid)

    def refresh(self) -> None:
        views = self.rolls.views
        self.setVisible(bool(views))
        titles = self.rolls.titles()
        now = self.rolls.app.time.now()
        waiting = sum(r.total - r.confirmed for r in views.values())
        self.title.setText(
            self.tr("到位情况") + ("  " + self.tr("待确认 %n 人", "", waiting) if waiting else "")
        )
        self._filling = True
        self.tree.clear()
        self._next_due = None
        # the rolls still waiting first, the newest call-out first among them
        order = sorted(views.items(), key=lambda kv: (kv[1].confirmed == kv[1].total, -kv[0]))
        for iid, roll in order:
            due = parse_instant(roll.due_at) if roll.due_at else None
            late = due is not None and due <= now
            complete = roll.confirmed == roll.total
            if due is not None and not late and not complete:
                self._next_due = due if self._next_due is None else min(self._next_due, due)
            head = f"#{iid} {titles.get(iid, '')}"
            count = f"{roll.confirmed}/{roll.total}"
            if complete:
                state = "✔ " + self.tr("全员到位 %1").replace("%1", count)
            else:
                state = self.tr("到位 %1").replace("%1", count)
                if roll.due_at:
                    state += " · " + self.tr("期限 %1").replace("%1", hhmm(roll.due_at))
                    state += (" " + self.tr("已超时")) if late else ""
            # what matters first: a narrow panel cuts the title, not the count
            top = QTreeWidgetItem([f"#{iid} {state} — {titles.get(iid, '')}"])
            top.setData(0, INCIDENT_ID, iid)
            top.setForeground(0, DONE if complete else LATE if late else MISSING)
            top.setToolTip(0, f"{head}\n{state}")
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            groups: dict[str, list[RollEntryView]] = {}
            for e in roll.entries:
                groups.setdefault(e.group, []).append(e)
            for entries in groups.values():
                here = [e.display_name for e in entries if e.checked_in_at]
                missing = [e.display_name for e in entries if not e.checked_in_at]
                name = entries[0].group_name
                child = QTreeWidgetItem([short(name), f"{len(here)}/{len(entries)}",
                                         " ".join("✖" + n for n in missing),
                                         " ".join("✔" + n for n in here)])  # fmt: skip
                child.setToolTip(0, name)
                tip = "\n".join(entry_line(e) for e in entries)
                for column in (1, 2, 3):
                    child.setToolTip(column, tip)
                colour = DONE if not missing else LATE if late else MISSING
                child.setForeground(1, colour)
                child.setForeground(2, LATE if late else MISSING)
                child.setForeground(3, DONE)
                top.addChild(child)
            top.setFirstColumnSpanned(True)
            top.setExpanded(not self._folded.get(iid, complete))
        self._filling = False
