"""What the command modules share: the parser and its checks, the global options, the
table of handlers (`@handles`), printing a result (`out`) and opening the console."""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy.exc import ArgumentError

from console.context import App, open_app
from console.errors import InputError
from console.time.format import OUTSIDE_YEARS, YEARS, parse_instant
from console.time.source import FixedTime, SystemTime
from console.views.records import to_json


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
    p.add_argument("--as", dest="as_user", default=d, help="the user who acts")
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


def out(args: argparse.Namespace, value: Any, human: Callable[[Any], str]) -> None:
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


def open_console(args: argparse.Namespace) -> App:
    clock = SystemTime()
    if args.now:
        clock = FixedTime(instant(args.now, "--now"))
    try:
        return open_app(args.db or os.environ.get("CONSOLE_DB"), clock)
    except ArgumentError as exc:  # not a URL, or a database SQLAlchemy does not know
        raise InputError("--db", f"not a database URL: {exc}") from None
    except ImportError as exc:  # a known database without its driver installed
        raise InputError("--db", f"no driver for this database ({exc.name})") from None
    except OSError as exc:  # SQLite: a folder that cannot be made
        raise InputError(
            "--db", f"cannot use {exc.filename or 'the path'}: {exc.strerror or exc}"
        ) from None
