"""Who is on duty: outside the plan's working hours a role with a declared stand-in falls
to it (seed 004: 非标准工作时间内由当值秩序维护领班担任应急处理小组负责人)."""

from __future__ import annotations

from datetime import datetime

from console.plans.plan import Plan
from console.time.calendar import WorkCalendar


def in_working_hours(plan: Plan, at: datetime, cal: WorkCalendar) -> bool:
    hours = plan.working_hours
    if hours is None:
        return True  # no hours declared: the A角 is always responsible
    local = at.astimezone(plan.tz)
    if hours.days == "workdays" and not cal.is_workday(local.date()):
        return False
    if hours.days == "weekdays" and local.weekday() >= 5:
        return False
    return hours.start <= local.time() < hours.end


def acting_role(plan: Plan, role_id: str, at: datetime, cal: WorkCalendar) -> str:
    """The role that answers for `role_id` at `at`."""
    found = plan.role(role_id)
    if found is None:
        return role_id
    _, role = found
    if role.stand_in and not in_working_hours(plan, at, cal):
        return role.stand_in
    return role_id
