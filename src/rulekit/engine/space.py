"""The finite case space of a question, as several rulebooks see it.

A question's facts can be ints (unbounded) and sets (many subsets); a diff needs a finite space in which every
real case has a stand-in that every rulebook treats alike. The space is built from the *atoms* of the conditions
that the rulebooks' rules for the question read (through derived facts too): ``fact = value``, ``fact < 7``,
``members_present >= members_total * 1/2``, ``involves contains_any [...]``.

- A **dimension** (``Dim``) is one axis a case is described on, with finitely many *items*:
  an enum fact's values; a bool's false/true; an int fact's elementary intervals between the constants it is
  compared with (``lt 7`` gives ``[0, 6]``, ``[7, 7]``, ``[8, ∞)``); the sign (``<``, ``=``, ``>``) of each
  relative comparison ``x - k·y``; for a set fact, each *class* of interchangeable members (members named by the
  same tests) in the state none / some / all, and the members no test names (only when a test compares the set as
  a whole with ``eq``).
- A **variable** assigns one fact, or several ints linked by relative comparisons, at once. Its **points** are
  the stand-ins: concrete values for its facts, and for each of its dimensions the set of items (a bit mask) that
  every real case it stands for lies in. Items that no atom tells apart share a point (``form`` values that no
  rule names are one point; ``ge 7`` makes ``[7, 7]`` and ``[8, ∞)`` one point), so each point is evaluated once.

Soundness of the stand-ins: every atom's truth depends on one dimension only and is constant on each point's
items, so every real case a point stands for makes each atom (and so each condition, each rule, each result) come
out as the point's concrete values do. Completeness: every real case lies in some point — for enums, bools, sets
and unlinked ints by construction; for linked ints, the points are the combinations found by a search over
candidate values (every interval's ends plus a margin, and each candidate's image through every ratio ``k``,
rounded both ways); the margin ``2·D·(K+1)+2`` (``D`` the lcm of the ratios' numerators and denominators, ``K``
the largest ratio or inverse ratio) reaches every sign pattern two ratios can make.

``known`` tests break monotonicity (a fact not given is ``known: false``, once given it is ``known: true``), so the
facts they read, through derived facts too, are split on first (``Space.first``).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

TYPE_CHECKING = False  # typing is imported by type checkers only: `rulekit ask` starts without it
if TYPE_CHECKING:
    from typing import Any, Iterable, Sequence

from .compile import Compiled
from .conditions import Condition, FactRef
from .vocabulary import QuestionSpec

__all__ = ["Dim", "Point", "Variable", "Space", "build_space", "INF"]

INF = None  # the open upper end of an interval
MAX_INT = 10**9  # the largest int a fact accepts (``FactSpec.parse``)
SIGNS = ("<", "=", ">")
STATES = ("none", "some", "all")


@dataclass(frozen=True)
class Dim:
    """One axis of the case space. ``items`` are its finest distinctions (see the module's docstring)."""

    key: str
    fact: str
    kind: str  # "enum" | "bool" | "interval" | "relation" | "members"
    items: tuple[Any, ...]
    ref: FactRef | None = None  # relation: the right-hand side, ``fact`` is the left
    members: tuple[str, ...] = ()  # members: the class's members; () with kind "members" never occurs
    unnamed: bool = False  # members: the class of members no test names
    named: tuple[str, ...] = ()  # members (unnamed class): every named member of the set fact
    bounds: frozenset = frozenset()  # interval: (constant, op) pairs of the atoms, to word the bounds alike

    @property
    def full(self) -> int:
        return (1 << len(self.items)) - 1


@dataclass(frozen=True)
class Point:
    assign: tuple[tuple[str, Any], ...]  # the concrete values given to the engine
    masks: tuple[int, ...]  # per dimension of the variable: the items this point stands for


@dataclass(frozen=True)
class Variable:
    facts: tuple[str, ...]
    dims: tuple[int, ...]  # indexes into Space.dims
    points: tuple[Point, ...]

    @property
    def name(self) -> str:
        return "+".join(self.facts)


@dataclass(frozen=True)
class Space:
    question: QuestionSpec
    dims: tuple[Dim, ...]
    variables: tuple[Variable, ...]
    by_fact: dict[str, int]  # fact -> index of its variable
    first: tuple[int, ...]  # variables to split on before trusting a partial result (``known`` tests)

    @property
    def size(self) -> int:
        """The number of case classes: the product of the variables' point counts."""
        return math.prod(len(v.points) for v in self.variables)


# -- atoms --------------------------------------------------------------------------------------------------
def _conditions(book: Compiled, question: str) -> tuple[list[Condition], set[str]]:
    """The conditions that decide ``question`` (its rules' and, transitively, the derived facts' they read),
    and the base facts that ``known`` tests read (directly or through a derived fact)."""
    conditions = [r.condition for r in book.by_question.get(question, ())]
    seen: set[str] = set()
    pending = list(conditions)
    out: list[Condition] = []
    known: set[str] = set()
    known_derived: set[str] = set()
    while pending:
        condition = pending.pop()
        out.append(condition)
        for node in condition.walk():
            if node.kind == "known" and node.fact in book.derived:
                known_derived.add(node.fact)
            elif node.kind == "known":
                known.add(node.fact)
        for fact in condition.facts_read():
            if fact in book.derived and fact not in seen:
                seen.add(fact)
                pending.extend(r.condition for r in book.derive_rules.get(fact, ()))
    for name in known_derived:
        known |= _base_facts(book, name)
    return out, known


def _base_facts(book: Compiled, derived: str) -> set[str]:
    return book.base_facts(r.condition for r in book.derive_rules.get(derived, ()))


def _atoms(conditions: Iterable[Condition], facts: set[str]) -> list[Condition]:
    """The distinct leaf tests on vocabulary facts (not ``known``), in a stable order."""
    found: dict[tuple, Condition] = {}
    for condition in conditions:
        for node in condition.walk():
            if node.kind in ("all", "any", "not", "known") or node.fact not in facts:
                continue
            key = (node.kind, node.fact, _freeze(node.value))
            found.setdefault(key, node)
    return [found[k] for k in sorted(found, key=repr)]


def _freeze(value: Any) -> Any:
    if isinstance(value, frozenset):
        return tuple(sorted(value, key=repr))
    return value


def _holds(atom: Condition, values: dict[str, Any]) -> bool:
    value, _ = atom.evaluate(values, {})
    assert value is not None, (atom, values)
    return value


# -- building ------------------------------------------------------------------------------------------------
def build_space(spec: QuestionSpec, books: Sequence[Compiled]) -> Space:
    """The case space of ``spec`` over the facts that any of ``books`` reads for it."""
    read: set[str] = set()
    conditions: list[Condition] = []
    known: set[str] = set()
    for book in books:
        read |= book.facts_read(spec.id)
        more, k = _conditions(book, spec.id)
        conditions += more
        known |= k
    read &= set(spec.facts)
    atoms = _atoms(conditions, read)
    order = {name: i for i, name in enumerate(spec.facts)}

    dims: list[Dim] = []
    variables: list[tuple[int, Variable]] = []

    def add_dim(dim: Dim) -> int:
        dims.append(dim)
        return len(dims) - 1

    linked = _linked_ints(atoms)
    done: set[str] = set()
    for name in sorted(read, key=order.__getitem__):
        if name in done:
            continue
        fact = spec.facts[name]
        mine = [a for a in atoms if a.fact == name and not isinstance(a.value, FactRef)]
        if fact.type in ("enum", "bool"):
            variables.append((order[name], _finite_variable(fact, mine, add_dim)))
            done.add(name)
        elif fact.type == "set":
            variables.append((order[name], _set_variable(fact, mine, add_dim)))
            done.add(name)
        else:
            group = sorted(linked.get(name, {name}), key=order.__getitem__)
            done |= set(group)
            variables.append((order[name], _int_variable(group, atoms, add_dim)))
    ordered = [v for _, v in sorted(variables, key=lambda pair: pair[0])]
    by_fact = {fact: i for i, v in enumerate(ordered) for fact in v.facts}
    first = tuple(sorted({by_fact[f] for f in known if f in by_fact}))
    return Space(spec, tuple(dims), tuple(ordered), by_fact, first)


def _finite_variable(fact: Any, atoms: list[Condition], add_dim: Any) -> Variable:
    items = tuple(fact.domain())
    dim = add_dim(Dim(fact.name, fact.name, fact.type, items))
    groups: dict[tuple, int] = {}
    first: dict[tuple, Any] = {}
    for i, value in enumerate(items):
        signature = tuple(_holds(a, {fact.name: value}) for a in atoms)
        groups[signature] = groups.get(signature, 0) | (1 << i)
        first.setdefault(signature, value)
    points = tuple(Point(((fact.name, first[s]),), (mask,)) for s, mask in groups.items())
    return Variable((fact.name,), (dim,), points)


# -- sets ----------------------------------------------------------------------------------------------------
def _set_variable(fact: Any, atoms: list[Condition], add_dim: Any) -> Variable:
    tests = [(a.kind, frozenset([a.value]) if a.kind == "contains" else a.value) for a in atoms]
    named = {m for _, members in tests for m in members}
    signature: dict[str, tuple] = {m: tuple(m in members for _, members in tests) for m in fact.values}
    classes: dict[tuple, list[str]] = {}
    for member in fact.values:  # vocabulary order
        classes.setdefault(signature[member], []).append(member)
    has_eq = any(kind == "eq" for kind, _ in tests)
    dim_ids: list[int] = []
    per_dim: list[list[tuple[int, frozenset]]] = []  # per class: (mask of states, representative members)
    for members in classes.values():
        unnamed = members[0] not in named
        if unnamed and not has_eq:
            continue  # no test can see these members
        states = ("none", "some") if unnamed else (("none", "all") if len(members) == 1 else STATES)
        features: dict[tuple, int] = {}
        for i, state in enumerate(states):
            key = tuple(_state_feature(kind, frozenset(members), tested, state) for kind, tested in tests)
            features[key] = features.get(key, 0) | (1 << i)
        if len(features) == 1:
            continue  # no test tells this class's states apart
        dim = add_dim(Dim(f"{fact.name}#{len(dim_ids)}", fact.name, "members", states, members=tuple(members),
                          unnamed=unnamed, named=tuple(m for m in fact.values if m in named) if unnamed else ()))
        dim_ids.append(dim)
        options = []
        for mask in features.values():
            state = states[(mask & -mask).bit_length() - 1]  # the group's first state stands for it
            rep = frozenset() if state == "none" else frozenset(members[:1] if state == "some" else members)
            options.append((mask, rep))
        per_dim.append(options)
    points = []
    for combo in itertools.product(*per_dim):
        value = frozenset().union(*(rep for _, rep in combo))
        points.append(Point(((fact.name, value),), tuple(mask for mask, _ in combo)))
    return Variable((fact.name,), tuple(dim_ids), tuple(points))


def _state_feature(kind: str, members: frozenset, tested: frozenset, state: str) -> Any:
    """What a test on a set fact sees of one class in ``state`` (None: the test does not look at it)."""
    inside = members <= tested
    if kind == "contains_any":
        return state != "none" if inside else None
    if kind in ("contains", "contains_all"):
        return state == "all" if inside else None
    if kind == "eq":
        return state == "all" if inside else state == "none"
    raise AssertionError(kind)  # pragma: no cover


# -- ints ----------------------------------------------------------------------------------------------------
def _linked_ints(atoms: list[Condition]) -> dict[str, set[str]]:
    """Int facts joined by relative comparisons, as connected groups (each fact -> its group)."""
    group: dict[str, set[str]] = {}
    for atom in atoms:
        if isinstance(atom.value, FactRef):
            a, b = atom.fact, atom.value.fact
            joined = group.get(a, {a}) | group.get(b, {b})
            for name in joined:
                group[name] = joined
    return group


def _constants(atoms: list[Condition]) -> set[int]:
    found: set[int] = set()
    for atom in atoms:
        values = atom.value if isinstance(atom.value, frozenset) else [atom.value]
        found |= {v for v in values if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_INT}
    return found


def _intervals(constants: set[int]) -> tuple[tuple[int, int | None], ...]:
    """Elementary intervals: each constant alone, and the runs between (``[0, c-1]``, ``[c, c]``, ``[c+1, ∞)``)."""
    out: list[tuple[int, int | None]] = []
    start = 0
    for c in sorted(constants):
        if start < c:
            out.append((start, c - 1))
        out.append((c, c))
        start = c + 1
    if start <= MAX_INT:
        out.append((start, INF))
    return tuple(out)


def _bounds(atoms: list[Condition]) -> frozenset:
    pairs = set()
    for atom in atoms:
        values = atom.value if isinstance(atom.value, frozenset) else [atom.value]
        pairs |= {(v, atom.kind) for v in values if isinstance(v, int) and not isinstance(v, bool)}
    return frozenset(pairs)


def _int_variable(facts: list[str], atoms: list[Condition], add_dim: Any) -> Variable:
    """An int fact split at the thresholds its rules use; ints compared with each other form one linked variable."""
    constant_atoms = {f: [a for a in atoms if a.fact == f and not isinstance(a.value, FactRef)] for f in facts}
    relative = [a for a in atoms if a.fact in facts and isinstance(a.value, FactRef)]
    intervals = {f: _intervals(_constants(constant_atoms[f])) for f in facts}
    if not relative:
        (name,) = facts
        return _single_int_variable(name, constant_atoms[name], intervals[name], add_dim)
    return _linked_int_variable(facts, constant_atoms, relative, intervals, add_dim)


def _single_int_variable(name: str, atoms: list[Condition], items: tuple, add_dim: Any) -> Variable:
    """One int compared with constants only: its intervals, grouped by which atoms hold there."""
    dim = add_dim(Dim(name, name, "interval", items, bounds=_bounds(atoms)))
    groups: dict[tuple, int] = {}
    rep: dict[tuple, int] = {}
    for i, (lo, _) in enumerate(items):
        signature = tuple(_holds(a, {name: lo}) for a in atoms)
        groups[signature] = groups.get(signature, 0) | (1 << i)
        rep.setdefault(signature, lo)
    points = tuple(Point(((name, rep[s]),), (mask,)) for s, mask in groups.items())
    return Variable((name,), (dim,), points)


def _linked_int_variable(facts: list[str], constant_atoms: dict[str, list[Condition]], relative: list[Condition],
                         intervals: dict[str, tuple], add_dim: Any) -> Variable:
    """Ints compared with each other (``x ≥ y×k``): a dimension per fact with constants and one per relative form
    (x, y, k), with a representative assignment for every combination that occurs."""
    forms: dict[tuple, list[Condition]] = {}
    for atom in relative:
        forms.setdefault((atom.fact, atom.value.fact, atom.value.times), []).append(atom)
    layout: list[tuple[str, Any]] = []  # ("interval", fact) | ("relation", form)
    dim_ids: list[int] = []
    for name in facts:
        if len(intervals[name]) > 1:
            layout.append(("interval", name))
            dim_ids.append(add_dim(Dim(name, name, "interval", intervals[name], bounds=_bounds(constant_atoms[name]))))
    for form in sorted(forms, key=lambda f: (facts.index(f[0]), facts.index(f[1]), f[2])):
        x, y, k = form
        layout.append(("relation", form))
        dim_ids.append(add_dim(Dim(f"{x}~{y}*{k}", x, "relation", SIGNS, ref=FactRef(y, k))))

    # the groups of each dimension's items that its atoms tell apart
    def interval_group(name: str, value: int) -> tuple:
        return tuple(_holds(a, {name: value}) for a in constant_atoms[name])

    def sign(form: tuple, values: dict[str, int]) -> int:
        x, y, k = form
        diff = values[x] - values[y] * k
        return 0 if diff < 0 else (1 if diff == 0 else 2)

    masks_of: list[dict[Any, int]] = []
    for kind, what in layout:
        groups: dict[tuple, int] = {}
        if kind == "interval":
            for i, (lo, _) in enumerate(intervals[what]):
                g = interval_group(what, lo)
                groups[g] = groups.get(g, 0) | (1 << i)
        else:
            for s in range(3):
                g = _sign_truths(forms[what], s)
                groups[g] = groups.get(g, 0) | (1 << s)
        masks_of.append({g: m for g, m in groups.items()})

    def coords(values: dict[str, int]) -> tuple[int, ...]:
        out = []
        for (kind, what), groups in zip(layout, masks_of):
            if kind == "interval":
                item = next(i for i, (lo, hi) in enumerate(intervals[what]) if values[what] >= lo and (hi is None or values[what] <= hi))
            else:
                item = sign(what, values)
            out.append(next(m for m in groups.values() if m >> item & 1))
        return tuple(out)

    candidates = _candidates(facts, intervals, list(forms))
    found: dict[tuple, dict[str, int]] = {}
    for combo in itertools.product(*(candidates[f] for f in facts)):
        values = dict(zip(facts, combo))
        key = coords(values)
        if key not in found:
            found[key] = values
    points = tuple(Point(tuple((f, found[key][f]) for f in facts), key) for key in sorted(found))
    return Variable(tuple(facts), tuple(dim_ids), points)


def _sign_truths(atoms: list[Condition], s: int) -> tuple:
    """The truth of each relative atom of one form when ``x - k·y`` has sign ``s`` (0 <, 1 =, 2 >)."""
    out = []
    for atom in atoms:
        op = atom.kind
        out.append({"lt": s == 0, "le": s <= 1, "eq": s == 1, "ne": s != 1, "ge": s >= 1, "gt": s == 2}[op])
    return tuple(out)


def _candidates(facts: list[str], intervals: dict[str, tuple], forms: list[tuple]) -> dict[str, list[int]]:
    ratios = [Fraction(k) for _, _, k in forms]
    parts = [r.numerator for r in ratios if r] + [r.denominator for r in ratios]
    lcm = math.lcm(*[abs(p) for p in parts if p]) if parts else 1
    biggest = max([1] + [math.ceil(abs(r)) for r in ratios] + [math.ceil(1 / abs(r)) for r in ratios if r])
    margin = 2 * lcm * (biggest + 1) + 2
    base: dict[str, set[int]] = {}
    for name in facts:
        values: set[int] = set()
        for lo, hi in intervals[name]:
            top = MAX_INT if hi is None else hi
            values |= set(range(lo, min(lo + margin, top) + 1))
            if hi is not None:
                values |= set(range(max(lo, hi - margin), hi + 1))
        base[name] = values
    out = {name: set(values) for name, values in base.items()}
    for x, y, k in forms:
        k = Fraction(k)
        for v in base[y]:  # x near k·v
            w = v * k
            out[x] |= {n for n in range(math.floor(w) - 1, math.ceil(w) + 2) if 0 <= n <= MAX_INT}
        if k:
            for v in base[x]:  # y near v/k
                w = v / k
                out[y] |= {n for n in range(math.floor(w) - 1, math.ceil(w) + 2) if 0 <= n <= MAX_INT}
    return {name: sorted(values) for name, values in out.items()}
