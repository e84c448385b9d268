"""Checking records in partitions: ``rulekit.check`` as a pure function over the pieces of a large input.

A partition is any piece of the records — some of the files, some record mappings, some lines of a JSON Lines
file — checked on its own, in any process, by Dask, ``multiprocessing`` or a batch scheduler:

    >>> part = check_partition([{"rulebook": "yian", "question": "minutes.signer",
    ...                          "facts": {"meeting": "thematic"}, "actual": "presider"}])
    >>> part.verdicts[0]["verdict"], part.tally.line()
    ('complies', '1 passed, 0 failed')

``check_partition`` returns a ``Checked``: the verdicts as plain data (``Verdict.to_dict()``, the objects
``rulekit check --json`` prints: JSON-ready, picklable, compared with ``==``) and a ``Tally`` of them. The law,
property-tested in ``tests/test_partition.py``: for any split of the records into consecutive pieces,

    check_partition(a + b) == check_partition(a) + check_partition(b)

``+`` concatenates the verdicts (numbering the right side's ``index`` after the left's, as one run numbers
them) and adds the tallies; it is associative with ``Checked()`` as its identity, so the pieces may be
combined in any grouping (a tree reduction). ``Tally`` alone adds the same way, for a run that writes its
verdicts where they are made and brings back only the counts: ``write_partition(records, out)`` writes the lines
``rulekit check --json`` prints for the partition (through the command's own fast path, about twice as fast as
building the dicts) and returns the ``Tally``.

Nothing heavy travels with a task: a record names its rulebook (an id, a Chinese name or a path), and each
process (each thread) keeps one ``Checker`` that loads a rulebook the first time a record names it and keeps it
for every later partition, so a worker compiles (or reads from the rulekit cache) each rulebook once. A
``Verdict`` object holds its ``Rulebook`` and is not picklable; its dict is what crosses a process boundary.
A worker keeps the rulebooks it loaded for as long as it lives: after changing a rulebook, ``forget()`` in every
worker (``client.run(forget)`` on Dask) makes the next partition load it again.
"""

from __future__ import annotations

import io
import os
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from .records import Raw, read
from .verdicts import PASSING, Checker, Summary, check

__all__ = ["Checked", "Tally", "check_lines", "check_partition", "forget", "write_partition"]


@dataclass(frozen=True)
class Tally:
    """The counts of checked records, as plain data; ``a + b`` is the tally of both (associative, ``Tally()``
    is the identity). ``summary()`` is the ``Summary`` a whole run prints (``line()``, ``details()``,
    ``exit_code()``)."""

    passed: int = 0
    failed: int = 0
    verdicts: Mapping[str, int] = field(default_factory=dict)  # verdict -> records
    statuses: Mapping[str, int] = field(default_factory=dict)  # status of the rulebook's answer -> records

    @classmethod
    def of(cls, verdicts: Iterable[Mapping[str, Any]]) -> Tally:
        """The tally of verdict dicts (``Verdict.to_dict()``)."""
        passed = failed = 0
        kinds: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        for v in verdicts:
            if v["verdict"] in PASSING:
                passed += 1
            else:
                failed += 1
            kinds[v["verdict"]] += 1
            result = v.get("result")
            if result is not None:
                statuses[result["status"]] += 1
        return cls(passed, failed, dict(sorted(kinds.items())), dict(sorted(statuses.items())))

    @property
    def total(self) -> int:
        return self.passed + self.failed

    def __add__(self, other: Tally) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        return Tally(self.passed + other.passed, self.failed + other.failed,
                     _add(self.verdicts, other.verdicts), _add(self.statuses, other.statuses))

    def summary(self) -> Summary:
        out = Summary()
        out.passed, out.failed = self.passed, self.failed
        out.verdicts.update(self.verdicts)
        out.statuses.update(self.statuses)
        return out

    def line(self) -> str:
        return self.summary().line()

    def details(self) -> str:
        return self.summary().details()

    def exit_code(self) -> int:
        return self.summary().exit_code()

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "failed": self.failed, "verdicts": dict(self.verdicts),
                "statuses": dict(self.statuses)}


@dataclass(frozen=True)
class Checked:
    """The verdicts of a partition (dicts, in record order, ``index`` from 0) and their tally. ``a + b`` is the
    check of a's records followed by b's."""

    verdicts: tuple[dict[str, Any], ...] = ()
    tally: Tally = field(default_factory=Tally)

    def __add__(self, other: Checked) -> Checked:
        if not isinstance(other, Checked):
            return NotImplemented
        shift = len(self.verdicts)
        return Checked(self.verdicts + tuple(_shifted(v, shift) for v in other.verdicts), self.tally + other.tally)

    def __len__(self) -> int:
        return len(self.verdicts)

    def to_dict(self) -> dict[str, Any]:
        return {"verdicts": list(self.verdicts), "summary": self.tally.to_dict()}


def check_partition(records: Any, *, strict_roles: bool = False, fmt: str | None = None,
                    encoding: str = "utf-8") -> Checked:
    """Check one partition: what ``rulekit.check`` takes (record mappings, paths of check files, or an iterable
    of both), with the verdicts returned as dicts, numbered from 0, and their tally.

    Rulebooks are loaded once per process and thread and kept for the next partitions; nothing raises for
    bad input (a bad record or file is an ``error`` verdict naming it)."""
    checker = _checker(strict_roles)
    checker.index = 0
    verdicts = tuple(v.to_dict() for v in check(records, checker=checker, fmt=fmt, encoding=encoding))
    return Checked(verdicts, Tally.of(verdicts))


def check_lines(lines: Iterable[str | bytes], *, file: str | None = None, first_line: int = 1,
                first_record: int = 1, strict_roles: bool = False, encoding: str = "utf-8") -> Checked:
    """Check lines of a JSON Lines file (as ``dask.bag.read_text`` gives them, with or without their newline).

    ``file`` names the file in the verdicts (and is the folder relative rulebook paths are found from);
    ``first_line`` and ``first_record`` are the numbers in the file of the first line given and of its first record
    (the lines before it that are not blank, plus one), so a partition that starts inside a file still names each
    record's line and number; a whole file (``read_text(..., blocksize=None)``) starts at 1 and 1. A malformed
    line is an ``error`` verdict, as when the whole file is checked."""
    data = b"".join(_line_bytes(line, encoding) for line in lines)
    display = file if file is not None else "<lines>"
    base = Path(file).parent if file is not None else None

    def raws() -> Iterable[Any]:
        for item in read("-", fmt="jsonl", encoding=encoding, stdin=_Bytes(data), display=display):
            where = item.where
            if where.line is not None and where.record is not None:
                item.where = replace(where, line=where.line + first_line - 1, record=where.record + first_record - 1)
            if isinstance(item, Raw):
                item.base = base
            yield item

    return check_partition(raws(), strict_roles=strict_roles)


def write_partition(records: Any, out: str | os.PathLike[str] | IO[bytes], *, strict_roles: bool = False,
                    fmt: str | None = None, encoding: str = "utf-8") -> Tally:
    """Check one partition and write its verdicts to ``out`` (a path, written whole, or a binary stream) as JSON
    Lines — the lines ``rulekit check --json`` prints for these records, ``index`` from 0 — and return their
    tally. Nothing but the counts comes back: the way to check more records than one machine's memory holds.

    Records from JSON Lines files take the command's own fast path (no ``Verdict`` object per record); the
    lines are those of ``check_partition`` (``json.dumps`` of each verdict dict), held equal by a test."""
    checker = _checker(strict_roles)
    checker.index = 0
    lean = checker.memo_size > 0
    counts: Counter[tuple[bool, str, str | None]] = Counter()
    if isinstance(out, (str, os.PathLike)):
        target = Path(out)
        temporary = target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            with open(temporary, "wb") as f:
                _write(checker, _sources(records, fmt, encoding, lean), f, counts)
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    else:
        _write(checker, _sources(records, fmt, encoding, lean), out, counts)
    passed = sum(n for (ok, _, _), n in counts.items() if ok)
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for (_, kind, status), n in counts.items():
        kinds[kind] += n
        if status is not None:
            statuses[status] += n
    return Tally(passed, sum(counts.values()) - passed, dict(sorted(kinds.items())), dict(sorted(statuses.items())))


# --- helpers ---------------------------------------------------------------------------------------

_LOCAL = threading.local()
_GENERATION = [0]  # forget() starts a new one: every thread's checkers are made anew on their next partition


def forget() -> None:
    """Drop the rulebooks and answers this process's partitions keep (every thread's), so that the next partition
    loads its rulebooks again: after a rulebook changed under a long-lived worker."""
    _GENERATION[0] += 1


def _checker(strict_roles: bool) -> Checker:
    """This thread's checker for these options: its rulebooks and answers stay loaded between partitions."""
    checkers = getattr(_LOCAL, "checkers", None)
    if checkers is None or getattr(_LOCAL, "generation", None) != _GENERATION[0]:
        checkers = _LOCAL.checkers = {}
        _LOCAL.generation = _GENERATION[0]
    found = checkers.get(strict_roles)
    if found is None:
        found = checkers[strict_roles] = Checker(strict_roles=strict_roles)
    return found


def _sources(records: Any, fmt: str | None, encoding: str, lean: bool) -> Iterable[Any]:
    """What ``check`` takes, as the items ``Checker.lines`` takes: files read lean (JSON Lines records as tuples)."""
    if isinstance(records, (str, os.PathLike, Mapping)):
        records = [records]
    for item in records:
        if isinstance(item, (str, os.PathLike)):
            yield from read(item, fmt=fmt, encoding=encoding, lean=lean)
        else:
            yield item


def _write(checker: Checker, items: Iterable[Any], out: IO[bytes], counts: Counter) -> None:
    chunk: list[bytes] = []
    for line, key in checker.lines(items):
        counts[key] += 1
        chunk.append(line)
        if len(chunk) >= 512:
            out.write(b"\n".join(chunk) + b"\n")
            chunk.clear()
    if chunk:
        out.write(b"\n".join(chunk) + b"\n")


def _add(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    out = dict(a)
    for k, n in b.items():
        out[k] = out.get(k, 0) + n
    return dict(sorted(out.items()))


def _shifted(verdict: dict[str, Any], shift: int) -> dict[str, Any]:
    """A verdict of the right-hand partition numbered as in one run: ``index`` after the left's records; a record
    given in Python (no file) is numbered by its place in the run, so its ``record`` moves with it."""
    if not shift:
        return verdict
    out = dict(verdict)
    out["index"] += shift
    if out.get("file") is None and out.get("record") is not None:
        out["record"] += shift
    return out


def _line_bytes(line: str | bytes, encoding: str) -> bytes:
    raw = line if isinstance(line, bytes) else line.encode(encoding)
    return raw if raw.endswith(b"\n") else raw + b"\n"


class _Bytes:
    """Bytes shaped as the stdin ``read`` takes (a text stream with a binary ``buffer``)."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)
