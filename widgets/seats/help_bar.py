"""求助 on the command screen: each group's open request for help, with its reason, who
asked and when, and a 收到 button, as prominent as an alarm; hidden when there is none."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from console.views.records import HelpView

HELP_QSS = (
    "QFrame#help { background: #fee2e2; border: 2px solid #b91c1c; }"
    " QFrame#help QLabel { color: #7f1d1d; font-weight: bold; }"
)


class HelpBar(QFrame):
    arrived = Signal(str, str)  # (title, text): a request new since the last shown sounds

    def __init__(self, acknowledge: Callable[[HelpView], object], can_ack: bool) -> None:
        super().__init__()
        self.setObjectName("help")
        self.setStyleSheet(HELP_QSS)
        self._acknowledge, self.can_ack = acknowledge, can_ack
        self.requests: list[HelpView] = []
        self._seen: set[int] | None = None  # the requests shown so far (None: not yet read)
        self.buttons: dict[int, QPushButton] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.setSpacing(2)
        self.setVisible(False)

    def show_requests(self, requests: list[HelpView]) -> None:
        new = [r for r in requests if self._seen is not None and r.id not in self._seen]
        self._seen = (self._seen or set()) | {r.id for r in requests}
        if new:  # what was open at sign-in is shown, not sounded
            r = new[0]
            self.arrived.emit(
                self.tr("求助"), f"{r.group_name}:#{r.incident} {r.task_title} — {r.reason}"
            )
        if [(r.id, r.version) for r in requests] == [(r.id, r.version) for r in self.requests]:
            return
        self.requests = list(requests)
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons = {}
        for r in requests:
            row = QWidget()
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            text = (self.tr("▲ 求助") + f" {r.group_name}:#{r.incident} {r.task_title} — {r.reason}"
                    f"({r.asked_by} {(r.asked_at or '')[11:16]})")  # a mark the shipped font has  # fmt: skip
            label = QLabel(text)
            label.setWordWrap(True)
            label.setToolTip(f"#{r.incident} {r.incident_title}")
            h.addWidget(label, 1)
            if self.can_ack:
                button = QPushButton(self.tr("收到"))
                button.clicked.connect(lambda _=False, r=r: self._acknowledge(r))
                h.addWidget(button)
                self.buttons[r.id] = button
            self._layout.addWidget(row)
        self.setVisible(bool(requests))
