"""Reports upward for one incident (初报 → 续报(一、二…) → 终报): the reports in order with
who drafted and who signed them, the selected one's text (editable while a draft, frozen
once signed), drafting the next report the case allows, 签发 for the leader and deputies,
and the report exported as PDF or Word. Every change goes through console/services/sitreps.py;
a refusal is shown on the field it names, else above the buttons, else in a message box."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.errors import Conflict, ConsoleError, InputError
from console.incidents import reporting
from console.incidents.lifecycle import State
from console.incidents.reporting import SITREP_RULE
from console.services import queries, sitreps
from console.time.format import countdown
from console.views.records import SitrepView
from widgets.dialogs.fields import FieldErrors, button
from widgets.drill import mark
from widgets.style import ERROR_QSS

SITREP_ID = Qt.ItemDataRole.UserRole
SIGNED = QColor("#15803d")
DRAFT = QColor("#b45309")
FROZEN_QSS = "QLabel { color: #15803d; font-weight: bold; }"
DRAFT_QSS = "QLabel { color: #92400e; }"
LATE_QSS = "QLabel { color: #b91c1c; font-weight: bold; }"


def _when(iso: str | None) -> str:
    """11-24 10:40 of a local ISO instant."""
    return (iso or "")[5:16].replace("T", " ")


def next_kinds(reports: list[SitrepView], closed: bool) -> dict[str, bool]:
    """Which report may be drafted next: the service's own rules (for the buttons)."""
    return {kind: why is None for kind, why in reporting.refusals(reports, closed).items()}


class SitrepDialog(QDialog, FieldErrors):
    """初报/续报/终报 of one incident."""

    def __init__(self, app: App, actor: str, incident_id: int, *, can_sign: bool,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.app, self.actor, self.incident_id = app, actor, incident_id
        self.can_sign = can_sign
        self.reports: list[SitrepView] = []
        self._edits: dict[int, str] = {}  # unsaved text, by report (kept across selections)
        self._showing: int | None = None  # the report whose text the editor holds
        self.resize(1000, 680)
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.due = QLabel()
        self.due.setObjectName("due")
        layout.addWidget(self.due)
        split = QSplitter(Qt.Orientation.Horizontal)
        # the reports in order, and the next one to draft under them
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("报告"), self.tr("状态")])
        header = self.list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(lambda *_: self._show_selected())
        lv.addWidget(self.list, 1)
        self.draft_buttons: dict[str, QPushButton] = {}
        drafts = QWidget()
        row = QHBoxLayout(drafts)
        row.setContentsMargins(0, 0, 0, 0)
        for kind, text in (("first", self.tr("起草初报")), ("update", self.tr("起草续报")),
                           ("final", self.tr("起草终报"))):  # fmt: skip
            b = button(text, lambda _=False, k=kind: self.draft(k))
            b.setToolTip(
                self.tr("草稿按案情自动生成:基本情况、处置措施、未完成工作、超时情况、下一步")
            )
            self.draft_buttons[kind] = b
            row.addWidget(b)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        # a refusal under the field it names (FieldErrors): the drafting here, the text there
        self._init_errors(form, {"--kind": (self.tr("起草下一份报告:"), drafts)})
        lv.addLayout(form)
        split.addWidget(left)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel()
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        rv.addWidget(self.state)
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._edited)
        rv.addWidget(self.editor, 1)
        text_error = QLabel()
        text_error.setStyleSheet(ERROR_QSS)
        text_error.setWordWrap(True)
        text_error.setVisible(False)
        rv.addWidget(text_error)
        self.fields["--text"], self.errors["--text"] = self.editor, text_error
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([320, 680])
        layout.addWidget(split, 1)
        layout.addWidget(self.general_error)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.notice)
        buttons = QHBoxLayout()
        self.pdf_button = button(self.tr("导出 PDF…"), lambda: self.export("pdf"))
        self.docx_button = button(self.tr("导出 Word…"), lambda: self.export("docx"))
        self.save_button = button(self.tr("保存修改"), self.save)
        self.sign_button = button(self.tr("签发"), self.sign)
        self.sign_button.setVisible(can_sign)  # 组长、副组长 only
        close = button(self.tr("关闭"), self.reject)
        for b in (self.pdf_button, self.docx_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.save_button, self.sign_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.reload()
        mark(app, self)  # 测试 in a sandbox, 演练 in a drill

    # --- showing ----------------------------------------------------------------------
    def reload(self) -> None:
        """The incident and its reports again (after a change here or on another seat); the
        report chosen stays chosen, and text being edited stays as typed."""
        inc = queries.incident(self.app, self.incident_id)
        self.incident = inc
        prefix = f"【{self.app.watermark}】" if self.app.watermark else ""  # 测试, 演练
        self.setWindowTitle(prefix + self.tr("初报/续报/终报") + f" — #{inc.id} {inc.title}")
        self.header.setText(f"<b>#{inc.id} {inc.title}</b> — {inc.plan_name} · {inc.level_name} · "
                            f"{inc.state_name}")  # fmt: skip
        self.reports = sitreps.list_for(self.app, self.actor, self.incident_id)
        self._show_due()
        chosen = self.selected()
        keep = chosen.id if chosen is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        for r in self.reports:
            if r.signed_at:
                state = self.tr("已签发 · %1 %2").replace("%1", r.signed_by or "").replace(
                    "%2", _when(r.signed_at))  # fmt: skip
            else:
                state = self.tr("草稿 · %1 起草 %2").replace("%1", r.drafted_by).replace(
                    "%2", _when(r.drafted_at))  # fmt: skip
            item = QTreeWidgetItem([r.title, state])
            item.setData(0, SITREP_ID, r.id)
            item.setForeground(1, SIGNED if r.signed_at else DRAFT)
            item.setToolTip(1, self.tr("报送 %1").replace("%1", r.to))
            self.list.addTopLevelItem(item)
        self.list.blockSignals(False)
        ids = [r.id for r in self.reports]
        # what was chosen stays chosen; else the newest draft, else the newest report
        drafts = [r.id for r in self.reports if not r.signed_at]
        self.select(keep if keep in ids else (drafts or ids or [None])[-1])
        allowed = next_kinds(self.reports, inc.state == State.CLOSED.value)
        for kind, b in self.draft_buttons.items():
            b.setEnabled(allowed[kind])

    def _show_due(self) -> None:
        """When the next report is due (the plan's reporting clock), if one runs."""
        due = None
        try:
            for c in queries.clocks_of(self.app, self.incident_id):
                if c.rule == SITREP_RULE and c.clock.remaining_s is not None:
                    due = c
        except ConsoleError:
            due = None
        if due is None:
            self.due.setVisible(False)
            return
        left = due.clock.remaining_s or 0
        if left < 0:
            text = self.tr("报送期限 %1,已超时 %2").replace("%1", _when(due.clock.due_at)).replace(
                "%2", countdown(-left))  # fmt: skip
            self.due.setStyleSheet(LATE_QSS)
        else:
            text = self.tr("下一份报告的报送期限 %1(剩余 %2)").replace(
                "%1", _when(due.clock.due_at)).replace("%2", countdown(left))  # fmt: skip
            self.due.setStyleSheet("")
        self.due.setText(text)
        self.due.setVisible(True)

    def selected(self) -> SitrepView | None:
        item = self.list.currentItem()
        if item is None:
            return None
        sid = item.data(0, SITREP_ID)
        return next((r for r in self.reports if r.id == sid), None)

    def select(self, sitrep_id: int | None) -> None:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item.data(0, SITREP_ID) == sitrep_id:
                self.list.setCurrentItem(item)
                break
        self._show_selected()

    def _show_selected(self) -> None:
        r = self.selected()
        self._clear_errors()  # a refusal belongs to the report it was about
        self._showing = None  # the editor's text is set below, not typed
        if r is None:
            self.editor.setPlainText("")
            self.editor.setReadOnly(True)
            self.editor.setPlaceholderText(
                self.tr(
                    "尚无报告。点“起草初报”:草稿按案情(基本情况、处置措施、未完成工作、"
                    "超时情况)自动生成,修改后由组长或副组长签发。"
                )
            )
            self.state.setText("")
        else:
            self.editor.setPlainText(self._edits.get(r.id, r.text))
            self.editor.setReadOnly(bool(r.signed_at))
            if r.signed_at:
                self.state.setText(self.tr("%1 已签发,不可修改(%2 于 %3 签发,报送 %4)")
                                   .replace("%1", r.title).replace("%2", r.signed_by or "")
                                   .replace("%3", _when(r.signed_at)).replace("%4", r.to))  # fmt: skip
                self.state.setStyleSheet(FROZEN_QSS)
            else:
                edited = (
                    self.tr(",%1 修改于 %2")
                    .replace("%1", r.edited_by)
                    .replace("%2", _when(r.edited_at))
                    if r.edited_by
                    else ""
                )
                self.state.setText(self.tr("%1 草稿:%2 起草于 %3%4。签发后不可修改。")
                                   .replace("%1", r.title).replace("%2", r.drafted_by)
                                   .replace("%3", _when(r.drafted_at)).replace("%4", edited))  # fmt: skip
                self.state.setStyleSheet(DRAFT_QSS)
        self._showing = r.id if r is not None else None
        self._update_buttons()

    def _edited(self) -> None:
        r = self.selected()
        if self._showing is None or r is None or r.id != self._showing or r.signed_at:
            return
        text = self.editor.toPlainText()
        if text == r.text:
            self._edits.pop(r.id, None)
        else:
            self._edits[r.id] = text
        self._update_buttons()

    def dirty(self) -> bool:
        """Unsaved text in some draft."""
        return bool(self._edits)

    def _update_buttons(self) -> None:
        r = self.selected()
        draft = r is not None and not r.signed_at
        self.save_button.setEnabled(draft and r.id in self._edits)  # type: ignore[union-attr]
        self.sign_button.setEnabled(draft)
        self.pdf_button.setEnabled(r is not None)
        self.docx_button.setEnabled(r is not None)

    # --- acting -----------------------------------------------------------------------
    def _run(self, call) -> SitrepView | None:  # type: ignore[no-untyped-def]
        """A service call: its result, or None after the refusal was shown (on the field an
        InputError names, else above the buttons; others in a message box)."""
        self._clear_errors()
        self.notice.clear()
        try:
            return call()
        except InputError as exc:
            self.show_error(exc.field, exc.message)
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("未执行"), str(exc))
            if isinstance(exc, Conflict):  # another seat was first: show what it did
                self.reload()
        return None

    def draft(self, kind: str) -> None:
        made = self._run(lambda: sitreps.add(self.app, self.actor, self.incident_id, kind))
        if made is not None:
            self.reload()
            self.select(made.id)
            self.editor.setFocus()
            self.notice.setText(self.tr("已起草 %1,请核对修改后保存。").replace("%1", made.title))

    def save(self) -> SitrepView | None:
        r = self.selected()
        if r is None or r.id not in self._edits:
            return None
        text = self._edits[r.id]
        saved = self._run(lambda: sitreps.edit(self.app, self.actor, r.id, text, version=r.version))
        if saved is not None:
            self._edits.pop(r.id, None)
            self.reload()
            self.notice.setText(self.tr("已保存 %1").replace("%1", saved.title))
        return saved

    def sign(self) -> None:
        r = self.selected()
        if r is None or r.signed_at or not self.can_sign:
            return
        question = self.tr("签发 %1?签发后报告定稿,不可再修改。").replace("%1", r.title)
        if r.id in self._edits:
            question += "\n" + self.tr("未保存的修改将先保存。")
        if QMessageBox.question(self, self.tr("签发"), question) != QMessageBox.StandardButton.Yes:
            return
        if r.id in self._edits:
            saved = self.save()
            if saved is None:
                return
            r = saved
        signed = self._run(lambda: sitreps.sign(self.app, self.actor, r.id, version=r.version))
        if signed is not None:
            self.reload()
            self.select(signed.id)
            self.notice.setText(self.tr("%1 已签发,报送 %2").replace("%1", signed.title).replace(
                "%2", signed.to))  # fmt: skip

    def export(self, fmt: str) -> Path | None:
        r = self.selected()
        if r is None:
            return None
        suffix, kind = ("pdf", "PDF (*.pdf)") if fmt == "pdf" else ("docx", "Word (*.docx)")
        title = self.tr("导出 PDF") if fmt == "pdf" else self.tr("导出 Word")
        name = f"{r.title}-#{self.incident_id}.{suffix}"
        target, _ = QFileDialog.getSaveFileName(self, title, name, kind)
        if not target:
            return None
        if r.id in self._edits:
            self.notice.setText(self.tr("注意:导出的是已保存的内容,未保存的修改不在其中。"))
        done = self._run(lambda: sitreps.print_report(self.app, self.actor, r.id, target, fmt=fmt))
        if done is None:
            return None
        path = Path(done["file"])  # type: ignore[index]
        self.notice.setText(
            (self.notice.text() + "\n" if r.id in self._edits else "")
            + self.tr("已导出:%1").replace("%1", str(path))
        )
        return path

    def reject(self) -> None:
        if (
            self.dirty()
            and QMessageBox.question(self, self.tr("未保存"), self.tr("有未保存的修改,仍要关闭?"))
            != QMessageBox.StandardButton.Yes
        ):
            return
        super().reject()
