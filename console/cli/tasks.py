"""Work on tasks: done, reopen, block, reassign, pause, resume; the board of open tasks."""

from __future__ import annotations

from argparse import Namespace

from console.cli.common import arg, handles, out, whole
from console.context import App
from console.time.format import countdown
from console.views.records import TaskView


def task_line(t: TaskView) -> str:
    c = t.clock
    left = countdown(c.remaining_s) if c.remaining_s is not None else "        "
    mark = {"done": "✔", "blocked": "⛔", "open": "·"}.get(t.state, " ")
    clock = f" [{c.clock_state}]" if c.clock_state not in (None, "running") else ""
    return f"{mark} #{t.id:<5} {left}  {t.group_name}/{t.role_name}  {t.title}{clock}"


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
