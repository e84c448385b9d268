"""The ``rulekit`` command: the Typer app, with each command group registered on it.

A thin layer over the library: every group lives in its own module and adds its commands to the app it is
given (``register(app)``); nothing imports back from here."""

from __future__ import annotations

import typer

from . import check, diff, rulebook

app = typer.Typer(
    name="rulekit",
    help="Answer questions from Chinese local governments' work rules (人民政府工作规则), citing the deciding article.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

rulebook.register(app)  # ask, validate, rulebooks, questions, coverage, schema
check.register(app)  # check, test, deadline
diff.register(app)  # diff, compare


def main() -> None:
    app(prog_name="rulekit")


if __name__ == "__main__":  # pragma: no cover
    main()
