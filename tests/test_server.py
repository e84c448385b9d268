"""``rulekit serve`` as a real process on a free loopback port: round trips equal the CLI's JSON, JSON Lines line for
line, problem details for bad input, the OpenAPI document fuzzed by schemathesis, ``--watch`` refusing a broken edit."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.errors import Unsatisfiable
from typer.testing import CliRunner

from paths import FIXTURES, ROOT
from rulekit.cli import app
from rulekit.engine.schema import ResultModel
from rulekit.server.decisions import EXTRA_FIELDS

runner = CliRunner()
SRC = ROOT / "src"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A ``rulekit serve`` subprocess; ``url`` once /healthz answers."""

    def __init__(self, *args: str, cwd: Path = ROOT) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen([sys.executable, "-m", "rulekit", "serve", "--port", str(self.port), *args],
                                     cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"rulekit serve exited {self.proc.returncode}: {self.proc.stdout.read().decode()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("rulekit serve did not answer /healthz within 60 s")
            time.sleep(0.05)  # polling for the start, not a fixed wait
        self.client = httpx.Client(base_url=self.url, timeout=30)

    def stop(self) -> str:
        self.proc.terminate()
        try:
            out, _ = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return out.decode("utf-8", "replace")


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.client.close()
    s.stop()


def cli_json(*args: str) -> dict | list:
    result = runner.invoke(app, [*args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def cli_lines(*args: str, code: int = 0) -> list[dict]:
    result = runner.invoke(app, [*args])
    assert result.exit_code == code, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


ASKS = [
    ("yian", "document.signer", {"issuer": "government", "form": "request", "recipient": "higher_government"}),
    ("依安", "公文由谁签发", {"issuer": "以政府名义", "form": "请示", "recipient": "市政府"}),
    ("托克逊", "会议由谁召集主持", {"meeting": "专题会议"}),
    ("longfeng", "acting.presider", {}),
    ("minzhengju", "deadline", {"item": "cosign_reply"}),
]


# -- /v1/ask ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rulebook,question,facts", ASKS)
def test_ask_equals_the_cli_json_plus_titles_and_digest(server: Server, rulebook: str, question: str,
                                                       facts: dict) -> None:
    response = server.client.post("/v1/ask", json={"rulebook": rulebook, "question": question, "facts": facts})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    got = response.json()
    flags = [x for k, v in facts.items() for x in ("--fact", f"{k}={v}")]
    want = cli_json("ask", rulebook, question, *flags, "--json")
    assert {k: got[k] for k in want} == want
    assert set(got) - set(want) == set(EXTRA_FIELDS)
    ResultModel.model_validate(got)
    health = server.client.get("/healthz").json()
    assert got["rulebook_digest"] == health["rulebooks"][got["rulebook"]]["digest"]
    assert got["rulebook_digest"].startswith("sha256:") and len(got["rulebook_digest"]) == 7 + 64


def test_ask_names_local_titles_and_articles(server: Server) -> None:
    got = server.client.post("/v1/ask", content=json.dumps({  # no Content-Type, as `curl -d` sends it
        "rulebook": "依安", "question": "公文由谁签发", "facts": {"issuer": "以政府名义", "form": "请示", "recipient": "市政府"}},
        ensure_ascii=False).encode(), headers={"content-type": "application/x-www-form-urlencoded"}).json()
    assert got["answer_zh"] == "县长 或 常务副县长(受县长委托)"
    assert got["titles"] == {"head": "县长", "executive_deputy": "常务副县长"}
    assert got["citation_labels"] == ["第五十九条第(三)项"]
    assert got["rulebook_name"] == "依安县人民政府工作规则" and got["status_zh"] == "已有答案"
    longfeng = server.client.post("/v1/ask", json={"rulebook": "龙凤", "question": "acting.presider",
                                                   "facts": {"absence": "long_absence"}}).json()
    assert longfeng["titles"] == {"executive_deputy": "负责常务工作的副区长(常务副区长)"}


BAD_ASKS = [
    (b'{"rulebook": "yian", "question": "document.signer", "facts": {"issuer": "nonsense"}}', 422,
     "unknown value `nonsense` for fact `issuer` (发文名义); 可选: 以政府名义 (`government`)"),
    (b'{"rulebook": "yiam", "question": "document.signer"}', 422, "unknown rulebook `yiam`; did you mean `yian`?"),
    (b'{"rulebook": "yian", "question": "document.signr"}', 422, "unknown question `document.signr`; did you mean `document.signer`"),
    (b'{"rulebook": "yian", "question": "document.signer", "factz": {}}', 422, "unknown field `factz`; did you mean `facts`?"),
    (b'{"rulebook": "yian"}', 422, "missing field `question`"),
    (b'{"rulebook": "yian", "question": "document.signer", "facts": {"issuer": 7}}', 422, "fact `issuer`"),
    (b'{"rulebook": "yian", "question": "document.signer", "facts": [1]}', 422, "`facts`"),
    (b'{"rulebook": "/etc/passwd", "question": "document.signer"}', 422, "unknown rulebook `/etc/passwd`"),
    (b'{"rulebook": "yian", "question": ', 400, "malformed JSON"),
    (b'', 400, "the request body is empty"),
    (b'[' * 100_000, 400, "malformed JSON"),
    (b'"\xff\xfe"', 400, "malformed JSON"),
    (b'{"rulebook": "yian", "question": "meeting.quorum_ok", "facts": {"members_present": 99999999999999999999}}',
     422, "members_present"),
]


@pytest.mark.parametrize("body,status,message", BAD_ASKS)
def test_bad_asks_get_located_problem_details_never_5xx(server: Server, body: bytes, status: int, message: str) -> None:
    response = server.client.post("/v1/ask", content=body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["type"].startswith("urn:rulekit:problem:")
    assert message in problem["detail"], problem
    assert problem["errors"] and all("detail" in e for e in problem["errors"])


def test_the_same_message_as_the_cli(server: Server) -> None:
    result = runner.invoke(app, ["ask", "yian", "document.signer", "--fact", "issuer=nonsense"])
    assert result.exit_code == 2
    cli_message = result.stderr.strip().removeprefix("error: ")
    problem = server.client.post("/v1/ask", json={"rulebook": "yian", "question": "document.signer",
                                                  "facts": {"issuer": "nonsense"}}).json()
    assert problem["detail"] == cli_message


def test_limits_body_size_and_unknown_routes(server: Server) -> None:
    big = b'{"rulebook": "yian", "question": "document.signer", "facts": {"x": "' + b"a" * (2 << 20) + b'"}}'
    response = server.client.post("/v1/ask", content=big)
    assert response.status_code == 413 and response.headers["content-type"] == "application/problem+json"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b" " * 65536

    response = server.client.post("/v1/ask", content=chunks())
    assert response.status_code == 413, response.text
    assert server.client.get("/v1/nothing").status_code == 404
    assert server.client.get("/v1/ask").status_code == 405
    assert server.client.get("/v1/ask").headers["content-type"] == "application/problem+json"


# -- JSON Lines: /v1/ask/batch and /v1/check --------------------------------------------------------------------

MIXED = [
    json.dumps({"rulebook": "yian", "question": "document.signer", "facts": {"issuer": "government"}}),
    "not json at all",
    "",
    json.dumps({"rulebook": "nope", "question": "document.signer"}),
    json.dumps({"rulebook": "依安", "question": "公文由谁签发", "facts": {"issuer": "以政府名义", "form": "请示",
                                                                  "recipient": "市政府"}}, ensure_ascii=False),
    "[1, 2]",
    json.dumps({"rulebook": "yian", "question": "document.signer", "facts": {"issuer": "nonsense"}}),
    '{"rulebook": "yian", "question": "document.signer", "facts": {"issuer": "gov',
    json.dumps({"rulebook": "tuokexun", "question": "deadline", "facts": {"item": "cosign_reply"}}),
]


def test_a_mixed_batch_comes_back_line_for_line_as_the_cli_gives_it(server: Server, tmp_path: Path) -> None:
    body = "\n".join(MIXED) + "\n"
    response = server.client.post("/v1/ask/batch", content=body.encode("utf-8"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/x-ndjson"
    got = [json.loads(line) for line in response.text.splitlines()]
    records = [n for n, line in enumerate(MIXED, start=1) if line.strip()]  # blank lines are not records
    assert [g["line"] for g in got] == records and [g["index"] for g in got] == list(range(len(records)))
    ok = {1, 5, 9}
    for g in got:
        assert ("result" in g) == (g["line"] in ok), g
        assert ("error" in g) == (g["line"] not in ok), g
    assert got[1]["error"].startswith("malformed JSON")
    assert "unknown rulebook `nope`" in got[2]["error"]
    assert got[3]["result"]["answer_zh"] == "县长 或 常务副县长(受县长委托)"
    (tmp_path / "batch.jsonl").write_text(body, encoding="utf-8")
    cli = cli_lines("ask", "--batch", str(tmp_path / "batch.jsonl"), code=2)
    assert [c["line"] for c in cli] == records
    for c, g in zip(cli, got):
        if "result" in c:
            assert c == g
        else:
            assert "error" in g  # the CLI may reach any rulebook; the service only the served ones
    assert [c.get("error") for c in cli][1] == got[1]["error"]


def test_check_streams_verdicts_equal_to_rulekit_check(server: Server) -> None:
    lines = (ROOT / "examples" / "check" / "replies.jsonl").read_text(encoding="utf-8").splitlines()
    lines.insert(1, '{"rulebook": "yian", "question": "deadline", "facts": {"item": "cosign_reply"}, "expect": 3}')
    lines.insert(2, "{broken")
    lines.insert(3, json.dumps({"rulebook": "依安", "question": "document.signer", "actual": "县长", "facts": {
        "issuer": "government", "form": "request", "recipient": "higher_government"}}, ensure_ascii=False))
    body = "\n".join(lines) + "\n"
    response = server.client.post("/v1/check", content=body.encode("utf-8"))
    assert response.status_code == 200
    got = [json.loads(line) for line in response.text.splitlines()]
    result = runner.invoke(app, ["check", "-", "--json"], input=body)
    want = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(got) == len(want) == len([x for x in lines if x.strip()])
    for g, w in zip(got, want):
        assert g.pop("file") == "<request>" and w.pop("file") == "<stdin>"
        digest = g.pop("rulebook_digest", None)
        titles = g.pop("titles", None)
        assert g == w
        assert (digest is not None) == ("result" in w) == (titles is not None)
    signed = json.loads(response.text.splitlines()[3])
    assert signed["verdict"] == "complies" and signed["titles"] == {"head": "县长", "executive_deputy": "常务副县长"}


def test_a_streamed_batch_over_the_limits_ends_with_the_limit_named() -> None:
    s = Server("--max-lines", "3", "--max-stream-body", "2000")
    try:
        body = "\n".join([json.dumps({"rulebook": "yian", "question": "document.signer"})] * 5) + "\n"
        got = [json.loads(x) for x in s.client.post("/v1/ask/batch", content=body).text.splitlines()]
        assert [("result" in g) for g in got] == [True, True, True, False]
        assert "more than 3 records" in got[-1]["error"]
        long = json.dumps({"rulebook": "yian", "question": "document.signer", "facts": {"issuer": "x" * 1200}})
        too_long = s.client.post("/v1/ask/batch", content=f"{long}\n{long}\n")  # Content-Length: refused at once
        assert too_long.status_code == 413 and "limit is 2000" in too_long.json()["detail"]
        chunked = (f"{long}\n".encode() for _ in range(2))  # no Content-Length: counted as it streams
        got = [json.loads(x) for x in s.client.post("/v1/ask/batch", content=chunked).text.splitlines()]
        assert len(got) == 2 and "unknown value" in got[0]["error"]
        assert "exceeds 2000 bytes" in got[1]["error"] and "the rest is not read" in got[1]["error"]
    finally:
        s.client.close()
        s.stop()


# -- /v1/diff, /v1/rulebooks, articles ---------------------------------------------------------------------------

def test_diff_equals_the_cli(server: Server) -> None:
    got = server.client.post("/v1/diff", json={"left": "依安", "right": "tuokexun",
                                               "questions": ["meeting.presider", "seal.approver"]})
    assert got.status_code == 200, got.text
    out = got.json()
    digests = out.pop("digests")
    assert set(digests) == {"left", "right"}
    want = cli_json("diff", "yian", "tuokexun", "-q", "meeting.presider", "-q", "seal.approver", "--json")
    assert out == want
    bad = server.client.post("/v1/diff", json={"left": "yian", "right": "nowhere"})
    assert bad.status_code == 422 and "unknown rulebook `nowhere`" in bad.json()["detail"]


def test_rulebooks_questions_and_articles(server: Server) -> None:
    books = server.client.get("/v1/rulebooks").json()
    cli = cli_json("rulebooks", "--json")
    assert [b["id"] for b in books] == [c["id"] for c in cli]
    assert all(b["digest"].startswith("sha256:") and b["titles"] for b in books)
    questions = server.client.get("/v1/rulebooks/依安/questions").json()
    assert questions == cli_json("questions", "yian", "--json")
    article = server.client.get("/v1/rulebooks/yian/articles/59").json()
    assert article["label"] == "第五十九条" and "以县政府名义向市政府的请示" in article["text"]
    assert "signer.government.to_city" in [r["id"] for r in article["rules"]]
    missing = server.client.get("/v1/rulebooks/yian/articles/999")
    assert missing.status_code == 404 and "no article 999" in missing.json()["detail"]
    assert server.client.get("/v1/rulebooks/nowhere/questions").status_code == 404
    assert server.client.get("/v1/rulebooks/yian/articles/x").status_code == 422


def test_schema_result_is_the_one_in_the_openapi_document(server: Server) -> None:
    doc = server.client.get("/openapi.json").json()
    assert doc["paths"]["/v1/ask"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Decision"}
    shipped = cli_json("schema", "result")
    assert set(shipped["properties"]) <= set(doc["components"]["schemas"]["Decision"]["properties"])
    assert doc["paths"]["/v1/ask"]["post"]["responses"]["422"]["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    assert server.client.get("/docs").status_code == 200


# -- the fuzzer against the live OpenAPI document ----------------------------------------------------------------

@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx, value):  # noqa: ANN001, ANN202 - JSON Lines bodies: a string as it is, anything else as JSON
    return value.encode("utf-8") if isinstance(value, str) else json.dumps(value).encode("utf-8")


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_the_fuzzer_finds_no_5xx_and_no_schema_violation(server: Server, mode: str) -> None:
    """schemathesis against the live OpenAPI document: every operation, a bounded number of cases each, every
    default check (no 5xx, responses as documented: status, content type, schema; bad data rejected) but one:
    schema-valid data is not always accepted, because whether a rulebook, question, fact or value exists is data,
    not schema (`{"rulebook": ""}` fits the schema and gets 422, as it should). The JSON Lines routes take any bytes
    (a bad line is answered in place, with 200), so no body violates their schema: there, a non-string "negative"
    body is sent as its JSON text and only answers as documented, never a 5xx, are required."""
    from hypothesis import given
    from schemathesis.generation.modes import GenerationMode
    from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

    api = schemathesis.openapi.from_url(server.url + "/openapi.json")
    operations = [r.ok() for r in api.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/ask", "/v1/ask/batch", "/v1/check", "/v1/diff", "/v1/rulebooks",
                                              "/v1/rulebooks/{rulebook}/questions", "/healthz",
                                              "/v1/rulebooks/{rulebook}/articles/{number}"}
    for op in operations:
        @given(case=op.as_strategy(generation_mode=GenerationMode(mode)))
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case) -> None:  # noqa: ANN001
            if case.path == "/v1/diff" and isinstance(case.body, dict) and mode == "positive":
                case.body["questions"] = (case.body.get("questions") or ["seal.approver"])[:2]  # bounded time
            excluded = [positive_data_acceptance]
            if case.path in ("/v1/ask/batch", "/v1/check"):
                excluded.append(negative_data_rejection)
            case.call_and_validate(base_url=server.url, excluded_checks=excluded)

        try:
            run()
        except Unsatisfiable:  # negative mode, an operation whose every input is valid (no body; free strings)
            assert mode == "negative" and not list(op.body), op.path


# -- --watch ------------------------------------------------------------------------------------------------------

def _wait(predicate, seconds: float = 20.0):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_watch_refuses_a_broken_edit_and_keeps_serving_then_takes_a_good_one(tmp_path: Path) -> None:
    book = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", book)
    journal = tmp_path / "decisions.jsonl"
    s = Server("--rulebook-path", str(tmp_path), "mini", "--watch", "--watch-interval", "0.2",
               "--decision-log", str(journal))
    try:
        ask = {"rulebook": "示例县", "question": "meeting.presider", "facts": {"meeting": "standing"}}
        before = s.client.post("/v1/ask", json=ask).json()
        assert before["answer"] == {"any_of": [{"all_of": ["head"]}]}
        path = book / "rulebook.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("when: {meeting: standing}", "when: {meting: standing}"), encoding="utf-8")
        health = _wait(lambda: (h := s.client.get("/healthz").json())["errors"] and h)
        assert health["status"] == "degraded"
        assert "unknown fact `meting`" in " ".join(health["errors"][0]["problems"])
        during = s.client.post("/v1/ask", json=ask).json()
        assert during == before  # the old rulebook, the old digest
        path.write_text(text.replace("then: {any_of: [head]}\n    cite: {article: 2",
                                     "then: {any_of: [executive_deputy]}\n    cite: {article: 2"), encoding="utf-8")
        _wait(lambda: s.client.get("/healthz").json()["status"] == "ok")
        after = s.client.post("/v1/ask", json=ask).json()
        assert after["answer"] == {"any_of": [{"all_of": ["executive_deputy"]}]}
        assert after["rulebook_digest"] != before["rulebook_digest"]
    finally:
        s.client.close()
        log = s.stop()
    assert "refused the edit of `mini`" in log and "reloaded `mini`" in log
    entries = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert len(entries) == 3 and len({e["decision_id"] for e in entries}) == 3
    assert [e["rulebook_digest"] for e in entries] == [before["rulebook_digest"]] * 2 + [after["rulebook_digest"]]
    assert entries[0]["input"] == ask and entries[2]["result"]["answer"] == after["answer"]


def test_an_invalid_rulebook_stops_the_start_with_its_located_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", str(FIXTURES / "bad" / "unknown_fact.yaml"), "--port", "1"])
    assert result.exit_code == 2
    assert "unknown fact `meting`" in result.stderr


def test_other_commands_do_not_import_the_web_stack() -> None:
    code = ("import sys; from rulekit.cli import app; "
            "from typer.testing import CliRunner; r = CliRunner().invoke(app, ['ask', 'yian', 'document.signer']); "
            "assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'orjson') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=str(SRC)))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_repeated_question_gets_the_identical_answer(server: Server) -> None:
    body = json.dumps({"rulebook": "shuangta", "question": "seal.approver", "facts": {"seal": "government"}}).encode()
    first, second = (server.client.post("/v1/ask", content=body) for _ in range(2))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content  # the memoised answer is the evaluated one, byte for byte
    fresh = cli_json("ask", "shuangta", "seal.approver", "--fact", "seal=government", "--json")
    assert {k: first.json()[k] for k in fresh} == fresh


def test_two_workers_serve_the_named_rulebook_and_a_stalled_body_times_out() -> None:
    s = Server("--workers", "2", "--timeout", "0.5", "yian")
    try:
        assert list(s.client.get("/healthz").json()["rulebooks"]) == ["yian"]
        answers = {s.client.post("/v1/ask", json={"rulebook": "依安", "question": "seal.approver",
                                                  "facts": {"seal": "政府印章", "purpose": "合同"}}).content
                   for _ in range(20)}
        assert len(answers) == 1 and json.loads(answers.pop())["status"] == "answered"
        other = s.client.post("/v1/ask", json={"rulebook": "tuokexun", "question": "seal.approver"})
        assert other.status_code == 422 and "unknown rulebook `tuokexun`" in other.json()["detail"]
        with socket.create_connection(("127.0.0.1", s.port), timeout=10) as raw:  # promises 100 bytes, sends 10
            raw.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"rulebook")
            reply = raw.recv(4096)
        assert reply.startswith(b"HTTP/1.1 408") and b"application/problem+json" in reply
    finally:
        s.client.close()
        s.stop()
