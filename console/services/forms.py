"""A plan's paper forms (`forms:` in the plan file: 《投诉接收单》《投诉处理表》…): which an
incident's plan has, and one printed from the case (read in one transaction, rendered by
console/printing/forms.py, the print logged). Complainants' numbers are masked unless the
printing user may and does choose otherwise, and that choice is in the log."""

from __future__ import annotations

from pathlib import Path

from console.context import App
from console.errors import InputError
from console.journal import journal
from console.people.permissions import Action
from console.services.common import authorize, get_incident, plan_of
from console.services.reports import may_unmask


def forms_of(app: App, actor: str | None, incident_id: int) -> list[dict]:
    """The forms of the incident's plan, in the plan's order (for the window's print menu)."""
    from console.printing import forms  # reportlab: loaded to print

    with app.read() as s:
        authorize(s, actor, Action.READ)
        plan = plan_of(app, get_incident(s, incident_id))
    return [{"id": f.id, "title": forms.plain_title(f.title)} for f in plan.forms]


def print_form(app: App, actor: str | None, incident_id: int, form_id: str, out, *,  # type: ignore[no-untyped-def]
               unmask: bool = False) -> dict:  # fmt: skip
    """Prints one of the plan's forms for the incident to a PDF; read permission (and the
    plan's unmask_roles for --unmask); the print is logged."""
    from console.printing import forms
    from console.printing.pdf import writing

    with app.read() as s:
        user = authorize(s, actor, Action.READ)
        incident = get_incident(s, incident_id)
        plan = plan_of(app, incident)
        form = plan.form(form_id)
        if form is None:
            there = (f"one of {', '.join(f.id for f in plan.forms)}" if plan.forms
                     else "it declares no forms")  # fmt: skip
            raise InputError("form", f"plan {plan.id} has no form {form_id!r}; {there}")
        if unmask:
            may_unmask(app, user, [plan])
        content = forms.gather(app, s, incident, form, unmask=unmask)
    with writing(out):
        path = forms.render(content, Path(out), watermark=app.watermark)  # 演练/测试
    title = content["title"]
    with app.write() as s:
        journal(app, s, actor=user.name, action="form.print", entity="incident", entity_id=incident_id,
                before=None, after={"file": str(path), "form": form.id, "unmasked": unmask},
                incident_id=incident_id, kind="report",
                text=f"打印《{title}》" + ("(未遮蔽号码)" if unmask else ""))  # fmt: skip
    return {"file": str(path), "incident": incident_id, "form": form.id, "title": title,
            "fields": len(content["fields"]), "masked": not unmask}  # fmt: skip
