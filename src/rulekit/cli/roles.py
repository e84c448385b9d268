"""``rulekit roles RULEBOOK``: the roles a rulebook speaks of, by id, local title and the other words for them."""

from __future__ import annotations

import json
import sys

import typer

from .common import console, guard


def roles_command(
    rulebook: str = typer.Argument(..., help="Rulebook id (yian), Chinese name (依安) or path."),
    as_json: bool = typer.Option(False, "--json", help="A JSON list: id, title, aliases, above (the roles over it)."),
) -> None:
    """List a rulebook's roles: the id scripts use, the local title (县长 or 区长), the other words accepted
    for it (check and ask read any of them), and who stands above it by the rulebook's chain of authority."""
    from rich.markup import escape
    from rich.table import Table

    from ..engine.rulebook import load
    from ..engine.vocabulary import vocabulary

    book = load(rulebook)
    vocab = getattr(book.compiled, "vocabulary", None) or vocabulary()
    superiors = book.compiled.superiors
    rows = []
    for role in vocab.roles.values():
        title = book.title(role.id)
        aliases = [a for a in dict.fromkeys(role.zh) if a != title]
        above = sorted(superiors.get(role.id, {}))
        rows.append({"id": role.id, "title": title, "local": role.id in book.titles, "aliases": aliases,
                     "above": above})
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{book.name} · 角色", show_edge=False, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("本规则称谓", overflow="fold")
    table.add_column("也可写作", overflow="fold")
    table.add_column("上级")
    for row in rows:
        title = row["title"] + ("" if row["local"] else " (通用)")
        table.add_row(row["id"], escape(title), escape("、".join(row["aliases"])),
                      escape("、".join(book.title(r) for r in row["above"])))
    console().print(table)


def register(app: typer.Typer) -> None:
    """Add ``roles`` to the ``rulekit`` app."""
    app.command("roles")(guard(roles_command))
