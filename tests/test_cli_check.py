"""`rulekit check`, `rulekit test` and `rulekit deadline` through Typer's runner: formats, stdin, the contract's
JSON Lines and summary, JUnit XML, exit codes, bad records, due dates on the PRC calendar."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rulekit.checker.calendar import calendar_range
from rulekit.cli import app
from paths import FIXTURES, ROOT

runner = CliRunner()
SAMPLE = str(FIXTURES / "sample")
UPWARD = {"issuer": "government", "form": "request", "recipient": "higher_government"}
GOOD = [
    {"name": "请示由县长签发", "rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": "县长"},
    {"name": "契约示例", "rulebook": "yian", "question": "document.signer", "facts": UPWARD,
     "expect": {"any_of": [{"all_of": ["head"]}, {"all_of": ["executive_deputy"]}]}, "cite": [59]},
    {"name": "专题会议纪要", "rulebook": "依安", "question": "会议纪要由谁签发", "facts": {"meeting": "专题会议"},
     "expect": {"any_of": ["presider"]}},
]
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$", re.M)


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_yaml(path: Path, records: list) -> Path:
    import yaml

    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_csv(path: Path) -> Path:
    path.write_text(
        "name,rulebook,question,fact.issuer,fact.form,fact.recipient,facts,expect,actual,cite\n"
        "请示由县长签发,yian,document.signer,government,request,higher_government,,,县长,\n"
        "契约示例,yian,document.signer,以政府名义,请示,市政府,,head | executive_deputy,,59\n"
        "专题会议纪要,依安,会议纪要由谁签发,,,,meeting=专题会议,{any_of: [presider]},,\n",
        encoding="utf-8")
    return path


def run(*args: str, input: str | None = None):  # noqa: ANN202, A002
    result = runner.invoke(app, list(args), input=input, env={"COLUMNS": "200"})  # tables unwrapped
    assert "Traceback" not in result.output
    return result


def summary(result) -> tuple[int, int]:  # noqa: ANN001
    found = SUMMARY.findall(result.stderr)
    assert len(found) == 1, result.stderr
    return int(found[0][0]), int(found[0][1])


@pytest.fixture(params=["yaml", "jsonl", "csv"])
def good_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "yaml":
        return write_yaml(tmp_path / "records.yaml", GOOD)
    if request.param == "jsonl":
        return write_jsonl(tmp_path / "records.jsonl", GOOD)
    return write_csv(tmp_path / "records.csv")


def test_every_format_passes_with_exit_0_and_the_summary_alone_on_its_line(good_file: Path) -> None:
    result = run("check", str(good_file))
    assert result.exit_code == 0, result.output
    assert summary(result) == (3, 0)
    assert "(0 not_covered, 0 needs_facts, 0 conflict, 0 undetermined, 0 errors)" in result.stderr
    for word in ("complies", "passed", "第五十九条第(三)项", "第五十二条", "请示由县长签发"):
        assert word in result.stdout


def test_json_lines_follow_the_contract(good_file: Path) -> None:
    result = run("check", str(good_file), "--json")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["index"] for d in lines] == [0, 1, 2]
    for d in lines:
        assert list(d)[:3] == ["index", "passed", "result"] and d["passed"] is True
        assert list(d["result"])[:8] == ["rulebook", "question", "facts", "status", "answer", "missing", "citations", "trace"]
        assert d["file"] == str(good_file) and isinstance(d["line"], int)
    assert lines[0]["verdict"] == "complies" and lines[1]["verdict"] == "passed"
    assert lines[2]["result"]["rulebook"] == "yian" and lines[2]["result"]["question"] == "minutes.signer"
    assert summary(result) == (3, 0)


@pytest.mark.parametrize("kind", ["yaml", "jsonl", "csv"])
def test_stdin_in_every_format(kind: str, tmp_path: Path) -> None:
    path = {"yaml": lambda: write_yaml(tmp_path / "r.yaml", GOOD), "jsonl": lambda: write_jsonl(tmp_path / "r.jsonl", GOOD),
            "csv": lambda: write_csv(tmp_path / "r.csv")}[kind]()
    text = path.read_text(encoding="utf-8")
    sniffed = run("check", "-", "--json", input=text)
    named = run("check", "-", "--json", "--input-format", kind, input=text)
    for result in (sniffed, named):
        assert result.exit_code == 0, result.output
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert len(lines) == 3 and lines[0]["file"] == "<stdin>"


def test_a_failed_record_exits_1(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", GOOD + [
        {"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": "deputy_in_charge"}])
    result = run("check", str(path), "--json")
    assert result.exit_code == 1
    last = json.loads(result.stdout.splitlines()[-1])
    assert last["passed"] is False and last["verdict"] == "violates"
    assert summary(result) == (3, 1)


def test_undetermined_is_counted_apart_and_fails(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [
        {"rulebook": "yian", "question": "document.signer", "actual": "head",
         "facts": {"issuer": "government", "form": "notice", "recipient": "subordinate"}}])
    result = run("check", str(path))
    assert result.exit_code == 1 and "undetermined" in result.stdout
    assert summary(result) == (0, 1)
    assert "(0 not_covered, 1 needs_facts, 0 conflict, 1 undetermined, 0 errors)" in result.stderr


def test_bad_records_are_named_with_their_lines_and_the_run_goes_on(tmp_path: Path) -> None:
    good = json.dumps(GOOD[0], ensure_ascii=False)
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join([
        good,
        "{bad json",
        json.dumps({"rulebook": "yian", "question": "document.signer", "facts": {"issuer": "nonsense"}, "actual": "head"}),
        json.dumps({"rulebook": "yian", "facts": UPWARD, "actual": "head"}),
        good,
    ]) + "\n", encoding="utf-8")
    result = run("check", str(path), "--json")
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["index"] for d in lines] == [0, 1, 2, 3, 4]
    assert [d["passed"] for d in lines] == [True, False, False, False, True]
    errors = lines[1:4]
    assert [(e["file"], e["line"]) for e in errors] == [(str(path), 2), (str(path), 3), (str(path), 4)]
    assert errors[0]["error"].startswith("malformed JSON")
    assert "unknown value `nonsense` for fact `issuer`" in errors[1]["error"]
    assert errors[2]["error"] == "missing field `question`"
    assert summary(result) == (2, 3)
    assert "3 errors)" in result.stderr


def test_an_unreadable_file_is_reported_and_the_other_files_still_run(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", GOOD)
    result = run("check", str(tmp_path / "missing.csv"), str(path), "--json")
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["error"] == "file not found" and lines[0]["file"] == str(tmp_path / "missing.csv")
    assert [d["passed"] for d in lines[1:]] == [True, True, True]


def test_table_output_names_bad_records_with_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("r.yaml")
    path.write_text("- {rulebook: yian, question: document.signer, facts: {issuer: government}, actual: 省长}\n",
                    encoding="utf-8")
    other = write_jsonl(Path("more.jsonl"), GOOD[:1])
    result = run("check", str(path), str(other))
    assert result.exit_code == 2
    rows = result.stdout.splitlines()
    assert any(f"{path}:1" in row and "错误" in row for row in rows)
    flat = "".join(result.stdout.split())
    assert "cannotreadthesigner`省长`" in flat and "unknownrole`省长`" in flat and "您是不是要找:" in flat
    assert any(f"{other}:1" in row and "合规" in row for row in rows)


def test_junit_xml_parses_and_counts(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", GOOD + [
        {"name": "wrong signer", "rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": "deputy"},
        {"rulebook": "yian", "question": "nothing"}])
    result = run("check", str(path), "--format", "junit")
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites" and root.get("tests") == "5"
    assert (root.get("failures"), root.get("errors")) == ("1", "1")
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 5 and cases[0].get("name") == "请示由县长签发"
    failure = cases[3].find("failure")
    assert failure is not None and failure.get("type") == "violates"
    assert "第五十九条第(三)项" in failure.text and "requires head | executive_deputy" in failure.text
    assert failure.get("message") == ("违规: 签署/办理: 副县长; 应由 县长 或 常务副县长(受县长委托); 依据第五十九条第(三)项: "
                                      "“以县政府名义向市政府的请示、报告由县长或县长委托常务副县长签发”")
    assert cases[4].find("error") is not None and cases[4].get("line") == "5"
    assert summary(result) == (3, 2)


def test_failed_only_and_bad_options(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", GOOD + [
        {"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": "deputy"}])
    result = run("check", str(path), "--json", "--failed")
    assert [json.loads(line)["index"] for line in result.stdout.splitlines()] == [3]
    assert summary(result) == (3, 1)
    bad = run("check", str(path), "--format", "xml")
    assert bad.exit_code == 2 and bad.stderr.startswith("error: unknown output format `xml`")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_an_empty_file_warns(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 0 and "warning: " in result.stderr and "no records" in result.stderr
    assert summary(result) == (0, 0)


def test_dates_in_check_records_give_on_time_and_late_with_the_due_date(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    path.write_text(
        "name,rulebook,question,fact.item,received,done,event,submitted\n"
        f"纪要,{SAMPLE},deadline,minutes_issue,2025-09-26,2025-10-13,,\n"
        f"纪要晚了,{SAMPLE},deadline,minutes_issue,2025-09-26,2025-10-14,,\n"
        f"材料,{SAMPLE},deadline,meeting_materials,,,2025-10-09,2025-09-28\n",
        encoding="utf-8")
    result = run("check", str(path), "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d["verdict"], d["due"]) for d in lines] == [("on_time", "2025-10-13"), ("late", "2025-10-13"),
                                                         ("on_time", "2025-09-28")]
    assert result.exit_code == 1


# --- rulekit test ---------------------------------------------------------------------------------


def test_rulekit_test_runs_a_rulebooks_suite() -> None:
    result = run("test", "yian")
    assert result.exit_code == 0, result.output
    assert re.search(r"yian: \d+ passed, 0 failed", result.stdout)
    passed, failed = summary(result)
    assert failed == 0 and passed > 60


def test_rulekit_test_reports_failures_and_uncovered_questions(tmp_path: Path) -> None:
    book = tmp_path / "rulebooks" / "sample"
    shutil.copytree(FIXTURES / "sample", book)
    (book / "cases.yaml").write_text(
        "- name: 纪要 7 个工作日\n  rulebook: sample\n  question: deadline\n  facts: {item: minutes_issue}\n"
        "  expect: {amount: 5, unit: working_day, relation: within}\n", encoding="utf-8")
    result = run("test", str(book))
    assert result.exit_code == 1
    assert "failed: expected within 5 working days, got within 7 working days" in result.stdout
    assert "cases.yaml:1 (纪要 7 个工作日)" in result.stdout.replace("\n  ", " ")
    assert "第二条 “会议纪要于会后7个工作日内印发”" in result.stdout
    assert "no case for seal.approver" in result.stdout
    assert summary(result) == (0, 2)


# --- rulekit deadline -----------------------------------------------------------------------------


def deadline(*args: str):  # noqa: ANN202
    return run("deadline", SAMPLE, *args)


def due(*args: str) -> str:
    result = deadline(*args, "--json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["due"]


@pytest.mark.parametrize(
    ("facts", "start", "expected"),
    [
        (["-f", "item=minutes_issue"], "2025-09-26", "2025-10-13"),   # National Day 2025, 9/28 and 10/11 worked
        (["-f", "item=会议纪要印发"], "2025-09-30", "2025-10-16"),
        (["-f", "item=cosign_reply"], "2025-09-26", "2025-09-30"),    # 9/28 (Sunday, worked) 9/29 9/30
        (["-f", "item=minutes_issue"], "2025-01-24", "2025-02-10"),   # Spring Festival 2025, 1/26 and 2/8 worked
        (["-f", "item=cosign_reply"], "2025-01-24", "2025-02-05"),
        (["-f", "item=minutes_issue"], "2026-02-13", "2026-03-02"),   # Spring Festival 2026, 2/14 and 2/28 worked
        (["-f", "item=cosign_reply"], "2026-02-13", "2026-02-25"),
        (["-f", "item=meeting_materials"], "2025-10-09", "2025-09-28"),  # 3 working days before the meeting
        (["-f", "item=meeting_materials"], "2026-02-24", "2026-02-12"),  # before the 2026 holiday: 2/14 worked
        (["-f", "item=travel_filing"], "2025-10-01", "2025-09-29"),      # 2 calendar days before
        (["-f", "item=higher_document", "-f", "urgency=normal"], "2025-01-31", "2025-02-28"),  # one month
        (["-f", "item=higher_document", "-f", "urgency=急件"], "2025-10-01", "2025-10-01"),     # the same day
    ],
)
def test_due_dates(facts: list[str], start: str, expected: str) -> None:
    assert due(*facts, "--from", start) == expected


def test_deadline_prints_the_due_date_the_days_counted_and_the_article() -> None:
    result = deadline("-f", "item=minutes_issue", "--from", "2025-09-26")
    assert result.exit_code == 0
    out = result.stdout
    assert "截止日期: 2025-10-13 (星期一)" in out
    assert "9/28(调休上班)" in out and "10/11(调休上班)" in out and "国庆节" in out
    assert "第二条 “会议纪要于会后7个工作日内印发”" in out
    json_out = json.loads(deadline("-f", "item=minutes_issue", "--from", "2025-09-26", "--json").stdout)
    assert json_out["from"] == "2025-09-26" and json_out["due"] == "2025-10-13" and json_out["relation"] == "within"
    assert json_out["result"]["answer"] == {"amount": 7, "unit": "working_day", "relation": "within"}


def test_deadline_done_says_on_time_or_late() -> None:
    assert deadline("-f", "item=minutes_issue", "--from", "2025-09-26", "--done", "2025-10-13").exit_code == 0
    late = deadline("-f", "item=minutes_issue", "--from", "2025-09-26", "--done", "2025-10-14", "--json")
    assert late.exit_code == 1 and json.loads(late.stdout)["on_time"] is False


def test_deadline_outside_the_calendar_data_is_one_error_line() -> None:
    last = calendar_range()[1]
    for start in (f"{last}-12-30", f"{last + 5}-03-02"):
        result = deadline("-f", "item=minutes_issue", "--from", start)
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: cannot count 7 working days from")
        assert "the working-day calendar covers" in lines[0]
    # calendar days need no calendar data
    assert deadline("-f", "item=travel_filing", "--from", f"{last + 5}-03-02").exit_code == 0


def test_deadline_without_an_answer_exits_1_and_bad_input_exits_2() -> None:
    needs = deadline("-f", "item=higher_document", "--from", "2025-09-26")
    assert needs.exit_code == 1 and "还需要" in needs.stdout and "urgency" in needs.stdout
    bad_date = deadline("-f", "item=minutes_issue", "--from", "2025-02-30")
    assert bad_date.exit_code == 2 and bad_date.stderr.startswith("error: `2025-02-30` is not a date")
    bad_fact = deadline("-f", "itm=minutes_issue", "--from", "2025-09-26")
    assert bad_fact.exit_code == 2 and "did you mean `item`?" in bad_fact.stderr
    not_deadline = run("deadline", "yian", "-q", "document.signer")
    assert not_deadline.exit_code == 2 and "not a deadline question" in not_deadline.stderr


def test_the_readme_example_files_check(tmp_path: Path) -> None:
    examples = sorted((ROOT / "examples" / "check").glob("*.*"))
    assert examples, "examples/check/ holds the README's example records"
    for path in examples:
        result = run("check", str(path), "--json")
        assert result.exit_code in (0, 1), (path, result.output)
