"""The command line: ``app`` (Typer) and ``main`` (the ``rulekit`` console script). One module per command group."""

from .app import app, main

__all__ = ["app", "main"]
