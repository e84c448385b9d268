"""Article coverage: for every article of a rulebook's source, whether rules encode it, why not, or that it
is missing from the source. An operative article with neither rules nor a stated reason is a defect."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .compile import Compiled

__all__ = ["ArticleCoverage", "Coverage", "coverage", "STATES"]

STATES = ("encoded", "unencoded", "non_operative", "missing", "unaccounted")


@dataclass(frozen=True)
class ArticleCoverage:
    number: int
    label: str | None
    chapter: str | None
    state: str  # one of STATES
    rules: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.number, "label": self.label, "chapter": self.chapter, "state": self.state,
                "rules": list(self.rules), "questions": list(self.questions), "reason": self.reason}


@dataclass(frozen=True)
class Coverage:
    rulebook: str
    name: str
    articles: tuple[ArticleCoverage, ...]
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def unaccounted(self) -> list[ArticleCoverage]:
        return [a for a in self.articles if a.state == "unaccounted"]

    def to_dict(self) -> dict[str, Any]:
        return {"rulebook": self.rulebook, "name": self.name, "totals": self.totals,
                "articles": [a.to_dict() for a in self.articles]}


def coverage(book: Compiled) -> Coverage:
    by_article: dict[int, list[Any]] = {}
    for rule in book.rules.values():
        by_article.setdefault(rule.article, []).append(rule)
    rows = []
    for number in sorted(book.articles):
        article = book.articles[number]
        rules = sorted(by_article.get(number, []), key=lambda r: r.id)
        ids = tuple(r.id for r in rules)
        questions = tuple(sorted({r.question or f"derived:{r.derive}" for r in rules}))
        if article.status == "missing":
            state, reason = "missing", article.reason
        elif rules:
            state, reason = "encoded", None
        elif article.status == "non_operative":
            state, reason = "non_operative", article.reason
        elif number in book.unencoded:
            state, reason = "unencoded", book.unencoded[number]
        else:
            state, reason = "unaccounted", None
        rows.append(ArticleCoverage(number, article.label, article.chapter, state, ids, questions, reason))
    totals = {s: sum(1 for r in rows if r.state == s) for s in STATES}
    totals["articles"] = len(rows)
    return Coverage(book.id, book.name, tuple(rows), totals)
