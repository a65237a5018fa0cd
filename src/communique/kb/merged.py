"""Keeping merged events in step with their reports, inside the caller's transaction.

When reports arrive, each looks for candidates through the blocking tables
(same type, a shared country, a touching year; or, undated, a shared person),
then the events it touches and the new reports are regrouped from all their
reports with :func:`merge.cluster` and rewritten. Nothing else is touched, so
the cost follows the size of the news, not the size of the store.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Iterable, Iterator, Optional

from .merge import MergedEvent, Report, cluster, compare, reconcile

SQL_CHUNK = 500   # below SQLite's limit on bound parameters
UNDATED = ""      # day_lo of an undated event in event_countries, event_dyads, event_actors


def chunks(items: list, size: int = SQL_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def marks(n: int) -> str:
    return ",".join("?" * n)


def load_reports(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Report]:
    reports: dict[int, Report] = {}
    for chunk in chunks(sorted(set(ids))):
        for row in conn.execute(
                f"""SELECT r.id, r.article_id, a.published, r.idx, r.type, r.status, r.date_start,
                           r.date_end, r.day_lo, r.day_hi, r.record, r.agreement, r.agreement_key,
                           r.detached, r.event_id
                    FROM reports r JOIN articles a ON a.id = r.article_id
                    WHERE r.id IN ({marks(len(chunk))})""", chunk):
            record = json.loads(row[10])
            reports[row[0]] = Report(
                id=row[0], article_id=row[1], published=row[2], idx=row[3], type=row[4], status=row[5],
                date_start=row[6], date_end=row[7], day_lo=row[8], day_hi=row[9],
                countries=frozenset(c for c in record.get("countries") or [] if c),
                location=record.get("location"),
                agreement=json.loads(row[11]) if row[11] else None, agreement_key=row[12],
                detached=bool(row[13]), event_id=row[14])
        for rid, name, country, role, kind, actor_id in conn.execute(
                f"""SELECT report_id, name, country, role, kind, actor_id FROM report_participants
                    WHERE report_id IN ({marks(len(chunk))}) ORDER BY report_id, idx""", chunk):
            reports[rid].participants.append(
                {"name": name, "country": country, "role": role, "kind": kind, "actor_id": actor_id})
    return reports


def candidates(conn: sqlite3.Connection, report: Report) -> set[int]:
    """Ids of stored reports that might tell of the same happening (a superset)."""
    found: set[int] = set()
    people = sorted(report.people)
    if report.day_lo:
        first_year, last_year = int(report.day_lo[:4]), int(report.day_hi[:4])
        for country in sorted(report.countries):
            found.update(rid for (rid,) in conn.execute(
                """SELECT report_id FROM report_blocks
                   WHERE type = ? AND country = ? AND year BETWEEN ? AND ? AND day_lo <= ? AND day_hi >= ?""",
                (report.type, country, first_year, last_year, report.day_hi, report.day_lo)))
        for chunk in chunks(people):
            found.update(rid for (rid,) in conn.execute(
                f"""SELECT report_id FROM report_undated_people
                    WHERE type = ? AND actor_id IN ({marks(len(chunk))})""", (report.type, *chunk)))
    elif report.countries:
        # Undated: only a strong match merges, and that needs a shared person.
        for chunk in chunks(people):
            found.update(rid for (rid,) in conn.execute(
                f"""SELECT DISTINCT p.report_id FROM report_participants p
                    JOIN reports r ON r.id = p.report_id
                    WHERE p.actor_id IN ({marks(len(chunk))}) AND r.type = ?""", (*chunk, report.type)))
    found.discard(report.id)
    return found


class _Groups:
    """Union-find over reports not yet in an event and events already stored."""

    def __init__(self) -> None:
        self.parent: dict[tuple, tuple] = {}

    def find(self, node: tuple) -> tuple:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: tuple, b: tuple) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[tuple]]:
        out: dict[tuple, list[tuple]] = {}
        for node in sorted(self.parent):
            out.setdefault(self.find(node), []).append(node)
        return list(out.values())


def _node(report: Report) -> tuple:
    return ("event", report.event_id) if report.event_id is not None else ("report", report.id)


def merge_reports(conn: sqlite3.Connection, report_ids: Iterable[int],
                  known: Optional[dict[int, Report]] = None) -> None:
    """Fold these reports (new, or just released by hand) into the merged events.

    ``known`` may hold reports already in memory (those just written), to spare reading them back.
    """
    in_memory = known or {}
    wanted = list(report_ids)
    arriving = {rid: in_memory[rid] for rid in wanted if rid in in_memory}
    arriving.update(load_reports(conn, [rid for rid in wanted if rid not in in_memory]))
    found = {rid: candidates(conn, report) for rid, report in arriving.items()}
    seen = dict(arriving)
    seen.update(load_reports(conn, set().union(*found.values()) - seen.keys()) if found else {})
    groups = _Groups()
    for rid, report in arriving.items():
        groups.find(_node(report))
        for other in (seen[cid] for cid in sorted(found[rid])):
            if other.event_id is None and other.id not in arriving:
                continue  # not merged yet: it will meet this one when its own turn comes
            earlier, later = sorted((report, other), key=lambda r: r.order)
            if compare(earlier, later):
                groups.union(_node(report), _node(other))
    rebuild(conn, [
        ([n[1] for n in group if n[0] == "event"], [n[1] for n in group if n[0] == "report"])
        for group in groups.groups()], seen)


def rebuild(conn: sqlite3.Connection, groups: list[tuple[list[int], list[int]]],
            known: Optional[dict[int, Report]] = None) -> None:
    """Regroup each (stored events, loose reports) from all their reports and rewrite them."""
    old_events = sorted({eid for events, _ in groups for eid in events})
    members: dict[int, list[int]] = {}
    for chunk in chunks(old_events):
        for rid, eid in conn.execute(
                f"SELECT id, event_id FROM reports WHERE event_id IN ({marks(len(chunk))})", chunk):
            members.setdefault(eid, []).append(rid)
    reports = dict(known or {})
    wanted = {rid for ids in members.values() for rid in ids} | {rid for _, loose in groups for rid in loose}
    reports.update(load_reports(conn, wanted - reports.keys()))
    merged: list[MergedEvent] = []
    for events, loose in groups:
        ids = loose + [rid for eid in events for rid in members.get(eid, [])]
        merged.extend(reconcile(c) for c in cluster([reports[rid] for rid in ids]))
    for chunk in chunks(old_events):
        conn.execute(f"DELETE FROM events WHERE id IN ({marks(len(chunk))})", chunk)
    write_events(conn, merged)


def write_events(conn: sqlite3.Connection, merged: list[MergedEvent]) -> None:
    dumps = lambda value: json.dumps(value, ensure_ascii=False) if value else None  # noqa: E731
    conn.executemany(
        """INSERT INTO events (id, type, status, date_start, date_end, day_lo, day_hi, location_name,
                               location_country, countries, participants, agreement, conflicts,
                               n_reports, n_articles, first_published, last_published, actor_ids)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [(e.id, e.type, e.status, e.date_start, e.date_end, e.day_lo, e.day_hi,
          (e.location or {}).get("name"), (e.location or {}).get("country"), ",".join(e.countries),
          json.dumps(e.participants, ensure_ascii=False), dumps(e.agreement), dumps(e.conflicts),
          len(e.report_ids), e.n_articles, e.first_published, e.last_published,
          ",".join(str(actor) for actor, _ in e.actors)) for e in merged])
    # The lookup tables key on day_lo, so an undated event gets '' (sorting before every date).
    conn.executemany("INSERT INTO event_countries (country, day_lo, event_id, type) VALUES (?, ?, ?, ?)",
                     [(c, e.day_lo or UNDATED, e.id, e.type) for e in merged for c in e.countries])
    conn.executemany("INSERT INTO event_dyads (a, b, day_lo, event_id, type) VALUES (?, ?, ?, ?, ?)",
                     [(a, b, e.day_lo or UNDATED, e.id, e.type) for e in merged for a, b in e.dyads])
    conn.executemany("INSERT INTO event_actors (actor_id, day_lo, event_id, role, type) VALUES (?, ?, ?, ?, ?)",
                     [(actor, e.day_lo or UNDATED, e.id, role, e.type) for e in merged for actor, role in e.actors])
    conn.executemany("UPDATE reports SET event_id = ?, merge_reason = ? WHERE id = ?",
                     [(e.id, reason, rid) for e in merged for rid, reason in zip(e.report_ids, e.reasons)])
    longest = max((_span_days(e) for e in merged), default=0)
    conn.execute(
        """INSERT INTO kb_meta (key, value) VALUES ('longest_event_days', ?)
           ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)""", (longest,))


def _span_days(event: MergedEvent) -> int:
    if not event.day_lo:
        return 0
    return (date.fromisoformat(event.day_hi) - date.fromisoformat(event.day_lo)).days


def split(conn: sqlite3.Connection, report_id: int) -> Optional[int]:
    """Take a report out of its event for good; return the event it now stands alone in."""
    event_id = conn.execute("SELECT event_id FROM reports WHERE id = ?", (report_id,)).fetchone()
    if event_id is None:
        raise KeyError(f"no report {report_id}")
    conn.execute("UPDATE reports SET detached = 1 WHERE id = ?", (report_id,))
    rebuild(conn, [([event_id[0]], [])] if event_id[0] is not None else [([], [report_id])])
    return conn.execute("SELECT event_id FROM reports WHERE id = ?", (report_id,)).fetchone()[0]


def unsplit(conn: sqlite3.Connection, report_id: int) -> Optional[int]:
    """Let a split-off report merge again by the rule; return its event."""
    if conn.execute("UPDATE reports SET detached = 0 WHERE id = ?", (report_id,)).rowcount == 0:
        raise KeyError(f"no report {report_id}")
    merge_reports(conn, [report_id])
    return conn.execute("SELECT event_id FROM reports WHERE id = ?", (report_id,)).fetchone()[0]


def remerge_all(conn: sqlite3.Connection, chunk_size: int = 2000) -> int:
    """Recompute every merged event from the reports, in canonical order; return their number."""
    conn.execute("DELETE FROM events")
    conn.execute("UPDATE reports SET event_id = NULL, merge_reason = NULL")
    ordered = [rid for (rid,) in conn.execute(
        "SELECT r.id FROM reports r JOIN articles a ON a.id = r.article_id "
        "ORDER BY a.published, r.article_id, r.idx")]
    for chunk in chunks(ordered, chunk_size):
        merge_reports(conn, chunk)
    return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
