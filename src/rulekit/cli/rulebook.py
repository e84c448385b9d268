"""The rulebook commands: ``ask``, ``validate``, ``rulebooks``, ``questions``, ``coverage``, ``schema``.

``register(app)`` adds them to the app it is given."""

from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer

from .common import ENGINE_HELP, FACT_HELP, console as _console, guard as _guard

__all__ = ["register"]


def ask(
    rulebook: Optional[str] = typer.Argument(None, help="Rulebook id (yian), Chinese name (依安) or path."),
    question: Optional[str] = typer.Argument(None, help="Question id (document.signer) or its Chinese label."),
    fact: List[str] = typer.Option([], "--fact", "-f", help=FACT_HELP),
    facts_json: Optional[str] = typer.Option(None, "--facts", help='The facts as one JSON object: '
                                             '\'{"issuer": "以政府名义", "form": "请示"}\' (with --fact too).'),
    facts_file: Optional[str] = typer.Option(None, "--facts-file", help="The facts as a JSON object in a file "
                                             "(`-`: stdin)."),
    batch: Optional[str] = typer.Option(None, "--batch", help="Answer every line of a JSON Lines file (`-`: stdin), "
                                        "each `{rulebook, question, facts}`: one JSON line out per line in, in order; "
                                        "a bad line gets its error in place (exit 2 at the end)."),
    as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON object."),
    engine: Optional[str] = typer.Option(None, "--engine", help=ENGINE_HELP),
) -> None:
    """Answer QUESTION from RULEBOOK, with the article that decides it.

    Example: rulekit ask 依安 公文由谁签发 -f issuer=以政府名义 -f form=请示 -f recipient=市政府"""
    from .fast import ask_command  # the body, shared with the console script's fast path (cli/fast.py)

    code = ask_command(rulebook, question, fact, facts_json, facts_file, batch, as_json, engine)
    if code:
        raise typer.Exit(code)


def validate(
    rulebooks: Optional[List[str]] = typer.Argument(None, help="Rulebook ids, names or paths (default: every rulebook on the search path)."),
    as_json: bool = typer.Option(False, "--json", help="Print problems as JSON."),
) -> None:
    """Check rulebooks: schema, vocabulary, references, override cycles, verbatim quotes, source repairs."""
    from ..engine.rulebook import validate as check
    from ..errors import RulebookError
    from ..engine.locate import available_ids

    names = rulebooks or available_ids()
    report = []
    bad = False
    for name in names:
        try:
            problems = check(name)
        except RulebookError as exc:
            problems = exc.problems
        bad = bad or bool(problems)
        report.append({"rulebook": name, "valid": not problems,
                       "problems": [p.__dict__ for p in problems]})
        if not as_json:
            if problems:
                for p in problems:
                    sys.stderr.write(f"error: {p.render()}\n")
            else:
                _console().print(f"[green]ok[/green] {name}")
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    if bad:
        raise typer.Exit(2)


def list_rulebooks(as_json: bool = typer.Option(False, "--json")) -> None:
    """List the rulebooks reachable by name: --rulebook-path, RULEKIT_PATH, then the built-ins."""
    from ..engine.locate import available
    from ..engine.rulebook import load

    rows = []
    for found in available():
        book = load(found.file)
        c = book.compiled
        rows.append({"id": found.id, "name": book.name, "jurisdiction": c.jurisdiction.name,
                     "level": c.jurisdiction.level, "date": c.date, "rules": len(c.rules), "articles": len(c.articles),
                     "questions": book.decides(), "origin": found.origin, "path": str(found.folder)})
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    table = Table("id", "名称", "辖区", "日期", "规则", "条文", "回答的问题", "来源")
    for r in rows:
        origin = "内置" if r["origin"] == "built-in" else f"{r['path']} ({r['origin']})"
        table.add_row(r["id"], r["name"], r["jurisdiction"], r["date"] or "", str(r["rules"]), str(r["articles"]),
                      str(len(r["questions"])), origin)
    _console().print(table)


def questions(
    rulebook: Optional[str] = typer.Argument(None, help="Show which questions this rulebook decides."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List the questions, their facts and allowed values (ids and Chinese labels)."""
    from ..engine.rulebook import load
    from ..engine.vocabulary import vocabulary

    book = load(rulebook) if rulebook else None
    vocab = book.vocabulary if book else vocabulary()  # a rulebook's own questions and facts too
    decided = set(book.decides()) if book else None
    rows = []
    for q in vocab.questions.values():
        facts = [{"name": f.name, "type": f.type, "zh": f.zh, "values": f.values or None} for f in q.facts.values()]
        row = {"id": q.id, "zh": q.zh, "answer": q.answer, "facts": facts}
        if decided is not None:
            row["decided"] = q.id in decided
        rows.append(row)
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    from rich.markup import escape

    console = _console()
    for row in rows:
        mark = ""
        if decided is not None:
            mark = "[green]✓ 有规定[/green] " if row["decided"] else "[dim]✗ 未规定[/dim] "
        console.print(f"{mark}[bold]{row['id']}[/bold] {escape(row['zh'])} [dim]({row['answer']})[/dim]")
        for f in row["facts"]:
            if f["values"]:
                values = ", ".join(f"{k}={v}" for k, v in f["values"].items())
            else:
                values = {"bool": "true/false", "int": "整数"}.get(f["type"], f["type"])
            label = f" {f['zh']}" if f["zh"] else ""
            console.print(escape(f"    {f['name']} ({f['type']}){label}: {values}"))


def coverage_command(
    rulebooks: Optional[List[str]] = typer.Argument(None, help="Rulebook ids, names or paths (default: every rulebook on the search path)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Per article: encoded (by which rules), left unencoded (why), non-operative, or missing from the source.

    With no rulebook named: a summary of all built-in rulebooks. Exits 1 when an operative article is neither
    encoded nor given a reason."""
    from ..engine.rulebook import load
    from ..engine.coverage import coverage
    from ..engine.locate import available_ids

    reports = [coverage(load(name).compiled) for name in (rulebooks or available_ids())]
    if as_json:
        sys.stdout.write(json.dumps([r.to_dict() for r in reports], ensure_ascii=False) + "\n")
    else:
        from ..engine.explain import format_coverage, format_coverage_summary

        console = _console()
        if rulebooks:
            for report in reports:
                console.print(format_coverage(report))
        else:
            console.print(format_coverage_summary(reports))
        for report in reports:
            for a in report.unaccounted:
                sys.stderr.write(f"error: {report.rulebook}: article {a.number} is operative but neither encoded nor given a reason under `unencoded`\n")
    if any(r.unaccounted for r in reports):
        raise typer.Exit(1)


def schema(
    kind: str = typer.Argument("rulebook", help="`rulebook` (rulebook.yaml), `source` (source.yaml) or `result` "
                               "(the object of `ask --json`, `check --json`'s `result`, and the HTTP service)."),
) -> None:
    """Print the JSON Schema of rulebook.yaml, source.yaml, or of a result (ask --json), for editors and clients."""
    from ..errors import InputError, did_you_mean
    from ..engine.model import RulebookSpec, SourceSpec
    from ..engine.schema import result_schema

    models = {"rulebook": RulebookSpec.model_json_schema, "source": SourceSpec.model_json_schema,
              "result": result_schema}
    if kind not in models:
        raise InputError(f"unknown schema `{kind}`", item=kind, help=did_you_mean(kind, models))
    sys.stdout.write(json.dumps(models[kind](), ensure_ascii=False, indent=2) + "\n")


def register(app: typer.Typer) -> None:
    """Add the rulebook commands to the ``rulekit`` app."""
    app.command()(_guard(ask))
    app.command()(_guard(validate))
    app.command("rulebooks")(_guard(list_rulebooks))
    app.command()(_guard(questions))
    app.command("coverage")(_guard(coverage_command))
    app.command()(_guard(schema))
