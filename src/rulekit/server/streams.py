"""JSON Lines in, JSON Lines out, streamed both ways, for ``/v1/ask/batch`` and ``/v1/check``.

The request body is read as it arrives into a ``Pipe``; a worker thread reads records from it with the same reader
as ``rulekit check -`` (``checker.records.read``), answers each, and hands the output lines back to the event loop,
which writes them as they come. One output line per input record, in order; a bad line is answered in place with
its error. The body is always consumed as it arrives (so a client that sends everything before reading cannot
deadlock the exchange); the answers wait for the client (at most ``WINDOW`` lines ahead).

Limits (records, bytes, time) end the stream with one last line naming the limit; nothing before it is lost."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from typing import Any, Callable, Iterable, Iterator

from starlette.responses import Response

__all__ = ["Limits", "LinesResponse", "Pipe", "limited"]

log = logging.getLogger("rulekit.server")

WINDOW = 512  # output lines made ahead of what the client has taken
DISPLAY = "<request>"


class Limits:
    def __init__(self, max_bytes: int, max_lines: int, seconds: float) -> None:
        self.max_bytes, self.max_lines, self.seconds = max_bytes, max_lines, seconds


class Pipe:
    """A blocking binary stream fed from the event loop: ``read``/``readline`` wait for data or the end. The data is
    kept as the chunks that arrived (never copied as a whole), so a line costs its own length, however much waits."""

    def __init__(self, deadline: float | None = None) -> None:
        self.deadline = deadline  # time.monotonic() past which a wait for more data ends the stream
        self._cond = threading.Condition()
        self._chunks: deque[bytes] = deque()
        self._pos = 0  # how much of the first chunk was read
        self._ended = False
        self._error: str | None = None
        self.buffer = self  # records.read("-", stdin=pipe) reads ``stdin.buffer``

    # the event loop's side
    def feed(self, data: bytes) -> None:
        if data:
            with self._cond:
                self._chunks.append(bytes(data))
                self._cond.notify_all()

    def end(self, error: str | None = None) -> None:
        with self._cond:
            if not self._ended:
                self._ended = True
                self._error = error
            self._cond.notify_all()

    # the worker's side
    def _take(self, stop: Callable[[bytes, int], int]) -> bytes:
        """Bytes up to where ``stop(chunk, pos)`` says (an end offset, or -1: the whole chunk and go on)."""
        parts: list[bytes] = []
        with self._cond:
            while True:
                if self._chunks:
                    chunk = self._chunks[0]
                    end = stop(chunk, self._pos)
                    if end >= 0:
                        parts.append(chunk[self._pos:end])
                        self._pos = end
                        if self._pos >= len(chunk):
                            self._chunks.popleft()
                            self._pos = 0
                        return b"".join(parts)
                    parts.append(chunk[self._pos:])
                    self._chunks.popleft()
                    self._pos = 0
                    continue
                if self._ended:
                    if not parts and self._error:
                        raise OSError(self._error)
                    return b"".join(parts)
                if self.deadline is not None and time.monotonic() > self.deadline:
                    self._ended = True
                    self._error = ("the request body did not arrive within the server's time limit; "
                                   "the rest is not read")
                    continue
                self._cond.wait(0.5)

    def readline(self) -> bytes:
        def newline(chunk: bytes, pos: int) -> int:
            i = chunk.find(b"\n", pos)
            return i + 1 if i >= 0 else -1

        return self._take(newline)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return self._take(lambda chunk, pos: -1)
        wanted = [size]

        def count(chunk: bytes, pos: int) -> int:
            if len(chunk) - pos >= wanted[0]:
                return pos + wanted[0]
            wanted[0] -= len(chunk) - pos
            return -1

        return self._take(count) if size else b""


def limited(items: Iterable[Any], limits: Limits, started: float) -> Iterator[Any]:
    """The records, up to the limits: past ``max_lines`` records or ``seconds``, one last error record and stop."""
    from ..checker.records import Bad, Where

    count = 0
    for item in items:
        count += 1
        line = getattr(getattr(item, "where", None), "line", None)
        if count > limits.max_lines:
            yield Bad(f"the request has more than {limits.max_lines} records (the server's limit); "
                      "this one and the rest are not read: send them in another request", Where(DISPLAY, line, count))
            return
        if time.monotonic() - started > limits.seconds:
            yield Bad(f"the request took longer than {limits.seconds:g} s (the server's limit); this record and "
                      "the rest are not read: send them in another request", Where(DISPLAY, line, count))
            return
        yield item


class LinesResponse(Response):
    """An ASGI response that streams ``work(pipe)``'s lines while the request body is still arriving."""

    media_type = "application/x-ndjson"

    def __init__(self, work: Callable[[Pipe, float], Iterator[bytes]], limits: Limits) -> None:
        self.work = work
        self.limits = limits
        self.status_code = 200
        self.background = None
        self.init_headers({"cache-control": "no-store"})

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        pipe = Pipe(started + self.limits.seconds)
        lines: asyncio.Queue = asyncio.Queue()
        window = threading.Semaphore(WINDOW)
        stop = threading.Event()

        def worker() -> None:
            try:
                for line in self.work(pipe, started):
                    while not window.acquire(timeout=0.5):
                        if stop.is_set():
                            return
                    if stop.is_set():
                        return
                    loop.call_soon_threadsafe(lines.put_nowait, line)
            except Exception:  # noqa: BLE001 - a bug: logged, and the stream ends with a line that says so
                log.exception("rulekit: a stream failed")
                loop.call_soon_threadsafe(lines.put_nowait, b'{"error": "internal error: the rest of the stream '
                                                           b'is not answered (see the server log)"}')
            finally:
                stop.set()
                pipe.end()
                loop.call_soon_threadsafe(lines.put_nowait, None)

        async def read_body() -> None:
            total = 0
            more = True
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    stop.set()
                    pipe.end("the client went away")
                    return
                if not more:
                    continue
                body = message.get("body", b"")
                total += len(body)
                if total > self.limits.max_bytes:
                    keep = len(body) - (total - self.limits.max_bytes)
                    cut = body[:keep].rfind(b"\n")
                    pipe.feed(body[: cut + 1] if cut >= 0 else b"")
                    pipe.end(f"the request body exceeds {self.limits.max_bytes} bytes (the server's limit); "
                             "the rest is not read: send it in another request")
                    more = False  # the rest is drained, unread
                else:
                    pipe.feed(body)
                if not message.get("more_body", False):
                    if more:
                        pipe.end()
                    more = False

        reader = asyncio.ensure_future(read_body())
        thread = threading.Thread(target=worker, name="rulekit-stream", daemon=True)
        thread.start()
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        try:
            while True:
                line = await lines.get()
                chunk = []
                done = line is None
                if not done:
                    chunk.append(line)
                while not done and not lines.empty():
                    nxt = lines.get_nowait()
                    if nxt is None:
                        done = True
                    else:
                        chunk.append(nxt)
                if chunk:
                    await send({"type": "http.response.body", "body": b"\n".join(chunk) + b"\n", "more_body": True})
                    for _ in chunk:
                        window.release()
                if done:
                    break
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            stop.set()
            pipe.end("the response ended")
            for _ in range(WINDOW):
                window.release()
            reader.cancel()
