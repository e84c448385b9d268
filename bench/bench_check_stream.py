"""`rulekit check --json` end to end, run by hand (not collected by pytest):

    python bench/bench_check_stream.py                   # 200,000 records per mix; memory at 100,000 and 1,000,000
    python bench/bench_check_stream.py --records 50000 --big 0

For each mix of records, writes N records as JSON Lines into a temporary file, runs `rulekit check FILE --json`
as a subprocess (stdout to /dev/null) on the fast path and on the plain path (`RULEKIT_CHECK_PLAIN=1`: the
standard library's json, every record checked and written one at a time, as before the fast path), and prints
records/s (wall clock and CPU time of the child), the ratio between the two paths, and the child's peak RSS.
The two paths' outputs are compared byte for byte on the first 20,000 records of each mix before timing.

Mixes:
- ``archive``: an office's archive: for every question a built-in rulebook decides, a few kinds of case (complete
  facts, drawn once, some far more common than others), and per record who signed or approved (the rule's first
  alternative most of the time, else another role), the dates of a deadline (received on a day of 2025, done
  0-20 days later), or an expected status; every record has its own name. The memos' case.
- ``uniform``: bench_check.py's records: every fact drawn at random (80% given), signers drawn from every role:
  nearly every record is a case never seen before — the memos' worst case.

Memory: `--big` records (default 1,000,000) of the archive mix, generated as they are sent (never all held) into
`rulekit check - --json` through a pipe, against a run of a tenth as many; flat memory means equal peaks.
The machine is shared: the load average is printed beside the figures, and CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import rulekit  # noqa: E402
from rulekit.engine.vocabulary import vocabulary  # noqa: E402

CLI = [sys.executable, str(ROOT / "cli.py")]
START = datetime.date(2025, 1, 2)


def _value(fact: Any, rng: random.Random) -> Any:
    if fact.type == "enum":
        return rng.choice(sorted(fact.values))
    if fact.type == "bool":
        return rng.random() < 0.5
    if fact.type == "int":
        return rng.randint(0, 12)
    return sorted(rng.sample(sorted(fact.values), rng.randint(0, min(2, len(fact.values)))))


def archive(n: int | None, seed: int = 11, kinds: int = 12) -> Iterator[str]:
    """Archive records, one JSON line each (``n`` None: without end)."""
    rng = random.Random(seed)
    vocab = vocabulary()
    roles = sorted(vocab.roles)
    targets = []
    for rb in ("yian", "shuangta", "longfeng", "tuokexun", "minzhengju"):
        book = rulekit.load(rb)
        for q in book.decides():
            spec = vocab.questions[q]
            cases = []
            for _ in range(kinds):
                facts = {name: _value(f, rng) for name, f in spec.facts.items()}
                result = book.ask(q, facts)
                cases.append((facts, result))
            weights = [1 / (k + 1) for k in range(kinds)]  # a few kinds of document are most of the archive
            targets.append((rb, spec, cases, weights))
    i = 0
    while n is None or i < n:
        rb, spec, cases, weights = rng.choice(targets)
        facts, result = rng.choices(cases, weights)[0]
        record: dict[str, Any] = {"name": f"依政办发〔2025〕{i}号", "rulebook": rb, "question": spec.id, "facts": facts}
        answer = result.answer if result.status == "answered" else None
        if spec.answer == "roles" and answer is not None and "any_of" in answer and rng.random() < 0.8:
            alternative = answer["any_of"][0]["all_of"]
            record["actual"] = list(alternative) if rng.random() < 0.85 else [rng.choice(roles)]
        elif spec.answer == "duration" and answer is not None and rng.random() < 0.8:
            day = START + datetime.timedelta(days=rng.randint(0, 360))
            if answer.get("relation") == "before":
                record["event"] = day.isoformat()
                record["submitted"] = (day - datetime.timedelta(days=rng.randint(0, 12))).isoformat()
            else:
                record["received"] = day.isoformat()
                record["done"] = (day + datetime.timedelta(days=rng.randint(0, 20))).isoformat()
        else:
            record["expect"] = {"status": "answered"}
        yield json.dumps(record, ensure_ascii=False)
        i += 1


def uniform(n: int) -> Iterator[str]:
    from bench_check import generate

    yield from generate(n)


def _run(cmd: list[str], env: dict[str, str], stdin: Any = None, feed: Iterator[str] | None = None,
         ) -> tuple[float, float, int, str, int]:
    """(wall s, CPU s of the child, its peak RSS in kB, its summary line, its exit code) of one run, stdout to
    /dev/null; ``feed``: lines written into its stdin."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if feed is not None else stdin, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    errors: list[bytes] = []
    peak = [0]

    def probe() -> None:  # VmHWM: the child's own peak (ru_maxrss would count the forking parent's too)
        status = Path(f"/proc/{proc.pid}/status")
        while True:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak[0] = max(peak[0], int(line.split()[1]))
            except (OSError, ValueError):
                return
            time.sleep(0.02)

    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()))
    prober = threading.Thread(target=probe, daemon=True)
    reader.start()
    prober.start()
    if feed is not None:
        try:
            batch: list[str] = []
            for line in feed:
                batch.append(line)
                if len(batch) >= 2000:
                    proc.stdin.write(("\n".join(batch) + "\n").encode("utf-8"))
                    batch = []
            if batch:
                proc.stdin.write(("\n".join(batch) + "\n").encode("utf-8"))
            proc.stdin.close()
        except BrokenPipeError:
            pass
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    reader.join()
    text = errors[0].decode("utf-8", "replace") if errors else ""
    summary = next((line for line in text.splitlines() if " passed, " in line), text.strip()[-200:])
    return wall, usage.ru_utime + usage.ru_stime, peak[0], summary, proc.returncode


def _environment(plain: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["RULEKIT_CHECK_PLAIN"] = "1" if plain else "0"
    return env


def _same_output(path: Path, tmp: Path) -> bool:
    outputs = []
    for plain in (False, True):
        done = subprocess.run([*CLI, "check", str(path), "--json"], capture_output=True, env=_environment(plain))
        outputs.append((done.returncode, done.stdout, done.stderr))
    return outputs[0] == outputs[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--big", type=int, default=1_000_000, help="records streamed for memory (0: skip)")
    parser.add_argument("--mix", choices=["archive", "uniform", "both"], default="both")
    args = parser.parse_args()
    mixes = ["archive", "uniform"] if args.mix == "both" else [args.mix]
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="rulekit-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for mix in mixes:
            lines = archive(args.records) if mix == "archive" else uniform(args.records)
            path = tmp / f"{mix}.jsonl"
            with open(path, "w", encoding="utf-8") as f:
                for line in lines:
                    f.write(line + "\n")
            head = tmp / f"{mix}-head.jsonl"
            with open(path, encoding="utf-8") as f, open(head, "w", encoding="utf-8") as out:
                for _, line in zip(range(20_000), f):
                    out.write(line)
            same = _same_output(head, tmp)  # also fills the compiled-rulebook cache
            size = path.stat().st_size / 1e6
            print(f"\n{mix}: {args.records:,} records, {size:.0f} MB of JSON Lines; fast and plain outputs "
                  f"{'identical' if same else 'DIFFERENT'} on the first 20,000 records")
            figures = {}
            for label, plain in (("fast", False), ("plain", True)):
                load = os.getloadavg()[0]
                wall, cpu, rss, summary, _ = _run([*CLI, "check", str(path), "--json"], _environment(plain))
                figures[label] = (wall, cpu)
                print(f"  {label:5}  {args.records / wall:>9,.0f} records/s wall ({wall:6.2f} s)  "
                      f"{args.records / cpu:>9,.0f} records/s CPU ({cpu:6.2f} s)  peak RSS {rss / 1024:5.1f} MB  "
                      f"load {load:.2f}  [{summary}]")
            (fw, fc), (pw, pc) = figures["fast"], figures["plain"]
            print(f"  fast / plain: {pw / fw:.1f}x wall, {pc / fc:.1f}x CPU")
    if args.big:
        cmd = [*CLI, "check", "-", "--json", "--input-format", "jsonl"]
        small = max(1, args.big // 10)
        for count in (small, args.big):
            load = os.getloadavg()[0]
            wall, cpu, rss, summary, _ = _run(cmd, _environment(False), feed=archive(count, seed=5))
            print(f"\nstreamed {count:,} archive records through a pipe (generated as sent): peak RSS "
                  f"{rss / 1024:.1f} MB, {count / cpu:,.0f} records/s CPU of the checker ({cpu:.1f} s; "
                  f"wall {wall:.1f} s, bound by the generator), load {load:.2f} [{summary}]")
    print(f"\nload average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
