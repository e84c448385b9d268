"""rulekit.check(): records -> verdicts (expectations, actual signers, dates against deadlines), and the readers
of YAML, JSON Lines, JSON and CSV record files."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

import rulekit
from rulekit.checker.calendar import calendar_range
from rulekit.checker.verdicts import Checker, Summary, Verdict
from rulekit.checker.records import Bad, Raw, read
from paths import FIXTURES

SAMPLE = str(FIXTURES / "sample" / "rulebook.yaml")
UPWARD = {"issuer": "government", "form": "request", "recipient": "higher_government"}
LAST_YEAR = calendar_range()[1]


def one(record: dict) -> Verdict:
    (verdict,) = list(rulekit.check([record]))
    return verdict


def signer(actual, **more) -> Verdict:  # noqa: ANN001
    return one({"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": actual, **more})


def deadline(item: str, urgency: str | None = None, **dates: str) -> Verdict:
    facts = {"item": item} | ({"urgency": urgency} if urgency else {})
    return one({"rulebook": SAMPLE, "question": "deadline", "facts": facts, **dates})


# --- expectations ---------------------------------------------------------------------------------


def test_the_contract_record_passes_and_a_wrong_expectation_fails_with_expected_and_got() -> None:
    record = {"rulebook": "yian", "question": "document.signer", "facts": UPWARD,
              "expect": {"any_of": [{"all_of": ["head"]}, {"all_of": ["executive_deputy"]}]}, "cite": [59]}
    good = one(record)
    assert good.passed and good.verdict == "passed" and good.result.status == "answered"
    bad = one(record | {"expect": {"any_of": ["head"]}})
    assert not bad.passed and bad.verdict == "failed"
    assert bad.reason == "expected head, got head | executive_deputy"
    uncited = one(record | {"cite": [61]})
    assert uncited.verdict == "failed" and "article 61" in uncited.reason


def test_expectations_accept_statuses_titles_and_the_short_form() -> None:
    base = {"rulebook": "yian", "question": "document.signer", "facts": UPWARD}
    assert one(base | {"expect": "head | executive_deputy"}).passed
    assert one(base | {"expect": {"any_of": ["县长", "常务副县长"]}}).passed
    assert one(base | {"expect": {"status": "answered", "answer": "head | executive_deputy"}}).passed
    notice = {"rulebook": "yian", "question": "document.signer",
              "facts": {"issuer": "government", "form": "notice", "recipient": "subordinate"}}
    assert one(notice | {"expect": {"status": "needs_facts", "missing": ["pre_decided"]}}).passed
    assert one(notice | {"expect": "needs_facts"}).passed
    assert one({"rulebook": "yian", "question": "meeting.quorum", "expect": True,
                "facts": {"meeting": "standing", "members_total": 8, "members_present": 4}}).passed


# --- actual: who signed ---------------------------------------------------------------------------


def test_actual_signers_comply_when_they_cover_one_alternative() -> None:
    v = signer("head")
    assert v.verdict == "complies" and v.passed and v.reason == "acted: head; meets head"
    by_title = signer(["常务副县长"])
    assert by_title.verdict == "complies" and "受县长委托" in by_title.reason  # the condition is named, not assumed
    assert signer("县长, 办公室主任").verdict == "complies"  # more signers than needed still comply
    assert signer("县长、常务副县长").actual == frozenset({"head", "executive_deputy"})


def test_actual_signers_violate_when_no_alternative_is_covered() -> None:
    v = signer(["deputy_in_charge"])
    assert v.verdict == "violates" and not v.passed
    assert v.reason == "acted: deputy_in_charge; requires head | executive_deputy"
    assert v.result.citations[0].article == 59


def test_an_approval_chain_needs_every_role_of_the_alternative() -> None:
    contract = {"rulebook": SAMPLE, "question": "seal.approver", "facts": {"seal": "government", "purpose": "contract"}}
    assert one(contract | {"actual": ["deputy_in_charge", "head"]}).verdict == "complies"
    half = one(contract | {"actual": "县长"})
    assert half.verdict == "violates" and "deputy_in_charge+head lacks deputy_in_charge" in half.reason


def test_a_prohibited_act_violates_whoever_did_it() -> None:
    blank = {"rulebook": SAMPLE, "question": "seal.approver", "facts": {"purpose": "blank"}}
    v = one(blank | {"actual": "head"})
    assert v.verdict == "violates" and "prohibits" in v.reason
    assert one(blank | {"actual": []}).verdict == "complies"


def test_an_undecided_answer_is_undetermined_and_never_passes() -> None:
    notice = {"rulebook": "yian", "question": "document.signer", "actual": "head",
              "facts": {"issuer": "government", "form": "notice", "recipient": "subordinate"}}
    v = one(notice)
    assert v.verdict == "undetermined" and not v.passed
    assert v.reason == "cannot judge: the rulebook needs the facts pre_decided"
    uncovered = one({"rulebook": "yian", "question": "document.signer", "actual": "department_head",
                     "facts": {"issuer": "department", "form": "notice", "recipient": "subordinate"}})
    assert uncovered.verdict == "undetermined" and "not_covered" in uncovered.reason
    summary = Summary()
    summary.add(v)
    summary.add(uncovered)
    assert summary.line() == "0 passed, 2 failed" and summary.exit_code() == 1
    assert "2 undetermined" in summary.details() and "1 not_covered, 1 needs_facts" in summary.details()


def test_boolean_and_text_actuals_comply_when_equal_to_the_answer() -> None:
    quorum = {"rulebook": "yian", "question": "meeting.quorum",
              "facts": {"meeting": "standing", "members_total": 8, "members_present": 3}}
    assert one(quorum | {"actual": False}).verdict == "complies"
    held = one(quorum | {"actual": "是"})
    assert held.verdict == "violates" and held.reason == "actual true; the rulebook answers false"
    series = rulekit.load("yian").ask("document.series", purpose="minutes")
    assert series.status == "answered"
    text = {"rulebook": "yian", "question": "document.series", "facts": {"purpose": "minutes"}}
    assert one(text | {"actual": series.answer}).verdict == "complies"
    assert one(text | {"actual": "另一字号"}).verdict == "violates"


def test_a_record_may_state_the_judgment_it_expects() -> None:
    assert signer("deputy_in_charge", verdict="violates").verdict == "passed"
    wrong = signer("head", verdict="violates")
    assert wrong.verdict == "failed" and wrong.reason.startswith("expected violates, got complies")


# --- dates against deadlines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "done", "verdict", "due"),
    [
        # National Day 2025: Sun 9/28 worked, 10/1-10/8 off, Sat 10/11 worked.
        # From Fri 9/26: 9/28 9/29 9/30 10/9 10/10 10/11 10/13 -> due Mon 10/13
        ("2025-09-26", "2025-10-13", "on_time", "2025-10-13"),
        ("2025-09-26", "2025-10-14", "late", "2025-10-13"),
        # From Tue 9/30: 10/9 10/10 10/11 10/13 10/14 10/15 10/16
        ("2025-09-30", "2025-10-11", "on_time", "2025-10-16"),
        # Spring Festival 2025: Sun 1/26 worked, 1/28-2/4 off, Sat 2/8 worked.
        # From Fri 1/24: 1/26 1/27 2/5 2/6 2/7 2/8 2/10
        ("2025-01-24", "2025-02-10", "on_time", "2025-02-10"),
        ("2025-01-24", "2025-02-11", "late", "2025-02-10"),
        # From Mon 1/27: 2/5 2/6 2/7 2/8 2/10 2/11 2/12
        ("2025-01-27", "2025-02-08", "on_time", "2025-02-12"),
        # Spring Festival 2026: Sat 2/14 worked, 2/15-2/23 off, Sat 2/28 worked.
        # From Fri 2/13: 2/14 2/24 2/25 2/26 2/27 2/28 3/2
        ("2026-02-13", "2026-03-02", "on_time", "2026-03-02"),
        ("2026-02-13", "2026-03-03", "late", "2026-03-02"),
    ],
)
def test_working_day_deadlines_follow_the_holidays_and_make_up_days(received, done, verdict, due) -> None:  # noqa: ANN001
    v = deadline("minutes_issue", received=received, done=done)
    assert (v.verdict, v.due) == (verdict, dt.date.fromisoformat(due))
    assert v.to_dict()["due"] == due


def test_make_up_days_count_as_working_days() -> None:
    # 3 working days from Fri 2025-01-24: Sun 1/26 (调休), Mon 1/27, then the holiday until Wed 2/5
    v = deadline("cosign_reply", received="2025-01-24", done="2025-02-05")
    assert v.verdict == "on_time" and v.due == dt.date(2025, 2, 5)
    assert "within 3 working days of receipt on 2025-01-24" in v.reason


def test_before_deadlines_count_back_from_the_event() -> None:
    # materials 3 working days before a meeting on Thu 2025-10-09: 9/30, 9/29, 9/28 (Sunday, worked)
    on_time = deadline("meeting_materials", event="2025-10-09", submitted="2025-09-28")
    assert on_time.verdict == "on_time" and on_time.due == dt.date(2025, 9, 28)
    late = deadline("meeting_materials", event="2025-10-09", submitted="2025-09-30")
    assert late.verdict == "late" and late.reason.startswith("2 days late")
    travel = deadline("travel_filing", event="2025-10-01", submitted="2025-09-29")  # 2 calendar days
    assert travel.verdict == "on_time" and travel.due == dt.date(2025, 9, 29)


def test_calendar_days_months_and_the_same_day() -> None:
    assert deadline("higher_document", "normal", received="2025-01-31", done="2025-02-28").due == dt.date(2025, 2, 28)
    assert deadline("higher_document", "urgent", received="2025-10-01", done="2025-10-01").verdict == "on_time"
    assert deadline("higher_document", "urgent", received="2025-10-01", done="2025-10-02").verdict == "late"
    # yian's 7 日 are calendar days: the due date falls in the National Day holiday and is not moved
    v = one({"rulebook": "yian", "question": "deadline", "facts": {"item": "higher_document", "urgency": "normal"},
             "actual": {"received": "2025-09-26", "done": dt.date(2025, 10, 3)}})
    assert v.verdict == "on_time" and v.due == dt.date(2025, 10, 3)


def test_a_date_outside_the_calendar_data_is_an_error_not_a_guess() -> None:
    v = deadline("minutes_issue", received=f"{LAST_YEAR}-12-30", done=f"{LAST_YEAR + 1}-01-08")
    assert v.verdict == "error" and not v.passed
    assert "the working-day calendar covers" in v.reason and f"`{LAST_YEAR + 1}-01-" in v.reason
    assert v.due is None and v.result is not None  # the answer is shown, the date is not guessed


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"question": "deadline", "facts": {"item": "minutes_issue"}, "received": "2025-09-26", "done": "2025-09-25"},
         ["`done` (2025-09-25) is before `received` (2025-09-26)"]),
        ({"question": "deadline", "facts": {"item": "minutes_issue"}, "event": "2025-09-26", "submitted": "2025-09-25"},
         ["counts from receipt", "give `received` and `done`"]),
        ({"question": "deadline", "facts": {"item": "minutes_issue"}, "received": "2025-09-26"},
         ["`received` is given without `done`"]),
        ({"question": "deadline", "facts": {"item": "minutes_issue"}, "received": "26/09/2025", "done": "2025-10-01"},
         ["`received` is a date (YYYY-MM-DD), not `26/09/2025`"]),
        ({"question": "document.signer", "facts": UPWARD, "received": "2025-09-26", "done": "2025-10-01"},
         ["dates (`received`) apply to deadline questions"]),
    ],
)
def test_bad_dates_are_errors(record: dict, words: list[str]) -> None:
    v = one({"rulebook": SAMPLE} | record)
    assert v.verdict == "error"
    for word in words:
        assert word in v.reason


def test_dates_in_several_spellings() -> None:
    for spelling in ("2025-10-13", "2025/10/13", "2025年10月13日", "2025-10-13T17:30:00", "2025-10-13 09:00"):
        v = deadline("minutes_issue", received="2025-09-26", done=spelling)
        assert v.verdict == "on_time", spelling


# --- bad records ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"question": "document.signer", "expect": "head"}, "missing field `rulebook`"),
        ({"rulebook": "yian", "expect": "head"}, "missing field `question`"),
        ({"rulebook": "yan", "question": "document.signer", "expect": "head"}, "unknown rulebook `yan`; did you mean `yian`?"),
        ({"rulebook": "yian", "question": "document.signr", "expect": "head"}, "unknown question `document.signr`"),
        ({"rulebook": "yian", "question": "document.signer", "facts": {"isuer": "government"}, "expect": "head"},
         "unknown fact `isuer` for question `document.signer`; did you mean `issuer`?"),
        ({"rulebook": "yian", "question": "document.signer", "facts": {"issuer": "govt"}, "expect": "head"},
         "unknown value `govt` for fact `issuer`"),
        ({"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": "mayor"}, "unknown role `mayor`"),
        ({"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "expect": "boss"}, "unknown role `boss`"),
        ({"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "expct": "head"}, "unknown field `expct`; did you mean `expect`?"),
        ({"rulebook": "yian", "question": "document.signer", "facts": UPWARD}, "a record needs `expect`"),
        ({"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "expect": {"status": "answerd"}}, "unknown status `answerd`"),
        ({"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": "head", "verdict": "ok"}, "unknown verdict `ok`"),
        (["not", "a", "mapping"], "a record is a mapping"),
    ],
)
def test_a_malformed_record_is_an_error_naming_the_problem(record, message: str) -> None:  # noqa: ANN001
    v = one(record)
    assert v.verdict == "error" and not v.passed and v.error is not None
    assert message in v.reason
    assert v.to_dict()["error"] == v.reason


def test_errors_do_not_stop_the_run_and_every_record_gets_a_verdict() -> None:
    records = [
        {"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": "head"},
        {"rulebook": "nowhere", "question": "document.signer", "actual": "head"},
        "garbage",
        {"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": "head"},
    ]
    verdicts = list(rulekit.check(records))
    assert [v.index for v in verdicts] == [0, 1, 2, 3]
    assert [v.verdict for v in verdicts] == ["complies", "error", "error", "complies"]
    summary = Summary()
    for v in verdicts:
        summary.add(v)
    assert (summary.line(), summary.exit_code(), summary.errors) == ("2 passed, 2 failed", 2, 2)


def test_a_generator_of_records_is_consumed_lazily() -> None:
    pulled: list[int] = []

    def records():  # noqa: ANN202
        for i in range(1000):
            pulled.append(i)
            yield {"rulebook": "yian", "question": "minutes.signer", "facts": {"meeting": "thematic"}, "actual": "presider"}

    verdicts = rulekit.check(records())
    assert pulled == []  # nothing read before the first verdict is asked for
    first = next(verdicts)
    assert first.verdict == "complies" and pulled == [0]
    next(verdicts)
    assert pulled == [0, 1]


def test_a_file_is_read_lazily_too(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    line = json.dumps({"rulebook": "yian", "question": "minutes.signer", "facts": {"meeting": "thematic"}, "actual": "presider"})
    path.write_text((line + "\n") * 5000, encoding="utf-8")
    stream = read(path)
    first = next(stream)
    assert isinstance(first, Raw) and first.where.line == 1
    stream.close()


def test_each_rulebook_is_loaded_once_per_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    import rulekit.checker.verdicts as check_module

    calls: list[str] = []
    real = check_module.load

    def counting(name, **kw):  # noqa: ANN001, ANN003, ANN202
        calls.append(str(name))
        return real(name, **kw)

    monkeypatch.setattr(check_module, "load", counting)
    record = {"rulebook": "yian", "question": "minutes.signer", "facts": {"meeting": "thematic"}, "actual": "presider"}
    assert all(v.passed for v in Checker().run([record] * 50))
    assert calls == ["yian"]


def test_verdict_json_has_the_contract_keys_first() -> None:
    d = signer("head", name="政发〔2025〕1号", meta={"doc": "A-1"}).to_dict()
    assert list(d)[:3] == ["index", "passed", "result"]
    assert d["index"] == 0 and d["passed"] is True
    assert d["result"] == rulekit.load("yian").ask("document.signer", UPWARD).to_dict()
    assert d["verdict"] == "complies" and d["name"] == "政发〔2025〕1号" and d["meta"] == {"doc": "A-1"}
    error = one({"rulebook": "yian"}).to_dict()
    assert list(error)[:3] == ["index", "passed", "error"] and error["passed"] is False
    assert {"file", "line"} <= set(error)


# --- readers --------------------------------------------------------------------------------------


def test_yaml_lists_stream_item_by_item_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(
        "# comment\n"
        "- name: one\n  rulebook: yian\n  question: minutes.signer\n  facts: {meeting: thematic}\n  actual: presider\n"
        "- name: two\n  rulebook: yian\n  question: minutes.signer\n  facts: {meeting: thematic, meeting: standing}\n"
        "- name: three\n  rulebook: yian\n  question: minutes.signer\n  facts: {meting: thematic}\n  actual: presider\n",
        encoding="utf-8")
    verdicts = list(rulekit.check(str(path)))
    assert [(v.verdict, v.line, v.where.record) for v in verdicts] == [("complies", 2, 1), ("error", 10, 2), ("error", 14, 3)]
    assert "duplicate key `meeting`" in verdicts[1].reason
    assert "unknown fact `meting`" in verdicts[2].reason  # located at the fact's own line


def test_yaml_documents_are_records_too_and_a_syntax_error_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "stream.yaml"
    path.write_text("rulebook: yian\nquestion: minutes.signer\nfacts: {meeting: thematic}\nactual: presider\n---\n"
                    "rulebook: yian\nquestion: [unclosed\n", encoding="utf-8")
    items = list(read(path))
    assert isinstance(items[0], Raw) and items[0].data["actual"] == "presider"
    assert isinstance(items[1], Bad) and items[1].message.startswith("malformed YAML") and items[1].where.line == 8


def test_jsonl_bad_lines_are_named_and_skipped_over(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    good = json.dumps({"rulebook": "yian", "question": "minutes.signer", "facts": {"meeting": "thematic"}, "actual": "presider"})
    path.write_text(f"{good}\n\n{{not json\n[1, 2]\n{good}\n", encoding="utf-8")
    verdicts = list(rulekit.check(str(path)))
    assert [(v.verdict, v.line) for v in verdicts] == [("complies", 1), ("error", 3), ("error", 4), ("complies", 5)]
    assert verdicts[1].reason.startswith("malformed JSON") and verdicts[1].file == str(path)


def test_a_json_array_is_read_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    record = {"rulebook": "yian", "question": "minutes.signer", "facts": {"meeting": "thematic"}, "actual": "presider"}
    path.write_text(json.dumps([record, record | {"actual": "head"}], indent=2), encoding="utf-8")
    verdicts = list(rulekit.check(str(path)))
    assert [v.verdict for v in verdicts] == ["complies", "violates"]
    assert verdicts[0].line == 2 and verdicts[1].line > verdicts[0].line


def test_csv_columns(tmp_path: Path) -> None:
    path = tmp_path / "outgoing.csv"
    path.write_text(
        "\ufeffname,rulebook,question,fact.issuer,fact.form,fact.recipient,facts,expect,actual,meta.文号\n"
        "a,yian,document.signer,以政府名义,请示,市政府,,,县长,政发1号\n"
        "b,yian,document.signer,government,notice,subordinate,pre_decided=true,{any_of: [deputy_in_charge]},,政发2号\n"
        "c,yian,document.signer,government,notice,subordinate,pre_decided=是;scope=routine,head | executive_deputy,,政发3号\n"
        ",,,,,,,,,\n"
        "d,yian,document.signer,government\n",
        encoding="utf-8")
    verdicts = list(rulekit.check(str(path)))
    assert [(v.verdict, v.line) for v in verdicts] == [("complies", 2), ("passed", 3), ("failed", 4), ("error", 6)]
    assert verdicts[0].meta == {"文号": "政发1号"} and verdicts[0].name == "a"
    assert verdicts[3].reason == "the row has 4 fields, the header 10"


def test_a_csv_header_with_an_unknown_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("rulebook,question,expct\nyian,minutes.signer,presider\n", encoding="utf-8")
    (verdict,) = list(rulekit.check(str(path)))
    assert verdict.verdict == "error" and verdict.line == 1
    assert "unknown column `expct`; did you mean `expect`?" in verdict.reason


def test_stdin_is_sniffed() -> None:
    from rulekit.checker.records import _Input, _sniff

    def sniff(text: str) -> str:
        return _sniff(_Input(io.BytesIO(text.encode("utf-8"))))

    assert sniff('{"rulebook": "yian"}\n') == "jsonl"
    assert sniff('[{"rulebook": "yian"}]') == "json"
    assert sniff("rulebook,question,expect\n") == "csv"
    assert sniff("- rulebook: yian\n") == "yaml"
    assert sniff("# a comment, with commas\n- rulebook: yian\n") == "yaml"


def test_a_missing_file_is_an_error_record() -> None:
    (verdict,) = list(rulekit.check("no/such/file.jsonl"))
    assert verdict.verdict == "error" and verdict.reason == "file not found" and verdict.file == "no/such/file.jsonl"


def test_a_relative_rulebook_path_is_found_beside_the_record_file(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(FIXTURES / "sample", tmp_path / "book")
    path = tmp_path / "records.yaml"
    path.write_text("- {rulebook: book/rulebook.yaml, question: seal.approver, facts: {purpose: blank}, "
                    "expect: {prohibited: true}}\n", encoding="utf-8")
    assert [v.verdict for v in rulekit.check(str(path))] == ["passed"]


def test_json_lines_reuse_the_result_json_without_changing_it() -> None:
    from rulekit.checker.report import format_json_line

    record = {"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": "head"}
    records = [record, record | {"actual": "deputy"}, {"rulebook": "nowhere"}, record]
    verdicts = list(rulekit.check(records))
    assert verdicts[0].result is verdicts[3].result  # one answer for the repeated question
    for v in verdicts:
        assert format_json_line(v) == json.dumps(v.to_dict(), ensure_ascii=False)


def test_dates_inside_actual_are_located_and_a_suite_can_expect_late(tmp_path: Path) -> None:
    path = tmp_path / "replies.yaml"
    path.write_text(
        f"- rulebook: {SAMPLE}\n  question: deadline\n  facts: {{item: minutes_issue}}\n"
        "  actual:\n    received: 2025-09-26\n    done: someday\n"
        f"- rulebook: {SAMPLE}\n  question: deadline\n  facts: {{item: minutes_issue}}\n"
        "  actual: {received: 2025-09-26, done: 2025-10-14}\n  verdict: late\n",
        encoding="utf-8")
    bad, late = rulekit.check(str(path))
    assert bad.verdict == "error" and bad.line == 6 and bad.reason == "`done` is a date (YYYY-MM-DD), not `someday`"
    assert late.verdict == "passed" and late.due == dt.date(2025, 10, 13) and "as expected, late" in late.reason


def test_a_non_utf8_csv_is_named_and_read_with_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("name,rulebook,question,fact.meeting,actual\r\n纪要,yian,minutes.signer,专题会议,会议主持人\r\n"
                     .encode("gb18030"))
    (bad,) = rulekit.check(str(path))
    assert bad.verdict == "error" and "--encoding" in bad.reason and bad.line == 2
    (good,) = rulekit.check(str(path), encoding="gb18030")
    assert good.verdict == "complies" and good.name == "纪要"
