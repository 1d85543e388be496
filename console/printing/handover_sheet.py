"""The handover sheet (交接班单), following the 三清 rule — 情况清、问题清、任务清:
what is going on, what went wrong or is about to, and what the next shift must do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from console import audit
from console.context import App
from console.incidents.lifecycle import ACTIVE_STATES, CHANNELS, REVISIT_RESULTS, STATE_NAMES, State
from console.people.privacy import mask_phone
from console.printing.pdf import COMPACT_OVER, canvas_with, styles, table, tables
from console.sla.alarms import ALARM_KIND_NAMES, STEP_NAMES, AlarmState, alarm_state
from console.sla.clocks import CLOCK_STATE_NAMES, ClockState, clock_state, remaining
from console.time.format import DEFAULT_TZ, countdown, local_short
from console.views.board import load_rows
from models import Alarm, Incident, LogEntry, Revisit, Shift, SlaClock, Task, User

# Phone shapes only (dates and times are long digit runs too): a mobile 1[3-9]xxxxxxxxx,
# spaces or dashes allowed between digits; a landline with its area code, 0xx(x)-xxxxxxx(x).


@dataclass
class Sheet:
    title: str
    plans: str
    start: datetime
    end: datetime
    outgoing: str
    incoming: str
    leader: str
    printed_at: datetime
    printed_by: str
    masked: bool
    situation: list[dict] = field(default_factory=list)
    clocks: list[dict] = field(default_factory=list)
    alarms: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    instructions: list[dict] = field(default_factory=list)
    due_next: list[dict] = field(default_factory=list)
    # The audit chain's head when the sheet was read (SEQ, HASH): signed with the sheet, it
    # anchors the log (`audit verify --anchor SEQ:HASH`).
    audit_head: tuple[int, str] = (0, "")


def build(
    app: App, s: Session, *, shift_id: int | None, printed_by: str, unmask: bool = False
) -> Sheet:
    """Gathers the sheet for a shift (the open one by default, else the last 12 hours)."""
    now = app.time.now()
    shift = s.get(Shift, shift_id) if shift_id else s.execute(
        select(Shift).where(Shift.handed_over_at.is_(None)).order_by(Shift.id.desc())).scalars().first()  # fmt: skip
    start = shift.started_at if shift else now - timedelta(hours=12)
    end = (shift.handed_over_at or now) if shift else now
    incidents = s.execute(select(Incident).where(Incident.state.in_([st.value for st in ACTIVE_STATES]))
                          .order_by(Incident.id)).scalars().all()  # fmt: skip
    mask = (lambda t: t) if unmask else mask_phone
    plans_in_use: list[str] = []
    situation = []
    last_revisit = {r.incident_id: r for r in s.execute(select(Revisit).where(
        Revisit.incident_id.in_([i.id for i in incidents])).order_by(Revisit.at, Revisit.id)).scalars()}  # fmt: skip
    for inc in incidents:
        plan = app.catalogue.get(inc.plan_id)
        if plan and plan.name not in plans_in_use:
            plans_in_use.append(plan.name)
        level = plan.level(inc.level_id) if plan else None
        entries = s.execute(select(LogEntry).where(LogEntry.incident_id == inc.id, LogEntry.at >= start,
                                                   LogEntry.at <= end)).scalars().all()  # fmt: skip
        entries = sorted(entries, key=lambda e: (not e.significant, e.at))
        situation.append({
            "incident": f"#{inc.id} {inc.title}", "level": level.name if level else inc.level_id,
            "state": STATE_NAMES[State(inc.state)], "received": local_short(inc.received_at),
            "who": mask(f"{inc.reporter} {inc.contact}".strip()) or "—",
            "facts": f"{CHANNELS.get(inc.channel, inc.channel)} · {inc.people} 人 · {inc.location or '—'}"
                     + (f" · 诉求:{inc.demands}" if inc.demands else "") + f" · 首问负责人 {inc.recorded_by}"
                     + (f" · 回访:{REVISIT_RESULTS.get(r.result, r.result)}({local_short(r.at)[5:]} {r.by})"
                        if (r := last_revisit.get(inc.id)) else ""),
            "log": [("★ " if e.significant else "") + f"{local_short(e.at)[11:]} {mask(e.text)}" for e in entries[:12]],
        })  # fmt: skip
    clocks = []
    # Columns, not entities, and only clocks whose warning point has passed (lapsed or
    # warning): on a big day that is a fraction of the running clocks.
    q = select(SlaClock.task_id, SlaClock.rule_id, SlaClock.status, SlaClock.due_at, SlaClock.warn_at,
               SlaClock.paused_at, SlaClock.stopped_at, Incident.id.label("incident_id"), Incident.plan_id).join(
        Incident, SlaClock.incident_id == Incident.id).where(
        SlaClock.status.in_(("running", "paused")), SlaClock.warn_at <= now,
        Incident.state.in_([st.value for st in ACTIVE_STATES]))  # fmt: skip
    titles = dict(s.execute(select(Task.id, Task.title)).all())  # one read, not one per row
    for c in s.execute(q.order_by(SlaClock.due_at)).all():
        st = clock_state(c, now)  # a row reads like a clock: status, due_at, warn_at …
        if st not in (ClockState.LAPSED, ClockState.WARNING):
            continue
        plan = app.catalogue.get(c.plan_id)
        rule = plan.rule(c.rule_id) if plan else None
        left = remaining(c, now).total_seconds()
        clocks.append({"what": titles.get(c.task_id) or (rule.name if rule else c.rule_id),
                       "incident": f"#{c.incident_id}", "due": local_short(c.due_at), "state": CLOCK_STATE_NAMES[st],
                       "left": ("超时 " + countdown(-left)) if left < 0 else ("剩余 " + countdown(left))})  # fmt: skip
    alarms = []
    for a in s.execute(select(Alarm).order_by(Alarm.priority.desc(), Alarm.raised_at)).scalars():
        state = alarm_state(a, now)
        if state == AlarmState.ACKED:
            continue
        alarms.append({"what": f"{ALARM_KIND_NAMES.get(a.kind, a.kind)}:{titles.get(a.task_id, '')}",
                       "incident": f"#{a.incident_id}", "raised": local_short(a.raised_at),
                       "to": f"{STEP_NAMES.get(a.step, a.step)} {'、'.join(a.recipients or [])}",
                       "state": "未确认" if state == AlarmState.OPEN
                       else f"搁置至 {local_short(a.shelved_until)[11:]}({a.shelve_reason})"})  # fmt: skip
    leaders = select(User.name).where(User.role.in_(("leader", "deputy")))
    notes = select(LogEntry).where(LogEntry.kind == "note", LogEntry.actor.in_(leaders),
                                   LogEntry.at >= start, LogEntry.at <= end).order_by(LogEntry.at)  # fmt: skip
    instructions = [{"at": local_short(e.at), "by": e.actor, "text": mask(e.text),
                     "incident": f"#{e.incident_id}" if e.incident_id else "—"}
                    for e in s.execute(notes).scalars()]  # fmt: skip
    rows = load_rows(app, s)
    tasks = [{"group": r.group_name, "role": r.role_name, "task": r.title, "incident": f"#{r.incident_id} {r.level_name}",
              "due": local_short(r.due_at) if r.due_at else "—",
              "left": countdown(r.remaining(now).total_seconds()) if r.due_at else "—",
              "state": ("受阻:" + r.block_reason) if r.state == "blocked" else
                       {"lapsed": "已超时", "warning": "预警", "paused": "暂停"}.get(r.clock_state(now), "待办")}
             for r in sorted(rows, key=lambda r: (r.group_name, r.role_name, r.sort_key))]  # fmt: skip
    horizon = now + timedelta(hours=12)
    due_next = [t for t, r in zip(tasks, sorted(rows, key=lambda r: (r.group_name, r.role_name, r.sort_key)), strict=True)
                if r.due_at and now < r.due_at <= horizon]  # fmt: skip
    due_next.sort(key=lambda t: t["due"])
    return Sheet(title="交接班单", plans="、".join(plans_in_use) or "(无进行中的事件)", start=start, end=end,
                 outgoing=shift.officer if shift else "—", incoming=(shift.incoming or "") if shift else "",
                 leader=(shift.leader or "") if shift else "", printed_at=now, printed_by=printed_by,
                 masked=not unmask, situation=situation, clocks=clocks, alarms=alarms, tasks=tasks,
                 instructions=instructions, due_next=due_next[:30], audit_head=audit.head(s))  # fmt: skip


def render(sheet: Sheet, out: Path, *, watermark: str = "") -> Path:
    st = styles()
    local = lambda d: d.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M")  # noqa: E731
    story: list = [Paragraph(sheet.title, st["title"]),
                   Paragraph(f"预案:{sheet.plans}", st["base"]), Spacer(1, 4)]  # fmt: skip
    story.append(table([["值班时段", "交班人", "接班人", "带班领导", "打印"],
                         [f"{local(sheet.start)} — {local(sheet.end)}", sheet.outgoing, sheet.incoming or "",
                          sheet.leader or "", f"{local(sheet.printed_at)} {sheet.printed_by}"
                          + ("" if sheet.masked else "(未遮蔽号码)")]],
                        [150, 70, 70, 70, 155], st))  # fmt: skip
    story.append(Paragraph("一、情况清 — 进行中的事件与本班动态", st["h2"]))
    if sheet.situation:
        rows = [["事件", "级别 / 状态", "接报与投诉人", "本班动态(重要在前)"]]
        for item in sheet.situation:
            rows.append([Paragraph(f"{item['incident']}<br/>{item['facts']}", st["cell"]),
                         f"{item['level']} / {item['state']}", f"{item['received']}<br/>{item['who']}",
                         Paragraph("<br/>".join(item["log"]) or "—", st["cell"])])  # fmt: skip
        story.extend(tables(rows, [150, 55, 80, 230], st))  # few rows: every cell wraps
    else:
        story.append(Paragraph("本班无进行中的事件。", st["base"]))
    story.append(Paragraph("二、问题清 — 超时与预警、未确认和搁置的告警", st["h2"]))
    rows = [["事项", "事件", "期限", "打印时", "时钟"]] + [
        [c["what"], c["incident"], c["due"], c["left"], c["state"]] for c in sheet.clocks
    ]
    story.extend(
        tables(rows, [230, 40, 90, 90, 65], st, wrap=(0,))
        if sheet.clocks
        else [Paragraph("无超时或预警的时钟。", st["base"])]
    )
    story.append(Spacer(1, 4))
    rows = [["告警", "事件", "发出", "送达", "状态"]] + [
        [a["what"], a["incident"], a["raised"], a["to"], a["state"]] for a in sheet.alarms
    ]
    story.extend(
        tables(rows, [200, 40, 85, 110, 80], st, wrap=(0, 3, 4))
        if sheet.alarms
        else [Paragraph("无未确认或搁置的告警。", st["base"])]
    )
    compact = len(sheet.tasks) > COMPACT_OVER
    story.append(Paragraph("三、任务清 — 各组待办与受阻(按工作组、岗位)"
                           + (f"(共 {len(sheet.tasks)} 项,单行显示)" if compact else ""), st["h2"]))  # fmt: skip
    rows = [["工作组", "岗位", "任务", "事件", "期限", "剩余", "状态"]] + [
        [t["group"], t["role"], t["task"], t["incident"], t["due"], t["left"], t["state"]]
        for t in sheet.tasks
    ]
    if not sheet.tasks:
        story.append(Paragraph("无待办任务。", st["base"]))
    else:
        story.extend(tables(rows, [62, 62, 170, 52, 70, 50, 49], st, wrap=(0, 1, 2, 6)))
    story.append(Paragraph("四、领导指示与下一班到期事项", st["h2"]))
    rows = [["时间", "指示人", "事件", "内容"]] + [
        [i["at"], i["by"], i["incident"], i["text"]] for i in sheet.instructions
    ]
    story.extend(
        tables(rows, [80, 55, 45, 335], st)
        if sheet.instructions
        else [Paragraph("本班无领导指示记录。", st["base"])]
    )
    story.append(Spacer(1, 4))
    rows = [["到期", "任务", "工作组", "事件"]] + [
        [t["due"], t["task"], t["group"], t["incident"]] for t in sheet.due_next
    ]
    story.extend(
        tables(rows, [80, 260, 90, 85], st, wrap=(1,))
        if sheet.due_next
        else [Paragraph("12 小时内无到期事项。", st["base"])]
    )
    story.append(Spacer(1, 18))
    signatures = table(
        [["交班人签字", "接班人签字", "带班领导签字", "交接时间"], ["", "", "", ""]],
        [130, 130, 130, 125],
        st,
    )
    signatures._argH[1] = 42  # room to sign
    seq, digest = sheet.audit_head
    anchor = table([["审计链锚点:条目", "哈希 SHA-256(签字即确认至此的日志)"], [str(seq), digest]],
                   [90, 425], st, wrap=())  # fmt: skip
    check = Paragraph(
        f"核验:python main.py audit verify --anchor {seq}:&lt;上列哈希&gt;", st["small"]
    )
    story.append(KeepTogether([signatures, Spacer(1, 6), anchor, Spacer(1, 2), check]))
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=sheet.title, author="应急指挥台")  # fmt: skip
    header = (
        f"应急指挥台 · 交接班单 · {local(sheet.start)} — {local(sheet.end)} · 交班 {sheet.outgoing}"
    )
    doc.build(story, canvasmaker=canvas_with(header, watermark))
    return out
