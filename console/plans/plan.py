"""Plans (应急预案) as data: one YAML file per plan under resources/plans/, validated on
load into immutable objects. Code never knows a plan by name; a rule from a seed is a
line in a plan file. Every error names its field path (`groups[2].roles[0].id: …`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    PlainValidator,
    StringConstraints,
    ValidationError,
)

from console.files import (
    RESOURCES,
    FieldErrors,
    Frozen,
    format_pydantic_errors,
    read_file,
    read_yaml,
)
from console.incidents.lifecycle import CHANNELS, State
from console.time.deadlines import Duration, Warning, parse_duration, parse_warning

log = logging.getLogger(__name__)

PLANS_DIR = RESOURCES / "plans"

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
Channel = Literal["onsite", "phone", "online", "third_party", "letter"]


def _duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    return parse_duration(value)


def _warning(value: Any) -> Warning:
    if isinstance(value, Warning):
        return value
    return parse_warning(value)


DurationField = Annotated[Duration, PlainValidator(_duration)]
WarningField = Annotated[Warning, PlainValidator(_warning)]


class Condition(Frozen):
    """Which incidents a rule or template applies to; an empty list means all."""

    levels: tuple[Id, ...] = ()
    types: tuple[Id, ...] = ()
    channels: tuple[Channel, ...] = ()

    def matches(self, level: str, type_id: str | None, channel: str) -> bool:
        return (
            (not self.levels or level in self.levels)
            and (not self.types or type_id in self.types)
            and (not self.channels or channel in self.channels)
        )


class OrgRole(Frozen):
    """A role of the plan's org chart (组长, 现场处置组负责人 …), held by an A角 and a B角; not a
    console role (console/people/roles.py)."""

    id: Id
    name: Name
    a: Name = Field(description="A角: the post that holds the role")
    b: Name = Field(description="B角: the backup post")
    stand_in: Id | None = Field(default=None, description="role that stands in off-hours")


class Group(Frozen):
    id: Id
    name: Name
    kind: Literal["command", "work", "supervision"] = "work"
    duties: tuple[Name, ...] = ()
    roles: tuple[OrgRole, ...] = Field(min_length=1)


class Org(Frozen):
    leader: Id
    deputies: tuple[Id, ...] = ()
    groups: tuple[Group, ...] = Field(min_length=1)


class Level(Frozen):
    id: Id
    name: Name
    rank: int = Field(ge=1, le=100)
    description: str = ""


class ComplaintType(Frozen):
    id: Id
    name: Name
    description: str = ""


class Phase(Frozen):
    id: Id
    name: Name


class OnLapse(Frozen):
    regrade_to: Id


class SlaRule(Frozen):
    id: Id
    name: Name
    basis: Name = Field(description="the seed's words this rule encodes")
    scope: Literal["task", "incident"] = "task"
    start: str = Field(
        description="reported | typed | activated | state:<state> | task_done:<template>"
    )
    duration: DurationField
    warn: WarningField | None = None
    target: str | None = Field(default=None, description="incident scope: state:<state>")
    when: Condition = Condition()
    on_lapse: OnLapse | None = None


class TaskTemplate(Frozen):
    id: Id
    title: Name
    group: Id
    role: Id
    phase: Id
    sla: Id | None = None
    when: Condition = Condition()
    no_handover: bool = Field(default=False, description="no shift handover while in progress")
    # reported: part of the procedure every complaint goes through (created at 接报登记);
    # activated: work of the emergency organisation (created at 启动预案);
    # rehandle: made only when a 回访 finds the customer 不满意 (the plan's revisit.rehandle).
    starts: Literal["reported", "activated", "rehandle"] = "activated"
    # first_receiver: the task goes to the person who registered the report (首问负责).
    assign: Literal["first_receiver"] | None = None
    # activated: 启动预案 is this task done (the decision an assessment comes to).
    done_when: Literal["activated"] | None = None


class WorkingHours(Frozen):
    start: time
    end: time
    days: Literal["workdays", "weekdays", "all"] = "workdays"


class Escalation(Frozen):
    to_b_after: DurationField = parse_duration("10 分钟")
    to_leader_after: DurationField = parse_duration("10 分钟")
    # No seed gives these delays: each is the organisation's own setting, and says so.
    basis: Name = "本单位设定:告警未确认时逐级上报 A角 → B角 → 组长"


class Quiet(Frozen):
    """Hours in which warnings (预警) are not sent off the seat but held until the hours end;
    a lapse (超时), an escalation and a call-out are always sent at once."""

    start: time
    end: time


class Notify(Frozen):
    """Messages off the seat: an alarm not acknowledged is sent again every `repeat_every`,
    at most `repeat_max` times (escalation sends to the next step besides)."""

    repeat_every: DurationField = parse_duration("10 分钟")
    repeat_max: int = Field(default=3, ge=0, le=20)
    quiet: Quiet | None = None
    basis: Name = "本单位设定:告警未确认时每 10 分钟重发,至多 3 次"


class Callout(Frozen):
    """启动预案 calls each work group's members to their posts (通知各工作组成员到位); `task` is
    the plan's task for it: its clock is the limit for everyone's 到位确认, its role is who
    is alarmed about anyone missing, and it is done when the last person confirms."""

    task: Id | None = None
    basis: Name = ""


class Rehandle(Frozen):
    """A task made afresh on 不满意, with its fresh deadline (None: its template's rule's
    duration, counted from the 回访; no rule and no `within`: no clock)."""

    task: Id
    within: DurationField | None = None


class Revisit(Frozen):
    """回访: who records the follow-up result, which task it completes, and what work a
    不满意 result sends the case back to (seed 001: 如投诉人仍有异议,则继续调查处理)."""

    task: Id | None = Field(default=None, description="the template a recorded 回访 completes")
    by: tuple[Id, ...] = Field(default=(), description="org roles whose holders record it")
    rehandle: tuple[Rehandle, ...] = Field(default=(), description="tasks made afresh on 不满意")
    basis: Name = ""


class Repeat(Frozen):
    """A complainant who comes back (seed 004: 经住户多次提出而得不到解决的投诉 — 重大投诉)."""

    within: DurationField = parse_duration("90 日")
    unresolved_only: bool = Field(default=True, description="only earlier cases still open count")
    regrade_to: Id
    basis: Name = ""


class Reporting(Frozen):
    """Reporting upward (初报 → 续报 → 终报): when the first report is due, counted from
    `start`, and how long after each signed report the next 续报 is due, until the 终报. Each
    is a clock of the `role`'s (default: the plan's leader) with warnings and alarms like any
    other, and signing the report (签发) meets it."""

    first_within: DurationField
    update_every: DurationField | None = None
    start: Literal["reported", "activated"] = "activated"
    role: Id | None = None
    warn: WarningField | None = None
    to: Name = "上级主管部门"
    basis: Name = ""


# What a form's field may be filled from: the incident's own fields, one task of the plan
# ("task:<template>": its state, who did it and when, its note), and the case's lists.
FORM_INCIDENT_FIELDS = ("id", "title", "plan", "received_at", "reporter", "contact", "channel",
                        "level", "type", "people", "demands", "location", "mood", "order_no",
                        "respondent", "recorded_by", "state", "closed_at")  # fmt: skip
FORM_LISTS = ("tasks", "log", "revisit", "clocks", "attachments", "sitreps")


class FormField(Frozen):
    """One numbered field: its label, where its content comes from (none: blank lines for a
    hand entry), and how many ruled lines it takes at least."""

    label: Name
    source: str | None = Field(
        default=None, description="incident.<field> | task:<template> | " + " | ".join(FORM_LISTS)
    )
    lines: int = Field(default=1, ge=1, le=30)


class Form(Frozen):
    """A paper form of the plan (《投诉接收单》…), printed from the case: title, numbered
    fields in a ruled table, then the signature and date lines."""

    id: Id
    title: Name
    basis: Name = Field(description="the seed's words that ask for the form")
    fields: tuple[FormField, ...] = Field(min_length=1)
    signatures: tuple[Name, ...] = ()


UnmaskRole = Literal["leader", "deputy", "coordinator", "member", "duty_officer", "supervisor"]


class Plan(Frozen):
    id: Id
    name: Name
    source: Name
    version: int = Field(default=1, ge=1)
    description: str = ""
    timezone: str = "Asia/Shanghai"
    working_hours: WorkingHours | None = None
    escalation: Escalation = Escalation()
    phases: tuple[Phase, ...] = Field(min_length=1)
    levels: tuple[Level, ...] = Field(min_length=1)
    default_level: Id
    types: tuple[ComplaintType, ...] = ()
    org: Org
    sla_rules: tuple[SlaRule, ...] = ()
    task_templates: tuple[TaskTemplate, ...] = Field(min_length=1)
    # Who may print a complainant's number in full (--unmask): permission roles.
    unmask_roles: tuple[UnmaskRole, ...] = ("leader", "deputy", "duty_officer")
    revisit: Revisit | None = None
    repeat: Repeat | None = None
    notify: Notify = Notify()
    callout: Callout = Callout()
    reporting: Reporting | None = None
    forms: tuple[Form, ...] = ()

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.org.groups if g.id == group_id), None)

    def role(self, role_id: str) -> tuple[Group, OrgRole] | None:
        for g in self.org.groups:
            for r in g.roles:
                if r.id == role_id:
                    return g, r
        return None

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def complaint_type(self, type_id: str) -> ComplaintType | None:
        return next((t for t in self.types if t.id == type_id), None)

    def rule(self, rule_id: str) -> SlaRule | None:
        return next((r for r in self.sla_rules if r.id == rule_id), None)

    def template(self, template_id: str) -> TaskTemplate | None:
        return next((t for t in self.task_templates if t.id == template_id), None)

    def templates_for(self, level: str, type_id: str | None, channel: str,
                      activated: bool = True) -> list[TaskTemplate]:  # fmt: skip
        """The templates that apply at this level, type and channel; before 启动预案 only
        those of the procedure every complaint goes through (starts: reported)."""
        out = []
        for t in self.task_templates:
            if t.starts == "rehandle" or (t.starts == "activated" and not activated):
                continue
            rule = self.rule(t.sla) if t.sla else None
            if t.when.matches(level, type_id, channel) and (
                rule is None or rule.when.matches(level, type_id, channel)
            ):
                out.append(t)
        return out

    def group_phase(self, group_id: str) -> str:
        """The phase a group's own work is in (its first template's), else the plan's first:
        where a task made for the case (ad hoc, a report's deadline) stands."""
        return next(
            (t.phase for t in self.task_templates if t.group == group_id), self.phases[0].id
        )

    def form(self, form_id: str) -> Form | None:
        return next((f for f in self.forms if f.id == form_id), None)

    def reporting_role(self) -> str | None:
        """Whose clocks the 初报/续报 deadlines are: the plan's `reporting.role`, else its leader."""
        return None if self.reporting is None else (self.reporting.role or self.org.leader)

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "source": self.source,
            "levels": [{"id": lv.id, "name": lv.name} for lv in self.levels],
            "types": [{"id": t.id, "name": t.name} for t in self.types],
            "groups": [{"id": g.id, "name": g.name} for g in self.org.groups],
            "escalation": {
                "to_b_after": str(self.escalation.to_b_after),
                "to_leader_after": str(self.escalation.to_leader_after),
                "basis": self.escalation.basis,
            },
            "revisit": bool(self.revisit),
            "reporting": None if self.reporting is None else {
                "first_within": str(self.reporting.first_within), "start": self.reporting.start,
                "update_every": str(self.reporting.update_every) if self.reporting.update_every else None,
                "to": self.reporting.to, "basis": self.reporting.basis},
            "forms": [{"id": f.id, "title": f.title} for f in self.forms],
        }  # fmt: skip


class PlanError(FieldErrors):
    """A plan file that cannot be loaded, with every reason."""


def _check_event(event: str, plan: Plan, templates: set[str]) -> str | None:
    if event in ("reported", "typed", "activated"):
        return None
    kind, _, arg = event.partition(":")
    if kind == "state":
        if arg not in {s.value for s in State}:
            return f"unknown state {arg!r}; one of {', '.join(s.value for s in State)}"
        return None
    if kind == "task_done":
        return None if arg in templates else f"no task template {arg!r}"
    return f"unknown event {event!r}; use reported, typed, activated, state:<state> or task_done:<template>"


def cross_check(plan: Plan) -> list[str]:
    """References between the parts of a plan: every id named must exist, once."""
    errors: list[str] = []

    def unique(items: tuple[Any, ...], path: str) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                errors.append(f"{path}[{i}].id: duplicate id {item.id!r}")
            seen.add(item.id)
        return seen

    group_ids = unique(plan.org.groups, "org.groups")
    role_ids: set[str] = set()
    for gi, g in enumerate(plan.org.groups):
        for ri, r in enumerate(g.roles):
            if r.id in role_ids or r.id in group_ids:
                errors.append(f"org.groups[{gi}].roles[{ri}].id: duplicate id {r.id!r}")
            role_ids.add(r.id)
    levels = unique(plan.levels, "levels")
    types = unique(plan.types, "types")
    phases = unique(plan.phases, "phases")
    unique(plan.sla_rules, "sla_rules")
    templates = unique(plan.task_templates, "task_templates")

    try:
        ZoneInfo(plan.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, a name too long
        errors.append(f"timezone: unknown time zone {plan.timezone!r}")
    if plan.default_level not in levels:
        errors.append(f"default_level: no level {plan.default_level!r}")
    if plan.org.leader not in role_ids:
        errors.append(f"org.leader: no role {plan.org.leader!r}")
    for i, d in enumerate(plan.org.deputies):
        if d not in role_ids:
            errors.append(f"org.deputies[{i}]: no role {d!r}")
    for gi, g in enumerate(plan.org.groups):
        for ri, r in enumerate(g.roles):
            if r.stand_in is not None and (r.stand_in not in role_ids or r.stand_in == r.id):
                errors.append(
                    f"org.groups[{gi}].roles[{ri}].stand_in: no other role {r.stand_in!r}"
                )
    for e in (plan.escalation.to_b_after, plan.escalation.to_leader_after):
        if e.fixed is None:
            errors.append(f"escalation: {e} must be minutes or hours")

    def check_when(when: Condition, path: str) -> None:
        for i, lv in enumerate(when.levels):
            if lv not in levels:
                errors.append(f"{path}.levels[{i}]: no level {lv!r}")
        for i, t in enumerate(when.types):
            if t not in types:
                errors.append(f"{path}.types[{i}]: no complaint type {t!r}")

    for i, rule in enumerate(plan.sla_rules):
        path = f"sla_rules[{i}]"
        problem = _check_event(rule.start, plan, templates)
        if problem:
            errors.append(f"{path}.start: {problem}")
        check_when(rule.when, f"{path}.when")
        if rule.scope == "incident":
            if not rule.target or not rule.target.startswith("state:"):
                errors.append(f"{path}.target: an incident rule stops at state:<state>")
            else:
                problem = _check_event(rule.target, plan, templates)
                if problem:
                    errors.append(f"{path}.target: {problem}")
        elif rule.target is not None:
            errors.append(
                f"{path}.target: a task rule stops when its task is done; leave target out"
            )
        if rule.on_lapse and rule.on_lapse.regrade_to not in levels:
            errors.append(f"{path}.on_lapse.regrade_to: no level {rule.on_lapse.regrade_to!r}")

    for i, t in enumerate(plan.task_templates):
        path = f"task_templates[{i}]"
        rule = plan.rule(t.sla) if t.sla else None
        if t.starts != "activated" and rule is not None and rule.start == "activated":
            errors.append(
                f"{path}.starts: made before 启动预案 but its clock {t.sla!r} waits for it"
            )
        group = plan.group(t.group)
        if group is None:
            errors.append(f"{path}.group: no group {t.group!r}")
        elif t.role not in {r.id for r in group.roles}:
            errors.append(f"{path}.role: group {t.group!r} has no role {t.role!r}")
        if t.phase not in phases:
            errors.append(f"{path}.phase: no phase {t.phase!r}")
        if t.sla is not None:
            rule = plan.rule(t.sla)
            if rule is None:
                errors.append(f"{path}.sla: no SLA rule {t.sla!r}")
            elif rule.scope != "task":
                errors.append(f"{path}.sla: rule {t.sla!r} is an incident rule")
            elif rule.start == f"task_done:{t.id}":
                errors.append(f"{path}.sla: rule {t.sla!r} starts when this very task is done")
        check_when(t.when, f"{path}.when")

    if plan.revisit is not None:
        if plan.revisit.task is not None and plan.revisit.task not in templates:
            errors.append(f"revisit.task: no task template {plan.revisit.task!r}")
        for i, r in enumerate(plan.revisit.by):
            if r not in role_ids:
                errors.append(f"revisit.by[{i}]: no role {r!r}")
        for i, r in enumerate(plan.revisit.rehandle):
            if r.task not in templates:
                errors.append(f"revisit.rehandle[{i}].task: no task template {r.task!r}")
    if plan.callout.task is not None and plan.callout.task not in templates:
        errors.append(f"callout.task: no task template {plan.callout.task!r}")
    if plan.notify.quiet is not None and plan.notify.quiet.start == plan.notify.quiet.end:
        errors.append(
            "notify.quiet: start and end are the same time (no quiet hours: leave it out)"
        )
    if plan.notify.repeat_every.fixed is None:
        errors.append(f"notify.repeat_every: {plan.notify.repeat_every} must be minutes or hours")
    if plan.reporting is not None:
        if plan.reporting.role is not None and plan.reporting.role not in role_ids:
            errors.append(f"reporting.role: no role {plan.reporting.role!r}")
        every = plan.reporting.update_every
        if every is not None and every.fixed is None:
            errors.append(f"reporting.update_every: {every} must be minutes or hours")
    unique(plan.forms, "forms")
    for fi, form in enumerate(plan.forms):
        for i, field in enumerate(form.fields):
            problem = _check_source(field.source, templates)
            if problem:
                errors.append(f"forms[{fi}].fields[{i}].source: {problem}")
    if plan.repeat is not None:
        if plan.repeat.regrade_to not in levels:
            errors.append(f"repeat.regrade_to: no level {plan.repeat.regrade_to!r}")
        if plan.repeat.within.fixed is None:
            errors.append(f"repeat.within: {plan.repeat.within} must be minutes, hours or days")
    errors.extend(_dependency_cycles(plan))
    return errors


def _check_source(source: str | None, templates: set[str]) -> str | None:
    if source is None or source in FORM_LISTS:
        return None
    kind, _, name = (
        source.partition(".") if source.startswith("incident.") else source.partition(":")
    )
    if kind == "incident":
        return (
            None
            if name in FORM_INCIDENT_FIELDS
            else (f"the incident has no field {name!r}; one of {', '.join(FORM_INCIDENT_FIELDS)}")
        )
    if kind == "task":
        return None if name in templates else f"no task template {name!r}"
    return f"unknown source {source!r}; use incident.<field>, task:<template> or one of {', '.join(FORM_LISTS)}"


def _dependency_cycles(plan: Plan) -> list[str]:
    """A task whose clock starts when another task is done must not wait on itself."""
    after: dict[str, str] = {}
    for t in plan.task_templates:
        rule = plan.rule(t.sla) if t.sla else None
        if rule and rule.start.startswith("task_done:"):
            after[t.id] = rule.start.partition(":")[2]
    for i, t in enumerate(plan.task_templates):
        seen = {t.id}
        current = after.get(t.id)
        while current is not None:
            if current in seen:
                return [f"task_templates[{i}].sla: clocks wait on each other in a circle ({t.id})"]
            seen.add(current)
            current = after.get(current)
    return []


def parse_plan(data: Any) -> Plan:
    if not isinstance(data, dict):
        raise PlanError(["(root): a plan must be a mapping of fields"])
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanError(format_pydantic_errors(exc)) from None
    errors = cross_check(plan)
    if errors:
        raise PlanError(errors)
    return plan


def load_plan(path: Path, *, checked: bool = False) -> Plan:
    """`checked`: a file of the plans folder, read at every start (files.read_yaml)."""
    data = read_yaml(read_file(path, PlanError), PlanError, str(path), checked=checked)
    try:
        return parse_plan(data)
    except PlanError as exc:
        exc.source = str(path)
        raise


@dataclass
class Catalogue:
    """The plans this console runs, by id; broken files are reported, not fatal."""

    plans: dict[str, Plan]
    broken: dict[str, list[str]]

    def __iter__(self) -> Iterator[Plan]:
        return iter(self.plans.values())

    def get(self, plan_id: str) -> Plan | None:
        return self.plans.get(plan_id)

    def group_ids(self) -> set[str]:
        return {g.id for p in self.plans.values() for g in p.org.groups}


def load_catalogue(folder: Path = PLANS_DIR) -> Catalogue:
    plans: dict[str, Plan] = {}
    broken: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            plan = load_plan(path, checked=True)
        except PlanError as exc:
            log.error("plan %s not loaded: %s", path.name, exc)
            broken[path.name] = exc.errors
            continue
        if plan.id in plans:
            broken[path.name] = [f"id: duplicate plan id {plan.id!r}"]
            continue
        plans[plan.id] = plan
    return Catalogue(plans, broken)


__all__ = [
    "CHANNELS",
    "Catalogue",
    "Plan",
    "PlanError",
    "load_catalogue",
    "load_plan",
    "parse_plan",
]
