"""How fast the knowledge base fills and answers, on a synthetic corpus.

    .venv/bin/python bench/kb_bench.py                 # 1,000,000 events (~20 CPU-minutes, 2.5 GB)
    .venv/bin/python bench/kb_bench.py --events 100000
    .venv/bin/python bench/kb_bench.py --db kb.db      # keep the database; rerun to time queries only

Fills a temporary database through the real ``Store.ingest`` (large batches:
the bulk path), with a share of events retold by later articles so the merge
has work to do, then times each query the CLI offers, with its filters, through
the same library calls the commands make.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from communique.kb import Store, query  # noqa: E402
from communique.kb.samples import synthetic_documents  # noqa: E402


def timed(label: str, function, *args, repeat: int = 3, **kwargs):
    """Best of ``repeat`` runs (the first warms the cache), in milliseconds."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    size = len(result) if hasattr(result, "__len__") else "-"
    print(f"  {label:<58} {best * 1000:9.1f} ms   {size!s:>6} rows")
    return result


def fill(store: Store, n_events: int, batch_size: int) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    summary = store.ingest(synthetic_documents(n_events), batch_size=batch_size, progress=sys.stderr.isatty())
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    counts = query.stats(store)
    print(f"ingest: {summary.new} articles, {counts['reports']} reports -> {counts['events']} merged events, "
          f"{counts['actors']} actors, {counts['agreements']} agreements")
    print(f"  {took:.1f} s wall ({cpu:.1f} s CPU): {counts['reports'] / took:,.0f} reports/s, "
          f"{summary.new / took:,.0f} articles/s")


def run_queries(store: Store) -> None:
    busiest = query.actors(store, limit=1)[0]
    some_event = query.events(store, limit=1, order="reports")[0]["id"]
    print("queries (library calls behind the CLI commands):")
    timed("events (newest 50)", query.events, store, limit=50)
    timed("events --type MEETING", query.events, store, type="MEETING", limit=50)
    timed("events --country KHM", query.events, store, country="KHM", limit=50)
    timed("events --dyad VNM-KHM", query.events, store, dyad="VNM-KHM", limit=50)
    timed(f"events --actor '{busiest['name']}'", query.events, store, actor=busiest["name"], limit=50)
    timed("events --from 2020-03 --to 2020-04", query.events, store, date_from="2020-03", date_to="2020-04", limit=50)
    timed("events --from 2024-06", query.events, store, date_from="2024-06", limit=50)
    timed("events --status planned", query.events, store, status="planned", limit=50)
    timed("events --search 'meeting'", query.events, store, text="meeting", limit=50)
    timed("events --dyad VNM-KHM --type VISIT --from 2018 --to 2019", query.events, store,
          dyad="VNM-KHM", type="VISIT", date_from="2018", date_to="2019", limit=50)
    timed("events --country LAO --search exercise --from 2016", query.events, store,
          country="LAO", text="exercise", date_from="2016", limit=50)
    timed(f"event {some_event}", query.event, store, some_event)
    timed("actors (top 50)", query.actors, store, limit=50)
    timed("actors --country KHM", query.actors, store, country="KHM", limit=50)
    timed(f"actor '{busiest['name']}'", query.actor, store, busiest["name"])
    timed("agreements --country KHM (100)", query.agreements, store, country="KHM", limit=100)
    timed("timeline --dyad VNM-KHM --from 2023 (all)", query.timeline, store, dyad="VNM-KHM", date_from="2023")
    timed("timeline --dyad VNM-LAO (all)", query.timeline, store, dyad="VNM-LAO", repeat=1)
    timed(f"timeline --actor '{busiest['name']}'", query.timeline, store, actor=busiest["name"])
    timed("stats", query.stats, store, repeat=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="reports to ingest (default 1,000,000)")
    parser.add_argument("--batch-size", type=int, default=2000, help="articles per transaction")
    parser.add_argument("--db", help="keep the database at this path (default: a temporary file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.db) if args.db else Path(folder) / "bench.db"
        with Store(path) as store:
            if not args.db or query.stats(store)["reports"] == 0:
                fill(store, args.events, args.batch_size)
            run_queries(store)
        print(f"database: {path.stat().st_size / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()
