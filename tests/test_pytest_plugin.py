"""The pytest plugin: rulebook test suites (cases.yaml, *.check.*) collected and run by plain pytest, with
failures that name the file, line and case, expected vs got, and the citations."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from paths import FIXTURES, ROOT

GOOD_CASES = """\
- name: 纪要 7 个工作日内印发
  rulebook: sample
  question: deadline
  facts: {item: minutes_issue}
  expect: {amount: 7, unit: working_day, relation: within}
  cite: [2]
- name: 国庆前收到的纪要 10月13日印发, 按时
  rulebook: sample
  question: deadline
  facts: {item: minutes_issue}
  received: 2025-09-26
  done: 2025-10-13
- name: 合同用印须分管副县长和县长
  rulebook: sample
  question: seal.approver
  facts: {seal: government, purpose: contract}
  actual: [分管副县长, 县长]
"""
FAILING_CASE = """\
- name: 会签回复的时限写错了
  rulebook: sample
  question: deadline
  facts: {item: cosign_reply}
  expect: {amount: 5, unit: working_day, relation: within}
"""


def project(tmp_path: Path, cases: str) -> Path:
    book = tmp_path / "rulebooks" / "sample"
    shutil.copytree(FIXTURES / "sample", book)
    (book / "cases.yaml").write_text(cases, encoding="utf-8")
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["rulekit.checker.pytest_plugin"]\n', encoding="utf-8")
    return tmp_path


def pytest_in(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))  # as if rulekit were installed
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=directory,
                          env=env, capture_output=True, text=True, timeout=600)


def test_a_passing_suite_runs_one_test_per_record_plus_the_coverage_check(tmp_path: Path) -> None:
    root = project(tmp_path, GOOD_CASES)
    done = pytest_in(root, "rulebooks", "-v")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rulebooks/sample/cases.yaml::纪要 7 个工作日内印发 PASSED" in done.stdout
    assert "rulebooks/sample/rulebook.yaml::every decided question has a case PASSED" in done.stdout
    assert re.search(r"\b4 passed\b", done.stdout)


def test_failures_read_well(tmp_path: Path) -> None:
    root = project(tmp_path, GOOD_CASES + FAILING_CASE)
    done = pytest_in(root, "rulebooks")
    assert done.returncode == 1
    out = done.stdout
    assert "failed: expected within 5 working days, got within 3 working days" in out
    assert "at rulebooks/sample/cases.yaml:18 (会签回复的时限写错了)" in out
    assert "expected: within 5 working days" in out and "got:      answered: within 3 working days" in out
    assert "第二条 “一般应在3个工作日内回复” (deadline.cosign)" in out
    assert "FAILED rulebooks/sample/cases.yaml::会签回复的时限写错了 - 未通过 failed: 不" in out
    assert re.search(r"\b1 failed, 4 passed\b", out)


def test_bad_records_and_uncovered_questions_fail(tmp_path: Path) -> None:
    root = project(tmp_path, GOOD_CASES.split("- name: 合同用印")[0] + "- {rulebook: sample, question: deadline, facts: {itm: x}, expect: not_covered}\n")
    (root / "rulebooks" / "sample" / "extra.check.csv").write_text(
        "rulebook,question,facts,actual\nsample,seal.approver,purpose=blank,县长\n", encoding="utf-8")
    done = pytest_in(root, "rulebooks")
    assert done.returncode == 1
    out = done.stdout
    assert "error: unknown fact `itm` for question `deadline`; did you mean `item`?" in out
    assert "at rulebooks/sample/cases.yaml:13" in out
    assert "violates: acted: head; the rulebook prohibits this" in out  # the csv suite was collected too
    assert "sample: no case in sample/cases.yaml (or *.check.*) for seal.approver" not in out  # the csv covers it
    (root / "rulebooks" / "sample" / "extra.check.csv").unlink()
    again = pytest_in(root, "rulebooks")
    assert "sample: no case in sample/cases.yaml (or *.check.*) for seal.approver" in again.stdout


def test_the_repository_collects_the_builtin_suites() -> None:
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only",
                           "rulebooks/yian"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rulebooks/yian/cases.yaml::向市政府的请示由县长或受委托的常务副县长签发 (契约示例)" in done.stdout
    assert "rulebooks/yian/rulebook.yaml::every decided question has a case" in done.stdout
