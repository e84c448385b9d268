"""Throughput and memory of `rulekit check`, run by hand (not collected by pytest):

    python bench/bench_check.py [N] [BIG]       # defaults: 100000 and 1000000

1. Generates N records across every built-in rulebook that loads and every question it decides (facts drawn
   from the questions' value sets; a mix of `expect`, `actual` signers and received/done dates) as JSON Lines,
   and reports records per second for `rulekit check FILE --json` (a subprocess, output to /dev/null) and for
   `rulekit.check()` in-process.
2. Streams BIG records (the same N records over and over, written into a pipe as they go, never a file)
   through `rulekit check - --json`, and reports the child's peak memory (max RSS) against a run of BIG/10
   records, and how the peak grew along the stream: flat memory means they are about equal.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import rulekit  # noqa: E402
from rulekit.engine.vocabulary import vocabulary  # noqa: E402

CLI = [sys.executable, str(ROOT / "cli.py")]


def _value(fact, rng: random.Random):
    if fact.type == "enum":
        return rng.choice(list(fact.values))
    if fact.type == "bool":
        return rng.choice([True, False])
    if fact.type == "int":
        return rng.randint(0, 12)
    return rng.sample(list(fact.values), rng.randint(0, min(2, len(fact.values))))


def generate(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    vocab = vocabulary()
    targets = []
    for rb in rulekit.rulebooks():
        try:
            book = rulekit.load(rb)
        except rulekit.RulekitError as exc:
            print(f"  (skipping {rb}: it does not load: {str(exc).splitlines()[0]})", file=sys.stderr)
            continue
        for q in book.decides():
            targets.append((rb, vocab.questions[q], book))
    roles = list(vocab.roles)
    lines = []
    start = datetime.date(2025, 1, 2)
    for i in range(n):
        rb, spec, book = rng.choice(targets)
        facts = {name: _value(f, rng) for name, f in spec.facts.items() if rng.random() < 0.8}
        record = {"name": f"doc-{i}", "rulebook": rb, "question": spec.id, "facts": facts}
        if spec.answer == "roles" and rng.random() < 0.6:
            record["actual"] = rng.sample(roles, rng.randint(1, 2))
        elif spec.answer == "duration" and rng.random() < 0.6:
            day = start + datetime.timedelta(days=rng.randint(0, 600))
            answer = book.ask(spec.id, facts).answer or {}
            if answer.get("relation") == "before":  # materials N days before a meeting on `day`
                record["event"] = day.isoformat()
                record["submitted"] = (day - datetime.timedelta(days=rng.randint(0, 15))).isoformat()
            else:
                record["received"] = day.isoformat()
                record["done"] = (day + datetime.timedelta(days=rng.randint(0, 15))).isoformat()
        else:
            record["expect"] = {"status": "answered"}
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines


def _stream(cmd: list[str], lines: list[str], total: int) -> tuple[float, list[tuple[int, int]], int, str]:
    """Feed `total` records (the generated lines over and over) into cmd's stdin, never holding them all.

    Returns the wall time, samples of (records sent, the child's peak RSS in kB so far), the child's peak RSS
    in kB, and the child's summary line. Peak RSS is read from /proc/PID/status (VmHWM) while it runs; where
    /proc is missing, from getrusage(RUSAGE_CHILDREN) after it ends (samples then empty)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sent = [0]
    samples: list[tuple[int, int]] = []
    errors: list[bytes] = []

    def probe() -> None:
        status = Path(f"/proc/{proc.pid}/status")
        while proc.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        samples.append((sent[0], int(line.split()[1])))
            except OSError:
                return
            time.sleep(0.2)

    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()))
    prober = threading.Thread(target=probe)
    reader.start()
    prober.start()
    block = ("\n".join(lines) + "\n").encode("utf-8")
    t0 = time.perf_counter()
    try:
        while sent[0] < total:
            take = min(len(lines), total - sent[0])
            proc.stdin.write(block if take == len(lines) else ("\n".join(lines[:take]) + "\n").encode("utf-8"))
            sent[0] += take
        proc.stdin.close()
    except BrokenPipeError:
        pass
    proc.wait()
    elapsed = time.perf_counter() - t0
    reader.join()
    prober.join()
    peak = samples[-1][1] if samples else resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    text = errors[0].decode("utf-8", "replace") if errors else ""
    summary = next((line for line in text.splitlines() if " passed, " in line), "?")
    return elapsed, samples, peak, summary


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    big = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    print(f"generating {n} records ...", file=sys.stderr)
    lines = generate(n)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="rulekit-bench-") as tmp:
        path = Path(tmp) / "records.jsonl"
        path.write_bytes(data)
        env = dict(os.environ)
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text("\n".join(lines[:100]) + "\n", encoding="utf-8")
        subprocess.run([*CLI, "check", str(warm), "--json"], capture_output=True, env=env)  # fill the rulebook cache
        t0 = time.perf_counter()
        done = subprocess.run([*CLI, "check", str(path), "--json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=env, text=True)
        cli_time = time.perf_counter() - t0
        summary = done.stderr.strip().splitlines()
        print(f"check --json, {n} records from a file (subprocess): {n / cli_time:,.0f} records/s "
              f"({cli_time:.1f} s; {summary[-2] if len(summary) >= 2 else summary})")
        t0 = time.perf_counter()
        count = sum(1 for _ in rulekit.check(str(path)))
        api_time = time.perf_counter() - t0
        print(f"rulekit.check(), {count} records in-process: {count / api_time:,.0f} records/s ({api_time:.1f} s)")

    cmd = [*CLI, "check", "-", "--json", "--input-format", "jsonl"]
    small = max(1, big // 10)
    t_small, _, peak_small, _ = _stream(cmd, lines, small)
    t_big, samples, peak_big, summary = _stream(cmd, lines, big)
    print(f"streamed through a pipe: {small:,} records: peak RSS {peak_small / 1024:.1f} MB "
          f"({small / t_small:,.0f} records/s); {big:,} records: peak RSS {peak_big / 1024:.1f} MB "
          f"({big / t_big:,.0f} records/s; {summary}); ratio {peak_big / peak_small:.2f} for {big // small}x the records")
    if samples:
        marks = [samples[min(len(samples) - 1, int(len(samples) * f))] for f in (0.1, 0.25, 0.5, 0.75, 1.0)]
        print("  peak RSS while streaming (records sent: MB): "
              + ", ".join(f"{n:,}: {kb / 1024:.1f}" for n, kb in marks))

if __name__ == "__main__":
    main()
