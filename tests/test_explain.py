"""The explanation is data until it is rendered: ``Result.events`` are typed, ``Result.trace`` is their Chinese
rendering (the contract's ``trace``), and the same events render in English."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import rulekit
from rulekit.engine import trace as ev
from rulekit.engine.explain import render_trace


def test_an_answer_explains_itself_as_events() -> None:
    r = rulekit.load("yian").ask("document.signer", issuer="government", form="request", recipient="higher_government")
    kinds = [type(e) for e in r.events]
    assert kinds[0] is ev.Applied and r.events[0].rule.id == "signer.government.to_city"
    excluded = [e for e in r.events if isinstance(e, ev.Excluded)]
    assert excluded and all("signer.government.to_city" in e.by for e in excluded)
    assert r.trace == render_trace(r.events, "zh")
    assert r.to_dict()["trace"] == list(r.trace)
    assert render_trace(r.events, "en")[0].startswith("applies `signer.government.to_city` (art. 59(3))")
    assert r.events[0].to_dict() == {"event": "applied", "rule": "signer.government.to_city", "article": 59, "clause": 3}


def test_needs_facts_and_not_covered_end_the_trace_with_their_event() -> None:
    yian = rulekit.load("yian")
    r = yian.ask("seal.approver", seal="县长印章", purpose="合同")
    assert r.status == "needs_facts" and r.events[-1] == ev.NeedsFacts(r.missing)
    assert any(isinstance(e, ev.Pending) and "head_away" in e.missing for e in r.events)
    assert r.trace[-1] == "需要事实: `head_away`"
    silent = rulekit.load("minzhengju").ask("seal.approver")
    assert silent.status == "not_covered" and silent.events == (ev.NoRules("minzhengju", "seal.approver"),)
    assert silent.trace == ("`minzhengju` 没有回答 `seal.approver` 的规则",)


QUESTIONS = [(rb, q) for rb in ("yian", "tuokexun", "longfeng", "shuangta", "minzhengju") for q in rulekit.load(rb).decides()]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(QUESTIONS), st.data())
def test_every_event_renders_in_both_languages(pair: tuple[str, str], data: st.DataObject) -> None:
    rb, question = pair
    book = rulekit.load(rb)
    spec = book.question(question)
    facts = {}
    for name, fact in spec.facts.items():
        if data.draw(st.booleans(), label=f"give {name}"):
            if fact.values:
                facts[name] = data.draw(st.sampled_from(sorted(fact.values)), label=name)
            elif fact.type == "bool":
                facts[name] = data.draw(st.booleans(), label=name)
            elif fact.type == "int":
                facts[name] = data.draw(st.integers(0, 60), label=name)
    r = book.ask(question, facts)
    assert all(isinstance(e, ev.Event.__args__) for e in r.events)
    zh, en = render_trace(r.events, "zh"), render_trace(r.events, "en")
    assert len(zh) == len(en) == len(r.events) and all(zh) and all(en)
    assert all(e.to_dict()["event"] for e in r.events)
