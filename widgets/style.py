"""Fonts, colours and the wall-mode look. Grey until abnormal: amber warns, red has lapsed."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from console.files import RESOURCES

log = logging.getLogger(__name__)

FONT_FILE = RESOURCES / "fonts" / "wqy-microhei.ttc"
ICON_FILE = RESOURCES / "icons" / "console.png"
PRODUCT = ("应急指挥台", "Incident Command Console")
FAMILY = "WenQuanYi Micro Hei"

# (background, foreground) by clock state; None keeps the palette's own (normal or wall)
STATE_COLOURS = {
    "none": (None, QColor("#9ca3af")),
    "running": (None, None),
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


# Styles are local to the few widgets that need them: an application-wide stylesheet
# would route every table's painting through QStyleSheetStyle (ten times slower).
LANE_TITLE_COLOURS = ("#e5e7eb", "#1f2937")  # (background, text) of a lane's title line
LANE_ALERT_COLOURS = ("#dc2626", "#ffffff")  # … of a lane with a lapse
_LANE_QSS = "QLabel {{ font-weight: bold; padding: 3px 6px; background: {}; color: {}; }}"
LANE_TITLE_QSS = _LANE_QSS.format(*LANE_TITLE_COLOURS)
LANE_ALERT_QSS = _LANE_QSS.format(*LANE_ALERT_COLOURS)
BANNER_QSS = "QFrame#banner { background: #7f1d1d; } QFrame#banner QLabel { color: white; }"
# An alarm's delivery off the seats, beside it in the banner: readable on its red.
DELIVERY_QSS = "QLabel { color: #fde68a; padding: 0 6px; }"
# 到位确认 on the user's own seat: amber, to be seen and acted on (not an alarm's red).
CHECKIN_QSS = (
    "QFrame#checkin { background: #fef3c7; border: 1px solid #f59e0b; }"
    " QFrame#checkin QLabel { color: #78350f; font-weight: bold; }"
)
ERROR_QSS = "QLabel { color: #b91c1c; }"
INVALID_QSS = "border: 2px solid #dc2626;"


def normal_look(app: QApplication, base_font: QFont) -> None:
    app.setPalette(app.style().standardPalette())
    app.setFont(base_font)


def wall_look(app: QApplication, base_font: QFont) -> None:
    """Large type on a dark ground; colour is kept for what is abnormal."""
    palette = QPalette()
    dark, mid, text = QColor("#111827"), QColor("#1f2937"), QColor("#d1d5db")
    for role, colour in ((QPalette.ColorRole.Window, dark), (QPalette.ColorRole.Base, dark),
                         (QPalette.ColorRole.AlternateBase, mid), (QPalette.ColorRole.Button, mid),
                         (QPalette.ColorRole.Text, text), (QPalette.ColorRole.WindowText, text),
                         (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.Highlight, QColor("#374151"))):  # fmt: skip
        palette.setColor(role, colour)
    app.setPalette(palette)
    big = QFont(base_font)
    big.setPointSizeF(base_font.pointSizeF() * 1.8)
    app.setFont(big)


def app_icon() -> QIcon:
    """The console's icon: its windows, its dialogs and the desktop's task bar."""
    return QIcon(str(ICON_FILE))
