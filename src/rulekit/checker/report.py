"""Rendering check verdicts and due dates: pure functions (text, Rich renderables, XML strings).
Printing is the CLI's business."""

from __future__ import annotations

import datetime
import json
import re
from typing import IO, Any, Iterable
from json.encoder import encode_basestring as _string  # what json.dumps(ensure_ascii=False) writes for a str
from xml.sax.saxutils import escape as _xml_escape, quoteattr

from rich.markup import escape

from .verdicts import Summary, Verdict, chinese_reason, show_answer

__all__ = ["format_json_line", "format_table", "format_failure", "format_deadline", "deadline_dict",
           "junit_testcase", "JUnitWriter", "VERDICT_COLOURS"]

VERDICT_COLOURS = {"passed": "green", "complies": "green", "complies_by_superior": "cyan", "on_time": "green", "failed": "red", "violates": "red",
                   "late": "red", "undetermined": "yellow", "error": "bold red"}
WEEKDAYS_ZH = "一二三四五六日"


def format_json_line(verdict: Verdict) -> str:
    """``json.dumps(verdict.to_dict())``, with the result's JSON reused across the verdicts that share it (the
    checker hands out one Result object for repeated questions), which halves the cost of a long run. A verdict
    the checker composed from its memos (``Checker._memoized``) carries its JSON in three parts (before the
    Result, the Result, after it; UTF-8): only the index, name, place and meta are written per record."""
    parts = verdict.__dict__.get("_json")
    if parts is not None:
        where = verdict.where
        name, meta = verdict.name, verdict.meta
        return ('{"index": ' + str(verdict.index) + ", " + (parts[0] + parts[1] + parts[2]).decode()
                + ("" if name is None else ', "name": ' + _string(name))
                + ', "file": ' + ("null" if where.file is None else _string(where.file))
                + ', "line": ' + ("null" if where.line is None else str(where.line))
                + ', "record": ' + ("null" if where.record is None else str(where.record))
                + ("" if not meta else ', "meta": ' + json.dumps(dict(meta), ensure_ascii=False)) + "}")
    return _json_line(verdict)


def _json_line(verdict: Verdict) -> str:
    if verdict.result is None:
        return json.dumps(verdict.to_dict(), ensure_ascii=False)
    rest = verdict.to_dict(with_result=False)
    first = {"index": rest.pop("index"), "passed": rest.pop("passed")}
    if "error" in rest:
        first["error"] = rest.pop("error")
    return (json.dumps(first, ensure_ascii=False)[:-1] + ', "result": ' + _result_json(verdict.result) + ", "
            + json.dumps(rest, ensure_ascii=False)[1:])


_RESULT_JSON: dict[int, tuple[Any, str]] = {}


def _result_json(result: Any) -> str:
    import weakref

    entry = _RESULT_JSON.get(id(result))
    if entry is not None and entry[0]() is result:
        return entry[1]
    text = json.dumps(result.to_dict(), ensure_ascii=False)
    if len(_RESULT_JSON) >= 8192:
        _RESULT_JSON.clear()
    _RESULT_JSON[id(result)] = (weakref.ref(result), text)
    return text


def where_text(verdict: Verdict) -> str:
    return str(verdict.where)


def articles_text(verdict: Verdict) -> str:
    """The deciding articles, by their labels in the rulebook (第五十九条第(三)项)."""
    result = verdict.result
    if result is None or not result.citations:
        return ""
    if verdict.book is None:
        return "; ".join(f"第{c.article}条" + (f"第{c.clause}项" if c.clause else "") for c in result.citations)
    from ..engine.explain import article_label

    labels: list[str] = []
    for c in result.citations:
        label = article_label(verdict.book, c.article, c.clause)
        if label not in labels:
            labels.append(label)
    return "; ".join(labels)


def format_table(verdicts: Iterable[Verdict], *, header: bool = True, one_file: bool = False) -> Any:
    """A Rich table of verdicts: the record (index, file and line, name), verdict, reason, deciding article.

    With ``one_file`` the record is shown by its line and name only. Column widths are set by ratio, not by
    content, so that the chunks of a long run line up under one header."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_header=header, show_edge=False, expand=True, pad_edge=False)
    # a document number (依政办发〔2025〕12号: 20 cells) is never broken at 80 columns: the name has 20 cells of
    # its own; the verdict sits on two short lines (合规 / complies); the article goes into the reason
    if one_file:
        table.add_column("行", justify="right", width=5, no_wrap=True)
        table.add_column("名称", width=NAME_WIDTH, overflow="fold")
    else:
        table.add_column("#", justify="right", width=5, no_wrap=True)
        table.add_column("记录", width=NAME_WIDTH, overflow="fold")
    table.add_column("结论", width=20, no_wrap=True)
    table.add_column("理由 · 依据", ratio=1, overflow="fold")
    for v in verdicts:
        if one_file:
            first = str(v.where.line if v.where.line is not None else v.where.record or "")
            record = escape(v.name or "")
        else:
            first = str(v.index)
            record = escape(where_text(v)) + (f"\n{escape(v.name)}" if v.name else "")
        colour = VERDICT_COLOURS[v.verdict]
        reason = chinese_reason(v, quote=not v.passed)
        if v.passed and v.result is not None and v.result.citations:
            reason += f"; {articles_text(v)}"
        table.add_row(first, record, f"[{colour}]{v.verdict_zh}[/]\n[dim]{v.verdict}[/]", escape(reason))
    return table


NAME_WIDTH = 20


def format_failure(verdict: Verdict) -> str:
    """A plain-text account of a record that did not pass: where, which case, expected vs got, citations."""
    lines = [f"{verdict.verdict_zh} {verdict.verdict}: {verdict.reason_zh}", f"  ({verdict.verdict}: {verdict.reason})",
             f"  at {where_text(verdict)}" + (f" ({verdict.name})" if verdict.name else "")]
    result = verdict.result
    if result is not None:
        facts = " ".join(f"{k}={_fact(v)}" for k, v in result.facts.items()) or "(no facts)"
        lines.append(f"  asked:    {result.rulebook} · {result.question}  {facts}")
    if verdict.expected is not None:
        lines.append(f"  expected: {_expected(verdict.expected)}")
    if verdict.actual is not None:
        lines.append(f"  actual:   {_actual(verdict.actual)}")
    if result is not None:
        got = result.status
        if result.status == "answered":
            got += ": " + show_answer(result.answer)
            notes = _notes(result.answer)
            if notes:
                got += f" ({notes})"
        elif result.missing:
            got += ": missing " + ", ".join(result.missing)
        lines.append(f"  got:      {got}")
        if verdict.due is not None:
            lines.append(f"  due:      {verdict.due.isoformat()}")
        if result.citations:
            from ..engine.explain import article_label

            lines.append("  cited:")
            for c in result.citations:
                label = article_label(verdict.book, c.article, c.clause) if verdict.book is not None else f"article {c.article}"
                lines.append(f"    {label} “{c.quote}” ({c.rule})")
        else:
            lines.append("  cited:    nothing")
        if result.note:
            lines.append(f"  note:     {result.note}")
        if result.trace:
            lines.append("  trace:")
            lines.extend(f"    - {t}" for t in result.trace)
    return "\n".join(lines)


def _fact(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


def _notes(answer: Any) -> str:
    if isinstance(answer, dict) and "any_of" in answer:
        return "; ".join(f"{'+'.join(a['all_of'])}: {a['note']}" for a in answer["any_of"] if a.get("note"))
    return ""


def _expected(expected: Any) -> str:
    if isinstance(expected, dict) and "status" in expected:
        text = f"status {expected['status']}"
        if "missing" in expected:
            text += f", missing {', '.join(expected['missing'])}"
        if "answer" in expected:
            text += f", answer {show_answer(expected['answer'])}"
        return text
    return show_answer(expected)


def _actual(actual: Any) -> str:
    if isinstance(actual, frozenset):
        return ", ".join(sorted(actual)) or "nobody"
    if isinstance(actual, dict):
        return ", ".join(f"{k} {v.isoformat()}" for k, v in actual.items())
    return show_answer(actual)


# --- deadlines -------------------------------------------------------------------------------------

def deadline_dict(result: Any, start: datetime.date, due: datetime.date | None, done: datetime.date | None) -> dict[str, Any]:
    """The JSON object of ``rulekit deadline --json``: the contract's ask object under ``result``."""
    answer = result.answer if result.status == "answered" else None
    out: dict[str, Any] = {"from": start.isoformat(), "due": due.isoformat() if due else None,
                           "relation": answer.get("relation") if answer else None,
                           "counting": answer.get("counting", "exclusive") if answer else None,
                           "result": result.to_dict()}
    if done is not None:
        out["done"] = done.isoformat()
        out["on_time"] = bool(due is not None and done <= due)
    return out


def _day(day: datetime.date) -> str:
    return f"{day.isoformat()} (星期{WEEKDAYS_ZH[day.weekday()]})"


def format_deadline(book: Any, result: Any, start: datetime.date, due: datetime.date | None,
                    done: datetime.date | None = None) -> str:
    """The due date with the rule behind it and, for working days, the days counted and skipped."""
    from ..engine.explain import article_label, format_answer, format_result
    from ..engine.vocabulary import vocabulary

    if result.status != "answered" or due is None:
        return format_result(book, result)
    spec = book.question(result.question)
    answer = result.answer
    relation = answer.get("relation", "within")
    inclusive = answer.get("counting") == "inclusive"
    strength = " [dim](原则上)[/dim]" if result.strength == "in_principle" else ""
    lines = [f"[bold]{escape(book.name)}[/bold] · {escape(spec.zh)} ([dim]{result.question}[/dim])"]
    if result.facts:
        shown = "; ".join(f"{spec.facts[n].label}={_value_label(spec, n, v)}" for n, v in result.facts.items())
        lines.append("事实: " + escape(shown))
    lines.append(f"时限: [bold]{escape(format_answer(book, spec, answer))}[/bold]{strength}")
    if relation == "before":
        lines.append(f"活动日期: {_day(start)}")
        lines.append(f"最迟报送: [bold green]{_day(due)}[/bold green]")
    else:
        counted = "(当日计入, 当日算起)" if inclusive else "(当日不计入)"
        lines.append(f"起算日期: {_day(start)} [dim]{counted}[/dim]" if answer["unit"] != "same_day"
                     else f"收到日期: {_day(start)}")
        from .calendar import provisional_days

        mark = " [yellow](暂定)[/yellow]" if due in set(provisional_days()) else ""
        lines.append(f"截止日期: [bold green]{_day(due)}[/bold green]{mark}")
    if answer["unit"] == "working_day" and answer["amount"]:
        lines.extend(_working_days(start, due, relation, inclusive))
    if done is not None:
        ok = done <= due
        word = "按时" if ok else f"逾期 {(done - due).days} 日"
        colour = "green" if ok else "red"
        lines.append(f"{'完成' if relation == 'within' else '报送'}日期: {_day(done)} [{colour}]{word}[/{colour}]")
    lines.append("依据:")
    for c in result.citations:
        lines.append(f"  [bold]{escape(article_label(book, c.article, c.clause))}[/bold] “{escape(c.quote)}” "
                     f"[dim]({escape(c.rule)})[/dim]")
    if result.note:
        lines.append(f"[dim]注: {escape(result.note)}[/dim]")
    return "\n".join(lines)


def _value_label(spec: Any, name: str, value: Any) -> str:
    fact = spec.facts[name]
    if fact.type == "bool":
        return "是" if value else "否"
    if fact.type == "set":
        return "、".join(fact.value_label(v) for v in value) or "无"
    if fact.type == "enum":
        return fact.value_label(value)
    return str(value)


def _working_days(start: datetime.date, due: datetime.date, relation: str, inclusive: bool = False) -> list[str]:
    """The working days counted (make-up days 调休 marked) and the runs of days off skipped, with the
    holidays they belong to. Within: the days after ``start`` up to ``due``; before: ``due`` up to the day
    before the event ``start``. ``inclusive`` (当日算起): ``start`` itself is among the days counted."""
    from .calendar import holiday_name, is_working_day, provisional_days

    tentative = set(provisional_days())
    shift = datetime.timedelta(days=0 if inclusive else 1)
    if relation == "before":
        first, last = due, start - shift
    else:
        first, last = start + shift, due
    counted: list[str] = []
    runs: list[list[Any]] = []  # [first day, last day, holiday names]
    day = first
    while day <= last:
        if is_working_day(day):
            counted.append(f"{day.month}/{day.day}" + ("(调休上班)" if day.weekday() >= 5 else "")
                           + ("(暂定)" if day in tentative else ""))
        else:
            name = holiday_name(day)
            on_holiday = name is not None
            if runs and runs[-1][1] == day - datetime.timedelta(days=1):
                runs[-1][1] = day
            else:
                runs.append([day, day, []])
            zh = _HOLIDAY_ZH.get(name, name) if on_holiday and name else None
            if zh and zh not in runs[-1][2]:
                runs[-1][2].append(zh)
        day += datetime.timedelta(days=1)
    shown = " ".join(counted) if len(counted) <= 40 else f"{len(counted)} 个"
    lines = [f"计入的工作日: {shown}"]
    if runs:
        parts = []
        for a, b, names in runs:
            span = f"{a.month}/{a.day}" + (f"-{b.month}/{b.day}" if b != a else "")
            parts.append(span + (f" {'、'.join(names)}" if names else ""))
        lines.append("跳过的休息日: " + ", ".join(parts))
    return [f"[dim]{escape(line)}[/dim]" for line in lines]


_HOLIDAY_ZH = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
               "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
               "Anti-Fascist 70th Day": "抗战胜利70周年纪念日"}


# --- JUnit XML -------------------------------------------------------------------------------------

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _xml_escape(_XML_BAD.sub("?", text))


def _attr(text: str) -> str:
    return quoteattr(_XML_BAD.sub("?", text))


def junit_testcase(verdict: Verdict) -> str:
    """One ``<testcase>``: a failure for a record that did not pass, an error for one that could not be read."""
    result = verdict.result
    classname = f"{result.rulebook}.{result.question}" if result is not None else "rulekit.check"
    name = verdict.name or where_text(verdict)
    attrs = f"classname={_attr(classname)} name={_attr(name)}"
    if verdict.where.file is not None:
        attrs += f" file={_attr(verdict.where.file)}"
    if verdict.where.line is not None:
        attrs += f' line="{verdict.where.line}"'
    if verdict.passed:
        return f'    <testcase {attrs} time="0"/>\n'
    tag = "error" if verdict.verdict == "error" else "failure"
    body = format_failure(verdict)
    return (f'    <testcase {attrs} time="0">\n'
            f"      <{tag} type={_attr(verdict.verdict)} message={_attr(f'{verdict.verdict_zh}: {verdict.reason_zh}')}>"
            f"{_xml(body)}</{tag}>\n"
            f"    </testcase>\n")


class JUnitWriter:
    """Writes JUnit XML in constant memory: test cases are spooled to a temporary file (on disk past 1 MB),
    one ``<testsuite>`` per input file, and the counts the header needs are written at the end."""

    def __init__(self) -> None:
        import tempfile

        self._all = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
        self._suite = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
        self._suite_name: str | None = None
        self._counts = {"tests": 0, "failures": 0, "errors": 0}
        self._totals = {"tests": 0, "failures": 0, "errors": 0}
        self._open = False

    def add(self, verdict: Verdict) -> None:
        name = verdict.where.file or "records"
        if self._open and name != self._suite_name:
            self._close_suite()
        self._suite_name, self._open = name, True
        self._suite.write(junit_testcase(verdict))
        self._counts["tests"] += 1
        if verdict.verdict == "error":
            self._counts["errors"] += 1
        elif not verdict.passed:
            self._counts["failures"] += 1

    def _close_suite(self) -> None:
        c = self._counts
        self._all.write(f'  <testsuite name={_attr(self._suite_name or "records")} tests="{c["tests"]}" '
                        f'failures="{c["failures"]}" errors="{c["errors"]}" skipped="0" time="0">\n')
        self._suite.seek(0)
        for chunk in iter(lambda: self._suite.read(1 << 16), ""):
            self._all.write(chunk)
        self._all.write("  </testsuite>\n")
        self._suite.seek(0)
        self._suite.truncate()
        for key in c:
            self._totals[key] += c[key]
            c[key] = 0
        self._open = False

    def finish(self, out: IO[str], summary: Summary | None = None) -> None:
        if self._open:
            self._close_suite()
        t = self._totals
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(f'<testsuites name="rulekit check" tests="{t["tests"]}" failures="{t["failures"]}" '
                  f'errors="{t["errors"]}" time="0">\n')
        self._all.seek(0)
        for chunk in iter(lambda: self._all.read(1 << 16), ""):
            out.write(chunk)
        out.write("</testsuites>\n")
        self._all.close()
        self._suite.close()
