"""Incidents: 接报登记, activate, regrade, advance; show, the active ones, the timeline, a
duty-log note, the SLA clocks."""

from __future__ import annotations

from argparse import Namespace

from console.cli.common import arg, handles, instant, out, whole
from console.cli.tasks import task_line
from console.context import App
from console.time.format import countdown
from console.views.records import AttachmentView, IncidentView, SlaClockView

INCIDENT = arg("incident_id", type=whole)


def incident_text(i: IncidentView) -> str:
    lines = [f"#{i.id} {i.title}  [{i.plan_name}] {i.level_name} · {i.state_name} · "
             f"{i.channel_name} · {i.people} 人 · 接报 {i.received_at} · 首问负责人 {i.first_receiver}"]  # fmt: skip
    if i.type_name:
        lines.append(f"  投诉类型 {i.type_name}")
    if i.order_no or i.respondent:
        lines.append(f"  订单号 {i.order_no or '—'} · 被投诉人/部门 {i.respondent or '—'}")
    for c in i.incident_clocks or ():
        left = countdown(c.clock.remaining_s) if c.clock.remaining_s is not None else "—"
        lines.append(f"  ⏱ {c.rule_name} [{c.clock.clock_state}] 期限 {c.clock.due_at} 剩余 {left}")
    for t in i.tasks or ():
        lines.append("  " + task_line(t))
    if i.earlier is not None and i.earlier.count:
        e = i.earlier
        lines.append(
            f"  同一客户近 {e.within_days} 日内投诉 {e.count} 次,其中 {e.open_count} 件未结:"
        )
        for x in e.incidents:
            lines.append(f"    #{x.id} {x.title} · {x.state_name} · 接报 {x.received_at}")
    for r in i.revisits or ():
        lines.append(f"  回访 {r.at} {r.by}:{r.result_name}" + (f"。{r.note}" if r.note else ""))
    for a in i.attachments or ():
        lines.append(
            f"  证据 #{a.id} {a.name} {a.size} B sha256 {a.sha256[:16]}… {a.added_by} {a.added_at}"
        )
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
    arg("--channel", required=True, choices=["onsite", "phone", "online", "third_party", "letter"]),
    arg("--level"),
    arg("--type"),
    arg("--people", type=whole),
    arg("--demands", default=""),
    arg("--location", default=""),
    arg("--reporter", default=""),
    arg("--contact", default=""),
    arg("--mood", default=""),
    arg("--order-no", default="", help="订单号/业务编号"),
    arg("--respondent", default="", help="被投诉人/被投诉部门"),
    arg("--received-at", help="ISO-8601; default: now"),
)


@handles("report", arguments=REPORT)
def _report(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import incidents

    received = instant(args.received_at, "--received-at") if args.received_at else None
    data = incidents.ReportInput(
        plan=args.plan, title=args.title, channel=args.channel, level=args.level, type=args.type,
        people=args.people, demands=args.demands, location=args.location, reporter=args.reporter,
        contact=args.contact, mood=args.mood, order_no=args.order_no, respondent=args.respondent,
        received_at=received)  # fmt: skip
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


@handles("retype", arguments=(INCIDENT, arg("type"), arg("--reason", required=True)))
def _retype(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import incidents

    out(args, incidents.retype(app, actor, args.incident_id, args.type, reason=args.reason),
        incident_text)  # fmt: skip


REVISIT = (
    INCIDENT,
    arg("--result", required=True, choices=["satisfied", "basically_satisfied", "dissatisfied"]),
    arg("--note", default=""),
)


@handles("revisit", arguments=REVISIT)
def _revisit(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import revisits

    out(args, revisits.record(app, actor, args.incident_id, args.result, args.note),
        lambda r: f"回访 #{r.id} {r.result_name}" + (f",第 {r.rehandle_round} 次重新处理" if r.rehandle_round else ""))  # fmt: skip


def _attachment_line(a: AttachmentView) -> str:
    task = f" 任务 #{a.task}" if a.task else ""
    return f"#{a.id} {a.name} {a.media_type} {a.size} B sha256 {a.sha256} {a.added_by} {a.added_at}{task}"


@handles(
    "attach",
    arguments=(INCIDENT, arg("file"), arg("--task", type=whole), arg("--note", default="")),
)
def _attach(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import evidence

    out(args, evidence.attach(app, actor, args.incident_id, args.file, task_id=args.task, note=args.note),
        _attachment_line)  # fmt: skip


@handles("attachments", arguments=(INCIDENT,))
def _attachments(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import evidence

    out(args, evidence.listing(app, args.incident_id),
        lambda xs: "\n".join(_attachment_line(a) for a in xs) or "no attachments")  # fmt: skip


@handles(
    "attachment", "get", arguments=(arg("attachment_id", type=whole), arg("--out", required=True))
)
def _attachment_get(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import evidence

    out(args, evidence.save(app, args.attachment_id, args.out),
        lambda a: f"wrote {args.out}: {a.size} B, sha256 {a.sha256} (checked)")  # fmt: skip


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
