"""Users: add one (the very first one needs no --as), list them."""

from __future__ import annotations

import sys
from argparse import Namespace

from console.cli.common import arg, handles, out
from console.context import App
from console.errors import InputError

ADD = (
    arg("name"),
    arg("--role", required=True,
        choices=["leader", "deputy", "coordinator", "member", "duty_officer", "supervisor"]),
    arg("--group"),
    arg("--display-name", default=""),
    arg("--org-role", help="the plan role this person holds (A角/B角 with --ab)"),
    arg("--ab", choices=["A", "B"]),
    arg("--password-stdin", action="store_true"),
)  # fmt: skip


@handles("users", "add", arguments=ADD)
def _add(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import users

    try:
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("password", f"cannot read it from stdin: {exc}") from None
    if not args.as_user and not users.list_users(app):
        actor = None  # the very first user: set up by the shell's administrator
    u = users.add_user(app, actor, args.name, args.role, group=args.group,
                       display_name=args.display_name, org_role=args.org_role, ab=args.ab,
                       password=password)  # fmt: skip
    out(args, u, lambda u: f"added {u.name} ({u.role})")


@handles("users", "list")
def _list(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import users

    out(args, users.list_users(app),
        lambda us: "\n".join(f"{u.name:<16} {u.role:<13} {u.group or ''}" for u in us))  # fmt: skip
