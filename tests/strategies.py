"""Hypothesis strategies over the vocabulary: fact values and partial fact assignments."""

from __future__ import annotations

import functools
import itertools
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from rulekit.engine.compile import Compiled, JurisdictionInfo, Rule, index_rules
from rulekit.engine.conditions import parse_condition
from rulekit.engine.vocabulary import FactSpec, QuestionSpec, vocabulary

QUESTIONS = sorted(vocabulary().questions)


def value_of(spec: FactSpec, top: int = 40) -> st.SearchStrategy[Any]:
    if spec.type == "bool":
        return st.booleans()
    if spec.type == "int":
        return st.integers(min_value=0, max_value=top) if top > 20 else st.sampled_from(range(top + 1))
    if spec.type == "enum":
        return st.sampled_from(sorted(spec.values))
    return st.frozensets(st.sampled_from(sorted(spec.values)))


def assignment(question: QuestionSpec, *, complete: bool = False, top: int = 40) -> st.SearchStrategy[dict[str, Any]]:
    """Values for the question's facts (ints up to ``top``); partial unless ``complete``."""
    names = sorted(question.facts)
    if complete:
        return st.fixed_dictionaries({n: value_of(question.facts[n], top) for n in names})
    return st.fixed_dictionaries({}, optional={n: value_of(question.facts[n], top) for n in names})


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


# -- random rulebooks, for the differential test of the two engines (tests/test_engines.py) ---------------
# A synthetic question with facts of every type, rulebooks over it with every condition operator, derived facts
# in strata (a derived fact reads given facts and the derived facts before it) and chains of overrides, built
# through the real condition parser and indexed as `compile` does.

SYNTHETIC_FACTS = {
    "b1": FactSpec("b1", "bool", "甲"),
    "b2": FactSpec("b2", "bool", "乙"),
    "e1": FactSpec("e1", "enum", "丙", {"a": "A", "b": "B", "c": "C"}),
    "e2": FactSpec("e2", "enum", "丁", {"a": "A", "b": "B"}),
    "i1": FactSpec("i1", "int", "戊"),
    "i2": FactSpec("i2", "int", "己"),
    "s1": FactSpec("s1", "set", "庚", {"x": "X", "y": "Y", "z": "Z"}),
}
SYNTHETIC = QuestionSpec("synthetic.q", "合成问题", "roles", SYNTHETIC_FACTS)
ANSWERS = (
    {"any_of": [{"all_of": ["head"]}]},
    {"any_of": [{"all_of": ["head"], "note": "受托"}]},
    {"any_of": [{"all_of": ["executive_deputy"]}, {"all_of": ["head"]}]},
    {"any_of": [{"all_of": ["office_director"]}]},
)
_ids = itertools.count()


def synthetic_value(spec: FactSpec) -> st.SearchStrategy[Any]:
    if spec.type == "int":
        return st.integers(min_value=-3, max_value=12)
    return value_of(spec)


def _values(spec: FactSpec) -> st.SearchStrategy[list[Any]]:
    return st.lists(synthetic_value(spec), max_size=3, unique=True)


@st.composite
def _leaf(draw: st.DrawFn, derived: list[str]) -> dict[str, Any]:
    names = sorted(SYNTHETIC_FACTS) + derived
    name = draw(st.sampled_from(names))
    if name in derived:
        return {name: draw(st.one_of(st.booleans(), st.fixed_dictionaries({draw(st.sampled_from(["eq", "ne", "known"])): st.booleans()})))}
    spec = SYNTHETIC_FACTS[name]
    if draw(st.integers(0, 9)) == 0:
        return {name: {"known": draw(st.booleans())}}
    if spec.type == "bool":
        return {name: draw(st.one_of(st.booleans(), st.fixed_dictionaries({"ne": st.booleans()})))}
    if spec.type == "enum":
        op = draw(st.sampled_from(["plain", "list", "eq", "ne", "in", "not_in"]))
        if op == "plain":
            return {name: draw(synthetic_value(spec))}
        if op == "list":
            return {name: draw(_values(spec))}
        return {name: {op: draw(_values(spec) if op in ("in", "not_in") else synthetic_value(spec))}}
    if spec.type == "int":
        op = draw(st.sampled_from(["plain", "eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "ref"]))
        if op == "plain":
            return {name: draw(synthetic_value(spec))}
        if op in ("in", "not_in"):
            return {name: {op: draw(_values(spec))}}
        if op == "ref":
            other = draw(st.sampled_from(["i1", "i2"]))
            times = draw(st.sampled_from([Fraction(1), Fraction(1, 2), Fraction(2, 3), Fraction(3, 2), Fraction(2)]))
            return {name: {draw(st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"])): {"fact": other, "times": str(times)}}}
        return {name: {op: draw(synthetic_value(spec))}}
    op = draw(st.sampled_from(["contains", "contains_any", "contains_all", "eq"]))
    if op == "contains":
        return {name: {op: draw(st.sampled_from(sorted(spec.values)))}}
    return {name: {op: draw(st.lists(st.sampled_from(sorted(spec.values)), max_size=3, unique=True))}}


def _condition(derived: list[str]) -> st.SearchStrategy[Any]:
    return _condition_of(tuple(derived))


@functools.lru_cache(maxsize=None)
def _condition_of(derived: tuple[str, ...]) -> st.SearchStrategy[Any]:
    leaf = _leaf(list(derived))
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.fixed_dictionaries({"all": st.lists(inner, min_size=1, max_size=3)}),
            st.fixed_dictionaries({"any": st.lists(inner, min_size=1, max_size=3)}),
            st.fixed_dictionaries({"not": inner}),
            st.lists(inner, min_size=1, max_size=3),
        ),
        max_leaves=5,
    )


def _lookup(derived: list[str]) -> Any:
    return lambda name: "derived" if name in derived else SYNTHETIC_FACTS.get(name)


@st.composite
def rulebooks(draw: st.DrawFn) -> Compiled:
    """A random valid compiled rulebook over ``SYNTHETIC``."""
    n_derived = draw(st.integers(0, 3))
    derived = [f"d{j}" for j in range(n_derived)]
    rules: list[Rule] = []

    def rule(rule_id: str, raw: Any, visible: list[str], **kw: Any) -> Rule:
        condition = parse_condition(raw, ("rules", rule_id, "when"), _lookup(visible))
        return Rule(id=rule_id, condition=condition, article=draw(st.integers(1, 9)),
                    clause=draw(st.one_of(st.none(), st.integers(1, 3))), quote=f"引文{rule_id}",
                    strength=draw(st.sampled_from(["mandatory", "in_principle"])), note=None, **kw)

    for j, name in enumerate(derived):
        for i in range(draw(st.integers(0 if j else 1, 3))):
            raw = draw(st.one_of(st.none(), _condition(derived[:j]))) if i else draw(_condition(derived[:j]))
            rules.append(rule(f"{name}.r{i}", raw, derived[:j], question=None, derive=name, answer=None, overrides=()))
    n_rules = draw(st.integers(0, 6))
    for i in range(n_rules):
        raw = draw(st.one_of(_condition(derived), st.none())) if draw(st.integers(0, 5)) == 0 else draw(_condition(derived))
        below = [f"q{k}" for k in range(i)]
        overrides = tuple(draw(st.lists(st.sampled_from(below), max_size=2, unique=True))) if below else ()
        rules.append(rule(f"q{i}", raw, derived, question=SYNTHETIC.id, derive=None, answer=draw(st.sampled_from(ANSWERS)),
                          overrides=overrides))
    return index(rules, derived)


def index(rules: list[Rule], derived: list[str]) -> Compiled:
    """The compiled rulebook of ``rules``, indexed as ``compile_rulebook`` does."""
    number = next(_ids)
    return Compiled(
        id=f"synthetic{number}", name=f"合成规则{number}", aliases=(), jurisdiction=JurisdictionInfo("合成县", "county", None),
        date=None, path=Path(f"/synthetic/{number}/rulebook.yaml"), titles={}, derived={d: d for d in derived},
        **index_rules(rules, set(derived)), articles={}, gaps=(), repairs=(), unencoded={},
    )


def synthetic_facts() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={n: synthetic_value(s) for n, s in sorted(SYNTHETIC_FACTS.items())})


# -- random compiled rulebooks, for the decision tables (tests/test_table.py) -------------------------------------------------------------------------------------------
# Rules over a question's facts with random conditions (every operator, ints against constants and against each
# other scaled, sets, `known`, all/any/not), derived facts read by them, overrides between them and answers from a
# small pool (so that rules agree, disagree and conflict): compiled directly, without files.


from rulekit.engine.conditions import Condition, FactRef  # noqa: E402

_ANSWERS = {
    "roles": [{"any_of": [{"all_of": ["head"]}]}, {"any_of": [{"all_of": ["head"]}, {"all_of": ["executive_deputy"], "note": "受委托"}]},
              {"any_of": [{"all_of": ["deputy_in_charge"]}]}, {"prohibited": True}],
    "boolean": [True, False],
    "duration": [{"amount": 7, "unit": "working_day", "relation": "within"}, {"amount": 3, "unit": "day", "relation": "before"}],
    "text": ["甲", "乙"],
}


@st.composite
def _table_atom(draw: st.DrawFn, spec: QuestionSpec, names: list[str], derived: list[str]) -> Condition:
    name = draw(st.sampled_from(names + derived))
    if draw(st.integers(0, 9)) == 0:
        return Condition("known", fact=name, value=draw(st.booleans()))
    if name in derived:
        return Condition(draw(st.sampled_from(["eq", "ne"])), fact=name, value=draw(st.booleans()))
    fact = spec.facts[name]
    if fact.type == "bool":
        return Condition(draw(st.sampled_from(["eq", "ne"])), fact=name, value=draw(st.booleans()))
    if fact.type == "enum":
        values = sorted(fact.values)
        op = draw(st.sampled_from(["eq", "ne", "in", "not_in"]))
        if op in ("eq", "ne"):
            return Condition(op, fact=name, value=draw(st.sampled_from(values)))
        return Condition(op, fact=name, value=draw(st.frozensets(st.sampled_from(values), min_size=1, max_size=3)))
    if fact.type == "int":
        op = draw(st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"]))
        others = [n for n in names if n != name and spec.facts[n].type == "int"]
        if op in ("in", "not_in"):
            return Condition(op, fact=name, value=draw(st.frozensets(st.integers(0, 12), min_size=1, max_size=3)))
        if others and draw(st.integers(0, 3)):
            times = draw(st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(1), Fraction(2)]))
            return Condition(op, fact=name, value=FactRef(draw(st.sampled_from(others)), times))
        return Condition(op, fact=name, value=draw(st.integers(0, 12)))
    values = sorted(fact.values)
    op = draw(st.sampled_from(["contains", "contains_any", "contains_all", "eq"]))
    if op == "contains":
        return Condition(op, fact=name, value=draw(st.sampled_from(values)))
    return Condition(op, fact=name, value=draw(st.frozensets(st.sampled_from(values), min_size=1, max_size=3)))


def _table_condition(spec: QuestionSpec, names: list[str], derived: list[str]) -> st.SearchStrategy[Condition]:
    atoms = _table_atom(spec, names, derived)
    return st.recursive(atoms, lambda inner: st.one_of(
        st.builds(lambda items: Condition("all", tuple(items)), st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda items: Condition("any", tuple(items)), st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda item: Condition("not", (item,)), inner),
    ), max_leaves=5)


_ALWAYS = {"agenda.admissible": ["involves"], "meeting.quorum": ["members_present", "members_total"], "leave.approver": ["days"]}


@st.composite
def random_book(draw: st.DrawFn, questions: tuple[str, ...] = ("agenda.admissible", "meeting.quorum", "leave.approver",
                                                               "document.signer", "deadline")) -> tuple[Compiled, QuestionSpec]:
    """A compiled rulebook for one question: 1-6 rules over 1-4 of its facts, 0-2 derived facts, overrides."""
    spec = vocabulary().questions[draw(st.sampled_from(questions))]
    names = list(_ALWAYS.get(spec.id, []))
    names += [n for n in draw(st.lists(st.sampled_from(sorted(spec.facts)), min_size=1, max_size=4, unique=True))
              if n not in names]
    derived_names = [f"d{i}" for i in range(draw(st.integers(0, 2)))]
    rules: list[Rule] = []
    for i, name in enumerate(derived_names):  # a derived fact reads facts and the derived facts before it
        for j in range(draw(st.integers(1, 2))):
            condition = draw(_table_condition(spec, names, derived_names[:i]))
            rules.append(Rule(f"{name}.{j}", None, name, condition, None, 1, None, "q", "mandatory", (), None))
    count = draw(st.integers(1, 6))
    for i in range(count):
        condition = draw(_table_condition(spec, names, derived_names))
        overrides = tuple(f"r{j}" for j in range(i) if draw(st.integers(0, 3)) == 0)
        answer = draw(st.sampled_from(_ANSWERS[spec.answer]))
        rules.append(Rule(f"r{i}", spec.id, None, condition, answer, draw(st.integers(1, 9)), draw(st.sampled_from([None, 1, 2])),
                          "q", draw(st.sampled_from(["mandatory", "in_principle"])), overrides, None))
    return compiled_from(rules, derived_names), spec


def compiled_from(rules: list[Rule], derived: list[str]) -> Compiled:
    """A Compiled rulebook from rules, indexed as ``compile_rulebook`` does."""
    return Compiled(
        id="random", name="随机规则", aliases=(), jurisdiction=JurisdictionInfo("随机", "county", None), date=None,
        path=Path("random/rulebook.yaml"), titles={}, derived={d: d for d in derived},
        **index_rules(rules, set(derived)), articles={}, gaps=(), repairs=(), unencoded={})
