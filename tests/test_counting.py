"""Deadlines counted from the day itself (当日算起): ``counting: inclusive`` on a duration.

双塔 第六十三条 "事项落实起始时间从部署当日算起" is the text that needs it: the deployment day is the first of
the 7 days. Tested through the calendar (laws), the answer parser, the Python API, ``check`` and ``deadline``.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import rulekit
from rulekit.checker.calendar import calendar_range, due_date, is_working_day, working_days_between
from rulekit.cli import app
from rulekit.engine.answers import AnswerError, parse_duration

D = dt.date
FIRST_YEAR, LAST_YEAR = calendar_range()
# away from the edges of the calendar's data, so a count of up to 30 working days stays inside it
INNER = st.dates(min_value=D(FIRST_YEAR, 3, 1), max_value=D(LAST_YEAR, 10, 1))
PROPERTY = settings(deadline=None, max_examples=60)
runner = CliRunner()


# --- the calendar's laws -------------------------------------------------------------------------


@PROPERTY
@given(INNER, st.integers(1, 30), st.sampled_from(["day", "working_day"]))
def test_inclusive_counts_from_the_day_before(start, amount, unit):
    """Counting the start day in is counting, the usual way, from the day before."""
    assert due_date(start, amount, unit, "within", "inclusive") == due_date(start - dt.timedelta(days=1), amount, unit)
    assert due_date(start, amount, unit, "before", "inclusive") == due_date(start + dt.timedelta(days=1), amount, unit, "before")


@PROPERTY
@given(INNER, st.integers(1, 30))
def test_inclusive_days_end_one_day_earlier(start, amount):
    assert due_date(start, amount, "day", counting="inclusive") == start + dt.timedelta(days=amount - 1)


@PROPERTY
@given(INNER, st.integers(1, 30))
def test_inclusive_working_days_count_the_start_when_it_is_a_working_day(start, amount):
    due = due_date(start, amount, "working_day", counting="inclusive")
    counted = working_days_between(start, due) + (1 if is_working_day(start) else 0)
    assert counted == amount
    assert is_working_day(due)
    assert due <= due_date(start, amount, "working_day")


@PROPERTY
@given(INNER, st.sampled_from(["day", "working_day", "month", "same_day"]), st.sampled_from(["within", "before"]))
def test_zero_and_same_day_are_the_day_itself_either_way(start, unit, relation):
    assert due_date(start, 0, unit, relation, "inclusive") == start


def test_a_month_counted_from_the_day_itself():
    assert due_date(D(2025, 1, 15), 1, "month", counting="inclusive") == D(2025, 2, 14)
    assert due_date(D(2025, 3, 1), 1, "month", counting="inclusive") == D(2025, 3, 31)
    assert due_date(D(2025, 1, 31), 1, "month", counting="inclusive") == D(2025, 2, 28)  # no 2/31: the month's end


@PROPERTY
@given(INNER, st.integers(1, 24))
def test_inclusive_months_end_no_later_and_at_most_a_day_earlier(start, amount):
    usual = due_date(start, amount, "month")
    inclusive = due_date(start, amount, "month", counting="inclusive")
    assert usual - dt.timedelta(days=1) <= inclusive <= usual


def test_working_days_across_national_day():
    # 2025-09-26 is a Friday (a working day): it is the first of 3; 9/28 is a make-up working day (调休)
    assert due_date(D(2025, 9, 26), 3, "working_day", counting="inclusive") == D(2025, 9, 29)
    assert due_date(D(2025, 9, 26), 3, "working_day") == D(2025, 9, 30)


def test_unknown_counting_is_refused():
    with pytest.raises(ValueError, match="unknown counting `both`"):
        due_date(D(2025, 9, 26), 3, "day", counting="both")


# --- the answer's shape --------------------------------------------------------------------------


def test_parse_duration_keeps_inclusive_and_drops_the_default():
    assert parse_duration({"amount": 7, "unit": "day", "counting": "inclusive"}) == {
        "amount": 7, "unit": "day", "relation": "within", "counting": "inclusive"}
    assert parse_duration({"amount": 7, "unit": "day", "counting": "exclusive"}) == {
        "amount": 7, "unit": "day", "relation": "within"}


def test_parse_duration_rejects_bad_counting():
    with pytest.raises(AnswerError) as info:
        parse_duration({"amount": 7, "unit": "day", "counting": "inclusiv"})
    assert info.value.path == ("counting",) and "inclusive" in (info.value.help or "")
    with pytest.raises(AnswerError, match="same_day"):
        parse_duration({"amount": 0, "unit": "same_day", "counting": "inclusive"})


# --- 双塔 第六十三条 through the public surface ------------------------------------------------------


def test_shuangta_supervision_counts_from_the_deployment_day():
    r = rulekit.load("shuangta").ask("deadline", item="supervision_item", complex=False)
    assert r.status == "answered"
    assert r.answer == {"amount": 7, "unit": "day", "relation": "within", "counting": "inclusive"}
    assert [c.article for c in r.citations] == [63]


@pytest.mark.parametrize(("done", "verdict"), [("2025-10-02", "on_time"), ("2025-10-03", "late")])
def test_check_judges_the_seventh_day_counting_the_deployment_day(done, verdict):
    record = {"rulebook": "shuangta", "question": "deadline", "facts": {"item": "supervision_item", "complex": False},
              "received": "2025-09-26", "done": done}
    (v,) = list(rulekit.check([record]))
    assert v.verdict == verdict
    assert v.due == D(2025, 10, 2)


def test_deadline_command_shows_the_day_counted_in():
    out = runner.invoke(app, ["deadline", "双塔", "-f", "item=督办事项", "-f", "complex=否", "--from", "2025-09-26"])
    assert out.exit_code == 0, out.output
    assert "截止日期: 2025-10-02" in out.output
    assert "当日计入" in out.output and "7日内(当日算起)" in out.output
    js = runner.invoke(app, ["deadline", "shuangta", "-f", "item=supervision_item", "-f", "complex=false",
                             "--from", "2025-09-26", "--json"])
    data = json.loads(js.stdout)
    assert (data["due"], data["counting"]) == ("2025-10-02", "inclusive")


def test_deadline_command_default_counting_is_exclusive():
    js = runner.invoke(app, ["deadline", "tuokexun", "-f", "item=cosign_reply", "--from", "2025-09-26", "--json"])
    data = json.loads(js.stdout)
    assert (data["due"], data["counting"]) == ("2025-10-13", "exclusive")
