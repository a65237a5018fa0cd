"""The store: one SQLite file holding what was read and what it adds up to.

``Store.ingest`` takes the pipeline's Documents (and the readers' Skipped
items, to count them) and writes them batch by batch, each batch in one
transaction: an interrupted ingest leaves the database as it was before the
unfinished batch, and running it again completes it. An article is known by
its id (a hash of its content), so reading the same files again changes nothing.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Union

from ..model import Document, Event, Skipped
from . import agreements, merged
from .actors import ActorResolver, match_participant
from .agreements import agreement_key
from .dates import bounds, day_interval
from .merge import Report
from .schema import SchemaError, migrate, version, MIGRATIONS

EVENT_TYPES = frozenset({"VISIT", "MEETING", "CONFERENCE", "AGREEMENT", "EXERCISE", "PATROL",
                         "EXCHANGE", "AID", "AWARD", "CEREMONY", "PORT_CALL", "APPOINTMENT"})
STATUSES = frozenset({"occurred", "planned", "cancelled"})


class StoreError(Exception):
    """A problem with the database file itself, told in one line."""


class BadDocument(ValueError):
    """A document that cannot be stored as it is; it is skipped, the rest goes on."""


@dataclass
class IngestSummary:
    read: int = 0
    new: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return f"read {self.read}, new {self.new}, unchanged {self.unchanged}, skipped {len(self.skipped)}"


def explain(error: sqlite3.Error, path: Union[str, Path]) -> StoreError:
    """Turn SQLite's message into one line that says what to do."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} is in use by another process (another ingest?); "
                          "nothing more was written: try again when it has finished")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path} is read-only: cannot write to it")
    if "full" in text:
        return StoreError(f"{path}: the disk is full; the unfinished batch was rolled back, "
                          "what was stored before is intact")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"{path} is not a communique database (or it is damaged)")
    if "unable to open" in text:
        return StoreError(f"cannot open {path}: the file or its folder cannot be opened")
    return StoreError(f"{path}: {error}")


def iso_day(value: object) -> str:
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, str):
        return date.fromisoformat(value[:10]).isoformat()
    raise BadDocument(f"publication date {value!r} is not a date")


class Store:
    """A communique database. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Union[str, Path], *, timeout: float = 5.0, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        try:
            self.conn = self._connect(timeout)
        except sqlite3.Error as error:
            raise explain(error, self.path) from None

    def _connect(self, timeout: float) -> sqlite3.Connection:
        if self.readonly:
            if not self.path.exists():
                raise StoreError(f"no database at {self.path}: run 'communique ingest' first")
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=timeout, isolation_level=None)
            conn.execute("PRAGMA cache_size = -65536")
            found = version(conn)
            if found != len(MIGRATIONS):
                conn.close()
                raise StoreError(f"{self.path} has schema version {found}, this communique reads "
                                 f"{len(MIGRATIONS)}: open it for writing (run ingest) to upgrade it")
            return conn
        # isolation_level=None: we open and close every transaction ourselves.
        conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")   # with WAL: safe against a crashed process
        conn.execute("PRAGMA cache_size = -65536")    # 64 MiB: random-key indexes stay in memory
        try:
            migrate(conn)
        except SchemaError as error:
            conn.close()
            raise StoreError(f"{self.path}: {error}") from None
        return conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is stored, or none of it."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise explain(error, self.path) from None

    # --- ingest -------------------------------------------------------------------------

    def ingest(self, items: Iterable[Union[Document, Skipped]], batch_size: int = 50,
               progress: bool = False) -> IngestSummary:
        """Store documents batch by batch; count the skipped items with their reasons."""
        summary = IngestSummary()
        with self.transaction():
            pass  # fail fast on a locked or read-only database, before reading anything
        batch: list[Document] = []
        with _progress_bar(progress) as advance:
            for item in items:
                summary.read += 1
                if isinstance(item, Skipped):
                    summary.skipped.append((item.source, item.reason))
                elif isinstance(item, Document):
                    batch.append(item)
                else:
                    summary.skipped.append((repr(item)[:80], "not a Document"))
                if len(batch) >= batch_size:
                    self._ingest_batch(batch, summary)
                    batch = []
                advance(summary)
            if batch:
                self._ingest_batch(batch, summary)
        return summary

    def _ingest_batch(self, batch: list[Document], summary: IngestSummary) -> None:
        new, unchanged, skipped = 0, 0, []
        with self.transaction() as conn:
            resolver = ActorResolver(conn)
            stored = _known_articles(conn, [d.article.id for d in batch if isinstance(d.article.id, str)])
            arriving: dict[int, Report] = {}
            keys: set[str] = set()
            for doc in batch:
                if doc.article.id in stored:
                    unchanged += 1
                    continue
                try:
                    check(doc)
                    conn.execute("SAVEPOINT document")
                    try:
                        reports, doc_keys = _write_document(conn, resolver, doc)
                        conn.execute("RELEASE document")
                    except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError,
                            sqlite3.DataError, ValueError, TypeError, AttributeError, KeyError,
                            IndexError) as error:  # this document's data, not the database
                        conn.execute("ROLLBACK TO document")
                        conn.execute("RELEASE document")
                        resolver = ActorResolver(conn)  # its cache may name rolled-back actors
                        raise BadDocument(f"could not be stored: {error}") from None
                except BadDocument as problem:
                    skipped.append((doc.article.source, str(problem)))
                    continue
                stored.add(doc.article.id)
                arriving.update((r.id, r) for r in reports)
                keys |= doc_keys
                new += 1
            merged.merge_reports(conn, list(arriving), known=arriving)
            keys |= agreements.adopt_unnamed(conn, keys)
            agreements.recompute(conn, keys)
        # Counted only once the batch is safely stored.
        summary.new += new
        summary.unchanged += unchanged
        summary.skipped += skipped

    # --- editing the merge --------------------------------------------------------------

    def split(self, report_id: int) -> int:
        """Take a report out of its merged event (for good); return its own new event id."""
        with self.transaction() as conn:
            return merged.split(conn, report_id)

    def unsplit(self, report_id: int) -> int:
        """Undo ``split``: the report merges again by the rule; return its event id."""
        with self.transaction() as conn:
            return merged.unsplit(conn, report_id)

    def remerge(self) -> int:
        """Recompute all merged events and the agreement registry from the reports."""
        with self.transaction() as conn:
            count = merged.remerge_all(conn)
            keys = [k for (k,) in conn.execute(
                "SELECT DISTINCT agreement_key FROM reports WHERE agreement_key IS NOT NULL")]
            agreements.recompute(conn, keys)
            return count


@contextlib.contextmanager
def _progress_bar(enabled: bool):
    """Yield a callable told the running summary after each item."""
    if not enabled:
        yield lambda summary: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    # On stderr, so that the summary on stdout stays clean for a pipe.
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("ingesting")

        def advance(summary: IngestSummary) -> None:
            bar.update(task, description=f"ingesting: {summary.read} read, {summary.new} new, "
                                         f"{summary.unchanged} unchanged, {len(summary.skipped)} skipped")
        yield advance


def _known_articles(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    known = set()
    for chunk in merged.chunks(sorted(set(ids))):
        known.update(i for (i,) in conn.execute(
            f"SELECT id FROM articles WHERE id IN ({merged.marks(len(chunk))})", chunk))
    return known


# --- checking and writing one document -----------------------------------------------

def check(doc: Document) -> None:
    """Refuse what would store nonsense; the message names the first problem."""
    try:
        _check(doc)
    except BadDocument:
        raise
    except (TypeError, AttributeError, ValueError) as error:   # not even the expected shape
        raise BadDocument(f"malformed document: {type(error).__name__}: {error}") from None


def _check(doc: Document) -> None:
    article = doc.article
    if not isinstance(article.id, str) or not article.id:
        raise BadDocument("the article has no id")
    if not isinstance(article.text, str):
        raise BadDocument("the article has no text")
    try:
        iso_day(article.published)
    except ValueError as error:
        raise BadDocument(f"publication date: {error}") from None
    length = len(article.text)
    for i, event in enumerate(doc.events):
        where = f"event {i} ({getattr(event, 'type', '?')})"
        if not isinstance(event, Event):
            raise BadDocument(f"event {i} is not an Event")
        if event.type not in EVENT_TYPES:
            raise BadDocument(f"{where}: unknown type")
        if event.status not in STATUSES:
            raise BadDocument(f"{where}: unknown status {event.status!r}")
        try:
            day_interval(event.date_start, event.date_end)
            if event.agreement:
                for value in (event.agreement.period_start, event.agreement.period_end, event.agreement.signed):
                    if value:
                        bounds(value)
        except ValueError as error:
            raise BadDocument(f"{where}: {error}") from None
        for span in event.evidence:
            if not (0 <= span.start <= span.end <= length):
                raise BadDocument(f"{where}: evidence offsets {span.start}-{span.end} "
                                  f"fall outside the article ({length} characters)")
        for participant in event.participants:
            if not isinstance(participant.name, str) or not participant.name.strip():
                raise BadDocument(f"{where}: a participant has no name")
        if any(not isinstance(c, str) for c in event.countries if c):
            raise BadDocument(f"{where}: countries must be ISO alpha-3 strings")


def _countries(event: Event) -> list[str]:
    return sorted({c.strip().upper() for c in event.countries if c and c.strip()})


INSERTS = {
    "article_actors": """INSERT OR IGNORE INTO article_actors (article_id, actor_id, name, published)
                         VALUES (?, ?, ?, ?)""",
    "actor_titles": "INSERT OR IGNORE INTO actor_titles (actor_id, title, article_id) VALUES (?, ?, ?)",
    "person_mentions": """INSERT INTO person_mentions (article_id, idx, start_char, end_char, text, name,
                              country, ranks, offices, honorifics, actor_id)
                          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
    "report_participants": """INSERT INTO report_participants (report_id, idx, name, country, role, kind,
                                  actor_id) VALUES (?, ?, ?, ?, ?, ?, ?)""",
    "report_blocks": """INSERT INTO report_blocks (type, country, year, day_lo, day_hi, report_id)
                        VALUES (?, ?, ?, ?, ?, ?)""",
    "report_undated_people": """INSERT OR IGNORE INTO report_undated_people (type, actor_id, report_id)
                                VALUES (?, ?, ?)""",
    "evidence": """INSERT INTO evidence (report_id, article_id, start_char, end_char, text)
                   VALUES (?, ?, ?, ?, ?)""",
}


def _write_document(conn: sqlite3.Connection, resolver: ActorResolver, doc: Document) -> tuple[list[Report], set[str]]:
    """Insert one article with its people and reports; return the reports (for the merge) and agreement keys."""
    article = doc.article
    published = iso_day(article.published)
    conn.execute(
        "INSERT INTO articles (id, name, source, published, title, url, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (article.id, article.name, str(article.source), published, article.title, article.url, article.text))
    rows: dict[str, list[tuple]] = {table: [] for table in INSERTS}   # one executemany per table

    actor_ids = [resolver.resolve(a.name, a.country, a.table_id) for a in doc.actors]
    for actor, actor_id in zip(doc.actors, actor_ids):
        if actor_id is not None:
            rows["article_actors"].append((article.id, actor_id, actor.name, published))
            rows["actor_titles"] += [(actor_id, t.strip(), article.id) for t in actor.titles if t and t.strip()]
    rows["person_mentions"] = [
        (article.id, i, m.start, m.end, m.text, m.name, m.country, json.dumps(m.ranks),
         json.dumps(m.offices), json.dumps(m.honorifics),
         actor_ids[m.actor] if m.actor is not None and 0 <= m.actor < len(actor_ids) else None)
        for i, m in enumerate(doc.persons)]

    known = [(a.name, aid) for a, aid in zip(doc.actors, actor_ids) if aid is not None]
    # Documents only named ("the protocol for the 2020-24 period") join the agreement registry too.
    reports = [_write_report(conn, resolver, rows, article, idx, event, published, known)
               for idx, event in enumerate(list(doc.events) + list(doc.agreement_mentions))]
    for table, sql in INSERTS.items():
        if rows[table]:
            conn.executemany(sql, rows[table])
    return reports, {r.agreement_key for r in reports if r.agreement_key}


def _write_report(conn, resolver, rows, article, idx, event, published, known) -> Report:
    """Insert the report now (its id is needed); queue its other rows in ``rows``."""
    countries = _countries(event)
    record = event.to_record()
    record.update(article=article.name, article_id=article.id, published=published, countries=countries)
    day_lo, day_hi = day_interval(event.date_start, event.date_end)
    info = asdict(event.agreement) if event.agreement else None
    key = agreement_key(info, countries) if info and event.type == "AGREEMENT" else None
    location = event.location or {}
    report_id = conn.execute(
        """INSERT INTO reports (article_id, idx, type, status, date_start, date_end, day_lo, day_hi,
                                location_name, location_country, agreement, agreement_key, record)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (article.id, idx, event.type, event.status, event.date_start, event.date_end, day_lo, day_hi,
         location.get("name"), location.get("country"),
         json.dumps(info, ensure_ascii=False) if info else None, key,
         json.dumps(record, ensure_ascii=False))).lastrowid

    participants = []
    for j, p in enumerate(event.participants):
        actor_id = None
        if p.kind == "person":
            actor_id = match_participant(p.name, known) or resolver.resolve(p.name, p.country)
            if actor_id is not None:
                rows["article_actors"].append((article.id, actor_id, p.name, published))
        rows["report_participants"].append((report_id, j, p.name, p.country, p.role, p.kind, actor_id))
        participants.append({"name": p.name, "country": p.country, "role": p.role, "kind": p.kind,
                             "actor_id": actor_id})
    people = [p["actor_id"] for p in participants if p["actor_id"] is not None]
    if day_lo:
        rows["report_blocks"] += [(event.type, c, year, day_lo, day_hi, report_id)
                                  for c in countries for year in range(int(day_lo[:4]), int(day_hi[:4]) + 1)]
    else:
        rows["report_undated_people"] += [(event.type, actor_id, report_id) for actor_id in people]
    rows["evidence"] += [(report_id, article.id, e.start, e.end, e.text) for e in event.evidence]
    return Report(id=report_id, article_id=article.id, published=published, idx=idx, type=event.type,
                  status=event.status, date_start=event.date_start, date_end=event.date_end,
                  day_lo=day_lo, day_hi=day_hi, countries=frozenset(countries), participants=participants,
                  location=event.location, agreement=info, agreement_key=key)
