"""A complainant who comes back: the earlier cases from the same contact number or the
same order number (seed 004: 经住户多次提出而得不到解决的投诉 is a 重大投诉). A function of an
open transaction, over the indexed contact and order-number columns."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from console.incidents.lifecycle import State
from console.plans.plan import Plan
from models import Incident

REPEAT_WINDOW = timedelta(days=90)  # the look-back when a plan says none


def window_of(plan: Plan | None) -> timedelta:
    """How far back a plan looks for the same complainant: its `repeat.within`, else 90 days."""
    fixed = plan.repeat.within.fixed if plan is not None and plan.repeat is not None else None
    return fixed or REPEAT_WINDOW


def contact_key(contact: str | None) -> str:
    """A number's digits: 139 1234-5678, (139)12345678 and +13912345678 are one caller's
    number whichever way it was typed (a leading + is dropped with the rest)."""
    return "".join(c for c in contact or "" if c.isdigit())[:32]


def earlier_cases(
    s: Session, incident: Incident, window: timedelta = REPEAT_WINDOW
) -> list[tuple[Incident, str]]:
    """The same complainant's cases received within `window` before this one, newest first,
    each with what matched (contact, order_no or both). Drill and other incidents of no
    number match nothing."""
    keys = []
    contact = contact_key(incident.contact)
    if contact:
        keys.append(Incident.contact_key == contact)
    if incident.order_no:
        keys.append(Incident.order_no == incident.order_no)
    if not keys:
        return []
    q = (
        select(Incident)
        .where(or_(*keys), Incident.id != incident.id)
        .where(Incident.received_at >= incident.received_at - window)
        .where(Incident.received_at <= incident.received_at)
        .order_by(Incident.received_at.desc(), Incident.id.desc())
        .limit(50)
    )
    out = []
    for e in s.execute(q).scalars():
        by_contact = bool(contact) and e.contact_key == contact
        by_order = bool(incident.order_no) and e.order_no == incident.order_no
        out.append(
            (e, "both" if by_contact and by_order else "contact" if by_contact else "order_no")
        )
    return out


def unresolved(found: list[tuple[Incident, str]]) -> list[Incident]:
    return [e for e, _ in found if e.state != State.CLOSED]
