"""The ``rulekit`` console script's entry point: ``rulekit ask`` (and ``--version``) without Typer, Rich or pydantic.

Scripts call ``rulekit ask`` once per question, so start-up is most of what it costs: Typer imports Click and
pydantic when it dispatches a command, and none of them is needed to answer. ``main`` reads the arguments itself
when they are a plain ``ask``: RULEBOOK and QUESTION, ``--fact``/``-f``, ``--facts``, ``--facts-file``,
``--batch``, ``--json``, ``--engine``, and ``--rulebook-path`` anywhere before ``--``; or ``--version`` alone.
It then runs the very code the Typer command runs (``ask_command``) behind the same error boundary: the same
output, the same ``error:`` lines, the same exit codes. Anything else (another command, ``--help``, an unknown
or malformed option, a missing value, a value that starts with ``-``, ``--``) goes to the Typer app, which parses
and reports it as it always did. ``tests/test_fastpath.py`` holds both paths equal.

Only the terminal rendering of an answer (``ask`` without ``--json``) imports Rich, as the Typer command does.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # neither typing: imported by type checkers only
if TYPE_CHECKING:
    from typing import Any

__all__ = ["main", "parse", "run", "ask_command", "hoist_path_options"]

PATH_OPTION = "--rulebook-path"

# ask's options that take a value: the option as written -> the parameter of ask_command
_VALUED = {"--fact": "fact", "-f": "fact", "--facts": "facts_json", "--facts-file": "facts_file",
           "--batch": "batch", "--engine": "engine"}


def hoist_path_options(args: list[str]) -> list[str]:
    """``--rulebook-path DIR`` may stand anywhere before ``--``: move it in front of the command, where it is parsed."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == PATH_OPTION and i + 1 < len(args):
            front += args[i:i + 2]
            i += 2
            continue
        if arg.startswith(PATH_OPTION + "="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _plain(value: str) -> bool:
    """A value read as Click would read it without doubt: not one that looks like an option."""
    return not value.startswith("-") or value == "-"


def parse(args: list[str]) -> dict[str, Any] | None:
    """The call a plain ``rulekit ask ...`` (or ``--version``) stands for, or None: let Typer parse it."""
    if args == ["--version"]:
        return {"command": "version"}
    if "--" in args:
        return None
    args = hoist_path_options(list(args))
    paths: list[str] = []
    i = 0
    while i < len(args) and args[i].startswith(PATH_OPTION):
        if args[i] == PATH_OPTION:
            if i + 1 >= len(args) or not _plain(args[i + 1]):
                return None
            paths.append(args[i + 1])
            i += 2
        elif args[i].startswith(PATH_OPTION + "="):
            paths.append(args[i][len(PATH_OPTION) + 1:])
            i += 1
        else:
            return None
    if i >= len(args) or args[i] != "ask":
        return None
    call: dict[str, Any] = {"command": "ask", "paths": paths, "rulebook": None, "question": None, "fact": [],
                            "facts_json": None, "facts_file": None, "batch": None, "as_json": False, "engine": None}
    positional: list[str] = []
    rest = args[i + 1:]
    j = 0
    while j < len(rest):
        arg = rest[j]
        j += 1
        if arg == "--json":
            call["as_json"] = True
            continue
        if _plain(arg):
            positional.append(arg)
            continue
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            attached = bool(eq)
        else:  # a short option: only -f, its value attached (-fNAME=VALUE) or next
            name, value = arg[:2], arg[2:]
            attached = bool(value)
        if name not in _VALUED:
            return None
        if not attached:
            if j >= len(rest) or not _plain(rest[j]):
                return None
            value = rest[j]
            j += 1
        key = _VALUED[name]
        if key == "fact":
            call["fact"].append(value)
        else:
            call[key] = value  # given twice: the last one, as Click takes it
    if len(positional) > 2:
        return None
    call["rulebook"], call["question"] = (positional + [None, None])[:2]
    return call


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("rulekit")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without metadata
        number = "unknown"
    return f"rulekit {number}"


def one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """Warnings (an untrusted cache, ...) as one line on stderr, like the errors: no source line, no path."""
    sys.stderr.write(f"warning: {message}\n")


def run(call: dict[str, Any]) -> int:
    """Run a parsed call behind the CLI's error boundary (``common.guard``): the exit code."""
    if call["command"] == "version":
        sys.stdout.write(_version() + "\n")
        return 0
    from ..errors import RulekitError

    try:
        from pathlib import Path

        from ..engine.locate import set_search_path

        set_search_path([Path(p) for p in call["paths"]])  # the root callback, as Typer runs it before `ask`
        return ask_command(call["rulebook"], call["question"], call["fact"], call["facts_json"], call["facts_file"],
                           call["batch"], call["as_json"], call["engine"])
    except RulekitError as exc:
        for line in exc.render().splitlines():
            sys.stderr.write(f"error: {line}\n")
        return 2
    except BrokenPipeError:  # `rulekit ... | head`
        return 0


def main() -> None:
    """The ``rulekit`` console script."""
    call = parse(sys.argv[1:])
    if call is None:
        from . import typer_app

        typer_app().main()
        return
    import warnings

    warnings.showwarning = one_line_warning
    try:
        code = run(call)
    except (EOFError, KeyboardInterrupt):  # as Click reports an interrupted command
        sys.stderr.write("\nAborted!\n")
        code = 1
    raise SystemExit(code)


# -- ask: the command's body, shared by this path and the Typer command (cli/rulebook.py) -----------------
def ask_command(rulebook: str | None, question: str | None, fact: list[str], facts_json: str | None,
                facts_file: str | None, batch: str | None, as_json: bool, engine: str | None) -> int:
    """``rulekit ask``: print the answer; the exit code (0, or 2 when a ``--batch`` line failed). Bad input
    raises ``RulekitError`` for the boundary to report."""
    from ..errors import InputError
    from .common import parse_fact_options, set_engine

    set_engine(engine)
    if batch is not None:
        if rulebook or question or fact or facts_json or facts_file:
            raise InputError("--batch takes the rulebook, question and facts from each line; give nothing else")
        return _ask_batch(batch)
    if not rulebook or not question:
        raise InputError("ask needs a RULEBOOK and a QUESTION (or --batch FILE)",
                         help="e.g. rulekit ask 依安 公文由谁签发 -f issuer=以政府名义")
    from ..engine.rulebook import backend_for, load

    pairs: list[tuple[str, Any]] = list(parse_fact_options(fact))
    if facts_json is not None:
        pairs += _facts_object(facts_json, "--facts")
    if facts_file is not None:
        pairs += _facts_object(_read_facts_file(facts_file), f"--facts-file {facts_file}")
    book = load(rulebook, backend=backend_for(tables=False))  # one question: no decision table to build
    result = book.ask(question, pairs)
    if as_json:
        import json

        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    else:
        from ..engine.explain import format_result
        from .common import console

        console().print(format_result(book, result))
    return 0


def _read_facts_file(name: str) -> str:
    from ..errors import InputError

    try:
        if name == "-":
            return sys.stdin.read()
        with open(name, encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(f"--facts-file `{name}`: file not found", item=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--facts-file `{name}`: cannot read it: {getattr(exc, 'strerror', None) or exc}",
                         item=name) from None


def _facts_object(text: str, where: str) -> list[tuple[str, object]]:
    """NAME: VALUE pairs of a JSON object; null values are unknown facts, left out."""
    import json

    from ..errors import InputError

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                         item=where) from None
    except RecursionError:
        raise InputError(f"{where}: malformed JSON: nested too deeply", item=where) from None
    if not isinstance(data, dict):
        raise InputError(f"{where}: the facts are a JSON object of NAME: VALUE, not {type(data).__name__}",
                         item=where)
    return [(str(k), v) for k, v in data.items() if v is not None]


def _ask_batch(name: str) -> int:
    """``ask --batch``: the lines ``POST /v1/ask/batch`` gives for the same input. 0, or 2 if any line failed."""
    import orjson

    from ..checker.records import read
    from ..server.decisions import ask_lines
    from ..server.registry import Loader

    code = 0
    out = sys.stdout.buffer
    for line in ask_lines(Loader().get, read(name, fmt="jsonl")):
        if "error" in line:
            code = 2
        out.write(orjson.dumps(line) + b"\n")
    out.flush()
    return code
