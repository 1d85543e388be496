"""Print preview, print and save for the PDFs the console writes (handover sheet, incident
report). The PDF is the document; Qt renders its pages (QtPdf) onto whatever printer the
user picks — a real one, or a PDF file when there is no printer at all."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from console.errors import ConsoleError


def paint_pdf(pdf: Path, printer: QPrinter) -> int:
    """Draws every page of `pdf` onto `printer`, one page each; returns the page count."""
    document = QPdfDocument()
    document.load(str(pdf))
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      printer.pageLayout().margins()))  # fmt: skip
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            target = printer.pageRect(QPrinter.Unit.DevicePixel)
            size = document.pagePointSize(index).scaled(QSizeF(target.width(), target.height()),
                                                        Qt.AspectRatioMode.KeepAspectRatio)  # fmt: skip
            image = document.render(index, size.toSize())
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
    finally:
        painter.end()
    return document.pageCount()


class PdfPrinter:
    """Writes a document with `make(path)` (a service call), then previews, prints or saves it."""

    def __init__(self, parent: QWidget, title: str, make: Callable[[Path], object]) -> None:
        self.parent, self.title, self.make = parent, title, make
        self.pdf: Path | None = None

    def produce(self) -> Path | None:
        path = Path(tempfile.mkdtemp(prefix="console-print-")) / f"{self.title}.pdf"
        try:
            self.make(path)
        except ConsoleError as exc:
            QMessageBox.warning(self.parent, self.parent.tr("未打印"), str(exc))
            return None
        self.pdf = path
        return path

    def preview(self) -> None:
        pdf = self.produce()
        if pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.PrinterResolution)
        printer.setResolution(
            300
        )  # pages are drawn as images: 300 dpi prints crisply and opens fast
        dialog = QPrintPreviewDialog(printer, self.parent)
        dialog.setWindowTitle(self.title)
        dialog.paintRequested.connect(lambda p: paint_pdf(pdf, p))
        dialog.exec()

    def save(self) -> Path | None:
        pdf = self.produce()
        if pdf is None:
            return None
        target, _ = QFileDialog.getSaveFileName(
            self.parent, self.parent.tr("保存 PDF"), f"{self.title}.pdf", "PDF (*.pdf)"
        )
        if not target:
            return None
        shutil.copyfile(pdf, target)
        return Path(target)
