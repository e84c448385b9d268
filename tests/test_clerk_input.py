"""Chinese input that forgives (issue 9): the words a clerk types reach the right question, fact, value and role,
through the CLI and the Python API; what is ambiguous or unknown comes back as one Chinese question."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import rulekit
from rulekit.cli import app
from rulekit.engine.vocabulary import parse_number, vocabulary

runner = CliRunner()


def ask(*args: str) -> dict:
    result = runner.invoke(app, ["ask", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def bad(*args: str) -> str:
    result = runner.invoke(app, ["ask", *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize("words, question", [
    ("外出请假", "leave.approver"),        # a part of 外出请假向谁请示/由谁批准 only one question has
    ("公文签发", "document.signer"),       # an alias
    ("用印", "seal.approver"),             # a part of the label
    ("时限", "deadline"),
    ("发文字号", "document.series"),
    ("公文由谁签发", "document.signer"),   # the full label
])
def test_a_question_by_the_words_a_clerk_uses(words: str, question: str) -> None:
    assert ask("龙凤", words)["question"] == question


def test_several_questions_match_one_chinese_question_back() -> None:
    line = bad("longfeng", "请假")
    assert "「请假」可指 2 个问题" in line and "请写明其一" in line
    assert "外出请假向谁请示/由谁批准 (`leave.approver`)" in line
    assert "不能出席会议向谁请假 (`meeting_absence.approver`)" in line


def test_leave_with_local_titles_and_days_with_units() -> None:
    by_ids = ask("longfeng", "leave.approver", "-f", "person=head", "-f", "days=5")
    for words in (["请假人=区长", "天数=5天"], ["person=区长", "days=五天"], ["请假人员=区长", "外出天数=5日"]):
        args = [a for w in words for a in ("-f", w)]
        out = ask("龙凤", "外出请假", *args)
        assert out["facts"] == {"person": "head", "days": 5}
        assert out["answer"] == by_ids["answer"] and out["status"] == by_ids["status"]


def test_values_a_clerk_types() -> None:
    assert ask("依安", "用印", "-f", "seal=区政府印章", "-f", "purpose=合同")["facts"]["seal"] == "government"
    assert ask("依安", "用印", "-f", "seal=县长印章", "-f", "purpose=合同")["facts"]["seal"] == "head_personal"
    out = ask("依安", "公文签发", "-f", "发文名义=县政府", "-f", "文种=请示", "-f", "主送=市政府")
    assert out["facts"] == {"issuer": "government", "form": "request", "recipient": "higher_government"}
    assert out["status"] == "answered"
    assert ask("longfeng", "leave.approver", "-f", "person=局长")["facts"]["person"] == "department_head"


def test_unknown_value_lists_choices_in_chinese_with_did_you_mean() -> None:
    line = bad("yian", "document.signer", "-f", "issuer=县政府办公厅")
    assert line.startswith("error: unknown value `县政府办公厅` for fact `issuer` (发文名义)")
    assert "您是不是要找: 以政府办公室名义 (`government_office`)" in line
    assert "可选: 以政府名义 (`government`)、以政府办公室名义 (`government_office`)、政府部门或乡镇 (`department`)" in line


def test_unknown_question_and_fact_are_answered_in_chinese() -> None:
    line = bad("yian", "合同签定")
    assert "unknown question `合同签定`" in line and "您是不是要找: 以政府名义订立的合同由谁签订/审批 (`contract.approver`)" in line
    line = bad("yian", "leave.approver", "-f", "请假日期=3")
    assert "fact" in line and "可选:" in line and "外出天数 (`days`)" in line


def test_a_number_with_the_wrong_unit_is_refused() -> None:
    line = bad("longfeng", "leave.approver", "-f", "days=5人")
    assert "takes a whole number, not `5人`" in line and "天、日" in line


def test_python_api_forgives_the_same_and_none_means_unknown() -> None:
    longfeng = rulekit.load("longfeng")
    r = longfeng.ask("外出请假", 请假人="区长", days="五天", head_away=None)
    assert r.to_dict()["facts"] == {"person": "head", "days": 5}
    assert longfeng.role("区长") == "head" and longfeng.role("常务副区长") == "executive_deputy"
    with pytest.raises(rulekit.InputError) as exc:
        longfeng.ask("请假")
    assert "请写明其一" in exc.value.render()


def test_every_id_label_and_alias_reaches_its_own_entry() -> None:
    vocab = vocabulary()
    for q in vocab.questions.values():
        for name in (q.id, q.zh, *q.aliases):
            assert vocab.question(name) is q, name
        for fact in q.facts.values():
            for name in (fact.name, fact.label, *fact.aliases):
                assert q.fact(name) is fact, (q.id, name)
            for value, label in fact.values.items():
                for name in (value, label, *fact.value_aliases.get(value, ())):
                    assert fact.member(name) == value, (q.id, fact.name, name)


def chinese(n: int) -> str:
    """A whole number 0..99999 in Chinese numerals, written the way people do (一百零五, 十二, 三万零二十)."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"
    out, zero = "", False
    for value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += ("" if (unit == "十" and d == 1 and not out) else digits[d]) + unit
            zero = False
        else:
            zero = True
    return out


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=99999))
def test_chinese_numerals_read_back_to_the_number(n: int) -> None:
    assert parse_number(chinese(n)) == n
    assert parse_number(str(n)) == n


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=400), st.sampled_from(["", "天", "日"]), st.booleans())
def test_days_read_the_same_in_any_way_a_clerk_writes_them(n: int, unit: str, in_chinese: bool) -> None:
    spec = vocabulary().question("leave.approver").fact("days")
    assert spec.parse(f"{chinese(n) if in_chinese else n}{unit}") == n


def test_the_arrow_of_a_chained_answer_is_explained_once() -> None:
    chained = runner.invoke(app, ["ask", "龙凤", "外出请假", "-f", "请假人=区长"])
    assert chained.exit_code == 0 and "区委主要领导→市政府" in chained.stdout
    assert chained.stdout.count("(“→”: 连接的各方都须经过 (一条审批链), 缺一不可)") == 1
    single = runner.invoke(app, ["ask", "yian", "document.signer", "-f", "issuer=government", "-f", "form=request",
                                 "-f", "recipient=higher_government"])
    assert single.exit_code == 0 and "“→”" not in single.stdout
