"""Load on the dashboard: concurrent clients on loopback over a large database.

    .venv/bin/python bench/load.py                                  # 1,000,000 events: the build takes long
    .venv/bin/python bench/load.py --events 100000                  # a smaller database
    .venv/bin/python bench/load.py --events 100000 --db /tmp/load.db   # keep it; later runs reuse it

Builds the database through kb_bench's bulk path (``Store.ingest`` of synthetic
documents in large batches), starts the real ``communique serve`` on 127.0.0.1
in a process of its own (one uvicorn worker, as a user runs it), then drives the
API's list and detail endpoints and the pages with ``--clients`` concurrent
asyncio clients (httpx). Each endpoint gets a bounded number of requests
(``--requests``) within a bounded time (``--seconds``); a final mixed round sends
every endpoint at once. Printed per endpoint: requests, requests per second,
p50 and p99 latency, errors (any answer but 200, or no answer). The aim: p99
under 300 ms for every list and page endpoint, and no error.

Only 127.0.0.1 is ever contacted: the host is not an option.
"""
from __future__ import annotations

import argparse
import asyncio
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

HOST = "127.0.0.1"          # loopback only, by construction
TARGET_P99_MS = 300.0


@dataclass
class Result:
    label: str
    latencies: list[float] = field(default_factory=list)   # seconds, answered requests
    errors: int = 0
    wall: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)     # what the errors were

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000

    def line(self, target: float) -> str:
        rps = self.requests / self.wall if self.wall else 0.0
        p50, p99 = self.percentile(0.50), self.percentile(0.99)
        verdict = "ok" if self.errors == 0 and p99 <= target else ("SLOW" if self.errors == 0 else "ERRORS")
        return (f"  {self.label:<52} {self.requests:>6} {rps:>8.1f} {p50:>9.1f} {p99:>9.1f} {self.errors:>6}  "
                f"{verdict}{'  ' + str(self.kinds) if self.kinds else ''}")


def build(path: Path, events: int, batch_size: int) -> None:
    from communique.kb import Store, query
    from kb_bench import fill
    with Store(path) as store:
        if query.stats(store)["reports"] == 0:
            fill(store, events, batch_size)
        else:
            print(f"reusing {path}: {query.stats(store)['events']:,} events")


def start_server(db: Path, port: int) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("communique")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "communique"]
    return subprocess.Popen([*command, "serve", "--db", str(db), "--host", HOST, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


async def wait_until_up(client, server: subprocess.Popen, timeout: float = 120) -> None:
    import httpx
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise SystemExit(f"communique serve exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if (await client.get("/api/meta")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("communique serve did not answer")
        await asyncio.sleep(0.2)


async def endpoints(client) -> list[tuple[str, str]]:
    """(label, path) for each endpoint, with ids and names that exist in this database."""
    events = (await client.get("/api/events", params={"limit": 1, "order": "reports"})).json()["items"]
    actors = (await client.get("/api/actors", params={"limit": 1})).json()["items"]
    event_id = events[0]["id"] if events else 1
    actor = actors[0] if actors else {"id": 1, "name": "x"}
    return [
        ("GET /api/meta", "/api/meta"),
        ("GET /api/stats", "/api/stats"),
        ("GET /api/events (newest 50)", "/api/events"),
        ("GET /api/events?type=MEETING", "/api/events?type=MEETING"),
        ("GET /api/events?country=KHM", "/api/events?country=KHM"),
        ("GET /api/events?dyad=VNM-KHM", "/api/events?dyad=VNM-KHM"),
        ("GET /api/events?from=2020-03&to=2020-04", "/api/events?from=2020-03&to=2020-04"),
        ("GET /api/events?status=planned&order=date", "/api/events?status=planned&order=date"),
        ("GET /api/events?search=meeting", "/api/events?search=meeting"),
        ("GET /api/events?offset=5000", "/api/events?offset=5000"),
        (f"GET /api/events?actor={actor['id']}", f"/api/events?actor={actor['id']}"),
        (f"GET /api/events/{event_id}", f"/api/events/{event_id}"),
        ("GET /api/timeline?dyad=VNM-LAO&from=2023", "/api/timeline?dyad=VNM-LAO&from=2023"),
        ("GET /api/network", "/api/network"),
        ("GET /api/actors", "/api/actors"),
        ("GET /api/actors?country=KHM", "/api/actors?country=KHM"),
        (f"GET /api/actors/{actor['id']}", f"/api/actors/{actor['id']}"),
        ("GET /api/agreements?country=KHM", "/api/agreements?country=KHM"),
        ("GET / (page)", "/"),
        ("GET /events (page)", "/events"),
        (f"GET /events/{event_id} (page)", f"/events/{event_id}"),
        (f"GET /actors/{actor['id']} (page)", f"/actors/{actor['id']}"),
    ]


async def drain(client) -> None:
    """Wait until the server has finished what timed-out clients left queued (it still runs them),
    so that one endpoint's backlog does not count against the next: a cheap request, answered
    only once the worker threads get to it."""
    import httpx
    try:
        await client.get("/favicon.ico", timeout=600)
    except httpx.HTTPError:
        pass


async def drive(client, label: str, paths: list[str], clients: int, requests: int, seconds: float) -> Result:
    """``clients`` workers share ``requests`` requests (round-robin over ``paths``), stopping at ``seconds``."""
    import httpx
    result = Result(label)
    counter = iter(range(requests))
    deadline = time.monotonic() + seconds

    async def worker() -> None:
        for n in counter:            # shared: the budget is for all workers together
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            try:
                response = await client.get(paths[n % len(paths)])
                if response.status_code == 200:
                    result.latencies.append(time.perf_counter() - started)
                    continue
                kind = str(response.status_code)
            except httpx.HTTPError as error:
                kind = type(error).__name__
            result.errors += 1
            result.kinds[kind] = result.kinds.get(kind, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    result.wall = time.perf_counter() - started
    return result


async def run(port: int, server: subprocess.Popen, args) -> list[Result]:
    import httpx
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    timeout = httpx.Timeout(args.timeout)
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}", limits=limits, timeout=timeout) as client:
        await wait_until_up(client, server)
        targets = await endpoints(client)
        for _, path in targets:                       # warm the server's caches once
            await client.get(path)
        results = []
        print(f"\n{args.clients} concurrent clients, up to {args.requests} requests or {args.seconds:g} s "
              f"per endpoint (target: p99 <= {args.target:g} ms, no errors)")
        print(f"  {'endpoint':<52} {'reqs':>6} {'req/s':>8} {'p50 ms':>9} {'p99 ms':>9} {'errors':>6}")
        for label, path in targets:
            result = await drive(client, label, [path], args.clients, args.requests, args.seconds)
            print(result.line(args.target), flush=True)
            results.append(result)
            await drain(client)
        mixed = await drive(client, "mixed: every endpoint at once", [p for _, p in targets], args.clients,
                            args.requests * 2, args.seconds * 2)
        print(mixed.line(args.target), flush=True)
        results.append(mixed)
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="reports to build the database with")
    parser.add_argument("--db", help="keep the database here (reused when it already holds events)")
    parser.add_argument("--batch-size", type=int, default=2000, help="articles per transaction when building")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--requests", type=int, default=500, help="requests per endpoint, all clients together")
    parser.add_argument("--seconds", type=float, default=30.0, help="time bound per endpoint")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as an error")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--target", type=float, default=TARGET_P99_MS, help="p99 aim in ms")
    args = parser.parse_args()
    if args.clients < 1 or args.requests < 1 or args.seconds <= 0:
        parser.error("--clients, --requests and --seconds must be positive")

    with tempfile.TemporaryDirectory() as folder:
        db = Path(args.db) if args.db else Path(folder) / "load.db"
        started = time.perf_counter()
        build(db, args.events, args.batch_size)
        print(f"database ready in {time.perf_counter() - started:.0f} s: {db} "
              f"({db.stat().st_size / 1e6:,.0f} MB)")
        port = args.port or free_port()
        server = start_server(db, port)
        try:
            results = asyncio.run(run(port, server, args))
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        total = sum(r.requests for r in results[:-1])
        errors = sum(r.errors for r in results)
        slow = [r.label for r in results[:-1] if r.percentile(0.99) > args.target]
        print(f"\n{total + results[-1].requests} requests, {errors} errors; "
              f"p99 over {args.target:g} ms: {', '.join(slow) if slow else 'none'}")
        print(f"(machine: {os.cpu_count()} CPUs; server and clients share them)")


if __name__ == "__main__":
    main()
