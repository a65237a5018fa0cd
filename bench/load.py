"""Load on the dashboard: concurrent clients on loopback over a large database.

    .venv/bin/python bench/load.py                                  # 1,000,000 events: the build takes long
    .venv/bin/python bench/load.py --events 100000                  # a smaller database
    .venv/bin/python bench/load.py --events 100000 --db /tmp/load.db   # keep it; later runs reuse it
    .venv/bin/python bench/load.py --db /tmp/load.db --cache-mb 0   # every answer computed: the cold figures
    .venv/bin/python bench/load.py --db /tmp/load.db --urls one     # one URL per endpoint: everyone on the same page

Builds the database through kb_bench's bulk path (``Store.ingest`` of synthetic
documents in large batches), starts the real ``communique serve`` on 127.0.0.1
in a process of its own (one uvicorn worker, as a user runs it), then drives the
API's list and detail endpoints and the pages with ``--clients`` concurrent
asyncio clients (aiohttp on uvloop: a client cheap enough not to be what is measured).

Each endpoint is asked with many different parameter values (event and actor ids,
types, countries, dyads, months, search words, offsets), shuffled, so that most
requests are the first of their kind: the server's answer cache (kept until the
database changes) helps only where a value comes back, as it does for real users
opening the same overview. ``--cache-mb 0`` turns that cache off to show what each
answer costs when computed. Each endpoint gets a bounded number of requests
(``--requests``) within a bounded time (``--seconds``); a final mixed round sends
every endpoint at once. Printed per endpoint: requests, distinct URLs, requests per
second, p50 and p99 latency, errors (any answer but 200, or no answer). The aim:
p99 under 300 ms for every list and page endpoint, and no error.

Only 127.0.0.1 is ever contacted: the host is not an option.
"""
from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
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
    distinct: int = 0
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
        return (f"  {self.label:<44} {self.requests:>6} {self.distinct:>5} {rps:>8.1f} {p50:>8.1f} {p99:>8.1f} "
                f"{self.errors:>6}  {verdict}{'  ' + str(self.kinds) if self.kinds else ''}")


def build(path: Path, events: int, batch_size: int) -> None:
    from communique.kb import Store, query
    from kb_bench import fill
    with Store(path) as store:
        if query.stats(store)["reports"] == 0:
            fill(store, events, batch_size)
        else:
            print(f"reusing {path}: {query.stats(store)['events']:,} events")


def start_server(db: Path, port: int, cache_mb: int | None, workers: int | None) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("communique")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "communique"]
    cache = [] if cache_mb is None else ["--cache-mb", str(cache_mb)]
    cache += [] if workers is None else ["--workers", str(workers)]
    return subprocess.Popen([*command, "serve", "--db", str(db), "--host", HOST, "--port", str(port), *cache],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


async def get_json(session, path: str, **params):
    async with session.get(path, params=params) as response:
        response.raise_for_status()
        return await response.json()


async def wait_until_up(session, server: subprocess.Popen, timeout: float = 120) -> None:
    import aiohttp
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise SystemExit(f"communique serve exited: {server.stderr.read().decode()[-2000:]}")
        try:
            async with session.get("/favicon.ico") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("communique serve did not answer")
        await asyncio.sleep(0.2)


async def endpoints(session, rng: random.Random) -> list[tuple[str, list[str]]]:
    """(label, paths) for each endpoint: many parameter values that exist in this database."""
    meta = await get_json(session, "/api/meta")
    busiest = (await get_json(session, "/api/events", limit=200, order="reports"))["items"]
    newest = (await get_json(session, "/api/events", limit=200))["items"]
    actors = (await get_json(session, "/api/actors", limit=200))["items"]
    stats = await get_json(session, "/api/stats", top=30)
    event_ids = sorted({e["id"] for e in busiest + newest}) or [1]
    actor_ids = [a["id"] for a in actors] or [1]
    countries = [c["code"] for c in meta["countries"][:30]] or ["VNM"]
    dyads = [d["dyad"] for d in stats["by_dyad"]] or ["KHM-VNM"]
    months = sorted({m["month"] for m in stats["by_month"]}) or ["2020-01"]
    years = sorted({m[:4] for m in months})
    types = [t["type"] for t in meta["types"]]
    # Words that occur in this database's evidence, common and rare: event kinds, people's names.
    names = sorted({w.lower() for a in actors[:40] for w in a["name"].split() if len(w) > 2})
    words = sorted({t.lower() for t in types[:6]} | set(rng.sample(names, min(10, len(names)))))
    pick = lambda items, n: rng.sample(items, min(n, len(items)))  # noqa: E731
    return [
        ("GET /api/meta", ["/api/meta"]),
        ("GET /api/stats", ["/api/stats"]),
        ("GET /api/events (newest, offset 0-5000)", [f"/api/events?offset={n}" for n in range(0, 5001, 50)]),
        ("GET /api/events?type=T&status=S", [f"/api/events?type={t}&status={s}" for t in types
                                             for s in ("occurred", "planned", "cancelled")]),
        ("GET /api/events?country=C", [f"/api/events?country={c}" for c in countries]),
        ("GET /api/events?dyad=D&type=T", [f"/api/events?dyad={d}&type={t}" for d in dyads[:10] for t in types]),
        ("GET /api/events?from=M&to=M", [f"/api/events?from={m}&to={m}" for m in months]),
        ("GET /api/events?search=W&order=O", [f"/api/events?search={w}&order={o}" for w in words
                                              for o in ("-date", "date", "reports")]),
        ("GET /api/events?actor=A", [f"/api/events?actor={a}" for a in actor_ids]),
        ("GET /api/events/{id}", [f"/api/events/{i}" for i in pick(event_ids, 400)]),
        ("GET /api/timeline?dyad=D&from=Y", [f"/api/timeline?dyad={d}&from={y}" for d in dyads for y in years[-5:]]),
        ("GET /api/network?type=T", ["/api/network", *(f"/api/network?type={t}" for t in types)]),
        ("GET /api/actors?country=C&offset=N", [f"/api/actors?country={c}&offset={n}" for c in countries
                                                for n in (0, 50)] + [f"/api/actors?offset={n}" for n in range(0, 2000, 50)]),
        ("GET /api/actors/{id}", [f"/api/actors/{a}" for a in actor_ids]),
        ("GET /api/agreements?country=C", [f"/api/agreements?country={c}" for c in countries]),
        ("GET / (page)", ["/"]),
        ("GET /events (page)", ["/events"]),
        ("GET /events/{id} (page)", [f"/events/{i}" for i in pick(event_ids, 400)]),
        ("GET /actors/{id} (page)", [f"/actors/{a}" for a in actor_ids]),
    ]


async def drain(session) -> None:
    """Wait until the server has finished what timed-out clients left queued (it still runs them),
    so that one endpoint's backlog does not count against the next: a cheap request, answered
    only once the worker threads get to it."""
    import aiohttp
    try:
        async with session.get("/favicon.ico", timeout=aiohttp.ClientTimeout(total=600)) as response:
            await response.read()
    except aiohttp.ClientError:
        pass


async def drive(session, label: str, paths: list[str], clients: int, requests: int, seconds: float,
                rng: random.Random) -> Result:
    """``clients`` workers share ``requests`` requests over ``paths`` (shuffled, each used once before any
    repeats), stopping at ``seconds``."""
    import aiohttp
    order = []
    while len(order) < requests:
        order += rng.sample(paths, len(paths))
    order = order[:requests]
    result = Result(label, distinct=len(set(order)))
    queue = iter(order)
    deadline = time.monotonic() + seconds

    async def worker() -> None:
        for path in queue:            # shared: the budget is for all workers together
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            try:
                async with session.get(path) as response:
                    await response.read()
                    if response.status == 200:
                        result.latencies.append(time.perf_counter() - started)
                        continue
                    kind = str(response.status)
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                kind = type(error).__name__
            result.errors += 1
            result.kinds[kind] = result.kinds.get(kind, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    result.wall = time.perf_counter() - started
    return result


async def run(port: int, server: subprocess.Popen, args) -> list[Result]:
    import aiohttp
    rng = random.Random(args.seed)
    connector = aiohttp.TCPConnector(limit=args.clients)
    timeout = aiohttp.ClientTimeout(total=args.timeout)
    async with aiohttp.ClientSession(f"http://{HOST}:{port}", connector=connector, timeout=timeout) as session:
        await wait_until_up(session, server)
        targets = await endpoints(session, rng)
        if args.urls == "one":           # every client asks the same URL per endpoint (the popular page)
            targets = [(label, paths[:1]) for label, paths in targets]
        results = []
        print(f"\n{args.clients} concurrent clients, up to {args.requests} requests or {args.seconds:g} s "
              f"per endpoint (target: p99 <= {args.target:g} ms, no errors); server cache: "
              f"{'default' if args.cache_mb is None else str(args.cache_mb) + ' MB'}; "
              f"{args.workers or 1} server process(es); URLs: {args.urls}")
        print(f"  {'endpoint':<44} {'reqs':>6} {'URLs':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for label, paths in targets:
            result = await drive(session, label, paths, args.clients, args.requests, args.seconds, rng)
            print(result.line(args.target), flush=True)
            results.append(result)
            await drain(session)
        every = [path for _, paths in targets for path in paths]
        mixed = await drive(session, "mixed: every endpoint at once", every, args.clients,
                            args.requests * 2, args.seconds * 2, rng)
        print(mixed.line(args.target), flush=True)
        results.append(mixed)
        return results


def run_loop(coroutine):
    try:
        import uvloop          # installed with uvicorn[standard]: a faster loop keeps the client cheap
        return uvloop.run(coroutine)
    except ImportError:
        return asyncio.run(coroutine)


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
    parser.add_argument("--workers", type=int, default=None, help="communique serve --workers")
    parser.add_argument("--cache-mb", type=int, default=None,
                        help="the server's answer cache (communique serve --cache-mb; 0: off; default: its default)")
    parser.add_argument("--seed", type=int, default=7, help="for the order of the parameter values")
    parser.add_argument("--urls", choices=("varied", "one"), default="varied",
                        help="varied: many parameter values per endpoint (default); one: the same URL each time")
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
        server = start_server(db, port, args.cache_mb, args.workers)
        try:
            results = run_loop(run(port, server, args))
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
