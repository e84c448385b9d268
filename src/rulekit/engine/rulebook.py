"""The Python API: load a rulebook once, ask it many questions.

    >>> import rulekit
    >>> yian = rulekit.load("yian")
    >>> r = yian.ask("document.signer", issuer="government", form="request", recipient="higher_government")
    >>> r.status, r.answer
"""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Mapping

TYPE_CHECKING = False  # typing is imported by type checkers only: `rulekit ask` starts without it
if TYPE_CHECKING:
    from typing import Any, Iterable

from . import cache as _cache
from .compile import Compiled
from ..errors import InputError, Problem, RulebookError, did_you_mean
from .evaluate import Backend, NativeBackend, Result
from .locate import available_ids, resolve
from .vocabulary import QuestionSpec, Vocabulary, parse_facts, vocabulary

__all__ = ["ENGINES", "Rulebook", "backend_for", "load", "ask", "validate", "rulebooks", "use_engine"]

ENGINES = ("native", "durable")
_default_engine: str | None = None


def use_engine(name: str | None) -> None:
    """The engine ``load`` uses when none is named (the CLI's ``--engine``); None: ``RULEKIT_ENGINE``, else native."""
    global _default_engine
    if name is not None:
        _check_engine(name, "--engine")
    _default_engine = name


def _check_engine(name: str, where: str) -> str:
    if name not in ENGINES:
        raise InputError(f"unknown engine `{name}` ({where})", item=name, help=did_you_mean(name, ENGINES))
    return name


def backend_for(engine: str | None = None, *, tables: bool = True) -> Backend:
    """The evaluation backend of ``engine``: the argument, else ``use_engine``'s, else ``RULEKIT_ENGINE``, else
    native. ``durable`` raises ``EngineError`` in one line where durable-rules cannot be imported.

    ``tables=False``: the native evaluator without decision tables in front (equal Results), for a process that
    asks one question (``rulekit ask``), where building the question's table would cost more than it saves."""
    if engine is not None:
        name = _check_engine(engine, "engine=")
    elif _default_engine is not None:
        name = _default_engine
    else:
        name = _check_engine(os.environ.get("RULEKIT_ENGINE") or "native", "RULEKIT_ENGINE")
    if name == "native":
        if not tables:
            return NativeBackend()
        from .table import TableBackend

        return TableBackend(NativeBackend())  # decision tables in front of the evaluator (table.py)
    from .durable import shared_backend

    return shared_backend()


MEMO = 65_536  # answers kept per rulebook for inputs given again (cleared when full)


class Rulebook:
    """A loaded, validated rulebook.

    The default backend is the native evaluator behind decision tables (``table.TableBackend``); any other
    ``Backend`` is used as given (wrap it in ``TableBackend`` for tables in front of it). Answers to facts given
    as a dict (or keywords) are also remembered by their exact input, so a repeated question skips parsing:
    Results are immutable and shared."""

    def __init__(self, compiled: Compiled, backend: Backend | None = None) -> None:
        self._book = compiled
        if backend is None:
            from .table import TableBackend

            backend = TableBackend()
        self._backend = backend
        self._memo: dict[tuple, tuple[Result, tuple | None]] = {}

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
    def evaluator(self) -> Backend:
        """The backend under the decision tables (itself when there are none): for callers that evaluate many
        distinct partial assignments once each, such as ``diff``'s search."""
        from .table import TableBackend

        return self._backend.inner if isinstance(self._backend, TableBackend) else self._backend

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
        given = facts if not more else (more if facts is None else None)
        key = None
        if given.__class__ is dict:  # the hot path: one key, one lookup (docs/PERFORMANCE.md)
            # the exact input: names then values. 1, 1.0 and True are equal keys, so an entry whose values are
            # not all strings holds their classes, checked on a hit (no value equals a string but a string)
            try:
                key = (question, *given, *given.values())
                found = self._memo.get(key)
            except TypeError:  # an unhashable value (a list for a set fact)
                key = found = None
            if found is not None and (found[1] is None or found[1] == (*map(type, given.values()),)):
                return found[0]
        return self._answer(question, facts, more, key)

    def _answer(self, question: str, facts: Any, more: dict[str, Any], key: tuple | None) -> Result:
        """``ask`` past the memo: parse, evaluate, and remember under ``key`` (the exact input of facts given as
        a dict or keywords; None: not remembered)."""
        spec = self.vocabulary.question(question)
        pairs = list(facts.items() if isinstance(facts, Mapping) else (facts or [])) + list(more.items())
        parsed = parse_facts(spec, pairs, self._book.titles)
        shown = {name: spec.facts[name].dump(parsed[name]) for name in spec.facts if name in parsed}
        result = self._backend.evaluate(self._book, spec, parsed, shown)
        if key is not None:
            if len(self._memo) >= MEMO:
                self._memo.clear()
            types = (*map(type, key[len(key) // 2 + 1:]),)  # the values: key is (question, *names, *values)
            self._memo[key] = (result, None if all(t is str for t in types) else types)
        return result


def _problems(name: str | Path) -> tuple[list[Problem], Any, Any]:
    from .load import read
    from .validate import check

    loaded = read(name)
    rules, problems = check(loaded)
    return problems, loaded, rules


def load(name: str | Path, *, engine: str | None = None, backend: Backend | None = None) -> Rulebook:
    """Load a rulebook by id (``yian``), Chinese name (``依安``) or path; raise ``RulebookError`` if invalid.

    ``engine``: ``"native"`` (the default) or ``"durable"`` (durable-rules; see docs/ENGINES.md); when not named,
    the ``RULEKIT_ENGINE`` environment variable. A compiled rulebook is cached (see ``cache``) while none of its
    files changes."""
    if backend is None:
        backend = backend_for(engine)
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
    prepare = getattr(backend, "prepare", None)
    if prepare is not None:  # a backend that translates the rulebook does it now, refusing what it cannot say
        prepare(compiled)
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
