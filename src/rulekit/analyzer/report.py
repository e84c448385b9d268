"""Rendering analyses for people: Chinese text with local titles, as Rich tables or Markdown.

Both formats are built from the same rows (``sections``): plain strings, one table per kind of finding. Pure
functions; printing is the CLI's business.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..differ.report import describe_facts, short_name
from ..engine.explain import article_label, format_answer
from ..engine.rulebook import Rulebook
from ..engine.vocabulary import QuestionSpec, vocabulary
from .findings import Analysis, Finding

__all__ = ["KIND_ZH", "sections", "summary_rows", "format_analyses", "markdown_analyses"]

KIND_ZH = {"conflict": "规则冲突", "dead": "无效规则", "redundant": "冗余规则", "gap": "未作规定的情形",
           "needless": "不影响结果的待补事实"}
KIND_HELP = {
    "conflict": "同一情形下两条以上规则给出不同答案, 且未声明优先关系",
    "dead": "在任何情形下都不生效的规则",
    "redundant": "凡其生效之处, 另有规则给出相同答案",
    "gap": "规则汇编对该问题有规定, 但这些情形无任何规则适用",
    "needless": "不给出该事实时会被要求补充, 但其取任何值结果都相同",
}
HEADERS = {
    "conflict": ("问题", "情形", "冲突的规则与条文"),
    "dead": ("问题", "规则与条文", "原因"),
    "redundant": ("问题", "规则与条文", "作出相同回答的规则"),
    "gap": ("问题", "情形", "类数"),
    "needless": ("问题", "事实", "情形与结果", "要求该事实的规则"),
}
SUMMARY_HEADERS = ("规则汇编", "问题", "规则", "情形类", "冲突", "无效规则", "冗余规则", "有未规定情形的问题", "多余待补事实", "结论")


def _question(q: str | None, book: Rulebook | None = None) -> str:
    vocab = book.vocabulary if book is not None else vocabulary()  # a rulebook's own questions too
    return f"{vocab.question(q).zh} ({q})" if q else "(推导事实)"


def _rule_text(book: Rulebook, spec: QuestionSpec | None, rule_id: str) -> str:
    rule = book.compiled.rules[rule_id]
    head = f"{rule_id}"
    if rule.question and spec is not None:
        head += f": {format_answer(book, spec, rule.answer)}"
    elif rule.derive:
        head += f": 推出 {rule.derive}"
    return f"{head}\n{article_label(book, rule.article, rule.clause)} “{rule.quote}”"


def _region_lines(spec: QuestionSpec, facts: dict[str, Any]) -> str:
    return "；".join(describe_facts(spec, facts))


def _regions_text(spec: QuestionSpec, regions: Sequence[Any], tail: Any = None) -> str:
    """Regions one per line (a bullet each when there are several)."""
    lines = [_region_lines(spec, r.facts) + (tail(r) if tail else "") for r in regions]
    return lines[0] if len(lines) == 1 else "\n".join(f"· {line}" for line in lines)


def _allowed(finding: Finding, text: str) -> str:
    return text + (f"\n(已接受: {finding.allowed})" if finding.allowed is not None else "")


def _row(book: Rulebook, f: Finding) -> tuple[str, ...]:
    spec = book.question(f.question) if f.question else None
    q = _question(f.question, book)
    if f.kind == "conflict":
        where = _regions_text(spec, f.regions)
        rules = "\n".join(_rule_text(book, spec, r) for r in f.rules)
        return q, where + f"\n({f.cases} 类情形)", _allowed(f, rules)
    if f.kind == "dead":
        if f.reason == "unsatisfiable":
            why = "条件在任何情形下都不成立"
        else:
            why = "凡条件成立之处, 均被优先规则排除: " + "、".join(f.by)
        return q, _rule_text(book, spec, f.rules[0]), _allowed(f, why)
    if f.kind == "redundant":
        return q, _rule_text(book, spec, f.rules[0]), _allowed(f, "、".join(f.by) + f"\n(其生效的 {f.cases} 类情形)")
    if f.kind == "gap":
        where = _regions_text(spec, f.regions)
        for gap in book.compiled.gaps:
            if gap.may_hold(f.question):
                where += f"\n注: 原文第{gap.from_article}至{gap.to_article}条缺失, 所缺条文可能有相关规定"
        return q, _allowed(f, where), str(f.cases)
    labels = "、".join(spec.facts[name].label + f" ({name})" for name in f.facts)
    if f.everywhere:
        labels += "\n(在任何情形下都不影响结果)"
    where = _regions_text(spec, f.regions, lambda r: f" → {_side(book, spec, r.sides[0])}")
    return q, labels, where, _allowed(f, "、".join(f.rules))


def _side(book: Rulebook, spec: QuestionSpec, side: Any) -> str:
    if side.status == "answered":
        return format_answer(book, spec, side.answer)
    return {"not_covered": "未作规定", "conflict": "规则冲突"}.get(side.status, side.status)


def sections(a: Analysis) -> list[tuple[str, str, tuple[str, ...], list[tuple[str, ...]]]]:
    """Per kind of finding present: (kind, title, headers, rows)."""
    out = []
    for kind in KIND_ZH:
        found = [f for f in a.findings if f.kind == kind]
        if found:
            title = f"{KIND_ZH[kind]} {len(found)} 项 — {KIND_HELP[kind]}"
            out.append((kind, title, HEADERS[kind], [_row(a.book, f) for f in found]))
    return out


def _verdict(a: Analysis) -> str:
    if a.ok:
        accepted = sum(1 for f in a.findings if f.allowed is not None and f.kind in ("conflict", "dead"))
        return "通过" + (f" (已接受 {accepted} 项)" if accepted else "")
    return "不通过"


def summary_rows(analyses: Sequence[Analysis]) -> list[tuple[str, ...]]:
    rows = []
    for a in analyses:
        s = a.summary()
        rows.append((f"{short_name(a.book)} ({a.book.id})", str(s["questions"]), str(s["rules"]), str(s["cases"]),
                     str(s["conflict"]), str(s["dead"]), str(s["redundant"]), str(s["gap"]), str(s["needless"]),
                     _verdict(a)))
    return rows


def _headline(a: Analysis) -> list[str]:
    s = a.summary()
    lines = [f"{s['questions']} 个问题, {s['rules']} 条规则, {s['cases']} 类情形 (评估 {s['evaluated']} 次)",
             f"冲突 {s['conflict']} · 无效规则 {s['dead']} · 冗余规则 {s['redundant']} · 未作规定 {s['gap']} 个问题 · "
             f"多余待补事实 {s['needless']} · 结论: {_verdict(a)}"]
    for entry in a.stale:
        what = entry.rule or entry.question
        lines.append(f"注意: allow 中的 {entry.finding} `{what}` 已无对应的发现, 可删去 (理由: {entry.reason})")
    return lines


# -- Rich ------------------------------------------------------------------------------------------------------
def format_analyses(analyses: Sequence[Analysis]) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    def table(headers: Sequence[str], **options: Any) -> Any:
        t = Table(title_justify="left", **options)
        for h in headers:
            t.add_column(h, overflow="fold")
        return t

    out: list[Any] = []
    if len(analyses) > 1:
        t = table(SUMMARY_HEADERS, title="汇总")
        for row in summary_rows(analyses):
            t.add_row(*row[:-1], f"[green]{row[-1]}[/]" if row[-1].startswith("通过") else f"[red]{row[-1]}[/]")
        out.append(t)
    for a in analyses:
        out.append(Text.assemble("\n", (a.book.name, "bold"), f" ({a.book.id}) · 静态分析"))
        out += [Text(line) for line in _headline(a)]
        for kind, title, headers, rows in sections(a):
            style = "bold red" if kind in ("conflict", "dead") else "bold"
            t = table(headers, title=title, title_style=style, show_lines=True)
            for row in rows:
                t.add_row(*row)
            out.append(t)
    return out


# -- Markdown --------------------------------------------------------------------------------------------------
def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>").replace("*", "\\*")


def markdown_analyses(analyses: Sequence[Analysis]) -> str:
    out = ["# 规则汇编静态分析", ""]
    out += ["| " + " | ".join(SUMMARY_HEADERS) + " |", "|" + "---|" * len(SUMMARY_HEADERS)]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in summary_rows(analyses)]
    for a in analyses:
        out += ["", f"## {a.book.name} (`{a.book.id}`)", ""] + [f"- {_md(line)}" for line in _headline(a)]
        for _, title, headers, rows in sections(a):
            out += ["", f"### {title}", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
            out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"
