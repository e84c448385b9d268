"""Deadlines past the built-in calendar's data (issue 9): a holiday schedule file of the State Council's yearly
form, RULEKIT_HOLIDAYS, the rule shown when nothing covers a date, and --provisional (暂定)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rulekit.checker import calendar
from rulekit.cli import app

runner = CliRunner()

SCHEDULE_2027 = """\
year: 2027
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 春节, from: 2027-02-05, to: 2027-02-11}
workdays:
  - {date: 2027-02-14, for: 春节}
"""


@pytest.fixture(autouse=True)
def _fresh_calendar():  # noqa: ANN202
    yield
    calendar.use_holidays(None)
    calendar.provisional(False)


def schedule(tmp_path: Path, text: str = SCHEDULE_2027) -> Path:
    path = tmp_path / "holidays-2027.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def deadline(*args: str, env: dict | None = None):  # noqa: ANN201
    return runner.invoke(app, ["deadline", "tuokexun", "-f", "item=会议纪要印发", *args], env=env)


def test_a_2027_schedule_gives_2027_due_dates(tmp_path: Path) -> None:
    path = schedule(tmp_path)
    out = deadline("--from", "2026-12-28", "--holidays", str(path), "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["due"] == "2027-01-07"  # 12/29 12/30 12/31, 1/1-1/3 元旦 off, 1/4 1/5 1/6 1/7
    text = deadline("--from", "2027-02-04", env={"RULEKIT_HOLIDAYS": str(path)})
    assert text.exit_code == 0, text.output
    # 2/5-2/11 春节 off; 2/12 Fri, 2/14 Sun 调休上班, 2/15..2/19: the 7th working day is 2/19
    assert "截止日期: 2027-02-19" in text.stdout and "2/14(调休上班)" in text.stdout and "2/5-2/11 春节" in text.stdout


def test_without_a_schedule_the_rule_is_shown_and_the_way_on_named(tmp_path: Path) -> None:
    out = deadline("--from", "2026-12-28")
    assert out.exit_code == 2
    assert "7个工作日内" in out.stdout and "“并于会后7个工作日内发出”" in out.stdout
    assert "covers 2004-2026 only" in out.stderr and "--holidays FILE" in out.stderr and "--provisional" in out.stderr


def test_provisional_counts_weekends_only_and_marks_the_dates() -> None:
    text = deadline("--from", "2026-12-28", "--provisional")
    assert text.exit_code == 0
    assert "截止日期: 2027-01-06 (星期三) (暂定)" in text.stdout and "1/1(暂定)" in text.stdout
    data = json.loads(deadline("--from", "2026-12-28", "--provisional", "--json").stdout)
    assert data["due"] == "2027-01-06" and data["provisional"] is True
    assert data["provisional_days"][0] == "2027-01-01"
    inside = json.loads(deadline("--from", "2025-09-26", "--provisional", "--json").stdout)
    assert inside["provisional"] is False and inside["due"] == "2025-10-13"


@pytest.mark.parametrize("text, words", [
    (SCHEDULE_2027 + "  - {date: 2027-02-15, for: 春节}\n", ["holidays-2027.yaml:7:", "2027-02-15 is a weekday"]),
    (SCHEDULE_2027.replace("to: 2027-01-03", "to: 2027-02-06"),
     ["holidays-2027.yaml:4:22", "holiday `春节` overlaps holiday `元旦` on 2027-02-05"]),
    (SCHEDULE_2027.replace("from: 2027-02-05, to: 2027-02-11", "from: 2027-02-11, to: 2027-02-05"),
     ["holidays-2027.yaml:4:38", "`to` (2027-02-05) is before `from` (2027-02-11)"]),
])
def test_a_schedule_that_contradicts_itself_or_a_weekend_is_a_located_error(tmp_path: Path, text: str,
                                                                             words: list[str]) -> None:
    out = deadline("--from", "2026-12-28", "--holidays", str(schedule(tmp_path, text)))
    assert out.exit_code == 2 and "Traceback" not in out.output
    for word in words:
        assert word in out.stderr


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2026, 12, 1)),
       st.integers(min_value=1, max_value=15))
def test_a_schedule_for_a_later_year_changes_nothing_the_package_covers(start: datetime.date, n: int) -> None:
    path = Path(__file__).resolve().parent.parent / "examples" / "holidays-2027.yaml"
    calendar.use_holidays(None)
    before = calendar.due_date(start, n, "working_day")
    calendar.use_holidays(path)
    assert calendar.due_date(start, n, "working_day") == before


RECORD_2027 = """\
- name: 托政办发〔2027〕1号
  rulebook: tuokexun
  question: deadline
  facts: {item: minutes_issue}
  received: 2026-12-28
  done: %s
"""


@pytest.mark.parametrize(("done", "verdict", "code"), [("2027-01-07", "on_time", 0), ("2027-01-08", "late", 1)])
def test_check_counts_past_the_calendar_with_a_schedule(tmp_path: Path, done: str, verdict: str, code: int) -> None:
    # 7 working days from Monday 2026-12-28: 12/29-12/31, then 元旦 2027-01-01..03 off, 1/4..1/7: due 2027-01-07
    records = tmp_path / "records.yaml"
    records.write_text(RECORD_2027 % done, encoding="utf-8")
    without = runner.invoke(app, ["check", str(records), "--json"])
    line = json.loads(without.stdout.splitlines()[0])
    assert without.exit_code == 2 and line["verdict"] == "error"
    assert "2027-01-01" in line["error"] and "--holidays FILE" in line["error"]
    done_run = runner.invoke(app, ["check", str(records), "--json", "--holidays", str(schedule(tmp_path))])
    line = json.loads(done_run.stdout.splitlines()[0])
    assert done_run.exit_code == code, done_run.output
    assert line["verdict"] == verdict and "2027-01-07" in line["reason"]


def test_check_with_a_broken_schedule_stops_before_any_record(tmp_path: Path) -> None:
    records = tmp_path / "records.yaml"
    records.write_text(RECORD_2027 % "2027-01-07", encoding="utf-8")
    bad = schedule(tmp_path, "year: 2027\nholidays:\n  - {name: 元旦, from: 2027-01-05, to: 2027-01-01}\n")
    done = runner.invoke(app, ["check", str(records), "--json", "--holidays", str(bad)])
    assert done.exit_code == 2
    assert done.stdout == ""
    assert f"{bad}:3:" in done.output and "before `from`" in done.output and "Traceback" not in done.output
