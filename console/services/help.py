"""求助: a coordinator or member (for their own group's task), or the duty officer (any
task: the desk belongs to no group), asks the command for help with a task, with a reason; the request stands on the command screen
until a leader or deputy acknowledges it, as an alarm does. Both are in the audit and the
case's timeline."""

from __future__ import annotations

from sqlalchemy import select

from console.context import App, write_time
from console.errors import Conflict, NotFound
from console.incidents.lifecycle import ACTIVE_STATES
from console.journal import journal
from console.notify import outbox
from console.notify.messages import HelpNote, help_message
from console.people.permissions import Action, allowed
from console.services.common import authorize, changed_by, check_version, clean_text, get_task
from console.time.format import local_iso
from console.views.records import HelpView
from models import HelpRequest, Incident, Task, User

REASON_MAX = 500


def ask(app: App, actor: str | None, task_id: int, reason: str) -> HelpView:
    """Asks the command for help with a task of one's own group."""
    reason = clean_text(reason, "reason", REASON_MAX, required=True)
    with app.write() as s:
        task = get_task(s, task_id)
        user = authorize(s, actor, Action.HELP, task.group_id)
        if task.state not in ("open", "blocked"):
            raise Conflict(f"task: #{task.id} is {task.state}; help is asked with open work")
        asked = s.execute(select(HelpRequest).where(HelpRequest.task_id == task.id,
                                                    HelpRequest.acknowledged_at.is_(None))).scalars().first()  # fmt: skip
        if asked is not None:
            raise Conflict(f"help: #{task.id} already asked by {asked.asked_by} "
                           f"at {local_iso(asked.asked_at)}, not yet acknowledged")  # fmt: skip
        request = HelpRequest(incident_id=task.incident_id, task_id=task.id, group_id=task.group_id,
                              reason=reason, asked_by=user.name, asked_at=write_time(s))  # fmt: skip
        s.add(request)
        s.flush()
        journal(app, s, actor=user.name, action="help.ask", entity="help", entity_id=request.id,
                before=None, after={"task": task.id, "reason": reason}, incident_id=task.incident_id,
                kind="help", text=f"求助:{task.title} — {reason}", significant=True)  # fmt: skip
        _page_the_command(app, s, request, task)
        return help_view(app, s, request)


def acknowledge(
    app: App, actor: str | None, request_id: int, version: int | None = None
) -> HelpView:
    """A leader or deputy has seen the request and takes it on."""
    with app.write() as s:
        request = s.get(HelpRequest, request_id)
        if request is None:
            raise NotFound(f"help: no request {request_id}")
        user = authorize(s, actor, Action.ACK_HELP)
        if request.acknowledged_at is not None:
            raise Conflict(
                f"{changed_by(s, 'help', request.id)}(request #{request.id} is acknowledged already)"
            )
        check_version(s, "help", request, version)
        request.acknowledged_by, request.acknowledged_at = user.name, write_time(s)
        outbox.cancel_for_help(s, request.incident_id, request.id)
        journal(app, s, actor=user.name, action="help.ack", entity="help", entity_id=request.id,
                before=None, after={"acknowledged_by": user.name}, incident_id=request.incident_id,
                kind="help", text=f"收到求助 #{request.id}({request.reason})")  # fmt: skip
        return help_view(app, s, request)


def _page_the_command(app: App, s, request: HelpRequest, task: Task) -> None:  # type: ignore[no-untyped-def]
    """The request reaches those who acknowledge it off their seats too, as an alarm does:
    every channel that reaches a leader or deputy, in the request's transaction."""
    people = [u.name for u in s.execute(select(User).where(User.active).order_by(User.id)).scalars()
              if allowed(u.role, Action.ACK_HELP)]  # fmt: skip
    incident = s.get(Incident, request.incident_id)
    plan = app.catalogue.get(incident.plan_id) if incident else None
    if plan is None:  # a plan no longer loaded: the screen shows the request all the same
        return
    level = plan.level(incident.level_id)
    group = plan.group(task.group_id)
    title, body = help_message(HelpNote(request.id, incident.id, incident.title,
                                        level.name if level else "", task.title,
                                        group.name if group else task.group_id, request.reason,
                                        request.asked_by, request.asked_at, plan.tz,
                                        app.watermark))  # fmt: skip
    outbox.write(s, event=outbox.help_event(request.id), plan=plan, people=people, title=title, body=body,
                 now=request.asked_at, incident_id=incident.id)  # fmt: skip


def open_requests(app: App) -> list[HelpView]:
    """The requests no one has acknowledged yet, of cases still under way, oldest first."""
    with app.read() as s:
        rows = s.execute(select(HelpRequest).join(Incident, HelpRequest.incident_id == Incident.id)
                         .where(HelpRequest.acknowledged_at.is_(None),
                                Incident.state.in_([st.value for st in ACTIVE_STATES]))
                         .order_by(HelpRequest.asked_at, HelpRequest.id)).scalars().all()  # fmt: skip
        return [help_view(app, s, r) for r in rows]


def help_view(app: App, s, r: HelpRequest) -> HelpView:  # type: ignore[no-untyped-def]
    task = s.get(Task, r.task_id)
    incident = s.get(Incident, r.incident_id)
    plan = app.catalogue.get(incident.plan_id) if incident else None
    group = plan.group(r.group_id) if plan else None
    return HelpView(id=r.id, incident=r.incident_id, incident_title=incident.title if incident else "",
                    task=r.task_id, task_title=task.title if task else "", group=r.group_id,
                    group_name=group.name if group else r.group_id,
                    reason=r.reason, asked_by=r.asked_by, asked_at=local_iso(r.asked_at),
                    acknowledged_by=r.acknowledged_by, acknowledged_at=local_iso(r.acknowledged_at),
                    version=r.version)  # fmt: skip
