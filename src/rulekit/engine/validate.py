"""Stage 2, validate: everything about a rulebook that needs the vocabulary or the source text.

- the cleaned source is the seed with the declared repairs applied; articles are verbatim slices of it,
  numbered 1..N, with missing ones inside declared gaps;
- every rule's question, facts, values, roles and overrides exist; overrides stay within one question and
  have no cycles; derived facts are declared, acyclic, and only read facts of the questions using them;
- every citation names an existing (not missing) article, and its quote is a verbatim substring of that
  article's text (of the cited item, when a clause is given);
- every operative article is encoded by a rule or listed in ``unencoded`` with a reason.

``check(loaded)`` returns the parsed rules and the problems found (all of them, not just the first).
"""

from __future__ import annotations

from typing import Any

from .answers import AnswerError, parse_duration, parse_roles
from .compile import Rule
from .conditions import ConditionError, parse_condition
from ..errors import Problem, did_you_mean
from .load import Loaded
from .source import RepairError, apply_repairs, clause_spans
from .vocabulary import Vocabulary, extend, vocabulary

__all__ = ["Rule", "check"]


def check(loaded: Loaded, vocab: Vocabulary | None = None) -> tuple[list[Rule], list[Problem]]:
    vocab = vocab or vocabulary()
    problems: list[Problem] = []
    if loaded.local_vocabulary is not None:  # the rulebook's own additions: extend, never redefine
        data, loc = loaded.local_vocabulary
        vocab, clashes = extend(vocab, data, loc)
        problems += clashes
        loaded.vocabulary = vocab
    _check_source(loaded, problems)
    rules = _check_rules(loaded, vocab, problems)
    _check_coverage(loaded, rules, vocab, problems)
    _check_allow(loaded, rules, vocab, problems)
    return rules, problems


# -- source --------------------------------------------------------------------------------------------
def _check_source(loaded: Loaded, problems: list[Problem]) -> None:
    source, loc = loaded.source, loaded.source_locations
    if source is None or loc is None or loaded.text is None:
        return
    if loaded.seed is not None:
        try:
            repaired = apply_repairs(loaded.seed, [r.model_dump() for r in source.repairs])
        except RepairError as exc:
            problems.append(loc.problem(("repairs", exc.index), exc.message))
        else:
            if repaired != loaded.text:
                at = next((i for i, (a, b) in enumerate(zip(repaired, loaded.text)) if a != b),
                          min(len(repaired), len(loaded.text)))
                line = loaded.text.count("\n", 0, at) + 1
                problems.append(loc.problem(("text",), f"`{source.text}` differs from the seed with its repairs applied "
                                                       f"(first difference on line {line} of `{source.text}`)"))
    expected = 1
    seen_gap = {n for g in source.gaps for n in range(g.from_article, g.to_article + 1)}
    for i, article in enumerate(source.articles):
        where = ("articles", i)
        if article.number != expected:
            problems.append(loc.problem(where + ("number",), f"article numbers must run 1, 2, 3 ...: expected {expected}, found {article.number}"))
        expected = article.number + 1
        if article.status == "missing":
            if article.number not in seen_gap:
                problems.append(loc.problem(where, f"article {article.number} is missing but lies in no declared gap"))
        elif not article.text.strip():
            problems.append(loc.problem(where + ("text",), f"article {article.number} has no text"))
        elif article.text not in loaded.text:
            problems.append(loc.problem(where + ("text",), f"the text of article {article.number} is not a verbatim part of `{source.text}`"))
        if article.status != "operative" and not article.reason:
            problems.append(loc.problem(where, f"article {article.number} is {article.status}: give the `reason`"))
    for n in sorted(seen_gap):
        match = [a for a in source.articles if a.number == n]
        if match and match[0].status != "missing":
            problems.append(loc.problem(("gaps",), f"article {n} lies in a declared gap but is not marked missing"))


# -- rules ---------------------------------------------------------------------------------------------
def _check_rules(loaded: Loaded, vocab: Vocabulary, problems: list[Problem]) -> list[Rule]:
    """Every rule checked against the vocabulary and the source; the rules that pass, then their overrides."""
    spec, loc = loaded.spec, loaded.locations
    _check_names(loaded, vocab, problems)
    articles = {a.number: a for a in loaded.source.articles} if loaded.source else {}
    ids: dict[str, int] = {}
    rules: list[Rule] = []
    for i, raw in enumerate(spec.rules):
        if raw.id in ids:
            problems.append(loc.problem(("rules", i, "id"), f"duplicate rule id `{raw.id}` (first at rules[{ids[raw.id]}])"))
            continue
        ids[raw.id] = i
        rule = _check_rule(loaded, vocab, articles, i, problems)
        if rule is not None:
            rules.append(rule)
    _check_overrides(loaded, ids, rules, problems)
    _check_derived(loaded, rules, vocab, problems)
    _check_authority(loaded, vocab, articles, problems)
    return rules


def _check_authority(loaded: Loaded, vocab: Vocabulary, articles: dict[int, Any], problems: list[Problem]) -> None:
    """Each link of the chain of authority names known roles and quotes its article verbatim; no role is above
    itself (no cycle)."""
    from types import SimpleNamespace

    spec, loc = loaded.spec, loaded.locations
    above: dict[str, set[str]] = {}
    for i, link in enumerate(spec.authority):
        where = ("authority", i)
        for key, role in [("above", link.above), *((("below", k), r) for k, r in enumerate(link.below))]:
            if role not in vocab.roles:
                path = where + (key if isinstance(key, str) else key)
                problems.append(loc.problem(path, f"authority: unknown role `{role}`", help=did_you_mean(role, vocab.roles)))
        _check_citation(SimpleNamespace(id=f"authority[{i}]", cite=link.cite), articles, loc, where, problems)
        for below in link.below:
            above.setdefault(below, set()).add(link.above)
    for role in sorted(above):
        seen, todo = set(), list(above[role])
        while todo:
            r = todo.pop()
            if r == role:
                problems.append(loc.problem(("authority",), f"authority: `{role}` is above itself (a cycle)"))
                break
            if r not in seen:
                seen.add(r)
                todo.extend(above.get(r, ()))


def _check_names(loaded: Loaded, vocab: Vocabulary, problems: list[Problem]) -> None:
    """Local titles name known roles; derived facts do not take a vocabulary fact's name."""
    spec, loc = loaded.spec, loaded.locations
    for role in spec.titles:
        if role not in vocab.roles:
            problems.append(loc.problem(("titles", role), f"unknown role `{role}`", key=True,
                                        help=did_you_mean(role, vocab.roles)))
    all_fact_names = {f for q in vocab.questions.values() for f in q.facts}
    for name in spec.derived:
        if name in all_fact_names:
            problems.append(loc.problem(("derived", name), f"derived fact `{name}` has the name of a vocabulary fact", key=True))


def _check_rule(loaded: Loaded, vocab: Vocabulary, articles: dict[int, Any], i: int, problems: list[Problem]) -> Rule | None:
    """One rule: what it concludes, its condition, its answer and its citation; None when it cannot be compiled."""
    spec, loc = loaded.spec, loaded.locations
    raw, where = spec.rules[i], ("rules", i)
    if (raw.question is None) == (raw.derive is None):
        problems.append(loc.problem(where, f"rule `{raw.id}` needs exactly one of `question` or `derive`"))
        return None
    question = None
    if raw.question is not None:
        question = vocab.questions.get(raw.question)
        if question is None:
            problems.append(loc.problem(where + ("question",), f"unknown question `{raw.question}`",
                                        help=did_you_mean(raw.question, vocab.questions)))
            return None
    elif raw.derive not in spec.derived:
        problems.append(loc.problem(where + ("derive",), f"undeclared derived fact `{raw.derive}`",
                                    help=did_you_mean(raw.derive, spec.derived, accepted="declared under `derived`")))
        return None

    def lookup(name: str) -> Any:
        if name in spec.derived:
            return "derived"
        if question is not None:
            return question.facts.get(name)
        return next((q.facts[name] for q in vocab.questions.values() if name in q.facts), None)

    try:
        condition = parse_condition(raw.when, where + ("when",), lookup)
    except ConditionError as exc:
        help = exc.help
        if help is None and "unknown fact" in exc.message:
            choices = list(question.facts) + list(spec.derived) if question else list(spec.derived)
            help = did_you_mean(str(exc.path[-1]), choices, accepted="facts of this question")
        problems.append(loc.problem(exc.path, f"rule `{raw.id}`: {exc.message}", help=help, key=exc.key))
        return None
    answer = _check_answer(raw.then, question.answer if question else "derived", vocab, loc, where + ("then",), raw.id, problems)
    _check_citation(raw, articles, loc, where, problems)
    return Rule(raw.id, raw.question, raw.derive, condition, answer, raw.cite.article, raw.cite.clause,
                raw.cite.quote, raw.strength, tuple(raw.overrides), raw.note, loc.of(where)[0],
                reading=raw.reading, reading_open=raw.reading_open)


def _check_overrides(loaded: Loaded, ids: dict[str, int], rules: list[Rule], problems: list[Problem]) -> None:
    """Overrides name known rules concluding the same thing, never themselves, and form no cycle."""
    spec, loc = loaded.spec, loaded.locations
    by_id = {r.id: r for r in rules}
    for i, raw in enumerate(spec.rules):
        for j, target in enumerate(raw.overrides):
            where = ("rules", i, "overrides", j)
            other = by_id.get(target)
            if target not in ids:
                problems.append(loc.problem(where, f"rule `{raw.id}` overrides unknown rule `{target}`", help=did_you_mean(target, ids)))
            elif other is not None and raw.id in by_id and other.concludes != by_id[raw.id].concludes:
                problems.append(loc.problem(where, f"rule `{raw.id}` overrides `{target}`, which concludes `{other.concludes}`, not `{by_id[raw.id].concludes}`"))
            elif target == raw.id:
                problems.append(loc.problem(where, f"rule `{raw.id}` overrides itself"))
    cycle = _find_cycle({r.id: list(r.overrides) for r in rules})
    if cycle:
        problems.append(loc.problem(("rules", ids[cycle[0]], "overrides"), "override cycle: " + " -> ".join(f"`{c}`" for c in cycle)))


def _check_answer(raw: Any, kind: str, vocab: Vocabulary, loc: Any, where: tuple, rule_id: str, problems: list[Problem]) -> Any:
    def bad(message: str, path: tuple = where, help: str | None = None) -> None:
        problems.append(loc.problem(path, f"rule `{rule_id}`: {message}", help=help))

    if kind == "derived":
        if raw is not True:
            bad("a derive rule concludes `then: true` (the fact is false when no such rule applies)")
        return None
    if kind == "boolean":
        if not isinstance(raw, bool):
            bad(f"the answer must be true or false, not `{raw}`")
        return raw
    if kind == "text":
        if not isinstance(raw, str) or not raw.strip():
            bad("the answer must be a non-empty text")
        return raw
    def role(name: Any, path: tuple) -> str:
        if name not in vocab.roles:
            raise AnswerError(f"unknown role `{name}`", path, did_you_mean(str(name), vocab.roles))
        return name

    try:
        if kind == "duration":
            return parse_duration(raw)
        return parse_roles({"any_of": [raw]} if isinstance(raw, str) else raw, role)  # `then: head` is one role
    except AnswerError as exc:
        bad(exc.message, where + exc.path, exc.help)
        return None


def _check_citation(raw: Any, articles: dict, loc: Any, where: tuple, problems: list[Problem]) -> None:
    cite = raw.cite
    article = articles.get(cite.article)
    path = where + ("cite",)
    if article is None:
        problems.append(loc.problem(path + ("article",), f"rule `{raw.id}` cites article {cite.article}, which the source does not have"))
        return
    if article.status == "missing":
        problems.append(loc.problem(path + ("article",), f"rule `{raw.id}` cites article {cite.article}, which is missing from the source"))
        return
    if cite.quote not in article.text:
        problems.append(loc.problem(path + ("quote",), f"rule `{raw.id}`: the quote is not verbatim in article {cite.article}",
                                    help=_nearest_hint(cite.quote, article.text)))
        return
    if cite.clause is not None:
        spans = [s for s in clause_spans(article.text) if s.number == cite.clause]
        if not spans:
            problems.append(loc.problem(path + ("clause",), f"rule `{raw.id}`: article {cite.article} has no item ({cite.clause})"))
            return
        starts = _occurrences(article.text, cite.quote)
        if not any(s.start <= p and p + len(cite.quote) <= s.end for s in spans for p in starts):
            problems.append(loc.problem(path + ("quote",), f"rule `{raw.id}`: the quote is not in item ({cite.clause}) of article {cite.article}"))


def _occurrences(text: str, part: str) -> list[int]:
    found, start = [], text.find(part)
    while start != -1:
        found.append(start)
        start = text.find(part, start + 1)
    return found


def _nearest_hint(quote: str, text: str) -> str | None:
    """Point at the first character where the quote's longest matching prefix stops matching."""
    best = 0
    for size in range(1, len(quote) + 1):
        if quote[:size] in text:
            best = size
        else:
            break
    if best >= 2:
        return f"it matches up to `{quote[:best]}`, then differs at `{quote[best:best + 8]}`"
    return None


def _find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt in graph and state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if state.get(node) is None:
            found = visit(node)
            if found:
                return found
    return None


def _check_derived(loaded: Loaded, rules: list[Rule], vocab: Vocabulary, problems: list[Problem]) -> None:
    spec, loc = loaded.spec, loaded.locations
    reads: dict[str, set[str]] = {name: set() for name in spec.derived}
    for rule in rules:
        if rule.derive:
            reads[rule.derive] |= rule.condition.facts_read()
    graph = {name: sorted(n for n in facts if n in spec.derived) for name, facts in reads.items()}
    cycle = _find_cycle(graph)
    if cycle:
        problems.append(loc.problem(("derived", cycle[0]), "derived facts depend on each other in a cycle: " + " -> ".join(cycle), key=True))
        return
    for name in spec.derived:
        if not any(r.derive == name for r in rules):
            problems.append(loc.problem(("derived", name), f"derived fact `{name}` has no rule deriving it", key=True))

    def base_facts(name: str, seen: frozenset = frozenset()) -> set[str]:
        out: set[str] = set()
        for fact in reads.get(name, ()):
            out |= base_facts(fact, seen | {name}) if fact in spec.derived and fact not in seen else ({fact} - set(spec.derived))
        return out

    for rule in rules:
        if rule.question is None:
            continue
        own = set(vocab.questions[rule.question].facts)
        for fact in rule.condition.facts_read() & set(spec.derived):
            foreign = sorted(base_facts(fact) - own)
            if foreign:
                problems.append(Problem(loc.file, rule.line, None,
                                        f"rule `{rule.id}` reads derived fact `{fact}`, which needs `{foreign[0]}`, not a fact of `{rule.question}`"))


def _check_coverage(loaded: Loaded, rules: list[Rule], vocab: Vocabulary, problems: list[Problem]) -> None:
    spec, loc = loaded.spec, loaded.locations
    if loaded.source is None:
        return
    articles = {a.number: a for a in loaded.source.articles}
    encoded = {r.article for r in rules}
    listed: set[int] = set()
    for i, entry in enumerate(spec.unencoded):
        where = ("unencoded", i)
        article = articles.get(entry.article)
        if entry.article in listed:
            problems.append(loc.problem(where, f"article {entry.article} is listed twice under `unencoded`"))
        listed.add(entry.article)
        if article is None:
            problems.append(loc.problem(where, f"article {entry.article} does not exist"))
        elif article.status != "operative":
            problems.append(loc.problem(where, f"article {entry.article} is {article.status}: it needs no entry under `unencoded`"))
        elif entry.article in encoded:
            problems.append(loc.problem(where, f"article {entry.article} is encoded by rules, yet listed under `unencoded`",
                                        help=f"remove its entry (`- {{article: {entry.article}, reason: …}}`) from `unencoded`"))
    for gap in loaded.source.gaps:
        for q in (gap.questions or []) + list(gap.exclude):
            if q not in vocab.questions:
                problems.append(loaded.source_locations.problem(("gaps",), f"unknown question `{q}`", help=did_you_mean(q, vocab.questions)))


def _check_allow(loaded: Loaded, rules: list[Rule], vocab: Vocabulary, problems: list[Problem]) -> None:
    """``allow:`` entries name a known rule (a gap: a known question), of a kind that rule can have, once each."""
    spec, loc = loaded.spec, loaded.locations
    derives = {r.id: r.derive is not None for r in spec.rules}
    seen: dict[tuple, int] = {}
    for i, entry in enumerate(spec.allow):
        where = ("allow", i)
        if entry.question is not None and entry.question not in vocab.questions:
            problems.append(loc.problem(where + ("question",), f"unknown question `{entry.question}`",
                                        help=did_you_mean(entry.question, vocab.questions)))
        if entry.finding == "gap":
            if entry.question is None or entry.rule is not None:
                problems.append(loc.problem(where, "an accepted `gap` names the `question` whose gaps the text leaves open, not a rule"))
        elif entry.rule is None:
            problems.append(loc.problem(where, f"an accepted `{entry.finding}` names the `rule` it is about"))
        elif entry.rule not in derives:
            problems.append(loc.problem(where + ("rule",), f"unknown rule `{entry.rule}`", help=did_you_mean(entry.rule, derives)))
        elif derives[entry.rule] and entry.finding != "dead":
            problems.append(loc.problem(where + ("finding",), f"rule `{entry.rule}` derives a fact: of the findings only `dead` applies to it"))
        key = (entry.finding, entry.rule, entry.question)
        if key in seen:
            problems.append(loc.problem(where, f"the same finding is accepted twice (first at allow[{seen[key]}])"))
        seen.setdefault(key, i)
