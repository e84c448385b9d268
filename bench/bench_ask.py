"""Start-up cost of `rulekit ask` as scripts call it: one process per question.

Run by hand:  python bench/bench_ask.py [N]
Prints the mean wall time and CPU time (user + system, steadier on a busy machine) of one `rulekit ask` with the
compiled-rulebook cache off (the baseline) and on, and the ratio; then the time to
load a rulebook and ask one question in a fresh process (the Python API's start-up), where the cache saves
importing pydantic and parsing, validating and compiling the YAML.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CMD = [sys.executable, str(ROOT / "cli.py"), "ask", "yian", "document.signer", "--fact", "issuer=government",
       "--fact", "form=request", "--fact", "recipient=higher_government", "--json"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(n: int, env: dict[str, str]) -> tuple[float, float]:
    """Mean wall time and mean CPU time of one call."""
    times = []
    cpu = _cpu()
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(CMD, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.mean(times), (_cpu() - cpu) / n


LOAD = ("import sys, time; sys.path.insert(0, sys.argv[1]); import rulekit; t = time.perf_counter(); "
        "rulekit.load('yian').ask('document.signer', issuer='government'); print(time.perf_counter() - t)")


def load_time(n: int, env: dict[str, str]) -> float:
    """Mean seconds of ``rulekit.load('yian')`` and one question in a fresh process, timed inside it."""
    return statistics.mean(float(subprocess.run([sys.executable, "-c", LOAD, str(ROOT / "src")], env=env, check=True,
                                                capture_output=True, text=True).stdout) for _ in range(n))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    cache = tempfile.mkdtemp(prefix="rulekit-bench-")
    off, off_cpu = run(n, dict(os.environ, RULEKIT_NO_CACHE="1"))
    on_env = dict(os.environ, RULEKIT_CACHE_DIR=cache)
    run(1, on_env)  # fill the cache
    on, on_cpu = run(n, on_env)
    print(f"ask, {n} calls each: no cache {off * 1000:.0f} ms/call (baseline), cached {on * 1000:.0f} ms/call, "
          f"ratio {off / on:.2f}x")
    print(f"  CPU per call: no cache {off_cpu * 1000:.0f} ms, cached {on_cpu * 1000:.0f} ms, ratio {off_cpu / on_cpu:.2f}x")
    cold, warm = load_time(n, dict(os.environ, RULEKIT_NO_CACHE="1")), load_time(n, on_env)
    print(f"  rulekit.load('yian') + one ask in a fresh process: no cache {cold * 1000:.0f} ms, cached {warm * 1000:.1f} ms, "
          f"ratio {cold / warm:.0f}x")


if __name__ == "__main__":
    main()
