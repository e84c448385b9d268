"""The authoring commands: ``new`` (a rulebook folder from a scraped page).

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


def register(app: typer.Typer) -> None:
    """Add the authoring commands to the ``rulekit`` app."""
    app.command()(_guard(new))
