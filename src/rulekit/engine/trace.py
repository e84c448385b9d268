"""The explanation of a result, as data: a tuple of typed events in causal order.

``evaluate`` records what happened (a derived fact concluded, a rule applied, excluded by a higher rule, pending
on facts; the outcome needing facts, in conflict, or covered by no rule) and builds no text. ``explain`` renders the
events to Chinese or English; ``Result.trace`` is that Chinese rendering, as the JSON contract has it.
Rules are held by reference (the compiled, immutable ``Rule``), so an event costs no copying on the hot path.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is imported by type checkers only: `rulekit ask` starts without it
if TYPE_CHECKING:
    from typing import Any

from .._frozen import frozen
from .compile import Rule

__all__ = ["Applied", "Conflict", "Derived", "Event", "Excluded", "NeedsFacts", "NoneApplies", "NoRules", "Pending"]


def _rule(rule: Rule) -> dict[str, Any]:
    return {"rule": rule.id, "article": rule.article, "clause": rule.clause}


@frozen
class Derived:
    """A derived fact (``derive:``) concluded true by ``rule``."""

    fact: str
    rule: Rule

    def to_dict(self) -> dict[str, Any]:
        return {"event": "derived", "fact": self.fact, "value": True, **_rule(self.rule)}


@frozen
class Applied:
    """``rule`` holds and nothing overriding it holds: it decides."""

    rule: Rule

    def to_dict(self) -> dict[str, Any]:
        return {"event": "applied", **_rule(self.rule)}


@frozen
class Excluded:
    """``rule`` holds but the effective rules ``by`` override it."""

    rule: Rule
    by: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"event": "excluded", **_rule(self.rule), "by": list(self.by)}


@frozen
class Pending:
    """``rule`` may or may not be effective until ``missing`` are known; ``holds``: its own condition holds and
    only a possibly-effective overriding rule keeps it open."""

    rule: Rule
    missing: tuple[str, ...]
    holds: bool

    def to_dict(self) -> dict[str, Any]:
        return {"event": "pending", **_rule(self.rule), "missing": list(self.missing), "holds": self.holds}


@frozen
class NeedsFacts:
    """The outcome turns on ``missing``."""

    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"event": "needs_facts", "missing": list(self.missing)}


@frozen
class Conflict:
    """Effective ``rules`` give different answers with no declared priority between them."""

    rules: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"event": "conflict", "rules": list(self.rules)}


@frozen
class NoRules:
    """The rulebook has no rule for the question at all."""

    rulebook: str
    question: str

    def to_dict(self) -> dict[str, Any]:
        return {"event": "no_rules", "rulebook": self.rulebook, "question": self.question}


@frozen
class NoneApplies:
    """The rulebook has rules for the question, but none applies to these facts."""

    def to_dict(self) -> dict[str, Any]:
        return {"event": "none_applies"}


Event = Derived | Applied | Excluded | Pending | NeedsFacts | Conflict | NoRules | NoneApplies
