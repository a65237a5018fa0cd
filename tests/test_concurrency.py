"""Several processes on one database: ingests racing while the dashboard serves, a locked
file, a read-only file or folder, a full disk.

- Two real ``communique ingest`` processes fill one database at once while the
  dashboard (a real uvicorn server) answers ``/api/stats`` and a plain SQL
  reader counts rows: readers only ever see whole batches, events never point
  at missing articles, both ingests finish (the second waits for the lock) and
  the result equals one clean ingest of the same articles.
- A database another process is writing: ``ingest`` waits (``--wait``) or stops
  with one line and writes nothing.
- A read-only database file or folder, and a disk that fills up (simulated with
  ``RLIMIT_FSIZE`` in the child): one line, no traceback, the data as it was.

File permissions do not bind root, so where the suite runs as root the child
drops CAP_DAC_OVERRIDE (and its kin) from its capability bounding set before
it starts ``communique``: root then obeys the file mode bits like anyone else.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_crash_recovery import (  # noqa: E402  (tests/ is on sys.path under pytest)
    CORPUS, canonical, count, environment, ingest_command, integrity_problems,
)

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from communique.kb import Store  # noqa: E402
from communique.serve.app import create_app  # noqa: E402
from communique.serve.testing import ServerThread  # noqa: E402

BATCH = 3


def split_corpus(root: Path) -> tuple[Path, Path]:
    """The 19 synthetic articles in two folders, 10 and 9."""
    files = sorted(CORPUS.glob("*.txt"))
    first, second = root / "first", root / "second"
    for folder in (first, second):
        folder.mkdir()
    for i, path in enumerate(files):
        shutil.copy(path, (first if i < 10 else second) / path.name)
    return first, second


def snapshot(db: Path) -> tuple[int, int, int]:
    """(articles, reports, problems) read in one transaction by a plain SQLite reader."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=10, isolation_level=None)
    try:
        conn.execute("BEGIN")
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        reports = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        problems = conn.execute(
            """SELECT (SELECT COUNT(*) FROM reports r LEFT JOIN articles a ON a.id = r.article_id WHERE a.id IS NULL)
                    + (SELECT COUNT(*) FROM reports r LEFT JOIN events e ON e.id = r.event_id WHERE e.id IS NULL)
                    + (SELECT COUNT(*) FROM events e WHERE NOT EXISTS
                         (SELECT 1 FROM reports r WHERE r.event_id = e.id))""").fetchone()[0]
        conn.execute("COMMIT")
        return articles, reports, problems
    finally:
        conn.close()


def stats_problems(stats: dict) -> list[str]:
    """What one /api/stats answer would show if its questions had seen different snapshots."""
    events, undated = stats["events"], stats["undated"]
    found = []
    if sum(r["events"] for r in stats["by_type"]) != events:
        found.append("by_type does not add up to events")
    if sum(r["events"] for r in stats["by_month"]) + undated != events:
        found.append("by_month + undated does not add up to events")
    if sum(r["events"] for r in stats["by_type_month"]) + undated != events:
        found.append("by_type_month + undated does not add up to events")
    if stats["reports"] < events or (stats["articles"] == 0 and (stats["reports"] or events)):
        found.append("reports, events and articles disagree")
    return found


def whole_batch_states(db: Path, first: Path, second: Path) -> set[tuple[int, int]]:
    """Every (articles, reports) a reader may see: whole batches of each ingest, in any interleaving."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("""SELECT a.source, (SELECT COUNT(*) FROM reports r WHERE r.article_id = a.id)
                               FROM articles a ORDER BY a.num""").fetchall()
    finally:
        conn.close()

    def prefixes(folder: Path) -> list[tuple[int, int]]:
        mine = [n for source, n in rows if Path(source).parent == folder]
        cuts = sorted({*range(0, len(mine), BATCH), len(mine)})
        return [(cut, sum(mine[:cut])) for cut in cuts]

    return {(a + c, b + d) for a, b in prefixes(first) for c, d in prefixes(second)}


def test_two_ingests_at_once_while_the_dashboard_serves(tmp_path):
    first, second = split_corpus(tmp_path)
    db = tmp_path / "kb.db"
    Store(db).close()                      # an empty database the dashboard can open
    clean_db = tmp_path / "clean.db"
    env = environment()
    clean = subprocess.Popen(ingest_command(clean_db, first, second), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)

    seen_api: list[tuple[int, int, list[str]]] = []
    seen_sql: list[tuple[int, int, int]] = []
    with ServerThread(create_app(db)) as base, httpx.Client(base_url=base, timeout=30) as client:
        writers = [subprocess.Popen(ingest_command(db, folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, env=env) for folder in (first, second)]
        deadline = time.monotonic() + 600
        while any(w.poll() is None for w in writers):
            assert time.monotonic() < deadline, "the ingests did not finish"
            response = client.get("/api/stats")
            assert response.status_code == 200, response.text[:300]
            stats = response.json()
            seen_api.append((stats["articles"], stats["reports"], stats_problems(stats)))
            seen_sql.append(snapshot(db))
            time.sleep(0.02)
        outcomes = [(w.returncode, *w.communicate()) for w in writers]
        final_stats = client.get("/api/stats").json()

    # Both finish: the second waits its turn for the lock between batches (or says why in one line).
    for (code, out, err), folder in zip(outcomes, (first, second)):
        if code != 0:
            message = err.strip()
            assert code == 1 and "\n" not in message and "in use by another process" in message, (code, err[-1000:])
            rerun = subprocess.run(ingest_command(db, folder), capture_output=True, text=True, env=env, timeout=300)
            assert rerun.returncode == 0, rerun.stderr[-1000:]
        else:
            assert out.startswith("read ") and "skipped 0" in out, out
    assert not integrity_problems(db)

    allowed = whole_batch_states(db, first, second)
    assert len(seen_api) > 10 and len({a for a, _, _ in seen_api}) > 2, "saw the ingests at work"
    for articles, reports, problems in seen_api:
        assert not problems, (articles, reports, problems)
        assert (articles, reports) in allowed, (f"/api/stats showed {articles} articles with {reports} reports: "
                                                f"not whole batches", sorted(allowed))
    for articles, reports, problems in seen_sql:
        assert problems == 0, "a report or an event pointed at something missing"
        assert (articles, reports) in allowed, (articles, reports)
    assert final_stats["articles"] == 19 and not stats_problems(final_stats)

    out, err = clean.communicate(timeout=600)
    assert clean.returncode == 0, err[-1000:]
    got, expected = canonical(db), canonical(clean_db)
    for table in expected:
        assert got[table] == expected[table], f"{table} differs from one clean ingest"


def test_every_dashboard_request_reads_one_snapshot_whatever_commits_meanwhile(tmp_path):
    """The deterministic form of the race above: a batch committed between two questions of one request."""
    from communique.kb import query
    from communique.kb.samples import sample_document, sample_event
    from communique.serve.db import Database

    def document(name: str, day: str):
        return sample_document(name, day, [sample_event("MEETING", ["VNM", "LAO"], day, people=[("Le Van A", "VNM")])])

    db = tmp_path / "kb.db"
    with Store(db) as store:
        store.ingest([document("a.txt", "2024-01-02")])
    database = Database(db)
    with database.connection() as conn:
        before = query.stats(conn)
        with Store(db) as store:                       # another process commits a batch meanwhile
            assert store.ingest([document("b.txt", "2024-01-03"), document("c.txt", "2024-01-04")]).new == 2
        during = query.stats(conn)
        assert (during["articles"], during["reports"], during["events"]) == \
            (before["articles"], before["reports"], before["events"]) == (1, 1, 1)
    with database.connection() as conn:
        assert query.stats(conn)["articles"] == 3     # the next request sees the batch whole


# --- a locked database -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small(tmp_path_factory) -> dict:
    """A database holding two articles, two more to add, and the clean result of adding them."""
    root = tmp_path_factory.mktemp("small")
    corpus = sorted(CORPUS.glob("*.txt"), key=lambda path: path.stat().st_size)   # the shortest: quick
    parts = {"stored": root / "stored", "more": root / "more"}
    for folder, files in zip(parts.values(), (corpus[:2], corpus[2:4])):
        folder.mkdir()
        for path in files:
            shutil.copy(path, folder / path.name)
    base, clean = root / "base.db", root / "clean.db"
    result = subprocess.run(ingest_command(base, parts["stored"]), capture_output=True, text=True, env=environment())
    assert result.returncode == 0, result.stderr
    shutil.copyfile(base, clean)
    result = subprocess.run(ingest_command(clean, parts["more"]), capture_output=True, text=True, env=environment())
    assert result.returncode == 0, result.stderr
    return {**parts, "base": base, "clean": clean}


def fresh_copy(small: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "kb.db"
    shutil.copyfile(small["base"], db)
    return db


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout[-500:], result.stderr[-1500:])
    message = result.stderr.strip()
    assert message.startswith("Error: ") and "\n" not in message and "Traceback" not in message, result.stderr
    return message


def test_an_ingest_meeting_a_held_lock_stops_with_one_line_or_waits_for_it(small, tmp_path):
    db = fresh_copy(small, tmp_path)
    before = canonical(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")           # another writer is mid-batch
    try:
        quick = subprocess.run(ingest_command(db, small["more"], wait=0.5), capture_output=True, text=True,
                               env=environment(), timeout=120)
        assert "in use by another process" in one_line_error(quick)
        waiting = subprocess.Popen(ingest_command(db, small["more"], wait=120), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, env=environment())
        time.sleep(3)
        assert waiting.poll() is None, "it waits rather than fails"
        assert canonical(db) == before, "the refused ingest wrote nothing"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0 and "new 2" in out, (out, err[-1000:])
    got, expected = canonical(db), canonical(small["clean"])
    assert got == expected


# --- read-only files and folders, a full disk -----------------------------------------------------------

LAUNCHER = r"""
import ctypes, os, resource, signal, sys
limit, drop = int(sys.argv[1]), sys.argv[2] == "drop"
if drop and os.geteuid() == 0:
    # root ignores file modes through these capabilities; without them it obeys them like anyone
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2, 3):      # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, cap, 0, 0, 0) != 0:     # PR_CAPBSET_DROP
            sys.exit(f"cannot drop capability {cap}: errno {ctypes.get_errno()}")
if limit:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
os.execv(sys.argv[3], sys.argv[3:])
"""


def restricted_ingest(db: Path, inputs: Path, *, file_limit: int = 0, drop: bool = False, batch: int = 1):
    command = ingest_command(db, inputs, batch=batch)
    return subprocess.run([sys.executable, "-c", LAUNCHER, str(file_limit), "drop" if drop else "keep",
                           *command], capture_output=True, text=True, timeout=300, env=environment())


def capability_drop_works() -> bool:
    if os.name != "posix" or not Path("/proc/self/status").exists():
        return False
    result = subprocess.run([sys.executable, "-c", LAUNCHER, "0", "drop", "/bin/cat", "/proc/self/status"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        return False
    if os.geteuid() != 0:
        return True
    bounding = next(line for line in result.stdout.splitlines() if line.startswith("CapBnd"))
    return not int(bounding.split()[1], 16) & 0b110


needs_file_modes = pytest.mark.skipif(not capability_drop_works(),
                                      reason="cannot make root obey file modes (no prctl PR_CAPBSET_DROP)")


def file_state(db: Path) -> tuple:
    return canonical(db), sorted(p.name for p in db.parent.iterdir())


@needs_file_modes
def test_a_read_only_database_file_is_refused_with_one_line_and_left_as_it_was(small, tmp_path):
    db = fresh_copy(small, tmp_path / "ro-file")
    before = file_state(db)
    db.chmod(0o444)
    try:
        message = one_line_error(restricted_ingest(db, small["more"], drop=True))
        assert "read-only" in message, message
    finally:
        db.chmod(0o644)
    assert file_state(db) == before and not integrity_problems(db)


@needs_file_modes
@pytest.mark.parametrize("exists", [True, False], ids=["database", "no database yet"])
def test_a_read_only_folder_is_refused_with_one_line_and_left_as_it_was(small, tmp_path, exists):
    folder = tmp_path / "ro-folder"
    db = fresh_copy(small, folder) if exists else folder / "kb.db"
    folder.mkdir(exist_ok=True)
    before = sorted(p.name for p in folder.iterdir())
    contents = canonical(db) if exists else None
    folder.chmod(0o555)
    try:
        message = one_line_error(restricted_ingest(db, small["more"], drop=True))
        assert any(word in message for word in ("read-only", "cannot open", "cannot be opened")), message
    finally:
        folder.chmod(0o755)
    assert sorted(p.name for p in folder.iterdir()) == before
    if exists:
        assert canonical(db) == contents and not integrity_problems(db)


@pytest.mark.parametrize("room", [0, 300 * 1024], ids=["no room", "room for a little"])
def test_a_full_disk_stops_with_one_line_keeps_whole_batches_and_a_rerun_completes(small, tmp_path, room):
    """Every file the child writes is capped (RLIMIT_FSIZE): the write-ahead log cannot grow past it."""
    db = fresh_copy(small, tmp_path / "full")
    stored_before = count(db, "articles")
    before = canonical(db)
    limit = room or 64 * 1024 
    message = one_line_error(restricted_ingest(db, small["more"], file_limit=limit, batch=1))
    assert any(word in message for word in ("disk is full", "disk I/O error", "database or disk")), message
    assert not integrity_problems(db)
    stored = count(db, "articles")
    assert stored_before <= stored < stored_before + 2          # whole batches (of one article) or nothing
    if not room:
        assert canonical(db) == before, "nothing changed"
    rerun = subprocess.run(ingest_command(db, small["more"], batch=1), capture_output=True, text=True,
                           env=environment(), timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-1000:]
    assert canonical(db) == canonical(small["clean"])


@needs_file_modes
@pytest.mark.xfail(strict=True, reason="kb/store.py Store.ingest's fail-fast empty transaction succeeds on a "
                                       "read-only file, so every article of the first batch is read and analysed "
                                       "before the first write fails")
def test_a_read_only_database_is_refused_before_any_article_is_read(small, tmp_path):
    db = fresh_copy(small, tmp_path / "ro-early")
    db.chmod(0o444)
    script = ("import sys\nfrom communique.kb import Store, StoreError\n"
              "def items():\n    print('READING', flush=True)\n    yield from ()\n"
              "try:\n    Store(sys.argv[1]).ingest(items())\nexcept StoreError as error:\n    sys.exit(str(error))\n")
    try:
        result = subprocess.run([sys.executable, "-c", LAUNCHER, "0", "drop", sys.executable, "-c", script, str(db)],
                                capture_output=True, text=True, timeout=120, env=environment())
    finally:
        db.chmod(0o644)
    assert "READING" not in result.stdout and "read-only" in result.stderr, (result.stdout, result.stderr)
