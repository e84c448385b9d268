"""``rulekit serve``: the HTTP decision service. ``register(app)`` adds it to the ``rulekit`` app.

The web stack (FastAPI, uvicorn) is imported only when the command runs, so other commands start as fast as
before."""

from __future__ import annotations

import os
import sys
from typing import List, Optional

import typer

from .common import guard as _guard

__all__ = ["register"]


def serve_command(
    rulebooks: Optional[List[str]] = typer.Argument(None, help="Rulebooks to serve: ids, names or paths "
                                                    "(default: every rulebook on the search path: --rulebook-path, "
                                                    "RULEKIT_PATH, the built-ins)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8765, "--port", help="TCP port."),
    watch: bool = typer.Option(False, "--watch", help="Reload a rulebook when its files change; a broken edit is "
                               "refused and the old version keeps serving (see /healthz)."),
    watch_interval: float = typer.Option(1.0, "--watch-interval", min=0.05, help="Seconds between looks at the files."),
    decision_log: Optional[str] = typer.Option(None, "--decision-log", help="Append every decision to this file "
                                               "(JSON Lines)."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes (uvicorn)."),
    max_body: int = typer.Option(1 << 20, "--max-body", min=1, help="Bytes per one-object request."),
    max_stream_body: int = typer.Option(64 << 20, "--max-stream-body", min=1, help="Bytes per JSON Lines request."),
    max_lines: int = typer.Option(100_000, "--max-lines", min=1, help="Records per JSON Lines request."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.01, help="Seconds per request (x30 for JSON Lines)."),
    cache_size: int = typer.Option(10_000, "--cache-size", min=0, help="Answers of /v1/ask kept, by request bytes "
                                   "(the engine is deterministic; 0: none)."),
    log_level: str = typer.Option("warning", "--log-level", help="uvicorn's log level (info shows each request)."),
) -> None:
    """Serve decisions over HTTP: POST /v1/ask, /v1/ask/batch, /v1/check, /v1/diff; GET /v1/rulebooks, /healthz,
    /docs. Bound to 127.0.0.1:8765 unless told otherwise.

    Example: rulekit serve --port 8765, then
    curl -s localhost:8765/v1/ask -d '{"rulebook": "依安", "question": "公文由谁签发", "facts": {"issuer": "以政府名义"}}'"""
    from ..engine.locate import ENV, available_ids, search_path
    from ..server.app import Settings
    from ..server.registry import Registry

    explicit = [str(p.resolve()) for p, origin in search_path() if origin == "--rulebook-path"]
    if explicit:  # worker processes (--workers) search the same folders: prepend them to RULEKIT_PATH
        old = os.environ.get(ENV)
        os.environ[ENV] = os.pathsep.join([*explicit, *([old] if old else [])])
    targets = list(rulebooks or available_ids())
    settings = Settings(rulebooks=targets, watch=watch, watch_interval=watch_interval, decision_log=decision_log, max_body=max_body,
                        max_stream_body=max_stream_body, max_lines=max_lines, timeout=timeout, cache_size=cache_size)
    registry = Registry(targets)  # compiled now: an invalid rulebook stops the start, with its located errors
    if decision_log:
        try:
            open(decision_log, "ab").close()
        except OSError as exc:
            from ..errors import InputError

            raise InputError(f"cannot write the decision log `{decision_log}`: {exc.strerror or exc}",
                             item=decision_log) from None
    from ..server.run import serve

    sys.stderr.write(f"rulekit: serving {', '.join(registry.books)} on http://{host}:{port} "
                     f"({workers} worker{'s' if workers > 1 else ''}; docs at /docs)\n")
    sys.stderr.flush()
    serve(settings, registry, host=host, port=port, workers=workers, log_level=log_level,
          access_log=log_level in ("info", "debug", "trace"))


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``rulekit`` app."""
    app.command("serve")(_guard(serve_command))
