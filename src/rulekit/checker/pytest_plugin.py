"""A pytest plugin that runs rulebook test suites: ``pytest`` collects them like tests.

Collected:

- ``cases.yaml`` beside a ``rulebook.yaml``, and any ``*.check.yaml``, ``*.check.yml``, ``*.check.jsonl``,
  ``*.check.json`` or ``*.check.csv``: one test per record (see ``rulekit.checker.verdicts`` for the record form).
  A record that does not pass fails with its file and line, case name, expected vs got, the citations and
  the trace; a record that cannot be read fails with the reason.
- ``rulebooks/<id>/rulebook.yaml``: one test, "every decided question has a case", which also fails when the
  rulebook does not load.

Rulebooks outside the package are reached by name (in a record's ``rulebook:``) through ``RULEKIT_PATH``, the
``--rulebook-path DIR`` option (repeatable) or the ``rulekit_path`` ini setting (folders, one per line), searched
in that order: option, ini, environment, then the built-ins.

Enable it in the ``conftest.py`` at the root of the project (``pytest_plugins = ["rulekit.checker.pytest_plugin"]``)
or on the command line (``pytest -p rulekit.checker.pytest_plugin``). Each rulebook is compiled once per session.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

__all__ = ["CheckFailed", "CheckFile", "CheckItem", "CoverageItem", "RulebookFile", "pytest_addoption",
           "pytest_collect_file", "pytest_configure"]

SUITE_SUFFIXES = (".check.yaml", ".check.yml", ".check.jsonl", ".check.json", ".check.csv")

_CHECKER = pytest.StashKey[Any]()


def _checker(config: pytest.Config) -> Any:
    checker = config.stash.get(_CHECKER, None)
    if checker is None:
        from .verdicts import Checker

        checker = config.stash[_CHECKER] = Checker()
    return checker


def _display(config: pytest.Config, path: Path) -> str:
    try:
        return os.path.relpath(path, config.rootpath)
    except ValueError:  # another drive (Windows)
        return str(path)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rulekit")
    group.addoption("--rulebook-path", action="append", default=[], metavar="DIR",
                    help="rulekit: a folder of rulebooks searched (before RULEKIT_PATH and the built-ins) for the "
                         "rulebooks that records name. Repeatable.")
    parser.addini("rulekit_path", type="paths", default=[],
                  help="rulekit: folders of rulebooks searched for the rulebooks that records name")


def pytest_configure(config: pytest.Config) -> None:
    from ..engine.locate import set_search_path
    from ..errors import InputError

    folders = [Path(p) for p in config.getoption("rulebook_path", default=None) or []]
    folders += [Path(p) for p in config.getini("rulekit_path") or []]
    try:
        set_search_path(folders)
    except InputError as exc:
        raise pytest.UsageError(exc.render()) from None


def is_suite(path: Path) -> bool:
    if path.name == "cases.yaml":
        return (path.parent / "rulebook.yaml").is_file()
    return path.name.endswith(SUITE_SUFFIXES)


def is_builtin_style_rulebook(path: Path) -> bool:
    """A rulebook with a test suite: under a ``rulebooks/`` folder, or with a ``cases.yaml`` beside it."""
    return path.name == "rulebook.yaml" and (path.parent.parent.name == "rulebooks"
                                             or (path.parent / "cases.yaml").is_file())


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if is_suite(file_path):
        return CheckFile.from_parent(parent, path=file_path)
    if is_builtin_style_rulebook(file_path):
        return RulebookFile.from_parent(parent, path=file_path)
    return None


class CheckFailed(Exception):
    """A record that did not pass; carries its verdict."""

    def __init__(self, verdict: Any) -> None:
        super().__init__(verdict.reason)
        self.verdict = verdict


class CheckFile(pytest.File):
    """A suite file: one item per record, named by the record's ``name`` (else its number)."""

    def collect(self) -> Iterator[pytest.Item]:
        from .records import Raw, read

        seen: set[str] = set()
        for item in read(self.path, display=_display(self.config, self.path)):
            data = item.data if isinstance(item, Raw) else None
            name = data.get("name") if isinstance(data, dict) else None
            label = str(name) if name else f"record {item.where.record or '?'}"
            if label in seen:
                label += f" (line {item.where.line})" if item.where.line else f" #{item.where.record}"
            seen.add(label)
            yield CheckItem.from_parent(self, name=label, record=item)


class CheckItem(pytest.Item):
    def __init__(self, *, record: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.record = record

    def runtest(self) -> None:
        verdict = _checker(self.config).check(self.record)
        if not verdict.passed:
            raise CheckFailed(verdict)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CheckFailed):
            from .report import format_failure

            return format_failure(excinfo.value.verdict)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.record.where.line
        return self.path, (line - 1 if line else None), self.name


class RulebookFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        yield CoverageItem.from_parent(self, name="every decided question has a case")


class CoverageItem(pytest.Item):
    """Every question the rulebook decides has at least one record in its suite."""

    def runtest(self) -> None:
        from .verdicts import RecordError, suite_files, uncovered_questions

        try:
            book = _checker(self.config).book(str(self.path))
        except RecordError as exc:
            raise CheckFailedText(exc.message) from None
        lacking = uncovered_questions(book, suite_files(self.path.parent))
        if lacking:
            raise CheckFailedText(f"{book.id}: no case in {self.path.parent.name}/cases.yaml (or *.check.*) for "
                                  + ", ".join(lacking))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CheckFailedText):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name


class CheckFailedText(Exception):
    """A suite-level failure with a message to show as it is."""
