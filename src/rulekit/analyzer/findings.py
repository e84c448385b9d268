"""Static analysis of one rulebook over the whole case space of every question it decides.

The case space and its search are the differ's (``differ.space``, ``differ.search``): one search engine. For a
question the tree of partial assignments is explored as for a diff, with one rulebook, and refined until every
rule's condition and effectiveness is decided in each leaf (``refine``). By the engine's monotonicity law a value
decided at a partial assignment holds in every completion, and the stand-ins of the space are exact, so each leaf
says for all its complete cases: the result, which rules hold, which are effective. The findings follow:

- **conflict**: leaves whose result is ``conflict``, grouped by the rules in conflict and merged into regions;
- **dead**: a rule effective in no leaf — ``unsatisfiable`` when its condition holds in none, else
  ``overridden`` by the overriding rules effective wherever it holds (a derive rule: its condition holds in none);
- **redundant**: a rule that, in every leaf where it is effective, shares the answer of another effective rule;
- **gap**: leaves whose result is ``not_covered``, merged into regions;
- **needless**: a fact that `ask` asks for (``needs_facts``) although every value of it gives the same outcome. For
  each variable of the space the tree is explored again with that variable *withheld* (never split on); a leaf
  whose result still needs it is needless when every stand-in of the variable gives one outcome.

Sound and complete by the same argument as the diff's regions (docs/DIFF.md), property-tested against ``ask`` on
random rulebooks (``tests/test_analyze.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence

from ..differ.search import Region, Side, _Evaluator, _explore, _Leaf, _regions, outcome
from ..differ.space import Space, build_space
from ..engine.compile import AllowInfo, Compiled, Rule
from ..engine.evaluate import Result, answer_key, derive_facts, effective_rules
from ..engine.rulebook import Rulebook, load
from ..engine.vocabulary import QuestionSpec, vocabulary
from ..errors import InputError

__all__ = ["Analysis", "Finding", "QuestionAnalysis", "analyze", "analyze_book", "KINDS", "FAILING"]

KINDS = ("conflict", "dead", "redundant", "gap", "needless")
FAILING = ("conflict", "dead")  # findings that make `rulekit analyze` exit 1 unless accepted


@dataclass(frozen=True)
class Finding:
    """One finding. ``rules``: a conflict's rules, the dead or redundant rule, or the rules that ask for a needless
    fact; ``by``: the rules overriding a dead rule, or deciding a redundant rule's cases the same way; ``regions``:
    classes of complete cases (for ``needless``: of cases with ``facts`` left out), each with the result there."""

    kind: str
    question: str | None  # None: a derive rule (dead), read by several questions
    rules: tuple[str, ...] = ()
    by: tuple[str, ...] = ()
    reason: str | None = None  # dead: "unsatisfiable" | "overridden"
    facts: tuple[str, ...] = ()  # needless: the fact(s) (linked ints together)
    everywhere: bool = False  # needless: the fact changes the outcome in no case at all
    regions: tuple[Region, ...] = ()
    cases: int = 0  # case classes concerned
    allowed: str | None = None  # the reason given in the rulebook's `allow:`, when accepted

    @property
    def failing(self) -> bool:
        return self.kind in FAILING and self.allowed is None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "question": self.question}
        if self.rules:
            out["rules"] = list(self.rules)
        if self.by or self.kind == "dead":
            out["by"] = list(self.by)
        if self.reason:
            out["reason"] = self.reason
        if self.facts:
            out["facts"] = list(self.facts)
            out["everywhere"] = self.everywhere
        if self.regions:
            out["regions"] = [{"facts": r.facts, "result": r.sides[0].to_dict(), "cases": r.cases} for r in self.regions]
        out["cases"] = self.cases
        if self.allowed is not None:
            out["allowed"] = self.allowed
        return out


@dataclass(frozen=True)
class QuestionAnalysis:
    question: str
    cases: int  # case classes of the question's space
    evaluated: int  # evaluations made, partial assignments included
    rules: int  # rules answering the question
    findings: tuple[Finding, ...]

    def to_dict(self, book: Compiled | None = None) -> dict[str, Any]:
        vocab = (book.vocabulary if book is not None else None) or vocabulary()  # a rulebook's own questions too
        return {"question": self.question, "zh": vocab.question(self.question).zh, "cases": self.cases,
                "evaluated": self.evaluated, "rules": self.rules,
                "findings": [_with_citations(f, book) for f in self.findings]}


def _with_citations(finding: Finding, book: Compiled | None) -> dict[str, Any]:
    """A finding's JSON, with the article, clause, quote and answer of every rule it names (``citations``)."""
    out = finding.to_dict()
    if book is not None:
        named = list(dict.fromkeys(finding.rules + finding.by))
        out["citations"] = [{"rule": r, "article": book.rules[r].article, "clause": book.rules[r].clause,
                             "quote": book.rules[r].quote, "answer": book.rules[r].answer} for r in named]
    return out


@dataclass
class Analysis:
    """The findings for one rulebook. ``to_dict()`` is ``rulekit analyze --json`` (one object per rulebook)."""

    book: Rulebook
    questions: list[QuestionAnalysis]
    derived: list[Finding] = field(default_factory=list)  # dead derive rules
    stale: list[AllowInfo] = field(default_factory=list)  # `allow:` entries that match no finding

    @property
    def findings(self) -> list[Finding]:
        return [f for q in self.questions for f in q.findings] + self.derived

    def count(self, kind: str, *, allowed: bool | None = None) -> int:
        return sum(1 for f in self.findings if f.kind == kind and (allowed is None or (f.allowed is not None) == allowed))

    @property
    def ok(self) -> bool:
        """No conflict and no dead rule, except those the rulebook accepts."""
        return not any(f.failing for f in self.findings)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"questions": len(self.questions), "rules": len(self.book.compiled.rules),
                               "cases": sum(q.cases for q in self.questions),
                               "evaluated": sum(q.evaluated for q in self.questions)}
        for kind in KINDS:
            out[kind] = self.count(kind)
        out["allowed"] = sum(1 for f in self.findings if f.allowed is not None)
        out["ok"] = self.ok
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"rulebook": self.book.id, "name": self.book.name, "summary": self.summary(),
                "questions": [q.to_dict(self.book.compiled) for q in self.questions],
                "derived": [_with_citations(f, self.book.compiled) for f in self.derived],
                "stale_allow": [{"finding": a.finding, "rule": a.rule, "question": a.question, "reason": a.reason}
                                for a in self.stale]}


# -- the rules' states at a partial assignment -----------------------------------------------------------------
class _States:
    """Per rule of a question (and derive rule it reads): whether its condition holds and whether it is effective,
    three-valued, from the engine's own steps (``derive_facts``, ``Condition.evaluate``, ``effective_rules``)."""

    def __init__(self, book: Compiled, spec: QuestionSpec) -> None:
        self.book = book
        self.rules = book.by_question.get(spec.id, ())
        self.derive_rules = [r for name in book.derive_for.get(spec.id, ()) for r in book.derive_rules.get(name, ())]
        self.question = spec.id
        self.cache: dict[tuple, tuple[dict, dict, dict]] = {}

    def __call__(self, facts: Mapping[str, Any]) -> tuple[dict, dict, dict]:
        key = tuple(sorted(facts.items(), key=lambda kv: kv[0]))
        found = self.cache.get(key)
        if found is None:
            derived = derive_facts(self.book, self.question, facts, [])
            holds = {r.id: r.condition.evaluate(facts, derived) for r in self.rules}
            found = (holds, effective_rules(self.book, holds),
                     {r.id: r.condition.evaluate(facts, derived) for r in self.derive_rules})
            self.cache[key] = found
        return found

    def missing(self, facts: Mapping[str, Any]) -> set[str]:
        """The facts that would settle every rule not yet decided (the analyzer's ``refine``)."""
        names: set[str] = set()
        for table in self(facts):
            for value, missing in table.values():
                if value is None:
                    names |= missing
        return names


# -- one question -----------------------------------------------------------------------------------------------
def _rule_order(book: Compiled, ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(ids), key=lambda r: (book.rules[r].article, book.rules[r].clause or 0, r)))


def analyze_question(book: Rulebook, spec: QuestionSpec, derive_seen: dict[str, bool] | None = None) -> QuestionAnalysis:
    """The findings for one question the rulebook decides. ``derive_seen`` collects, per derive rule the question
    reads, whether its condition holds in some case."""
    compiled = book.compiled
    space = build_space(spec, [compiled])
    evaluate = _Evaluator(space, [book])
    states = _States(compiled, spec)
    leaves = _explore(space, [book], evaluate, refine=states.missing)
    findings: list[Finding] = []

    effective_in: dict[str, list[_Leaf]] = {r.id: [] for r in states.rules}
    holding_in: dict[str, list[_Leaf]] = {r.id: [] for r in states.rules}
    keyed: list[_Leaf] = []
    for leaf in leaves:
        holds, effective, dholds = states(leaf.facts)
        for rule_id, (value, _) in effective.items():
            if value is True:
                effective_in[rule_id].append(leaf)
        for rule_id, (value, _) in holds.items():
            if value is True:
                holding_in[rule_id].append(leaf)
        if derive_seen is not None:
            for rule_id, (value, _) in dholds.items():
                derive_seen[rule_id] = derive_seen.get(rule_id, False) or value is True
        # the result where the leaf's rules are all decided (a parent's decided result may name fewer rules)
        result = evaluate(0, leaf.facts)
        if result.status == "conflict":
            key: tuple = (("conflict", _rule_order(compiled, (r for r, (v, _) in effective.items() if v is True))),)
        elif result.status == "not_covered":
            key = (("gap",),)
        else:
            key = (("answered",),)
        keyed.append(replace(leaf, results=(result,), outcomes=key))

    # conflicts (one finding per set of rules in conflict) and gaps: regions of the leaves with that result
    for key in dict.fromkeys(leaf.outcomes for leaf in keyed if leaf.outcomes[0][0] == "conflict"):
        found = _regions(space, [book], keyed, evaluate, select=lambda k: k == key)
        findings.append(Finding("conflict", spec.id, key[0][1], regions=tuple(found), cases=sum(r.cases for r in found)))
    gaps = _regions(space, [book], keyed, evaluate, select=lambda k: k == (("gap",),))

    for rule in states.rules:
        if effective_in[rule.id]:
            continue
        if not holding_in[rule.id]:
            findings.append(Finding("dead", spec.id, (rule.id,), reason="unsatisfiable"))
            continue
        by: set[str] = set()
        for leaf in holding_in[rule.id]:
            _, effective, _ = states(leaf.facts)
            by |= {o for o in compiled.overridden_by.get(rule.id, ()) if effective.get(o, (None,))[0] is True}
        findings.append(Finding("dead", spec.id, (rule.id,), _rule_order(compiled, by), reason="overridden",
                                cases=sum(leaf.size for leaf in holding_in[rule.id])))

    for rule in states.rules:
        if not effective_in[rule.id]:
            continue
        mine = answer_key(rule.answer)
        by = set()
        for leaf in effective_in[rule.id]:
            _, effective, _ = states(leaf.facts)
            same = {o for o, (value, _) in effective.items()
                    if o != rule.id and value is True and answer_key(compiled.rules[o].answer) == mine}
            if not same:
                break
            by |= same
        else:
            findings.append(Finding("redundant", spec.id, (rule.id,), _rule_order(compiled, by),
                                    cases=sum(leaf.size for leaf in effective_in[rule.id])))

    if gaps:
        findings.append(Finding("gap", spec.id, regions=tuple(gaps), cases=sum(r.cases for r in gaps)))
    needless, count = _needless(book, space)
    findings += needless
    return QuestionAnalysis(spec.id, space.size, evaluate.count + count, len(states.rules), tuple(findings))


class _Fixed:
    """A backend that evaluates with a variable's stand-in put in: one *view* of the rulebook per value."""

    name = "fixed"

    def __init__(self, inner: Any, assign: tuple[tuple[str, Any], ...]) -> None:
        self.inner = inner
        self.assign = dict(assign)

    def evaluate(self, book: Compiled, question: QuestionSpec, facts: Mapping[str, Any], json_facts: dict[str, Any]) -> Result:
        return self.inner.evaluate(book, question, {**facts, **self.assign}, json_facts)


def _differ(results: Sequence[Result]) -> bool:
    """Two views (values of the withheld variable) already decided on different outcomes."""
    decided = {outcome(r) for r in results[1:] if r.status != "needs_facts"}
    return len(decided) > 1


def _needless(book: Rulebook, space: Space) -> tuple[list[Finding], int]:
    """Per variable of the space: the classes where `ask`, without it, needs it though every value of it gives one
    outcome. The tree is explored with the variable withheld, over the rulebook as asked (view 0) and the rulebook
    with each stand-in of the variable put in (views 1..n); a node where two views are decided on different
    outcomes is a leaf (the variable matters in all of it). In a leaf where view 0 still needs the variable (and
    nothing else) and every other view is decided alike, every case of the leaf asks for it needlessly.
    ``known`` tests' facts are never withheld."""
    compiled = book.compiled
    out: list[Finding] = []
    count = 0
    for index, var in enumerate(space.variables):
        if index in space.first:
            continue
        views = [book] + [Rulebook(compiled, _Fixed(book.evaluator, point.assign)) for point in var.points]
        evaluate = _Evaluator(space, views)
        leaves = _explore(space, views, evaluate, withheld=frozenset([index]), stop=_differ)
        count += evaluate.count
        keyed: list[_Leaf] = []
        matters = False
        asking: set[str] = set()
        shown: dict[tuple, Result] = {}  # per outcome: the result of one case, to show the answer
        for leaf in leaves:
            asked, *given = leaf.results
            outcomes = {outcome(r) for r in given}
            if asked.status == "needs_facts" and len(outcomes) == 1:
                assert given[0].status != "needs_facts", (space.question.id, leaf.facts, var.facts)
                shown.setdefault(outcome(given[0]), given[0])
                asking |= {r for r in asked.rules if set(var.facts) & compiled.base_facts([compiled.rules[r].condition])}
                key: tuple = (("needless", outcome(given[0])),)
            else:
                matters = matters or len(outcomes) > 1
                key = (("other",),)
            keyed.append(replace(leaf, results=(asked,), outcomes=key))
        if not shown:
            continue
        # the leaves partition the space and a leaf where view 0 is decided has one outcome for every value of the
        # variable, so `matters` is exact: false means the variable changes the outcome in no case at all
        single = _Evaluator(space, [book])
        regions: list[Region] = []
        for key, result in shown.items():  # one merge per outcome: each region shows the outcome every value gives
            side = Side(result.status, result.answer, (), result.strength, result.note)
            regions += [replace(r, sides=(side,))
                        for r in _regions(space, [book], keyed, single, select=lambda k: k == (("needless", key),))]
        out.append(Finding("needless", space.question.id, _rule_order(compiled, asking), facts=var.facts,
                           everywhere=not matters, regions=tuple(regions), cases=sum(r.cases for r in regions)))
    return out, count


# -- a rulebook ------------------------------------------------------------------------------------------------
def _matches(entry: AllowInfo, finding: Finding) -> bool:
    if entry.finding != finding.kind:
        return False
    if finding.kind == "gap":
        return entry.question == finding.question
    return entry.rule in finding.rules[:1] if finding.kind in ("dead", "redundant") else (
        entry.rule in finding.rules and (entry.question is None or entry.question == finding.question))


def _accept(findings: Sequence[Finding], allow: Sequence[AllowInfo], used: set[int]) -> list[Finding]:
    out = []
    for finding in findings:
        for i, entry in enumerate(allow):
            if _matches(entry, finding):
                used.add(i)
                finding = replace(finding, allowed=entry.reason)
                break
        out.append(finding)
    return out


def analyze_book(book: Rulebook, questions: Sequence[str] | None = None) -> Analysis:
    """Every finding for ``book`` over the questions it decides (or those named)."""
    vocab = book.vocabulary  # the shared vocabulary, extended by the rulebook's own
    specs = [vocab.question(q) for q in questions] if questions else [vocab.questions[q] for q in book.decides()]
    derive_seen: dict[str, bool] = {}
    found = [analyze_question(book, spec, derive_seen) for spec in specs if spec.id in book.compiled.by_question]
    derived = [Finding("dead", None, (rule_id,), reason="unsatisfiable")
               for rule_id in sorted(derive_seen) if not derive_seen[rule_id]] if not questions else []
    allow = book.compiled.allow
    used: set[int] = set()
    found = [replace(q, findings=tuple(_accept(q.findings, allow, used))) for q in found]
    derived = _accept(derived, allow, used)
    stale = [] if questions else [a for i, a in enumerate(allow) if i not in used]
    return Analysis(book, found, derived, stale)


def analyze(rulebooks: Sequence[str | Rulebook] | str | Rulebook | None = None,
            questions: Sequence[str] | None = None) -> list[Analysis]:
    """Analyze rulebooks (ids, Chinese names, paths or loaded; default: every rulebook on the search path)."""
    from ..engine.locate import available_ids

    if rulebooks is None or (not isinstance(rulebooks, (str, Rulebook)) and not rulebooks):
        items: list[str | Rulebook] = list(available_ids())
    elif isinstance(rulebooks, (str, Rulebook)):
        items = [rulebooks]
    else:
        items = list(rulebooks)
    if not items:
        raise InputError("no rulebook to analyze", help="name rulebooks or paths")
    books = [item if isinstance(item, Rulebook) else load(item) for item in items]
    return [analyze_book(b, questions) for b in books]
