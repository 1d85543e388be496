"""接报登记: the plan's fields, validation with the message on the offending field, and a
keyboard-only path from open to saved (Tab through the fields, Ctrl+Enter saves). Under the
contact and order number, the same complainant's earlier cases, looked up as they are typed."""

from __future__ import annotations

import logging

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.errors import ConsoleError
from console.incidents.lifecycle import CHANNELS
from console.services import incidents, queries
from console.services.incidents import ReportInput
from console.time.format import DEFAULT_TZ
from console.views.records import EarlierView, IncidentView
from widgets.dialogs.casework import earlier_summary
from widgets.dialogs.fields import FieldErrors
from widgets.drill import mark

log = logging.getLogger(__name__)

EARLIER_QSS = "QLabel { color: #92400e; background: #fef3c7; padding: 3px 6px; }"
EARLIER_DELAY_MS = 350  # typing pauses this long before the earlier cases are looked up


class IntakeDialog(QDialog, FieldErrors):
    def __init__(self, app: App, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.actor = app, actor
        self.saved: IncidentView | None = None
        self.setWindowTitle(self.tr("接报登记"))
        self.setMinimumWidth(560)
        form = QFormLayout()
        self.plan = QComboBox()
        for plan in app.catalogue:
            self.plan.addItem(plan.name, plan.id)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("一句话说明:谁、在哪、因为什么"))
        self.channel = QComboBox()
        for key, name in CHANNELS.items():
            self.channel.addItem(self.tr(name), key)
        self.level = QComboBox()
        self.type = QComboBox()
        self.people = QSpinBox()
        self.people.setRange(0, 100000)
        self.people.setValue(1)
        self.demands = QPlainTextEdit()
        self.demands.setTabChangesFocus(True)
        self.demands.setFixedHeight(70)
        self.location = QLineEdit()
        self.reporter = QLineEdit()
        self.contact = QLineEdit()
        self.order_no = QLineEdit()
        self.order_no.setPlaceholderText(self.tr("物业单号、银行业务流水号、订单号等"))
        self.respondent = QLineEdit()
        self.respondent.setPlaceholderText(self.tr("被投诉的员工、网点或部门"))
        self.mood = QLineEdit()
        self.mood.setPlaceholderText(self.tr("例如:平稳 / 激动 / 有过激行为"))
        # Local time of the console (Asia/Shanghai), from the application's clock.
        self.received = QDateTimeEdit(
            QDateTime(app.time.now().astimezone(DEFAULT_TZ).replace(tzinfo=None))
        )
        self.received.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received.setCalendarPopup(True)
        widgets: dict[str, QWidget] = {
            "--plan": self.plan, "--title": self.title, "--channel": self.channel, "--level": self.level,
            "--type": self.type, "--people": self.people, "--demands": self.demands, "--location": self.location,
            "--reporter": self.reporter, "--contact": self.contact, "--order-no": self.order_no,
            "--respondent": self.respondent, "--mood": self.mood, "--received-at": self.received,
        }  # fmt: skip
        labels = {"--plan": "预案", "--title": "事由", "--channel": "渠道", "--level": "响应级别", "--type": "投诉类型",
                  "--people": "人数", "--demands": "核心诉求", "--location": "地点", "--reporter": "投诉人",
                  "--contact": "联系方式", "--order-no": "订单号/业务编号", "--respondent": "被投诉人/被投诉部门",
                  "--mood": "情绪状态", "--received-at": "接报时间"}  # fmt: skip
        self.earlier = QLabel()  # the complainant's earlier cases, under their numbers
        self.earlier.setWordWrap(True)
        self.earlier.setStyleSheet(EARLIER_QSS)
        self.earlier.setVisible(False)
        self._init_errors(form, {key: (self.tr(labels[key]) + ":", w) for key, w in widgets.items()},
                          after={"--order-no": self.earlier})  # fmt: skip
        self.earlier_found: EarlierView | None = None
        self._earlier_timer = QTimer(self)  # one timer: each keystroke restarts it
        self._earlier_timer.setSingleShot(True)
        self._earlier_timer.setInterval(EARLIER_DELAY_MS)
        self._earlier_timer.timeout.connect(self.look_up_earlier)
        self.contact.textChanged.connect(self._earlier_timer.start)
        self.order_no.textChanged.connect(self._earlier_timer.start)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存 (Ctrl+Enter)"))
        for button in buttons.buttons():  # plain Enter must not save a half-filled report
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        mark(app, self)  # 测试 in a sandbox, 演练 in a drill
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.save)
        self.plan.currentIndexChanged.connect(self._plan_changed)
        self.plan.currentIndexChanged.connect(self._earlier_timer.start)  # the plan's window
        self._plan_changed()
        self.title.setFocus()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Ctrl+Enter saves from any field (line edits pass Return up to the dialog)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()  # Enter moves on, like Tab; only Ctrl+Enter saves
            return
        super().keyPressEvent(event)

    def _plan_changed(self) -> None:
        plan = self.app.catalogue.get(self.plan.currentData())
        self.level.clear()
        self.type.clear()
        if plan is None:
            return
        for lv in plan.levels:
            self.level.addItem(lv.name, lv.id)
        self.level.setCurrentIndex(max(0, self.level.findData(plan.default_level)))
        self.type.addItem(self.tr("(未分类)"), None)
        for t in plan.types:
            self.type.addItem(t.name, t.id)
        if len(plan.types) == 1:
            self.type.setCurrentIndex(1)

    def values(self) -> ReportInput:
        return ReportInput(
            plan=self.plan.currentData(), title=self.title.text(), channel=self.channel.currentData(),
            level=self.level.currentData(), type=self.type.currentData(), people=self.people.value(),
            demands=self.demands.toPlainText(), location=self.location.text(), reporter=self.reporter.text(),
            contact=self.contact.text(), order_no=self.order_no.text(), respondent=self.respondent.text(),
            mood=self.mood.text(),
            received_at=self.received.dateTime().toPython().replace(tzinfo=DEFAULT_TZ),
        )  # fmt: skip

    def look_up_earlier(self) -> None:
        """同一客户近 90 日内投诉 N 次,其中 M 件未结:#12 …, or nothing when there are none."""
        self._earlier_timer.stop()
        contact, order_no = self.contact.text().strip(), self.order_no.text().strip()
        found = None
        if contact or order_no:
            try:
                found = queries.earlier_for(self.app, self.plan.currentData(), contact, order_no)
            except ConsoleError:  # a hint only: registration says it again, or refuses
                log.warning("earlier cases not looked up", exc_info=True)
        self.earlier_found = found
        if found is None or not found.count:
            self.earlier.clear()
            self.earlier.setVisible(False)
            return
        shown = [f"#{e.id} {e.title if len(e.title) <= 14 else e.title[:13] + '…'}({e.state_name})"
                 for e in found.incidents[:3]]  # fmt: skip
        more = self.tr(" 等") if found.count > len(shown) else ""
        self.earlier.setText(earlier_summary(found.within_days, found.count, found.open_count) + ":"
                             + "、".join(shown) + more)  # fmt: skip
        self.earlier.setToolTip("\n".join(f"#{e.id} {(e.received_at or '')[:16].replace('T', ' ')} {e.title}"
                                          f"({e.state_name})" for e in found.incidents))  # fmt: skip
        self.earlier.setVisible(True)

    def save(self) -> None:
        self.submit(lambda: incidents.register(self.app, self.actor, self.values()))
