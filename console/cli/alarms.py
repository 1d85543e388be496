"""Alarms: sweep (raise what is due), the list, ack, shelve."""

from __future__ import annotations

from argparse import Namespace

from console.cli.common import arg, handles, out, whole
from console.context import App
from console.time.format import countdown
from console.views.records import AlarmView

ALARM = arg("alarm_id", type=whole)


def alarm_line(a: AlarmView) -> str:
    late = f" 超时 {countdown(a.late_s)}" if a.late_s else ""
    return (f"!{a.priority} #{a.id:<4} [{a.state}] {a.kind_name} 事件#{a.incident} "
            f"{a.title} 期限 {a.due_at}{late} → {a.step_name} {'、'.join(a.recipients)}"
            + (f"  通知:{a.delivery}" if a.delivery else ""))  # fmt: skip


@handles("sweep")
def _sweep(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import alarms

    swept = alarms.sweep(app)
    raised = [a for a in alarms.list_alarms(app, "all") if a.id in set(swept.raised)]
    out(args, {"raised": raised, "escalated": swept.escalated, "regraded": swept.regraded},
        lambda r: "\n".join(alarm_line(a) for a in r["raised"]) or "nothing due")  # fmt: skip


@handles("alarms", arguments=(
    arg("--state", default="open", choices=["open", "acked", "shelved", "all"]),))  # fmt: skip
def _alarms(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import alarms

    out(args, alarms.list_alarms(app, args.state),
        lambda xs: "\n".join(alarm_line(a) for a in xs) or f"no {args.state} alarms")  # fmt: skip


@handles("ack", arguments=(ALARM,))
def _ack(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import alarms

    out(args, alarms.ack(app, actor, args.alarm_id), alarm_line)


@handles("shelve", arguments=(ALARM, arg("--minutes", type=whole, required=True),
                              arg("--reason", required=True)))  # fmt: skip
def _shelve(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import alarms

    out(args, alarms.shelve(app, actor, args.alarm_id, args.minutes, args.reason), alarm_line)
