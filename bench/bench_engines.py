"""The two engines side by side: decisions per second on the same cases, and the cost of building the durable rulesets.

Run by hand (not in CI):

    python bench/bench_engines.py [N]              # N decisions per engine (default 20,000)
    python bench/bench_engines.py --differential N # the differential property of tests/test_engines.py, N examples

The cases: every case of every built-in rulebook's test suite, then random partial fact sets of the questions each
rulebook decides, N in all, the same list for both engines. Each engine answers them through ``Rulebook.ask`` (facts
parsed, the full Result built), in one process, after one warm-up pass; every pair of answers is compared.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def cases(n: int, seed: int = 7) -> list[tuple[str, str, dict[str, Any]]]:
    import rulekit
    from rulekit.checker.records import Raw, read
    from rulekit.checker.verdicts import suite_files
    from rulekit.engine.vocabulary import vocabulary

    found: list[tuple[str, str, dict[str, Any]]] = []
    books = {name: rulekit.load(name, engine="native") for name in rulekit.rulebooks()}
    for name, book in books.items():
        for path in suite_files(Path(book.compiled.path).parent):
            for item in read(path):
                if isinstance(item, Raw) and isinstance(item.data, dict) and item.data.get("question"):
                    found.append((name, str(item.data["question"]), dict(item.data.get("facts") or {})))
    rng = random.Random(seed)
    while len(found) < n:
        name = rng.choice(sorted(books))
        question = rng.choice(books[name].decides())
        spec = vocabulary().questions[question]
        facts: dict[str, Any] = {}
        for fact, fspec in spec.facts.items():
            if rng.random() < 0.3:
                continue
            if fspec.type == "bool":
                facts[fact] = rng.random() < 0.5
            elif fspec.type == "int":
                facts[fact] = rng.randint(0, 40)
            elif fspec.type == "enum":
                facts[fact] = rng.choice(sorted(fspec.values))
            else:
                facts[fact] = sorted(rng.sample(sorted(fspec.values), rng.randint(0, 2)))
        found.append((name, question, facts))
    return found[:n]


def run(engine: str, todo: list[tuple[str, str, dict[str, Any]]]) -> tuple[float, list[dict[str, Any]]]:
    import rulekit

    books = {name: rulekit.load(name, engine=engine) for name in {c[0] for c in todo}}
    for name, question, facts in todo[:500]:  # warm-up
        books[name].ask(question, facts)
    start = time.perf_counter()
    results = [books[name].ask(question, facts) for name, question, facts in todo]
    elapsed = time.perf_counter() - start
    return elapsed, [r.to_dict() for r in results]


def build_cost() -> list[tuple[str, int, int, float]]:
    """Per rulebook: questions, durable rules generated, and seconds to translate and register them (a fresh
    backend, so nothing is reused)."""
    import rulekit
    from rulekit.engine.durable import DurableBackend

    out = []
    backend = DurableBackend()
    for name in rulekit.rulebooks():
        book = rulekit.load(name, engine="native").compiled
        start = time.perf_counter()
        translated = backend.prepare(book)
        elapsed = time.perf_counter() - start
        out.append((name, len(translated), sum(len(t.definition) for t in translated.values()), elapsed))
    return out


CHUNK = 1000  # examples per process: durable-rules cannot free a ruleset safely (docs/ENGINES.md), so each
# process keeps every random rulebook's ruleset (tens of kB each) until it exits


def differential(examples: int) -> int:
    """The differential property of tests/test_engines.py for ``examples`` examples, in fresh processes of CHUNK,
    each with its own seed. 0 when no disagreement was found."""
    done, seed = 0, 1
    while done < examples:
        count = min(CHUNK, examples - done)
        env = dict(os.environ, RULEKIT_DIFF_EXAMPLES=str(count))
        start = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--hypothesis-seed={seed}",
                                str(ROOT / "tests" / "test_engines.py"), "-k", "property or regressions"], env=env, cwd=ROOT)
        print(f"differential: {count} examples (seed {seed}) in {time.perf_counter() - start:.0f} s: "
              f"{'no disagreement' if code == 0 else 'FAILED'}", flush=True)
        if code:
            return code
        done += count
        seed += 1
    return 0


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--differential"]:
        sys.exit(differential(int(args[1]) if len(args) > 1 else 5000))
    n = int(args[0]) if args else 20_000
    todo = cases(n)
    native_s, native = run("native", todo)
    durable_s, durable = run("durable", todo)
    unequal = sum(1 for a, b in zip(native, durable) if a != b)
    print(f"{n} decisions ({len({(c[0], c[1]) for c in todo})} rulebook questions), each engine via Rulebook.ask:")
    print(f"  native   {n / native_s:10,.0f} decisions/s  ({native_s * 1e6 / n:7.1f} µs each)")
    print(f"  durable  {n / durable_s:10,.0f} decisions/s  ({durable_s * 1e6 / n:7.1f} µs each)")
    print(f"  ratio    native is {durable_s / native_s:.1f}x faster; answers unequal: {unequal}")
    print("building the durable rulesets (translate + register, once per rulebook):")
    for name, questions, rules, seconds in build_cost():
        print(f"  {name:<12} {questions:3d} questions {rules:5d} durable rules {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
