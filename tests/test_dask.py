"""Checking records on a Dask cluster: a real `distributed.LocalCluster` of two worker processes on 127.0.0.1, records
in several JSON Lines files, checked as partitions by `dask.bag`, equal to `rulekit.check` in this process — every
verdict (in order, with its file, line and number) and the summary. The code run is the README's snippet itself."""

from __future__ import annotations

import json
import operator
import os
import re
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

import dask.bag as db
import rulekit
from rulekit.checker.partition import Checked, Tally, check_lines, check_partition
from rulekit.checker.verdicts import Summary

from generated import in_process, jsonl, records
from paths import ROOT

FILES = 6
PER_FILE = 500


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("archive")
    pool = records(FILES * PER_FILE, seed=23)
    paths = []
    for i in range(FILES):
        path = folder / f"2025-{i + 1:02d}.jsonl"
        text = jsonl(pool[i * PER_FILE:(i + 1) * PER_FILE])
        if i == 2:
            text += "{not json\n"  # a malformed line: an error verdict naming its file and line, wherever it runs
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.fixture(scope="module")
def client():  # noqa: ANN201
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                      scheduler_port=0, worker_dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def expected(archive: list[str]) -> tuple[list[dict], Summary]:
    return in_process(archive)


def readme_snippet() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- dask-snippet -->\s*```python\n(.*?)```", text, re.S)
    assert found, "README.md holds the Dask example after <!-- dask-snippet -->"
    return found.group(1)


def test_the_readme_snippet_checks_files_on_the_cluster_as_in_process(client: Client, archive: list[str],
                                                                       expected: tuple[list[dict], Summary]) -> None:
    scope = {"paths": archive, "client": client}
    exec(compile(readme_snippet(), "README.md", "exec"), scope)  # noqa: S102 - our own README, not data
    checked, tally, counts = scope["checked"], scope["tally"], scope["counts"]
    verdicts, summary = expected
    assert counts == tally
    for path in archive:  # each file's verdicts, written where it was checked, as `rulekit check FILE --json`
        alone = [json.dumps(v.to_dict(), ensure_ascii=False) for v in rulekit.check(path)]
        assert Path(path + ".verdicts.jsonl").read_text(encoding="utf-8").splitlines() == alone
    assert len(verdicts) == FILES * PER_FILE + 1
    assert list(checked.verdicts) == verdicts
    assert tally == checked.tally and tally.summary().__dict__ == summary.__dict__
    assert tally.line() == summary.line() and tally.details() == summary.details()
    bad = [v for v in checked.verdicts if v["verdict"] == "error" and v["file"] == archive[2]]
    assert bad[-1]["line"] == PER_FILE + 1 and "malformed JSON" in bad[-1]["error"]


def test_partitions_run_in_both_worker_processes(client: Client, archive: list[str],
                                                 expected: tuple[list[dict], Summary]) -> None:
    def where_and_check(files: list[str]) -> list[tuple[int, Checked]]:
        return [(os.getpid(), check_partition(list(files)))]

    workers = client.run(os.getpid)
    assert len(workers) == 2 and os.getpid() not in workers.values()
    done = db.from_sequence(archive, npartitions=FILES).map_partitions(where_and_check).compute()
    assert {pid for pid, _ in done} == set(workers.values())
    assert list(sum((c for _, c in done), Checked()).verdicts) == expected[0]


def test_lines_from_read_text_check_as_the_files(client: Client, archive: list[str],
                                                 expected: tuple[list[dict], Summary]) -> None:
    def lines_of_one_file(part: list[tuple[str, str]]) -> list[Checked]:
        part = list(part)
        return [check_lines([line for line, _ in part], file=part[0][1])]

    bag = db.read_text(archive, blocksize=None, include_path=True)  # one partition per file
    parts = bag.map_partitions(lines_of_one_file)
    assert parts.fold(operator.add, initial=Checked()).compute() == Checked(tuple(expected[0]), Tally.of(expected[0]))
    assert parts.map(lambda c: c.tally).fold(operator.add, initial=Tally()).compute().summary().__dict__ \
        == expected[1].__dict__
