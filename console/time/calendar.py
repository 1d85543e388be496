"""The Chinese statutory working calendar (法定节假日与调休).

Sources, in order: a year file the user imported (the year's official holiday
notice), then the `chinesecalendar` package (which has data only up to 2026), then
Monday–Friday — marked *unconfirmed*, so deadlines counted on it can say so."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from console.files import FieldErrors, format_pydantic_errors, read_file, read_yaml

log = logging.getLogger(__name__)


class CalendarFileError(FieldErrors):
    """A holiday notice file that cannot be imported, with every reason."""


def _expand(items: list[str | date]) -> list[date]:
    """'2027-10-01..2027-10-07' is a range, both ends included."""
    days: list[date] = []
    for item in items:
        if isinstance(item, date):
            days.append(item)
            continue
        if not isinstance(item, str):
            raise ValueError(f"expected a date or 'YYYY-MM-DD..YYYY-MM-DD', got {item!r}")
        first, sep, last = item.partition("..")
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if sep else start
        if end < start:
            raise ValueError(f"range {item!r} ends before it starts")
        if (end - start).days > 366:
            raise ValueError(f"range {item!r} is longer than a year")
        days.extend(start + timedelta(days=i) for i in range((end - start).days + 1))
    return days


class YearFile(BaseModel):
    """One year's official notice: holidays (days off) and make-up workdays (调休上班)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int
    source: str = ""
    holidays: tuple[date, ...] = ()
    workdays: tuple[date, ...] = ()

    @field_validator("year")
    @classmethod
    def _year(cls, v: int) -> int:
        if not 1900 <= v <= 2200:
            raise ValueError("must be between 1900 and 2200")
        return v

    @field_validator("holidays", "workdays", mode="before")
    @classmethod
    def _days(cls, v: object) -> tuple[date, ...]:
        if v is None:
            return ()
        if not isinstance(v, list):
            raise ValueError("must be a list of dates or date ranges")
        return tuple(_expand(v))

    def check(self) -> list[str]:
        errors = []
        for field in ("holidays", "workdays"):
            for i, d in enumerate(getattr(self, field)):
                if d.year != self.year:
                    errors.append(f"{field}[{i}]: {d} is not in year {self.year}")
        both = set(self.holidays) & set(self.workdays)
        if both:
            errors.append(f"workdays: {min(both)} is also listed as a holiday")
        return errors


def parse_year_file(text: str) -> YearFile:
    data = read_yaml(text, CalendarFileError)
    if not isinstance(data, dict):
        raise CalendarFileError(["(root): must be a mapping with year, holidays, workdays"])
    try:
        year = YearFile.model_validate(data)
    except ValidationError as exc:
        raise CalendarFileError(format_pydantic_errors(exc)) from None
    errors = year.check()
    if errors:
        raise CalendarFileError(errors)
    return year


@dataclass(frozen=True)
class DayInfo:
    workday: bool
    confirmed: bool


class WorkCalendar:
    def __init__(self, years: dict[int, YearFile] | None = None) -> None:
        self._years = dict(years or {})

    @classmethod
    def from_folder(cls, folder: Path | None) -> WorkCalendar:
        years: dict[int, YearFile] = {}
        if folder and folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                try:
                    year = parse_year_file(read_file(path, CalendarFileError))
                except CalendarFileError as exc:
                    log.warning("calendar file %s ignored: %s", path, exc)
                    continue
                years[year.year] = year
        return cls(years)

    def add_year(self, year: YearFile) -> None:
        self._years[year.year] = year

    def has_year(self, year: int) -> bool:
        return year in self._years or _package_covers(year)

    def day(self, d: date) -> DayInfo:
        imported = self._years.get(d.year)
        if imported is not None:
            if d in imported.workdays:
                return DayInfo(True, True)
            if d in imported.holidays:
                return DayInfo(False, True)
            return DayInfo(d.weekday() < 5, True)
        if _package_covers(d.year):
            return DayInfo(chinese_calendar.is_workday(d), True)
        return DayInfo(d.weekday() < 5, False)

    def is_workday(self, d: date) -> bool:
        return self.day(d).workday


def _package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def describe_year(cal: WorkCalendar, year: int) -> dict:
    """What the calendar knows of a year: weekday holidays and weekend make-up workdays."""
    first = date(year, 1, 1)
    days = [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]
    infos = {d: cal.day(d) for d in days}
    confirmed = all(i.confirmed for i in infos.values())
    source = ("imported" if year in cal._years else "chinesecalendar") if confirmed else "none"
    out = {
        "year": year,
        "source": source,
        "confirmed": confirmed,
        "holidays": [d.isoformat() for d, i in infos.items() if not i.workday and d.weekday() < 5],
        "workdays": [d.isoformat() for d, i in infos.items() if i.workday and d.weekday() >= 5],
        "working_days": sum(i.workday for i in infos.values()),
    }
    if not confirmed:
        out["warning"] = (f"{year} 年无法定节假日数据:按周一至周五计算工作日,相关期限标记为"
                          f"“日历未确认”。请导入当年国务院办公厅节假日通知(calendar import FILE)。")  # fmt: skip
    return out


def save_year_file(year: YearFile, text: str, folder: Path) -> Path:
    """Keeps a validated year file under `folder` as YEAR.yaml (written atomically)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{year.year}.yaml"
    tmp = target.with_suffix(".yaml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return target
