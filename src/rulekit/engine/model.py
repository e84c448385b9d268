"""The rulebook data model (pydantic v2): what ``rulebook.yaml`` and ``source.yaml`` may contain.

These models check the shape of the files. What needs the vocabulary or the source text (known facts
and values, quotes, references between rules) is checked by ``validate``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Allow", "Article", "Authority", "Citation", "DerivedFact", "Gap", "Jurisdiction", "Repair", "RuleSpec", "RulebookSpec",
    "SourceSpec", "Unencoded",
]


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Repair(_Strict):
    """One change made to the scraped seed, applied in order (see ``source.apply_repairs``)."""

    kind: str
    original: str | None = None
    replacement: str = ""
    count: int = Field(default=1, ge=1)
    note: str | None = None


class Gap(_Strict):
    """Articles lost from the source."""

    from_article: int = Field(ge=1)
    to_article: int = Field(ge=1)
    note: str
    questions: list[str] | None = None  # questions whose deciding provisions may lie in the gap; None = any
    exclude: list[str] = []  # questions the lost articles cannot touch (their provisions survive whole elsewhere)
    qualify_answers: bool = False  # also warn on answered results: a lost provision could qualify them


class Article(_Strict):
    number: int = Field(ge=1)
    label: str | None = None
    reconstructed: bool = False
    chapter: str | None = None
    status: Literal["operative", "non_operative", "missing"]
    reason: str | None = None
    text: str = ""


class SourceSpec(_Strict):
    """``source.yaml``: the seed, the cleaned text, the repairs, gaps and articles."""

    seed: str
    text: str
    repairs: list[Repair] = []
    gaps: list[Gap] = []
    articles: list[Article]


class Jurisdiction(_Strict):
    name: str
    level: Literal["county", "district", "bureau", "city"]
    parent: str | None = None


class Citation(_Strict):
    article: int = Field(ge=1)
    clause: int | None = Field(default=None, ge=1)
    quote: str = Field(min_length=2)


class DerivedFact(_Strict):
    """An intermediate fact concluded by rules and read by other rules (always boolean)."""

    zh: str
    description: str | None = None


class RuleSpec(_Strict):
    """One rule: when the conditions hold, it concludes an answer to a question or sets a derived fact."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")
    question: str | None = None
    derive: str | None = None
    when: Any = None
    then: Any
    cite: Citation
    strength: Literal["mandatory", "in_principle"] = "mandatory"
    overrides: list[str] = []
    note: str | None = None
    # A debatable provision: the rule encodes one reading; ``reading`` (in Chinese) gives the other one and why
    # it was not taken. ``reading_open: true`` when the text truly supports both and the difference matters:
    # then every answer this rule decides says so in its note.
    reading: str | None = Field(default=None, min_length=4)
    reading_open: bool = False

    @model_validator(mode="after")
    def _open_needs_reading(self) -> "RuleSpec":
        if self.reading_open and not self.reading:
            raise ValueError("`reading_open: true` needs the other reading in `reading`")
        if self.reading:  # a folded YAML line break between two Chinese characters is no space in Chinese
            object.__setattr__(self, "reading", _CJK_GAP.sub("", self.reading))
        return self


class Authority(_Strict):
    """A link of the chain of authority the text states: ``above`` leads (and may act in place of) ``below``
    (县长领导县政府全面工作。副县长协助县长工作). Cited and quoted like a rule."""

    above: str
    below: list[str] = Field(min_length=1)
    cite: Citation
    note: str | None = None


class Unencoded(_Strict):
    """An operative article deliberately left without rules, with the reason."""

    article: int = Field(ge=1)
    reason: str = Field(min_length=3)


FINDINGS = ("conflict", "dead", "redundant", "gap", "needless")


class Allow(_Strict):
    """A finding of ``rulekit analyze`` accepted once, with the reason: a rule's conflict, dead or redundant rule,
    needless fact; or a question's gaps (the text really is silent there)."""

    finding: Literal["conflict", "dead", "redundant", "gap", "needless"]
    rule: str | None = None
    question: str | None = None
    reason: str = Field(min_length=3)


class RulebookSpec(_Strict):
    """``rulebook.yaml``."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    aliases: list[str] = []
    jurisdiction: Jurisdiction
    date: dt.date | str | None = None
    source: str = "source.yaml"
    titles: dict[str, str] = {}
    derived: dict[str, DerivedFact] = {}
    rules: list[RuleSpec] = []
    unencoded: list[Unencoded] = []
    allow: list[Allow] = []  # findings of `rulekit analyze` accepted, each with its reason
    authority: list[Authority] = []  # who stands above whom, where the text says so (a superior acting for a delegate)
    notes: list[str] = []

