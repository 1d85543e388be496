"""The work on one case beside its plan: a task decided for it (新增临时任务), the follow-up
call (登记回访), a change of complaint type (调整投诉类型) and its evidence (添加证据). Each
dialog calls its service and shows a refusal on the field it names, or in a message box."""

from __future__ import annotations

import atexit
import shutil
import stat
import tempfile
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.errors import ConsoleError, InputError, PermissionDenied
from console.incidents.lifecycle import REVISIT_RESULTS
from console.services import evidence, incidents, queries, revisits, tasks, users
from console.views.records import AttachmentView, RevisitView, TaskView
from widgets.dialogs.fields import FieldErrors
from widgets.drill import mark

# The deadlines offered for a task decided on the spot, as the seeds write them; any other
# the parser knows (45 分钟, 2 个工作日, 1 个月 …) may be typed.
WITHIN_PRESETS = ("30 分钟", "1 小时", "2 小时", "4 小时", "当天", "24 小时", "3 日", "5 个工作日")

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif"})


def human_size(n: int) -> str:
    return (
        f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1048576 else f"{n / 1048576:.1f} MB"
    )


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.rejected.connect(dialog.reject)
    return buttons


class AddTaskDialog(QDialog, FieldErrors):
    """新增临时任务: what is to be done, by which group (a coordinator: their own), which
    role or person, and by when — a time limit as the seeds write it, or a date and time."""

    def __init__(self, app: App, actor: str, incident_id: int, *, only_group: str | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.app, self.actor, self.incident_id = app, actor, incident_id
        self.saved: TaskView | None = None
        inc = queries.incident(app, incident_id)
        self.plan = app.catalogue.get(inc.plan)
        self.setWindowTitle(self.tr("新增临时任务") + f" — #{inc.id}")
        self.setMinimumWidth(520)
        head = QLabel(f"#{inc.id} {inc.title}")
        head.setWordWrap(True)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("要做什么,例如:约见住户当面说明处理方案"))
        self.group = QComboBox()
        for g in self.plan.org.groups if self.plan else ():
            if only_group is None or g.id == only_group:
                self.group.addItem(g.name, g.id)
        self.role = QComboBox()
        self.assignee = QComboBox()
        self._people = [u for u in users.list_users(app) if u.active]
        self.within_choice = QRadioButton(self.tr("时限"))
        self.due_choice = QRadioButton(self.tr("截止于"))
        self.within_choice.setChecked(True)
        choice = QButtonGroup(self)
        choice.addButton(self.within_choice)
        choice.addButton(self.due_choice)
        self.within = QComboBox()
        self.within.setEditable(True)
        self.within.addItems(WITHIN_PRESETS)
        self.within.setCurrentText("2 小时")
        self.tz = self.plan.tz if self.plan else None
        now = app.time.now().astimezone(self.tz)
        start = (now + timedelta(hours=2)).replace(second=0, microsecond=0, tzinfo=None)
        self.due = QDateTimeEdit(QDateTime(start))
        self.due.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.due.setCalendarPopup(True)
        self.due.setEnabled(False)
        self.within_choice.toggled.connect(self._deadline_kind)
        deadline = QWidget()
        row = QHBoxLayout(deadline)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.within_choice)
        row.addWidget(self.within, 1)
        row.addSpacing(12)
        row.addWidget(self.due_choice)
        row.addWidget(self.due, 1)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(60)
        form = QFormLayout()
        self._init_errors(form, {
            "--title": (self.tr("任务") + ":", self.title),
            "--group": (self.tr("工作组") + ":", self.group),
            "--role": (self.tr("岗位") + ":", self.role),
            "--assignee": (self.tr("负责人") + ":", self.assignee),
            "--within": (self.tr("期限") + ":", deadline),
            "--note": (self.tr("说明") + ":", self.note),
        })  # fmt: skip
        self.fields["--due"] = deadline
        self.errors["--due"] = self.errors["--within"]
        buttons = _buttons(self, self.tr("新增任务"))
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.group.currentIndexChanged.connect(self._group_changed)
        self._group_changed()
        mark(app, self)
        self.title.setFocus()

    def _deadline_kind(self, within: bool) -> None:
        self.within.setEnabled(within)
        self.due.setEnabled(not within)

    def _group_changed(self) -> None:
        group = self.plan.group(self.group.currentData()) if self.plan else None
        self.role.clear()
        for r in group.roles if group else ():
            self.role.addItem(r.name, r.id)
        self.assignee.clear()
        self.assignee.addItem(self.tr("(按岗位,不指定个人)"), None)
        gid = group.id if group else None
        ours = [u for u in self._people if u.group == gid]
        others = [u for u in self._people if u.group != gid]
        for u in ours + others:
            self.assignee.addItem(f"{u.display_name}({u.name})", u.name)

    def save(self) -> None:
        kwargs: dict = {}
        if self.within_choice.isChecked():
            kwargs["within"] = self.within.currentText().strip()
        else:
            kwargs["due"] = self.due.dateTime().toPython().replace(tzinfo=self.tz)
        self.submit(lambda: tasks.add(self.app, self.actor, self.incident_id, title=self.title.text(),
                                      group=self.group.currentData(), role=self.role.currentData(),
                                      assignee=self.assignee.currentData(),
                                      note=self.note.toPlainText(), **kwargs))  # fmt: skip


class RevisitDialog(QDialog, FieldErrors):
    """登记回访: the result (满意 / 基本满意 / 不满意) and what the complainant said."""

    def __init__(
        self, app: App, actor: str, incident_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app, self.actor, self.incident_id = app, actor, incident_id
        self.saved: RevisitView | None = None
        inc = queries.incident(app, incident_id)
        self.setWindowTitle(self.tr("登记回访") + f" — #{inc.id}")
        self.setMinimumWidth(480)
        head = QLabel(f"#{inc.id} {inc.title}")
        head.setWordWrap(True)
        results = QWidget()
        row = QHBoxLayout(results)
        row.setContentsMargins(0, 0, 0, 0)
        self.results: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        for key, name in REVISIT_RESULTS.items():
            button = QRadioButton(self.tr(name))
            self.results[key] = button
            group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        self.note.setPlaceholderText(self.tr("回访情况:联系了谁、对方怎么说"))
        self.hint = QLabel(self.tr("不满意:事件退回处置,按预案重新处理后再次回访。"))
        self.hint.setStyleSheet("QLabel { color: #92400e; }")
        self.hint.setVisible(False)
        self.results["dissatisfied"].toggled.connect(self.hint.setVisible)
        form = QFormLayout()
        self._init_errors(form, {"--result": (self.tr("回访结果") + ":", results),
                                 "--note": (self.tr("回访情况") + ":", self.note)})  # fmt: skip
        buttons = _buttons(self, self.tr("登记"))
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        mark(app, self)

    def chosen(self) -> str | None:
        return next((key for key, b in self.results.items() if b.isChecked()), None)

    def save(self) -> None:
        result = self.chosen()
        if result is None:
            self._clear_errors()
            self.show_error("--result", self.tr("请选择回访结果"))
            return
        self.submit(lambda: revisits.record(self.app, self.actor, self.incident_id, result,
                                            self.note.toPlainText()))  # fmt: skip

    def refused(self, exc: ConsoleError) -> bool:
        if not isinstance(exc, PermissionDenied):
            return False
        QMessageBox.warning(
            self, self.tr("无权登记回访"), str(exc)
        )  # the plan names who calls back
        self.reject()
        return True


class RetypeDialog(QDialog, FieldErrors):
    """调整投诉类型: the new type and why (the tasks the new type calls for are added, the
    pending ones it no longer does are cancelled)."""

    def __init__(self, app: App, actor: str, incident_id: int, *, version: int | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.app, self.actor, self.incident_id, self.version = app, actor, incident_id, version
        self.saved = None
        inc = queries.incident(app, incident_id)
        plan = app.catalogue.get(inc.plan)
        self.setWindowTitle(self.tr("调整投诉类型") + f" — #{inc.id}")
        self.setMinimumWidth(460)
        head = QLabel(
            f"#{inc.id} {inc.title}\n"
            + self.tr("当前类型:")
            + (inc.type_name or self.tr("(未分类)"))
        )
        head.setWordWrap(True)
        self.type = QComboBox()
        for t in plan.types if plan else ():
            self.type.addItem(t.name, t.id)
        self.type.setCurrentIndex(max(0, self.type.findData(inc.type)))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("例如:面谈、协商失败,转为恶意投诉"))
        form = QFormLayout()
        self._init_errors(form, {"type": (self.tr("投诉类型") + ":", self.type),
                                 "--reason": (self.tr("原因") + ":", self.reason)})  # fmt: skip
        buttons = _buttons(self, self.tr("调整"))
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        mark(app, self)
        self.reason.setFocus()

    def save(self) -> None:
        self.submit(lambda: incidents.retype(self.app, self.actor, self.incident_id, self.type.currentData(),
                                             reason=self.reason.text(), version=self.version))  # fmt: skip


# --- evidence ----------------------------------------------------------------------------
def _t(text: str) -> str:
    """The texts of this module's functions (their context is "Casework", see scripts/i18n.py)."""
    return QCoreApplication.translate("Casework", text)


def earlier_summary(days: int, count: int, open_count: int) -> str:
    """同一客户近 90 日内投诉 N 次,其中 M 件未结 (the intake dialog and the detail say it alike)."""
    text = _t("同一客户近 %1 日内投诉 %2 次").replace("%1", str(days)).replace("%2", str(count))
    if open_count:
        return text + _t(",其中 %1 件未结").replace("%1", str(open_count))
    return text + _t(",均已结案")


def attach_files(parent: QWidget, app: App, actor: str, incident_id: int,
                 paths: Iterable[Path | str]) -> list[AttachmentView]:  # fmt: skip
    """Keeps each file as evidence; the ones refused (a folder, too big, unreadable) are named
    in one message box with the reason, and nothing of them is stored."""
    kept, refused = [], []
    limit = evidence.limit_bytes()
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                refused.append(f"{path.name or path}:{_t('是文件夹,请逐个添加其中的文件')}")
                continue
            if path.is_file() and path.stat().st_size > limit:
                refused.append(f"{path.name}:" + _t("%1,超过上限 %2(CONSOLE_ATTACHMENT_LIMIT_MB)")
                               .replace("%1", human_size(path.stat().st_size)).replace("%2", human_size(limit)))  # fmt: skip
                continue
            kept.append(evidence.attach(app, actor, incident_id, path))
        except InputError as exc:
            refused.append(f"{path.name or path}:{exc.message}")
        except OSError as exc:
            refused.append(f"{path.name or path}:{exc.strerror or exc}")
        except ConsoleError as exc:
            refused.append(f"{path.name or path}:{exc}")
    if refused:
        QMessageBox.warning(parent, _t("未保存为证据"),
                            _t("以下文件未保存,证据中没有它们:") + "\n\n" + "\n".join(refused))  # fmt: skip
    return kept


def pick_and_attach(
    parent: QWidget, app: App, actor: str, incident_id: int
) -> list[AttachmentView]:
    """添加证据…: the files chosen in a file dialog, kept as evidence."""
    paths, _ = QFileDialog.getOpenFileNames(
        parent,
        _t("添加证据") + f" — #{incident_id}",
        "",
        _t("所有文件 (*);;图片 (*.png *.jpg *.jpeg *.gif);;PDF (*.pdf)"),
    )
    return attach_files(parent, app, actor, incident_id, paths) if paths else []


_VIEWER_DIR: Path | None = None


def _viewer_dir() -> Path:
    """Where copies for the system viewer go: one folder for the process, removed at exit."""
    global _VIEWER_DIR
    if _VIEWER_DIR is None:
        _VIEWER_DIR = Path(tempfile.mkdtemp(prefix="console-evidence-"))
        atexit.register(shutil.rmtree, _VIEWER_DIR, True)
    return _VIEWER_DIR


def viewer_copy(app: App, attachment_id: int) -> Path:
    """A read-only copy of the attachment's bytes (hash-checked) under its own name."""
    view, data = evidence.content(app, attachment_id)
    folder = _viewer_dir() / str(attachment_id)
    folder.mkdir(exist_ok=True)
    safe = (
        "".join("_" if c in '/\\:*?"<>|' else c for c in view.name) or f"attachment-{attachment_id}"
    )
    path = folder / safe
    if not path.exists() or path.stat().st_size != len(data):  # a copy cut short is made anew
        path.unlink(missing_ok=True)
        part = folder / f".{safe}.part"
        part.write_bytes(data)
        part.chmod(stat.S_IRUSR)
        part.replace(path)
    return path


# What the system viewer is given: evidence to look at or listen to, never something that
# runs (an attached .desktop, .exe or web page is saved with 另存为…, not opened).
VIEWABLE = ("image/", "audio/", "video/", "application/pdf", "text/plain")


def open_with_system(parent: QWidget, app: App, attachment_id: int) -> bool:
    found = next((a for a in evidence.listing_of(app, attachment_id)), None)
    if found is not None and not found.media_type.startswith(VIEWABLE):
        QMessageBox.information(parent, _t("无法打开"), _t("此类文件不直接打开,请用“另存为…”保存后查看:")
                                + f"\n{found.name}({found.media_type})")  # fmt: skip
        return False
    try:
        path = viewer_copy(app, attachment_id)
    except (ConsoleError, OSError) as exc:
        QMessageBox.warning(parent, _t("无法打开"), str(exc))
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        QMessageBox.information(parent, _t("无法打开"),
                                _t("没有可打开此类文件的程序。副本在:") + f"\n{path}")  # fmt: skip
        return False
    return True


def save_copy(parent: QWidget, app: App, attachment: AttachmentView) -> Path | None:
    """另存为…: the exact bytes (hash-checked) to a file the user names."""
    target, _ = QFileDialog.getSaveFileName(parent, _t("另存为"), attachment.name)
    if not target:
        return None
    try:
        evidence.save(app, attachment.id, target)
    except ConsoleError as exc:
        QMessageBox.warning(parent, _t("未保存"), str(exc))
        return None
    return Path(target)
