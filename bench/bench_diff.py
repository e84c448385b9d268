"""Speed of `rulekit diff`: every pair of the valid built-in rulebooks, every question of the vocabulary.

Run by hand (not collected by pytest):  python bench/bench_diff.py [--repeat N]

Prints, per pair, the wall time of the semantic diff of all questions (the structural diff too, as `rulekit diff`
computes it), the regions found, the evaluations made (partial assignments included) and the case classes
covered; then the total against the budget of 10 seconds for all pairs of the five rulebooks. Rulebooks that do
not validate (being encoded) are left out and named. Loading is done first and not timed (the CLI caches compiled
rulebooks between runs).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import rulekit  # noqa: E402
from rulekit.differ.search import diff  # noqa: E402
from rulekit.engine.vocabulary import vocabulary  # noqa: E402

BUDGET = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="run every pair N times and keep the fastest")
    args = parser.parse_args()

    books = []
    for rb in rulekit.rulebooks():
        try:
            books.append(rulekit.load(rb))
        except rulekit.RulebookError as exc:
            print(f"left out {rb}: not valid ({len(exc.problems)} problem(s))")
    pairs = list(itertools.combinations(books, 2))
    print(f"{len(books)} rulebooks, {len(pairs)} pairs, {len(vocabulary().questions)} questions each\n")
    print(f"{'pair':<24}{'seconds':>9}{'regions':>9}{'evaluated':>11}{'case classes':>14}")
    total = 0.0
    evaluated = 0
    for left, right in pairs:
        best = None
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            result = diff(left, right)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        summary = result.summary()
        total += best
        evaluated += summary["evaluated"]
        print(f"{left.id + ' ↔ ' + right.id:<24}{best:>9.3f}{summary['differences']:>9}{summary['evaluated']:>11}"
              f"{summary['cases']:>14}")
    verdict = "within" if total < BUDGET else "OVER"
    print(f"\ntotal {total:.2f} s for {len(pairs)} pairs ({evaluated} evaluations): {verdict} the {BUDGET:.0f} s budget")
    if len(books) < 5:
        print(f"note: only {len(books)} of the 5 rulebooks are valid now; the budget is for all 10 pairs")


if __name__ == "__main__":
    main()
