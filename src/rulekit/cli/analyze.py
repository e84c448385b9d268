"""``rulekit analyze``: registered on the main app by ``register(app)``.

A thin layer: ``analyzer.findings`` computes, ``analyzer.report`` renders; errors become exit code 2 at the boundary
(``cli.common.guard``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from .common import guard as _guard
from .diff import _emit, _print_rich

FORMATS = ("rich", "json", "markdown")


def analyze_command(
    rulebooks: Optional[List[str]] = typer.Argument(None, help="Rulebook ids, Chinese names or paths (default: every rulebook on the search path)."),
    question: List[str] = typer.Option([], "--question", "-q", help="Only this question (id or Chinese label). Repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (same as --format json)."),
    fmt: str = typer.Option("rich", "--format", help="rich (tables, default), json, or markdown."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Prove each rulebook free of conflicts and dead rules over the whole case space of every question it
    decides; show redundant rules, the cases no rule decides, and facts asked for that change nothing.

    Exit 1 when a conflict or a dead rule is found that the rulebook does not accept in its `allow:` list."""
    from ..analyzer.findings import analyze
    from ..errors import InputError, did_you_mean

    chosen = "json" if as_json else fmt
    if chosen not in FORMATS:
        raise InputError(f"unknown format `{fmt}`", item=fmt, help=did_you_mean(fmt, FORMATS, accepted="formats"))
    found = analyze(rulebooks or None, question or None)
    if chosen == "json":
        data = {"rulebooks": [a.to_dict() for a in found], "ok": all(a.ok for a in found)}
        _emit(json.dumps(data, ensure_ascii=False) + "\n", output)
    elif chosen == "markdown":
        from ..analyzer.report import markdown_analyses

        _emit(markdown_analyses(found), output)
    else:
        from ..analyzer.report import format_analyses

        _print_rich(format_analyses(found), output)
    if not all(a.ok for a in found):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``analyze`` to the ``rulekit`` app."""
    app.command("analyze")(_guard(analyze_command))
