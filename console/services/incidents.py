"""接报登记, activation, re-grading and the lifecycle of an incident."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from console.context import App, write_time
from console.errors import InputError
from console.incidents import reporting
from console.incidents.earlier import contact_key, earlier_cases, unresolved, window_of
from console.incidents.lifecycle import (
    CHANNELS,
    PENDING_TASK_STATES,
    STATE_NAMES,
    TRANSITIONS,
    State,
    parse_state,
)
from console.incidents.work import finish_task, milestone, regrade_in, sync_tasks
from console.journal import INCIDENT_FIELDS, journal, snapshot
from console.people.permissions import Action
from console.plans.plan import Plan
from console.services import notify
from console.services.common import authorize, check_version, clean_text, get_incident, plan_of
from console.services.queries import earlier_view, incident_view
from console.sla import clocks
from console.time.format import YEARS
from console.views.records import IncidentView, NoteView
from models import Incident

_CONTACT = re.compile(r"^[0-9+\-() ]{3,32}$")
_MAX_TEXT = 2000


@dataclass
class ReportInput:
    """The fields of 接报登记, named as the command line names them."""

    plan: str
    title: str
    channel: str
    level: str | None = None
    type: str | None = None
    people: int | None = 1
    demands: str = ""
    location: str = ""
    reporter: str = ""
    contact: str = ""
    mood: str = ""
    order_no: str = ""
    respondent: str = ""
    received_at: datetime | None = None
    extra: dict = field(default_factory=dict)


_text = clean_text


def validate_report(app: App, data: ReportInput) -> tuple[Plan, dict]:
    plan = app.catalogue.get(data.plan) if isinstance(data.plan, str) else None
    if plan is None:
        known = ", ".join(p.id for p in app.catalogue)
        raise InputError("--plan", f"no plan {data.plan!r}; one of {known}")
    title = _text(data.title, "--title", 200, required=True)
    if not isinstance(data.channel, str) or data.channel not in CHANNELS:
        raise InputError("--channel", f"one of {', '.join(CHANNELS)}")
    level = plan.default_level if data.level is None or data.level == "" else data.level
    if not isinstance(level, str) or plan.level(level) is None:
        raise InputError("--level", f"plan {plan.id} has no level {level!r}; one of "
                         + ", ".join(f"{lv.id} ({lv.name})" for lv in plan.levels))  # fmt: skip
    type_id = data.type
    if type_id is None and len(plan.types) == 1:
        type_id = plan.types[0].id
    if type_id is not None and (
        not isinstance(type_id, str) or plan.complaint_type(type_id) is None
    ):
        raise InputError("--type", f"plan {plan.id} has no complaint type {type_id!r}; one of "
                         + ", ".join(f"{t.id} ({t.name})" for t in plan.types))  # fmt: skip
    people = 1 if data.people is None else data.people
    if not isinstance(people, int) or isinstance(people, bool) or not 1 <= people <= 100_000:
        raise InputError("--people", "a whole number from 1 to 100000")
    contact = _text(data.contact, "--contact", 32)
    if contact and not _CONTACT.match(contact):
        raise InputError("--contact", "a phone number: digits, spaces, + - ( )")
    now = app.time.now()
    received = now if data.received_at is None else data.received_at
    if not isinstance(received, datetime):
        raise InputError("--received-at", f"must be a time, not {type(received).__name__}")
    if received.utcoffset() is None:
        raise InputError("--received-at", "give a time zone offset")
    if received > now + timedelta(minutes=5):
        raise InputError("--received-at", "lies in the future")
    if received.year < YEARS.start:  # a mistyped year: deadlines are counted from it
        raise InputError("--received-at", "lies before 1970")
    fields = {
        "plan_id": plan.id, "title": title, "channel": data.channel, "level_id": level,
        "type_id": type_id, "people": people, "contact": contact, "received_at": received,
        "demands": _text(data.demands, "--demands", _MAX_TEXT),
        "location": _text(data.location, "--location", 200),
        "reporter": _text(data.reporter, "--reporter", 128),
        "mood": _text(data.mood, "--mood", 64),
        "order_no": _text(data.order_no, "--order-no", 64),
        "respondent": _text(data.respondent, "--respondent", 200),
    }  # fmt: skip
    return plan, fields


def register(app: App, actor: str | None, data: ReportInput) -> IncidentView:
    """接报登记: records the report, with its registering user as the 首问负责人; the plan's
    procedure for every complaint (its `starts: reported` tasks) begins at once, with its
    clocks; the leader then assesses and activates the emergency organisation."""
    plan, fields = validate_report(app, data)
    with app.write() as s:
        user = authorize(s, actor, Action.REGISTER)
        incident = Incident(**fields, state=State.REPORTED.value, recorded_by=user.name,
                            contact_key=contact_key(fields["contact"]),
                            milestones={"reported": fields["received_at"].isoformat()})  # fmt: skip
        s.add(incident)
        s.flush()
        level = plan.level(incident.level_id)
        journal(app, s, actor=user.name, action="incident.report", entity="incident",
                entity_id=incident.id, before=None, after=snapshot(incident, INCIDENT_FIELDS),
                incident_id=incident.id, kind="state", significant=True,
                text=f"接报登记:{incident.title}({level.name if level else incident.level_id},"
                     f"{CHANNELS[incident.channel]},{incident.people} 人;首问负责人 {user.name})")  # fmt: skip
        found = earlier_cases(s, incident, window_of(plan))  # once: for the grade and the view
        _grade_repeat(app, s, plan, incident, user.name, found)
        sync_tasks(app, s, plan, incident, user.name)
        clocks.sync(s, plan, incident, app.calendar, write_time(s), user.name)
        reporting.start_reporting(app, s, plan, incident, "reported", user.name)
        return incident_view(app, plan, incident,
                             extra={"earlier": earlier_view(app, s, plan, incident, found)})  # fmt: skip


def _grade_repeat(app: App, s: Session, plan: Plan, incident: Incident, actor: str,
                  found: list[tuple[Incident, str]]) -> None:  # fmt: skip
    """A plan may grade a complainant who comes back higher (seed 004: 经住户多次提出而得不到
    解决的投诉 — 重大投诉): earlier cases from the same number within the plan's window,
    still open when the plan counts only unresolved ones."""
    repeat = plan.repeat
    if repeat is None:
        return
    counted = unresolved(found) if repeat.unresolved_only else [e for e, _ in found]
    new, old = plan.level(repeat.regrade_to), plan.level(incident.level_id)
    if not counted or new is None or old is None or new.rank <= old.rank:
        return
    ids = "、".join(f"#{e.id}" for e in counted[:5])
    regrade_in(app, s, plan, incident, repeat.regrade_to, actor,
               f"同一客户再次投诉({ids}){':' + repeat.basis if repeat.basis else ''}")  # fmt: skip


def retype(app: App, actor: str | None, incident_id: int, type_id: str, *, reason: str,
           version: int | None = None) -> IncidentView:  # fmt: skip
    """Changes the complaint type (seed 001: 问题型投诉面谈、协商失败也会转为恶意投诉); adds the
    tasks the new type calls for and cancels the pending ones it no longer does."""
    reason = _text(reason, "--reason", _MAX_TEXT, required=True)
    with app.write() as s:
        user = authorize(s, actor, Action.REGRADE)
        incident = get_incident(s, incident_id)
        check_version(s, "incident", incident, version)
        plan = plan_of(app, incident)
        new = plan.complaint_type(type_id) if isinstance(type_id, str) else None
        if new is None:
            known = ", ".join(f"{t.id} ({t.name})" for t in plan.types) or "none"
            raise InputError(
                "type", f"plan {plan.id} has no complaint type {type_id!r}; one of {known}"
            )
        if incident.state == State.CLOSED:
            raise InputError("state", f"incident {incident_id} is closed")
        if incident.type_id == type_id:
            raise InputError("type", f"incident {incident_id} is already {new.name}")
        old = plan.complaint_type(incident.type_id) if incident.type_id else None
        before = snapshot(incident, INCIDENT_FIELDS)
        incident.type_id = type_id
        now = write_time(s)
        # 接到恶意投诉后第一时间…: a type's clocks that count from `typed` start now
        incident.milestones = dict(incident.milestones or {}) | {"typed": now.isoformat()}
        journal(app, s, actor=user.name, action="incident.retype", entity="incident", entity_id=incident.id,
                before=before, after=snapshot(incident, INCIDENT_FIELDS), incident_id=incident.id,
                kind="state", significant=True,
                text=f"投诉类型 {old.name if old else '未定'} → {new.name}({reason})")  # fmt: skip
        sync_tasks(app, s, plan, incident, user.name)
        clocks.sync(s, plan, incident, app.calendar, now, user.name)
        return incident_view(app, plan, incident)


def activate(app: App, actor: str | None, incident_id: int) -> IncidentView:
    """启动预案: instantiates the plan's tasks for the incident's level, type and channel."""
    with app.write() as s:
        user = authorize(s, actor, Action.ACTIVATE)
        incident = get_incident(s, incident_id)
        state = State(incident.state)
        if State.ACTIVATED not in TRANSITIONS[state] or "activated" in (incident.milestones or {}):
            raise InputError("state", f"incident {incident_id} is {STATE_NAMES[state]}: a plan is activated "
                             "from 接报, 研判, 处置 or 反馈, once")  # fmt: skip
        plan = plan_of(app, incident)
        before = snapshot(incident, INCIDENT_FIELDS)
        now = write_time(s)
        incident.state = State.ACTIVATED.value
        milestone(incident, "activated", now)
        milestone(incident, "state:activated", now)
        journal(app, s, actor=user.name, action="incident.activate", entity="incident",
                entity_id=incident.id, before=before, after=snapshot(incident, INCIDENT_FIELDS),
                incident_id=incident.id, kind="state", significant=True,
                text=f"启动预案《{plan.name}》")  # fmt: skip
        _decided(app, s, plan, incident, user.name)
        sync_tasks(app, s, plan, incident, user.name)
        clocks.sync(s, plan, incident, app.calendar, write_time(s), user.name)
        reporting.start_reporting(app, s, plan, incident, "activated", user.name)
        s.flush()
        notify.call_out(app, s, plan, incident, user.name)  # 通知各工作组成员到位
        return incident_view(app, plan, incident)


def _decided(app: App, s: Session, plan: Plan, incident: Incident, actor: str) -> None:
    """启动预案 is the decision an assessment comes to (seed 000: 迅速组织初步研判……是否需要
    启动本预案): the pending tasks the plan marks `done_when: activated` are done by it."""
    for task in incident.tasks:
        template = plan.template(task.template_id)
        if (
            template is None
            or template.done_when != "activated"
            or task.state not in PENDING_TASK_STATES
        ):
            continue
        finish_task(app, s, task, actor, "决定启动预案")


def regrade(
    app: App,
    actor: str | None,
    incident_id: int,
    level_id: str,
    *,
    reason: str = "",
    version: int | None = None,
) -> IncidentView:
    """Changes the response level; adds the tasks the new level calls for and cancels the
    pending ones it no longer does."""
    with app.write() as s:
        user = authorize(s, actor, Action.REGRADE)
        incident = get_incident(s, incident_id)
        check_version(s, "incident", incident, version)
        plan = plan_of(app, incident)
        if plan.level(level_id) is None:
            raise InputError("level", f"plan {plan.id} has no level {level_id!r}; one of "
                             + ", ".join(f"{lv.id} ({lv.name})" for lv in plan.levels))  # fmt: skip
        if incident.state == State.CLOSED:
            raise InputError("state", f"incident {incident_id} is closed")
        if incident.level_id == level_id:
            raise InputError(
                "level", f"incident {incident_id} is already {plan.level(level_id).name}"
            )
        regrade_in(app, s, plan, incident, level_id, user.name, reason)
        return incident_view(app, plan, incident)


def advance(
    app: App, actor: str | None, incident_id: int, target: str, version: int | None = None
) -> IncidentView:
    """Moves the incident along 接报 → 研判 → 启动预案 → 处置 → 反馈 → 归档/结案."""
    try:
        to = parse_state(target)
    except ValueError as exc:
        raise InputError("state", str(exc)) from None
    if to == State.ACTIVATED:
        return activate(app, actor, incident_id)
    with app.write() as s:
        user = authorize(s, actor, Action.ADVANCE)
        incident = get_incident(s, incident_id)
        check_version(s, "incident", incident, version)
        current = State(incident.state)
        if to not in TRANSITIONS[current]:
            nexts = "、".join(STATE_NAMES[x] for x in sorted(TRANSITIONS[current])) or "无(已结案)"
            raise InputError("state", f"incident {incident_id} is {STATE_NAMES[current]}: cannot go to "
                             f"{STATE_NAMES[to]}; next may be {nexts}")  # fmt: skip
        if to == State.CLOSED:
            pending = [t for t in incident.tasks if t.state in PENDING_TASK_STATES]
            if pending:
                ids = ", ".join(f"#{t.id}" for t in pending[:10])
                due = [
                    t.title for t in pending if t.template_id.startswith(reporting.SITREP_PREFIX)
                ]
                report = (f"; {due[0]} is met by signing a report: the 终报 when the case is done "
                          "(sitrep add --kind final, sitrep sign)") if due else ""  # fmt: skip
                raise InputError("state", f"{len(pending)} task(s) still open or blocked ({ids}): "
                                 f"finish them before closing{report}")  # fmt: skip
        plan = plan_of(app, incident)
        before = snapshot(incident, INCIDENT_FIELDS)
        incident.state = to.value
        milestone(incident, f"state:{to.value}", write_time(s))
        journal(app, s, actor=user.name, action="incident.advance", entity="incident",
                entity_id=incident.id, before=before, after=snapshot(incident, INCIDENT_FIELDS),
                incident_id=incident.id, kind="state", significant=True,
                text=f"事件状态 {STATE_NAMES[current]} → {STATE_NAMES[to]}")  # fmt: skip
        clocks.sync(s, plan, incident, app.calendar, write_time(s), user.name)
        return incident_view(app, plan, incident)


def follow_up(app: App, actor: str | None, incident_id: int, *, people: int | None = None,
              mood: str | None = None, demand: str | None = None, text: str = "") -> IncidentView:  # fmt: skip
    """续报: what a follow-up report changes — the crowd's size and mood, a new demand —
    with a line in the timeline that the command screen's events strip shows."""
    if people is not None and (isinstance(people, bool) or not 1 <= people <= 100_000):
        raise InputError("--people", "a whole number from 1 to 100000")
    mood = None if mood is None else _text(mood, "--mood", 64)
    demand = None if demand is None else _text(demand, "--demand", _MAX_TEXT, required=True)
    text = _text(text, "text", _MAX_TEXT)
    if people is None and not mood and demand is None and not text:
        raise InputError(
            "--people", "a follow-up changes something: people, mood, a demand or a note"
        )
    with app.write() as s:
        user = authorize(s, actor, Action.REGISTER)
        incident = get_incident(s, incident_id)
        before = snapshot(incident, INCIDENT_FIELDS)
        said = []
        if people is not None and people != incident.people:
            said.append(f"现场人数 {incident.people} → {people} 人")
            incident.people = people
        if mood:
            said.append(f"情绪:{mood}")
            incident.mood = mood
        if demand is not None:
            said.append(f"新增诉求:{demand}")
            incident.demands = f"{incident.demands};{demand}" if incident.demands else demand
            if len(incident.demands) > _MAX_TEXT:
                raise InputError("--demand", f"the demands would exceed {_MAX_TEXT} characters")
        if text:
            said.append(text)
        journal(app, s, actor=user.name, action="incident.follow_up", entity="incident", entity_id=incident.id,
                before=before, after=snapshot(incident, INCIDENT_FIELDS), incident_id=incident.id,
                kind="report", significant=True, text="续报:" + ";".join(said))  # fmt: skip
        return incident_view(app, plan_of(app, incident), incident)


def add_note(app: App, actor: str | None, incident_id: int | None, text: str, *,
             significant: bool = False) -> NoteView:  # fmt: skip
    """A duty-log entry, for an incident or for the shift."""
    text = _text(text, "text", _MAX_TEXT, required=True)
    with app.write() as s:
        user = authorize(s, actor, Action.NOTE)
        if incident_id is not None:
            get_incident(s, incident_id)
        journal(app, s, actor=user.name, action="log.note", entity="incident" if incident_id else "shift",
                entity_id=incident_id or "", before=None, after={"text": text, "significant": significant},
                incident_id=incident_id, kind="note", text=text, significant=significant)  # fmt: skip
        return NoteView(incident=incident_id, text=text, significant=significant, by=user.name)
