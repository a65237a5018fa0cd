"""JSON Lines (``.jsonl``, ``.ndjson``, optionally gzipped): one article per line.

Read line by line from a binary stream, so a file of any size streams and a
bad byte or bad JSON costs only its own line.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from communique.model import Article, Skipped

from .common import BINARY_REASON, Unreadable, decode_utf8
from .records import article_from_record
from .streams import STREAM_ERRORS, open_binary, starts_binary, stream_error_reason


def read_jsonl_file(path: Path, columns: dict[str, str]) -> Iterator[Article | Skipped]:
    try:
        with open_binary(path) as stream:
            if starts_binary(stream):
                yield Skipped(str(path), BINARY_REASON)
                return
            for line_number, raw_line in enumerate(stream, start=1):
                if raw_line.strip():
                    yield read_jsonl_line(raw_line, columns, source=f"{path}:{line_number}")
    except STREAM_ERRORS as exc:
        yield Skipped(str(path), stream_error_reason(exc))


def read_jsonl_line(raw_line: bytes, columns: dict[str, str], source: str) -> Article | Skipped:
    try:
        record = parse_json_object(raw_line)
        return article_from_record(record, columns, source)
    except Unreadable as exc:
        return Skipped(source, str(exc))


def parse_json_object(raw_line: bytes) -> dict:
    line = decode_utf8(raw_line)   # also drops a BOM on the first line
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise Unreadable(f"JSON error: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise Unreadable("JSON error: nested too deeply") from None
    if not isinstance(record, dict):
        raise Unreadable(f"JSON error: expected an object, got {type(record).__name__}")
    return record
