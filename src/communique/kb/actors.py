"""One actor per real person, across articles.

An actor is found by its id in the curated actor table when the pipeline gives
one, otherwise by its folded name key plus country: "Phan Văn Giang" and
"Phan Van Giang" of VNM are one actor, while "Nguyen Tan Cuong" and "Nguyen
Van Cuong" stay two. Each article's view of the actor (the name it writes, the
titles it gives at its date) is kept, so offices and ranks can be traced over time.
"""
from __future__ import annotations

import sqlite3
from typing import Optional

from .names import diacritics_count, name_key, name_words, same_person_name


class ActorResolver:
    """Finds or creates actors within one write transaction (its cache dies with it)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._cache: dict[tuple, int] = {}
        self._aliases: set[tuple[int, str]] = set()

    def resolve(self, name: str, country: Optional[str], table_id: Optional[str] = None) -> Optional[int]:
        key = name_key(name)
        if not key:
            return None
        country = country or ""
        cache_key = ("table", table_id) if table_id else ("name", key, country)
        actor_id = self._cache.get(cache_key)
        if actor_id is None:
            actor_id = self._find(key, country, table_id) or self._create(name, key, country, table_id)
            self._cache[cache_key] = actor_id
        self._note_alias(actor_id, name)
        return actor_id

    def _find(self, key: str, country: str, table_id: Optional[str]) -> Optional[int]:
        one = lambda sql, *args: (self.conn.execute(sql, args).fetchone() or (None,))[0]  # noqa: E731
        if table_id:
            found = one("SELECT id FROM actors WHERE table_id = ?", table_id)
            if found:
                return found
            # The same person seen before without a table id: give it the id now.
            found = one("SELECT id FROM actors WHERE name_key = ? AND country = ? AND table_id IS NULL "
                        "ORDER BY id LIMIT 1", key, country)
            if found:
                self.conn.execute("UPDATE actors SET table_id = ? WHERE id = ?", (table_id, found))
            return found
        found = one("SELECT id FROM actors WHERE name_key = ? AND country = ? ORDER BY id LIMIT 1", key, country)
        if found:
            return found
        if not country:
            return one("SELECT id FROM actors WHERE name_key = ? ORDER BY id LIMIT 1", key)
        # Known now, unknown before: the country-less actor of that name learns its country.
        found = one("SELECT id FROM actors WHERE name_key = ? AND country = '' ORDER BY id LIMIT 1", key)
        if found:
            self.conn.execute("UPDATE actors SET country = ? WHERE id = ?", (country, found))
        return found

    def _create(self, name: str, key: str, country: str, table_id: Optional[str]) -> int:
        cursor = self.conn.execute(
            "INSERT INTO actors (name, name_key, country, table_id) VALUES (?, ?, ?, ?)",
            (name, key, country, table_id))
        return cursor.lastrowid

    def _note_alias(self, actor_id: int, name: str) -> None:
        if (actor_id, name) in self._aliases:
            return
        self._aliases.add((actor_id, name))
        inserted = self.conn.execute(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, name) VALUES (?, ?)", (actor_id, name)).rowcount
        if inserted:
            # Show the fullest written form: the one with diacritics, the longer one on a tie.
            current = self.conn.execute("SELECT name FROM actors WHERE id = ?", (actor_id,)).fetchone()[0]
            if (diacritics_count(name), len(name), name) > (diacritics_count(current), len(current), current):
                self.conn.execute("UPDATE actors SET name = ? WHERE id = ?", (name, actor_id))


def match_participant(name: str, article_actors: list[tuple[str, int]]) -> Optional[int]:
    """The article's actor a participant name denotes, or None.

    ``article_actors`` is [(name, actor id)]. A one-word name ("Giang") is
    taken only when exactly one of the article's actors carries that word.
    """
    for actor_name, actor_id in article_actors:   # the usual case, and the cheapest
        if name == actor_name:
            return actor_id
    for actor_name, actor_id in article_actors:
        if same_person_name(name, actor_name):
            return actor_id
    words = name_words(name)
    if len(words) == 1:
        holders = {actor_id for actor_name, actor_id in article_actors if words[0] in name_words(actor_name)}
        if len(holders) == 1:
            return holders.pop()
    return None
