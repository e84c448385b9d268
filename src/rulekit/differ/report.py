"""Rendering diffs and comparisons for people: Chinese text, Rich tables, Markdown, and one self-contained HTML page.

Pure functions returning renderables or strings; printing is the CLI's business.
"""

from __future__ import annotations

import json

import html
from typing import Any, Iterable

from ..engine.rulebook import Rulebook
from .search import Comparison, Diff, QuestionComparison, QuestionDiff, Side
from ..engine.explain import STATUS_ZH, article_label, format_answer
from .structure import meeting_labels
from ..engine.vocabulary import QuestionSpec, vocabulary
from ..errors import InputError

__all__ = ["describe_facts", "side_text", "citation_texts", "short_name", "format_diff", "format_comparison",
           "markdown_diff", "markdown_comparison", "html_diff", "html_comparison"]

# Chinese names for the vocabulary facts that have none of their own (their values are labelled).
SYMBOL = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
DECIDED_ZH = {"both": "两者都有规定", "left": "仅{left}有规定", "right": "仅{right}有规定", "neither": "两者都未规定"}


# -- words ---------------------------------------------------------------------------------------------------
def short_name(book: Rulebook) -> str:
    """依安 for 依安县人民政府工作规则: the first alias, else the name."""
    aliases = book.compiled.aliases
    return aliases[0] if aliases else book.name


def fact_label(spec: QuestionSpec, name: str) -> str:
    fact = spec.facts.get(name)
    return fact.label if fact is not None else name


def _value_label(spec: QuestionSpec, name: str, value: Any) -> str:
    fact = spec.facts.get(name)
    if isinstance(value, bool):
        return "是" if value else "否"
    if fact is not None and fact.values and isinstance(value, str):
        return fact.value_label(value)
    return str(value)


def _members(spec: QuestionSpec, name: str, members: Iterable[str]) -> str:
    return "、".join(_value_label(spec, name, m) for m in members)


def _ref(spec: QuestionSpec, ref: dict[str, Any]) -> str:
    text = fact_label(spec, ref["fact"])
    return f"{text}×{ref['times']}" if ref.get("times") not in (None, "1", 1) else text


def describe_value(spec: QuestionSpec, name: str, value: Any) -> str:
    """One fact of a region in Chinese: ``文种∈{请示、报告}``, ``3≤外出天数<7``, ``议题涉及含人事、机构编制之一``."""
    label = fact_label(spec, name)
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return f"{label}∈{{{_members(spec, name, value)}}}"
        return " 或 ".join(describe_value(spec, name, v) for v in value)
    if not isinstance(value, dict):
        return f"{label}={_value_label(spec, name, value)}"
    parts: list[str] = []
    tests = dict(value)
    lower = next(((op, tests[op]) for op in ("ge", "gt") if op in tests), None)
    upper = next(((op, tests[op]) for op in ("le", "lt") if op in tests), None)
    if lower and upper:  # 3≤外出天数<7
        low, high = (_ref(spec, x) if isinstance(x, dict) else str(x) for x in (lower[1], upper[1]))
        parts.append(f"{low}{SYMBOL['le' if lower[0] == 'ge' else 'lt']}{label}{SYMBOL[upper[0]]}{high}")
        del tests[lower[0]], tests[upper[0]]
    for op, arg in tests.items():
        if op in SYMBOL:
            shown = _ref(spec, arg) if isinstance(arg, dict) else _value_label(spec, name, arg)
            parts.append(f"{label}{SYMBOL[op]}{shown}")
        elif op == "not_in":
            parts.append(f"{label}∉{{{_members(spec, name, arg)}}}")
        elif op == "in":
            parts.append(f"{label}∈{{{_members(spec, name, arg)}}}")
        elif op == "contains_all":
            parts.append(f"{label}含{_members(spec, name, arg)}" + ("(全部)" if len(arg) > 1 else ""))
        elif op == "contains_none":
            parts.append(f"{label}不含{_members(spec, name, arg)}")
        elif op in ("contains_any", "not_contains_all"):
            groups = arg if arg and isinstance(arg[0], list) else [arg]
            for group in groups:
                members = _members(spec, name, group)
                parts.append(f"{label}含{members}之一" if op == "contains_any" else f"{label}不全含{members}")
        elif op == "subset_of":
            parts.append(f"{label}仅限{_members(spec, name, arg)}")
        elif op == "not_subset_of":
            parts.append(f"{label}含{_members(spec, name, arg)}以外的事项")
        elif op == "all":
            parts.extend(describe_value(spec, name, item) for item in arg)
        elif op == "any":
            parts.append("(" + " 或 ".join(describe_value(spec, name, item) for item in arg) + ")")
        else:  # pragma: no cover - every test the diff writes is named above
            parts.append(f"{label} {op} {arg}")
    return " 且 ".join(parts)


def describe_facts(spec: QuestionSpec, facts: dict[str, Any]) -> list[str]:
    """A region's facts in Chinese, one line per fact; ``任何情形`` for the whole space."""
    return [describe_value(spec, name, value) for name, value in facts.items()] or ["任何情形"]


def side_text(book: Rulebook, spec: QuestionSpec, side: Side) -> str:
    """The answer in Chinese with local titles, or what the status says."""
    if side.status == "answered":
        text = format_answer(book, spec, side.answer)
        return text + ("(原则上)" if side.strength == "in_principle" else "")
    if side.status == "not_covered":
        return "未作规定" + ("(相关条文在原文中缺失)" if side.note else "")
    return STATUS_ZH.get(side.status, side.status)


def citation_texts(book: Rulebook, side: Side) -> list[tuple[str, str]]:
    """(article label, quote) for each citation of a side."""
    return [(article_label(book, c.article, c.clause), c.quote) for c in side.citations]


def grouped(differences: Iterable[Any]) -> list[tuple[list[dict[str, Any]], Side, Side]]:
    """Differences with the same two results, as one row each: (the regions' facts, left, right), in order."""
    import json

    rows: dict[str, tuple[list[dict[str, Any]], Side, Side]] = {}
    for diff in differences:
        key = json.dumps([diff.left.to_dict(), diff.right.to_dict()], ensure_ascii=False, sort_keys=True)
        rows.setdefault(key, ([], diff.left, diff.right))[0].append(diff.facts)
    return list(rows.values())


def situation(spec: QuestionSpec, alternatives: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """Regions sharing two results, in Chinese: the facts common to all of them, and what each adds
    (empty when there is one region)."""
    import json

    def key(name: str, value: Any) -> str:
        return json.dumps([name, value], ensure_ascii=False, sort_keys=True)

    if len(alternatives) == 1:
        return describe_facts(spec, alternatives[0]), []
    shared = set.intersection(*({key(n, v) for n, v in facts.items()} for facts in alternatives))
    first = alternatives[0]
    common = [describe_value(spec, n, v) for n, v in first.items() if key(n, v) in shared]
    rest = [[describe_value(spec, n, v) for n, v in facts.items() if key(n, v) not in shared] or ["任何情形"]
            for facts in alternatives]
    return common, rest


def situation_lines(spec: QuestionSpec, alternatives: list[dict[str, Any]]) -> list[str]:
    """``situation`` as lines: the common facts, then ``且下列之一:`` and one ``· …`` line per region."""
    common, rest = situation(spec, alternatives)
    if not rest:
        return common
    return common + (["且下列之一:"] if common else ["下列之一:"]) + [_circled(n) + "；".join(lines) for n, lines in enumerate(rest, 1)]


def _circled(n: int) -> str:
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"


def _decided(q_decided: str, left: Rulebook, right: Rulebook) -> str:
    return DECIDED_ZH[q_decided].format(left=short_name(left), right=short_name(right))


def _ordered(d: Diff) -> list[QuestionDiff]:
    """Questions both decide first, then those one decides; each in vocabulary order."""
    rank = {"both": 0, "left": 1, "right": 2, "neither": 3}
    return sorted((q for q in d.questions if q.differences), key=lambda q: rank[q.decided_by])


def _summary_lines(d: Diff) -> list[str]:
    s = d.summary()
    a, b = short_name(d.left), short_name(d.right)
    lines = [f"{len(s['differing'])} 个问题的结果不同, 共 {s['differences']} 类情形"
             f" (在 {s['cases']} 类情形中, 评估 {s['evaluated']} 次)"]
    if s["only_left"]:
        lines.append(f"仅{a}有规定: " + "、".join(_question_zh(q, d) for q in s["only_left"]))
    if s["only_right"]:
        lines.append(f"仅{b}有规定: " + "、".join(_question_zh(q, d) for q in s["only_right"]))
    same = [q.question for q in d.questions if q.decided_by == "both" and not q.differences]
    if same:
        lines.append("结果完全一致: " + "、".join(_question_zh(q, d) for q in same))
    return lines


def _role_zh(role: str) -> str:
    spec = vocabulary().roles.get(role)
    return spec.zh[0] if spec and spec.zh else role


def _meeting_zh(value: str) -> str:
    return meeting_labels().get(value, value)


def _question_zh(question: str, d: Any = None) -> str:
    """The question's Chinese label: as the compared rulebooks speak it (their own questions too), else shared."""
    for q in getattr(d, "questions", ()) or ():
        if q.question == question and q.spec is not None:
            return q.spec.zh
    try:
        return vocabulary().question(question).zh
    except InputError:  # a rulebook's own question, outside the comparison's list
        return question


def _spec(q: Any) -> QuestionSpec:
    """The question of a QuestionDiff or QuestionComparison, as the rulebooks compared speak it."""
    return q.spec if q.spec is not None else vocabulary().question(q.question)


def _parameter_text(spec: QuestionSpec, entries: list[dict[str, Any]]) -> str:
    return "; ".join(f"{describe_value(spec, e['fact'], e['data'])} (第{'、'.join(str(a) for a in e['articles'])}条)"
                     for e in entries) or "—"


# -- Rich ----------------------------------------------------------------------------------------------------
def _table(*headers: str, **options: Any) -> Any:
    """A Rich table whose cells wrap (fold) instead of cutting text: quotes are shown whole."""
    from rich.table import Table

    table = Table(title_justify="left", **options)
    for header in headers:
        table.add_column(header, overflow="fold")
    return table


def _rich_side(book: Rulebook, spec: QuestionSpec, side: Side) -> Any:
    from rich.text import Text

    colour = {"answered": "bold", "not_covered": "dim italic", "conflict": "bold red"}.get(side.status, "")
    text = Text(side_text(book, spec, side), style=colour)
    for label, quote in citation_texts(book, side):
        text.append(f"\n{label} ", style="cyan")
        text.append(f"“{quote}”", style="dim")
    return text


def format_diff(d: Diff) -> list[Any]:
    """Rich renderables: a header, a summary table, one table per question that differs, the structure."""
    from rich.text import Text

    a, b = short_name(d.left), short_name(d.right)
    out: list[Any] = [Text.assemble((d.left.name, "bold"), f" ({d.left.id})  ↔  ", (d.right.name, "bold"),
                                    f" ({d.right.id})")]
    out += [Text(line) for line in _summary_lines(d)]
    if d.same:
        out.append(Text("两部规则在所比较的问题上结果完全相同。", style="green"))
    compared = [q for q in d.questions if q.decided_by != "neither"]
    if len(compared) > 1:
        summary = _table("问题", "", "规定", "不同", title="各问题")
        for q in compared:
            count = f"[yellow]{len(q.differences)}[/]" if q.differences else "[green]0[/]"
            summary.add_row(q.question, _spec(q).zh, _decided(q.decided_by, d.left, d.right), count)
        out.append(summary)
    for q in _ordered(d):
        spec = _spec(q)
        table = _table("#", "情形", a, b, title=f"{spec.zh} ({q.question}) · {_decided(q.decided_by, d.left, d.right)} · "
                                               f"{len(q.differences)} 类情形结果不同",
                      show_lines=True)
        for n, (alternatives, left, right) in enumerate(grouped(q.differences), 1):
            facts = "\n".join(situation_lines(spec, alternatives))
            table.add_row(str(n), facts, _rich_side(d.left, spec, left), _rich_side(d.right, spec, right))
        out.append(table)
        out += [Text(f"注: {note}", style="dim") for note in q.notes]
    out += _rich_structure(d) if d.structure is not None else []
    return out


def _rich_structure(d: Diff) -> list[Any]:

    st = d.structure
    a, b = short_name(d.left), short_name(d.right)
    out: list[Any] = []
    if st.titles:
        table = _table("角色", "", a, b, title="角色的本地称谓")
        for row in st.titles:
            style = "" if row["same"] else "yellow"
            table.add_row(row["role"], _role_zh(row["role"]), row["left"] or "—", row["right"] or "—", style=style)
        out.append(table)
    if st.meetings:
        table = _table("会议", a, b, title="会议类型 (有规则涉及该会议的问题)")
        for row in st.meetings:
            table.add_row(_meeting_zh(row["meeting"]), "、".join(_question_zh(q) for q in row["left"]) or "—",
                          "、".join(_question_zh(q) for q in row["right"]) or "—")
        out.append(table)
    if st.frequencies:
        table = _table("会议", a, b, title="会议频次 (据原文)")
        for row in st.frequencies:
            cells = ["\n".join(f"{f['frequency']} (第{f['article']}条)" for f in row[side]) or "—"
                     for side in ("left", "right")]
            table.add_row(_meeting_zh(row["meeting"]), *cells)
        out.append(table)
    if st.parameters:
        table = _table("问题", "事实", a, b, title="参数 (规则中的数值界限)")
        for row in st.parameters:
            spec = vocabulary().question(row["question"])
            style = "" if row["same"] else "yellow"
            table.add_row(_question_zh(row["question"]), fact_label(spec, row["fact"]), _parameter_text(spec, row["left"]),
                          _parameter_text(spec, row["right"]), style=style)
        out.append(table)
    unmatched = [(side, row) for side in ("left", "right") for row in st.unmatched.get(side, [])]
    if unmatched:
        table = _table("规则", "条文", "所答问题 (对方未规定)", "摘录", title="无对应的条文")
        for side, row in unmatched:
            table.add_row(a if side == "left" else b, row["label"], "、".join(_question_zh(q) for q in row["questions"]),
                          row["excerpt"])
        out.append(table)
    return out


def _cell_short(book: Rulebook, spec: QuestionSpec, side: Side) -> str:
    text = side_text(book, spec, side)
    labels = sorted({article_label(book, c.article) for c in side.citations})
    return text + (f" [{'、'.join(labels)}]" if labels else "")


def _interesting(q: QuestionComparison) -> list[Any]:
    return [r for r in q.rows if not all(s.status == "not_covered" for s in r.sides)]


def _share(row: Any, q: QuestionComparison) -> str:
    share = row.cases / q.cases * 100 if q.cases else 0
    return f"{share:.1f}%" if share >= 0.1 else "<0.1%"


def _mark(row: Any, names: list[str]) -> str:
    """一致; 各不相同; 仅X不同 (one stands alone, the others agree); else the groups that agree, and who stands alone."""
    if row.agree:
        return "一致"
    groups: dict[str, list[str]] = {}
    for name, side in zip(names, row.sides):
        key = repr(side.outcome)  # the comparison's own sameness (answer key: notes aside)
        groups.setdefault(key, []).append(name)
    parts = list(groups.values())
    if all(len(p) == 1 for p in parts):
        return "各不相同"
    alone = [p[0] for p in parts if len(p) == 1]
    same = [p for p in parts if len(p) > 1]
    if len(alone) == 1 and len(same) == 1:
        return f"仅{alone[0]}不同"
    text = "; ".join("、".join(p) + "相同" for p in same)
    if alone:
        text += "; " + "、".join(alone) + ("各不相同" if len(alone) > 1 else "不同")
    return text


def format_comparison(c: Comparison) -> list[Any]:
    """Rich renderables: one matrix per question (rows: patterns of outcomes with an example; columns: rulebooks)."""
    from rich.text import Text

    names = [short_name(b) for b in c.books]
    out: list[Any] = [Text("比较: " + " · ".join(f"{n} ({b.id})" for n, b in zip(names, c.books)), style="bold")]
    for rb, why in c.skipped:
        out.append(Text(f"未纳入 {rb}: {why}", style="dim"))
    for q in c.questions:
        spec = _spec(q)
        if not q.decided_by:
            out.append(Text(f"{spec.zh} ({q.question}): 均未规定", style="dim"))
            continue
        rows = _interesting(q)
        hidden = len(q.rows) - len(rows)
        table = _table("#", "占比", "例如", *names, "异同", title=f"{spec.zh} ({q.question}) · 有规定: "
                       + "、".join(short_name(b) for b in c.books if b.id in q.decided_by), show_lines=True,
                       caption=f"{len(rows)} 种结果组合, 共 {q.cases} 类情形" + ("; 各规则都未规定的情形未列出" if hidden else ""))
        for n, row in enumerate(rows, 1):
            cells = []
            for i, (book, side) in enumerate(zip(c.books, row.sides)):
                style = "bold magenta" if i in row.alone else ("green" if row.agree else
                                                               ("dim" if side.status == "not_covered" else ""))
                cells.append(Text(_cell_short(book, spec, side), style=style))
            table.add_row(str(n), _share(row, q), "\n".join(describe_facts(spec, row.example)), *cells, _mark(row, names))
        out.append(table)
    return out


# -- Markdown ------------------------------------------------------------------------------------------------
def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>").replace("*", "\\*")


def _md_side(book: Rulebook, spec: QuestionSpec, side: Side) -> str:
    lines = [f"**{_md(side_text(book, spec, side))}**" if side.status == "answered" else f"*{_md(side_text(book, spec, side))}*"]
    lines += [f"{_md(label)} “{_md(quote)}”" for label, quote in citation_texts(book, side)]
    return "<br>".join(lines)


def markdown_diff(d: Diff) -> str:
    a, b = short_name(d.left), short_name(d.right)
    out = [f"# {d.left.name} ↔ {d.right.name}", "", f"`{d.left.id}` ↔ `{d.right.id}`", ""]
    out += [f"- {line}" for line in _summary_lines(d)] + [""]
    compared = [q for q in d.questions if q.decided_by != "neither"]
    if len(compared) > 1:
        out += ["## 各问题", "", "| 问题 | | 规定 | 不同 |", "|---|---|---|---|"]
        for q in compared:
            out.append(f"| `{q.question}` | {_spec(q).zh} | {_decided(q.decided_by, d.left, d.right)} | {len(q.differences)} |")
    for q in _ordered(d):
        spec = _spec(q)
        out += ["", f"## {spec.zh} (`{q.question}`)", "",
                f"{_decided(q.decided_by, d.left, d.right)} · {len(q.differences)} 类情形结果不同", "",
                *[f"> 注: {_md(note)}\n" for note in q.notes],
                f"| # | 情形 | {a} | {b} |", "|---|---|---|---|"]
        for n, (alternatives, left, right) in enumerate(grouped(q.differences), 1):
            facts = "<br>".join(_md(t) for t in situation_lines(spec, alternatives))
            out.append(f"| {n} | {facts} | {_md_side(d.left, spec, left)} | {_md_side(d.right, spec, right)} |")
    out += _md_structure(d) if d.structure is not None else []
    return "\n".join(out) + "\n"


def _md_structure(d: Diff) -> list[str]:
    st = d.structure
    a, b = short_name(d.left), short_name(d.right)
    out: list[str] = []
    if st.titles:
        out += ["", "## 角色的本地称谓", "", f"| 角色 | | {a} | {b} |", "|---|---|---|---|"]
        for row in st.titles:
            mark = "" if row["same"] else " ≠"
            out.append(f"| `{row['role']}` | {_role_zh(row['role'])} | {_md(row['left'] or '—')} | {_md(row['right'] or '—')}{mark} |")
    if st.meetings:
        out += ["", "## 会议类型", "", f"| 会议 | {a} | {b} |", "|---|---|---|"]
        for row in st.meetings:
            out.append(f"| {_md(_meeting_zh(row['meeting']))} | {'、'.join(_question_zh(q) for q in row['left']) or '—'} | "
                       f"{'、'.join(_question_zh(q) for q in row['right']) or '—'} |")
    if st.frequencies:
        out += ["", "## 会议频次 (据原文)", "", f"| 会议 | {a} | {b} |", "|---|---|---|"]
        for row in st.frequencies:
            cells = ["<br>".join(f"{_md(f['frequency'])} (第{f['article']}条)" for f in row[side]) or "—" for side in ("left", "right")]
            out.append(f"| {_md(_meeting_zh(row['meeting']))} | {cells[0]} | {cells[1]} |")
    if st.parameters:
        out += ["", "## 参数", "", f"| 问题 | 事实 | {a} | {b} |", "|---|---|---|---|"]
        for row in st.parameters:
            spec = vocabulary().question(row["question"])
            out.append(f"| {_question_zh(row['question'])} | {_md(fact_label(spec, row['fact']))} | "
                       f"{_md(_parameter_text(spec, row['left']))} | {_md(_parameter_text(spec, row['right']))} |")
    unmatched = [(side, row) for side in ("left", "right") for row in st.unmatched.get(side, [])]
    if unmatched:
        out += ["", "## 无对应的条文", "", "| 规则 | 条文 | 所答问题 (对方未规定) | 摘录 |", "|---|---|---|---|"]
        for side, row in unmatched:
            out.append(f"| {a if side == 'left' else b} | {_md(row['label'])} | "
                       f"{'、'.join(_question_zh(q) for q in row['questions'])} | {_md(row['excerpt'])} |")
    return out


def markdown_comparison(c: Comparison) -> str:
    names = [short_name(b) for b in c.books]
    out = ["# 规则比较: " + " · ".join(names), "",
           "每行是一种结果组合: 占比是这种组合的情形类占全部情形类的比例, \"例如\" 是其中一类情形 (未列出的事实可取任何值)。"
           "**粗体 ⚑**: 只有这一部规则给出这个结果。各规则都未规定的情形不列出。"]
    for rb, why in c.skipped:
        out.append(f"- 未纳入 `{rb}`: {_md(why)}")
    for q in c.questions:
        spec = _spec(q)
        if not q.decided_by:
            continue
        out += ["", f"## {spec.zh} (`{q.question}`)", "",
                "| # | 占比 | 例如 | " + " | ".join(names) + " | 异同 |", "|---|---|---|" + "---|" * len(names) + "---|"]
        for n, row in enumerate(_interesting(q), 1):
            cells = []
            for i, (book, side) in enumerate(zip(c.books, row.sides)):
                text = _md(_cell_short(book, spec, side))
                cells.append(f"**{text}** ⚑" if i in row.alone else text)
            example = "<br>".join(_md(t) for t in describe_facts(spec, row.example))
            out.append(f"| {n} | {_share(row, q)} | {example} | " + " | ".join(cells) + f" | {_mark(row, names)} |")
    return "\n".join(out) + "\n"


# -- HTML ----------------------------------------------------------------------------------------------------
CSS = """
:root { --left: #1f5fa8; --right: #b3541e; --ink: #1d1d1f; --muted: #6b6b70; --line: #d9d9de; --mark: #fff4c2; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1200px; padding: 24px; line-height: 1.6; background: #fafafa; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 2px solid var(--line); padding-bottom: .2em; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; color: var(--muted); }
.books { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin: 16px 0; }
.book { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.book.left { border-top: 4px solid var(--left); } .book.right { border-top: 4px solid var(--right); }
.book .name { font-weight: bold; font-size: 1.1em; }
.summary li { margin: .2em 0; }
table { border-collapse: collapse; width: 100%; background: #fff; margin: .6em 0 1.2em; }
th, td { border: 1px solid var(--line); padding: 8px 10px; vertical-align: top; text-align: left; }
th { background: #f0f0f3; font-weight: 600; }
th.left { color: var(--left); } th.right { color: var(--right); }
td.n { color: var(--muted); width: 2.5em; }
td.facts { width: 26%; } td.facts ul { margin: 0; padding-left: 1.1em; }
td.facts .or { color: var(--muted); font-size: .85em; margin: .3em 0 0; }
td.facts ol.alternatives { margin: .2em 0 0; padding-left: 1.4em; }
td.side { width: 37%; }
tr.difference td.side.answered { background: var(--mark); }
td.side .answer { font-weight: bold; font-size: 1.05em; }
td.side.not_covered .answer { font-weight: normal; font-style: italic; color: var(--muted); }
td.side.conflict .answer { color: #b00020; }
td.left { border-left: 4px solid var(--left); } td.right { border-left: 4px solid var(--right); }
blockquote { margin: .4em 0 0; padding: .2em .6em; border-left: 3px solid var(--line); color: #333; font-size: .92em; }
blockquote cite { font-style: normal; font-weight: 600; color: var(--muted); margin-right: .4em; }
.decided { color: var(--muted); }
tr.changed td { background: var(--mark); }
td.alone { background: #fde2e4; font-weight: bold; } td.agree { color: #1b7f3b; }
table.compare { table-layout: fixed; }
table.compare th:nth-child(1) { width: 2.6em; } table.compare th:nth-child(2) { width: 4.6em; }
table.compare th:nth-child(3) { width: 18%; } table.compare td.side, table.compare td.facts { width: auto; }
table.compare td { overflow-wrap: anywhere; }
.legend { color: var(--muted); font-size: .9em; }
nav ul { columns: 2; }
"""


def _h(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_side(book: Rulebook, spec: QuestionSpec, side: Side, where: str) -> str:
    quotes = "".join(f"<blockquote><cite>{_h(label)}</cite>“{_h(quote)}”</blockquote>"
                     for label, quote in citation_texts(book, side))
    return (f'<td class="side {where} {side.status}"><div class="answer">{_h(side_text(book, spec, side))}</div>'
            f"{quotes}</td>")


def _page(title: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_h(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def _anchor(question: str) -> str:
    return "q-" + question.replace(".", "-")


def html_diff(d: Diff) -> str:
    """One self-contained page (inline CSS, no script, no external link): both rulebooks side by side."""
    a, b = short_name(d.left), short_name(d.right)
    body = [f"<header><h1>{_h(a)} ↔ {_h(b)}: 规则结果的差异</h1>",
            '<div class="books">']
    for side, book in (("left", d.left), ("right", d.right)):
        c = book.compiled
        body.append(f'<div class="book {side}"><div class="name">{_h(book.name)}</div>'
                    f"<div><code>{_h(book.id)}</code> · {_h(c.jurisdiction.name)} · {_h(c.date or '日期不详')} · "
                    f"{len(c.rules)} 条规则</div></div>")
    body.append("</div></header>")
    body.append('<section class="summary"><ul>' + "".join(f"<li>{_h(line)}</li>" for line in _summary_lines(d)) + "</ul>")
    body.append('<p class="legend">每一行是一类情形 (未列出的事实可取任何值); 两栏分别是两部规则在这类情形下的结果与所依据的条文原文。'
                "黄色底色标出给出答案的一方。</p></section>")
    ordered = _ordered(d)
    if ordered:
        body.append("<nav><ul>" + "".join(
            f'<li><a href="#{_anchor(q.question)}">{_h(_spec(q).zh)}</a> ({len(q.differences)})</li>'
            for q in ordered) + "</ul></nav>")
    else:
        body.append("<p><strong>两部规则在所比较的问题上结果完全相同。</strong></p>")
    for q in ordered:
        spec = _spec(q)
        body.append(f'<section id="{_anchor(q.question)}"><h2>{_h(spec.zh)} <code>{_h(q.question)}</code></h2>')
        body.append(f'<p class="decided">{_h(_decided(q.decided_by, d.left, d.right))} · {len(q.differences)} 类情形结果不同</p>')
        body += [f'<p class="legend">注: {_h(note)}</p>' for note in q.notes]
        body.append(f'<table class="diff"><thead><tr><th>#</th><th>情形</th><th class="left">{_h(a)}</th>'
                    f'<th class="right">{_h(b)}</th></tr></thead><tbody>')
        for n, (alternatives, left, right) in enumerate(grouped(q.differences), 1):
            common, rest = situation(spec, alternatives)
            facts = "<ul>" + "".join(f"<li>{_h(t)}</li>" for t in common) + "</ul>"
            if rest:
                facts += f'<div class="or">{"且下列之一" if common else "下列之一"}:</div><ol class="alternatives">' + "".join(
                    "<li>" + _h("；".join(lines)) + "</li>" for lines in rest) + "</ol>"
            body.append(f'<tr class="difference"><td class="n">{n}</td><td class="facts">{facts}</td>'
                        + _html_side(d.left, spec, left, "left") + _html_side(d.right, spec, right, "right") + "</tr>")
        body.append("</tbody></table></section>")
    body += _html_structure(d) if d.structure is not None else []
    return _page(f"{a} ↔ {b}: 规则差异", body)


def _html_structure(d: Diff) -> list[str]:
    st = d.structure
    a, b = short_name(d.left), short_name(d.right)
    head = f'<th class="left">{_h(a)}</th><th class="right">{_h(b)}</th>'
    out: list[str] = []
    if st.titles:
        out.append(f"<section><h2>角色的本地称谓</h2><table><thead><tr><th>角色</th>{head}</tr></thead><tbody>")
        for row in st.titles:
            cls = "" if row["same"] else ' class="changed"'
            out.append(f"<tr{cls}><td>{_h(_role_zh(row['role']))} <code>{_h(row['role'])}</code></td>"
                       f"<td>{_h(row['left'] or '—')}</td><td>{_h(row['right'] or '—')}</td></tr>")
        out.append("</tbody></table></section>")
    if st.meetings:
        out.append(f"<section><h2>会议类型</h2><p class=\"legend\">有规则涉及该会议的问题</p><table><thead><tr><th>会议</th>{head}</tr></thead><tbody>")
        for row in st.meetings:
            cls = ' class="changed"' if set(row["left"]) != set(row["right"]) else ""
            out.append(f"<tr{cls}><td>{_h(_meeting_zh(row['meeting']))}</td>"
                       f"<td>{_h('、'.join(_question_zh(q) for q in row['left']) or '—')}</td>"
                       f"<td>{_h('、'.join(_question_zh(q) for q in row['right']) or '—')}</td></tr>")
        out.append("</tbody></table></section>")
    if st.frequencies:
        out.append(f"<section><h2>会议频次 (据原文)</h2><table><thead><tr><th>会议</th>{head}</tr></thead><tbody>")
        for row in st.frequencies:
            cells = ["".join(f"<div>{_h(f['frequency'])}</div><blockquote><cite>第{f['article']}条</cite>“{_h(f['quote'])}”</blockquote>"
                             for f in row[side]) or "—" for side in ("left", "right")]
            out.append(f"<tr><td>{_h(_meeting_zh(row['meeting']))}</td><td>{cells[0]}</td><td>{cells[1]}</td></tr>")
        out.append("</tbody></table></section>")
    if st.parameters:
        out.append(f"<section><h2>参数 (规则中的数值界限)</h2><table><thead><tr><th>问题</th><th>事实</th>{head}</tr></thead><tbody>")
        for row in st.parameters:
            spec = vocabulary().question(row["question"])
            cls = "" if row["same"] else ' class="changed"'
            out.append(f"<tr{cls}><td>{_h(_question_zh(row['question']))}</td><td>{_h(fact_label(spec, row['fact']))}</td>"
                       f"<td>{_h(_parameter_text(spec, row['left']))}</td><td>{_h(_parameter_text(spec, row['right']))}</td></tr>")
        out.append("</tbody></table></section>")
    unmatched = [(side, row) for side in ("left", "right") for row in st.unmatched.get(side, [])]
    if unmatched:
        out.append("<section><h2>无对应的条文</h2><p class=\"legend\">所答问题对方完全未作规定的条文</p><table><thead><tr>"
                   "<th>规则</th><th>条文</th><th>所答问题</th><th>摘录</th></tr></thead><tbody>")
        for side, row in unmatched:
            out.append(f"<tr><td>{_h(a if side == 'left' else b)}</td><td>{_h(row['label'])}</td>"
                       f"<td>{_h('、'.join(_question_zh(q) for q in row['questions']))}</td><td>{_h(row['excerpt'])}</td></tr>")
        out.append("</tbody></table></section>")
    return out


def html_comparison(c: Comparison) -> str:
    names = [short_name(b) for b in c.books]
    body = [f"<header><h1>规则比较: {_h(' · '.join(names))}</h1>",
            '<p class="legend">每一行是一种结果组合; 占比: 这种组合的情形类占全部情形类的比例; 例如: 其中一类情形 (未列出的事实可取任何值)。'
            "绿色: 各规则结果一致; 红色: 只有这一部规则给出这个结果。各规则都未作规定的情形不列出。</p></header>"]
    for rb, why in c.skipped:
        body.append(f"<p class=\"legend\">未纳入 <code>{_h(rb)}</code>: {_h(why)}</p>")
    for q in c.questions:
        spec = _spec(q)
        if not q.decided_by:
            continue
        body.append(f'<section id="{_anchor(q.question)}"><h2>{_h(spec.zh)} <code>{_h(q.question)}</code></h2>')
        body.append('<table class="compare"><thead><tr><th>#</th><th>占比</th><th>例如</th>' + "".join(f"<th>{_h(n)}</th>" for n in names)
                    + "</tr></thead><tbody>")
        for n, row in enumerate(_interesting(q), 1):
            cells = []
            for i, (book, side) in enumerate(zip(c.books, row.sides)):
                cls = "alone" if i in row.alone else ("agree" if row.agree else "")
                quotes = "".join(f"<blockquote><cite>{_h(label)}</cite>“{_h(quote)}”</blockquote>"
                                 for label, quote in citation_texts(book, side))
                cells.append(f'<td class="side {side.status} {cls}"><div class="answer">{_h(side_text(book, spec, side))}</div>{quotes}</td>')
            facts = "".join(f"<li>{_h(t)}</li>" for t in describe_facts(spec, row.example))
            body.append(f'<tr><td class="n">{n}</td><td class="n">{_h(_share(row, q))}</td><td class="facts"><ul>{facts}</ul></td>'
                        + "".join(cells) + "</tr>")
        body.append("</tbody></table></section>")
    return _page("规则比较: " + " · ".join(names), body)
