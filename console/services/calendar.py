from __future__ import annotations

from pathlib import Path

from console.context import App
from console.journal import SYSTEM, journal
from console.people.permissions import Action
from console.services.common import authorize
from console.time.calendar import YearFile, save_year_file


def import_year(app: App, actor: str | None, year: YearFile, text: str) -> YearFile:
    """Takes a validated year file (法定节假日 and 调休 make-up workdays) into the calendar:
    the audit entry and duty-log line first, the file replaced atomically inside the same
    transaction (a failed write leaves neither), then the running calendar learns it."""
    with app.write() as s:
        who = authorize(s, actor, Action.MANAGE_USERS).name if actor else SYSTEM
        counts = {
            "holidays": len(year.holidays),
            "workdays": len(year.workdays),
            "source": year.source,
        }
        journal(app, s, actor=who, action="calendar.import", entity="calendar", entity_id=year.year,
                before=None, after=counts, incident_id=None,
                text=f"导入 {year.year} 年节假日日历({counts['holidays']} 个节假日,"
                     f"{counts['workdays']} 个调休工作日)")  # fmt: skip
        save_year_file(year, text, app.calendar_dir or Path("."))
    app.calendar.add_year(year)
    return year
