"""Article coverage: nothing operative is skipped silently."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rulekit
from rulekit.engine.coverage import coverage
from rulekit.cli import app
from paths import FIXTURES

runner = CliRunner()


@pytest.mark.parametrize("name", rulekit.rulebooks())
def test_every_operative_article_is_encoded_or_has_a_reason(name: str) -> None:
    report = coverage(rulekit.load(name).compiled)
    assert not report.unaccounted, f"{name}: operative articles with neither rules nor a reason: {[a.number for a in report.unaccounted]}"
    assert report.totals["articles"] == sum(report.totals[s] for s in ("encoded", "unencoded", "non_operative", "missing"))


def test_coverage_json_lists_every_article_with_its_state() -> None:
    result = runner.invoke(app, ["coverage", "yian", "--json"])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    assert report["rulebook"] == "yian" and len(report["articles"]) == 78
    art59 = next(a for a in report["articles"] if a["article"] == 59)
    assert art59["state"] == "encoded" and "signer.government.to_city" in art59["rules"] and "document.signer" in art59["questions"]
    art1 = next(a for a in report["articles"] if a["article"] == 1)
    assert art1["state"] == "non_operative" and art1["reason"]


def test_an_operative_article_left_without_reason_is_reported(tmp_path: Path) -> None:
    for item in (FIXTURES / "mini").iterdir():
        shutil.copy(item, tmp_path / item.name)
    text = (tmp_path / "rulebook.yaml").read_text(encoding="utf-8")
    cut = text.index("  - id: signer.announcement")
    (tmp_path / "rulebook.yaml").write_text(text[:cut], encoding="utf-8")  # article 3 loses its rules
    result = runner.invoke(app, ["coverage", str(tmp_path)])
    assert result.exit_code == 1
    assert "article 3 is operative but neither encoded nor given a reason" in result.stderr
    (tmp_path / "rulebook.yaml").write_text(text[:cut] + "unencoded:\n  - {article: 3, reason: kept for a test}\n", encoding="utf-8")
    assert runner.invoke(app, ["coverage", str(tmp_path)]).exit_code == 0


def test_missing_articles_are_shown_as_missing() -> None:
    book = rulekit.load(FIXTURES / "mini")
    report = coverage(book.compiled)
    assert [a.state for a in report.articles] == ["non_operative", "encoded", "encoded"]


def test_coverage_counts_clauses_and_provision_sentences() -> None:
    """依安 第五十九条: five clauses and the sentences around them; (五) and the 审批 sentence have no rule."""
    report = coverage(rulekit.load("yian").compiled)
    art = next(a for a in report.articles if a.number == 59)
    keys = [(p.key, p.encoded) for p in art.provisions]
    assert keys[1:6] == [("(一)", True), ("(二)", True), ("(三)", True), ("(四)", True), ("(五)", False)]
    assert art.state == "encoded" and art.partial
    assert {p.key for p in art.left} == {"句1", "(五)", "句2"}
    assert "signer.government.to_city" in next(p for p in art.provisions if p.key == "(三)").rules
    t = report.totals
    assert t["provisions_encoded"] == sum(p.encoded for a in report.articles for p in a.provisions) < t["provisions"]
    assert t["partial"] == sum(a.partial for a in report.articles) > 0


def test_a_fully_encoded_article_is_not_partial_and_the_cli_shows_partial_ones() -> None:
    report = coverage(rulekit.load(FIXTURES / "mini").compiled)
    art3 = next(a for a in report.articles if a.number == 3)
    assert [p.key for p in art3.provisions] == ["(一)", "(二)"] and not art3.partial
    out = runner.invoke(app, ["coverage", "yian"], env={"COLUMNS": "200"})
    assert out.exit_code == 0 and "部分编码" in out.stdout and "规定 (项、句) 已编码 " in out.stdout
    data = json.loads(runner.invoke(app, ["coverage", "yian", "--json"]).stdout)[0]
    art59 = next(a for a in data["articles"] if a["article"] == 59)
    assert art59["partial"] is True and {"key": "(五)", "kind": "clause"}.items() <= art59["provisions"][5].items()


def test_every_rule_quote_falls_in_a_provision_of_its_article() -> None:
    """A rule always encodes something the provision count sees: no quote lands outside every provision."""
    for rb in rulekit.rulebooks():
        book = rulekit.load(rb)
        for a in coverage(book.compiled).articles:
            quoting = {r for p in a.provisions for r in p.rules}
            assert quoting == set(a.rules) or a.state != "encoded", (rb, a.number, set(a.rules) - quoting)
