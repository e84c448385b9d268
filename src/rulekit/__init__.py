"""rulekit: answer questions from Chinese local governments' work rules, with the deciding article.

The public API: short verbs (``load``, ``ask``, ``check``, ``diff``, ``compare``, ``analyze``). The architecture is in the
subpackages, named as agents so that they never shadow the verbs (see docs/ARCHITECTURE.md): ``engine`` (parse →
load → validate → compile → evaluate → explain), ``checker`` (records → verdicts → report), ``differ`` (case
space → regions → report), ``analyzer`` (findings → report) and ``cli``; each lower layer ignorant of the higher ones.
"""

from .engine.evaluate import Citation, Result
from .engine.rulebook import Rulebook, ask, load, rulebooks, validate
from .errors import EngineError, InputError, Problem, RulebookError, RulekitError


def check(records, **options):  # noqa: ANN001, ANN003, ANN201
    """Check records lazily, yielding a ``Verdict`` for each (see ``rulekit.checker.verdicts.check``).

    ``records``: a path to a check file (YAML, JSON Lines, JSON, CSV; ``"-"`` for stdin), a record mapping,
    or an iterable of record mappings and paths. Options: ``fmt``, ``encoding``."""
    from .checker.verdicts import check as run

    return run(records, **options)


def diff(left, right, questions=None, **options):  # noqa: ANN001, ANN003, ANN201
    """Where two rulebooks lead to different outcomes (a ``Diff``; see ``rulekit.differ.search.diff``).

    ``left``, ``right``: ids, Chinese names, paths or loaded ``Rulebook``s; ``questions``: ids or labels (default all)."""
    from .differ.search import diff as run

    return run(left, right, questions, **options)


def compare(rulebooks=None, questions=None):  # noqa: ANN001, ANN201
    """Patterns of outcomes across several rulebooks (a ``Comparison``; see ``rulekit.differ.search.compare``)."""
    from .differ.search import compare as run

    return run(rulebooks, questions)


def analyze(rulebooks=None, questions=None):  # noqa: ANN001, ANN201
    """Conflicts, dead and redundant rules, gaps and needless facts over the whole case space: a list of
    ``Analysis``, one per rulebook (see ``rulekit.analyzer.findings.analyze``).

    ``rulebooks``: an id, Chinese name, path or ``Rulebook``, or a list of them (default: every rulebook on the
    search path); ``questions``: ids or labels (default: every question each rulebook decides)."""
    from .analyzer.findings import analyze as run

    return run(rulebooks, questions)


def __getattr__(name: str):  # noqa: ANN202 - the check machinery is imported only when used
    if name in ("Verdict", "Summary"):
        from .checker import verdicts as _check

        return getattr(_check, name)
    raise AttributeError(f"module 'rulekit' has no attribute {name!r}")

__all__ = [
    "Citation",
    "EngineError",
    "InputError",
    "Problem",
    "Result",
    "Rulebook",
    "RulebookError",
    "RulekitError",
    "Summary",
    "Verdict",
    "analyze",
    "ask",
    "check",
    "compare",
    "diff",
    "load",
    "rulebooks",
    "validate",
]
__version__ = "0.1.0"
