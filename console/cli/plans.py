"""The plans: list the loaded ones, check a file (neither opens the database)."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from console.cli.common import arg, handles, out
from console.plans.plan import load_catalogue, load_plan


@handles("plans", "list", opens_app=False)
def _list(app: None, args: Namespace, actor: str | None) -> None:
    cat = load_catalogue()
    out(args, [p.summary() for p in cat],
        lambda ps: "\n".join(f"{p['id']:<18} {p['name']}  levels: "
                             + "/".join(lv["name"] for lv in p["levels"]) for p in ps))  # fmt: skip


@handles("plans", "check", arguments=(arg("file"),), opens_app=False)
def _check(app: None, args: Namespace, actor: str | None) -> None:
    load_plan(Path(args.file))
    print("ok")
