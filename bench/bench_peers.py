"""The same decisions in rulekit and six peer engines: answers checked equal, decisions per second, in one run.

Run by hand (not in CI), after ``pip install -e ".[bench]"``:

    python bench/bench_peers.py                     # 100,000 cases, median of 3 timed passes per engine
    python bench/bench_peers.py --cases 20000 --repeat 1 --only python,durable-rules

The decision: yian (依安县) ``document.signer``, all of its rules (第五十九条 (一)-(四) and 第六十一条) with their
``overrides``. The case list: random complete fact sets (every fact of the question given, enums drawn from the
vocabulary's values, booleans from true/false), seeded, the same list for every engine.

Each peer's encoding is generated here from the compiled rulebook (its rules' conditions, answers and overrides),
except the plain-Python one, which is written by hand the way a developer would. How the overrides go in:

- a rule is *effective* when it holds and no effective rule overriding it holds (rulekit's definition); cedarpy
  (``unless``), regopy (``not``), durable-rules and CLIPS compute exactly that, and report every effective rule;
- zen-engine (hit policy ``first``), rule-engine (rules tried in order) and plain Python (``if``/``elif``) take the
  first rule that holds in an order where every rule comes after the rules overriding it: the same answer whenever
  at most one rule is effective, which the equality check holds on every case.

Every engine answers with the rule ids it found effective; those are mapped to rulekit's outcome (status, answer,
rules) by the rulebook's own rules (none → ``not_covered``; one answer → ``answered`` with it; two different
answers → ``conflict``), inside the timed loop for every engine alike. Before timing, every engine's outcome is
compared with ``Rulebook.ask``'s on **every** case; an engine that differs on any case is reported as failed, with
its first differing case, and gets no figure.

Each engine runs in a fresh subprocess (``--child``): build its encoding once (policies parsed, bundle compiled,
ruleset registered), one checked pass over all cases, then ``--repeat`` timed passes (garbage collector off), the
median reported (wall-clock decisions/s, and decisions per second of the process's CPU time, steadier when
other processes share the cores; a multi-threaded engine is charged all its threads' CPU); every timed pass is
compared again. A peer that is not installed is skipped with one line
naming the package. ``--show ENGINE`` prints the encoding generated for a peer.

rulekit itself is timed three ways: ``Rulebook.ask`` as a program calls it (a dict of facts; the exact-input memo
answers a dict it has seen, and this question has only 6,912 complete cases, so after the checked pass nearly every
ask is a memo hit), ``Rulebook.ask`` with the facts as pairs (no memo: parsed, then the decision table), and the
evaluator alone (facts parsed, rules evaluated per case: what every ask cost before the decision tables).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__" and str(ROOT / "src") not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

BOOK, QUESTION = "yian", "document.signer"
SEED = 20261129

Case = dict[str, Any]
Outcome = tuple[str, Any, tuple[str, ...]]  # (status, answer, rule ids sorted)


# -- the question's rules, as plain data ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PeerRule:
    id: str
    condition: Any  # rulekit.engine.conditions.Condition
    answer: Any
    overridden_by: tuple[str, ...]  # the rules of this question that override this one


@dataclass(frozen=True)
class Question:
    facts: dict[str, tuple[str, tuple]]  # fact -> ("enum", values) | ("bool", (True, False))
    rules: tuple[PeerRule, ...]  # every rule after the rules overriding it (then by id)

    def by_id(self) -> dict[str, PeerRule]:
        return {r.id: r for r in self.rules}


def question(book_id: str = BOOK, question_id: str = QUESTION) -> Question:
    """The question's facts and rules from the compiled rulebook, rules ordered so that overriders come first."""
    import rulekit

    book = rulekit.load(book_id)
    spec = book.question(question_id)
    facts: dict[str, tuple[str, tuple]] = {}
    for name, f in spec.facts.items():
        if f.type == "enum":
            facts[name] = ("enum", tuple(f.values))
        elif f.type == "bool":
            facts[name] = ("bool", (True, False))
        else:
            raise SystemExit(f"bench_peers: fact {name} is {f.type}; only enum and bool facts are encoded here")
    compiled = book.compiled
    mine = {r.id: r for r in compiled.rules.values() if r.question == question_id}
    rules = {rid: PeerRule(rid, r.condition, r.answer,
                           tuple(sorted(o for o in compiled.overridden_by.get(rid, ()) if o in mine)))
             for rid, r in mine.items()}
    ordered: list[PeerRule] = []
    placed: set[str] = set()
    while len(ordered) < len(rules):
        ready = sorted(rid for rid, r in rules.items() if rid not in placed and set(r.overridden_by) <= placed)
        if not ready:
            raise SystemExit("bench_peers: the overrides form a cycle")
        ordered += [rules[rid] for rid in ready]
        placed |= set(ready)
    return Question(facts, tuple(ordered))


def random_cases(q: Question, n: int, seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    names = list(q.facts)
    choices = [q.facts[name][1] for name in names]
    return [{name: rng.choice(values) for name, values in zip(names, choices)} for _ in range(n)]


def outcomes(q: Question) -> dict[tuple[str, ...], Outcome]:
    """Every possible set of effective rules (as a sorted tuple) → rulekit's outcome; engines are looked up here."""
    from itertools import combinations

    rules = q.by_id()
    table: dict[tuple[str, ...], Outcome] = {}
    ids = sorted(rules)
    for k in range(len(ids) + 1):
        for combo in combinations(ids, k):
            answers = {json.dumps(rules[r].answer, sort_keys=True) for r in combo}
            if not combo:
                table[combo] = ("not_covered", None, ())
            elif len(answers) == 1:
                table[combo] = ("answered", rules[combo[0]].answer, combo)
            else:
                table[combo] = ("conflict", None, combo)
    return table


def rulekit_outcome(result: Any) -> Outcome:
    answer = result.answer if result.status == "answered" else None
    return (result.status, answer, tuple(sorted(result.rules)))


# -- conditions: rulekit's small condition language, rendered for each engine ---------------------------------------

def _leaf_values(node: Any) -> tuple[str, Any]:
    return node.fact, node.value


def holds_py(node: Any, f: Case) -> bool:
    """Two-valued evaluation on a complete case (every fact given), for the DNF and checks."""
    k = node.kind
    if k == "all":
        return all(holds_py(i, f) for i in node.items)
    if k == "any":
        return any(holds_py(i, f) for i in node.items)
    if k == "not":
        return not holds_py(node.items[0], f)
    if k == "eq":
        return f[node.fact] == node.value
    if k == "ne":
        return f[node.fact] != node.value
    if k == "in":
        return f[node.fact] in node.value
    if k == "not_in":
        return f[node.fact] not in node.value
    raise SystemExit(f"bench_peers: condition {k!r} is not encoded for the peers")


def render(node: Any, atom: Callable[[str, str, Any], str], all_: Callable[[list[str]], str],
           any_: Callable[[list[str]], str], not_: Callable[[str], str]) -> str:
    k = node.kind
    if k in ("all", "any"):
        parts = [render(i, atom, all_, any_, not_) for i in node.items]
        return (all_ if k == "all" else any_)(parts)
    if k == "not":
        return not_(render(node.items[0], atom, all_, any_, not_))
    if k in ("eq", "ne", "in", "not_in"):
        value = sorted(node.value) if k in ("in", "not_in") else node.value
        return atom(k, node.fact, value)
    raise SystemExit(f"bench_peers: condition {k!r} is not encoded for the peers")


def effective(q: Question, rule: PeerRule, holds: Callable[[PeerRule], str], and_not: Callable[[str, list[str]], str]) -> str:
    """effective(r) = holds(r) and not any(effective(o) for o overriding r), as one expression."""
    rules = q.by_id()
    return and_not(holds(rule), [effective(q, rules[o], holds, and_not) for o in rule.overridden_by])


def dnf(q: Question, node: Any) -> list[dict[str, tuple]]:
    """The condition as rows of per-fact allowed values (a fact absent from a row is unconstrained), by
    enumerating the values of the facts it reads: exact on the finite enum/bool domains encoded here."""
    from itertools import product

    read: list[str] = []

    def facts_of(n: Any) -> None:
        if n.fact is not None and n.fact not in read:
            read.append(n.fact)
        for i in n.items:
            facts_of(i)

    facts_of(node)
    true_points = [dict(zip(read, vs)) for vs in product(*(q.facts[f][1] for f in read))
                   if holds_py(node, dict(zip(read, vs)))]
    # merge points differing in one fact into value sets (one pass per fact is enough for conjunctions)
    rows: list[dict[str, tuple]] = [{f: (p[f],) for f in read} for p in true_points]
    for fact in read:
        merged: dict[tuple, dict[str, tuple]] = {}
        for row in rows:
            key = tuple((f, row[f]) for f in read if f != fact)
            if key in merged:
                merged[key][fact] = merged[key][fact] + row[fact]
            else:
                merged[key] = dict(row)
        rows = list(merged.values())
    out = []
    for row in rows:  # drop constraints that allow every value
        out.append({f: vs for f, vs in row.items() if set(vs) != set(q.facts[f][1])})
    return out


# -- the engines ----------------------------------------------------------------------------------------------------

class Skip(Exception):
    """The peer is not installed or cannot run here: one line says which."""


def _need(module: str, package: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except Exception as error:  # ImportError, or a native extension that does not load
        raise Skip(f"{package} not available ({type(error).__name__}: {error}); pip install -e '.[bench]'") from None


def plain_python(f: Case) -> tuple[str, ...]:
    """依安 第五十九条、第六十一条 by hand: the most specific rule first, as the overrides say."""
    issuer = f["issuer"]
    if issuer == "government":
        form = f["form"]
        if form == "order" or form == "announcement":
            return ("signer.head_reserved.forms",)  # 59(一) 命令、通告
        recipient = f["recipient"]
        if recipient == "peoples_congress" and (form == "normative" or form == "personnel"):
            return ("signer.head_reserved.to_congress",)  # 59(一) 提请人大审议
        if recipient == "higher_government" and (form == "request" or form == "report"):
            return ("signer.government.to_city",)  # 59(三) 向市政府的请示、报告
        if f["pre_decided"]:
            return ("signer.government.pre_decided",)  # 59(二) 已经常务会议议定
        return ("signer.government",)  # 59(二)
    if issuer == "government_office":
        return ("signer.office",)  # 59(四)
    if issuer == "department" and f["recipient"] == "own_government":
        return ("signer.department_to_government",)  # 61
    return ()


def engine_python(q: Question) -> Callable[[Case], tuple[str, ...]]:
    return plain_python


_durable_names = iter(range(1_000_000))


def _record(found: list[str], rule_id: str) -> Callable[[Any], None]:
    """A durable action of exactly one parameter (with two, durable-rules passes a completion callback)."""
    def action(c: Any) -> None:
        found.append(rule_id)
    return action


def engine_durable(q: Question) -> Callable[[Case], tuple[str, ...]]:
    """One ruleset; each rule's expression is effective(r) in negation normal form over the event's attributes
    (durable-rules has no negation of a compound expression). One ``post`` per case; an event no rule matches
    raises MessageNotHandledException, which means no rule is effective."""
    lang = _need("durable.lang", "durable-rules")
    from durable.engine import MessageNotHandledException

    m = lang.m

    def expr(node: Any, negated: bool = False) -> Any:
        k = node.kind
        if k == "not":
            return expr(node.items[0], not negated)
        if k in ("all", "any"):
            parts = [expr(i, negated) for i in node.items]
            conj = (k == "all") != negated
            out = parts[0]
            for p in parts[1:]:
                out = (out & p) if conj else (out | p)
            return out
        if k in ("eq", "ne", "in", "not_in"):
            values = sorted(node.value) if k in ("in", "not_in") else [node.value]
            positive = (k in ("eq", "in")) != negated
            atoms = [(getattr(m, node.fact) == v) if positive else (getattr(m, node.fact) != v) for v in values]
            out = atoms[0]
            for a in atoms[1:]:
                out = (out | a) if positive else (out & a)
            return out
        raise SystemExit(f"bench_peers: condition {k!r} is not encoded for durable-rules")

    from rulekit.engine.conditions import Condition

    rules = q.by_id()

    def eff(rule: PeerRule) -> Condition:
        parts = [rule.condition] + [Condition("not", (eff(rules[o]),)) for o in rule.overridden_by]
        return Condition("all", tuple(parts))

    found: list[str] = []
    name = f"peers_signer_{os.getpid()}_{next(_durable_names)}"
    with lang.ruleset(name):
        for rule in q.rules:
            lang.when_all(expr(eff(rule)))(_record(found, rule.id))
    post = lang.post

    def decide(f: Case) -> tuple[str, ...]:
        found.clear()
        try:
            post(name, f)
        except MessageNotHandledException:
            return ()
        return tuple(sorted(found))

    return decide


def _clips_atom(k: str, fact: str, value: Any) -> str:
    def lit(v: Any) -> str:
        return "TRUE" if v is True else "FALSE" if v is False else json.dumps(v)
    if k in ("eq", "ne"):
        test = f"(eq ?{fact} {lit(value)})"
    else:
        test = "(or " + " ".join(f"(eq ?{fact} {lit(v)})" for v in value) + ")" if len(value) > 1 else f"(eq ?{fact} {lit(value[0])})"
    return test if k in ("eq", "in") else f"(not {test})"


def _clips_holds(rule: PeerRule) -> str:
    return render(rule.condition, _clips_atom, lambda ps: "(and " + " ".join(ps) + ")",
                  lambda ps: "(or " + " ".join(ps) + ")", lambda p: f"(not {p})")


def clips_function(q: Question) -> str:
    """A deffunction: each rule's effectiveness bound in order (overriders first), the effective ones returned."""
    args = " ".join(f"?{f}" for f in q.facts)
    body = ["(bind ?w (create$))"]
    var = {r.id: f"?e{i}" for i, r in enumerate(q.rules)}
    for rule in q.rules:
        blockers = " ".join(f"(not {var[o]})" for o in rule.overridden_by)
        body.append(f"(bind {var[rule.id]} (and {_clips_holds(rule)} {blockers}))" if blockers
                     else f"(bind {var[rule.id]} {_clips_holds(rule)})")
        body.append(f'(if {var[rule.id]} then (bind ?w (create$ ?w "{rule.id}")))')
    return f"(deffunction decide ({args})\n  " + "\n  ".join(body) + "\n  ?w)"


def engine_clips_function(q: Question) -> Callable[[Case], tuple[str, ...]]:
    """clipspy, one CLIPS function call per case (the notes measured assert/run per case decaying as facts pile up)."""
    clips = _need("clips", "clipspy")
    env = clips.Environment()
    env.build(clips_function(q))
    fn = env.find_function("decide")
    names = list(q.facts)

    def decide(f: Case, env: Any = env) -> tuple[str, ...]:  # env held: its functions die with it
        return tuple(sorted(fn(*[f[n] for n in names])))

    return decide


def clips_rules(q: Question) -> list[str]:
    """Production rules: a rule's condition asserts (holds R); an (effective R) is asserted when R holds and no
    rule overriding it is effective; salience makes overriders settle before the rules they override. One
    deffunction per case resets, asserts the case, runs, and returns the effective rules."""
    slots = " ".join(f"(slot {f})" for f in q.facts)
    binds = " ".join(f"({f} ?{f})" for f in q.facts)
    out = [f"(deftemplate case {slots})", "(deftemplate holds (slot rule))", "(deftemplate effective (slot rule))"]
    depth: dict[str, int] = {}
    for rule in q.rules:
        depth[rule.id] = 1 + max((depth[o] for o in rule.overridden_by), default=0)
    for i, rule in enumerate(q.rules):
        out.append(f'(defrule holds-{i} (declare (salience 1000)) (case {binds}) (test {_clips_holds(rule)}) '
                   f'=> (assert (holds (rule "{rule.id}"))))')
        blockers = " ".join(f'(not (effective (rule "{o}")))' for o in rule.overridden_by)
        out.append(f'(defrule effective-{i} (declare (salience {100 - depth[rule.id]})) (holds (rule "{rule.id}")) '
                   f'{blockers} => (assert (effective (rule "{rule.id}"))))')
    args = " ".join(f"?{f}" for f in q.facts)
    out.append(f"(deffunction decide-by-rules ({args})\n  (reset)\n  (assert (case {binds}))\n  (run)\n"
               "  (bind ?w (create$))\n  (do-for-all-facts ((?f effective)) TRUE (bind ?w (create$ ?w ?f:rule)))\n  ?w)")
    return out


def engine_clips_rules(q: Question) -> Callable[[Case], tuple[str, ...]]:
    """clipspy as a production system, driven by one CLIPS function call per case (reset, assert, run, collect).
    Driving it from Python instead (env.reset(), Template.assert_fact, env.run(), env.facts()) decayed here from
    15k/s to under 1k/s within 15,000 cases: CLIPS frees retracted facts only when a top-level call returns."""
    clips = _need("clips", "clipspy")
    env = clips.Environment()
    for construct in clips_rules(q):
        env.build(construct)
    fn = env.find_function("decide-by-rules")
    names = list(q.facts)

    def decide(f: Case, env: Any = env) -> tuple[str, ...]:  # env held: its functions die with it
        return tuple(sorted(fn(*[f[n] for n in names])))

    return decide


def cedar_policies(q: Question) -> str:
    def atom(k: str, fact: str, value: Any) -> str:
        if k in ("eq", "ne"):
            test = f"context.{fact} == {json.dumps(value)}"
        else:
            test = f"{json.dumps(value)}.contains(context.{fact})"
        return test if k in ("eq", "in") else f"!({test})"

    def holds(rule: PeerRule) -> str:
        return render(rule.condition, atom, lambda ps: "(" + " && ".join(ps) + ")",
                      lambda ps: "(" + " || ".join(ps) + ")", lambda p: f"!({p})")

    def and_not(h: str, blockers: list[str]) -> str:
        return "(" + " && ".join([h] + [f"!{b}" for b in blockers]) + ")"

    rules = q.by_id()
    out = []
    for rule in q.rules:
        unless = " || ".join(effective(q, rules[o], holds, and_not) for o in rule.overridden_by)
        text = f'// {rule.id}\npermit(principal, action == Action::"sign", resource)\n  when {{ {holds(rule)} }}'
        out.append(text + (f"\n  unless {{ {unless} }};" if unless else ";"))
    return "\n".join(out)


def engine_cedar(q: Question) -> Callable[[Case], tuple[str, ...]]:
    """cedarpy, policies parsed once (PolicySet) and entities once; the permit policies that determined the
    decision are the effective rules."""
    cedarpy = _need("cedarpy", "cedarpy")
    policies = cedarpy.PolicySet.from_str(cedar_policies(q))
    entities = cedarpy.Entities.from_json_str("[]")
    ids = {f"policy{i}": rule.id for i, rule in enumerate(q.rules)}
    is_authorized = cedarpy.is_authorized

    def decide(f: Case) -> tuple[str, ...]:
        result = is_authorized({"principal": 'User::"clerk"', "action": 'Action::"sign"',
                                "resource": 'Document::"d"', "context": f}, policies, entities)
        errors = result.diagnostics.errors
        if errors:
            raise RuntimeError(f"cedar: {errors}")
        return tuple(sorted(ids[p] for p in result.diagnostics.reasons))

    return decide


def rego_module(q: Question) -> str:
    def atom(k: str, fact: str, value: Any) -> str:
        if k in ("eq", "ne"):
            test = f"input.{fact} == {json.dumps(value)}"
        else:
            test = f"input.{fact} in {{{', '.join(json.dumps(v) for v in value)}}}"
        return test if k in ("eq", "in") else f"not {test}"

    helpers: list[str] = []

    def holds_rule(node: Any) -> str:
        """A helper rule true exactly when ``node`` holds (Rego bodies are conjunctions; ``any`` is several)."""
        name = f"c{len(helpers)}"
        helpers.append("")  # reserve the name
        slot = len(helpers) - 1
        k = node.kind
        if k == "all":
            body = [body_line(i) for i in node.items]
            helpers[slot] = f"{name} if {{\n  " + "\n  ".join(body) + "\n}"
        elif k == "any":
            helpers[slot] = "\n".join(f"{name} if {{ {body_line(i)} }}" for i in node.items)
        elif k == "not":
            helpers[slot] = f"{name} if {{ not {holds_rule(node.items[0])} }}"
        else:
            helpers[slot] = f"{name} if {{ {body_line(node)} }}"
        return name

    def body_line(node: Any) -> str:
        if node.kind in ("eq", "ne", "in", "not_in"):
            value = sorted(node.value) if node.kind in ("in", "not_in") else node.value
            return atom(node.kind, node.fact, value)
        return holds_rule(node)

    var = {r.id: f"effective_{i}" for i, r in enumerate(q.rules)}
    lines = ["package peers.yian", "import rego.v1", ""]
    rules_text = []
    for rule in q.rules:
        h = holds_rule(rule.condition)
        body = [h] + [f"not {var[o]}" for o in rule.overridden_by]
        rules_text.append(f"# {rule.id}\n{var[rule.id]} if {{\n  " + "\n  ".join(body) + "\n}")
        rules_text.append(f'winners contains "{rule.id}" if {var[rule.id]}')
    rules_text.append('decision := concat(",", sort(winners))')
    return "\n".join(lines + helpers + [""] + rules_text) + "\n"


def engine_rego(q: Question) -> Callable[[Case], tuple[str, ...]]:
    """regopy (rego-cpp), the module compiled once into a bundle and the bundle queried per case."""
    regopy = _need("regopy", "regopy")
    build = regopy.Interpreter()
    build.add_module("peers.rego", rego_module(q))
    bundle = build.build("x = data.peers.yian.decision")
    run = regopy.Interpreter()
    set_input, query_bundle, Input = run.set_input, run.query_bundle, regopy.Input

    def decide(f: Case) -> tuple[str, ...]:
        given = Input(f)
        set_input(given)
        output = query_bundle(bundle)  # the Output owns its nodes: keep it alive while reading them
        text = output.binding("x").value
        text = json.loads(text) if isinstance(text, str) and text.startswith('"') else text
        return tuple(text.split(",")) if text else ()

    return decide


def zen_graph(q: Question) -> dict[str, Any]:
    """A JDM decision graph: input → one decision table (hit policy first; rows in override order, each rule as
    the rows of its condition's DNF) → output."""
    inputs = [{"id": f"in_{f}", "name": f, "field": f} for f in q.facts]
    rows = []
    for rule in q.rules:
        for i, row in enumerate(dnf(q, rule.condition)):
            cells = {"_id": f"{rule.id}#{i}", "out_rule": json.dumps(rule.id)}
            for f in q.facts:
                vs = row.get(f)
                cells[f"in_{f}"] = "" if vs is None else ", ".join(json.dumps(v) for v in vs)
            rows.append(cells)
    table = {"id": "table", "type": "decisionTableNode", "name": "document.signer", "position": {"x": 300, "y": 0},
             "content": {"hitPolicy": "first", "inputs": inputs,
                         "outputs": [{"id": "out_rule", "name": "rule", "field": "rule"}], "rules": rows}}
    return {"nodes": [{"id": "in", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}}, table,
                      {"id": "out", "type": "outputNode", "name": "response", "position": {"x": 600, "y": 0}}],
            "edges": [{"id": "e1", "sourceId": "in", "targetId": "table", "type": "edge"},
                      {"id": "e2", "sourceId": "table", "targetId": "out", "type": "edge"}]}


def _zen_engine(q: Question) -> Any:
    zen = _need("zen", "zen-engine")
    return zen.ZenEngine({"loader": {"type": "static", "content": {"signer": zen_graph(q)}}})


def engine_zen(q: Question) -> Callable[[Case], tuple[str, ...]]:
    """zen-engine, ``ZenEngine.evaluate`` once per case, the graph held by a static loader (a Python loader
    callback is called on every evaluation: ~7k/s here)."""
    evaluate = _zen_engine(q).evaluate

    def decide(f: Case) -> tuple[str, ...]:
        rule = evaluate("signer", f)["result"].get("rule")
        return (rule,) if rule else ()

    return decide


def engine_zen_decision(q: Question) -> Callable[[Case], tuple[str, ...]]:
    """zen-engine, ``create_decision`` once and ``ZenDecision.evaluate`` per case (the path its README shows
    first; far slower here than ZenEngine.evaluate)."""
    zen = _need("zen", "zen-engine")
    evaluate = zen.ZenEngine().create_decision(json.dumps(zen_graph(q))).evaluate

    def decide(f: Case) -> tuple[str, ...]:
        rule = evaluate(f)["result"].get("rule")
        return (rule,) if rule else ()

    return decide


def engine_zen_batch(q: Question) -> Callable[[list[Case]], list[tuple[str, ...]]]:
    """zen-engine, ``evaluate_batch`` over 1,000 cases at a time (a batch function: takes and returns lists)."""
    engine = _zen_engine(q)

    def decide_batch(fs: list[Case]) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        for start in range(0, len(fs), 1000):
            for item in engine.evaluate_batch([{"key": "signer", "context": f} for f in fs[start:start + 1000]]):
                if not item.get("success"):
                    raise RuntimeError(f"zen batch: {item.get('error')}")
                rule = item["data"]["result"].get("rule")
                out.append((rule,) if rule else ())
        return out

    return decide_batch


def rule_engine_text(rule: PeerRule) -> str:
    def lit(v: Any) -> str:
        return "true" if v is True else "false" if v is False else json.dumps(v)

    def atom(k: str, fact: str, value: Any) -> str:
        if k in ("eq", "ne"):
            return f"{fact} {'==' if k == 'eq' else '!='} {lit(value)}"
        test = f"{fact} in [{', '.join(lit(v) for v in value)}]"
        return test if k == "in" else f"not ({test})"

    return render(rule.condition, atom, lambda ps: "(" + " and ".join(ps) + ")",
                  lambda ps: "(" + " or ".join(ps) + ")", lambda p: f"not ({p})")


def engine_rule_engine(q: Question) -> Callable[[Case], tuple[str, ...]]:
    """rule-engine, one compiled Rule per rulebook rule, tried in override order; the first that matches."""
    rule_engine = _need("rule_engine", "rule-engine")
    compiled = [(rule_engine.Rule(rule_engine_text(r)).matches, (r.id,)) for r in q.rules]

    def decide(f: Case) -> tuple[str, ...]:
        for matches, ids in compiled:
            if matches(f):
                return ids
        return ()

    return decide


# -- rulekit itself -------------------------------------------------------------------------------------------------

def rulekit_ask(q: Question) -> Callable[[Case], Outcome]:
    import rulekit

    ask = rulekit.load(BOOK).ask
    return lambda f: rulekit_outcome(ask(QUESTION, f))


def rulekit_ask_pairs(q: Question) -> Callable[[Case], Outcome]:
    """``Rulebook.ask`` with the facts as (name, value) pairs: the exact-input memo (which serves a dict it has
    seen before) is not used, every case is parsed and looked up in the decision table."""
    import rulekit

    ask = rulekit.load(BOOK).ask
    return lambda f: rulekit_outcome(ask(QUESTION, list(f.items())))


def rulekit_evaluator(q: Question) -> Callable[[Case], Outcome]:
    import rulekit
    from rulekit.engine.evaluate import NativeBackend
    from rulekit.engine.vocabulary import parse_facts

    book = rulekit.load(BOOK)
    spec = book.question(QUESTION)
    native, compiled = NativeBackend(), book.compiled
    return lambda f: rulekit_outcome(native.evaluate(compiled, spec, parse_facts(spec, f), f))


# name -> (how it is built, what the table says about it, kind): "rulekit" engines answer outcomes themselves,
# "peer" ones answer effective rule ids per case, "batch" ones take the whole list.
ENGINES: dict[str, tuple[Callable[[Question], Any], str, str]] = {
    "rulekit": (rulekit_ask, "rulekit Rulebook.ask", "rulekit"),
    "rulekit-pairs": (rulekit_ask_pairs, "rulekit Rulebook.ask, facts as pairs (no exact-input memo)", "rulekit"),
    "rulekit-evaluator": (rulekit_evaluator, "rulekit evaluator (NativeBackend, facts parsed per case)", "rulekit"),
    "python": (engine_python, "plain Python if/elif (hand-written)", "peer"),
    "durable-rules": (engine_durable, "durable-rules 'post' per case", "peer"),
    "clipspy": (engine_clips_function, "clipspy, one CLIPS deffunction call per case", "peer"),
    "clipspy-rules": (engine_clips_rules, "clipspy defrules (reset, assert, run in one call per case)", "peer"),
    "cedarpy": (engine_cedar, "cedarpy is_authorized, PolicySet parsed once", "peer"),
    "regopy": (engine_rego, "regopy (OPA Rego), compiled bundle", "peer"),
    "zen-engine": (engine_zen, "zen-engine, ZenEngine.evaluate per case", "peer"),
    "zen-engine-decision": (engine_zen_decision, "zen-engine, ZenDecision.evaluate per case", "peer"),
    "zen-engine-batch": (engine_zen_batch, "zen-engine, evaluate_batch of 1,000", "batch"),
    "rule-engine": (engine_rule_engine, "rule-engine, Rules tried in override order", "peer"),
}


SHOW: dict[str, Callable[[Question], str]] = {
    "cedarpy": cedar_policies,
    "regopy": rego_module,
    "clipspy": clips_function,
    "clipspy-rules": lambda q: "\n".join(clips_rules(q)),
    "zen-engine": lambda q: json.dumps(zen_graph(q), ensure_ascii=False, indent=1),
    "rule-engine": lambda q: "\n".join(f"{r.id}: {rule_engine_text(r)}" for r in q.rules),
}


def runner(q: Question, name: str) -> Callable[[list[Case]], list[Outcome]]:
    """The engine as one function over the case list, giving rulekit outcomes (the loop that is timed)."""
    build, _, kind = ENGINES[name]
    engine = build(q)
    if kind == "rulekit":
        return lambda fs: [engine(f) for f in fs]
    table = outcomes(q)
    if kind == "batch":
        return lambda fs: [table[w] for w in engine(fs)]
    return lambda fs: [table[engine(f)] for f in fs]


def check(cases: list[Case], expected: list[Outcome], got: list[Outcome]) -> tuple[int, str | None]:
    unequal = [i for i, (a, b) in enumerate(zip(expected, got)) if a != b]
    if len(got) != len(expected):
        return abs(len(got) - len(expected)), f"{len(got)} answers for {len(expected)} cases"
    if not unequal:
        return 0, None
    i = unequal[0]
    return len(unequal), f"first differing case {cases[i]}: rulekit {expected[i]}, engine {got[i]}"


def child(name: str, data: Path, repeat: int) -> dict[str, Any]:
    payload = json.loads(data.read_text())
    cases: list[Case] = payload["cases"]
    expected = [(s, a, tuple(r)) for s, a, r in payload["expected"]]
    q = question()
    try:
        run = runner(q, name)
    except Skip as why:
        return {"engine": name, "skip": str(why)}
    start = time.perf_counter()
    got = run(cases)  # the checked pass (also the warm-up)
    first = time.perf_counter() - start
    unequal, example = check(cases, expected, got)
    if unequal:
        return {"engine": name, "unequal": unequal, "example": example}
    rates, cpu_rates = [], []
    gc.disable()
    try:
        for _ in range(repeat):
            start, cpu = time.perf_counter(), time.process_time()
            got = run(cases)
            rates.append(len(cases) / (time.perf_counter() - start))
            cpu_rates.append(len(cases) / max(time.process_time() - cpu, 1e-9))
            if got != expected:
                return {"engine": name, "unequal": check(cases, expected, got)[0], "example": "in a timed pass"}
    finally:
        gc.enable()
    return {"engine": name, "rate": statistics.median(rates), "rates": rates, "cpu_rate": statistics.median(cpu_rates),
            "first_pass_rate": len(cases) / first,
            "checked": len(cases)}


# -- the parent: cases, reference answers, one subprocess per engine, the table --------------------------------------

def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores (nproc), {model}; Python {platform.python_version()}; load average {load}"


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per engine (median reported)")
    parser.add_argument("--only", help="comma-separated engines (default: all): " + ", ".join(ENGINES))
    parser.add_argument("--show", choices=sorted(SHOW), help="print one peer's generated encoding and stop")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.show:
        print(SHOW[args.show](question()))
        return
    if args.child:
        print(json.dumps(child(args.child, args.data, args.repeat), ensure_ascii=False))
        return
    names = list(ENGINES) if not args.only else [n.strip() for n in args.only.split(",")]
    unknown = [n for n in names if n not in ENGINES]
    if unknown:
        parser.error(f"unknown engine {unknown[0]!r}; choose from {', '.join(ENGINES)}")
    if "rulekit" not in names:
        names.insert(0, "rulekit")

    q = question()
    cases = random_cases(q, args.cases)
    import rulekit

    ask = rulekit.load(BOOK).ask
    expected = [rulekit_outcome(ask(QUESTION, f)) for f in cases]
    print(f"{BOOK} {QUESTION}: {len(q.rules)} rules, {args.cases:,} random complete cases "
          f"({len(set(map(lambda f: tuple(f.values()), cases))):,} distinct), seed {SEED}")
    print(f"machine: {machine()} at start")
    counts: dict[str, int] = {}
    for status, _, rules in expected:
        counts[f"{status} {','.join(rules)}".strip()] = counts.get(f"{status} {','.join(rules)}".strip(), 0) + 1
    print("rulekit's outcomes: " + "; ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "cases.json"
        data.write_text(json.dumps({"cases": cases, "expected": expected}, ensure_ascii=False))
        for name in names:
            proc = subprocess.run([sys.executable, __file__, "--child", name, "--data", str(data),
                                   "--repeat", str(args.repeat)], capture_output=True, text=True, cwd=ROOT)
            lines = proc.stdout.strip().splitlines()
            if proc.returncode != 0 or not lines:
                tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                results[name] = {"engine": name, "error": f"exit {proc.returncode}: {tail}"}
            else:
                results[name] = json.loads(lines[-1])
            r = results[name]
            status = (f"{r['rate']:,.0f}/s" if "rate" in r else r.get("skip") or r.get("error")
                      or f"{r['unequal']} unequal")
            print(f"  {name}: {status}", file=sys.stderr, flush=True)
    base = results.get("rulekit", {}).get("rate")
    evaluator = results.get("rulekit-evaluator", {}).get("rate")
    cpu_base = results.get("rulekit", {}).get("cpu_rate")
    print(f"\n{'engine':<58}{'decisions/s':>13}{'× ask':>8}{'× evaluator':>13}{'per CPU s':>13}{'× ask':>8}"
          "  passes (decisions/s)")
    for name in names:
        r, label = results[name], ENGINES[name][1]
        if "rate" in r:
            ratio = f"{r['rate'] / base:.3f}" if base else "-"
            ratio_e = f"{r['rate'] / evaluator:.2f}" if evaluator else "-"
            passes = ", ".join(f"{x:,.0f}" for x in r["rates"])
            ratio_c = f"{r['cpu_rate'] / cpu_base:.3f}" if cpu_base else "-"
            print(f"{label:<58}{r['rate']:>13,.0f}{ratio:>8}{ratio_e:>13}{r['cpu_rate']:>13,.0f}{ratio_c:>8}  {passes}")
        elif "skip" in r:
            print(f"{label:<58}{'skipped':>13}{'':>42}  {r['skip']}")
        elif "error" in r:
            print(f"{label:<58}{'failed':>13}{'':>42}  {r['error']}")
        else:
            print(f"{label:<58}{'UNEQUAL':>13}{'':>42}  {r['unequal']:,} cases differ from rulekit; {r['example']}")
    checked = [n for n in names if "rate" in results[n]]
    print(f"\nanswers equal to Rulebook.ask on all {args.cases:,} cases (status, answer, deciding rules): "
          + ", ".join(checked))
    print(f"machine: {machine()} at end")
    if any("unequal" in r or "error" in r for r in results.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
