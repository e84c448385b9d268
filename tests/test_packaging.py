"""The built-in rulebooks ship inside the wheel: a plain (non-editable) install works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from paths import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="hatchling builds the wheel (installed with the test extras)")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(out)],
                   check=True, capture_output=True)
    return next(out.glob("rulekit-*.whl"))


def test_wheel_contains_rulebooks_and_vocabulary(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "rulekit/engine/vocabulary.yaml" in names
    assert "rulekit/py.typed" in names  # type checkers read rulekit's annotations
    for rb in ("yian",):
        for part in ("rulebook.yaml", "source.yaml", "source.txt", "seed.txt"):
            assert f"rulekit/rulebooks/{rb}/{part}" in names


def test_installed_wheel_answers_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run([sys.executable, "-m", "rulekit", "ask", "yian", "document.signer", "--fact", "issuer=government",
                          "--fact", "form=request", "--fact", "recipient=higher_government", "--json"],
                         cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["status"] == "answered" and result["citations"][0]["article"] == 59
