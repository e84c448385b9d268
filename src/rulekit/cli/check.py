"""The ``check``, ``test`` and ``deadline`` commands. ``register(app)`` adds them to the ``rulekit`` app.

Thin: reading and judging records is ``verdicts``/``records``, rendering is ``report``. Verdicts are written
as they come (a table in chunks, JSON Lines, or JUnit XML spooled to disk), so a long run needs flat memory.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Iterator, List, Optional

import typer

from .common import ENGINE_HELP, FACT_HELP, console as _console, guard as _guard, parse_fact_options, set_engine

__all__ = ["register"]

OUTPUT_FORMATS = ("table", "json", "junit")
TEST_FORMATS = ("text", "json", "junit")
TABLE_CHUNK = 100


def _input_error(message: str, item: str | None = None, help: str | None = None) -> Exception:
    from ..errors import InputError

    return InputError(message, item=item, help=help)


def _choose(value: str, choices: tuple[str, ...], option: str) -> str:
    if value not in choices:
        from ..errors import did_you_mean

        raise _input_error(f"unknown {option} `{value}`", value, did_you_mean(value, choices, accepted="accepted"))
    return value


class _Progress:
    """A progress bar on stderr for long runs on a terminal: it appears after a second, never when piped."""

    def __init__(self, meter: Any, enabled: bool) -> None:
        self.meter = meter
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.next = self.started + 1.0
        self.bar: Any = None
        self.task: Any = None

    def tick(self, records: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now < self.next:
            return
        self.next = now + 0.1
        if self.bar is None:
            from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("checking"), BarColumn(), TaskProgressColumn(),
                                TextColumn("{task.fields[records]} records"), TimeElapsedColumn(),
                                console=_console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("check", total=self.meter.total or None, records=0)
        self.bar.update(self.task, completed=self.meter.done, records=records)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


class _Output:
    """Writes verdicts as they come, in one of the output formats, and the summary at the end."""

    def __init__(self, fmt: str, failed_only: bool, one_file: bool = False, out: Any = None) -> None:
        from ..checker.verdicts import Summary

        self.out = out if out is not None else sys.stdout
        self.fmt = fmt
        self.one_file = one_file
        self.failed_only = failed_only
        self.summary = Summary()
        self.rows: list[Any] = []
        self.header = True
        self.last_flush = time.monotonic()
        self.junit = None
        if fmt == "junit":
            from ..checker.report import JUnitWriter

            self.junit = JUnitWriter()

    def add(self, verdict: Any) -> None:
        self.summary.add(verdict)
        if self.junit is not None:
            self.junit.add(verdict)
            return
        if self.failed_only and verdict.passed:
            return
        if self.fmt == "json":
            from ..checker.report import format_json_line

            self.out.write(format_json_line(verdict) + "\n")
            return
        self.rows.append(verdict)
        if len(self.rows) >= TABLE_CHUNK or time.monotonic() - self.last_flush > 0.5:
            self.flush()

    def add_lines(self, lines: list[tuple[bytes, tuple[bool, str, str | None]]]) -> None:
        """``--json``: the JSON lines of records and their tallies (``Checker.lines``), written in one piece."""
        tally = self.summary.tally
        counts: dict[tuple[bool, str, str | None], int] = {}
        for _, key in lines:
            counts[key] = counts.get(key, 0) + 1
        for key, count in counts.items():
            tally(*key, count=count)
        if self.failed_only:
            data = b"".join(line + b"\n" for line, (passed, _, _) in lines if not passed)
        else:
            data = b"\n".join([line for line, _ in lines]) + b"\n"
        self.out.write_bytes(data)

    def flush(self) -> None:
        if self.rows:
            from ..checker.report import format_table

            self._console().print(format_table(self.rows, header=self.header, one_file=self.one_file))
            self.header = False
            self.rows = []
        self.last_flush = time.monotonic()

    def _console(self) -> Any:
        if self.out is sys.stdout or getattr(self.out, "path", None) is None:
            return _console()
        from rich.console import Console

        return Console(file=self.out, highlight=False, soft_wrap=True, width=120)

    def finish(self, interrupted: bool = False) -> int:
        self.flush()
        if self.junit is not None:
            self.junit.finish(self.out, self.summary)
        self.out.flush()
        sys.stderr.write(self.summary.line() + "\n" + self.summary.details() + "\n")
        return 130 if interrupted else self.summary.exit_code()


class _Interrupts:
    """SIGINT (Ctrl-C) and SIGTERM (a CI job cancelled) stop the run between records: a verdict being
    written is written whole first, so every record done so far reaches the output and none half."""

    def __init__(self) -> None:
        self.writing = False
        self.pending = False
        self.saved: dict[int, Any] = {}

    def _handler(self, signum: int, frame: Any) -> None:  # noqa: ARG002
        if self.writing and not self.pending:
            self.pending = True
            return
        raise KeyboardInterrupt

    def __enter__(self) -> "_Interrupts":
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.saved[sig] = signal.signal(sig, self._handler)
        return self

    def __exit__(self, *exc: Any) -> None:
        import signal

        for sig, handler in self.saved.items():
            signal.signal(sig, handler)

    def write(self, action: Any, *args: Any) -> None:
        self.writing = True
        try:
            action(*args)
        finally:
            self.writing = False
        if self.pending:
            raise KeyboardInterrupt


def _run(items: Iterator[Any], output: _Output, meter: Any, progress: bool, checker: Any, lean: bool) -> tuple[int, bool]:
    """Check every record; (exit code, whether the run was interrupted). ``lean``: the items are read for
    ``Checker.lines`` (``--json``)."""
    bar = _Progress(meter, progress)
    with _Interrupts() as interrupts:
        try:
            if lean:
                _run_lines(checker.lines(items), output, interrupts, bar)
            else:
                for verdict in checker.run(items):
                    interrupts.write(output.add, verdict)
                    bar.tick(output.summary.total)
        except KeyboardInterrupt:
            bar.close()
            interrupts.writing = True  # a second Ctrl-C while the summary is written is ignored
            return output.finish(interrupted=True), True
    bar.close()
    return output.finish(), False


LINES_CHUNK = 512  # JSON lines written at once (and a record's line is written whole, with those before it)


def _run_lines(lines: Iterator[tuple[bytes, tuple[bool, str, str | None]]], output: _Output, interrupts: _Interrupts,
               bar: _Progress) -> None:
    """``--json``: the records' lines from ``Checker.lines``, written in chunks. A Ctrl-C stops the run between
    two records (``done.append`` is one step): the lines done are written and counted, none half."""
    done: list[tuple[bytes, tuple[bool, str, str | None]]] = []
    append = done.append
    try:
        for pair in lines:
            append(pair)
            if len(done) >= LINES_CHUNK:
                chunk, done = done, []
                append = done.append
                interrupts.write(output.add_lines, chunk)
                bar.tick(output.summary.total)
    except KeyboardInterrupt:
        interrupts.writing = True
        if done:
            output.add_lines(done)
        raise
    if done:
        interrupts.write(output.add_lines, done)


def _count_records(files: list[str], fmt: str, encoding: str) -> int | None:
    """How many records the inputs hold (None when one is standard input, which cannot be read again)."""
    from ..checker.records import read

    if "-" in files:
        return None
    try:
        return sum(1 for name in files for _ in read(name, fmt=fmt, encoding=encoding))
    except KeyboardInterrupt:
        return None


def _read_all(files: list[str], fmt: str, encoding: str, meter: Any, strict_columns: bool = False,
              lean: bool = False) -> Iterator[Any]:
    """The records of every file in turn; a file without a single record gets a warning on stderr, and so do
    columns kept as meta (once per file)."""
    from ..checker.records import STDIN, read

    def warn(message: str) -> None:
        sys.stderr.write(f"warning: {message}\n")

    for name in files:
        count = 0
        for item in read(name, fmt=fmt, encoding=encoding, meter=meter, strict_columns=strict_columns, warn=warn,
                         lean=lean):
            count += 1
            yield item
        if count == 0:
            sys.stderr.write(f"warning: {STDIN if name == '-' else name}: no records\n")


def check_command(
    files: List[str] = typer.Argument(..., metavar="FILE", help="Check files: YAML, JSON Lines (.jsonl), JSON or CSV; `-` for stdin."),
    as_json: bool = typer.Option(False, "--json", help="JSON Lines: one object per record (same as --format json)."),
    fmt: str = typer.Option("table", "--format", help="table (default), json, or junit (JUnit XML for CI)."),
    input_format: str = typer.Option("auto", "--input-format", "-i",
                                     help="yaml, jsonl, json, csv or tsv (default: by extension; stdin is sniffed)."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of the input (e.g. gb18030)."),
    failed_only: bool = typer.Option(False, "--failed", help="Show only the records that did not pass (table, json)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="A progress bar on a terminal."),
    strict_roles: bool = typer.Option(False, "--strict-roles",
                                      help="A superior acting where the rules name a delegate violates (default: complies_by_superior, passes, counted apart)."),
    strict_columns: bool = typer.Option(False, "--strict-columns",
                                        help="A CSV column rulekit does not know is an error (default: kept as meta.NAME, one warning)."),
    output_path: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                               help="Write the report to FILE, whole or not at all (renamed into place "
                                                    "when the run ends)."),
    engine: Optional[str] = typer.Option(None, "--engine", help=ENGINE_HELP),
    holidays: Optional[str] = typer.Option(None, "--holidays", envvar="RULEKIT_HOLIDAYS",
                                           help="A holiday schedule file (the State Council's yearly form) for "
                                                "deadlines counted past the built-in calendar."),
) -> None:
    """Check records against the rulebooks: expected answers, who actually signed, dates against deadlines.

    Exit 0 when every record passed, 1 when any did not, 2 when a record or file could not be read or checked,
    130 when interrupted (Ctrl-C or SIGTERM: the records done so far are written, and the rest counted; with -o
    they go to FILE.partial and FILE is left as it was). The summary `N passed, N failed` goes to stderr."""
    from ..checker.records import FORMATS, Meter
    from .output import output as _open_output

    set_engine(engine)
    if holidays:
        from ..checker import calendar as working_days

        working_days.use_holidays(holidays)  # a bad file: one located line, exit 2, before any record
    fmt = _choose("json" if as_json else fmt, OUTPUT_FORMATS, "output format")
    if as_json and fmt != "json":
        raise _input_error("--json and --format junit exclude each other")
    if input_format != "auto":
        _choose(input_format, FORMATS, "input format")
    meter = Meter()
    with _open_output(output_path) as sink:
        output = _Output(fmt, failed_only, one_file=len(files) == 1, out=sink)
        from ..checker.verdicts import Checker

        checker = Checker(strict_roles=strict_roles)
        lean = fmt == "json" and checker.memo_size > 0  # the memos on: one line per record, no Verdict made
        items = _read_all(files, input_format, encoding, meter, strict_columns, lean=lean)
        code, interrupted = _run(items, output, meter, progress, checker, lean)
        sink.partial = interrupted
    if interrupted:
        done = output.summary.total
        total = _count_records(files, input_format, encoding)
        rest = "the rest not counted" if total is None else f"{max(total - done, 0)} not checked"
        where = f"; the records done are in {output_path}.partial, {output_path} is unchanged" if output_path else ""
        sys.stderr.write(f"interrupted: {done} records checked, {rest}{where}\n")
    elif output_path is not None and str(output_path) != "-":
        sys.stderr.write(f"wrote {output_path}\n")
    raise typer.Exit(code)


def test_command(
    targets: Optional[List[str]] = typer.Argument(None, metavar="RULEBOOK_OR_FILE", help="Rulebook ids, names or folders, or suite files (default: every rulebook on the search path)."),
    as_json: bool = typer.Option(False, "--json", help="JSON Lines, as `check --json`."),
    fmt: str = typer.Option("text", "--format", help="text (default), json, or junit."),
    output_path: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                               help="Write the report to FILE, whole or not at all."),
    engine: Optional[str] = typer.Option(None, "--engine", help=ENGINE_HELP),
) -> None:
    """Run rulebook test suites (cases.yaml and *.check.* beside each rulebook) without pytest.

    Also checks that every question a rulebook decides has at least one case. Exit codes as `check`."""
    from .output import output as _open_output

    set_engine(engine)
    with _open_output(output_path) as sink:
        code = _test(targets, as_json, fmt, sink)
    if output_path is not None and str(output_path) != "-":
        sys.stderr.write(f"wrote {output_path}\n")
    raise typer.Exit(code)


def _test(targets: Optional[List[str]], as_json: bool, fmt: str, out: Any) -> int:
    from ..checker.records import read
    from ..checker.report import JUnitWriter, format_failure, format_json_line
    from ..checker.verdicts import Checker, Summary, Verdict

    fmt = _choose("json" if as_json else fmt, TEST_FORMATS, "output format")
    suites = _suites(targets)
    checker = Checker()
    total = Summary()
    junit = JUnitWriter() if fmt == "junit" else None
    if out.path is None:
        console = _console()
    else:
        from rich.console import Console

        console = Console(file=out, highlight=False, soft_wrap=True, width=120)

    def emit(verdict: Verdict, summary: Summary) -> None:
        summary.add(verdict)
        total.add(verdict)
        if junit is not None:
            junit.add(verdict)
        elif fmt == "json":
            out.write(format_json_line(verdict) + "\n")
        elif not verdict.passed:
            from rich.markup import escape

            head, _, rest = format_failure(verdict).partition("\n")
            console.print(f"[red]{escape(head)}[/red]", highlight=False)
            console.print(rest, markup=False, highlight=False)

    for label, book_path, files in suites:
        summary = Summary()
        for suite_file in files:
            for item in read(suite_file):
                emit(checker.check(item), summary)
        if book_path is not None:
            emit(_every_question_has_a_case(checker, book_path, files), summary)
        if fmt == "text":
            colour = "green" if not summary.failed else "red"
            console.print(f"[{colour}]{label}[/{colour}]: {summary.line()}", highlight=False)
    if junit is not None:
        junit.finish(out, total)
    out.flush()
    sys.stderr.write(total.line() + "\n" + total.details() + "\n")
    return total.exit_code()


def _suites(targets: Optional[List[str]]) -> list[tuple[str, Path | None, list[Path]]]:
    """(label, the rulebook.yaml or None for a lone suite file, the suite files) for each target."""
    from ..checker.verdicts import suite_files
    from ..engine.locate import available_ids, resolve

    suites: list[tuple[str, Path | None, list[Path]]] = []
    for target in targets or available_ids():
        path = Path(target)
        if path.is_file() and path.name != "rulebook.yaml":
            suites.append((str(path), None, [path]))
        else:
            found = resolve(target)
            suites.append((target, found, suite_files(found.parent)))
    return suites


def _every_question_has_a_case(checker: Any, book_path: Path, files: list[Path]) -> Any:
    """The suite's own verdict: every question the rulebook decides has at least one case."""
    from ..checker.records import Where
    from ..checker.verdicts import RecordError, Verdict, uncovered_questions

    where = Where(str(files[0] if files else book_path.parent / "cases.yaml"))
    name = "every decided question has a case"
    index = checker.index
    checker.index += 1
    try:
        lacking = uncovered_questions(checker.book(str(book_path)), files)
    except RecordError as exc:  # an invalid rulebook is reported, not raised
        return Verdict(index, "error", exc.message, where=where, name=name)
    if lacking:
        return Verdict(index, "failed", f"no case for {', '.join(lacking)}", where=where, name=name)
    return Verdict(index, "passed", "every decided question has a case", where=where, name=name)


def deadline_command(
    rulebook: str = typer.Argument(..., help="Rulebook id (yian), Chinese name (依安) or path."),
    fact: List[str] = typer.Option([], "--fact", "-f", help=FACT_HELP),
    start: Optional[str] = typer.Option(None, "--from", help="The date counting starts from: receipt for a deadline "
                                        "within N days, the event for one N days before it (default: today)."),
    done: Optional[str] = typer.Option(None, "--done", help="When it was done (or submitted): say whether on time."),
    question: str = typer.Option("deadline", "--question", "-q", help="A question whose answer is a deadline."),
    as_json: bool = typer.Option(False, "--json", help="A JSON object: from, due, relation, result (the ask object)."),
    holidays: Optional[str] = typer.Option(None, "--holidays", envvar="RULEKIT_HOLIDAYS",
                                           help="A holiday schedule file (the State Council's yearly form) for years past the built-in calendar."),
    tentative: bool = typer.Option(False, "--provisional",
                                   help="Where no calendar covers a date, count weekends only and mark the dates 暂定."),
) -> None:
    """The due date of a deadline on the PRC calendar: 工作日 skip weekends and holidays and count make-up days.

    Example: rulekit deadline 托克逊 -f item=会签 --from 2025-09-26

    Exit 0 with a due date (and, with --done, on time), 1 when the rulebook gives no deadline for these facts
    or --done is late, 2 for bad input or a date outside the working-day calendar's data."""
    import datetime
    import json

    from ..engine.rulebook import load
    from ..checker.verdicts import RecordError, due_for, parse_date
    from ..checker.report import deadline_dict, format_deadline
    from ..engine.vocabulary import vocabulary

    from ..checker import calendar as working_days

    working_days.use_holidays(holidays)
    working_days.provisional(tentative)
    book = load(rulebook)
    spec = book.question(question)
    if spec.answer != "duration":
        raise _input_error(f"`{spec.id}` is not a deadline question (it answers {spec.answer})", question)
    try:
        first = parse_date(start, "--from") if start else datetime.date.today()
        finished = parse_date(done, "--done") if done else None
    except RecordError as exc:
        raise _input_error(exc.message.replace("`--from` is a date", "--from takes a date")
                           .replace("`--done` is a date", "--done takes a date")) from None
    result = book.ask(spec.id, parse_fact_options(fact))
    due = None
    if result.status == "answered":
        try:
            due = due_for(result, first)
        except working_days.CalendarRangeError as exc:  # outside the working-day data: the rule, and the ways on
            from ..engine.explain import format_result

            if not as_json:
                _console().print(format_result(book, result))
            raise _input_error(f"{exc}; {working_days.WAY_ON}, or count weekends only with --provisional "
                               "(dates marked 暂定)") from None
        except ValueError as exc:
            raise _input_error(str(exc)) from None
    tentative_days = working_days.provisional_days()
    if as_json:
        out = deadline_dict(result, first, due, finished)
        if tentative:
            out["provisional"] = bool(tentative_days)
            out["provisional_days"] = [d.isoformat() for d in tentative_days]
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    else:
        _console().print(format_deadline(book, result, first, due, finished))
        if tentative_days:
            _console().print(f"[yellow]暂定: {tentative_days[0]} 至 {tentative_days[-1]} 不在任何节假日安排之内, 只按周末计算; "
                             "节假日安排公布后请用 --holidays 重新计算[/yellow]")
    if due is None:
        raise typer.Exit(1)
    if finished is not None and finished > due:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``check``, ``test`` and ``deadline`` to the ``rulekit`` app."""
    app.command("check")(_guard(check_command))
    app.command("test")(_guard(test_command))
    app.command("deadline")(_guard(deadline_command))
