"""rulekit: answer questions from Chinese local governments' work rules, with the deciding article.

Pipeline, one module a stage: ``_load`` (files → models) → ``_validate`` (vocabulary, quotes, references)
→ ``_compile`` (indexes) → ``_evaluate`` (three-valued forward chaining) → ``_explain`` (rendering).
"""

from ._api import Rulebook, ask, load, rulebooks, validate
from ._errors import InputError, Problem, RulebookError, RulekitError
from ._evaluate import Citation, Result


def check(records, **options):  # noqa: ANN001, ANN003, ANN201
    """Check records lazily, yielding a ``Verdict`` for each (see ``rulekit._check.check``).

    ``records``: a path to a check file (YAML, JSON Lines, JSON, CSV; ``"-"`` for stdin), a record mapping,
    or an iterable of record mappings and paths. Options: ``fmt``, ``encoding``."""
    from ._check import check as run

    return run(records, **options)


def diff(left, right, questions=None, **options):  # noqa: ANN001, ANN003, ANN201
    """Where two rulebooks lead to different outcomes (a ``Diff``; see ``rulekit._diff.diff``).

    ``left``, ``right``: ids, Chinese names, paths or loaded ``Rulebook``s; ``questions``: ids or labels (default all)."""
    from ._diff import diff as run

    return run(left, right, questions, **options)


def compare(rulebooks=None, questions=None):  # noqa: ANN001, ANN201
    """Patterns of outcomes across several rulebooks (a ``Comparison``; see ``rulekit._diff.compare``)."""
    from ._diff import compare as run

    return run(rulebooks, questions)


def __getattr__(name: str):  # noqa: ANN202 - the check machinery is imported only when used
    if name in ("Verdict", "Summary"):
        from . import _check

        return getattr(_check, name)
    raise AttributeError(f"module 'rulekit' has no attribute {name!r}")

__all__ = [
    "Citation",
    "InputError",
    "Problem",
    "Result",
    "Rulebook",
    "RulebookError",
    "RulekitError",
    "Summary",
    "Verdict",
    "ask",
    "check",
    "compare",
    "diff",
    "load",
    "rulebooks",
    "validate",
]
__version__ = "0.1.0"
