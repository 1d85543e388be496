"""统计分析: a period's statistics (console/stats/queries.py says what each figure counts), by
a breakdown or by all of them, and the workbook and the 监督报告 made of them.

A drill's database is refused: a drill runs in a database of its own, and its made-up work
is never counted with the real (nor its own counted as if real)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from console.context import App
from console.errors import InputError
from console.journal import SYSTEM, journal
from console.people.permissions import Action
from console.services.common import authorize
from console.stats import BREAKDOWNS, Stats, queries, rollup
from console.time.format import DEFAULT_TZ, OUTSIDE_YEARS, YEARS

MAX_DAYS = 400  # a year and a month, with room: longer periods are asked for year by year


def period_of(app: App, start: date, end: date, plan: str | None) -> queries.Period:
    """The checked period (errors name the command line's option), in the plan's time zone."""
    for name, value in (("--from", start), ("--to", end)):
        if not isinstance(value, date) or isinstance(value, datetime):
            raise InputError(name, "a date, YYYY-MM-DD")
        if value.year not in YEARS:
            raise InputError(name, OUTSIDE_YEARS)
    if start > end:
        raise InputError("--from", f"{start.isoformat()} is after --to {end.isoformat()}")
    if (end - start).days + 1 > MAX_DAYS:
        raise InputError("--to", f"a period of at most {MAX_DAYS} days (got "
                         f"{(end - start).days + 1}); ask for a longer one year by year")  # fmt: skip
    tz = DEFAULT_TZ
    if plan is not None:
        chosen = app.catalogue.get(plan) if isinstance(plan, str) else None
        if chosen is None:
            loaded = ", ".join(sorted(p.id for p in app.catalogue)) or "none"
            raise InputError("--plan", f"no plan {plan!r} (loaded: {loaded})")
        tz = chosen.tz
    return queries.Period(start, end, tz, app.time.now())


def _check(app: App, breakdowns: list[str]) -> None:
    for by in breakdowns:
        if by not in BREAKDOWNS:
            raise InputError("--by", f"no breakdown {by!r}: one of {', '.join(BREAKDOWNS)}")
    if app.drill is not None:
        raise InputError("database", f"this is drill「{app.drill.name}」's database: statistics "
                         "count real work only (run stats on the console's own database)")  # fmt: skip


def compute_many(app: App, actor: str | None, breakdowns: list[str], *, start: date, end: date,
                 plan: str | None = None) -> dict[str, Stats]:  # fmt: skip
    """One Stats per breakdown, read in one transaction (one snapshot); the finished days'
    figures kept for the next reading (console/stats/rollup.py)."""
    _check(app, breakdowns)
    period = period_of(app, start, end, plan)
    with app.read() as s:
        who = SYSTEM if actor is None else authorize(s, actor, Action.READ).name
    return rollup.compute_many(app.read, app.claim, dialect=app.read_engine.dialect.name,
                               catalogue=app.catalogue, period=period, breakdowns=breakdowns,
                               plan=plan, author=who)  # fmt: skip


def compute(app: App, actor: str | None, *, start: date, end: date, by: str = "group",
            plan: str | None = None) -> Stats:  # fmt: skip
    """The statistics of [start, end] (local days, inclusive), broken down `by`. Without an
    actor the local administrator at the shell reads them (the author is `system`)."""
    return compute_many(app, actor, [by], start=start, end=end, plan=plan)[by]


def compute_all(app: App, actor: str | None, *, start: date, end: date,
                plan: str | None = None) -> dict[str, Stats]:  # fmt: skip
    """Every breakdown of BREAKDOWNS (for the workbook and the report)."""
    return compute_many(app, actor, list(BREAKDOWNS), start=start, end=end, plan=plan)


def _written(option: str, out: Path | str, write) -> Path:  # type: ignore[no-untyped-def]
    from console.printing.pdf import writing

    try:
        with writing(out):
            return write()
    except InputError as exc:  # writing() names --out: here it is this option's file
        raise InputError(option, exc.message) from None


def export_xlsx(app: App, actor: str | None, out: Path | str, *, start: date, end: date,
                plan: str | None = None, stats_by: dict[str, Stats] | None = None) -> Path:  # fmt: skip
    """The statistics workbook (one sheet per breakdown) to `out`."""
    from console.printing.workbook import write_workbook

    stats_by = stats_by or compute_all(app, actor, start=start, end=end, plan=plan)
    path = _written("--xlsx", out, lambda: write_workbook(stats_by, Path(out)))
    _logged(app, stats_by, path, "统计工作簿")
    return path


def export_pdf(app: App, actor: str | None, out: Path | str, *, start: date, end: date,
               plan: str | None = None, stats_by: dict[str, Stats] | None = None) -> Path:  # fmt: skip
    """The 监督报告 PDF (测试 in a sandbox)."""
    from console.printing.stats_report import render

    stats_by = stats_by or compute_all(app, actor, start=start, end=end, plan=plan)
    path = _written("--pdf", out, lambda: render(stats_by, Path(out), watermark=app.watermark))
    _logged(app, stats_by, path, "监督报告")
    return path


def _logged(app: App, stats_by: dict[str, Stats], path: Path, what: str) -> None:
    """An export is logged as every print is: who, which period, which file."""
    some = next(iter(stats_by.values()))
    period = f"{some.start.isoformat()} 至 {some.end.isoformat()}"
    with app.write() as s:
        journal(app, s, actor=some.author or SYSTEM, action="stats.export", entity="stats", entity_id="",
                before=None, after={"file": str(path), "from": some.start.isoformat(), "to": some.end.isoformat(),
                                    "plan": some.plan}, incident_id=None, kind="report",
                text=f"导出{what}({period}{',' + some.plan if some.plan else ''})")  # fmt: skip
