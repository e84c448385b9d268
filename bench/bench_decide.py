"""Decisions per second in process: yian document.signer (all its rules), 100,000 random complete cases.

Run by hand:  python bench/bench_decide.py
Three paths, each giving the same Result (rule ids, citations, trace): ``Rulebook.ask`` (exact-input memo in
front of the decision table), the decision table alone (facts parsed, class looked up, Result copied with the
facts), and the evaluator alone (``NativeBackend``). Best of 3, garbage collector off while timing. Then the
floor under ``Rulebook.ask``'s hot path: the same loop building the memo's key and looking it up, nothing else,
and the load average (the machine is shared: compare figures of one run with each other).
"""

from __future__ import annotations

import gc
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import rulekit  # noqa: E402
from rulekit.engine.evaluate import NativeBackend  # noqa: E402
from rulekit.engine.table import TableBackend  # noqa: E402
from rulekit.engine.vocabulary import parse_facts  # noqa: E402

Q = "document.signer"


def best(fn, cases) -> float:
    gc.disable()
    try:
        top = 0.0
        for _ in range(3):
            t = time.perf_counter()
            fn(cases)
            top = max(top, len(cases) / (time.perf_counter() - t))
        return top
    finally:
        gc.enable()


def main() -> None:
    book = rulekit.load("yian")
    spec = book.question(Q)
    rng = random.Random(1)
    cases = [{n: (rng.choice(list(f.values)) if f.type == "enum" else rng.choice([True, False]))
              for n, f in spec.facts.items()} for _ in range(100_000)]
    parsed = [parse_facts(spec, c) for c in cases]
    table, native = TableBackend(), NativeBackend()
    for p in parsed:  # every class met once, and the answers equal on every case
        assert table.evaluate(book.compiled, spec, p, p) == native.evaluate(book.compiled, spec, p, p)
    ask = book.ask
    for c in cases:
        ask(Q, c)

    def asked(cs):
        for c in cs:
            ask(Q, c)

    def tabled(ps):
        for p in ps:
            table.evaluate(book.compiled, spec, p, p)

    def evaluated(ps):
        for p in ps:
            native.evaluate(book.compiled, spec, p, p)

    memo = book._memo

    def keyed(cs):  # the floor: the memo's key and one lookup per case, no call, no check of the values' types
        for c in cs:
            memo.get((Q, *c, *c.values()))

    a, t, e, k = best(asked, cases), best(tabled, parsed), best(evaluated, parsed[:20_000]), best(keyed, cases)
    print(f"{'path':<44}{'decisions/s':>14}")
    print(f"{'Rulebook.ask (memo + table)':<44}{a:>14,.0f}")
    print(f"{'decision table (parsed facts)':<44}{t:>14,.0f}")
    print(f"{'evaluator (NativeBackend)':<44}{e:>14,.0f}")
    print(f"{'floor: memo key + lookup only (not an ask)':<44}{k:>14,.0f}")
    print(f"load average {os.getloadavg()[0]:.2f}; goal 1,000,000/s: {'met' if a >= 1_000_000 else 'not met'}")


if __name__ == "__main__":
    main()
