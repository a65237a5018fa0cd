"""Rows of JSON Lines and CSV files: one record per article, named columns.

``columns`` maps our field names (id, url, title, date, text) to the file's
column names, so ``{"text": "body"}`` reads the body from a column ``body``.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from communique.model import Article

from .common import Unreadable, make_article, parse_date_value, safe_name

DEFAULT_COLUMNS: dict[str, str] = {
    "id": "id", "url": "url", "title": "title", "date": "date", "text": "text",
}
REQUIRED_FIELDS = ("date", "text")


def resolve_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    """Our defaults overridden by the caller; an unknown field is a caller's bug."""
    resolved = dict(DEFAULT_COLUMNS)
    for field, column in (columns or {}).items():
        if field not in DEFAULT_COLUMNS:
            known = ", ".join(DEFAULT_COLUMNS)
            raise ValueError(f"unknown article field {field!r} in columns (known: {known})")
        if not isinstance(column, str) or not column:
            raise ValueError(f"column name for {field!r} must be a non-empty string")
        resolved[field] = column
    return resolved


def article_from_record(record: Mapping[str, Any], columns: dict[str, str], source: str) -> Article:
    """Build an Article from one row; raise Unreadable naming what is wrong."""
    for field in REQUIRED_FIELDS:
        if record.get(columns[field]) is None:
            raise Unreadable(f"missing column {columns[field]!r}")
    published = parse_date_value(record[columns["date"]])
    text = record[columns["text"]]
    if not isinstance(text, str):
        raise Unreadable(f"column {columns['text']!r} is not text (got {type(text).__name__})")
    return make_article(
        source=source,
        name=name_from_id(record.get(columns["id"])),
        published=published,
        text=text,
        title=record.get(columns["title"]),
        url=record.get(columns["url"]),
    )


def name_from_id(value: object) -> str | None:
    """The id column as a safe file-like name; None lets the content id stand in."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return safe_name(value) or None
