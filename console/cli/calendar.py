"""The working calendar: import a year's official holiday notice, show what it knows of a
year."""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from pathlib import Path

from console.cli.common import arg, handles, whole
from console.context import App
from console.errors import InputError


@handles("calendar", "import", arguments=(arg("file"),))
def _import(app: App, args: Namespace, actor: str | None) -> None:
    from console.files import read_file
    from console.services.calendar import import_year
    from console.time.calendar import CalendarFileError, parse_year_file

    text = read_file(Path(args.file), CalendarFileError)
    year = import_year(app, actor, parse_year_file(text), text)
    print(
        f"ok: {year.year} imported ({len(year.holidays)} holidays, {len(year.workdays)} make-up workdays)"
    )


@handles("calendar", "show", arguments=(arg("year", type=whole),))
def _show(app: App, args: Namespace, actor: str | None) -> None:
    from console.time.calendar import describe_year

    if not 1900 <= args.year <= 2200:
        raise InputError("year", "between 1900 and 2200")
    info = describe_year(app.calendar, args.year)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return
    print(f"{info['year']}: source {info['source']}, {info['working_days']} working days")
    print("holidays (weekdays off): " + (", ".join(info["holidays"]) or "—"))
    print("make-up workdays (weekends on): " + (", ".join(info["workdays"]) or "—"))
    if "warning" in info:
        print("warning: " + info["warning"], file=sys.stderr)
