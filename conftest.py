"""pytest from the repository root: run against ``src/`` (no install needed) and collect the rulebook test suites
(``rulebooks/<id>/cases.yaml`` and ``*.check.*``) through rulekit's pytest plugin."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SRC = ROOT / "src"
FIXTURES = ROOT / "tests" / "fixtures"
if str(SRC) not in sys.path:  # running from a checkout without installing
    sys.path.insert(0, str(SRC))

pytest_plugins = ["rulekit.pytest_plugin"]


def pytest_configure(config) -> None:  # noqa: ANN001
    """Keep the compiled-rulebook cache of the test run apart from the user's."""
    import os
    import tempfile

    os.environ.setdefault("RULEKIT_CACHE_DIR", tempfile.mkdtemp(prefix="rulekit-cache-"))
