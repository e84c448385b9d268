"""The public vocabulary: questions, their facts and values, roles, with Chinese labels.

It is the contract's ``vocabulary.yaml`` plus the project's additions (ids are never renamed or
dropped). ``vocabulary()`` loads it once per process.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from collections.abc import Mapping

TYPE_CHECKING = False  # typing is imported by type checkers only: `rulekit ask` starts without it
if TYPE_CHECKING:
    from typing import Any, Iterable

from .._frozen import frozen
from ..errors import InputError, Problem, RulebookError, did_you_mean

__all__ = ["Choice", "FactSpec", "QuestionSpec", "RoleSpec", "Vocabulary", "vocabulary", "resolve", "parse_number",
           "extend", "ANSWER_KINDS", "FACT_TYPES", "LOCAL_FILE"]

ANSWER_KINDS = ("roles", "boolean", "duration", "text")
FACT_TYPES = ("enum", "bool", "int", "set")
DURATION_UNITS = ("day", "working_day", "month", "same_day")
DURATION_RELATIONS = ("within", "before")
# how the start day counts: exclusive (the default: 期间开始的日不计算在期间内) or inclusive (当日算起)
DURATION_COUNTINGS = ("exclusive", "inclusive")

_TRUE = {"true", "yes", "是", "1", "y", "t"}
_FALSE = {"false", "no", "否", "0", "n", "f"}
_LABEL_SPLIT = re.compile(r"[/／()（）、]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _norm(text: str) -> str:
    """The form names are compared in: NFKC (full-width brackets and digits to ASCII), no spaces, ASCII lowercased."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _parts(label: str) -> list[str]:
    """The pieces of a label such as 通告/公告 or 分管副区长(主管副区长、主管领导), each a name on its own."""
    parts = [p.strip() for p in _LABEL_SPLIT.split(label) if p.strip()]
    halves = label.split("/")
    if len(halves) == 2 and 0 < len(halves[0]) < len(halves[1]):  # 县长/区长印章 -> 县长印章
        parts.append(halves[0] + halves[1][len(halves[0]):])
    return parts


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


@frozen
class Choice:
    """One thing a user may name: its id, the Chinese label shown for it, and the names it is known by,
    in levels of priority (an exact match on an earlier level wins over a later one)."""

    id: str
    label: str
    levels: tuple[tuple[str, ...], ...]

    def show(self) -> str:
        return f"{self.label} (`{self.id}`)" if self.label and self.label != self.id else f"`{self.id}`"


def resolve(text: str, choices: list[Choice], *, what: str, what_zh: str, context: str = "", fuzzy: bool = True) -> str:
    """The id a user means by ``text``: an id, a label, an alias or a part of a label, exactly; else the one
    choice whose label contains it (or its characters in order: 公文签发 in 公文由谁签发). Several candidates
    raise an InputError asking to choose among them, in Chinese; none raises one listing every choice with
    its Chinese label and a did-you-mean in both languages."""
    key = _norm(text)
    variants = [key]
    stripped = re.sub(r"^(?:本级|本)?[县区市]?(?=政府)", "", key)  # 区政府印章 -> 政府印章
    if stripped != key:
        variants.append(stripped)
    depth = max((len(c.levels) for c in choices), default=0)
    for variant in variants:
        for level in range(depth):
            found = [c for c in choices if level < len(c.levels) and variant in {_norm(k) for k in c.levels[level]}]
            if found:
                return _one(text, found, what, what_zh, context)
    for variant in variants if fuzzy else ():
        if not variant:
            continue
        found = [c for c in choices if any(variant in _norm(k) for lv in c.levels for k in lv)]
        if found:
            return _one(text, found, what, what_zh, context)
    for variant in variants if fuzzy else ():
        if len(_CJK.findall(variant)) >= 2:
            found = [c for c in choices if any(_subsequence(variant, _norm(k)) for lv in c.levels[1:] for k in lv)]
            if found:
                return _one(text, found, what, what_zh, context)
    raise InputError(f"unknown {what} `{text}`{context}", item=text, help=choices_help(text, choices))


def _one(text: str, found: list[Choice], what: str, what_zh: str, context: str) -> str:
    unique = list({c.id: c for c in found}.values())
    if len(unique) == 1:
        return unique[0].id
    listed = "、".join(c.show() for c in unique)
    raise InputError(f"ambiguous {what} `{text}`{context}: 「{text}」可指 {len(unique)} 个{what_zh}", item=text,
                     help=f"请写明其一: {listed}")


def choices_help(text: str, choices: list[Choice]) -> str:
    """``did you mean `x`? 您是不是要找: 标签 (x); 可选: 标签 (id)、…``."""
    from difflib import SequenceMatcher, get_close_matches

    out = []
    close = get_close_matches(text, sorted(c.id for c in choices), n=3, cutoff=0.6)
    if close:
        out.append("did you mean " + " or ".join(f"`{c}`" for c in close) + "?")
    key = _norm(text)
    scored = []
    for c in choices:
        names = [k for lv in c.levels[1:] for k in lv] or [c.id]
        best = max(SequenceMatcher(None, key, _norm(k)).ratio() for k in names)
        if best >= 0.4:
            scored.append((-best, c.id, c))
    near = [c for _, _, c in sorted(scored)[:3]]
    if near:
        out.append("您是不是要找: " + "、".join(c.show() for c in near) + "?")
    if choices:
        out.append("可选: " + "、".join(c.show() for c in choices))
    else:
        out.append("无可选项")
    return "; ".join(out)


@frozen
class FactSpec:
    """A fact a question reads: its name, type and (for enum and set facts) allowed values."""

    name: str
    type: str
    zh: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    value_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.zh or self.name

    @cached_property
    def choice(self) -> Choice:
        return Choice(self.name, self.label, ((self.name,), (self.label, *self.aliases), tuple(_parts(self.label))))

    def value_label(self, value: str) -> str:
        return self.values.get(value, value)

    @cached_property
    def _choices(self) -> list[Choice]:
        """The values as choices: id; label and aliases; parts of the label; for values that are roles
        (the ``person`` who asks for leave), the role's Chinese labels."""
        roles = vocabulary().roles
        out = []
        for value_id, zh in self.values.items():
            role = roles.get(value_id)
            out.append(Choice(value_id, zh, ((value_id,), (zh, *self.value_aliases.get(value_id, ())),
                                             tuple(_parts(zh)), role.zh if role else ())))
        return out

    def member(self, raw: str, titles: Mapping[str, str] | None = None) -> str:
        """The value id for an id, a Chinese label or alias, or a part of one only this value has; where the
        values are roles, also a role's title (the rulebook's local ``titles`` first). InputError otherwise."""
        text = raw.strip()
        if text in self.values:
            return text
        choices = self._choices
        if titles:
            local = {role: t for role, t in titles.items() if role in self.values}
            if local:
                choices = [Choice(c.id, c.label, (c.levels[0], (*c.levels[1], *([local[c.id], *_parts(local[c.id])]
                                                                                   if c.id in local else ())),
                                                  *c.levels[2:])) for c in choices]
        return resolve(text, choices, what="value", what_zh="取值",
                       context=f" for fact `{self.name}` ({self.label})" if self.zh else f" for fact `{self.name}`")

    def parse(self, raw: Any, titles: Mapping[str, str] | None = None) -> Any:
        """Turn a CLI string or a Python value into the fact's value; InputError when it does not fit.

        Whole numbers may carry a unit and be written in Chinese numerals (``5天``, ``五日``, ``5万元``)."""
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
            elif isinstance(raw, str):
                value = self._number(raw)
            else:
                raise InputError(f"fact `{self.name}` takes a whole number, not `{raw}`", item=str(raw))
            if value < 0 or value > 10**9:
                raise InputError(f"fact `{self.name}` is out of range: `{raw}`", item=str(raw))
            return value
        if self.type == "enum":
            if not isinstance(raw, str):
                raise InputError(f"fact `{self.name}` takes one of its values, not `{raw}`", item=str(raw),
                                 help=did_you_mean(str(raw), list(self.values)))
            return self.member(raw, titles)
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
                members.append(self.member(part, titles))
            return frozenset(members)
        raise AssertionError(self.type)  # pragma: no cover

    @property
    def units(self) -> dict[str, int]:
        """The units a number of this fact may carry, with their factor: 天/日 for days, 人/名 for people, ..."""
        text = f"{self.name} {self.zh or ''}"
        if "天" in text or "days" in self.name:
            return {"天": 1, "日": 1}
        if "人数" in text or "members" in self.name:
            return {"人": 1, "名": 1, "位": 1}
        if "元" in text:
            return {"元": 1, "万元": 10_000, "万": 10_000}
        if "个数" in text or "count" in self.name:
            return {"个": 1, "项": 1, "种": 1}
        return {}

    def _number(self, raw: str) -> int:
        text = _norm(raw).replace(",", "")
        units = self.units
        factor = 1
        for unit in sorted(units, key=len, reverse=True):
            if text.endswith(unit):
                text, factor = text[: -len(unit)], units[unit]
                break
        value = parse_number(text)
        if value is None:
            shown = "、".join(units) if units else "无"
            raise InputError(f"fact `{self.name}` ({self.label}) takes a whole number, not `{raw}`", item=raw,
                             help=f"写作 5 或 五" + (f", 可带单位: {shown}" if units else ""))
        return value * factor

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


@frozen
class QuestionSpec:
    id: str
    zh: str
    answer: str
    facts: dict[str, FactSpec]
    description: str | None = None
    aliases: tuple[str, ...] = ()

    @cached_property
    def choice(self) -> Choice:
        return Choice(self.id, self.zh, ((self.id,), (self.zh, *self.aliases), tuple(_parts(self.zh))))

    def fact(self, name: str) -> FactSpec:
        """A fact by name, Chinese label, alias or an unambiguous part of a label."""
        spec = self.facts.get(name)
        if spec is not None:
            return spec
        if not self.facts:
            raise InputError(f"unknown fact `{name}` for question `{self.id}`", item=name,
                             help=f"this question takes no facts (「{self.zh}」不需要事实)")
        found = resolve(name, [f.choice for f in self.facts.values()], what="fact", what_zh="事实",
                        context=f" for question `{self.id}`")
        return self.facts[found]


@frozen
class RoleSpec:
    id: str
    zh: tuple[str, ...]
    en: str
    met_by: tuple[str, ...] = ()  # a role any one of these fills (县政府领导: the head or any deputy)


@frozen
class RulebookEntry:
    id: str
    zh: str
    seed: str | None


@frozen
class Vocabulary:
    questions: dict[str, QuestionSpec]
    roles: dict[str, RoleSpec]
    rulebooks: dict[str, RulebookEntry]

    def question(self, name: str) -> QuestionSpec:
        """A question by id, Chinese label, alias, or a part of a label only one question has (外出请假)."""
        spec = self.questions.get(name)
        if spec is not None:
            return spec
        if not isinstance(name, str):
            raise InputError(f"a question is an id or a Chinese label, not `{name}`", item=str(name))
        return self.questions[resolve(name, [q.choice for q in self.questions.values()], what="question",
                                      what_zh="问题")]

    def fill(self, acted: Iterable[str]) -> frozenset[str]:
        """The roles that people in the roles ``acted`` fill: those roles, and every role one of them meets
        (a 副县长 who acts is a 县政府领导 too)."""
        held = set(acted)
        held.update(r.id for r in self.roles.values() if r.met_by and held.intersection(r.met_by))
        return frozenset(held)

    def role(self, name: str, titles: Mapping[str, str] | None = None) -> RoleSpec:
        """A role by id, Chinese label, or a rulebook's local title (``titles``: role id -> title, e.g. 区长)."""
        spec = self.roles.get(name)
        if spec is not None:
            return spec
        return self.roles[resolve(name, self.role_choices(titles), what="role", what_zh="角色")]

    def role_choices(self, titles: Mapping[str, str] | None = None) -> list[Choice]:
        """The roles as choices: id; the rulebook's local title and its parts; the vocabulary's labels."""
        titles = titles or {}
        out = []
        for role in self.roles.values():
            local = titles.get(role.id)
            label = local or (role.zh[0] if role.zh else role.id)
            out.append(Choice(role.id, label, ((role.id,), (local,) if local else (),
                                               tuple(_parts(local)) if local else (), role.zh)))
        return out


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
            value_aliases = {str(k): tuple(str(a) for a in v) for k, v in (fspec.get("value_aliases") or {}).items()}
            for value in value_aliases:
                if value not in values:
                    bad(("questions", q_id, "facts", name, "value_aliases", value), f"alias of unknown value `{value}`")
            facts[name] = FactSpec(name, ftype, fspec.get("zh"), values, tuple(fspec.get("aliases") or ()),
                                   value_aliases)
        questions[q_id] = QuestionSpec(q_id, spec.get("zh", q_id), spec.get("answer"), facts, spec.get("description"),
                                       tuple(spec.get("aliases") or ()))
    if problems:
        raise RulebookError(problems)
    return Vocabulary(questions, roles, rulebooks)


def parse_facts(question: QuestionSpec, facts: Mapping[str, Any] | Iterable[tuple[str, Any]],
                titles: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Check and convert the given facts of a question; keys may be fact names, Chinese labels or aliases, and
    values ids, labels, aliases, or (where the values are roles) a rulebook's local ``titles``. A value of
    ``None`` means the fact is unknown: it is left out."""
    items = facts.items() if isinstance(facts, Mapping) else facts
    parsed: dict[str, Any] = {}
    for name, raw in items:
        spec = question.fact(name)
        if raw is None:
            continue
        if spec.name in parsed:
            raise InputError(f"fact `{spec.name}` is given twice", item=spec.name)
        parsed[spec.name] = spec.parse(raw, titles)
    return parsed


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}


def parse_number(text: str) -> int | None:
    """A whole number in digits or Chinese numerals: ``12``, ``十二``, ``二十五``, ``一百零五``, ``5万``, ``三万``."""
    text = text.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if "万" in text:
        head_text, _, tail_text = text.partition("万")
        head = parse_number(head_text)
        tail = parse_number(tail_text) if tail_text else 0
        if head is None or tail is None or tail >= 10_000:
            return None
        return head * 10_000 + tail
    if not all(ch in _DIGITS or ch in _SMALL for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and digit != 0:
                return None  # 五五: not a numeral
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
    return total + (digit or 0)


# -- a rulebook's own vocabulary ------------------------------------------------------------------------------
LOCAL_FILE = "vocabulary.yaml"  # beside a rulebook.yaml: its additions to the shared vocabulary
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


def extend(base: Vocabulary, data: Any, loc: Any) -> tuple[Vocabulary, list[Problem]]:
    """``base`` with a rulebook's additions: new roles, new questions, new facts of a question, new values of an
    enum or set fact — each with a Chinese label. Nothing of ``base`` may be redefined: an id it already has is a
    clash (a problem located in the rulebook's ``vocabulary.yaml``), except a question or fact named only to add
    to it (``facts:`` of a known question, ``values:`` of a known fact)."""
    problems: list[Problem] = []

    def bad(where: tuple, message: str, help: str | None = None, key: bool = False) -> None:
        problems.append(loc.problem(where, message, help=help, key=key))

    if data is None:
        return base, problems
    if not isinstance(data, dict):
        bad((), "expected a mapping with `roles` and/or `questions`")
        return base, problems
    for key in data:
        if key not in ("roles", "questions"):
            bad((key,), f"unknown key `{key}`", help=did_you_mean(str(key), ["roles", "questions"]), key=True)
    roles = dict(base.roles)
    for role_id, spec in _mapping(data.get("roles"), ("roles",), bad).items():
        where = ("roles", role_id)
        if role_id in base.roles:
            bad(where, f"role `{role_id}` is in the shared vocabulary ({'、'.join(base.roles[role_id].zh)}): a rulebook "
                       "may add roles, never redefine one", help="give the local title under `titles:` in rulebook.yaml, "
                       "or choose a new id", key=True)
            continue
        if not _ID.match(str(role_id)):
            bad(where, f"`{role_id}` is not an id (lowercase letters, digits, _)", key=True)
            continue
        if not isinstance(spec, dict):
            bad(where, "a role is a mapping: {zh: [Chinese titles], en: what it is}")
            continue
        zh = spec.get("zh")
        zh = [zh] if isinstance(zh, str) else zh
        if not zh or not all(isinstance(z, str) and z.strip() for z in zh):
            bad(where, f"role `{role_id}` needs its Chinese title(s) under `zh`")
            continue
        for extra in set(spec) - {"zh", "en"}:
            bad(where + (extra,), f"unknown key `{extra}`", help=did_you_mean(str(extra), ["zh", "en"]), key=True)
        roles[role_id] = RoleSpec(role_id, tuple(zh), str(spec.get("en", "")))
    questions = dict(base.questions)
    for q_id, spec in _mapping(data.get("questions"), ("questions",), bad).items():
        where = ("questions", q_id)
        if not isinstance(spec, dict):
            bad(where, "a question is a mapping (zh, answer, facts)")
            continue
        known = base.questions.get(q_id)
        if known is not None:
            for extra in set(spec) - {"facts"}:
                bad(where + (extra,), f"question `{q_id}` is in the shared vocabulary ({known.zh}): a rulebook may add "
                                      f"facts to it, never redefine its `{extra}`", key=True)
            facts = _extend_facts(known, spec.get("facts"), where + ("facts",), bad)
            questions[q_id] = replace(known, facts=facts)
            continue
        if not _ID.match(str(q_id)):
            bad(where, f"`{q_id}` is not an id (lowercase words joined by `.`)", key=True)
            continue
        if not isinstance(spec.get("zh"), str) or not spec["zh"].strip():
            bad(where, f"question `{q_id}` needs its Chinese label under `zh`")
            continue
        if spec.get("answer") not in ANSWER_KINDS:
            bad(where + ("answer",), f"question `{q_id}` needs `answer`: one of {', '.join(ANSWER_KINDS)}",
                help=did_you_mean(str(spec.get("answer")), ANSWER_KINDS))
            continue
        for extra in set(spec) - {"zh", "answer", "facts", "description"}:
            bad(where + (extra,), f"unknown key `{extra}`",
                help=did_you_mean(str(extra), ["zh", "answer", "facts", "description"]), key=True)
        new = QuestionSpec(q_id, spec["zh"], spec["answer"], {}, spec.get("description"))
        questions[q_id] = replace(new, facts=_extend_facts(new, spec.get("facts"), where + ("facts",), bad))
    return Vocabulary(questions, roles, base.rulebooks), problems


def _mapping(raw: Any, where: tuple, bad: Any) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        bad(where, f"`{where[-1]}` must be a mapping")
        return {}
    return raw


def _extend_facts(question: QuestionSpec, raw: Any, where: tuple, bad: Any) -> dict[str, FactSpec]:
    facts = dict(question.facts)
    for name, spec in _mapping(raw, where, bad).items():
        at = where + (name,)
        if not isinstance(spec, dict):
            bad(at, "a fact is a mapping: {type, zh, values}")
            continue
        known = question.facts.get(name)
        if known is not None:
            for extra in set(spec) - {"values"}:
                bad(at + (extra,), f"fact `{name}` of `{question.id}` is in the shared vocabulary ({known.label}): a "
                                   f"rulebook may add values to it, never redefine its `{extra}`", key=True)
            if known.type not in ("enum", "set") and "values" in spec:
                bad(at + ("values",), f"fact `{name}` is {known.type}: it has no values to add to")
                continue
            values = dict(known.values)
            for value, zh in _mapping(spec.get("values"), at + ("values",), bad).items():
                if str(value) in known.values:
                    bad(at + ("values", value), f"value `{value}` of `{name}` is in the shared vocabulary "
                                                f"({known.values[str(value)]}): never redefine it", key=True)
                elif not isinstance(zh, str) or not zh.strip():
                    bad(at + ("values", value), f"value `{value}` needs its Chinese label")
                else:
                    values[str(value)] = zh
            facts[name] = replace(known, values=values)
            continue
        if not _ID.match(str(name)) or "." in str(name):
            bad(at, f"`{name}` is not a fact id (lowercase letters, digits, _)", key=True)
            continue
        ftype = spec.get("type")
        if ftype not in FACT_TYPES:
            bad(at + ("type",), f"fact `{name}` needs `type`: one of {', '.join(FACT_TYPES)}",
                help=did_you_mean(str(ftype), FACT_TYPES))
            continue
        if not isinstance(spec.get("zh"), str) or not spec["zh"].strip():
            bad(at, f"fact `{name}` needs its Chinese label under `zh`")
            continue
        for extra in set(spec) - {"type", "zh", "values"}:
            bad(at + (extra,), f"unknown key `{extra}`", help=did_you_mean(str(extra), ["type", "zh", "values"]), key=True)
        values = {str(k): str(v) for k, v in _mapping(spec.get("values"), at + ("values",), bad).items()}
        if ftype in ("enum", "set") and not values:
            bad(at, f"{ftype} fact `{name}` needs its values (id: Chinese label)")
            continue
        facts[name] = FactSpec(name, ftype, spec["zh"], values)
    return facts
