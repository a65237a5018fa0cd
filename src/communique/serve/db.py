"""Read-only access to a communique database for the dashboard.

Every request gets its own connection, opened with SQLite's ``mode=ro`` URI and
``PRAGMA query_only``: the dashboard can never write, whatever a request asks.
Its questions run in one read transaction, so they all see the same snapshot of
a database that an ingest is filling meanwhile.
The questions the knowledge base's query API does not answer (article texts,
person mentions, counts by month and type, counterparts, the engagement
network) are small read-only SQL helpers here.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any, Iterator, Optional

from ..kb import query
from ..kb.dates import day_interval
from ..kb.merged import chunks, marks
from ..kb.schema import MIGRATIONS, version


class DatabaseError(Exception):
    """The database cannot be served, told in one line."""


class Database:
    """A database file the dashboard reads; ``connection()`` opens a read-only connection."""

    def __init__(self, path: str | Path, timeout: float = 5.0):
        self.path = Path(path)
        self.timeout = timeout
        if not self.path.is_file():
            raise DatabaseError(f"no database at {self.path}: run 'communique ingest ... --db {self.path}' first")
        with self.connection() as conn:
            try:
                found = version(conn)
                conn.execute("SELECT 1 FROM events LIMIT 1").fetchall()
            except sqlite3.DatabaseError as error:
                raise DatabaseError(f"{self.path} is not a communique database ({error})") from None
            if found != len(MIGRATIONS):
                raise DatabaseError(f"{self.path} has schema version {found}, this communique reads "
                                    f"{len(MIGRATIONS)}: run 'communique ingest' once to upgrade it")

    def open(self) -> sqlite3.Connection:
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot open {self.path}: {error}") from None
        conn.execute("PRAGMA query_only = ON")
        return conn

    @contextlib.contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection inside one read transaction: every question a request asks
        sees the same snapshot, so an ingest committing meanwhile is seen whole or not at all."""
        conn = self.open()
        try:
            conn.execute("BEGIN")
            yield conn
        finally:
            conn.close()


# --- small read-only questions the query API does not ask ------------------------------

def countries(conn: sqlite3.Connection) -> list[dict]:
    """Every country that takes part in an event, with its number of events (kept tallied by the store)."""
    return [{"code": c, "events": n} for c, n in conn.execute(
        "SELECT country, n FROM tally_country WHERE n > 0 ORDER BY n DESC, country")]


def type_month(conn: sqlite3.Connection) -> list[dict]:
    """Events by month (of their first day) and type."""
    return [{"month": m, "type": t, "events": n} for m, t, n in conn.execute(
        """SELECT month, type, n FROM tally_type_month WHERE month <> '' AND n > 0 ORDER BY month, type""")]


def undated_events(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COALESCE(SUM(n), 0) FROM tally_type_month WHERE month = ''").fetchone()[0]


def event_days(conn: sqlite3.Connection, event_ids: list[int]) -> dict[int, tuple[Optional[str], Optional[str]]]:
    found = {}
    for chunk in chunks(event_ids):
        for eid, lo, hi in conn.execute(
                f"SELECT id, day_lo, day_hi FROM events WHERE id IN ({marks(len(chunk))})", chunk):
            found[eid] = (lo, hi)
    return found


def articles(conn: sqlite3.Connection, article_ids: list[str]) -> dict[str, dict]:
    """Articles by id, with their full text (every offset points into it)."""
    keys = ("id", "name", "source", "published", "title", "url", "text")
    found = {}
    for chunk in chunks(sorted(set(article_ids))):
        for row in conn.execute(
                f"""SELECT id, name, source, published, title, url, text FROM articles
                    WHERE id IN ({marks(len(chunk))})""", chunk):
            found[row[0]] = dict(zip(keys, row))
    return found


def person_mentions(conn: sqlite3.Connection, article_ids: list[str]) -> dict[str, list[dict]]:
    """The people each article names, as written, with offsets and the actor each resolves to."""
    found: dict[str, list[dict]] = defaultdict(list)
    for chunk in chunks(sorted(set(article_ids))):
        for article_id, start, end, text, name, country, ranks, offices, actor_id in conn.execute(
                f"""SELECT article_id, start_char, end_char, text, name, country, ranks, offices, actor_id
                    FROM person_mentions WHERE article_id IN ({marks(len(chunk))})
                    ORDER BY article_id, start_char""", chunk):
            found[article_id].append({
                "start": start, "end": end, "text": text, "name": name, "country": country,
                "ranks": json.loads(ranks or "[]"), "offices": json.loads(offices or "[]"),
                "actor_id": actor_id})
    return found


def segments(text: str, evidence: list[dict], mentions: list[dict]) -> list[dict]:
    """The article text cut where a highlight begins or ends.

    Each segment says whether it lies in an evidence span (and which ones) and
    which person mention covers it, so a page can show the text with both
    highlighted without ever treating the text as markup.
    """
    length = len(text)

    def clip(span: dict) -> tuple[int, int]:
        return max(0, min(length, int(span["start"]))), max(0, min(length, int(span["end"])))

    ev = [(i, *clip(s)) for i, s in enumerate(evidence)]
    ev = [(i, a, b) for i, a, b in ev if a < b]
    ms = [(m, *clip(m)) for m in mentions]
    ms = [(m, a, b) for m, a, b in ms if a < b]
    points = sorted({0, length, *(a for _, a, _ in ev), *(b for _, _, b in ev),
                     *(a for _, a, _ in ms), *(b for _, _, b in ms)})
    out: list[dict] = []
    for lo, hi in zip(points, points[1:]):
        inside = [i for i, a, b in ev if a <= lo and hi <= b]
        mention = next((m for m, a, b in ms if a <= lo and hi <= b), None)
        mark = None if mention is None else {
            "name": mention["name"], "actor_id": mention["actor_id"], "country": mention["country"],
            "start": mention["start"], "end": mention["end"]}
        if out and out[-1]["evidence"] == inside and out[-1]["mention"] == mark:
            out[-1]["text"] += text[lo:hi]
            out[-1]["end"] = hi
            continue
        out.append({"start": lo, "end": hi, "text": text[lo:hi], "evidence": inside, "mention": mark})
    return out


def title_kinds(conn: sqlite3.Connection, actor_id: int) -> tuple[set[str], set[str]]:
    """The ranks and the offices written around an actor's name, to tell its titles apart."""
    ranks: set[str] = set()
    offices: set[str] = set()
    for r, o in conn.execute("SELECT ranks, offices FROM person_mentions WHERE actor_id = ?", (actor_id,)):
        ranks.update(x.strip() for x in json.loads(r or "[]"))
        offices.update(x.strip() for x in json.loads(o or "[]"))
    return ranks, offices


def counterparts(conn: sqlite3.Connection, actor_id: int, limit: int = 50) -> list[dict]:
    """The people an actor took part in events with, the most shared events first."""
    rows = conn.execute(
        """SELECT o.actor_id, a.name, a.country, COUNT(DISTINCT o.event_id),
                  MIN(NULLIF(o.day_lo, '')), MAX(NULLIF(o.day_lo, ''))
           FROM event_actors x
           JOIN event_actors o ON o.event_id = x.event_id AND o.actor_id <> x.actor_id
           JOIN actors a ON a.id = o.actor_id
           WHERE x.actor_id = ?
           GROUP BY o.actor_id ORDER BY COUNT(DISTINCT o.event_id) DESC, a.name LIMIT ?""",
        (actor_id, limit)).fetchall()
    keys = ("id", "name", "country", "events", "first", "last")
    return [dict(zip(keys, r)) for r in rows]


def counterpart_countries(conn: sqlite3.Connection, actor_id: int, own: Optional[str]) -> list[dict]:
    rows = conn.execute(
        """SELECT c.country, COUNT(DISTINCT c.event_id) FROM event_actors x
           JOIN event_countries c ON c.event_id = x.event_id
           WHERE x.actor_id = ? AND c.country <> ?
           GROUP BY c.country ORDER BY COUNT(DISTINCT c.event_id) DESC, c.country""",
        (actor_id, own or "")).fetchall()
    return [{"code": c, "events": n} for c, n in rows]


def actor_names(conn: sqlite3.Connection, actor_ids: list[int]) -> dict[int, dict]:
    found = {}
    for chunk in chunks(sorted(set(actor_ids))):
        for aid, name, country in conn.execute(
                f"SELECT id, name, country FROM actors WHERE id IN ({marks(len(chunk))})", chunk):
            found[aid] = {"id": aid, "name": name, "country": country or None}
    return found


# --- the engagement network -------------------------------------------------------------

def network(conn: sqlite3.Connection, *, type: Optional[str] = None, date_from: Optional[str] = None,
            date_to: Optional[str] = None, people: bool = True, max_people: int = 40,
            min_weight: int = 1, max_events: int = 20000) -> dict[str, Any]:
    """Countries and people as nodes; shared events as weighted edges.

    Country to country: the events both took part in. Person to person: the
    events both attended. Person to country: the person's own country (light,
    it only holds the layout together). The people shown are the most engaged.
    """
    # The newest events that match, read off the events_network index (day, type, countries,
    # people's ids): no JSON, no lookups in the link tables.
    chosen = query.EventFilter(conn, type=type, date_from=date_from, date_to=date_to)
    window = (f"""WITH chosen AS MATERIALIZED (SELECT e.type, e.countries, e.actor_ids FROM {chosen.source}
                  {chosen.where} ORDER BY {chosen.x}.day_lo DESC, e.id DESC LIMIT ?) """)
    n_found = chosen.count(conn, max_events + 1)
    truncated = n_found > max_events
    params = (*chosen.params, max_events)
    with_people = people and max_people > 0
    country_events: Counter = Counter()
    dyads: dict[tuple[str, str], Counter] = defaultdict(Counter)
    person_events: Counter = Counter()
    people_rows = []       # (type, '12,45'): each event's people, counted below in one pass
    # Countries grouped in SQL by (type, countries): a few hundred groups, not 20,000 rows.
    for kind, type_, key, n in conn.execute(
            window + """SELECT 'c', type, countries, COUNT(*) FROM chosen GROUP BY type, countries
                        UNION ALL
                        SELECT 'p', type, actor_ids, 1 FROM chosen WHERE ? AND actor_ids <> ''""",
            (*params, int(with_people))):
        if kind == "p":
            people_rows.append((type_, key))
            continue
        codes = key.split(",") if key else []       # stored sorted and distinct
        for code in codes:
            country_events[code] += n
        for a, b in combinations(codes, 2):
            dyads[(a, b)][type_] += n
    if people_rows:
        person_events = Counter(",".join(key for _, key in people_rows).split(","))
    person_events = Counter({int(i): n for i, n in person_events.items()})
    n_events = min(n_found, max_events)
    pairs: dict[tuple[int, int], Counter] = defaultdict(Counter)
    person_info: dict[int, dict] = {}
    shown_ids: list[int] = []
    ranked: list[tuple[int, int]] = []
    if with_people and person_events:
        # The most engaged, ties broken by name: names are looked up for those that can make the cut.
        counts = sorted(person_events.values(), reverse=True)
        least = counts[max_people - 1] if len(counts) >= max_people else 0
        person_info = actor_names(conn, [aid for aid, n in person_events.items() if n >= least])
        ranked = sorted(((aid, n) for aid, n in person_events.items() if aid in person_info),
                        key=lambda kv: (-kv[1], person_info[kv[0]]["name"]))[:max_people]
        shown_ids = [aid for aid, _ in ranked]
        shown_text = {str(i) for i in shown_ids}
        for type_, key in people_rows:
            if "," in key:
                among = [i for i in key.split(",") if i in shown_text]
                if len(among) > 1:
                    for a, b in combinations(sorted(int(i) for i in among), 2):
                        pairs[(a, b)][type_] += 1

    nodes: list[dict] = []
    edges: list[dict] = []
    for code, n in sorted(country_events.items()):
        nodes.append({"id": f"c:{code}", "kind": "country", "code": code, "label": code, "events": n,
                      "url": f"/timeline?country={code}"})
    for (a, b), types in sorted(dyads.items()):
        weight = sum(types.values())
        if weight >= min_weight:
            edges.append({"id": f"d:{a}-{b}", "from": f"c:{a}", "to": f"c:{b}", "kind": "dyad",
                          "weight": weight, "types": dict(types.most_common()),
                          "url": f"/events?dyad={a}-{b}" + (f"&type={type}" if type else "")})
    shown: set[int] = set()
    if people and max_people > 0:
        shown = set(shown_ids)
        for aid, n in ranked:
            info = person_info[aid]
            country = info.get("country")
            nodes.append({"id": f"p:{aid}", "kind": "person", "actor_id": aid, "label": info["name"],
                          "country": country, "events": n, "url": f"/actors/{aid}"})
            if country and country in country_events:
                edges.append({"id": f"m:{aid}", "from": f"p:{aid}", "to": f"c:{country}", "kind": "member",
                              "weight": 1, "types": {}, "url": f"/actors/{aid}"})
        for (a, b), types in sorted(pairs.items()):
            weight = sum(types.values())
            if weight >= min_weight:
                edges.append({"id": f"p:{a}-{b}", "from": f"p:{a}", "to": f"p:{b}", "kind": "people",
                              "weight": weight, "types": dict(types.most_common()),
                              "url": f"/events?actor={a}"})
    return {"nodes": nodes, "edges": edges, "events": n_events, "truncated": truncated,
            "people_total": len(person_events), "people_shown": len(shown)}


def days(item: dict) -> tuple[Optional[str], Optional[str]]:
    try:
        return day_interval(item.get("date_start"), item.get("date_end"))
    except ValueError:
        return None, None
