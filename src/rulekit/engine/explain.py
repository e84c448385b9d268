"""Stage 5, explain: render results for people. Pure functions returning text (with Rich markup where it is
for a terminal); printing is the CLI's business. The explanation stays data (``trace`` events) until
``render_trace`` turns it into Chinese or English."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is imported by type checkers only: `rulekit ask` starts without it
if TYPE_CHECKING:
    from typing import Any, Iterable

from . import trace as ev

if TYPE_CHECKING:
    from .evaluate import Result
    from .rulebook import Rulebook
    from .vocabulary import QuestionSpec

__all__ = ["article_label", "format_answer", "format_coverage", "format_coverage_summary", "format_result", "render_trace"]


def escape(text: str) -> str:
    """Rich markup escaping; rich is imported only when something is rendered for a terminal."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _cite(rule: Any, lang: str) -> str:
    if lang == "en":
        return f"art. {rule.article}" + (f"({rule.clause})" if rule.clause else "")
    return f"第{rule.article}条" + (f"第{rule.clause}项" if rule.clause else "")


def _names(names: Iterable[str], lang: str) -> str:
    return ", ".join(f"`{n}`" for n in sorted(names)) or ("nothing" if lang == "en" else "无")


def render_event(event: ev.Event, lang: str = "zh") -> str:
    """One step of the explanation in Chinese (``zh``, the contract's ``trace``) or English (``en``)."""
    en = lang == "en"
    if isinstance(event, ev.Applied):
        verb = "applies" if en else "适用"
        return f"{verb} `{event.rule.id}` ({_cite(event.rule, lang)}): {event.rule.condition.describe()}"
    if isinstance(event, ev.Excluded):
        by = ", ".join(f"`{o}`" for o in event.by)
        if en:
            return f"excluded `{event.rule.id}` ({_cite(event.rule, lang)}): overridden by {by}"
        return f"排除 `{event.rule.id}` ({_cite(event.rule, lang)}): 由 {by} 优先"
    if isinstance(event, ev.Pending):
        head = f"{'pending' if en else '待定'} `{event.rule.id}` ({_cite(event.rule, lang)}): "
        need = _names(event.missing, lang)
        if event.holds:
            return head + (f"holds, but a higher rule may exclude it; needs {need}" if en else f"条件成立, 但可能被优先规则排除, 需要 {need}")
        return head + (f"needs {need}" if en else f"需要 {need}")
    if isinstance(event, ev.Derived):
        if en:
            return f"derived `{event.fact}` = true, by `{event.rule.id}` ({_cite(event.rule, lang)})"
        return f"推出 `{event.fact}` = true, 依 `{event.rule.id}` ({_cite(event.rule, lang)})"
    if isinstance(event, ev.NeedsFacts):
        return f"{'needs facts' if en else '需要事实'}: {_names(event.missing, lang)}"
    if isinstance(event, ev.Conflict):
        if en:
            return "conflict: rules that apply together give different answers, with no declared priority"
        return "冲突: 同时适用的规则给出不同答案, 且未声明优先关系"
    if isinstance(event, ev.NoRules):
        return f"`{event.rulebook}` has no rule for `{event.question}`" if en else f"`{event.rulebook}` 没有回答 `{event.question}` 的规则"
    if isinstance(event, ev.NoneApplies):
        return "no rule applies to these facts" if en else "没有规则适用于这些事实"
    raise TypeError(f"not a trace event: {event!r}")


def render_trace(events: Iterable[ev.Event], lang: str = "zh") -> tuple[str, ...]:
    return tuple(render_event(e, lang) for e in events)

STATUS_ZH = {"answered": "已有答案", "needs_facts": "还需要事实", "not_covered": "本规则未作规定", "conflict": "规则冲突"}
UNIT_ZH = {"day": "日", "working_day": "个工作日", "month": "个月", "same_day": "当日"}


def article_label(book: Rulebook, article: int, clause: int | None = None) -> str:
    info = book.compiled.articles.get(article)
    if info is None or info.reconstructed or not info.label:
        label = f"第{article}条"  # a reconstructed article's printed label is partial or lost: show the counted number
        if info is not None and info.reconstructed:
            label += "(条号据计数补)"
    elif info.label.startswith("第"):
        label = info.label  # 第五十九条
    else:
        label = f"第{article}条({info.label})"  # 六十四、 -> 第64条(六十四、)
    if clause:
        label += f"第({_zh_number(clause)})项"
    return label


def _has_chain(answer: Any) -> bool:
    """Whether a roles answer has an alternative of several roles (shown joined by →)."""
    return isinstance(answer, dict) and any(len(a.get("all_of", ())) > 1 for a in answer.get("any_of", ()))


def format_answer(book: Rulebook, spec: QuestionSpec, answer: Any) -> str:
    """The answer in Chinese: local titles for roles, readable durations."""
    if answer is None:
        return "—"
    if spec.answer == "boolean":
        return "是" if answer else "否"
    if spec.answer == "text":
        return str(answer)
    if spec.answer == "duration":
        if answer["unit"] == "same_day":
            return "当日办结"
        amount = f"{answer['amount']}{UNIT_ZH[answer['unit']]}"
        counted = "(当日算起)" if answer.get("counting") == "inclusive" else ""
        return (f"提前{amount}" if answer["relation"] == "before" else f"{amount}内") + counted
    if answer.get("prohibited"):
        return "不得办理(规则禁止)"
    parts = []
    for alt in answer["any_of"]:
        chain = "→".join(book.title(r) for r in alt["all_of"])
        if alt.get("note"):
            chain += f"({alt['note']})"
        parts.append(chain)
    return " 或 ".join(parts)


def _fact_text(spec: QuestionSpec, name: str, value: Any) -> str:
    fact = spec.facts[name]
    if fact.type == "enum":
        shown = f"{fact.value_label(value)}"
    elif fact.type == "set":
        shown = "、".join(fact.value_label(v) for v in value) or "无"
    elif fact.type == "bool":
        shown = "是" if value else "否"
    else:
        shown = str(value)
    return f"{fact.label}={shown}"


def format_result(book: Rulebook, result: Result) -> str:
    spec = book.question(result.question)
    lines = [f"[bold]{escape(book.name)}[/bold] · {escape(spec.zh)} ([dim]{result.question}[/dim])"]
    if result.facts:
        lines.append("事实: " + escape("; ".join(_fact_text(spec, n, v) for n, v in result.facts.items())))
    status = STATUS_ZH[result.status]
    colour = {"answered": "green", "needs_facts": "yellow", "not_covered": "cyan", "conflict": "red"}[result.status]
    if result.status == "answered":
        strength = " [dim](原则上)[/dim]" if result.strength == "in_principle" else ""
        lines.append(f"[{colour}]{status}[/{colour}]: [bold]{escape(format_answer(book, spec, result.answer))}[/bold]{strength}")
        if _has_chain(result.answer):
            lines.append("[dim](“→”: 连接的各方都须经过 (一条审批链), 缺一不可)[/dim]")
    else:
        lines.append(f"[{colour}]{status}[/{colour}]")
    if result.missing:
        lines.append("还需要:")
        for name in result.missing:
            fact = spec.facts.get(name)
            values = ""
            if fact is not None and fact.values:
                values = ": " + ", ".join(f"{v}={zh}" for v, zh in fact.values.items())
            elif fact is not None and fact.type == "bool":
                values = ": true/false"
            elif fact is not None and fact.type == "int":
                values = ": 整数"
            lines.append(escape(f"  --fact {name}=…  ({fact.label if fact else name}{values})"))
    if result.conflicts:
        lines.append("冲突的规则:")
        for c in result.conflicts:
            lines.append(escape(f"  {c['rule']} ({article_label(book, c['article'], c['clause'])}): {format_answer(book, spec, c['answer'])}"))
    if result.citations:
        lines.append("依据:")
        for c in result.citations:
            lines.append(f"  [bold]{escape(article_label(book, c.article, c.clause))}[/bold] “{escape(c.quote)}” [dim]({escape(c.rule)})[/dim]")
    if result.note:
        lines.append(f"[dim]注: {escape(result.note)}[/dim]")
    taken = [r for r in result.readings if not r["open"]]  # open readings are already in the note
    if taken:
        lines.append("[dim]另一种理解(未采用):[/dim]")
        for r in taken:
            lines.append(f"[dim]  {escape(article_label(book, r['article'], r['clause']))}: {escape(r['reading'])}[/dim]")
    if result.trace:
        lines.append("[dim]推理:[/dim]")
        lines.extend(f"[dim]  - {escape(t)}[/dim]" for t in result.trace)
    return "\n".join(lines)


def _zh_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


STATE_ZH = {"encoded": "已编码", "unencoded": "未编码(有理由)", "non_operative": "非操作性条文", "missing": "原文缺失",
            "unaccounted": "未处理"}


def _provisions_text(t: dict[str, int]) -> str:
    total, done = t.get("provisions", 0), t.get("provisions_encoded", 0)
    share = f" ({done * 100 // total}%)" if total else ""
    return f"{done}/{total}{share}"


def format_coverage(report: Any) -> Any:
    """A Rich table of one rulebook's articles, with the totals in its caption. An encoded article with provisions
    (clauses, sentences stating an obligation, power or limit) that no rule quotes is shown as partly encoded,
    with those provisions."""
    from rich.table import Table

    totals = report.totals
    caption = (f"{totals['articles']} 条: 已编码 {totals['encoded']} (其中部分编码 {totals.get('partial', 0)}) · "
               f"未编码(有理由) {totals['unencoded']} · 非操作性 {totals['non_operative']} · 原文缺失 {totals['missing']} · "
               f"未处理 {totals['unaccounted']}\n规定 (项、句) 已编码 {_provisions_text(totals)}")
    table = Table("条", "章", "状态", "规定", "规则 / 理由", title=f"{report.name} ({report.rulebook})", caption=caption)
    colour = {"encoded": "green", "unencoded": "yellow", "non_operative": "dim", "missing": "magenta", "unaccounted": "bold red"}
    for a in report.articles:
        detail = ", ".join(a.rules) if a.rules else (a.reason or "operative, but neither encoded nor given a reason")
        state = f"[{colour[a.state]}]{STATE_ZH[a.state]}[/]"
        if a.partial:
            state = "[yellow]部分编码[/]"
            left = "、".join(f"{p.key}“{p.text[:12]}…”" if len(p.text) > 12 else f"{p.key}“{p.text}”" for p in a.left)
            detail += f"\n未编码: {left}"
        done = f"{sum(p.encoded for p in a.provisions)}/{len(a.provisions)}" if a.provisions else ""
        label = (a.label or "").rstrip("、") or "—"
        table.add_row(f"{a.number} {escape(label)}", escape(a.chapter or ""), state, done, escape(detail))
    return table


def format_coverage_summary(reports: list[Any]) -> Any:
    """One row per rulebook: how many articles are in each state."""
    from rich.table import Table

    table = Table("rulebook", "名称", "条文", "已编码", "部分编码", "未编码(有理由)", "非操作性", "原文缺失", "未处理",
                  "规定已编码", title="条文覆盖")
    for r in reports:
        t = r.totals
        open_ = f"[bold red]{t['unaccounted']}[/]" if t["unaccounted"] else "0"
        table.add_row(r.rulebook, escape(r.name), str(t["articles"]), str(t["encoded"]), str(t.get("partial", 0)),
                      str(t["unencoded"]), str(t["non_operative"]), str(t["missing"]), open_, _provisions_text(t))
    return table
