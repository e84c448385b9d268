"""Reading check records from files, one at a time: YAML, JSON Lines, JSON and CSV.

``read(path)`` yields a ``Raw`` for every record and a ``Bad`` for every record (or file) that cannot be
read, in file order, each with its file, line and record number. Nothing is skipped silently: a blank line
of a JSON Lines file or an empty CSV row is not a record; everything else is either a record or a ``Bad``.

Streaming: JSON Lines and CSV are read a line at a time, in constant memory. YAML is read an item at a time
(the items of a top-level list, or one record per document of a ``---`` stream) from the parser's events, so a
long YAML list streams too. A ``.json`` file holding one JSON array is read whole (that is what JSON is);
a ``.json`` file of one object per line is JSON Lines.

The format comes from the extension (``.yaml .yml``, ``.jsonl .ndjson``, ``.json``, ``.csv``, ``.tsv``),
or is named (``fmt=``); for ``-`` (stdin) and unknown extensions it is sniffed from the first line.

CSV columns (a header row is required; any order; empty cells are absent values):
``rulebook``, ``question``, ``facts`` (``NAME=VALUE;NAME=VALUE``), ``fact.NAME`` (one column per fact),
``expect``, ``actual``, ``name``, ``cite`` (``59`` or ``59,61``), ``received``, ``done``, ``event``,
``submitted``, ``verdict``, and ``meta.KEY`` (passed through to the output untouched). Cells of CSV records are text:
``Raw.text`` is true and the checker reads ``expect``/``actual`` as text (see ``verdicts``).
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterable, Iterator

from orjson import dumps as _dumps, loads as _loads

from ..errors import did_you_mean

if TYPE_CHECKING:
    from ..engine.parse import Locations

__all__ = ["Bad", "FORMATS", "Meter", "Raw", "Where", "memo_key", "plain", "read", "RECORD_KEYS", "CSV_COLUMNS"]

FORMATS = ("yaml", "jsonl", "json", "csv", "tsv")
EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
              ".csv": "csv", ".tsv": "tsv"}
DATE_KEYS = ("received", "done", "event", "submitted")
RECORD_KEYS = ("name", "rulebook", "question", "facts", "expect", "actual", "cite", *DATE_KEYS, "verdict", "meta")
CSV_COLUMNS = ("name", "rulebook", "question", "facts", "expect", "actual", "cite", *DATE_KEYS, "verdict")
STDIN = "<stdin>"


@dataclass(frozen=True)
class Where:
    """Where a record stands: its file (``None`` for records given in Python), first line, and number in
    the file (1-based)."""

    file: str | None = None
    line: int | None = None
    record: int | None = None

    def __str__(self) -> str:
        if self.file is None:
            return f"record {self.record}" if self.record else "record"
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        elif self.record is not None:
            text += f" record {self.record}"
        return text


@dataclass
class Raw:
    """One record as read: plain data, where it stands, and the lines of its fields when known."""

    data: Any
    where: Where = field(default_factory=Where)
    text: bool = False                    # CSV: every value is a string to be read as text
    base: Path | None = None              # the folder relative rulebook paths are tried in first
    locations: Locations | None = None    # YAML: the line of each field
    key: tuple[bytes, bytes] | None = None  # JSON records: see memo_key (the checker's memo)

    def line_of(self, *path: Any) -> int | None:
        if self.locations is not None:
            return self.locations.of(tuple(path), key=True)[0]
        return self.where.line


@dataclass
class Bad:
    """A record (or a whole file, when ``where.record`` is None) that could not be read."""

    message: str
    where: Where


MAX_RECORD_NODES = 10_000  # values in one YAML record, aliases expanded (a record holds tens)
MAX_DEPTH = 64  # as for rulebooks: no record needs more, and deeper ones exhaust the stack downstream


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and mappings nest more than ``limit`` levels (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class Meter:
    """How far the reading has got, in bytes, for a progress bar: ``done`` of ``total`` (None if unknown)."""

    def __init__(self) -> None:
        self.total: int | None = 0
        self._finished = 0
        self._current: _Input | None = None

    def add_file(self, size: int | None) -> None:
        if size is None or self.total is None:
            self.total = None
        else:
            self.total += size

    @property
    def done(self) -> int:
        return self._finished + (self._current.consumed if self._current is not None else 0)

    def _open(self, stream: _Input) -> None:
        self._current = stream

    def _close(self) -> None:
        if self._current is not None:
            self._finished += self._current.consumed
            self._current = None


class _Input:
    """A binary stream that counts what was consumed and can peek at its beginning (for sniffing)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.buffer = b""
        self.consumed = 0

    def peek(self, size: int = 8192) -> bytes:
        while len(self.buffer) < size:
            chunk = self.raw.read(size - len(self.buffer))
            if not chunk:
                break
            self.buffer += chunk
        return self.buffer[:size]

    def read(self, size: int = -1) -> bytes:
        if self.buffer:
            if size is None or size < 0:
                data, self.buffer = self.buffer + self.raw.read(), b""
            else:
                data, self.buffer = self.buffer[:size], self.buffer[size:]
        else:
            data = self.raw.read() if size is None or size < 0 else self.raw.read(size)
        self.consumed += len(data)
        return data

    def readline(self) -> bytes:
        if self.buffer:
            end = self.buffer.find(b"\n")
            if end >= 0:
                line, self.buffer = self.buffer[: end + 1], self.buffer[end + 1:]
            else:
                line, self.buffer = self.buffer + self.raw.readline(), b""
        else:
            line = self.raw.readline()
        self.consumed += len(line)
        return line

    def lines(self) -> Iterator[bytes]:
        """The lines of the rest of the stream (each with its ``\\n``, the last one perhaps without), read in
        blocks of what is available (``read1``: a pipe's records are not held back waiting for a full block)."""
        read1 = getattr(self.raw, "read1", None)
        if read1 is None:
            while True:
                line = self.readline()
                if not line:
                    return
                yield line
        pending = self.buffer
        self.buffer = b""
        while True:
            chunk = read1(1 << 16)
            if not chunk:
                if pending:  # what was peeked at and never followed, or a last line without a newline
                    self.consumed += len(pending)
                    end = pending.rfind(b"\n") + 1
                    if end:
                        yield from _split_lf(pending[:end])
                    if pending[end:]:
                        yield pending[end:]
                return
            if pending:
                chunk = pending + chunk
            end = chunk.rfind(b"\n") + 1
            if not end:
                pending = chunk
                continue
            pending = chunk[end:]
            self.consumed += end
            yield from _split_lf(chunk[:end])


def _split_lf(block: bytes) -> list[bytes]:
    """The lines of a block ending in ``\\n``, each with its ``\\n``, split at ``\\n`` only (a lone ``\\r`` is
    inside a line, as for ``readline``)."""
    if b"\r" not in block:
        return block.splitlines(keepends=True)  # the same lines when \n is the only line break in the block
    parts = block.split(b"\n")
    parts.pop()  # the empty string after the last newline
    return [part + b"\n" for part in parts]


class _FileError(Exception):
    """Reading a file cannot go on; the records read so far stand."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def format_of(path: str, fmt: str | None = None) -> str | None:
    """The format named, or the one the extension tells (None: sniff the content)."""
    if fmt and fmt != "auto":
        return fmt
    if path == "-":
        return None
    return EXTENSIONS.get(Path(path).suffix.lower())


def read(path: str | os.PathLike[str], *, fmt: str | None = None, encoding: str = "utf-8",
         meter: Meter | None = None, stdin: IO[Any] | None = None, display: str | None = None,
         strict_columns: bool = False, warn: Callable[[str], None] | None = None,
         lean: bool = False) -> Iterator[Raw | Bad]:
    """Yield the records of one file (``-`` for stdin), lazily. ``display`` is the name shown for the file.

    ``lean`` (for ``Checker.lines``): a JSON Lines record that orjson reads is yielded as a plain tuple
    ``(data, key, file, line, number, folder)`` instead of a ``Raw``, which costs less to make (``folder``: the
    file's folder as a string, or None for stdin).

    A CSV column rulekit does not know (an OA export's 日期, 密级, 主题词) is kept as ``meta.NAME`` and passed
    through, with one warning per file given to ``warn`` (else ``warnings.warn``); ``strict_columns`` makes it an
    error of the header instead."""
    name = str(path)
    display = display or (STDIN if name == "-" else name)
    if fmt not in (None, "auto") and fmt not in FORMATS:
        yield Bad(f"unknown input format `{fmt}`; {did_you_mean(fmt, FORMATS, accepted='accepted')}", Where(display))
        return
    base = None if name == "-" else Path(name).parent
    try:
        if name == "-":
            source = stdin if stdin is not None else sys.stdin
            raw = getattr(source, "buffer", None)
            if raw is None:  # a text stream without a binary buffer
                import io

                raw = io.BytesIO(source.read().encode("utf-8"))
            size = None
        else:
            p = Path(name)
            if p.is_dir():
                yield Bad("is a directory, not a file of records", Where(display))
                return
            raw = open(p, "rb")  # noqa: SIM115 - closed below
            size = p.stat().st_size
    except FileNotFoundError:
        yield Bad("file not found", Where(display))
        return
    except OSError as exc:
        yield Bad(f"cannot read file: {exc.strerror or exc}", Where(display))
        return
    stream = _Input(raw)
    if meter is not None:
        meter.add_file(size)
        meter._open(stream)
    count = 0
    try:
        kind = format_of(name, fmt) or _sniff(stream)
        from functools import partial

        read_csv = partial(_read_csv, strict_columns=strict_columns, warn=warn)
        folder = (None if base is None else str(base), base) if lean else None
        read_jsonl = partial(_read_jsonl, lean=folder)
        read_json = partial(_read_json, lean=folder)
        readers: dict[str, Callable[..., Iterator[Raw | Bad]]] = {
            "yaml": _read_yaml, "jsonl": read_jsonl, "json": read_json, "csv": read_csv, "tsv": read_csv}
        if lean and kind == "jsonl":  # its reader sets the base and never raises _FileError
            yield from read_jsonl(stream, display, encoding, kind)
            return
        for item in readers[kind](stream, display, encoding, kind):
            if isinstance(item, Raw):
                item.base = base
            count += 1
            yield item
    except _FileError as exc:
        yield Bad(exc.message + ("; the rest of the file is not read" if count else ""), Where(display, exc.line))
    except OSError as exc:
        yield Bad(f"cannot read file: {exc.strerror or exc}", Where(display))
    finally:
        if meter is not None:
            meter._close()
        if name != "-":
            raw.close()


def _sniff(stream: _Input) -> str:
    head = stream.peek()
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "jsonl"
    if stripped.startswith("["):
        return "json"
    first = text.splitlines()[0] if text else ""
    for delimiter, kind in (("\t", "tsv"), (",", "csv")):
        if delimiter in first:
            columns = [c.strip() for c in next(csv.reader([first], delimiter=delimiter))]
            if "rulebook" in columns and all(_csv_column_ok(c) for c in columns):
                return kind
    return "yaml"


def _decode(line: bytes, number: int, encoding: str) -> str:
    try:
        text = line.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        if isinstance(exc, LookupError):
            raise _FileError(f"unknown encoding `{encoding}`") from None
        raise _FileError(f"line {number} is not {encoding} text (byte {exc.start + 1}); "
                         "give the file's encoding with --encoding (e.g. gb18030)", number) from None
    if number == 1:
        text = text.lstrip("\ufeff")
    return text


# --- JSON Lines and JSON ---------------------------------------------------------------------------

def memo_key(data: Any) -> tuple[bytes, bytes] | None:
    """The memo key of a record parsed from JSON: (the record without ``name``, ``meta`` and ``facts``, its
    ``facts``), each as compact JSON text; None when the record is not a mapping or its ``meta`` is not one (an
    error the checker reports). ``name`` and ``meta`` only pass through to the verdict. The text keeps every
    distinction the checker makes between values parsed from JSON (1, 1.0 and true; the order of keys), so equal
    keys get equal verdicts. ``data`` keeps its keys and values (``facts``, ``name`` and ``meta`` move to its end)."""
    if data.__class__ is not dict:
        return None
    meta = data.pop("meta", _ABSENT)
    if meta is not _ABSENT and meta.__class__ is not dict:
        data["meta"] = meta
        return None
    name = data.pop("name", _ABSENT)
    facts = data.pop("facts", _ABSENT)
    key = (_dumps(data), b"" if facts is _ABSENT else _dumps(facts))
    if facts is not _ABSENT:
        data["facts"] = facts
    if name is not _ABSENT:
        data["name"] = name
    if meta is not _ABSENT:
        data["meta"] = meta
    return key


def plain() -> bool:
    """``RULEKIT_CHECK_PLAIN=1``: records are read by the standard library's json, and checked and written one
    at a time with no memo — the path before the fast one, kept for comparisons (benchmarks, tests)."""
    return os.environ.get("RULEKIT_CHECK_PLAIN", "") not in ("", "0")


_ABSENT = object()
_DIGITS = bytes(0x39 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))  # every digit a 9, the rest blank
_NINETEEN_DIGITS = b"9" * 19  # 19 digits in a row: perhaps an integer past 64 bits
_SHAPE = bytes(0x39 if 0x30 <= b <= 0x39 else 0x5B if b in b"[{" else 0x20 for b in range(256))  # and [ { as [
_UTF8 = ("utf8", "utf_8", "u8")


def _read_jsonl(stream: _Input, display: str, encoding: str, kind: str,
                lean: tuple[str | None, Path | None] | None = None) -> Iterator[Raw | Bad]:
    """One record per line. A line orjson reads (UTF-8, strict JSON) is a record at once; any other line (blank,
    a byte-order mark, another encoding, malformed or NaN-bearing JSON, a lone surrogate, a number past 64 bits)
    is read as before by the standard library, so the records and messages are the same either way. ``lean``:
    (folder, base) — yield the records of mappings as tuples for ``Checker.lines`` (see ``read``), and set the
    base of the others."""
    if encoding.replace("-", "_").lower() not in _UTF8 or plain():
        yield from _plain_lines(enumerate(stream.lines(), start=1), display, encoding, 0)
        return
    if lean is not None:
        yield from _lean_jsonl(stream, display, encoding, *lean)
        return
    number = 0
    loads = _loads
    for lineno, line in enumerate(stream.lines(), start=1):
        try:
            if _NINETEEN_DIGITS in line.translate(_DIGITS):  # orjson reads an integer past 64 bits as a float,
                raise ValueError                                # json as an int
            data = loads(line)
        except ValueError:
            for item in _plain_lines(((lineno, line),), display, encoding, number):
                number += 1
                yield item
            continue
        number += 1
        # a line holding at most MAX_DEPTH brackets cannot nest deeper than that
        if line.count(b"[") + line.count(b"{") > MAX_DEPTH and too_deep(data):
            yield Bad(f"nested too deeply (over {MAX_DEPTH} levels)", Where(display, lineno, number))
            continue
        yield Raw(data, Where(display, lineno, number), key=memo_key(data))


def _lean_jsonl(stream: _Input, display: str, encoding: str, folder: str | None,
                base: Path | None) -> Iterator[Any]:
    """``_read_jsonl`` for ``Checker.lines``: a line orjson reads as a mapping (its ``meta`` a mapping too), not
    nested past MAX_DEPTH (a line of at most MAX_DEPTH brackets cannot be), is yielded as the tuple
    ``(data, key, file, line, number, folder)`` with ``memo_key``'s key; every other line as ``_read_jsonl``
    does."""
    loads, shape, nineteen = _loads, _SHAPE, _NINETEEN_DIGITS
    number = lineno = 0
    for line in stream.lines():
        lineno += 1
        seen = line.translate(shape)
        if nineteen not in seen and seen.count(b"[") <= MAX_DEPTH:
            try:
                data = loads(line)
            except ValueError:
                data = None
            key = memo_key(data)
            if key is not None:
                number += 1
                yield (data, key, display, lineno, number, folder)
                continue
        for item in _plain_lines(((lineno, line),), display, encoding, number):
            number += 1
            if item.__class__ is Raw:
                item.base = base
            yield item


def _plain_lines(lines: Iterable[tuple[int, bytes]], display: str, encoding: str, number: int) -> Iterator[Raw | Bad]:
    """JSON Lines by the standard library: (line number, line) pairs to records, numbered after ``number``."""
    for lineno, line in lines:
        try:
            text = _decode(line, lineno, encoding)
        except _FileError as exc:  # one bad line does not spoil the others
            number += 1
            yield Bad(exc.message, Where(display, lineno, number))
            continue
        if not text.strip():
            continue
        number += 1
        where = Where(display, lineno, number)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Bad(f"malformed JSON: {exc.msg} (column {exc.colno})", where)
            continue
        except RecursionError:
            yield Bad("malformed JSON: nested too deeply", where)
            continue
        if too_deep(data):
            yield Bad(f"nested too deeply (over {MAX_DEPTH} levels)", where)
            continue
        yield Raw(data, where)


_WS = re.compile(r"[ \t\n\r]*")


def _skip(text: str, pos: int) -> int:
    """The position of the first non-blank character at or after ``pos``."""
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _read_json(stream: _Input, display: str, encoding: str, kind: str,
               lean: tuple[str | None, Path | None] | None = None) -> Iterator[Raw | Bad]:
    """A JSON array of records (read whole), or, when the file is not an array, JSON Lines."""
    if not stream.peek().decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip().startswith("["):
        yield from _read_jsonl(stream, display, encoding, kind, lean)
        return
    data = stream.read()
    try:
        text = data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _FileError(f"line {line} is not {encoding} text; give the file's encoding with --encoding", line) from None
    decoder = json.JSONDecoder()
    pos = _skip(text, 0) + 1  # past "["
    line, counted = 1, 0
    number = 0

    def line_at(offset: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, offset)
        counted = offset
        return line

    pos = _skip(text, pos)
    if text.startswith("]", pos):
        return
    while True:
        number += 1
        where = Where(display, line_at(pos), number)
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise _FileError(f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", exc.lineno) from None
        except RecursionError:
            raise _FileError("malformed JSON: nested too deeply", where.line) from None
        if too_deep(value):
            yield Bad(f"nested too deeply (over {MAX_DEPTH} levels)", where)
        else:
            yield Raw(value, where)
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
            continue
        if text.startswith("]", pos):
            if text[_skip(text, pos + 1):]:
                raise _FileError("malformed JSON: extra data after the array", line_at(pos))
            return
        raise _FileError("malformed JSON: expected `,` or `]` after a record", line_at(pos))


# --- YAML ------------------------------------------------------------------------------------------

def _event_loader() -> type:
    """libyaml's fast event parser with PyYAML's composer, to build one node at a time (PyYAML is imported
    only when a YAML file is read)."""
    import yaml.composer
    import yaml.resolver

    try:
        from yaml.cyaml import CParser
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        return yaml.SafeLoader

    class EventLoader(CParser, yaml.composer.Composer, yaml.resolver.Resolver):  # type: ignore[misc]
        def __init__(self, stream: Any) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    return EventLoader


def _read_yaml(stream: _Input, display: str, encoding: str, kind: str) -> Iterator[Raw | Bad]:
    import yaml

    from ..errors import RulebookError
    from ..engine.parse import Locations, _Builder

    if encoding.replace("-", "").lower() not in ("utf8", "utf8sig"):
        import io

        stream = _Input(io.BytesIO(stream.read().decode(encoding, errors="strict").encode("utf-8")))
    loader = _event_loader()(stream)
    number = 0

    def build(node: Any) -> Raw | Bad:
        nonlocal number
        number += 1
        line = node.start_mark.line + 1
        locations = Locations(display)
        try:
            data = _Builder(locations, limit=MAX_RECORD_NODES).build(node, (), 0, None)
        except RulebookError as exc:
            p = exc.problems[0]
            return Bad(p.message + (f" (at `{p.path}`)" if p.path else ""), Where(display, p.line or line, number))
        return Raw(data, Where(display, line, number), locations=locations)

    try:
        loader.get_event()  # StreamStart
        while not loader.check_event(yaml.StreamEndEvent):
            loader.get_event()  # DocumentStart
            if loader.check_event(yaml.SequenceStartEvent):
                loader.get_event()
                while not loader.check_event(yaml.SequenceEndEvent):
                    yield build(loader.compose_node(None, None))
                loader.get_event()
            elif loader.check_event(yaml.ScalarEvent) and loader.peek_event().value == "" and loader.peek_event().implicit[0]:
                loader.get_event()  # an empty document
            else:
                yield build(loader.compose_node(None, None))
            loader.get_event()  # DocumentEnd
            loader.anchors = {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = (exc.problem or exc.context or "malformed YAML").strip()
        raise _FileError(f"malformed YAML: {message}" + (f" (column {mark.column + 1})" if mark else ""),
                         mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise _FileError(f"malformed YAML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise _FileError(f"not {encoding} text (byte {exc.start + 1}); give the file's encoding with --encoding") from None


# --- CSV -------------------------------------------------------------------------------------------

def _csv_column_ok(column: str) -> bool:
    if column in CSV_COLUMNS:
        return True
    prefix, _, rest = column.partition(".")
    return prefix in ("fact", "meta") and bool(rest.strip())


def _read_csv(stream: _Input, display: str, encoding: str, kind: str, *, strict_columns: bool = False,
              warn: Callable[[str], None] | None = None) -> Iterator[Raw | Bad]:
    """CSV/TSV with a header row: one record per non-blank row (see ``_csv_record`` for the cells)."""
    delimiter = "\t" if kind == "tsv" else ","
    state = {"line": 0}

    def lines() -> Iterator[str]:
        for raw_line in stream.lines():
            state["line"] += 1
            yield _decode(raw_line, state["line"], encoding)

    reader = csv.reader(lines(), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise _FileError(f"malformed CSV header: {exc}", 1) from None
    if header is None:
        return
    columns, kept = _csv_header(header, strict_columns)
    if kept:
        message = (f"{display}:1: " + ", ".join(f"`{c}`" for c in kept) + (" is" if len(kept) == 1 else " are")
                   + " not a column of rulekit's; kept as " + ", ".join(f"`meta.{c}`" for c in kept)
                   + " and passed through (--strict-columns refuses them)")
        if warn is not None:
            warn(message)
        else:
            import warnings

            warnings.warn(message, stacklevel=2)
    number = 0
    while True:
        start = state["line"] + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _FileError(f"malformed CSV: {exc}", start) from None
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        where = Where(display, start, number)
        if len(row) != len(columns):
            yield Bad(f"the row has {len(row)} fields, the header {len(columns)}", where)
            continue
        data = _csv_record(columns, row)
        yield Bad(data, where) if isinstance(data, str) else Raw(data, where, text=True)


def _csv_header(header: list[str], strict: bool = True) -> tuple[list[str], list[str]]:
    """The column names, and those kept as ``meta.NAME`` for not being rulekit's (unless ``strict``: then they are
    errors); every problem of the header at once, as one error on line 1. A name close to one of rulekit's
    (``expct``) is a typo, an error either way."""
    columns = [c.strip() for c in header]
    problems = []
    kept: list[str] = []
    foreign: list[str] = []
    known = [*CSV_COLUMNS, "fact.NAME", "meta.KEY"]
    for k, c in enumerate(columns):
        if not c:
            problems.append("an empty column name")
        elif not _csv_column_ok(c):
            hint = did_you_mean(c, known, accepted="columns are")
            if hint.startswith("did you mean") or "." in c:
                problems.append(f"unknown column `{c}`; " + hint)
            elif strict:
                foreign.append(c)
            else:
                kept.append(c)
                columns[k] = f"meta.{c}"
    if foreign:
        problems.append(f"unknown column{'s' if len(foreign) > 1 else ''} " + ", ".join(f"`{c}`" for c in foreign)
                        + " (--strict-columns; name them `meta.NAME` to pass them through); "
                        + did_you_mean("", known, accepted="columns are"))
    seen: set[str] = set()
    for c in columns:
        if c and c in seen:
            problems.append(f"column `{c}` appears twice")
        seen.add(c)
    if "rulebook" not in columns or "question" not in columns:
        lacking = [c for c in ("rulebook", "question") if c not in columns]
        problems.append("no " + " or ".join(f"`{c}`" for c in lacking) + " column")
    if problems:
        raise _FileError("bad CSV header: " + "; ".join(problems), 1)
    return columns, kept


def _csv_record(columns: list[str], row: list[str]) -> dict[str, Any] | str:
    """One row as a record (``fact.NAME`` and ``facts`` cells into ``facts``, ``meta.KEY`` into ``meta``; an
    empty cell says nothing), or the reason it is not one."""
    data: dict[str, Any] = {}
    facts: list[tuple[str, str]] = []
    meta: dict[str, str] = {}
    for column, cell in zip(columns, row):
        value = cell.strip()
        if column.startswith("meta."):
            if value:
                meta[column[5:].strip()] = value
            continue
        if not value:
            continue
        if column == "facts":
            for part in re.split(r"[;；]", value):
                part = part.strip()
                if not part:
                    continue
                if "=" not in part:
                    return f"`facts` holds NAME=VALUE pairs separated by `;`, not `{part}`"
                fact, _, fact_value = part.partition("=")
                facts.append((fact.strip(), fact_value.strip()))
        elif column.startswith("fact."):
            facts.append((column[5:].strip(), value))
        else:
            data[column] = value
    if facts:
        data["facts"] = facts
    if meta:
        data["meta"] = meta
    return data
