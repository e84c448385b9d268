"""The command line: ``main`` (the ``rulekit`` console script) and ``app`` (Typer). One module per command group.

``main`` answers a plain ``rulekit ask`` without importing Typer, Rich or pydantic (``fast.py``) and hands
everything else to the Typer ``app`` (``app.py``), which is imported only when it is used."""

from .fast import main

__all__ = ["app", "main"]


def typer_app():  # noqa: ANN201
    """The module ``app.py``, imported now; ``rulekit.cli.app`` stays the Typer app, as it always was."""
    import sys

    import rulekit.cli.app  # noqa: F401 - binds rulekit.cli.app to the module (undone below)

    module = sys.modules[__name__ + ".app"]
    globals()["app"] = module.app  # importing the submodule bound its name to the module: bind the app again
    return module


def __getattr__(name: str):  # noqa: ANN202 - the Typer app is imported on first use
    if name == "app":
        return typer_app().app
    raise AttributeError(f"module 'rulekit.cli' has no attribute {name!r}")
