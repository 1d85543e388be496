"""Work on tasks: done, reopen, block, reassign, pause, resume; the board of open tasks."""

from __future__ import annotations

from argparse import Namespace

from console.cli.common import arg, handles, instant, out, whole
from console.context import App
from console.time.format import countdown
from console.views.records import TaskView


def task_line(t: TaskView) -> str:
    c = t.clock
    left = countdown(c.remaining_s) if c.remaining_s is not None else "        "
    mark = {"done": "✔", "blocked": "⛔", "open": "·"}.get(t.state, " ")
    clock = f" [{c.clock_state}]" if c.clock_state not in (None, "running") else ""
    who = f" → {t.assignee}" if t.assignee else ""
    return f"{mark} #{t.id:<5} {left}  {t.group_name}/{t.role_name}{who}  {t.title}{clock}"


TASK = arg("task_id", type=whole)


@handles("done", arguments=(TASK, arg("--note", default="")))
def _done(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import tasks

    out(args, tasks.complete(app, actor, args.task_id, args.note), task_line)


@handles("reopen", arguments=(TASK, arg("--reason", default="")))
def _reopen(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import tasks

    out(args, tasks.reopen(app, actor, args.task_id, args.reason), task_line)


@handles("block", arguments=(TASK, arg("--reason", required=True)))
def _block(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import tasks

    out(args, tasks.block(app, actor, args.task_id, args.reason), task_line)


@handles("reassign", arguments=(TASK, arg("--group"), arg("--role"), arg("--user")))
def _reassign(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import tasks

    t = tasks.reassign(
        app, actor, args.task_id, group=args.group, role=args.role, user_name=args.user
    )
    out(args, t, task_line)


@handles("board", arguments=(arg("--group"),))
def _board(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import queries

    out(args, queries.board(app, args.group),
        lambda ts: "\n".join(f"#{t.incident:<4} " + task_line(t) for t in ts) or "no open tasks")  # fmt: skip


@handles("pause", arguments=(TASK, arg("--reason", required=True)))
def _pause(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import tasks

    out(args, tasks.pause(app, actor, args.task_id, args.reason), task_line)


@handles("resume", arguments=(TASK,))
def _resume(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import tasks

    out(args, tasks.resume(app, actor, args.task_id), task_line)


ADD = (
    arg("incident_id", type=whole),
    arg("--title", required=True),
    arg("--group", required=True),
    arg("--role"),
    arg("--assignee"),
    arg("--due", help="ISO-8601 deadline"),
    arg("--within", help="a duration: 2 小时, 30 分钟, 3 个工作日 …"),
    arg("--warn", help="warning point: 80%% of the span, or a lead such as 15 分钟"),
    arg("--note", default="", help="what it is for (the decision that set it)"),
)


@handles("task", "add", arguments=ADD)
def _add(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import tasks

    due = instant(args.due, "--due") if args.due else None
    t = tasks.add(app, actor, args.incident_id, title=args.title, group=args.group, role=args.role,
                  assignee=args.assignee, due=due, within=args.within, warn=args.warn, note=args.note)  # fmt: skip
    out(args, t, task_line)
