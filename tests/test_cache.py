"""The compiled-rulebook cache: used only while every file it was built from is unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import rulekit
from rulekit.engine import cache as _cache
from paths import FIXTURES


@pytest.fixture()
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RULEKIT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    return folder


def test_a_cached_rulebook_answers_as_a_fresh_one(mini: Path) -> None:
    fresh = rulekit.load(mini).ask("meeting.presider", meeting="standing").to_dict()
    assert list((mini.parent / "cache").glob("rulebook-*.pickle"))
    assert _cache.lookup("rulebook", (mini / "rulebook.yaml").resolve()) is not None
    assert rulekit.load(mini).ask("meeting.presider", meeting="standing").to_dict() == fresh


def test_editing_any_file_it_was_built_from_invalidates_it(mini: Path) -> None:
    rulekit.load(mini)
    text = (mini / "source.txt").read_text(encoding="utf-8")
    (mini / "source.txt").write_text(text.replace("主持。", "主持!", 1), encoding="utf-8")
    with pytest.raises(rulekit.RulebookError, match="differs from the seed"):
        rulekit.load(mini)


def test_an_invalid_rulebook_is_never_cached(mini: Path) -> None:
    rules = (mini / "rulebook.yaml").read_text(encoding="utf-8")
    (mini / "rulebook.yaml").write_text(rules.replace("meeting: standing", "meeting: standin", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(rulekit.RulebookError, match="standin"):
            rulekit.load(mini)
    assert not list((mini.parent / "cache").glob("rulebook-*.pickle"))


def test_a_corrupt_cache_entry_is_a_miss(mini: Path) -> None:
    rulekit.load(mini)
    for entry in (mini.parent / "cache").glob("rulebook-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert rulekit.load(mini).ask("meeting.presider", meeting="standing").status == "answered"


def test_the_cache_can_be_turned_off(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RULEKIT_NO_CACHE", "1")
    rulekit.load(mini)
    assert not (mini.parent / "cache").exists()
