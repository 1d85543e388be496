"""A refusal shown where it belongs: the service's InputError names a field, and the dialog
puts a red line under that field (or, for a field it has not, above its buttons)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from console.errors import ConsoleError, InputError
from widgets.style import ERROR_QSS, INVALID_QSS


def button(text: str, slot: Callable[..., Any]) -> QPushButton:
    """A dialog's button that Return in a text box does not press (not a default button)."""
    b = QPushButton(text)
    b.setAutoDefault(False)
    b.clicked.connect(slot)
    return b


class FieldErrors:
    """A red line under each field, shown for the service's InputError naming it."""

    def _init_errors(self, form: QFormLayout, fields: dict[str, tuple[str, QWidget]],
                     after: dict[str, QWidget] | None = None) -> None:  # fmt: skip
        """A row per field with its error line; `after`: a widget of its own row below a
        field's (intake's earlier cases under the numbers)."""
        self.fields = {key: widget for key, (_, widget) in fields.items()}
        self.errors: dict[str, QLabel] = {}
        for key, (label, widget) in fields.items():
            error = QLabel()
            error.setStyleSheet(ERROR_QSS)
            error.setWordWrap(True)
            error.setVisible(False)
            self.errors[key] = error
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.addWidget(widget)
            v.addWidget(error)
            form.addRow(label, box)
            if after and key in after:
                form.addRow("", after[key])
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_QSS)
        self.general_error.setWordWrap(True)

    def _clear_errors(self) -> None:
        for key, label in self.errors.items():
            label.setVisible(False)
            self.fields[key].setStyleSheet("")
        self.general_error.clear()

    def show_error(self, field: str, message: str) -> None:
        widget = self.fields.get(field)
        if widget is None:
            self.general_error.setText(f"{field}: {message}")
            return
        self.errors[field].setText(message)
        self.errors[field].setVisible(True)
        widget.setStyleSheet(INVALID_QSS)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self, call: Callable[[], Any]) -> bool:
        """Runs the dialog's service call: saved (`self.saved`, the dialog accepted), or the
        refusal shown on the field it names, else above the buttons. Other refusals (a
        PermissionDenied a dialog handles itself) are the caller's."""
        self._clear_errors()
        try:
            self.saved = call()
        except InputError as exc:
            self.show_error(exc.field, exc.message)
            return False
        except ConsoleError as exc:
            if not self.refused(exc):
                self.general_error.setText(str(exc))
            return False
        self.accept()  # type: ignore[attr-defined]
        return True

    def refused(self, exc: ConsoleError) -> bool:
        """A dialog's own answer to a refusal (True: handled); by default, none."""
        return False
