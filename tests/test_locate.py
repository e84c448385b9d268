"""Rulebooks outside the package: RULEKIT_PATH and --rulebook-path, by id, name and alias, from every surface."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rulekit
from rulekit.cli import app
from rulekit.engine import locate
from paths import FIXTURES

runner = CliRunner()
STANDING = ["-f", "meeting=standing"]


@pytest.fixture(autouse=True)
def _clean_path(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("RULEKIT_PATH", raising=False)
    locate.set_search_path([])
    yield
    locate.set_search_path([])


@pytest.fixture()
def shelf(tmp_path: Path) -> Path:
    """A folder of rulebooks outside the package: a copy of the `mini` fixture (示例县)."""
    shutil.copytree(FIXTURES / "mini", tmp_path / "shelf" / "mini")
    return tmp_path / "shelf"


def ask(*args: str, env: dict | None = None) -> dict:
    result = runner.invoke(app, ["ask", *args, "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rulekit_path_reaches_a_rulebook_by_id_name_alias_and_prefix(shelf: Path, monkeypatch) -> None:
    monkeypatch.setenv("RULEKIT_PATH", str(shelf))
    for name in ["mini", "示例县人民政府工作规则", "示例县", "示例"]:
        out = ask(name, "meeting.presider", *STANDING)
        assert out["rulebook"] == "mini" and out["answer"] == {"any_of": [{"all_of": ["head"]}]}
    assert rulekit.load("示例县").id == "mini"
    assert "mini" in rulekit.rulebooks() and "yian" in rulekit.rulebooks()
    assert rulekit.load("依安").id == "yian"  # the built-ins stay reachable after the path


def test_without_the_path_the_name_is_unknown_and_the_error_says_what_was_searched(shelf: Path) -> None:
    bad = runner.invoke(app, ["ask", "mini", "meeting.presider"])
    assert bad.exit_code == 2 and "unknown rulebook `mini`" in bad.stderr
    missing = shelf / "nowhere"
    bad = runner.invoke(app, ["ask", "mini", "meeting.presider"], env={"RULEKIT_PATH": f"{missing}{os.pathsep}{shelf.parent}"})
    assert bad.exit_code == 2
    assert f"{missing} (RULEKIT_PATH, not a directory)" in bad.stderr and "then the built-ins" in bad.stderr


def test_path_entries_are_searched_in_order_and_may_be_a_rulebook_folder_itself(shelf: Path, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "yangli", tmp_path / "yangli")
    env = {"RULEKIT_PATH": os.pathsep.join([str(tmp_path / "yangli"), str(shelf)])}
    out = runner.invoke(app, ["rulebooks", "--json"], env=env)
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert [r["id"] for r in rows][:2] == ["yangli", "mini"]
    assert rows[0]["origin"] == "RULEKIT_PATH" and rows[-1]["origin"] == "built-in"
    assert ask("样例县", "meeting.presider", *STANDING, env=env)["rulebook"] == "yangli"


def test_rulebook_path_option_before_or_after_the_command(shelf: Path) -> None:
    for args in (["--rulebook-path", str(shelf), "ask", "示例县", "meeting.presider", *STANDING, "--json"],
                 ["ask", "示例县", "meeting.presider", *STANDING, "--json", "--rulebook-path", str(shelf)],
                 ["ask", f"--rulebook-path={shelf}", "mini", "meeting.presider", *STANDING, "--json"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["rulebook"] == "mini"
    bad = runner.invoke(app, ["--rulebook-path", str(shelf / "nope"), "rulebooks"])
    assert bad.exit_code == 2 and "is not a directory" in bad.stderr


def test_every_command_reaches_it_by_name(shelf: Path) -> None:
    env = {"RULEKIT_PATH": str(shelf)}
    assert runner.invoke(app, ["validate", "示例县"], env=env).exit_code == 0
    assert runner.invoke(app, ["questions", "示例县", "--json"], env=env).exit_code == 0
    cov = runner.invoke(app, ["coverage", "示例县", "--json"], env=env)
    assert cov.exit_code == 0 and json.loads(cov.stdout)[0]["rulebook"] == "mini"
    diff = runner.invoke(app, ["diff", "示例县", "依安", "-q", "meeting.presider", "--json"], env=env)
    assert diff.exit_code == 0 and json.loads(diff.stdout)["left"] == "mini"
    # the defaults of validate and compare take in the rulebooks on the path
    listed = runner.invoke(app, ["validate", "--json"], env=env)
    assert "mini" in {r["rulebook"] for r in json.loads(listed.stdout)}
    compared = runner.invoke(app, ["compare", "-q", "meeting.presider", "--json"], env=env)
    assert compared.exit_code == 0 and "mini" in compared.stdout
    records = shelf / "records.check.yaml"
    records.write_text("- {name: 常务会议, rulebook: 示例县, question: meeting.presider, facts: {meeting: standing}, "
                       "actual: 县长}\n", encoding="utf-8")
    checked = runner.invoke(app, ["check", str(records), "--json"], env=env)
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout.splitlines()[0])["verdict"] == "complies"


def test_a_name_found_twice_is_an_error_naming_both_places(shelf: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(FIXTURES / "mini", other / "mini-copy")
    env = {"RULEKIT_PATH": os.pathsep.join([str(shelf), str(other)])}
    for name in ("mini", "示例县"):
        bad = runner.invoke(app, ["ask", name, "meeting.presider"], env=env)
        assert bad.exit_code == 2
        assert f"rulebook `{name}` is found twice" in bad.stderr
        assert str(shelf / "mini") in bad.stderr and str(other / "mini-copy") in bad.stderr
    # a copy of a built-in under its id clashes with the built-in, and the listing says so too
    shutil.copytree(FIXTURES / "mini", tmp_path / "fork" / "yian")
    (tmp_path / "fork" / "yian" / "rulebook.yaml").write_text(
        (FIXTURES / "mini" / "rulebook.yaml").read_text(encoding="utf-8").replace("id: mini", "id: yian"),
        encoding="utf-8")
    env = {"RULEKIT_PATH": str(tmp_path / "fork")}
    for args in (["ask", "yian", "meeting.presider"], ["rulebooks"], ["validate"]):
        bad = runner.invoke(app, args, env=env)
        assert bad.exit_code == 2 and "rulebook `yian` is found twice" in bad.stderr, (args, bad.output)
        assert "(built-in)" in bad.stderr and "(RULEKIT_PATH)" in bad.stderr
    # a path still reaches either one
    assert runner.invoke(app, ["validate", str(tmp_path / "fork" / "yian")], env=env).exit_code == 0


def test_the_same_folder_twice_on_the_path_is_one_rulebook(shelf: Path) -> None:
    env = {"RULEKIT_PATH": os.pathsep.join([str(shelf), str(shelf / "mini"), str(shelf)])}
    assert ask("mini", "meeting.presider", *STANDING, env=env)["rulebook"] == "mini"


def test_every_name_of_every_reachable_rulebook_resolves_to_its_folder(shelf: Path, monkeypatch) -> None:
    monkeypatch.setenv("RULEKIT_PATH", str(shelf))
    for found in locate.available():
        for name in found.names:
            assert locate.resolve(name) == found.file, name


def test_block_style_aliases_are_read(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "books" / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    text = (folder / "rulebook.yaml").read_text(encoding="utf-8")
    (folder / "rulebook.yaml").write_text(text.replace("aliases: [示例县]", "aliases:\n  - 示例县\n  - '示例'"),
                                          encoding="utf-8")
    monkeypatch.setenv("RULEKIT_PATH", str(tmp_path / "books"))
    assert locate.resolve("示例") == folder / "rulebook.yaml"
    assert rulekit.load("示例县").id == "mini"


def test_the_pytest_plugin_reaches_it_by_name(shelf: Path, tmp_path: Path) -> None:
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "presider.check.yaml").write_text(
        "- {name: 常务会议, rulebook: 示例县, question: meeting.presider, facts: {meeting: standing}, expect: head}\n",
        encoding="utf-8")
    base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "rulekit.pytest_plugin", str(suite)]
    env = {k: v for k, v in os.environ.items() if k != "RULEKIT_PATH"}
    env["RULEKIT_NO_CACHE"] = "1"
    runs = {
        "option": subprocess.run([*base, "--rulebook-path", str(shelf)], cwd=suite, env=env, capture_output=True, text=True),
        "env": subprocess.run(base, cwd=suite, env={**env, "RULEKIT_PATH": str(shelf)}, capture_output=True, text=True),
        "none": subprocess.run(base, cwd=suite, env=env, capture_output=True, text=True),
    }
    assert runs["option"].returncode == 0 and "1 passed" in runs["option"].stdout, runs["option"].stdout
    assert runs["env"].returncode == 0 and "1 passed" in runs["env"].stdout, runs["env"].stdout
    assert runs["none"].returncode == 1 and "unknown rulebook `示例县`" in runs["none"].stdout
