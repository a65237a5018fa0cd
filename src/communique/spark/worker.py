"""What runs inside Spark executors: the per-process pipeline and the per-partition functions.

Functions here are shipped to executors by reference (they live in an importable
module), so only their names travel; the pipeline itself is built lazily, once
per Python worker process, the first time a partition needs it, and then reused
for every later partition that worker runs (PySpark reuses its Python workers:
``spark.python.worker.reuse``, on by default).
"""
from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import Any, Iterable, Iterator, Mapping

from ..model import Article, Skipped


@lru_cache(maxsize=2)
def pipeline(use_ner: bool = True):
    """This process's pipeline: built on first use, never pickled."""
    from ..pipeline import Pipeline
    return Pipeline(use_ner=use_ner)


def annotate_partition(items: Iterable[Article | Skipped], use_ner: bool = True) -> Iterator[tuple[str, dict]]:
    """(table, row) for every article of a partition, annotated by this worker's pipeline."""
    from .rows import document_rows
    for item in pipeline(use_ner).process_many(items):
        yield from document_rows(item)


# --- reading ------------------------------------------------------------------------------

def _name(path: str) -> str:
    return posixpath.basename(path.rstrip("/")) or path


def article_from_jsonl_line(columns: dict[str, str], line: str, source: str) -> Article | Skipped | None:
    """One JSON Lines line as an Article (None for a blank line), as ``communique extract`` reads it."""
    from ..read.jsonl import read_jsonl_line
    if not line or not line.strip():
        return None
    return read_jsonl_line(line.encode("utf-8"), columns, source=source)


def article_from_record(columns: dict[str, str], record: Mapping[str, Any], source: str) -> Article | Skipped:
    """One Parquet row (a mapping of column to value) as an Article."""
    from ..read.common import Unreadable
    from ..read.records import article_from_record as build
    record = dict(record)
    published = record.get(columns["date"])
    if published is not None and hasattr(published, "isoformat"):   # a date or timestamp column
        record[columns["date"]] = published.isoformat()
    try:
        return build(record, columns, source)
    except Unreadable as exc:
        return Skipped(source, str(exc))


def article_from_seed_bytes(path: str, content: bytes) -> Article | Skipped:
    """One seed text file (`` date YYYY-MM-DD`` on the first line) as an Article."""
    from ..read.common import Unreadable
    from ..read.seed import parse_seed
    try:
        return parse_seed(bytes(content), source=path, name=_name(path))
    except Unreadable as exc:
        return Skipped(path, str(exc))
