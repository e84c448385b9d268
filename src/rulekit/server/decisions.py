"""Decisions as the service gives them, without HTTP: one question, a batch of questions, a stream of check
records. ``rulekit ask --batch`` and the HTTP service both call these, so their output is the same line for line.

A decision is the contract's result object (``Result.to_dict()``) plus what an office-automation system needs
beside the ids: the rulebook's name and content digest, the question's Chinese label, the answer in Chinese with
the local titles (县长, not ``head``), each role's local title, and the label of each cited article."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Mapping

from ..engine.evaluate import Result
from ..engine.rulebook import Rulebook
from ..engine.explain import STATUS_ZH, article_label, format_answer
from ..errors import InputError, RulekitError, did_you_mean
from .registry import Served

__all__ = ["ASK_FIELDS", "EXTRA_FIELDS", "answer", "ask_lines", "describe", "titles"]

ASK_FIELDS = ("rulebook", "question", "facts")
EXTRA_FIELDS = ("rulebook_name", "rulebook_digest", "question_zh", "status_zh", "answer_zh", "titles",
                "citation_labels")

Find = Callable[[Any], Served]


def _roles(answer: Any) -> list[str]:
    found: list[str] = []
    if isinstance(answer, Mapping):
        for alt in answer.get("any_of", ()):
            for role in alt.get("all_of", ()):
                if role not in found:
                    found.append(role)
    return found


def titles(book: Rulebook, result: Result) -> dict[str, str]:
    """The local title of each role in the answer (and in conflicting answers): ``{"head": "县长"}``."""
    roles = _roles(result.answer)
    for conflict in result.conflicts:
        roles += [r for r in _roles(conflict.get("answer")) if r not in roles]
    return {role: book.title(role) for role in roles}


def describe(served: Served, result: Result) -> dict[str, Any]:
    """The result object with local titles, Chinese labels and the rulebook's digest beside the ids."""
    book = served.book
    spec = book.question(result.question)  # the rulebook's own questions too
    out = result.to_dict()
    out["rulebook_name"] = book.name
    out["rulebook_digest"] = served.digest
    out["question_zh"] = spec.zh
    out["status_zh"] = STATUS_ZH[result.status]
    out["answer_zh"] = format_answer(book, spec, result.answer) if result.status == "answered" else None
    out["titles"] = titles(book, result)
    out["citation_labels"] = [article_label(book, c.article, c.clause) for c in result.citations]
    return out


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def answer(find: Find, data: Any) -> dict[str, Any]:
    """Answer one request object ``{"rulebook", "question", "facts"}``; ``InputError`` (with the field as
    ``item``) for anything wrong with it. A fact given as null is unknown, as if not given."""
    if not isinstance(data, Mapping):
        raise InputError(f"a question is an object with `rulebook`, `question` and `facts`, not {_kind(data)}")
    unknown = [str(k) for k in data if k not in ASK_FIELDS]
    if unknown:
        raise InputError(f"unknown field `{unknown[0]}`", item=unknown[0],
                         help=did_you_mean(unknown[0], ASK_FIELDS, accepted="fields are"))
    for key in ("rulebook", "question"):
        if key not in data:
            raise InputError(f"missing field `{key}`", item=key)
        if not isinstance(data[key], str):
            raise InputError(f"`{key}` is a string, not {_kind(data[key])}", item=key)
    facts = data.get("facts")
    if facts is None:
        facts = {}
    if not isinstance(facts, Mapping):
        raise InputError(f"`facts` is an object of NAME: VALUE, not {_kind(facts)}", item="facts")
    served = find(data["rulebook"])
    pairs = [(str(k), v) for k, v in facts.items() if v is not None]
    return describe(served, served.book.ask(data["question"], pairs))


def ask_lines(find: Find, items: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """One output object per record read (``checker.records`` ``Raw`` or ``Bad``), in order, never raising for bad
    input: ``{"index", "line", "result"}`` or ``{"index", "line", "error"}``."""
    from ..checker.records import Bad

    for index, item in enumerate(items):
        if isinstance(item, Bad):
            yield {"index": index, "line": item.where.line, "error": item.message}
            continue
        line = item.where.line
        try:
            yield {"index": index, "line": line, "result": answer(find, item.data)}
        except RulekitError as exc:
            yield {"index": index, "line": line, "error": exc.render()}
