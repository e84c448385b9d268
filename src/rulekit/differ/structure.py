"""The structural side of a diff: what two rulebooks are made of, side by side.

- **titles**: the local title of each shared role (县长 / 区长);
- **meetings**: the meeting types each rulebook has rules for, and for which questions;
- **frequencies**: how often each meeting is held, *read from the source text* (no question of the vocabulary
  asks it): the sentences that say 每月/每两周/每半年… 召开一次, with the meeting they speak of;
- **parameters**: the numbers the rules compare ints with (半数以上 as ``≥ members_total×1/2``, 7 days …),
  per question and fact, with the article;
- **unmatched articles**: encoded articles whose questions the other rulebook does not decide at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..engine.rulebook import Rulebook
from ..engine.conditions import Condition, FactRef
from ..engine.vocabulary import vocabulary

__all__ = ["Structure", "structure_of", "meeting_labels", "frequencies"]


@dataclass
class Structure:
    titles: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    frequencies: list[dict[str, Any]] = field(default_factory=list)
    parameters: list[dict[str, Any]] = field(default_factory=list)
    unmatched: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"left": [], "right": []})

    def to_dict(self) -> dict[str, Any]:
        return {"titles": self.titles, "meetings": self.meetings, "frequencies": self.frequencies,
                "parameters": self.parameters, "unmatched_articles": self.unmatched}


def structure_of(left: Rulebook, right: Rulebook) -> Structure:
    return Structure(_titles(left, right), _meetings(left, right), _frequency_rows(left, right),
                     _parameters(left, right), _unmatched(left, right))


def _titles(left: Rulebook, right: Rulebook) -> list[dict[str, Any]]:
    rows = []
    for role in vocabulary().roles:
        a, b = left.compiled.titles.get(role), right.compiled.titles.get(role)
        if a is None and b is None:
            continue
        rows.append({"role": role, "left": a, "right": b, "same": a == b})
    return rows


def meeting_labels() -> dict[str, str]:
    """Meeting value id -> its Chinese label, from the vocabulary."""
    for spec in vocabulary().questions.values():
        fact = spec.facts.get("meeting")
        if fact is not None and fact.values:
            return dict(fact.values)
    return {}


def _meetings(left: Rulebook, right: Rulebook) -> list[dict[str, Any]]:
    """Per meeting type: the questions about meetings each rulebook has a rule for, for that meeting."""
    rows = []
    specs = [s for s in vocabulary().questions.values() if "meeting" in s.facts]
    for value in meeting_labels():
        row: dict[str, Any] = {"meeting": value}
        for side, book in (("left", left), ("right", right)):
            found = []
            for spec in specs:
                if spec.id not in book.compiled.by_question:
                    continue
                result = book.evaluator.evaluate(book.compiled, spec, {"meeting": value}, {})
                if any("meeting" in _reads(book, book.compiled.rules[rule].condition) for rule in result.rules):
                    found.append(spec.id)
            row[side] = found
        if row["left"] or row["right"]:
            rows.append(row)
    return rows


def _reads(book: Rulebook, condition: Condition) -> set[str]:
    """The vocabulary facts a condition reads, through derived facts too."""
    return book.compiled.base_facts([condition])


_FREQUENCY = re.compile(r"(?:一般|原则上)?(?:每(?:半年|年|季度|季|两个月|三个月|半月|月|两周|周)|[一二两三]个月)"
                        r"(?:至少|一般)?(?:召开|举行)(?:[一二两三四五六七八九十\d]+)次")
_SENTENCE = re.compile(r"[^。;；\n]+")


def frequencies(book: Rulebook) -> list[dict[str, Any]]:
    """Sentences of the source that say how often a meeting is held: meeting, article, frequency, quote."""
    labels: list[tuple[str, str]] = []
    for value, zh in meeting_labels().items():
        for part in zh.split("/"):
            labels.append((part, value))
    for value, zh in (("head_regular", "工作例会"), ("head_regular", "政府例会")):
        labels.append((zh, value))
    labels.sort(key=lambda pair: -len(pair[0]))
    out = []
    for number, article in sorted(book.compiled.articles.items()):
        if article.status != "operative":
            continue
        for sentence in _SENTENCE.finditer(article.text):
            found = _FREQUENCY.search(sentence.group())
            if not found:
                continue
            before = article.text[: sentence.start() + found.start()]
            meeting = _last_label(before, labels)
            if meeting is None:
                continue
            out.append({"meeting": meeting, "article": number, "frequency": found.group(),
                        "quote": sentence.group().strip()})
    return out


def _last_label(text: str, labels: list[tuple[str, str]]) -> str | None:
    best, where = None, -1
    for label, value in labels:
        at = text.rfind(label)
        if at > where:
            best, where = value, at
    return best


def _frequency_rows(left: Rulebook, right: Rulebook) -> list[dict[str, Any]]:
    found = {"left": frequencies(left), "right": frequencies(right)}
    rows = []
    for value in meeting_labels():
        row = {"meeting": value, "left": [f for f in found["left"] if f["meeting"] == value],
               "right": [f for f in found["right"] if f["meeting"] == value]}
        if row["left"] or row["right"]:
            rows.append(row)
    return rows


def _int_tests(book: Rulebook, question: str) -> list[dict[str, Any]]:
    """The comparisons of int facts in the rules for ``question`` (and the derived facts they read)."""
    spec = vocabulary().question(question)
    c = book.compiled
    rules = list(c.by_question.get(question, ()))
    seen: set[str] = set()
    pending = list(rules)
    while pending:
        rule = pending.pop()
        for fact in rule.condition.facts_read():
            if fact in c.derived and fact not in seen:
                seen.add(fact)
                more = list(c.derive_rules.get(fact, ()))
                rules += more
                pending += more
    out: dict[tuple, dict[str, Any]] = {}
    for rule in rules:
        for node in rule.condition.walk():
            fact = spec.facts.get(node.fact or "")
            if fact is None or fact.type != "int" or node.kind in ("known", "all", "any", "not"):
                continue
            test = _describe(node)
            entry = out.setdefault((node.fact, test), {"fact": node.fact, "test": test, "data": _data(node),
                                                       "articles": []})
            if rule.article not in entry["articles"]:
                entry["articles"].append(rule.article)
                entry["articles"].sort()
    return sorted(out.values(), key=lambda e: (list(spec.facts).index(e["fact"]), e["test"]))


def _describe(node: Condition) -> str:
    symbol = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥", "in": "∈", "not_in": "∉"}[node.kind]
    value = node.value
    if isinstance(value, FactRef):
        text = value.fact if value.times == 1 else f"{value.fact}×{value.times}"
    elif isinstance(value, frozenset):
        text = "{" + ",".join(str(v) for v in sorted(value)) + "}"
    else:
        text = str(value)
    return f"{node.fact} {symbol} {text}"


def _data(node: Condition) -> dict[str, Any]:
    value = node.value
    if isinstance(value, FactRef):
        ref: Any = {"fact": value.fact}
        if value.times != 1:
            ref["times"] = str(value.times)
        return {node.kind: ref}
    if isinstance(value, frozenset):
        return {node.kind: sorted(value)}
    return {node.kind: value}


def _parameters(left: Rulebook, right: Rulebook) -> list[dict[str, Any]]:
    rows = []
    for question in vocabulary().questions:
        a, b = _int_tests(left, question), _int_tests(right, question)
        facts = []
        for entry in a + b:
            if entry["fact"] not in facts:
                facts.append(entry["fact"])
        for fact in facts:
            la = [e for e in a if e["fact"] == fact]
            lb = [e for e in b if e["fact"] == fact]
            rows.append({"question": question, "fact": fact, "left": la, "right": lb,
                         "same": [e["test"] for e in la] == [e["test"] for e in lb]})
    return rows


def _questions_of_articles(book: Rulebook) -> dict[int, list[str]]:
    c = book.compiled
    uses: dict[str, set[str]] = {}  # derived fact -> questions whose rules read it (transitively)
    for question, rules in c.by_question.items():
        pending = [r.condition for r in rules]
        seen: set[str] = set()
        while pending:
            for fact in pending.pop().facts_read():
                if fact in c.derived and fact not in seen:
                    seen.add(fact)
                    uses.setdefault(fact, set()).add(question)
                    pending.extend(r.condition for r in c.derive_rules.get(fact, ()))
    order = list(vocabulary().questions)
    out: dict[int, set[str]] = {}
    for rule in c.rules.values():
        questions = {rule.question} if rule.question else uses.get(rule.derive or "", set())
        out.setdefault(rule.article, set()).update(questions)
    return {a: sorted(qs, key=lambda q: order.index(q) if q in order else len(order)) for a, qs in sorted(out.items())}


def _unmatched(left: Rulebook, right: Rulebook) -> dict[str, list[dict[str, Any]]]:
    from ..engine.explain import article_label

    out: dict[str, list[dict[str, Any]]] = {}
    for side, book, other in (("left", left, right), ("right", right, left)):
        rows = []
        for article, questions in _questions_of_articles(book).items():
            if questions and not any(q in other.compiled.by_question for q in questions):
                text = book.compiled.articles[article].text if article in book.compiled.articles else ""
                excerpt = text.replace("\n", " ")
                rows.append({"article": article, "label": article_label(book, article), "questions": questions,
                             "excerpt": excerpt[:80] + ("…" if len(excerpt) > 80 else "")})
        out[side] = rows
    return out
