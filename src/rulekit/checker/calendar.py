"""Due dates for the deadlines in the rules, on the PRC calendar.

A deadline in a rulebook is a duration::

    {"amount": int, "unit": "day" | "working_day" | "month" | "same_day",
     "relation": "within" | "before"}

and ``due_date(start, amount, unit, relation)`` turns it into the last date that is still on time.

Relations
---------
- ``"within"`` counts forward from the start date (usually the day of receipt). The start day itself
  is not counted (期间开始的日不计算在期间内): 3 days from 2025-09-26 is 2025-09-29.
- ``"before"`` counts backwards from an event date (a meeting, say): materials due N days before
  the event on E are on time up to E minus N days; N working days before E is the Nth working day
  before E, E itself not counted.

Counting
--------
- ``"exclusive"`` (the default): the start day is not counted, as above.
- ``"inclusive"`` (当日算起, e.g. 双塔 第六十三条 "事项落实起始时间从部署当日算起"): the start day itself is the
  first day of the period, so 7 days from 2025-09-26 end on 2025-10-02 and 3 working days from a working
  day end on the second working day after it (from a day off: the third). For "before" deadlines the
  event's day counts as the first day back. ``same_day`` and amount 0 give the start itself either way.

Units
-----
- ``"day"``: calendar days (日). The due date is **not** moved when it falls on a weekend or a
  public holiday: the rules say N日, not N个工作日, so the count stays plain.
- ``"working_day"``: working days (工作日) on the PRC calendar: weekends and public holidays are
  off, and the official make-up working days (调休, a Saturday or Sunday declared a working day) are
  on. The calendar comes from the ``chinese-calendar`` package (import name ``chinese_calendar``),
  which only has data for the years the State Council has published. A count that needs a day
  outside those years raises :class:`CalendarRangeError`; it never falls back to guessing by
  weekdays. ``calendar_range()`` tells which years are covered; it is read from the package's data
  at run time, not hard-coded.
- ``"month"``: calendar months, clamped to the end of the month (2025-01-31 + 1 month is
  2025-02-28; 2025-03-31 - 1 month is 2025-02-28).
- ``"same_day"``: due the same day as the start or event (当日); the amount must be 0.

Caveat on the last covered year: the arrangement for a year's New Year holiday is published in
that year's notice and has several times moved days in late December of the year before (for
example 2018-12-29 was a make-up working day and 2018-12-30/31 were off, published with the 2019
arrangement). So the last days of December of the last covered year are only as good as the
package's data until the next year's notice is out.

Beyond the package's data
-------------------------
A holiday schedule file in the form the State Council publishes each year (``use_holidays(path)``, the CLI's
``--holidays FILE`` or ``RULEKIT_HOLIDAYS``) covers the years it names: its holidays (named date ranges) are off,
its make-up working days (调休上班) on, every other day by the weekday. It is merged over chinese-calendar: where
both speak of a year, the file wins. ``provisional(True)`` counts a date that nothing covers by the weekday alone
and records it (``provisional_days()``), for output marked 暂定.

All functions are pure (apart from the schedule in use). Bad units, relations and amounts raise :class:`ValueError` with a message
naming the bad value in backticks.
"""

from __future__ import annotations

import calendar
import datetime
import os
from functools import lru_cache

import chinese_calendar  # type: ignore[import-untyped]

from ..engine.vocabulary import DURATION_COUNTINGS, DURATION_RELATIONS, DURATION_UNITS

__all__ = [
    "COUNTINGS",
    "RELATIONS",
    "UNITS",
    "CalendarRangeError",
    "WAY_ON",
    "Schedule",
    "calendar_range",
    "holiday_name",
    "provisional",
    "provisional_days",
    "read_holidays",
    "use_holidays",
    "due_date",
    "is_working_day",
    "on_time",
    "working_days_between",
]

UNITS: tuple[str, ...] = DURATION_UNITS
RELATIONS: tuple[str, ...] = DURATION_RELATIONS
COUNTINGS: tuple[str, ...] = DURATION_COUNTINGS

_ONE_DAY = datetime.timedelta(days=1)


WAY_ON = ("give the year's holiday schedule with --holidays FILE (or RULEKIT_HOLIDAYS; "
          "see examples/holidays-2027.yaml)")  # what to do about a CalendarRangeError


class CalendarRangeError(ValueError):
    """A working-day count needs a date outside the years the working-day calendar covers."""

    def __init__(self, day: datetime.date, first_year: int, last_year: int, context: str = "") -> None:
        message = (
            f"the working-day calendar covers {first_year}-{last_year} only; "
            f"`{day.isoformat()}` is outside it"
        )
        if context:
            message = f"{context}: {message}"
        super().__init__(message)
        self.day = day
        self.first_year = first_year
        self.last_year = last_year


class Schedule:
    """A holiday schedule read from a file: the years it covers, days off with their names, make-up working days."""

    def __init__(self, path: str, years: set[int], off: dict[datetime.date, str], on: dict[datetime.date, str]) -> None:
        self.path, self.years, self.off, self.on = path, years, off, on

    def working(self, day: datetime.date) -> bool:
        if day in self.on:
            return True
        if day in self.off:
            return False
        return day.weekday() < 5


_STATE: dict[str, object] = {"schedule": None, "provisional": False, "env": None}
_PROVISIONAL_DAYS: set[datetime.date] = set()


def read_holidays(path: str | os.PathLike[str]) -> Schedule:
    """A schedule file (YAML)::

        year: 2027
        holidays:                     # 放假: named date ranges
          - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
        workdays:                     # 调休上班: weekend days worked
          - {date: 2027-02-07, for: 春节}

    Errors (a range inside out or outside the year, holidays overlapping, a 调休上班 day that is no weekend
    day or that falls in a holiday) raise ``RulebookError`` naming file, line and column."""
    from pathlib import Path

    from ..engine.parse import load_yaml
    from ..errors import RulebookError

    data, loc = load_yaml(Path(path))
    problems = []

    def bad(where: tuple, message: str) -> None:
        problems.append(loc.problem(where, message))

    if not isinstance(data, dict) or not isinstance(data.get("year"), int):
        raise RulebookError([loc.problem((), "a holiday schedule is a mapping with `year`, `holidays` and `workdays`")])
    extra = [k for k in data if k not in ("year", "source", "holidays", "workdays")]
    for key in extra:
        bad((key,), f"unknown key `{key}`; a schedule has `year`, `source`, `holidays`, `workdays`")
    year = data["year"]
    off: dict[datetime.date, str] = {}
    on: dict[datetime.date, str] = {}
    owner: dict[datetime.date, int] = {}
    for i, item in enumerate(data.get("holidays") or []):
        where = ("holidays", i)
        if not isinstance(item, dict) or not {"name", "from", "to"} <= set(item):
            bad(where, "a holiday is `{name: 春节, from: DATE, to: DATE}`")
            continue
        first, last = item["from"], item["to"]
        if not isinstance(first, datetime.date) or not isinstance(last, datetime.date):
            bad(where, "`from` and `to` are dates (2027-02-06)")
            continue
        if last < first:
            bad(where + ("to",), f"`to` ({last}) is before `from` ({first})")
            continue
        if first.year not in (year, year - 1) or last.year not in (year, year + 1):
            bad(where + ("from",), f"the holiday {first}..{last} is not in or next to {year}")
            continue
        day = first
        while day <= last:
            if day in owner:
                bad(where + ("from",), f"holiday `{item['name']}` overlaps holiday "
                                       f"`{data['holidays'][owner[day]]['name']}` on {day}")
                break
            owner[day] = i
            off[day] = str(item["name"])
            day += _ONE_DAY
    for i, item in enumerate(data.get("workdays") or []):
        where = ("workdays", i)
        day = item.get("date") if isinstance(item, dict) else item
        if not isinstance(day, datetime.date):
            bad(where, "a make-up working day is `{date: DATE, for: 春节}` or a date")
            continue
        if day.weekday() < 5:
            bad(where, f"{day} is a weekday ({'一二三四五'[day.weekday()]}): a make-up working day (调休上班) is a "
                       "Saturday or Sunday")
            continue
        if day in off:
            bad(where, f"{day} is a working day here and a holiday (`{off[day]}`) above")
            continue
        on[day] = str(item.get("for", "")) if isinstance(item, dict) else ""
    if problems:
        raise RulebookError(problems)
    return Schedule(str(path), {year}, off, on)


def use_holidays(path: str | os.PathLike[str] | None) -> Schedule | None:
    """Use the schedule in ``path`` (None: none) from now on; returns it."""
    schedule = read_holidays(path) if path else None
    _STATE["schedule"] = schedule
    _STATE["env"] = "set"
    _reset()
    return schedule


def provisional(on: bool) -> None:
    """Count dates nothing covers by the weekday alone (marked 暂定), instead of raising CalendarRangeError."""
    _STATE["provisional"] = bool(on)
    _PROVISIONAL_DAYS.clear()
    _reset()


def provisional_days() -> list[datetime.date]:
    """The dates counted provisionally since ``provisional(True)``, sorted."""
    return sorted(_PROVISIONAL_DAYS)


def _schedule() -> Schedule | None:
    if _STATE["env"] is None:  # RULEKIT_HOLIDAYS, read once unless use_holidays() said otherwise
        _STATE["env"] = "read"
        path = os.environ.get("RULEKIT_HOLIDAYS")
        if path:
            _STATE["schedule"] = read_holidays(path)
    return _STATE["schedule"]  # type: ignore[return-value]


def _reset() -> None:
    _is_working_day.cache_clear()


def holiday_name(day: datetime.date) -> str | None:
    """The name of the holiday ``day`` belongs to (Chinese where known), from the schedule file or the package."""
    schedule = _schedule()
    if schedule is not None and day.year in schedule.years:
        return schedule.off.get(day)
    first, last = _package_range()
    if not first <= day.year <= last:
        return None
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    return name if on_holiday else None


def calendar_range() -> tuple[int, int]:
    """The first and last year (inclusive) the working-day calendar has data for: the package's years, and
    those of a schedule file that extends them."""
    first, last = _package_range()
    schedule = _schedule()
    if schedule is not None:
        while last + 1 in schedule.years:
            last += 1
    return first, last


def _covered(year: int) -> bool:
    first, last = _package_range()
    schedule = _schedule()
    return first <= year <= last or (schedule is not None and year in schedule.years)


@lru_cache(maxsize=1)
def _package_range() -> tuple[int, int]:
    """The first and last year (inclusive) the working-day calendar has data for.

    Read from the ``chinese_calendar.holidays`` table, the same table the package uses to decide
    which years it supports (it raises ``NotImplementedError`` outside them).
    """
    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)


def _as_date(value: object, name: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(f"{name} must be a datetime.date, got `{value!r}`")


def _check_covered(day: datetime.date, context: str = "") -> None:
    if _covered(day.year):
        return
    if _STATE["provisional"]:
        _PROVISIONAL_DAYS.add(day)
        return
    first, last = calendar_range()
    raise CalendarRangeError(day, first, last, context)


@lru_cache(maxsize=16384)
def _is_working_day(day: datetime.date) -> bool:
    schedule = _schedule()
    if schedule is not None and day.year in schedule.years:
        return schedule.working(day)
    first, last = _package_range()
    if not first <= day.year <= last:  # provisional: weekends only
        return day.weekday() < 5
    return bool(chinese_calendar.is_workday(day))


def is_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day on the PRC calendar.

    Weekdays are working days unless they are public holidays; weekends are off unless they are
    official make-up working days (调休). Raises :class:`CalendarRangeError` outside
    ``calendar_range()``.
    """
    day = _as_date(day, "day")
    _check_covered(day)
    return _is_working_day(day)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The number of working days in ``(start, end]``: ``start`` excluded, ``end`` included.

    This is the count a "within N working days" deadline uses, so
    ``working_days_between(start, due_date(start, n, "working_day")) == n``. When ``end`` is before
    ``start`` the result is the negated count of ``(end, start]``, so the function is antisymmetric.
    Raises :class:`CalendarRangeError` if any day counted is outside ``calendar_range()``.
    """
    start = _as_date(start, "start")
    end = _as_date(end, "end")
    if end < start:
        return -working_days_between(end, start)
    if end == start:
        return 0
    context = f"cannot count working days from `{start.isoformat()}` to `{end.isoformat()}`"
    _check_covered(start + _ONE_DAY, context)
    _check_covered(end, context)
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        if _is_working_day(day):
            count += 1
        day += _ONE_DAY
    return count


def _validate(amount: object, unit: object, relation: object) -> int:
    if unit not in UNITS:
        raise ValueError(f"unknown unit `{unit}`; expected one of {', '.join(UNITS)}")
    if relation not in RELATIONS:
        raise ValueError(f"unknown relation `{relation}`; expected one of {', '.join(RELATIONS)}")
    if isinstance(amount, bool) or not isinstance(amount, int):
        # ValueError, not TypeError: a bad amount is bad rule data, like a bad unit or relation.
        raise ValueError(f"amount must be a whole number, got `{amount!r}`")  # noqa: TRY004
    if amount < 0:
        raise ValueError(f"amount must not be negative, got `{amount}`")
    if unit == "same_day" and amount != 0:
        raise ValueError(f"a same_day deadline has amount 0, got `{amount}`")
    return amount


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise ValueError(f"`{day.isoformat()}` shifted by {months} months is outside the supported dates")
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _inclusive_months(start: datetime.date, months: int) -> datetime.date:
    """N months with ``start`` as the first day: the day before the corresponding day, or the month's last
    day when the month has no corresponding day (民法典 第二百零二条); "before": the day after."""
    shifted = _add_months(start, months)
    try:
        if months < 0:
            return shifted + _ONE_DAY
        if shifted.day != start.day:  # clamped: no corresponding day, the month's end is the last day
            return shifted
        return shifted - _ONE_DAY
    except OverflowError:
        raise ValueError(f"`{start.isoformat()}` shifted by {months} months is outside the supported dates") from None


def _shift_working_days(
    start: datetime.date, amount: int, step: datetime.timedelta, context: str
) -> datetime.date:
    day = start
    remaining = amount
    while remaining:
        day += step
        _check_covered(day, context)
        if _is_working_day(day):
            remaining -= 1
    return day


def due_date(start: datetime.date, amount: int, unit: str, relation: str = "within",
             counting: str = "exclusive") -> datetime.date:
    """The last date on which a deadline is still met.

    ``relation="within"``: ``start`` is the day counting starts from (receipt); it is not counted,
    so the due date is ``amount`` days / working days / months after it.

    ``relation="before"``: ``start`` is the event date; the due date is the latest date still
    ``amount`` days / working days / months ahead of it (the event day itself not counted).

    - ``"day"``: plain calendar days; a due date on a weekend or holiday is not moved.
    - ``"working_day"``: the ``amount``-th working day after (or before) ``start`` on the PRC
      calendar, make-up working days included. ``amount`` 0 gives ``start`` itself. Raises
      :class:`CalendarRangeError` if the count needs a day outside ``calendar_range()``.
    - ``"month"``: calendar months, clamped to the end of the month.
    - ``"same_day"``: ``start`` itself (``amount`` must be 0).

    ``counting="inclusive"`` (当日算起) counts ``start`` itself as the first day: the count runs from the
    day before it (after it, for "before"), so the due date comes one day / working day earlier when
    ``start`` is a day that counts.

    Raises :class:`ValueError` for an unknown unit, relation or counting, or a negative or non-integer amount.
    """
    start = _as_date(start, "start")
    amount = _validate(amount, unit, relation)
    if counting not in COUNTINGS:
        raise ValueError(f"unknown counting `{counting}`; expected one of {', '.join(COUNTINGS)}")
    sign = 1 if relation == "within" else -1
    if unit == "same_day" or amount == 0:
        return start
    if counting == "inclusive":
        if unit == "month":
            return _inclusive_months(start, sign * amount)
        try:
            start = start - sign * _ONE_DAY
        except OverflowError:
            raise ValueError(f"`{start.isoformat()}` is at the edge of the supported dates") from None
    if unit == "day":
        try:
            return start + sign * datetime.timedelta(days=amount)
        except OverflowError:
            raise ValueError(
                f"`{start.isoformat()}` shifted by {sign * amount} days is outside the supported dates"
            ) from None
    if unit == "month":
        return _add_months(start, sign * amount)
    # working_day
    direction = "from" if relation == "within" else "before"
    context = f"cannot count {amount} working days {direction} `{start.isoformat()}`"
    try:
        return _shift_working_days(start, amount, sign * _ONE_DAY, context)
    except OverflowError:
        raise ValueError(f"{context}: the count runs past the supported dates") from None


def on_time(
    start_or_event: datetime.date,
    done: datetime.date,
    amount: int,
    unit: str,
    relation: str = "within",
    counting: str = "exclusive",
) -> bool:
    """Whether something done on ``done`` meets the deadline.

    ``relation="within"``: ``start_or_event`` is the start (receipt); on time if
    ``done <= due_date(...)``.
    ``relation="before"``: ``start_or_event`` is the event; on time if the submission date
    ``done`` is no later than the latest allowed date ``due_date(...)``.
    """
    done = _as_date(done, "done")
    return done <= due_date(start_or_event, amount, unit, relation, counting)
