"""Checking records on Dask: 1 worker and 2 workers against one process without Dask (run by hand, not by pytest):

    python bench/bench_dask.py [--records N] [--files K] [--workers 1,2] [--repeat R]   # defaults 200000, 8, 1,2, 2

Generates N records (every built-in rulebook and question it decides; the generator of bench_check.py) into K
JSON Lines files, then checks them four ways, each writing every verdict as JSON Lines (one output file per input
file, as `rulekit check --json` would) and bringing back the tally:

- `rulekit check FILES --json > /dev/null`, the command, one process;
- in process, without Dask: `check_partition` over each file in turn (the same work a Dask task does);
- on a `distributed.LocalCluster` of 1 worker process, then 2 (one thread each, on 127.0.0.1, no dashboard),
  a `dask.bag` of the K paths, one partition per file (`check_partition` + write, the tallies folded together).

Every worker loads the rulebooks before the clock starts (as a long-lived cluster has); the best of R runs is kept.
The Dask tallies are checked equal to the in-process one. Prints records/s, ratios and the load average.
"""

from __future__ import annotations

import argparse
import json
import operator
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import generate  # noqa: E402

from rulekit.checker.partition import Tally, check_partition  # noqa: E402

CLI = [sys.executable, str(ROOT / "cli.py")]


def check_and_write(files: list[str], out: str) -> Tally:
    """One partition: check its files, write their verdicts as JSON Lines beside each other in `out`."""
    tally = Tally()
    for path in files:
        checked = check_partition([path])
        target = Path(out) / (Path(path).stem + ".verdicts.jsonl")
        with open(target, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(v, ensure_ascii=False) + "\n" for v in checked.verdicts)
        tally = tally + checked.tally
    return tally


def best(runs: int, work) -> tuple[float, object]:  # noqa: ANN001
    times, value = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - t0)
    return min(times), value


def on_dask(workers: int, paths: list[str], out: str, warm: str, runs: int) -> tuple[float, Tally, float]:
    import dask.bag as db
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, worker_dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        client.run(check_partition, [warm])  # every worker loads every rulebook once, before the clock
        start = time.perf_counter() - t0
        bag = db.from_sequence(paths, npartitions=len(paths))
        work = bag.map_partitions(lambda files: [check_and_write(list(files), out)])
        elapsed, tally = best(runs, lambda: work.fold(operator.add, initial=Tally()).compute())
    return elapsed, tally, start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    n, k = args.records, args.files
    load_before = os.getloadavg()
    print(f"generating {n:,} records into {k} JSON Lines files ...", file=sys.stderr)
    lines = generate(n)
    with tempfile.TemporaryDirectory(prefix="rulekit-dask-") as tmp:
        paths = []
        per = -(-n // k)
        for i in range(k):
            path = Path(tmp) / f"records-{i:02d}.jsonl"
            path.write_text("".join(line + "\n" for line in lines[i * per:(i + 1) * per]), encoding="utf-8")
            paths.append(str(path))
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text("".join(line + "\n" for line in lines[:2000]), encoding="utf-8")
        out = Path(tmp) / "out"
        out.mkdir()

        rows: list[tuple[str, float, str]] = []
        subprocess.run([*CLI, "check", str(warm), "--json"], capture_output=True)  # fill the rulebook cache
        cli, _ = best(args.repeat, lambda: subprocess.run([*CLI, "check", *paths, "--json"], stdout=subprocess.DEVNULL,
                                                          stderr=subprocess.DEVNULL))
        rows.append(("`rulekit check FILES --json`, one process", n / cli, ""))
        check_partition([str(warm)])  # this process loads the rulebooks once, as a worker does
        local, tally = best(args.repeat, lambda: check_and_write(paths, str(out)))
        rows.append(("in process, no Dask (`check_partition` + write, file by file)", n / local, "1.00x"))
        for w in (int(x) for x in args.workers.split(",")):
            elapsed, got, start = on_dask(w, paths, str(out), str(warm), args.repeat)
            if got != tally:
                sys.exit(f"the tally on {w} worker(s) differs from the in-process one: {got} != {tally}")
            rows.append((f"Dask, LocalCluster {w} worker process{'es' if w > 1 else ''} x 1 thread "
                         f"(cluster up + rulebooks loaded: {start:.1f} s, not timed)", n / elapsed, f"{local / elapsed:.2f}x"))
    load_after = os.getloadavg()
    print(f"\n{n:,} records in {k} files; {tally.line()} {tally.details()}; best of {args.repeat}")
    print(f"cores: {os.cpu_count()}; load average before {load_before[0]:.1f}, after {load_after[0]:.1f}\n")
    print("| run | records/s | records/hour | vs in process |")
    print("|---|---:|---:|---:|")
    for name, rate, ratio in rows:
        print(f"| {name} | {rate:,.0f} | {rate * 3600 / 1e6:,.0f}M | {ratio} |")


if __name__ == "__main__":
    main()
