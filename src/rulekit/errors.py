"""Exceptions raised by rulekit.

    RulekitError                     every error rulekit raises on purpose
    ├── RulebookError                a rulebook (or a file it names) is wrong; carries one or more Problems
    └── InputError                   a question asked of a rulebook is wrong: unknown rulebook, question,
                                     fact or value; carries the offending item and the accepted ones

``CacheWarning`` (a ``UserWarning``) says the compiled-rulebook cache was found untrustworthy and is not used.

``CalendarRangeError`` (rulekit.checker.calendar) is a ``ValueError`` raised for dates outside the working-day data.

Messages are lowercase, without a trailing period, with user input in backticks; the "did you mean"
help is kept apart in ``help`` so that callers can render it as they like.
"""

from __future__ import annotations

from dataclasses import field

TYPE_CHECKING = False  # typing is imported by type checkers only: `rulekit ask` starts without it
if TYPE_CHECKING:
    from typing import Iterable, Sequence

from ._frozen import frozen

__all__ = ["RulekitError", "RulebookError", "EngineError", "InputError", "CacheWarning", "Problem", "did_you_mean"]


@frozen
class Problem:
    """One located problem in a file: where it is, what is wrong, and optional help."""

    file: str
    line: int | None
    column: int | None
    message: str
    path: str = ""
    help: str | None = None

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.message}"
        if self.path:
            text += f" (at `{self.path}`)"
        if self.help:
            text += f"; {self.help}"
        return text


class RulekitError(Exception):
    """Base class of rulekit's errors."""

    def render(self) -> str:
        return str(self)


class RulebookError(RulekitError):
    """A rulebook could not be loaded or failed validation."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(p.render() for p in self.problems)


class EngineError(RulekitError):
    """An evaluation engine cannot run here (durable-rules not importable) or cannot say a rulebook's rules."""


class InputError(RulekitError):
    """A query names something that does not exist or gives a value of the wrong type."""

    def __init__(self, message: str, *, item: str | None = None, help: str | None = None) -> None:
        self.message = message
        self.item = item
        self.help = help
        super().__init__(self.render())

    def render(self) -> str:
        return f"{self.message}; {self.help}" if self.help else self.message


class CacheWarning(UserWarning):
    """The cache directory or an entry in it is not owned by the user alone: it is ignored."""


def did_you_mean(word: str, choices: Iterable[str], *, accepted: str = "accepted") -> str:
    """Help text: the closest choices, else the accepted ones."""
    from difflib import get_close_matches

    choices = sorted(set(choices))
    close = get_close_matches(word, choices, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
    shown = ", ".join(f"`{c}`" for c in choices[:30])
    more = f" and {len(choices) - 30} more" if len(choices) > 30 else ""
    return f"{accepted}: {shown}{more}" if choices else f"no {accepted} values"


