"""Questions to the store, as library functions returning lists of plain dicts.

Every function takes ``db``: a :class:`~communique.kb.store.Store` or an open
``sqlite3.Connection``. Dates are partial ISO strings ("2023", "2023-10",
"2023-10-17"); a date filter keeps events whose dates overlap the range.
Pass ``as_frame=True`` for a pandas (or polars) frame where one is installed.
"""
from __future__ import annotations

import json
import re
import sqlite3
from typing import Any, Iterator, Optional, Sequence, Union

from .dates import first_day, last_day, shift

try:                       # three times faster on the participants of long lists (installed with the web extra)
    import orjson

    def _loads(text: str) -> Any:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:     # what only the standard library reads (NaN)
            return json.loads(text)
except ImportError:        # pragma: no cover - the same answers, slower
    _loads = json.loads
from .merged import chunks, marks
from .names import fold, name_key

ORDERS = {
    "date": "{day}, {id}",                # undated events sort first
    "-date": "{day} DESC, {id} DESC",     # newest first, undated last
    "id": "e.id",
    "-id": "e.id DESC",
    "reports": "e.n_reports DESC, e.id",
}

_EVENT_COLUMNS = """e.id, e.type, e.status, e.date_start, e.date_end, e.countries, e.participants,
    e.location_name, e.location_country, e.n_reports, e.n_articles, e.conflicts,
    e.first_published, e.last_published, e.agreement"""


def connection(db: Any) -> sqlite3.Connection:
    return db if isinstance(db, sqlite3.Connection) else db.conn


def parse_dyad(dyad: Union[str, Sequence[str]]) -> tuple[str, str]:
    """("VNM", "KHM") or "VNM-KHM" -> ("KHM", "VNM"): a dyad has no direction."""
    parts = re.split(r"[-,/ ]+", dyad.strip()) if isinstance(dyad, str) else list(dyad)
    parts = [p.strip().upper() for p in parts if p and p.strip()]
    if len(parts) != 2 or parts[0] == parts[1]:
        raise ValueError(f"a dyad is two different country codes, like VNM-KHM; got {dyad!r}")
    return tuple(sorted(parts))  # type: ignore[return-value]


def fts_query(text: str) -> str:
    """User words as an FTS5 query: every word or "quoted phrase" must occur."""
    terms = [phrase or word for phrase, word in re.findall(r'"([^"]+)"|(\S+)', text)]
    cleaned = [" ".join(re.findall(r"\w+", term)) for term in terms]
    query = " ".join(f'"{term}"' for term in cleaned if term)
    if not query:
        raise ValueError(f"nothing to search for in {text!r}: give words")
    return query


def _frame(rows: list[dict]):
    try:
        import pandas
        return pandas.DataFrame(rows)
    except ImportError:
        pass
    try:
        import polars
        return polars.DataFrame(rows)
    except ImportError:
        raise ImportError("as_frame=True needs pandas or polars: pip install pandas") from None


def _out(rows: list[dict], as_frame: bool):
    return _frame(rows) if as_frame else rows


def _event_row(row: sqlite3.Row | tuple) -> dict:
    (eid, type_, status, start, end, countries, participants, loc_name, loc_country, n_reports,
     n_articles, conflicts, first_published, last_published, agreement) = row
    return {
        "id": eid, "type": type_, "status": status, "date_start": start, "date_end": end,
        "countries": countries.split(",") if countries else [],
        "participants": _loads(participants),
        "location": {"name": loc_name, "country": loc_country} if loc_name else None,
        "n_reports": n_reports, "n_articles": n_articles,
        "conflicts": _loads(conflicts) if conflicts else [],
        "agreement": _loads(agreement) if agreement else None,
        "first_published": first_published, "last_published": last_published,
    }


def longest_event_days(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM kb_meta WHERE key = 'longest_event_days'").fetchone()
    return int(row[0]) if row else 0


# --- actors ---------------------------------------------------------------------------

def actor_ids(db: Any, name_or_id: Union[str, int]) -> list[int]:
    """Actors a name (any spelling, any word order) or an id denotes, most engaged first."""
    conn = connection(db)
    if isinstance(name_or_id, int) or str(name_or_id).strip().isdigit():
        found = conn.execute("SELECT id FROM actors WHERE id = ?", (int(name_or_id),)).fetchall()
        return [i for (i,) in found]
    key = name_key(str(name_or_id))
    if not key:
        return []
    ranked = """SELECT a.id FROM actors a WHERE {where}
                ORDER BY (SELECT COUNT(*) FROM event_actors x WHERE x.actor_id = a.id) DESC, a.id"""
    exact = conn.execute(ranked.format(where="a.name_key = ?"), (key,)).fetchall()
    if exact:
        return [i for (i,) in exact]
    words = key.split()
    where = " AND ".join(["(' ' || a.name_key || ' ') LIKE ?"] * len(words))
    return [i for (i,) in conn.execute(ranked.format(where=where), [f"% {w} %" for w in words])]


_ACTOR_KEYS = ("id", "name", "country", "table_id", "events", "articles", "first_seen", "last_seen")


def actors(db: Any, *, country: Optional[str] = None, name: Optional[str] = None,
           limit: Optional[int] = 100, offset: int = 0, as_frame: bool = False):
    """People, the most engaged first, with when they were seen."""
    conn = connection(db)
    where, params = _actor_filter(country, name)
    # Rank in an inner query; the per-actor article figures are computed for the page only.
    sql = f"""
        SELECT page.id, page.name, page.country, page.table_id, page.events,
               (SELECT COUNT(*) FROM article_actors aa WHERE aa.actor_id = page.id),
               (SELECT MIN(published) FROM article_actors aa WHERE aa.actor_id = page.id),
               (SELECT MAX(published) FROM article_actors aa WHERE aa.actor_id = page.id)
        FROM (SELECT a.id, a.name, a.country, a.table_id, COALESCE(engaged.n, 0) AS events
              FROM actors a LEFT JOIN tally_actor AS engaged ON engaged.actor_id = a.id
              {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY events DESC, a.name, a.id LIMIT ? OFFSET ?) AS page
        ORDER BY page.events DESC, page.name, page.id"""
    rows = conn.execute(sql, (*params, -1 if limit is None else limit, offset)).fetchall()
    return _out([dict(zip(_ACTOR_KEYS, row)) for row in rows], as_frame)


def _actor_filter(country: Optional[str], name: Optional[str]) -> tuple[list[str], list[Any]]:
    where, params = [], []
    if country:
        where.append("a.country = ?")
        params.append(country.upper())
    for word in fold(name).split() if name else []:
        where.append("(' ' || a.name_key || ' ') LIKE ?")
        params.append(f"% {word} %")
    return where, params


def count_actors(db: Any, *, country: Optional[str] = None, name: Optional[str] = None,
                 cap: Optional[int] = None) -> int:
    """How many people ``actors`` would list (counting stops at ``cap``)."""
    where, params = _actor_filter(country, name)
    sql = f"""SELECT COUNT(*) FROM (SELECT 1 FROM actors a {"WHERE " + " AND ".join(where) if where else ""}
              LIMIT ?)"""
    return connection(db).execute(sql, (*params, -1 if cap is None else cap)).fetchone()[0]


def actor(db: Any, name_or_id: Union[str, int], engagements: Optional[int] = None) -> Optional[dict]:
    """One person: spellings, titles over time (first and last seen), engagements (events).

    ``engagements`` keeps only that many of the latest engagements (still in date order);
    ``events`` always counts them all.
    """
    conn = connection(db)
    found = actor_ids(conn, name_or_id)
    if not found:
        return None
    best = found[0]
    detail = _one_actor(conn, best)
    detail["aliases"] = [n for (n,) in conn.execute(
        "SELECT name FROM actor_aliases WHERE actor_id = ? ORDER BY name", (best,))]
    detail["titles"] = [
        {"title": t, "first_seen": f, "last_seen": l, "articles": n}
        for t, f, l, n in conn.execute(
            """SELECT title, first_seen, last_seen, articles FROM actor_title_history
               WHERE actor_id = ? ORDER BY first_seen, last_seen, title""", (best,))]
    if engagements is None:
        detail["engagements"] = events(conn, actor=best, order="date", limit=None)
    else:
        detail["engagements"] = events(conn, actor=best, order="-date", limit=engagements)[::-1]
    detail["other_matches"] = found[1:]
    return detail


def _one_actor(conn: sqlite3.Connection, actor_id: int) -> dict:
    row = conn.execute(
        """SELECT a.id, a.name, a.country, a.table_id,
                  (SELECT COUNT(*) FROM event_actors x WHERE x.actor_id = a.id),
                  COUNT(aa.article_id), MIN(aa.published), MAX(aa.published)
           FROM actors a LEFT JOIN article_actors aa ON aa.actor_id = a.id
           WHERE a.id = ? GROUP BY a.id""", (actor_id,)).fetchone()
    return dict(zip(_ACTOR_KEYS, row))


# --- events ---------------------------------------------------------------------------

class EventFilter:
    """The FROM and WHERE of an events question, shared by the page, its count and the network."""

    def __init__(self, conn: sqlite3.Connection, *, type=None, country=None, dyad=None, actor=None,
                 date_from=None, date_to=None, status=None, text=None, dated: Optional[bool] = None):
        where: list[str] = []
        params: list[Any] = []
        people = actor_ids(conn, actor) if actor is not None else []
        self.empty = actor is not None and not people     # an actor nobody is: nothing matches

        # Drive the scan from the narrowest index that also yields date order.
        if dyad:
            link, x = "event_dyads", "x"
            where += ["x.a = ?", "x.b = ?"]
            params += parse_dyad(dyad)
        elif country:
            link, x = "event_countries", "x"
            where.append("x.country = ?")
            params.append(country.upper())
        elif len(people) == 1:
            link, x = "event_actors", "x"
            where.append("x.actor_id = ?")
            params.append(people[0])
        else:
            link, x = None, "e"
        eid = "e.id" if link is None else "x.event_id"
        if country and dyad:
            where.append(f"EXISTS (SELECT 1 FROM event_countries c WHERE c.event_id = {eid} AND c.country = ?)")
            params.append(country.upper())
        if people and (dyad or country or len(people) > 1):
            where.append(f"{eid} IN (SELECT event_id FROM event_actors WHERE actor_id IN ({marks(len(people))}))")
            params += people
        # '' (undated, in the link tables) and NULL (in events) both fail "> ''". A date_from bound
        # says it already, and must stay the only lower bound SQLite sees (it would pick the looser one).
        if dated is False:
            where.append(f"({x}.day_lo IS NULL OR {x}.day_lo = '')")
        if (dated or date_to) and not date_from:
            where.append(f"{x}.day_lo > ''")
        if date_to:
            where.append(f"{x}.day_lo <= ?")
            params.append(last_day(date_to))
        if text:
            where.append(f"""{eid} IN (SELECT r.event_id FROM evidence_fts f
                            JOIN evidence v ON v.id = f.rowid JOIN reports r ON r.id = v.report_id
                            WHERE evidence_fts MATCH ?)""")
            params.append(fts_query(text))
        if type:              # on the link rows too (schema v3): no events row needed for it
            where.append(f"{x}.type = ?")
            params.append(type.upper())
        # The conditions above need only the link table; these need the events row too.
        self.link_only = link is not None and not (status or date_from)
        if status:
            where.append("e.status = ?")
            params.append(status.lower())
        if date_from:
            start = first_day(date_from)
            # day_lo bounds the scan; day_hi decides (an event may begin before the range).
            where += [f"{x}.day_lo >= ?", "e.day_hi >= ?"]
            params += [shift(start, -longest_event_days(conn)), start]
        self.source = "events e" if link is None else f"{link} x JOIN events e ON e.id = x.event_id"
        self.count_source = f"{link} x" if self.link_only else self.source
        self.x, self.params = x, params
        self.where = f"WHERE {' AND '.join(where)}" if where else ""

    def count(self, conn: sqlite3.Connection, cap: Optional[int] = None) -> int:
        """How many events match, counting stops at ``cap`` (on the link table alone when it can)."""
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {self.count_source} {self.where} LIMIT ?)"
        return conn.execute(sql, (*self.params, -1 if cap is None else cap)).fetchone()[0]


def events(db: Any, *, type: Optional[str] = None, country: Optional[str] = None,
           dyad: Union[str, Sequence[str], None] = None, actor: Union[str, int, None] = None,
           date_from: Optional[str] = None, date_to: Optional[str] = None,
           status: Optional[str] = None, text: Optional[str] = None,
           limit: Optional[int] = 100, offset: int = 0, order: str = "-date", as_frame: bool = False,
           dated: Optional[bool] = None, with_days: bool = False):
    """Merged events matching every filter given (one page of them).

    ``dated``: only those with (without) dates; ``with_days``: each also says the first and
    last day its dates cover (``day_lo``, ``day_hi``), as the date filters read them.
    """
    conn = connection(db)
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    found = EventFilter(conn, type=type, country=country, dyad=dyad, actor=actor, date_from=date_from,
                    date_to=date_to, status=status, text=text, dated=dated)
    if found.empty:
        return _out([], as_frame)
    x = found.x
    ordering = ORDERS[order].format(day=f"{x}.day_lo", id="e.id" if x == "e" else "x.event_id")
    columns = f"{_EVENT_COLUMNS}, e.day_lo, e.day_hi" if with_days else _EVENT_COLUMNS
    sql = f"SELECT {columns} FROM {found.source} {found.where} ORDER BY {ordering} LIMIT ? OFFSET ?"
    rows = conn.execute(sql, (*found.params, -1 if limit is None else limit, offset)).fetchall()
    if with_days:
        return _out([{**_event_row(r[:-2]), "day_lo": r[-2], "day_hi": r[-1]} for r in rows], as_frame)
    return _out([_event_row(r) for r in rows], as_frame)


def count_events(db: Any, *, type: Optional[str] = None, country: Optional[str] = None,
                 dyad: Union[str, Sequence[str], None] = None, actor: Union[str, int, None] = None,
                 date_from: Optional[str] = None, date_to: Optional[str] = None,
                 status: Optional[str] = None, text: Optional[str] = None, cap: Optional[int] = None) -> int:
    """How many merged events match (the same filters as ``events``); counting stops at ``cap``."""
    conn = connection(db)
    found = EventFilter(conn, type=type, country=country, dyad=dyad, actor=actor, date_from=date_from,
                    date_to=date_to, status=status, text=text)
    return 0 if found.empty else found.count(conn, cap)


# A search word found in at least this many evidence sentences is "common": its events are
# looked for one by one, in the page's order, among the first SEARCH_WINDOW candidates, instead
# of mapping every match to its event (seconds, for a word in a quarter of a million sentences).
COMMON_WORD_MATCHES = 20000
SEARCH_WINDOW = 2000


def events_page(db: Any, *, limit: int = 50, offset: int = 0, order: str = "-date", cap: int = 5000,
                **filters) -> tuple[list[dict], int, bool]:
    """One page of events (with their days) and how many match: ``(items, total, more)``.

    ``total`` counts up to ``cap``; ``more`` says there are more than ``total``. For a common
    search word the count is of the matches among the first SEARCH_WINDOW candidates (still
    with ``more`` set when the window was full): the page itself is always exact.
    """
    conn = connection(db)
    if filters.get("text") and _common_words(conn, filters["text"]):
        found = _probe_page(conn, filters, limit, offset, order)
        if found is not None:
            return found
    items = events(conn, **filters, limit=limit, offset=offset, order=order, with_days=True)
    counted = count_events(conn, **filters, cap=cap + 1)
    return items, min(counted, cap), counted > cap


def _common_words(conn: sqlite3.Connection, text: str) -> bool:
    found = conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM evidence_fts WHERE evidence_fts MATCH ? LIMIT ?)",
                         (fts_query(text), COMMON_WORD_MATCHES)).fetchone()[0]
    return found >= COMMON_WORD_MATCHES


def _probe_page(conn: sqlite3.Connection, filters: dict, limit: int, offset: int,
                order: str) -> Optional[tuple[list[dict], int, bool]]:
    """The page for a common search word, or None when the window holds too few matches for it."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    rest = {k: v for k, v in filters.items() if k != "text"}
    found = EventFilter(conn, **rest)
    if found.empty:
        return [], 0, False
    x = found.x
    inner = ORDERS[order].format(day=f"{x}.day_lo", id="e.id" if x == "e" else "x.event_id")
    outer = ORDERS[order].format(day="c.day", id="c.id").replace("e.n_reports", "c.n_reports").replace("e.id", "c.id")
    # CROSS JOIN keeps SQLite going from the event to its sentences, then asking the index about each.
    rows = conn.execute(
        f"""SELECT c.id
            FROM (SELECT e.id AS id, {x}.day_lo AS day, e.n_reports AS n_reports
                  FROM {found.source} {found.where} ORDER BY {inner} LIMIT ?) c
            WHERE EXISTS (SELECT 1 FROM reports r CROSS JOIN evidence v ON v.report_id = r.id
                          CROSS JOIN evidence_fts f ON f.rowid = v.id
                          WHERE r.event_id = c.id AND evidence_fts MATCH ?)
            ORDER BY {outer}""",
        (*found.params, SEARCH_WINDOW, fts_query(filters["text"]))).fetchall()
    window_full = found.count(conn, SEARCH_WINDOW + 1) > SEARCH_WINDOW
    ids = [r[0] for r in rows]
    if window_full and len(ids) < offset + limit:
        return None          # the page lies beyond the window: the exact, slower way
    page = ids[offset:offset + limit]
    by_id = {}
    for chunk in chunks(page):
        for row in conn.execute(f"SELECT {_EVENT_COLUMNS}, e.day_lo, e.day_hi FROM events e "
                                f"WHERE e.id IN ({marks(len(chunk))})", chunk):
            by_id[row[0]] = {**_event_row(row[:-2]), "day_lo": row[-2], "day_hi": row[-1]}
    return [by_id[i] for i in page], len(ids), window_full


def _reports_of(conn: sqlite3.Connection, event_ids: list[int]) -> dict[int, list[dict]]:
    """Every report of these events, with its article, merge reason and evidence spans."""
    by_event: dict[int, list[dict]] = {}
    reports: dict[int, dict] = {}
    for chunk in chunks(event_ids):
        for rid, eid, reason, detached, record in conn.execute(
                f"""SELECT r.id, r.event_id, r.merge_reason, r.detached, r.record
                    FROM reports r JOIN articles a ON a.id = r.article_id
                    WHERE r.event_id IN ({marks(len(chunk))})
                    ORDER BY a.published, r.article_id, r.idx""", chunk):
            report = {"report_id": rid, **_loads(record), "merge_reason": reason,
                      "detached": bool(detached), "evidence_spans": []}
            reports[rid] = report
            by_event.setdefault(eid, []).append(report)
    for chunk in chunks(list(reports)):
        for rid, article_id, start, end, text in conn.execute(
                f"""SELECT report_id, article_id, start_char, end_char, text FROM evidence
                    WHERE report_id IN ({marks(len(chunk))}) ORDER BY id""", chunk):
            reports[rid]["evidence_spans"].append(
                {"article_id": article_id, "start": start, "end": end, "text": text})
    return by_event


def _agreement_of(conn: sqlite3.Connection, event_ids: list[int]) -> dict[int, int]:
    found = {}
    for chunk in chunks(event_ids):
        for eid, agreement_id in conn.execute(
                f"""SELECT r.event_id, MIN(ar.agreement_id) FROM reports r
                    JOIN agreement_reports ar ON ar.report_id = r.id
                    WHERE r.event_id IN ({marks(len(chunk))}) GROUP BY r.event_id""", chunk):
            found[eid] = agreement_id
    return found


def iter_events(db: Any, chunk_size: int = 1000) -> Iterator[dict]:
    """Every merged event in id order, each with all its reports (for exports)."""
    conn = connection(db)
    last = -1
    while True:
        rows = conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events e WHERE e.id > ? ORDER BY e.id LIMIT ?",
                            (last, chunk_size)).fetchall()
        if not rows:
            return
        found = [_event_row(r) for r in rows]
        ids = [e["id"] for e in found]
        reports = _reports_of(conn, ids)
        agreement_ids = _agreement_of(conn, ids)
        for event in found:
            event["reports"] = reports.get(event["id"], [])
            event["agreement_id"] = agreement_ids.get(event["id"])
            yield event
        last = ids[-1]


def event(db: Any, event_id: int) -> Optional[dict]:
    """One merged event with every report: its article, sentence, offsets and merge reason."""
    conn = connection(db)
    row = conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events e WHERE e.id = ?", (int(event_id),)).fetchone()
    if row is None:
        return None
    found = _event_row(row)
    found["reports"] = _reports_of(conn, [found["id"]]).get(found["id"], [])
    found["agreement_id"] = _agreement_of(conn, [found["id"]]).get(found["id"])
    return found


def report_event(db: Any, report_id: int) -> Optional[int]:
    """The merged event a report belongs to."""
    row = connection(db).execute("SELECT event_id FROM reports WHERE id = ?", (report_id,)).fetchone()
    return row[0] if row else None


def timeline(db: Any, *, dyad: Union[str, Sequence[str], None] = None, actor: Union[str, int, None] = None,
             country: Optional[str] = None, date_from: Optional[str] = None, date_to: Optional[str] = None,
             limit: Optional[int] = None, as_frame: bool = False, with_days: bool = False):
    """A dyad's, a country's or a person's events in date order, undated ones last."""
    if not (dyad or actor or country):
        raise ValueError("timeline needs a dyad, a country or an actor")
    # Dated ones in date order, then the undated: two index-ordered scans, each stopping at the limit.
    subject = dict(dyad=dyad, actor=actor, country=country, date_from=date_from, date_to=date_to, order="date",
                   with_days=with_days)
    found = events(db, **subject, dated=True, limit=limit)
    if limit is None or len(found) < limit:
        found += events(db, **subject, dated=False, limit=None if limit is None else limit - len(found))
    for item in found:
        item["summary"] = summary(item)
    return _out(found, as_frame)


def summary(item: dict) -> str:
    """'MEETING: Nguyen Tan Cuong, Vong Pisen in Hanoi' — one line for tables."""
    people = ", ".join(p["name"] for p in item["participants"]) or "/".join(item["countries"])
    place = f" in {item['location']['name']}" if item.get("location") else ""
    flag = " [conflicts]" if item.get("conflicts") else ""
    return f"{item['type']}: {people}{place}{flag}"


# --- agreements, articles, statistics --------------------------------------------------

def agreements(db: Any, *, country: Optional[str] = None, kind: Optional[str] = None,
               name: Optional[str] = None, limit: Optional[int] = 100, offset: int = 0,
               as_frame: bool = False, reports: bool = True):
    """The agreement registry: documents with parties, period, chain links and conflicts.

    With ``reports=False`` each document gives its events and how many reports and articles tell
    of it (``n_reports``, ``n_articles``) instead of listing them: one grouped query.
    """
    conn = connection(db)
    where, params = [], []
    if country:
        where.append("instr(',' || g.parties || ',', ?) > 0")
        params.append(f",{country.upper()},")
    if kind:
        where.append("g.kind = ?")
        params.append(fold(kind))
    for word in fold(name).split() if name else []:
        where.append("(' ' || replace(g.key, '|', ' ') || ' ') LIKE ?")
        params.append(f"% {word} %")
    rows = conn.execute(
        f"""SELECT g.id, g.kind, g.name, g.parties, g.period_start, g.period_end, g.signed,
                   g.predecessor_id,
                   (SELECT s.id FROM agreements s WHERE s.predecessor_id = g.id ORDER BY s.id LIMIT 1),
                   g.conflicts
            FROM agreements g {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY g.parties, g.kind, g.name, g.period_start, g.id LIMIT ? OFFSET ?""",
        (*params, -1 if limit is None else limit, offset)).fetchall()
    if not reports:
        return _out([{**_agreement_row(row), **counts} for row, counts in zip(rows, _agreement_counts(conn, rows))],
                    as_frame)
    links_of: dict[int, list] = {row[0]: [] for row in rows}
    for chunk in chunks(list(links_of)):       # every listed document's reports, in one query per chunk
        for gid, rid, eid, article in conn.execute(
                f"""SELECT ar.agreement_id, r.id, r.event_id, a.name FROM agreement_reports ar
                    JOIN reports r ON r.id = ar.report_id JOIN articles a ON a.id = r.article_id
                    WHERE ar.agreement_id IN ({marks(len(chunk))})
                    ORDER BY ar.agreement_id, a.published, r.id""", chunk):
            links_of[gid].append((rid, eid, article))
    found = []
    for row in rows:
        links = links_of[row[0]]
        found.append({
            **_agreement_row(row),
            "reports": [r for r, _, _ in links],
            "events": sorted({e for _, e, _ in links if e is not None}),
            "articles": list(dict.fromkeys(a for _, _, a in links)),
        })
    return _out(found, as_frame)


def _agreement_row(row: tuple) -> dict:
    gid, kind, name, parties, start, end, signed, pred, succ, conflicts = row
    return {"id": gid, "kind": kind, "name": name, "parties": parties.split(",") if parties else [],
            "period_start": start, "period_end": end, "signed": signed,
            "predecessor_id": pred, "successor_id": succ, "conflicts": _loads(conflicts) if conflicts else []}


def _agreement_counts(conn: sqlite3.Connection, rows: list[tuple]) -> list[dict]:
    """Each document's events, and how many reports and articles tell of it."""
    found: dict[int, dict] = {row[0]: {"events": [], "n_reports": 0, "n_articles": 0} for row in rows}
    for chunk in chunks(list(found)):
        for gid, n_reports, n_articles, events in conn.execute(
                f"""SELECT ar.agreement_id, COUNT(*), COUNT(DISTINCT r.article_id), group_concat(DISTINCT r.event_id)
                    FROM agreement_reports ar JOIN reports r ON r.id = ar.report_id
                    WHERE ar.agreement_id IN ({marks(len(chunk))}) GROUP BY ar.agreement_id""", chunk):
            found[gid] = {"events": sorted(int(e) for e in events.split(",")) if events else [],
                          "n_reports": n_reports, "n_articles": n_articles}
    return [found[row[0]] for row in rows]


def articles(db: Any, *, text: Optional[str] = None, limit: Optional[int] = 20, as_frame: bool = False):
    """Articles, newest first, or those matching ``text`` (full text), best first, with a snippet."""
    conn = connection(db)
    limit = -1 if limit is None else limit
    if text:
        rows = conn.execute(
            """SELECT a.id, a.name, a.published, a.title,
                      snippet(articles_fts, 1, '[', ']', '…', 12)
               FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid
               WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""", (fts_query(text), limit)).fetchall()
    else:
        rows = conn.execute(
            """SELECT id, name, published, title, substr(text, 1, 120) FROM articles
               ORDER BY published DESC, id LIMIT ?""", (limit,)).fetchall()
    keys = ("id", "name", "published", "title", "snippet")
    return _out([dict(zip(keys, r)) for r in rows], as_frame)


def totals(db: Any) -> dict:
    """Row counts and the publication dates covered, from the tallies the store keeps."""
    conn = connection(db)
    counts = dict(conn.execute("SELECT name, n FROM tally_rows").fetchall())
    first, last = conn.execute("SELECT MIN(published), MAX(published) FROM articles").fetchone()
    names = ("articles", "reports", "events", "actors", "agreements", "events_with_conflicts")
    return {**{name: counts.get(name, 0) for name in names}, "coverage": {"from": first, "to": last}}


def stats(db: Any, as_frame: bool = False) -> dict:
    """Counts: totals, events by type, by month, by dyad and by dyad-year.

    Read from the tallies the store keeps up to date on every write (schema v2), so this
    costs the same for a thousand events as for millions.
    """
    conn = connection(db)
    tables = {
        "by_type": [{"type": t, "events": n} for t, n in conn.execute(
            """SELECT type, SUM(n) FROM tally_type_month GROUP BY type HAVING SUM(n) > 0
               ORDER BY SUM(n) DESC, type""")],
        "by_month": [{"month": m, "events": n} for m, n in conn.execute(
            """SELECT month, SUM(n) FROM tally_type_month WHERE month <> '' GROUP BY month
               HAVING SUM(n) > 0 ORDER BY month""")],
        "by_dyad": [{"dyad": f"{a}-{b}", "events": n} for a, b, n in conn.execute(
            """SELECT a, b, SUM(n) FROM tally_dyad_year GROUP BY a, b HAVING SUM(n) > 0
               ORDER BY SUM(n) DESC, a, b""")],
        "by_dyad_year": [{"dyad": f"{a}-{b}", "year": int(y), "events": n} for a, b, y, n in conn.execute(
            """SELECT a, b, year, n FROM tally_dyad_year WHERE year <> '' AND n > 0 ORDER BY a, b, year""")],
    }
    found = totals(conn)
    if as_frame:
        return {**found, **{name: _frame(rows) for name, rows in tables.items()}}
    return {**found, **tables}
