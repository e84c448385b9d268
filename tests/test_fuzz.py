"""Fuzz targets (hypothesis): the YAML loader + validator, each record reader, the fact parser, and the HTML /
Markdown / JUnit / JSON writers. Success = only rulekit's own errors escape, and every output stays well-formed.

Bounded in CI: RULEKIT_FUZZ_EXAMPLES examples per target (default 20). Long runs by hand:
``python bench/fuzz.py`` (10,000 per target). A shrunk failure becomes a corpus entry: add its input to
``tests/hostile/found.jsonl`` (records) or as a case in ``tests/hostile/corpus.py``, so it is replayed forever."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rulekit
from rulekit.errors import RulekitError
from paths import FIXTURES

EXAMPLES = int(os.environ.get("RULEKIT_FUZZ_EXAMPLES", "20"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 20,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

NASTY = st.sampled_from(["<script>", "\"><img src=x onerror=alert(1)>", "</style>", "]]>", "=cmd|' /C calc'!A0",
                         "\x00", "\ufeff", "\u202e", "\r\n", "\t", "&amp;", "{{", "}}", "*a", "&a", "!!python/name:os.system",
                         "依安", "县长", "meeting", "standing", "issuer", "government", "2025-02-30", "1e400", "NaN"])
TEXT = st.one_of(st.text(max_size=40), NASTY, st.lists(NASTY, max_size=4).map("".join))
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                   st.floats(allow_nan=True), TEXT)
TREE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                    st.dictionaries(TEXT, inner, max_size=4)), max_leaves=20)
RULEBOOK_KEYS = ["id", "name", "aliases", "jurisdiction", "source", "titles", "derived", "rules", "unencoded", "notes"]
RULE_KEYS = ["id", "question", "derive", "when", "then", "cite", "strength", "overrides", "note"]


def _scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="rulekit-fuzz-"))
    for name in ("source.yaml", "source.txt", "seed.txt"):
        shutil.copy(FIXTURES / "mini" / name, folder / name)
    return folder


def _only_our_errors(action) -> None:  # noqa: ANN001
    try:
        action()
    except RulekitError:
        pass


@FUZZ
@given(st.one_of(st.binary(max_size=300), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_bytes_as_a_rulebook(data: bytes) -> None:
    folder = _scratch()
    try:
        (folder / "rulebook.yaml").write_bytes(data)
        _only_our_errors(lambda: rulekit.validate(folder / "rulebook.yaml"))
    finally:
        shutil.rmtree(folder)


RULE = st.fixed_dictionaries({}, optional={k: TREE for k in RULE_KEYS})
BOOK = st.fixed_dictionaries({"id": st.just("fuzz"), "name": TEXT, "jurisdiction": st.just({"name": "示例县", "level": "county"}),
                              "source": st.just("source.yaml")},
                             optional={**{k: TREE for k in RULEBOOK_KEYS[2:] if k not in ("jurisdiction", "source")},
                                       "rules": st.lists(RULE, max_size=3)})


@FUZZ
@given(BOOK)
def test_any_structure_as_a_rulebook(book: dict) -> None:
    folder = _scratch()
    try:
        (folder / "rulebook.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
        _only_our_errors(lambda: rulekit.load(folder / "rulebook.yaml").ask("meeting.presider", meeting="standing"))
    finally:
        shutil.rmtree(folder)


@FUZZ
@given(st.sampled_from(["jsonl", "json", "yaml", "csv", "tsv"]),
       st.one_of(st.binary(max_size=400), st.lists(TREE, max_size=3).map(lambda v: json.dumps(v).encode()),
                 st.lists(st.lists(TEXT, max_size=5), max_size=4).map(
                     lambda rows: "\n".join(",".join(r) for r in [["rulebook", "question", "actual"], *rows]).encode("utf-8", "surrogatepass"))))
def test_any_bytes_as_records(fmt: str, data: bytes) -> None:
    from rulekit.checker.records import read

    folder = Path(tempfile.mkdtemp(prefix="rulekit-fuzz-"))
    try:
        path = folder / f"records.{fmt}"
        path.write_bytes(data)
        verdicts = []
        try:
            verdicts = list(rulekit.check(str(path)))
            read_count = sum(1 for _ in read(str(path), fmt=fmt))
            assert len(verdicts) == read_count  # one verdict per record read
        except RulekitError:
            pass
        for v in verdicts:
            json.loads(json.dumps(v.to_dict(), ensure_ascii=False))
    finally:
        shutil.rmtree(folder)


@FUZZ
@given(st.lists(st.tuples(st.one_of(TEXT, st.sampled_from(["issuer", "form", "recipient", "scope", "发文名义"])),
                          st.one_of(SCALAR, st.lists(TEXT, max_size=3))), max_size=5))
def test_any_facts(pairs: list) -> None:
    from rulekit.cli.common import parse_fact_options

    book = rulekit.load("yian")
    _only_our_errors(lambda: book.ask("document.signer", pairs))
    _only_our_errors(lambda: parse_fact_options([f"{k}={v}" if i % 2 else str(k) for i, (k, v) in enumerate(pairs)]))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN202
        self.tags.append(tag)
        self.handlers += [k for k, _ in attrs if k.startswith("on")]


@FUZZ
@given(st.lists(TEXT, min_size=4, max_size=4))
def test_any_text_in_html_and_markdown_pages(texts: list[str]) -> None:
    from hostile.corpus import MINI_RULEBOOK
    from rulekit.engine.literate import render_html, render_markdown

    folder = _scratch()
    try:
        text = MINI_RULEBOOK.replace("name: 示例县人民政府工作规则", f"name: {json.dumps('示例县' + texts[0])}")
        text = text.replace("titles: {head: 县长}", f"titles: {{head: {json.dumps('县长' + texts[1])}}}")
        text = text.replace("aliases: [示例县]", f"aliases: [示例县]\nnotes: [{json.dumps(texts[2])}]")
        text = text.replace("jurisdiction: {name: 示例县,", f"jurisdiction: {{name: {json.dumps('示例县' + texts[3])},")
        (folder / "rulebook.yaml").write_text(text, encoding="utf-8")
        try:
            book = rulekit.load(folder / "rulebook.yaml")
        except RulekitError:
            return
        page = render_html(book)
        parsed = _Tags()
        parsed.feed(page)
        assert not {"script", "img", "iframe", "object"} & set(parsed.tags) and not parsed.handlers
        assert page.count("</style>") == page.count("<style")
        render_markdown(book)
    finally:
        shutil.rmtree(folder)


@FUZZ
@given(st.lists(st.tuples(TEXT, TEXT, st.sampled_from(["passed", "failed", "error", "violates"])), min_size=1, max_size=5))
def test_any_text_in_junit_and_json(rows: list) -> None:
    from rulekit.checker.records import Where
    from rulekit.checker.report import JUnitWriter, format_json_line
    from rulekit.checker.verdicts import Verdict
    import io

    writer = JUnitWriter()
    for i, (name, reason, verdict) in enumerate(rows):
        v = Verdict(i, verdict, reason, where=Where(name or None, i + 1, i + 1), name=name or None)
        writer.add(v)
        json.loads(format_json_line(v))
    out = io.StringIO()
    writer.finish(out)
    root = ET.fromstring(out.getvalue())
    assert root.get("tests") == str(len(rows))
    assert {el.tag for el in root.iter()} <= {"testsuites", "testsuite", "testcase", "failure", "error"}
