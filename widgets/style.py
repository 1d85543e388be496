"""Fonts, colours and the wall-mode look. Grey until abnormal: amber warns, red has lapsed."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

FONT_FILE = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"
FAMILY = "WenQuanYi Micro Hei"

# (background, foreground) by clock state
STATE_COLOURS = {
    "none": (None, QColor("#6b7280")),
    "running": (None, QColor("#374151")),
    "paused": (QColor("#e5e7eb"), QColor("#4b5563")),
    "warning": (QColor("#fde68a"), QColor("#78350f")),
    "lapsed": (QColor("#dc2626"), QColor("#ffffff")),
}
BLOCKED_COLOURS = (QColor("#ede9fe"), QColor("#5b21b6"))


def register_fonts() -> str:
    """Registers the shipped CJK font so Chinese renders on a machine without Chinese
    fonts; returns the family name in use."""
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load %s; Chinese may render as boxes", FONT_FILE)
        return QApplication.font().family()
    family = families[0]
    font = QFont(family, 10)
    QApplication.setFont(font)
    return family


def monospace_digits(base: QFont, bold: bool = True) -> QFont:
    font = QFont(base)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFamilies(["DejaVu Sans Mono", "Noto Sans Mono", "Monospace", base.family()])
    font.setBold(bold)
    return font


NORMAL_QSS = """
QWidget { font-size: 10pt; }
QLabel#laneTitle { font-weight: bold; padding: 3px 6px; background: #e5e7eb; color: #1f2937; }
QLabel#laneTitle[alert="true"] { background: #dc2626; color: white; }
QFrame#banner { background: #7f1d1d; }
QFrame#banner QLabel { color: white; }
QLabel#drill { color: #b45309; font-weight: bold; }
QLabel#fieldError { color: #b91c1c; }
QLineEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"], QPlainTextEdit[invalid="true"] {
    border: 2px solid #dc2626; }
"""

WALL_QSS = """
QWidget { font-size: 18pt; background: #111827; color: #d1d5db; }
QTableView { gridline-color: #374151; background: #111827; alternate-background-color: #1f2937; }
QHeaderView::section { background: #1f2937; color: #9ca3af; font-size: 14pt; }
QLabel#laneTitle { font-weight: bold; padding: 4px 8px; background: #1f2937; color: #9ca3af; }
QLabel#laneTitle[alert="true"] { background: #b91c1c; color: white; }
QFrame#banner { background: #991b1b; }
QFrame#banner QLabel { color: white; font-size: 20pt; }
QPushButton { background: #374151; color: #f9fafb; }
"""
