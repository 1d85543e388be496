"""The command line: the same services as the window, for scripting and integration.

    python main.py [--db URL] [--now ISO-8601] [--as USER] [--json] COMMAND …

Global options may stand before or after the command. Reading commands print JSON with
--json. Exit codes: 0 ok, 1 audit broken, 2 bad input (the message names the field),
3 not permitted, 4 not found, 5 conflict, 6 database unreachable, 70 internal error."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from console.context import App, open_app
from console.errors import ConsoleError, InputError
from console.files import FieldErrors
from console.plans.plan import load_catalogue, load_plan
from console.time.format import OUTSIDE_YEARS, YEARS, countdown, parse_instant
from console.time.source import FixedTime, SystemTime

log = logging.getLogger(__name__)

COMMANDS = {"migrate", "plans", "users", "report", "activate", "regrade", "advance", "show", "clocks",
            "incidents", "done", "reopen", "block", "reassign", "board", "log", "note", "audit", "sweep",
            "alarms", "ack", "shelve", "pause", "resume", "calendar", "shift", "handover", "report-pdf", "drill"}  # fmt: skip


class UsageError(Exception):
    pass


_INT64 = 2**63 - 1  # what SQLite and PostgreSQL keep in an integer column


def _int(text: str) -> int:
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


def _check_text(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    given = dict(vars(args))
    if os.environ.get("CONSOLE_USER") and not given.get("as_user"):
        given["as_user"] = os.environ["CONSOLE_USER"]
    names: dict[str, str] | None = None
    for dest, value in given.items():
        if isinstance(value, str) and _NOT_TEXT.search(value):
            names = names or _option_names(parser)
            raise InputError(names.get(dest, dest), "not valid text (a NUL, or bytes that are "
                             "not UTF-8: check the terminal's encoding)")  # fmt: skip


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _globals(p: argparse.ArgumentParser, top: bool) -> None:
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


def build_parser() -> Parser:
    root = Parser(prog="main.py", description="应急指挥台 Incident Command Console")
    _globals(root, top=True)
    sub = root.add_subparsers(dest="command", parser_class=Parser)

    def cmd(parent: Any, name: str, help: str) -> Parser:
        p = parent.add_parser(name, help=help)
        _globals(p, top=False)
        return p

    cmd(sub, "migrate", "bring the database to the current schema")
    plans = cmd(sub, "plans", "plans: list, check FILE")
    psub = plans.add_subparsers(dest="plans_command", parser_class=Parser, required=True)
    cmd(psub, "list", "the loaded plans")
    cmd(psub, "check", "validate a plan file").add_argument("file")

    users = cmd(sub, "users", "users: add, list")
    usub = users.add_subparsers(dest="users_command", parser_class=Parser, required=True)
    add = cmd(usub, "add", "add a user")
    add.add_argument("name")
    add.add_argument("--role", required=True,
                     choices=["leader", "deputy", "coordinator", "member", "duty_officer", "supervisor"])  # fmt: skip
    add.add_argument("--group")
    add.add_argument("--display-name", default="")
    add.add_argument("--org-role", help="the plan role this person holds (A角/B角 with --ab)")
    add.add_argument("--ab", choices=["A", "B"])
    add.add_argument("--password-stdin", action="store_true")
    cmd(usub, "list", "list users")

    rep = cmd(sub, "report", "接报登记: register a report")
    rep.add_argument("--plan", required=True)
    rep.add_argument("--title", required=True)
    rep.add_argument(
        "--channel", required=True, choices=["onsite", "phone", "online", "third_party"]
    )
    rep.add_argument("--level")
    rep.add_argument("--type")
    rep.add_argument("--people", type=_int)
    rep.add_argument("--demands", default="")
    rep.add_argument("--location", default="")
    rep.add_argument("--reporter", default="")
    rep.add_argument("--contact", default="")
    rep.add_argument("--mood", default="")
    rep.add_argument("--received-at", help="ISO-8601; default: now")

    cmd(sub, "activate", "启动预案: activate the plan for an incident").add_argument(
        "incident_id", type=_int
    )
    rg = cmd(sub, "regrade", "change the response level")
    rg.add_argument("incident_id", type=_int)
    rg.add_argument("level")
    rg.add_argument("--reason", default="")
    adv = cmd(sub, "advance", "move the incident to a state")
    adv.add_argument("incident_id", type=_int)
    adv.add_argument("state")
    cmd(sub, "show", "an incident with its tasks").add_argument("incident_id", type=_int)
    cmd(sub, "incidents", "active incidents").add_argument("--all", action="store_true")

    done = cmd(sub, "done", "complete a task")
    done.add_argument("task_id", type=_int)
    done.add_argument("--note", default="")
    ro = cmd(sub, "reopen", "reopen a done or blocked task")
    ro.add_argument("task_id", type=_int)
    ro.add_argument("--reason", default="")
    bl = cmd(sub, "block", "mark a task blocked")
    bl.add_argument("task_id", type=_int)
    bl.add_argument("--reason", required=True)
    ra = cmd(sub, "reassign", "move a task to another group/role or person")
    ra.add_argument("task_id", type=_int)
    ra.add_argument("--group")
    ra.add_argument("--role")
    ra.add_argument("--user")

    cmd(sub, "board", "open tasks across incidents, most urgent first").add_argument("--group")
    cmd(sub, "log", "an incident's timeline").add_argument("incident_id", type=_int)
    note = cmd(sub, "note", "write a duty-log entry")
    note.add_argument("incident_id", type=_int)
    note.add_argument("text")
    note.add_argument("--significant", action="store_true")
    cmd(sub, "clocks", "an incident's SLA clocks with their history").add_argument(
        "incident_id", type=_int
    )
    cmd(sub, "sweep", "raise every alarm due as of the clock; print what was raised")
    al = cmd(sub, "alarms", "alarms, most urgent first")
    al.add_argument("--state", default="open", choices=["open", "acked", "shelved", "all"])
    cmd(sub, "ack", "acknowledge an alarm").add_argument("alarm_id", type=_int)
    sh = cmd(sub, "shelve", "put an alarm aside for N minutes")
    sh.add_argument("alarm_id", type=_int)
    sh.add_argument("--minutes", type=_int, required=True)
    sh.add_argument("--reason", required=True)
    pa = cmd(sub, "pause", "pause a task's clock")
    pa.add_argument("task_id", type=_int)
    pa.add_argument("--reason", required=True)
    cmd(sub, "resume", "resume a task's clock (its deadline moves by the pause)").add_argument(
        "task_id", type=_int
    )
    cal = cmd(sub, "calendar", "working calendar: import FILE, show YEAR")
    csub = cal.add_subparsers(dest="calendar_command", parser_class=Parser, required=True)
    cmd(csub, "import", "import a year's official holiday notice").add_argument("file")
    cmd(csub, "show", "holidays and make-up workdays of a year").add_argument("year", type=_int)
    sh_ = cmd(sub, "shift", "duty shifts: start, handover, show")
    ssub = sh_.add_subparsers(dest="shift_command", parser_class=Parser, required=True)
    st = cmd(ssub, "start", "open a shift")
    st.add_argument("--officer", required=True)
    st.add_argument("--leader")
    ho = cmd(ssub, "handover", "hand the open shift over")
    ho.add_argument("--to", required=True)
    ho.add_argument("--leader", help="the next shift's duty leader")
    ho.add_argument(
        "--override", default="", help="leader's reason to hand over during a no-handover step"
    )
    cmd(ssub, "show", "the open shift")
    hs = cmd(sub, "handover", "print the handover sheet (交接班单) to a PDF")
    hs.add_argument("--out", required=True)
    hs.add_argument("--shift", type=_int, help="default: the open shift, else the last 12 hours")
    hs.add_argument(
        "--unmask", action="store_true", help="print complainants' numbers in full (logged)"
    )
    rp = cmd(sub, "report-pdf", "print an incident's report (结案报告) to a PDF")
    rp.add_argument("incident_id", type=_int)
    rp.add_argument("--out", required=True)
    rp.add_argument("--unmask", action="store_true", help="print numbers in full (logged)")
    dr = cmd(
        sub,
        "drill",
        "演练 drills: list, check FILE, run FILE, report SESSION, pause/resume/stop SESSION",
    )
    dsub = dr.add_subparsers(dest="drill_command", parser_class=Parser, required=True)
    cmd(dsub, "list", "the scenarios in resources/drills and the sessions beside this database")
    cmd(dsub, "check", "validate a scenario file").add_argument("file")
    drun = cmd(dsub, "run", "run a scenario in its own database (a window unless --headless)")
    drun.add_argument("file")
    drun.add_argument(
        "--speed",
        type=float,
        help="clock speed (default: the scenario's); headless: paced in real time",
    )
    drun.add_argument("--headless", action="store_true",
                      help="no window: play the scripted responses too and check the expected alarms")  # fmt: skip
    drun.add_argument("--scripted", action="store_true",
                      help="window: the script plays the scenario's responses too (a demonstration)")  # fmt: skip
    drun.add_argument("--name", help="the session's name (default: scenario id and time)")
    drun.add_argument("--notes", default="", help="closing notes for the report")
    drun.add_argument("--report", help="also print the drill report to this PDF")
    drep = cmd(dsub, "report", "print a session's drill report (PDF)")
    drep.add_argument(
        "session", help="a session name from `drill list`, or the drill database's URL"
    )
    drep.add_argument("--out", required=True)
    for verb, what in (("pause", "pause a running drill"), ("resume", "resume a paused drill"),
                       ("stop", "end a drill (with --notes: the closing notes)")):  # fmt: skip
        dc = cmd(dsub, verb, what)
        dc.add_argument("session")
        if verb == "stop":
            dc.add_argument("--notes")
    aud = cmd(sub, "audit", "audit chain: verify")
    asub = aud.add_subparsers(dest="audit_command", parser_class=Parser, required=True)
    cmd(asub, "verify", "check the hash chain")
    return root


def wants_window(argv: Sequence[str]) -> bool:
    """No command word: open the console window."""
    return not any(a in COMMANDS for a in argv) and "-h" not in argv and "--help" not in argv


def wants_drill_window(argv: Sequence[str]) -> bool:
    """`drill run FILE` without --headless: the drill opens in the console window."""
    words = [a for a in argv if not a.startswith("-")]
    if "drill" not in words or "-h" in argv or "--help" in argv or "--headless" in argv:
        return False
    rest = words[words.index("drill") + 1 :]
    return bool(rest) and rest[0] == "run"


def _out(args: argparse.Namespace, value: Any, human: Callable[[Any], str]) -> None:
    if args.json:
        print(json.dumps(value, ensure_ascii=False, indent=2))
    else:
        print(human(value))


def _incident_text(i: dict) -> str:
    lines = [f"#{i['id']} {i['title']}  [{i['plan_name']}] {i['level_name']} · {i['state_name']} · "
             f"{i['channel_name']} · {i['people']} 人 · 接报 {i['received_at']}"]  # fmt: skip
    for t in i.get("tasks", []):
        lines.append("  " + _task_line(t))
    return "\n".join(lines)


def _task_line(t: dict) -> str:
    left = countdown(t["remaining_s"]) if t["remaining_s"] is not None else "        "
    mark = {"done": "✔", "blocked": "⛔", "open": "·"}.get(t["state"], " ")
    clock = f" [{t['clock_state']}]" if t.get("clock_state") not in (None, "running") else ""
    return f"{mark} #{t['id']:<5} {left}  {t['group_name']}/{t['role_name']}  {t['title']}{clock}"


def _alarm_line(a: dict) -> str:
    late = f" 超时 {countdown(a['late_s'])}" if a.get("late_s") else ""
    return (f"!{a['priority']} #{a['id']:<4} [{a['state']}] {a['kind_name']} 事件#{a['incident']} "
            f"{a['title']} 期限 {a['due_at']}{late} → {a['step_name']} {'、'.join(a['recipients'])}")  # fmt: skip


def _clocks_text(clocks: list[dict]) -> str:
    lines = []
    for c in clocks:
        left = countdown(c["remaining_s"]) if c["remaining_s"] is not None else "—"
        lines.append(f"#{c['clock_id']} {c['rule_name']} [{c['clock_state']}] 期限 {c['due_at']} 剩余 {left}"
                     f" 已用 {countdown(c['elapsed_s'])}")  # fmt: skip
        for e in c["history"]:
            moved = (
                f" 期限 {e['due_before']} → {e['due_after']}"
                if e["due_before"] and e["due_after"]
                else ""
            )
            lines.append(f"    {e['at']} {e['kind']} {e['by']} {e['reason']}{moved}")
    return "\n".join(lines) or "no clocks"


def _calendar(app: App, args: argparse.Namespace, actor: str | None) -> int:
    from console.files import read_file
    from console.time.calendar import CalendarFileError, describe_year, parse_year_file

    if args.calendar_command == "import":
        from console.services.calendar import import_year

        text = read_file(Path(args.file), CalendarFileError)
        year = import_year(app, actor, parse_year_file(text), text)
        print(
            f"ok: {year.year} imported ({len(year.holidays)} holidays, {len(year.workdays)} make-up workdays)"
        )
        return 0
    if not 1900 <= args.year <= 2200:
        raise InputError("year", "between 1900 and 2200")
    info = describe_year(app.calendar, args.year)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"{info['year']}: source {info['source']}, {info['working_days']} working days")
    print("holidays (weekdays off): " + (", ".join(info["holidays"]) or "—"))
    print("make-up workdays (weekends on): " + (", ".join(info["workdays"]) or "—"))
    if "warning" in info:
        print("warning: " + info["warning"], file=sys.stderr)
    return 0


def _cast(app: App) -> set[str]:
    from console.services import users

    return {u["name"] for u in users.list_users(app)}


def _drill(app: App, args: argparse.Namespace, actor: str | None) -> int:
    from console.drills.scenario import format_offset, list_scenarios, load_scenario
    from console.runners import drill as drill_runner
    from console.services import drills
    from console.services.reports import print_drill_report

    c = args.drill_command
    if c == "list":
        result = {
            "scenarios": list_scenarios(app.catalogue),
            "sessions": drills.list_sessions(app.url),
        }

        def human(r: dict) -> str:
            lines = ["scenarios:"]
            for x in r["scenarios"]:
                lines.append(f"  {Path(x['file']).name:<32} " + (f"{x['id']:<24} {x['name']}  [{x['plan']}, {x['duration']},"
                             f" {x['speed']:g}×]" if x["ok"] else "BROKEN: " + "; ".join(x["errors"])))  # fmt: skip
            lines.append("sessions:" + ("" if r["sessions"] else " none"))
            for x in r["sessions"]:
                lines.append(f"  {x['session']:<44} " + (f"{x['state']:<9} {x['mode']:<8} {x['name']}"
                                                        if "state" in x else "BROKEN: " + x["error"]))  # fmt: skip
            return "\n".join(lines)

        _out(args, result, human)
        return 0
    if c == "run":
        scenario, text = load_scenario(Path(args.file), app.catalogue)
        drill = drills.start(
            app, actor, scenario, text, mode="headless", speed=args.speed, name=args.name
        )
        try:
            result = (
                drill_runner.run_virtual(drill, scenario)
                if args.speed is None
                else drill_runner.run_paced(drill, scenario)
            )
            cast_actor = actor if actor in _cast(drill) else None  # the organiser may not be cast
            if args.notes:
                drills.set_notes(drill, cast_actor, args.notes)
            printed = print_drill_report(drill, cast_actor, args.report) if args.report else None
        finally:
            drill.close()
        out = {"session": result.session, "db": make_url(result.url).render_as_string(hide_password=True), "ok": result.ok, "seconds": round(result.seconds, 3),
               "applied": len(result.applied), "failed": [a.__dict__ | {"at": a.at.isoformat()} for a in result.failed],
               "alarms": result.alarms, "missing": result.missing, "unexpected": result.unexpected,
               "report": printed and printed["file"]}  # fmt: skip

        def human(r: dict) -> str:
            lines = [f"session {r['session']}: {r['applied']} injects and responses, {len(r['alarms'])} alarms "
                     f"in {r['seconds']} s — {'ok' if r['ok'] else 'FAILED'}"]  # fmt: skip
            lines += [
                f"  alarm T+{a['at']} {a['kind']:<8} {a['incident']}/{a['task'] or '事件'}"
                for a in r["alarms"]
            ]
            lines += [f"  failed {f['key']} ({f['kind']}): {f['detail']}" for f in r["failed"]]
            lines += [
                f"  missing alarm T+{m['at']} {m['kind']} {m['incident']}/{m['task']}"
                for m in r["missing"]
            ]
            lines += [
                f"  unexpected alarm T+{m['at']} {m['kind']} {m['incident']}/{m['task']}"
                for m in r["unexpected"]
            ]
            if r["report"]:
                lines.append(f"  wrote {r['report']}")
            lines.append(f"  report: python main.py drill report {r['session']} --out report.pdf")
            return "\n".join(lines)

        _out(args, out, human)
        return 0 if result.ok else 1
    try:
        drill = drills.open_session(app.url, args.session)
    except (ArgumentError, ImportError) as exc:  # "x://y": not a database URL, or no driver
        raise InputError("session", f"not a session name or database URL: {exc}") from None
    try:
        if c == "report":
            _out(args, print_drill_report(drill, actor, args.out), lambda r: f"wrote {r['file']}")
            return 0
        if c == "stop" and args.notes is not None:
            drills.set_notes(drill, actor, args.notes)
        if c != "stop" or drill.drill.state != "finished":  # type: ignore[union-attr]
            result = {"pause": drills.pause, "resume": drills.resume, "stop": drills.stop}[c](
                drill, actor
            )
        else:
            result = {"session": drill.drill.name, "state": "finished"}  # type: ignore[union-attr]
        _out(args, result, lambda r: f"{r['session']}: {r['state']}"
             + (f" at T+{format_offset(drill.time.now() - drill.drill.sim_start)}" if drill.drill else ""))  # fmt: skip
        return 0
    finally:
        drill.close()


def _instant(text: str, field: str) -> datetime:
    try:
        value = parse_instant(text)
    except ValueError as exc:
        raise InputError(field, f"not an ISO-8601 time: {exc}") from None
    if value.year not in YEARS:
        raise InputError(field, OUTSIDE_YEARS)
    return value


def _app(args: argparse.Namespace) -> App:
    clock = SystemTime()
    if args.now:
        clock = FixedTime(_instant(args.now, "--now"))
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


def run(args: argparse.Namespace) -> int:
    from console import audit
    from console.services import alarms as alarm_service
    from console.services import incidents, queries, tasks, users

    actor = args.as_user or os.environ.get("CONSOLE_USER")
    if args.command == "drill" and args.drill_command == "check":
        from console.drills.scenario import load_scenario

        load_scenario(Path(args.file), load_catalogue())
        print("ok")
        return 0
    if args.command == "plans":
        if args.plans_command == "check":
            load_plan(Path(args.file))
            print("ok")
            return 0
        cat = load_catalogue()
        _out(args, [p.summary() for p in cat],
             lambda ps: "\n".join(f"{p['id']:<18} {p['name']}  levels: "
                                  + "/".join(lv["name"] for lv in p["levels"]) for p in ps))  # fmt: skip
        return 0

    app = _app(args)
    try:
        c = args.command
        if c == "migrate":
            print("ok: schema is current")
        elif c == "users":
            if args.users_command == "list":
                _out(args, users.list_users(app),
                     lambda us: "\n".join(f"{u['name']:<16} {u['role']:<13} {u['group'] or ''}" for u in us))  # fmt: skip
            else:
                try:
                    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
                except (OSError, UnicodeDecodeError) as exc:
                    raise InputError("password", f"cannot read it from stdin: {exc}") from None
                if not args.as_user and not users.list_users(app):
                    actor = None  # the very first user: set up by the shell's administrator
                u = users.add_user(app, actor, args.name, args.role, group=args.group,
                                   display_name=args.display_name, org_role=args.org_role, ab=args.ab,
                                   password=password)  # fmt: skip
                _out(args, u, lambda u: f"added {u['name']} ({u['role']})")
        elif c == "report":
            received = _instant(args.received_at, "--received-at") if args.received_at else None
            data = incidents.ReportInput(
                plan=args.plan, title=args.title, channel=args.channel, level=args.level, type=args.type,
                people=args.people, demands=args.demands, location=args.location, reporter=args.reporter,
                contact=args.contact, mood=args.mood, received_at=received)  # fmt: skip
            _out(args, incidents.register(app, actor, data), _incident_text)
        elif c == "activate":
            _out(args, incidents.activate(app, actor, args.incident_id), _incident_text)
        elif c == "regrade":
            _out(
                args,
                incidents.regrade(app, actor, args.incident_id, args.level, reason=args.reason),
                _incident_text,
            )
        elif c == "advance":
            _out(args, incidents.advance(app, actor, args.incident_id, args.state), _incident_text)
        elif c == "show":
            _out(args, queries.show(app, args.incident_id), _incident_text)
        elif c == "incidents":
            _out(args, queries.list_incidents(app, include_closed=args.all),
                 lambda xs: "\n".join(_incident_text(x) for x in xs) or "no active incidents")  # fmt: skip
        elif c in ("done", "reopen", "block", "reassign"):
            if c == "done":
                t = tasks.complete(app, actor, args.task_id, args.note)
            elif c == "reopen":
                t = tasks.reopen(app, actor, args.task_id, args.reason)
            elif c == "block":
                t = tasks.block(app, actor, args.task_id, args.reason)
            else:
                t = tasks.reassign(
                    app, actor, args.task_id, group=args.group, role=args.role, user_name=args.user
                )
            _out(args, t, _task_line)
        elif c == "board":
            _out(args, queries.board(app, args.group),
                 lambda ts: "\n".join(f"#{t['incident']:<4} " + _task_line(t) for t in ts) or "no open tasks")  # fmt: skip
        elif c == "log":
            _out(args, queries.timeline(app, args.incident_id),
                 lambda es: "\n".join(f"{e['at']}  {e['actor']:<10} {'★ ' if e['significant'] else ''}{e['text']}"
                                      for e in es))  # fmt: skip
        elif c == "note":
            _out(args, incidents.add_note(app, actor, args.incident_id, args.text, significant=args.significant),
                 lambda n: "noted")  # fmt: skip
        elif c == "clocks":
            _out(args, queries.clocks_of(app, args.incident_id), _clocks_text)
        elif c == "sweep":
            swept = alarm_service.sweep(app)
            raised = [
                a for a in alarm_service.list_alarms(app, "all") if a["id"] in set(swept.raised)
            ]
            _out(args, {"raised": raised, "escalated": swept.escalated, "regraded": swept.regraded},
                 lambda r: "\n".join(_alarm_line(a) for a in r["raised"]) or "nothing due")  # fmt: skip
        elif c == "alarms":
            _out(args, alarm_service.list_alarms(app, args.state),
                 lambda xs: "\n".join(_alarm_line(a) for a in xs) or f"no {args.state} alarms")  # fmt: skip
        elif c == "ack":
            _out(args, alarm_service.ack(app, actor, args.alarm_id), _alarm_line)
        elif c == "shelve":
            _out(
                args,
                alarm_service.shelve(app, actor, args.alarm_id, args.minutes, args.reason),
                _alarm_line,
            )
        elif c == "pause":
            _out(args, tasks.pause(app, actor, args.task_id, args.reason), _task_line)
        elif c == "resume":
            _out(args, tasks.resume(app, actor, args.task_id), _task_line)
        elif c == "shift":
            from console.services import shifts

            if args.shift_command == "start":
                result = shifts.start_shift(app, actor, args.officer, args.leader)
            elif args.shift_command == "handover":
                result = shifts.handover(
                    app, actor, args.to, leader=args.leader, override=args.override
                )
            else:
                result = shifts.current(app)
            _out(args, result, lambda r: json.dumps(r, ensure_ascii=False))
        elif c == "handover":
            from console.services import reports

            result = reports.print_handover(
                app, actor, args.out, shift_id=args.shift, unmask=args.unmask
            )
            _out(args, result, lambda r: f"wrote {r['file']}")
        elif c == "report-pdf":
            from console.services.reports import print_incident_report

            result = print_incident_report(
                app, actor, args.incident_id, args.out, unmask=args.unmask
            )
            _out(args, result, lambda r: f"wrote {r['file']}")
        elif c == "calendar":
            return _calendar(app, args, actor)
        elif c == "drill":
            return _drill(app, args, actor)
        elif c == "audit":
            with app.read() as s:
                verdict = audit.verify(s)
            result = {"ok": verdict.ok, "entries": verdict.entries, "broken": verdict.broken_seq,
                      "reason": verdict.reason}  # fmt: skip
            if args.json:
                print(json.dumps(result, ensure_ascii=False, indent=2))
            elif verdict.ok:
                print(f"ok: {verdict.entries} audit entries, chain intact")
            else:
                print(f"BROKEN: {verdict.reason}", file=sys.stderr)
            return 0 if verdict.ok else 1
        return 0
    finally:
        app.close()


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
        _check_text(parser, args)
        return run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ConsoleError as exc:
        text = str(exc)
        if text.startswith("--as:") and os.environ.get("CONSOLE_USER") and "--as" not in given:
            text = "CONSOLE_USER" + text[4:]  # the user came from the environment
        print(f"error: {text}", file=sys.stderr)
        return exc.exit_code
    except FieldErrors as exc:  # a plan, drill scenario or calendar file: every error, by field
        for line in exc.errors:
            print(line, file=sys.stderr)
        return 2
    except OperationalError as exc:
        print(
            f"error: database: {str(exc.orig).splitlines()[0] if exc.orig else exc}",
            file=sys.stderr,
        )
        return 6
    except Exception as exc:  # never a traceback at the user; the log has it
        log.debug("internal error", exc_info=True)
        print(
            f"error: internal error ({type(exc).__name__}: {exc}); run with CONSOLE_LOG=DEBUG",
            file=sys.stderr,
        )
        return 70
