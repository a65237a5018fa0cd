"""The store's schema, as an ordered list of migrations.

``PRAGMA user_version`` holds how many migrations a database has had; opening
a database applies the missing ones, each in its own transaction. Append new
migrations at the end; never edit one that has shipped.

Tables fall in three layers:

* what was read, insert-only: ``articles`` (+ ``articles_fts``), ``person_mentions``,
  ``reports`` (one per event found in one article) with ``report_participants``,
  ``evidence`` (+ ``evidence_fts``) and the merge's blocking tables ``report_blocks``
  and ``report_undated_people``;
* who: ``actors`` (one per real person), ``actor_aliases``, ``article_actors`` and
  ``actor_titles`` (titles as one article gives them; ``actor_title_history``
  turns them into first and last dates seen);
* what is derived from reports and recomputed when reports change: ``events``
  (one per real happening) with ``event_countries``, ``event_dyads``,
  ``event_actors`` (each link row also carries the event's type; the people are also kept
  on each event row as ``actor_ids``, for the dashboard's network index); ``agreements`` with ``agreement_reports``; ``kb_meta`` keeps the
  longest event span seen, which bounds date-range scans.
"""
from __future__ import annotations

import sqlite3
from typing import Callable

FTS_TOKENIZER = "unicode61 remove_diacritics 2"


def _v1_initial(conn: sqlite3.Connection) -> None:
    run_script(conn, f"""
    CREATE TABLE kb_meta (
        key   TEXT PRIMARY KEY,
        value
    );

    CREATE TABLE articles (
        num       INTEGER PRIMARY KEY,       -- a rowid VACUUM keeps: the full-text index points at it
        id        TEXT NOT NULL UNIQUE,      -- content hash: the same text is the same article
        name      TEXT NOT NULL,
        source    TEXT NOT NULL,
        published TEXT NOT NULL,             -- ISO date
        title     TEXT,
        url       TEXT,
        text      TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='num', tokenize='{FTS_TOKENIZER}');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.num, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.num, old.title, old.text);
    END;

    CREATE TABLE actors (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL,              -- the fullest written form seen
        name_key TEXT NOT NULL,              -- names.name_key
        country  TEXT NOT NULL DEFAULT '',
        table_id TEXT UNIQUE                 -- id in the curated actor table, when known
    );
    CREATE INDEX actors_name_key ON actors(name_key, country);
    CREATE INDEX actors_country ON actors(country);

    CREATE TABLE actor_aliases (
        actor_id INTEGER NOT NULL REFERENCES actors(id),
        name     TEXT NOT NULL,
        PRIMARY KEY (actor_id, name)
    ) WITHOUT ROWID;

    CREATE TABLE article_actors (
        article_id TEXT NOT NULL REFERENCES articles(id),
        actor_id   INTEGER NOT NULL REFERENCES actors(id),
        name       TEXT NOT NULL,            -- as this article writes it
        published  TEXT NOT NULL,            -- the article's: first and last seen come off the index
        PRIMARY KEY (article_id, actor_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_actors_actor ON article_actors(actor_id, published);

    CREATE TABLE actor_titles (
        actor_id   INTEGER NOT NULL REFERENCES actors(id),
        title      TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id),
        PRIMARY KEY (actor_id, title, article_id)
    ) WITHOUT ROWID;

    CREATE VIEW actor_title_history AS
        SELECT t.actor_id, t.title, MIN(a.published) AS first_seen,
               MAX(a.published) AS last_seen, COUNT(*) AS articles
        FROM actor_titles t JOIN articles a ON a.id = t.article_id
        GROUP BY t.actor_id, t.title;

    CREATE TABLE person_mentions (
        article_id TEXT NOT NULL REFERENCES articles(id),
        idx        INTEGER NOT NULL,
        start_char INTEGER NOT NULL,
        end_char   INTEGER NOT NULL,
        text       TEXT NOT NULL,
        name       TEXT NOT NULL,
        country    TEXT,
        ranks      TEXT NOT NULL,            -- JSON lists
        offices    TEXT NOT NULL,
        honorifics TEXT NOT NULL,
        actor_id   INTEGER REFERENCES actors(id),
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX person_mentions_actor ON person_mentions(actor_id);

    CREATE TABLE events (
        id               INTEGER PRIMARY KEY,   -- the smallest id among its reports
        type             TEXT NOT NULL,
        status           TEXT NOT NULL,
        date_start       TEXT,
        date_end         TEXT,
        day_lo           TEXT,                  -- first and last day the dates cover
        day_hi           TEXT,
        location_name    TEXT,
        location_country TEXT,
        countries        TEXT NOT NULL,         -- 'KHM,VNM'
        participants     TEXT NOT NULL,         -- JSON list: name, country, role, kind, actor_id
        agreement        TEXT,                  -- JSON AgreementInfo, reconciled
        conflicts        TEXT,                  -- JSON list, NULL when the reports agree
        n_reports        INTEGER NOT NULL,
        n_articles       INTEGER NOT NULL,
        first_published  TEXT NOT NULL,
        last_published   TEXT NOT NULL
    );
    CREATE INDEX events_day ON events(day_lo);
    CREATE INDEX events_type_day ON events(type, day_lo);
    CREATE INDEX events_status_day ON events(status, day_lo);

    CREATE TABLE reports (
        id               INTEGER PRIMARY KEY,
        article_id       TEXT NOT NULL REFERENCES articles(id),
        idx              INTEGER NOT NULL,      -- position in Document.events
        type             TEXT NOT NULL,
        status           TEXT NOT NULL,
        date_start       TEXT,
        date_end         TEXT,
        day_lo           TEXT,
        day_hi           TEXT,
        location_name    TEXT,
        location_country TEXT,
        agreement        TEXT,                  -- JSON AgreementInfo
        agreement_key    TEXT,                  -- agreements.agreement_key, for the registry
        record           TEXT NOT NULL,         -- Event.to_record() as read
        detached         INTEGER NOT NULL DEFAULT 0,  -- split off by hand: never merged
        event_id         INTEGER REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED,
        merge_reason     TEXT,
        UNIQUE (article_id, idx)
    );
    CREATE INDEX reports_event ON reports(event_id);
    CREATE INDEX reports_agreement_key ON reports(agreement_key) WHERE agreement_key IS NOT NULL;

    -- Blocking for the merge: a dated report is looked for by type, country and year
    -- (one row per year its dates touch); an undated one by type and the people it names.
    CREATE TABLE report_blocks (
        type      TEXT NOT NULL,
        country   TEXT NOT NULL,
        year      INTEGER NOT NULL,
        day_lo    TEXT NOT NULL,
        report_id INTEGER NOT NULL REFERENCES reports(id),
        day_hi    TEXT NOT NULL,           -- after the key columns: SQLite 3.40's integrity_check
        PRIMARY KEY (type, country, year, day_lo, report_id)   -- misreads a NOT NULL among them
    ) WITHOUT ROWID;
    CREATE TABLE report_undated_people (
        type      TEXT NOT NULL,
        actor_id  INTEGER NOT NULL REFERENCES actors(id),
        report_id INTEGER NOT NULL REFERENCES reports(id),
        PRIMARY KEY (type, actor_id, report_id)
    ) WITHOUT ROWID;

    CREATE TABLE report_participants (
        report_id INTEGER NOT NULL REFERENCES reports(id),
        idx       INTEGER NOT NULL,
        name      TEXT NOT NULL,
        country   TEXT,
        role      TEXT,
        kind      TEXT NOT NULL,
        actor_id  INTEGER REFERENCES actors(id),   -- people only
        PRIMARY KEY (report_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX report_participants_actor ON report_participants(actor_id) WHERE actor_id IS NOT NULL;

    CREATE TABLE evidence (
        id         INTEGER PRIMARY KEY,
        report_id  INTEGER NOT NULL REFERENCES reports(id),
        article_id TEXT NOT NULL REFERENCES articles(id),
        start_char INTEGER NOT NULL,
        end_char   INTEGER NOT NULL,
        text       TEXT NOT NULL
    );
    CREATE INDEX evidence_report ON evidence(report_id);
    CREATE VIRTUAL TABLE evidence_fts USING fts5(
        text, content='evidence', content_rowid='id', tokenize='{FTS_TOKENIZER}');
    CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN
        INSERT INTO evidence_fts(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN
        INSERT INTO evidence_fts(evidence_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;

    -- Derived from events; day_lo rides along so filtered lists come out in date order
    -- ('' for an undated event: key columns cannot be NULL).
    CREATE TABLE event_countries (
        country  TEXT NOT NULL,
        day_lo   TEXT,
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (country, day_lo, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_countries_event ON event_countries(event_id);

    CREATE TABLE event_dyads (
        a        TEXT NOT NULL,              -- a < b
        b        TEXT NOT NULL,
        day_lo   TEXT,
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (a, b, day_lo, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_dyads_event ON event_dyads(event_id);

    CREATE TABLE event_actors (
        actor_id INTEGER NOT NULL REFERENCES actors(id),
        day_lo   TEXT,
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        role     TEXT,
        PRIMARY KEY (actor_id, day_lo, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_actors_event ON event_actors(event_id);

    CREATE TABLE agreements (
        id             INTEGER PRIMARY KEY,  -- the smallest id among its reports
        key            TEXT NOT NULL,        -- kind | name words | parties
        kind           TEXT NOT NULL,
        name           TEXT NOT NULL,
        parties        TEXT NOT NULL,        -- 'KHM,VNM'
        period_start   TEXT,
        period_end     TEXT,
        signed         TEXT,
        predecessor_id INTEGER REFERENCES agreements(id) DEFERRABLE INITIALLY DEFERRED,
        conflicts      TEXT                  -- JSON list, NULL when the reports agree
    );
    CREATE INDEX agreements_key ON agreements(key);
    CREATE INDEX agreements_predecessor ON agreements(predecessor_id);

    CREATE TABLE agreement_reports (
        agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
        report_id    INTEGER NOT NULL REFERENCES reports(id),
        PRIMARY KEY (agreement_id, report_id)
    ) WITHOUT ROWID;
    CREATE INDEX agreement_reports_report ON agreement_reports(report_id);
    """)


def _tally_triggers(table: str, tally: str, key_columns: str, key_values: str) -> str:
    """Triggers keeping ``tally`` (key columns + n) equal to the rows of ``table`` per key."""
    new_values = key_values.replace("ROW.", "NEW.")
    old_values = key_values.replace("ROW.", "OLD.")
    return f"""
    CREATE TRIGGER {table}_tally_insert AFTER INSERT ON {table} BEGIN
        INSERT INTO {tally} ({key_columns}, n) VALUES ({new_values}, 1)
        ON CONFLICT ({key_columns}) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER {table}_tally_delete AFTER DELETE ON {table} BEGIN
        UPDATE {tally} SET n = n - 1 WHERE ({key_columns}) = ({old_values});
    END;
    """


def _v2_dashboard_summaries(conn: sqlite3.Connection) -> None:
    """What the dashboard asks on every page, kept ready instead of counted over millions of rows.

    * each event's people as ids on its row, and an index holding what the network needs
      (day, type, countries, people): the newest 20,000 events come off the index alone;
      an index for the most-reported-first order;
    * tallies kept by triggers, so they stay right whatever writes (ingest, split, remerge):
      events by type and month (month '' when undated), dyad-years (year '' when undated),
      events per country and per person, and the row counts of the main tables.
    """
    run_script(conn, """
    ALTER TABLE events ADD COLUMN actor_ids TEXT NOT NULL DEFAULT '';   -- '12,45': event_actors, on the row
    UPDATE events SET actor_ids = COALESCE(
        (SELECT group_concat(actor_id, ',') FROM event_actors x WHERE x.event_id = events.id), '');
    CREATE INDEX events_network ON events(day_lo, id, type, countries, actor_ids);
    CREATE INDEX events_reports ON events(n_reports DESC, id);        -- order=reports without a sort

    CREATE TABLE tally_type_month (
        type  TEXT NOT NULL,
        month TEXT NOT NULL,                 -- '2023-10'; '' for undated events
        n     INTEGER NOT NULL,
        PRIMARY KEY (type, month)
    ) WITHOUT ROWID;
    CREATE TABLE tally_dyad_year (
        a    TEXT NOT NULL,
        b    TEXT NOT NULL,
        year TEXT NOT NULL,                  -- '2023'; '' for undated events
        n    INTEGER NOT NULL,
        PRIMARY KEY (a, b, year)
    ) WITHOUT ROWID;
    CREATE TABLE tally_country (
        country TEXT NOT NULL PRIMARY KEY,
        n       INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE tally_actor (
        actor_id INTEGER NOT NULL PRIMARY KEY,   -- events the person took part in
        n        INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE tally_rows (
        name TEXT NOT NULL PRIMARY KEY,      -- a table's name, or events_with_conflicts
        n    INTEGER NOT NULL
    ) WITHOUT ROWID;

    INSERT INTO tally_type_month (type, month, n)
        SELECT type, COALESCE(substr(day_lo, 1, 7), ''), COUNT(*) FROM events GROUP BY 1, 2;
    INSERT INTO tally_dyad_year (a, b, year, n)
        SELECT a, b, substr(day_lo, 1, 4), COUNT(*) FROM event_dyads GROUP BY 1, 2, 3;
    INSERT INTO tally_country (country, n) SELECT country, COUNT(*) FROM event_countries GROUP BY 1;
    INSERT INTO tally_actor (actor_id, n) SELECT actor_id, COUNT(*) FROM event_actors GROUP BY 1;
    INSERT INTO tally_rows (name, n) VALUES
        ('articles', (SELECT COUNT(*) FROM articles)), ('reports', (SELECT COUNT(*) FROM reports)),
        ('events', (SELECT COUNT(*) FROM events)), ('actors', (SELECT COUNT(*) FROM actors)),
        ('agreements', (SELECT COUNT(*) FROM agreements)),
        ('events_with_conflicts', (SELECT COUNT(*) FROM events WHERE conflicts IS NOT NULL));
    """
    + _tally_triggers("events", "tally_type_month", "type, month", "ROW.type, COALESCE(substr(ROW.day_lo, 1, 7), '')")
    + _tally_triggers("event_dyads", "tally_dyad_year", "a, b, year", "ROW.a, ROW.b, substr(ROW.day_lo, 1, 4)")
    + _tally_triggers("event_countries", "tally_country", "country", "ROW.country")
    + _tally_triggers("event_actors", "tally_actor", "actor_id", "ROW.actor_id")
    + "".join(f"""
    CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} BEGIN
        UPDATE tally_rows SET n = n + 1 WHERE name = '{table}';
    END;
    CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} BEGIN
        UPDATE tally_rows SET n = n - 1 WHERE name = '{table}';
    END;
    """ for table in ("articles", "reports", "events", "actors", "agreements"))
    + """
    CREATE TRIGGER events_conflicts_insert AFTER INSERT ON events WHEN NEW.conflicts IS NOT NULL BEGIN
        UPDATE tally_rows SET n = n + 1 WHERE name = 'events_with_conflicts';
    END;
    CREATE TRIGGER events_conflicts_delete AFTER DELETE ON events WHEN OLD.conflicts IS NOT NULL BEGIN
        UPDATE tally_rows SET n = n - 1 WHERE name = 'events_with_conflicts';
    END;
    -- Events are only ever inserted and deleted today; an update must not skew the tallies either.
    CREATE TRIGGER events_tally_update AFTER UPDATE OF type, day_lo, conflicts ON events BEGIN
        UPDATE tally_type_month SET n = n - 1
            WHERE (type, month) = (OLD.type, COALESCE(substr(OLD.day_lo, 1, 7), ''));
        INSERT INTO tally_type_month (type, month, n) VALUES (NEW.type, COALESCE(substr(NEW.day_lo, 1, 7), ''), 1)
            ON CONFLICT (type, month) DO UPDATE SET n = n + 1;
        UPDATE tally_rows SET n = n - (OLD.conflicts IS NOT NULL) + (NEW.conflicts IS NOT NULL)
            WHERE name = 'events_with_conflicts';
    END;
    """)


def _v3_event_type_on_links(conn: sqlite3.Connection) -> None:
    """Each event's type on its country, dyad and person rows, with indexes, so that a list
    filtered by a country, a dyad or a person and a type is read (and counted) from one index
    instead of looking up every event of the country, dyad or person."""
    run_script(conn, """
    ALTER TABLE event_countries ADD COLUMN type TEXT NOT NULL DEFAULT '';
    ALTER TABLE event_dyads ADD COLUMN type TEXT NOT NULL DEFAULT '';
    ALTER TABLE event_actors ADD COLUMN type TEXT NOT NULL DEFAULT '';
    UPDATE event_countries SET type = (SELECT e.type FROM events e WHERE e.id = event_id);
    UPDATE event_dyads SET type = (SELECT e.type FROM events e WHERE e.id = event_id);
    UPDATE event_actors SET type = (SELECT e.type FROM events e WHERE e.id = event_id);
    CREATE INDEX event_countries_type ON event_countries(country, type, day_lo);
    CREATE INDEX event_dyads_type ON event_dyads(a, b, type, day_lo);
    CREATE INDEX event_actors_type ON event_actors(actor_id, type, day_lo);
    """)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial,
    _v2_dashboard_summaries,
    _v3_event_type_on_links,
]


class SchemaError(RuntimeError):
    pass


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one, inside the caller's transaction.

    (``executescript`` would commit first, and a half-applied migration must not stay.)
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise SchemaError(f"incomplete SQL statement: {pending.strip()[:60]}")


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations this database lacks; return its schema version."""
    current = version(conn)
    if current > len(MIGRATIONS):
        raise SchemaError(
            f"the database has schema version {current}, newer than this communique knows "
            f"({len(MIGRATIONS)}): upgrade communique")
    for number, step in enumerate(MIGRATIONS[current:], start=current + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if version(conn) >= number:  # another process migrated while we waited
                conn.execute("ROLLBACK")
                continue
            step(conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return version(conn)
