"""The literate view of a rulebook, for legal review: the whole text, article by article, each with the rules
that encode it beside it.

``article_view(book, n)`` is one article as data: its stored text, chapter, state (encoded, unencoded with the
reason, non-operative, missing), the rules citing it (condition in Chinese, answer with the local titles,
strength, the quoted sentence located in the text) and the places where the text was repaired from the
scraped seed. ``render_text`` (a terminal), ``render_markdown`` and ``render_html`` (one self-contained,
printable page: no script, nothing fetched, every text escaped) render it; ``render_*_book`` the whole book.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from ..errors import InputError, did_you_mean
from .source import locate_quote

if TYPE_CHECKING:
    from .compile import Rule
    from .rulebook import Rulebook

__all__ = [
    "ArticleView", "RuleNote", "article_view", "condition_zh", "find_article", "render_html", "render_markdown",
    "render_text", "views",
]

STATE_ZH = {"encoded": "已编码", "partial": "部分编码", "unencoded": "未编码", "non_operative": "非操作性条文",
            "missing": "原文缺失", "unaccounted": "未编码且未说明理由"}
STRENGTH_ZH = {"mandatory": "必须", "in_principle": "原则上"}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _clause(n: int) -> str:
    from .segment import chinese

    return f"第({chinese(n)})项"


def mark(index: int) -> str:
    return _CIRCLED[index - 1] if 1 <= index <= len(_CIRCLED) else f"({index})"


@dataclass(frozen=True)
class RuleNote:
    """A rule as a reviewer reads it beside its article."""

    index: int  # 1, 2, … within the article
    id: str
    concludes: str  # the question (Chinese) or 推出 + the derived fact
    question: str | None
    condition: str  # in Chinese
    answer: str  # with the local titles
    strength: str  # mandatory | in_principle
    clause: int | None
    quote: str
    located: bool  # the quote was found in the article (in its clause, when one is given)
    overrides: tuple[str, ...]
    note: str | None
    reading: str | None  # the other reading of a debatable provision, and why it was not taken
    reading_open: bool = False  # the text supports both readings: the rule takes one, the answer's note says so

    @property
    def reading_label(self) -> str:
        return "另一种理解 (两种理解均有文本依据, 本规则取其一)" if self.reading_open else "另一种理解 (未采用)"

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "id": self.id, "concludes": self.concludes, "question": self.question,
                "condition": self.condition, "answer": self.answer, "strength": self.strength,
                "clause": self.clause, "quote": self.quote, "located": self.located,
                "overrides": list(self.overrides), "note": self.note, "reading": self.reading,
                "reading_open": self.reading_open}


@dataclass(frozen=True)
class Span:
    """A run of the article's text with what lies on it: the rules quoting it, the repairs that changed it."""

    text: str
    quotes: tuple[int, ...] = ()  # RuleNote.index
    repair: str | None = None  # what the seed had here, and why it was changed
    ends: tuple[int, ...] = ()  # quotes that end with this run


@dataclass(frozen=True)
class ArticleView:
    number: int
    label: str  # as cited: 第五十九条, 第64条(六十四、), 第9条(条号据计数补)
    printed: str | None  # the label printed in the source
    chapter: str | None
    status: str  # operative | non_operative | missing
    state: str  # a key of STATE_ZH
    reason: str | None  # why it has no rules (unencoded, non-operative, missing)
    text: str
    rules: tuple[RuleNote, ...]
    spans: tuple[Span, ...] = field(default=())
    repairs: tuple[str, ...] = ()  # the repairs that touched this article, described

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.number, "label": self.label, "printed": self.printed, "chapter": self.chapter,
                "status": self.status, "state": self.state, "reason": self.reason, "text": self.text,
                "rules": [r.to_dict() for r in self.rules], "repairs": list(self.repairs)}


# ---------------------------------------------------------------------------------------------------------
# conditions and answers in Chinese
# ---------------------------------------------------------------------------------------------------------

def _facts(vocab: Any = None) -> dict[str, Any]:
    from .vocabulary import vocabulary

    found: dict[str, Any] = {}
    for q in (vocab or vocabulary()).questions.values():
        for name, spec in q.facts.items():
            found.setdefault(name, spec)
    return found


def condition_zh(condition: Any, derived: dict[str, str] | None = None, facts: dict[str, Any] | None = None) -> str:
    """A condition in Chinese: 发文名义=以政府名义 且 文种属于{请示、报告}."""
    derived = derived or {}
    facts = facts if facts is not None else _facts()

    def label(name: str) -> str:
        if name in derived:
            return derived[name]
        spec = facts.get(name)
        return spec.label if spec is not None else name

    def value(name: str, v: Any) -> str:
        from .conditions import FactRef

        if isinstance(v, FactRef):
            return label(v.fact) + ("" if v.times == 1 else f"×{v.times}")
        if isinstance(v, bool):
            return "是" if v else "否"
        spec = facts.get(name)
        if isinstance(v, (frozenset, set, tuple, list)):
            return "{" + "、".join(value(name, x) for x in sorted(v, key=str)) + "}"
        return spec.value_label(v) if spec is not None and isinstance(v, str) else str(v)

    def show(node: Any, top: bool = False) -> str:
        kind = node.kind
        if kind in ("all", "any"):
            if not node.items:
                return "总是" if kind == "all" else "从不"
            text = (" 且 " if kind == "all" else " 或 ").join(show(i) for i in node.items)
            return text if top or len(node.items) == 1 else f"({text})"
        if kind == "not":
            return f"并非{show(node.items[0])}"
        f, v = label(node.fact), node.value
        if kind == "known":
            return f"{f}{'已知' if v else '未知'}"
        if kind == "eq" and isinstance(v, bool) and node.fact in derived:
            return f if v else f"并非{f}"
        op = {"eq": "=", "ne": "≠", "in": "属于", "not_in": "不属于", "lt": "<", "le": "≤", "gt": ">", "ge": "≥",
              "contains": "包含", "contains_any": "包含任一", "contains_all": "包含全部"}[kind]
        return f"{f}{op}{value(node.fact, v)}"

    return show(condition, top=True)


def _answer(book: Rulebook, rule: Rule) -> tuple[str, str]:
    from .explain import format_answer

    if rule.question is None:
        return f"推出: {book.compiled.derived.get(rule.derive, rule.derive)}", "是"
    spec = book.vocabulary.questions.get(rule.question)
    if spec is None:
        return rule.question, str(rule.answer)
    return spec.zh, format_answer(book, spec, rule.answer)


def _reading(rule: Rule) -> str | None:
    """The other reading of a debatable provision, when the rule records one (any shape: text or a mapping)."""
    reading = getattr(rule, "reading", None)
    if reading is None or reading == "":
        return None
    if isinstance(reading, dict):
        return "; ".join(f"{k}: {v}" for k, v in reading.items() if v)
    for attrs in (("text", "why"), ("reading", "why"), ("other", "why")):
        if all(hasattr(reading, a) for a in attrs):
            return "; ".join(str(getattr(reading, a)) for a in attrs if getattr(reading, a))
    return str(reading)


# ---------------------------------------------------------------------------------------------------------
# one article
# ---------------------------------------------------------------------------------------------------------

def find_article(book: Rulebook, selector: str | int) -> int:
    """The article number for ``59``, ``第五十九条``, ``五十九``, ``六十四、`` or ``第59条``."""
    from .segment import number_of

    articles = book.compiled.articles
    text = str(selector).strip()
    for candidate in (text, text.removeprefix("第").removesuffix("条").rstrip("、").strip()):
        try:
            number = number_of(candidate)
        except ValueError:
            continue
        if number in articles:
            return number
        break
    for number, a in articles.items():
        if a.label and a.label.strip() == text:
            return number
    shown = [str(n) for n in sorted(articles)]
    raise InputError(f"{book.id} has no article `{text}`", item=text,
                     help=f"its articles run {shown[0]}..{shown[-1]}" if shown else "it has no articles")


def _repair_marks(text: str, repairs: Iterable[dict[str, Any]]) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Where repairs changed this article's text: the changed runs (visible characters only) and descriptions.

    A repair's replacement may reach beyond the article (its label, the article before): each changed run is
    found with as much of the replacement around it as lies in this article (at least 6 characters)."""
    marks: list[tuple[int, int, str]] = []
    touched: list[str] = []
    for repair in repairs:
        original, replacement = repair.get("original"), repair.get("replacement") or ""
        if not original or not replacement.strip():
            continue
        changes = _changes(original, replacement)
        why = f"{repair.get('kind')}: 原文为“{original}”" + (f" ({repair['note']})" if repair.get("note") else "")
        brief = f"{repair.get('kind')}: 原文为“{_short(original, 30)}”"  # on each mark; the whole note below the text
        found = False
        for j1, j2 in changes:
            span = _widest(text, replacement, j1, j2)
            if span is None:
                continue
            lc, piece = span
            start = 0
            while (at := text.find(piece, start)) >= 0:
                marks.append((at + lc, at + lc + j2 - j1, brief))
                found = True
                start = at + len(piece)
        if found:
            touched.append(why)
    return marks, touched


@lru_cache(maxsize=4096)
def _changes(original: str, replacement: str) -> tuple[tuple[int, int], ...]:
    """The runs of ``replacement`` that a repair inserted or changed (visible characters only)."""
    return tuple((j1, j2) for op, _, _, j1, j2 in difflib.SequenceMatcher(None, original, replacement, autojunk=False)
                 .get_opcodes() if op in ("insert", "replace") and replacement[j1:j2].strip())


def _widest(text: str, replacement: str, j1: int, j2: int) -> tuple[int, str] | None:
    """The widest piece of ``replacement`` around ``[j1, j2)`` that occurs in ``text`` (with at least 6 characters
    of context, or all there is), as (context on the left, piece); None when none occurs."""
    need = min(6, len(replacement) - (j2 - j1))
    start = None
    for lc in range(0, need + 1):
        rc = need - lc
        if lc <= j1 and j2 + rc <= len(replacement) and replacement[j1 - lc:j2 + rc] in text:
            start = (lc, rc)
            break
    if start is None:
        return None
    lc, rc = start
    while lc < j1 and replacement[j1 - lc - 1:j2 + rc] in text:
        lc += 1
    while j2 + rc < len(replacement) and replacement[j1 - lc:j2 + rc + 1] in text:
        rc += 1
    return lc, replacement[j1 - lc:j2 + rc]


def _spans(text: str, quotes: list[tuple[int, int, int]], repairs: list[tuple[int, int, str]]) -> tuple[Span, ...]:
    cuts = sorted({0, len(text), *(p for s, e, _ in quotes for p in (s, e)), *(p for s, e, _ in repairs for p in (s, e))})
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        if a == b:
            continue
        on = tuple(i for s, e, i in quotes if s <= a and b <= e)
        ends = tuple(i for s, e, i in quotes if e == b)
        fix = next((why for s, e, why in repairs if s <= a and b <= e), None)
        spans.append(Span(text[a:b], on, fix, ends))
    return tuple(spans)


def article_view(book: Rulebook, number: int) -> ArticleView:
    from .explain import article_label

    compiled = book.compiled
    article = compiled.articles[number]
    cited = sorted((r for r in compiled.rules.values() if r.article == number), key=lambda r: (r.clause or 0, r.id))
    notes, quotes = [], []
    facts = _facts(book.vocabulary)
    for i, rule in enumerate(cited, start=1):
        where = locate_quote(article.text, rule.quote, rule.clause)
        if where:
            quotes.append((where[0], where[1], i))
        concludes, answer = _answer(book, rule)
        notes.append(RuleNote(i, rule.id, concludes, rule.question, condition_zh(rule.condition, compiled.derived, facts),
                              answer, rule.strength, rule.clause, rule.quote, where is not None, rule.overrides,
                              rule.note, _reading(rule), bool(getattr(rule, "reading_open", False))))
    repairs, touched = _repair_marks(article.text, compiled.repairs)
    if article.status == "missing":
        state, reason = "missing", article.reason
    elif cited:
        from .coverage import provisions

        left = [p for p in provisions(article.text, cited) if not p.encoded]
        state = "partial" if left else "encoded"
        reason = ("未编码的规定: " + "、".join(f"{p.key}“{_short(p.text, 24)}”" for p in left)) if left else None
    elif article.status == "non_operative":
        state, reason = "non_operative", article.reason
    elif number in compiled.unencoded:
        state, reason = "unencoded", compiled.unencoded[number]
    else:
        state, reason = "unaccounted", None
    return ArticleView(number, article_label(book, number), article.label, article.chapter, article.status, state,
                       reason, article.text, tuple(notes), _spans(article.text, quotes, repairs), tuple(touched))


def views(book: Rulebook) -> list[ArticleView]:
    return [article_view(book, n) for n in sorted(book.compiled.articles)]


def _whole_book_repairs(book: Rulebook) -> list[dict[str, Any]]:
    return [dict(r) for r in book.compiled.repairs]


def _counts(all_views: list[ArticleView]) -> dict[str, int]:
    counts = {state: 0 for state in STATE_ZH}
    for v in all_views:
        counts[v.state] += 1
    return counts


def _short(text: str, width: int = 40) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------------------------------------------------
# terminal
# ---------------------------------------------------------------------------------------------------------

def render_text(book: Rulebook, view: ArticleView) -> str:
    """One article for a terminal (Rich markup): the text with the quoted sentences underlined, then the rules."""
    from rich.markup import escape

    head = f"[bold]{escape(book.name)} · {escape(view.label)}[/bold]"
    if view.chapter:
        head += f" ({escape(view.chapter)})"
    lines = [head, f"状态: {STATE_ZH[view.state]}" + (f" — {escape(view.reason)}" if view.reason else "")]
    body = ""
    for span in view.spans:
        piece = escape(span.text)
        if span.repair:
            piece = f"[italic]{piece}[/italic]"
        if span.quotes:
            piece = f"[underline]{piece}[/underline]"
        body += piece + "".join(f"[bold]{mark(i)}[/bold]" for i in span.ends)
    lines += ["", body or "(原文缺失)", ""]
    if view.rules:
        lines.append(f"编码规则 ({len(view.rules)}):")
        for r in view.rules:
            clause = f" {_clause(r.clause)}" if r.clause else ""
            lines.append(f"  {mark(r.index)} [bold]{escape(r.id)}[/bold]{clause} · {escape(r.concludes)} · "
                         f"{STRENGTH_ZH.get(r.strength, r.strength)}")
            lines.append(f"     条件: {escape(r.condition)}")
            lines.append(f"     答案: {escape(r.answer)}")
            lines.append(f"     引文: “{escape(r.quote)}”" + ("" if r.located else " [red](未在本条找到)[/red]"))
            if r.overrides:
                lines.append(f"     优先于: {escape(', '.join(r.overrides))}")
            if r.note:
                lines.append(f"     说明: {escape(r.note)}")
            if r.reading:
                lines.append(f"     {r.reading_label}: {escape(r.reading)}")
    for why in view.repairs:
        lines.append(f"[italic]对原文的修复[/italic]: {escape(why)}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------------------

_MD = re.compile(r"([\\`*_\[\]<>|#~])")


def _md(text: str) -> str:
    return _MD.sub(r"\\\1", str(text))


def _md_article(view: ArticleView) -> list[str]:
    out = [f"### {_md(view.label)}", "", f"*{STATE_ZH[view.state]}*" + (f" — {_md(view.reason)}" if view.reason else ""), ""]
    if view.text:
        body = ""
        for span in view.spans:
            piece = _md(span.text)
            if span.repair:
                piece = f"<ins title=\"{html.escape(span.repair, quote=True)}\">{piece}</ins>"
            if span.quotes:
                piece = f"<mark>{piece}</mark>"
            body += piece + "".join(f"<sup>{mark(i)}</sup>" for i in span.ends)
        out += ["> " + line if line else ">" for line in body.split("\n")] + [""]
    for r in view.rules:
        clause = f" · {_clause(r.clause)}" if r.clause else ""
        out.append(f"- {mark(r.index)} `{r.id}` · {_md(r.concludes)}{clause} · {STRENGTH_ZH.get(r.strength, r.strength)}")
        out.append(f"  - 条件: {_md(r.condition)}")
        out.append(f"  - 答案: {_md(r.answer)}")
        out.append(f"  - 引文: “{_md(r.quote)}”" + ("" if r.located else " (未在本条找到)"))
        if r.overrides:
            out.append("  - 优先于: " + ", ".join(f"`{o}`" for o in r.overrides))
        if r.note:
            out.append(f"  - 说明: {_md(r.note)}")
        if r.reading:
            out.append(f"  - {r.reading_label}: {_md(r.reading)}")
    for why in view.repairs:
        out.append(f"- *对原文的修复*: {_md(why)}")
    if view.rules or view.repairs:
        out.append("")
    return out


def render_markdown(book: Rulebook, only: list[ArticleView] | None = None) -> str:
    all_views = only if only is not None else views(book)
    c = book.compiled
    counts = _counts(all_views)
    out = [f"# {_md(book.name)}: 条文与规则对照", "",
           f"{_md(c.jurisdiction.name)} · {c.date or '日期不详'} · `{c.id}` · {len(all_views)} 条: "
           + ", ".join(f"{STATE_ZH[s]} {n}" for s, n in counts.items() if n), ""]
    if only is None:
        out += _md_preamble(book)
    chapter = None
    for view in all_views:
        if view.chapter != chapter and view.chapter:
            out += [f"## {_md(view.chapter)}", ""]
        chapter = view.chapter
        out += _md_article(view)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_preamble(book: Rulebook) -> list[str]:
    out = []
    repairs = _whole_book_repairs(book)
    if repairs:
        out += ["## 对网页原文 (seed.txt) 的修改", ""]
        for r in repairs:
            what = f"“{_md(_short(r['original']))}” → “{_md(_short(r.get('replacement') or ''))}”" if r.get("original") else ""
            out.append(f"- {r['kind']} {what} {_md(r.get('note') or '')}".rstrip())
        out.append("")
    for g in book.compiled.gaps:
        out += [f"- 缺失: 第{g.from_article}–{g.to_article}条: {_md(g.note)}", ""]
    return out


# ---------------------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------------------

CSS = """
body{font-family:"Noto Serif CJK SC","Source Han Serif SC","Songti SC",serif;margin:2rem auto;max-width:72rem;
line-height:1.7;color:#111;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.25rem;border-bottom:1px solid #999;margin-top:2rem}
.meta{color:#444;font-size:.95rem} code{font-family:monospace;font-size:.85em}
article{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.2rem;border-top:1px solid #ddd;
padding:.8rem 0;break-inside:avoid;page-break-inside:avoid}
article h3{grid-column:1/-1;margin:0;font-size:1.05rem}
.state{font-weight:normal;font-size:.85rem;padding:0 .4rem;border:1px solid #888;border-radius:.2rem;margin-left:.5rem}
.s-encoded{background:#e6f4e6}.s-partial{background:#fff4d6}.s-unencoded,.s-unaccounted{background:#fde8e8}
.s-non_operative,.s-missing{background:#eee}
.text{white-space:pre-wrap;margin:0}
mark{background:#fff2a8;padding:0 .05em} ins{text-decoration:underline dotted;background:#e4ecff}
sup{font-weight:bold;color:#8a5a00}
.rules{font-size:.92rem} .rule{border-left:3px solid #c9a227;padding:.2rem .6rem;margin-bottom:.6rem}
.rule dl{margin:.2rem 0;display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem} .rule dt{color:#555}
.rule dd{margin:0} .reason{color:#444;font-style:italic} .warn{color:#a00}
.repairs{font-size:.85rem} .repairs li{margin-bottom:.1rem} .legend span{margin-right:1rem}
@media print{body{margin:0;max-width:none;font-size:10.5pt} article{grid-template-columns:3fr 2fr}
mark{background:none;text-decoration:underline;text-decoration-thickness:2px}
ins{background:none} .s-encoded,.s-partial,.s-unencoded,.s-unaccounted,.s-non_operative,.s-missing{background:none}}
"""


def _h(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_article(view: ArticleView) -> str:
    body = ""
    for span in view.spans:
        piece = _h(span.text)
        if span.repair:
            piece = f'<ins title="{_h(span.repair)}">{piece}</ins>'
        if span.quotes:
            piece = f'<mark title="{_h("引文: 规则 " + "、".join(mark(i) for i in span.quotes))}">{piece}</mark>'
        body += piece + "".join(f"<sup>{mark(i)}</sup>" for i in span.ends)
    parts = [f'<article id="a{view.number}">',
             f'<h3>{_h(view.label)}<span class="state s-{view.state}">{_h(STATE_ZH[view.state])}</span></h3>',
             '<div class="left">' + (f'<p class="text">{body}</p>' if view.text else '<p class="reason">(原文缺失)</p>')
             + "".join(f'<p class="reason">对原文的修复: {_h(why)}</p>' for why in view.repairs) + "</div>",
             '<div class="rules">']
    if view.reason:
        parts.append(f'<p class="reason">{_h(STATE_ZH[view.state])}: {_h(view.reason)}</p>')
    for r in view.rules:
        rows = [("条件", _h(r.condition)), ("答案", _h(r.answer)), ("效力", _h(STRENGTH_ZH.get(r.strength, r.strength))),
                ("引文", f"“{_h(r.quote)}”" + ("" if r.located else ' <span class="warn">(未在本条找到)</span>'))]
        if r.clause:
            rows.insert(0, ("项", _h(_clause(r.clause))))
        if r.overrides:
            rows.append(("优先于", ", ".join(f"<code>{_h(o)}</code>" for o in r.overrides)))
        if r.note:
            rows.append(("说明", _h(r.note)))
        if r.reading:
            rows.append((r.reading_label, _h(r.reading)))
        parts.append(f'<div class="rule"><b>{mark(r.index)}</b> {_h(r.concludes)} <code>{_h(r.id)}</code><dl>'
                     + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl></div>")
    parts += ["</div>", "</article>"]
    return "\n".join(parts)


def render_html(book: Rulebook, only: list[ArticleView] | None = None) -> str:
    """One self-contained page: no script, no link, no image; every text escaped."""
    all_views = only if only is not None else views(book)
    c = book.compiled
    counts = _counts(all_views)
    title = f"{book.name}: 条文与规则对照"
    body = [f"<h1>{_h(title)}</h1>",
            f'<p class="meta">{_h(c.jurisdiction.name)} · {_h(c.date or "日期不详")} · <code>{_h(c.id)}</code> · '
            f"{len(all_views)} 条: " + ", ".join(f"{_h(STATE_ZH[s])} {n}" for s, n in counts.items() if n) + "</p>",
            '<p class="meta legend"><span><mark>引文</mark> 规则引用的原文</span><span><ins>修复</ins> 对网页原文的修改 '
            "(悬停可见原文)</span><span><sup>①</sup> 规则编号</span></p>"]
    if only is None:
        repairs = _whole_book_repairs(book)
        if repairs:
            body.append("<h2>对网页原文 (seed.txt) 的修改</h2><ul class=\"repairs\">")
            for r in repairs:
                what = (f"“{_h(_short(r['original']))}” → “{_h(_short(r.get('replacement') or ''))}” "
                        if r.get("original") else "")
                body.append(f"<li><code>{_h(r['kind'])}</code> {what}{_h(r.get('note') or '')}</li>")
            body.append("</ul>")
        for g in c.gaps:
            body.append(f'<p class="reason">缺失: 第{g.from_article}–{g.to_article}条: {_h(g.note)}</p>')
        if c.notes:
            body.append("<h2>说明</h2><ul>" + "".join(f"<li>{_h(n)}</li>" for n in c.notes) + "</ul>")
    chapter = None
    for view in all_views:
        if view.chapter != chapter and view.chapter:
            body.append(f"<h2>{_h(view.chapter)}</h2>")
        chapter = view.chapter
        body.append(_html_article(view))
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_h(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body)
            + "\n</body>\n</html>\n")
