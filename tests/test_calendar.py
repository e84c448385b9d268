"""Tests for rulekit.checker.calendar: due dates on the PRC working-day calendar."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rulekit.checker.calendar import (
    CalendarRangeError,
    calendar_range,
    due_date,
    is_working_day,
    on_time,
    working_days_between,
)

D = dt.date
FIRST_YEAR, LAST_YEAR = calendar_range()
COVERED = st.dates(min_value=D(FIRST_YEAR, 1, 1), max_value=D(LAST_YEAR, 12, 31))
PROPERTY = settings(deadline=None, max_examples=200)


# --- the covered range -----------------------------------------------------------------------


def test_calendar_range_matches_the_package():
    assert FIRST_YEAR <= 2025 <= LAST_YEAR
    assert (FIRST_YEAR, LAST_YEAR) == (
        min(d.year for d in chinese_calendar.holidays),
        max(d.year for d in chinese_calendar.holidays),
    )
    chinese_calendar.is_workday(D(FIRST_YEAR, 1, 1))
    chinese_calendar.is_workday(D(LAST_YEAR, 12, 31))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(FIRST_YEAR - 1, 12, 31))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(LAST_YEAR + 1, 1, 1))


def test_range_error_is_a_value_error_with_a_clear_message():
    with pytest.raises(CalendarRangeError) as caught:
        is_working_day(D(2031, 1, 5))
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == (
        f"the working-day calendar covers {FIRST_YEAR}-{LAST_YEAR} only; `2031-01-05` is outside it"
    )
    assert caught.value.day == D(2031, 1, 5)


def test_working_day_count_past_the_data_raises():
    with pytest.raises(CalendarRangeError, match=rf"`{LAST_YEAR + 1}-01-01` is outside it"):
        due_date(D(LAST_YEAR, 12, 31), 1, "working_day")
    with pytest.raises(CalendarRangeError, match=r"cannot count 3 working days from `2031-01-05`"):
        due_date(D(2031, 1, 5), 3, "working_day")
    with pytest.raises(CalendarRangeError, match=rf"`{FIRST_YEAR - 1}-12-31` is outside it"):
        due_date(D(FIRST_YEAR, 1, 1), 1, "working_day", "before")
    with pytest.raises(CalendarRangeError):
        working_days_between(D(LAST_YEAR, 12, 1), D(LAST_YEAR + 1, 1, 10))
    with pytest.raises(CalendarRangeError):
        on_time(D(2031, 1, 5), D(2031, 1, 6), 2, "working_day", "within")


def test_calendar_days_and_months_need_no_calendar_data():
    assert due_date(D(2031, 1, 5), 3, "day") == D(2031, 1, 8)
    assert due_date(D(2031, 1, 31), 1, "month") == D(2031, 2, 28)
    assert due_date(D(1990, 1, 1), 0, "working_day") == D(1990, 1, 1)


# --- the official holiday arrangements (国务院办公厅 notices) -----------------------------------

# 2025 (国办发明电〔2024〕12号): 元旦 1/1; 春节 1/28-2/4, 1/26 (Sun) and 2/8 (Sat) worked;
# 清明 4/4-4/6; 劳动节 5/1-5/5, 4/27 (Sun) worked; 端午 5/31-6/2;
# 国庆+中秋 10/1-10/8, 9/28 (Sun) and 10/11 (Sat) worked.
# 2026 (国办发明电〔2025〕7号): 元旦 1/1-1/3, 1/4 (Sun) worked; 春节 2/15-2/23, 2/14 (Sat) and
# 2/28 (Sat) worked; 清明 4/4-4/6; 劳动节 5/1-5/5, 5/9 (Sat) worked; 端午 6/19-6/21;
# 中秋 9/25-9/27; 国庆 10/1-10/7, 9/20 (Sun) and 10/10 (Sat) worked.


def _span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


OFF = {
    2025: [
        D(2025, 1, 1),
        *_span(D(2025, 1, 28), D(2025, 2, 4)),
        *_span(D(2025, 4, 4), D(2025, 4, 6)),
        *_span(D(2025, 5, 1), D(2025, 5, 5)),
        *_span(D(2025, 5, 31), D(2025, 6, 2)),
        *_span(D(2025, 10, 1), D(2025, 10, 8)),
    ],
    2026: [
        *_span(D(2026, 1, 1), D(2026, 1, 3)),
        *_span(D(2026, 2, 15), D(2026, 2, 23)),
        *_span(D(2026, 4, 4), D(2026, 4, 6)),
        *_span(D(2026, 5, 1), D(2026, 5, 5)),
        *_span(D(2026, 6, 19), D(2026, 6, 21)),
        *_span(D(2026, 9, 25), D(2026, 9, 27)),
        *_span(D(2026, 10, 1), D(2026, 10, 7)),
    ],
}
MAKE_UP = {
    2025: [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
    2026: [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)],
}


@pytest.mark.parametrize("year", [2025, 2026])
def test_whole_year_matches_the_official_notice(year):
    if year > LAST_YEAR:
        pytest.skip(f"the installed chinese-calendar has no data for {year}")
    off, make_up = set(OFF[year]), set(MAKE_UP[year])
    assert all(day.weekday() >= 5 for day in make_up)
    for day in _span(D(year, 1, 1), D(year, 12, 31)):
        expected = day in make_up or (day.weekday() < 5 and day not in off)
        assert is_working_day(day) is expected, day


def test_national_day_2025_specific_days():
    assert D(2025, 9, 28).weekday() == 6  # a Sunday, worked
    assert is_working_day(D(2025, 9, 28))
    assert D(2025, 10, 11).weekday() == 5  # a Saturday, worked
    assert is_working_day(D(2025, 10, 11))
    assert not any(is_working_day(d) for d in _span(D(2025, 10, 1), D(2025, 10, 8)))
    assert not is_working_day(D(2025, 9, 27))  # the ordinary Saturday before stays off
    assert not is_working_day(D(2025, 10, 12))
    assert is_working_day(D(2025, 10, 9))


# --- hand-computed due dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "amount", "unit", "relation", "expected"),
    [
        # calendar days: start day not counted, never moved off a holiday
        (D(2025, 9, 26), 3, "day", "within", D(2025, 9, 29)),
        (D(2025, 9, 26), 5, "day", "within", D(2025, 10, 1)),  # National Day, not moved
        (D(2025, 10, 15), 10, "day", "before", D(2025, 10, 5)),
        (D(2025, 9, 26), 0, "day", "within", D(2025, 9, 26)),
        # working days around National Day 2025 (Fri 9/26; Sun 9/28 worked; 10/1-10/8 off; Sat 10/11 worked)
        (D(2025, 9, 26), 1, "working_day", "within", D(2025, 9, 28)),
        (D(2025, 9, 26), 3, "working_day", "within", D(2025, 9, 30)),
        (D(2025, 9, 26), 4, "working_day", "within", D(2025, 10, 9)),
        (D(2025, 9, 26), 6, "working_day", "within", D(2025, 10, 11)),
        (D(2025, 9, 26), 7, "working_day", "within", D(2025, 10, 13)),
        (D(2025, 10, 9), 2, "working_day", "before", D(2025, 9, 29)),
        (D(2025, 10, 13), 1, "working_day", "before", D(2025, 10, 11)),
        (D(2025, 10, 13), 3, "working_day", "before", D(2025, 10, 9)),
        # Spring Festival 2025 (Sun 1/26 worked; 1/28-2/4 off; Sat 2/8 worked)
        (D(2025, 1, 24), 1, "working_day", "within", D(2025, 1, 26)),
        (D(2025, 1, 24), 3, "working_day", "within", D(2025, 2, 5)),
        (D(2025, 1, 27), 4, "working_day", "within", D(2025, 2, 8)),
        (D(2025, 1, 27), 5, "working_day", "within", D(2025, 2, 10)),
        (D(2025, 2, 10), 5, "working_day", "before", D(2025, 1, 27)),
        (D(2025, 2, 10), 1, "working_day", "before", D(2025, 2, 8)),
        # 2026: 元旦 1/1-1/3 off, Sun 1/4 worked; 春节 2/15-2/23 off, Sat 2/14 and 2/28 worked
        (D(2025, 12, 31), 1, "working_day", "within", D(2026, 1, 4)),
        (D(2026, 2, 13), 1, "working_day", "within", D(2026, 2, 14)),
        (D(2026, 2, 13), 3, "working_day", "within", D(2026, 2, 25)),
        (D(2026, 3, 2), 1, "working_day", "before", D(2026, 2, 28)),
        # 2026 中秋 9/25-9/27 off, Sun 9/20 worked, 国庆 10/1-10/7 off, Sat 10/10 worked
        (D(2026, 9, 18), 5, "working_day", "within", D(2026, 9, 24)),
        (D(2026, 9, 18), 6, "working_day", "within", D(2026, 9, 28)),
        (D(2026, 9, 30), 1, "working_day", "within", D(2026, 10, 8)),
        (D(2026, 9, 30), 3, "working_day", "within", D(2026, 10, 10)),
        # months, clamped to the month end
        (D(2025, 1, 31), 1, "month", "within", D(2025, 2, 28)),
        (D(2024, 1, 31), 1, "month", "within", D(2024, 2, 29)),
        (D(2025, 3, 31), 1, "month", "before", D(2025, 2, 28)),
        (D(2025, 11, 15), 3, "month", "within", D(2026, 2, 15)),
        (D(2025, 1, 15), 13, "month", "before", D(2023, 12, 15)),
        # same day
        (D(2025, 10, 1), 0, "same_day", "within", D(2025, 10, 1)),
        (D(2025, 10, 1), 0, "same_day", "before", D(2025, 10, 1)),
    ],
)
def test_due_date_examples(start, amount, unit, relation, expected):
    assert due_date(start, amount, unit, relation) == expected


def test_relation_defaults_to_within():
    assert due_date(D(2025, 9, 26), 7, "working_day") == D(2025, 10, 13)


def test_datetime_is_taken_as_its_date():
    assert due_date(dt.datetime(2025, 9, 26, 17, 30), 3, "day") == D(2025, 9, 29)


def test_working_days_between_examples():
    assert working_days_between(D(2025, 9, 26), D(2025, 10, 13)) == 7
    assert working_days_between(D(2025, 9, 30), D(2025, 10, 8)) == 0
    assert working_days_between(D(2025, 9, 26), D(2025, 9, 26)) == 0
    assert working_days_between(D(2025, 9, 27), D(2025, 9, 28)) == 1  # the make-up Sunday counts
    assert working_days_between(D(2025, 10, 13), D(2025, 9, 26)) == -7
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == sum(
        chinese_calendar.is_workday(d) for d in _span(D(2026, 1, 1), D(2026, 12, 31))
    )


def test_on_time():
    # within 7 working days of Fri 2025-09-26: due Mon 2025-10-13
    assert on_time(D(2025, 9, 26), D(2025, 10, 13), 7, "working_day", "within")
    assert not on_time(D(2025, 9, 26), D(2025, 10, 14), 7, "working_day", "within")
    # materials 3 days before a meeting on 2025-10-15: 2025-10-12 is the latest
    assert on_time(D(2025, 10, 15), D(2025, 10, 12), 3, "day", "before")
    assert on_time(D(2025, 10, 15), D(2025, 10, 1), 3, "day", "before")
    assert not on_time(D(2025, 10, 15), D(2025, 10, 13), 3, "day", "before")
    # same day
    assert on_time(D(2025, 10, 15), D(2025, 10, 15), 0, "same_day", "within")
    assert not on_time(D(2025, 10, 15), D(2025, 10, 16), 0, "same_day", "within")


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit", "relation", "message"),
    [
        (3, "week", "within", r"unknown unit `week`"),
        (3, "Day", "within", r"unknown unit `Day`"),
        (3, "day", "after", r"unknown relation `after`"),
        (-1, "day", "within", r"amount must not be negative, got `-1`"),
        (-2, "working_day", "before", r"amount must not be negative, got `-2`"),
        (1.5, "day", "within", r"amount must be a whole number, got `1.5`"),
        ("3", "day", "within", r"amount must be a whole number, got `'3'`"),
        (True, "day", "within", r"amount must be a whole number, got `True`"),
        (1, "same_day", "within", r"a same_day deadline has amount 0, got `1`"),
    ],
)
def test_bad_input_raises_value_error(amount, unit, relation, message):
    with pytest.raises(ValueError, match=message) as caught:
        due_date(D(2025, 9, 26), amount, unit, relation)
    assert not isinstance(caught.value, CalendarRangeError)
    assert str(caught.value)[0].islower()
    with pytest.raises(ValueError, match=message):
        on_time(D(2025, 9, 26), D(2025, 9, 26), amount, unit, relation)


def test_non_date_start_is_a_type_error():
    with pytest.raises(TypeError, match=r"`'2025-09-26'`"):
        due_date("2025-09-26", 3, "day")  # type: ignore[arg-type]


def test_overflow_is_a_value_error():
    with pytest.raises(ValueError, match="outside the supported dates"):
        due_date(D(9999, 12, 1), 60, "day")
    with pytest.raises(ValueError, match="outside the supported dates"):
        due_date(D(1, 2, 1), 2, "month", "before")


# --- properties -------------------------------------------------------------------------------


@PROPERTY
@given(start=COVERED, amount=st.integers(min_value=0, max_value=40))
def test_within_working_days_lands_on_a_working_day_n_days_on(start, amount):
    try:
        due = due_date(start, amount, "working_day", "within")
    except CalendarRangeError:
        assume(False)
    assert working_days_between(start, due) == amount
    if amount:
        assert is_working_day(due)
        # it is the first day that reaches the count: the day before has one fewer
        assert working_days_between(start, due - dt.timedelta(days=1)) == amount - 1
    assert on_time(start, due, amount, "working_day")
    assert not on_time(start, due + dt.timedelta(days=1), amount, "working_day")


@PROPERTY
@given(event=COVERED, amount=st.integers(min_value=0, max_value=40))
def test_before_working_days_lands_on_a_working_day_n_days_ahead(event, amount):
    try:
        due = due_date(event, amount, "working_day", "before")
    except CalendarRangeError:
        assume(False)
    one = dt.timedelta(days=1)
    # working days in [due, event): exactly `amount`
    assert working_days_between(due - one, event - one) == amount
    if amount:
        assert is_working_day(due)
        assert due < event


@PROPERTY
@given(
    day=st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)),
    amount=st.integers(min_value=0, max_value=3650),
)
def test_calendar_days_before_and_within_are_inverse(day, amount):
    forward = due_date(day, amount, "day", "within")
    assert (forward - day).days == amount
    assert due_date(forward, amount, "day", "before") == day
    assert due_date(due_date(day, amount, "day", "before"), amount, "day", "within") == day


@PROPERTY
@given(
    day=st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)),
    amount=st.integers(min_value=0, max_value=1200),
    relation=st.sampled_from(["within", "before"]),
)
def test_month_arithmetic_never_raises_and_clamps(day, amount, relation):
    due = due_date(day, amount, "month", relation)
    sign = 1 if relation == "within" else -1
    assert (due.year * 12 + due.month) - (day.year * 12 + day.month) == sign * amount
    assert due.day <= day.day
    if due.day < day.day:  # clamped: the due date is the last day of its month
        assert (due + dt.timedelta(days=1)).day == 1
    back = due_date(due, amount, "month", "before" if relation == "within" else "within")
    assert back.year == day.year and back.month == day.month and back.day <= day.day


@PROPERTY
@given(a=COVERED, b=COVERED, c=COVERED)
def test_working_days_between_is_additive_and_antisymmetric(a, b, c):
    assert working_days_between(a, b) == -working_days_between(b, a)
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)


@PROPERTY
@given(day=COVERED)
def test_is_working_day_follows_weekends_holidays_and_make_up_days(day):
    if day in chinese_calendar.workdays:
        assert is_working_day(day)
    elif day in chinese_calendar.holidays:
        assert not is_working_day(day)
    else:
        assert is_working_day(day) is (day.weekday() < 5)
