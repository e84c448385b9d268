"""Throughput and latency of `rulekit serve`, run by hand (not collected by pytest), on loopback only:

    python bench/bench_serve.py [--workers W] [--requests N] [--records R] [--cache-size C]
                                                          # defaults: 2, 20000, 20000, 10000 (as `rulekit serve`)

1. Starts `rulekit serve --workers W` on a free 127.0.0.1 port (a real subprocess, as users run it) and waits for
   /healthz.
2. `POST /v1/ask` at 1, 8 and 64 concurrent clients (keep-alive HTTP/1.1 connections from one asyncio process,
   a fixed number of requests per level, N/4 at 1 client): requests/s and p50/p99/max latency. The bodies cycle
   through every case of the built-in rulebooks' test suites (a few hundred distinct questions, ids and Chinese
   labels as they stand in the suites). Every answer must be 200.
3. `POST /v1/check` with R generated records (bench_check's generator) streamed in one request: records/s, against
   `rulekit.check` in this process on the same records (verdicts written as JSON, as `check --json` does).
4. The peak RSS of the server processes (VmHWM of the parent and each worker).

The run stops by itself: each level also stops after 60 s. The load generator shares the machine's cores with the
server, so the figures are a floor for what a separate client machine would see.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(workers: int, cache_size: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "rulekit", "serve", "--port", str(port), "--workers", str(workers),
                             "--cache-size", str(cache_size)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    time.sleep(1.0 if workers > 1 else 0)  # let every worker come up
                    return proc, port
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"rulekit serve exited: {proc.stderr.read().decode()}")
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("rulekit serve did not start in 60 s")


def ask_bodies() -> list[bytes]:
    """Every case of the built-in test suites as a /v1/ask body."""
    from rulekit.checker.records import Raw, read
    from rulekit.engine.locate import builtin_dir, builtin_ids

    bodies = []
    for rb in builtin_ids():
        for item in read(str(builtin_dir() / rb / "cases.yaml")):
            if isinstance(item, Raw) and isinstance(item.data, dict) and "question" in item.data:
                facts = item.data.get("facts") or {}
                bodies.append(json.dumps({"rulebook": item.data.get("rulebook", rb), "question": item.data["question"],
                                          "facts": facts}, ensure_ascii=False, default=str).encode("utf-8"))
    return bodies


async def _client(port: int, bodies: list[bytes], start: int, count: int, latencies: list[float],
                  stop_at: float) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    bad = 0
    try:
        for i in range(count):
            if time.monotonic() > stop_at:
                break
            body = bodies[(start + i) % len(bodies)]
            request = (b"POST /v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                       b"Content-Length: %d\r\n\r\n" % len(body)) + body
            t0 = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            if not head.startswith(b"HTTP/1.1 200"):
                bad += 1
    finally:
        writer.close()
    return bad


async def _level(port: int, bodies: list[bytes], clients: int, requests: int) -> dict:
    latencies: list[float] = []
    per = requests // clients
    stop_at = time.monotonic() + 60
    t0 = time.perf_counter()
    bad = await asyncio.gather(*(_client(port, bodies, c * 997, per, latencies, stop_at) for c in range(clients)))
    elapsed = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {"clients": clients, "requests": len(latencies), "per_s": len(latencies) / elapsed,
            "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000, "max_ms": latencies[-1] * 1000, "not_200": sum(bad)}


def bench_check(port: int, records: int) -> tuple[float, float, int]:
    import http.client

    import rulekit
    from bench_check import generate
    from rulekit.checker.report import format_json_line

    lines = generate(records)
    body = ("\n".join(lines) + "\n").encode("utf-8")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    t0 = time.perf_counter()
    conn.request("POST", "/v1/check", body=body, headers={"Content-Type": "application/x-ndjson"})
    response = conn.getresponse()
    out = response.read().splitlines()
    served = len(out) / (time.perf_counter() - t0)
    assert len(out) == len(lines), (len(out), len(lines))
    local = 0.0
    for _ in range(2):  # the better of two runs (rulebooks loaded before the clock starts)
        for rb in rulekit.rulebooks():
            rulekit.load(rb)
        t0 = time.perf_counter()
        n = 0
        for verdict in rulekit.check(json.loads(line) for line in lines):
            format_json_line(verdict)
            n += 1
        local = max(local, n / (time.perf_counter() - t0))
    return served, local, len(out)


def peak_rss_mb(pid: int) -> dict[str, float]:
    found = {}
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    found[str(p)] = int(line.split()[1]) / 1024
        except OSError:
            pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--cache-size", type=int, default=10000, help="the server's --cache-size (0: every ask "
                        "evaluated)")
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    bodies = ask_bodies()
    proc, port = start(args.workers, args.cache_size)
    try:
        print(f"rulekit serve --workers {args.workers} --cache-size {args.cache_size} on 127.0.0.1:{port}; "
              f"{len(bodies)} distinct questions; "
              f"{os.cpu_count()} cores")
        asyncio.run(_level(port, bodies, 8, 2000))  # warm up every worker
        print(f"{'clients':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'not 200':>8}")
        for clients in (1, 8, 64):
            n = args.requests // 4 if clients == 1 else args.requests
            r = asyncio.run(_level(port, bodies, clients, n))
            print(f"{r['clients']:>8} {r['requests']:>9} {r['per_s']:>8.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
                  f"{r['max_ms']:>8.1f} {r['not_200']:>8}")
        served, local, n = bench_check(port, args.records)
        print(f"/v1/check, {n} records streamed in one request: {served:,.0f} records/s; "
              f"rulekit.check in process (+ JSON): {local:,.0f} records/s ({served / local:.2f}x)")
        rss = peak_rss_mb(proc.pid)
        print("peak RSS (MB) of the server's processes (uvicorn's parent, its workers and helpers): "
              + ", ".join(f"{v:.0f}" for v in rss.values()))
        print(f"load average while measuring: {os.getloadavg()[0]:.1f}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
