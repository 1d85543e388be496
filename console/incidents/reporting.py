"""Reporting upward (初报 → 续报(一、二…) → 终报): what each report is called, the draft
prefilled from the case, and the deadlines a plan's `reporting` sets, kept as tasks of the
case with clocks of their own (so a report due warns, lapses and escalates like any other
deadline, and signing the report meets it). Functions of an open transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.context import App, write_time
from console.incidents.lifecycle import (
    CHANNELS,
    PENDING_TASK_STATES,
    REVISIT_RESULTS,
    STATE_NAMES,
    State,
    TaskState,
)
from console.incidents.work import add_case_task, finish_task
from console.people.privacy import mask_phone
from console.plans.plan import Plan
from console.sla.clocks import ClockState, clock_state
from console.time.deadlines import compute_deadline
from console.time.format import countdown, local_short
from models import Incident, Revisit, Sitrep, SlaClock, Task

KINDS = {"first": "初报", "update": "续报", "final": "终报"}
# The tasks that hold a report's deadline: "sitrep:first", "sitrep:update:2", …
SITREP_PREFIX = "sitrep:"
SITREP_RULE = "sitrep"  # how the clock lists name their clock: PER_CASE_RULES

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 100 → 一百 (续报 are numbered so)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" if rest < 10 else "") + chinese_number(rest)
    if 10 <= rest < 20:
        tail = "一" + tail
    return _DIGITS[n // 100] + "百" + tail


def title_of(kind: str, number: int) -> str:
    """初报, 续报(一), 续报(二) …, 终报."""
    return f"续报({chinese_number(number)})" if kind == "update" else KINDS[kind]


def report_name(template_id: str) -> str:
    """初报 / 续报 / 终报 of a task that holds a report's deadline ("sitrep:update:2"), else ""."""
    if not template_id.startswith(SITREP_PREFIX):
        return ""
    return KINDS.get(template_id.split(":")[1], "")


def refusals(reports: Iterable[Any], closed: bool) -> dict[str, str | None]:
    """Which report may be drafted next, for each kind None or why not: reports go up in
    order, one in preparation at a time — the 初报 once; 续报 after a signed 初报; the 终报
    once, after a signed 初报, and nothing after it; a closed case only its 终报. `reports`:
    the case's reports (anything with kind, number, id and signed_at)."""
    reports = list(reports)
    draft = next((r for r in reports if not r.signed_at), None)
    final = next((r for r in reports if r.kind == "final"), None)
    first_signed = any(r.kind == "first" and r.signed_at for r in reports)
    out: dict[str, str | None] = {}
    for kind in KINDS:
        if draft is not None:
            why = (f"{title_of(draft.kind, draft.number)} #{draft.id} is a draft not yet signed: "
                   "edit and sign it first (one report in preparation at a time)")  # fmt: skip
        elif final is not None:
            why = f"the 终报 (#{final.id}) is signed: no report follows it"
        elif closed and kind != "final":
            why = "the case is closed: only its 终报 may still be drafted"
        elif kind == "first":
            why = "the 初报 is drafted already: the next is a 续报 (update)" if reports else None
        else:
            why = None if first_signed else f"no signed 初报 yet: a {KINDS[kind]} follows the 初报"
        out[kind] = why
    return out


def _pending(incident: Incident) -> list[Task]:
    return [t for t in incident.tasks
            if t.template_id.startswith(SITREP_PREFIX) and t.state in PENDING_TASK_STATES]  # fmt: skip


def due_task(incident: Incident) -> Task | None:
    """The task that holds the next report's deadline, if one is pending."""
    pending = _pending(incident)
    return pending[-1] if pending else None


def schedule(app: App, s: Session, plan: Plan, incident: Incident, kind: str, number: int,
             start: datetime, actor: str) -> Task | None:  # fmt: skip
    """The deadline of the next report, as a task of the reporting role's group with its own
    clock: the 初报 `first_within` from its start, a 续报 `update_every` after the last signed
    report. None when the plan sets no such deadline."""
    rep = plan.reporting
    if rep is None:
        return None
    within = rep.first_within if kind == "first" else rep.update_every
    role = plan.reporting_role()
    found = plan.role(role) if role else None
    if within is None or found is None:
        return None
    group, org_role = found
    deadline = compute_deadline(start, within, plan.tz, app.calendar)
    name = title_of(kind, number)
    phase = plan.group_phase(group.id)
    return add_case_task(
        app, s, plan, incident, template_id=f"{SITREP_PREFIX}{kind}:{number}",
        title=f"报送{name}", group=group.id, role=org_role.id, phase=phase, due=deadline,
        start=start, warn=rep.warn, rule_id=SITREP_RULE, assignee=None, actor=actor,
        detail=f"向{rep.to}报送{name},组长或副组长签发" + (f"({rep.basis})" if rep.basis else ""),
        what="报告时限", more=f",期限 {local_short(deadline.at, plan.tz)}",
    )  # fmt: skip


def start_reporting(app: App, s: Session, plan: Plan, incident: Incident, event: str,
                    actor: str) -> None:  # fmt: skip
    """At the plan's reporting start (reported or activated): the 初报's deadline."""
    rep = plan.reporting
    if rep is None or rep.start != event or _pending(incident):
        return
    if s.scalar(select(Sitrep.id).where(Sitrep.incident_id == incident.id, Sitrep.kind == "first",
                                        Sitrep.signed_at.is_not(None))) is not None:  # fmt: skip
        return
    schedule(app, s, plan, incident, "first", 1, write_time(s), actor)


def signed(
    app: App, s: Session, plan: Plan, incident: Incident, report: Sitrep, actor: str
) -> None:
    """A report is signed: the deadline it meets is done; after a 初报 or 续报 the next
    续报's deadline runs, after the 终报 none."""
    name = title_of(report.kind, report.number)
    for task in _pending(incident):  # a 终报 meets the 续报 then due: nothing follows it
        finish_task(app, s, task, actor, f"{name}已签发")
    if report.kind != "final":  # reports go up in order: the next 续报 is this one's next
        following = report.number + 1 if report.kind == "update" else 1
        schedule(
            app, s, plan, incident, "update", following, report.signed_at or write_time(s), actor
        )


def draft_text(app: App, s: Session, plan: Plan, incident: Incident, kind: str,
               now: datetime) -> str:  # fmt: skip
    """The draft, prefilled from the case: the facts, what was done, what is open, the
    deadlines missed and the next steps. Complainants' numbers are masked (a report goes
    upward, not to the caller)."""
    tz = plan.tz
    level = plan.level(incident.level_id)
    ctype = plan.complaint_type(incident.type_id) if incident.type_id else None
    tasks = [t for t in incident.tasks if t.state != TaskState.CANCELLED]
    done = [t for t in tasks if t.state == TaskState.DONE]
    pending = [
        t
        for t in tasks
        if t.state in PENDING_TASK_STATES and not t.template_id.startswith(SITREP_PREFIX)
    ]
    group = lambda t: g.name if (g := plan.group(t.group_id)) else t.group_id  # noqa: E731
    facts = [
        f"{local_short(incident.received_at, tz)},经{CHANNELS.get(incident.channel, incident.channel)}渠道接报:"
        f"{incident.title}。",
        f"地点:{incident.location or '(未登记)'};人数:{incident.people} 人;"
        f"投诉人:{incident.reporter or '(未登记)'}" + (f"({mask_phone(incident.contact)})" if incident.contact else "") + "。",
        f"诉求:{incident.demands or '(未登记)'}" + (f";情绪:{incident.mood}" if incident.mood else "") + "。",
        f"响应级别:{level.name if level else incident.level_id}" + (f";投诉类型:{ctype.name}" if ctype else "")
        + f";当前状态:{STATE_NAMES[State(incident.state)]}。",
    ]  # fmt: skip
    did = [f"{local_short(t.done_at, tz)} {group(t)} {t.title}({t.done_by})" + (f":{t.note}" if t.note else "")
           for t in sorted(done, key=lambda t: t.done_at or now)] or ["(尚无已完成的工作)"]  # fmt: skip
    visits = s.execute(
        select(Revisit).where(Revisit.incident_id == incident.id).order_by(Revisit.at)
    ).scalars()
    did += [f"{local_short(v.at, tz)} 回访:{REVISIT_RESULTS.get(v.result, v.result)}" + (f"。{v.note}" if v.note else "")
            for v in visits]  # fmt: skip
    open_ = []
    for t in sorted(pending, key=lambda t: (t.due_at is None, t.due_at or now)):
        limit = f",期限 {local_short(t.due_at, tz)}" if t.due_at else ""
        open_.append(
            f"{group(t)} {t.title}{limit}"
            + ("(受阻:" + t.block_reason + ")" if t.block_reason else "")
        )
    lapsed = []
    for c in s.execute(select(SlaClock).where(SlaClock.incident_id == incident.id,
                                              SlaClock.status != "cancelled")).scalars():  # fmt: skip
        state = clock_state(c, now)
        if state not in (ClockState.LAPSED, ClockState.MET_LATE):
            continue
        task = s.get(Task, c.task_id) if c.task_id else None
        rule = plan.rule(c.rule_id)
        what = task.title if task else (rule.name if rule else c.rule_id)
        over = ((c.stopped_at or now) - c.due_at).total_seconds()
        lapsed.append(f"{what}:期限 {local_short(c.due_at, tz)},"
                      + (f"已完成,超时 {countdown(over)}" if state == ClockState.MET_LATE else f"已超时 {countdown(over)}"))  # fmt: skip
    nexts = open_[:5] if kind != "final" else []
    sections = [
        ("一、基本情况", facts),
        ("二、已采取的处置措施", did),
        ("三、尚未完成的工作", open_ or ["(无)"]),
        ("四、超时情况", lapsed or ["(无超时)"]),
        (
            "五、下一步工作",
            nexts or (["事件处置完毕,本报告为终报。"] if kind == "final" else ["(待定)"]),
        ),
    ]
    text = "\n\n".join(title + "\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))
                       for title, lines in sections)  # fmt: skip
    return mask_phone(text)  # numbers typed into a title, a note, a demand … go up masked too
