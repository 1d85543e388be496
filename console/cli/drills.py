"""Drills (演练): list the scenarios and sessions, check a scenario, run one headless, print
a session's report, pause, resume or stop a running one (`drill run` without --headless
opens the window: widgets/start.py)."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from console.cli.common import arg, handles, out
from console.context import App
from console.errors import InputError
from console.plans.plan import load_catalogue


def _cast(app: App) -> set[str]:
    from console.services import users

    return {u.name for u in users.list_users(app)}


@handles("drill", "list")
def _list(app: App, args: Namespace, actor: str | None) -> None:
    from console.drills.scenario import list_scenarios
    from console.services import drills

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

    out(args, result, human)


@handles("drill", "check", arguments=(arg("file"),), opens_app=False)
def _check(app: None, args: Namespace, actor: str | None) -> None:
    from console.drills.scenario import load_scenario

    load_scenario(Path(args.file), load_catalogue())
    print("ok")


RUN = (
    arg("file"),
    arg("--speed", type=float,
        help="clock speed (default: the scenario's); headless: paced in real time"),
    arg("--headless", action="store_true",
        help="no window: play the scripted responses too and check the expected alarms"),
    arg("--scripted", action="store_true",
        help="window: the script plays the scenario's responses too (a demonstration)"),
    arg("--name", help="the session's name (default: scenario id and time)"),
    arg("--notes", default="", help="closing notes for the report"),
    arg("--report", help="also print the drill report to this PDF"),
)  # fmt: skip


@handles("drill", "run", arguments=RUN)
def _run(app: App, args: Namespace, actor: str | None) -> int:
    from console.drills.scenario import load_scenario
    from console.runners import drill as drill_runner
    from console.services import drills
    from console.services.reports import print_drill_report

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
    summary = {"session": result.session, "db": make_url(result.url).render_as_string(hide_password=True), "ok": result.ok, "seconds": round(result.seconds, 3),
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

    out(args, summary, human)
    return 0 if result.ok else 1


def _open_session(app: App, session: str) -> App:
    from console.services import drills

    try:
        return drills.open_session(app.url, session)
    except (ArgumentError, ImportError) as exc:  # "x://y": not a database URL, or no driver
        raise InputError("session", f"not a session name or database URL: {exc}") from None


SESSION = arg("session", help="a session name from `drill list`, or the drill database's URL")


@handles("drill", "report", arguments=(SESSION, arg("--out", required=True)))
def _report(app: App, args: Namespace, actor: str | None) -> None:
    from console.services.reports import print_drill_report

    drill = _open_session(app, args.session)
    try:
        out(args, print_drill_report(drill, actor, args.out), lambda r: f"wrote {r['file']}")
    finally:
        drill.close()


@handles("drill", "pause", arguments=(arg("session"),))
@handles("drill", "resume", arguments=(arg("session"),))
@handles("drill", "stop", arguments=(arg("session"), arg("--notes")))
def _control(app: App, args: Namespace, actor: str | None) -> None:
    from console.drills.scenario import format_offset
    from console.services import drills

    c = args.drill_command
    drill = _open_session(app, args.session)
    try:
        if c == "stop" and args.notes is not None:
            drills.set_notes(drill, actor, args.notes)
        if c != "stop" or drill.drill.state != "finished":  # type: ignore[union-attr]
            result = {"pause": drills.pause, "resume": drills.resume, "stop": drills.stop}[c](
                drill, actor
            )
        else:
            result = {"session": drill.drill.name, "state": "finished"}  # type: ignore[union-attr]
        out(args, result, lambda r: f"{r['session']}: {r['state']}"
            + (f" at T+{format_offset(drill.time.now() - drill.drill.sim_start)}" if drill.drill else ""))  # fmt: skip
    finally:
        drill.close()
