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
    assert list((mini.parent / "cache").glob("rulebook-*.json"))
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
    assert not list((mini.parent / "cache").glob("rulebook-*.json"))


def test_a_corrupt_cache_entry_is_a_miss(mini: Path) -> None:
    rulekit.load(mini)
    for entry in (mini.parent / "cache").glob("rulebook-*.json"):
        entry.write_bytes(b"not json {")
    assert rulekit.load(mini).ask("meeting.presider", meeting="standing").status == "answered"


def test_the_cache_can_be_turned_off(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RULEKIT_NO_CACHE", "1")
    rulekit.load(mini)
    assert not (mini.parent / "cache").exists()


# -- no code from data ------------------------------------------------------------------------------
import json  # noqa: E402
import os  # noqa: E402
import pickle  # noqa: E402  (the test plants pickles; src/ never imports it: see test_no_code_from_data)
import subprocess  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

from paths import ROOT  # noqa: E402

ASK = ["ask", "yian", "document.signer", "-f", "issuer=government", "-f", "form=request", "-f", "recipient=higher_government",
       "--json"]


class _Payload:
    """Unpickling this creates the marker file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # noqa: ANN204
        return (open, (str(self.marker), "w"))


def _cli(cache: Path | None, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("RULEKIT_CACHE_DIR", "RULEKIT_NO_CACHE")}
    env.update({"RULEKIT_CACHE_DIR": str(cache)} if cache else {"RULEKIT_NO_CACHE": "1"})
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)


@pytest.fixture()
def reset_warning() -> None:
    _cache._warned.clear()
    yield
    _cache._warned.clear()


def test_a_planted_pickle_runs_nothing_and_changes_no_answer(tmp_path: Path) -> None:
    fresh = _cli(None, *ASK)
    assert fresh.returncode == 0, fresh.stderr
    cache = tmp_path / "cache"
    assert _cli(cache, *ASK).stdout == fresh.stdout  # fills the cache
    entries = sorted(cache.iterdir())
    assert {e.suffix for e in entries} == {".json"} and len(entries) == 2  # the rulebook and the vocabulary
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Payload(marker))
    for entry in entries:  # where the entries are, and where the pickles used to be
        entry.write_bytes(payload)
        entry.with_suffix(".pickle").write_bytes(payload)
    planted = _cli(cache, *ASK)
    assert planted.returncode == 0, planted.stderr
    assert planted.stdout == fresh.stdout
    assert not marker.exists()
    assert pickle.loads(payload) and marker.exists()  # the payload is live: loading it the old way runs it


def _tamper(cache: Path) -> None:
    """Rewrite the cached yian rulebook so that its answer changes (a well-formed data entry, as an attacker would)."""
    for entry in cache.glob("rulebook-*.json"):
        entry.write_text(entry.read_text(encoding="utf-8").replace('"executive_deputy"', '"office_director"'), encoding="utf-8")


def test_a_directory_others_may_write_is_ignored_with_one_warning(tmp_path: Path) -> None:
    fresh = _cli(None, *ASK)
    cache = tmp_path / "cache"
    _cli(cache, *ASK)
    _tamper(cache)
    trusted = _cli(cache, *ASK)  # control: from a directory only its owner can write, the entry is used
    assert "office_director" in trusted.stdout and trusted.stderr == ""
    cache.chmod(0o777)
    shared = _cli(cache, *ASK)
    assert shared.returncode == 0 and shared.stdout == fresh.stdout
    warned = shared.stderr.splitlines()
    assert len(warned) == 1 and warned[0].startswith("warning: not using the rulekit cache")
    assert "writable by others (mode 0777)" in warned[0]
    before = sorted(p.name for p in cache.iterdir())
    _cli(cache, *ASK)
    assert sorted(p.name for p in cache.iterdir()) == before  # nothing is written there either


def _tamper_mini(cache: Path) -> None:
    """Make the cached mini rulebook answer office_director, and show that a trusted entry is indeed used."""
    for entry in cache.glob("rulebook-*.json"):
        entry.write_text(entry.read_text(encoding="utf-8").replace('"head"', '"office_director"'), encoding="utf-8")
    used = rulekit.load(cache.parent / "mini").ask("meeting.presider", meeting="standing").answer
    assert used == {"any_of": [{"all_of": ["office_director"]}]}


def test_an_entry_others_may_write_is_ignored(mini: Path, reset_warning: None) -> None:
    fresh = rulekit.load(mini).ask("meeting.presider", meeting="standing").to_dict()
    cache = mini.parent / "cache"
    _tamper_mini(cache)
    for entry in cache.glob("rulebook-*.json"):
        entry.chmod(0o666)
    with pytest.warns(rulekit.errors.CacheWarning, match="entry is writable by others"):
        again = rulekit.load(mini).ask("meeting.presider", meeting="standing").to_dict()
    assert again == fresh


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a directory away needs root")
def test_a_directory_owned_by_someone_else_is_ignored(mini: Path, reset_warning: None) -> None:
    fresh = rulekit.load(mini).ask("meeting.presider", meeting="standing").to_dict()
    cache = mini.parent / "cache"
    _tamper_mini(cache)
    os.chown(cache, 4242, -1)
    with pytest.warns(rulekit.errors.CacheWarning, match="owned by uid 4242"):
        again = rulekit.load(mini).ask("meeting.presider", meeting="standing").to_dict()
    assert again == fresh


def test_a_symlinked_entry_is_not_followed(mini: Path, tmp_path: Path) -> None:
    fresh = rulekit.load(mini).ask("meeting.presider", meeting="standing").to_dict()
    cache = mini.parent / "cache"
    for entry in cache.glob("rulebook-*.json"):
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_text(entry.read_text(encoding="utf-8").replace('"head"', '"office_director"'), encoding="utf-8")
        entry.unlink()
        entry.symlink_to(elsewhere)
    assert rulekit.load(mini).ask("meeting.presider", meeting="standing").to_dict() == fresh


def test_an_entry_naming_a_class_off_the_list_is_a_miss(mini: Path) -> None:
    fresh = rulekit.load(mini).ask("meeting.presider", meeting="standing").to_dict()
    for entry in (mini.parent / "cache").glob("rulebook-*.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["value"] = {"$c": "Popen", "v": [["touch", str(mini / "ran")]]}
        entry.write_text(json.dumps(data), encoding="utf-8")
    assert rulekit.load(mini).ask("meeting.presider", meeting="standing").to_dict() == fresh
    assert not (mini / "ran").exists()
    with pytest.raises(ValueError):
        _cache.decode(b'{"$c": "Popen", "v": [["touch", "x"]]}')


@pytest.mark.parametrize("rulebook", rulekit.rulebooks())
def test_every_built_in_rulebook_survives_the_encoding(rulebook: str) -> None:
    compiled = rulekit.load(rulebook).compiled
    back = _cache.decode(_cache.encode(compiled))
    assert back == compiled
    assert _cache.encode(back) == _cache.encode(compiled)


def test_the_vocabulary_survives_the_encoding() -> None:
    from rulekit.engine.vocabulary import vocabulary

    vocab = vocabulary()
    assert _cache.decode(_cache.encode(vocab)) == vocab


def test_only_data_is_stored() -> None:
    with pytest.raises(TypeError):
        _cache.encode({"x": object()})
    with pytest.raises(TypeError):
        _cache.encode(_Payload(Path("x")))
