"""``rulekit diff`` and ``rulekit compare``: registered on the main app by ``register(app)``.

A thin layer: the library computes (``differ.search``), ``differ.report`` renders; errors become exit code 2 at the
boundary (``cli.common.guard``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer

from .common import guard as _guard

FORMATS = ("rich", "json", "markdown", "html")


def _format(fmt: str, as_json: bool) -> str:
    from ..errors import InputError, did_you_mean

    if as_json:
        return "json"
    if fmt not in FORMATS:
        raise InputError(f"unknown format `{fmt}`", item=fmt, help=did_you_mean(fmt, FORMATS, accepted="formats"))
    return fmt


def _emit(text: str, output: Optional[Path]) -> None:
    """Print ``text``, or write it to ``output`` whole or not at all (``cli.output``)."""
    from .output import write_output

    write_output(output, text)


def _print_rich(items: list, output: Optional[Path]) -> None:
    from rich.console import Console

    if output is None:
        console = Console(highlight=False, soft_wrap=False)
        for item in items:
            console.print(item)
        return
    import io

    buffer = io.StringIO()  # plain text, wide enough for the tables; _emit writes it (and reports errors)
    console = Console(file=buffer, highlight=False, soft_wrap=False, width=160, no_color=True)
    for item in items:
        console.print(item)
    _emit(buffer.getvalue(), output)


def diff_command(
    left: str = typer.Argument(..., help="Rulebook id (yian), Chinese name (依安) or path."),
    right: str = typer.Argument(..., help="The rulebook to compare it with."),
    question: List[str] = typer.Option([], "--question", "-q", help="Only this question (id or Chinese label). Repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON object (same as --format json)."),
    fmt: str = typer.Option("rich", "--format", help="rich (tables, default), json, markdown, or html (one self-contained page)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when the outcomes differ anywhere (like git diff --exit-code)."),
    structure: Optional[bool] = typer.Option(None, "--structure/--no-structure",
                                             help="Show the structural comparison (default: unless --question is given)."),
) -> None:
    """Where LEFT and RIGHT lead to different outcomes: every class of cases, with both answers and articles.

    Also the structure side by side: local titles, meetings, their frequencies, numeric parameters, and
    articles with no counterpart."""
    from ..differ.search import diff

    chosen = _format(fmt, as_json)
    result = diff(left, right, question or None, structure=not question if structure is None else structure)
    _render(result, chosen, output, "diff")
    if exit_code and not result.same:
        raise typer.Exit(1)


def compare_command(
    rulebooks: Optional[List[str]] = typer.Argument(None, help="Rulebook ids, names or paths (default: every valid rulebook on the search path)."),
    question: List[str] = typer.Option([], "--question", "-q", help="Only this question (id or Chinese label). Repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (same as --format json)."),
    fmt: str = typer.Option("rich", "--format", help="rich (default), json, markdown, or html."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """A matrix of rulebooks over the representative cases of each question: where they agree, where one stands alone."""
    from ..differ.search import compare

    chosen = _format(fmt, as_json)
    result = compare(rulebooks or None, question or None)
    for rb, why in result.skipped:
        sys.stderr.write(f"warning: left out `{rb}`: {why}\n")
    _render(result, chosen, output, "comparison")


def register(app: typer.Typer) -> None:
    """Add ``diff`` and ``compare`` to the ``rulekit`` app."""
    app.command("diff")(_guard(diff_command))
    app.command("compare")(_guard(compare_command))


def _render(result: Any, chosen: str, output: Optional[Path], kind: str) -> None:
    """Write a diff or comparison in the chosen format: json, markdown, html, or Rich tables."""
    if chosen == "json":
        _emit(json.dumps(result.to_dict(), ensure_ascii=False) + "\n", output)
        return
    from ..differ import report

    markdown, html, rich = {
        "diff": (report.markdown_diff, report.html_diff, report.format_diff),
        "comparison": (report.markdown_comparison, report.html_comparison, report.format_comparison),
    }[kind]
    if chosen == "markdown":
        _emit(markdown(result), output)
    elif chosen == "html":
        _emit(html(result), output)
    else:
        _print_rich(rich(result), output)
