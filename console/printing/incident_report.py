"""The incident report (结案报告): the report, every clock met or late and by how much,
tasks with who did them when, alarms and their acknowledgement, the timeline, and a
chart of the clocks against their deadlines."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.context import App
from console.errors import NotFound
from console.incidents.lifecycle import (
    CHANNELS,
    REVISIT_RESULTS,
    STATE_NAMES,
    TASK_STATE_NAMES,
    State,
    TaskState,
)
from console.printing.handover_sheet import mask_phone
from console.printing.pdf import FONT, canvas_with, styles, tables
from console.sla.alarms import ALARM_KIND_NAMES
from console.sla.clocks import CLOCK_STATE_NAMES, clock_state
from console.time.format import countdown, local_short
from models import Alarm, Attachment, Incident, LogEntry, Revisit, SlaClock, Task


def _span(seconds: float) -> str:
    return countdown(abs(seconds))


def gather(app: App, s: Session, incident_id: int, *, unmask: bool = False) -> dict:
    """The report's content, read in the caller's transaction."""
    now = app.time.now()
    mask = (lambda t: t) if unmask else mask_phone
    inc = s.get(Incident, incident_id)
    if inc is None:
        raise NotFound(f"incident: no incident {incident_id}")
    plan = app.catalogue.get(inc.plan_id)
    level = plan.level(inc.level_id) if plan else None
    ctype = plan.complaint_type(inc.type_id) if (plan and inc.type_id) else None
    clocks = []
    for c in s.execute(select(SlaClock).where(SlaClock.incident_id == incident_id, SlaClock.status != "cancelled")
                       .order_by(SlaClock.started_at)).scalars():  # fmt: skip
        rule = plan.rule(c.rule_id) if plan else None
        task = s.get(Task, c.task_id) if c.task_id else None
        end = c.stopped_at or now
        margin = (c.due_at - end).total_seconds()
        clocks.append({
            "name": task.title if task else (rule.name if rule else c.rule_id), "rule": rule.name if rule else "",
            "started": c.started_at, "due": c.due_at, "stopped": c.stopped_at,
            "state": CLOCK_STATE_NAMES[clock_state(c, now)],
            "verdict": (f"提前 {_span(margin)}" if margin >= 0 else f"超时 {_span(margin)}")
                       + ("" if c.stopped_at else "(未完成)"),
            "late": margin < 0,
        })  # fmt: skip
    tasks = []
    for t in s.execute(
        select(Task).where(Task.incident_id == incident_id).order_by(Task.id)
    ).scalars():
        if t.state == TaskState.CANCELLED:
            continue
        group = plan.group(t.group_id) if plan else None
        tasks.append({"title": t.title, "group": group.name if group else t.group_id,
                      "state": TASK_STATE_NAMES[TaskState(t.state)], "by": t.done_by or "",
                      "at": local_short(t.done_at) if t.done_at else "", "note": t.note or t.block_reason})  # fmt: skip
    alarms = []
    for a in s.execute(
        select(Alarm).where(Alarm.incident_id == incident_id).order_by(Alarm.raised_at)
    ).scalars():
        task = s.get(Task, a.task_id) if a.task_id else None
        ack = (a.acknowledged_at - a.raised_at).total_seconds() if a.acknowledged_at else None
        alarms.append({"what": f"{ALARM_KIND_NAMES.get(a.kind, a.kind)}:{task.title if task else ''}",
                       "raised": local_short(a.raised_at), "by": a.acknowledged_by or "未确认",
                       "after": _span(ack) if ack is not None else "—", "step": a.step})  # fmt: skip
    timeline = [{"at": local_short(e.at), "by": e.actor, "text": mask(e.text), "significant": e.significant}
                for e in s.execute(select(LogEntry).where(LogEntry.incident_id == incident_id)
                                   .order_by(LogEntry.at, LogEntry.id)).scalars()]  # fmt: skip
    return {
        "id": inc.id, "title": inc.title, "plan": plan.name if plan else inc.plan_id,
        "level": level.name if level else inc.level_id, "state": STATE_NAMES[State(inc.state)],
        "closed": inc.state == State.CLOSED, "type": ctype.name if ctype else "—",
        "fields": [("接报时间", local_short(inc.received_at)), ("渠道", CHANNELS.get(inc.channel, inc.channel)),
                   ("投诉人", inc.reporter or "—"), ("联系方式", mask(inc.contact) or "—"), ("人数", str(inc.people)),
                   ("核心诉求", inc.demands or "—"), ("地点", inc.location or "—"), ("情绪状态", inc.mood or "—"),
                   ("投诉类型", ctype.name if ctype else "—"), ("订单号/业务编号", inc.order_no or "—"),
                   ("被投诉人/部门", inc.respondent or "—"), ("首问负责人(登记人)", inc.recorded_by)],
        "revisits": [{"at": local_short(r.at), "by": r.by, "result": REVISIT_RESULTS.get(r.result, r.result),
                      "note": r.note, "round": r.rehandle_round}
                     for r in s.execute(select(Revisit).where(Revisit.incident_id == incident_id)
                                        .order_by(Revisit.at, Revisit.id)).scalars()],
        "evidence": [{"name": a.name, "size": a.size, "sha256": a.sha256, "by": a.added_by, "at": local_short(a.added_at)}
                     for a in s.execute(select(Attachment.name, Attachment.size, Attachment.sha256, Attachment.added_by,
                                               Attachment.added_at).where(Attachment.incident_id == incident_id)
                                        .order_by(Attachment.id)).all()],
        "clocks": clocks, "tasks": tasks, "alarms": alarms, "timeline": timeline, "printed_at": now,
    }  # fmt: skip


def clock_chart(clocks: list[dict], width: float = 500) -> Drawing:
    """One bar per clock from its start to its deadline; a mark where it stopped —
    green when met, red when late."""
    row, label_w = 16, 150
    height = row * max(1, len(clocks)) + 30
    d = Drawing(width, height)
    if not clocks:
        return d
    t0 = min(c["started"] for c in clocks)
    t1 = max(max(c["due"], c["stopped"] or c["due"]) for c in clocks)
    span = max((t1 - t0).total_seconds(), 60.0)
    x = lambda t: label_w + (width - label_w - 10) * (t - t0).total_seconds() / span  # noqa: E731
    for i, c in enumerate(clocks):
        y = height - 20 - i * row
        d.add(String(0, y - 3, c["name"][:14], fontName=FONT, fontSize=7))
        d.add(Rect(x(c["started"]), y - 5, max(1, x(c["due"]) - x(c["started"])), 8,
                   fillColor=colors.HexColor("#d1d5db"), strokeColor=None))  # fmt: skip
        d.add(Line(x(c["due"]), y - 7, x(c["due"]), y + 5, strokeColor=colors.HexColor("#111827")))
        if c["stopped"] is not None:
            colour = colors.HexColor("#dc2626") if c["late"] else colors.HexColor("#16a34a")
            d.add(Rect(x(c["stopped"]) - 3, y - 4, 6, 6, fillColor=colour, strokeColor=None))
    d.add(String(label_w, 2, f"{local_short(t0)} — {local_short(t1)}(灰条:起算至期限;方块:完成,绿按时/红超时)",
                 fontName=FONT, fontSize=7))  # fmt: skip
    return d


def render(report: dict, out: Path, *, watermark: str = "") -> Path:
    st = styles()
    story: list = [Paragraph("结案报告" if report["closed"] else "事件报告(未结案)", st["title"]),
                   Paragraph(f"#{report['id']} {report['title']} · {report['plan']} · {report['level']} · "
                             f"{report['state']}", st["base"]), Spacer(1, 6)]  # fmt: skip
    story.extend(tables([["项目", "内容"]] + [[k, v] for k, v in report["fields"]], [90, 425], st))
    story.append(Paragraph("一、时钟与期限(是否按时、相差多少)", st["h2"]))
    story.append(clock_chart(report["clocks"]))
    rows = [["时钟", "起算", "期限", "完成", "结果"]] + [
        [c["name"], local_short(c["started"]), local_short(c["due"]), local_short(c["stopped"]) if c["stopped"] else "—",
         c["verdict"]] for c in report["clocks"]]  # fmt: skip
    story.extend(tables(rows, [185, 80, 80, 80, 90], st))
    story.append(Paragraph("二、任务与完成人", st["h2"]))
    rows = [["任务", "工作组", "状态", "完成人", "完成时间", "备注"]] + [
        [t["title"], t["group"], t["state"], t["by"], t["at"], t["note"]] for t in report["tasks"]
    ]
    story.extend(tables(rows, [170, 70, 45, 50, 75, 105], st))
    story.append(Paragraph("三、告警与确认", st["h2"]))
    rows = [["告警", "发出", "确认人", "确认用时", "升级"]] + [
        [a["what"], a["raised"], a["by"], a["after"], str(a["step"])] for a in report["alarms"]
    ]
    story.extend(
        tables(rows, [210, 80, 70, 70, 85], st)
        if report["alarms"]
        else [Paragraph("无告警。", st["base"])]
    )
    story.append(Paragraph("四、回访与满意度", st["h2"]))
    rows = [["回访时间", "回访人", "结果", "说明"]] + [
        [r["at"], r["by"], r["result"] + (f"(第{r['round']}次重新处理)" if r["round"] else ""), r["note"]]
        for r in report["revisits"]]  # fmt: skip
    story.extend(tables(rows, [80, 60, 110, 265], st) if report["revisits"]
                 else [Paragraph("尚无回访记录。", st["base"])])  # fmt: skip
    story.append(Paragraph("五、证据", st["h2"]))
    rows = [["文件", "大小", "SHA-256", "上传人", "时间"]] + [
        [e["name"], f"{e['size']} B", e["sha256"][:32] + "…", e["by"], e["at"]] for e in report["evidence"]]  # fmt: skip
    story.extend(tables(rows, [130, 55, 185, 55, 90], st) if report["evidence"]
                 else [Paragraph("无证据附件。", st["base"])])  # fmt: skip
    story.append(Paragraph("六、时间线", st["h2"]))
    rows = [["时间", "记录人", "内容"]] + [[e["at"], e["by"], ("★ " if e["significant"] else "") + e["text"]]
                                           for e in report["timeline"]]  # fmt: skip
    story.extend(tables(rows, [80, 55, 380], st))
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=f"结案报告 #{report['id']}", author="应急指挥台")  # fmt: skip
    header = f"应急指挥台 · 结案报告 · #{report['id']} {report['title'][:30]} · 打印于 {local_short(report['printed_at'])}"
    doc.build(story, canvasmaker=canvas_with(header, watermark))
    return out
