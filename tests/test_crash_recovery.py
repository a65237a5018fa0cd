"""A real ``communique ingest`` killed with SIGKILL at random moments, again and again.

The corpus is the bundled synthetic corpus written into a temporary folder, and
five of its articles again with a small textual variation (24 distinct articles),
enough for an ingest of several seconds. The same command is started and killed
at a random moment 15 times (the last two only once that run has stored a
batch of its own, so kills also land further into the corpus); after every kill the database must pass ``PRAGMA
integrity_check`` (and FTS5's own check), hold only whole batches, and never
lose what an earlier run stored. A final run completes it, and its contents must
equal a database built by one clean ingest of the same folder.

Contents are compared as a canonical dump that names every row by what it is
rather than by its autoincrement id: an article by its content hash, a report by
(article, position), an event by the reports it merges, an actor by its name.
(With the store's whole-batch transactions the ids come out the same too, but
they are not what is being promised.)
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "src" / "communique" / "data" / "sample_corpus"
KILLS = 15
LATE_KILLS = 2          # of which the last ones strike only once the run has stored a batch of its own
BATCH = 3


def communique() -> list[str]:
    exe = Path(sys.executable).with_name("communique")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "communique"]


def environment() -> dict:
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}


def write_corpus(folder: Path, copies: int = 2, articles: int = 24) -> list[Path]:
    """The synthetic corpus ``copies`` times over (``articles`` in all), each copy a little different."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for copy in range(copies):
        for source in sorted(CORPUS.glob("*.txt")):
            if len(written) == articles:
                return written
            text = source.read_text(encoding="utf-8")
            if copy:
                text = text.rstrip("\n") + f"\n\n(Republished in digest edition {copy + 1}.)\n"
            path = folder / f"c{copy}_{source.name}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def ingest_command(db: Path, *inputs: Path, batch: int = BATCH, wait: float | None = None) -> list[str]:
    command = [*communique(), "ingest", *map(str, inputs), "--db", str(db), "--batch-size", str(batch),
               "--no-progress"]
    return command + (["--wait", str(wait)] if wait is not None else [])


def run_ingest(db: Path, *inputs: Path, batch: int = BATCH, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(ingest_command(db, *inputs, batch=batch), capture_output=True, text=True,
                          timeout=timeout, env=environment())


# --- looking inside a database -----------------------------------------------------------------------

def connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db, isolation_level=None)


def integrity_problems(db: Path) -> list[str]:
    """Everything wrong with the file: SQLite's checks, FTS5's, and the store's own invariants."""
    conn = connect(db)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        for table in ("articles_fts", "evidence_fts"):
            try:
                conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as error:
                problems.append(f"{table}: {error}")
        checks = {
            "reports without an event": "SELECT COUNT(*) FROM reports r LEFT JOIN events e ON e.id = r.event_id "
                                        "WHERE e.id IS NULL",
            "events without a report": "SELECT COUNT(*) FROM events e WHERE NOT EXISTS "
                                       "(SELECT 1 FROM reports r WHERE r.event_id = e.id)",
            "events miscounting their reports": "SELECT COUNT(*) FROM events e WHERE e.n_reports <> "
                                                "(SELECT COUNT(*) FROM reports r WHERE r.event_id = e.id)",
            "reports of missing articles": "SELECT COUNT(*) FROM reports r LEFT JOIN articles a "
                                           "ON a.id = r.article_id WHERE a.id IS NULL",
            "evidence of missing reports": "SELECT COUNT(*) FROM evidence v LEFT JOIN reports r "
                                           "ON r.id = v.report_id WHERE r.id IS NULL",
            "articles missing from the full-text index": "SELECT (SELECT COUNT(*) FROM articles) - "
                                                         "(SELECT COUNT(*) FROM articles_fts)",
        }
        for name, sql in checks.items():
            found = conn.execute(sql).fetchone()[0]
            if found:
                problems.append(f"{name}: {found}")
        return problems
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    conn = connect(db)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def has_schema(db: Path) -> bool:
    """Whether the file holds the store's tables; a file without any must at least be a sound database."""
    if not db.exists():
        return False
    conn = connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert not tables or {"articles", "reports", "events", "evidence", "kb_meta"} <= tables, \
        f"half a schema: {sorted(tables)}"   # the schema is created in one transaction
    return bool(tables)


def count_if_there(db: Path) -> int:
    """Articles stored so far, read without creating the file or taking any lock a writer needs."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:     # still being created
        return 0


def wait_for_growth(db: Path, above: int, process: subprocess.Popen, timeout: float) -> float:
    """When more than ``above`` articles are stored (or the process ended), as time.monotonic()."""
    deadline = time.monotonic() + timeout
    while count_if_there(db) <= above and process.poll() is None:
        assert time.monotonic() < deadline, "the ingest stored nothing"
        time.sleep(0.05)
    return time.monotonic()


def canonical(db: Path) -> dict:
    """Articles, reports and events named by content, not by autoincrement id: equal dumps, equal data."""
    conn = connect(db)
    try:
        key = {rid: f"{aid}#{idx}" for rid, aid, idx in conn.execute("SELECT id, article_id, idx FROM reports")}
        actor = {aid: f"{name}|{country}" for aid, name, country in conn.execute("SELECT id, name, country FROM actors")}

        def named(text):
            return re.sub(r"report (\d+)", lambda m: f"report {key.get(int(m.group(1)), '?')}", text) if text else text

        def people(raw):
            found = json.loads(raw)
            for person in found:
                person["actor_id"] = actor.get(person.get("actor_id"))
            return json.dumps(found, sort_keys=True)

        def conflicts(raw):
            if not raw:
                return raw
            found = json.loads(raw)
            for conflict in found:
                for value in conflict.get("values", []):
                    value["reports"] = sorted(key.get(r, "?") for r in value.get("reports", []))
            return json.dumps(found, sort_keys=True)

        evidence, participants, members = defaultdict(list), defaultdict(list), defaultdict(list)
        for rid, start, end, text in conn.execute(
                "SELECT report_id, start_char, end_char, text FROM evidence ORDER BY report_id, id"):
            evidence[rid].append((start, end, text))
        for rid, idx, name, country, role, kind, aid in conn.execute(
                "SELECT report_id, idx, name, country, role, kind, actor_id FROM report_participants"):
            participants[rid].append((idx, name, country, role, kind, actor.get(aid)))
        for rid, eid in conn.execute("SELECT id, event_id FROM reports"):
            members[eid].append(key[rid])
        reports = sorted(
            (key[rid], *row[:-2], named(row[-2]), tuple(evidence[rid]), tuple(sorted(participants[rid])),
             tuple(sorted(members[row[-1]])))
            for rid, *row in conn.execute(
                """SELECT id, type, status, date_start, date_end, day_lo, day_hi, location_name, location_country,
                          agreement, agreement_key, record, detached, merge_reason, event_id FROM reports"""))
        events = sorted(
            (tuple(sorted(members[eid])), *row[:7], people(row[7]), row[8], conflicts(row[9]), *row[10:])
            for eid, *row in conn.execute(
                """SELECT id, type, status, date_start, date_end, day_lo, day_hi, countries, participants,
                          agreement, conflicts, n_reports, n_articles, first_published, last_published
                   FROM events"""))
        articles = sorted(conn.execute("SELECT id, name, source, published, title, url, text FROM articles"))
        agreements = sorted(conn.execute(
            "SELECT key, kind, name, parties, period_start, period_end, signed FROM agreements"))
        return {"articles": articles, "reports": reports, "events": events, "agreements": agreements,
                "actors": sorted(actor.values())}
    finally:
        conn.close()


def assert_same_contents(db: Path, reference: Path) -> None:
    got, expected = canonical(db), canonical(reference)
    for table in expected:
        missing = [row for row in expected[table] if row not in got[table]]
        extra = [row for row in got[table] if row not in expected[table]]
        assert not missing and not extra, (table, f"{len(missing)} missing, e.g. {missing[:1]}",
                                           f"{len(extra)} extra, e.g. {extra[:1]}")


# --- the test -------------------------------------------------------------------------------------------

def test_sigkill_at_random_moments_never_corrupts_and_a_rerun_completes(tmp_path):
    seed = int(os.environ.get("COMMUNIQUE_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    corpus = tmp_path / "corpus"
    articles = len(write_corpus(corpus))
    db = tmp_path / "killed.db"

    # the clean reference, built meanwhile in a process of its own (same folder: same sources)
    clean_db = tmp_path / "clean.db"
    clean = subprocess.Popen(ingest_command(clean_db, corpus), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=environment())

    history = []                   # (when, articles stored after the kill)
    for kill in range(KILLS):
        before = count_if_there(db)
        process = subprocess.Popen(ingest_command(db, corpus), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, env=environment())
        started = time.monotonic()
        if kill < KILLS - LATE_KILLS:
            # anywhere: starting up, opening or creating the file, reading, analysing, writing a batch
            deadline = started + rng.uniform(0.3, 4.0)
        else:
            # after this run has stored a batch of its own: mid-ingest, further into the corpus
            deadline = wait_for_growth(db, before, process, timeout=120) + rng.uniform(0.0, 1.5)
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
            finished = True        # it completed before its kill: fine, the rest still runs
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            finished = False
        delay = time.monotonic() - started
        stderr = process.stderr.read().decode(errors="replace")
        process.stderr.close()
        where = f"seed {seed}, kill {kill + 1} after {delay:.2f} s"
        if finished:
            assert process.returncode == 0, (where, stderr[-1000:])
        else:
            assert process.returncode == -signal.SIGKILL, (where, process.returncode)
        if not has_schema(db):     # killed before the first migration committed: an empty file, or none
            history.append((delay, 0))
            continue
        problems = integrity_problems(db)
        assert not problems, (where, problems)
        stored = count(db, "articles")
        assert stored % BATCH == 0 or stored == articles, (where, f"{stored} articles: half a batch")
        assert stored >= max((n for _, n in history), default=0), (where, "an earlier batch was lost")
        history.append((delay, stored))

    final = run_ingest(db, corpus)
    assert final.returncode == 0, final.stderr[-2000:]
    assert f"read {articles}," in final.stdout and "skipped 0" in final.stdout, final.stdout
    assert not integrity_problems(db)

    out, err = clean.communicate(timeout=300)
    assert clean.returncode == 0, err[-2000:]
    assert count(db, "articles") == count(clean_db, "articles") == articles
    assert_same_contents(db, clean_db)
    late = [n for _, n in history[-LATE_KILLS:]]
    assert late[-1] > BATCH and late == sorted(late), (seed, history)
