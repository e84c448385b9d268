"""Decision tables (``rulekit.engine.table``) give the evaluator's Results, field for field, trace included:
on every question of every built-in rulebook and on random rulebooks, for random (partial) assignments; also
when a question is over the size limit, and for the exact-input memo of ``Rulebook.ask``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rulekit
from rulekit.engine.evaluate import NativeBackend
from rulekit.engine.rulebook import Rulebook
from rulekit.engine.table import TableBackend
from rulekit.engine.vocabulary import parse_facts
from strategies import assignment, question_and_facts, random_book, value_of

BOOKS = rulekit.rulebooks()
PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _both(compiled, spec, facts, table: TableBackend):
    parsed = parse_facts(spec, facts)
    shown = {n: spec.facts[n].dump(parsed[n]) for n in spec.facts if n in parsed}
    return table.evaluate(compiled, spec, parsed, shown), NativeBackend().evaluate(compiled, spec, parsed, shown)


@pytest.fixture(scope="module", params=BOOKS)
def tabled(request: pytest.FixtureRequest) -> tuple[rulekit.Rulebook, TableBackend]:
    return rulekit.load(request.param), TableBackend()


@PROPERTY
@given(data=st.data())
def test_a_table_gives_the_evaluators_result(tabled, data: st.DataObject) -> None:
    book, table = tabled
    q, facts = data.draw(question_and_facts())
    spec = book.question(q)
    got, expected = _both(book.compiled, spec, facts, table)
    assert got == expected
    assert got.to_dict() == expected.to_dict()


def test_the_built_in_questions_are_tabled() -> None:
    """Most questions fit the size limit (a question over it is answered by the evaluator, equally)."""
    table = TableBackend()
    tabled = total = 0
    for name in BOOKS:
        book = rulekit.load(name)
        for q in book.decides():
            total += 1
            tabled += table.table(book.compiled, book.question(q)) is not None
    assert tabled >= total - 2, (tabled, total)


@pytest.mark.parametrize("question", ["agenda.admissible", "meeting.quorum", "leave.approver", "document.signer", "deadline"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_table_gives_the_evaluators_result_on_random_rulebooks(question: str, data: st.DataObject) -> None:
    """Sets (agenda.admissible: involves), ints linked by ratios (meeting.quorum), ints, enums and bools."""
    compiled, spec = data.draw(random_book((question,)))
    table = TableBackend()
    read = sorted(compiled.facts_read(spec.id))
    facts_of = st.fixed_dictionaries({}, optional={n: value_of(spec.facts[n], 14) for n in read})  # ints near the constants
    for _ in range(12):  # many assignments against one table: classes are filled by their stand-ins, met by others
        facts = data.draw(facts_of)
        got, expected = _both(compiled, spec, facts, table)
        assert got == expected, facts
        assert got.to_dict() == expected.to_dict()


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_over_the_limit_the_evaluator_answers(data: st.DataObject) -> None:
    compiled, spec = data.draw(random_book())
    table = TableBackend(limit=1)
    facts = data.draw(assignment(spec))
    assert table.table(compiled, spec) is None
    got, expected = _both(compiled, spec, facts, table)
    assert got == expected


def test_ask_remembers_inputs_by_value_and_type() -> None:
    """The exact-input memo never lets an equal value of another type through: 1 == True, but `days` takes 1."""
    book = Rulebook(rulekit.load("yian").compiled)
    first = book.ask("leave.approver", {"person": "deputy", "days": 1})
    assert book.ask("leave.approver", {"person": "deputy", "days": 1}) is first
    with pytest.raises(rulekit.InputError, match="whole number"):
        book.ask("leave.approver", {"person": "deputy", "days": True})
    with pytest.raises(rulekit.InputError, match="whole number"):
        book.ask("leave.approver", {"person": "deputy", "days": 1.0})
    assert book.ask("leave.approver", person="deputy", days="1").to_dict() == first.to_dict()
    assert book.ask("leave.approver", [("person", "deputy"), ("days", 1)]) == first


MEMO_BOOK = Rulebook(rulekit.load("yian").compiled)  # one memo across the examples, so that inputs meet
AMBIGUOUS = [True, False, 1, 0, 1.0, 0.0, 2, "1", "0", "true", "false", "是", None, "5天", 5, 5.0]


def _outcome(book: Rulebook, question: str, facts: dict) -> object:
    try:
        return book.ask(question, facts).to_dict()
    except rulekit.InputError as exc:
        return ("error", str(exc))


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_memo_answers_as_a_fresh_rulebook_whatever_the_values_types(data: st.DataObject) -> None:
    """Law: asking through the exact-input memo (hot path, keyword path, repeated inputs, values equal across
    types: 1 == 1.0 == True) gives what a rulebook with an empty memo gives: the same Result or the same error."""
    question = data.draw(st.sampled_from(["leave.approver", "document.signer", "meeting.quorum", "seal.approver"]))
    spec = MEMO_BOOK.question(question)
    names = data.draw(st.lists(st.sampled_from(sorted(spec.facts)), unique=True, max_size=4))
    pool = st.one_of(st.sampled_from(AMBIGUOUS), st.sampled_from(sorted({v for n in names for v in spec.facts[n].values})
                                                                    or ["x"]))
    facts = {name: data.draw(pool) for name in names}
    expected = _outcome(Rulebook(MEMO_BOOK.compiled), question, facts)
    for _ in range(2):  # the second time from the memo when the first was remembered
        assert _outcome(MEMO_BOOK, question, facts) == expected
    if all(isinstance(n, str) and n.isidentifier() for n in facts):
        try:
            by_keywords = MEMO_BOOK.ask(question, **facts).to_dict()
        except rulekit.InputError as exc:
            by_keywords = ("error", str(exc))
        assert by_keywords == expected
