"""The console script's fast path for ``rulekit ask`` (cli/fast.py) answers exactly as the Typer command does.

Both entry points run in this process on the same argument lists: the fast path (``fast.parse`` then
``fast.run``) and the Typer app (Click's runner). Equal means the same exit code, the same stdout bytes and the
same stderr bytes: on every case of every built-in rulebook's test suite (JSON and the terminal rendering), on
bad input, and on random argument lists (whatever the fast path takes on, it answers as Typer does; the rest
it hands to Typer). Subprocesses check what the speed depends on: a plain ``ask`` imports no Typer, Click,
Rich, pydantic or YAML, and a cached rulebook loads without pydantic.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from rulekit.cli import app, fast
from rulekit.engine.locate import set_search_path
from rulekit.engine.rulebook import use_engine
from paths import FIXTURES, ROOT

runner = CliRunner()
BUILT_IN = sorted(p.parent.name for p in (ROOT / "rulebooks").glob("*/cases.yaml"))


def _reset() -> None:
    use_engine(None)  # --engine and --rulebook-path set process-wide state: start every call afresh
    set_search_path([])


def via_typer(args: list[str]) -> tuple[int, bytes, bytes]:
    _reset()
    result = runner.invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout_bytes, result.stderr_bytes


def via_fast(args: list[str]) -> tuple[int, bytes, bytes] | None:
    call = fast.parse(args)
    if call is None:
        return None
    _reset()
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", newline="")
    stderr = io.TextIOWrapper(err, encoding="utf-8", newline="")
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = fast.run(call)
    stdout.flush()
    stderr.flush()
    return code, out.getvalue(), err.getvalue()


def same(args: list[str]) -> tuple[int, bytes, bytes]:
    """Run ``args`` both ways; assert the fast path takes them and answers as Typer does."""
    mine = via_fast(args)
    assert mine is not None, f"the fast path should handle {args}"
    theirs = via_typer(args)
    assert mine == theirs, args
    return mine


def _fact(name: str, value: object) -> str:
    if isinstance(value, bool):
        return f"{name}={'true' if value else 'false'}"
    if isinstance(value, (list, tuple)):
        return f"{name}={','.join(str(v) for v in value)}"
    return f"{name}={value}"


def _cases() -> list[dict]:
    found = []
    for book in BUILT_IN:
        for case in yaml.safe_load((ROOT / "rulebooks" / book / "cases.yaml").read_text(encoding="utf-8")):
            found.append({"rulebook": case.get("rulebook", book), "question": case["question"],
                          "facts": case.get("facts") or {}})
    return found


CASES = _cases()


def test_every_built_in_case_is_answered_alike() -> None:
    assert len(CASES) > 400
    answered = 0
    for i, case in enumerate(CASES):
        facts = []
        for name, value in case["facts"].items():
            facts += ["--fact" if i % 2 else "-f", _fact(name, value)]
        code, out, err = same(["ask", case["rulebook"], case["question"], *facts, "--json"])
        assert code == 0 and err == b""
        answered += json.loads(out)["status"] == "answered"
        if i % 5 == 0:  # the terminal rendering (Rich, not a terminal here) of one case in five
            same(["ask", case["rulebook"], case["question"], *facts])
        if i % 7 == 0:  # the facts as one JSON object
            same(["ask", case["rulebook"], case["question"], "--facts", json.dumps(case["facts"], ensure_ascii=False),
                  "--json"])
    assert answered > len(CASES) // 2


BAD = [
    ["ask", "yianx", "document.signer", "--json"],  # unknown rulebook: did you mean
    ["ask", "yian", "document.signr", "--json"],  # unknown question
    ["ask", "yian", "document.signer", "-f", "issur=government", "--json"],  # unknown fact
    ["ask", "yian", "document.signer", "-f", "issuer=governmen", "--json"],  # ambiguous value
    ["ask", "yian", "document.signer", "-f", "issuer", "--json"],  # not NAME=VALUE
    ["ask", "yian", "document.signer", "-f", "=government"],
    ["ask", "yian", "meeting.quorum", "-f", "members_total=很多", "--json"],  # not a number
    ["ask", "yian", "document.signer", "--facts", "{not json", "--json"],
    ["ask", "yian", "document.signer", "--facts", "[1, 2]", "--json"],
    ["ask", "yian", "document.signer", "--facts-file", "/nonexistent/facts.json", "--json"],
    ["ask", "yian", "document.signer", "--engine", "natve", "--json"],
    ["ask", "yian", "--json"],  # no question
    ["ask"],
    ["ask", "yian", "document.signer", "--batch", "whatever.jsonl"],
    ["--rulebook-path", "/nonexistent/folder", "ask", "yian", "document.signer", "--json"],
    ["ask", "yian", "document.signer", "--rulebook-path=/nonexistent/folder"],
    ["ask", str(FIXTURES / "bad"), "meeting.presider", "--json"],
]


@pytest.mark.parametrize("args", BAD, ids=[" ".join(a)[:60] for a in BAD])
def test_bad_input_fails_alike_in_one_line_per_problem_with_exit_2(args: list[str]) -> None:
    code, out, err = same(args)
    assert code == 2 and out == b""
    lines = err.decode().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines)


def test_did_you_mean_reaches_the_user_alike() -> None:
    code, _, err = same(["ask", "yian", "document.signr", "--json"])
    assert code == 2 and b"did you mean" in err


def test_options_anywhere_and_in_every_spelling_alike(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text('{"form": "请示", "recipient": null}', encoding="utf-8")
    shown = [
        ["ask", "--json", "依安", "-fissuer=以政府名义", "公文由谁签发", "--fact=form=请示"],
        ["ask", "yian", "document.signer", "--facts-file", str(facts), "-f", "issuer=government", "--json"],
        ["ask", "yian", "document.signer", "--engine", "native", "--engine=native", "--json", "--json"],
        ["--rulebook-path", str(FIXTURES / "mini"), "ask", "mini", "meeting.presider", "-f", "meeting=standing"],
        ["ask", "mini", "meeting.presider", f"--rulebook-path={FIXTURES / 'mini'}", "-f", "meeting=standing", "--json"],
        ["ask", "yian", "document.signer", "--facts", '{"issuer": "government"}', "--facts", '{"form": "order"}'],
    ]
    for args in shown:
        code, out, _ = same(args)
        assert code == 0 and out


def test_batch_alike(tmp_path: Path) -> None:
    lines = tmp_path / "batch.jsonl"
    lines.write_text('{"rulebook": "yian", "question": "document.signer", "facts": {"issuer": "government"}}\n'
                     '{"rulebook": "nowhere", "question": "document.signer", "facts": {}}\n', encoding="utf-8")
    code, out, _ = same(["ask", "--batch", str(lines)])
    assert code == 2 and len(out.splitlines()) == 2


@pytest.mark.parametrize("args", [["ask", "--help"], ["ask", "yian", "q", "--jsn"], ["ask", "a", "b", "c"],
                                  ["ask", "yian", "document.signer", "-f"], ["ask", "--", "yian", "q"],
                                  ["ask", "yian", "document.signer", "-x"], ["questions", "yian"], [],
                                  ["--version", "ask"], ["ask", "yian", "document.signer", "-f", "-1"],
                                  ["--rulebook-path"], ["ask", "--json=1"]])
def test_what_the_fast_path_does_not_take_goes_to_typer(args: list[str]) -> None:
    assert fast.parse(args) is None


def test_version_alike() -> None:
    code, out, _ = same(["--version"])
    assert code == 0 and out.startswith(b"rulekit ")


TOKENS = st.sampled_from(["ask", "yian", "依安", "document.signer", "公文由谁签发", "meeting.quorum", "--json", "--fact",
                          "-f", "--facts", "--engine", "native", "durable", "--rulebook-path", str(FIXTURES / "mini"),
                          "mini", "issuer=government", "form=请示", "recipient=市政府", "members_total=7", "-fform=order",
                          "--fact=issuer=以政府名义", '{"form": "request"}', "{", "--help", "--", "-", "", "x", "--jsn",
                          "-x", "=", "issuer=", "--engine=durable", "--facts=[]"])


@settings(max_examples=120, deadline=None)
@given(st.lists(TOKENS, max_size=9), st.booleans())
def test_random_argument_lists_alike(tokens: list[str], lead_with_ask: bool) -> None:
    args = (["ask"] if lead_with_ask else []) + tokens
    mine = via_fast(args)
    if mine is None:  # handed to Typer, which parses it as it always did
        return
    assert mine == via_typer(args), args


def _run(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120)


HEAVY = "('typer', 'click', 'rich', 'pydantic', 'yaml')"


def test_a_plain_ask_imports_no_typer_click_rich_pydantic_or_yaml(tmp_path: Path) -> None:
    env = dict(os.environ, RULEKIT_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("RULEKIT_NO_CACHE", None)
    code = ("import sys; sys.argv = ['rulekit'] + sys.argv[1:]\n"
            "from rulekit.cli import main\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    status = exc.code\n"
            f"print(status, sorted(m for m in {HEAVY} if m in sys.modules), file=sys.stderr)")
    args = ["ask", "yian", "document.signer", "-f", "issuer=government", "--json"]
    _run(code, env, *args)  # fills the cache (validating a rulebook uses pydantic and YAML)
    done = _run(code, env, *args)
    assert done.stderr.strip() == "0 []"
    assert json.loads(done.stdout)["rulebook"] == "yian"
    bad = _run(code, env, "ask", "yian", "document.signr", "--json")
    assert bad.stderr.splitlines()[0].startswith("error: unknown question") and bad.stderr.splitlines()[-1] == "2 []"


def test_a_cached_rulebook_loads_without_pydantic_or_yaml(tmp_path: Path) -> None:
    env = dict(os.environ, RULEKIT_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("RULEKIT_NO_CACHE", None)
    code = ("import sys, rulekit\n"
            "rulekit.load('yian').ask('document.signer', issuer='government')\n"
            f"print(sorted(m for m in {HEAVY} if m in sys.modules))")
    _run(code, env)
    assert _run(code, env).stdout.strip() == "[]"


def test_the_console_script_and_python_m_run_the_fast_path(tmp_path: Path) -> None:
    env = dict(os.environ, RULEKIT_CACHE_DIR=str(tmp_path / "cache"))
    args = ["ask", "yian", "document.signer", "-f", "issuer=government", "--json"]
    typer_path = subprocess.run([sys.executable, "-c", "import sys; sys.argv[0] = 'rulekit'; "
                                 "from rulekit.cli import typer_app; typer_app().main()", *args],
                                env=env, capture_output=True, timeout=120)
    module = subprocess.run([sys.executable, "-X", "importtime", "-m", "rulekit", *args], env=env,
                            capture_output=True, timeout=120)
    assert module.returncode == typer_path.returncode == 0
    assert module.stdout == typer_path.stdout
    imported = {line.split("|")[-1].strip() for line in module.stderr.decode().splitlines() if "|" in line}
    assert "rulekit.engine.evaluate" in imported and not imported & {"typer", "click", "rich", "pydantic"}
    # what else a plain ask keeps off its path, a few ms each on a 60 ms budget (docs/PERFORMANCE.md): typing
    # (annotations only), hashlib (OpenSSL: the cache uses the built-in SHA-1), tempfile (only to write the cache),
    # difflib (only for "did you mean"), the decision tables (one question asked: the evaluator answers it)
    assert not imported & {"typing", "hashlib", "tempfile", "difflib", "rulekit.engine.table"}, \
        imported & {"typing", "hashlib", "tempfile", "difflib", "rulekit.engine.table"}
