"""What a seat shows, as plain data: the boards' rows, the incidents list, the open alarms,
the duty log, the open shift and the people. `load` reads it all; `apply` re-reads only what
a `Change` names — the parts each view refreshes on (boards on the incidents whose board
rows were written, the banner on alarms, the duty log on log lines). The two must always
agree: the change path's proof (tests/test_change_path.py) runs every changing service and
compares them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.changes import Change
from console.context import App
from console.incidents.lifecycle import ACTIVE_STATES
from console.views.board import BoardRow, IncidentRow, load_incidents, load_rows, summary_of
from models import Alarm, HelpRequest, Incident, LogEntry, Shift, User

_ACTIVE = [st.value for st in ACTIVE_STATES]


def _alarm(a: Alarm) -> tuple:
    return (a.incident_id, a.task_id, a.kind, a.step, a.priority, a.group_id, a.role_id, a.escalated_at,
            a.acknowledged_at, a.acknowledged_by, a.shelved_until, a.shelve_reason,
            tuple(a.recipients or ()))  # fmt: skip


def _line(e: LogEntry) -> tuple:
    return (e.incident_id, e.at, e.actor, e.kind, e.text, e.significant)


def _help(h: HelpRequest) -> tuple:
    return (h.incident_id, h.task_id, h.group_id, h.reason, h.asked_by, h.asked_at)


def _user(u: User) -> tuple:
    return (u.name, u.display_name, u.role, u.group_id, u.org_role, u.ab, u.active)


@dataclass
class SeatView:
    rows: dict[int, BoardRow] = field(default_factory=dict)  # open tasks by task id
    incidents: list[IncidentRow] = field(default_factory=list)
    alarms: dict[int, tuple] = field(default_factory=dict)  # unacknowledged, by id
    log: dict[int, tuple] = field(default_factory=dict)  # lines of active incidents, by id
    shift: tuple | None = None  # the open shift
    users: dict[int, tuple] = field(default_factory=dict)
    drill: tuple | None = None
    help: dict[int, tuple] = field(default_factory=dict)  # 求助 not yet acknowledged, by id

    @classmethod
    def load(cls, app: App, s: Session) -> SeatView:
        view = cls()
        view.rows = {r.task_id: r for r in load_rows(app, s)}
        view.incidents = load_incidents(app, s, summary_of(view.rows.values()))
        view.alarms = {a.id: _alarm(a) for a in s.execute(
            select(Alarm).where(Alarm.acknowledged_at.is_(None))).scalars()}  # fmt: skip
        view.log = {e.id: _line(e) for e in s.execute(
            select(LogEntry).join(Incident, LogEntry.incident_id == Incident.id)
            .where(Incident.state.in_(_ACTIVE))).scalars()}  # fmt: skip
        view.shift = _open_shift(s)
        view.users = {u.id: _user(u) for u in s.execute(select(User)).scalars()}
        view.drill = _drill(s)
        view.help = {h.id: _help(h) for h in s.execute(
            select(HelpRequest).where(HelpRequest.acknowledged_at.is_(None))).scalars()}  # fmt: skip
        return view

    def apply(self, app: App, s: Session, change: Change) -> None:
        """Re-reads what `change` names, nothing else."""
        if not change.complete:
            fresh = SeatView.load(app, s)
            self.__dict__.update(fresh.__dict__)
            return
        if change.boards:  # as the boards do: only the incidents whose rows were written
            for tid in [t for t, r in self.rows.items() if r.incident_id in change.boards]:
                del self.rows[tid]
            self.rows.update({r.task_id: r for r in load_rows(app, s, change.boards)})
            self.incidents = load_incidents(app, s, summary_of(self.rows.values()))
        if change.log:  # as the duty log does: only when lines were written
            touched = set(
                s.execute(select(LogEntry.incident_id).where(LogEntry.id.in_(change.log))).scalars()
            )
            # an incident closing takes its lines off the duty log; reopening brings them back
            for lid in [i for i, line in self.log.items() if line[0] in touched]:
                del self.log[lid]
            self.log.update({e.id: _line(e) for e in s.execute(
                select(LogEntry).join(Incident, LogEntry.incident_id == Incident.id)
                .where(LogEntry.incident_id.in_(touched), Incident.state.in_(_ACTIVE))).scalars()})  # fmt: skip
        if change.alarms:
            for aid in change.alarms:
                self.alarms.pop(aid, None)
            self.alarms.update({a.id: _alarm(a) for a in s.execute(select(Alarm).where(
                Alarm.id.in_(change.alarms), Alarm.acknowledged_at.is_(None))).scalars()})  # fmt: skip
        if change.shifts:
            self.shift = _open_shift(s)
        if change.users:
            for u in s.execute(select(User).where(User.id.in_(change.users))).scalars():
                self.users[u.id] = _user(u)
        if change.drill:
            self.drill = _drill(s)
        if change.help:  # as the command screen's requests for help do
            for hid in change.help:
                self.help.pop(hid, None)
            self.help.update({h.id: _help(h) for h in s.execute(select(HelpRequest).where(
                HelpRequest.id.in_(change.help), HelpRequest.acknowledged_at.is_(None))).scalars()})  # fmt: skip


def _open_shift(s: Session) -> tuple | None:
    shift = s.execute(select(Shift).where(Shift.handed_over_at.is_(None))
                      .order_by(Shift.id.desc())).scalars().first()  # fmt: skip
    return None if shift is None else (shift.id, shift.officer, shift.leader, shift.started_at)


def _drill(s: Session) -> tuple | None:
    from models import DrillSession

    row = s.execute(select(DrillSession).limit(1)).scalar_one_or_none()
    if row is None:
        return None
    at: datetime = row.anchor_wall
    return (row.state, row.anchor_sim, at, row.notes, row.ended_at)
