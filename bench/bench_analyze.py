"""Speed of `rulekit analyze`: every built-in rulebook, every question it decides.

Run by hand (not collected by pytest):  python bench/bench_analyze.py [--repeat N]

Prints, per rulebook, the wall time of the whole analysis (conflicts, dead and redundant rules, gaps, needless
facts), the questions and rules analyzed, the case classes covered, the evaluations made by the refined search
(partial assignments included) and the findings; then the total against the goal of 5 seconds for the five
rulebooks. Loading is done first and not timed (the CLI caches compiled rulebooks between runs). Rulebooks that do
not validate (being encoded) are left out and named.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import rulekit  # noqa: E402
from rulekit.analyzer.findings import KINDS, analyze_book  # noqa: E402

GOAL = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="analyze every rulebook N times and keep the fastest")
    args = parser.parse_args()

    books = []
    for rb in rulekit.rulebooks():
        try:
            books.append(rulekit.load(rb))
        except rulekit.RulebookError as exc:
            print(f"left out {rb}: not valid ({len(exc.problems)} problem(s))")
    print(f"{'rulebook':<12}{'seconds':>9}{'cpu s':>8}{'questions':>11}{'rules':>7}{'classes':>9}{'evaluated':>11}  findings")
    total = cpu_total = 0.0
    for book in books:
        best = best_cpu = None
        for _ in range(max(1, args.repeat)):
            start, cpu = time.perf_counter(), time.process_time()
            result = analyze_book(book)
            elapsed, used = time.perf_counter() - start, time.process_time() - cpu
            best = elapsed if best is None else min(best, elapsed)
            best_cpu = used if best_cpu is None else min(best_cpu, used)
        s = result.summary()
        total += best
        cpu_total += best_cpu
        found = " ".join(f"{kind}={s[kind]}" for kind in KINDS)
        print(f"{book.id:<12}{best:>9.3f}{best_cpu:>8.3f}{s['questions']:>11}{s['rules']:>7}{s['cases']:>9}"
              f"{s['evaluated']:>11}  {found}")
    verdict = "within" if total < GOAL else "OVER"
    print(f"\ntotal {total:.2f} s wall ({cpu_total:.2f} s CPU) for {len(books)} rulebooks: {verdict} the {GOAL:.0f} s goal")


if __name__ == "__main__":
    main()
