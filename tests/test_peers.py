"""The peer encodings of bench/bench_peers.py stay equal to rulekit (so the benchmark's table cannot rot silently).

The plain-Python encoding and durable-rules (a runtime dependency) are checked always; the other peers only when
the ``bench`` extra is installed (``pip install -e ".[bench]"``), each skipped otherwise. No timing here: the
speed is measured by hand with ``python bench/bench_peers.py``.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rulekit
from paths import ROOT


def _bench():
    spec = importlib.util.spec_from_file_location("bench_peers", ROOT / "bench" / "bench_peers.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_peers"] = module
    spec.loader.exec_module(module)
    return module


bp = _bench()
Q = bp.question()
ASK = rulekit.load(bp.BOOK).ask
N = 3000


@pytest.fixture(scope="module")
def reference() -> tuple[list[dict], list[tuple]]:
    cases = bp.random_cases(Q, N, seed=14)
    return cases, [bp.rulekit_outcome(ASK(bp.QUESTION, f)) for f in cases]


def test_the_random_cases_reach_every_rule_and_the_gap(reference) -> None:
    """Equality on these cases means something only if every rule (and no rule at all) decides some of them."""
    _, expected = reference
    deciding = {rule for _, _, rules in expected for rule in rules}
    assert deciding == {r.id for r in Q.rules} and len(Q.rules) == 7
    assert {status for status, _, _ in expected} == {"answered", "not_covered"}


@pytest.mark.parametrize("engine", ["python", "durable-rules"])
def test_engine_equals_rulekit(engine: str, reference) -> None:
    cases, expected = reference
    got = bp.runner(Q, engine)(cases)
    assert bp.check(cases, expected, got) == (0, None)


@pytest.mark.parametrize("engine, module", [("clipspy", "clips"), ("clipspy-rules", "clips"), ("cedarpy", "cedarpy"),
                                            ("regopy", "regopy"), ("zen-engine", "zen"), ("zen-engine-batch", "zen"),
                                            ("rule-engine", "rule_engine")])
def test_bench_extra_peer_equals_rulekit(engine: str, module: str, reference) -> None:
    pytest.importorskip(module, reason="a peer of the bench extra: pip install -e '.[bench]'")
    cases, expected = reference
    cases, expected = cases[:1000], expected[:1000]
    got = bp.runner(Q, engine)(cases)
    assert bp.check(cases, expected, got) == (0, None)


def test_the_check_catches_an_encoding_that_ignores_an_override(reference) -> None:
    """A plain-Python encoding that lets 59(二)'s general rule beat the pre-decided exception is reported, with
    the first case where it differs."""
    cases, expected = reference
    table = bp.outcomes(Q)

    def wrong(f: dict) -> tuple[str, ...]:
        if f["issuer"] == "government" and f["form"] not in ("order", "announcement") and f["pre_decided"]:
            return ("signer.government",)
        return bp.plain_python(f)

    unequal, example = bp.check(cases, expected, [table[wrong(f)] for f in cases])
    assert unequal > 0 and "signer.government.pre_decided" in example and "first differing case" in example


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({name: st.sampled_from(values) for name, (_, values) in Q.facts.items()}))
def test_plain_python_equals_ask_on_any_complete_case(facts: dict) -> None:
    assert bp.outcomes(Q)[bp.plain_python(facts)] == bp.rulekit_outcome(ASK(bp.QUESTION, facts))
