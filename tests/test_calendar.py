"""The working calendar beyond chinesecalendar's data: imported year files, and a safe
Monday–Friday fallback marked unconfirmed."""

import json
from datetime import date

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from console.cli import main
from console.time.calendar import CalendarFileError, WorkCalendar, describe_year, parse_year_file
from console.time.deadlines import compute_deadline, parse_duration
from tests.conftest import SHANGHAI, local

YEAR_2027 = """
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知(示例)
holidays:
  - 2027-01-01
  - 2027-02-06..2027-02-12
  - 2027-10-01..2027-10-07
workdays:
  - 2027-02-13
  - 2027-10-09
"""


def test_an_imported_year_makes_its_deadlines_confirmed():
    cal = WorkCalendar()
    start = local(2027, 9, 30, 10, 0)
    before = compute_deadline(start, parse_duration("5 个工作日"), SHANGHAI, cal)
    assert not before.confirmed
    cal.add_year(parse_year_file(YEAR_2027))
    after = compute_deadline(start, parse_duration("5 个工作日"), SHANGHAI, cal)
    # 10-01…10-07 off, Fri 10-08 (1), Sat 10-09 make-up (2), Mon 11 (3), Tue 12 (4), Wed 13 (5)
    assert after.confirmed and after.at == local(2027, 10, 14, 0, 0)


def test_a_year_without_data_is_described_with_a_warning():
    info = describe_year(WorkCalendar(), 2027)
    assert info["source"] == "none" and not info["confirmed"] and "日历未确认" in info["warning"]
    known = describe_year(WorkCalendar(), 2026)
    assert known["source"] == "chinesecalendar" and "2026-10-01" in known["holidays"]
    assert "2026-10-10" in known["workdays"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("year: 2027\nholidays: [2026-12-31]", "holidays[0]"),
        ("year: 99999", "year"),
        ("year: 2027\nholidays: [2027-10-07..2027-10-01]", "holidays"),
        ("year: 2027\nholidays: [2027-02-13]\nworkdays: [2027-02-13]", "workdays"),
        ("year: 2027\nholiday: []", "holiday"),
        ("- 2027", "(root)"),
    ],
)
def test_a_bad_calendar_file_names_the_field(text, field):
    with pytest.raises(CalendarFileError) as info:
        parse_year_file(text)
    assert any(e.startswith(field) for e in info.value.errors), info.value.errors


@settings(max_examples=300)
@given(st.dictionaries(st.sampled_from(["year", "source", "holidays", "workdays", "extra"]),
                       st.one_of(st.none(), st.integers(-5, 3000), st.text(max_size=25),
                                 st.lists(st.one_of(st.dates(), st.text(max_size=25), st.integers()), max_size=4)),
                       max_size=5))  # fmt: skip
def test_malformed_calendar_files_are_rejected_with_field_paths_never_crash(data):
    text = yaml.safe_dump(data, allow_unicode=True) if data else ""
    try:
        year = parse_year_file(text)
    except CalendarFileError as exc:
        assert all(": " in e for e in exc.errors)
    else:
        assert isinstance(year.year, int)


def test_calendar_import_and_show_through_the_command_line(tmp_path, monkeypatch, capsys, db_url):
    monkeypatch.setenv("CONSOLE_DATA_DIR", str(tmp_path / "data"))
    notice = tmp_path / "2027.yaml"
    notice.write_text(YEAR_2027, encoding="utf-8")
    assert main(["--db", db_url, "calendar", "show", "2027", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == "none"
    assert main(["--db", db_url, "calendar", "import", str(notice)]) == 0
    assert "2027 imported" in capsys.readouterr().out
    assert main(["--db", db_url, "calendar", "show", "2027", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["source"] == "imported" and "2027-10-09" in shown["workdays"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: 2027\nholidays: [not-a-date]", encoding="utf-8")
    assert main(["--db", db_url, "calendar", "import", str(bad)]) == 2
    assert "holidays" in capsys.readouterr().err
    assert date(2027, 1, 1)  # the imported file now lives in the data folder
    assert (tmp_path / "data" / "calendars" / "2027.yaml").exists()
