"""Hypothesis strategies over the vocabulary: fact values and partial fact assignments."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from rulekit.engine.vocabulary import FactSpec, QuestionSpec, vocabulary

QUESTIONS = sorted(vocabulary().questions)


def value_of(spec: FactSpec) -> st.SearchStrategy[Any]:
    if spec.type == "bool":
        return st.booleans()
    if spec.type == "int":
        return st.integers(min_value=0, max_value=40)
    if spec.type == "enum":
        return st.sampled_from(sorted(spec.values))
    return st.frozensets(st.sampled_from(sorted(spec.values)))


def assignment(question: QuestionSpec, *, complete: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    names = sorted(question.facts)
    if complete:
        return st.fixed_dictionaries({n: value_of(question.facts[n]) for n in names})
    return st.fixed_dictionaries({}, optional={n: value_of(question.facts[n]) for n in names})


@st.composite
def question_and_facts(draw: st.DrawFn, questions: list[str] = QUESTIONS) -> tuple[str, dict[str, Any]]:
    q = draw(st.sampled_from(questions))
    return q, draw(assignment(vocabulary().questions[q]))


def comparable(result: Any) -> dict[str, Any]:
    """A result's content, without the echo of the given facts."""
    out = result.to_dict()
    out.pop("facts")
    return out
