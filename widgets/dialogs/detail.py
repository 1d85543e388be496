"""An incident in full: the report with the same complainant's earlier cases, every clock
(deadline and elapsed side by side, with its pause history), tasks by group, the evidence
(images inline, files dropped on the dialog kept), the 回访 results, the call-out's roll
(到位确认) with every message sent off the seats and its delivery, and the timeline with a
box for a log note."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.context import App
from console.errors import ConsoleError
from console.incidents.work import ADHOC_RULE
from console.people.permissions import Action
from console.people.privacy import mask_phone
from console.services import evidence, incidents, notify, queries, reports
from console.time.format import countdown
from console.views.records import AttachmentView, IncidentView, MessageView, RollView
from widgets.dialogs.casework import (
    IMAGE_TYPES,
    AddTaskDialog,
    RevisitDialog,
    attach_files,
    earlier_summary,
    human_size,
    open_with_system,
    pick_and_attach,
    save_copy,
)
from widgets.dialogs.fields import button
from widgets.drill import mark

THUMB = QSize(360, 270)  # the inline preview of an image
ICON = QSize(40, 30)  # its small copy in the list
ICON_MAX_BYTES = 8 * 1048576  # larger images are shown when chosen, not as list icons


def _when(iso: str | None, end: int = 16) -> str:
    return (iso or "")[:end].replace("T", " ")


# A message's state, and a person's delivery line, at a glance.
DELIVERED = QColor("#15803d")
STATE_COLOURS = {"sent": DELIVERED, "retrying": QColor("#b45309"), "sending": QColor("#b45309"),
                 "pending": QColor("#6b7280"), "failed": QColor("#b91c1c"),
                 "cancelled": QColor("#6b7280")}  # fmt: skip


def _delivery_colour(line: str) -> QColor:
    if "失败" in line:
        return STATE_COLOURS["failed"] if "重试" not in line else STATE_COLOURS["retrying"]
    return DELIVERED if line.startswith("已送达") else STATE_COLOURS["pending"]


def stretch_first(tree: QTreeWidget) -> None:
    """The first column takes the room left; the others are as wide as what they hold."""
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, tree.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


class IncidentDetail(QDialog):
    noted = Signal(int)

    def __init__(
        self,
        app: App,
        actor: str,
        incident_id: int,
        *,
        can_note: bool,
        allowed: Collection[Action] = (),
        only_group: str | None = None,
        parent: QWidget | None = None,
    ):
        """`allowed`: what the signed-in user may do here besides reading (ATTACH, REVISIT,
        ADD_TASK); `only_group`: a coordinator adds tasks for their own group only."""
        super().__init__(parent)
        self.app, self.actor, self.incident_id = app, actor, incident_id
        self.allowed, self.only_group = frozenset(allowed), only_group
        self.can_note = can_note
        self.attachments: tuple[AttachmentView, ...] = ()
        self._pixmaps: dict[int, QPixmap] = {}  # attachment id → its image (the bytes never change)
        self.resize(1100, 720)
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.tabs = tabs = QTabWidget()
        # 接报信息: the report, then the same complainant's earlier cases
        report_tab = QWidget()
        rv = QVBoxLayout(report_tab)
        self.fields = QWidget()
        self.form = QFormLayout(self.fields)
        rv.addWidget(self.fields)
        self.earlier_label = QLabel()
        self.earlier_label.setWordWrap(True)
        self.earlier_label.setStyleSheet("QLabel { color: #92400e; font-weight: bold; }")
        self.earlier = QListWidget()
        self.earlier.setMaximumHeight(110)
        self.earlier.itemDoubleClicked.connect(self._open_earlier)
        rv.addWidget(self.earlier_label)
        rv.addWidget(self.earlier)
        rv.addStretch(1)
        self.clocks = QTreeWidget()
        self.clocks.setHeaderLabels([self.tr("时钟"), self.tr("状态"), self.tr("起算"), self.tr("期限"),
                                     self.tr("已用"), self.tr("剩余")])  # fmt: skip
        stretch_first(self.clocks)
        tasks_tab = QWidget()
        tv = QVBoxLayout(tasks_tab)
        tv.setContentsMargins(0, 0, 0, 0)
        self.tasks = QTreeWidget()
        self.tasks.setHeaderLabels([self.tr("任务"), self.tr("岗位"), self.tr("状态"), self.tr("期限"),
                                    self.tr("完成人/时间")])  # fmt: skip
        stretch_first(self.tasks)
        tv.addWidget(self.tasks, 1)
        self.add_task_button = QPushButton(self.tr("新增临时任务…"))
        self.add_task_button.setAutoDefault(False)
        self.add_task_button.clicked.connect(self.add_task)
        self.add_task_button.setVisible(Action.ADD_TASK in self.allowed)
        tv.addWidget(self.add_task_button, 0, Qt.AlignmentFlag.AlignRight)
        self.timeline = QListWidget()
        tabs.addTab(report_tab, self.tr("接报信息"))
        tabs.addTab(self.clocks, self.tr("时钟"))
        tabs.addTab(tasks_tab, self.tr("任务"))
        self.evidence_tab = self._evidence_tab()
        tabs.addTab(self.evidence_tab, self.tr("证据"))
        self.revisit_tab = self._revisit_tab()
        tabs.addTab(self.revisit_tab, self.tr("回访"))
        self.notify_tab = self._notify_tab()
        tabs.addTab(self.notify_tab, self.tr("通知与到位"))
        tabs.addTab(self.timeline, self.tr("时间线"))
        layout.addWidget(tabs, 1)
        if can_note:
            row = QHBoxLayout()
            self.note = QLineEdit()
            self.note.setPlaceholderText(self.tr("值班日志:输入后回车"))
            self.significant = QCheckBox(self.tr("重要(上指挥屏)"))
            add = QPushButton(self.tr("记录"))
            add.setAutoDefault(False)  # Return in the note box records once, not twice
            add.clicked.connect(self.add_note)
            self.note.returnPressed.connect(self.add_note)
            row.addWidget(self.note, 1)
            row.addWidget(self.significant)
            row.addWidget(add)
            layout.addLayout(row)
        report = QPushButton(self.tr("结案报告:预览与打印…"))
        report.setAutoDefault(False)
        report.clicked.connect(self.print_report)
        layout.addWidget(report, 0, Qt.AlignmentFlag.AlignRight)
        self.setAcceptDrops(Action.ATTACH in self.allowed)  # files dropped anywhere on it
        self.reload()
        mark(app, self)  # 测试 in a sandbox, 演练 in a drill

    # --- building -------------------------------------------------------------------------

    def _evidence_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.files = QTreeWidget()
        self.files.setHeaderLabels([self.tr("文件"), self.tr("大小"), self.tr("上传人"), self.tr("上传时间"),
                                    "SHA-256"])  # fmt: skip
        self.files.setRootIsDecorated(False)
        self.files.setIconSize(ICON)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        stretch_first(self.files)
        self.files.currentItemChanged.connect(lambda *_: self._show_preview())
        self.files.itemDoubleClicked.connect(lambda *_: self.open_attachment())
        split.addWidget(self.files)
        side = QWidget()
        sv = QVBoxLayout(side)
        sv.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel()
        self.preview.setMinimumSize(THUMB)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("QLabel { background: #f3f4f6; border: 1px solid #d1d5db; }")
        self.preview_caption = QLabel()
        self.preview_caption.setWordWrap(True)
        self.preview_caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sv.addWidget(self.preview)
        sv.addWidget(self.preview_caption)
        sv.addStretch(1)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([640, 400])
        v.addWidget(split, 1)
        row = QHBoxLayout()
        can = Action.ATTACH in self.allowed
        hint = self.tr("可将文件拖入本窗口保存为证据(单个文件不超过 %1)").replace(
            "%1", human_size(evidence.limit_bytes())
        )
        self.drop_hint = QLabel(hint if can else "")
        self.drop_hint.setStyleSheet("QLabel { color: #6b7280; }")
        row.addWidget(self.drop_hint, 1)
        self.attach_button = button(self.tr("添加证据…"), self.attach)
        self.attach_button.setVisible(can)
        self.open_button = button(self.tr("打开"), self.open_attachment)
        self.save_button = button(self.tr("另存为…"), self.save_attachment)
        for b in (self.attach_button, self.open_button, self.save_button):
            row.addWidget(b)
        v.addLayout(row)
        return tab

    def _revisit_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        self.revisit_rule = QLabel()
        self.revisit_rule.setWordWrap(True)
        v.addWidget(self.revisit_rule)
        self.revisits = QTreeWidget()
        self.revisits.setRootIsDecorated(False)
        self.revisits.setHeaderLabels([self.tr("时间"), self.tr("回访结果"), self.tr("回访人"), self.tr("回访情况"),
                                       self.tr("重新处理")])  # fmt: skip
        header = self.revisits.header()
        for column in (0, 1, 2, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        v.addWidget(self.revisits, 1)
        self.revisit_button = button(self.tr("登记回访…"), self.record_revisit)
        self.revisit_button.setEnabled(Action.REVISIT in self.allowed)
        v.addWidget(self.revisit_button, 0, Qt.AlignmentFlag.AlignRight)
        return tab

    def _notify_tab(self) -> QWidget:
        """通知与到位: the call-out's roll by group, then every message of the incident."""
        tab = QWidget()
        v = QVBoxLayout(tab)
        self.roll_summary = QLabel()
        self.roll_summary.setWordWrap(True)
        v.addWidget(self.roll_summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.roll = QTreeWidget()
        self.roll.setObjectName("roll")
        self.roll.setHeaderLabels([self.tr("工作组 / 人员"), self.tr("到位情况"), self.tr("方式"),
                                   self.tr("通知送达")])  # fmt: skip
        header = self.roll.header()
        header.setStretchLastSection(True)
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        split.addWidget(self.roll)
        box = QWidget()
        bv = QVBoxLayout(box)
        bv.setContentsMargins(0, 0, 0, 0)
        self.messages_label = QLabel()
        bv.addWidget(self.messages_label)
        self.messages = QTreeWidget()
        self.messages.setObjectName("messages")
        self.messages.setRootIsDecorated(False)
        self.messages.setHeaderLabels([self.tr("时间"), self.tr("渠道"), self.tr("接收人"), self.tr("状态"),
                                       self.tr("次数"), self.tr("最后错误")])  # fmt: skip
        header = self.messages.header()
        header.setStretchLastSection(True)
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        bv.addWidget(self.messages, 1)
        split.addWidget(box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        v.addWidget(split, 1)
        return tab

    def print_report(self) -> None:
        from console.services.reports import print_incident_report
        from widgets.dialogs.printing import PdfPrinter

        PdfPrinter(self, self.tr("结案报告") + f" #{self.incident_id}",
                   lambda path: print_incident_report(self.app, self.actor, self.incident_id, path)).preview()  # fmt: skip

    # --- showing ----------------------------------------------------------------------------
    def reload(self) -> None:
        inc = queries.show(self.app, self.incident_id)
        self.incident = inc
        prefix = f"【{self.app.watermark}】" if self.app.watermark else ""
        self.setWindowTitle(f"{prefix}#{inc.id} {inc.title}")
        self.header.setText(f"<b>#{inc.id} {inc.title}</b> — {inc.plan_name} · {inc.level_name} · "
                            f"{inc.state_name}")  # fmt: skip
        while self.form.rowCount():
            self.form.removeRow(0)
        for label, key in (("渠道", "channel_name"), ("接报时间", "received_at"), ("投诉人", "reporter"),
                           ("联系方式", "contact"), ("订单号/业务编号", "order_no"),
                           ("被投诉人/被投诉部门", "respondent"), ("人数", "people"), ("核心诉求", "demands"),
                           ("地点", "location"), ("情绪状态", "mood"), ("投诉类型", "type_name"),
                           ("首问负责人", "first_receiver")):  # fmt: skip
            shown = getattr(inc, key)
            if key == "contact" and not reports.contact_visible(self.app, self.actor, inc.plan):
                shown = mask_phone(shown)  # in full only for the plan's unmask_roles
            if key == "received_at" and shown:
                shown = _when(shown)
            if key == "channel_name" and shown:
                shown = self.tr(shown)
            value = QLabel(str(shown or "—"))
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(self.tr(label) + ":", value)
        self._show_earlier(inc)
        self.clocks.clear()
        adhoc = set()  # the tasks decided for this case: their clock is set for it (ADHOC_RULE)
        for c in queries.clocks_of(self.app, self.incident_id):
            if c.task is not None and c.rule == ADHOC_RULE:
                adhoc.add(c.task)
            clock = c.clock
            left = countdown(clock.remaining_s) if clock.remaining_s is not None else "—"
            item = QTreeWidgetItem([c.rule_name, clock.clock_state or "", (c.started_at or "")[5:16].replace("T", " "),
                                    (clock.due_at or "")[5:16].replace("T", " "), countdown(c.elapsed_s), left])  # fmt: skip
            item.setToolTip(0, c.basis)
            for e in c.history:
                moved = (
                    f"  {e.due_before[5:16]} → {e.due_after[5:16]}"
                    if e.due_before and e.due_after
                    else ""
                )
                item.addChild(QTreeWidgetItem([f"{(e.at or '')[5:16].replace('T', ' ')} {e.kind} {e.by}",
                                               e.reason + moved]))  # fmt: skip
            self.clocks.addTopLevelItem(item)
        self.clocks.expandAll()
        self.tasks.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for t in inc.tasks or ():
            parent = groups.get(t.group)
            if parent is None:
                parent = groups[t.group] = QTreeWidgetItem([t.group_name])
                self.tasks.addTopLevelItem(parent)
            done = f"{t.done_by} {t.done_at[5:16].replace('T', ' ')}" if t.done_at else ""
            state = {"open": "待办", "done": "已完成", "blocked": "受阻"}.get(t.state, t.state)
            title = t.title
            if t.id in adhoc and t.created_by:  # decided for this case, not by the plan
                title += "  " + self.tr("(临时任务,%1 新增)").replace("%1", t.created_by)
            who = t.role_name + (f" / {t.assignee}" if t.assignee else "")
            child = QTreeWidgetItem([title, who, self.tr(state), (t.clock.due_at or "—")[5:16].replace("T", " "),
                                     done])  # fmt: skip
            if t.detail:
                child.setToolTip(0, t.detail)
            parent.addChild(child)
        self.tasks.expandAll()
        self._show_attachments(inc)
        self._show_revisits(inc)
        self._show_notify(inc)
        self.timeline.clear()
        for e in queries.timeline(self.app, self.incident_id):
            self.timeline.addItem(f"{(e.at or '')[5:19].replace('T', ' ')}  {e.actor}  {'★ ' if e.significant else ''}"
                                  f"{e.text}")  # fmt: skip
        self.timeline.scrollToBottom()

    def _show_earlier(self, inc: IncidentView) -> None:
        self.earlier.clear()
        found = inc.earlier
        if found is None or not found.count:
            self.earlier_label.setVisible(False)
            self.earlier.setVisible(False)
            return
        self.earlier_label.setText(
            earlier_summary(found.within_days, found.count, found.open_count)
        )
        for e in found.incidents:
            how = {"contact": self.tr("同一号码"), "order_no": self.tr("同一订单号"),
                   "both": self.tr("同一号码和订单号")}.get(e.matched, e.matched)  # fmt: skip
            item = QListWidgetItem(
                f"#{e.id}  {_when(e.received_at)}  {e.title}({e.state_name})· {how}"
            )
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            if e.open:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.earlier.addItem(item)
        self.earlier_label.setVisible(True)
        self.earlier.setVisible(True)

    def _show_attachments(self, inc: IncidentView) -> None:
        chosen = self.selected_attachment()
        self.attachments = inc.attachments or ()
        self.files.blockSignals(True)
        self.files.clear()
        for a in self.attachments:
            item = QTreeWidgetItem(
                [a.name, human_size(a.size), a.added_by, _when(a.added_at), a.sha256[:12] + "…"]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, a.id)
            item.setToolTip(0, f"{a.name}\n{a.media_type}" + (f"\n{a.note}" if a.note else ""))
            item.setToolTip(4, a.sha256)
            if a.media_type in IMAGE_TYPES and a.size <= ICON_MAX_BYTES:
                pixmap = self._pixmap(a)
                if pixmap is not None:
                    item.setIcon(0, QIcon(pixmap.scaled(ICON, Qt.AspectRatioMode.KeepAspectRatio,
                                                        Qt.TransformationMode.SmoothTransformation)))  # fmt: skip
            self.files.addTopLevelItem(item)
        self.files.blockSignals(False)
        n = len(self.attachments)
        self.tabs.setTabText(
            self.tabs.indexOf(self.evidence_tab), self.tr("证据") + (f" ({n})" if n else "")
        )
        # what was chosen stays chosen; else the newest image, else the newest file
        ids = [a.id for a in self.attachments]
        images = [a.id for a in self.attachments if a.media_type in IMAGE_TYPES]
        pick = (
            chosen.id if chosen is not None and chosen.id in ids else (images or ids or [None])[-1]
        )
        self.select_attachment(pick)
        self.open_button.setEnabled(bool(ids))
        self.save_button.setEnabled(bool(ids))

    def _show_revisits(self, inc: IncidentView) -> None:
        plan = self.app.catalogue.get(inc.plan)
        rule = plan.revisit if plan else None
        if rule is None:
            self.revisit_rule.setText(self.tr("本预案未规定回访。"))
        else:
            names = "、".join(found[1].name for r in rule.by if plan and (found := plan.role(r)))
            text = self.tr("回访由 %1 负责(组长、副组长亦可)。").replace(
                "%1", names or self.tr("组长")
            )
            self.revisit_rule.setText(text + (f"  {rule.basis}" if rule.basis else ""))
        self.revisit_button.setEnabled(Action.REVISIT in self.allowed and rule is not None)
        self.revisits.clear()
        for r in inc.revisits or ():
            again = (
                self.tr("第 %1 次").replace("%1", str(r.rehandle_round)) if r.rehandle_round else ""
            )
            item = QTreeWidgetItem([_when(r.at), self.tr(r.result_name), r.by, r.note, again])
            if r.result == "dissatisfied":
                item.setForeground(1, Qt.GlobalColor.darkRed)
            self.revisits.addTopLevelItem(item)
        n = len(inc.revisits or ())
        self.tabs.setTabText(
            self.tabs.indexOf(self.revisit_tab), self.tr("回访") + (f" ({n})" if n else "")
        )

    def _show_notify(self, inc: IncidentView) -> None:
        roll = notify.roll(self.app, inc.id)
        messages = notify.message_log(self.app, incident=inc.id)
        self._show_roll(roll)
        self._show_messages(roll, messages)
        label = self.tr("通知与到位")
        if roll.total:
            label += f" ({roll.confirmed}/{roll.total})"
        elif messages:
            label += f" ({len(messages)})"
        self.tabs.setTabText(self.tabs.indexOf(self.notify_tab), label)

    def _show_roll(self, roll: RollView) -> None:
        self.roll.clear()
        if not roll.total:
            self.roll_summary.setText(self.tr("本事件没有启动预案的到位通知。"))
            self.roll.setVisible(False)
            return
        self.roll.setVisible(True)
        text = (
            self.tr("到位确认 %1/%2")
            .replace("%1", str(roll.confirmed))
            .replace("%2", str(roll.total))
        )
        if roll.due_at:
            text += " · " + self.tr("期限 %1").replace("%1", _when(roll.due_at))
        if roll.confirmed == roll.total:
            text += " · " + self.tr("全员到位")
        self.roll_summary.setText(text)
        groups: dict[str, QTreeWidgetItem] = {}
        counts: dict[str, list[int]] = {}
        for e in roll.entries:
            parent = groups.get(e.group)
            if parent is None:
                parent = groups[e.group] = QTreeWidgetItem([e.group_name])
                counts[e.group] = [0, 0]
                self.roll.addTopLevelItem(parent)
            counts[e.group][1] += 1
            if e.checked_in_at:
                counts[e.group][0] += 1
                state = self.tr("已到位 %1").replace("%1", _when(e.checked_in_at, 19)[11:])
            else:
                state = self.tr("未确认")
            child = QTreeWidgetItem(
                [f"{e.display_name}({e.user})", state, e.via, e.delivery or "—"]
            )
            child.setForeground(1, DELIVERED if e.checked_in_at else Qt.GlobalColor.darkRed)
            child.setForeground(3, _delivery_colour(e.delivery))
            child.setToolTip(3, e.delivery)
            parent.addChild(child)
        for key, parent in groups.items():
            done, total = counts[key]
            parent.setText(1, f"{done}/{total}")
            parent.setForeground(1, DELIVERED if done == total else Qt.GlobalColor.darkRed)
        self.roll.expandAll()

    def _show_messages(self, roll: RollView, messages: list[MessageView]) -> None:
        self.messages.clear()
        names = {e.user: e.display_name for e in roll.entries}
        plan = self.app.catalogue.get(self.incident.plan)
        failed = sum(1 for m in messages if m.state == "failed")
        text = self.tr("发出的通知 %n 条", "", len(messages))
        if failed:
            text += "  " + self.tr("失败 %n 条,请电话联系", "", failed)
        self.messages_label.setText(
            text
            if messages
            else self.tr("没有发往席位以外的通知(未配置通知渠道,或尚无告警与到位通知)。")
        )
        for m in messages:  # newest first
            if m.recipient.startswith("@"):
                group = plan.group(m.recipient[1:]) if plan else None
                who = "@" + (group.name if group else m.recipient[1:])
                if m.mentions:
                    who += "(" + "、".join(names.get(n, n) for n in m.mentions) + ")"
            else:
                who = names.get(m.recipient, m.recipient) + (f" {m.target}" if m.target else "")
            when = _when(m.sent_at or m.created_at, 19)[5:]
            item = QTreeWidgetItem([when, f"{m.service} · {m.channel}", who, self.tr(m.state_name),
                                    str(m.attempts), m.last_error])  # fmt: skip
            item.setForeground(3, STATE_COLOURS.get(m.state, Qt.GlobalColor.black))
            tip = [m.title, self.tr("写入 %1").replace("%1", _when(m.created_at, 19))]
            if m.sent_at:
                tip.append(self.tr("送达 %1").replace("%1", _when(m.sent_at, 19)))
            if m.next_at:
                tip.append(self.tr("下次尝试 %1").replace("%1", _when(m.next_at, 19)))
            for column in range(3):
                item.setToolTip(column, "\n".join(tip))
            item.setToolTip(2, who)
            item.setToolTip(5, m.last_error)
            self.messages.addTopLevelItem(item)

    # --- evidence ---------------------------------------------------------------------------
    def _pixmap(self, a: AttachmentView) -> QPixmap | None:
        """The image of an attachment, from its hash-checked bytes (None: not an image Qt
        reads, or its bytes no longer match its hash)."""
        if a.id not in self._pixmaps:
            try:
                _view, data = evidence.content(self.app, a.id)
            except ConsoleError:
                return None
            pixmap = QPixmap()
            if not pixmap.loadFromData(data):
                return None
            self._pixmaps[a.id] = pixmap
        return self._pixmaps[a.id]

    def selected_attachment(self) -> AttachmentView | None:
        item = self.files.currentItem()
        if item is None:
            return None
        aid = item.data(0, Qt.ItemDataRole.UserRole)
        return next((a for a in self.attachments if a.id == aid), None)

    def select_attachment(self, attachment_id: int | None) -> None:
        for i in range(self.files.topLevelItemCount()):
            item = self.files.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == attachment_id:
                self.files.setCurrentItem(item)
                break
        self._show_preview()

    def _show_preview(self) -> None:
        a = self.selected_attachment()
        self.preview.clear()
        if a is None:
            self.preview.setText(self.tr("(暂无证据)"))
            self.preview_caption.clear()
            return
        caption = (f"<b>{a.name}</b><br>{a.media_type} · {human_size(a.size)}<br>"
                   f"{a.added_by} · {_when(a.added_at)}<br>SHA-256 {a.sha256}")  # fmt: skip
        if a.note:
            caption += f"<br>{a.note}"
        self.preview_caption.setText(caption)
        pixmap = self._pixmap(a) if a.media_type in IMAGE_TYPES else None
        if pixmap is None:
            self.preview.setText(
                self.tr("%1\n\n双击或点“打开”用系统程序查看").replace("%1", a.media_type)
            )
            return
        self.preview.setPixmap(pixmap.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))  # fmt: skip

    def attach(self) -> None:
        """添加证据…: files chosen in a file dialog."""
        self._attached(pick_and_attach(self, self.app, self.actor, self.incident_id))

    def attach_paths(self, paths: list[Path]) -> list[AttachmentView]:
        kept = attach_files(self, self.app, self.actor, self.incident_id, paths)
        self._attached(kept)
        return kept

    def _attached(self, kept: list[AttachmentView]) -> None:
        if not kept:
            return
        self.reload()
        self.tabs.setCurrentWidget(self.evidence_tab)
        self.select_attachment(kept[-1].id)

    @staticmethod
    def _dropped_files(event) -> list[Path]:  # type: ignore[no-untyped-def]
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        urls = mime.urls()
        if not urls or not all(u.isLocalFile() for u in urls):
            return []
        return [Path(u.toLocalFile()) for u in urls]

    def dragEnterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if Action.ATTACH in self.allowed and self._dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        paths = self._dropped_files(event) if Action.ATTACH in self.allowed else []
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.attach_paths(paths)

    def open_attachment(self) -> None:
        a = self.selected_attachment()
        if a is not None:
            open_with_system(self, self.app, a.id)

    def save_attachment(self) -> None:
        a = self.selected_attachment()
        if a is not None:
            save_copy(self, self.app, a)

    # --- other work -------------------------------------------------------------------------
    def record_revisit(self) -> None:
        dialog = RevisitDialog(self.app, self.actor, self.incident_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.tabs.setCurrentWidget(self.revisit_tab)

    def add_task(self) -> None:
        dialog = AddTaskDialog(
            self.app, self.actor, self.incident_id, only_group=self.only_group, parent=self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def _open_earlier(self, item: QListWidgetItem) -> None:
        other = IncidentDetail(self.app, self.actor, item.data(Qt.ItemDataRole.UserRole), can_note=self.can_note,
                               allowed=self.allowed, only_group=self.only_group, parent=self)  # fmt: skip
        other.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        other.exec()

    def add_note(self) -> None:
        text = self.note.text()
        try:
            incidents.add_note(
                self.app,
                self.actor,
                self.incident_id,
                text,
                significant=self.significant.isChecked(),
            )
        except ConsoleError as exc:
            QMessageBox.warning(self, self.tr("未记录"), str(exc))
            return
        self.note.clear()
        self.significant.setChecked(False)
        self.noted.emit(self.incident_id)
        self.reload()
