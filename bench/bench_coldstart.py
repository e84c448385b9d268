"""Cold start of ``rulekit ask --json`` with a warm cache: one process per question, as scripts call it.

Run by hand:  python bench/bench_coldstart.py [N]        (N calls per path, default 30)

Runs the ``rulekit`` console script (beside this Python; else ``cli.py``) N times as subprocesses with a filled
compiled-rulebook cache (a fresh ``RULEKIT_CACHE_DIR``), and prints the median and minimum wall time per call
(and the median CPU time of the child) of: the console script (its fast path, ``cli/fast.py``), the same command through the Typer app (what every
call cost before the fast path), the bare interpreter (``python -c pass``, the floor) and ``import rulekit``.
Then the slowest imports of one fast-path call (``python -X importtime``, cumulative microseconds; the
instrumentation itself makes them look about 1.5x slower than they are) and whether Typer, Click, Rich or
pydantic was imported at all.

Bytecode is compiled first (``compileall``): an installed package has it, and this environment may set
PYTHONDONTWRITEBYTECODE, under which every import would recompile rulekit's sources (about 25 ms more).
"""

from __future__ import annotations

import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["ask", "yian", "document.signer", "--fact", "issuer=government", "--fact", "form=request",
        "--fact", "recipient=higher_government", "--json"]
HEAVY = ("typer", "click", "rich", "pydantic", "pydantic_core", "yaml", "fastapi")


def _script() -> list[str]:
    script = Path(sys.executable).parent / "rulekit"
    if script.exists():
        return [str(script)]
    return [sys.executable, str(ROOT / "cli.py")]  # pragma: no cover - not installed


FAST = _script()
TYPER = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT / 'src')!r}); sys.argv[0] = 'rulekit'; "
         "from rulekit.cli import typer_app; typer_app().main()"]
FLOOR = [sys.executable, "-c", "pass"]
IMPORT = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT / 'src')!r}); import rulekit"]


def wall(cmd: list[str], n: int, env: dict[str, str]) -> tuple[float, float, float, bytes]:
    """Median and minimum wall ms of ``n`` runs, the median CPU ms (user + system) of the child, and the last
    run's stdout. On a shared machine the CPU time is the steadier figure: waiting for a core is not in it."""
    times, cpus = [], []
    out = b""
    for _ in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
        out = done.stdout
    return statistics.median(times), min(times), statistics.median(cpus), out


def importtime(env: dict[str, str]) -> tuple[list[tuple[int, str]], set[str]]:
    """The 15 largest cumulative import times of one fast-path call, and the heavy packages it imported."""
    cmd = [sys.executable, "-X", "importtime", FAST[-1], *ARGS]  # the console script is a Python file
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    rows = []
    heavy = set()
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "self [us]" in line:
            continue
        _, cumulative, name = line[len("import time:"):].split("|")
        rows.append((int(cumulative), name.rstrip()))
        top = name.strip().split(".")[0]
        if top in HEAVY:
            heavy.add(top)
    rows.sort(reverse=True)
    return rows[:15], heavy


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    compileall.compile_dir(str(ROOT / "src" / "rulekit"), quiet=1)
    env = dict(os.environ, RULEKIT_CACHE_DIR=tempfile.mkdtemp(prefix="rulekit-bench-"))
    env.pop("RULEKIT_NO_CACHE", None)
    subprocess.run(FAST + ARGS, env=env, check=True, capture_output=True)  # fill the cache
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"`rulekit {' '.join(ARGS)}`, warm cache, {n} calls each, load average {load:.2f}")
    fast = wall(FAST + ARGS, n, env)
    typer = wall(TYPER + ARGS, n, env)
    assert fast[3] == typer[3], "the fast path and the Typer app printed different answers"
    floor = wall(FLOOR, n, env)
    imp = wall(IMPORT, n, env)
    print(f"{'path':<44}{'median ms':>10}{'min ms':>9}{'CPU ms':>9}")
    for label, (median, low, cpu, _) in [("rulekit ask (console script, fast path)", fast),
                                    ("same through the Typer app", typer),
                                    ("python -c pass (the floor)", floor),
                                    ("python -c 'import rulekit'", imp)]:
        print(f"{label:<44}{median:>10.1f}{low:>9.1f}{cpu:>9.1f}")
    print(f"fast path vs Typer app: {typer[0] / fast[0]:.2f}x faster (median); same stdout: yes; "
          f"goal 60 ms: {'met' if fast[0] <= 60 else 'NOT met'} (median {fast[0]:.1f} ms wall, {fast[2]:.1f} ms CPU)")
    rows, heavy = importtime(env)
    print("\nslowest imports of one fast-path call (python -X importtime, cumulative µs):")
    for cumulative, name in rows:
        print(f"{cumulative:>9}  {name}")
    print(f"typer/click/rich/pydantic/yaml/fastapi imported: {', '.join(sorted(heavy)) or 'none'}")


if __name__ == "__main__":
    main()
