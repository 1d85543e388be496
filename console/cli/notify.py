"""Reaching people off their seats: channels, a test message, the message log, people's
own addresses, 到位确认 and the roll, and `serve` (the scheduler and sender, headless)."""

from __future__ import annotations

from argparse import SUPPRESS, Namespace

from console.cli.common import arg, handles, out, whole
from console.context import App
from console.errors import InputError
from console.views.records import ChannelView, MessageView, RollView

INCIDENT = arg("incident_id", type=whole)


def channel_line(c: ChannelView) -> str:
    where = f"→ {c.group}" if c.group else {"people": "→ 个人地址", "all": "→ 全部"}[c.audience]
    return f"{c.name:<16} {c.service:<8} {where:<16} {c.url}"


def message_line(m: MessageView) -> str:
    to = (
        m.recipient
        if not m.recipient.startswith("@")
        else f"{m.recipient}({'、'.join(m.mentions)})"
    )
    when = m.sent_at or m.next_at or m.created_at
    error = f"  {m.last_error}" if m.last_error and m.state != "sent" else ""
    return (f"#{m.id:<5} {m.state_name:<4} {m.service} {m.channel} → {to} {m.target} "
            f"事件#{m.incident or '-'} 告警#{m.alarm or '-'} 尝试 {m.attempts} 次 {when or ''}{error}")  # fmt: skip


def roll_text(r: RollView) -> str:
    lines = [
        f"事件#{r.incident} 到位确认 {r.confirmed}/{r.total}"
        + (f",限 {r.due_at} 前" if r.due_at else "")
    ]
    group = None
    for e in r.entries:
        if e.group != group:
            group = e.group
            lines.append(f"  {e.group_name}")
        state = f"已到位 {e.checked_in_at}({e.via})" if e.checked_in_at else "未确认"
        sent = f"  通知:{e.delivery}" if e.delivery else ""
        lines.append(f"    {e.display_name}({e.user}) {state}{sent}")
    return "\n".join(lines)


@handles("notify", "channel", arguments=(
    arg("action", choices=["add", "list", "remove"]), arg("name", nargs="?"),
    arg("--url"), arg("--group")))  # fmt: skip
def _channel(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import notify

    if args.action == "list":
        out(args, notify.list_channels(app),
            lambda cs: "\n".join(channel_line(c) for c in cs) or "no channels")  # fmt: skip
        return
    if not args.name:
        raise InputError("name", f"notify channel {args.action} NAME")
    if args.action == "add":
        if not args.url:
            raise InputError("--url", "required: the channel's Apprise URL (json://…, mailtos://…, "
                             "wecombot://…, dingtalk://…, feishu://…)")  # fmt: skip
        out(args, notify.add_channel(app, actor, args.name, args.url, args.group),
            lambda c: f"added {channel_line(c)}")  # fmt: skip
    else:
        out(args, notify.remove_channel(app, actor, args.name), lambda c: f"removed {c.name}")


@handles("notify", "test", arguments=(arg("name"),))
def _test(app: App, args: Namespace, actor: str | None) -> int:
    from console.notify.send import send
    from console.services import notify

    result = notify.test_channel(app, actor, args.name, send)
    out(args, result, lambda r: f"sent on {r['channel']}" if r["sent"]
        else f"not sent on {r['channel']}: {r['error']}")  # fmt: skip
    return 0 if result["sent"] else 1


@handles("notify", "log", arguments=(
    arg("--incident", type=whole), arg("--alarm", type=whole),
    arg("--state", choices=["pending", "sending", "sent", "retrying", "failed", "cancelled"]),
    arg("--limit", type=whole, default=500)))  # fmt: skip
def _log(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import notify

    out(args, notify.message_log(app, args.incident, args.state, args.alarm, args.limit),
        lambda ms: "\n".join(message_line(m) for m in ms) or "no messages")  # fmt: skip


@handles("users", "contact", arguments=(arg("name"), arg("--mobile"), arg("--email")))
def _contact(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import users

    out(args, users.set_contact(app, actor, args.name, mobile=args.mobile, email=args.email),
        lambda u: f"{u.name}: 手机 {u.mobile or '—'} 邮箱 {u.email or '—'}")  # fmt: skip


@handles("checkin", arguments=(INCIDENT,))
def _checkin(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import notify

    out(args, notify.checkin(app, actor, args.incident_id, via="命令行"), roll_text)


@handles("roll", arguments=(INCIDENT,))
def _roll(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import notify

    out(args, notify.roll(app, args.incident_id), roll_text)


@handles("serve", arguments=(arg("--once", action="store_true"),
                              arg("--parent", type=int, help=SUPPRESS)))  # fmt: skip
def _serve(app: App, args: Namespace, actor: str | None) -> None:
    from console.runners import serve

    if args.once:
        out(args, serve.once(app),
            lambda r: f"raised {len(r['raised'])}, escalated {len(r['escalated'])}, "
                      f"repeated {len(r['repeated'])}; sent {r['sent']}, retrying {r['retrying']}, "
                      f"failed {r['failed']}")  # fmt: skip
        return
    serve.serve(app, parent=args.parent)
