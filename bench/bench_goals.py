"""The speed goals, measured in one run, each against a baseline checkout of rulekit (run by hand, not by pytest):

    python bench/bench_goals.py [--baseline REF] [--records N] [--big M] [--repeat K]

REF defaults to 80c9af2, the last commit before the speed work (decision tables, the check fast path, the lean
`ask` entry); its `src/` and `rulebooks/` are extracted with `git archive` into a temporary directory. Every
figure comes from a fresh Python process that imports rulekit from one tree or the other (PYTHONPATH), with its
own warm compiled-rulebook cache; each figure is the best of K runs (default 3; the machine is shared, and the
best run is the one least disturbed by others). The goals (issue 14):

  decide   >= 1,000,000 decisions/s per core: ``Rulebook.ask`` on yian ``document.signer`` (all its rules),
           100,000 random complete cases, one process (one core), rule ids and citations on every answer
  check    >= 200,000 records/s: ``rulekit check FILE --json`` on N JSON Lines records, two mixes from
           bench_check_stream.py: "archive" (a few kinds of document per question, most signed right, real
           dates, a number per record) and "uniform" (nearly every record a new case: the memos' worst case)
  memory   flat: peak RSS of ``rulekit check - --json`` streaming M records through a pipe vs M/10 records
  cold     <= 60 ms: ``rulekit ask yian document.signer -f ... --json``, wall time of the whole process (median)
  diff     no slower than the baseline: ``rulekit.diff`` of all 10 pairs of the built-in rulebooks (CPU seconds)
  analyze  no slower than the baseline: ``rulekit.analyze`` of every built-in rulebook (CPU seconds)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "80c9af2"

sys.path.insert(0, str(ROOT / "bench"))
import bench_check_stream  # noqa: E402 - the record mixes, and _run (wall, CPU, peak RSS of a child)
from bench_check_stream import _run  # noqa: E402

ENTRY = "import sys; sys.argv[0] = 'rulekit'; from rulekit.cli import main; sys.exit(main())"
ASK = ["ask", "yian", "document.signer", "-f", "issuer=government", "-f", "form=request",
       "-f", "recipient=higher_government", "--json"]

DECIDE = r"""
import gc, json, random, time
import rulekit
book = rulekit.load("yian")
Q = "document.signer"
spec = book.question(Q)
rng = random.Random(1)
cases = [{n: (rng.choice(list(f.values)) if f.type == "enum" else rng.choice([True, False]))
          for n, f in spec.facts.items()} for _ in range(100_000)]
ask = book.ask
for c in cases:  # warm: every class met, every answer carries its rule ids and citations
    r = ask(Q, c)
    assert r.status != "answered" or (r.citations and all(x.rule for x in r.citations)), r
gc.disable()
t = time.perf_counter()
for c in cases:
    ask(Q, c)
print(json.dumps({"value": len(cases) / (time.perf_counter() - t), "file": rulekit.__file__}))
"""

DIFF = r"""
import itertools, json, time
import rulekit
books = [rulekit.load(rb) for rb in rulekit.rulebooks()]
t, c = time.perf_counter(), time.process_time()
for left, right in itertools.combinations(books, 2):
    rulekit.diff(left, right)
print(json.dumps({"value": time.process_time() - c, "wall": time.perf_counter() - t, "pairs": len(books) * (len(books) - 1) // 2}))
"""

ANALYZE = r"""
import json, time
import rulekit
books = [rulekit.load(rb) for rb in rulekit.rulebooks()]
t, c = time.perf_counter(), time.process_time()
rulekit.analyze(books)
print(json.dumps({"value": time.process_time() - c, "wall": time.perf_counter() - t, "books": len(books)}))
"""


def _extract(ref: str, into: Path) -> Path:
    """`src/` and `rulebooks/` of REF, as git has them, under INTO."""
    archive = into / "baseline.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), ref, "src", "rulebooks"],
                   check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


class Tree:
    """One rulekit to measure: its source tree, and the environment its processes run in."""

    def __init__(self, name: str, root: Path, cache: Path) -> None:
        self.name, self.root = name, root
        self.env = dict(os.environ, PYTHONPATH=str(root / "src"), RULEKIT_CACHE_DIR=str(cache),
                        PYTHONHASHSEED="0")
        for name in ("RULEKIT_ENGINE", "RULEKIT_CHECK_PLAIN", "RULEKIT_CHECK_MEMO", "PYTHONDONTWRITEBYTECODE"):
            self.env.pop(name, None)
        # bytecode compiled once, as an installed package has it (else every cold start compiles rulekit)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "src")], check=True, env=self.env)

    def python(self, code: str) -> dict:
        done = subprocess.run([sys.executable, "-c", code], env=self.env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{self.name}: the measurement failed:\n{done.stderr.strip()}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def run(self, *args: str, feed: Iterable[str] | None = None) -> tuple[float, float, int]:
        """The rulekit command line of this tree: wall seconds, the child's CPU seconds and its peak RSS in kB
        (``bench_check_stream._run``); ``feed``: lines for its stdin."""
        wall, cpu, rss, summary, code = _run([sys.executable, "-c", ENTRY, *args], self.env, feed=feed)
        if code not in (0, 1):  # 1: some record violates, as expected of mixed records
            raise SystemExit(f"{self.name}: rulekit {' '.join(args[:3])} exited {code}:\n{summary}")
        return wall, cpu, rss


def _records(mix: str, n: int) -> list[str]:
    return list(getattr(bench_check_stream, mix)(n))  # the archive and uniform mixes


def measure(tree: Tree, mixes: dict[str, Path], lines: list[str], big: int, repeat: int, tmp: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    out["decide"] = max(tree.python(DECIDE)["value"] for _ in range(repeat))
    warm = tmp / "warm.jsonl"
    warm.write_text("\n".join(lines[:200]) + "\n", encoding="utf-8")
    tree.run("check", str(warm), "--json")  # fills the cache of every built-in rulebook
    for mix, records in mixes.items():
        n = records.read_bytes().count(b"\n")
        runs = [tree.run("check", str(records), "--json") for _ in range(repeat)]
        out[f"check_{mix}"] = n / min(r[0] for r in runs)
        out[f"check_{mix}_cpu"] = n / min(r[1] for r in runs)
    for _ in range(3):
        tree.run(*ASK)
    colds = [tree.run(*ASK)[0] * 1000 for _ in range(max(10, 7 * repeat))]
    out["cold"] = statistics.median(colds)
    out["cold_min"] = min(colds)
    out["diff"] = min(tree.python(DIFF)["value"] for _ in range(repeat))
    out["analyze"] = min(tree.python(ANALYZE)["value"] for _ in range(repeat))
    if big:  # the archive's lines again and again, never all held
        stream = ("check", "-", "--json", "--input-format", "jsonl")
        _, _, rss_small = tree.run(*stream, feed=itertools.islice(itertools.cycle(lines), max(1, big // 10)))
        wall, _, rss_big = tree.run(*stream, feed=itertools.islice(itertools.cycle(lines), big))
        out["rss_small"], out["rss_big"], out["stream"] = rss_small / 1024, rss_big / 1024, big / wall
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help=f"git ref to compare with (default {BASELINE})")
    parser.add_argument("--records", type=int, default=200_000, help="records checked from a file (default 200000)")
    parser.add_argument("--big", type=int, default=1_000_000,
                        help="records streamed for the memory goal (default 1000000; 0 skips it)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure, the best kept (default 3)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rulekit-goals-") as name:
        tmp = Path(name)
        trees = [Tree("now", ROOT, tmp / "cache-now"),
                 Tree(f"baseline {args.baseline}", _extract(args.baseline, tmp), tmp / "cache-base")]
        print(f"generating {args.records:,} records of each mix ...", file=sys.stderr)
        mixes, generated = {}, {}
        for mix in ("archive", "uniform"):
            generated[mix] = _records(mix, args.records)
            mixes[mix] = tmp / f"{mix}.jsonl"
            mixes[mix].write_text("\n".join(generated[mix]) + "\n", encoding="utf-8")
        lines = generated["archive"]
        results = {}
        for tree in trees:
            print(f"measuring {tree.name} ...", file=sys.stderr)
            results[tree.name] = measure(tree, mixes, lines, args.big if tree is trees[0] else 0, args.repeat, tmp)

    now, base = results[trees[0].name], results[trees[1].name]
    load = os.getloadavg()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?") if Path("/proc/cpuinfo").exists() else "?"
    print(f"\nmachine: {os.cpu_count()} cores, {cpu}, Python {sys.version.split()[0]}; "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; best of {args.repeat}")
    print(f"{'goal':<46}{'target':>12}{'now':>12}{'baseline':>12}{'ratio':>8}  met")

    def row(label: str, target: str, a: float, b: float | None, fmt: str, met: bool, higher: bool = True) -> None:
        ratio = "" if b is None else f"{(a / b if higher else b / a):.1f}x"
        print(f"{label:<46}{target:>12}{format(a, fmt):>12}{'' if b is None else format(b, fmt):>12}{ratio:>8}  "
              f"{'yes' if met else 'NO'}")

    row("decide: Rulebook.ask decisions/s (one core)", ">= 1M", now["decide"], base["decide"], ",.0f",
        now["decide"] >= 1_000_000)
    for mix in ("archive", "uniform"):
        row(f"check --json records/s, {mix} ({args.records:,}, wall)", ">= 200k", now[f"check_{mix}"],
            base[f"check_{mix}"], ",.0f", now[f"check_{mix}"] >= 200_000)
        row(f"check --json records/s, {mix} (per CPU s)", "", now[f"check_{mix}_cpu"], base[f"check_{mix}_cpu"],
            ",.0f", now[f"check_{mix}_cpu"] >= 200_000)
    row("ask cold start ms (median, whole process)", "<= 60", now["cold"], base["cold"], ".1f", now["cold"] <= 60,
        higher=False)
    row("ask cold start ms (fastest)", "", now["cold_min"], base["cold_min"], ".1f", now["cold_min"] <= 60,
        higher=False)
    row("diff, all 10 pairs, CPU s", "<= base", now["diff"], base["diff"], ".2f", now["diff"] <= base["diff"] * 1.05,
        higher=False)
    row("analyze, every rulebook, CPU s", "<= base", now["analyze"], base["analyze"], ".2f",
        now["analyze"] <= base["analyze"] * 1.05, higher=False)
    if "rss_big" in now:
        row(f"check - peak RSS MB, {args.big:,} records", "flat", now["rss_big"], None, ".1f",
            now["rss_big"] <= now["rss_small"] * 1.2)
        row(f"check - peak RSS MB, {max(1, args.big // 10):,} records", "", now["rss_small"], None, ".1f", True)
        row(f"check - records/s streamed, archive x{args.big // args.records}", "", now["stream"], None, ",.0f", True)
    print("(ratio: how many times better now is than the baseline; diff/analyze within 5% count as no slower)")


if __name__ == "__main__":
    main()
