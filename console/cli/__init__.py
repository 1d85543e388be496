"""The command line: the same services as the window, for scripting and integration.

    python main.py [--db URL] [--now ISO-8601] [--as USER] [--json] COMMAND …

Global options may stand before or after the command. Reading commands print JSON with
--json. Exit codes: 0 ok, 1 audit broken, 2 bad input (the message names the field),
3 not permitted, 4 not found, 5 conflict, 6 database unreachable, 70 internal error.

The commands, their words and their help are console/actions.py's; each group's module here
(incidents, tasks, alarms, users, plans, calendar, shifts, printing, drills, database) adds
their arguments and runs them."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy.exc import OperationalError, ProgrammingError

from console.actions import GROUPS, command_words, commands
from console.cli import (  # noqa: F401 (each registers its commands)
    alarms,
    calendar,
    database,
    drills,
    forms,
    incidents,
    notify,
    plans,
    printing,
    shifts,
    sitreps,
    stats,
    tasks,
    users,
)
from console.cli.common import (
    HANDLERS,
    Parser,
    UsageError,
    add_globals,
    check_text,
    chosen_clock,
    identify,
    open_console,
)
from console.errors import ConsoleError
from console.files import FieldErrors

log = logging.getLogger(__name__)

COMMANDS = frozenset(command_words())


def _command(parent: Any, name: str, help: str) -> Parser:
    p = parent.add_parser(name, help=help)
    add_globals(p, top=False)
    return p


def build_parser() -> Parser:
    root = Parser(
        prog="main.py",
        description="应急指挥台 Incident Command Console",
        epilog="Without a command, the console's window opens. `main.py shot OUT.png "
        "--as USER [--wall]` renders a seat offscreen to a PNG (main.py shot --help).",
    )
    add_globals(root, top=True)
    sub = root.add_subparsers(dest="command", parser_class=Parser)
    groups: dict[str, Any] = {}
    for command in commands():
        first, *rest = command.words
        if rest:
            if first not in groups:
                group = _command(sub, first, GROUPS[first])
                groups[first] = group.add_subparsers(
                    dest=f"{first}_command", parser_class=Parser, required=True
                )
            p = _command(groups[first], rest[0], command.help)
        else:
            p = _command(sub, first, command.help)
        for names, options in HANDLERS[command.words].arguments:
            p.add_argument(*names, **options)
    return root


# --- window or command line (main.py) ----------------------------------------------------
# The window's own options (widgets/start.py), beside the global ones: name → takes a value.
WINDOW_OPTIONS = {"--lang": True, "--wall": False}
# Qt's own (QApplication, QGuiApplication), which the window hands to Qt: name → takes a value.
QT_OPTIONS = {"-platform": True, "-platformpluginpath": True, "-platformtheme": True,
              "-plugin": True, "-qmljsdebugger": True, "-qwindowgeometry": True,
              "-qwindowicon": True, "-qwindowtitle": True, "-reverse": False, "-session": True,
              "-style": True, "-stylesheet": True, "-widgetcount": False, "-display": True,
              "-geometry": True, "-nograb": False, "-dograb": False, "-sync": False}  # fmt: skip
HELP = frozenset({"-h", "--help"})


def _options(parser: argparse.ArgumentParser) -> dict[str, bool]:
    return {o: a.nargs != 0 for a in parser._actions for o in a.option_strings}


@cache
def window_options() -> tuple[dict[str, bool], dict[str, bool]]:
    """The options the window takes, and those the drill window takes."""
    root = build_parser()
    window = _options(root) | WINDOW_OPTIONS | QT_OPTIONS
    sub = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    drill = next(a for a in sub.choices["drill"]._actions
                 if isinstance(a, argparse._SubParsersAction))  # fmt: skip
    return window, window | _options(drill.choices["run"])


def _scan(argv: Sequence[str], options: dict[str, bool]) -> tuple[list[str], list[str], set[str]]:
    """The words of a command line (what is neither an option nor an option's value), the
    options not among `options`, and those among them that were given. A long option may be
    shortened while it stays unambiguous, as argparse allows."""
    words: list[str] = []
    unknown: list[str] = []
    given: set[str] = set()
    i = 0
    while i < len(argv):
        token = argv[i]
        i += 1
        if token == "--":
            words.extend(argv[i:])
            break
        if not token.startswith("-") or token == "-":
            words.append(token)
            continue
        name, eq, _ = token.partition("=")
        known = name if name in options else None
        if known is None and name.startswith("--"):
            prefixed = [o for o in options if o.startswith(name)]
            known = prefixed[0] if len(prefixed) == 1 else None
        if known is None:
            unknown.append(token)
            continue
        given.add(known)
        if options[known] and not eq:
            i += 1  # its value
    return words, unknown, given


def wants_window(argv: Sequence[str]) -> bool:
    """No command word, only options the window knows: open the console window. Anything
    else is the command line's, which refuses what it does not know (exit 2, naming the
    commands)."""
    words, unknown, given = _scan(argv, window_options()[0])
    return not words and not unknown and not given & HELP


def wants_drill_window(argv: Sequence[str]) -> bool:
    """`drill run FILE` without --headless: the drill opens in the console window."""
    words, unknown, given = _scan(argv, window_options()[1])
    return words[:2] == ["drill", "run"] and not unknown and not given & (HELP | {"--headless"})


def run(args: argparse.Namespace) -> int:
    words = (args.command, *((getattr(args, f"{args.command}_command"),) if args.command in GROUPS else ()))  # fmt: skip
    handler = HANDLERS[words]
    if not handler.opens_app:
        return handler.run(None, args, args.as_user or os.environ.get("CONSOLE_USER")) or 0
    app = open_console(args)
    try:
        clock = chosen_clock(app, args, words)
        actor = identify(app, args, words)  # on the machine's clock (a lockout is real)
        if clock is not None:
            app.time = clock
        return handler.run(app, args, actor) or 0
    finally:
        app.close()


def _commands_line() -> str:
    return "commands: " + ", ".join(command_words()) + " (python main.py --help)"


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=os.environ.get("CONSOLE_LOG", "WARNING"), stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")  # fmt: skip
    parser = build_parser()
    given = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(given)
        if not args.command:
            parser.print_help()
            return 2
        check_text(parser, args)
        return run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        words = _scan(given, window_options()[1])[0]
        if (not words or words[0] not in COMMANDS) and "invalid choice" not in str(exc):
            print(_commands_line(), file=sys.stderr)  # no command given: say which there are
        return 2
    except ConsoleError as exc:
        text = str(exc)
        as_given = any(a == "--as" or a.startswith("--as=") for a in given)
        if text.startswith("--as:") and os.environ.get("CONSOLE_USER") and not as_given:
            text = "CONSOLE_USER" + text[4:]  # the user came from the environment
        print(f"error: {text}", file=sys.stderr)
        return exc.exit_code
    except FieldErrors as exc:  # a plan, drill scenario or calendar file: every error, by field
        for line in exc.errors:
            print(line, file=sys.stderr)
        return 2
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient privilege
            raise
        print(
            f"error: permission: this database role may not do that ({str(exc.orig).splitlines()[0]}); "
            "use the database owner's URL (README: Database roles on PostgreSQL)",
            file=sys.stderr,
        )
        return 3
    except OperationalError as exc:
        print(
            f"error: database: {str(exc.orig).splitlines()[0] if exc.orig else exc}",
            file=sys.stderr,
        )
        return 6
    except Exception as exc:  # never a traceback at the user; the log has it
        return _internal(exc)


def _internal(exc: Exception) -> int:
    log.debug("internal error", exc_info=exc)
    print(f"error: internal error ({type(exc).__name__}: {exc}); run with CONSOLE_LOG=DEBUG",
          file=sys.stderr)  # fmt: skip
    return 70
