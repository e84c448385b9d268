"""One bad rulebook per failure mode; each names the words its error must contain (`# expect:`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import rulekit
from rulekit.cli import app
from paths import FIXTURES

BAD = sorted((FIXTURES / "bad").glob("*.yaml"))


def expected_words(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect:"), f"{path.name} must start with `# expect:`"
    return [w.strip() for w in first.split(":", 1)[1].split(", ") if w.strip()]


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_rulebook_is_rejected_with_a_located_message(path: Path) -> None:
    with pytest.raises(rulekit.RulebookError) as info:
        rulekit.load(path)
    message = info.value.render()
    for word in expected_words(path):
        assert word in message, f"{path.name}: `{word}` not in: {message}"
    assert path.name in message  # the file is named


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_cli_validate_exits_2_without_traceback(path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.startswith("error: ")
    assert path.name in result.output.splitlines()[0]


def test_every_failure_mode_has_a_fixture() -> None:
    assert len(BAD) >= 20


def test_the_mini_fixture_itself_is_valid() -> None:
    assert rulekit.validate(FIXTURES / "mini") == []


def test_source_repairs_must_reproduce_the_cleaned_text(tmp_path: Path) -> None:
    mini = FIXTURES / "mini"
    for name in ("rulebook.yaml", "seed.txt", "source.yaml"):
        (tmp_path / name).write_text((mini / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "source.txt").write_text((mini / "source.txt").read_text(encoding="utf-8").replace("主持。", "主持!", 1), encoding="utf-8")
    problems = rulekit.validate(tmp_path)
    text = "\n".join(p.render() for p in problems)
    assert "differs from the seed with its repairs applied" in text
    assert "not a verbatim part" in text  # article 2's text no longer matches the edited source


def test_a_repair_with_the_wrong_count_is_named(tmp_path: Path) -> None:
    mini = FIXTURES / "mini"
    for name in ("rulebook.yaml", "seed.txt", "source.txt"):
        (tmp_path / name).write_text((mini / name).read_text(encoding="utf-8"), encoding="utf-8")
    source = (mini / "source.yaml").read_text(encoding="utf-8").replace("count: 1", "count: 2", 1)
    (tmp_path / "source.yaml").write_text(source, encoding="utf-8")
    message = "\n".join(p.render() for p in rulekit.validate(tmp_path))
    assert "source.yaml:4:5:" in message and "expects 2 occurrence(s)" in message


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rulekit.engine import parse as _yaml

    monkeypatch.setattr(_yaml, "MAX_BYTES", 100)
    path = tmp_path / "rulebook.yaml"
    path.write_text("id: x\n" + "# padding\n" * 50, encoding="utf-8")
    with pytest.raises(rulekit.RulebookError, match="too large"):
        rulekit.load(path)


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rulebook.yaml"
    path.write_bytes("id: 依安\n".encode("gbk"))
    with pytest.raises(rulekit.RulebookError, match="not UTF-8"):
        rulekit.load(path)


def test_an_endless_file_is_refused_unread() -> None:
    """A device (or a FIFO) is never read: /dev/zero would never end, a FIFO would block."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    with pytest.raises(rulekit.RulebookError, match="not a regular file"):
        rulekit.load("/dev/zero")


def test_a_directory_without_a_rulebook_is_named(tmp_path: Path) -> None:
    with pytest.raises(rulekit.InputError, match="has no rulebook.yaml"):
        rulekit.load(tmp_path)
