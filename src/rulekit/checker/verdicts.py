"""Checking records against the rulebooks: ``rulekit check``, ``rulekit test`` and ``rulekit.check()``.

A record names a rulebook, a question and facts, and what to compare the answer with:

- ``expect``: the answer the rulebook should give (as in CONTRACT.md: an answer, or ``{status: ...}``),
  optionally with ``cite: [59, ...]``, articles the answer must cite. Verdict ``passed`` or ``failed``.
- ``actual``: what really happened. Roles questions: the role or roles that acted (ids, or titles such as
  县长; a list, or one string separated by ``,`` ``、`` ``;``); it ``complies`` when the roles include every
  role of at least one alternative of the answer, else it ``violates``. Boolean questions: true/false,
  complying when equal to the answer. Text questions: the text, complying when equal.
- dates, for deadline questions: ``received`` and ``done`` for a deadline counted from receipt (within),
  ``event`` and ``submitted`` for one counted back from an event (before); beside the other fields or
  inside ``actual``. Verdict ``on_time`` or ``late``, with the ``due`` date.

When the rulebook does not decide the question for the facts given (``needs_facts``, ``not_covered`` or
``conflict``), compliance cannot be judged: the verdict is ``undetermined``, which does not pass. A record
with both ``expect`` and ``actual`` is checked against the expectation first (``failed`` if it is not met),
then judged on the actual. A test suite can state the judgment it expects with ``verdict: violates`` (or
``complies``, ``on_time``, ``late``, ``undetermined``): the record then ``passed`` when the judgment is that
one, else ``failed``. A record that cannot be read or checked (bad JSON, unknown field, rulebook,
question, fact, value or role, missing field, a date out of the calendar's range) gives the verdict
``error``, naming its file and line; the run goes on.

``passed`` is true for the verdicts ``passed``, ``complies`` and ``on_time``, false for every other.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import unicodedata
from collections import Counter, OrderedDict
from json.encoder import encode_basestring as _json_string
from dataclasses import dataclass, field, replace
from pathlib import Path
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..engine.answers import AnswerError, parse_duration, parse_roles
from ..engine.rulebook import Rulebook, load
from .calendar import due_date
from ..errors import InputError, RulebookError, RulekitError, did_you_mean
from ..engine.evaluate import Backend, Result
from .expect import STATUSES, compare, describe_duration
from .records import DATE_KEYS, MAX_DEPTH, RECORD_KEYS, Bad, Meter, Raw, Where, plain, read, too_deep
from ..engine.vocabulary import Choice, QuestionSpec, resolve, vocabulary

__all__ = ["Checker", "Summary", "Verdict", "check", "PASSING", "VERDICTS", "VERDICTS_ZH", "chinese_reason", "parse_date", "due_for",
           "describe_deadline", "suite_files", "uncovered_questions", "show_answer"]

PASSING = ("passed", "complies", "complies_by_superior", "on_time")
VERDICTS_ZH = {"passed": "通过", "failed": "未通过", "complies": "合规", "complies_by_superior": "上级代行",
               "violates": "违规", "on_time": "按时",
               "late": "逾期", "undetermined": "无法判定", "error": "错误"}
VERDICTS = ("passed", "failed", "complies", "complies_by_superior", "violates", "on_time", "late", "undetermined",
            "error")
NO_STAND_IN = frozenset({"acting.presider"})  # questions whose own terms exclude the superior acting
JUDGMENTS = ("complies", "complies_by_superior", "violates", "on_time", "late", "undetermined")
SUITE_PATTERNS = ("cases.yaml", "*.check.yaml", "*.check.yml", "*.check.jsonl", "*.check.json", "*.check.csv")

_ALTERNATIVES = re.compile(r"\s*(?:\||或)\s*")
_CHAIN = re.compile(r"\s*(?:\+|→|&)\s*")
_SIGNERS = re.compile(r"[,，、;；+]+")
_BRACKETS = re.compile(r"\(([^()]*)\)")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


MEMO = 8192  # answers and judgments remembered by record content (see Checker._memoized)
CLASSES = 1024  # Results' JSON remembered by class (see Checker._asked)
_PLAIN = object()  # a memo's mark: the plain path checks such records


def _compact(key: bytes) -> bytes:
    """A copy of orjson's output in as much memory as it needs (orjson's bytes keep a 4 KB buffer)."""
    return bytes(memoryview(key))


def _memo_size() -> int:
    """``RULEKIT_CHECK_MEMO``: the memos' size, else ``MEMO``; 0 (or ``RULEKIT_CHECK_PLAIN=1``) turns them off."""
    if plain():
        return 0
    text = os.environ.get("RULEKIT_CHECK_MEMO", "").strip()
    return int(text) if text.isdigit() else MEMO


class RecordError(Exception):
    """A record that cannot be checked; ``field`` is the path of the offending part, for its line."""

    def __init__(self, message: str, *field: Any, result: Result | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.result = result


@dataclass(frozen=True)
class Verdict:
    """The outcome of one record. ``to_dict()`` is the object ``check --json`` prints."""

    index: int
    verdict: str
    reason: str
    result: Result | None = None
    where: Where = field(default_factory=Where)
    name: str | None = None
    due: datetime.date | None = None
    meta: Mapping[str, Any] | None = None
    expected: Any = None
    actual: Any = None
    book: Rulebook | None = field(default=None, compare=False, repr=False)
    judged: str | None = None  # the judgment on `actual` when a suite's `verdict:` turned it into passed/failed

    @property
    def verdict_zh(self) -> str:
        return VERDICTS_ZH.get(self.verdict, self.verdict)

    @property
    def reason_zh(self) -> str:
        """The reason in Chinese, with the rulebook's local titles and the deciding article quoted."""
        return chinese_reason(self)

    @property
    def answer_titles(self) -> Any:
        """The answer of a roles question with local titles in place of role ids (None otherwise)."""
        result = self.result
        if result is None or result.status != "answered" or not isinstance(result.answer, Mapping):
            return None
        if "any_of" not in result.answer:
            return None
        title = self.book.title if self.book is not None else (lambda r: r)
        return {"any_of": [{**alt, "all_of": [title(r) for r in alt["all_of"]]} for alt in result.answer["any_of"]]}

    @property
    def passed(self) -> bool:
        return self.verdict in PASSING

    @property
    def error(self) -> str | None:
        return self.reason if self.verdict == "error" else None

    @property
    def file(self) -> str | None:
        return self.where.file

    @property
    def line(self) -> int | None:
        return self.where.line

    def to_dict(self, *, with_result: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "passed": self.passed}
        if self.verdict == "error":
            out["error"] = self.reason
        if self.result is not None and with_result:
            out["result"] = self.result.to_dict()
        out["verdict"] = self.verdict
        out["verdict_zh"] = self.verdict_zh
        if self.verdict != "error":
            out["reason"] = self.reason
            out["reason_zh"] = self.reason_zh
        titles = self.answer_titles
        if titles is not None:
            out["answer_titles"] = titles
        if self.due is not None:
            out["due"] = self.due.isoformat()
        if self.name is not None:
            out["name"] = self.name
        out["file"] = self.where.file
        out["line"] = self.where.line
        out["record"] = self.where.record
        if self.meta:
            out["meta"] = _json_ready(self.meta)
        return out


class Summary:
    """Counts of a run: ``line()`` is ``N passed, N failed``; ``details()`` the breakdown."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.verdicts: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()

    def add(self, verdict: Verdict) -> None:
        if verdict.passed:
            self.passed += 1
        else:
            self.failed += 1
        self.verdicts[verdict.verdict] += 1
        if verdict.result is not None:
            self.statuses[verdict.result.status] += 1

    def tally(self, passed: bool, verdict: str, status: str | None, count: int = 1) -> None:
        """Count ``count`` verdicts of one kind (``Checker.lines`` hands out the triple)."""
        if passed:
            self.passed += count
        else:
            self.failed += count
        self.verdicts[verdict] += count
        if status is not None:
            self.statuses[status] += count

    @property
    def errors(self) -> int:
        return self.verdicts["error"]

    @property
    def total(self) -> int:
        return self.passed + self.failed

    def line(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"

    def details(self) -> str:
        s, v = self.statuses, self.verdicts
        superior = (f"{v['complies_by_superior']} complies_by_superior (上级代行), "
                    if v["complies_by_superior"] else "")
        return (f"({superior}{s['not_covered']} not_covered, {s['needs_facts']} needs_facts, {s['conflict']} conflict, "
                f"{v['undetermined']} undetermined, {v['error']} errors)")

    def exit_code(self) -> int:
        """2 when a record or file could not be read or checked, else 1 when any record failed, else 0."""
        if self.errors:
            return 2
        return 1 if self.failed else 0


class Checker:
    """Checks records one at a time. Each rulebook is loaded (compiled) once; answers to repeated
    questions with the same facts come from a small bounded cache, so memory stays flat."""

    def __init__(self, *, backend: Backend | None = None, cache_size: int = 4096, strict_roles: bool = False,
                 memo_size: int | None = None) -> None:
        """``strict_roles``: a superior acting where the rules name a delegate violates (by default it is
        ``complies_by_superior``: passes, counted apart). ``memo_size``: how many verdicts of records read from
        JSON are remembered by their content (``MEMO`` answers and as many judgments; each memo is cleared when
        full, so memory stays flat; 0: none, every record is checked in full, as with ``RULEKIT_CHECK_MEMO=0``)."""
        if memo_size is None:
            memo_size = _memo_size()
        self.memo_size = memo_size
        self._answers: dict[tuple[Any, ...], Any] = {}
        self._judgments: dict[tuple[Any, ...], Any] = {}
        self._others: dict[int, tuple[Any, str]] = {}
        self._backend = backend
        self.strict_roles = strict_roles
        self._books: dict[tuple[str, str], Rulebook | RecordError] = {}
        self._titles: dict[int, dict[str, str]] = {}
        self._results: OrderedDict[Any, Result] = OrderedDict()
        self._cache_size = cache_size
        self.index = 0

    # -- running --------------------------------------------------------------------------------

    def run(self, items: Iterable[Raw | Bad | Mapping[str, Any]]) -> Iterator[Verdict]:
        for item in items:
            yield self.check(item)

    def check(self, item: Raw | Bad | Mapping[str, Any]) -> Verdict:
        """The verdict of one record (read or given as a mapping); never raises for a bad record."""
        index = self.index
        self.index += 1
        if item.__class__ is Raw and item.key is not None and self.memo_size:
            remembered = self._remembered(index, item)
            if remembered is not None:
                return remembered
        if isinstance(item, Bad):
            return Verdict(index, "error", item.message, where=item.where)
        raw = item if isinstance(item, Raw) else Raw(item, Where(None, None, index + 1))
        data = raw.data if isinstance(raw.data, Mapping) else {}
        name = data.get("name")
        name = None if name is None else str(name)
        meta = data.get("meta") if isinstance(data.get("meta"), Mapping) else None
        return self._verdict(index, raw, name, meta)

    def _verdict(self, index: int, raw: Raw, name: str | None, meta: Mapping[str, Any] | None) -> Verdict:
        try:
            return self._check(index, raw, name, meta)
        except RecordError as exc:
            line = raw.line_of(*exc.field) if exc.field else raw.where.line
            return Verdict(index, "error", exc.message, result=exc.result, where=replace(raw.where, line=line),
                           name=name, meta=meta)

    def _remembered(self, index: int, raw: Raw) -> Verdict | None:
        """The verdict of a record read from JSON from the two memos (``_memoized``), or None (the plain path
        checks it): the remembered judgment with this record's index, Result, place, name and meta."""
        found = self._memoized(raw.data, raw.key, None if raw.base is None else str(raw.base), raw.text, raw)
        if found is None:
            return None
        (_, _, result, text, _), (template, head, tail, _) = found
        name = raw.data.get("name")
        verdict = object.__new__(Verdict)
        fields = verdict.__dict__
        fields.update(template.__dict__)
        fields["index"] = index
        fields["result"] = result
        fields["where"] = raw.where
        fields["name"] = None if name is None else str(name)
        fields["meta"] = raw.data.get("meta")  # a mapping (else the record has no key) or None
        fields["_json"] = (head, text, tail)
        return verdict

    def _memoized(self, data: Any, key: tuple[bytes, bytes], folder: str | None, text: bool,
                  raw: Raw | tuple[str | None, int | None, int | None]) -> tuple[Any, Any] | None:
        """(answer, judgment) of a record read from JSON, from two memos (each made on a miss), or None when
        either part is an error: the plain path checks such a record and words its error.

        The answers' memo is keyed by (rulebook, question, facts, folder): the rulebook, spec, Result and the
        Result's JSON (see ``_asked``). The judgments' memo is keyed by the rest of the record (expect, actual,
        cite, verdict, dates; as JSON text, see ``records.memo_key``) and the Result without its facts (its
        JSON): everything of a verdict but its Result, index, place, name and meta (see ``_judgment``).
        ``folder``: the folder relative rulebook paths are tried in, as text; ``raw``: the record, or its
        place (file, line, number) to make it from on a miss."""
        rulebook, question = data.get("rulebook"), data.get("question")
        if rulebook.__class__ is not str or question.__class__ is not str:
            return None
        rest, facts = key
        answers = self._answers
        answer = answers.get((rulebook, question, facts, folder))
        if answer is None:
            answer = self._asked(rulebook, question, data.get("facts"), None if folder is None else Path(folder))
            if len(answers) >= self.memo_size:
                answers.clear()
            answers[(rulebook, question, _compact(facts), folder)] = answer
        if answer is _PLAIN:
            return None
        judgments = self._judgments
        judged = judgments.get((rest, folder, text, answer[4]))
        if judged is None:
            if raw.__class__ is tuple:
                raw = Raw(data, Where(*raw), False, None if folder is None else Path(folder), key=key)
            judged = self._judgment(raw, answer[0], answer[1], answer[2])
            if len(judgments) >= self.memo_size:
                judgments.clear()
            judgments[(_compact(rest), folder, text, answer[4])] = judged
        if judged is _PLAIN:
            return None
        return answer, judged

    def lines(self, items: Iterable[Any]) -> Iterator[tuple[bytes, tuple[bool, str, str | None]]]:
        """``check --json`` without a ``Verdict`` per record: for each record, in order, its JSON line (as
        ``report.format_json_line``, UTF-8, without the newline) and its tally ``(passed, verdict, status)`` for
        ``Summary.tally``. ``items`` are what ``records.read(..., lean=True)`` yields: the tuples of JSON Lines
        records go through the memos (see ``_memoized``) with nothing built but the line; anything else
        through ``check``."""
        from .report import format_json_line

        string = _json_string
        shown_file, file_json = None, b"null"
        for item in items:
            if item.__class__ is tuple:
                data, key, file, line, number, folder = item
                found = self._memoized(data, key, folder, False, (file, line, number))
                if found is not None:
                    answer, judged = found
                    index = self.index
                    self.index = index + 1
                    if file is not shown_file:
                        shown_file, file_json = file, ("null" if file is None else string(file)).encode()
                    name = data.get("name")
                    meta = data.get("meta")
                    yield (b'{"index": %d, %b%b%b%b, "file": %b, "line": %d, "record": %d%b}' % (
                        index, judged[1], answer[3], judged[2],
                        b"" if name is None else b', "name": ' + string(
                            name if name.__class__ is str else str(name)).encode(),
                        file_json, line, number,
                        b"" if not meta else b', "meta": ' + json.dumps(meta, ensure_ascii=False).encode()),
                        judged[3])
                    continue
                item = Raw(data, Where(file, line, number), False, None if folder is None else Path(folder), key=key)
            verdict = self.check(item)
            yield format_json_line(verdict).encode(), (verdict.passed, verdict.verdict,
                                                       verdict.result.status if verdict.result is not None else None)

    def _asked(self, rulebook: str, question: str, facts: Any, base: Path | None) -> Any:
        """(rulebook, spec, Result, the Result's JSON, that JSON without rulebook, question and facts), or
        _PLAIN when the record's rulebook, question or facts are an error."""
        try:
            book = self.book(rulebook, base)
            spec = book.question(question)
            result = self.ask(book, spec, _fact_pairs(facts))
        except (RecordError, InputError):
            return _PLAIN
        head = ('{"rulebook": ' + _json_string(result.rulebook) + ', "question": ' + _json_string(result.question)
                + ', "facts": ' + json.dumps(result.facts, ensure_ascii=False))
        events = result.events
        found = self._others.get(id(events)) if events else None
        if found is not None and found[0] is events:
            others = found[1]
        else:
            whole = json.dumps(result.to_dict(), ensure_ascii=False)
            if not whole.startswith(head):
                return _PLAIN
            others = whole[len(head):].encode()
            if events:  # Results sharing their events (one class of a decision table) differ in facts alone
                if len(self._others) >= CLASSES:
                    self._others.clear()
                self._others[id(events)] = (events, others)
        return book, spec, result, head.encode() + others, others

    def _judgment(self, raw: Raw, book: Rulebook, spec: QuestionSpec, result: Result) -> Any:
        """(the verdict of the record, its JSON before and after the Result's, its tally for ``Summary``), or
        _PLAIN for an error."""
        try:
            self._fields(raw.data, False)  # a record read from JSON: its reader checked the depth
            verdict = self._decide(0, raw, None, None, book, spec, result, *self._parts(raw.data, spec, book, raw.text))
        except RecordError:
            return _PLAIN
        if verdict.verdict == "error":
            return _PLAIN
        rest = verdict.to_dict(with_result=False)
        if list(rest)[:2] != ["index", "passed"] or list(rest)[-3:] != ["file", "line", "record"]:
            return _PLAIN
        head = '"passed": ' + ("true" if rest["passed"] else "false") + ', "result": '
        for key in ("index", "passed", "file", "line", "record"):
            del rest[key]
        tally = (verdict.passed, verdict.verdict, result.status)
        tail = ", " + json.dumps(rest, ensure_ascii=False)[1:-1]
        return verdict, head.encode(), tail.encode(), tally

    # -- one record -----------------------------------------------------------------------------

    def _check(self, index: int, raw: Raw, name: str | None, meta: Mapping[str, Any] | None) -> Verdict:
        data = raw.data
        self._fields(data, raw.key is None)
        book = self.book(_required(data, "rulebook"), raw.base)
        try:
            spec = book.question(_required(data, "question"))
        except InputError as exc:
            raise RecordError(exc.render(), "question") from None
        pairs = _fact_pairs(data.get("facts"))
        parts = self._parts(data, spec, book, raw.text)
        result = self.ask(book, spec, pairs)
        return self._decide(index, raw, name, meta, book, spec, result, *parts)

    @staticmethod
    def _fields(data: Any, depth: bool = True) -> None:
        """The record is a mapping of known fields, with a mapping as ``meta`` (and, with ``depth``, not nested
        too deeply: records from Python come unchecked by a reader)."""
        if not isinstance(data, Mapping):
            raise RecordError(f"a record is a mapping with `rulebook`, `question`, `facts` and `expect` or `actual`, "
                              f"not {_kind(data)}")
        unknown = [str(k) for k in data if k not in RECORD_KEYS]
        if unknown:
            raise RecordError(f"unknown field `{unknown[0]}`"
                              + (f" (and {', '.join(f'`{u}`' for u in unknown[1:])})" if unknown[1:] else "")
                              + "; " + did_you_mean(unknown[0], RECORD_KEYS, accepted="fields are"), unknown[0])
        if "meta" in data and not isinstance(data["meta"], Mapping):
            raise RecordError("`meta` is a mapping", "meta")
        if depth and too_deep(dict(data)):
            raise RecordError(f"nested too deeply (over {MAX_DEPTH} levels)")

    def _parts(self, data: Mapping[str, Any], spec: QuestionSpec, book: Rulebook,
               text: bool) -> tuple[list[int] | None, str | None, Any, Any]:
        """What a record compares the answer with: (cite, the verdict it expects, the expectation, the actual)."""
        cite = _cite(data["cite"]) if data.get("cite") is not None else None
        dates = {k: data[k] for k in DATE_KEYS if k in data}
        has_actual = "actual" in data or bool(dates)
        if "expect" not in data and not has_actual and cite is None:
            raise RecordError("a record needs `expect` (the answer it should get), `actual` (what happened) or "
                              "dates (`received`/`done`, `event`/`submitted`)")
        wanted = data.get("verdict")
        if wanted is not None:
            wanted = str(wanted).strip()
            if wanted not in JUDGMENTS:
                raise RecordError(f"unknown verdict `{wanted}`; " + did_you_mean(wanted, JUDGMENTS), "verdict")
            if not has_actual:
                raise RecordError("`verdict` is the judgment expected of `actual` or the dates; the record gives neither",
                                  "verdict")
        expected = self._expectation(data["expect"], spec, book, text) if "expect" in data else None
        actual = self._actual(data.get("actual"), dates, spec, book, text, "actual" in data) if has_actual else None
        return cite, wanted, expected, actual

    def _decide(self, index: int, raw: Raw, name: str | None, meta: Mapping[str, Any] | None, book: Rulebook,
                spec: QuestionSpec, result: Result, cite: list[int] | None, wanted: str | None, expected: Any,
                actual: Any) -> Verdict:
        """The verdict of a record from the rulebook's answer and what the record compares it with."""

        def verdict(kind: str, reason: str, **more: Any) -> Verdict:
            return Verdict(index, kind, reason, result=result, where=raw.where, name=name, meta=meta,
                           expected=expected, actual=actual, book=book, **more)

        why = compare(result, expected, cite)
        if why:
            return verdict("failed", why)
        if actual is None:
            return verdict("passed", "as expected: " + _outcome(result))
        judged = self._judge(result, spec, actual, verdict, book)
        if wanted is None:
            return judged
        if judged.verdict == wanted:
            return replace(judged, verdict="passed", reason=f"as expected, {wanted}: {judged.reason}", judged=wanted)
        return replace(judged, verdict="failed", reason=f"expected {wanted}, got {judged.verdict}: {judged.reason}",
                       judged=judged.verdict)

    def _judge(self, result: Result, spec: QuestionSpec, actual: Any, verdict: Any, book: Rulebook | None = None) -> Verdict:
        if result.status != "answered":
            return verdict("undetermined", _undetermined(result))
        if spec.answer == "duration":
            return self._deadline_verdict(result, actual, verdict)
        if spec.answer == "roles":
            # who presides while the head is away cannot be the head: no superior stands in there
            superiors = book.compiled.superiors if book is not None and spec.id not in NO_STAND_IN else {}
            return verdict(*_judge_roles(result.answer, actual, superiors, self.strict_roles))
        if actual == result.answer:
            return verdict("complies", f"actual {_show_value(actual)}, as the rulebook answers")
        return verdict("violates", f"actual {_show_value(actual)}; the rulebook answers {_show_value(result.answer)}")

    def _deadline_verdict(self, result: Result, dates: dict[str, datetime.date], verdict: Any) -> Verdict:
        answer = result.answer
        relation = answer.get("relation", "within")
        if relation == "within":
            need, other = ("received", "done"), ("event", "submitted")
        else:
            need, other = ("event", "submitted"), ("received", "done")
        rule = describe_deadline(answer)
        if not all(k in dates for k in need):
            raise RecordError(f"this deadline counts {'from receipt' if relation == 'within' else 'back from an event'} "
                              f"({rule}): give `{need[0]}` and `{need[1]}`"
                              + (f", not `{'`/`'.join(k for k in other if k in dates)}`" if any(k in dates for k in other) else ""),
                              result=result)
        start, end = dates[need[0]], dates[need[1]]
        if relation == "within" and end < start:
            raise RecordError(f"`done` ({end}) is before `received` ({start})", "done", result=result)
        try:
            due = due_for(result, start)
        except ValueError as exc:
            from .calendar import WAY_ON, CalendarRangeError

            hint = f"; {WAY_ON}" if isinstance(exc, CalendarRangeError) else ""
            raise RecordError(str(exc) + hint, need[0], result=result) from None
        if answer["unit"] == "same_day":
            context = f"the same day: {'received' if relation == 'within' else 'event on'} {start}"
        elif relation == "within":
            context = f"{rule} of receipt on {start}"
        else:
            context = f"{rule} the event on {start}"
        said = f"{'done' if relation == 'within' else 'submitted'} {end}, due {due} ({context})"
        if end <= due:
            return verdict("on_time", said, due=due)
        late = (end - due).days
        principle = "; the rule holds in principle (原则上)" if result.strength == "in_principle" else ""
        return verdict("late", f"{late} day{'s' if late != 1 else ''} late: {said}{principle}", due=due)

    # -- rulebooks and answers ------------------------------------------------------------------

    def book(self, name: Any, base: Path | None = None) -> Rulebook:
        """The rulebook a record names, loaded once per checker (errors too are remembered)."""
        if isinstance(name, Rulebook):
            return name
        if not isinstance(name, str) or not name.strip():
            raise RecordError(f"`rulebook` is a rulebook id, name or path, not {_kind(name)}", "rulebook")
        name = name.strip()
        key = (name, str(base) if base is not None else "")
        found = self._books.get(key)
        if found is None:
            target: str | Path = name
            if base is not None:
                target = _beside(name, base) or name
            try:
                found = load(target, backend=self._backend)
            except RulebookError as exc:
                first = exc.problems[0].render() if exc.problems else str(exc)
                more = f" (and {len(exc.problems) - 1} more problems)" if len(exc.problems) > 1 else ""
                found = RecordError(f"rulebook `{name}` is invalid: {first}{more}", "rulebook")
            except RulekitError as exc:
                found = RecordError(exc.render(), "rulebook")
            self._books[key] = found
        if isinstance(found, RecordError):
            raise RecordError(found.message, *found.field)
        return found

    def ask(self, book: Rulebook, spec: QuestionSpec, pairs: list[tuple[str, Any]]) -> Result:
        key = None
        try:
            key = (id(book), spec.id, tuple((n, type(v).__name__, _freeze(v)) for n, v in pairs))
            hash(key)
        except TypeError:
            key = None
        if key is not None:
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
                return found
        try:
            result = book.ask(spec.id, pairs)
        except InputError as exc:
            raise RecordError(exc.render(), *_bad_fact(spec, pairs)) from None
        if key is not None:
            self._results[key] = result
            if len(self._results) > self._cache_size:
                self._results.popitem(last=False)
        return result

    def role_choices(self, book: Rulebook) -> list[Choice]:
        """The roles as a user may name them in this rulebook (local titles first), built once per rulebook."""
        found = self._titles.get(id(book))
        if found is None:
            found = self._titles[id(book)] = book.vocabulary.role_choices(book.titles)
        return found

    def role(self, name: Any, book: Rulebook, *where: Any) -> str:
        if not isinstance(name, str) or not name.strip():
            raise RecordError(f"a role is an id or a title, not {_kind(name)}", *where)
        name = name.strip()
        roles = book.vocabulary.roles
        if name in roles:
            return name
        try:
            return resolve(name, self.role_choices(book), what="role", what_zh="角色")
        except InputError as exc:
            raise RecordError(exc.render(), *where) from None

    def signer(self, cell: str, book: Rulebook, *where: Any) -> str:
        """The role in one signer of a cell: ``县长``, ``县长 李明``, ``常务副县长（受县长委托）``, ``张三(分管副县长)``.

        The title outside brackets wins; else the one inside them; else the one word of several that is a title.
        Anything else is an error naming the cell."""
        text = unicodedata.normalize("NFKC", cell).strip()
        outside = _BRACKETS.sub(" ", text).strip()
        inside = [m.strip() for m in _BRACKETS.findall(text)]
        candidates = [outside, *outside.split(), *(p for i in inside for p in (i, *i.split()))]
        for candidate in candidates:
            if not candidate:
                continue
            if candidate in book.vocabulary.roles:
                return candidate
            try:
                return resolve(candidate, self.role_choices(book), what="role", what_zh="角色", fuzzy=False)
            except InputError:
                continue
        try:
            return self.role(outside or text, book, *where)
        except RecordError as exc:
            raise RecordError(f"cannot read the signer `{cell}` (no title of a role in it): {exc.message}",
                              *where) from None

    # -- expectations and actuals ---------------------------------------------------------------

    def _expectation(self, raw: Any, spec: QuestionSpec, book: Rulebook, text: bool) -> Any:
        if raw is None:
            raise RecordError("`expect` is empty", "expect")
        if text:
            raw = _flow(raw, "expect")
        if isinstance(raw, str) and raw.strip() in STATUSES:
            return {"status": raw.strip()}
        if isinstance(raw, Mapping) and "status" in raw:
            extra = [k for k in raw if k not in ("status", "missing", "answer")]
            if extra:
                raise RecordError(f"unknown key `{extra[0]}` beside `status` in `expect`; "
                                  "it takes `missing` and `answer`", "expect", extra[0])
            status = raw["status"]
            if status not in STATUSES:
                raise RecordError(f"unknown status `{status}` in `expect`; "
                                  + did_you_mean(str(status), STATUSES), "expect", "status")
            out: dict[str, Any] = {"status": status}
            if "missing" in raw:
                missing = raw["missing"]
                missing = [missing] if isinstance(missing, str) else missing
                if not isinstance(missing, list):
                    raise RecordError("`missing` in `expect` is a list of facts", "expect", "missing")
                try:
                    out["missing"] = [spec.fact(str(m)).name for m in missing]
                except InputError as exc:
                    raise RecordError(exc.render(), "expect", "missing") from None
            if "answer" in raw:
                out["answer"] = self._answer(raw["answer"], spec, book, ("expect", "answer"))
            return out
        return self._answer(raw, spec, book, ("expect",))

    def _answer(self, raw: Any, spec: QuestionSpec, book: Rulebook, where: tuple) -> Any:
        kind = spec.answer
        try:
            if kind == "roles":
                if isinstance(raw, str):  # `head | executive_deputy`, `+` joins a chain
                    raw = {"any_of": [[r for r in _CHAIN.split(a) if r] for a in _ALTERNATIVES.split(raw.strip()) if a]
                           or None}
                return parse_roles(raw, lambda name, path: self.role(name, book, *where, *path))
            if kind == "duration":
                return parse_duration(raw)
        except AnswerError as exc:
            raise RecordError(exc.message + (f"; {exc.help}" if exc.help else ""), *where, *exc.path) from None
        if kind == "boolean":
            value = _boolean(raw)
            if value is None:
                raise RecordError(f"`{spec.id}` answers true or false, not `{raw}`", *where)
            return value
        if not isinstance(raw, str):
            raise RecordError(f"`{spec.id}` answers a text, not {_kind(raw)}", *where)
        return raw

    def _actual(self, raw: Any, dates: dict[str, Any], spec: QuestionSpec, book: Rulebook, text: bool,
                given: bool) -> Any:
        if spec.answer == "duration":
            prefix: tuple[str, ...] = ()
            if given:
                if dates:
                    raise RecordError("give the dates either inside `actual` or beside it, not both", "actual")
                if not isinstance(raw, Mapping):
                    raise RecordError("for a deadline, `actual` is `{received: DATE, done: DATE}` or "
                                      "`{event: DATE, submitted: DATE}`", "actual")
                extra = [k for k in raw if k not in DATE_KEYS]
                if extra:
                    raise RecordError(f"unknown key `{extra[0]}` in `actual`; "
                                      + did_you_mean(str(extra[0]), DATE_KEYS, accepted="dates are"), "actual", extra[0])
                dates, prefix = dict(raw), ("actual",)
            parsed = {k: parse_date(v, *prefix, k) for k, v in dates.items()}
            pairs = [("received", "done"), ("event", "submitted")]
            for first, second in pairs:
                if (first in parsed) != (second in parsed):
                    have, lack = (first, second) if first in parsed else (second, first)
                    raise RecordError(f"`{have}` is given without `{lack}`", *prefix, have)
            if len(parsed) > 2:
                raise RecordError("give `received` and `done`, or `event` and `submitted`, not both pairs", *prefix)
            return parsed
        if dates:
            raise RecordError(f"dates (`{next(iter(dates))}`) apply to deadline questions; "
                              f"`{spec.id}` answers {spec.answer}", next(iter(dates)))
        if raw is None:
            raise RecordError("`actual` is empty", "actual")
        if spec.answer == "roles":
            if isinstance(raw, str):
                names = split_signers(raw)
            elif isinstance(raw, list):
                names = raw
            else:
                raise RecordError("`actual` names the roles that acted: a role, a list of roles, "
                                  "or one string separated by `,`", "actual")
            try:
                return frozenset(self.signer(n, book, "actual") if isinstance(n, str) else self.role(n, book, "actual")
                                 for n in names)
            except RecordError as exc:
                if isinstance(raw, str) and len(names) > 1:
                    raise RecordError(exc.message.replace("cannot read the signer", f"in `{raw.strip()}`, cannot read "
                                                          "the signer", 1), *exc.field) from None
                raise
        if spec.answer == "boolean":
            value = _boolean(raw)
            if value is None:
                raise RecordError(f"`actual` for `{spec.id}` is true or false, not `{raw}`", "actual")
            return value
        if not isinstance(raw, str):
            raise RecordError(f"`actual` for `{spec.id}` is a text, not {_kind(raw)}", "actual")
        return raw.strip()


# --- reasons in Chinese ---------------------------------------------------------------------------

def chinese_reason(v: Verdict, *, quote: bool = True) -> str:
    """The reason of a verdict for a clerk or reviewer: who acted and who the rules name, by local title; the
    due date; what the rulebook lacks; the deciding article and its words."""
    if v.verdict == "error" or v.result is None:
        return v.reason
    result, book = v.result, v.book
    title = book.title if book is not None else (lambda r: r)
    spec = vocabulary().questions.get(result.question)
    answer_zh = _answer_zh(v)
    if v.verdict in ("passed", "failed") and v.judged is None:  # checked against `expect`
        if v.verdict == "passed":
            text = f"符合预期: {answer_zh or _status_zh(result)}"
        else:
            text = f"不符合预期: 期望 {_expected_zh(v)}; 规则给出 {answer_zh or _status_zh(result)}"
        return text + (_quoted(v) if quote else "")
    kind = v.judged or v.verdict
    if kind == "undetermined" or result.status != "answered":
        text = "无法判定: " + _status_zh(result)
    elif spec is not None and spec.answer == "duration":
        text = _deadline_zh(v, kind, answer_zh)
    elif spec is not None and spec.answer == "roles" and isinstance(v.actual, frozenset):
        acted = "、".join(title(r) for r in sorted(v.actual)) or "无人"
        if result.answer.get("prohibited"):
            text = f"办理人: {acted}; 规则禁止办理" if v.actual else "无人办理; 规则禁止办理"
        elif kind == "complies_by_superior" or (kind == "violates" and "a superior acted" in v.reason):
            stand_in = _by_superior(result.answer["any_of"], vocabulary().fill(v.actual),
                                    book.compiled.superiors if book is not None else {})
            named = "→".join(title(r) for r in stand_in[0]["all_of"]) if stand_in else answer_zh
            links = "、".join(f"{title(up)}在{title(role)}之上({_article(v, superiors_cite(book, role, up))})"
                             for role, up in (stand_in[1] if stand_in else []))
            text = f"签署/办理: {acted}; 规则所定为「{named}」, 由上级代行: {links}"
            if kind == "violates":
                text += " (--strict-roles: 视为违规)"
        elif kind == "complies":
            met = next((a for a in result.answer["any_of"] if set(a["all_of"]) <= v.actual), None)
            shown = "→".join(title(r) for r in met["all_of"]) if met is not None else answer_zh
            text = f"签署/办理: {acted}; 符合「{shown}」"
            if met is not None and met.get("note"):
                text += f" (条件未核对: {met['note']})"
        else:
            text = f"签署/办理: {acted}; 应由 {answer_zh}"
            partial = [a for a in result.answer["any_of"] if set(a["all_of"]) & v.actual and len(a["all_of"]) > 1]
            if partial:
                lack = "、".join(title(r) for r in partial[0]["all_of"] if r not in v.actual)
                text += f" (缺 {lack})"
    else:
        shown = _value_zh(v.actual)
        text = f"实际: {shown}; 规则答案: {answer_zh}"
    if v.judged is not None:
        if v.verdict == "passed":
            text = f"如预期, {VERDICTS_ZH.get(v.judged, v.judged)}: {text}"
        else:
            text = f"与预期的结论不同, 实为{VERDICTS_ZH.get(v.judged, v.judged)}: {text}"
    return text + (_quoted(v) if quote else "")


def superiors_cite(book: Rulebook | None, role: str, up: str) -> tuple[int, int | None, str] | None:
    if book is None:
        return None
    return book.compiled.superiors.get(role, {}).get(up)


def _article(v: Verdict, cite: tuple[int, int | None, str] | None) -> str:
    if cite is None:
        return ""
    article, clause, quote = cite
    if v.book is not None:
        from ..engine.explain import article_label

        return f"{article_label(v.book, article, clause)} “{quote}”"
    return f"第{article}条 “{quote}”"


def _answer_zh(v: Verdict) -> str:
    result = v.result
    if result is None or result.status != "answered":
        return ""
    spec = vocabulary().questions.get(result.question)
    if spec is None or v.book is None:
        return show_answer(result.answer)
    from ..engine.explain import format_answer

    return format_answer(v.book, spec, result.answer)


def _expected_zh(v: Verdict) -> str:
    expected = v.expected
    result = v.result
    spec = vocabulary().questions.get(result.question) if result is not None else None
    if isinstance(expected, Mapping) and "status" in expected:
        text = _STATUS_ZH.get(expected["status"], expected["status"])
        if expected.get("missing"):
            text += " (" + "、".join(_fact_zh(result.question, m) for m in expected["missing"]) + ")"
        return text
    if spec is not None and v.book is not None and expected is not None:
        from ..engine.explain import format_answer

        return format_answer(v.book, spec, expected)
    return show_answer(expected)


_STATUS_ZH = {"answered": "已有答案", "needs_facts": "还需要事实", "not_covered": "规则未作规定",
              "conflict": "规则冲突(规则库缺陷)"}


def _fact_zh(question: str, name: str) -> str:
    spec = vocabulary().questions.get(question)
    fact = spec.facts.get(name) if spec is not None else None
    return fact.label if fact is not None else name


def _status_zh(result: Result) -> str:
    if result.status == "needs_facts":
        return "还需要事实 " + "、".join(f"{_fact_zh(result.question, m)} ({m})" for m in result.missing)
    if result.status == "not_covered":
        return "规则对此未作规定 (not_covered)"
    if result.status == "conflict":
        return "规则相互冲突 (conflict, 规则库缺陷)"
    return _STATUS_ZH.get(result.status, result.status)


def _value_zh(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _deadline_zh(v: Verdict, kind: str, answer_zh: str) -> str:
    dates = v.actual if isinstance(v.actual, Mapping) else {}
    relation = v.result.answer.get("relation", "within") if v.result is not None else "within"
    if relation == "within":
        start, end = dates.get("received"), dates.get("done")
        text = f"收到 {start}, 办结 {end}, 时限 {answer_zh}, 截止 {v.due}"
    else:
        start, end = dates.get("event"), dates.get("submitted")
        text = f"活动 {start}, 报送 {end}, 时限 {answer_zh}, 最迟 {v.due}"
    if kind == "late" and end is not None and v.due is not None:
        text = f"逾期 {(end - v.due).days} 日: " + text
        if v.result is not None and v.result.strength == "in_principle":
            text += " (规则为“原则上”)"
    return text


def _quoted(v: Verdict) -> str:
    result = v.result
    if result is None or not result.citations:
        return ""
    c = result.citations[0]
    if v.book is not None:
        from ..engine.explain import article_label

        label = article_label(v.book, c.article, c.clause)
    else:
        label = f"第{c.article}条" + (f"第({c.clause})项" if c.clause else "")
    more = f" 等 {len(result.citations)} 条" if len(result.citations) > 1 else ""
    return f"; 依据{label}{more}: “{c.quote}”"


# --- verdict helpers -------------------------------------------------------------------------------

def _judge_roles(answer: Mapping[str, Any], actual: frozenset[str], superiors: Mapping[str, Any] | None = None,
                 strict: bool = False) -> tuple[str, str]:
    acted = ", ".join(sorted(actual)) or "nobody"
    if answer.get("prohibited"):
        if actual:
            return "violates", f"acted: {acted}; the rulebook prohibits this"
        return "complies", "nobody acted; the rulebook prohibits this"
    alternatives = answer["any_of"]
    held = vocabulary().fill(actual)  # 县长 acting fills 县政府领导 (a role `met_by` others)
    met = [alt for alt in alternatives if set(alt["all_of"]) <= held]
    if met:
        alt = met[0]
        condition = f" (on condition, not checked: {alt['note']})" if alt.get("note") else ""
        return "complies", f"acted: {acted}; meets {'+'.join(alt['all_of'])}{condition}"
    stand_in = _by_superior(alternatives, held, superiors or {})
    if stand_in is not None:
        alt, pairs = stand_in
        links = ", ".join(f"{up} above {role} (article {superiors[role][up][0]})" for role, up in pairs)
        if not strict:
            return "complies_by_superior", f"acted: {acted}; requires {'+'.join(alt['all_of'])}, a superior acted: {links}"
        return "violates", (f"acted: {acted}; requires {show_answer(answer)} (a superior acted: {links}; "
                            "--strict-roles)")
    reason = f"acted: {acted}; requires {show_answer(answer)}"
    partial = [alt for alt in alternatives if set(alt["all_of"]) & held and len(alt["all_of"]) > 1]
    if partial:
        alt = partial[0]
        reason += f" ({'+'.join(alt['all_of'])} lacks {', '.join(r for r in alt['all_of'] if r not in held)})"
    return "violates", reason


def _by_superior(alternatives: list[Mapping[str, Any]], held: frozenset[str],
                 superiors: Mapping[str, Mapping[str, Any]]) -> tuple[Mapping[str, Any], list[tuple[str, str]]] | None:
    """The first alternative met when a role above a named one (by the rulebook's chain of authority) stands in
    for it, with the (named role, superior) pairs; a role of the same chain never stands in for another of it."""
    for alt in alternatives:
        pairs = []
        for role in alt["all_of"]:
            if role in held:
                continue
            up = next((r for r in sorted(held) if r in superiors.get(role, {}) and r not in alt["all_of"]), None)
            if up is None:
                break
            pairs.append((role, up))
        else:
            if pairs:
                return alt, pairs
    return None


def split_signers(cell: str) -> list[str]:
    """The signers of one cell: separated by ``,`` ``，`` ``、`` ``;`` ``+`` (not inside brackets), or by spaces
    where every word is a title of its own (``县长 常务副县长``; ``县长 李明`` stays one signer)."""
    text = unicodedata.normalize("NFKC", cell).strip()
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if depth == 0 and _SIGNERS.fullmatch(ch):
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    out = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        words = part.split()
        if len(words) > 1 and "(" not in part and all(w in vocabulary().roles or _is_title(w) for w in words):
            out.extend(words)
        else:
            out.append(part)
    return out


def _is_title(word: str) -> bool:
    return any(word == label for role in vocabulary().roles.values() for label in role.zh)


def _undetermined(result: Result) -> str:
    if result.status == "needs_facts":
        return f"cannot judge: the rulebook needs the facts {', '.join(result.missing)}"
    if result.status == "not_covered":
        return "cannot judge: the rulebook does not decide this case (not_covered)"
    return "cannot judge: the rulebook's rules conflict here (conflict, a defect of the rulebook)"


def _outcome(result: Result) -> str:
    if result.status == "answered":
        return show_answer(result.answer)
    if result.status == "needs_facts":
        return f"needs_facts {', '.join(result.missing)}"
    return result.status


def show_answer(answer: Any) -> str:
    """An answer in one short line: ``head | executive_deputy+party_committee``, ``7 working days within``."""
    if isinstance(answer, Mapping) and "any_of" in answer:
        return " | ".join("+".join(alt["all_of"]) for alt in answer["any_of"])
    if isinstance(answer, Mapping) and answer.get("prohibited"):
        return "prohibited"
    if isinstance(answer, Mapping) and "unit" in answer:
        return describe_deadline(answer)
    return _show_value(answer)


def _show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset):
        return ", ".join(sorted(value)) or "nobody"
    return str(value)


def describe_deadline(answer: Mapping[str, Any]) -> str:
    """``within 7 working days``, ``2 days before``, ``within 1 month``, ``the same day``."""
    return describe_duration(dict(answer))


def due_for(result: Result, start: datetime.date) -> datetime.date:
    """The due date of an answered deadline question, counted from ``start`` (receipt, or the event for a
    "before" deadline). Raises ``ValueError`` (``CalendarRangeError`` outside the working-day data)."""
    answer = result.answer
    if result.status != "answered" or not isinstance(answer, Mapping) or "unit" not in answer:
        raise ValueError(f"`{result.question}` gave no deadline ({result.status})")
    return due_date(start, answer["amount"], answer["unit"], answer.get("relation", "within"),
                    answer.get("counting", "exclusive"))


def parse_date(value: Any, *where: Any) -> datetime.date:
    """A date from a YAML/JSON value or text: ``2025-09-26``, ``2025/9/26``, ``2025年9月26日``, a date-time."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        m = _DATE.fullmatch(value.strip())
        if m:
            try:
                return datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as exc:
                raise RecordError(f"`{value}` is not a date: {exc}", *where) from None
    name = where[-1] if where else "date"
    raise RecordError(f"`{name}` is a date (YYYY-MM-DD), not `{value}`", *where)


def _beside(name: str, base: Path) -> Path | None:
    """A rulebook named relative to the records file: a relative path from its folder, or, in a rulebook's own
    folder (its test suite), the rulebook there when ``name`` is its id or its folder's name."""
    if "/" in name or "\\" in name or name.endswith((".yaml", ".yml")):
        candidate = base / name
        return candidate if not Path(name).is_absolute() and candidate.exists() else None
    sibling = base / "rulebook.yaml"
    if not sibling.is_file():
        return None
    if name == base.resolve().name:
        return sibling
    try:
        with open(sibling, encoding="utf-8") as f:
            for _, line in zip(range(40), f):
                if line.startswith("id:"):
                    return sibling if line.split(":", 1)[1].split("#")[0].strip().strip("'\"") == name else None
    except (OSError, UnicodeDecodeError):
        return None
    return None


# --- small readers ---------------------------------------------------------------------------------

def _required(data: Mapping[str, Any], key: str) -> Any:
    if key not in data or data[key] is None or data[key] == "":
        raise RecordError(f"missing field `{key}`")
    return data[key]


def _fact_pairs(raw: Any) -> list[tuple[str, Any]]:
    if raw is None:
        return []
    if isinstance(raw, Mapping):
        return [(str(k), v) for k, v in raw.items()]
    if isinstance(raw, list) and all(isinstance(p, tuple) and len(p) == 2 for p in raw):
        return list(raw)
    if isinstance(raw, str):
        pairs = []
        for part in re.split(r"[;；]", raw):
            if not part.strip():
                continue
            if "=" not in part:
                raise RecordError(f"`facts` holds NAME=VALUE pairs separated by `;`, not `{part.strip()}`", "facts")
            name, _, value = part.partition("=")
            pairs.append((name.strip(), value.strip()))
        return pairs
    raise RecordError(f"`facts` is a mapping of fact names to values, not {_kind(raw)}", "facts")


def _bad_fact(spec: QuestionSpec, pairs: list[tuple[str, Any]]) -> tuple:
    """The path of the first fact that does not parse (for its line)."""
    seen = set()
    for name, value in pairs:
        try:
            fact = spec.fact(name)
            if fact.name in seen:
                return ("facts", name)
            seen.add(fact.name)
            fact.parse(value)
        except InputError:
            return ("facts", name)
    return ("facts",)


def _cite(raw: Any) -> list[int]:
    items = raw if isinstance(raw, list) else re.split(r"[,，\s]+", raw.strip()) if isinstance(raw, str) else [raw]
    out = []
    for item in items:
        if isinstance(item, bool):
            raise RecordError(f"`cite` lists article numbers, not `{item}`", "cite")
        if isinstance(item, int):
            out.append(item)
        elif isinstance(item, str) and item.strip().isdigit():
            out.append(int(item))
        elif not (isinstance(item, str) and not item.strip()):
            raise RecordError(f"`cite` lists article numbers, not `{item}`", "cite")
    return out


def _boolean(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in ("true", "yes", "是", "y", "t", "1"):
            return True
        if word in ("false", "no", "否", "n", "f", "0"):
            return False
    return None


def _flow(raw: Any, name: str) -> Any:
    """A CSV cell that holds a YAML/JSON mapping or list (``{status: not_covered}``) becomes that value."""
    if isinstance(raw, str) and raw.strip().startswith(("{", "[")):
        import yaml

        try:
            return yaml.safe_load(raw)
        except yaml.YAMLError:
            raise RecordError(f"`{name}` is not a readable YAML/JSON value: `{raw}`", name) from None
    return raw


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def _json_ready(value: Any) -> Any:
    """A record's ``meta`` as JSON holds it: YAML reads ``2025-01-02`` as a date and ``!!set`` as a set; dates
    become ISO text, sets sorted lists, tuples lists (JSON records are returned as they are)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k if isinstance(k, (str, int, float, bool)) or k is None else str(_json_ready(k)): _json_ready(v)
                for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_json_ready(v) for v in value), key=lambda v: (type(v).__name__, str(v)))
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    if isinstance(value, str):
        return f"`{value}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


# --- the Python API --------------------------------------------------------------------------------

def _items(source: Any, fmt: str | None, encoding: str, meter: Meter | None,
           strict_columns: bool = False) -> Iterator[Raw | Bad | Mapping[str, Any]]:
    if isinstance(source, (str, os.PathLike)):
        yield from read(source, fmt=fmt, encoding=encoding, meter=meter, strict_columns=strict_columns)
    elif isinstance(source, (Mapping, Raw, Bad)):
        yield source
    else:
        for item in source:
            if isinstance(item, (str, os.PathLike)):
                yield from read(item, fmt=fmt, encoding=encoding, meter=meter, strict_columns=strict_columns)
            elif isinstance(item, (Mapping, Raw, Bad)):
                yield item
            else:
                yield Raw(item)


def check(records: Any, *, fmt: str | None = None, encoding: str = "utf-8", checker: Checker | None = None,
          meter: Meter | None = None, strict_columns: bool = False, strict_roles: bool = False) -> Iterator[Verdict]:
    """Check records lazily, yielding a ``Verdict`` for each, in order.

    ``records`` is a path to a check file (YAML, JSON Lines, JSON or CSV; ``"-"`` for stdin), a record
    mapping, or an iterable of record mappings and paths. Records are read and checked one at a time, so a
    generator or a long file is consumed as the verdicts are taken. Bad records give ``error`` verdicts;
    nothing raises for bad input.

        >>> for v in rulekit.check([{"rulebook": "yian", "question": "minutes.signer",
        ...                          "facts": {"meeting": "thematic"}, "actual": "presider"}]):
        ...     v.verdict, v.passed, v.reason
        ('complies', True, 'acted: presider; meets presider')
    """
    checker = checker or Checker(strict_roles=strict_roles)
    return checker.run(_items(records, fmt, encoding, meter, strict_columns))


# --- rulebook test suites ----------------------------------------------------------------------------

def suite_files(directory: Path) -> list[Path]:
    """A rulebook's test suite: ``cases.yaml`` and any ``*.check.{yaml,yml,jsonl,json,csv}`` beside it."""
    found: list[Path] = []
    for pattern in SUITE_PATTERNS:
        found += sorted(p for p in directory.glob(pattern) if p.is_file() and p not in found)
    return found


def uncovered_questions(book: Rulebook, files: Iterable[Path]) -> list[str]:
    """The questions ``book`` decides for which the suite files hold no record."""
    asked: set[str] = set()
    for path in files:
        for item in read(path):
            if isinstance(item, Raw) and isinstance(item.data, Mapping):
                question = item.data.get("question")
                try:
                    asked.add(book.question(str(question)).id)
                except InputError:
                    continue
    return [q for q in book.decides() if q not in asked]
