"""The command line, through Typer's runner: the contract's JSON, Chinese input, exit codes, bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rulekit.cli import app
from paths import FIXTURES, ROOT

runner = CliRunner()
CONTRACT_KEYS = ["rulebook", "question", "facts", "status", "answer", "missing", "citations", "trace"]
UPWARD = ["--fact", "issuer=government", "--fact", "form=request", "--fact", "recipient=higher_government"]


def ask_json(*args: str) -> dict:
    result = runner.invoke(app, ["ask", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_contract_example_gives_exactly_the_contract_shape() -> None:
    out = ask_json("yian", "document.signer", *UPWARD, "--fact", "scope=routine", "--fact", "pre_decided=false")
    for key in CONTRACT_KEYS:
        assert key in out
    assert list(out)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert out["status"] == "answered"
    assert out["facts"] == {"issuer": "government", "form": "request", "recipient": "higher_government",
                            "scope": "routine", "pre_decided": False}
    assert out["answer"] == {"any_of": [{"all_of": ["head"]}, {"all_of": ["executive_deputy"], "note": "受县长委托"}]}
    assert out["citations"][0]["article"] == 59 and out["citations"][0]["clause"] == 3
    assert out["citations"][0]["quote"] == "以县政府名义向市政府的请示、报告由县长或县长委托常务副县长签发"
    assert out["missing"] == [] and out["trace"]


def test_chinese_names_and_labels_are_accepted() -> None:
    by_id = ask_json("yian", "document.signer", *UPWARD)
    by_zh = ask_json("依安", "公文由谁签发", "--fact", "issuer=以政府名义", "--fact", "form=请示", "--fact", "recipient=市政府")
    assert by_zh == by_id
    assert ask_json("依安县", "document.signer", *UPWARD)["rulebook"] == "yian"


def test_a_rulebook_path_is_accepted() -> None:
    out = ask_json(str(FIXTURES / "mini" / "rulebook.yaml"), "meeting.presider", "--fact", "meeting=standing")
    assert out["rulebook"] == "mini" and out["answer"] == {"any_of": [{"all_of": ["head"]}]}


def test_needs_facts_lists_only_what_matters() -> None:
    out = ask_json("yian", "seal.approver", "--fact", "seal=head_personal", "--fact", "purpose=contract")
    assert out["status"] == "needs_facts" and out["missing"] == ["head_away"] and out["answer"] is None


def test_booleans_ints_and_sets_parse() -> None:
    assert ask_json("yian", "meeting.quorum", "-f", "meeting=常务会议", "-f", "members_total=8", "-f", "members_present=4")["answer"] is True
    assert ask_json("yian", "document.signer", "-f", "issuer=government", "-f", "form=notice", "-f", "recipient=subordinate",
                    "-f", "pre_decided=是")["answer"]["any_of"][0]["all_of"] == ["deputy_in_charge"]
    out = ask_json("yian", "agenda.admissible", "-f", "meeting=standing", "-f", "involves=", "-f", "within_leader_authority=yes")
    assert out["facts"]["involves"] == [] and out["answer"] is False


def test_human_output_is_chinese_with_local_titles_and_the_quote() -> None:
    result = runner.invoke(app, ["ask", "yian", "document.signer", *UPWARD])
    assert result.exit_code == 0
    assert "县长 或 常务副县长(受县长委托)" in result.stdout
    assert "第五十九条第(三)项" in result.stdout
    assert "以县政府名义向市政府的请示、报告由县长或县长委托常务副县长签发" in result.stdout


@pytest.mark.parametrize(
    "args, words",
    [
        (["ask", "yian", "document.signer", "--fact", "issuer=nonsense"], ["`nonsense`", "`issuer`", "`government`"]),
        (["ask", "yian", "document.signer", "--fact", "isuer=government"], ["unknown fact `isuer`", "did you mean `issuer`"]),
        (["ask", "yian", "document.singer"], ["unknown question `document.singer`", "did you mean `document.signer`"]),
        (["ask", "yain", "document.signer"], ["unknown rulebook `yain`", "did you mean `yian`"]),
        (["ask", "yian", "meeting.quorum", "--fact", "members_total=many"], ["whole number", "`many`"]),
        (["ask", "yian", "meeting.quorum", "--fact", "members_total"], ["NAME=VALUE", "`members_total`"]),
        (["ask", "yian", "document.signer", "--fact", "pre_decided=perhaps"], ["true or false", "`perhaps`"]),
        (["ask", "yian", "document.signer", "-f", "issuer=government", "-f", "issuer=department"], ["given twice"]),
        (["ask", "no/such/rulebook.yaml", "document.signer"], ["not found"]),
        (["validate", str(FIXTURES / "bad" / "unknown_fact.yaml")], ["unknown_fact.yaml:9:12", "`meting`"]),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(args: list[str], words: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0]


def test_validate_passes_for_the_built_in_rulebooks() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "ok yian" in result.stdout


def test_validate_json_reports_problems() -> None:
    result = runner.invoke(app, ["validate", "--json", str(FIXTURES / "bad" / "unknown_role.yaml")])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report[0]["valid"] is False and "haed" in report[0]["problems"][0]["message"]


def test_rulebooks_and_questions_list() -> None:
    rows = json.loads(runner.invoke(app, ["rulebooks", "--json"]).stdout)
    yian = next(r for r in rows if r["id"] == "yian")
    assert yian["name"] == "依安县人民政府工作规则" and "document.signer" in yian["questions"]
    qs = json.loads(runner.invoke(app, ["questions", "yian", "--json"]).stdout)
    signer = next(q for q in qs if q["id"] == "document.signer")
    assert signer["decided"] is True and signer["zh"] == "公文由谁签发"
    assert next(f for f in signer["facts"] if f["name"] == "issuer")["values"]["government"] == "以政府名义"
    assert next(q for q in qs if q["id"] == "funds.approver")["decided"] is False
    human = runner.invoke(app, ["questions", "yian"])
    assert human.exit_code == 0 and "公文由谁签发" in human.stdout


def test_cli_py_at_the_root_runs_the_same_app() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "ask", "yian", "document.signer", *UPWARD, "--json"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["status"] == "answered"


def test_schema_exports_json_schema_for_editors() -> None:
    result = runner.invoke(app, ["schema", "rulebook"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "rules" in schema["properties"] and schema["additionalProperties"] is False
    assert "articles" in json.loads(runner.invoke(app, ["schema", "source"]).stdout)["properties"]
    bad = runner.invoke(app, ["schema", "rulebok"])
    assert bad.exit_code == 2 and "did you mean `rulebook`" in bad.stderr


def test_trace_reads_in_order_applied_then_excluded() -> None:
    out = ask_json("yian", "document.signer", *UPWARD)
    assert out["trace"][0].startswith("适用 `signer.government.to_city`")
    assert any(t.startswith("排除 `signer.government`") for t in out["trace"])


def test_python_api_example_runs() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "examples" / "python_api.py")], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("answered -> 县长 或 常务副县长")
    assert "missing: ('pre_decided',)" in out.stdout
