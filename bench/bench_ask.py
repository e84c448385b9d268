"""Start-up cost of `rulekit ask` as scripts call it: one process per question.

Run by hand:  python bench/bench_ask.py [N]
Prints the mean wall time per call with the compiled-rulebook cache off (the baseline) and on, and the ratio.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CMD = [sys.executable, str(ROOT / "cli.py"), "ask", "yian", "document.signer", "--fact", "issuer=government",
       "--fact", "form=request", "--fact", "recipient=higher_government", "--json"]


def run(n: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(CMD, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.mean(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    cache = tempfile.mkdtemp(prefix="rulekit-bench-")
    off = run(n, dict(os.environ, RULEKIT_NO_CACHE="1"))
    on_env = dict(os.environ, RULEKIT_CACHE_DIR=cache)
    run(1, on_env)  # fill the cache
    on = run(n, on_env)
    print(f"ask, {n} calls each: no cache {off * 1000:.0f} ms/call (baseline), cached {on * 1000:.0f} ms/call, "
          f"ratio {off / on:.2f}x")


if __name__ == "__main__":
    main()
