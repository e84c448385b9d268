"""The stored source texts: the scraped seed, the repairs made to it, and its articles.

Each rulebook keeps three files about its source:

- ``seed.txt``: the scraped page exactly as received;
- ``source.txt``: the cleaned copy, which is the seed with the declared repairs applied in order;
- ``source.yaml``: the repairs, the known gaps and the segmentation into articles.

``apply_repairs(seed, repairs)`` must reproduce ``source.txt`` exactly, so every change made to the
scraped text is on record and can be checked by ``rulekit validate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

__all__ = ["RepairError", "apply_repairs", "normalize_whitespace", "clause_spans", "locate_quote"]

_BLANK_RUNS = re.compile(r"\n{3,}")


class RepairError(ValueError):
    """A repair does not apply to the text it is declared against."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


def normalize_whitespace(text: str) -> str:
    """Strip trailing white space (ASCII and U+3000) on every line, drop ``\\r``, fold runs of blank lines
    into one blank line, and end the text with exactly one newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip(" \t\u3000\u00a0") for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return _BLANK_RUNS.sub("\n\n", text) + "\n"


def apply_repairs(seed: str, repairs: Iterable[Mapping[str, object]]) -> str:
    """Apply repairs in order. A repair is a mapping with ``kind`` and either

    - ``kind: normalize_whitespace`` (no other keys needed), or
    - ``original`` (exact text), ``replacement`` (text, empty to delete) and ``count`` (how many
      occurrences of ``original`` the text holds at that point; all of them are replaced).

    Raises ``RepairError`` naming the repair's index when a count does not match.
    """
    text = seed
    for index, repair in enumerate(repairs):
        kind = repair.get("kind")
        if kind == "normalize_whitespace":
            text = normalize_whitespace(text)
            continue
        original = repair.get("original")
        replacement = repair.get("replacement", "")
        count = repair.get("count", 1)
        if not isinstance(original, str) or not original:
            raise RepairError(index, "a repair needs a non-empty `original`")
        if not isinstance(replacement, str):
            raise RepairError(index, "a repair's `replacement` must be text")
        found = text.count(original)
        if found != count:
            raise RepairError(
                index, f"repair expects {count} occurrence(s) of `{_short(original)}` but the text has {found}"
            )
        text = text.replace(original, replacement)
    return text


_CLAUSE = re.compile(r"[(（]([一二三四五六七八九十]{1,3})[)）]")
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_numeral(text: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十 -> 20, 一百零三 -> 103."""
    if not text:
        raise ValueError("empty numeral")
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "零":
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


@dataclass(frozen=True)
class ClauseSpan:
    number: int
    start: int
    end: int


def clause_spans(article_text: str) -> list[ClauseSpan]:
    """The numbered items ((一), (二), ...) of an article, as character spans of its text.

    An item runs from its marker to the next marker, or to the end of its paragraph when it is the last
    one (the text after the last item's paragraph belongs to the article, not to the item)."""
    markers = [(m.start(), chinese_numeral(m.group(1))) for m in _CLAUSE.finditer(article_text)]
    spans: list[ClauseSpan] = []
    for i, (start, number) in enumerate(markers):
        if i + 1 < len(markers):
            end = markers[i + 1][0]
        else:
            newline = article_text.find("\n", start)
            end = len(article_text) if newline == -1 else newline
        spans.append(ClauseSpan(number, start, end))
    return spans


def locate_quote(text: str, quote: str, clause: int | None = None) -> tuple[int, int] | None:
    """Where a rule's quote stands in its article's text: within the cited clause when one is given (else anywhere
    in the article), as (start, end); None when it is not there."""
    if clause:
        for span in clause_spans(text):
            if span.number == clause:
                at = text.find(quote, span.start, span.end)
                if at >= 0:
                    return at, at + len(quote)
    at = text.find(quote)
    return (at, at + len(quote)) if at >= 0 else None


def _short(text: str, width: int = 30) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= width else text[: width - 1] + "…"
