"""Sign-in, and on a database with nobody in it, the offer of a demo."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.errors import ConsoleError
from console.people.permissions import ROLE_NAMES, Role
from console.services import users
from console.services.demo import DEMO_PASSWORD, has_users, load_demo
from console.views.records import UserView
from widgets.drill import mark
from widgets.style import ERROR_QSS, PRODUCT, app_icon


def first_run(app: App, parent: QWidget | None = None) -> bool:
    """An empty database: offer the demo, or create the first leader. False if cancelled."""
    if has_users(app):
        return True
    answer = QMessageBox.question(
        parent, f"{PRODUCT[0]} — " + QDialog.tr("首次使用"),
        QDialog.tr("数据库中还没有用户。\n\n载入演示数据吗?(群体投诉预案、各岗位用户、几起进行中的事件;"
                   "密码均为 %1。此数据库将成为测试库,处处标注“测试”,不能再用于真实事件)"
                   "\n\n选“否”则创建第一位组长。").replace("%1", DEMO_PASSWORD),
    )  # fmt: skip
    if answer == QMessageBox.StandardButton.Yes:
        load_demo(app)
        return True
    name, ok = QInputDialog.getText(parent, QDialog.tr("创建组长"), QDialog.tr("用户名:"))
    if not ok:
        return False
    password, ok = QInputDialog.getText(parent, QDialog.tr("创建组长"), QDialog.tr("密码(至少 8 位):"),
                                        QLineEdit.EchoMode.Password)  # fmt: skip
    if not ok:
        return False
    try:
        users.add_user(app, None, name, "leader", password=password)
    except ConsoleError as exc:
        QMessageBox.warning(parent, QDialog.tr("未创建"), str(exc))
        return first_run(app, parent)
    return True


class SignIn(QDialog):
    def __init__(self, app: App, *, last_user: str = "", language: str = "zh_CN") -> None:
        super().__init__()
        self.app = app
        self.user: UserView | None = None
        self.setWindowTitle(self.tr("应急指挥台 — 登录"))
        self.setWindowIcon(app_icon())
        # who this is: the product's name and icon above the form
        head = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        head.addWidget(icon)
        self.product = QLabel(f"<div style='font-size:20pt;font-weight:bold'>{PRODUCT[0]}</div>"
                              f"<div style='color:#6b7280'>{PRODUCT[1]}</div>")  # fmt: skip
        head.addWidget(self.product, 1)
        form = QFormLayout()
        self.name = QComboBox()
        self.name.setEditable(True)
        for u in users.list_users(app):
            if u.active:
                self.name.addItem(
                    f"{u.name} — {u.display_name}({ROLE_NAMES[Role(u.role)]})", u.name
                )
        if last_user:
            self.name.setCurrentIndex(max(0, self.name.findData(last_user)))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = QComboBox()
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        form.addRow(self.tr("用户:"), self.name)
        form.addRow(self.tr("密码:"), self.password)
        form.addRow(self.tr("语言:"), self.language)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_QSS)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.password.setFocus()
        mark(app, self)  # 测试 in a sandbox, 演练 in a drill

    def chosen_name(self) -> str:
        data = self.name.currentData()
        text = self.name.currentText()
        return data if data and text.startswith(data) else text.split(" — ")[0].strip()

    def sign_in(self) -> None:
        try:
            self.user = users.authenticate(self.app, self.chosen_name(), self.password.text())
        except ConsoleError as exc:
            reason = getattr(exc, "reason", "wrong")
            self.error.setText({
                "locked": self.tr("连续 5 次密码错误,已锁定 5 分钟,请稍后再试"),
                "deactivated": self.tr("此用户已停用,请联系管理员"),
                "no_password": self.tr("此用户尚未设置密码,请联系管理员"),
            }.get(reason, self.tr("用户名或密码不正确")))  # fmt: skip
            self.password.selectAll()
            return
        self.accept()
