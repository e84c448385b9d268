"""A second engine: the rulebook's conditions matched, and its derived facts chained, by durable-rules.

Each (compiled rulebook, question) becomes one durable-rules ruleset, built once and reused. The facts of one
question go in as **one durable fact** (a JSON object): a given fact ``issuer`` is the attribute ``f_issuer``; a
fact not given is absent. Three-valued logic has no native meaning in durable-rules, so every condition ``C`` is
translated into two ordinary (two-valued) durable expressions over that object (docs/ENGINES.md has the table):

- ``T(C)``, matched exactly when ``C`` is true on the given facts, and ``F(C)``, exactly when it is false;
  ``C`` is unknown when neither matches;
- for every fact ``x`` the condition may lack, ``M_x(C)``, matched exactly when ``x`` is among the facts
  whose absence leaves ``C`` unknown (the ``missing`` of ``needs_facts``).

Derived facts are chained **inside** durable-rules, in strata: the durable fact carries ``stage = k``; at stage
``k`` exactly one of the rules "derived fact ``d_k`` is true by its rule ``i``" (the first of its rules, by id,
that holds), "is false", "is unknown" matches, and its action asserts the next version of the fact with
``d_<name>`` = true / false / ``"?"`` and ``stage = k + 1`` (retracting the old one). The rules reading ``d_k``
match on that new version. The question's rules are matched at the last stage; their actions record T, F and M.

Around durable-rules, in Python and reusing the native engine's steps: overrides (``effective_rules``), the
status and answer (``classify``, ``decide``). Everything about the facts themselves is decided by durable-rules.

durable-rules is imported lazily: a platform that cannot build it can still use the native engine, and
``--engine durable`` then fails with one line (``EngineUnavailable``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import count
from typing import Any, Callable, Mapping

from ..errors import EngineError, InputError, RulekitError
from . import trace as ev
from .compile import Compiled, Rule
from .conditions import Condition, FactRef
from .evaluate import Result, classify, decide, effective_rules
from .vocabulary import QuestionSpec

__all__ = ["DurableBackend", "EngineUnavailable", "Unsupported", "shared_backend", "translate"]

SENTINEL = "$"  # every set fact's array holds it, so that "every item" is never vacuous (see docs/ENGINES.md)
UNKNOWN = "?"  # a derived fact left unknown
INT_LIMIT = 2**40  # whole numbers are compared as int64 inside durable-rules; the scaled ones must stay far below 2**63
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class EngineUnavailable(EngineError):
    """durable-rules cannot be imported on this platform."""


class Unsupported(EngineError):
    """A construct of the rulebook the durable translation does not support (refused when it is built)."""


# -- durable expressions, as a tiny algebra with constants and negation -------------------------------
# An expression is TRUE, FALSE or a tuple: ("ex", attr) ("nex", attr) ("cmp", attr, op, value)
# ("ref", attr, op, other_attr, times) ("iany", attr, item) ("iall", attr, item) ("and", parts) ("or", parts);
# item predicates: ("ieq", value) ("ine", value) ("iand", parts) ("ior", parts), ITRUE, IFALSE.
TRUE: tuple = ("true",)
FALSE: tuple = ("false",)
_NEG = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "gt": "le", "le": "gt"}
_DURABLE_OP = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


def conj(*parts: tuple) -> tuple:
    flat: list[tuple] = []
    for p in parts:
        if p == FALSE:
            return FALSE
        if p == TRUE:
            continue
        for q in p[1] if p[0] == "and" else (p,):
            if q not in flat:
                flat.append(q)
    if not _consistent([q for q in flat if q[0] not in ("and", "or")]):
        return FALSE
    if not flat:
        return TRUE
    return flat[0] if len(flat) == 1 else ("and", tuple(flat))


def disj(*parts: tuple) -> tuple:
    flat: list[tuple] = []
    for p in parts:
        if p == TRUE:
            return TRUE
        if p == FALSE:
            continue
        for q in p[1] if p[0] == "or" else (p,):
            if q not in flat:
                flat.append(q)
    if not flat:
        return FALSE
    return flat[0] if len(flat) == 1 else ("or", tuple(flat))


def ref(attr: str, op: str, other: str, times: Fraction) -> tuple:
    """``attr op other × times``, both present: the comparison atom is never used without its two guards."""
    return conj(("ex", attr), ("ex", other), ("ref", attr, op, other, times))


def _igroup(kind: str, items: tuple) -> tuple:
    """An item group (``iand``/``ior``), a single item unwrapped."""
    return items[0] if len(items) == 1 else (kind, items)


def _inot(item: tuple) -> tuple:
    kind = item[0]
    if kind == "ieq":
        return ("ine", item[1])
    if kind == "ine":
        return ("ieq", item[1])
    if kind == "iand":
        return _igroup("ior", tuple(_inot(i) for i in item[1]))
    if kind == "ior":
        return _igroup("iand", tuple(_inot(i) for i in item[1]))
    raise AssertionError(item)  # pragma: no cover


def neg(expr: tuple) -> tuple:
    """Two-valued negation, pushed to the atoms. An atom is false on a durable fact without its attribute."""
    kind = expr[0]
    if expr == TRUE:
        return FALSE
    if expr == FALSE:
        return TRUE
    if kind == "ex":
        return ("nex", expr[1])
    if kind == "nex":
        return ("ex", expr[1])
    if kind == "cmp":
        return disj(("nex", expr[1]), ("cmp", expr[1], _NEG[expr[2]], expr[3]))
    if kind == "ref":
        _, attr, op, other, times = expr
        return disj(("nex", attr), ("nex", other), ref(attr, _NEG[op], other, times))
    if kind == "iany":
        return disj(("nex", expr[1]), ("iall", expr[1], _inot(expr[2])))
    if kind == "iall":
        return disj(("nex", expr[1]), ("iany", expr[1], _inot(expr[2])))
    if kind == "and":
        return disj(*(neg(p) for p in expr[1]))
    if kind == "or":
        return conj(*(neg(p) for p in expr[1]))
    raise AssertionError(expr)  # pragma: no cover


def _item_json(item: tuple) -> dict[str, Any]:
    kind = item[0]
    if kind == "ieq":
        return {"$i": item[1]}
    if kind == "ine":
        return {"$neq": {"$i": item[1]}}
    return {"$and" if kind == "iand" else "$or": [_item_json(i) for i in item[1]]}


def to_json(expr: tuple) -> dict[str, Any]:
    """The expression in durable-rules' JSON ruleset language (what ``durable.lang`` writes for ``m.x == 1``)."""
    kind = expr[0]
    if kind == "ex":
        return {"$ex": {expr[1]: 1}}
    if kind == "nex":
        return {"$nex": {expr[1]: 1}}
    if kind == "cmp":
        _, attr, op, value = expr
        return {attr: value} if op == "eq" else {_DURABLE_OP[op]: {attr: value}}
    if kind == "ref":
        # attr·q  op  other·p, with times = p/q: the left side is the fact pre-scaled by q (durable-rules has no
        # arithmetic on the left), the right side durable-rules' own product. It always stands in a conjunction
        # with ex(attr) and ex(other) (see ``ref``): a reference to an absent attribute matches anything.
        _, attr, op, other, times = expr
        left = attr if times.denominator == 1 else f"{attr}__x{times.denominator}"
        right = {"$m": other} if times.numerator == 1 else {"$mul": {"$l": {"$m": other}, "$r": times.numerator}}
        return {left: right} if op == "eq" else {_DURABLE_OP[op]: {left: right}}
    if kind in ("iany", "iall"):
        return {"$" + kind: {expr[1]: _item_json(expr[2])}}
    if kind in ("and", "or"):
        return {"$" + kind: [to_json(p) for p in expr[1]]}
    raise AssertionError(expr)  # pragma: no cover


# -- splitting: durable-rules takes at most 15 `$and`/`$or` nodes in one rule's expression ----------------
# (measured: its expression sequence holds 32 entries, two per and/or node; atoms under a node are free)
MAX_NODES = 15
MAX_PIECES = 4096  # durable rules for one expression before the translation refuses the rule


def _atom_attrs(atom: tuple) -> tuple[str, ...]:
    return (atom[1], atom[3]) if atom[0] == "ref" else (atom[1],)


def _consistent(atoms: list[tuple]) -> bool:
    """False when a conjunction of these atoms can never match (a cheap test that keeps the split small)."""
    absent = {a[1] for a in atoms if a[0] == "nex"}
    equal: dict[str, Any] = {}
    for atom in atoms:
        if atom[0] != "nex" and absent.intersection(_atom_attrs(atom)):
            return False
        if atom[0] == "cmp" and atom[2] == "eq":
            if atom[1] in equal and equal[atom[1]] != atom[3]:
                return False
            equal[atom[1]] = atom[3]
    return True


def nodes(expr: tuple) -> int:
    """The `$and`/`$or` nodes durable-rules counts for ``expr`` (item groups under `$iany`/`$iall`, and the
    product of a scaled reference, counted too: an over-estimate is safe)."""
    kind = expr[0]
    if kind in ("and", "or", "iand", "ior"):
        return 1 + sum(nodes(p) for p in expr[1])
    if kind in ("iany", "iall"):
        return 1 + nodes(expr[2])
    if kind == "ref":
        return 1
    return 0


def split(expr: tuple) -> list[tuple]:
    """Expressions, each small enough for one durable rule, whose disjunction is ``expr``: a top-level `or` is
    split into its parts, and an `and` too large is distributed over its largest `or` part."""
    if expr == FALSE:
        return []
    if nodes(expr) < MAX_NODES:
        return [expr]
    if expr[0] == "or":
        out: list[tuple] = []
        for part in expr[1]:
            out += split(part)
            if len(out) > MAX_PIECES:
                raise Unsupported(f"a condition too large for the durable translation ({len(out)}+ durable rules)")
        return out
    parts = list(expr[1]) if expr[0] == "and" else [expr]
    ors = [p for p in parts if p[0] == "or"]
    if not ors:
        raise Unsupported(f"a condition too large for one durable rule ({nodes(expr)} and/or nodes, {MAX_NODES - 1} fit)")
    widest = max(ors, key=nodes)
    rest = [p for p in parts if p is not widest]
    out = []
    for alternative in widest[1]:
        out += split(conj(*rest, alternative))
        if len(out) > MAX_PIECES:
            raise Unsupported(f"a condition too large for the durable translation ({len(out)}+ durable rules)")
    return out


# -- the translation of conditions ------------------------------------------------------------------
def given_attr(name: str) -> str:
    return "f_" + name


def derived_attr(name: str) -> str:
    return "d_" + name


@dataclass
class _Translator:
    """T, F and M of conditions of one rulebook; derived facts' rules are inlined only into M (see ``missing``)."""

    book: Compiled
    rule: Rule | None = None
    scales: dict[str, set[int]] = field(default_factory=dict)  # given int fact -> the denominators it is scaled by

    def refuse(self, node: Condition, why: str) -> Unsupported:
        where = f" (rule `{self.rule.id}`, line {self.rule.line})" if self.rule else ""
        return Unsupported(f"durable engine: {why}{where}; use the native engine (--engine native) for this rulebook")

    def attr(self, node: Condition, name: str, derived: bool) -> str:
        if not _NAME.match(name):
            raise self.refuse(node, f"fact name `{name}` is not a plain identifier")
        return derived_attr(name) if derived else given_attr(name)

    def tf(self, node: Condition) -> tuple[tuple, tuple]:
        """(T(node), F(node))."""
        kind = node.kind
        if kind in ("all", "any"):
            pairs = [self.tf(i) for i in node.items]
            ts, fs = [p[0] for p in pairs], [p[1] for p in pairs]
            return (conj(*ts), disj(*fs)) if kind == "all" else (disj(*ts), conj(*fs))
        if kind == "not":
            t, f = self.tf(node.items[0])
            return f, t
        return self.leaf(node)

    def leaf(self, node: Condition) -> tuple[tuple, tuple]:
        name, kind, value = node.fact, node.kind, node.value
        assert name is not None
        if name in self.book.derived:
            a = self.attr(node, name, True)
            if kind == "known":
                known = ("cmp", a, "ne", UNKNOWN)
                return (known, ("cmp", a, "eq", UNKNOWN)) if value else (("cmp", a, "eq", UNKNOWN), known)
            if kind not in ("eq", "ne") or not isinstance(value, bool):
                raise self.refuse(node, f"derived fact `{name}` tested with `{kind}`")
            wanted = value if kind == "eq" else not value
            return ("cmp", a, "eq", wanted), ("cmp", a, "eq", not wanted)
        a = self.attr(node, name, False)
        if kind == "known":
            return (("ex", a), ("nex", a)) if value else (("nex", a), ("ex", a))
        if isinstance(value, FactRef):
            other = self.attr(node, value.fact, False)
            times = Fraction(value.times)
            if times <= 0 or max(times.numerator, times.denominator) > 2**16:
                raise self.refuse(node, f"scale `{times}` (a positive fraction with terms up to 65536 is supported)")
            if times.denominator != 1:
                self.scales.setdefault(name, set()).add(times.denominator)
            return ref(a, kind, other, times), ref(a, _NEG[kind], other, times)
        if kind in ("eq", "ne") and isinstance(value, (bool, int, str)):
            t = ("cmp", a, "eq", value)
            f = ("cmp", a, "ne", value)
            return (t, f) if kind == "eq" else (f, t)
        if kind in ("lt", "le", "gt", "ge"):
            self.check_int(node, value)
            return ("cmp", a, kind, value), ("cmp", a, _NEG[kind], value)
        if kind in ("in", "not_in"):
            for v in value:
                if isinstance(v, int) and not isinstance(v, bool):
                    self.check_int(node, v)
            members = sorted(value, key=repr)
            t = disj(*(("cmp", a, "eq", v) for v in members))
            f = conj(("ex", a), *(("cmp", a, "ne", v) for v in members))
            return (t, f) if kind == "in" else (f, t)
        # set facts: the durable attribute is an array of the members, plus SENTINEL
        if kind == "contains":
            self.check_member(node, value)
            return ("iany", a, ("ieq", value)), ("iall", a, ("ine", value))
        members = sorted(value)
        for v in members:
            self.check_member(node, v)
        anyof = [("ieq", v) for v in members]
        if kind == "contains_any":
            t = ("iany", a, _igroup("ior", tuple(anyof))) if members else FALSE
            f = ("iall", a, _igroup("iand", tuple(_inot(i) for i in anyof))) if members else ("ex", a)
            return t, f
        if kind == "contains_all":
            t = conj(("ex", a), *(("iany", a, i) for i in anyof))
            f = disj(*(("iall", a, _inot(i)) for i in anyof))
            return t, f
        if kind == "eq":  # set equality: every member is there, and nothing else (SENTINEL aside)
            within = _igroup("ior", tuple(anyof) + (("ieq", SENTINEL),))
            t = conj(*(("iany", a, i) for i in anyof), ("iall", a, within))
            f = disj(*(("iall", a, _inot(i)) for i in anyof), ("iany", a, _inot(within)))
            return t, f
        raise self.refuse(node, f"operator `{kind}` on fact `{name}`")

    def check_int(self, node: Condition, value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or abs(value) > INT_LIMIT:
            raise self.refuse(node, f"value `{value}` (whole numbers up to ±2**40 are supported)")

    def check_member(self, node: Condition, value: Any) -> None:
        if value == SENTINEL:
            raise self.refuse(node, f"set member `{SENTINEL}` (reserved by the translation)")

    def missing(self, node: Condition, fact: str, seen: tuple[str, ...] = ()) -> tuple:
        """M_fact(node): matched exactly when ``fact`` is among the facts that leave ``node`` unknown."""
        kind = node.kind
        if kind == "not":
            return self.missing(node.items[0], fact, seen)
        if kind in ("all", "any"):
            parts = [self.tf(i) for i in node.items]
            # all: no item false; any: no item true — and the fact leaves some item unknown
            guard = conj(*(neg(f if kind == "all" else t) for t, f in parts))
            if guard == FALSE:
                return FALSE
            return conj(guard, disj(*(self.missing(i, fact, seen) for i in node.items)))
        name = node.fact
        assert name is not None
        if kind == "known":
            return FALSE
        if name in self.book.derived:
            if name in seen:  # pragma: no cover - compile refuses cycles
                raise self.refuse(node, f"derived fact `{name}` depends on itself")
            # a derived fact is unknown when no rule of it holds and some is unknown; it lacks what those lack
            inner = disj(*(self.missing(r.condition, fact, seen + (name,)) for r in self.book.derive_rules.get(name, ())))
            return conj(("cmp", derived_attr(name), "eq", UNKNOWN), inner) if inner != FALSE else FALSE
        a = given_attr(name)
        result = ("nex", a) if name == fact else FALSE
        if isinstance(node.value, FactRef) and node.value.fact == fact and fact != name:
            result = disj(result, conj(("ex", a), ("nex", given_attr(fact))))
        return result


# -- the rulesets ---------------------------------------------------------------------------------------
@dataclass
class _Run:
    """What the actions of one evaluation recorded."""

    current: dict[str, Any]
    derived: dict[str, bool | None] = field(default_factory=dict)
    events: list[ev.Event] = field(default_factory=list)
    true: set[str] = field(default_factory=set)
    false: set[str] = field(default_factory=set)
    missing: dict[str, set[str]] = field(default_factory=dict)
    error: str | None = None


@dataclass
class Translated:
    """The durable ruleset of one (rulebook, question): its name, definition (JSON), and how facts go in."""

    name: str
    definition: dict[str, Any]
    stages: tuple[str, ...]  # derived facts, in dependency order
    reads: tuple[str, ...]  # the given facts the question's rules read (through derived facts too)
    scales: dict[str, tuple[int, ...]]
    rules: tuple[Rule, ...]
    buckets: tuple[str, ...] = ()  # bucket attributes, 1 in every fact (see FANOUT)
    run: _Run | None = None


_names = count()
FANOUT = 28  # durable-rules walks its alpha network with a stack of 64 pending nodes: a fact may match at most
# that many sibling tests at once (measured; error 303 beyond). Rules are put in buckets of FANOUT under bucket
# tests (`b0_3 == 1`, which every fact passes), two levels deep, so no node has more than FANOUT children.


def _bucket_path(i: int, n: int) -> tuple[str, ...]:
    if n <= FANOUT:
        return ()
    if n <= FANOUT * FANOUT:
        return (f"b0_{i // FANOUT}",)
    if n <= FANOUT ** 3:
        return (f"b1_{i // (FANOUT * FANOUT)}", f"b0_{i // FANOUT}")
    raise Unsupported(f"durable engine: {n} durable rules in one stage is more than the translation supports")


def translate(book: Compiled, question: str) -> Translated:
    """The durable-rules ruleset for ``question`` of ``book`` (not yet registered). Raises ``Unsupported``."""
    tr = _Translator(book)
    name = f"rulekit{next(_names)}_{re.sub(r'[^A-Za-z0-9]', '_', book.id)}_{re.sub(r'[^A-Za-z0-9]', '_', question)}"
    stages = book.derive_for.get(question, ())
    candidates = book.by_question.get(question, ())
    definition: dict[str, Any] = {}
    out = Translated(name, definition, tuple(stages), (), {}, tuple(candidates))

    pieces: dict[int, list[tuple[str, tuple, Callable[[Any], None]]]] = {}

    def add(key: str, stage: int, expr: tuple, action: Callable[[Any], None]) -> None:
        """One durable rule per piece of the split expression, all running ``action`` (which is idempotent)."""
        for i, piece in enumerate(split(expr)):
            pieces.setdefault(stage, []).append((f"{key}#{i}", piece, action))

    for k, dname in enumerate(stages):
        rules = book.derive_rules.get(dname, ())
        earlier = TRUE  # none of the rules before this one holds
        fs = []
        for i, rule in enumerate(rules):
            tr.rule = rule
            t, f = tr.tf(rule.condition)
            add(f"s{k}.true.{i}", k, conj(earlier, t), _derive_action(out, k, dname, True, rule))
            earlier = conj(earlier, neg(t))
            fs.append(f)
        every_false = conj(*fs)
        add(f"s{k}.false", k, every_false, _derive_action(out, k, dname, False, None))
        add(f"s{k}.unknown", k, conj(earlier, neg(every_false)), _derive_action(out, k, dname, None, None))
    last = len(stages)
    for rule in candidates:
        tr.rule = rule
        t, f = tr.tf(rule.condition)
        add(f"q.{rule.id}.true", last, t, _record(out, "true", rule.id))
        add(f"q.{rule.id}.false", last, f, _record(out, "false", rule.id))
        for fact in sorted(book.base_facts([rule.condition])):
            add(f"q.{rule.id}.missing.{fact}", last, tr.missing(rule.condition, fact), _record(out, "missing", rule.id, fact))
    buckets: set[str] = set()
    for stage, items in pieces.items():
        for i, (key, piece, action) in enumerate(items):
            path = _bucket_path(i, len(items))
            buckets.update(path)
            body = conj(("cmp", "stage", "eq", stage), *(("cmp", b, "eq", 1) for b in path), piece)
            definition[key] = {"all": [{"m": to_json(body)}], "run": action}
    out.buckets = tuple(sorted(buckets))
    out.reads = tuple(sorted(book.facts_read(question)))
    out.scales = {k: tuple(sorted(v)) for k, v in tr.scales.items()}
    return out


def _record(out: Translated, what: str, rule_id: str, fact: str | None = None) -> Callable[[Any], None]:
    def action(c: Any) -> None:
        run = out.run
        assert run is not None
        if what == "true":
            run.true.add(rule_id)
        elif what == "false":
            run.false.add(rule_id)
        else:
            run.missing.setdefault(rule_id, set()).add(fact)  # type: ignore[arg-type]

    return action


def _derive_action(out: Translated, stage: int, name: str, value: bool | None, rule: Rule | None) -> Callable[[Any], None]:
    """The action that concludes derived fact ``name`` at ``stage``: it retracts the durable fact and asserts its
    next version, with the derived fact's value and the next stage, which the rules reading it then match.

    What an unknown derived fact lacks is never stored: the M expressions of the rules that read it inline the
    derived fact's own rules (see ``_Translator.missing``)."""

    def action(c: Any) -> None:
        run = out.run
        assert run is not None
        if name in run.derived:  # another conjunction of the same rule matched too
            return
        old = run.current
        new = dict(old)
        new[derived_attr(name)] = UNKNOWN if value is None else value
        new["stage"] = stage + 1
        run.derived[name] = value
        if rule is not None:
            run.events.append(ev.Derived(name, rule))
        run.current = new
        c.retract_fact(dict(old))
        try:
            c.assert_fact(dict(new))
        except _not_handled():
            pass

    return action


def _not_handled() -> type[BaseException]:
    from durable.engine import MessageNotHandledException

    return MessageNotHandledException


_HOST: Any = None
_LOCK = threading.RLock()


def _host() -> Any:
    """One durable-rules host for the process, without its background dispatch threads (every assert is run to
    completion synchronously, under ``_LOCK``)."""
    global _HOST
    if _HOST is None:
        try:
            from durable import engine
        except Exception as error:  # ImportError, or a broken native extension
            raise EngineUnavailable(f"the durable engine is not available here: durable-rules cannot be imported "
                                    f"({type(error).__name__}: {error}); use --engine native") from None

        class Host(engine.Host):
            def _run(self) -> None:  # no timers, no dispatch threads: nothing runs behind our back
                return None

        _HOST = Host()
    return _HOST


def available() -> str | None:
    """None when durable-rules imports here, else the one-line reason."""
    try:
        _host()
    except EngineUnavailable as error:
        return str(error)
    return None


def _message(spec: QuestionSpec, tr: Translated, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The one durable fact of an evaluation: the given facts the question reads, as attributes (see the module)."""
    out: dict[str, Any] = {"sid": "0", "stage": 0}
    for b in tr.buckets:
        out[b] = 1
    for name in tr.reads:
        if name not in facts:
            continue
        value = facts[name]
        fspec = spec.facts.get(name)
        ftype = fspec.type if fspec else None
        if ftype == "set" or isinstance(value, (set, frozenset)):
            out[given_attr(name)] = sorted(value) + [SENTINEL]
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > INT_LIMIT:
                raise InputError(f"fact `{name}`: {value} is beyond what the durable engine compares (±2**40); "
                                 "use --engine native")
            out[given_attr(name)] = value
            for q in tr.scales.get(name, ()):
                out[f"{given_attr(name)}__x{q}"] = value * q
        else:
            out[given_attr(name)] = value
    return out


class DurableBackend:
    """The rulebook's conditions matched, and derived facts chained, by durable-rules (this module's docstring)."""

    name = "durable"

    def __init__(self) -> None:
        _host()  # EngineUnavailable, in one line, where durable-rules cannot be imported
        self._built: dict[tuple[str, str], list[tuple[Compiled, dict[str, Translated]]]] = {}

    def prepare(self, book: Compiled) -> dict[str, Translated]:
        """Translate and register every question of ``book``, once per distinct compiled rulebook (raises
        ``Unsupported`` naming the rule it cannot say). Loading the same unchanged rulebook again reuses them."""
        with _LOCK:
            found = self._built.setdefault((str(book.path), book.id), [])
            for known, translated in found:
                if known is book or known == book:
                    return translated
            host = _host()
            translated = {q: translate(book, q) for q in sorted(book.by_question)}
            for tr in translated.values():
                if tr.definition:
                    host.register_rulesets({tr.name: tr.definition})
            found.append((book, translated))
            return translated

    def release(self, book: Compiled) -> None:
        """Forget the rulesets of ``book`` (short-lived rulebooks, such as generated ones in tests): the Python side
        is freed; the C side stays, since durable-rules' ``delete_ruleset`` was seen to corrupt later ruleset
        creation (error 102 on a valid definition, after deletions)."""
        with _LOCK:
            found = self._built.get((str(book.path), book.id), [])
            for i, (known, translated) in enumerate(found):
                if known is book:
                    host = _host()
                    for tr in translated.values():
                        ruleset = host._ruleset_directory.pop(tr.name, None)
                        if ruleset is not None:
                            host._ruleset_list.remove(ruleset)
                            ruleset._actions.clear()
                    del found[i]
                    return

    def evaluate(self, book: Compiled, question: QuestionSpec, facts: Mapping[str, Any], json_facts: dict[str, Any]) -> Result:
        rulesets = self.prepare(book)
        tr = rulesets.get(question.id)
        if tr is None:  # no rule for the question at all
            return decide(book, question, json_facts, (), [], [], {}, [])
        message = _message(question, tr, facts)
        with _LOCK:
            host = _host()
            tr.run = run = _Run(current=message)
            try:
                if tr.definition:
                    try:
                        host.assert_fact(tr.name, dict(message))
                    except _not_handled():
                        pass
                    try:
                        host.retract_fact(tr.name, dict(run.current))
                    except _not_handled():
                        pass
            except BaseException:
                host.delete_state(tr.name, "0")
                raise
            finally:
                tr.run = None
        if len(run.derived) != len(tr.stages):
            raise RulekitError(f"durable engine: derived facts {list(tr.stages)} stopped after {list(run.derived)} "
                               "(a defect of the translation)")
        holds: dict[str, tuple[bool | None, frozenset[str]]] = {}
        for rule in tr.rules:
            is_true, is_false = rule.id in run.true, rule.id in run.false
            lacking = frozenset(run.missing.get(rule.id, ()))
            if is_true + is_false + bool(lacking) != 1:
                raise RulekitError(f"durable engine: rule `{rule.id}` matched true={is_true} false={is_false} "
                                   f"missing={sorted(lacking)} (a defect of the translation)")
            holds[rule.id] = (True, frozenset()) if is_true else (False, frozenset()) if is_false else (None, lacking)
        trace: list[ev.Event] = list(run.events)
        effective = effective_rules(book, holds)
        sure, maybe = classify(book, tr.rules, holds, effective, trace)
        return decide(book, question, json_facts, tr.rules, sure, maybe, effective, trace)


_SHARED: DurableBackend | None = None


def shared_backend() -> DurableBackend:
    """The process's durable backend: its rulesets are built once per rulebook and shared by every ``load``."""
    global _SHARED
    with _LOCK:
        if _SHARED is None:
            _SHARED = DurableBackend()
        return _SHARED
