"""The command line at a clerk's desk (issue 9): roles, --version, shell completion, help with an example, py.typed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from rulekit.cli import app
from paths import ROOT

runner = CliRunner()


def test_roles_lists_ids_local_titles_aliases_and_superiors() -> None:
    result = runner.invoke(app, ["roles", "龙凤", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows["head"]["title"] == "区长" and rows["head"]["local"] is True and "县长" in rows["head"]["aliases"]
    assert rows["executive_deputy"]["title"] == "负责常务工作的副区长(常务副区长)"
    assert rows["deputy_in_charge"]["above"] == ["head"]
    table = runner.invoke(app, ["roles", "yian"])
    assert table.exit_code == 0 and "县长" in table.stdout and "deputy_in_charge" in table.stdout


def test_version() -> None:
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"rulekit {version('rulekit')}"


def test_every_command_says_what_it_is_for_with_one_example() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name in group.list_commands(None):  # type: ignore[arg-type]
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example: rulekit " + name in " ".join(result.stdout.split()), name


def test_shell_completion_installs_and_completes(tmp_path: Path) -> None:
    # the shell named on the command line, not guessed from the process tree (which differs under CI runners)
    env = dict(os.environ, HOME=str(tmp_path), SHELL="/bin/bash", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    rulekit = str(Path(sys.executable).with_name("rulekit"))
    installed = subprocess.run([rulekit, "--install-completion", "bash"], env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    assert (tmp_path / ".bash_completions" / "rulekit.sh").exists()
    env.update(_RULEKIT_COMPLETE="complete_bash", COMP_WORDS="rulekit ro", COMP_CWORD="1")
    completed = subprocess.run([rulekit], env=env, capture_output=True, text=True)
    assert completed.stdout.split() == ["roles"]


def test_py_typed_ships_with_the_package() -> None:
    assert (ROOT / "src" / "rulekit" / "py.typed").exists()


def test_compare_names_its_verdict_column_and_says_when_all_differ() -> None:
    result = runner.invoke(app, ["compare", "-q", "meeting.presider", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].endswith("| 异同 |")
    marks = {line.rsplit("|", 2)[1].strip() for line in rows[1:]}
    assert {"一致", "各不相同", "仅依安不同", "龙凤、依安相同; 双塔、托克逊相同"} <= marks
    assert not any(m.startswith("仅") and "、" in m for m in marks)  # never "仅X、Y不同" when X and Y differ too
    assert "minzhengju" in result.stderr and "name it to compare it" in result.stderr
