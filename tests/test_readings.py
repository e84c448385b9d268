"""Debatable provisions decided: a rule encodes one reading and carries the other in `reading:` (Chinese: the
alternative and why it was not taken); `reading_open: true` where the text supports both and it matters, and
then the answer's note says so. Tested through the Python API and the CLI on the built-in rulebooks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import rulekit
from rulekit.cli import app
from paths import FIXTURES

runner = CliRunner()
BOOKS = ("yian", "tuokexun", "shuangta", "longfeng", "minzhengju")
CJK = re.compile(r"[\u4e00-\u9fff]")

# The readings the earlier closing notes left open (issue 13), each decided beside its rule.
DECIDED = [
    ("tuokexun", "decision.resource_allocation", False),   # 四十八 vs 六
    ("tuokexun", "decision.commendation", False),
    ("tuokexun", "decision.normative_document", False),
    ("tuokexun", "conference.department", True),           # 五十九's department conferences
    ("tuokexun", "signer.upward", False),                  # 上行文 to the 县委
    ("longfeng", "decision.major_issue", False),           # 三十九 "重大问题"
    ("longfeng", "seal.letter", True),                     # 八十一 introduction letters
    ("shuangta", "agenda.major_decision.not_reviewed", False),  # 第二十五条's legality review
    ("shuangta", "agenda.party_group.admissible", True),   # the party-group agenda
    ("shuangta", "agenda.head_office.admissible", False),
    ("shuangta", "signer.government.letter", False),       # letters to 政府部门 only
    ("longfeng", "statement.especially_important", False),  # 审定 before the head's 审定 is a review
    ("tuokexun", "signer.office", False),                 # 县长和常务副县长: either, not a chain
    ("minzhengju", "leave.department_head", False),       # 主管副区长、区长: both, a chain
]


@pytest.mark.parametrize(("book", "rule", "open_"), DECIDED)
def test_each_open_reading_is_decided_beside_its_rule(book: str, rule: str, open_: bool) -> None:
    r = rulekit.load(book).compiled.rules[rule]
    assert r.reading and CJK.search(r.reading), f"{book} {rule}: no Chinese `reading`"
    assert r.reading_open is open_


@pytest.mark.parametrize("book", BOOKS)
def test_every_reading_says_why_it_was_not_taken(book: str) -> None:
    for rule in rulekit.load(book).compiled.rules.values():
        if rule.reading:
            assert "未采用" in rule.reading, f"{book} {rule.id}: a reading says why it was not taken (未采用 …)"


def test_an_open_reading_is_in_the_answer_note_and_json() -> None:
    r = rulekit.load("tuokexun").ask("conference.approver", joint_with_party_committee=False, department_convened=True,
                                     township_leaders_required=True, majority_heads_attend=False)
    assert r.status == "answered" and r.answer == {"any_of": [{"all_of": ["deputy_in_charge"], "note": r.answer["any_of"][0]["note"]}]}
    assert r.note and "原文可作两种理解(第59条)" in r.note and "报县长批准" in r.note
    data = r.to_dict()
    assert data["readings"] == [{"rule": "conference.department", "article": 59, "clause": None,
                                 "reading": r.readings[0]["reading"], "open": True}]


def test_a_reading_not_taken_stays_out_of_the_note_but_is_shown() -> None:
    r = rulekit.load("tuokexun").ask("decision.body", matter="resource_allocation")
    assert r.answer == {"any_of": [{"all_of": ["standing_meeting"]}]}
    assert r.note is None
    assert [x["rule"] for x in r.readings] == ["decision.resource_allocation"] and not r.readings[0]["open"]
    out = runner.invoke(app, ["ask", "托克逊", "decision.body", "-f", "matter=resource_allocation"])
    assert out.exit_code == 0, out.output
    assert "另一种理解(未采用):" in out.output and "全体会议也可决定" in out.output
    js = json.loads(runner.invoke(app, ["ask", "tuokexun", "decision.body", "-f", "matter=resource_allocation", "--json"]).stdout)
    assert js["readings"][0]["article"] == 48


def test_no_readings_key_when_no_deciding_rule_has_one() -> None:
    r = rulekit.load("yian").ask("document.signer", issuer="government", form="request", recipient="higher_government")
    assert r.readings == () and "readings" not in r.to_dict()


def test_reading_open_without_a_reading_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    data = yaml.safe_load((folder / "rulebook.yaml").read_text(encoding="utf-8"))
    data["rules"][0]["reading_open"] = True
    (folder / "rulebook.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = runner.invoke(app, ["validate", str(folder)])
    assert out.exit_code == 2
    assert "reading_open" in out.output and "Traceback" not in out.output


# --- recipients: 上行文 and letters, read per rulebook from its own words ------------------------------------------

@pytest.mark.parametrize(("book", "recipient", "status", "head"), [
    ("tuokexun", "party_committee", "answered", True),    # 六十四、 上行文 (三十三、(一) 上级政府和县委)
    ("tuokexun", "higher_government", "answered", True),
    ("tuokexun", "peoples_congress", "not_covered", False),  # only 议案 are named
    ("shuangta", "party_committee", "answered", True),
    ("longfeng", "party_committee", "answered", True),
    ("minzhengju", "party_committee", "not_covered", False),  # the document chapter is lost
])
def test_a_report_to_each_superior_body(book: str, recipient: str, status: str, head: bool) -> None:
    r = rulekit.load(book).ask("document.signer", issuer="government", form="report", recipient=recipient,
                               scope="routine", pre_decided=False)
    assert r.status == status
    if head:
        assert r.answer == {"any_of": [{"all_of": ["head"]}]}


def test_shuangta_letters_to_unrelated_organs_fall_back_to_the_general_rule() -> None:
    book = rulekit.load("shuangta")
    for urgent in (True, False):
        r = book.ask("document.signer", issuer="government", form="letter", recipient="peer", urgent=urgent)
        assert r.answer == {"any_of": [{"all_of": ["head"]}]} and [c.article for c in r.citations] == [55]
    r = book.ask("document.signer", issuer="government", form="letter", recipient="subordinate", urgent=False)
    assert r.answer["any_of"][0]["all_of"] == ["deputy_in_charge"]


def test_any_county_leader_fills_government_leader_in_check() -> None:
    record = {"rulebook": "tuokexun", "question": "seal.approver",
              "facts": {"seal": "government", "purpose": "introduction_letter"}}
    verdicts = {who: next(iter(rulekit.check([{**record, "actual": who}]))).verdict
                for who in ("县长", "副县长", "常务副县长", "分管副县长", "办公室主任")}
    assert verdicts == {"县长": "complies", "副县长": "complies", "常务副县长": "complies", "分管副县长": "complies",
                        "办公室主任": "violates"}


@pytest.mark.parametrize("book", BOOKS)
def test_a_folded_reading_has_no_space_between_chinese_characters(book: str) -> None:
    gap = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")
    for rule in rulekit.load(book).compiled.rules.values():
        assert not (rule.reading and gap.search(rule.reading)), f"{book} {rule.id}: {gap.search(rule.reading)}"
