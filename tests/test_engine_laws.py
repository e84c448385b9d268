"""The engine's laws, as hypothesis properties over every built-in rulebook:

- rule order in the file does not matter;
- the order in which facts are given does not matter, and results are deterministic;
- a fact the question's rules never read changes nothing;
- an unknown fact is never read as false: a decided result (answered, not_covered, conflict) stays the
  same however the unknown facts are filled in, and `needs_facts` names only facts that were not given.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rulekit
from rulekit.engine.vocabulary import vocabulary
from strategies import assignment, comparable, question_and_facts, value_of

BOOKS = rulekit.rulebooks()
LAW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", params=BOOKS)
def book(request: pytest.FixtureRequest) -> rulekit.Rulebook:
    return rulekit.load(request.param)


@pytest.mark.parametrize("name", BOOKS)
@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_rule_order_in_the_file_does_not_matter(name: str, seed: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    original = rulekit.load(name)
    folder = Path(original.compiled.path).parent
    copy = tmp_path_factory.mktemp("shuffled")
    for item in folder.iterdir():
        if item.is_file():
            shutil.copy(item, copy / item.name)
    data = yaml.safe_load((folder / "rulebook.yaml").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    rng.shuffle(data["rules"])
    (copy / "rulebook.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shuffled = rulekit.load(copy)
    for rule in data["rules"]:  # the order of the tests inside a condition changes the trace's wording only
        if isinstance(rule.get("when"), dict):
            items = list(rule["when"].items())
            rng.shuffle(items)
            rule["when"] = dict(items)
    keys = tmp_path_factory.mktemp("shuffled_keys")
    for item in copy.iterdir():
        shutil.copy(item, keys / item.name)
    (keys / "rulebook.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reworded = rulekit.load(keys)
    vocab = vocabulary()
    for _ in range(300):
        q = rng.choice(sorted(vocab.questions))
        spec = vocab.questions[q]
        facts = {n: _sample(spec.facts[n], rng) for n in spec.facts if rng.random() < 0.6}
        expected = comparable(original.ask(q, facts))
        assert comparable(shuffled.ask(q, facts)) == expected
        expected.pop("trace")
        got = comparable(reworded.ask(q, facts))
        got.pop("trace")
        assert got == expected


def _sample(spec: Any, rng: random.Random) -> Any:
    if spec.type == "bool":
        return rng.random() < 0.5
    if spec.type == "int":
        return rng.randint(0, 30)
    if spec.type == "enum":
        return rng.choice(sorted(spec.values))
    return frozenset(v for v in spec.values if rng.random() < 0.3)


@LAW
@given(data=st.data())
def test_fact_order_does_not_matter_and_results_are_deterministic(book: rulekit.Rulebook, data: st.DataObject) -> None:
    q, facts = data.draw(question_and_facts())
    reordered = dict(reversed(list(facts.items())))
    first = book.ask(q, facts).to_dict()
    assert first == book.ask(q, facts).to_dict()
    assert first == book.ask(q, reordered).to_dict()


@LAW
@given(data=st.data())
def test_a_fact_no_rule_reads_changes_nothing(book: rulekit.Rulebook, data: st.DataObject) -> None:
    q, facts = data.draw(question_and_facts())
    spec = vocabulary().questions[q]
    unread = sorted(set(spec.facts) - book.compiled.facts_read(q) - set(facts))
    if not unread:
        return
    name = data.draw(st.sampled_from(unread))
    extra = dict(facts, **{name: data.draw(value_of(spec.facts[name]))})
    assert comparable(book.ask(q, facts)) == comparable(book.ask(q, extra))


@LAW
@given(data=st.data())
def test_an_unknown_fact_is_never_read_as_false(book: rulekit.Rulebook, data: st.DataObject) -> None:
    q, partial = data.draw(question_and_facts())
    spec = vocabulary().questions[q]
    result = book.ask(q, partial)
    assert set(result.missing) <= set(spec.facts) - set(partial)
    if result.status == "needs_facts":
        assert result.missing, "needs_facts must name the facts it needs"
        return
    completion = data.draw(assignment(spec, complete=True))
    full = dict(completion, **partial)
    later = book.ask(q, full)
    assert (later.status, later.answer) == (result.status, result.answer), (
        f"{q} with {partial} gave {result.status} {result.answer}, but with {full} it gives {later.status} {later.answer}"
    )


@LAW
@given(data=st.data())
def test_answered_results_cite_verbatim_quotes(book: rulekit.Rulebook, data: st.DataObject) -> None:
    q, facts = data.draw(question_and_facts())
    result = book.ask(q, facts)
    if result.status == "answered":
        assert result.citations
        for c in result.citations:
            assert c.quote in book.compiled.articles[c.article].text
