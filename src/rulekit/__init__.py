"""rulekit: answer questions from Chinese local governments' work rules, with the deciding article.

Pipeline, one module a stage: ``_load`` (files → models) → ``_validate`` (vocabulary, quotes, references)
→ ``_compile`` (indexes) → ``_evaluate`` (three-valued forward chaining) → ``_explain`` (rendering).
"""

from ._api import Rulebook, ask, load, rulebooks, validate
from ._errors import InputError, Problem, RulebookError, RulekitError
from ._evaluate import Citation, Result

__all__ = [
    "Citation",
    "InputError",
    "Problem",
    "Result",
    "Rulebook",
    "RulebookError",
    "RulekitError",
    "ask",
    "load",
    "rulebooks",
    "validate",
]
__version__ = "0.1.0"
