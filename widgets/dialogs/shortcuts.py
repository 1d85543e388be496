"""F1: the keyboard sheet — every action the window's menus offer, with its key, read
from the menus themselves (so it never differs from them), and the keys of the boards."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMenuBar, QScrollArea, QVBoxLayout


class ShortcutSheet(QDialog):
    def __init__(self, menus: QMenuBar, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(self.tr("快捷键一览"))
        self.resize(520, 640)
        self.rows: list[tuple[str, str, str]] = []  # (menu, action, key)
        html = []
        for menu_action in menus.actions():
            menu = menu_action.menu()
            entries = [(a.text(), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
                       for a in menu.actions() if a.isVisible() and not a.isSeparator()]  # fmt: skip
            if not entries:
                continue
            html.append(
                f"<h4 style='margin-bottom:2px'>{menu_action.text()}</h4><table width='100%'>"
            )
            for text, key in entries:
                self.rows.append((menu_action.text(), text, key))
                html.append(f"<tr><td>{text}</td><td align='right'><b>{key}</b></td></tr>")
            html.append("</table>")
        html.append(f"<h4 style='margin-bottom:2px'>{self.tr('看板')}</h4><table width='100%'>")
        for text, key in ((self.tr("在表格间移动"), "Tab"), (self.tr("选择上/下一行"), "↑ ↓"),
                          (self.tr("打开所选事件"), self.tr("回车 / 双击"))):  # fmt: skip
            html.append(f"<tr><td>{text}</td><td align='right'><b>{key}</b></td></tr>")
        html.append("</table>")
        label = QLabel("".join(html))
        label.setWordWrap(True)
        label.setMargin(8)
        scroll = QScrollArea()
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
