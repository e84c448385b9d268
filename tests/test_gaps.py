"""minzhengju lost articles 42-73: answers say so, never guess."""

from __future__ import annotations

import rulekit


def test_an_uncovered_question_names_the_gap() -> None:
    r = rulekit.load("minzhengju").ask("seal.approver", seal="government", purpose="contract")
    assert r.status == "not_covered"
    assert "articles 42-73 are missing" in r.note and "may hold the provision" in r.note


def test_an_answer_from_the_surviving_tail_warns_that_the_gap_could_qualify_it() -> None:
    r = rulekit.load("minzhengju").ask("leave.approver", person="deputy")
    assert r.status == "answered" and r.citations[0].article == 74
    assert "could qualify this answer" in r.note


def test_a_question_the_gap_cannot_touch_carries_no_note() -> None:
    r = rulekit.load("minzhengju").ask("acting.presider", absence="abroad")
    assert r.status == "answered" and r.note is None


def test_rulebooks_without_gaps_add_no_note() -> None:
    assert rulekit.load("yian").ask("seal.approver", seal="party_group", purpose="other").note is None
