"""Answers kept until the database changes: the dashboard's answer to load.

The dashboard only reads, and a database changes only when an ingest (or a
split) commits. So an answer computed once is right for every later request
with the same path and query until the next commit. ``ResponseCache`` keeps
whole answers (status, headers, body) keyed by path and query, and drops them
all as soon as SQLite's ``PRAGMA data_version`` (asked on one watcher
connection, a couple of microseconds) says another connection committed, or the
file under that name is another file.

An answer is kept only when the data version was the same before and after
it was computed: the request's read transaction then saw exactly that version,
so a cached answer is never older than the database it is served for.
Concurrent requests for the same missing answer wait for the first one to
compute it instead of all computing it (50 clients opening the overview at
once cost one set of queries, not 50).
"""
from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable, Optional

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY_SHARE = 8      # one answer may use at most 1/8 of the cache
# Says whether an answer came from the cache (tests and benchmarks count them).
HIT = (b"x-communique-cache", b"hit")
MISS = (b"x-communique-cache", b"miss")


@dataclass(frozen=True)
class Entry:
    start: dict          # the http.response.start message
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.start.get("headers", ())) + 64


class DataVersion:
    """The database's change counter, as one long-lived read-only connection sees it.

    A file replaced under the same name (deleted and built again while serving) is another
    database: the file's identity is part of the version, and the watcher reopens on it.
    """

    def __init__(self, path: Path, open_connection: Callable[[], sqlite3.Connection]):
        self._path = path
        self._open = open_connection
        self._lock = threading.Lock()
        self._identity = self._file()
        self._conn = open_connection()

    def _file(self) -> tuple:
        try:
            found = os.stat(self._path)
        except OSError:
            return ()
        return found.st_dev, found.st_ino

    def __call__(self) -> tuple:
        with self._lock:
            identity = self._file()
            if identity != self._identity:
                self._conn.close()
                self._conn, self._identity = self._open(), identity
            return identity, self._conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self._conn.close()


class ResponseCache:
    """ASGI middleware: GET answers with status 200, kept per database version (see the module)."""

    def __init__(self, app, version: Callable[[], object], max_bytes: int = DEFAULT_MAX_BYTES,
                 cacheable: Callable[[str], bool] = lambda path: True):
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self.cacheable = cacheable
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.size = 0
        self.seen_version: object = None
        self.pending: dict[tuple, asyncio.Future] = {}

    # --- the store -------------------------------------------------------------------------

    def _current(self) -> object:
        found = self.version()
        if found != self.seen_version:       # someone committed: every answer may be stale
            self.entries.clear()
            self.size = 0
            self.seen_version = found
        return found

    def _keep(self, key: tuple, entry: Entry) -> None:
        if entry.size > self.max_bytes // MAX_ENTRY_SHARE:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= old.size
        self.entries[key] = entry
        self.size += entry.size
        while self.size > self.max_bytes and self.entries:
            _, dropped = self.entries.popitem(last=False)
            self.size -= dropped.size

    # --- ASGI ------------------------------------------------------------------------------

    async def __call__(self, scope, receive, send) -> None:
        if (self.max_bytes <= 0 or scope["type"] != "http" or scope["method"] != "GET"
                or not self.cacheable(scope.get("path", ""))):
            await self.app(scope, receive, send)
            return
        version = self._current()
        key = (scope.get("path", ""), scope.get("query_string", b""))
        entry = self.entries.get(key)
        if entry is None and key in self.pending:      # someone is computing it: wait for theirs
            await asyncio.shield(self.pending[key])
            version = self._current()
            entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            await send({**entry.start, "headers": [*entry.start.get("headers", ()), HIT]})
            await send({"type": "http.response.body", "body": entry.body, "more_body": False})
            return
        done = self.pending.setdefault(key, asyncio.get_running_loop().create_future())
        try:
            await self._compute(scope, receive, send, key, version)
        finally:
            if self.pending.get(key) is done:
                del self.pending[key]
            if not done.done():
                done.set_result(None)

    async def _compute(self, scope, receive, send: Callable[[dict], Awaitable[None]], key: tuple,
                       version: object) -> None:
        start: Optional[dict] = None
        chunks: list[bytes] = []
        room = self.max_bytes // MAX_ENTRY_SHARE

        async def capture(message: dict) -> None:
            nonlocal start, room
            if message["type"] == "http.response.start":
                start = message if message.get("status") == 200 else None
                message = {**message, "headers": [*message.get("headers", ()), MISS]}
            elif message["type"] == "http.response.body" and start is not None and room >= 0:
                body = message.get("body", b"")
                room -= len(body)
                chunks.append(body)
                if not message.get("more_body", False) and room >= 0 and self._current() == version:
                    self._keep(key, Entry({**start, "headers": list(start.get("headers", ()))},
                                         b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)
