"""check at a reviewer's desk (issue 9): Chinese reasons with local titles and the quoted article, answer_titles in
JSON, OA exports with extra columns and names in the signer cells, tables that keep document numbers whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rulekit
from rulekit.cli import app
from paths import ROOT

runner = CliRunner()
UPWARD = {"issuer": "government", "form": "request", "recipient": "higher_government"}


def run(*args: str, env: dict | None = None):  # noqa: ANN201
    return runner.invoke(app, list(args), env=env)


def test_json_reason_zh_names_local_titles_and_quotes_the_article(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"name": "依政发〔2025〕33号", "rulebook": "yian", "question": "document.signer",
                                "facts": UPWARD, "actual": "分管副县长"}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("check", str(path), "--json")
    line = json.loads(result.stdout)
    assert line["verdict"] == "violates" and line["verdict_zh"] == "违规"
    assert line["reason"] == "acted: deputy_in_charge; requires head | executive_deputy"  # stable for scripts
    assert line["reason_zh"] == ("签署/办理: 分管副县长; 应由 县长 或 常务副县长(受县长委托); 依据第五十九条第(三)项: "
                                 "“以县政府名义向市政府的请示、报告由县长或县长委托常务副县长签发”")
    assert line["answer_titles"] == {"any_of": [{"all_of": ["县长"]}, {"all_of": ["常务副县长"], "note": "受县长委托"}]}


def test_a_district_speaks_of_its_own_titles() -> None:
    (v,) = rulekit.check([{"rulebook": "longfeng", "question": "acting.presider", "facts": {"absence": "long_absence"},
                           "actual": "区长"}])
    assert v.verdict == "violates"
    assert v.reason_zh.startswith("签署/办理: 区长; 应由 负责常务工作的副区长(常务副区长); 依据第八条: ")
    assert v.answer_titles == {"any_of": [{"all_of": ["负责常务工作的副区长(常务副区长)"]}]}


def test_undetermined_and_deadlines_in_chinese() -> None:
    undetermined, late = rulekit.check([
        {"rulebook": "yian", "question": "document.signer", "facts": {"issuer": "government"}, "actual": "县长"},
        {"rulebook": "tuokexun", "question": "deadline", "facts": {"item": "cosign_reply"},
         "received": "2025-09-26", "done": "2025-10-20"},
    ])
    assert undetermined.verdict == "undetermined" and undetermined.reason_zh.startswith("无法判定: 还需要事实 ")
    assert "文种 (form)" in undetermined.reason_zh
    assert late.verdict == "late" and late.reason_zh.startswith("逾期 7 日: 收到 2025-09-26, 办结 2025-10-20, 时限 7个工作日内, "
                                                                "截止 2025-10-13")


def test_junit_message_is_chinese_with_the_quote(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("- {rulebook: longfeng, question: acting.presider, facts: {absence: long_absence}, actual: 区长}\n",
                    encoding="utf-8")
    result = run("check", str(path), "--format", "junit")
    assert 'message="违规: 签署/办理: 区长; 应由 负责常务工作的副区长(常务副区长); 依据第八条: “' in result.stdout


def test_table_keeps_document_numbers_whole_at_80_columns() -> None:
    result = run("check", str(ROOT / "examples" / "check" / "outgoing.csv"), env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert all(_cells(line) <= 80 for line in lines)
    for number in ("依政发〔2025〕31号", "依政发〔2025〕33号", "依政办发〔2025〕12号"):
        assert any(number in line for line in lines), number
    assert any("违规" in line for line in lines) and any("violates" in line for line in lines)


def _cells(line: str) -> int:
    return sum(2 if re.match(r"[\u3000-\u9fff\uff00-\uffef]", ch) else 1 for ch in line)


def test_an_oa_export_with_extra_columns_and_names_in_signer_cells_checks_cleanly() -> None:
    path = ROOT / "examples" / "check" / "oa_export.csv"
    result = run("check", str(path), "--json")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["verdict"] for d in lines] == ["complies"] * 5
    assert lines[0]["meta"] == {"日期": "2025-10-09", "密级": "公开", "主题词": "财政 预算 请示"}
    assert [d["reason"].split(";")[0] for d in lines] == [
        "acted: head", "acted: executive_deputy", "acted: deputy_in_charge", "acted: executive_deputy, head",
        "acted: office_director"]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {path}:1: `日期`, `密级`, `主题词` are not a column of rulekit's; kept as `meta.日期`, "
                        "`meta.密级`, `meta.主题词` and passed through (--strict-columns refuses them)"]
    strict = run("check", str(path), "--strict-columns", "--json")
    assert strict.exit_code == 2
    (error,) = [json.loads(line) for line in strict.stdout.splitlines()]
    assert error["line"] == 1 and "unknown columns `日期`, `密级`, `主题词` (--strict-columns" in error["error"]


def test_a_typo_in_a_column_name_stays_an_error(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("rulebook,question,actaul\nyian,document.signer,县长\n", encoding="utf-8")
    result = run("check", str(path), "--json")
    assert result.exit_code == 2 and "unknown column `actaul`; did you mean `actual`?" in result.stdout


@pytest.mark.parametrize("cell, roles", [
    ("县长 李明", {"head"}),
    ("常务副县长（受县长委托）", {"executive_deputy"}),
    ("张三(分管副县长)", {"deputy_in_charge"}),
    ("县长、常务副县长", {"head", "executive_deputy"}),
    ("县长，常务副县长", {"head", "executive_deputy"}),
    ("县长; 分管副县长", {"head", "deputy_in_charge"}),
    ("李明（县长）、王五 常务副县长", {"head", "executive_deputy"}),
])
def test_signer_cells_are_read_to_roles(cell: str, roles: set) -> None:
    (v,) = rulekit.check([{"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": cell}])
    assert v.verdict in ("complies", "violates") and v.actual == frozenset(roles)


def test_an_unreadable_signer_cell_is_an_error_naming_the_cell() -> None:
    (v,) = rulekit.check([{"rulebook": "yian", "question": "document.signer", "facts": UPWARD, "actual": "县长、李四"}])
    assert v.verdict == "error" and v.reason.startswith("in `县长、李四`, cannot read the signer `李四`")


SUPERIOR = [
    {"name": "依政发〔2025〕51号", "rulebook": "依安", "question": "公文签发", "actual": "县长 李明",
     "facts": {"issuer": "县政府", "form": "通知", "recipient": "下级", "pre_decided": True}},
    {"name": "依政发〔2025〕52号", "rulebook": "依安", "question": "公文签发", "actual": "常务副县长",
     "facts": {"issuer": "县政府", "form": "通知", "recipient": "下级", "pre_decided": True}},
    {"name": "龙政发〔2025〕9号", "rulebook": "longfeng", "question": "acting.presider", "actual": "区长",
     "facts": {"absence": "long_absence"}},
]


def test_the_county_head_signing_a_delegated_matter_complies_by_superior() -> None:
    head, executive, absent = rulekit.check(SUPERIOR)
    assert head.verdict == "complies_by_superior" and head.passed
    assert head.reason == ("acted: head; requires deputy_in_charge, a superior acted: head above deputy_in_charge "
                           "(article 6)")
    assert head.reason_zh.startswith("签署/办理: 县长; 规则所定为「分管副县长」, 由上级代行: 县长在分管副县长之上"
                                     "(第六条 “县长领导县政府全面工作。副县长协助县长工作”)")
    # nothing in 依安's text puts the 常务副县长 above the 分管副县长: no chain is invented
    assert executive.verdict == "violates"
    # the head cannot stand in for whoever presides while the head is away
    assert absent.verdict == "violates"


def test_strict_roles_makes_it_a_violation_and_the_summary_counts_it_apart(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in SUPERIOR[:1]) + "\n", encoding="utf-8")
    lenient = run("check", str(path))
    assert lenient.exit_code == 0
    assert lenient.stderr.splitlines()[-2:] == [
        "1 passed, 0 failed",
        "(1 complies_by_superior (上级代行), 0 not_covered, 0 needs_facts, 0 conflict, 0 undetermined, 0 errors)"]
    strict = run("check", str(path), "--strict-roles", "--json")
    assert strict.exit_code == 1
    assert json.loads(strict.stdout)["verdict"] == "violates"
    assert [v.verdict for v in rulekit.check(SUPERIOR[:1], strict_roles=True)] == ["violates"]


def test_every_built_in_rulebook_declares_its_chain_with_quoted_articles() -> None:
    for name in ("yian", "tuokexun", "shuangta", "longfeng", "minzhengju"):
        book = rulekit.load(name)
        superiors = book.compiled.superiors
        assert "head" in superiors.get("deputy_in_charge", {}), name
        for role, above in superiors.items():
            for up, (article, _clause, quote) in above.items():
                assert quote in book.compiled.articles[article].text, (name, role, up)
            assert "executive_deputy" not in above, (name, role)  # no text puts the 常务 deputy above the others
