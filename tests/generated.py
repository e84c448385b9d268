"""Generated check records for the partition and Dask tests: every built-in rulebook and question it decides,
facts drawn from the questions' values (some left unknown), a mix of `expect`, `actual` signers (ids and Chinese
titles), received/done dates, and a few bad records (unknown rulebook, question, field, value; missing fields)."""

from __future__ import annotations

import datetime
import functools
import json
import random
from typing import Any

import rulekit
from rulekit.engine.vocabulary import vocabulary

BAD = [
    {"rulebook": "yian", "question": "document.signer", "facts": {"issuer": "nonsense"}, "actual": "县长"},
    {"rulebook": "nowhere", "question": "document.signer", "expect": "head"},
    {"rulebook": "yian", "question": "no.such.question", "expect": "head"},
    {"rulebook": "yian", "question": "minutes.signer", "facts": {"meeting": "thematic"}, "actaul": "presider"},
    {"rulebook": "yian", "question": "minutes.signer", "facts": {"meeting": "thematic"}},
    {"question": "minutes.signer", "expect": "presider"},
]


@functools.cache
def _targets() -> list[tuple[str, str]]:
    return [(rb, q) for rb in rulekit.rulebooks() for q in rulekit.load(rb).decides()]


def _value(fact: Any, rng: random.Random) -> Any:
    if fact.type == "enum":
        return rng.choice(sorted(fact.values))
    if fact.type == "bool":
        return rng.choice([True, False])
    if fact.type == "int":
        return rng.randint(0, 12)
    return rng.sample(sorted(fact.values), rng.randint(0, min(2, len(fact.values))))


def records(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    vocab = vocabulary()
    targets = _targets()
    roles = sorted(vocab.roles)
    titles = ["县长", "常务副县长", "分管副县长", "区长", "县政府办公室主任"]
    out = []
    for i in range(n):
        if rng.random() < 0.03:
            out.append({"name": f"bad-{i}", **rng.choice(BAD)})
            continue
        rb, q = rng.choice(targets)
        spec = vocab.questions[q]
        facts = {name: _value(f, rng) for name, f in sorted(spec.facts.items()) if rng.random() < 0.8}
        record: dict[str, Any] = {"name": f"doc-{i}", "rulebook": rb, "question": q, "facts": facts}
        roll = rng.random()
        if spec.answer == "roles" and roll < 0.6:
            record["actual"] = rng.sample(roles, rng.randint(1, 2)) if roll < 0.4 else rng.choice(titles)
        elif spec.answer == "duration" and roll < 0.6:
            day = datetime.date(2025, 1, 2) + datetime.timedelta(days=rng.randint(0, 600))
            record["received"] = day.isoformat()
            record["done"] = (day + datetime.timedelta(days=rng.randint(0, 15))).isoformat()
        else:
            record["expect"] = {"status": "answered"}
        if rng.random() < 0.1:
            record["meta"] = {"密级": rng.choice(["公开", "内部"])}
        out.append(record)
    return out


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def in_process(source: Any) -> tuple[list[dict[str, Any]], Any]:
    """What ``rulekit.check`` gives in process, as the partitions should: the verdicts' dicts and the Summary."""
    from rulekit.checker.verdicts import Summary

    summary = Summary()
    out = []
    for v in rulekit.check(source):
        summary.add(v)
        out.append(v.to_dict())
    return out, summary
