from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path:  # running from a checkout without installing
    sys.path.insert(0, str(SRC))

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config) -> None:  # noqa: ANN001
    """Keep the compiled-rulebook cache of the test run apart from the user's."""
    import os
    import tempfile

    os.environ.setdefault("RULEKIT_CACHE_DIR", tempfile.mkdtemp(prefix="rulekit-cache-"))
