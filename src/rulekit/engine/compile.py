"""Stage 3, compile: index checked rules for fast evaluation.

Rules are grouped by the question they answer and sorted by id (file order never matters); derived
facts are put in dependency order; each rule knows the rules that override it.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

TYPE_CHECKING = False  # typing is imported by type checkers only: `rulekit ask` starts without it

from .._frozen import frozen
from .conditions import Condition

if TYPE_CHECKING:
    from .load import Loaded

__all__ = ["AllowInfo", "ArticleText", "Compiled", "GapInfo", "JurisdictionInfo", "Rule", "compile_rulebook"]


@frozen
class Rule:
    """A checked rule. ``line`` (where it stands in its file) is left out of equality."""

    id: str
    question: str | None
    derive: str | None
    condition: Condition
    answer: Any  # canonical JSON form of the answer (None for derive rules)
    article: int
    clause: int | None
    quote: str
    strength: str
    overrides: tuple[str, ...]
    note: str | None
    line: int | None = field(default=None, compare=False)
    reading: str | None = None  # the other reading of a debatable provision, and why it was not taken
    reading_open: bool = False  # the text supports both readings: answers say so in their note

    @property
    def concludes(self) -> str:
        return self.question or f"derived:{self.derive}"


@frozen
class ArticleText:
    number: int
    label: str | None
    reconstructed: bool
    chapter: str | None
    status: str
    reason: str | None
    text: str


@frozen
class GapInfo:
    from_article: int
    to_article: int
    note: str
    questions: tuple[str, ...] | None
    exclude: tuple[str, ...] = ()
    qualify_answers: bool = False

    def may_hold(self, question: str) -> bool:
        """Whether the lost articles may hold a provision on ``question``."""
        return question not in self.exclude and (self.questions is None or question in self.questions)


@frozen
class AllowInfo:
    """A finding of ``rulekit analyze`` the rulebook accepts, with the reason (``allow:`` in rulebook.yaml)."""

    finding: str
    rule: str | None
    question: str | None
    reason: str


@frozen
class JurisdictionInfo:
    name: str
    level: str
    parent: str | None


@frozen
class Compiled:
    """A validated rulebook, indexed for evaluation."""

    id: str
    name: str
    aliases: tuple[str, ...]
    jurisdiction: JurisdictionInfo
    date: str | None
    path: Path
    titles: dict[str, str]
    derived: dict[str, str]  # name -> Chinese label
    rules: dict[str, Rule]
    by_question: dict[str, tuple[Rule, ...]]
    derive_for: dict[str, tuple[str, ...]]  # question -> the derived facts its rules read, in dependency order
    derive_rules: dict[str, tuple[Rule, ...]]
    overridden_by: dict[str, tuple[str, ...]]
    articles: dict[int, ArticleText]
    gaps: tuple[GapInfo, ...]
    repairs: tuple[dict[str, Any], ...]
    unencoded: dict[int, str]
    notes: tuple[str, ...] = field(default=())
    allow: tuple[AllowInfo, ...] = field(default=())
    # role -> the roles above it (transitively), each with the (article, clause, quote) of the first link
    superiors: dict[str, dict[str, tuple[int, int | None, str]]] = field(default_factory=dict)
    vocabulary: Any = None  # the rulebook's own vocabulary (the shared one extended), None when it has none

    def facts_read(self, question: str) -> set[str]:
        """The vocabulary facts that the rules for ``question`` read, through derived facts too."""
        return self.base_facts(r.condition for r in self.by_question.get(question, ()))

    def base_facts(self, conditions: Iterable[Condition]) -> set[str]:
        """The vocabulary facts that ``conditions`` read, following derived facts to the facts they read."""
        names: set[str] = set()
        pending = list(conditions)
        seen: set[str] = set()
        while pending:
            for fact in pending.pop().facts_read():
                if fact in self.derived:
                    if fact not in seen:
                        seen.add(fact)
                        pending.extend(r.condition for r in self.derive_rules.get(fact, ()))
                else:
                    names.add(fact)
        return names


def _derive_order(derived: set[str], derive_rules: dict[str, list[Rule]]) -> list[str]:
    """The derived facts in dependency order (a fact after every derived fact its rules read)."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting:
            return
        visiting.add(name)
        for rule in derive_rules.get(name, ()):
            for fact in sorted(rule.condition.facts_read()):
                if fact in derived:
                    visit(fact)
        order.append(name)

    for name in sorted(derived):
        visit(name)
    return order


def _derive_for(derived: set[str], derive_rules: dict[str, list[Rule]],
                by_question: dict[str, list[Rule]]) -> dict[str, tuple[str, ...]]:
    """For each question, the derived facts its rules read (directly or through other derived facts), in order."""
    order = _derive_order(derived, derive_rules)

    def needed(conditions: list[Condition]) -> set[str]:
        found: set[str] = set()
        pending = list(conditions)
        while pending:
            for fact in pending.pop().facts_read():
                if fact in derived and fact not in found:
                    found.add(fact)
                    pending.extend(r.condition for r in derive_rules.get(fact, ()))
        return found

    return {question: tuple(name for name in order if name in needed([r.condition for r in rs]))
            for question, rs in by_question.items()}


def index_rules(rules: list[Rule], derived: set[str]) -> dict[str, Any]:
    """The indexes of ``Compiled`` over ``rules`` (sorted by id: file order never matters): ``rules``,
    ``by_question``, ``derive_rules``, ``overridden_by`` and ``derive_for``, as keyword arguments."""
    ordered = sorted(rules, key=lambda r: r.id)
    by_question: dict[str, list[Rule]] = {}
    derive_rules: dict[str, list[Rule]] = {}
    overridden_by: dict[str, list[str]] = {}
    for rule in ordered:
        if rule.question:
            by_question.setdefault(rule.question, []).append(rule)
        else:
            derive_rules.setdefault(rule.derive, []).append(rule)
        for target in rule.overrides:
            overridden_by.setdefault(target, []).append(rule.id)
    return {
        "rules": {r.id: r for r in ordered},
        "by_question": {q: tuple(rs) for q, rs in by_question.items()},
        "derive_for": _derive_for(derived, derive_rules, by_question),
        "derive_rules": {d: tuple(rs) for d, rs in derive_rules.items()},
        "overridden_by": {k: tuple(sorted(v)) for k, v in overridden_by.items()},
    }


def compile_rulebook(loaded: "Loaded", rules: list[Rule]) -> Compiled:
    """Index the checked rules (by question, derived fact and overrider) and freeze the rulebook's data."""
    spec = loaded.spec
    source = loaded.source
    return Compiled(
        id=spec.id,
        name=spec.name,
        aliases=tuple(spec.aliases),
        jurisdiction=JurisdictionInfo(spec.jurisdiction.name, spec.jurisdiction.level, spec.jurisdiction.parent),
        date=str(spec.date) if spec.date is not None else None,
        path=loaded.path,
        titles=dict(spec.titles),
        derived={name: d.zh for name, d in spec.derived.items()},
        **index_rules(rules, set(spec.derived)),
        articles={a.number: ArticleText(a.number, a.label, a.reconstructed, a.chapter, a.status, a.reason, a.text)
                  for a in source.articles} if source else {},
        gaps=tuple(GapInfo(g.from_article, g.to_article, g.note, tuple(g.questions) if g.questions is not None else None,
                           tuple(g.exclude), g.qualify_answers)
                   for g in source.gaps) if source else (),
        repairs=tuple(r.model_dump() for r in source.repairs) if source else (),
        unencoded={u.article: u.reason for u in spec.unencoded},
        notes=tuple(spec.notes),
        allow=tuple(AllowInfo(a.finding, a.rule, a.question, a.reason) for a in spec.allow),
        superiors=_superiors(spec.authority),
        vocabulary=loaded.vocabulary,
    )


def _superiors(links: Any) -> dict[str, dict[str, tuple[int, int | None, str]]]:
    """For each role, every role above it along the declared chain of authority, with the article that puts the
    nearest link there."""
    direct: dict[str, dict[str, tuple[int, int | None, str]]] = {}
    for link in links:
        for below in link.below:
            direct.setdefault(below, {}).setdefault(link.above, (link.cite.article, link.cite.clause, link.cite.quote))
    out: dict[str, dict[str, tuple[int, int | None, str]]] = {}
    for role in direct:
        found: dict[str, tuple[int, int | None, str]] = {}
        todo = [(r, c) for r, c in direct[role].items()]
        while todo:
            r, cite = todo.pop(0)
            if r in found or r == role:
                continue
            found[r] = cite
            todo.extend((up, cite) for up in direct.get(r, {}))
        out[role] = found
    return out
