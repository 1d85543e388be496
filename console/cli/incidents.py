"""Incidents: 接报登记, activate, regrade, advance; show, the active ones, the timeline, a
duty-log note, the SLA clocks."""

from __future__ import annotations

from argparse import Namespace

from console.cli.common import arg, handles, instant, out, whole
from console.cli.tasks import task_line
from console.context import App
from console.time.format import countdown
from console.views.records import IncidentView, SlaClockView

INCIDENT = arg("incident_id", type=whole)


def incident_text(i: IncidentView) -> str:
    lines = [f"#{i.id} {i.title}  [{i.plan_name}] {i.level_name} · {i.state_name} · "
             f"{i.channel_name} · {i.people} 人 · 接报 {i.received_at}"]  # fmt: skip
    for t in i.tasks or ():
        lines.append("  " + task_line(t))
    return "\n".join(lines)


def _clocks_text(clocks: list[SlaClockView]) -> str:
    lines = []
    for c in clocks:
        left = countdown(c.clock.remaining_s) if c.clock.remaining_s is not None else "—"
        lines.append(f"#{c.clock.clock_id} {c.rule_name} [{c.clock.clock_state}] 期限 {c.clock.due_at} 剩余 {left}"
                     f" 已用 {countdown(c.elapsed_s)}")  # fmt: skip
        for e in c.history:
            moved = f" 期限 {e.due_before} → {e.due_after}" if e.due_before and e.due_after else ""
            lines.append(f"    {e.at} {e.kind} {e.by} {e.reason}{moved}")
    return "\n".join(lines) or "no clocks"


REPORT = (
    arg("--plan", required=True),
    arg("--title", required=True),
    arg("--channel", required=True, choices=["onsite", "phone", "online", "third_party"]),
    arg("--level"),
    arg("--type"),
    arg("--people", type=whole),
    arg("--demands", default=""),
    arg("--location", default=""),
    arg("--reporter", default=""),
    arg("--contact", default=""),
    arg("--mood", default=""),
    arg("--received-at", help="ISO-8601; default: now"),
)


@handles("report", arguments=REPORT)
def _report(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import incidents

    received = instant(args.received_at, "--received-at") if args.received_at else None
    data = incidents.ReportInput(
        plan=args.plan, title=args.title, channel=args.channel, level=args.level, type=args.type,
        people=args.people, demands=args.demands, location=args.location, reporter=args.reporter,
        contact=args.contact, mood=args.mood, received_at=received)  # fmt: skip
    out(args, incidents.register(app, actor, data), incident_text)


@handles("activate", arguments=(INCIDENT,))
def _activate(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import incidents

    out(args, incidents.activate(app, actor, args.incident_id), incident_text)


@handles("regrade", arguments=(INCIDENT, arg("level"), arg("--reason", default="")))
def _regrade(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import incidents

    out(
        args,
        incidents.regrade(app, actor, args.incident_id, args.level, reason=args.reason),
        incident_text,
    )


@handles("advance", arguments=(INCIDENT, arg("state")))
def _advance(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import incidents

    out(args, incidents.advance(app, actor, args.incident_id, args.state), incident_text)


@handles(
    "show",
    arguments=(
        INCIDENT,
        arg(
            "--unmask",
            action="store_true",
            help="the complainant's number in full (the plan's unmask_roles)",
        ),
    ),
)
def _show(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import queries, reports

    if args.unmask:  # permitted and logged before anything is shown
        reports.show_unmasked(app, actor, args.incident_id)
        args.unmasked = True
    out(args, queries.show(app, args.incident_id), incident_text)


@handles("incidents", arguments=(arg("--all", action="store_true"),))
def _incidents(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import queries

    out(args, queries.list_incidents(app, include_closed=args.all),
        lambda xs: "\n".join(incident_text(x) for x in xs) or "no active incidents")  # fmt: skip


@handles("log", arguments=(INCIDENT,))
def _log(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import queries

    out(args, queries.timeline(app, args.incident_id),
        lambda es: "\n".join(f"{e.at}  {e.actor:<10} {'★ ' if e.significant else ''}{e.text}"
                             for e in es))  # fmt: skip


@handles("note", arguments=(INCIDENT, arg("text"), arg("--significant", action="store_true")))
def _note(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import incidents

    out(args, incidents.add_note(app, actor, args.incident_id, args.text, significant=args.significant),
        lambda n: "noted")  # fmt: skip


@handles("clocks", arguments=(INCIDENT,))
def _clocks(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import queries

    out(args, queries.clocks_of(app, args.incident_id), _clocks_text)
