"""The finite case space of a question: built by ``rulekit.engine.space`` (moved down so that the engine's decision
tables use it too), re-exported here unchanged for the differ and analyze, with the case-space limit that diff,
compare and analyze apply before a search (the tables have their own, smaller limit and fall back to evaluation)."""

from __future__ import annotations

from typing import Sequence

from ..engine.compile import Compiled
from ..engine.space import (INF, MAX_INT, SIGNS, STATES, Dim, Point, Space, Variable, _atoms, _base_facts,  # noqa: F401
                            _candidates, _conditions, _constants, _intervals, _linked_ints)
from ..engine.space import build_space as _build
from ..engine.vocabulary import QuestionSpec

__all__ = ["Dim", "Point", "Variable", "Space", "build_space", "INF", "MAX_CASES"]

MAX_CASES = 10**9  # case classes of one question (the product of its facts' points); RULEKIT_MAX_CASES


def build_space(spec: QuestionSpec, books: Sequence[Compiled]) -> Space:
    """The case space of ``spec`` over the facts that any of ``books`` reads for it, refused over the limit."""
    space = _build(spec, books)
    _within_limit(space)
    return space


def _within_limit(space: Space) -> None:
    """Refuse a case space over the limit at once, naming the facts that make it large, rather than search it
    for an hour. The built-in rulebooks together reach 6.3 million (agenda.admissible)."""
    import os

    from ..errors import InputError

    setting = os.environ.get("RULEKIT_MAX_CASES", "")
    limit = int(setting) if setting.isdigit() else MAX_CASES
    size = space.size
    if size <= limit:
        return
    widest = sorted(space.variables, key=lambda v: -len(v.points))[:5]
    named = ", ".join(f"`{v.name}` ({len(v.points)} classes)" for v in widest)
    raise InputError(f"the case space of `{space.question.id}` has {size:,} classes of cases, over the limit of "
                     f"{limit:,} (RULEKIT_MAX_CASES); the facts that make it large: {named}",
                     item=space.question.id, help="take fewer rulebooks or questions, or raise RULEKIT_MAX_CASES")
