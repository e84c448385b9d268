"""Where two rulebooks lead to different outcomes: the semantic diff, the structural diff, and the comparison of
several rulebooks at once.

**Outcome.** Two results *differ* when their ``(status, answer key, missing)`` differ; the answer key compares
role answers as sets of alternatives, each a set of roles, notes aside (``evaluate.answer_key``). Citations are
not part of the outcome: two counties that give the same answer from different articles agree. Over complete
cases ``missing`` is always empty (no fact is unknown), so in practice a difference is a different status or a
different answer. Two ``conflict`` results are the same outcome (both rulebooks are defective there).

**Regions.** The case space of a question (``space``) is explored as a decision tree: a partial assignment is
evaluated by every rulebook; where each result is decided (``answered``, ``not_covered`` or ``conflict``) the
whole subtree shares it — the engine's monotonicity law (``tests/test_engine_laws.py``): a decided result stays
the same, in status and answer, however the unknown facts are filled in — so the node is a *leaf*. Otherwise the
tree splits on a fact that an undecided result names as missing. Facts read by ``known`` tests, which break
that law, are split on first. The leaves partition the space, each with one outcome per rulebook.

The leaves whose outcomes differ are then merged into few *regions* (cubes: a set of items per dimension) by
greedy expansion, as in two-level logic minimisation with don't-cares: each uncovered leaf grows, one dimension
at a time, as long as the cube meets no leaf with another outcome and its cases keep a citation in common; cubes
covered by the others are dropped. Regions may overlap; where they do they agree. A region's citations are those
cited in *every* case it covers (never empty for an ``answered`` side); see ``_Merger.citations``.

**Sound**: every real case in a region lies in leaves of the region's outcomes (the growth test), and every
case of a leaf gets the leaf's outcome (monotonicity, and the stand-in argument of ``space``). **Complete**:
every leaf with differing outcomes is covered by a region, and the leaves cover every case.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from ..engine.rulebook import Rulebook, load
from ..errors import InputError
from ..engine.evaluate import Citation, Result, _merge, answer_key
from .space import Dim, Space, build_space  # the limit of RULEKIT_MAX_CASES applied
from ..engine.vocabulary import FactSpec, QuestionSpec, vocabulary

if TYPE_CHECKING:
    from .structure import Structure

__all__ = ["Comparison", "Diff", "Difference", "QuestionComparison", "QuestionDiff", "Region", "Side", "compare",
           "diff", "outcome", "region_matches"]


# -- results as the diff sees them ---------------------------------------------------------------------------
def outcome(result: Result) -> tuple:
    """What makes two results the same outcome: status, answer key and missing facts (citations aside)."""
    key = answer_key(result.answer) if result.status == "answered" else None
    return (result.status, key, tuple(sorted(result.missing)))


@dataclass(frozen=True)
class Side:
    """One rulebook's result over a whole region: what every case in it gets."""

    status: str
    answer: Any
    citations: tuple[Citation, ...]
    strength: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "answer": self.answer,
                               "citations": [c.to_dict() for c in self.citations]}
        if self.strength:
            out["strength"] = self.strength
        if self.note:
            out["note"] = self.note
        return out

    @property
    def outcome(self) -> tuple:
        return (self.status, answer_key(self.answer) if self.status == "answered" else None, ())


@dataclass(frozen=True)
class Region:
    """A partial assignment (``facts``, in the format of ``region_matches``) and each rulebook's result there."""

    facts: dict[str, Any]
    sides: tuple[Side, ...]
    cases: int  # case classes of the space inside the region

    def matches(self, case: Mapping[str, Any]) -> bool:
        return region_matches(self.facts, case)


@dataclass(frozen=True)
class Difference(Region):
    @property
    def left(self) -> Side:
        return self.sides[0]

    @property
    def right(self) -> Side:
        return self.sides[1]

    def to_dict(self) -> dict[str, Any]:
        return {"facts": self.facts, "left": self.left.to_dict(), "right": self.right.to_dict(), "cases": self.cases}


def _decided_by(left: bool, right: bool) -> str:
    return {(True, True): "both", (True, False): "left", (False, True): "right", (False, False): "neither"}[(left, right)]


@dataclass(frozen=True)
class QuestionDiff:
    question: str
    decided_by: str  # "both" | "left" | "right" | "neither"
    cases: int  # case classes of the question's space
    evaluated: int  # evaluations made (per rulebook, partial assignments included)
    differences: tuple[Difference, ...]
    spec: QuestionSpec | None = None  # the question as both sides speak it (a rulebook's own facts included)
    notes: tuple[str, ...] = ()  # what one side's vocabulary has and the other's lacks (read as unknown there)

    @property
    def zh(self) -> str:
        return (self.spec or vocabulary().question(self.question)).zh

    def to_dict(self) -> dict[str, Any]:
        out = {"question": self.question, "zh": self.zh, "decided_by": self.decided_by,
               "cases": self.cases, "evaluated": self.evaluated, "differences": [d.to_dict() for d in self.differences]}
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass
class Diff:
    """The semantic and structural differences of two rulebooks. ``to_dict()`` is the contract's JSON."""

    left: Rulebook
    right: Rulebook
    questions: list[QuestionDiff]
    structure: "Structure | None"  # None when not asked for

    def to_dict(self) -> dict[str, Any]:
        out = {
            "left": self.left.id,
            "right": self.right.id,
            "questions": [q.to_dict() for q in self.questions],
            "names": {"left": self.left.name, "right": self.right.name},
            "summary": self.summary(),
        }
        if self.structure is not None:
            out["structure"] = self.structure.to_dict()
        return out

    def summary(self) -> dict[str, Any]:
        return {
            "questions": len(self.questions),
            "differing": [q.question for q in self.questions if q.differences],
            "differences": sum(len(q.differences) for q in self.questions),
            "only_left": [q.question for q in self.questions if q.decided_by == "left"],
            "only_right": [q.question for q in self.questions if q.decided_by == "right"],
            "cases": sum(q.cases for q in self.questions),
            "evaluated": sum(q.evaluated for q in self.questions),
        }

    @property
    def same(self) -> bool:
        return not any(q.differences for q in self.questions)


# -- the search ----------------------------------------------------------------------------------------------
@dataclass
class _Leaf:
    cube: tuple[int, ...]
    results: tuple[Result, ...]
    outcomes: tuple[Any, ...]  # what the merger groups leaves by: each result's ``outcome`` for the diff
    size: int
    facts: dict[str, Any] = field(default_factory=dict)  # the partial assignment the leaf stands for


class _Evaluator:
    """Evaluates partial assignments with each rulebook's engine; counts and caches the evaluations."""

    def __init__(self, space: Space, books: Sequence[Rulebook]) -> None:
        self.space = space
        self.books = books
        self.count = 0
        self.cache: dict[tuple, Result] = {}

    def __call__(self, i: int, facts: Mapping[str, Any]) -> Result:
        key = (i, tuple(sorted(facts.items(), key=lambda kv: kv[0])))
        found = self.cache.get(key)
        if found is None:
            self.count += 1
            book = self.books[i]
            found = book.evaluator.evaluate(book.compiled, self.space.question, dict(facts), {})
            self.cache[key] = found
        return found


def _explore(space: Space, books: Sequence[Rulebook], evaluate: _Evaluator, *,
             withheld: frozenset[int] = frozenset(),
             refine: Callable[[dict[str, Any]], Iterable[str]] | None = None,
             stop: Callable[[Sequence[Result]], bool] | None = None) -> list[_Leaf]:
    """The leaves of the decision tree over ``space``, in depth-first order.

    ``withheld``: variables (indexes) never split on; a node whose undecided results name only their facts is a
    leaf, with those results (``needs_facts``) in it. ``refine(facts)``: facts still to split on at a node whose
    results are all decided (the analyzer asks for every rule's effectiveness to be decided too); none by default.
    ``stop(results)``: a node is a leaf, whatever is undecided, when it says so (the analyzer stops where two
    values of a withheld fact are known to give different outcomes). The one search serves ``diff``, ``compare``
    and ``analyze``."""
    spec = space.question
    reads = [set(b.compiled.facts_read(spec.id)) for b in books]
    var_reads = [{i for i, v in enumerate(space.variables) if set(v.facts) & r} for r in reads]
    order = {name: i for i, name in enumerate(spec.facts)}
    full = tuple(d.full for d in space.dims)
    leaves: list[_Leaf] = []

    def visit(assigned: dict[int, int], facts: dict[str, Any], results: list[Result | None]) -> None:
        pending_first = [v for v in space.first if v not in assigned]
        if pending_first:
            split = pending_first[0]
        else:
            for i, r in enumerate(results):
                if r is None:
                    results[i] = evaluate(i, facts)
            undecided = [r for r in results if r.status == "needs_facts"]
            votes: dict[str, int] = {}
            for r in undecided:
                for name in r.missing:
                    if name not in space.by_fact:
                        raise AssertionError(f"`{name}` is missing but not in the case space of `{spec.id}`")
                    if space.by_fact[name] not in withheld:
                        votes[name] = votes.get(name, 0) + 1
            if not votes and refine is not None and not undecided:
                for name in refine(facts):
                    if space.by_fact[name] not in withheld:
                        votes[name] = votes.get(name, 0) + 1
            if not votes or (stop is not None and stop(results)):  # type: ignore[arg-type]
                cube = list(full)
                size = 1
                for v_index, p_index in assigned.items():
                    var = space.variables[v_index]
                    for d, mask in zip(var.dims, var.points[p_index].masks):
                        cube[d] = mask
                for v_index, var in enumerate(space.variables):
                    if v_index not in assigned:
                        size *= len(var.points)
                done = tuple(results)  # type: ignore[arg-type]
                leaves.append(_Leaf(tuple(cube), done, tuple(outcome(r) for r in done), size, dict(facts)))
                return
            name = min(votes, key=lambda n: (-votes[n], order.get(n, len(order)), n))
            split = space.by_fact[name]
        var = space.variables[split]
        for p_index, point in enumerate(var.points):
            more = dict(facts)
            more.update(point.assign)
            # a decided result holds for the whole subtree; an undecided one changes only if it reads the split
            keep = [r if r is not None and (r.status != "needs_facts" or split not in var_reads[i]) else None
                    for i, r in enumerate(results)]
            visit({**assigned, split: p_index}, more, keep)

    visit({}, {}, [None] * len(books))
    return leaves


# -- merging -------------------------------------------------------------------------------------------------
class _Merger:
    """Grow the leaves of each outcome group into few cubes that meet no leaf of another group."""

    def __init__(self, space: Space, leaves: list[_Leaf], evaluate: _Evaluator) -> None:
        self.space = space
        self.evaluate = evaluate
        self.reads = [b.compiled.facts_read(space.question.id) for b in evaluate.books]
        self.leaves = leaves
        self.ndims = len(space.dims)
        # per dimension and item: the leaves (as a bit set) whose cube holds that item
        self.holding: list[list[int]] = []
        for d, dim in enumerate(space.dims):
            per_item = []
            for item in range(len(dim.items)):
                bits = 0
                for k, leaf in enumerate(leaves):
                    if leaf.cube[d] >> item & 1:
                        bits |= 1 << k
                per_item.append(bits)
            self.holding.append(per_item)
        self.all_leaves = (1 << len(leaves)) - 1
        self.groups: dict[tuple, int] = {}
        for k, leaf in enumerate(leaves):
            self.groups[leaf.outcomes] = self.groups.get(leaf.outcomes, 0) | (1 << k)
        # variables whose items do not combine freely: a cube must hold one of their points to hold a case
        self.restricted = [v for v in space.variables if len(v.dims) > 1 and len(v.points) < math.prod(
            bin(_union(p.masks[j] for p in v.points)).count("1") for j in range(len(v.dims)))]

    def meeting(self, cube: tuple[int, ...]) -> int:
        """The leaves that share at least one item combination with ``cube``."""
        bits = self.all_leaves
        for d, mask in enumerate(cube):
            if mask == self.space.dims[d].full:
                continue
            union = 0
            item = 0
            while mask:
                if mask & 1:
                    union |= self.holding[d][item]
                mask >>= 1
                item += 1
            bits &= union
            if not bits:
                break
        return bits

    def empty(self, cube: tuple[int, ...]) -> bool:
        for var in self.restricted:
            if not any(all(p.masks[j] & cube[d] for j, d in enumerate(var.dims)) for p in var.points):
                return True
        return any(mask == 0 for mask in cube)

    def citations(self, cube: tuple[int, ...], bits: int, seed: Sequence[frozenset[Citation]]) -> list[frozenset[Citation]] | None:
        """Of the citations ``seed`` (the leaf a region grew from cites them), those that every case of ``cube``
        (meeting the leaves ``bits``) gets, per rulebook; None if an answered (or conflict) side keeps none.

        Each leaf's part of the cube is evaluated again with every variable that has one point there assigned;
        by monotonicity the rules it cites hold in every case of the part. A rule still wanted but not yet sure
        there is looked for deeper, splitting the part on the variables the rulebook reads."""
        common = list(seed)
        for k in _bits(bits):
            leaf = self.leaves[k]
            part = tuple(a & b for a, b in zip(leaf.cube, cube))
            facts: dict[str, Any] = {}
            free: list[list[Any]] = []
            for var in self.space.variables:
                inside = [p for p in var.points if all(p.masks[j] & part[d] for j, d in enumerate(var.dims))]
                if len(inside) == 1:
                    facts.update(inside[0].assign)
                else:
                    free.append([var, inside])
            for i, r in enumerate(leaf.results):
                if r.status not in ("answered", "conflict"):
                    common[i] = frozenset()
                    continue
                common[i] = self._sure(i, facts, free, common[i])
                if not common[i]:
                    return None
        return common

    def _sure(self, i: int, facts: dict[str, Any], free: list[list[Any]], want: frozenset) -> frozenset:
        """Of ``want``, the citations sure in every completion of ``facts`` over the points ``free`` allows."""
        if not want:
            return want
        found = self.evaluate(i, facts)
        have = frozenset(found.citations)
        if want <= have:
            return want
        reads = self.reads[i]
        for n, (var, points) in enumerate(free):
            if var.facts[0] not in reads:
                continue
            rest = free[:n] + free[n + 1:]
            result = want
            for point in points:
                more = dict(facts)
                more.update(point.assign)
                result = result & self._sure(i, more, rest, result)
                if not result:
                    break
            return result
        return want & have

    def grow(self, cube: tuple[int, ...], group: int, seed: Sequence[frozenset[Citation]]) -> tuple[int, ...]:
        """Widen ``cube`` dimension by dimension while it meets leaves of ``group`` only, and keeps a citation."""
        others = self.all_leaves & ~group
        cube = list(cube)

        def fits(candidate: list[int]) -> bool:
            bits = self.meeting(tuple(candidate))
            return not bits & others and self.citations(tuple(candidate), bits, seed) is not None

        for d in reversed(range(self.ndims)):  # later facts are freed first: earlier ones read as the headline
            full = self.space.dims[d].full
            if cube[d] == full:
                continue
            trial = list(cube)
            trial[d] = full
            if fits(trial):
                cube = trial
        for d in range(self.ndims):
            dim = self.space.dims[d]
            for item in range(len(dim.items)):
                if cube[d] >> item & 1:
                    continue
                trial = list(cube)
                trial[d] |= 1 << item
                if fits(trial):
                    cube = trial
        return tuple(cube)

    def regions(self, group_key: tuple) -> list[tuple[tuple[int, ...], int, list[frozenset[Citation]]]]:
        """Cubes covering the leaves of one group: each with the leaves it meets and its citations."""
        group = self.groups[group_key]
        grown: dict[tuple[int, ...], list[frozenset[Citation]]] = {}
        for k in _bits(group):
            leaf = self.leaves[k]
            if any(_contains(c, leaf.cube) for c in grown) or self._covered(leaf.cube, list(grown)):
                continue
            seed = [frozenset(r.citations) for r in leaf.results]
            cube = self.grow(leaf.cube, group, seed)
            grown.setdefault(cube, seed)
        # drop cubes that the others cover
        kept = list(grown)
        for cube in sorted(grown, key=self._volume):
            rest = [c for c in kept if c != cube]
            if self._covered(cube, rest):
                kept = rest
        out = []
        for cube in kept:
            bits = self.meeting(cube) & group
            cited = self.citations(cube, bits, grown[cube])
            assert cited is not None
            out.append((cube, bits, cited))
        return out

    def _volume(self, cube: tuple[int, ...]) -> int:
        return math.prod(bin(m).count("1") for m in cube)

    def _covered(self, cube: tuple[int, ...], cubes: list[tuple[int, ...]]) -> bool:
        """Whether every item combination of ``cube`` lies in one of ``cubes``."""
        pieces = [cube]
        for other in cubes:
            nxt = []
            for piece in pieces:
                nxt.extend(p for p in _subtract(piece, other) if not self.empty(p))
            pieces = nxt
            if not pieces:
                return True
        return not pieces


def _bits(bits: int) -> Iterable[int]:
    k = 0
    while bits:
        if bits & 1:
            yield k
        bits >>= 1
        k += 1


def _union(masks: Iterable[int]) -> int:
    out = 0
    for m in masks:
        out |= m
    return out


def _contains(outer: tuple[int, ...], inner: tuple[int, ...]) -> bool:
    return all(i & ~o == 0 for o, i in zip(outer, inner))


def _subtract(a: tuple[int, ...], b: tuple[int, ...]) -> list[tuple[int, ...]]:
    """``a`` minus ``b`` as disjoint cubes."""
    if any(x & y == 0 for x, y in zip(a, b)):
        return [a]
    out = []
    prefix = list(a)
    for d, (x, y) in enumerate(zip(a, b)):
        rest = x & ~y
        if rest:
            piece = list(prefix)
            piece[d] = rest
            out.append(tuple(piece))
        prefix[d] = x & y
    return out


def _side(book: Rulebook, results: list[Result], common: frozenset[Citation]) -> Side:
    first = results[0]
    cites = tuple(sorted(common, key=lambda c: (c.article, c.clause or 0, c.rule)))
    if first.status == "answered":
        rules = sorted((book.compiled.rules[c.rule] for c in cites), key=lambda r: r.id)
        answer = _merge(rules) if rules else first.answer
        strength = "in_principle" if any(r.strength == "in_principle" for r in rules) else "mandatory"
        return Side("answered", answer, cites, strength, first.note)
    return Side(first.status, None, cites, None, first.note)


def _differing(key: tuple) -> bool:
    return len(set(key)) > 1


def _regions(space: Space, books: Sequence[Rulebook], leaves: list[_Leaf], evaluate: _Evaluator, *,
             select: Callable[[Any], bool] = _differing) -> list[Region]:
    """Regions covering the leaves of every group (``_Leaf.outcomes``) that ``select`` keeps, in tree order."""
    merger = _Merger(space, leaves, evaluate)
    found: list[tuple[int, Region]] = []
    for key in merger.groups:
        if not select(key):
            continue
        for cube, bits, commons in merger.regions(key):
            members = list(_bits(bits))
            sides = tuple(_side(book, [leaves[k].results[i] for k in members], commons[i])
                          for i, book in enumerate(books))
            cases = _cases_in(space, cube)
            region = (Difference if len(books) == 2 else Region)(render_facts(space, cube), sides, cases)
            found.append((members[0], region))
    found.sort(key=lambda pair: pair[0])
    return [r for _, r in found]


def _cases_in(space: Space, cube: tuple[int, ...]) -> int:
    total = 1
    for var in space.variables:
        total *= sum(1 for p in var.points if all(p.masks[j] & cube[d] for j, d in enumerate(var.dims)))
    return total


# -- regions as data -----------------------------------------------------------------------------------------
def render_facts(space: Space, cube: tuple[int, ...]) -> dict[str, Any]:
    """A cube as a region's ``facts``: only the facts it constrains, in vocabulary order.

    A value is: a fact value (equality); a list (any of its items); or a mapping of tests that all hold:
    ``ne lt le gt ge`` with a number or ``{"fact": other, "times": "1/2"}``, ``not_in`` (a list),
    ``contains_all`` / ``contains_none`` (lists of members), ``contains_any`` / ``not_contains_all`` (a list of
    members, or a list of such lists when several groups are tested), ``subset_of`` / ``not_subset_of`` (the set has
    no member / some member outside the list), and ``all`` (a list of such mappings, when two tests share a key)."""
    per_fact: dict[str, list[Any]] = {}
    for d, dim in enumerate(space.dims):
        mask = cube[d]
        if mask == dim.full:
            continue
        per_fact.setdefault(dim.fact, []).append((dim, mask))
    return {name: _fact_spec(per_fact[name]) for name in space.question.facts if name in per_fact}


def _fact_spec(parts: list[tuple[Dim, int]]) -> Any:
    """One fact's part of a region: a value, a list, or a mapping of tests (see ``render_facts``), from the masks
    the cube holds on each of the fact's dimensions."""
    value: Any = None
    tests: dict[str, Any] = {}
    extra: list[dict[str, Any]] = []

    def add(op: str, arg: Any) -> None:
        if op in tests:
            extra.append({op: arg})
        else:
            tests[op] = arg

    sets: dict[str, list] = {}
    for dim, mask in parts:
        chosen = [item for i, item in enumerate(dim.items) if mask >> i & 1]
        if dim.kind in ("enum", "bool"):
            rest = [item for item in dim.items if item not in chosen]
            if len(chosen) == 1:
                value = chosen[0]
            elif dim.kind == "enum" and len(rest) < len(chosen):
                add("ne", rest[0]) if len(rest) == 1 else add("not_in", rest)
            else:
                value = chosen
        elif dim.kind == "interval":
            spec = _interval_spec(dim, chosen)
            if isinstance(spec, dict):
                for op, arg in spec.items():
                    add(op, arg)
            else:
                value = spec
        elif dim.kind == "relation":
            op = {("<",): "lt", ("=",): "eq", (">",): "gt", ("<", "="): "le", ("=", ">"): "ge", ("<", ">"): "ne"}[tuple(chosen)]
            ref = {"fact": dim.ref.fact}
            if dim.ref.times != 1:
                ref["times"] = str(dim.ref.times)
            add(op, ref)
        else:
            _members_spec(dim, set(chosen), sets)
    for op in ("contains_all", "contains_none", "contains_any", "not_contains_all", "subset_of", "not_subset_of"):
        if op in sets:
            groups = sets[op]
            if op in ("contains_all", "contains_none"):
                add(op, [m for g in groups for m in g])
            elif op in ("subset_of", "not_subset_of"):
                add(op, groups[0])
            else:
                add(op, groups[0] if len(groups) == 1 else groups)
    for alternatives in sets.get("any", ()):  # a class none or all: said as two alternatives
        add("any", alternatives)
    if value is not None and (tests or extra):
        add("any" if isinstance(value, list) else "eq", value)
        value = None
    if extra:
        tests["all"] = extra
    return value if value is not None else tests


def _interval_spec(dim: Dim, chosen: list[tuple[int, int | None]]) -> Any:
    runs: list[list[Any]] = []
    for lo, hi in chosen:
        if runs and runs[-1][1] is not None and runs[-1][1] + 1 == lo:
            runs[-1][1] = hi
        else:
            runs.append([lo, hi])
    uppers = {c for c, op in dim.bounds if op in ("le", "gt", "eq", "ne", "in", "not_in")}
    lowers = {c for c, op in dim.bounds if op in ("ge", "lt", "eq", "ne", "in", "not_in")}

    def one(lo: int, hi: int | None) -> Any:
        if hi is not None and lo == hi:
            return lo
        spec: dict[str, Any] = {}
        if lo > 0:
            if lo in lowers or lo - 1 not in uppers:
                spec["ge"] = lo
            else:
                spec["gt"] = lo - 1
        if hi is not None:
            if hi in uppers or hi + 1 not in lowers:
                spec["le"] = hi
            else:
                spec["lt"] = hi + 1
        return spec

    if len(runs) == 1:
        return one(*runs[0])
    all_items = dim.items
    missing = [item for item in all_items if item not in chosen]
    if all(lo == hi for lo, hi in missing):
        return {"not_in": [lo for lo, _ in missing]} if len(missing) > 1 else {"ne": missing[0][0]}
    return [one(lo, hi) for lo, hi in runs]


def _members_spec(dim: Dim, chosen: set[str], sets: dict[str, list]) -> None:
    members = list(dim.members)
    if dim.unnamed:
        sets.setdefault("subset_of" if chosen == {"none"} else "not_subset_of", []).append(list(dim.named))
        return
    if chosen == {"none"}:
        sets.setdefault("contains_none", []).append(members)
    elif chosen == {"all"}:
        sets.setdefault("contains_all", []).append(members)
    elif chosen == {"some", "all"}:
        sets.setdefault("contains_any", []).append(members)
    elif chosen == {"none", "some"}:
        sets.setdefault("not_contains_all", []).append(members)
    elif chosen == {"some"}:
        sets.setdefault("contains_any", []).append(members)
        sets.setdefault("not_contains_all", []).append(members)
    else:  # none or all: rare, said as two alternatives
        sets.setdefault("any", []).append([{"contains_none": members}, {"contains_all": members}])


def region_matches(facts: Mapping[str, Any], case: Mapping[str, Any]) -> bool:
    """Whether a complete ``case`` (fact -> Python value: enum id, bool, int, set) lies in a region's ``facts``."""
    return all(name in case and _value_matches(spec, case[name], case) for name, spec in facts.items())


def _value_matches(spec: Any, actual: Any, case: Mapping[str, Any]) -> bool:
    if isinstance(spec, list):
        return any(_value_matches(item, actual, case) for item in spec)
    if not isinstance(spec, dict):
        if isinstance(actual, (set, frozenset)):
            return set(actual) == set(spec)
        return actual == spec
    for op, arg in spec.items():
        if not _test(op, arg, actual, case):
            return False
    return True


def _number(arg: Any, case: Mapping[str, Any]) -> Any:
    if isinstance(arg, dict):
        return case[arg["fact"]] * Fraction(str(arg.get("times", 1)))
    return arg


def _groups(arg: list) -> list[set]:
    return [set(g) for g in arg] if arg and isinstance(arg[0], list) else [set(arg)]


def _test(op: str, arg: Any, actual: Any, case: Mapping[str, Any]) -> bool:
    if op in ("eq", "ne", "lt", "le", "gt", "ge"):
        other = _number(arg, case)
        return {"eq": actual == other, "ne": actual != other, "lt": actual < other, "le": actual <= other,
                "gt": actual > other, "ge": actual >= other}[op]
    if op == "not_in":
        return actual not in arg
    if op == "in":
        return actual in arg
    if op == "contains_all":
        return set(arg) <= set(actual)
    if op == "contains_none":
        return not (set(arg) & set(actual))
    if op == "contains_any":
        return all(g & set(actual) for g in _groups(arg))
    if op == "not_contains_all":
        return all(not g <= set(actual) for g in _groups(arg))
    if op == "subset_of":
        return set(actual) <= set(arg)
    if op == "not_subset_of":
        return not set(actual) <= set(arg)
    if op == "all":
        return all(_value_matches(item, actual, case) for item in arg)
    if op == "any":
        return any(_value_matches(item, actual, case) for item in arg)
    raise ValueError(f"unknown test `{op}` in a region")


# -- the public functions ------------------------------------------------------------------------------------
def _book(item: str | Rulebook) -> Rulebook:
    return item if isinstance(item, Rulebook) else load(item)


def _questions(names: Sequence[str] | None, books: Sequence[Rulebook] = ()) -> list[QuestionSpec]:
    """The questions to compare, each as every book speaks it: the shared vocabulary's, then the books' own."""
    if any(b.compiled.vocabulary is not None for b in books):
        return _shared_questions(names, books)
    vocab = vocabulary()
    if not names:
        return list(vocab.questions.values())
    out: list[QuestionSpec] = []
    for name in names:
        spec = vocab.question(name)
        if spec not in out:
            out.append(spec)
    return out


def _shared_questions(names: Sequence[str] | None, books: Sequence[Rulebook]) -> list[QuestionSpec]:
    order: list[str] = []
    for book in books:
        order += [q for q in book.vocabulary.questions if q not in order]
    if names:
        wanted = []
        for name in names:
            found = next((b.vocabulary.questions[q].id for b in books for q in b.vocabulary.questions
                          if name in (q, b.vocabulary.questions[q].zh)), None)
            if found is None:
                vocabulary().question(name)  # raises InputError with "did you mean"
                found = name
            if found not in wanted:
                wanted.append(found)
        order = wanted
    return [union_spec(books, q) for q in order]


def union_spec(books: Sequence[Rulebook], question: str) -> QuestionSpec:
    """``question`` as all ``books`` together speak it: every fact any of them knows, with every value any knows.

    A rulebook's own vocabulary only adds to the shared one; two rulebooks that add the same fact or value
    differently cannot be compared on it (``InputError``)."""
    specs = [(b, b.vocabulary.questions[question]) for b in books if question in b.vocabulary.questions]
    first = specs[0][1]
    facts: dict[str, FactSpec] = {}
    for book, spec in specs:
        if (spec.zh, spec.answer) != (first.zh, first.answer):
            raise InputError(f"question `{question}` means different things in {specs[0][0].id} and {book.id}",
                             item=question)
        for name, fact in spec.facts.items():
            have = facts.get(name)
            if have is None:
                facts[name] = fact
                continue
            if have.type != fact.type or have.zh != fact.zh or any(have.values.get(k, v) != v for k, v in fact.values.items()):
                raise InputError(f"fact `{name}` of `{question}` is declared differently by the rulebooks compared "
                                 f"({book.id} among them)", item=name)
            facts[name] = FactSpec(name, have.type, have.zh, {**have.values, **fact.values})
    return QuestionSpec(question, first.zh, first.answer, facts, first.description)


def vocabulary_notes(books: Sequence[Rulebook], spec: QuestionSpec) -> tuple[str, ...]:
    """In Chinese: the facts (and values) of ``spec`` that some of ``books`` do not know — unknown to those."""
    notes = []
    names = {b.id: b.compiled.aliases[0] if b.compiled.aliases else b.name for b in books}
    for name, fact in spec.facts.items():
        knowing = [b for b in books if name in b.vocabulary.questions.get(spec.id, _NO_FACTS).facts]
        lacking = [b for b in books if b not in knowing]
        if lacking and knowing:
            notes.append(f"事实 {fact.label} (`{name}`) 只在{'、'.join(names[b.id] for b in knowing)}的词汇中: "
                         f"{'、'.join(names[b.id] for b in lacking)}不知道这个事实, 对它按未知处理 (其规则不读取它)")
            continue
        for value, label in fact.values.items():
            lacking = [b for b in books if value not in b.vocabulary.questions.get(spec.id, _NO_FACTS).facts.get(name, fact).values]
            if lacking:
                notes.append(f"{fact.label}={label} (`{value}`) 只在{'、'.join(names[b.id] for b in books if b not in lacking)}"
                             f"的词汇中: {'、'.join(names[b.id] for b in lacking)}没有这个取值, 其规则不会适用于它")
    return tuple(notes)


_NO_FACTS = QuestionSpec("", "", "roles", {})


def diff_question(left: Rulebook, right: Rulebook, spec: QuestionSpec) -> QuestionDiff:
    decided = _decided_by(spec.id in left.compiled.by_question, spec.id in right.compiled.by_question)
    space = build_space(spec, [left.compiled, right.compiled])
    notes = vocabulary_notes([left, right], spec) if left.compiled.vocabulary or right.compiled.vocabulary else ()
    if decided == "neither":
        return QuestionDiff(spec.id, decided, space.size, 0, (), spec, notes)
    evaluate = _Evaluator(space, [left, right])
    leaves = _explore(space, [left, right], evaluate)
    regions = _regions(space, [left, right], leaves, evaluate)
    return QuestionDiff(spec.id, decided, space.size, evaluate.count, tuple(regions), spec, notes)  # type: ignore[arg-type]


def diff(left: str | Rulebook, right: str | Rulebook, questions: Sequence[str] | None = None, *,
         structure: bool = True) -> Diff:
    """Where ``left`` and ``right`` lead to different outcomes, question by question, and how they differ in
    structure (titles, meetings, parameters, articles without a counterpart).

    ``questions``: ids or Chinese labels (default: every question of the vocabulary)."""
    from .structure import structure_of

    a, b = _book(left), _book(right)
    specs = _questions(questions, [a, b])
    found = [diff_question(a, b, spec) for spec in specs]
    return Diff(a, b, found, structure_of(a, b) if structure else None)


# -- compare: several rulebooks at once ----------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One pattern of outcomes across the rulebooks: what each gives, over how many case classes, and an example
    region (every case in it gets exactly this pattern)."""

    sides: tuple[Side, ...]
    cases: int  # the case classes with this pattern (exact: the leaves partition the space)
    example: dict[str, Any]  # the facts of the largest leaf with this pattern
    agree: bool
    alone: tuple[int, ...] = ()  # the rulebooks whose outcome no other rulebook shares (with three or more)

    @property
    def facts(self) -> dict[str, Any]:
        return self.example

    def matches(self, case: Mapping[str, Any]) -> bool:
        return region_matches(self.example, case)

    def to_dict(self, ids: Sequence[str], total: int) -> dict[str, Any]:
        return {"results": {rb: s.to_dict() for rb, s in zip(ids, self.sides)}, "cases": self.cases,
                "share": round(self.cases / total, 4) if total else 0, "example": self.example,
                "agree": self.agree, "alone": [ids[i] for i in self.alone]}


@dataclass(frozen=True)
class QuestionComparison:
    question: str
    decided_by: tuple[str, ...]
    cases: int
    evaluated: int
    rows: tuple[Row, ...]
    spec: QuestionSpec | None = None
    notes: tuple[str, ...] = ()

    @property
    def zh(self) -> str:
        return (self.spec or vocabulary().question(self.question)).zh

    def to_dict(self, ids: Sequence[str]) -> dict[str, Any]:
        out = {"question": self.question, "zh": self.zh,
               "decided_by": list(self.decided_by), "cases": self.cases, "evaluated": self.evaluated,
               "rows": [r.to_dict(ids, self.cases) for r in self.rows]}
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass
class Comparison:
    books: list[Rulebook]
    questions: list[QuestionComparison]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # built-in rulebooks left out: (id, why)

    @property
    def ids(self) -> list[str]:
        """The rulebooks' ids; a path is added to an id that two of them share."""
        ids = [b.id for b in self.books]
        return [rb if ids.count(rb) == 1 else f"{rb}@{b.compiled.path}" for rb, b in zip(ids, self.books)]

    def to_dict(self) -> dict[str, Any]:
        return {"rulebooks": self.ids, "names": {b.id: b.name for b in self.books},
                "questions": [q.to_dict(self.ids) for q in self.questions],
                "skipped": [{"rulebook": rb, "reason": why} for rb, why in self.skipped]}


def compare_question(books: Sequence[Rulebook], spec: QuestionSpec) -> QuestionComparison:
    """The patterns of outcomes of ``books`` over the case space of ``spec``, most frequent first."""
    decided = tuple(b.id for b in books if spec.id in b.compiled.by_question)
    space = build_space(spec, [b.compiled for b in books])
    notes = vocabulary_notes(books, spec) if any(b.compiled.vocabulary for b in books) else ()
    if not decided:
        return QuestionComparison(spec.id, decided, space.size, 0, (), spec, notes)
    evaluate = _Evaluator(space, books)
    leaves = _explore(space, books, evaluate)
    patterns: dict[tuple, list[_Leaf]] = {}
    for leaf in leaves:
        patterns.setdefault(leaf.outcomes, []).append(leaf)
    rows = []
    for key, group in patterns.items():
        example = max(group, key=lambda leaf: (leaf.size, -leaves.index(leaf)))
        sides = tuple(Side(r.status, r.answer, r.citations, r.strength, r.note) for r in example.results)
        agree = len(set(key)) == 1
        alone = () if agree or len(books) < 3 else tuple(i for i, o in enumerate(key) if key.count(o) == 1)
        rows.append(Row(sides, sum(leaf.size for leaf in group), render_facts(space, example.cube), agree, alone))
    rows.sort(key=lambda row: -row.cases)  # stable: ties keep the order of the tree
    return QuestionComparison(spec.id, decided, space.size, evaluate.count, tuple(rows), spec, notes)


GOVERNMENT_RULES = "人民政府工作规则"


def compare(books: Sequence[str | Rulebook] | None = None, questions: Sequence[str] | None = None) -> Comparison:
    """Each question's patterns of outcomes across ``books``: where they agree, where one stands alone.

    ``books`` default to every government's work rules (人民政府工作规则) on the search path that loads; invalid ones,
    and other books (a bureau's rules such as 民政局's, compared only when named), are listed in ``skipped``."""
    from ..errors import RulebookError
    from ..engine.locate import available_ids

    skipped: list[tuple[str, str]] = []
    if books:
        loaded = [_book(b) for b in books]
    else:
        loaded = []
        for rb in available_ids():
            try:
                book = load(rb)
            except RulebookError as exc:
                skipped.append((rb, f"not valid: {len(exc.problems)} problem(s), first: {exc.problems[0].render()}"))
                continue
            if GOVERNMENT_RULES not in book.name:
                skipped.append((rb, f"not a government's work rules ({GOVERNMENT_RULES}): `{book.name}`; name it to "
                                    "compare it"))
                continue
            loaded.append(book)
    if not loaded:
        raise InputError("no rulebook to compare", help="name rulebooks, or fix the built-in ones (`rulekit validate`)")
    specs = _questions(questions, loaded)
    return Comparison(loaded, [compare_question(loaded, spec) for spec in specs], skipped)
