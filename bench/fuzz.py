"""Long fuzzing by hand: the hypothesis targets of tests/test_fuzz.py with many examples each.

    python bench/fuzz.py [EXAMPLES]        (default 10,000 per target)

CI runs the same targets with 20 examples each. A failure prints the shrunk input: keep it as a corpus entry
(tests/hostile/found.jsonl for a record line, {"line": ..., "code": ..., "why": ...}; a case in
tests/hostile/corpus.py for a rulebook) and fix the code, so it is replayed in every CI run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    examples = sys.argv[1] if len(sys.argv) > 1 else "10000"
    env = dict(os.environ, RULEKIT_FUZZ_EXAMPLES=examples)
    raise SystemExit(subprocess.call([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-x",
                                      str(ROOT / "tests" / "test_fuzz.py")], cwd=ROOT, env=env))


if __name__ == "__main__":
    main()
