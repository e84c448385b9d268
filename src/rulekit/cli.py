"""The ``rulekit`` command: a thin layer over the library.

Errors are caught here, at the boundary only: bad input prints one line per problem on stderr and
exits 2, never a traceback. Library modules are imported inside the commands to keep start-up lean.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    name="rulekit",
    help="Answer questions from Chinese local governments' work rules (人民政府工作规则), citing the deciding article.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

FACT_HELP = "A fact as NAME=VALUE (ids or Chinese labels; sets comma-separated). Repeatable."


def _console(stderr: bool = False):  # noqa: ANN202 - rich is imported lazily
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> "typer.Exit":
    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(code)


def _guard(fn):  # noqa: ANN001, ANN202
    """Turn rulekit's errors into exit code 2 and a message; anything else is a bug and propagates."""
    from functools import wraps

    @wraps(fn)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        from ._errors import RulekitError

        try:
            return fn(*args, **kwargs)
        except RulekitError as exc:
            for line in exc.render().splitlines():
                sys.stderr.write(f"error: {line}\n")
            raise typer.Exit(2) from None
        except BrokenPipeError:  # `rulekit ... | head`
            raise typer.Exit(0) from None

    return wrapper


def parse_fact_options(facts: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for item in facts:
        if "=" not in item:
            raise _input_error(f"a fact is NAME=VALUE, not `{item}`", item)
        name, value = item.split("=", 1)
        if not name.strip():
            raise _input_error(f"a fact is NAME=VALUE, not `{item}`", item)
        pairs.append((name.strip(), value))
    return pairs


def _input_error(message: str, item: str) -> Exception:
    from ._errors import InputError

    return InputError(message, item=item)


@app.command()
@_guard
def ask(
    rulebook: str = typer.Argument(..., help="Rulebook id (yian), Chinese name (依安) or path."),
    question: str = typer.Argument(..., help="Question id (document.signer) or its Chinese label."),
    fact: List[str] = typer.Option([], "--fact", "-f", help=FACT_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON object."),
) -> None:
    """Answer QUESTION from RULEBOOK, with the article that decides it."""
    from ._api import load

    book = load(rulebook)
    result = book.ask(question, parse_fact_options(fact))
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    else:
        from ._explain import format_result

        _console().print(format_result(book, result))


@app.command()
@_guard
def validate(
    rulebooks: Optional[List[str]] = typer.Argument(None, help="Rulebook ids or paths (default: all built-in)."),
    as_json: bool = typer.Option(False, "--json", help="Print problems as JSON."),
) -> None:
    """Check rulebooks: schema, vocabulary, references, override cycles, verbatim quotes, source repairs."""
    from ._api import validate as check
    from ._errors import RulebookError
    from ._load import builtin_ids

    names = rulebooks or builtin_ids()
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


@app.command("rulebooks")
@_guard
def list_rulebooks(as_json: bool = typer.Option(False, "--json")) -> None:
    """List the built-in rulebooks."""
    from ._api import load, rulebooks as ids

    rows = []
    for rb in ids():
        book = load(rb)
        c = book.compiled
        rows.append({"id": rb, "name": book.name, "jurisdiction": c.jurisdiction.name, "level": c.jurisdiction.level,
                     "date": c.date, "rules": len(c.rules), "articles": len(c.articles), "questions": book.decides()})
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    table = Table("id", "名称", "辖区", "日期", "规则", "条文", "回答的问题")
    for r in rows:
        table.add_row(r["id"], r["name"], r["jurisdiction"], r["date"] or "", str(r["rules"]), str(r["articles"]), str(len(r["questions"])))
    _console().print(table)


@app.command()
@_guard
def questions(
    rulebook: Optional[str] = typer.Argument(None, help="Show which questions this rulebook decides."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List the questions, their facts and allowed values (ids and Chinese labels)."""
    from ._api import load
    from ._vocabulary import vocabulary

    vocab = vocabulary()
    decided = set(load(rulebook).decides()) if rulebook else None
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


@app.command("coverage")
@_guard
def coverage_command(
    rulebooks: Optional[List[str]] = typer.Argument(None, help="Rulebook ids or paths (default: all built-in)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Per article: encoded (by which rules), left unencoded (why), non-operative, or missing from the source.

    With no rulebook named: a summary of all built-in rulebooks. Exits 1 when an operative article is neither
    encoded nor given a reason."""
    from ._api import load
    from ._coverage import coverage
    from ._load import builtin_ids

    reports = [coverage(load(name).compiled) for name in (rulebooks or builtin_ids())]
    if as_json:
        sys.stdout.write(json.dumps([r.to_dict() for r in reports], ensure_ascii=False) + "\n")
    else:
        from ._explain import format_coverage, format_coverage_summary

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


@app.command()
@_guard
def schema(
    kind: str = typer.Argument("rulebook", help="`rulebook` (rulebook.yaml) or `source` (source.yaml)."),
) -> None:
    """Print the JSON Schema of rulebook.yaml or source.yaml, for editors."""
    from ._errors import InputError, did_you_mean
    from ._model import RulebookSpec, SourceSpec

    models = {"rulebook": RulebookSpec, "source": SourceSpec}
    if kind not in models:
        raise InputError(f"unknown schema `{kind}`", item=kind, help=did_you_mean(kind, models))
    sys.stdout.write(json.dumps(models[kind].model_json_schema(), ensure_ascii=False, indent=2) + "\n")


from . import _cli_check, _cli_diff  # noqa: E402 - each adds its commands to `app`

_cli_check.register(app)  # check, test, deadline
_cli_diff.register(app)  # diff, compare


def main() -> None:
    app(prog_name="rulekit")


if __name__ == "__main__":  # pragma: no cover
    main()
