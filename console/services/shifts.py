"""Shifts and their handover (交接班): who is on duty, and the handover that is refused
while a step the plan marks "no handover during" is in progress — unless the leader
overrides with a reason, which is logged."""

from __future__ import annotations

from sqlalchemy import select

from console.context import App, write_time
from console.errors import InputError
from console.incidents.lifecycle import ACTIVE_STATES, PENDING_TASK_STATES
from console.journal import journal, snapshot
from console.people.permissions import Action
from console.services.common import acting_user, authorize
from console.time.format import local_iso
from console.views.records import HandoverView, ShiftView
from models import Incident, Shift, Task, User

SHIFT_FIELDS = (
    "officer",
    "leader",
    "started_at",
    "handed_over_at",
    "incoming",
    "handed_over_by",
    "override_reason",
)


def shift_view(s: Shift) -> ShiftView:
    return ShiftView(id=s.id, officer=s.officer, leader=s.leader, started_at=local_iso(s.started_at),
                     handed_over_at=local_iso(s.handed_over_at), incoming=s.incoming,
                     handed_over_by=s.handed_over_by, override_reason=s.override_reason)  # fmt: skip


def _open_shift(s) -> Shift | None:  # type: ignore[no-untyped-def]
    q = select(Shift).where(Shift.handed_over_at.is_(None)).order_by(Shift.id.desc())
    return s.execute(q).scalars().first()


def current(app: App) -> ShiftView | None:
    with app.read() as s:
        shift = _open_shift(s)
        return shift_view(shift) if shift is not None else None


def get(app: App, shift_id: int) -> ShiftView:
    with app.read() as s:
        shift = s.get(Shift, shift_id)
        if shift is None:
            raise InputError("--shift", f"no shift {shift_id}")
        return shift_view(shift)


def _user(s, name: str | None, field: str) -> User:  # type: ignore[no-untyped-def]
    user = s.execute(
        select(User).where(User.name == (name or ""), User.active)
    ).scalar_one_or_none()
    if user is None:
        raise InputError(field, f"no active user {name!r}")
    return user


def start_shift(app: App, actor: str | None, officer: str, leader: str | None = None) -> ShiftView:
    """Opens a shift for the duty officer (and the duty leader, 带班领导)."""
    with app.write() as s:
        user = authorize(s, actor, Action.SHIFT)
        _user(s, officer, "--officer")
        if leader is not None and _user(s, leader, "--leader").role not in ("leader", "deputy"):
            raise InputError("--leader", f"{leader} is not a leader or deputy")
        if (open_shift := _open_shift(s)) is not None:
            raise InputError(
                "shift",
                f"shift #{open_shift.id} of {open_shift.officer} is still open; hand it over first",
            )
        shift = Shift(officer=officer, leader=leader, started_at=write_time(s), override_reason="")
        s.add(shift)
        s.flush()
        journal(app, s, actor=user.name, action="shift.start", entity="shift", entity_id=shift.id, before=None,
                after=snapshot(shift, SHIFT_FIELDS), incident_id=None, kind="shift",
                text=f"接班:值班员 {officer}" + (f",带班领导 {leader}" if leader else ""))  # fmt: skip
        return shift_view(shift)


def blocking_tasks(app: App, s) -> list[Task]:  # type: ignore[no-untyped-def]
    """Open steps that the plan says must not be handed over mid-way."""
    q = (select(Task).join(Incident, Task.incident_id == Incident.id)
         .where(Task.state.in_([st.value for st in PENDING_TASK_STATES]),
                Incident.state.in_([st.value for st in ACTIVE_STATES])))  # fmt: skip
    out = []
    for task in s.execute(q).scalars():
        plan = app.catalogue.get(task.incident.plan_id)
        template = plan.template(task.template_id) if plan else None
        if template is not None and template.no_handover:
            out.append(task)
    return out


def handover(
    app: App, actor: str | None, to: str, *, leader: str | None = None, override: str = ""
) -> HandoverView:
    """Hands the open shift to `to` (who starts the next one). Refused while a no-handover
    step is in progress, unless a leader or deputy gives a reason to override."""
    override = (override or "").strip()
    with app.write() as s:
        user = authorize(s, actor, Action.SHIFT)
        incoming = _user(s, to, "--to")
        shift = _open_shift(s)
        if shift is None:
            raise InputError(
                "shift", "no shift is open; start one with `shift start --officer NAME`"
            )
        if incoming.name == shift.officer:
            raise InputError("--to", f"{to} is the outgoing officer")
        blocking = blocking_tasks(app, s)
        if blocking:
            names = "、".join(f"#{t.id} {t.title[:16]}(事件#{t.incident_id})" for t in blocking[:5])
            if not override:
                raise InputError("handover", f"{len(blocking)} 项不得中途交接的处置步骤正在进行:{names};"
                                 "组长或副组长可用 --override 说明理由后强制交接")  # fmt: skip
            forcing = acting_user(s, actor)
            authorize(s, forcing.name, Action.FORCE_HANDOVER)
        before = snapshot(shift, SHIFT_FIELDS)
        now = write_time(s)
        shift.handed_over_at, shift.incoming, shift.handed_over_by = now, incoming.name, user.name
        shift.override_reason = override if blocking else ""
        next_shift = Shift(
            officer=incoming.name, leader=leader or shift.leader, started_at=now, override_reason=""
        )
        s.add(next_shift)
        s.flush()
        text = f"交接班:{shift.officer} → {incoming.name}"
        if blocking:
            text += f"(强制交接,{len(blocking)} 项处置进行中;理由:{override})"
        journal(app, s, actor=user.name, action="shift.handover", entity="shift", entity_id=shift.id,
                before=before, after=snapshot(shift, SHIFT_FIELDS), incident_id=None, kind="shift",
                significant=bool(blocking), text=text)  # fmt: skip
        return HandoverView(handed_over=shift_view(shift), next=shift_view(next_shift))
