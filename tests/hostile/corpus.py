"""The hostile corpus, generated: each case is an input that a careless reader would crash on, hang on, or
pass through unescaped, with what rulekit must do with it.

``rulebook_cases()`` — broken rulebook files (the folder of the ``mini`` fixture with one thing made hostile);
``record_cases()`` — check records. Each case states the exit code and the words its one-line error must
carry (``None``: the input is legal and must be accepted). Big inputs (100 MB, 50 MB lines) are made at test
time, sparse where the file system allows, and never committed. Shrunk fuzz failures are kept in
``found.jsonl`` beside this file and replayed as record cases.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
MINI_RULEBOOK = (HERE.parent / "fixtures" / "mini" / "rulebook.yaml").read_text(encoding="utf-8")
PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '</style><script>alert(2)</script>',
            ']]><injected/>', "=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\u202egnp.exe"]


@dataclass
class Case:
    id: str
    make: Callable[[Path], Path | str]  # writes the input under the given folder, returns the path to read
    code: int  # the exit code `rulekit validate` (rulebooks) or `rulekit check --json` (records) must give
    words: str | None = None  # words the one-line error must carry
    needs: str | None = None  # a capability the case needs (fifo, symlink, unreadable)
    extra: dict[str, Any] = field(default_factory=dict)


def _rulebook_text(text: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        for name in ("source.yaml", "source.txt", "seed.txt"):
            (folder / name).write_bytes((HERE.parent / "fixtures" / "mini" / name).read_bytes())
        path = folder / "rulebook.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path
    return make


def _replace(old: str, new: str) -> str:
    assert old in MINI_RULEBOOK, old
    return MINI_RULEBOOK.replace(old, new, 1)


WRONG = {"null": "null", "int": "7", "float": "1.5", "bool": "true", "string": "'x'", "list": "[1, 2]",
         "map": "{a: 1}", "huge": str(10**100), "negative": "-1", "empty": "''", "nested": "[[[{}]]]"}
TOP_FIELDS = {"id": "id: mini", "name": "name: 示例县人民政府工作规则", "aliases": "aliases: [示例县]",
              "jurisdiction": "jurisdiction: {name: 示例县, level: county}", "titles": "titles: {head: 县长}",
              "source": "source: source.yaml"}
RULE_FIELDS = {"id": "  - id: presider.standing", "question": "    question: meeting.presider",
               "when": "    when: {meeting: standing}", "then": "    then: {any_of: [head]}",
               "cite": '    cite: {article: 2, quote: "县政府常务会议由县长主持"}'}
# A wrong value the schema happens to accept (a name may be any text): must load, exit 0 ...
ACCEPTED = {("name", "string"), ("name", "empty"), ("id", "string")}
RULE_ACCEPTED = {("id", "string"), ("when", "null")}  # `x` is a fine rule id; `when: null` is a rule that always applies


def rulebook_cases() -> list[Case]:
    cases: list[Case] = []
    good = MINI_RULEBOOK.encode("utf-8")
    # encodings and bytes
    for i, pos in enumerate([0, 10, len(good) // 2, len(good) - 1]):
        for j, junk in enumerate([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]):
            cases.append(Case(f"invalid-utf8-{i}-{j}", _rulebook_text(good[:pos] + junk + good[pos:]), 2, "UTF-8"))
    for i, pos in enumerate([0, 5, len(good) // 3, len(good) - 2]):
        cases.append(Case(f"nul-byte-{i}", _rulebook_text(good[:pos] + b"\x00" + good[pos:]), 2))
    cases.append(Case("utf16", _rulebook_text(MINI_RULEBOOK.encode("utf-16")), 2))
    cases.append(Case("bom", _rulebook_text(b"\xef\xbb\xbf" + good), 0))
    cases.append(Case("crlf", _rulebook_text(good.replace(b"\n", b"\r\n")), 0))
    cases.append(Case("cr-only", _rulebook_text(good.replace(b"\n", b"\r")), 0))
    cases.append(Case("tab-indent", _rulebook_text(MINI_RULEBOOK.replace("\n    ", "\n\t")), 2, "tab"))
    cases.append(Case("empty-file", _rulebook_text(b""), 2))
    cases.append(Case("only-comment", _rulebook_text(b"# nothing\n"), 2))
    cases.append(Case("two-documents", _rulebook_text(good + b"---\n" + good), 2))
    cases.append(Case("a-list", _rulebook_text(b"- 1\n- 2\n"), 2, "mapping"))
    cases.append(Case("a-scalar", _rulebook_text(b"just text\n"), 2, "mapping"))
    cases.append(Case("python-tag", _rulebook_text(MINI_RULEBOOK.replace("name: 示例县人民政府工作规则",
                      "name: !!python/object/apply:os.system ['touch /tmp/rulekit-pwned']")), 2))
    cases.append(Case("binary-tag", _rulebook_text(_replace("name: 示例县人民政府工作规则", "name: !!binary aGVsbG8=")), 0))  # bytes: read as the text `hello`
    cases.append(Case("duplicate-key", _rulebook_text(_replace("id: mini", "id: mini\nid: mini2")), 2, "duplicate"))
    # aliases and nesting
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
    cases.append(Case("alias-bomb", _rulebook_text(bomb), 2))
    cases.append(Case("alias-bomb-in-rules", _rulebook_text(MINI_RULEBOOK + "notes: &n0 [lol, lol]\n" + "".join(
        f"x{i}: &n{i + 1} [*n{i}, *n{i}, *n{i}, *n{i}, *n{i}, *n{i}, *n{i}, *n{i}]\n" for i in range(12))), 2))
    cases.append(Case("recursive-alias", _rulebook_text(_replace("rules:", "rules: &r\n  - *r\nx:")), 2))
    cases.append(Case("self-alias-map", _rulebook_text("a: &a {b: *a}\n"), 2))
    for depth in (100, 1000, 10_000):
        cases.append(Case(f"deep-list-{depth}", _rulebook_text("x: " + "[" * depth + "]" * depth + "\n"), 2))
        cases.append(Case(f"deep-map-{depth}", _rulebook_text("x: " + "{a: " * depth + "1" + "}" * depth + "\n"), 2))
        cases.append(Case(f"deep-when-{depth}", _rulebook_text(_replace(
            "when: {meeting: standing}", "when: " + "{not: " * depth + "{meeting: standing}" + "}" * depth)), 2))
    cases.append(Case("long-line", _rulebook_text(_replace("name: 示例县人民政府工作规则", "name: " + "长" * 2_000_000)), 0))

    # big and odd files
    def huge(folder: Path) -> Path:
        path = _rulebook_text(good)(folder)
        with path.open("r+b") as fh:
            fh.truncate(100 * 1024 * 1024)  # sparse: 100 MB that takes no disk
        return path
    cases.append(Case("100MB", huge, 2, "too large"))

    def fifo(folder: Path) -> Path:
        import os

        _rulebook_text(good)(folder)
        (folder / "rulebook.yaml").unlink()
        os.mkfifo(folder / "rulebook.yaml")
        return folder / "rulebook.yaml"
    cases.append(Case("fifo", fifo, 2, "not a regular file", needs="fifo"))

    def directory(folder: Path) -> Path:
        (folder / "rulebook.yaml").mkdir()
        return folder / "rulebook.yaml"
    cases.append(Case("directory", directory, 2))

    def loop(folder: Path) -> Path:
        (folder / "rulebook.yaml").symlink_to(folder / "rulebook.yaml")
        return folder / "rulebook.yaml"
    cases.append(Case("symlink-loop", loop, 2, needs="symlink"))

    def dangling(folder: Path) -> Path:
        (folder / "rulebook.yaml").symlink_to(folder / "nowhere.yaml")
        return folder / "rulebook.yaml"
    cases.append(Case("dangling-symlink", dangling, 2, needs="symlink"))

    def unreadable(folder: Path) -> Path:
        path = _rulebook_text(good)(folder)
        path.chmod(0)
        return path
    cases.append(Case("unreadable", unreadable, 2, needs="unreadable"))

    def source_fifo(folder: Path) -> Path:
        import os

        path = _rulebook_text(good)(folder)
        (folder / "source.txt").unlink()
        os.mkfifo(folder / "source.txt")
        return path
    cases.append(Case("source-text-fifo", source_fifo, 2, needs="fifo"))
    cases.append(Case("source-outside", _rulebook_text(_replace("source: source.yaml", "source: /etc/passwd")), 2))
    cases.append(Case("source-traversal", _rulebook_text(_replace("source: source.yaml", "source: ../../../../etc/hostname")), 2))
    cases.append(Case("source-dev-zero", _rulebook_text(_replace("source: source.yaml", "source: /dev/zero")), 2))

    # wrong types everywhere
    for name, line in TOP_FIELDS.items():
        for kind, value in WRONG.items():
            text = _replace(line, f"{name}: {value}")
            cases.append(Case(f"top-{name}-{kind}", _rulebook_text(text), 0 if (name, kind) in ACCEPTED else 2))
    for name, line in RULE_FIELDS.items():
        for kind, value in WRONG.items():
            prefix = "  - " if name == "id" else "    "
            cases.append(Case(f"rule-{name}-{kind}", _rulebook_text(_replace(line, f"{prefix}{name}: {value}")),
                              0 if (name, kind) in RULE_ACCEPTED else 2))
    for kind, value in WRONG.items():
        cases.append(Case(f"cite-article-{kind}", _rulebook_text(_replace("{article: 2, quote", f"{{article: {value}, quote")), 2))
        cases.append(Case(f"fact-value-{kind}", _rulebook_text(_replace("when: {meeting: standing}", f"when: {{meeting: {value}}}")), 2))
    cases.append(Case("int-fact-huge", _rulebook_text(_replace("when: {meeting: standing}",
                      "when: {meeting: standing, members_total: {ge: %d}}" % 10**100)), 2))
    cases.append(Case("clause-huge", _rulebook_text(_replace("{article: 3, clause: 1,", "{article: 3, clause: %d," % 10**30)), 2))
    # cycles and confusables
    cases.append(Case("override-cycle", _rulebook_text(_replace("    cite: {article: 3, clause: 1,",
                      "    overrides: [signer.announcement]\n    cite: {article: 3, clause: 1,")), 2, "overrid"))
    for i, (fake, real) in enumerate([("preѕider.standing", "ѕ is Cyrillic"), ("presider.standing\u200b", "zero width"),
                                      ("ｐresider.standing", "fullwidth")]):
        cases.append(Case(f"confusable-rule-id-{i}", _rulebook_text(_replace("  - id: presider.standing", f"  - id: {fake}")), 2, "id"))
    for i, fake in enumerate(["meetinɡ", "meeting\u200b", "ｍeeting", "meeting "]):
        cases.append(Case(f"confusable-fact-{i}", _rulebook_text(_replace("when: {meeting: standing}", f"when: {{'{fake}': standing}}")), 2, "unknown fact"))
    for i, fake in enumerate(["standinɡ", "standing\u200b", "ｓtanding"]):
        cases.append(Case(f"confusable-value-{i}", _rulebook_text(_replace("when: {meeting: standing}", f"when: {{meeting: '{fake}'}}")), 2, "unknown value"))
    for i, payload in enumerate(PAYLOADS):
        cases.append(Case(f"payload-in-fact-{i}", _rulebook_text(_replace("when: {meeting: standing}", f"when: {{{json.dumps(payload)}: standing}}")), 2, "unknown fact"))
    return cases


SIGNER_FACTS = {"issuer": "government", "form": "request", "recipient": "higher_government"}


def _record(**fields: Any) -> dict[str, Any]:
    base = {"rulebook": "yian", "question": "document.signer", "facts": dict(SIGNER_FACTS), "actual": "head"}
    base.update(fields)
    return base


def _lines(*lines: str | dict) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "records.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for line in lines:
                fh.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n")
        return path
    return make


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name
    return make


def record_cases() -> list[Case]:
    """Each record file holds one hostile record between two good ones: lines out == records in, and the
    hostile one is an `error` verdict whose message carries ``words`` (or passes, when ``code`` is 0)."""
    cases: list[Case] = []
    broken = ['{', '{"rulebook": "yian"', "{'rulebook': 'yian'}", '{"rulebook": "yian",}', "rulebook: yian", "[1, 2",
              "null", "42", '"text"', "[]", "true", "{}", '{"rulebook": }', "\x00\x00", '{"a": "\\ud800"}', "\ufeff{}"]
    for i, line in enumerate(broken):
        cases.append(Case(f"broken-json-{i}", _lines(_record(), line, _record()), 2))
    cases.append(Case("deep-json-array", _lines(_record(), "[" * 10_000 + "]" * 10_000, _record()), 2, "nested too deeply"))
    cases.append(Case("deep-json-object", _lines(_record(), '{"a":' * 10_000 + "1" + "}" * 10_000, _record()), 2))
    cases.append(Case("deep-facts", _lines(_record(), _record(facts={"issuer": json.loads("[" * 500 + "]" * 500)}), _record()), 2))
    numbers = {"1e400": "1e400", "-1e400": "-1e400", "10**100": str(10**100), "NaN": "NaN", "Infinity": "Infinity",
               "-1": "-1", "1.5": "1.5", "true": "true", "string": '"many"', "list": "[3]", "2**64": str(2**64)}
    for name, number in numbers.items():
        line = ('{"rulebook": "yian", "question": "meeting.quorum", "expect": true, '
                '"facts": {"meeting": "standing", "members_present": 3, "members_total": %s}}' % number)
        cases.append(Case(f"number-{name}", _lines(_record(), line, _record()), 2, "members_total"))
    dates = {"feb-30": "2025-02-30", "month-13": "2025-13-01", "year-0": "0000-01-01", "year-1": "0001-01-01",
             "year-9999": "9999-12-31", "year-10000": "10000-01-01", "words": "yesterday", "empty": "",
             "number": 20250926, "negative": "-2025-01-01", "iso-week": "2025-W39-5", "huge": "9" * 400,
             "zh-feb-30": "2025年2月30日", "far-past": "1900-01-01"}
    for name, date in dates.items():
        cases.append(Case(f"date-{name}", _lines(_record(), {"rulebook": "tuokexun", "question": "deadline",
                          "facts": {"item": "cosign_reply"}, "received": date, "done": "2025-10-14"}, _record()), 2))
    for i, path in enumerate(["/etc/passwd", "../../../../etc", "/dev/zero", "/proc/self/environ", "rulebooks/../../x",
                              "~root", "C:\\Windows\\system.ini", "\x00yian", "*", ""]):
        cases.append(Case(f"path-in-rulebook-{i}", _lines(_record(), _record(rulebook=path), _record()), 2))
    cases.append(Case("rulebook-with-newline", _lines(_record(), _record(rulebook="yian\n"), _record()), 0))  # stripped
    for i, payload in enumerate(PAYLOADS):
        cases.append(Case(f"payload-name-{i}", _lines(_record(), _record(name=payload), _record()), 0,
                          extra={"payload": payload, "junit": True}))
        cases.append(Case(f"payload-meta-{i}", _lines(_record(), _record(meta={"note": payload}), _record()), 0,
                          extra={"payload": payload}))
        cases.append(Case(f"payload-actual-{i}", _lines(_record(), _record(actual=payload), _record()), 2))
        cases.append(Case(f"payload-fact-{i}", _lines(_record(), _record(facts={"issuer": payload}), _record()), 2,
                          "unknown value", extra={"payload": payload}))
        cases.append(Case(f"payload-question-{i}", _lines(_record(), _record(question=payload), _record()), 2,
                          "unknown question", extra={"payload": payload}))
    header = b"name,rulebook,question,fact.issuer,fact.form,fact.recipient,actual\n"
    row = b"r,yian,document.signer,government,request,higher_government,head\n"
    cases.append(Case("csv-quoted-newline", _file("r.csv", header + row + b'"two\nlines",yian,document.signer,government,request,higher_government,head\n' + row), 0))
    cases.append(Case("csv-formula", _file("r.csv", header + row + b"\"=cmd|' /C calc'!A0\",yian,document.signer,government,request,higher_government,head\n" + row), 0,
                      extra={"payload": "=cmd|' /C calc'!A0"}))
    # a file that cannot be read on: the records before, then one error that ends the file (lines out == records read)
    cases.append(Case("csv-unclosed-quote", _file("r.csv", header + row + b'"never closed,yian\n' + row), 2,
                      "the rest of the file is not read", extra={"records": 2}))
    cases.append(Case("csv-nul", _file("r.csv", header + row + b"r\x00,yian,document.signer,government,request,higher_government,head\n" + row), 0))  # a NUL in a name is data
    cases.append(Case("csv-invalid-utf8", _file("r.csv", header + row + b"\xff\xfe,yian,document.signer,government,request,higher_government,head\n" + row), 2,
                      "--encoding", extra={"records": 2}))
    cases.append(Case("csv-too-many-cells", _file("r.csv", header + row + row[:-1] + b",extra,more\n" + row), 2))
    cases.append(Case("yaml-python-tag", _file("r.yaml", b"- {rulebook: yian, question: document.signer, facts: {issuer: government, form: request, recipient: higher_government}, actual: head}\n- !!python/object/apply:os.system ['touch /tmp/rulekit-pwned']\n- {rulebook: yian, question: document.signer, facts: {issuer: government, form: request, recipient: higher_government}, actual: head}\n"), 2))
    cases.append(Case("yaml-alias-bomb", _file("r.yaml", b"- &a {rulebook: yian, question: document.signer, facts: {issuer: government, form: request, recipient: higher_government}, actual: head}\n" + b"".join(b"- &x%d [%s]\n" % (i, b", ".join([b"*a" if i == 0 else b"*x%d" % (i - 1)] * 9)) for i in range(9)) + b"- *a\n"), 2,
                      extra={"records": 11}))

    def fifty_mb(folder: Path) -> Path:
        path = folder / "records.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps(_record()) + "\n")
            fh.write(json.dumps(_record(name="x" * (50 * 1024 * 1024))) + "\n")
            fh.write(json.dumps(_record()) + "\n")
        return path
    cases.append(Case("50MB-line", fifty_mb, 0))  # a 50 MB name is data: read, checked, written once
    found = HERE / "found.jsonl"
    if found.exists():
        for i, line in enumerate(l for l in found.read_text(encoding="utf-8").splitlines() if l.strip()):
            entry = json.loads(line)
            cases.append(Case(f"found-{i}-{entry['why']}", _lines(_record(), entry["line"], _record()), entry["code"]))
    return cases
