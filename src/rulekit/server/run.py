"""Starting the service: uvicorn, one process or several.

One worker (the default) serves from the process that compiled the rulebooks. With ``workers > 1`` uvicorn starts
that many processes on the one socket, each building its app from ``RULEKIT_SERVE_SETTINGS`` (the compiled
rulebooks come from the per-user cache, so that is quick). Workers share nothing but the decision log file: the
service is stateless, and scales out as any number of such processes, on any machines, behind a load balancer."""

from __future__ import annotations

import os
from typing import Any

from .app import SETTINGS_ENV, Settings, create_app
from .registry import Registry

__all__ = ["serve"]


def serve(settings: Settings, registry: Registry, *, host: str, port: int, workers: int = 1,
          log_level: str = "warning", access_log: bool = False) -> None:
    import logging

    import uvicorn

    logger = logging.getLogger("rulekit.server")
    if not logger.handlers:  # reloads, refused edits and bugs, one line each on stderr
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False

    options: dict[str, Any] = {"host": host, "port": port, "log_level": log_level, "access_log": access_log,
                               "server_header": False, "timeout_keep_alive": 30, "limit_concurrency": 4096}
    try:
        import uvloop  # noqa: F401

        options["loop"] = "uvloop"
    except ImportError:  # pragma: no cover - Windows
        options["loop"] = "asyncio"
    try:
        import httptools  # noqa: F401

        options["http"] = "httptools"
    except ImportError:  # pragma: no cover
        options["http"] = "h11"
    if workers > 1:
        os.environ[SETTINGS_ENV] = settings.to_env()
        uvicorn.run("rulekit.server.app:app_from_env", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(settings, registry), **options)
