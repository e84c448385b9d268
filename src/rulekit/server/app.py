"""The HTTP decision service (``rulekit serve``): a FastAPI app over the served rulebooks.

Routes, all JSON (UTF-8) unless said: ``POST /v1/ask``; ``POST /v1/ask/batch`` and ``POST /v1/check`` (JSON Lines
in and out, streamed); ``POST /v1/diff``; ``GET /v1/rulebooks``, ``/v1/rulebooks/{id}/questions``,
``/v1/rulebooks/{id}/articles/{n}``; ``GET /healthz``; ``/openapi.json`` and ``/docs``.

Errors are RFC 9457 problem details (``application/problem+json``) carrying the same messages as the CLI: 400 for
a body that is not JSON, 422 for a well-formed request naming what does not exist or giving a wrong type, 404 for an
unknown rulebook or article in a path, 413 for a body over the limit. Errors are caught here, at the boundary."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from http import HTTPStatus
from typing import Any, Iterator

import orjson
from pydantic import ValidationError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, RulebookError, RulekitError, did_you_mean
from . import decisions
from .models import (ArticleInfo, AskRequest, Decision, DiffRequest, Health, Problem, QuestionInfo, RulebookInfo)
from .registry import Registry
from .streams import DISPLAY, Limits, LinesResponse, Pipe, limited

__all__ = ["Asker", "Service", "Settings", "create_app", "app_from_env"]

log = logging.getLogger("rulekit.server")
SETTINGS_ENV = "RULEKIT_SERVE_SETTINGS"
PROBLEM = "application/problem+json"
NDJSON = "application/x-ndjson"


@dataclass
class Settings:
    """How a service runs. Passed to each worker process as JSON in ``RULEKIT_SERVE_SETTINGS``."""

    rulebooks: list[str] = field(default_factory=list)  # ids, names or paths; empty: every one on the search path
    watch: bool = False
    watch_interval: float = 1.0
    decision_log: str | None = None
    max_body: int = 1 << 20  # bytes, for one-object requests
    max_stream_body: int = 64 << 20  # bytes, for JSON Lines requests
    max_lines: int = 100_000  # records per JSON Lines request
    timeout: float = 10.0  # seconds per request (a JSON Lines request: for the whole stream, x30)
    cache_size: int = 10_000  # answers of /v1/ask kept by request bytes (0: none)

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(**json.loads(os.environ.get(SETTINGS_ENV, "{}")))


class BodyTooLarge(Exception):
    pass


class Timeout(Exception):
    pass


class MalformedJSON(Exception):
    pass


async def _json_body(request: Request, model: Any) -> Any:
    """The body parsed as JSON whatever its Content-Type says (curl -d sends form-urlencoded), then validated."""
    return _parse(await request.body(), model)


def _parse(raw: bytes, model: Any) -> Any:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if not raw.strip():
            raise MalformedJSON("the request body is empty; send a JSON object") from None
        raise MalformedJSON(f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    return model.model_validate(data)


def _body(model: type) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}


# -- problem details ------------------------------------------------------------------------------------------

def problem(status: int, kind: str, detail: str, instance: str | None = None, errors: list[dict] | None = None,
            **more: Any) -> Response:
    body: dict[str, Any] = {"type": f"urn:rulekit:problem:{kind}", "title": HTTPStatus(status).phrase,
                            "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    body["errors"] = errors if errors is not None else [{"detail": detail}]
    body.update(more)
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM)


def _input_problem(exc: RulekitError, path: str, status: int = 422) -> Response:
    if isinstance(exc, RulebookError):
        errors = [{"detail": p.render()} for p in exc.problems]
        return problem(status, "invalid-rulebook", errors[0]["detail"] if errors else exc.render(), path, errors)
    item = getattr(exc, "item", None)
    errors = [{"detail": exc.render()} | ({"item": item} if item is not None else {})]
    return problem(status, "bad-input", exc.render(), path, errors)


def _loc(loc: tuple) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts)


def _validation_problem(exc: RequestValidationError | ValidationError, path: str) -> Response:
    errors = []
    malformed = False
    for err in exc.errors()[:20]:
        where = _loc(tuple(err.get("loc", ())))
        kind = err.get("type", "")
        if kind == "json_invalid":
            malformed = True
            reason = (err.get("ctx") or {}).get("error", "malformed JSON")
            errors.append({"detail": f"malformed JSON: {reason}"})
            continue
        if kind == "extra_forbidden":
            key = str(err["loc"][-1])
            model = {"/v1/ask": AskRequest, "/v1/diff": DiffRequest}.get(path)
            hint = did_you_mean(key, list(model.model_fields) if model else [], accepted="fields are")
            errors.append({"detail": f"unknown field `{key}`; {hint}", "field": where})
            continue
        if kind == "missing":
            errors.append({"detail": f"missing field `{where}`", "field": where})
            continue
        message = err.get("msg", "invalid")
        errors.append({"detail": f"`{where}`: {message[0].lower() + message[1:]}" if where else message, "field": where})
    if not errors:
        errors = [{"detail": "the request is invalid"}]
    status = 400 if malformed else 422
    return problem(status, "malformed-json" if malformed else "bad-input", errors[0]["detail"], path, errors)


class LimitBody:
    """Pure ASGI middleware: a Content-Length over the limit is refused at once (413); a body sent without one is
    counted as it arrives (one-object requests; the JSON Lines routes count their own)."""

    STREAMS = ("/v1/ask/batch", "/v1/check")

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        stream = scope["path"] in self.STREAMS
        limit = self.settings.max_stream_body if stream else self.settings.max_body
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                text = value.decode("latin-1").strip()
                if not text.isdigit():
                    await problem(400, "bad-request", "the Content-Length header is not a number",
                                  scope["path"])(scope, receive, send)
                    return
                if int(text) > limit:
                    await problem(413, "too-large", f"the request body has {text} bytes; the limit is {limit}",
                                  scope["path"])(scope, receive, send)
                    return
        if stream:
            await self.app(scope, receive, send)
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(f"the request body exceeds {limit} bytes (the server's limit)")
            return message

        await self.app(scope, counted, send)


class Asker:
    """``POST /v1/ask`` from the body's bytes to the response, for the FastAPI route and the fast path alike.

    Answers are memoised by the exact request bytes (and the rulebooks' generation, which a --watch reload
    bumps): the engine is deterministic, so an identical request gets the identical answer, and an OA system
    asks the same few questions over and over. ``cache_size`` 0 turns it off."""

    PATH = "/v1/ask"

    def __init__(self, registry: Registry, journal: "DecisionLog | None", cache_size: int) -> None:
        from collections import OrderedDict

        self.registry, self.journal, self.cache_size = registry, journal, cache_size
        self.cache: OrderedDict[tuple[int, bytes], tuple[dict, bytes]] = OrderedDict()

    def __call__(self, raw: bytes) -> Response:
        key = (self.registry.generation, raw)
        hit = self.cache.get(key) if self.cache_size else None
        if hit is not None:
            self.cache.move_to_end(key)
            if self.journal is not None:
                self.journal.write(self.PATH, orjson.loads(raw), hit[0])
            return Response(hit[1], media_type="application/json")
        try:
            given = _parse(raw, AskRequest).model_dump(exclude_unset=True)
        except MalformedJSON as exc:
            return problem(400, "malformed-json", str(exc), self.PATH)
        except ValidationError as exc:
            return _validation_problem(exc, self.PATH)
        try:
            out = decisions.answer(self.registry.get, given)
        except RulekitError as exc:
            if self.journal is not None:
                self.journal.write(self.PATH, given, None, exc.render())
            return _input_problem(exc, self.PATH)
        if self.journal is not None:
            self.journal.write(self.PATH, given, out)
        blob = orjson.dumps(out)
        if self.cache_size:
            self.cache[key] = (out, blob)
            if len(self.cache) > self.cache_size:
                self.cache.popitem(last=False)
        return Response(blob, media_type="application/json")


class Service:
    """The ASGI app uvicorn runs: ``POST /v1/ask`` straight to the ``Asker`` (the hot path: no routing, no
    middleware stack), everything else to the FastAPI app, which documents /v1/ask too and answers it the same way."""

    def __init__(self, app: FastAPI, asker: Asker, max_body: int, timeout: float) -> None:
        self.app, self.asker, self.max_body, self.timeout = app, asker, max_body, timeout
        self.state = app.state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != Asker.PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        try:
            response = await asyncio.wait_for(self._ask(scope, receive), self.timeout)
        except asyncio.TimeoutError:
            response = problem(408, "timeout", f"the request body did not arrive within {self.timeout:g} s "
                                               "(the server's limit)", Asker.PATH)
        except Exception:  # noqa: BLE001 - a bug: logged, and a problem, never a dropped connection
            log.exception("rulekit: internal error on /v1/ask")
            response = problem(500, "internal", "internal error (a bug in rulekit; see the server log)", Asker.PATH)
        await response(scope, receive, send)

    async def _ask(self, scope: Any, receive: Any) -> Response:
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                text = value.decode("latin-1").strip()
                if not text.isdigit():
                    return problem(400, "bad-request", "the Content-Length header is not a number", Asker.PATH)
                if int(text) > self.max_body:
                    return problem(413, "too-large", f"the request body has {text} bytes; the limit is "
                                                     f"{self.max_body}", Asker.PATH)
        chunks = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return Response(b"", status_code=400)  # nobody is listening
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_body:
                return problem(413, "too-large", f"the request body exceeds {self.max_body} bytes (the server's "
                                                 "limit)", Asker.PATH)
            chunks.append(body)
            if not message.get("more_body", False):
                break
        return self.asker(b"".join(chunks))


# -- decision log ---------------------------------------------------------------------------------------------

class DecisionLog:
    """JSON Lines, one entry per decision (as OPA's decision log): id, time, path, input, result. Each entry is
    one ``write`` on a file opened for appending, so several worker processes can share the file."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, path: str, given: Any, result: dict[str, Any] | None, error: str | None = None) -> None:
        entry: dict[str, Any] = {"decision_id": str(uuid.uuid4()), "timestamp": time.time(), "path": path,
                                 "input": given}
        if result is not None:
            entry["rulebook_digest"] = result.get("rulebook_digest")
            entry["result"] = {k: v for k, v in result.items() if k not in decisions.EXTRA_FIELDS}
        if error is not None:
            entry["error"] = error
        try:
            os.write(self.fd, orjson.dumps(entry, default=str) + b"\n")
        except OSError as exc:  # the log is an aid: a full disk must not stop the answers
            log.error("rulekit: cannot write the decision log: %s", exc)


# -- the app --------------------------------------------------------------------------------------------------

PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Malformed request (not JSON)"},
    413: {"model": Problem, "description": "Request body over the limit"},
    422: {"model": Problem, "description": "Unknown rulebook, question, fact or value, or a wrong type"},
}
NDJSON_BODY = {"requestBody": {"required": True, "content": {NDJSON: {"schema": {"type": "string"}}}}}


def app_from_env() -> "Service":
    """The app of a worker process (``uvicorn --factory``), built from ``RULEKIT_SERVE_SETTINGS``."""
    return create_app(Settings.from_env())


def create_app(settings: Settings, registry: Registry | None = None) -> "Service":
    """The service over ``settings.rulebooks`` (compiled now; ``RulekitError`` if one is invalid): the ASGI app
    to run (the FastAPI app is its ``.app``)."""
    from ..engine.locate import available_ids

    if registry is None:
        registry = Registry(settings.rulebooks or available_ids())
    journal = DecisionLog(settings.decision_log) if settings.decision_log else None
    asker = Asker(registry, journal, settings.cache_size)
    stream_limits = Limits(settings.max_stream_body, settings.max_lines, settings.timeout * 30)

    async def lifespan(app: FastAPI):  # noqa: ANN202
        task = asyncio.ensure_future(_watch(registry, settings.watch_interval)) if settings.watch else None
        yield
        if task is not None:
            task.cancel()

    from contextlib import asynccontextmanager

    app = FastAPI(title="rulekit", version=_version(), lifespan=asynccontextmanager(lifespan),
                  description="Answers from Chinese local governments' work rules (人民政府工作规则), citing the "
                              "deciding article, with local titles and the rulebook's content digest.")
    app.state.registry = registry
    app.state.settings = settings

    # -- errors, at the boundary --------------------------------------------------------------------------
    @app.exception_handler(RulekitError)
    async def _rulekit_error(request: Request, exc: RulekitError) -> Response:
        return _input_problem(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return _validation_problem(exc, request.url.path)

    @app.exception_handler(ValidationError)
    async def _invalid_body(request: Request, exc: ValidationError) -> Response:
        return _validation_problem(exc, request.url.path)

    @app.exception_handler(MalformedJSON)
    async def _malformed(request: Request, exc: MalformedJSON) -> Response:
        return problem(400, "malformed-json", str(exc), request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such resource `{request.url.path}`; see /docs for the routes"
        if exc.status_code == 405:
            detail = f"method {request.method} is not allowed on `{request.url.path}`"
        response = problem(exc.status_code, "http", detail, request.url.path)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge) -> Response:
        return problem(413, "too-large", str(exc), request.url.path)

    @app.exception_handler(Timeout)
    async def _timeout(request: Request, exc: Timeout) -> Response:
        return problem(503, "timeout", str(exc), request.url.path)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:  # pragma: no cover - a bug, by definition
        log.exception("rulekit: internal error on %s", request.url.path)
        return problem(500, "internal", "internal error (a bug in rulekit; see the server log)", request.url.path)

    app.add_middleware(LimitBody, settings=settings)

    # -- routes ---------------------------------------------------------------------------------------------
    @app.post("/v1/ask", response_model=Decision, responses=PROBLEM_RESPONSES, tags=["decisions"],
              summary="Answer one question", openapi_extra=_body(AskRequest))
    async def ask(request: Request) -> Response:
        """The contract's result object (as `rulekit ask --json`), with local titles and the rulebook's digest."""
        return asker(await request.body())

    @app.post("/v1/ask/batch", tags=["decisions"], summary="Answer many questions (JSON Lines, streamed)",
              openapi_extra=NDJSON_BODY, response_class=Response,
              responses={200: {"description": "One line per input record, in order: "
                                               "`{index, line, result}` or `{index, line, error}`",
                               "content": {NDJSON: {"schema": {"type": "string"}}}}, **PROBLEM_RESPONSES})
    async def ask_batch(request: Request) -> Any:
        """Each input line is an `/v1/ask` request object; each output line the decision or the error of that line."""
        view = registry.view()

        def work(pipe: Pipe, started: float) -> Iterator[bytes]:
            from ..checker.records import read

            items = limited(read("-", fmt="jsonl", stdin=pipe, display=DISPLAY), stream_limits, started)
            for out in decisions.ask_lines(view.get, items):
                if journal is not None:
                    journal.write("/v1/ask/batch", {"line": out["line"]}, out.get("result"), out.get("error"))
                yield orjson.dumps(out)

        return LinesResponse(work, stream_limits)

    @app.post("/v1/check", tags=["decisions"], summary="Check records (JSON Lines, streamed), as `rulekit check --json`",
              openapi_extra=NDJSON_BODY, response_class=Response,
              responses={200: {"description": "One verdict per input record, in order (as `rulekit check --json`, "
                                               "with the rulebook's digest)",
                               "content": {NDJSON: {"schema": {"type": "string"}}}}, **PROBLEM_RESPONSES})
    async def check(request: Request) -> Any:
        """Each input line is a check record (`rulebook`, `question`, `facts`, `expect` or `actual` or dates)."""
        view = registry.view()

        def work(pipe: Pipe, started: float) -> Iterator[bytes]:
            from ..checker.records import read
            from ..checker.report import format_json_line

            checker = _served_checker(view)
            for verdict in checker.run(limited(read("-", fmt="jsonl", stdin=pipe, display=DISPLAY), stream_limits,
                                               started)):
                line = format_json_line(verdict)
                if verdict.book is not None and verdict.book.id in view.books:
                    titles = decisions.titles(verdict.book, verdict.result) if verdict.result is not None else {}
                    line = (line[:-1] + ', "rulebook_digest": ' + json.dumps(view.books[verdict.book.id].digest)
                            + ', "titles": ' + json.dumps(titles, ensure_ascii=False) + "}")
                yield line.encode("utf-8")

        return LinesResponse(work, stream_limits)

    @app.post("/v1/diff", responses=PROBLEM_RESPONSES, tags=["comparison"],
              summary="Where two rulebooks lead to different outcomes (as `rulekit diff --json`)",
              openapi_extra=_body(DiffRequest))
    async def diff(request: Request) -> Response:
        from ..differ.search import diff as run

        body = await _json_body(request, DiffRequest)
        view = registry.view()
        left, right = view.get(body.left), view.get(body.right)

        def work() -> dict[str, Any]:
            out = run(left.book, right.book, body.questions or None, structure=body.structure).to_dict()
            out["digests"] = {"left": left.digest, "right": right.digest}
            return out

        try:
            out = await asyncio.wait_for(asyncio.to_thread(work), settings.timeout)
        except asyncio.TimeoutError:
            raise Timeout(f"the comparison took longer than {settings.timeout:g} s (the server's limit); "
                          "ask about fewer questions") from None
        return Response(orjson.dumps(out), media_type="application/json")

    @app.get("/v1/rulebooks", response_model=list[RulebookInfo], tags=["rulebooks"], summary="The served rulebooks")
    async def rulebooks() -> Response:
        return Response(orjson.dumps([_info(s) for s in registry.books.values()]), media_type="application/json")

    @app.get("/v1/rulebooks/{rulebook}/questions", response_model=list[QuestionInfo], tags=["rulebooks"],
             responses={404: {"model": Problem, "description": "Unknown rulebook"}},
             summary="The questions, their facts and allowed values, and which this rulebook decides")
    async def questions(rulebook: str, request: Request) -> Response:
        served = _found(registry, rulebook)
        decided = set(served.book.decides())
        rows = [{"id": q.id, "zh": q.zh, "answer": q.answer, "decided": q.id in decided,
                 "facts": [{"name": f.name, "type": f.type, "zh": f.zh, "values": f.values or None}
                           for f in q.facts.values()]}
                for q in served.book.vocabulary.questions.values()]
        return Response(orjson.dumps(rows), media_type="application/json")

    @app.get("/v1/rulebooks/{rulebook}/articles/{number}", response_model=ArticleInfo, tags=["rulebooks"],
             responses={404: {"model": Problem, "description": "Unknown rulebook or article"}},
             summary="An article's stored text and the rules that encode it")
    async def article(rulebook: str, number: int, request: Request) -> Response:
        from ..engine.explain import article_label

        served = _found(registry, rulebook)
        c = served.book.compiled
        info = c.articles.get(number)
        if info is None:
            known = sorted(c.articles)
            span = f"{known[0]}-{known[-1]}" if known else "none"
            raise StarletteHTTPException(404, f"rulebook `{served.id}` has no article {number} (articles: {span})")
        rules = [{"id": r.id, "question": r.question, "derive": r.derive, "clause": r.clause, "quote": r.quote,
                  "strength": r.strength} for r in c.rules.values() if r.article == number]
        out = {"rulebook": served.id, "digest": served.digest, "number": number,
               "label": article_label(served.book, number), "chapter": info.chapter, "status": info.status,
               "reason": info.reason, "reconstructed": info.reconstructed, "text": info.text, "rules": rules,
               "unencoded": c.unencoded.get(number)}
        return Response(orjson.dumps(out), media_type="application/json")

    @app.get("/healthz", response_model=Health, tags=["service"], summary="Liveness, the served digests, refused edits")
    async def healthz() -> Response:
        errors = list(registry.errors.values())
        out = {"status": "degraded" if errors else "ok",
               "rulebooks": {s.id: {"digest": s.digest, "loaded_at": s.loaded_at, "path": str(s.path)}
                             for s in registry.books.values()},
               "errors": errors}
        return Response(orjson.dumps(out), media_type="application/json")

    _problem_media_types(app)
    return Service(app, asker, settings.max_body, settings.timeout)


def _found(registry: Registry, name: str) -> Any:
    try:
        return registry.get(name)
    except InputError as exc:
        raise StarletteHTTPException(404, exc.render()) from None


def _info(served: Any) -> dict[str, Any]:
    c = served.book.compiled
    return {"id": served.id, "name": c.name, "jurisdiction": c.jurisdiction.name, "level": c.jurisdiction.level,
            "date": c.date, "digest": served.digest, "loaded_at": served.loaded_at, "rules": len(c.rules),
            "articles": len(c.articles), "titles": dict(c.titles), "questions": served.book.decides()}


def _served_checker(view: Any) -> Any:
    """A checker that finds rulebooks among the served ones only: a record never makes the service read a path."""
    from ..checker.verdicts import Checker, RecordError

    class ServedChecker(Checker):
        def book(self, name: Any, base: Any = None) -> Any:
            if isinstance(name, str) and name.strip():
                try:
                    return view.get(name).book
                except InputError as exc:
                    raise RecordError(exc.render(), "rulebook") from None
            return super().book(name, base)

    return ServedChecker()


async def _watch(registry: Registry, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            for message in await asyncio.to_thread(registry.reload_changed):
                log.warning(message)
        except Exception:  # noqa: BLE001 - the watcher must outlive any surprise
            log.exception("rulekit: --watch failed; it goes on")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rulekit")
    except PackageNotFoundError:  # running from a checkout
        return "0+checkout"


def _problem_media_types(app: FastAPI) -> None:
    """In the OpenAPI document, error responses are ``application/problem+json`` (FastAPI writes application/json),
    and FastAPI's own 422 model is replaced by the problem details the service really sends."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        for model in (Problem, AskRequest, DiffRequest):
            schemas.update({k: v for k, v in _schemas(model).items() if k not in schemas})
        for path in doc.get("paths", {}).values():
            for op in path.values():
                for code, response in op.get("responses", {}).items():
                    if code.startswith(("4", "5")):
                        response["content"] = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
                        if code == "422":
                            response["description"] = PROBLEM_RESPONSES[422]["description"]
                op.setdefault("responses", {}).setdefault("413", {"description": "Request body over the limit",
                                                                  "content": {PROBLEM: {"schema": {
                                                                      "$ref": "#/components/schemas/Problem"}}}})
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


def _schemas(model: type) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    return {model.__name__: schema, **defs}
