"""The banner above everything: unacknowledged alarms by priority, acknowledge and shelve
from it, a sound, a desktop notification, and floods grouped (more than 10 in 10 minutes
collapse into one counted entry)."""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QUrl, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.errors import ConsoleError
from console.files import RESOURCES
from console.services import alarms as alarm_service
from console.services import notify
from console.time.format import countdown, parse_instant
from console.views.records import AlarmHead, AlarmView
from widgets.style import BANNER_QSS, DELIVERY_QSS

log = logging.getLogger(__name__)

SOUND = RESOURCES / "sounds" / "alarm.wav"
FLOOD_COUNT, FLOOD_WINDOW = 10, timedelta(minutes=10)
SHOWN = 5
KIND_WORDS = {  # marked for lupdate: translated where shown (AlarmBanner's tr)
    "warning": QT_TRANSLATE_NOOP("AlarmBanner", "预警"),
    "lapsed": QT_TRANSLATE_NOOP("AlarmBanner", "超时"),
    "undelivered": QT_TRANSLATE_NOOP("AlarmBanner", "通知失败"),
}  # fmt: skip
WALL_SHOWN = 2  # on the wall, in large type: two entries, then 另有 N 条告警


class AlarmSound:
    """QtMultimedia when it works; silently nothing when there is no audio device."""

    def __init__(self) -> None:
        self._effect = None
        try:
            from PySide6.QtMultimedia import QSoundEffect

            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(SOUND)))
            effect.setVolume(0.8)
            self._effect = effect
        except Exception:  # no QtMultimedia backend or no device
            log.info("alarm sound unavailable", exc_info=True)

    def play(self) -> None:
        try:
            if self._effect is not None:
                self._effect.play()
        except Exception:
            log.info("alarm sound failed", exc_info=True)


@dataclass(frozen=True)
class Flood:
    """Many alarms raised at once, shown as one entry."""

    count: int
    ids: tuple[int, ...]
    priority: int


def group_floods(items: list, now, is_recent=None) -> list:  # type: ignore[no-untyped-def]
    """More than FLOOD_COUNT alarms raised within FLOOD_WINDOW collapse into one entry
    (alarm views, or the banner's heads with `is_recent=lambda h: h.recent`)."""
    recent = [a for a in items if (is_recent(a) if is_recent is not None
                                   else now - parse_instant(a.raised_at) <= FLOOD_WINDOW)]  # fmt: skip
    if len(recent) <= FLOOD_COUNT:
        return list(items)
    ids = {a.id for a in recent}
    flood = Flood(len(recent), tuple(sorted(ids)), max(a.priority for a in recent))
    return [flood, *(a for a in items if a.id not in ids)]


@dataclass(frozen=True)
class Read:
    """What the banner read (on any thread): every open alarm as a head, and the entries
    it shows (a flood, and the full view of the first few); numbered in the order the
    reads began."""

    stamp: int
    ids: frozenset[int]  # every open alarm
    items: list[AlarmView | Flood]
    more: int  # entries beyond those shown
    texts: dict[int, str]  # what a notification says of the first few new, most urgent first


_STAMPS = itertools.count(1)


class AlarmBanner(QFrame):
    open_incident = Signal(int)

    def __init__(self, app: App, actor: str, *, can_shelve: bool, can_ack: bool, sound: bool = True,
                 notify: Callable[[str, str], None] | None = None, only_group: str | None = None) -> None:  # fmt: skip
        super().__init__()
        self.setObjectName("banner")
        self.setStyleSheet(BANNER_QSS)
        self.app, self.actor = app, actor
        self.can_shelve, self.can_ack = can_shelve, can_ack
        self.only_group = (
            only_group  # a group seat sees its group's alarms and those sent to its user
        )
        self.sound_on = sound
        self._sound = AlarmSound()
        self._notify = notify
        # every open alarm as last read, shown or counted: a new or returning one sounds
        self.open_ids: frozenset[int] = frozenset()
        self._loaded = False
        self._stamp = 0  # the read shown (Banner.read's number)
        self.items: list[AlarmView | Flood] = []  # the entries shown
        self.more = 0  # and how many besides
        self.shown = SHOWN  # entries shown before the count (fewer on the wall)
        self.wrap = False  # on the wall an entry wraps, whole, rather than cut at the edge
        self._shape: tuple | None = None  # the lines shown: their keys, as _rebuild left them
        self._lines: list[tuple[QLabel, QLabel | None]] = []  # (line, deliveries) each
        self._more: QLabel | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self.setVisible(False)

    def refresh(self) -> None:
        """Reload open alarms; new ones sound and notify."""
        self.put(self.read())

    def read(self) -> Read:
        """The open alarms (any thread: no widget): tens of thousands after a day's sweep
        are read as a few columns each, and only the entries shown as full views."""
        stamp = next(_STAMPS)  # atomic under the GIL
        now = self.app.time.now()
        heads = alarm_service.open_heads(self.app, now - FLOOD_WINDOW,
                                         recipients=self.only_group is not None)  # fmt: skip
        if self.only_group is not None:
            heads = [h for h in heads if h.group == self.only_group or self.actor in h.recipients]
        entries = group_floods(heads, now, is_recent=lambda h: h.recent)
        shown = entries[: self.shown]
        wanted = [e.id for e in shown if isinstance(e, AlarmHead)]
        views = (
            {v.id: v for v in alarm_service.list_alarms(self.app, "open", ids=wanted)}
            if wanted
            else {}
        )
        # an alarm acknowledged between the two reads is left out
        items = [e if isinstance(e, Flood) else views[e.id] for e in shown
                 if isinstance(e, Flood) or e.id in views]  # fmt: skip
        known = self.open_ids  # put replaces it whole, never changes it: a snapshot
        new = [h.id for h in itertools.islice((h for h in heads if h.id not in known), SHOWN)]
        said = alarm_service.head_texts(self.app, new) if new else {}
        return Read(stamp, frozenset(h.id for h in heads), items, len(entries) - len(shown),
                    {i: said[i] for i in new if i in said})  # fmt: skip

    def put(self, read: Read) -> None:
        """Shows what `read` found; new alarms sound and notify. A read begun before the
        one shown (off the GUI thread, overtaken by an acknowledgement's) is dropped: it
        would show, and sound, an alarm just acknowledged."""
        if read.stamp < self._stamp:
            return
        self._stamp, self.items, self.more = read.stamp, read.items, read.more
        new = read.ids - self.open_ids
        first_load = not self._loaded  # what was open at sign-in is shown, not sounded
        self._loaded = True
        self.open_ids = read.ids
        self._rebuild()
        if new and not first_load:  # the most urgent new one (read with it, unless another
            # read was shown meanwhile)
            text = next((said for i, said in read.texts.items() if i in new), None)
            self.alert(self.tr("告警"), text or self.tr("%n 条新告警", "", len(new)))

    def alert(self, title: str, text: str) -> None:
        """Something new needs the room: the alarm sound and the desktop's notification."""
        if self.sound_on:
            self._sound.play()
        if self._notify is not None:
            self._notify(title, text)

    def _rebuild(self) -> None:
        """The lines again. The same alarms in the same places (the next read, seconds later,
        where only how late they are has moved) are written into the lines there: no row
        made, styled and laid out again, which cost the GUI thread 13 ms at every read."""
        texts = [self._texts(e) for e in self.items]
        shape = (self.wrap, self.more > 0,
                 [(self._key(e), bool(sent)) for e, (_, sent) in zip(self.items, texts, strict=True)])  # fmt: skip
        if shape == self._shape:
            for (label, sent_label), (line, sent) in zip(self._lines, texts, strict=True):
                label.setText(line)
                label.setToolTip(line)
                if sent_label is not None:
                    sent_label.setText(sent)
            if self._more is not None:
                self._more.setText(self.tr("另有 %n 条告警", "", self.more))
            return
        self._shape = None  # until the rows are made (a failure midway leaves none to fill in)
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.setVisible(bool(self.items or self.more))
        self._lines = []
        for entry, (line, sent) in zip(self.items, texts, strict=True):
            self._layout.addWidget(self._row(entry, line, sent))
        self._more = QLabel(self.tr("另有 %n 条告警", "", self.more)) if self.more else None
        if self._more is not None:
            self._layout.addWidget(self._more)
        self._shape = shape

    @staticmethod
    def _key(a: AlarmView | Flood) -> tuple:
        """What a line's buttons act on: the same key, the same buttons."""
        return ("flood", a.ids) if isinstance(a, Flood) else ("alarm", a.id, a.incident)

    def _texts(self, a: AlarmView | Flood) -> tuple[str, str]:
        """A line's text and its deliveries off the seats ("" for none)."""
        if isinstance(a, Flood):
            return self.tr("⚠ 告警涌入:10 分钟内 %n 条告警", "", a.count), ""
        return self._alarm_text(a), self._delivery(a)

    def _row(self, a: AlarmView | Flood, line: str, delivery: str) -> QWidget:
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        label = QLabel(line)
        label.setToolTip(line)
        label.setMinimumWidth(80)  # a long line is cut at the window's edge, not widening it
        label.setWordWrap(self.wrap)  # … except on the wall, where nobody can hover for it
        h.addWidget(label, 1)
        if isinstance(a, Flood):
            label.setObjectName("flood")
            self._lines.append((label, None))
            if self.can_ack:
                button = QPushButton(self.tr("全部确认"))
                button.clicked.connect(lambda _=False, ids=a.ids: self._ack_many(list(ids)))
                h.addWidget(button)
            return w
        label.setObjectName(f"alarm-{a.id}")
        sent = None
        if delivery:
            sent = QLabel(delivery)
            sent.setObjectName(f"delivery-{a.id}")
            sent.setStyleSheet(DELIVERY_QSS)
            sent.setToolTip(self.tr("通知送达情况(席位以外)"))
            h.addWidget(sent)
        self._lines.append((label, sent))
        if self.can_ack:
            ack = QPushButton(self.tr("确认"))
            ack.setObjectName(f"ack-{a.id}")
            ack.clicked.connect(lambda _=False, i=a.id: self.ack(i))
            h.addWidget(ack)
        if self.can_shelve:
            shelve = QPushButton(self.tr("搁置…"))
            shelve.clicked.connect(lambda _=False, i=a.id: self.ask_shelve(i))
            h.addWidget(shelve)
        detail = QPushButton(self.tr("详情"))
        detail.clicked.connect(lambda _=False, i=a.incident: self.open_incident.emit(i))
        h.addWidget(detail)
        return w

    def _alarm_text(self, a: AlarmView) -> str:
        """The alarm in one line: a lapse counts how late; a message given up on (通知失败)
        says whom it did not reach and to telephone them, not a deadline."""
        where = f"#{a.incident} {a.incident_title}|{a.title}"
        to = f"→ {a.step_name} {'、'.join(a.recipients)}"
        kind = self.tr(KIND_WORDS[a.kind]) if a.kind in KIND_WORDS else a.kind_name
        if a.kind == "undelivered":
            return f"✉ P{a.priority} {kind}|{where}|" + self.tr("请电话联系") + f"|{to}"
        late = " " + self.tr("超时") + " " + countdown(a.late_s) if a.late_s else ""
        due = self.tr("期限") + " " + a.due_at[5:16].replace("T", " ")
        return f"⚠ P{a.priority} {kind}|{where}|{due}{late}|{to}"

    def _delivery(self, a: AlarmView) -> str:
        """The alarm's messages off the seats (已送达 企业微信 14:02:11 / 邮件失败,重试中); for
        通知失败, the messages given up on: those of the alarms on its clock (their titles end
        with what the clock is for), else the call-out's, else the incident's."""
        if a.kind != "undelivered":
            return a.delivery
        failed = notify.message_log(self.app, incident=a.incident, state="failed", limit=50)
        mine = [m for m in failed if m.alarm is not None
                and m.title.endswith(f"事件#{a.incident} {a.title}")]  # fmt: skip
        mine = mine or [m for m in failed if m.event.startswith("callout:")] or failed
        if not mine:
            return a.delivery
        names: dict[str, None] = {}
        for m in mine:
            for who in m.mentions or (m.recipient,):
                names[who] = None
        services = "、".join(dict.fromkeys(m.service for m in mine))
        return self.tr("未送达:%1 → %2").replace("%1", services).replace("%2", "、".join(names))

    def top_alarm_id(self) -> int | None:
        for a in self.items:
            return a.ids[0] if isinstance(a, Flood) else a.id
        return None

    def ack(self, alarm_id: int) -> bool:
        try:
            alarm_service.ack(self.app, self.actor, alarm_id)
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("无法确认"), str(exc))
            with contextlib.suppress(ConsoleError):  # e.g. acknowledged elsewhere meanwhile
                self.refresh()
            return False
        self.refresh()
        return True

    def _ack_many(self, ids: list[int]) -> None:
        for i in ids:
            try:
                alarm_service.ack(self.app, self.actor, i)
            except ConsoleError as exc:
                log.info("ack %s: %s", i, exc)
        self.refresh()

    def ask_shelve(self, alarm_id: int) -> None:
        reason, ok = QInputDialog.getText(self, self.tr("搁置告警"), self.tr("原因:"))
        if not ok:
            return
        minutes, ok = QInputDialog.getInt(
            self, self.tr("搁置告警"), self.tr("搁置分钟数:"), 15, 1, 1440
        )
        if ok:
            self.shelve(alarm_id, minutes, reason)

    def shelve(self, alarm_id: int, minutes: int, reason: str) -> bool:
        try:
            alarm_service.shelve(self.app, self.actor, alarm_id, minutes, reason)
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("无法搁置"), str(exc))
            return False
        self.refresh()
        return True


def tray_notifier(parent: QWidget) -> Callable[[str, str], None] | None:
    """A desktop notification where the platform has a tray; None where it has not."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(parent.windowIcon(), parent)
    tray.show()
    return lambda title, text: tray.showMessage(
        title, text, QSystemTrayIcon.MessageIcon.Warning, 8000
    )
