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
