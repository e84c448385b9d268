"""The hostile corpus (tests/hostile/corpus.py): every input gets the exit code and the one-line error it states,
never a traceback; `check` writes one line per record read; JUnit and JSON carry every payload as inert text."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hostile.corpus import PAYLOADS, Case, record_cases, rulebook_cases
from rulekit.cli import app

runner = CliRunner()
RULEBOOKS = rulebook_cases()
RECORDS = record_cases()


def test_the_corpus_is_large() -> None:
    assert len(RULEBOOKS) + len(RECORDS) >= 200


def _skip_unless_possible(case: Case) -> None:
    if case.needs == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    if case.needs == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads every file, so an unreadable file cannot be made here")


def _one_line_errors(result, case: Case) -> None:  # noqa: ANN001
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exit_code == case.code, (result.exit_code, result.stderr[:2000])
    if case.code == 2:
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith(("error: ", "warning: ")) for line in lines), result.stderr[:2000]
        assert all(len(line) < 4000 for line in lines)  # a huge input is never echoed whole
        if case.words:
            assert case.words.lower() in result.stderr.lower()


@pytest.mark.parametrize("case", RULEBOOKS, ids=lambda c: c.id)
def test_a_hostile_rulebook(case: Case, tmp_path: Path) -> None:
    _skip_unless_possible(case)
    path = case.make(tmp_path)
    marker = Path("/tmp/rulekit-pwned")
    result = runner.invoke(app, ["validate", str(path)])
    _one_line_errors(result, case)
    if case.code == 2 and not case.id.startswith(("top-", "rule-", "cite-", "fact-", "invalid-utf8-", "nul-")):
        asked = runner.invoke(app, ["ask", str(path), "meeting.presider", "-f", "meeting=standing"])
        _one_line_errors(asked, case)
    assert not marker.exists()


@pytest.mark.parametrize("case", RECORDS, ids=lambda c: c.id)
def test_a_hostile_record(case: Case, tmp_path: Path) -> None:
    path = case.make(tmp_path)
    result = runner.invoke(app, ["check", str(path), "--json", "--no-progress"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    assert result.exit_code == case.code, (result.exit_code, result.stdout[-3000:], result.stderr[:2000])
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == case.extra.get("records", 3)  # lines out == records in
    assert out[0]["verdict"] == "complies" and (out[-1]["verdict"] == "complies" or "records" in case.extra)
    bad = out[1]
    if case.code == 2:
        assert bad["verdict"] == "error" and len(bad["error"]) < 4000
        if case.words:
            assert case.words.lower() in bad["error"].lower()
    payload = case.extra.get("payload")
    if payload and case.code == 0:
        assert payload in json.dumps(bad, ensure_ascii=False) or payload in bad.get("name", "")
    junit = runner.invoke(app, ["check", str(path), "--format", "junit"])
    assert junit.exit_code == case.code
    root = ET.fromstring(junit.stdout)  # well-formed whatever the record held
    assert root.get("tests") == str(len(out))
    assert {el.tag for el in root.iter()} <= {"testsuites", "testsuite", "testcase", "failure", "error"}
    if case.extra.get("junit"):
        texts = " ".join([*(el.text or "" for el in root.iter()), *(v for el in root.iter() for v in el.attrib.values())])
        assert payload.replace("\u202e", "?") in texts or payload in texts  # carried, as text


def test_no_payload_becomes_markup_in_a_diff_page(tmp_path: Path) -> None:
    """Every text a rulebook carries into `diff --format html` and `show --html`, made hostile."""
    from hostile.corpus import MINI_RULEBOOK, _rulebook_text
    from html.parser import HTMLParser

    text = MINI_RULEBOOK
    text = text.replace("name: 示例县人民政府工作规则", f"name: {json.dumps('示例县人民政府工作规则' + PAYLOADS[0])}")
    text = text.replace("aliases: [示例县]", f"aliases: [示例县]\nnotes: [{json.dumps(PAYLOADS[2])}]")
    text = text.replace("titles: {head: 县长}", f"titles: {{head: {json.dumps('县长' + PAYLOADS[1])}}}")
    text = text.replace("jurisdiction: {name: 示例县,", f"jurisdiction: {{name: {json.dumps('示例县' + PAYLOADS[3])},")
    folder = tmp_path / "evil"
    folder.mkdir()
    _rulebook_text(text)(folder)
    assert runner.invoke(app, ["validate", str(folder)]).exit_code == 0

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.attrs: list[str] = []

        def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN202
            self.tags.append(tag)
            self.attrs += [k for k, _ in attrs]

    pages = {"diff": runner.invoke(app, ["diff", str(folder), "yian", "--format", "html"]),
             "show": runner.invoke(app, ["show", str(folder), "--html"])}
    for name, page in pages.items():
        assert page.exit_code in (0, 1), (name, page.stderr[:500])
        parsed = Tags()
        parsed.feed(page.stdout)
        assert "script" not in parsed.tags and "img" not in parsed.tags and "injected" not in parsed.tags, name
        assert not any(a.startswith("on") for a in parsed.attrs), name
        assert page.stdout.count("</style>") == page.stdout.count("<style"), name
        assert "&lt;script&gt;" in page.stdout, name  # the payload is there, as text


@pytest.mark.parametrize("command", [["diff", "yian", "tuokexun", "-q", "agenda.admissible"],
                                     ["analyze", "yian", "-q", "agenda.admissible"]])
def test_a_case_space_over_the_limit_is_refused_naming_its_facts(command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RULEKIT_MAX_CASES", "10")
    result = runner.invoke(app, command)
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: the case space of `agenda.admissible` has") and "over the limit of 10" in line
    assert "`meeting`" in line and "RULEKIT_MAX_CASES" in line
    monkeypatch.delenv("RULEKIT_MAX_CASES")
    assert runner.invoke(app, command).exit_code in (0, 1)  # under the default limit it runs


def test_a_deep_record_from_python_is_an_error_verdict() -> None:
    import rulekit

    deep: list = []
    for _ in range(2000):
        deep = [deep]
    record = {"rulebook": "yian", "question": "document.signer", "facts": {"issuer": deep}, "actual": "head"}
    (verdict,) = rulekit.check([record])
    assert verdict.verdict == "error" and "nested too deeply" in verdict.reason
