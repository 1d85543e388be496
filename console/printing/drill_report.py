"""The drill report (演练评估报告): how the teams did against the plan's deadlines.

- per group and role: tasks met on time, late (and by how much), missed (lapsed and
  still not done when the drill ended), still running, and tasks without a deadline;
- alarms: how long each took to be acknowledged, per group, and those never acknowledged;
- per SLA rule: the plan's deadline beside the time the teams actually took;
- the injects as they arrived, and the leader's notes (notes by the leader and deputies
  during the drill, and the closing notes).

`gather` computes the figures (a pure read, no display); `render` prints them with the
演练 watermark on every page."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.context import App
from console.drills.scenario import INJECT_NAMES, MODE_NAMES, format_offset
from console.printing.pdf import canvas_with, styles, table
from console.sla.alarms import ALARM_KIND_NAMES, STEP_NAMES
from console.sla.clocks import ClockState, Status, clock_state
from console.time.format import DEFAULT_TZ, span
from models import Alarm, DrillEvent, DrillSession, LogEntry, SlaClock, Task, User

OUTCOME_NAMES = {"met": "按时", "late": "超时完成", "missed": "超时未完成", "pending": "未到期",
                 "no_deadline": "无时限"}  # fmt: skip


def _s(delta: timedelta) -> int:
    return int(delta.total_seconds())


def gather(app: App, s: Session) -> dict:
    """The report's figures, read in the caller's transaction."""
    row = s.execute(select(DrillSession).order_by(DrillSession.id).limit(1)).scalar_one()
    plan = app.catalogue.get(row.plan_id)
    end = row.ended_at or min(app.time.now(), row.sim_end)
    start = row.sim_start
    clocks = {c.id: c for c in s.execute(select(SlaClock)).scalars()}
    task_rows = (
        s.execute(select(Task).where(Task.state != "cancelled").order_by(Task.id)).scalars().all()
    )
    alarm_rows = s.execute(select(Alarm).order_by(Alarm.raised_at, Alarm.id)).scalars().all()
    leaders = set(s.execute(select(User.name).where(User.role.in_(("leader", "deputy")))).scalars())
    notes = s.execute(select(LogEntry).where(LogEntry.kind == "note", LogEntry.actor.in_(leaders))
                      .order_by(LogEntry.at, LogEntry.id)).scalars().all()  # fmt: skip
    events = (
        s.execute(select(DrillEvent).order_by(DrillEvent.due_at, DrillEvent.id)).scalars().all()
    )

    def group_name(gid: str | None) -> str:
        g = plan.group(gid) if plan and gid else None
        return g.name if g else (gid or "—")

    def role_name(rid: str | None) -> str:
        found = plan.role(rid) if plan and rid else None
        return found[1].name if found else (rid or "—")

    # tasks, per group and role
    per_role: dict[tuple[str, str], dict] = {}
    tasks_out = []
    for t in task_rows:
        c = clocks.get(t.clock_id) if t.clock_id else None
        late_s = None
        if c is None or c.status == Status.CANCELLED.value:
            outcome = "no_deadline"
        else:
            state = clock_state(c, end)
            if state is ClockState.MET:
                outcome = "met"
            elif state is ClockState.MET_LATE:
                outcome, late_s = "late", _s(c.stopped_at - c.due_at)  # type: ignore[operator]
            elif state is ClockState.LAPSED:
                outcome, late_s = "missed", _s((c.paused_at or end) - c.due_at)
            else:
                outcome = "pending"
        key = (t.group_id, t.role_id)
        r = per_role.setdefault(key, {"group": t.group_id, "group_name": group_name(t.group_id), "role": t.role_id,
                                      "role_name": role_name(t.role_id), "tasks": 0, "met": 0, "late": 0,
                                      "late_total_s": 0, "late_max_s": 0, "missed": 0, "missed_max_s": 0,
                                      "pending": 0, "no_deadline": 0, "no_deadline_done": 0})  # fmt: skip
        r["tasks"] += 1
        r[outcome] += 1
        if outcome == "late":
            r["late_total_s"] += late_s
            r["late_max_s"] = max(r["late_max_s"], late_s)
        if outcome == "missed":
            r["missed_max_s"] = max(r["missed_max_s"], late_s)
        if outcome == "no_deadline" and t.state == "done":
            r["no_deadline_done"] += 1
        tasks_out.append({"id": t.id, "incident": t.incident_id, "template": t.template_id, "title": t.title,
                          "group": t.group_id, "role": t.role_id, "outcome": outcome, "late_s": late_s,
                          "due": format_offset(c.due_at - start) if c is not None else None,
                          "done": format_offset(t.done_at - start) if t.done_at else None})  # fmt: skip

    # alarms: time to acknowledge, per group
    tasks_by_id = {t.id: t for t in task_rows}
    alarms_out = []
    per_group: dict[str | None, list] = defaultdict(list)
    for a in alarm_rows:
        ack_s = _s(a.acknowledged_at - a.raised_at) if a.acknowledged_at else None
        task = tasks_by_id.get(a.task_id)
        item = {"id": a.id, "kind": a.kind, "incident": a.incident_id, "task": task.template_id if task else None,
                "task_title": task.title if task else None, "group": a.group_id, "group_name": group_name(a.group_id), "raised": format_offset(a.raised_at - start), "ack_s": ack_s,
                "acked_by": a.acknowledged_by, "step": a.step}  # fmt: skip
        alarms_out.append(item)
        per_group[a.group_id].append(item)
    alarm_groups = []
    for gid, items in per_group.items():
        acked = [i["ack_s"] for i in items if i["ack_s"] is not None]
        alarm_groups.append({"group": gid, "group_name": group_name(gid), "raised": len(items), "acked": len(acked),
                             "unacked": len(items) - len(acked), "escalated": sum(1 for i in items if i["step"] > 0),
                             "ack_mean_s": round(statistics.fmean(acked)) if acked else None,
                             "ack_max_s": max(acked) if acked else None})  # fmt: skip
    all_acks = [i["ack_s"] for i in alarms_out if i["ack_s"] is not None]

    # per SLA rule: the plan's deadline beside what the teams took
    per_rule: dict[str, dict] = {}
    for c in clocks.values():
        if c.status == Status.CANCELLED.value:
            continue
        rule = plan.rule(c.rule_id) if plan else None
        r = per_rule.setdefault(c.rule_id, {"rule": c.rule_id, "name": rule.name if rule else c.rule_id,
                                            "plan_limit": str(rule.duration) if rule else "", "clocks": 0,
                                            "met": 0, "late": 0, "missed": 0, "pending": 0, "_taken": []})  # fmt: skip
        r["clocks"] += 1
        state = clock_state(c, end)
        outcome = {
            ClockState.MET: "met",
            ClockState.MET_LATE: "late",
            ClockState.LAPSED: "missed",
        }.get(state, "pending")
        r[outcome] += 1
        if c.status == Status.STOPPED.value and c.stopped_at is not None:
            r["_taken"].append(_s(c.stopped_at - c.started_at))
    rules_out = []
    for r in sorted(per_rule.values(), key=lambda x: x["rule"]):
        taken = r.pop("_taken")
        r["taken_median_s"] = round(statistics.median(taken)) if taken else None
        r["taken_max_s"] = max(taken) if taken else None
        rules_out.append(r)

    return {
        "session": row.name, "scenario": row.scenario_id, "scenario_name": row.scenario_name,
        "plan": row.plan_id, "plan_name": plan.name if plan else row.plan_id, "mode": row.mode, "state": row.state,
        "speed": row.speed, "start": start.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M"),
        "end": format_offset(end - start),
        "totals": {k: sum(r[k] for r in per_role.values())
                   for k in ("tasks", "met", "late", "missed", "pending", "no_deadline")},
        "roles": sorted(per_role.values(), key=lambda r: (r["group"], r["role"])),
        "alarms": {"raised": len(alarms_out), "acked": len(all_acks),
                   "ack_median_s": round(statistics.median(all_acks)) if all_acks else None,
                   "ack_max_s": max(all_acks) if all_acks else None,
                   "groups": sorted(alarm_groups, key=lambda g: g["group"] or ""), "list": alarms_out},
        "rules": rules_out,
        "tasks": tasks_out,
        "injects": [{"key": e.key, "kind": e.kind, "at": format_offset(e.due_at - start), "ok": e.ok,
                     "detail": e.detail} for e in events],
        "notes": [{"at": format_offset(n.at - start), "by": n.actor, "text": n.text} for n in notes],
        "closing_notes": row.notes,
    }  # fmt: skip


def render(report: dict, out: Path, *, watermark: str = "演练") -> Path:
    st = styles()
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                            bottomMargin=16 * mm, title=f"演练评估报告 {report['session']}")  # fmt: skip
    story: list = [Paragraph(f"演练评估报告:{report['scenario_name']}", st["title"]),
                   Paragraph(f"预案:{report['plan_name']} · 模拟开始 {report['start']} · 时长 T+{report['end']} · "
                             f"{report['speed']:g} 倍速 · {MODE_NAMES.get(report['mode'], report['mode'])}"
                             f" · 场次 {report['session']}", st["base"])]  # fmt: skip
    t = report["totals"]
    story.append(Paragraph(f"任务 {t['tasks']} 项:按时 {t['met']},超时完成 {t['late']},超时未完成 {t['missed']},"
                           f"未到期 {t['pending']},无时限 {t['no_deadline']}。告警 {report['alarms']['raised']} 条,"
                           f"已确认 {report['alarms']['acked']} 条,确认用时中位数 "
                           f"{span(report['alarms']['ack_median_s'])}。", st["base"]))  # fmt: skip
    story.append(Paragraph("一、各组各岗位完成情况", st["h2"]))
    rows = [["工作组", "岗位", "任务", "按时", "超时完成", "超时合计", "最长超时", "超时未完成", "未到期", "无时限"]]  # fmt: skip
    for r in report["roles"]:
        missed = f"{r['missed']}(超 {span(r['missed_max_s'])})" if r["missed"] else 0
        rows.append([r["group_name"], r["role_name"], r["tasks"], r["met"], r["late"], span(r["late_total_s"] or None),
                     span(r["late_max_s"] or None), missed, r["pending"], r["no_deadline"]])  # fmt: skip
    story.append(table(rows, [30 * mm, 34 * mm, 10 * mm, 10 * mm, 14 * mm, 16 * mm, 16 * mm, 16 * mm, 12 * mm, 12 * mm], st))  # fmt: skip
    story.append(Paragraph("二、告警确认用时", st["h2"]))
    rows = [["工作组", "告警", "已确认", "未确认", "升级", "平均用时", "最长用时"]]
    for g in report["alarms"]["groups"]:
        rows.append([g["group_name"], g["raised"], g["acked"], g["unacked"], g["escalated"], span(g["ack_mean_s"]),
                     span(g["ack_max_s"])])  # fmt: skip
    story.append(table(rows, [44 * mm, 18 * mm, 18 * mm, 18 * mm, 18 * mm, 26 * mm, 26 * mm], st))
    rows = [["告警时间", "类型", "任务", "工作组", "确认人", "确认用时", "升级"]]
    for a in report["alarms"]["list"]:
        rows.append([f"T+{a['raised']}", ALARM_KIND_NAMES[a["kind"]], a["task_title"] or "事件时限",
                     a["group_name"], a["acked_by"] or "未确认", span(a["ack_s"]), STEP_NAMES[a["step"]]])  # fmt: skip
    story.append(Spacer(1, 4))
    story.append(table(rows, [20 * mm, 12 * mm, 62 * mm, 30 * mm, 18 * mm, 22 * mm, 14 * mm], st))
    story.append(Paragraph("三、与预案时限对比", st["h2"]))
    rows = [["时限规则", "预案时限", "计时", "按时", "超时完成", "超时未完成", "未到期", "实际用时(中位)", "最长"]]  # fmt: skip
    for r in report["rules"]:
        rows.append([r["name"], r["plan_limit"], r["clocks"], r["met"], r["late"], r["missed"], r["pending"],
                     span(r["taken_median_s"]), span(r["taken_max_s"])])  # fmt: skip
    story.append(
        table(
            rows,
            [40 * mm, 18 * mm, 12 * mm, 12 * mm, 16 * mm, 18 * mm, 14 * mm, 24 * mm, 18 * mm],
            st,
        )
    )
    story.append(Paragraph("四、情景注入", st["h2"]))
    rows = [["时间", "类型", "内容", "结果"]]
    for e in report["injects"]:
        if e["key"].startswith("injects"):
            rows.append(
                [
                    f"T+{e['at']}",
                    INJECT_NAMES.get(e["kind"], e["kind"]),
                    e["detail"],
                    "✓" if e["ok"] else "✗",
                ]
            )
    story.append(table(rows, [22 * mm, 22 * mm, 124 * mm, 12 * mm], st))
    story.append(Paragraph("五、指挥长记录与演练总结", st["h2"]))
    for n in report["notes"]:
        story.append(Paragraph(f"T+{n['at']} {n['by']}:{n['text']}", st["base"]))
    story.append(Spacer(1, 4))
    story.append(Paragraph("演练总结:" + (report["closing_notes"] or "(未填写)"), st["base"]))
    header = f"演练评估报告 · {report['scenario_name']} · {report['session']}"
    doc.build(story, canvasmaker=canvas_with(header, watermark))
    return out
