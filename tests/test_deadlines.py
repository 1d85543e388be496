"""Deadline semantics: wall-clock durations, calendar days, 当天, 个工作日, 个月."""

import contextlib
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.time.calendar import WorkCalendar
from console.time.deadlines import (
    Duration,
    Kind,
    compute_deadline,
    parse_duration,
    parse_warning,
)
from tests.conftest import SHANGHAI, local

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("10 分钟", Kind.MINUTES, 10),
        ("30分钟", Kind.MINUTES, 30),
        ("2 小时", Kind.HOURS, 2),
        ("24小时内", Kind.HOURS, 24),
        ("3 日", Kind.DAYS, 3),
        ("七日", Kind.DAYS, 7),
        ("5 个工作日", Kind.WORKING_DAYS, 5),
        ("2个工作日内", Kind.WORKING_DAYS, 2),
        ("当天", Kind.SAME_DAY, 0),
        ("本日内", Kind.SAME_DAY, 0),
        ("一个月", Kind.MONTHS, 1),
        ("90m", Kind.MINUTES, 90),
        ("5wd", Kind.WORKING_DAYS, 5),
    ],
)
def test_durations_read_as_the_seeds_write_them(text, kind, value):
    assert parse_duration(text) == Duration(kind, value)


@pytest.mark.parametrize(
    "text", ["", "分钟", "0 分钟", "-5 分钟", "5 fortnights", "3.5 小时", "999 个工作日"]
)
def test_unreadable_durations_are_refused_with_a_reason(text):
    with pytest.raises(ValueError, match=r".+"):
        parse_duration(text)


def test_wall_clock_durations_end_at_start_plus_duration():
    start = local(2026, 11, 24, 10, 0)
    assert compute_deadline(start, parse_duration("30 分钟"), SHANGHAI, CAL).at == local(
        2026, 11, 24, 10, 30
    )
    assert compute_deadline(start, parse_duration("24 小时"), SHANGHAI, CAL).at == local(
        2026, 11, 25, 10, 0
    )
    assert compute_deadline(start, parse_duration("3 日"), SHANGHAI, CAL).at == local(
        2026, 11, 27, 10, 0
    )


def test_same_day_ends_at_local_midnight_even_late_at_night():
    # 23:30 local is 15:30 UTC the same day; the deadline is 24:00 local = 16:00 UTC.
    start = local(2026, 11, 24, 23, 30)
    due = compute_deadline(start, parse_duration("当天"), SHANGHAI, CAL).at
    assert due == local(2026, 11, 25, 0, 0)
    assert due.tzinfo == UTC


def test_five_working_days_skip_national_day_and_count_the_make_up_saturday():
    # Issue #3: starts 2026-09-30 16:00; 10-01…10-07 holidays, Sat 10-10 make-up workday,
    # Sun 10-11 skipped → due 2026-10-13 24:00 local.
    start = local(2026, 9, 30, 16, 0)
    deadline = compute_deadline(start, parse_duration("5 个工作日"), SHANGHAI, CAL)
    assert deadline.at == local(2026, 10, 14, 0, 0)
    assert deadline.confirmed


def test_working_days_in_a_year_without_data_fall_back_to_weekdays_unconfirmed():
    start = local(2027, 3, 5, 9, 0)  # a Friday; chinesecalendar stops at 2026
    deadline = compute_deadline(start, parse_duration("2 个工作日"), SHANGHAI, CAL)
    assert deadline.at == local(2027, 3, 10, 0, 0)  # Mon 8, Tue 9 → 24:00 Tue
    assert not deadline.confirmed


def test_one_month_is_a_calendar_month_clamped_to_the_month_end():
    due = compute_deadline(local(2026, 1, 31, 9, 0), parse_duration("1 个月"), SHANGHAI, CAL).at
    assert due == local(2026, 2, 28, 9, 0)


def test_warning_points_are_a_fraction_or_a_lead():
    start, due = local(2026, 1, 1, 10, 0), local(2026, 1, 1, 10, 10)
    assert parse_warning("80%").at(start, due) == local(2026, 1, 1, 10, 8)
    assert parse_warning("2 分钟").at(start, due) == local(2026, 1, 1, 10, 8)
    assert parse_warning("1 小时").at(start, due) == start  # never before the clock starts


durations = st.one_of(
    st.builds(Duration, st.just(Kind.MINUTES), st.integers(1, 24 * 60)),
    st.builds(Duration, st.just(Kind.HOURS), st.integers(1, 96)),
    st.builds(Duration, st.just(Kind.DAYS), st.integers(1, 30)),
    st.builds(Duration, st.just(Kind.WORKING_DAYS), st.integers(1, 20)),
    st.builds(Duration, st.just(Kind.MONTHS), st.integers(1, 12)),
    st.just(Duration(Kind.SAME_DAY)),
)
starts = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31),
                      timezones=st.just(SHANGHAI))  # fmt: skip


@given(durations)
def test_every_duration_reads_back_from_its_own_text(duration):
    assert parse_duration(str(duration)) == duration


@settings(max_examples=300)
@given(starts, durations)
def test_a_deadline_is_never_before_its_start(start, duration):
    assert compute_deadline(start, duration, SHANGHAI, CAL).at > start


@settings(max_examples=300)
@given(starts, st.integers(1, 20))
def test_working_day_deadlines_fall_at_midnight_after_a_working_day_and_count_n(start, n):
    due = compute_deadline(start, Duration(Kind.WORKING_DAYS, n), SHANGHAI, CAL).at.astimezone(
        SHANGHAI
    )
    assert (due.hour, due.minute, due.second) == (0, 0, 0)
    last_day = due.date() - timedelta(days=1)
    assert CAL.is_workday(last_day)
    counted = sum(
        CAL.is_workday(start.date() + timedelta(days=i))
        for i in range(1, (last_day - start.date()).days + 1)
    )
    assert counted == n


@given(starts)
def test_same_day_is_the_next_local_midnight(start):
    due = compute_deadline(start, Duration(Kind.SAME_DAY), SHANGHAI, CAL).at.astimezone(SHANGHAI)
    assert due.date() == start.date() + timedelta(days=1)
    assert (due.hour, due.minute) == (0, 0)


@given(st.text(max_size=30))
def test_the_duration_parser_never_crashes_on_any_text(text):
    with contextlib.suppress(ValueError):
        parse_duration(text)


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        compute_deadline(datetime(2026, 1, 1), Duration(Kind.HOURS, 1), SHANGHAI, CAL)


def test_working_day_lookup_covers_2024_to_2026_from_chinesecalendar():
    assert not CAL.is_workday(date(2024, 10, 1))
    assert CAL.is_workday(date(2024, 9, 29))  # Sunday make-up workday before National Day 2024
    assert CAL.day(date(2026, 12, 31)).confirmed
    assert not CAL.day(date(2027, 1, 4)).confirmed
