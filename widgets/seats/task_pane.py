"""The task explained (issue 21): what a selected task's duty is, where its deadline
comes from, who holds its role now and who stands in, what follows it, and its case's key
facts. Every seat that lists tasks shows it beside them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea

from console.errors import ConsoleError
from console.services import queries
from console.views.records import HolderView, TaskDetailView

EVENT_NAMES = {  # marked for lupdate: translated where shown (TaskPane's tr)
    "pause": QT_TRANSLATE_NOOP("TaskPane", "暂停"),
    "resume": QT_TRANSLATE_NOOP("TaskPane", "恢复"),
    "extend": QT_TRANSLATE_NOOP("TaskPane", "延期"),
    "stop": QT_TRANSLATE_NOOP("TaskPane", "停止"),
    "reopen": QT_TRANSLATE_NOOP("TaskPane", "重开"),
    "start": QT_TRANSLATE_NOOP("TaskPane", "开始"),
    "rebase": QT_TRANSLATE_NOOP("TaskPane", "重算"),
    "cancel": QT_TRANSLATE_NOOP("TaskPane", "取消"),
}  # fmt: skip


def _when(iso: str | None) -> str:
    return iso[5:16].replace("T", " ") if iso else "—"


class TaskPane(QScrollArea):
    """Shows the task chosen on the seat (`show_task`), read through `later(read, show)`
    (the boards' `read_later`: off the GUI thread when the window has a reader)."""

    def __init__(self, app, later) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.app, self.later = app, later
        self.task_id: int | None = None
        self.text = QLabel()
        self.text.setObjectName("task_detail")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMargin(6)
        self.setWidget(self.text)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail: TaskDetailView | None = None
        self.show_task(None)

    def follow(self, task_id: int | None) -> None:
        """The seat's selection moved: the task now chosen. A task that left the list (done,
        cancelled) stays shown as it now is, until another is chosen."""
        if task_id is not None and task_id != self.task_id:
            self.show_task(task_id)

    def show_task(self, task_id: int | None) -> None:
        """The task chosen (None: none); again for the same one after a change."""
        self.task_id = task_id
        if task_id is None:
            self.detail = None
            self.text.setText(self.tr("选择一项任务,这里显示它的职责、时限依据、A角/B角和下一步。"))
            return

        def read() -> TaskDetailView | None:
            try:
                return queries.task_detail(self.app, task_id)
            except ConsoleError:  # gone meanwhile
                return None

        def show(detail: TaskDetailView | None) -> None:
            if self.task_id == task_id:
                self.put(detail)

        self.later(read, show)

    def refresh_for(self, change) -> None:  # type: ignore[no-untyped-def]
        """Read again only when the change touched the task shown or its case."""
        d = self.detail
        if self.task_id is not None and (self.task_id in change.tasks or d is None
                                         or d.incident.id in change.incidents):  # fmt: skip
            self.refresh()

    def refresh(self) -> None:
        """The task shown, read again (a change may have moved it)."""
        if self.task_id is not None:
            self.show_task(self.task_id)

    def put(self, d: TaskDetailView | None) -> None:
        self.detail = d
        if d is None:
            self.text.setText(self.tr("(该任务已不存在)"))
            return
        self.text.setText(self.html(d))

    def html(self, d: TaskDetailView) -> str:
        t, c, i = d.task, d.task.clock, d.incident
        e = escape
        state = {"lapsed": self.tr("超时"), "warning": self.tr("预警"), "running": self.tr("进行中"),
                 "paused": self.tr("暂停"), "met": self.tr("已完成")}.get(c.clock_state or "", "")  # fmt: skip
        if t.state == "blocked":
            state = self.tr("受阻") + (f":{e(t.block_reason)}" if t.block_reason else "")
        elif t.state == "done":
            state = f"{self.tr('已完成')} {_when(t.done_at)} {e(t.done_by or '')}"
        elif t.state == "cancelled":
            state = self.tr("已取消")
        parts = [f"<h3 style='margin:0'>{e(t.title)}</h3>",
                 f"<p>{e(t.group_name)} · {e(t.role_name)}" + (f" · <b>{state}</b>" if state else "") + "</p>"]  # fmt: skip
        if t.detail:
            parts.append(f"<p>{e(t.detail)}</p>")
        if d.duties:
            parts.append(f"<p><b>{self.tr('本组职责')}</b></p><ul style='margin-top:0'>"
                         + "".join(f"<li>{e(x)}</li>" for x in d.duties) + "</ul>")  # fmt: skip
        if c.due_at or d.rule_name:
            parts.append(f"<p><b>{self.tr('时限')}</b> {e(d.rule_name)}<br>"
                         + (f"“{e(d.basis)}”<br>" if d.basis else "")
                         + f"{self.tr('开始')} {_when(d.started_at)} · {self.tr('预警')} {_when(c.warn_at)}"
                         f" · {self.tr('期限')} {_when(c.due_at)}</p>")  # fmt: skip
        if d.history:
            parts.append(f"<p><b>{self.tr('时钟记录')}</b><br>" + "<br>".join(
                f"{_when(h.at)} {e(self.tr(EVENT_NAMES.get(h.kind, h.kind)))} {e(h.by)}"
                + (f":{e(h.reason)}" if h.reason else "")
                + (f"(→ {_when(h.due_after)})" if h.due_after and h.due_after != h.due_before else "")
                for h in d.history) + "</p>")  # fmt: skip
        parts.append(f"<p><b>{self.tr('谁负责')}</b><br>{self._holder(d.holder)}</p>")
        if d.stand_in is not None:
            parts.append(
                f"<p><b>{self.tr('非工作时间由此代岗')}</b><br>{self._holder(d.stand_in)}</p>"
            )
        if d.follows:
            parts.append(f"<p><b>{self.tr('下一步')}</b><br>" + "<br>".join(
                f"{e(n.title)}({e(n.group_name)})"
                + (f" — {self.tr('完成本任务后开始计时')}" if n.state is None else "")
                for n in d.follows) + "</p>")  # fmt: skip
        facts = [
            f"#{i.id} {e(i.title)}",
            f"{e(i.plan_name)} · {e(i.level_name)} · {e(i.state_name)}",
        ]
        if i.reporter:
            facts.append(f"{self.tr('投诉人')} {e(i.reporter)}")
        if i.location:
            facts.append(f"{self.tr('地点')} {e(i.location)}")
        if i.demands:
            facts.append(f"{self.tr('诉求')} {e(i.demands)}")
        facts.append(
            f"{self.tr('接报')} {_when(i.received_at)} · {self.tr('首问负责人')} {e(i.first_receiver or '')}"
        )
        parts.append(f"<p><b>{self.tr('事件')}</b><br>" + "<br>".join(facts) + "</p>")
        return "".join(parts)

    def _holder(self, h: HolderView) -> str:
        def people(names: tuple[str, ...]) -> str:
            return f"({escape('、'.join(names))})" if names else ""

        return (f"{escape(h.role_name)}:A角 {escape(h.a_post)}{people(h.a_people)}"
                f" · B角 {escape(h.b_post)}{people(h.b_people)}")  # fmt: skip
