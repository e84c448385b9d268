"""The rulebooks' example cases (rulebooks/*/cases.yaml): facts -> expected answer and cited article."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import rulekit
from rulekit._expect import compare
from rulekit._load import builtin_dir

CASES = []
for path in sorted(builtin_dir().glob("*/cases.yaml")):
    for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
        CASES.append(pytest.param(case, id=f"{path.parent.name}[{i}] {case.get('name', '')}"))


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict) -> None:
    result = rulekit.load(case["rulebook"]).ask(case["question"], case.get("facts") or {})
    reason = compare(result, case["expect"], case.get("cite"))
    assert reason is None, f"{case.get('name')}: {reason}\ntrace: {result.trace}"


def test_every_decided_question_has_cases() -> None:
    for rb in rulekit.rulebooks():
        path = builtin_dir() / rb / "cases.yaml"
        cases = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []
        asked = {c["question"] for c in cases}
        lacking = [q for q in rulekit.load(rb).decides() if q not in asked]
        assert not lacking, f"{rb}: no cases for {lacking}"
