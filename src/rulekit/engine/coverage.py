"""Article coverage: for every article of a rulebook's source, whether rules encode it, why not, or that it
is missing from the source. An operative article with neither rules nor a stated reason is a defect.

Coverage is also counted by provision: an article's numbered clauses (一)(二)… and, outside them, each sentence
that states an obligation, a power or a limit (由…签发, 须, 不得, 批准, 以上, N日内 …) or that a rule quotes. A
provision is encoded when a rule's quote lies in it (or the rule cites its clause). An encoded article with provisions left over is
``partial``, and the provisions left are listed: half-encoded articles are shown as such."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .compile import Compiled
from .source import clause_spans, locate_quote

__all__ = ["ArticleCoverage", "Coverage", "Provision", "coverage", "provisions", "STATES"]

# words that make a sentence a provision: who does what (由…, 负责, 主持), must or must not (须, 应, 不得), approves
# or signs, limits (以上, 以内, 超过), deadlines and frequencies (N日内, 工作日, 每月)
_PROVISION = re.compile(
    r"由|须|应|不得|不准|严禁|禁止|一律|负责|批准|审批|审核|审定|签发|签署|签批|主持|召集|召开|决定|请假|报告|报送|报请|"
    r"报经|请示|抄报|方可|可以|原则上|一般|以上|以下|以内|超过|不足|日内|工作日|每[年月周季]|定期|实行|组成|列席|参加|备案")
_SENTENCE = re.compile(r"[^。;；!！?？\n]+[。;；!！?？]?")


@dataclass(frozen=True)
class Provision:
    """A clause (一)(二)… or a sentence stating an obligation, power or limit, and the rules quoting it."""

    key: str  # (一), (二) …, or 句1, 句2 … (the sentences outside the clauses, counted in order)
    kind: str  # "clause" | "sentence"
    start: int
    end: int
    text: str
    rules: tuple[str, ...] = ()

    @property
    def encoded(self) -> bool:
        return bool(self.rules)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "text": self.text, "rules": list(self.rules),
                "encoded": self.encoded}


def provisions(text: str, rules: Any = ()) -> tuple[Provision, ...]:
    """The provisions of an article's ``text``, each with the ``rules`` (compiled rules of this article) quoting it."""
    from .segment import chinese

    located = []
    for rule in rules:
        where = locate_quote(text, rule.quote, rule.clause)
        if where is not None:
            located.append((rule, where))
    spans = clause_spans(text)
    found: list[tuple[str, str, int, int]] = [(f"({chinese(c.number)})", "clause", c.start, c.end) for c in spans]
    covered = [(c.start, c.end) for c in spans]
    count = 0
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        piece = m.group(0).strip()
        if any(s <= start < e for s, e in covered) or not piece:
            continue  # inside a clause
        quoted = any(s < end and start < e for _, (s, e) in located)
        if quoted or _PROVISION.search(piece) and not piece.endswith((":", "：")):  # not 主要任务是: before clauses
            count += 1
            found.append((f"句{count}", "sentence", start, end))
    found.sort(key=lambda p: p[2])
    out = []
    for key, kind, start, end in found:
        hits = tuple(sorted({r.id for r, (s, e) in located if s < end and start < e}
                            | ({r.id for r, _ in located if r.clause is not None and kind == "clause"
                                and key == f"({chinese(r.clause)})"})))
        body = text[start:end].strip()
        if kind == "clause":  # the key says which clause: the text without its marker
            body = re.sub(r"^[(（][一二三四五六七八九十百]+[)）]\s*", "", body)
        out.append(Provision(key, kind, start, end, body, hits))
    return tuple(out)

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
    provisions: tuple[Provision, ...] = ()

    @property
    def partial(self) -> bool:
        """Encoded, but with provisions no rule quotes."""
        return self.state == "encoded" and any(not p.encoded for p in self.provisions)

    @property
    def left(self) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if not p.encoded)

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.number, "label": self.label, "chapter": self.chapter, "state": self.state,
                "rules": list(self.rules), "questions": list(self.questions), "reason": self.reason,
                "partial": self.partial, "provisions": [p.to_dict() for p in self.provisions]}


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
        parts = provisions(article.text, rules) if article.status == "operative" else ()
        rows.append(ArticleCoverage(number, article.label, article.chapter, state, ids, questions, reason, parts))
    totals = {s: sum(1 for r in rows if r.state == s) for s in STATES}
    totals["articles"] = len(rows)
    totals["partial"] = sum(r.partial for r in rows)
    totals["provisions"] = sum(len(r.provisions) for r in rows)
    totals["provisions_encoded"] = sum(p.encoded for r in rows for p in r.provisions)
    return Coverage(book.id, book.name, tuple(rows), totals)
