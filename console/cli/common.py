"""What the command modules share: the parser and its checks, the global options, the
table of handlers (`@handles`), printing a result (`out`) and opening the console."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy.exc import ArgumentError

from console import db
from console.actions import BY_COMMAND, Action, Entry
from console.context import App, open_app
from console.errors import InputError, PermissionDenied
from console.people.privacy import mask_phone
from console.time.format import OUTSIDE_YEARS, YEARS, parse_instant
from console.time.source import FixedTime, SystemTime
from console.views.records import IncidentView, to_json


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


_INT64 = 2**63 - 1  # what SQLite and PostgreSQL keep in an integer column


def whole(text: str) -> int:
    """A whole number the database can hold: 99999999999999999999 is refused as bad input,
    not left to overflow in the driver."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text[:40]!r}") from None
    if not -_INT64 <= value <= _INT64:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is out of range")
    return value


# Text a real command line cannot hold (NUL) or that is not text at all (bytes that are not
# UTF-8 reach Python as lone surrogates): refused before it reaches the database.
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def _option_names(parser: argparse.ArgumentParser) -> dict[str, str]:
    """dest → how the user wrote it (--as, --received-at, incident_id), over every command."""
    names: dict[str, str] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                names.update(_option_names(sub))
        elif action.dest is not argparse.SUPPRESS:
            longest = max(action.option_strings, key=len, default=action.dest)
            names.setdefault(action.dest, longest)
    return names


def check_text(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    given = dict(vars(args))
    if os.environ.get("CONSOLE_USER") and not given.get("as_user"):
        given["as_user"] = os.environ["CONSOLE_USER"]
    names: dict[str, str] | None = None
    for dest, value in given.items():
        if isinstance(value, str) and _NOT_TEXT.search(value):
            names = names or _option_names(parser)
            raise InputError(names.get(dest, dest), "not valid text (a NUL, or bytes that are "
                             "not UTF-8: check the terminal's encoding)")  # fmt: skip


def add_globals(p: argparse.ArgumentParser, top: bool) -> None:
    d = None if top else argparse.SUPPRESS
    p.add_argument(
        "--db", default=d, help="SQLAlchemy URL (default: SQLite in the user data folder)"
    )
    p.add_argument(
        "--now", default=d, help="the clock for this command, ISO-8601 (local time if no offset)"
    )
    p.add_argument("--as", dest="as_user", default=d,
                   help="the user who acts; proof: CONSOLE_PASSWORD, --password-stdin or CONSOLE_TOKEN")  # fmt: skip
    p.add_argument("--password-stdin", action="store_true", default=False if top else argparse.SUPPRESS,
                   help="read passwords from stdin, one a line: the acting user's first (with --as, "
                        "unless CONSOLE_PASSWORD gives it), then a new one (users add, users passwd)")  # fmt: skip
    p.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                   help="print JSON")  # fmt: skip


# --- the commands: each module declares its own with @handles ---------------------------
Argument = tuple[tuple[str, ...], dict[str, Any]]


def arg(*names: str, **options: Any) -> Argument:
    """One add_argument call of a command: arg("task_id", type=whole)."""
    return names, options


@dataclass(frozen=True)
class Handler:
    arguments: tuple[Argument, ...]
    run: Callable[..., int | None]  # (app, args, actor); None is exit 0
    opens_app: bool


HANDLERS: dict[tuple[str, ...], Handler] = {}


def handles(*words: str, arguments: tuple[Argument, ...] = (), opens_app: bool = True
            ) -> Callable[[Callable[..., int | None]], Callable[..., int | None]]:  # fmt: skip
    """Runs `main.py WORDS …` (the words and the help are console/actions.py's)."""

    def register(run: Callable[..., int | None]) -> Callable[..., int | None]:
        HANDLERS[words] = Handler(arguments, run, opens_app)
        return run

    return register


def masked(value: Any) -> Any:
    """Complainants' numbers masked in what a command prints (`show --unmask` for the roles
    the plan lists)."""
    if isinstance(value, IncidentView):
        return replace(value, contact=mask_phone(value.contact))
    if isinstance(value, list | tuple):
        return type(value)(masked(v) for v in value)
    return value


def out(args: argparse.Namespace, value: Any, human: Callable[[Any], str]) -> None:
    if not getattr(args, "unmasked", False):
        value = masked(value)
    if args.json:
        print(json.dumps(to_json(value), ensure_ascii=False, indent=2))
    else:
        print(human(value))


def instant(text: str, field: str) -> datetime:
    try:
        value = parse_instant(text)
    except ValueError as exc:
        raise InputError(field, f"not an ISO-8601 time: {exc}") from None
    if value.year not in YEARS:
        raise InputError(field, OUTSIDE_YEARS)
    return value


def stdin_line(field: str) -> str:
    """The next line of stdin (--password-stdin: the acting user's password, then a new
    one), without its line end."""
    try:
        line = sys.stdin.readline()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(field, f"cannot read it from stdin: {exc}") from None
    if not line:
        raise InputError(field, "expected on stdin (--password-stdin), found nothing")
    return line.rstrip("\r\n")


# What a token never does: manage people, passwords and tokens (a token could otherwise make
# itself a wider one, or its user's password).
CREDENTIALS = frozenset({"manage_users", "passwd", "notify_admin"})
# What the administrator (no --as) does only with the database owner's role.
ADMINISTRATION = frozenset({"manage_users", "passwd", "calendar_import", "migrate", "users",
                            "contact", "notify_admin"})  # fmt: skip


def changes(entry: Entry) -> bool:
    """Its commands change a database (this one, or a drill's): not for a `read` scope."""
    return entry.writes or entry.needs not in (None, Action.READ)


NOW_REFUSED = ("a changing command on a real database records the machine's clock; --now is "
               "honoured only in a sandbox (migrate --sandbox) or a drill database")  # fmt: skip


def chosen_clock(app: App, args: argparse.Namespace, words: tuple[str, ...]) -> FixedTime | None:
    """--now: the clock of a reading command anywhere; of a changing one only in a sandbox or
    a drill database (and `migrate --sandbox`, which makes one). Refused before anything is
    written."""
    if not args.now:
        return None
    at = instant(args.now, "--now")
    entry = BY_COMMAND.get(words)
    making_sandbox = words == ("migrate",) and getattr(args, "sandbox", False)
    writes = entry is not None and entry.writes or getattr(args, "unmask", False)  # logged
    if writes and not (app.sandbox or app.drill or making_sandbox):
        raise InputError("--now", NOW_REFUSED)
    return FixedTime(at)


def identify(app: App, args: argparse.Namespace, words: tuple[str, ...]) -> str | None:
    """Who acts, proven: `--as NAME` (or CONSOLE_USER) with the user's password
    (CONSOLE_PASSWORD, or the first line of stdin with --password-stdin), or CONSOLE_TOKEN
    alone, within its scopes. No --as and no token: the local administrator (None)."""
    from console.services import users

    name = args.as_user or os.environ.get("CONSOLE_USER") or None
    token = os.environ.get("CONSOLE_TOKEN", "").strip()
    command = " ".join(words)
    entry = BY_COMMAND.get(words)
    if token:
        cred = users.token_credential(app, token)
        if name and name != cred.user:
            raise PermissionDenied(f"--as: CONSOLE_TOKEN acts as {cred.user}, not {name}")
        if entry is not None and entry.id in CREDENTIALS:
            raise PermissionDenied(f"CONSOLE_TOKEN: a token does not manage users, passwords or "
                                   f"tokens ({command}); sign in with --as and a password")  # fmt: skip
        if not cred.permits(command, reads_only=entry is None or not changes(entry)):
            raise PermissionDenied(f"CONSOLE_TOKEN: token「{cred.label}」 may run only "
                                   f"{', '.join(sorted(cred.scopes))}, not {command}")  # fmt: skip
        app.via = f"token:{cred.label}"
        return cred.user
    if not name or (words == ("users", "add") and not users.list_users(app)):
        if entry is not None and entry.id in ADMINISTRATION and not db.may_administer(app.engine):
            raise PermissionDenied(f"{command}: the local administrator's (no --as) only with the "
                                   "database owner's URL (README: Database roles on PostgreSQL); "
                                   "or name who acts with --as")  # fmt: skip
        return None  # the administrator (the very first user is set up so)
    if "CONSOLE_PASSWORD" in os.environ:
        password = os.environ["CONSOLE_PASSWORD"]
    elif args.password_stdin:
        password = stdin_line("--password-stdin")
    else:
        raise PermissionDenied(f"--as: {name} must prove who they are: CONSOLE_PASSWORD, "
                               "--password-stdin, or an API token in CONSOLE_TOKEN")  # fmt: skip
    try:
        return users.authenticate(app, name, password).name
    except PermissionDenied as exc:
        raise PermissionDenied(f"--as: {exc}") from None


def open_console(args: argparse.Namespace) -> App:
    """The console on the machine's clock (a drill database: the drill's); set_clock may
    set another."""
    try:
        return open_app(args.db or os.environ.get("CONSOLE_DB"), SystemTime())
    except ArgumentError as exc:  # not a URL, or a database SQLAlchemy does not know
        raise InputError("--db", f"not a database URL: {exc}") from None
    except ImportError as exc:  # a known database without its driver installed
        raise InputError("--db", f"no driver for this database ({exc.name})") from None
    except OSError as exc:  # SQLite: a folder that cannot be made
        raise InputError(
            "--db", f"cannot use {exc.filename or 'the path'}: {exc.strerror or exc}"
        ) from None
