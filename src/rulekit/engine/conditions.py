"""Conditions: a small, data-only language over facts, evaluated in three-valued (Kleene) logic.

A condition in YAML is a mapping whose entries all must hold:

    when:
      issuer: government                 # equality
      form: [request, report]            # membership
      days: {gt: 3}                      # comparison: eq ne lt le gt ge in not_in
      members_present: {ge: {fact: members_total, times: 1/2}}   # against another int fact, scaled
      involves: {contains_any: [funds, personnel]}               # sets: contains contains_any contains_all
      head_away: {known: false}          # whether a fact was given
      any: [{urgent: true}, {form: letter}]
      not: {scope: major}
      all: [...]

A list is read as ``all`` of its items. An unknown fact makes a test unknown, never false: ``all`` is
false if any part is false, unknown if any is unknown, else true; ``any`` is dual; ``not`` keeps unknown.
Each result carries the facts whose absence made it unknown, which is how ``needs_facts`` names only the
facts that matter.
"""

from __future__ import annotations

from dataclasses import field
from fractions import Fraction

TYPE_CHECKING = False  # typing is imported by type checkers only: `rulekit ask` starts without it
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Mapping

from .._frozen import frozen
from ..errors import did_you_mean

__all__ = ["Condition", "Tri", "TRUE", "parse_condition", "ConditionError", "OPS"]

Tri = tuple  # (value: bool | None, unknown: frozenset[str])
_EMPTY: frozenset[str] = frozenset()
TRUE: Tri = (True, _EMPTY)
FALSE: Tri = (False, _EMPTY)

OPS = ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "contains", "contains_any", "contains_all", "known")
_LOGIC = ("all", "any", "not")
_ORDER = {"lt": lambda a, b: a < b, "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}


class ConditionError(ValueError):
    def __init__(self, path: tuple, message: str, help: str | None = None, key: bool = False) -> None:
        super().__init__(message)
        self.path, self.message, self.help, self.key = path, message, help, key


@frozen
class FactRef:
    fact: str
    times: Fraction = Fraction(1)


@frozen
class Condition:
    """A node of a parsed condition. ``path`` is where it stands in its file, left out of equality."""

    kind: str  # "all" | "any" | "not" | an op of OPS
    items: tuple["Condition", ...] = ()
    fact: str | None = None
    value: Any = None
    path: tuple = field(default=(), compare=False, repr=False)

    # -- evaluation -----------------------------------------------------------------------------
    def evaluate(self, facts: Mapping[str, Any], derived: Mapping[str, Tri]) -> Tri:
        kind = self.kind
        if kind == "all":
            unknown: set[str] = set()
            for item in self.items:
                value, missing = item.evaluate(facts, derived)
                if value is False:
                    return FALSE
                if value is None:
                    unknown |= missing
            return (None, frozenset(unknown)) if unknown else TRUE
        if kind == "any":
            unknown = set()
            undecided = False
            for item in self.items:
                value, missing = item.evaluate(facts, derived)
                if value is True:
                    return TRUE
                if value is None:
                    undecided = True
                    unknown |= missing
            return (None, frozenset(unknown)) if undecided else FALSE
        if kind == "not":
            value, missing = self.items[0].evaluate(facts, derived)
            return (None if value is None else not value, missing)
        return self._test(facts, derived)

    def _test(self, facts: Mapping[str, Any], derived: Mapping[str, Tri]) -> Tri:
        name = self.fact
        if name in derived:
            value, missing = derived[name]
            if self.kind == "known":
                return (value is not None) == self.value, _EMPTY
            if value is None:
                return None, missing
            return (value == self.value) if self.kind == "eq" else (value != self.value), _EMPTY
        if name not in facts:
            if self.kind == "known":
                return (not self.value, _EMPTY)
            return None, frozenset([name])
        if self.kind == "known":
            return (bool(self.value), _EMPTY)
        actual = facts[name]
        kind, expected = self.kind, self.value
        if isinstance(expected, FactRef):
            if expected.fact not in facts:
                return None, frozenset([expected.fact])
            expected = facts[expected.fact] * expected.times
        if kind == "eq":
            return actual == expected, _EMPTY
        if kind == "ne":
            return actual != expected, _EMPTY
        if kind == "in":
            return actual in expected, _EMPTY
        if kind == "not_in":
            return actual not in expected, _EMPTY
        if kind in _ORDER:
            return _ORDER[kind](actual, expected), _EMPTY
        if kind == "contains":
            return expected in actual, _EMPTY
        if kind == "contains_any":
            return bool(actual & expected), _EMPTY
        if kind == "contains_all":
            return expected <= actual, _EMPTY
        raise AssertionError(kind)  # pragma: no cover

    # -- inspection -----------------------------------------------------------------------------
    def walk(self) -> Iterator["Condition"]:
        yield self
        for item in self.items:
            yield from item.walk()

    def facts_read(self) -> set[str]:
        names: set[str] = set()
        for node in self.walk():
            if node.fact:
                names.add(node.fact)
            if isinstance(node.value, FactRef):
                names.add(node.value.fact)
        return names

    def describe(self, label: Callable[[str, Any], str] | None = None) -> str:
        """A short human reading of the condition, e.g. ``issuer=government ∧ form∈{request,report}``."""
        show = label or (lambda fact, value: str(value))
        if self.kind == "all":
            return " 且 ".join(_paren(i, show) for i in self.items) if self.items else "总是"
        if self.kind == "any":
            return " 或 ".join(_paren(i, show) for i in self.items)
        if self.kind == "not":
            return "非 " + _paren(self.items[0], show)
        value = self.value
        if isinstance(value, FactRef):
            text = value.fact if value.times == 1 else f"{value.fact}×{value.times}"
        elif isinstance(value, (frozenset, tuple)):
            text = "{" + ",".join(show(self.fact, v) for v in sorted(value, key=str)) + "}"
        else:
            text = show(self.fact, value)
        symbol = {"eq": "=", "ne": "≠", "in": "∈", "not_in": "∉", "lt": "<", "le": "≤", "gt": ">", "ge": "≥",
                  "contains": "∋", "contains_any": "∩≠∅ ", "contains_all": "⊇", "known": " known="}[self.kind]
        return f"{self.fact}{symbol}{text}"


def _paren(node: Condition, show: Callable[[str, Any], str]) -> str:
    text = node.describe(show)
    return f"({text})" if node.kind in ("all", "any") and len(node.items) > 1 else text


ALWAYS = Condition("all")


# -- parsing ------------------------------------------------------------------------------------------
def parse_condition(raw: Any, path: tuple, lookup: Callable[[str], Any]) -> Condition:
    """Parse a YAML condition. ``lookup(name)`` returns the FactSpec of a question fact, the string
    "derived" for a derived fact, or None for an unknown name. Raises ConditionError."""
    if raw is None:
        return ALWAYS
    if isinstance(raw, list):
        return Condition("all", tuple(parse_condition(item, path + (i,), lookup) for i, item in enumerate(raw)), path=path)
    if not isinstance(raw, dict):
        raise ConditionError(path, f"a condition must be a mapping or a list, not `{raw!r}`")
    if not raw:
        raise ConditionError(path, "empty condition (leave `when` out for a rule that always applies)")
    parts: list[Condition] = []
    for key, value in raw.items():
        where = path + (key,)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionError(where, f"`{key}` takes a non-empty list of conditions")
            parts.append(Condition(key, tuple(parse_condition(v, where + (i,), lookup) for i, v in enumerate(value)), path=where))
        elif key == "not":
            parts.append(Condition("not", (parse_condition(value, where, lookup),), path=where))
        else:
            parts.extend(_parse_fact(str(key), value, where, lookup))
    return parts[0] if len(parts) == 1 else Condition("all", tuple(parts), path=path)


def _parse_fact(name: str, raw: Any, path: tuple, lookup: Callable[[str], Any]) -> list[Condition]:
    spec = lookup(name)
    if spec is None:
        raise ConditionError(path, f"unknown fact `{name}`", key=True)
    if isinstance(raw, dict) and raw and all(k in OPS for k in raw):
        ops = raw
    elif isinstance(raw, dict):
        bad = next((k for k in raw if k not in OPS), None)
        raise ConditionError(path + (bad,), f"unknown operator `{bad}`", help=did_you_mean(str(bad), OPS), key=True)
    elif isinstance(raw, list):
        ops = {"in": raw}
    else:
        ops = {"eq": raw}
    return [_parse_op(name, spec, op, value, path + ((op,) if isinstance(raw, dict) else ()), lookup) for op, value in ops.items()]


def _parse_op(name: str, spec: Any, op: str, raw: Any, path: tuple, lookup: Callable[[str], Any]) -> Condition:
    if op == "known":
        if not isinstance(raw, bool):
            raise ConditionError(path, "`known` takes true or false")
        return Condition("known", fact=name, value=raw, path=path)
    if spec == "derived":
        if op not in ("eq", "ne") or not isinstance(raw, bool):
            raise ConditionError(path, f"derived fact `{name}` is boolean: test it with true or false")
        return Condition(op, fact=name, value=raw, path=path)
    ftype = spec.type
    allowed = {
        "bool": ("eq", "ne"),
        "enum": ("eq", "ne", "in", "not_in"),
        "int": ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge"),
        "set": ("eq", "contains", "contains_any", "contains_all"),
    }[ftype]
    if op not in allowed:
        raise ConditionError(path, f"operator `{op}` does not apply to {ftype} fact `{name}`",
                             help="it takes " + ", ".join(f"`{a}`" for a in allowed + ("known",)))

    def member(value: Any) -> Any:
        if ftype == "bool":
            if not isinstance(value, bool):
                raise ConditionError(path, f"fact `{name}` is boolean: `{value}` is not true or false")
            return value
        if ftype == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConditionError(path, f"fact `{name}` is a whole number: `{value}` is not")
            return value
        if not isinstance(value, str) or value not in spec.values:
            raise ConditionError(path, f"unknown value `{value}` for fact `{name}`", help=did_you_mean(str(value), spec.values))
        return value

    if ftype == "int" and op in _ORDER | {"eq": 0, "ne": 0} and isinstance(raw, dict):
        ref = raw.get("fact")
        other = lookup(ref) if isinstance(ref, str) else None
        if other is None or other == "derived" or other.type != "int" or set(raw) - {"fact", "times"}:
            raise ConditionError(path, "compare with a number or with `{fact: <int fact>, times: <fraction>}`")
        try:
            times = Fraction(str(raw.get("times", 1)))
        except (ValueError, ZeroDivisionError):
            raise ConditionError(path, f"`times` must be a fraction such as 1/2, not `{raw.get('times')}`") from None
        return Condition(op, fact=name, value=FactRef(ref, times), path=path)
    if op in ("in", "not_in", "contains_any", "contains_all") or (ftype == "set" and op == "eq"):
        if not isinstance(raw, list):
            raise ConditionError(path, f"`{op}` takes a list of values")
        values = frozenset(member(v) for v in raw)
        return Condition(op, fact=name, value=values, path=path)
    return Condition(op, fact=name, value=member(raw), path=path)
