"""A rulebook's own vocabulary (`vocabulary.yaml` beside its rulebook.yaml): extends the shared one, never
redefines it; every command speaks it; diff and compare read a fact only one side knows as unknown on the other."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import rulekit
from rulekit.cli import app
from rulekit.engine.vocabulary import vocabulary
from paths import FIXTURES

runner = CliRunner()

LOCAL = """\
roles:
  petition_bureau_head: {zh: [信访局局长], en: head of the petitions bureau}
questions:
  document.signer:                 # a shared question: add a fact, and a value to a shared fact
    facts:
      petition: {type: bool, zh: 涉及信访事项}
      form:
        values: {petition_reply: 信访答复意见}
  petition.reviewer:               # a question of its own
    zh: 信访事项由谁审核
    answer: roles
    facts:
      matter: {type: enum, zh: 事项, values: {reception: 信访接待, complaint: 投诉}}
"""

RULES = """\
  - id: signer.announcement.petition
    question: document.signer
    when: {issuer: government, form: announcement, petition: true}
    then: {any_of: [petition_bureau_head]}
    overrides: [signer.announcement]
    cite: {article: 3, clause: 1, quote: "县政府发布的通告,由县长签发"}
    note: "a test rule (the fixture text is reused): 信访 announcements go to the petitions bureau"
  - id: signer.petition_reply
    question: document.signer
    when: {form: petition_reply}
    then: {any_of: [petition_bureau_head]}
    cite: {article: 3, clause: 2, quote: "以县政府办公室名义制定的公文,由办公室主任签发"}
  - id: petition.reception
    question: petition.reviewer
    when: {matter: reception}
    then: {any_of: [{all_of: [petition_bureau_head, executive_deputy]}]}
    cite: {article: 2, quote: "县长出国期间,由常务副县长主持县政府工作"}
"""


def _with_local(tmp_path: Path, local: str = LOCAL, rules: str = RULES) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    (folder / "vocabulary.yaml").write_text(local, encoding="utf-8")
    text = (folder / "rulebook.yaml").read_text(encoding="utf-8")
    text = text.replace("titles: {head: 县长}", "titles: {head: 县长, petition_bureau_head: 县信访局局长}")
    (folder / "rulebook.yaml").write_text(text + rules, encoding="utf-8")
    return folder


def ask(*args: str) -> dict:
    result = runner.invoke(app, ["ask", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_local_role_fact_value_and_question_work_everywhere(tmp_path: Path) -> None:
    folder = _with_local(tmp_path)
    assert runner.invoke(app, ["validate", str(folder)]).exit_code == 0
    out = ask(str(folder), "公文由谁签发", "-f", "issuer=以政府名义", "-f", "form=通告", "-f", "涉及信访事项=是")
    assert out["answer"] == {"any_of": [{"all_of": ["petition_bureau_head"]}]}
    assert ask(str(folder), "document.signer", "-f", "issuer=department", "-f", "form=信访答复意见")["answer"]["any_of"][0]["all_of"] == ["petition_bureau_head"]
    own = ask(str(folder), "信访事项由谁审核", "-f", "事项=信访接待")
    assert own["question"] == "petition.reviewer" and own["status"] == "answered"
    text = runner.invoke(app, ["ask", str(folder), "petition.reviewer", "-f", "matter=reception"]).stdout
    assert "县信访局局长→常务副县长" in text and "信访事项由谁审核" in text
    listed = json.loads(runner.invoke(app, ["questions", str(folder), "--json"]).stdout)
    assert {"id": "petition.reviewer", "decided": True} .items() <= next(q for q in listed if q["id"] == "petition.reviewer").items()
    signer = next(q for q in listed if q["id"] == "document.signer")
    assert "petition" in [f["name"] for f in signer["facts"]]
    # checks with the local role, by its local title
    records = tmp_path / "r.check.yaml"
    records.write_text(f"- {{rulebook: {folder}, question: petition.reviewer, facts: {{matter: reception}}, "
                       "actual: [县信访局局长, 常务副县长]}\n", encoding="utf-8")
    checked = runner.invoke(app, ["check", str(records), "--json"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["verdict"] == "complies"
    # static analysis speaks it too (its own question is analysed like the shared ones)
    analysed = runner.invoke(app, ["analyze", str(folder), "--json"])
    assert "Traceback" not in analysed.output and analysed.exit_code in (0, 1), analysed.output
    questions = [q["question"] for q in json.loads(analysed.stdout)["rulebooks"][0]["questions"]]
    assert "petition.reviewer" in questions
    # the literate view speaks it too
    page = runner.invoke(app, ["show", str(folder), "3", "--json"]).stdout
    rule = next(r for r in json.loads(page)["rules"] if r["id"] == "signer.announcement.petition")
    assert rule["condition"] == "发文名义=以政府名义 且 文种=通告/公告 且 涉及信访事项=是" and rule["answer"] == "县信访局局长"


def test_the_shared_vocabulary_and_other_rulebooks_are_untouched(tmp_path: Path) -> None:
    folder = _with_local(tmp_path)
    rulekit.load(folder)
    assert "petition_bureau_head" not in vocabulary().roles and "petition.reviewer" not in vocabulary().questions
    assert "petition" not in vocabulary().questions["document.signer"].facts
    bad = runner.invoke(app, ["ask", "yian", "document.signer", "-f", "petition=true"])
    assert bad.exit_code == 2 and "unknown fact `petition`" in bad.stderr
    bad = runner.invoke(app, ["ask", "yian", "petition.reviewer"])
    assert bad.exit_code == 2 and "unknown question `petition.reviewer`" in bad.stderr


@pytest.mark.parametrize("local, message", [
    ("roles:\n  head: {zh: [镇长]}\n", "role `head` is in the shared vocabulary"),
    ("questions:\n  document.signer:\n    zh: 谁签字\n", "never redefine its `zh`"),
    ("questions:\n  document.signer:\n    facts:\n      issuer: {type: bool, zh: 发文}\n", "never redefine its `type`"),
    ("questions:\n  document.signer:\n    facts:\n      form:\n        values: {request: 申请}\n", "value `request` of `form` is in the shared vocabulary"),
    ("questions:\n  x.y:\n    zh: 某问题\n    answer: color\n", "needs `answer`"),
    ("questions:\n  x.y:\n    answer: roles\n", "needs its Chinese label"),
    ("roles:\n  clerk: {en: a clerk}\n", "needs its Chinese title"),
    ("rolez: {}\n", "unknown key `rolez` (at `rolez`); did you mean `roles`?"),
])
def test_validate_rejects_a_clash_with_its_place(tmp_path: Path, local: str, message: str) -> None:
    folder = _with_local(tmp_path, local, rules="")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert "vocabulary.yaml:" in result.stderr  # file:line:column of the clash


def test_editing_the_local_vocabulary_is_seen(tmp_path: Path) -> None:
    folder = _with_local(tmp_path)
    assert rulekit.load(folder).question("petition.reviewer").zh == "信访事项由谁审核"
    (folder / "vocabulary.yaml").write_text(LOCAL.replace("信访事项由谁审核", "信访事项由何人审核"), encoding="utf-8")
    assert rulekit.load(folder).question("petition.reviewer").zh == "信访事项由何人审核"


def test_diff_reads_a_fact_only_one_side_knows_as_unknown_there_and_says_so(tmp_path: Path) -> None:
    folder = _with_local(tmp_path)
    out = runner.invoke(app, ["diff", str(folder), str(FIXTURES / "mini"), "-q", "document.signer", "--json"])
    assert out.exit_code == 0, out.output
    q = json.loads(out.stdout)["questions"][0]
    assert any("涉及信访事项 (`petition`) 只在示例县的词汇中" in n and "按未知处理" in n for n in q["notes"])
    assert any("信访答复意见 (`petition_reply`)" in n for n in q["notes"])
    # the only differences are the cases the local fact or value makes: the other side is the same whatever petition is
    for region in q["differences"]:
        assert region["facts"].get("petition") is True or region["facts"].get("form") == "petition_reply", region
    text = runner.invoke(app, ["diff", str(folder), str(FIXTURES / "mini"), "-q", "document.signer"]).stdout
    assert "注: 事实 涉及信访事项" in text
    own = runner.invoke(app, ["diff", str(folder), "yian", "-q", "petition.reviewer", "--json"])
    assert own.exit_code == 0, own.output
    assert json.loads(own.stdout)["questions"][0]["decided_by"] == "left"
    compared = runner.invoke(app, ["compare", str(folder), "yian", "tuokexun", "-q", "document.signer", "--json"])
    assert compared.exit_code == 0, compared.output
    assert json.loads(compared.stdout)["questions"][0]["notes"]


def test_analyze_speaks_the_rulebooks_own_vocabulary(tmp_path: Path) -> None:
    folder = _with_local(tmp_path)
    result = runner.invoke(app, ["analyze", str(folder), "--json"])
    assert result.exit_code == 1, result.output  # the test rules above conflict on office replies to petitions
    (out,) = json.loads(result.stdout)["rulebooks"]
    questions = {q["question"]: q for q in out["questions"]}
    (conflict,) = [f for f in questions["document.signer"]["findings"] if f["kind"] == "conflict"]
    assert set(conflict["rules"]) == {"signer.office", "signer.petition_reply"}
    assert conflict["regions"][0]["facts"] == {"issuer": "government_office", "form": "petition_reply"}
    assert questions["petition.reviewer"]["zh"] == "信访事项由谁审核"  # a question of its own
    (gap,) = [f for f in questions["petition.reviewer"]["findings"] if f["kind"] == "gap"]
    assert gap["regions"][0]["facts"] == {"matter": "complaint"}
    text = runner.invoke(app, ["analyze", str(folder), "-q", "信访事项由谁审核"], env={"COLUMNS": "200"}).stdout
    assert "信访事项由谁审核 (petition.reviewer)" in text and "事项=投诉" in text
