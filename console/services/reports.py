"""Printed documents: the handover sheet (交接班单), the incident report (结案报告) and a
drill's report, each read in one transaction, rendered (console/printing) and its print
logged. Complainants' numbers are masked unless the printing user chooses otherwise, and
that choice is in the log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from console.context import App
from console.errors import InputError, PermissionDenied
from console.journal import SYSTEM, journal
from console.people.permissions import ROLE_NAMES, Action, Role
from console.services.common import authorize, get_incident, plan_of
from models import Shift

if TYPE_CHECKING:
    from console.printing import handover_sheet


def may_unmask(app: App, user, plans) -> None:  # type: ignore[no-untyped-def]
    """Printing numbers in full is for the roles each plan lists (unmask_roles; default
    组长/副组长/值班员); anyone else gets exit 3 and nothing printed."""
    for plan in plans:
        if plan is not None and user.role not in plan.unmask_roles:
            who = f"{user.name}({ROLE_NAMES.get(Role(user.role), user.role)})"
            raise PermissionDenied(f"permission: {who} 无权查看完整号码 (--unmask): plan {plan.id} "
                                   f"allows {', '.join(plan.unmask_roles)}")  # fmt: skip


def check_unmask(app: App, actor: str | None, plan_id: str) -> None:
    """A complainant's number in full, for `actor` (exit 3 unless the plan lists their role)."""
    with app.read() as s:
        user = authorize(s, actor, Action.READ)
    may_unmask(app, user, [app.catalogue.get(plan_id)])


def show_unmasked(app: App, actor: str | None, incident_id: int) -> None:
    """`show --unmask`: permitted for the plan's unmask_roles, and logged as a print is."""
    with app.write() as s:
        user = authorize(s, actor, Action.READ)
        incident = get_incident(s, incident_id)
        may_unmask(app, user, [plan_of(app, incident)])
        journal(app, s, actor=user.name, action="incident.unmask", entity="incident", entity_id=incident_id,
                before=None, after={"unmasked": True}, incident_id=incident_id, kind="report",
                text="查看投诉人完整号码")  # fmt: skip


def contact_visible(app: App, actor: str, plan_id: str) -> bool:
    """Whether `actor`'s seat shows a complainant's number of this plan in full."""
    try:
        check_unmask(app, actor, plan_id)
    except PermissionDenied:
        return False
    return True


def handover_sheet_of(app: App, actor: str | None, *, shift_id: int | None = None,
                      unmask: bool = False) -> handover_sheet.Sheet:  # fmt: skip
    """The handover sheet's content for a shift (the open one, else the last 12 hours)."""
    from console.printing import handover_sheet  # reportlab: loaded when something is printed

    with app.read() as s:
        user = authorize(s, actor, Action.READ)
        if unmask:
            may_unmask(app, user, app.catalogue.plans.values())
        if shift_id is not None and s.get(Shift, shift_id) is None:
            raise InputError("--shift", f"no shift {shift_id}")
        return handover_sheet.build(app, s, shift_id=shift_id, printed_by=user.name, unmask=unmask)


def print_handover(app: App, actor: str | None, out, *, shift_id: int | None = None,  # type: ignore[no-untyped-def]
                   unmask: bool = False) -> dict:  # fmt: skip
    """Prints the handover sheet to a PDF."""
    from console.printing import handover_sheet
    from console.printing.pdf import writing

    sheet = handover_sheet_of(app, actor, shift_id=shift_id, unmask=unmask)
    with writing(out):
        path = handover_sheet.render(sheet, Path(out), watermark=app.watermark)  # 演练 in a drill
    with app.write() as s:
        journal(app, s, actor=sheet.printed_by, action="handover.print", entity="shift", entity_id=shift_id or "",
                before=None, after={"file": str(path), "unmasked": unmask}, incident_id=None, kind="shift",
                significant=unmask,
                text="打印交接班单" + ("(未遮蔽投诉人号码)" if unmask else ""))  # fmt: skip
    return {"file": str(path), "incidents": len(sheet.situation), "tasks": len(sheet.tasks),
            "lapsed_or_warning": len(sheet.clocks), "alarms": len(sheet.alarms), "masked": not unmask}  # fmt: skip


def print_incident_report(app: App, actor: str | None, incident_id: int, out, *,  # type: ignore[no-untyped-def]
                          unmask: bool = False) -> dict:  # fmt: skip
    """Prints the incident report; read permission; the print is logged."""
    from console.printing import incident_report
    from console.printing.pdf import writing

    with app.read() as s:
        user = authorize(s, actor, Action.READ)
        if unmask:
            may_unmask(app, user, [plan_of(app, get_incident(s, incident_id))])
        report = incident_report.gather(app, s, incident_id, unmask=unmask)
    with writing(out):
        path = incident_report.render(report, Path(out), watermark=app.watermark)  # 演练 in a drill
    with app.write() as s:
        journal(app, s, actor=user.name, action="report.print", entity="incident", entity_id=incident_id, before=None,
                after={"file": str(path), "unmasked": unmask}, incident_id=incident_id, kind="report",
                text="打印结案报告" + ("(未遮蔽号码)" if unmask else ""))  # fmt: skip
    late = sum(1 for c in report["clocks"] if c["late"])
    return {
        "file": str(path),
        "clocks": len(report["clocks"]),
        "late": late,
        "closed": report["closed"],
    }


def drill_report_of(app: App) -> dict:
    """The figures of this drill database's report (for the window's report dialog)."""
    from console.printing import drill_report

    if app.drill is None:
        raise InputError("session", "not a drill database")
    with app.read() as s:
        return drill_report.gather(app, s)


def print_drill_report(app: App, actor: str | None, out) -> dict:  # type: ignore[no-untyped-def]
    """Prints the drill report of this drill database; the print is logged."""
    from console.printing import drill_report
    from console.printing.pdf import writing

    if app.drill is None:
        raise InputError("session", "not a drill database")
    with app.read() as s:
        who = SYSTEM if actor is None else authorize(s, actor, Action.READ).name
        report = drill_report.gather(app, s)
    with writing(out):
        path = drill_report.render(report, Path(out), watermark=app.watermark)
    with app.write() as s:
        journal(app, s, actor=who, action="drill.report", entity="drill", entity_id=report["session"], before=None,
                after={"file": str(path)}, incident_id=None, kind="drill", text="打印演练评估报告")  # fmt: skip
    return {"file": str(path), "session": report["session"], "totals": report["totals"],
            "alarms": {k: v for k, v in report["alarms"].items() if k not in ("list", "groups")}}  # fmt: skip
