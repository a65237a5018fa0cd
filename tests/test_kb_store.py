"""The store keeps what it is given, once, whole, and never half-written."""
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from communique.kb import Store, StoreError
from communique.kb.samples import sample_document, sample_event, synthetic_documents
from communique.kb.schema import MIGRATIONS
from communique.model import Skipped

SRC = Path(__file__).resolve().parents[1] / "src"


def corpus():
    """Six articles: a meeting told twice, a visit, an exercise, an agreement, an undated ceremony."""
    cuong, pisen = ("Nguyen Tan Cuong", "VNM", "host"), ("Vong Pisen", "KHM", "guest")
    return [
        sample_document("001.txt", "2023-10-17", [
            sample_event("MEETING", ["VNM", "KHM"], "2023-10-17", people=[cuong, pisen], location="Hanoi")]),
        sample_document("002.txt", "2023-10-18", [
            sample_event("MEETING", ["KHM", "VNM"], "2023-10-17", people=[("Nguyễn Tân Cương", "VNM"), pisen])]),
        sample_document("003.txt", "2023-11-20", [
            sample_event("VISIT", ["VNM", "LAO"], "2023-11-20", "2023-11-22",
                         people=[("Phan Van Giang", "VNM", "guest")])]),
        sample_document("004.txt", "2023-12-01", [
            sample_event("EXERCISE", ["VNM", "KHM", "LAO"], "2023-11", people=[])]),
        sample_document("005.txt", "2024-01-05", [
            sample_event("CEREMONY", ["VNM"], None, people=[("Tran Hoai Trung", "VNM")])]),
        sample_document("006.txt", "2024-02-01", [
            sample_event("MEETING", ["VNM", "LAO"], "2024-01-30", people=[("Phan Van Giang", "VNM")])]),
    ]


def dump(path) -> dict:
    """Every table's rows, sorted: two equal dumps are two equal databases."""
    conn = sqlite3.connect(path)
    tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    contents = {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    conn.close()
    return contents


def count(path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_ingest_counts_new_articles_and_skipped_inputs(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        summary = store.ingest([*corpus(), Skipped("notes.txt", "no date line")])
    assert (summary.read, summary.new, summary.unchanged) == (7, 6, 0)
    assert summary.skipped == [("notes.txt", "no date line")]


def test_ingesting_the_same_documents_twice_leaves_identical_contents(tmp_path):
    db = tmp_path / "kb.db"
    with Store(db) as store:
        store.ingest(corpus())
    before = dump(db)
    with Store(db) as store:
        again = store.ingest(corpus())
    assert (again.new, again.unchanged) == (0, 6)
    assert dump(db) == before


def test_new_articles_are_added_next_to_the_stored_ones(tmp_path):
    db = tmp_path / "kb.db"
    documents = corpus()
    with Store(db) as store:
        store.ingest(documents[:4])
        summary = store.ingest(documents)
    assert (summary.new, summary.unchanged) == (2, 4)
    assert count(db, "articles") == 6


def test_an_error_in_the_middle_of_the_input_keeps_only_the_finished_batches(tmp_path):
    db = tmp_path / "kb.db"
    documents = corpus()

    def crashing_reader():
        yield from documents[:3]
        raise RuntimeError("the reader broke")

    with Store(db) as store:
        with pytest.raises(RuntimeError):
            store.ingest(crashing_reader(), batch_size=2)
    assert count(db, "articles") == 2          # the first batch; the third article's batch never began
    assert count(db, "reports") == 2

    with Store(db) as store:
        resumed = store.ingest(documents, batch_size=2)
    assert (resumed.new, resumed.unchanged) == (4, 2)
    with Store(tmp_path / "clean.db") as store:
        store.ingest(corpus(), batch_size=2)
    assert dump(db) == dump(tmp_path / "clean.db")


KILLER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {src!r})
    from communique.kb import Store
    from communique.kb.samples import synthetic_documents

    store = Store({db!r})
    commits = reports_seen = 0

    def kill_in_second_batch(statement):
        # (SQLite may trace a statement more than once per row when triggers run: count after commits)
        global commits, reports_seen
        if statement.lstrip().startswith("COMMIT"):
            commits += 1                   # the first commit checks the database is writable
        elif commits == 2 and statement.lstrip().startswith("INSERT INTO reports"):
            reports_seen += 1
            if reports_seen == {kill_at}:   # well inside the second batch's transaction
                os.kill(os.getpid(), signal.SIGKILL)

    store.conn.set_trace_callback(kill_in_second_batch)
    store.ingest(synthetic_documents({events}), batch_size={batch})
""")


def test_a_process_killed_mid_batch_leaves_nothing_half_written_and_a_rerun_completes(tmp_path):
    db = tmp_path / "kb.db"
    events, batch = 300, 20
    first_batch = list(synthetic_documents(events))[:batch]
    reports_in_first = sum(len(d.events) for d in first_batch)
    script = KILLER.format(src=str(SRC), db=str(db), events=events, batch=batch, kill_at=10)
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert process.returncode == -9, process.stderr.decode()

    assert count(db, "articles") == batch      # the killed batch left no trace
    assert count(db, "reports") == reports_in_first
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT COUNT(*) FROM reports WHERE event_id IS NULL").fetchone() == (0,)
    conn.close()

    with Store(db) as store:
        store.ingest(synthetic_documents(events), batch_size=batch)
    with Store(tmp_path / "clean.db") as store:
        store.ingest(synthetic_documents(events), batch_size=batch)
    assert dump(db) == dump(tmp_path / "clean.db")


def test_bad_documents_are_skipped_with_a_reason_and_the_rest_is_stored(tmp_path):
    good = corpus()[:2]
    unknown_type = sample_document("bad1.txt", "2023-10-01", [sample_event("PARTY", ["VNM"], "2023-10-01")])
    bad_date = sample_document("bad2.txt", "2023-10-01", [sample_event("MEETING", ["VNM"], "2023-13-01")])
    bad_span = sample_document("bad3.txt", "2023-10-01", [sample_event("MEETING", ["VNM"], "2023-10-01")])
    bad_span.events[0].evidence[0].end = 10_000
    with Store(tmp_path / "kb.db") as store:
        summary = store.ingest([good[0], unknown_type, bad_date, bad_span, good[1]])
    assert summary.new == 2
    reasons = dict(summary.skipped)
    assert "unknown type" in reasons["samples/bad1.txt"]
    assert "2023-13-01" in reasons["samples/bad2.txt"]
    assert "evidence offsets" in reasons["samples/bad3.txt"]
    assert count(tmp_path / "kb.db", "articles") == 2


def test_a_read_only_database_refuses_to_ingest_with_a_one_line_error(tmp_path):
    db = tmp_path / "kb.db"
    with Store(db) as store:
        store.ingest(corpus()[:1])
    with Store(db, readonly=True) as store:
        with pytest.raises(StoreError) as raised:
            store.ingest(corpus())
    message = str(raised.value)
    assert "read-only" in message and "\n" not in message
    assert count(db, "articles") == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_file_refuses_to_ingest_with_a_one_line_error(tmp_path):
    db = tmp_path / "kb.db"
    with Store(db) as store:
        store.ingest(corpus()[:1])
    db.chmod(0o444)
    with pytest.raises(StoreError, match="read-only"):
        with Store(db) as store:
            store.ingest(corpus())


def test_a_full_disk_rolls_back_the_batch_and_says_so(tmp_path):
    db = tmp_path / "kb.db"
    with Store(db) as store:
        store.ingest(corpus()[:2])
        before = dump(db)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 1}")   # the disk is now full
        with pytest.raises(StoreError) as raised:
            store.ingest(synthetic_documents(200), batch_size=100)
    assert "disk is full" in str(raised.value) and "\n" not in str(raised.value)
    assert dump(db) == before
    with Store(db) as store:                    # space again: the same ingest completes
        assert store.ingest(synthetic_documents(200), batch_size=100).new > 0


def test_a_locked_database_makes_a_second_ingest_stop_with_a_clear_message(tmp_path):
    db = tmp_path / "kb.db"
    Store(db).close()
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")           # another ingest holds the write lock
    try:
        with Store(db, timeout=0.2) as store:
            with pytest.raises(StoreError, match="in use by another process"):
                store.ingest(corpus())
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert count(db, "articles") == 0


def test_the_schema_is_versioned_in_wal_mode_with_foreign_keys_on(tmp_path):
    db = tmp_path / "kb.db"
    with Store(db) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO reports (article_id, idx, type, status, record) "
                         "VALUES ('no-such-article', 0, 'VISIT', 'occurred', '{}')")


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    db = tmp_path / "kb.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db)


def test_a_file_that_is_not_a_database_is_named_as_such(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a communique database"):
        Store(bogus)
    assert bogus.read_text().startswith("these are my notes")


def test_full_text_search_covers_article_text_and_evidence(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        store.ingest(corpus())
        conn = store.conn
        in_articles = conn.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'Pisen'").fetchone()
        in_evidence = conn.execute("SELECT COUNT(*) FROM evidence_fts WHERE evidence_fts MATCH 'Cuong'").fetchone()
    assert in_articles == (2,)
    assert in_evidence == (2,)   # "Nguyễn Tân Cương" is found without its diacritics


def test_full_text_search_survives_a_vacuum(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        store.ingest(corpus())
        store.conn.execute("VACUUM")
        found = store.conn.execute(
            """SELECT a.name FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid
               WHERE articles_fts MATCH 'Pisen' ORDER BY a.name""").fetchall()
    assert found == [("001.txt",), ("002.txt",)]


def test_a_document_of_the_wrong_shape_is_skipped_not_fatal(tmp_path):
    odd = sample_document("odd.txt", "2023-10-01", [sample_event("MEETING", ["VNM"], "2023-10-01")])
    odd.events[0].date_start = ["2023", "10"]          # a list where a date string belongs
    odd.events[0].date_end = None
    with Store(tmp_path / "kb.db") as store:
        summary = store.ingest([odd, corpus()[0]])
    assert summary.new == 1
    assert "malformed document" in summary.skipped[0][1]


def test_migrations_apply_in_order_and_a_failing_one_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    from communique.kb import schema
    db = tmp_path / "kb.db"
    Store(db).close()

    def add_notes(conn):
        conn.execute("CREATE TABLE notes (text TEXT)")

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    conn = sqlite3.connect(db, isolation_level=None)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_notes, broken])
    with pytest.raises(RuntimeError):
        schema.migrate(conn)
    tables = {t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert schema.version(conn) == len(MIGRATIONS) + 1
    assert "notes" in tables and "half_done" not in tables
    conn.close()


def test_a_first_version_database_is_upgraded_with_each_events_people_on_its_row(tmp_path, monkeypatch):
    from communique.kb import merged, schema
    db = tmp_path / "v1.db"
    # Written as the first version wrote it: no actor_ids column yet.
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])

    def write_v1(conn, events):
        rows = [(e.id, e.type, e.status, e.date_start, e.date_end, e.day_lo, e.day_hi, ",".join(e.countries),
                 "[]", len(e.report_ids), e.n_articles, e.first_published, e.last_published) for e in events]
        conn.executemany("""INSERT INTO events (id, type, status, date_start, date_end, day_lo, day_hi, countries,
                            participants, n_reports, n_articles, first_published, last_published)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
        conn.executemany("INSERT INTO event_actors (actor_id, day_lo, event_id, role) VALUES (?, ?, ?, ?)",
                         [(a, e.day_lo or "", e.id, r) for e in events for a, r in e.actors])
        conn.executemany("UPDATE reports SET event_id = ? WHERE id = ?",
                         [(e.id, rid) for e in events for rid in e.report_ids])

    monkeypatch.setattr(merged, "write_events", write_v1)
    with Store(db) as store:
        store.ingest(synthetic_documents(300))
    monkeypatch.undo()
    with Store(db) as store:                     # opening for writing applies the second migration
        assert schema.version(store.conn) == len(MIGRATIONS) == 3
        on_rows = {eid: set(ids.split(",")) - {""} for eid, ids in store.conn.execute(
            "SELECT id, actor_ids FROM events")}
        links: dict = {eid: set() for eid in on_rows}
        for eid, actor in store.conn.execute("SELECT event_id, actor_id FROM event_actors"):
            links[eid].add(str(actor))
        assert on_rows == links and sum(map(len, on_rows.values())) > 100
        indexes = {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "events_network" in indexes
