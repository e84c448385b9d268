"""Comparing a result with an expectation, as check records and case files state them.

An expectation is one of:
- an answer: ``{any_of: [...]}`` / ``{prohibited: true}`` for roles (alternatives compare as sets of
  sets of roles; an alternative may be written as a role id, a list, or ``{all_of: [...]}``), ``true`` /
  ``false``, a duration mapping, or a text;
- ``{status: needs_facts|not_covered|conflict|answered}``, optionally with ``missing: [...]`` (compared
  as a set) and, for answered, ``answer: ...``.
``cite: [59, ...]`` beside it names articles the result must cite (each of them).
"""

from __future__ import annotations

from typing import Any

from ..engine.evaluate import Result, answer_key

__all__ = ["compare", "describe_duration", "STATUSES"]

STATUSES = ("answered", "needs_facts", "not_covered", "conflict")


def compare(result: Result, expect: Any, cite: list[int] | None = None) -> str | None:
    """None when the result meets the expectation (canonical, as ``verdicts`` parses it; None: any) and cites
    every article in ``cite``, else a short reason."""
    if isinstance(expect, dict) and "status" in expect:
        if result.status != expect["status"]:
            return f"expected status {expect['status']}, got {result.status}" + _why(result)
        if "missing" in expect and set(expect["missing"] or []) != set(result.missing):
            return f"expected missing {sorted(expect['missing'] or [])}, got {sorted(result.missing)}"
        if "answer" in expect:
            reason = _answer(result, expect["answer"])
            if reason:
                return reason
    elif expect is not None:
        if result.status != "answered":
            return f"expected an answer, got {result.status}" + _why(result)
        reason = _answer(result, expect)
        if reason:
            return reason
    cited = {c.article for c in result.citations}
    lacking = [a for a in (cite or []) if a not in cited]
    if lacking:
        return f"expected a citation of article {', '.join(map(str, lacking))}, got {sorted(cited) or 'none'}"
    return None


def _answer(result: Result, expected: Any) -> str | None:
    if answer_key(expected) != answer_key(result.answer):
        return f"expected {_show(expected)}, got {_show(result.answer)}"
    return None


def _why(result: Result) -> str:
    if result.missing:
        return f" (missing {', '.join(result.missing)})"
    return ""


def _show(answer: Any) -> str:
    if isinstance(answer, dict) and "any_of" in answer:
        return " | ".join("+".join(alt["all_of"]) for alt in answer["any_of"])
    if isinstance(answer, dict) and answer.get("prohibited"):
        return "prohibited"
    if isinstance(answer, dict) and {"amount", "unit"} <= set(answer):
        return describe_duration(answer)
    if isinstance(answer, bool):
        return "true" if answer else "false"
    return str(answer)


def describe_duration(answer: dict[str, Any]) -> str:
    """A duration answer in words: ``within 7 working days``, ``2 days before``, ``within 1 month``,
    ``the same day``."""
    amount, unit, relation = answer["amount"], answer["unit"], answer.get("relation", "within")
    if unit == "same_day":
        return "the same day"
    names = {"day": "day", "working_day": "working day", "month": "month"}
    span = f"{amount} {names.get(unit, unit)}{'s' if amount != 1 else ''}"
    counted = ", counting the day itself" if answer.get("counting") == "inclusive" else ""
    return f"{span} before{counted}" if relation == "before" else f"within {span}{counted}"
