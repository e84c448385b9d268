"""Checking records on Dask: 1 worker and 2 workers against one process without Dask (run by hand, not by pytest):

    python bench/bench_dask.py [--records N] [--files K] [--workers 1,2] [--repeat R]   # defaults 200000, 8, 1,2, 2

Generates N records (every built-in rulebook and question it decides; the generator of bench_check.py) into K
JSON Lines files, then checks them five ways, each writing every verdict as JSON Lines (one output file per input
file, the lines `rulekit check --json` prints) and bringing back the tally:

- `rulekit check FILES --json > /dev/null`, the command, one process;
- in one process without Dask (a fresh one, as a worker is): `write_partition` of each file in turn, the same
  work the Dask tasks do; and again with `check_partition` (verdicts as dicts) and `json.dumps` of each dict;
- on a `distributed.LocalCluster` of 1 worker process, then 2 (one thread each, on 127.0.0.1, no dashboard),
  a `dask.bag` of the K paths, one partition per file (`write_partition`, the tallies folded together).

Every worker loads the rulebooks before the clock starts (as a long-lived cluster has); the fastest of R runs is
kept. The Dask tallies are checked equal to the one process's. Prints records/s (wall), records per CPU second
(steadier on a shared machine: the CPU time of the processes doing the work), the cores the run got (CPU seconds
over wall seconds: on a machine shared with other work, two workers may get less than two) and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import generate  # noqa: E402

from rulekit.checker.partition import Tally, check_partition, write_partition  # noqa: E402

CLI = [sys.executable, str(ROOT / "cli.py")]


def check_and_write(files: list[str], out: str, dicts: bool = False) -> tuple[Tally, float]:
    """One partition: check its files, write their verdicts as JSON Lines into `out` (one file per input file,
    by `write_partition`; with `dicts`, by `check_partition` and `json.dumps` of each verdict dict); the tally and
    the CPU seconds the process spent meanwhile (on a worker, its event loop's share too)."""
    cpu = time.process_time()
    tally = Tally()
    for path in files:
        target = Path(out) / (Path(path).stem + ".verdicts.jsonl")
        if dicts:
            checked = check_partition([path])
            with open(target, "w", encoding="utf-8") as f:
                f.writelines(json.dumps(v, ensure_ascii=False) + "\n" for v in checked.verdicts)
            tally = tally + checked.tally
        else:
            tally = tally + write_partition([path], target)
    return tally, time.process_time() - cpu


def add(a: tuple[Tally, float], b: tuple[Tally, float]) -> tuple[Tally, float]:
    return a[0] + b[0], a[1] + b[1]


def best(runs: int, work) -> tuple[float, object]:  # noqa: ANN001
    """The fastest of `runs` runs of work(): (wall seconds, its value)."""
    found: list[tuple[float, object]] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        value = work()
        found.append((time.perf_counter() - t0, value))
    return min(found, key=lambda x: x[0])


def command(paths: list[str], runs: int) -> tuple[float, float]:
    def once() -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([*CLI, "check", *paths, "--json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    return best(runs, once)


def in_one_process(paths: list[str], out: str, warm: str, runs: int, dicts: bool = False) -> tuple[float, tuple[Tally, float]]:
    """The Dask tasks' work done file by file in a fresh process (the benchmark's own heap stays out of it)."""
    done = subprocess.run([sys.executable, __file__, "--local", out, warm, str(runs), str(int(dicts)), *paths],
                          capture_output=True,
                          text=True, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["seconds"], (Tally(**found["tally"]), found["cpu"])


def local(args: list[str]) -> None:
    out, warm, runs, dicts, *paths = args
    check_partition([warm])  # the rulebooks, loaded once, as a worker does
    elapsed, (tally, cpu) = best(int(runs), lambda: check_and_write(paths, out, dicts == "1"))
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "tally": tally.to_dict()}))


def on_dask(workers: int, paths: list[str], out: str, warm: str, runs: int) -> tuple[float, tuple[Tally, float], float]:
    import dask.bag as db
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, worker_dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        for address in client.scheduler_info()["workers"]:  # each worker's task thread loads the rulebooks once
            client.submit(check_partition, [warm], workers=[address], allow_other_workers=False, pure=False).result()
        start = time.perf_counter() - t0
        bag = db.from_sequence(paths, npartitions=len(paths))
        work = bag.map_partitions(lambda files: [check_and_write(list(files), out)])
        elapsed, value = best(runs, lambda: work.fold(add, initial=(Tally(), 0.0)).compute())
    return elapsed, value, start


def main() -> None:
    if sys.argv[1:2] == ["--local"]:
        return local(sys.argv[2:])
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

        rows: list[tuple[str, float, float, str]] = []
        subprocess.run([*CLI, "check", str(warm), "--json"], capture_output=True)  # fill the rulebook cache
        cli, cli_cpu = command(paths, args.repeat)
        rows.append(("`rulekit check FILES --json`, one process", n / cli, n / cli_cpu, ""))
        alone, (tally, cpu) = in_one_process(paths, str(out), str(warm), args.repeat)
        rows.append(("one process, no Dask (`write_partition`, file by file)", n / alone, n / cpu, "1.00x"))
        slow, (same, cpu) = in_one_process(paths, str(out), str(warm), args.repeat, dicts=True)
        if same != tally:
            sys.exit(f"the tally of check_partition differs from write_partition's: {same} != {tally}")
        rows.append(("one process, no Dask (`check_partition` + `json.dumps` of each dict)", n / slow, n / cpu,
                     f"{alone / slow:.2f}x"))
        for w in (int(x) for x in args.workers.split(",")):
            elapsed, (got, cpu), start = on_dask(w, paths, str(out), str(warm), args.repeat)
            if got != tally:
                sys.exit(f"the tally on {w} worker(s) differs from the in-process one: {got} != {tally}")
            rows.append((f"Dask, LocalCluster {w} worker process{'es' if w > 1 else ''} x 1 thread "
                         f"(cluster up + rulebooks loaded: {start:.1f} s, not timed)", n / elapsed, n / cpu,
                         f"{alone / elapsed:.2f}x"))
    load_after = os.getloadavg()
    print(f"\n{n:,} records in {k} files; {tally.line()} {tally.details()}; best of {args.repeat}")
    print(f"cores: {os.cpu_count()}; load average before {load_before[0]:.1f}, after {load_after[0]:.1f}\n")
    print("| run | records/s (wall) | records/hour | records per CPU second | cores used | wall vs one process |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, rate, per_cpu, ratio in rows:  # cores used: CPU seconds / wall seconds = rate / per_cpu
        print(f"| {name} | {rate:,.0f} | {rate * 3600 / 1e6:,.1f}M | {per_cpu:,.0f} | {rate / per_cpu:.2f} | {ratio} |")


if __name__ == "__main__":
    main()
