"""``pytest -p rulekit.pytest_plugin``: the rulebook test-suite plugin, kept at its old import path.

The plugin lives in ``rulekit.checker.pytest_plugin``."""

from .checker.pytest_plugin import *  # noqa: F401,F403 - pytest reads the hooks from this module
from .checker.pytest_plugin import __all__  # noqa: F401
