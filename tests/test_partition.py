"""`rulekit.check` over partitions (rulekit.checker.partition): checking the whole equals concatenating the checks of
any split into consecutive pieces — verdicts in order, tallies added — and the pieces are plain data."""

from __future__ import annotations

import functools
import json
import pickle
from pathlib import Path

from hypothesis import given, settings, strategies as st

import rulekit
from rulekit.checker.partition import Checked, Tally, check_lines, check_partition, forget, write_partition

from generated import in_process, jsonl, records

POOL = records(300, seed=11)


@functools.cache
def whole(n: int) -> Checked:
    return check_partition(POOL[:n])


def cuts(n: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, n), max_size=6).map(sorted)


def pieces(items: list, at: list[int]) -> list[list]:
    bounds = [0, *at, len(items)]
    return [items[a:b] for a, b in zip(bounds, bounds[1:])]


def test_a_partition_is_the_in_process_check_as_plain_data() -> None:
    verdicts, summary = in_process(POOL)
    checked = check_partition(POOL)
    assert list(checked.verdicts) == verdicts
    assert checked.tally.summary().__dict__ == summary.__dict__
    assert checked.tally.line() == summary.line() and checked.tally.details() == summary.details()
    assert checked.tally.total == len(POOL) and checked.tally.verdicts.get("error", 0) > 0  # the bad records too
    assert {"complies", "violates", "passed"} <= set(checked.tally.verdicts)
    # JSON-ready and picklable, and equal after the trip
    assert json.loads(json.dumps(checked.to_dict(), ensure_ascii=False)) == checked.to_dict()
    assert pickle.loads(pickle.dumps(checked)) == checked


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, len(POOL)), data=st.data())
def test_the_whole_is_the_concatenation_of_the_checks_of_any_split(n: int, data: st.DataObject) -> None:
    at = data.draw(cuts(n))
    parts = [check_partition(p) for p in pieces(POOL[:n], at)]
    assert sum(parts, Checked()) == whole(n)
    assert sum((p.tally for p in parts), Tally()) == whole(n).tally


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 60), data=st.data())
def test_adding_checks_is_associative_with_an_identity(n: int, data: st.DataObject) -> None:
    a, b, c = (check_partition(p) for p in pieces(POOL[:n], data.draw(st.lists(st.integers(0, n), min_size=2,
                                                                                  max_size=2).map(sorted))))
    assert (a + b) + c == a + (b + c)
    assert a + Checked() == a == Checked() + a
    assert (a.tally + b.tally) + c.tally == a.tally + (b.tally + c.tally)


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_files_split_across_partitions_check_as_one_run(tmp_path_factory, data: st.DataObject) -> None:  # noqa: ANN001
    folder = tmp_path_factory.mktemp("parts")
    paths = []
    for i, chunk in enumerate(pieces(POOL[:120], [30, 50, 90])):
        path = folder / f"part-{i}.jsonl"
        path.write_text(jsonl(chunk) + ("{broken\n" if i == 1 else ""), encoding="utf-8")
        paths.append(str(path))
    at = data.draw(cuts(len(paths)))
    verdicts, summary = in_process(paths)
    combined = sum((check_partition(p) for p in pieces(paths, at)), Checked())
    assert list(combined.verdicts) == verdicts
    assert combined.tally.summary().__dict__ == summary.__dict__
    bad = [v for v in combined.verdicts if v["file"] == paths[1] and v["verdict"] == "error"]
    assert bad[-1]["line"] == 21 and "malformed JSON" in bad[-1]["error"]


@settings(max_examples=15, deadline=None)
@given(at=cuts(41))
def test_lines_of_a_jsonl_file_split_anywhere_check_as_the_file(tmp_path_factory, at: list[int]) -> None:  # noqa: ANN001
    path = tmp_path_factory.mktemp("lines") / "records.jsonl"
    text = jsonl(POOL[:20]) + "not json\n\n" + jsonl(POOL[20:39])  # 41 lines: a malformed one and a blank one
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines(keepends=True)
    verdicts, _ = in_process(str(path))
    bounds = [0, *at, len(lines)]
    parts = [check_lines(lines[a:b], file=str(path), first_line=a + 1, first_record=1 + sum(bool(s.strip()) for s in lines[:a]))
             for a, b in zip(bounds, bounds[1:])]
    assert list(sum(parts, Checked()).verdicts) == verdicts
    assert any(v["line"] == 21 and v["verdict"] == "error" for v in verdicts)


def test_rulebooks_are_loaded_once_per_process_across_partitions(monkeypatch) -> None:  # noqa: ANN001
    import threading

    import rulekit.checker.verdicts as verdicts_module

    loaded: list[str] = []
    real = verdicts_module.load
    monkeypatch.setattr(verdicts_module, "load", lambda name, **kw: loaded.append(str(name)) or real(name, **kw))

    def run() -> None:  # a fresh thread has a checker of its own, as a fresh worker process has
        for chunk in pieces(POOL, [50, 100, 150, 200, 250]):
            check_partition(chunk)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    named = {r.get("rulebook") for r in POOL} - {None}
    assert sorted(loaded) == sorted(named)  # each rulebook the records name once, not once per partition
    check_partition(POOL[:40])
    loaded.clear()
    check_partition(POOL[:40])
    assert loaded == []  # this thread's checker keeps what it loaded on its earlier partition
    forget()  # a rulebook changed under a long-lived worker: the next partition loads it again
    check_partition(POOL[:40])
    assert sorted(loaded) == sorted({r.get("rulebook") for r in POOL[:40]} - {None})


@settings(max_examples=10, deadline=None)
@given(n=st.integers(0, 150), data=st.data())
def test_a_written_partition_is_the_json_of_its_checked_verdicts(tmp_path_factory, n: int,  # noqa: ANN001
                                                                 data: st.DataObject) -> None:
    """write_partition (the command's fast path, nothing but the counts returned) writes exactly the verdict dicts
    of check_partition as JSON Lines, for records in files (with a malformed line) and records given in Python."""
    import io

    folder = tmp_path_factory.mktemp("written")
    path = folder / "records.jsonl"
    path.write_text(jsonl(POOL[:n]) + "{broken\n", encoding="utf-8")
    given_too = POOL[n:n + data.draw(st.integers(0, 20))]
    sources = data.draw(st.sampled_from([[str(path)], [str(path), *given_too], [*given_too, str(path)]]))
    checked = check_partition(sources)
    buffer = io.BytesIO()
    tally = write_partition(sources, buffer)
    assert buffer.getvalue().decode("utf-8").splitlines() == [json.dumps(v, ensure_ascii=False)
                                                             for v in checked.verdicts]
    assert tally == checked.tally
    target = folder / "out" / "verdicts.jsonl"
    target.parent.mkdir(exist_ok=True)
    assert write_partition(sources, target) == tally and target.read_bytes() == buffer.getvalue()
    assert [p.name for p in target.parent.iterdir()] == ["verdicts.jsonl"]  # written whole, no temporary left


def test_yaml_meta_with_dates_is_json_ready_in_every_output(tmp_path: Path) -> None:
    """YAML reads `2025-01-02` as a date: a record's meta passed through is written as ISO text (it was a
    TypeError traceback from `rulekit check --json`), in the dicts and in the written lines alike."""
    import io

    path = tmp_path / "archive.yaml"
    path.write_text("- rulebook: yian\n  question: minutes.signer\n  facts: {meeting: thematic}\n  actual: presider\n"
                    "  meta: {日期: 2025-01-02, 2025-01-03: 收文, 附件: [2025-01-04, 2]}\n", encoding="utf-8")
    (verdict,) = check_partition([str(path)]).verdicts
    assert verdict["meta"] == {"日期": "2025-01-02", "2025-01-03": "收文", "附件": ["2025-01-04", 2]}
    buffer = io.BytesIO()
    write_partition([str(path)], buffer)
    assert json.loads(buffer.getvalue()) == verdict
    from rulekit.checker.report import format_json_line

    (whole,) = rulekit.check(str(path))
    assert json.loads(format_json_line(whole)) == verdict
