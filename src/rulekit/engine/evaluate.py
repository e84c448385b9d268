"""Stage 4, evaluate: answer a question from a compiled rulebook and a set of (possibly partial) facts.

1. Derived facts are computed in dependency order (stratified forward chaining to the fixpoint): a
   derived fact is true when one of its rules holds, false when all fail, unknown otherwise.
2. Each rule for the question is true, false or unknown (Kleene logic over the given facts).
3. A rule is *effective* when it holds and no effective rule overriding it holds:
   ``effective(r) = holds(r) ∧ ¬ ⋁ effective(o) for o overriding r`` (three-valued).
4. The status follows:
   - ``conflict``: effective rules with different answers and no declared priority between them;
   - ``answered``: one answer among the effective rules, and every possibly-effective rule agrees;
   - ``needs_facts``: the outcome turns on unknown facts; ``missing`` names those (and only those)
     read by the undecided rules;
   - ``not_covered``: no rule can apply.
Rule order in the file plays no part: rules are visited sorted by id.
"""

from __future__ import annotations

import json
from functools import cached_property

TYPE_CHECKING = False  # typing is imported by type checkers only: `rulekit ask` starts without it
if TYPE_CHECKING:
    from typing import Any, Mapping

from .._frozen import frozen
from . import trace as ev
from .compile import Compiled, Rule
from .conditions import Tri
from .vocabulary import QuestionSpec

__all__ = ["Backend", "Citation", "NativeBackend", "Result", "classify", "decide", "derive_facts", "effective_rules", "evaluate"]


@frozen
class Citation:
    article: int
    clause: int | None
    quote: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "clause": self.clause, "quote": self.quote, "rule": self.rule}


@frozen
class Result:
    """The answer to one question, with its reasons as data. ``to_dict()`` is the contract's JSON.

    ``events`` is the explanation as typed data (``rulekit.engine.trace``); ``trace`` is its Chinese rendering
    (``explain.render_trace``), made on first use."""

    rulebook: str
    question: str
    facts: dict[str, Any]
    status: str
    answer: Any
    missing: tuple[str, ...]
    citations: tuple[Citation, ...]
    events: tuple[ev.Event, ...]
    rules: tuple[str, ...] = ()
    strength: str | None = None
    note: str | None = None
    conflicts: tuple[dict[str, Any], ...] = ()
    readings: tuple[dict[str, Any], ...] = ()  # the deciding rules' other readings: {rule, article, clause, reading, open}

    @cached_property
    def trace(self) -> tuple[str, ...]:
        from .explain import render_trace

        return render_trace(self.events, "zh")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rulebook": self.rulebook,
            "question": self.question,
            "facts": self.facts,
            "status": self.status,
            "answer": self.answer,
            "missing": list(self.missing),
            "citations": [c.to_dict() for c in self.citations],
            "trace": list(self.trace),
            "rules": list(self.rules),
        }
        if self.strength:
            out["strength"] = self.strength
        if self.note:
            out["note"] = self.note
        if self.conflicts:
            out["conflicts"] = list(self.conflicts)
        if self.readings:
            out["readings"] = list(self.readings)
        return out

    @property
    def answered(self) -> bool:
        return self.status == "answered"

    def with_facts(self, facts: dict[str, Any]) -> "Result":
        """This Result for other facts of the same class (``table.py``): a copy with ``facts`` replaced and every
        other field (the rendered trace too) shared."""
        new = object.__new__(Result)
        new.__dict__.update(self.__dict__)
        new.__dict__["facts"] = facts
        return new


def answer_key(answer: Any) -> Any:
    """What makes two answers the same: role answers compare as sets of sets of roles, notes aside."""
    if isinstance(answer, dict) and "any_of" in answer:
        return frozenset(frozenset(alt["all_of"]) for alt in answer["any_of"])
    return json.dumps(answer, sort_keys=True, ensure_ascii=False)


def _merge(rules: list[Rule]) -> Any:
    """One answer from rules that agree: the first rule's, with the notes of all of them."""
    first = rules[0].answer
    if not (isinstance(first, dict) and "any_of" in first):
        return first
    notes: dict[frozenset, list[str]] = {}
    for rule in rules:
        for alt in rule.answer["any_of"]:
            bucket = notes.setdefault(frozenset(alt["all_of"]), [])
            if alt.get("note") and alt["note"] not in bucket:
                bucket.append(alt["note"])
    merged = []
    for alt in first["any_of"]:
        entry: dict[str, Any] = {"all_of": list(alt["all_of"])}
        found = notes.get(frozenset(alt["all_of"]))
        if found:
            entry["note"] = "；".join(found)
        merged.append(entry)
    return {"any_of": merged}


def evaluate(book: Compiled, question: QuestionSpec, facts: Mapping[str, Any], json_facts: dict[str, Any]) -> Result:
    """The four steps of the module docstring; each is a function below that another backend may reuse."""
    trace: list[ev.Event] = []
    derived = derive_facts(book, question.id, facts, trace)
    candidates = book.by_question.get(question.id, ())
    holds: dict[str, Tri] = {r.id: r.condition.evaluate(facts, derived) for r in candidates}
    effective = effective_rules(book, holds)
    sure, maybe = classify(book, candidates, holds, effective, trace)
    return decide(book, question, json_facts, candidates, sure, maybe, effective, trace)


def derive_facts(book: Compiled, question: str, facts: Mapping[str, Any], trace: list[ev.Event]) -> dict[str, Tri]:
    """Step 1: the derived facts the question's rules read, in dependency order. A derived fact is true when one
    of its rules holds, false when all fail, unknown (with the facts that would settle it) otherwise."""
    derived: dict[str, Tri] = {}
    for name in book.derive_for.get(question, ()):
        unknown: set[str] = set()
        value: bool | None = False
        for rule in book.derive_rules.get(name, ()):
            holds, missing = rule.condition.evaluate(facts, derived)
            if holds is True:
                value, unknown = True, set()
                trace.append(ev.Derived(name, rule))
                break
            if holds is None:
                value = None
                unknown |= missing
        derived[name] = (value, frozenset(unknown))
    return derived


def effective_rules(book: Compiled, holds: Mapping[str, Tri]) -> dict[str, Tri]:
    """Step 3: ``effective(r) = holds(r) ∧ ¬ ⋁ effective(o)`` over the rules ``o`` overriding ``r`` (three-valued),
    for every rule in ``holds``; the facts that could settle an undecided rule travel with it."""
    effective: dict[str, Tri] = {}

    def effect(rule_id: str) -> Tri:
        if rule_id in effective:
            return effective[rule_id]
        value, missing = holds[rule_id]
        if value is not False:
            for other in book.overridden_by.get(rule_id, ()):
                if other not in holds:
                    continue
                o_value, o_missing = effect(other)
                if o_value is True:
                    value, missing = False, frozenset()
                    break
                if o_value is None:
                    value, missing = None, missing | o_missing
        effective[rule_id] = (value, missing)
        return effective[rule_id]

    for rule_id in holds:
        effect(rule_id)
    return effective


def classify(book: Compiled, candidates: tuple[Rule, ...], holds: Mapping[str, Tri], effective: Mapping[str, Tri],
             trace: list[ev.Event]) -> tuple[list[Rule], list[Rule]]:
    """The rules surely effective and those that may be; the trace records applied, excluded and pending rules."""
    sure: list[Rule] = []
    maybe: list[Rule] = []
    excluded: list[ev.Event] = []
    pending: list[ev.Event] = []
    for rule in candidates:
        value, missing = effective[rule.id]
        if value is True:
            sure.append(rule)
            trace.append(ev.Applied(rule))
        elif value is None:
            maybe.append(rule)
            pending.append(ev.Pending(rule, tuple(sorted(missing)), holds[rule.id][0] is True))
        elif holds[rule.id][0] is True:
            by = tuple(o for o in book.overridden_by.get(rule.id, ()) if effective.get(o, (None,))[0] is True)
            excluded.append(ev.Excluded(rule, by))
    trace += excluded + pending
    return sure, maybe


def decide(book: Compiled, question: QuestionSpec, json_facts: dict[str, Any], candidates: tuple[Rule, ...],
           sure: list[Rule], maybe: list[Rule], effective: Mapping[str, Tri], trace: list[ev.Event]) -> Result:
    """Step 4: the status, answer, citations and missing facts from the effective and possibly-effective rules."""

    def result(status: str, **kw: Any) -> Result:
        return Result(book.id, question.id, json_facts, status, kw.pop("answer", None), kw.pop("missing", ()),
                      kw.pop("citations", ()), tuple(trace), **kw)

    groups: dict[Any, list[Rule]] = {}
    for rule in sure:
        groups.setdefault(answer_key(rule.answer), []).append(rule)
    if len(groups) > 1:
        trace.append(ev.Conflict(tuple(r.id for r in sure)))
        conflicts = tuple({"rule": r.id, "answer": r.answer, "article": r.article, "clause": r.clause} for r in sure)
        return result("conflict", citations=_citations(sure), rules=tuple(r.id for r in sure), conflicts=conflicts,
                      note="the rulebook gives two answers here without a priority between them: a defect to report")
    undecided = maybe
    if groups:
        (key, deciding), = groups.items()
        undecided = [r for r in maybe if answer_key(r.answer) != key]
        if not undecided:
            strength = "in_principle" if any(r.strength == "in_principle" for r in deciding) else "mandatory"
            readings = _readings(deciding)
            return result("answered", answer=_merge(deciding), citations=_citations(deciding),
                          rules=tuple(r.id for r in deciding), strength=strength, readings=readings,
                          note=_join_notes(_open_readings_note(readings), _gap_note(book, question.id, False)))
        undecided = deciding + undecided
    if undecided:
        missing = _missing([r for r in undecided if effective[r.id][0] is None], effective, list(question.facts))
        trace.append(ev.NeedsFacts(missing))
        return result("needs_facts", missing=missing, rules=tuple(r.id for r in undecided),
                      note=_gap_note(book, question.id, False))
    trace.append(ev.NoRules(book.id, question.id) if not candidates else ev.NoneApplies())
    return result("not_covered", note=_gap_note(book, question.id, True))


def _citations(rules: list[Rule]) -> tuple[Citation, ...]:
    ordered = sorted(rules, key=lambda r: (r.article, r.clause or 0, r.id))
    return tuple(Citation(r.article, r.clause, r.quote, r.id) for r in ordered)


def _missing(rules: list[Rule], effective: dict[str, Tri], order: list[str]) -> tuple[str, ...]:
    names: set[str] = set()
    for rule in rules:
        names |= effective[rule.id][1]
    return tuple(sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n)))


def _readings(rules: list[Rule]) -> tuple[dict[str, Any], ...]:
    ordered = sorted(rules, key=lambda r: (r.article, r.clause or 0, r.id))
    return tuple({"rule": r.id, "article": r.article, "clause": r.clause, "reading": r.reading, "open": r.reading_open}
                 for r in ordered if r.reading)


def _open_readings_note(readings: tuple[dict[str, Any], ...]) -> str | None:
    """Where the text truly supports two readings, the answer says so (the rule's ``reading_open``)."""
    notes = [f"原文可作两种理解(第{r['article']}条), 本答案取其一; 另一种理解: {r['reading']}"
             for r in readings if r["open"]]
    return " ".join(notes) or None


def _join_notes(*notes: str | None) -> str | None:
    return " ".join(n for n in notes if n) or None


def _gap_note(book: Compiled, question: str, uncovered: bool) -> str | None:
    notes = []
    for gap in book.gaps:
        if not gap.may_hold(question) or not (uncovered or gap.qualify_answers):
            continue
        notes.append(f"articles {gap.from_article}-{gap.to_article} are missing from the source ({gap.note}); "
                     + ("they may hold the provision that decides this" if uncovered else "a provision there could qualify this answer"))
    return " ".join(notes) or None


class Backend:
    """An evaluation engine (a protocol: any object with these two members will do). The native one is below; a
    second (e.g. durable-rules) must give equal Results."""

    name: str

    def evaluate(self, book: Compiled, question: QuestionSpec, facts: Mapping[str, Any], json_facts: dict[str, Any]) -> Result:
        ...


class NativeBackend:
    """Three-valued forward chaining in Python (this module's ``evaluate``)."""

    name = "native"

    def evaluate(self, book: Compiled, question: QuestionSpec, facts: Mapping[str, Any], json_facts: dict[str, Any]) -> Result:
        return evaluate(book, question, facts, json_facts)
