"""Ctrl+F: incidents, tasks and the duty log found by text (a title, a place, a demand, a
log line), by number (#12, an incident's number; a telephone or order number) and by
person (a user's name or display name: what they registered, were given, did or wrote).
Newest first, at most `limit` of each kind."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from console.context import App
from console.incidents.earlier import contact_key
from console.incidents.lifecycle import STATE_NAMES, TASK_STATE_NAMES, State, TaskState
from console.services.common import clean_text
from console.time.format import local_iso
from models import Incident, LogEntry, Task, User

LIMIT = 50


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # incident | task | log
    incident: int | None
    title: str  # what was found
    detail: str  # where: the case, the group, who and when
    at: str | None


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(app: App, text: str, limit: int = LIMIT) -> list[Hit]:
    text = clean_text(text, "search", 100, required=True)
    number = text.lstrip("#")
    # #12: an incident's number (an INTEGER column: PostgreSQL refuses a larger one)
    number = number if number.isascii() and number.isdigit() and int(number) < 2**31 else ""
    like = _like(text)

    def has(column):  # type: ignore[no-untyped-def]
        return column.ilike(like, escape="\\")

    with app.read() as s:
        # a person, by name or display name: what they registered, hold, did or wrote
        found_people = (
            s.execute(select(User).where(or_(has(User.name), has(User.display_name))))
            .scalars()
            .all()
        )
        people = {u.name: u.display_name for u in found_people}
        held = [(u.group_id, u.org_role) for u in found_people if u.group_id and u.org_role]
        names = list(people)
        digits = contact_key(text)
        found = [has(c) for c in (Incident.title, Incident.location, Incident.demands, Incident.reporter,
                                   Incident.respondent, Incident.order_no)]  # fmt: skip
        if number:
            found.append(Incident.id == int(number))
        if len(digits) >= 4:
            found.append(Incident.contact_key.like(f"%{digits}%"))
        if names:
            found.append(Incident.recorded_by.in_(names))
        hits: list[Hit] = []
        for i in s.execute(select(Incident).where(or_(*found)).order_by(Incident.received_at.desc(),
                                                                        Incident.id.desc()).limit(limit)).scalars():  # fmt: skip
            plan = app.catalogue.get(i.plan_id)
            level = plan.level(i.level_id) if plan else None
            hits.append(Hit("incident", i.id, f"#{i.id} {i.title}",
                            f"{level.name if level else i.level_id} · {STATE_NAMES[State(i.state)]} · {i.location}",
                            local_iso(i.received_at)))  # fmt: skip
        task_found = [has(Task.title), has(Task.note), has(Task.block_reason)]
        if names:
            task_found += [Task.assignee.in_(names), Task.done_by.in_(names)]
        for group_id, role_id in held:  # the open tasks of the role a person holds
            task_found.append(
                (Task.group_id == group_id) & (Task.role_id == role_id) & (Task.state == "open")
            )
        for t in s.execute(select(Task).where(or_(*task_found), Task.state != "cancelled")
                           .order_by(Task.id.desc()).limit(limit)).scalars():  # fmt: skip
            plan = app.catalogue.get(t.incident.plan_id)
            group = plan.group(t.group_id) if plan else None
            who = f" · {people.get(t.done_by or '', t.done_by)}" if t.done_by else ""
            state = TASK_STATE_NAMES[TaskState(t.state)]
            hits.append(Hit("task", t.incident_id, t.title,
                            f"#{t.incident_id} {t.incident.title} · {group.name if group else t.group_id}"
                            f" · {state}{who}", local_iso(t.done_at or t.created_at)))  # fmt: skip
        log_found = [has(LogEntry.text)]
        if names:
            log_found.append(LogEntry.actor.in_(names))
        if number:
            log_found.append(LogEntry.incident_id == int(number))
        for e in s.execute(select(LogEntry).where(or_(*log_found))
                           .order_by(LogEntry.at.desc(), LogEntry.id.desc()).limit(limit)).scalars():  # fmt: skip
            hits.append(Hit("log", e.incident_id, e.text,
                            (f"#{e.incident_id} · " if e.incident_id else "") + people.get(e.actor, e.actor),
                            local_iso(e.at)))  # fmt: skip
        return hits
