"""Drill scenarios (演练脚本) as data: one YAML file per scenario under resources/drills/,
validated on load like a plan, every error naming its field path.

A scenario names a plan, a simulated start, a clock speed and a length, and lists
- injects: what the outside world does at an offset from the start — a new report, the
  crowd growing, a media enquiry, a complainant's new demand, a task becoming blocked;
- responses: what the teams do (activate, complete, block, ack, regrade, advance, note),
  played by the script in a headless run (live drills leave them to people);
- expect.alarms: the alarms the run must raise, and when (checked by a headless run).

Offsets are written `0m`, `12m`, `1h30m`, `90s` (or quoted "01:30:00")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Field,
    PlainValidator,
    StringConstraints,
    ValidationError,
    model_validator,
)

from console.actions import ACTIONS
from console.files import (
    RESOURCES,
    FieldErrors,
    Frozen,
    format_pydantic_errors,
    read_file,
    read_yaml,
)
from console.incidents.lifecycle import CHANNELS, parse_state
from console.people.cast import DEMO_USERS
from console.plans.plan import Catalogue, Channel, Id, Name
from console.time.format import OUTSIDE_YEARS, YEARS, countdown

DRILLS_DIR = RESOURCES / "drills"
DIRECTOR = "director"  # the cast member who plays the outside world (演练导演)

_OFFSET = re.compile(r"^(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s)?$")
_CLOCK = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")


def parse_offset(value: Any) -> timedelta:
    """`12m`, `1h30m`, `90s`, `0` or "HH:MM[:SS]" → a timedelta from the drill's start."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError("an offset like 12m, 1h30m or 90s")
    if isinstance(value, int):
        if value == 0:
            return timedelta(0)
        # YAML reads an unquoted 01:30 as the number 90: say how to write it instead
        raise ValueError("write the offset with its unit (12m, 1h30m, 90s) or quote it ('01:30')")
    text = value.strip().replace(" ", "")
    if text in ("0", "+0"):
        return timedelta(0)
    text = text.removeprefix("+")
    clock = _CLOCK.match(text)
    if clock:
        h, m, s = clock.groups()
        return timedelta(hours=int(h), minutes=int(m), seconds=int(s or 0))
    match = _OFFSET.match(text)
    if not text or match is None or not any(match.groups()):
        raise ValueError(f"not an offset: {value!r} (write 12m, 1h30m or 90s)")
    h, m, s = (int(g or 0) for g in match.groups())
    return timedelta(hours=h, minutes=m, seconds=s)


def format_offset(delta: timedelta) -> str:
    """HH:MM:SS from the drill's start (the console's countdown format)."""
    return countdown(delta.total_seconds())


def _start(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(
                "an ISO-8601 time with its offset, e.g. 2026-12-01T09:00:00+08:00"
            ) from None
    if not isinstance(value, datetime):
        raise ValueError("an ISO-8601 time with its offset, e.g. 2026-12-01T09:00:00+08:00")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("give the time zone offset (e.g. +08:00)")
    if value.year not in YEARS:
        raise ValueError(OUTSIDE_YEARS)
    return value


Offset = Annotated[timedelta, PlainValidator(parse_offset)]
Start = Annotated[datetime, PlainValidator(_start)]
Text = Annotated[str, Field(max_length=2000)]
UserName = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^\S+$")]


class CastMember(Frozen):
    name: UserName
    display_name: str = ""
    role: Literal["leader", "deputy", "coordinator", "member", "duty_officer", "supervisor"]
    group: Id | None = None
    org_role: Id | None = None
    ab: Literal["A", "B"] | None = None


MODE_NAMES = {
    "live": "实时演练",
    "scripted": "实时演练(脚本代演未到岗角色)",
    "headless": "无界面运行",
}


# --- injects: the outside world ---------------------------------------------------------
class ReportInject(Frozen):
    ref: Id = Field(description="the name later injects and responses use for this incident")
    title: Name
    channel: Channel
    level: Id | None = None
    type: Id | None = None
    people: int = Field(default=1, ge=1, le=100_000)
    demands: Text = ""
    location: Text = ""
    mood: Text = ""
    reporter: Text = ""
    contact: str = ""
    # who registers it (接报登记, the case's 首问负责人): a cast member; the director by default
    received_by: UserName | None = None


class CrowdInject(Frozen):
    incident: Id
    people: int = Field(ge=1, le=100_000)
    mood: Text = ""


class MediaInject(Frozen):
    incident: Id
    text: Name


class DemandInject(Frozen):
    incident: Id
    text: Name


class BlockInject(Frozen):
    incident: Id
    task: Id
    reason: Name


INJECT_KINDS = ("report", "crowd", "media", "demand", "block")
INJECT_NAMES = {
    "report": "新报告",
    "crowd": "人群增加",
    "media": "媒体问询",
    "demand": "新诉求",
    "block": "任务受阻",
}


def _one_of(obj: BaseModel, kinds: tuple[str, ...]) -> str:
    given = [k for k in kinds if getattr(obj, k) is not None]
    if len(given) != 1:
        raise ValueError(
            f"give exactly one of {', '.join(kinds)} (got {', '.join(given) or 'none'})"
        )
    return given[0]


class Inject(Frozen):
    at: Offset
    report: ReportInject | None = None
    crowd: CrowdInject | None = None
    media: MediaInject | None = None
    demand: DemandInject | None = None
    block: BlockInject | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Inject:
        _one_of(self, INJECT_KINDS)
        return self

    @property
    def kind(self) -> str:
        return _one_of(self, INJECT_KINDS)

    @property
    def body(self) -> Any:
        return getattr(self, self.kind)


# --- responses: what the teams do (scripted for headless runs) -------------------------
class TaskAct(Frozen):
    incident: Id
    task: Id
    note: Text = ""


class BlockAct(Frozen):
    incident: Id
    task: Id
    reason: Name


class AckAct(Frozen):
    incident: Id
    task: Id | None = Field(default=None, description="none: the incident's own clock")
    kind: Literal["warning", "lapsed"]


class RegradeAct(Frozen):
    incident: Id
    level: Id
    reason: Text = ""


class AdvanceAct(Frozen):
    incident: Id
    state: str


class RetypeAct(Frozen):
    incident: Id
    type: Id
    reason: Name = "演练:投诉类型调整"


class NoteAct(Frozen):
    incident: Id | None = None
    text: Name
    significant: bool = False


class Response(Frozen):
    at: Offset
    by: UserName
    activate: Id | None = None
    complete: TaskAct | None = None
    block: BlockAct | None = None
    ack: AckAct | None = None
    regrade: RegradeAct | None = None
    advance: AdvanceAct | None = None
    note: NoteAct | None = None
    retype: RetypeAct | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Response:
        _one_of(self, RESPONSE_KINDS)
        return self

    @property
    def kind(self) -> str:
        return _one_of(self, RESPONSE_KINDS)

    @property
    def body(self) -> Any:
        return getattr(self, self.kind)


# The actions a script may play (console/actions.py names each one's response kind), in the
# order of the fields above; a kind without its field, or a field without its action, fails
# here at import.
_PLAYABLE = {e.response for e in ACTIONS if e.response}
RESPONSE_KINDS = tuple(name for name in Response.model_fields if name in _PLAYABLE)
if set(Response.model_fields) - {"at", "by"} != _PLAYABLE:
    raise ValueError(
        f"drill responses {sorted(Response.model_fields)} ≠ actions {sorted(_PLAYABLE)}"
    )


# A task of the plan, or the deadline of a report upward ("sitrep:first:1": the 初报's).
TaskRef = Annotated[
    str, StringConstraints(pattern=r"^([a-z][a-z0-9_]{0,63}|sitrep:(first|update):[0-9]{1,3})$")
]


class ExpectedAlarm(Frozen):
    at: Offset
    incident: Id
    task: TaskRef | None = None
    kind: Literal["warning", "lapsed"]


class Expect(Frozen):
    alarms: tuple[ExpectedAlarm, ...] = ()


class Scenario(Frozen):
    id: Id
    name: Name
    description: Text = ""
    plan: Id
    start: Start
    speed: float = Field(gt=0, le=3600, description="simulated seconds per real second")
    duration: Offset
    cast: tuple[CastMember, ...] | None = None
    injects: tuple[Inject, ...] = Field(min_length=1)
    responses: tuple[Response, ...] = ()
    expect: Expect | None = None

    @property
    def end(self) -> datetime:
        return self.start + self.duration

    def timeline(self) -> list[Step]:
        """Injects and responses in the order they happen (injects first at equal times)."""
        steps = [
            Step(i.at, f"injects[{n}]", "inject", i.kind, i.body, None)
            for n, i in enumerate(self.injects)
        ]
        steps += [Step(r.at, f"responses[{n}]", "response", r.kind, r.body, r.by)
                  for n, r in enumerate(self.responses)]  # fmt: skip
        order = {"inject": 0, "response": 1}
        return sorted(steps, key=lambda s: (s.at, order[s.source]))


@dataclass(frozen=True)
class Step:
    at: timedelta
    key: str  # its field path in the file: injects[3], responses[5]
    source: str  # inject | response
    kind: str
    body: Any
    by: str | None


class DrillError(FieldErrors):
    """A drill scenario that cannot be run, with every reason."""


def default_cast() -> tuple[CastMember, ...]:
    return tuple(CastMember(name=n, display_name=d, role=r, group=g, org_role=o, ab=ab)  # type: ignore[arg-type]
                 for n, d, r, g, o, ab in DEMO_USERS)  # fmt: skip


def cast_of(s: Scenario) -> tuple[CastMember, ...]:
    return s.cast if s.cast is not None else default_cast()


def cross_check(s: Scenario, catalogue: Catalogue) -> list[str]:
    """What pydantic cannot see: the plan, its levels, tasks and groups; who acts; which
    report an inject or response refers to, and whether it exists by then."""
    errors: list[str] = []
    plan = catalogue.get(s.plan)
    if plan is None:
        return [f"plan: no plan {s.plan!r}; one of {', '.join(p.id for p in catalogue)}"]
    if s.duration <= timedelta(0) or s.duration > timedelta(days=7):
        errors.append("duration: longer than 0 and at most 7 days (168h)")
    levels = {lv.id for lv in plan.levels}
    templates = {t.id for t in plan.task_templates}
    cast = cast_of(s)
    names = [c.name for c in cast]
    for i, c in enumerate(cast):
        if c.name == DIRECTOR:
            errors.append(
                f"cast[{i}].name: {DIRECTOR!r} is the drill's own director; choose another name"
            )
        if names.count(c.name) > 1 and names.index(c.name) != i:
            errors.append(f"cast[{i}].name: {c.name!r} is in the cast twice")
        if c.role in ("coordinator", "member"):
            if c.group is None:
                errors.append(f"cast[{i}].group: a {c.role} belongs to a work group")
            elif c.group not in catalogue.group_ids():
                errors.append(f"cast[{i}].group: no group {c.group!r} in the loaded plans")
        elif c.role == "supervisor" and c.group is not None:  # a 监督小组
            if c.group not in {
                g.id for p in catalogue for g in p.org.groups if g.kind == "supervision"
            }:
                errors.append(
                    f"cast[{i}].group: a supervisor's group is a supervision group (监督小组)"
                )
        elif c.group is not None:
            errors.append(
                f"cast[{i}].group: only coordinators, members and supervisors belong to a group"
            )
    actors = set(names) | {DIRECTOR}
    reports: dict[str, timedelta] = {}
    for i, inj in enumerate(s.injects):
        if inj.report is not None:
            path = f"injects[{i}].report"
            if inj.report.ref in reports:
                errors.append(f"{path}.ref: {inj.report.ref!r} names an earlier report already")
            reports.setdefault(inj.report.ref, inj.at)
            if inj.report.level is not None and inj.report.level not in levels:
                errors.append(f"{path}.level: plan {plan.id} has no level {inj.report.level!r}; "
                              f"one of {', '.join(sorted(levels))}")  # fmt: skip
            if inj.report.type is not None and plan.complaint_type(inj.report.type) is None:
                errors.append(
                    f"{path}.type: plan {plan.id} has no complaint type {inj.report.type!r}"
                )
            if inj.report.channel not in CHANNELS:
                errors.append(f"{path}.channel: one of {', '.join(CHANNELS)}")

    def refer(path: str, at: timedelta, ref: str | None, task: str | None = None) -> None:
        if ref is not None:
            if ref not in reports:
                errors.append(f"{path}.incident: no report {ref!r} among the injects")
            elif reports[ref] > at:
                errors.append(
                    f"{path}.incident: report {ref!r} arrives only at {format_offset(reports[ref])}"
                )
        if task is not None and task not in templates:
            errors.append(f"{path}.task: plan {plan.id} has no task {task!r}")

    for section, items in (("injects", s.injects), ("responses", s.responses)):
        for i, item in enumerate(items):
            path = f"{section}[{i}]"
            if item.at > s.duration:
                errors.append(f"{path}.at: {format_offset(item.at)} is after the drill ends "
                              f"({format_offset(s.duration)})")  # fmt: skip
            body, kind = item.body, item.kind
            if kind == "report":
                if body.received_by is not None and body.received_by not in actors:
                    errors.append(
                        f"{path}.report.received_by: {body.received_by!r} is not in the cast"
                    )
                continue
            if kind == "activate":
                if body not in reports:
                    errors.append(f"{path}.activate: no report {body!r} among the injects")
                elif reports[body] > item.at:
                    errors.append(
                        f"{path}.activate: report {body!r} arrives only at {format_offset(reports[body])}"
                    )
                continue
            refer(
                f"{path}.{kind}",
                item.at,
                getattr(body, "incident", None),
                getattr(body, "task", None),
            )
            if kind == "retype" and plan.complaint_type(body.type) is None:
                errors.append(
                    f"{path}.retype.type: plan {plan.id} has no complaint type {body.type!r}"
                )
            if kind == "regrade" and body.level not in levels:
                errors.append(f"{path}.regrade.level: plan {plan.id} has no level {body.level!r}")
            if kind == "advance":
                try:
                    parse_state(body.state)
                except ValueError as exc:
                    errors.append(f"{path}.advance.state: {exc}")
    for i, r in enumerate(s.responses):
        if r.by not in actors:
            errors.append(f"responses[{i}].by: {r.by!r} is not in the cast")
    if s.expect is not None:
        for i, a in enumerate(s.expect.alarms):
            path = f"expect.alarms[{i}]"
            if a.at > s.duration:
                errors.append(f"{path}.at: {format_offset(a.at)} is after the drill ends")
            report = a.task is not None and a.task.startswith("sitrep:")
            if report and plan.reporting is None:
                errors.append(f"{path}.task: plan {plan.id} sets no reporting deadline")
            refer(path, a.at, a.incident, None if report else a.task)
    return errors


def parse_scenario(data: Any, catalogue: Catalogue) -> Scenario:
    if not isinstance(data, dict):
        raise DrillError(["(root): a drill scenario must be a mapping of fields"])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise DrillError(format_pydantic_errors(exc)) from None
    errors = cross_check(scenario, catalogue)
    if errors:
        raise DrillError(errors)
    return scenario


def read_scenario(text: str, catalogue: Catalogue, source: str = "") -> Scenario:
    data = read_yaml(text, DrillError, source)
    try:
        return parse_scenario(data, catalogue)
    except DrillError as exc:
        exc.source = source
        raise


def load_scenario(path: Path, catalogue: Catalogue) -> tuple[Scenario, str]:
    """The scenario and its text (a session keeps the text it ran)."""
    text = read_file(path, DrillError)
    return read_scenario(text, catalogue, str(path)), text


def list_scenarios(catalogue: Catalogue, folder: Path = DRILLS_DIR) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            s, _ = load_scenario(path, catalogue)
        except DrillError as exc:
            out.append({"file": str(path), "ok": False, "errors": exc.errors})
            continue
        out.append({"file": str(path), "ok": True, "id": s.id, "name": s.name, "plan": s.plan,
                    "start": s.start.isoformat(), "speed": s.speed, "duration": format_offset(s.duration),
                    "injects": len(s.injects), "responses": len(s.responses)})  # fmt: skip
    return out
