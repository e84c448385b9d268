"""The fast records path of `check` (orjson reading, the checker's memos, `--json` written in chunks) gives the
very same output as the plain path (`RULEKIT_CHECK_PLAIN=1`: the standard library's json, every record checked
and written one at a time), byte for byte, on generated JSON Lines files: good records repeated under other
names (memo hits), partial facts, every kind of comparison, and bad records and lines of every kind (their
`error` verdicts keep their messages and lines). Through the public surface: `rulekit check` and
`rulekit.check`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

import rulekit
from rulekit.cli import app
from rulekit.engine.vocabulary import vocabulary
from strategies import value_of

runner = CliRunner()
VOCAB = vocabulary()
BOOKS = ["yian", "shuangta", "longfeng", "tuokexun", "minzhengju", "依安"]
ROLES = [*list(VOCAB.roles)[:10], "县长", "常务副县长", "区长", "办公室主任", "nobody_at_all"]


def _json_value(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset) else value


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    question = draw(st.sampled_from(sorted(VOCAB.questions)))
    spec = VOCAB.questions[question]
    record: dict[str, Any] = {}
    if draw(st.booleans()):
        record["name"] = draw(st.one_of(st.text(max_size=8), st.integers(), st.none()))
    record["rulebook"] = draw(st.sampled_from([*BOOKS, "nowhere"] if draw(st.integers(0, 20)) == 0 else BOOKS))
    record["question"] = question if draw(st.integers(0, 15)) else draw(st.sampled_from(["signer", "会议纪要", 7]))
    facts = {name: _json_value(draw(value_of(f, top=12))) for name, f in spec.facts.items() if draw(st.booleans())}
    tweak = draw(st.integers(0, 12))
    if tweak == 0 and facts:  # an int given as a float or a bool, a value of the wrong type
        facts[next(iter(facts))] = draw(st.sampled_from([3.0, True, "不知道", None, [1]]))
    elif tweak == 1:
        facts["no_such_fact"] = 1
    elif tweak == 2:
        facts = draw(st.sampled_from(["meeting=thematic", "a;b", [1, 2]]))
    if facts or draw(st.booleans()):
        record["facts"] = facts
    kind = draw(st.sampled_from(["expect", "actual", "dates", "cite", "none"]))
    if kind == "expect":
        record["expect"] = draw(st.one_of(
            st.sampled_from(["answered", "needs_facts", "not_covered", "head", "head | executive_deputy", True]),
            st.builds(lambda s: {"status": s}, st.sampled_from(["answered", "needs_facts", "not_covered", "bogus"])),
            st.just({"any_of": [{"all_of": ["head"]}]})))
        if draw(st.booleans()):
            record["cite"] = draw(st.sampled_from([[59], [61, 59], "59", ["x"]]))
    elif kind == "actual":
        if spec.answer == "roles":
            record["actual"] = draw(st.one_of(st.lists(st.sampled_from(ROLES), max_size=2),
                                              st.sampled_from(ROLES), st.just("县长、常务副县长")))
        else:
            record["actual"] = draw(st.sampled_from([True, False, "是", "text", 1]))
        if draw(st.integers(0, 4)) == 0:
            record["verdict"] = draw(st.sampled_from(["complies", "violates", "undetermined", "nonsense"]))
    elif kind == "dates":
        day = draw(st.integers(1, 28))
        pair = draw(st.sampled_from([("received", "done"), ("event", "submitted"), ("received", "submitted")]))
        record[pair[0]] = f"2025-03-{day:02d}"
        record[pair[1]] = draw(st.sampled_from([f"2025-03-{min(28, day + 3):02d}", "2025-04-30", "2025-13-01"]))
    elif kind == "cite":
        record["cite"] = [59]
    if draw(st.integers(0, 3)) == 0:
        record["meta"] = draw(st.sampled_from([{"密级": "内部"}, {}, {"n": [1, 2]}, "not a mapping", None]))
    if draw(st.integers(0, 25)) == 0:
        record["unknown_field"] = 1
    return record


SPECIAL_LINES = ["", "   ", "{not json", "[1, 2]", '{"rulebook": "yian", "question": "deadline", "facts": {"x": NaN}}',
                 '{"rulebook": "yian", "question": "meeting.quorum", "facts": {"members_total": 123456789012345678901234},'
                 ' "expect": "answered"}', "[" * 70 + "]" * 70, '{"a": "\\ud800"}', "\u3000", "null", '"text"']


@st.composite
def files(draw: st.DrawFn) -> list[str]:
    """The lines of a JSON Lines file: records, some repeated under other names, and some special lines."""
    drawn = draw(st.lists(records(), min_size=1, max_size=12))
    lines = []
    for record in drawn:
        for copy in range(draw(st.integers(1, 3))):
            again = dict(record, name=f"copy {copy}") if copy else record
            lines.append(json.dumps(again, ensure_ascii=draw(st.booleans())))
    for line in draw(st.lists(st.sampled_from(SPECIAL_LINES), max_size=3)):
        lines.insert(draw(st.integers(0, len(lines))), line)
    return draw(st.permutations(lines))


def _cli(path: Path, *args: str, plain: bool) -> tuple[int, bytes, str]:
    env = {"RULEKIT_CHECK_PLAIN": "1" if plain else "0"}
    result = runner.invoke(app, ["check", str(path), *args], env=env)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout_bytes, result.stderr


def _api(path: Path, plain: bool) -> list[Any]:
    old = os.environ.get("RULEKIT_CHECK_PLAIN")
    os.environ["RULEKIT_CHECK_PLAIN"] = "1" if plain else "0"
    try:
        from rulekit.checker.report import format_json_line

        return [(v, v.to_dict(), format_json_line(v)) for v in rulekit.check(str(path))]
    finally:
        if old is None:
            del os.environ["RULEKIT_CHECK_PLAIN"]
        else:
            os.environ["RULEKIT_CHECK_PLAIN"] = old


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(lines=files())
def test_the_fast_path_writes_what_the_plain_path_writes(lines: list[str], tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in (["--json"], ["--json", "--failed"], ["--format", "junit"]):
        fast, slow = _cli(path, *args, plain=False), _cli(path, *args, plain=True)
        assert fast == slow, args
    fast_api, slow_api = _api(path, plain=False), _api(path, plain=True)
    assert [v[1:] for v in fast_api] == [v[1:] for v in slow_api]
    assert [v[0] for v in fast_api] == [v[0] for v in slow_api]  # equal Verdicts (and Results)


def test_the_fast_path_on_the_built_in_test_suites(tmp_path: Path) -> None:
    """Every record of the built-in rulebooks' test suites, as JSON Lines, twice (the second time from the
    memos): the same bytes as the plain path."""
    from rulekit.checker.records import Raw, read
    from rulekit.checker.verdicts import suite_files
    from rulekit.engine.locate import resolve

    lines = []
    for book in rulekit.rulebooks():
        for suite in suite_files(resolve(book).parent):
            for item in read(suite):
                if isinstance(item, Raw) and isinstance(item.data, dict) and not item.text:
                    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in item.data.items()}
                    data["rulebook"] = str(resolve(book)) if data.get("rulebook") in (None, book) else data["rulebook"]
                    lines.append(json.dumps(data, ensure_ascii=False, default=str))
    assert len(lines) > 300
    path = tmp_path / "suites.jsonl"
    path.write_text("\n".join(lines + lines) + "\n", encoding="utf-8")
    fast, slow = _cli(path, "--json", plain=False), _cli(path, "--json", plain=True)
    assert fast == slow
    assert fast[1].count(b"\n") == 2 * len(lines)
    other = tmp_path / "sub" / "again.jsonl"  # two files (the file's name switches; indexes run on), and stdin
    other.parent.mkdir()
    other.write_text("\n".join(lines[:50]) + "\n", encoding="utf-8")
    both = [runner.invoke(app, ["check", str(path), str(other), "--json"], env={"RULEKIT_CHECK_PLAIN": plain})
            for plain in ("0", "1")]
    assert both[0].stdout_bytes == both[1].stdout_bytes and both[0].exit_code == both[1].exit_code
    assert both[0].stdout_bytes.count(b"\n") == 2 * len(lines) + 50
    piped = [runner.invoke(app, ["check", "-", "--json"], input="\n".join(lines[:80]) + "\n",
                           env={"RULEKIT_CHECK_PLAIN": plain}) for plain in ("0", "1")]
    assert piped[0].stdout_bytes == piped[1].stdout_bytes and piped[0].stdout_bytes.count(b"\n") == 80


@pytest.mark.parametrize("size", [1, 3])
def test_memos_stay_bounded_and_give_the_same_verdicts(size: int, tmp_path: Path) -> None:
    """With tiny memos (cleared again and again) the verdicts are the same as without any."""
    from rulekit.checker.report import format_json_line
    from rulekit.checker.verdicts import Checker

    record = {"rulebook": "yian", "question": "document.signer", "actual": "县长",
              "facts": {"issuer": "government", "form": "request", "recipient": "higher_government"}}
    lines = [json.dumps(dict(record, name=f"r{i}", facts=dict(record["facts"], form=form)), ensure_ascii=False)
             for i, form in enumerate(["request", "report", "notice", "request", "letter"] * 4)]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    small = Checker(memo_size=size)
    got = [format_json_line(v) for v in rulekit.check(str(path), checker=small)]
    want = [format_json_line(v) for v in rulekit.check(str(path), checker=Checker(memo_size=0))]
    assert got == want
    assert len(small._answers) <= size and len(small._judgments) <= size
