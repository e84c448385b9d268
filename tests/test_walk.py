"""The whole walk of an outsider (issue 10's "done when"), through the command line only: a county not among the
five (清溪县, fictional) → `rulekit new` → encode rules from the guide → reach it by name with RULEKIT_PATH → a
local role and fact without touching the package → its own test suite under pytest → diff against 依安 → the
literate HTML for a legal reviewer, opened in Chromium."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from rulekit.cli import app
from rulekit.engine import locate
from rulekit.engine.vocabulary import VOCABULARY_PATH
from paths import FIXTURES
from test_diff_html import _browser, _run

runner = CliRunner()
PAGE = FIXTURES / "qingxi" / "page.txt"

VOCABULARY = """\
# 清溪县's own vocabulary: what its text needs that the shared one lacks
roles:
  petition_bureau_head: {zh: [信访局局长], en: head of the county petitions bureau}
questions:
  document.signer:
    facts:
      petition: {type: bool, zh: 涉及信访事项}
"""

RULES = """\
rules:
  - id: signer.department.request
    question: document.signer
    when: {issuer: department, form: request, recipient: own_government}
    then: {any_of: [department_head]}
    cite: {article: 6, quote: "县政府各部门报送县政府的请示,应当一文一事,由部门主要负责人签发"}
  - id: signer.department.petition
    question: document.signer
    when: {issuer: department, form: request, recipient: own_government, petition: true}
    then: {any_of: [petition_bureau_head]}
    overrides: [signer.department.request]
    cite: {article: 6, quote: "涉及信访事项的,由县信访局局长签发"}
  - id: signer.to_city
    question: document.signer
    when: {issuer: government, form: [request, report], recipient: higher_government}
    then: {any_of: [head, {all_of: [executive_deputy], note: 受县长委托}]}
    cite: {article: 5, clause: 2, quote: "以县政府名义向市政府的请示、报告,由县长或县长委托常务副县长签发"}
"""

CASES = """\
- name: 部门请示
  rulebook: qingxi
  question: document.signer
  facts: {issuer: department, form: request, recipient: own_government, petition: false}
  expect: department_head
  cite: [6]
- name: 涉及信访的部门请示
  rulebook: qingxi
  question: document.signer
  facts: {issuer: department, form: request, recipient: own_government, petition: true}
  expect: petition_bureau_head
"""


def test_a_sixth_county_from_a_scraped_page_to_a_legal_review(tmp_path: Path, monkeypatch) -> None:
    shelf = tmp_path / "shelf"
    folder = shelf / "qingxi"
    package_vocabulary = VOCABULARY_PATH.read_bytes()

    # 1. one command: a segmented, validating folder, nothing encoded yet
    made = runner.invoke(app, ["new", str(folder), "--source", str(PAGE)])
    assert made.exit_code == 0, made.output
    assert runner.invoke(app, ["validate", str(folder)]).exit_code == 0
    totals = json.loads(runner.invoke(app, ["coverage", str(folder), "--json"]).stdout)[0]["totals"]
    assert totals["encoded"] == 0 and totals["unencoded"] == 9

    # 2. encode rules (the guide: write the rule, remove the article's entry under `unencoded`), with a local role
    #    and a local fact in the folder's own vocabulary.yaml, and give titles
    book = (folder / "rulebook.yaml").read_text(encoding="utf-8")
    book = book.replace("rules: []\n", RULES)
    book = book.replace("  - {article: 5, reason: not yet encoded}\n", "").replace("  - {article: 6, reason: not yet encoded}\n", "")
    book = book.replace("titles:   #", "titles:\n  petition_bureau_head: 县信访局局长   #")
    (folder / "rulebook.yaml").write_text(book, encoding="utf-8")
    (folder / "vocabulary.yaml").write_text(VOCABULARY, encoding="utf-8")
    (folder / "cases.yaml").write_text(CASES, encoding="utf-8")
    checked = runner.invoke(app, ["validate", str(folder)])
    assert checked.exit_code == 0, checked.output
    cov = json.loads(runner.invoke(app, ["coverage", str(folder), "--json"]).stdout)[0]["totals"]
    assert cov["encoded"] == 2 and cov["unencoded"] == 7 and cov["unaccounted"] == 0

    # 3. reach it by name from anywhere, with RULEKIT_PATH
    monkeypatch.setenv("RULEKIT_PATH", str(shelf))
    locate.set_search_path([])
    out = runner.invoke(app, ["ask", "清溪", "公文由谁签发", "-f", "issuer=政府部门或乡镇", "-f", "form=请示",
                              "-f", "recipient=own_government", "-f", "涉及信访事项=是"])
    assert out.exit_code == 0, out.output
    assert "已有答案: 县信访局局长" in out.stdout and "第六条 “涉及信访事项的,由县信访局局长签发”" in out.stdout
    listed = json.loads(runner.invoke(app, ["rulebooks", "--json"]).stdout)
    assert {"id": "qingxi", "origin": "RULEKIT_PATH"}.items() <= listed[0].items()
    suite = runner.invoke(app, ["test", "清溪县"])
    assert suite.exit_code == 0 and "3 passed, 0 failed" in suite.stderr, suite.output  # 2 cases + every question has one

    # 4. its test suite runs under pytest too, by name, outside the package
    records = tmp_path / "outgoing.check.yaml"
    records.write_text("- {name: 清政发〔2024〕1号, rulebook: 清溪, question: document.signer, facts: {issuer: government, "
                       "form: request, recipient: higher_government}, actual: 分管副县长}\n", encoding="utf-8")
    env = {**os.environ, "RULEKIT_PATH": str(shelf), "RULEKIT_NO_CACHE": "1"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "rulekit.pytest_plugin",
                          str(folder), str(records)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 1, run.stdout  # the two cases and the coverage item pass; 分管副县长 violates 第五条
    assert "3 passed" in run.stdout and "1 failed" in run.stdout and "violates" in run.stdout

    # 5. diff against 依安: the local fact is unknown to 依安, and the report says so
    diff = runner.invoke(app, ["diff", "清溪", "依安", "-q", "document.signer", "--json"])
    assert diff.exit_code == 0, diff.output
    q = json.loads(diff.stdout)["questions"][0]
    assert q["differences"] and any("只在清溪县的词汇中" in n and "依安不知道这个事实" in n for n in q["notes"])

    # 6. the literate HTML for the legal reviewer, rendered in Chromium
    page = tmp_path / "qingxi.html"
    shown = runner.invoke(app, ["show", "清溪", "--html", "-o", str(page)])
    assert shown.exit_code == 0, shown.output
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "split_line" in html and "remove_cover" in html
    browser = _browser()
    done = _run(browser, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    text = re.sub(r"<[^>]+>", "", done.stdout)
    for expected in ("清溪县人民政府工作规则: 条文与规则对照", "第六条", "涉及信访事项的,由县信访局局长签发",
                     "发文名义=政府部门或乡镇 且 文种=请示 且 主送机关=本级政府(部门报送县/区政府) 且 涉及信访事项=是",
                     "县信访局局长", "not yet encoded", "第三章 公文审批"):
        assert expected in text, expected

    # nothing in the package was touched
    assert VOCABULARY_PATH.read_bytes() == package_vocabulary
