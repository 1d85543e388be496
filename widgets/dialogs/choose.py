"""Picking one of a few: a list whose items carry their id (`addItem(label, id)`), so the
choice is the id itself, never read back out of the label."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class Choice(QDialog):
    def __init__(self, parent: QWidget | None, title: str, label: str,
                 options: Sequence[tuple[str, object]], current: int = 0) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.combo = QComboBox()
        for text, data in options:
            self.combo.addItem(text, data)
        self.combo.setCurrentIndex(current)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label))
        layout.addWidget(self.combo)
        layout.addWidget(buttons)


def choose(parent: QWidget | None, title: str, label: str,
           options: Sequence[tuple[str, object]], current: int = 0) -> object | None:  # fmt: skip
    """The id of the option chosen, or None when cancelled."""
    dialog = Choice(parent, title, label, options, current)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.combo.currentData()
