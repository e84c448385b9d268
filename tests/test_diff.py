"""`rulekit diff` and `rulekit compare`: the regions are sound and complete against `ask`, ints and sets are split
where the rules split them, the outputs (JSON, Markdown, Rich) say it in Chinese with both articles.

The main property (hypothesis): for random complete cases of every question, of every pair below, a case lies in
some region iff the two rulebooks' outcomes differ, and every region it lies in has exactly those outcomes (status,
answer key) and cites only articles that `ask` cites for it.

Golden outputs (yian ↔ the fixture yangli) live in tests/golden/. After an intended change (of the diff, of yian,
of the fixture or of the vocabulary), regenerate them and review the change with git diff:

    RULEKIT_REGENERATE_GOLDEN=1 python -m pytest tests/test_diff.py -k golden
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import rulekit
from paths import FIXTURES, ROOT
from rulekit.differ.search import diff, outcome, region_matches
from rulekit.engine.evaluate import answer_key
from rulekit.engine.space import _intervals, build_space
from rulekit.engine.vocabulary import vocabulary
from rulekit.cli import app

runner = CliRunner()
YANGLI = str(FIXTURES / "yangli" / "rulebook.yaml")
GOLDEN = ROOT / "tests" / "golden"
QUESTIONS = sorted(vocabulary().questions)


def _valid_builtins() -> list[str]:
    """Built-in rulebooks that load now (others are being encoded and may be invalid for a while)."""
    out = []
    for rb in rulekit.rulebooks():
        try:
            rulekit.load(rb)
        except rulekit.RulebookError:
            continue
        out.append(rb)
    return out


EDGE = str(FIXTURES / "edge" / "rulebook.yaml")  # the edge cases of the case space, on the fixture's text
BUILTINS = _valid_builtins()
PAIRS = [("yian", YANGLI), (EDGE, YANGLI), (EDGE, "yian")] + list(itertools.combinations(BUILTINS, 2))


@functools.lru_cache(maxsize=None)
def book(name: str) -> rulekit.Rulebook:
    return rulekit.load(name)


@functools.lru_cache(maxsize=None)
def diffed(left: str, right: str) -> rulekit.differ.search.Diff:
    return diff(book(left), book(right), structure=False)


def test_the_edge_rulebook_is_valid() -> None:
    assert rulekit.validate(EDGE) == []
    assert rulekit.validate(YANGLI) == []


# -- soundness and completeness -------------------------------------------------------------------------------
def _value(fact: Any) -> st.SearchStrategy[Any]:
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "int":  # small (thresholds, ratios), medium, and anything a fact accepts
        return st.one_of(st.integers(0, 12), st.integers(0, 120), st.integers(0, 10**9))
    if fact.type == "enum":
        return st.sampled_from(sorted(fact.values))
    return st.frozensets(st.sampled_from(sorted(fact.values)))


def check_case(left: str, right: str, question: str, case: dict[str, Any]) -> None:
    a, b = book(left).ask(question, case), book(right).ask(question, case)
    assert a.status != "needs_facts" and b.status != "needs_facts", "a complete case is always decided"
    found = diffed(left, right)
    (qd,) = [q for q in found.questions if q.question == question]
    hits = [d for d in qd.differences if region_matches(d.facts, case)]
    differ = outcome(a) != outcome(b)
    assert bool(hits) == differ, (
        f"{left} ↔ {right}, {question}, {case}: outcomes {'differ' if differ else 'agree'} "
        f"({a.status} {a.answer} / {b.status} {b.answer}) but {len(hits)} region(s) hold the case")
    for region in hits:
        assert (region.left.outcome, region.right.outcome) == (outcome(a), outcome(b)), (region.facts, case)
        assert set(region.left.citations) <= set(a.citations), (region.facts, case)
        assert set(region.right.citations) <= set(b.citations), (region.facts, case)
        for side, result in ((region.left, a), (region.right, b)):
            if side.status == "answered":
                assert side.citations, "an answered side names its article"
                assert answer_key(side.answer) == answer_key(result.answer)


@settings(max_examples=int(os.environ.get("DIFF_EXAMPLES", "400")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_regions_are_sound_and_complete_against_ask(data: st.DataObject) -> None:
    left, right = data.draw(st.sampled_from(PAIRS), label="pair")
    question = data.draw(st.sampled_from(QUESTIONS), label="question")
    spec = vocabulary().question(question)
    case = data.draw(st.fixed_dictionaries({name: _value(f) for name, f in sorted(spec.facts.items())}), label="case")
    check_case(left, right, question, case)


@pytest.mark.parametrize("left,right", [("yian", YANGLI), (EDGE, YANGLI)], ids=["yian-yangli", "edge-yangli"])
def test_regions_are_sound_and_complete_on_a_grid(left: str, right: str) -> None:
    """Every combination of values (ints at and around every threshold), up to 3000 cases a question."""
    import random

    rng = random.Random(7)
    for question in QUESTIONS:
        spec = vocabulary().question(question)
        domains = []
        for name, fact in sorted(spec.facts.items()):
            if fact.type == "int":
                values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 20, 21, 49999, 50000]
            elif fact.type == "set":
                members = sorted(fact.values)
                values = [frozenset(), frozenset(members[:1]), frozenset(members[2:5]), frozenset(members)] + \
                         [frozenset([m]) for m in members]
            else:
                values = fact.domain()
            domains.append([(name, v) for v in values])
        if math.prod(len(d) for d in domains) <= 3000:
            cases = list(itertools.product(*domains))
        else:
            cases = [tuple(rng.choice(d) for d in domains) for _ in range(3000)]
        for case in cases:
            check_case(left, right, question, dict(case))


def test_a_rulebook_does_not_differ_from_itself() -> None:
    found = diff("yian", "yian")
    assert found.same and not any(q.differences for q in found.questions)
    assert {q.decided_by for q in found.questions} <= {"both", "neither"}


# -- what the diff finds ---------------------------------------------------------------------------------------
def _question(found: Any, question: str) -> Any:
    return next(q for q in found.questions if q.question == question)


def _at(found: Any, question: str, case: dict[str, Any]) -> Any:
    hits = [d for d in _question(found, question).differences if region_matches(d.facts, case)]
    assert hits, f"no region of {question} holds {case}"
    return hits[0]


def test_the_issue_example_an_outgoing_notice_in_the_governments_name() -> None:
    found = diffed("yian", YANGLI)
    region = _at(found, "document.signer", {"issuer": "government", "form": "notice", "recipient": "subordinate",
                                            "scope": "routine", "pre_decided": False, "joint": False, "urgent": False})
    assert answer_key(region.left.answer) == answer_key({"any_of": [{"all_of": ["executive_deputy"]}, {"all_of": ["head"]}]})
    assert answer_key(region.right.answer) == answer_key({"any_of": [{"all_of": ["executive_deputy"]}]})
    assert [(c.article, c.clause) for c in region.left.citations] == [(59, 2)]
    assert [(c.article, c.clause) for c in region.right.citations] == [(8, 2)]
    assert region.right.citations[0].quote == "以县政府名义制发的其他公文,由常务副县长签发"
    assert region.facts["issuer"] == "government" and "scope" not in region.facts  # scope is read by neither


def test_relative_int_comparisons_are_split_where_the_two_quorums_disagree() -> None:
    quorum = _question(diffed("yian", YANGLI), "meeting.quorum")
    (region,) = quorum.differences
    assert region.facts == {"meeting": "standing", "members_present": {
        "ge": {"fact": "members_total", "times": "1/2"}, "lt": {"fact": "members_total", "times": "2/3"}}}
    assert (region.left.answer, region.right.answer) == (True, False)
    for total, present in [(6, 3), (6, 4), (9, 5), (3, 2), (4, 2)]:  # 半数以上 but not 三分之二以上
        assert region_matches(region.facts, {"meeting": "standing", "members_total": total, "members_present": present}) \
            == (Fraction(1, 2) <= Fraction(present, total) < Fraction(2, 3))


def test_int_thresholds_split_leave_by_days() -> None:
    leave = _question(diffed("yian", YANGLI), "leave.approver")
    facts = [d.facts for d in leave.differences]
    assert {"person": "deputy", "days": {"le": 3}} in facts  # 3天以内: executive deputy vs head; over 3 days both say head


def test_set_facts_are_split_by_the_members_the_rules_name() -> None:
    space = build_space(vocabulary().question("agenda.admissible"), [book("yian").compiled, book(YANGLI).compiled])
    (involves,) = [v for v in space.variables if v.facts == ("involves",)]
    classes = [space.dims[d].members for d in involves.dims]
    assert classes == [("personnel", "staffing"), ("funds", "state_assets")]  # other members: no rule names them
    assert len(involves.points) == 4  # each class: none / some
    agenda = _question(diffed("yian", YANGLI), "agenda.admissible")
    assert any(d.facts.get("involves") == {"contains_any": ["funds", "state_assets"]} for d in agenda.differences)


def test_elementary_int_intervals() -> None:
    assert _intervals({7}) == ((0, 6), (7, 7), (8, None))
    assert _intervals({0, 3}) == ((0, 0), (1, 2), (3, 3), (4, None))
    assert _intervals(set()) == ((0, None),)


def test_linked_ints_realise_every_sign_pattern_that_exists() -> None:
    space = build_space(vocabulary().question("meeting.quorum"), [book("yian").compiled, book(YANGLI).compiled])
    (linked,) = [v for v in space.variables if len(v.facts) == 2]
    assert linked.facts == ("members_total", "members_present")
    assert len(linked.points) == 3  # below 1/2; from 1/2 below 2/3; 2/3 and more (never below 1/2 and above 2/3)
    space = build_space(vocabulary().question("meeting.quorum"), [book(EDGE).compiled])
    (linked,) = [v for v in space.variables if len(v.facts) == 2]
    for point in linked.points:  # every stand-in is a real pair of ints
        values = dict(point.assign)
        assert all(isinstance(values[f], int) and values[f] >= 0 for f in linked.facts)


def test_known_tests_are_split_first_so_partial_results_are_never_trusted_too_early() -> None:
    space = build_space(vocabulary().question("leave.approver"), [book(EDGE).compiled])
    assert [space.variables[i].facts for i in space.first] == [("head_away",)]
    found = diffed(EDGE, YANGLI)
    region = _at(found, "leave.approver", {"person": "assistant_head", "days": 1, "during_major_event": False,
                                           "head_away": False, "abroad": False})
    assert answer_key(region.left.answer) == answer_key({"any_of": [{"all_of": ["head"]}]})  # known: true, always


def test_conflicts_are_an_outcome_of_their_own() -> None:
    region = _at(diffed(EDGE, YANGLI), "pen.allowed", {"pen": "pencil"})
    assert region.left.status == "conflict" and region.right.status == "answered"
    assert {c.rule for c in region.left.citations} == {"pen.pencil", "pen.not_ink"}


def test_questions_decided_by_one_side_are_named() -> None:
    found = diffed("yian", YANGLI)
    assert _question(found, "procurement.centralized").decided_by == "right"
    assert _question(found, "document.series").decided_by == "left"
    assert _question(found, "document.signer").decided_by == "both"
    assert _question(found, "contract.approver").decided_by == "neither"
    summary = found.summary()
    assert "procurement.centralized" in summary["only_right"] and "document.series" in summary["only_left"]
    (region,) = _question(found, "procurement.centralized").differences
    assert region.facts == {"amount_yuan": {"ge": 50000}} and region.left.status == "not_covered"


def test_the_diff_is_deterministic_and_its_json_is_plain_data() -> None:
    first = diff("yian", YANGLI).to_dict()
    assert first == diff("yian", YANGLI).to_dict()
    assert json.loads(json.dumps(first, ensure_ascii=False)) == first
    assert list(first)[:3] == ["left", "right", "questions"]


def test_structure_side_by_side() -> None:
    st_ = diff("yian", YANGLI).structure
    frequencies = {row["meeting"]: row for row in st_.frequencies}
    assert frequencies["standing"]["left"][0]["frequency"] == "一般每两周召开一次"
    assert frequencies["standing"]["right"][0]["frequency"] == "一般每月召开一次"
    params = {(p["question"], p["fact"]): p for p in st_.parameters}
    assert [e["test"] for e in params[("meeting.quorum", "members_present")]["right"]] == [
        "members_present ≥ members_total×2/3", "members_present < members_total×2/3"] or \
        {e["test"] for e in params[("meeting.quorum", "members_present")]["right"]} == {
        "members_present ≥ members_total×2/3", "members_present < members_total×2/3"}
    unmatched = {row["article"] for row in st_.unmatched["right"]}
    assert 12 in unmatched  # 集中采购: 依安 says nothing about it
    meetings = {row["meeting"]: row for row in st_.meetings}
    assert "coordination" in meetings and meetings["coordination"]["right"] == []


def test_compare_finds_patterns_where_rulebooks_agree_and_where_one_stands_alone() -> None:
    found = rulekit.compare(["yian", YANGLI, EDGE], ["pen.allowed", "meeting.presider"])
    pen = next(q for q in found.questions if q.question == "pen.allowed")
    assert sum(row.cases for row in pen.rows) == pen.cases  # the patterns partition the cases
    gel = next(row for row in pen.rows if row.matches({"pen": "gel"}))
    assert [s.status for s in gel.sides] == ["answered", "answered", "not_covered"]
    assert gel.alone == (0, 1, 2) or not gel.agree
    fountain = next(row for row in pen.rows if row.matches({"pen": "fountain"}))
    assert fountain.sides[0].answer is True and fountain.sides[1].answer is True
    assert fountain.alone == (2,)  # the edge rulebook alone says nothing about fountain pens
    for row in pen.rows:  # every example is a region where each rulebook gives the row's result
        for name, side in zip(["yian", YANGLI, EDGE], row.sides):
            cases = [{"pen": p} for p in vocabulary().question("pen.allowed").facts["pen"].values if region_matches(row.example, {"pen": p})]
            assert cases
            for case in cases:
                assert outcome(book(name).ask("pen.allowed", case)) == side.outcome


# -- the command line --------------------------------------------------------------------------------------------
def test_cli_json_is_the_contract_shape() -> None:
    result = runner.invoke(app, ["diff", "yian", YANGLI, "--json", "-q", "document.signer", "-q", "签批公文能否使用该种笔"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["left"], out["right"]) == ("yian", "yangli")
    assert [q["question"] for q in out["questions"]] == ["document.signer", "pen.allowed"]
    for q in out["questions"]:
        for d in q["differences"]:
            assert set(d) >= {"facts", "left", "right"}
            for side in (d["left"], d["right"]):
                assert set(side) >= {"status", "answer", "citations"}
                for c in side["citations"]:
                    assert set(c) >= {"article", "clause", "quote"}


def test_cli_default_output_is_chinese_with_both_articles() -> None:
    result = runner.invoke(app, ["diff", "依安", YANGLI, "-q", "document.signer", "--structure"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    for expected in ("依安", "样例县", "公文由谁签发", "常务副县长", "第五十九条第(二)项", "第八条第(二)项",
                     "以县政府名义制发的其他公文,由常务副县长签发", "发文名义=以政府名义", "角色的本地称谓", "一般每月召开一次"):
        assert expected in text, expected
    brief = runner.invoke(app, ["diff", "依安", YANGLI, "-q", "document.signer"], env={"COLUMNS": "200"})
    assert "第八条第(二)项" in brief.stdout and "角色的本地称谓" not in brief.stdout  # --question: no structure by default
    whole = runner.invoke(app, ["diff", "yian", YANGLI], env={"COLUMNS": "200"})
    assert whole.exit_code == 0 and "角色的本地称谓" in whole.stdout and "仅样例县有规定" in whole.stdout


def test_cli_markdown_and_html() -> None:
    md = runner.invoke(app, ["diff", "yian", YANGLI, "--format", "markdown", "-q", "meeting.quorum"])
    assert md.exit_code == 0 and "| # | 情形 | 依安 | 样例县 |" in md.stdout
    page = runner.invoke(app, ["diff", "yian", YANGLI, "--format", "html"])
    assert page.exit_code == 0
    html = page.stdout
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert "<script" not in html and "http://" not in html and "https://" not in html and " src=" not in html
    assert "<style>" in html and "stylesheet" not in html
    assert "会议必须有常务会议组成人员三分之二以上到会方能举行" in html


def test_cli_writes_a_file_and_exit_code_reports_differences(tmp_path: Path) -> None:
    target = tmp_path / "diff.html"
    result = runner.invoke(app, ["diff", "yian", YANGLI, "--format", "html", "-o", str(target), "--exit-code"])
    assert result.exit_code == 1 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    same = runner.invoke(app, ["diff", "yian", "yian", "--json", "--exit-code"])
    assert same.exit_code == 0


@pytest.mark.parametrize("args,needle", [
    (["diff", "nowhere", "yian"], "unknown rulebook `nowhere`"),
    (["diff", "yian", YANGLI, "-q", "document.signr"], "unknown question `document.signr`"),
    (["diff", "yian", YANGLI, "--format", "pdf"], "unknown format `pdf`"),
    (["diff", "yian", str(FIXTURES / "bad" / "duplicate_rule_id.yaml")], "duplicate rule id"),
    (["compare", "yian", "nowhere"], "unknown rulebook `nowhere`"),
])
def test_cli_bad_input_exits_2_with_one_line_per_problem(args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr and "Traceback" not in result.output + result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())


def test_cli_compare() -> None:
    result = runner.invoke(app, ["compare", "yian", YANGLI, EDGE, "-q", "pen.allowed", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["rulebooks"] == ["yian", "yangli", "edge"]
    (q,) = out["questions"]
    assert sum(r["cases"] for r in q["rows"]) == q["cases"]
    assert all(set(r["results"]) == {"yian", "yangli", "edge"} for r in q["rows"])
    table = runner.invoke(app, ["compare", "yian", YANGLI, "-q", "pen.allowed"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "签字笔/中性笔" in table.stdout and "第九条" in table.stdout
    for fmt in ("markdown", "html"):
        assert runner.invoke(app, ["compare", "yian", YANGLI, "--format", fmt, "-q", "pen.allowed"]).exit_code == 0


def test_cli_compare_defaults_to_the_valid_builtin_rulebooks() -> None:
    result = runner.invoke(app, ["compare", "-q", "meeting.presider", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    # the government work rules (人民政府工作规则) by default; 民政局's book only when named
    governments = {rb for rb in BUILTINS if "人民政府工作规则" in rulekit.load(rb).name}
    assert "minzhengju" not in governments and len(governments) == 4
    assert set(out["rulebooks"]) == governments
    assert {s["rulebook"] for s in out["skipped"]} == set(rulekit.rulebooks()) - governments
    named = json.loads(runner.invoke(app, ["compare", "yian", "minzhengju", "-q", "meeting.presider", "--json"]).stdout)
    assert named["rulebooks"] == ["yian", "minzhengju"]


# -- golden outputs -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt,name", [("json", "diff_yian_yangli.json"), ("markdown", "diff_yian_yangli.md")])
def test_golden(fmt: str, name: str) -> None:
    args = ["diff", "yian", "tests/fixtures/yangli/rulebook.yaml", "--format", fmt]
    cwd = os.getcwd()
    os.chdir(ROOT)  # the paths in the output are relative to the repository
    try:
        result = runner.invoke(app, args)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    text = result.stdout
    if fmt == "json":
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
    path = GOLDEN / name
    if os.environ.get("RULEKIT_REGENERATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (f"{name} changed: if intended, regenerate with "
                              "RULEKIT_REGENERATE_GOLDEN=1 python -m pytest tests/test_diff.py -k golden, and review git diff")
