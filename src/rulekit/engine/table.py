"""Compiled decision tables: a question as a lookup from the *class* of a fact assignment to its ``Result``.

A question's facts are split into classes by the case space of ``space.py`` (the one ``diff`` searches): an enum
or bool fact by the values its rules tell apart, an int by the intervals between the constants its rules compare
it with, a set by the state (none / some / all) of each class of members its tests name alike, ints compared
with each other by their intervals and the sign of each ``x − k·y``; and a fact not given is its own class,
*unknown*. Every atom of every condition (derived facts' rules included) is constant on a class, so every
assignment of a class gets the same Result — status, answer, missing facts, rule ids, citations, events and
trace — and differs only in the echo of the facts given (``Result.facts``).

``TableBackend`` wraps an evaluator (``NativeBackend`` by default): the first time a question is asked, its
space is built; the first time a class is met, the evaluator answers the class's stand-in assignment, and that
Result (trace rendered) is kept; every later assignment of the class is a lookup and a copy with its own facts.
A question whose space has more than ``limit`` classes, and an assignment that gives only some of several
linked ints, go to the evaluator itself. Both paths give equal Results (``tests/test_table.py`` holds it with
hypothesis on every built-in rulebook and on random ones).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_right
from typing import Any, Callable, Mapping

from .compile import Compiled
from .evaluate import Backend, NativeBackend, Result
from .space import Space, Variable, build_space
from .vocabulary import QuestionSpec

__all__ = ["LIMIT", "QuestionTable", "TableBackend"]

LIMIT = 20_000  # the most classes (unknown included) a question may have to be tabled
UNKNOWN = -1  # the class of a variable none of whose facts is given
_FALLBACK = object()

Classify = Callable[[Mapping[str, Any]], Any]  # facts -> point index, UNKNOWN, or _FALLBACK


def _expand(masks: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every tuple of items (one per dimension) that a point's masks stand for."""
    return list(itertools.product(*([i for i in range(m.bit_length()) if m >> i & 1] for m in masks)))


def _classifier(space: Space, variable: Variable) -> Classify:
    """A function giving the point of ``variable`` that a (possibly partial) assignment lies in."""
    dims = [space.dims[d] for d in variable.dims]
    by_items: dict[tuple[int, ...], int] = {}
    for index, point in enumerate(variable.points):
        for items in _expand(point.masks):
            by_items.setdefault(items, index)
    if len(variable.facts) > 1:
        return _linked(variable, dims, by_items)
    (name,) = variable.facts
    if not dims:  # a fact read only by ``known`` tests (or not told apart at all): one point
        return lambda facts: UNKNOWN if name not in facts else 0
    kind = dims[0].kind
    if kind in ("enum", "bool"):
        items = dims[0].items
        table = {value: by_items[(i,)] for i, value in enumerate(items)}
        return lambda facts: table[facts[name]] if name in facts else UNKNOWN
    if kind == "interval":
        (dim,) = dims
        los = [lo for lo, _ in dim.items]
        points = [by_items[(i,)] for i in range(len(los))]
        return lambda facts: points[bisect_right(los, facts[name]) - 1] if name in facts else UNKNOWN
    # a set: one dimension per class of members, in the state none / some / all
    shape = [(frozenset(d.members), d.items, d.unnamed, frozenset(d.named)) for d in dims]

    def members(facts: Mapping[str, Any]) -> int:
        if name not in facts:
            return UNKNOWN
        value = facts[name]
        items = []
        for group, states, unnamed, named in shape:
            if unnamed:
                state = "some" if value - named else "none"
            else:
                inside = len(value & group)
                state = "none" if not inside else ("all" if inside == len(group) else "some")
            items.append(states.index(state))
        return by_items[tuple(items)]

    return members


def _linked(variable: Variable, dims: list, by_items: dict[tuple[int, ...], int]) -> Classify:
    names = variable.facts
    parts: list[Callable[[Mapping[str, Any]], int]] = []
    for dim in dims:
        if dim.kind == "interval":
            los = [lo for lo, _ in dim.items]
            parts.append(lambda f, los=los, x=dim.fact: bisect_right(los, f[x]) - 1)
        else:  # relation: the sign of x − k·y
            parts.append(lambda f, x=dim.fact, y=dim.ref.fact, k=dim.ref.times:
                         (lambda d: 0 if d < 0 else (1 if d == 0 else 2))(f[x] - f[y] * k))

    def classify(facts: Mapping[str, Any]) -> Any:
        given = sum(1 for n in names if n in facts)
        if not given:
            return UNKNOWN
        if given < len(names):
            return _FALLBACK
        return by_items[tuple(part(facts) for part in parts)]

    return classify


class QuestionTable:
    """One question of one rulebook as a lookup from classes to Results, filled as classes are met."""

    def __init__(self, book: Compiled, spec: QuestionSpec, space: Space) -> None:
        self.book, self.spec, self.space = book, spec, space
        self._classify = [_classifier(space, v) for v in space.variables]
        self._entries: dict[tuple[int, ...], Result] = {}

    @property
    def size(self) -> int:
        """The number of classes, a fact not given counted as one more per variable."""
        return math.prod(len(v.points) + 1 for v in self.space.variables)

    def key(self, facts: Mapping[str, Any]) -> tuple[int, ...] | None:
        """The class of an assignment (None: the evaluator must answer it)."""
        key = tuple(classify(facts) for classify in self._classify)
        return None if _FALLBACK in key else key

    def representative(self, key: tuple[int, ...]) -> dict[str, Any]:
        """The stand-in assignment of a class: each given variable's point values, the unknown ones left out."""
        facts: dict[str, Any] = {}
        for variable, index in zip(self.space.variables, key):
            if index != UNKNOWN:
                facts.update(variable.points[index].assign)
        return facts

    def result(self, key: tuple[int, ...], backend: Backend) -> Result:
        """The Result of a class (built by ``backend`` on the class's stand-in the first time, trace rendered)."""
        found = self._entries.get(key)
        if found is None:
            facts = self.representative(key)
            shown = {name: self.spec.facts[name].dump(facts[name]) for name in self.spec.facts if name in facts}
            found = backend.evaluate(self.book, self.spec, facts, shown)
            found.trace  # rendered once per class  # noqa: B018
            self._entries[key] = found
        return found

    def build(self, backend: Backend) -> int:
        """Fill every class now (tests, benchmarks); returns the number of classes."""
        choices = [[UNKNOWN, *range(len(v.points))] for v in self.space.variables]
        for key in itertools.product(*choices):
            self.result(tuple(key), backend)
        return len(self._entries)


class TableBackend:
    """Decision tables in front of an evaluator (``Backend``): equal Results, most of them by lookup."""

    def __init__(self, inner: Backend | None = None, *, limit: int = LIMIT) -> None:
        self.inner = inner or NativeBackend()
        self.name = f"table:{self.inner.name}"
        self.limit = limit
        self._tables: dict[tuple[int, str], tuple[Compiled, QuestionTable | None]] = {}

    def table(self, book: Compiled, spec: QuestionSpec) -> QuestionTable | None:
        """The table of a question (built on first use), or None when its space exceeds the limit."""
        key = (id(book), spec.id)
        found = self._tables.get(key)
        if found is not None and found[0] is book:
            return found[1]
        space = build_space(spec, [book])
        made: QuestionTable | None = QuestionTable(book, spec, space)
        if made.size > self.limit:
            made = None
        self._tables[key] = (book, made)
        return made

    def evaluate(self, book: Compiled, question: QuestionSpec, facts: Mapping[str, Any], json_facts: dict[str, Any]) -> Result:
        table = self.table(book, question)
        if table is not None:
            key = table.key(facts)
            if key is not None:
                return table.result(key, self.inner).with_facts(json_facts)
        return self.inner.evaluate(book, question, facts, json_facts)
