"""What every command group shares: the error boundary (``guard``), the console, ``--fact`` parsing.

Errors are caught here, at the boundary only: bad input prints one line per problem on stderr and
exits 2, never a traceback. Library modules are imported inside the commands to keep start-up lean.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing and Typer are imported by type checkers only

if TYPE_CHECKING:
    import typer

FACT_HELP = "A fact as NAME=VALUE (ids or Chinese labels; sets comma-separated). Repeatable."


def console(stderr: bool = False):  # noqa: ANN202 - rich is imported lazily
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> "typer.Exit":
    import typer

    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(code)


def guard(fn):  # noqa: ANN001, ANN202
    """Turn rulekit's errors into exit code 2 and a message; anything else is a bug and propagates.

    (Typer is imported when a guarded command fails, so that this module stays importable without it: the
    console script's fast path, ``cli/fast.py``, uses ``console`` and ``parse_fact_options``.)"""
    from functools import wraps

    @wraps(fn)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        from ..errors import RulekitError

        try:
            return fn(*args, **kwargs)
        except RulekitError as exc:
            for line in exc.render().splitlines():
                sys.stderr.write(f"error: {line}\n")
            import typer

            raise typer.Exit(2) from None
        except BrokenPipeError:  # `rulekit ... | head`
            import typer

            raise typer.Exit(0) from None

    return wrapper


def parse_fact_options(facts: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for item in facts:
        if "=" not in item:
            raise _input_error(f"a fact is NAME=VALUE, not `{item}`", item)
        name, value = item.split("=", 1)
        if not name.strip():
            raise _input_error(f"a fact is NAME=VALUE, not `{item}`", item)
        pairs.append((name.strip(), value))
    return pairs


def _input_error(message: str, item: str) -> Exception:
    from ..errors import InputError

    return InputError(message, item=item)


ENGINE_HELP = ("The evaluation engine: native (default) or durable (durable-rules; docs/ENGINES.md). "
               "Default: the RULEKIT_ENGINE environment variable, else native.")


def set_engine(engine: str | None) -> None:
    """Make ``engine`` the one every rulebook loaded by this command uses (``--engine``)."""
    if engine is not None:
        from ..engine.rulebook import use_engine

        use_engine(engine)
