"""打印 → 表单…: the paper forms of the chosen incident's plan (《投诉接收单》《投诉处理表》…),
one chosen from a list and filled from the case, previewed and printed or saved as PDF
(console/services/forms.py writes it and logs the print). Complainants' numbers are masked
unless the user may, and chooses to, print them in full (logged too)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.services import forms, queries, reports
from widgets.dialogs.printing import PdfPrinter
from widgets.drill import mark

FORM_ID = Qt.ItemDataRole.UserRole


class FormChooser(QDialog):
    """The plan's forms for one incident; 预览与打印… or 保存 PDF… the one chosen."""

    def __init__(self, app: App, actor: str, incident_id: int, choices: list[dict],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.app, self.actor, self.incident_id = app, actor, incident_id
        inc = queries.incident(app, incident_id)
        self.setWindowTitle(self.tr("打印表单") + f" — #{inc.id}")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>#{inc.id} {inc.title}</b><br>{inc.plan_name}")
        head.setWordWrap(True)
        layout.addWidget(head)
        layout.addWidget(QLabel(self.tr("本预案的表单(按案情填写):")))
        self.list = QListWidget()
        for f in choices:
            item = QListWidgetItem(f"《{f['title']}》")
            item.setData(FORM_ID, f["id"])
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda *_: self.save())
        layout.addWidget(self.list, 1)
        self.unmask = QCheckBox(self.tr("打印完整号码(记入日志)"))
        self.may_unmask = reports.contact_visible(app, actor, inc.plan)
        self.unmask.setVisible(self.may_unmask)
        layout.addWidget(self.unmask)
        self.saved: Path | None = None
        row = QHBoxLayout()
        preview = QPushButton(self.tr("预览与打印…"))
        preview.clicked.connect(self.preview)
        save = QPushButton(self.tr("保存 PDF…"))
        save.setDefault(True)
        save.clicked.connect(self.save)
        close = QPushButton(self.tr("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row.addWidget(preview)
        row.addStretch(1)
        row.addWidget(save)
        row.addWidget(close)
        layout.addLayout(row)
        mark(app, self)

    def chosen(self) -> tuple[str, str] | None:
        """(form id, its title) of the form chosen."""
        item = self.list.currentItem()
        return (item.data(FORM_ID), item.text()) if item is not None else None

    def printer(self) -> PdfPrinter | None:
        chosen = self.chosen()
        if chosen is None:
            return None
        form_id, title = chosen
        unmask = self.may_unmask and self.unmask.isChecked()
        return PdfPrinter(self, f"{title.strip('《》')} #{self.incident_id}",
                          lambda path: forms.print_form(self.app, self.actor, self.incident_id, form_id, path,
                                                        unmask=unmask))  # fmt: skip

    def preview(self) -> None:
        printer = self.printer()
        if printer is not None:
            printer.preview()

    def save(self) -> Path | None:
        printer = self.printer()
        saved = printer.save() if printer is not None else None
        if saved is not None:
            self.saved = saved
            self.accept()
        return saved
