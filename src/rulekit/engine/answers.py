"""The shapes of answers, parsed once for rulebooks (``then:``) and for check records (``expect:``).

``parse_roles`` and ``parse_duration`` return the canonical JSON form or raise ``AnswerError`` with the
path (inside the parsed value) of the offending part; each caller turns that into its own located error.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from ..errors import did_you_mean
from .vocabulary import DURATION_COUNTINGS, DURATION_RELATIONS, DURATION_UNITS

__all__ = ["AnswerError", "parse_duration", "parse_roles"]


class AnswerError(ValueError):
    def __init__(self, message: str, path: tuple = (), help: str | None = None) -> None:
        super().__init__(message)
        self.message, self.path, self.help = message, path, help


def parse_roles(raw: Any, role: Callable[[Any, tuple], str]) -> dict[str, Any]:
    """``{any_of: [...]}`` (an alternative: a role, a list of roles, or ``{all_of: [...], note: ...}``) or
    ``{prohibited: true}``. ``role(name, path)`` resolves one role or raises."""
    if isinstance(raw, Mapping) and "prohibited" in raw:
        if dict(raw) != {"prohibited": True}:
            raise AnswerError("`prohibited: true` stands alone")
        return {"prohibited": True}
    if not (isinstance(raw, Mapping) and set(raw) == {"any_of"} and isinstance(raw["any_of"], list) and raw["any_of"]):
        raise AnswerError("a roles answer is `{any_of: [...]}` with at least one alternative, or `{prohibited: true}`")
    alternatives = []
    for k, alt in enumerate(raw["any_of"]):
        path = ("any_of", k)
        note = None
        if isinstance(alt, str):
            roles = [alt]
        elif isinstance(alt, list):
            roles = alt
        elif isinstance(alt, Mapping) and "all_of" in alt and set(alt) <= {"all_of", "note"}:
            roles = alt["all_of"] if isinstance(alt["all_of"], list) else [alt["all_of"]]
            note = alt.get("note")
        else:
            raise AnswerError("an alternative is a role id, a list of role ids, or `{all_of: [...], note: ...}`", path)
        resolved = [role(r, path) for r in roles]
        if not resolved or len(set(resolved)) != len(resolved):
            raise AnswerError("an alternative needs distinct roles", path)
        entry: dict[str, Any] = {"all_of": resolved}
        if note:
            entry["note"] = str(note)
        alternatives.append(entry)
    return {"any_of": alternatives}


def parse_duration(raw: Any) -> dict[str, Any]:
    """``{amount, unit, relation, counting}`` (relation defaults to within; same_day has amount 0).

    ``counting: inclusive`` (当日算起) counts the start day itself as the first day; the default,
    ``exclusive``, does not (期间开始的日不计算在期间内) and is left out of the canonical form, so an answer
    without ``counting`` and one with ``counting: exclusive`` are the same answer."""
    if not isinstance(raw, Mapping) or "amount" not in raw or "unit" not in raw:
        raise AnswerError("a duration is `{amount: 7, unit: working_day, relation: within}` (optionally `counting: inclusive`)")
    extra = [k for k in raw if k not in ("amount", "unit", "relation", "counting")]
    if extra:
        raise AnswerError(f"unknown key `{extra[0]}` in a duration", (extra[0],))
    amount, unit, relation = raw["amount"], raw["unit"], raw.get("relation", "within")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise AnswerError(f"`amount` must be a whole number of 0 or more, not `{amount}`", ("amount",))
    if unit not in DURATION_UNITS:
        raise AnswerError(f"unknown unit `{unit}`", ("unit",), did_you_mean(str(unit), DURATION_UNITS))
    if relation not in DURATION_RELATIONS:
        raise AnswerError(f"unknown relation `{relation}`", ("relation",), did_you_mean(str(relation), DURATION_RELATIONS))
    counting = raw.get("counting", "exclusive")
    if counting not in DURATION_COUNTINGS:
        raise AnswerError(f"unknown counting `{counting}`", ("counting",), did_you_mean(str(counting), DURATION_COUNTINGS))
    if unit == "same_day" and amount != 0:
        raise AnswerError("`same_day` has amount 0", ("amount",))
    if unit == "same_day" and counting == "inclusive":
        raise AnswerError("`same_day` is the day itself; `counting: inclusive` says nothing more", ("counting",))
    out: dict[str, Any] = {"amount": amount, "unit": unit, "relation": relation}
    if counting == "inclusive":
        out["counting"] = "inclusive"
    return out
