"""The request and response models of the HTTP service: the OpenAPI document is generated from these."""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from ..engine.schema import ResultModel

__all__ = ["AskRequest", "Decision", "DiffRequest", "Problem", "Health", "RulebookInfo", "QuestionInfo",
           "ArticleInfo", "BatchLine", "EXAMPLE_ASK"]

FactValue = Optional[Union[bool, int, str, List[str]]]

EXAMPLE_ASK = {"rulebook": "yian", "question": "document.signer",
               "facts": {"issuer": "government", "form": "request", "recipient": "higher_government"}}


class AskRequest(BaseModel):
    """One question: the rulebook, the question and the facts, by id or Chinese label (依安, 公文由谁签发, 以政府名义)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_ASK]})

    rulebook: str = Field(..., max_length=200, description="Rulebook id (yian), Chinese name (依安) or alias.")
    question: str = Field(..., max_length=200, description="Question id (document.signer) or its Chinese label.")
    facts: Dict[str, FactValue] = Field(default_factory=dict, description="NAME: VALUE (ids or Chinese labels; "
                                        "sets as arrays or comma-separated; null or absent: unknown).")


class Decision(ResultModel):
    """The contract's result object, with local titles, Chinese labels and the rulebook's digest beside the ids."""

    model_config = ConfigDict(title="Decision", extra="allow")

    rulebook_name: str = Field(..., description="依安县人民政府工作规则")
    rulebook_digest: str = Field(..., description="sha256 of the rulebook's files: the exact text and rules that decided.")
    question_zh: str
    status_zh: str
    answer_zh: Optional[str] = Field(..., description="The answer in Chinese with the local titles (answered only).")
    titles: Dict[str, str] = Field(..., description="The local title of each role in the answer (head → 县长).")
    citation_labels: List[str] = Field(..., description="The label of each cited article (第五十九条第(三)项).")


class BatchLine(BaseModel):
    """One line of a `/v1/ask/batch` answer: the decision, or the error of that input line."""

    index: int = Field(..., description="0-based count of the input records.")
    line: Optional[int] = Field(..., description="The input line (1-based).")
    result: Optional[Decision] = None
    error: Optional[str] = None


class DiffRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"left": "yian", "right": "tuokexun", "questions": ["meeting.presider"]}]})

    left: str = Field(..., max_length=200)
    right: str = Field(..., max_length=200)
    questions: Optional[List[str]] = Field(None, max_length=100, description="Question ids or labels (default: all).")
    structure: bool = Field(False, description="Include the structural comparison (titles, meetings, parameters).")


class ProblemItem(BaseModel):
    detail: str
    field: Optional[str] = None


class Problem(BaseModel):
    """An RFC 9457 problem details object (media type application/problem+json)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: Optional[str] = None
    errors: List[ProblemItem] = Field(default_factory=list)


class RulebookInfo(BaseModel):
    id: str
    name: str
    jurisdiction: str
    level: str
    date: Optional[str]
    digest: str
    loaded_at: str
    rules: int
    articles: int
    titles: Dict[str, str]
    questions: List[str]


class FactInfo(BaseModel):
    name: str
    type: str
    zh: Optional[str]
    values: Optional[Dict[str, str]]


class QuestionInfo(BaseModel):
    id: str
    zh: str
    answer: str
    decided: bool
    facts: List[FactInfo]


class RuleInfo(BaseModel):
    id: str
    question: Optional[str]
    derive: Optional[str]
    clause: Optional[int]
    quote: str
    strength: str


class ArticleInfo(BaseModel):
    rulebook: str
    digest: str
    number: int
    label: str
    chapter: Optional[str]
    status: str
    reason: Optional[str]
    reconstructed: bool
    text: str
    rules: List[RuleInfo]
    unencoded: Optional[str] = Field(None, description="Why an operative article has no rule, if it has none.")


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    rulebooks: Dict[str, Dict[str, Any]]
    errors: List[Dict[str, Any]]
