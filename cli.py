"""Run the rulekit command from a checkout: ``python cli.py ask yian document.signer --fact ...``.

The same Typer app as the installed ``rulekit`` console script."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from rulekit.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
