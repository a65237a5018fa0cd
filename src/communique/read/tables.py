"""CSV and TSV files (optionally gzipped): a header row, then one article per row.

Rows stream through the stdlib csv reader. Bytes are decoded line by line so
a bad byte costs only the row it falls in, not the rest of the file.
"""
from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from communique.model import Article, Skipped

from .common import BINARY_REASON, BOM, Unreadable, decode_utf8, one_line
from .records import REQUIRED_FIELDS, article_from_record
from .streams import STREAM_ERRORS, open_binary, starts_binary, stream_error_reason


def _raise_field_size_limit() -> None:
    # article bodies are far longer than csv's default 128 KiB field limit
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


_raise_field_size_limit()

BOM_BYTES = BOM.encode("utf-8")


class DecodedLines:
    """Lines of a binary stream as text, remembering which ones were not UTF-8."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._bad: dict[int, str] = {}
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for raw_line in self._stream:
            self.count += 1
            yield self._decode(raw_line)

    def _decode(self, raw_line: bytes) -> str:
        try:
            line = decode_utf8(raw_line)
        except Unreadable as exc:
            self._bad[self.count] = str(exc)
            return raw_line.decode("utf-8", "replace")
        # decode_utf8 drops a BOM; only the file's first line may lose one
        return line if self.count == 1 or not raw_line.startswith(BOM_BYTES) else BOM + line

    def take_bad(self) -> str | None:
        """The reason for the first undecodable line since the last call, if any."""
        reason = next(iter(self._bad.values()), None)
        self._bad.clear()
        return reason


def read_table_file(path: Path, columns: dict[str, str]) -> Iterator[Article | Skipped]:
    dialect = "excel-tab" if path.name.lower().endswith((".tsv", ".tsv.gz")) else "excel"
    try:
        with open_binary(path) as stream:
            if starts_binary(stream):
                yield Skipped(str(path), BINARY_REASON)
                return
            lines = DecodedLines(stream)
            yield from read_rows(csv.reader(lines, dialect=dialect), lines, columns, path)
    except STREAM_ERRORS as exc:
        yield Skipped(str(path), stream_error_reason(exc))


def read_rows(
    reader: Iterator[list[str]], lines: DecodedLines, columns: dict[str, str], path: Path,
) -> Iterator[Article | Skipped]:
    try:
        header = read_header(reader)
    except csv.Error as exc:
        yield Skipped(str(path), f"CSV error in the header: {exc}")
        return
    if header is None:
        yield Skipped(str(path), "no header row")
        return
    problem = header_problem(header, columns) or lines.take_bad()
    if problem:
        yield Skipped(str(path), problem)
        return
    while True:
        first_line = lines.count + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            lines.take_bad()   # bad bytes in this broken row must not taint the next one
            yield Skipped(f"{path}:{first_line}", f"CSV error: {exc}")
            continue
        if any(cell.strip() for cell in row):
            yield read_row(row, header, columns, lines.take_bad(), source=f"{path}:{first_line}")


def read_header(reader: Iterator[list[str]]) -> list[str] | None:
    """The first non-blank row, names trimmed; None for an empty file."""
    for row in reader:
        if any(cell.strip() for cell in row):
            return [cell.strip() for cell in row]
    return None


def header_problem(header: list[str], columns: dict[str, str]) -> str | None:
    for field in REQUIRED_FIELDS:
        if columns[field] not in header:
            return f"missing column {columns[field]!r} (header has: {one_line(', '.join(header))})"
    return None


def read_row(
    row: list[str], header: list[str], columns: dict[str, str], bad_bytes: str | None, source: str,
) -> Article | Skipped:
    if bad_bytes:
        return Skipped(source, bad_bytes)
    if len(row) < len(header) or any(cell.strip() for cell in row[len(header):]):
        return Skipped(source, f"row has {len(row)} fields, header has {len(header)}")
    try:
        return article_from_record(dict(zip(header, row)), columns, source)
    except Unreadable as exc:
        return Skipped(source, str(exc))
