"""The ``rulekit`` command: the Typer app, with each command group registered on it.

A thin layer over the library: every group lives in its own module and adds its commands to the app it is
given (``register(app)``); nothing imports back from here."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List

import typer
from typer.core import TyperGroup

from . import analyze, author, check, diff, roles, rulebook, serve
from .common import guard
from .fast import PATH_OPTION, hoist_path_options, one_line_warning


class _Group(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_path_options(list(args)))


app = typer.Typer(
    cls=_Group,
    name="rulekit",
    help="Answer questions from Chinese local governments' work rules (人民政府工作规则), citing the deciding article.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from .fast import _version as text

        typer.echo(text())
        raise typer.Exit(0)


def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print rulekit's version and exit."),
    rulebook_path: List[Path] = typer.Option(
        [], PATH_OPTION, metavar="DIR",
        help="A folder of rulebooks (or one rulebook folder) searched before RULEKIT_PATH and the built-ins, so that "
             "its rulebooks are reached by id, name or alias. Repeatable; may stand after the command too."),
) -> None:
    """Answer questions from Chinese local governments' work rules (人民政府工作规则), citing the deciding article.

    Rulebooks are found by id, name or alias on the search path: --rulebook-path folders, then the folders of
    the RULEKIT_PATH environment variable (separated by `:`), then the built-in rulebooks; or given as a path."""
    from ..engine.locate import set_search_path

    set_search_path(rulebook_path)


app.callback()(guard(_root))

rulebook.register(app)  # ask, validate, rulebooks, questions, coverage, schema
check.register(app)  # check, test, deadline
diff.register(app)  # diff, compare
analyze.register(app)  # analyze
author.register(app)  # new, show
serve.register(app)  # serve (the HTTP service; its web stack is imported only when it runs)
roles.register(app)  # roles

# One example per command, shown at the end of its --help (where the command's own text has none).
EXAMPLES = {
    "ask": "rulekit ask 依安 公文签发 -f 发文名义=县政府 -f 文种=请示 -f 主送机关=市政府",
    "validate": "rulekit validate yian rulebooks/longfeng",
    "rulebooks": "rulekit rulebooks --json",
    "questions": "rulekit questions 龙凤",
    "coverage": "rulekit coverage 托克逊",
    "schema": "rulekit schema rulebook > rulebook.schema.json",
    "check": "rulekit check examples/check/oa_export.csv --format junit > report.xml",
    "test": "rulekit test yian",
    "deadline": "rulekit deadline 托克逊 -f item=会签 --from 2025-09-26",
    "diff": "rulekit diff 依安 托克逊 -q document.signer",
    "compare": "rulekit compare 依安 托克逊 龙凤 -q acting.presider",
    "analyze": "rulekit analyze yian",
    "new": "rulekit new qingxi --source page.txt",
    "show": "rulekit show 依安 59",
    "serve": "rulekit serve --port 8765",
    "roles": "rulekit roles 龙凤",
}


def _add_examples(typer_app: typer.Typer) -> None:
    import inspect

    for info in typer_app.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        example = EXAMPLES.get(name)
        text = info.help or inspect.getdoc(info.callback) or ""
        if example and "Example:" not in text:
            info.help = f"{text}\n\nExample: {example}"


_add_examples(app)


def main() -> None:
    """The Typer app for every command (``rulekit.cli.main``, the console script, tries ``cli/fast.py`` first)."""
    import warnings

    warnings.showwarning = one_line_warning
    app(prog_name="rulekit")


if __name__ == "__main__":  # pragma: no cover
    main()
