"""Users: add one (the very first one needs no --as), list them, deactivate and activate
them, set a password, and the API tokens integrations act with."""

from __future__ import annotations

from argparse import Namespace

from console.cli.common import arg, handles, out, stdin_line, whole
from console.context import App

ADD = (
    arg("name"),
    arg("--role", required=True,
        choices=["leader", "deputy", "coordinator", "member", "duty_officer", "supervisor"]),
    arg("--group"),
    arg("--display-name", default=""),
    arg("--org-role", help="the plan role this person holds (A角/B角 with --ab)"),
    arg("--ab", choices=["A", "B"]),
)  # fmt: skip


def _new_password(args: Namespace) -> str | None:
    """The new password of `users add` / `users passwd`: the next line of stdin."""
    return stdin_line("password") if args.password_stdin else None


@handles("users", "add", arguments=ADD)
def _add(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import users

    password = _new_password(args)
    if actor is None and not users.list_users(app):
        actor = None  # the very first user: set up by the shell's administrator
    u = users.add_user(app, actor, args.name, args.role, group=args.group,
                       display_name=args.display_name, org_role=args.org_role, ab=args.ab,
                       password=password)  # fmt: skip
    out(args, u, lambda u: f"added {u.name} ({u.role})")


@handles("users", "list")
def _list(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import users

    out(args, users.list_users(app),
        lambda us: "\n".join(f"{u.name:<16} {u.role:<13} {u.group or '':<14} "
                             f"{'' if u.active else '(deactivated)'}".rstrip() for u in us))  # fmt: skip


@handles("users", "deactivate", arguments=(arg("name"),))
def _deactivate(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import users

    out(args, users.set_active(app, actor, args.name, False), lambda u: f"deactivated {u.name}")


@handles("users", "activate", arguments=(arg("name"),))
def _activate(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import users

    out(args, users.set_active(app, actor, args.name, True), lambda u: f"activated {u.name}")


@handles("users", "passwd", arguments=(arg("name"),))
def _passwd(app: App, args: Namespace, actor: str | None) -> None:
    from console.errors import InputError
    from console.services import users

    if not args.password_stdin:
        raise InputError("--password-stdin", "the new password is read from stdin")
    u = users.set_password(app, actor, args.name, _new_password(args) or "")
    out(args, u, lambda u: f"password of {u.name} changed")


TOKEN = (
    arg("name"),
    arg("--scope", action="append", help="a command it may run (report, done, shift …; read: "
        "every reading command); again for more; default: all its user may"),
    arg("--label", default="", help="what it is for (named in the audit with its user)"),
)  # fmt: skip


@handles("users", "token", arguments=TOKEN)
def _token(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import users

    t = users.create_token(app, actor, args.name, args.scope, args.label)
    out(
        args,
        t,
        lambda t: f"token #{t.id} for {t.user} ({', '.join(t.scopes)}), shown once:\n{t.token}",
    )


@handles("users", "tokens")
def _tokens(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import users

    def human(ts: list) -> str:
        return "\n".join(f"#{t.id:<4} {t.user:<12} {t.label:<20} {','.join(t.scopes):<24} "
                         f"{'revoked ' + t.revoked_at if t.revoked_at else 'active'}" for t in ts)  # fmt: skip

    out(args, users.list_tokens(app, actor), human)


@handles(
    "users", "revoke-token", arguments=(arg("token", type=whole, help="its number (users tokens)"),)
)
def _revoke(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import users

    t = users.revoke_token(app, actor, args.token)
    out(args, t, lambda t: f"token #{t.id} of {t.user} revoked")
