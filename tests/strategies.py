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


# -- random rulebooks (tests/test_analyze.py) -------------------------------------------------------------------
# Small questions and a few of their facts, so that a grid of values reaches every class of the case space.
RANDOM_QUESTIONS = {
    "pen.allowed": ["pen"],
    "acting.presider": ["absence"],
    "leave.approver": ["person", "days", "head_away", "abroad"],
    "meeting.quorum": ["meeting", "members_total", "members_present"],
    "agenda.admissible": ["meeting", "involves", "options_count", "temporary"],
}
SOURCE_QUOTE = {"article": 9, "quote": "审批公文必须使用钢笔、毛笔或签字笔"}  # of tests/fixtures/yangli/source.txt
ROLE_ANSWERS = ["head", "executive_deputy", {"any_of": ["head", "executive_deputy"]}]


@st.composite
def atom(draw: st.DrawFn, question: QuestionSpec, facts: list[str]) -> dict[str, Any]:
    """One test on one fact, in the YAML form of a rule's `when`."""
    name = draw(st.sampled_from(facts))
    fact = question.facts[name]
    if fact.type == "bool":
        return {name: draw(st.booleans())}
    if fact.type == "enum":
        values = sorted(fact.values)
        some = draw(st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True))
        op = draw(st.sampled_from(["eq", "in", "ne", "not_in"]))
        return {name: some[0] if op == "eq" else (some if op == "in" else {op: some[0] if op == "ne" else some})}
    if fact.type == "int":
        others = [f for f in facts if f != name and question.facts[f].type == "int"]
        op = draw(st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]))
        if others and draw(st.booleans()):
            ref = {"fact": draw(st.sampled_from(others)), "times": draw(st.sampled_from(["1", "1/2", "2/3"]))}
            return {name: {op: ref}}
        return {name: {op: draw(st.integers(0, 10))}}
    members = sorted(fact.values)[:5]  # a few members, so that tests share some
    op = draw(st.sampled_from(["contains", "contains_any", "contains_all", "eq"]))
    if op == "contains":
        return {name: {op: draw(st.sampled_from(members))}}
    return {name: {op: draw(st.lists(st.sampled_from(members), min_size=1 if op != "eq" else 0, max_size=3, unique=True))}}


@st.composite
def condition(draw: st.DrawFn, question: QuestionSpec, facts: list[str], derived: list[str]) -> Any:
    def one() -> Any:
        if derived and draw(st.integers(0, 4)) == 0:
            return {draw(st.sampled_from(derived)): draw(st.booleans())}
        return draw(atom(question, facts))

    shape = draw(st.sampled_from(["one", "one", "two", "not", "any"]))
    if shape == "one":
        return one()
    if shape == "two":
        return [one(), one()]
    if shape == "not":
        return {"not": one()}
    return {"any": [one(), one()]}


@st.composite
def random_rulebook(draw: st.DrawFn, source: str) -> tuple[str, dict[str, Any]]:
    """(question, the data of a rulebook.yaml) with 1-5 rules for one question, answers that may disagree,
    overrides between them (acyclic: a rule overrides only rules before it), and perhaps a derived fact."""
    q = draw(st.sampled_from(sorted(RANDOM_QUESTIONS)))
    question = vocabulary().questions[q]
    facts = RANDOM_QUESTIONS[q]
    book: dict[str, Any] = {"id": "random", "name": "随机县人民政府工作规则", "jurisdiction": {"name": "随机县", "level": "county"},
                            "source": source, "rules": []}
    derived: list[str] = []
    if draw(st.booleans()):
        derived = ["flag"]
        book["derived"] = {"flag": {"zh": "标记"}}
        for n in range(draw(st.integers(1, 2))):
            book["rules"].append({"id": f"flag.{n}", "derive": "flag", "when": draw(condition(question, facts, [])),
                                  "then": True, "cite": SOURCE_QUOTE})
    answers = [True, False] if question.answer == "boolean" else ROLE_ANSWERS
    count = draw(st.integers(1, 5))
    for n in range(count):
        rule: dict[str, Any] = {"id": f"r{n}", "question": q, "then": draw(st.sampled_from(answers)), "cite": SOURCE_QUOTE}
        if draw(st.integers(0, 5)):
            rule["when"] = draw(condition(question, facts, derived))
        if n:
            over = draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True))
            if over:
                rule["overrides"] = [f"r{i}" for i in over]
        book["rules"].append(rule)
    return q, book
