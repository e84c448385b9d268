"""The public vocabulary: questions, their facts and values, roles, with Chinese labels.

It is the contract's ``vocabulary.yaml`` plus the project's additions (ids are never renamed or
dropped). ``vocabulary()`` loads it once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError, Problem, RulebookError, did_you_mean

__all__ = ["FactSpec", "QuestionSpec", "RoleSpec", "Vocabulary", "vocabulary", "ANSWER_KINDS", "FACT_TYPES"]

ANSWER_KINDS = ("roles", "boolean", "duration", "text")
FACT_TYPES = ("enum", "bool", "int", "set")
DURATION_UNITS = ("day", "working_day", "month", "same_day")
DURATION_RELATIONS = ("within", "before")
# how the start day counts: exclusive (the default: 期间开始的日不计算在期间内) or inclusive (当日算起)
DURATION_COUNTINGS = ("exclusive", "inclusive")

_TRUE = {"true", "yes", "是", "1", "y", "t"}
_FALSE = {"false", "no", "否", "0", "n", "f"}
_LABEL_SPLIT = re.compile(r"[/／()（）]")


@dataclass(frozen=True)
class FactSpec:
    """A fact a question reads: its name, type and (for enum and set facts) allowed values."""

    name: str
    type: str
    zh: str | None = None
    values: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.zh or self.name

    def value_label(self, value: str) -> str:
        return self.values.get(value, value)

    @cached_property
    def _by_label(self) -> dict[str, str]:
        """Value ids by Chinese label (and by each part of a label such as 通告/公告), built once."""
        index: dict[str, str] = {}
        for value_id, zh in self.values.items():
            index.setdefault(zh, value_id)
            for part in _LABEL_SPLIT.split(zh):
                part = part.strip()
                if part:
                    index.setdefault(part, value_id)
            halves = zh.split("/")
            if len(halves) == 2 and 0 < len(halves[0]) < len(halves[1]):  # 县长/区长印章 -> 县长印章
                index.setdefault(halves[0] + halves[1][len(halves[0]):], value_id)
        return index

    def member(self, raw: str) -> str:
        """The value id for an id or a Chinese label; InputError otherwise."""
        text = raw.strip()
        if text in self.values:
            return text
        found = self._by_label.get(text)
        if found is not None:
            return found
        raise InputError(
            f"unknown value `{raw}` for fact `{self.name}`",
            item=raw,
            help=did_you_mean(text, list(self.values), accepted="accepted"),
        )

    def parse(self, raw: Any) -> Any:
        """Turn a CLI string or a Python value into the fact's value; InputError when it does not fit."""
        if self.type == "bool":
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
                return raw.strip().lower() in _TRUE
            raise InputError(f"fact `{self.name}` takes true or false, not `{raw}`", item=str(raw),
                             help="accepted: true, false, yes, no, 是, 否")
        if self.type == "int":
            if isinstance(raw, bool):
                raise InputError(f"fact `{self.name}` takes a whole number, not `{raw}`", item=str(raw))
            if isinstance(raw, int):
                value = raw
            elif isinstance(raw, str) and re.fullmatch(r"\s*\d+\s*", raw):
                value = int(raw)
            else:
                raise InputError(f"fact `{self.name}` takes a whole number, not `{raw}`", item=str(raw))
            if value < 0 or value > 10**9:
                raise InputError(f"fact `{self.name}` is out of range: `{raw}`", item=str(raw))
            return value
        if self.type == "enum":
            if not isinstance(raw, str):
                raise InputError(f"fact `{self.name}` takes one of its values, not `{raw}`", item=str(raw),
                                 help=did_you_mean(str(raw), list(self.values)))
            return self.member(raw)
        if self.type == "set":
            if isinstance(raw, str):
                parts = [p for p in re.split(r"[,，、]", raw) if p.strip()]
            elif isinstance(raw, (list, tuple, set, frozenset)):
                parts = list(raw)
            else:
                raise InputError(f"fact `{self.name}` takes a set of values, not `{raw}`", item=str(raw))
            members = []
            for part in parts:
                if not isinstance(part, str):
                    raise InputError(f"fact `{self.name}` takes a set of values, not `{part}`", item=str(part))
                members.append(self.member(part))
            return frozenset(members)
        raise AssertionError(self.type)  # pragma: no cover

    def dump(self, value: Any) -> Any:
        """The JSON form of a value: sets as sorted lists, the rest as they are."""
        if self.type == "set":
            return sorted(value)
        return value

    def domain(self) -> list[Any] | None:
        """The finite values of an enum or bool fact (None for ints and sets)."""
        if self.type == "enum":
            return list(self.values)
        if self.type == "bool":
            return [False, True]
        return None


@dataclass(frozen=True)
class QuestionSpec:
    id: str
    zh: str
    answer: str
    facts: dict[str, FactSpec]
    description: str | None = None

    def fact(self, name: str) -> FactSpec:
        spec = self.facts.get(name)
        if spec is not None:
            return spec
        for candidate in self.facts.values():
            if candidate.zh == name:
                return candidate
        raise InputError(
            f"unknown fact `{name}` for question `{self.id}`",
            item=name,
            help=did_you_mean(name, list(self.facts), accepted="its facts are") if self.facts
            else "this question takes no facts",
        )


@dataclass(frozen=True)
class RoleSpec:
    id: str
    zh: tuple[str, ...]
    en: str
    met_by: tuple[str, ...] = ()  # a role any one of these fills (县政府领导: the head or any deputy)


@dataclass(frozen=True)
class RulebookEntry:
    id: str
    zh: str
    seed: str | None


@dataclass(frozen=True)
class Vocabulary:
    questions: dict[str, QuestionSpec]
    roles: dict[str, RoleSpec]
    rulebooks: dict[str, RulebookEntry]

    def question(self, name: str) -> QuestionSpec:
        spec = self.questions.get(name)
        if spec is not None:
            return spec
        for candidate in self.questions.values():
            if name == candidate.zh:
                return candidate
        raise InputError(f"unknown question `{name}`", item=name,
                         help=did_you_mean(name, list(self.questions), accepted="accepted questions"))

    def fill(self, acted: Iterable[str]) -> frozenset[str]:
        """The roles that people in the roles ``acted`` fill: those roles, and every role one of them meets
        (a 副县长 who acts is a 县政府领导 too)."""
        held = set(acted)
        held.update(r.id for r in self.roles.values() if r.met_by and held.intersection(r.met_by))
        return frozenset(held)

    def role(self, name: str) -> RoleSpec:
        spec = self.roles.get(name)
        if spec is None:
            raise InputError(f"unknown role `{name}`", item=name, help=did_you_mean(name, list(self.roles)))
        return spec


VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yaml")


@lru_cache(maxsize=None)
def vocabulary(path: Path = VOCABULARY_PATH) -> Vocabulary:
    from . import cache as _cache

    cached = _cache.lookup("vocabulary", path)
    if cached is None:
        cached = _read_vocabulary(path)
        _cache.store("vocabulary", path, [path], cached)
    return cached


def _read_vocabulary(path: Path) -> Vocabulary:
    from .parse import load_yaml

    data, loc = load_yaml(path)
    problems: list[Problem] = []

    def bad(where: tuple, message: str) -> None:
        problems.append(loc.problem(where, message))

    roles = {}
    for role_id, spec in (data.get("roles") or {}).items():
        zh = spec.get("zh") or []
        roles[role_id] = RoleSpec(role_id, tuple(zh if isinstance(zh, list) else [zh]), spec.get("en", ""),
                                  tuple(spec.get("met_by") or ()))
    for role_id, role in roles.items():
        for member in role.met_by:
            if member not in roles:
                bad(("roles", role_id, "met_by"), f"role `{role_id}`: unknown role `{member}` in `met_by`")

    rulebooks = {}
    for rb_id, spec in (data.get("rulebooks") or {}).items():
        rulebooks[rb_id] = RulebookEntry(rb_id, spec.get("zh", rb_id), spec.get("seed"))

    questions = {}
    for q_id, spec in (data.get("questions") or {}).items():
        if spec.get("answer") not in ANSWER_KINDS:
            bad(("questions", q_id, "answer"), f"unknown answer kind `{spec.get('answer')}`")
        facts = {}
        for name, fspec in (spec.get("facts") or {}).items():
            ftype = fspec.get("type")
            if ftype not in FACT_TYPES:
                bad(("questions", q_id, "facts", name, "type"), f"unknown fact type `{ftype}`")
                continue
            values = {str(k): str(v) for k, v in (fspec.get("values") or {}).items()}
            if ftype in ("enum", "set") and not values:
                bad(("questions", q_id, "facts", name), f"{ftype} fact `{name}` has no values")
            facts[name] = FactSpec(name, ftype, fspec.get("zh"), values)
        questions[q_id] = QuestionSpec(q_id, spec.get("zh", q_id), spec.get("answer"), facts, spec.get("description"))
    if problems:
        raise RulebookError(problems)
    return Vocabulary(questions, roles, rulebooks)


def parse_facts(question: QuestionSpec, facts: dict[str, Any] | Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Check and convert the given facts of a question; keys may be fact names or Chinese labels."""
    items = facts.items() if isinstance(facts, dict) else facts
    parsed: dict[str, Any] = {}
    for name, raw in items:
        spec = question.fact(name)
        if spec.name in parsed:
            raise InputError(f"fact `{spec.name}` is given twice", item=spec.name)
        parsed[spec.name] = spec.parse(raw)
    return parsed
