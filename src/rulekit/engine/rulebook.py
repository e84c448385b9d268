"""The Python API: load a rulebook once, ask it many questions.

    >>> import rulekit
    >>> yian = rulekit.load("yian")
    >>> r = yian.ask("document.signer", issuer="government", form="request", recipient="higher_government")
    >>> r.status, r.answer
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

from . import cache as _cache
from .compile import Compiled
from ..errors import Problem, RulebookError
from .evaluate import Backend, NativeBackend, Result
from .locate import available_ids, resolve
from .vocabulary import QuestionSpec, Vocabulary, parse_facts, vocabulary

__all__ = ["Rulebook", "load", "ask", "validate", "rulebooks"]


class Rulebook:
    """A loaded, validated rulebook."""

    def __init__(self, compiled: Compiled, backend: Backend | None = None) -> None:
        self._book = compiled
        self._backend = backend or NativeBackend()

    def __repr__(self) -> str:
        return f"<Rulebook {self.id} {self.name} ({len(self._book.rules)} rules)>"

    @property
    def id(self) -> str:
        return self._book.id

    @property
    def name(self) -> str:
        return self._book.name

    @property
    def compiled(self) -> Compiled:
        return self._book

    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary this rulebook speaks: the shared one, extended by its own ``vocabulary.yaml`` if any."""
        return self._book.vocabulary or vocabulary()

    @property
    def titles(self) -> dict[str, str]:
        return dict(self._book.titles)

    def title(self, role: str) -> str:
        """The local title of a role (县长 for ``head``), else the vocabulary's first Chinese label."""
        if role in self._book.titles:
            return self._book.titles[role]
        spec = self.vocabulary.roles.get(role)
        return spec.zh[0] if spec and spec.zh else role

    def decides(self) -> list[str]:
        """The questions this rulebook has rules for, in vocabulary order."""
        return [q for q in self.vocabulary.questions if q in self._book.by_question]

    def question(self, name: str) -> QuestionSpec:
        return self.vocabulary.question(name)

    def role(self, name: str) -> str:
        """The role id a name means here: an id, a local title (区长, or a part of one), a vocabulary label."""
        return self.vocabulary.role(name, self._book.titles).id

    def ask(self, question: str, facts: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None, /, **more: Any) -> Result:
        """Answer ``question`` from facts given as a mapping, pairs, or keyword arguments.

        Questions, facts and values may be ids, Chinese labels, aliases or an unambiguous part of a label; values
        that are roles also the rulebook's local titles (区长); numbers may carry units (``5天``). ``None`` means
        unknown. Raises ``InputError`` for an unknown or ambiguous question, fact or value."""
        spec = self.vocabulary.question(question)
        pairs = list(facts.items() if isinstance(facts, Mapping) else (facts or [])) + list(more.items())
        parsed = parse_facts(spec, pairs, self._book.titles)
        shown = {name: spec.facts[name].dump(parsed[name]) for name in spec.facts if name in parsed}
        return self._backend.evaluate(self._book, spec, parsed, shown)


def _problems(name: str | Path) -> tuple[list[Problem], Any, Any]:
    from .load import read
    from .validate import check

    loaded = read(name)
    rules, problems = check(loaded)
    return problems, loaded, rules


def load(name: str | Path, *, backend: Backend | None = None) -> Rulebook:
    """Load a rulebook by id (``yian``), Chinese name (``依安``) or path; raise ``RulebookError`` if invalid.

    A compiled rulebook is cached (see ``cache``) while none of its files changes."""
    path = resolve(name).resolve()
    compiled = _cache.lookup("rulebook", path)
    if compiled is None:
        from .compile import compile_rulebook

        problems, loaded, rules = _problems(path)
        if problems:
            raise RulebookError(problems)
        compiled = compile_rulebook(loaded, rules)
        deps = [p for p in (loaded.path, loaded.source_path, loaded.local_vocabulary_path) if p is not None]
        if loaded.source is not None and loaded.source_path is not None:
            deps += [loaded.source_path.parent / loaded.source.text, loaded.source_path.parent / loaded.source.seed]
        _cache.store("rulebook", path, deps, compiled)
    return Rulebook(compiled, backend)


def validate(name: str | Path) -> list[Problem]:
    """All problems of a rulebook (empty when it is valid). Unreadable files raise ``RulebookError``."""
    return _problems(name)[0]


def ask(rulebook: str | Path | Rulebook, question: str, facts: Mapping[str, Any] | None = None, /, **more: Any) -> Result:
    book = rulebook if isinstance(rulebook, Rulebook) else load(rulebook)
    return book.ask(question, facts, **more)


def rulebooks() -> list[str]:
    """The ids of every rulebook reachable by name: on ``RULEKIT_PATH`` (and ``--rulebook-path``), then the built-ins."""
    return available_ids()
