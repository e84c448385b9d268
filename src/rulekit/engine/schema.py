"""The JSON Schema of a result: ``Result.to_dict()`` (``rulekit ask --json``) as pydantic models.

Written once here and used three ways: ``rulekit schema result`` prints it, the HTTP service's OpenAPI document
is generated from it (``rulekit.server``), and the tests validate real answers against it. The models describe;
they are never on the evaluation path (``Result`` is a frozen dataclass)."""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CitationModel", "ResultModel", "result_schema"]

FactValue = Union[bool, int, str, List[str]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Alternative(_Strict):
    """One way to satisfy a roles answer: every role of ``all_of``, in that order (a chain), under ``note``."""

    all_of: List[str] = Field(..., min_length=1, description="Role ids (vocabulary.yaml), e.g. `head`.")
    note: Optional[str] = Field(None, description="A condition on this alternative, quoted (e.g. 受县长委托).")


class RolesAnswer(_Strict):
    any_of: List[Alternative] = Field(..., min_length=1, description="The alternatives; any one of them suffices.")


class Prohibited(_Strict):
    prohibited: Literal[True]


class Duration(_Strict):
    amount: int = Field(..., ge=0)
    unit: Literal["day", "working_day", "month", "same_day"]
    relation: Literal["within", "before"]


Answer = Optional[Union[RolesAnswer, Prohibited, Duration, bool, str]]


class CitationModel(_Strict):
    article: int = Field(..., description="The article's number in its rulebook (第五十九条 → 59).")
    clause: Optional[int] = Field(..., description="The item number ((三) → 3), or null.")
    quote: str = Field(..., description="A verbatim substring of the rulebook's stored source text.")
    rule: str = Field(..., description="The id of the rule that cites it.")


class ConflictEntry(_Strict):
    rule: str
    answer: Any
    article: int
    clause: Optional[int]


class ResultModel(BaseModel):
    """The answer to one question (the public contract's `ask --json` object)."""

    model_config = ConfigDict(extra="allow", title="Result")

    rulebook: str = Field(..., description="The rulebook's id.")
    question: str = Field(..., description="The question's id.")
    facts: Dict[str, FactValue] = Field(..., description="The facts given, as ids (sets as lists).")
    status: Literal["answered", "needs_facts", "not_covered", "conflict"]
    answer: Answer = Field(..., description="Per the question's answer kind: roles, boolean, duration or text; "
                                            "null unless answered.")
    missing: List[str] = Field(..., description="needs_facts: the facts that would settle it (only those that matter).")
    citations: List[CitationModel]
    trace: List[str] = Field(..., description="The reasons, in order, in Chinese.")
    rules: List[str] = Field(..., description="The ids of the deciding rules.")
    strength: Optional[Literal["mandatory", "in_principle"]] = Field(
        None, description="in_principle: the deciding rule admits exceptions (原则上 / 一般).")
    note: Optional[str] = None
    conflicts: Optional[List[ConflictEntry]] = Field(None, description="conflict: the rules that disagree.")


def result_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``Result.to_dict()``."""
    schema = ResultModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
