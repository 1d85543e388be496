"""Duty shifts: start one, hand it over, show the open one."""

from __future__ import annotations

import json
from argparse import Namespace

from console.cli.common import arg, handles, out
from console.context import App
from console.views.records import to_json


def _json_line(r: object) -> str:
    return json.dumps(to_json(r), ensure_ascii=False)


@handles("shift", "start", arguments=(arg("--officer", required=True), arg("--leader")))
def _start(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import shifts

    out(args, shifts.start_shift(app, actor, args.officer, args.leader), _json_line)


HANDOVER = (
    arg("--to", required=True),
    arg("--leader", help="the next shift's duty leader"),
    arg("--override", default="", help="leader's reason to hand over during a no-handover step"),
)


@handles("shift", "handover", arguments=HANDOVER)
def _handover(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import shifts

    result = shifts.handover(app, actor, args.to, leader=args.leader, override=args.override)
    out(args, result, _json_line)


@handles("shift", "show")
def _show(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import shifts

    out(args, shifts.current(app), _json_line)
