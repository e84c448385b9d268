"""The authoring and review commands: ``new`` (a rulebook folder from a scraped page) and ``show`` (an
article with the rules that encode it; the whole rulebook as a literate view for legal review).

``register(app)`` adds them to the app it is given."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .common import console as _console, guard as _guard

__all__ = ["register"]


def new(
    path: Path = typer.Argument(..., help="The folder to create (its name is the rulebook id unless --id is given)."),
    source: Path = typer.Option(..., "--source", "-s", help="The scraped page, as UTF-8 text."),
    rb_id: Optional[str] = typer.Option(None, "--id", help="The rulebook id (default: the folder's name)."),
    name: Optional[str] = typer.Option(None, "--name", help="The rulebook's name (default: the title found in the text)."),
    style: Optional[str] = typer.Option(None, "--style", help="Article numbering: 第X条 or X、 (default: detected)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Create a rulebook folder from a scraped page: seed.txt as given, the page chrome stripped as declared
    repairs, the articles segmented, a rulebook.yaml skeleton (no rules; every article "not yet encoded").

    Reports what it could not settle (numbering gaps, duplicates, lost numerals) for a person to check.
    Never overwrites: the folder must not exist (or be empty)."""
    from ..engine.scaffold import create

    made = create(path, source, rb_id=rb_id, name=name, style=style)
    report = made.to_dict()
    report["folder"] = str(path)
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        return
    from rich.markup import escape

    console = _console()
    arts = made.segmentation.articles
    console.print(f"已创建 {escape(str(path))} ({made.id}, {escape(made.name)})")
    console.print(f"  seed.txt       网页原文, 原样保存")
    console.print(f"  source.txt     清理后的文本 ({len(made.repairs)} 处修改, 记录在 source.yaml 的 repairs 中)")
    console.print(f"  source.yaml    {len(arts)} 条 (编号样式 {made.segmentation.style}), {report['chapters']} 章"
                  + (f", 缺失 {report['missing']} 条" if report["missing"] else ""))
    titles = "、".join(f"{role}={title}" for role, title in made.titles.items()) or "未找到"
    console.print(f"  rulebook.yaml  规则 0 条; {sum(a['status'] == 'operative' for a in arts)} 条列为 "
                  f"\"not yet encoded\"; 称谓 (据文本推测, 请核对): {escape(titles)}")
    console.print("  cases.yaml     测试用例 (空)")
    console.print("已做的修改:")
    for r in made.repairs:
        console.print(f"  - {r['kind']}: {escape(r.get('note') or '')}")
    settle = [f for f in made.findings if f.settle]
    if settle:
        console.print(f"需要人工确认 ({len(settle)} 处):")
        for f in settle:
            console.print(f"  - {escape(f.render())}")
    else:
        console.print("编号连续, 没有需要人工确认的地方。")
    console.print(f"下一步: rulekit validate {escape(str(path))} · rulekit coverage {escape(str(path))} · "
                  "编写规则见 docs/NEW_RULEBOOK.md")


FORMATS = ("text", "markdown", "html", "json")


def show(
    rulebook: str = typer.Argument(..., help="Rulebook id (yian), name or alias (依安), or path."),
    article: Optional[str] = typer.Argument(None, help="An article: 59, 第五十九条, 六十四、 (default: the whole text)."),
    fmt: str = typer.Option("text", "--format", "-F", help="text (default), markdown, html or json."),
    as_html: bool = typer.Option(False, "--html", help="Same as --format html."),
    as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE instead of standard output."),
) -> None:
    """The stored text of an article, its chapter, and the rules that encode it (condition in Chinese, answer
    with the local titles, strength), the quoted sentences marked in the text.

    Without ARTICLE: the whole rulebook, article by article — the literate view for legal review
    (`--html -o FILE`: one self-contained, printable page; `--format markdown`)."""
    from ..engine.literate import article_view, find_article, render_html, render_markdown, render_text, views
    from ..engine.rulebook import load
    from ..errors import InputError, did_you_mean

    fmt = "html" if as_html else "json" if as_json else fmt
    if fmt not in FORMATS:
        raise InputError(f"unknown format `{fmt}`", item=fmt, help=did_you_mean(fmt, FORMATS))
    book = load(rulebook)
    chosen = [article_view(book, find_article(book, article))] if article else None
    if fmt == "json":
        data = {"rulebook": book.id, "name": book.name,
                "articles": [v.to_dict() for v in (chosen if chosen is not None else views(book))]}
        text = json.dumps(data if chosen is None else dict(data["articles"][0], rulebook=book.id), ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = render_markdown(book, chosen)
    elif fmt == "html":
        text = render_html(book, chosen)
    else:
        if output is not None:
            raise InputError("the text format is for a terminal; write a file with --format markdown or --html",
                             item=str(output))
        console = _console()
        for view in chosen if chosen is not None else views(book):
            console.print(render_text(book, view))
            console.print()
        return
    if output is None:
        sys.stdout.write(text)
        return
    _write_atomically(output, text)
    sys.stderr.write(f"wrote {output}\n")


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (``cli.output``: a temporary file beside it, then renamed)."""
    from .output import write_output

    write_output(path, text, announce=False)


def register(app: typer.Typer) -> None:
    """Add the authoring and review commands to the ``rulekit`` app."""
    app.command()(_guard(new))
    app.command()(_guard(show))
