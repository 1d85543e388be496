from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.actions import ACTIONS
from console.context import App
from console.errors import Conflict, InputError, NotFound, PermissionDenied
from console.people.permissions import Action, check
from console.plans.plan import Plan
from console.time.format import DEFAULT_TZ
from models import AuditEntry, Incident, Task, User


def clean_text(value: str | None, name: str, limit: int, required: bool = False) -> str:
    """Text a person typed, stripped: refused naming the field when required and blank (or
    only invisible characters), too long, with control characters, or not valid text."""
    if value is not None and not isinstance(value, str):
        raise InputError(name, f"must be text, not {type(value).__name__}")
    value = (value or "").strip()
    if required and not any(c.isprintable() and not c.isspace() for c in value):
        raise InputError(name, "required")  # blank, or only invisible characters
    if len(value) > limit:
        raise InputError(name, f"at most {limit} characters (got {len(value)})")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise InputError(name, "contains control characters")
    if any("\ud800" <= c <= "\udfff" for c in value):  # lone surrogates: bytes that were not UTF-8
        raise InputError(name, "contains characters that are not valid text")
    return value


def acting_user(session: Session, name: str | None) -> User:
    if not name:
        raise PermissionDenied("--as: name the user who acts (e.g. --as zhangsan)")
    user = session.execute(select(User).where(User.name == name)).scalar_one_or_none()
    if user is None or not user.active:
        raise PermissionDenied(f"--as: no active user {name!r}")
    return user


def authorize(
    session: Session, name: str | None, action: Action, target_group: str | None = None
) -> User:
    user = acting_user(session, name)
    check(user.name, user.role, action, user.group_id, target_group)
    return user


def get_incident(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"incident: no incident {incident_id}")
    return incident


def get_task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"task: no task {task_id}")
    return task


def plan_of(app: App, incident: Incident) -> Plan:
    plan = app.catalogue.get(incident.plan_id)
    if plan is None:
        raise InputError("plan", f"plan {incident.plan_id!r} is not loaded (check resources/plans)")
    return plan


# What the last change to a record was, in the words a seat shows when it lost the race.
VERBS = {audit: verb for e in ACTIONS for audit, verb in e.verbs}


def changed_by(session: Session, entity: str, entity_id: int) -> str:
    """ "已被 X 于 HH:MM 完成": who last changed a record, when and how."""
    last = session.execute(
        select(AuditEntry.actor, AuditEntry.at, AuditEntry.action)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    if last is None:
        return "已被他人修改"
    at = last.at.astimezone(DEFAULT_TZ).strftime("%H:%M")
    return f"已被 {last.actor} 于 {at} {VERBS.get(last.action, '修改')}"


def check_version(session: Session, entity: str, obj: Any, expected: int | None) -> None:
    """Optimistic locking: the seat says which version its user saw; if the record moved on
    since, the action is refused with who changed it, and nothing is saved."""
    if expected is not None and obj.version != expected:
        raise Conflict(
            f"{changed_by(session, entity, obj.id)}({entity} #{obj.id},请看最新状态后再操作)"
        )
