"""What the services return: frozen, typed views of incidents, tasks, clocks, alarms, users,
shifts and duty-log entries, as a person sees them at one moment (times as local ISO-8601
text, names beside ids, a clock's state and the seconds left). Each has one JSON form,
`to_json()`, which is what `--json` prints. Pure Python: the widgets read the attributes."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, NamedTuple


def _json(value: Any) -> Any:
    if isinstance(value, View):
        return value.to_json()
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


def to_json(value: Any) -> Any:
    """A view, or lists and dicts holding views, as JSON-ready data."""
    return _json(value)


class View:
    """The JSON form: the fields in their order (nested views and tuples become objects and
    lists); a view with another layout says so in its own to_json."""

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        return {f.name: _json(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ClockView(View):
    """A clock at a moment: its state (console.sla.clocks.clock_state), deadline, warning
    point and seconds left (None once met or cancelled). All None without a clock."""

    clock_id: int | None = None
    clock_state: str | None = None
    due_at: str | None = None
    warn_at: str | None = None
    remaining_s: int | None = None
    calendar_unconfirmed: bool = False


NO_CLOCK = ClockView()


@dataclass(frozen=True, slots=True)
class TaskView(View):
    id: int
    incident: int
    title: str
    group: str
    group_name: str
    role: str
    role_name: str
    acting_role: str  # who acts for the role now (an off-hours stand-in)
    phase: str
    rule: str | None
    clock: ClockView
    state: str
    assignee: str | None
    done_at: str | None
    done_by: str | None
    note: str
    block_reason: str
    detail: str = ""  # what a per-case task is for
    created_by: str | None = None  # who added a per-case task (None: the plan made it)

    def to_json(self) -> dict[str, Any]:
        """The clock's fields stand among the task's, after `rule`."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "clock":
                out |= self.clock.to_json()
            else:
                out[f.name] = _json(getattr(self, f.name))
        return out


@dataclass(frozen=True, slots=True)
class ClockEventView(View):
    at: str | None
    kind: str
    by: str
    reason: str
    due_before: str | None
    due_after: str | None


@dataclass(frozen=True, slots=True)
class SlaClockView(View):
    """One SLA clock of an incident with its history (`clocks ID`)."""

    clock: ClockView
    task: int | None
    rule: str
    rule_name: str
    basis: str
    started_at: str | None
    elapsed_s: int
    history: tuple[ClockEventView, ...]

    def to_json(self) -> dict[str, Any]:
        return self.clock.to_json() | {
            f.name: _json(getattr(self, f.name)) for f in fields(self) if f.name != "clock"
        }


@dataclass(frozen=True, slots=True)
class IncidentClockView(View):
    """A clock of the incident itself (not of a task), as `show` lists them."""

    rule: str
    rule_name: str
    clock: ClockView

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "rule_name": self.rule_name} | self.clock.to_json()


@dataclass(frozen=True, slots=True)
class IncidentView(View):
    id: int
    plan: str
    plan_name: str
    title: str
    state: str
    state_name: str
    level: str
    level_name: str
    type: str | None
    type_name: str | None
    channel: str
    channel_name: str
    people: int | None
    demands: str
    location: str
    reporter: str
    contact: str
    mood: str
    received_at: str | None
    recorded_by: str
    first_receiver: str = ""  # 首问负责人: who registered the report
    order_no: str = ""
    respondent: str = ""
    tasks: tuple[TaskView, ...] | None = None  # None: listed without them
    incident_clocks: tuple[IncidentClockView, ...] | None = None  # `show` only
    earlier: EarlierView | None = None  # `show` and registration only
    revisits: tuple[RevisitView, ...] | None = None  # `show` only
    attachments: tuple[AttachmentView, ...] | None = None  # `show` only

    def to_json(self) -> dict[str, Any]:
        out = View.to_json(self)
        for optional in ("tasks", "incident_clocks", "earlier", "revisits", "attachments"):
            if out[optional] is None:
                del out[optional]
        return out


@dataclass(frozen=True, slots=True)
class HolderView(View):
    """Who answers for a role of the plan: its posts (A角, B角) and the people in them."""

    role: str
    role_name: str
    a_post: str
    b_post: str
    a_people: tuple[str, ...]
    b_people: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NextTaskView(View):
    """What comes after a task: a task of the same case, or the plan's template that will
    be made when this one is done."""

    title: str
    group_name: str
    state: str | None  # None: not made yet (its clock starts when this task is done)
    rule_name: str = ""


@dataclass(frozen=True, slots=True)
class TaskDetailView(View):
    """A task explained (the detail pane of every seat): what the duty is, where its
    deadline comes from, who holds it now and who stands in, what follows it, and the
    case's key facts."""

    task: TaskView
    duties: tuple[str, ...]  # the group's duties as the plan words them
    rule_name: str
    basis: str  # the plan's words the deadline encodes
    started_at: str | None
    history: tuple[ClockEventView, ...]  # paused, resumed, extended …
    holder: HolderView
    stand_in: HolderView | None  # off-hours: the role that answers for it now
    follows: tuple[NextTaskView, ...]
    incident: IncidentView  # without its tasks


@dataclass(frozen=True, slots=True)
class HelpView(View):
    """A request for the command's help (求助) with a task."""

    id: int
    incident: int
    incident_title: str
    task: int
    task_title: str
    group: str
    group_name: str
    reason: str
    asked_by: str
    asked_at: str | None
    acknowledged_by: str | None
    acknowledged_at: str | None
    version: int


@dataclass(frozen=True, slots=True)
class EarlierIncidentView(View):
    id: int
    title: str
    state: str
    state_name: str
    received_at: str | None
    open: bool
    matched: str  # contact | order_no | both


@dataclass(frozen=True, slots=True)
class EarlierView(View):
    """The same complainant before (by contact number or order number): how many cases in
    the look-back window, and which of them are still open."""

    within_days: int
    count: int
    open_count: int
    incidents: tuple[EarlierIncidentView, ...]


@dataclass(frozen=True, slots=True)
class RevisitView(View):
    id: int
    incident: int
    result: str
    result_name: str
    note: str
    by: str
    at: str | None
    rehandle_round: int | None


@dataclass(frozen=True, slots=True)
class AttachmentView(View):
    id: int
    incident: int
    task: int | None
    name: str
    media_type: str
    size: int
    sha256: str
    note: str
    added_by: str
    added_at: str | None


@dataclass(frozen=True, slots=True)
class UserView(View):
    id: int
    name: str
    display_name: str
    role: str
    group: str | None
    org_role: str | None
    ab: str | None
    active: bool
    mobile: str = ""  # masked (138****1111): the person's own, for messages off the seat
    email: str = ""


@dataclass(frozen=True, slots=True)
class AlarmView(View):
    id: int
    incident: int
    incident_title: str
    task: int | None
    title: str
    kind: str
    kind_name: str
    priority: int
    state: str
    group: str | None
    role: str | None
    step: int
    step_name: str
    recipients: tuple[str, ...]
    due_at: str
    raised_at: str
    late_s: int | None
    acknowledged_by: str | None
    acknowledged_at: str | None
    shelved_until: str | None
    shelve_reason: str | None
    delivery: str = ""  # its messages off the seat: "已送达 企业微信 14:02:11 / 邮件失败,重试中"


class AlarmHead(NamedTuple):
    """An open alarm as the banner counts it (its full view only for the few it shows); a
    tuple, as tens of thousands are read after a day's sweep."""

    id: int
    priority: int
    recent: bool  # raised within the window asked for (a flood's)
    group: str | None
    recipients: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShiftView(View):
    id: int
    officer: str
    leader: str | None
    started_at: str | None
    handed_over_at: str | None
    incoming: str | None
    handed_over_by: str | None
    override_reason: str | None


@dataclass(frozen=True, slots=True)
class HandoverView(View):
    handed_over: ShiftView
    next: ShiftView


@dataclass(frozen=True, slots=True)
class LogEntryView(View):
    id: int
    at: str | None
    actor: str
    kind: str
    text: str
    significant: bool


@dataclass(frozen=True, slots=True)
class NoteView(View):
    """A duty-log entry just written."""

    incident: int | None
    text: str
    significant: bool
    by: str


@dataclass(frozen=True, slots=True)
class TokenView(View):
    """An API token as `users tokens` lists it (the token itself only when just made)."""

    id: int
    user: str
    label: str
    scopes: tuple[str, ...]
    created_at: str | None
    created_by: str
    revoked_at: str | None
    token: str | None = None  # only when just made: printed once, never stored


@dataclass(frozen=True, slots=True)
class ChannelView(View):
    """A notification channel as shown: never its secrets (`url` is the masked URL)."""

    id: int
    name: str
    service: str  # 企业微信, 钉钉, 飞书, 邮件, Webhook
    scheme: str
    url: str
    group: str | None
    audience: str  # group | people | all
    created_by: str
    created_at: str | None


@dataclass(frozen=True, slots=True)
class MessageView(View):
    id: int
    event: str
    alarm: int | None
    incident: int | None
    channel: str
    service: str
    recipient: str
    mentions: tuple[str, ...]
    target: str  # masked
    title: str
    state: str
    state_name: str
    attempts: int
    created_at: str | None
    next_at: str | None
    sent_at: str | None
    last_error: str


@dataclass(frozen=True, slots=True)
class RollEntryView(View):
    """One person called out at 启动预案, and their 到位确认."""

    user: str
    display_name: str
    group: str
    group_name: str
    called_at: str | None
    due_at: str | None
    checked_in_at: str | None
    via: str
    delivery: str


@dataclass(frozen=True, slots=True)
class RollView(View):
    incident: int
    total: int
    confirmed: int
    due_at: str | None
    entries: tuple[RollEntryView, ...]


@dataclass(frozen=True, slots=True)
class SitrepView(View):
    """A report upward (初报/续报/终报): a draft until signed (签发), then frozen; `next_due` is
    when the case's next report is due (the plan's reporting clock), if one is."""

    id: int
    incident_id: int
    kind: str  # first | update | final
    number: int
    title: str  # 初报, 续报(二), 终报
    to: str  # 报送单位
    text: str
    drafted_by: str
    drafted_at: str | None
    edited_by: str | None
    edited_at: str | None
    signed_by: str | None
    signed_at: str | None
    anchor: str | None  # the audit head at the signing (SEQ:HASH)
    version: int
    next_due: str | None
