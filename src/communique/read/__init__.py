"""Readers: dated news articles from files and folders, streamed.

``read_paths`` yields an :class:`~communique.model.Article` for every good
article and a :class:`~communique.model.Skipped` (source and one-line reason)
for every bad one; bad input never raises. Supported inputs:

- seed text files (``.txt``) whose first line opens with `` date YYYY-MM-DD ``;
- JSON Lines (``.jsonl``, ``.ndjson``, and gzipped ``.gz`` forms), one object per line;
- CSV/TSV (``.csv``, ``.tsv``, and ``.gz`` forms) with a header row;
- saved article pages (``.html``, ``.htm``);
- folders, walked recursively in sorted order, hidden entries ignored.

JSON Lines and CSV columns default to id, url, title, date, text;
``columns`` renames them, e.g. ``{"text": "body", "date": "published_at"}``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from communique.model import Article, Skipped

from .common import MIN_WORDS, article_id, one_line
from .html import read_html_file
from .jsonl import read_jsonl_file
from .records import DEFAULT_COLUMNS, resolve_columns
from .seed import read_seed_file
from .tables import read_table_file
from .walk import walk_folder

__all__ = [
    "read_paths", "read_file", "article_id", "ReadCounter",
    "SUPPORTED_SUFFIXES", "DEFAULT_COLUMNS", "MIN_WORDS",
]

FileReader = Callable[[Path, dict[str, str]], Iterator[Article | Skipped]]


def _single(reader: Callable[[Path], Article | Skipped]) -> FileReader:
    """Adapt a one-article-per-file reader to the many-per-file signature."""
    def read(path: Path, columns: dict[str, str]) -> Iterator[Article | Skipped]:
        yield reader(path)
    return read


# longest suffixes first so ".jsonl.gz" wins over ".gz"
READERS: dict[str, FileReader] = {
    ".jsonl.gz": read_jsonl_file,
    ".ndjson.gz": read_jsonl_file,
    ".csv.gz": read_table_file,
    ".tsv.gz": read_table_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".csv": read_table_file,
    ".tsv": read_table_file,
    ".txt": _single(read_seed_file),
    ".html": _single(read_html_file),
    ".htm": _single(read_html_file),
}
SUPPORTED_SUFFIXES = tuple(READERS)


def read_paths(
    paths: Iterable[str | Path], columns: Mapping[str, str] | None = None,
) -> Iterator[Article | Skipped]:
    """Stream articles from files and folders, in the order given.

    Raises ValueError at once for an unknown field in ``columns`` (a caller's
    bug); everything about the inputs themselves comes out as Skipped.
    """
    resolved = resolve_columns(columns)
    if isinstance(paths, (str, Path)):   # one path, not an iterable of characters
        paths = [paths]
    return _read_all(paths, resolved)


def _read_all(paths: Iterable[str | Path], columns: dict[str, str]) -> Iterator[Article | Skipped]:
    for given in paths:
        yield from _read_one_path(Path(given), columns)


def _read_one_path(path: Path, columns: dict[str, str]) -> Iterator[Article | Skipped]:
    try:
        is_folder, exists = path.is_dir(), path.exists()
    except (OSError, ValueError) as exc:   # e.g. permission denied, NUL in the name
        yield Skipped(str(path), f"cannot read path: {exc}")
        return
    if is_folder:
        yield from _read_folder(path, columns)
    elif exists:
        yield from read_file(path, columns)
    else:
        yield Skipped(str(path), "no such file or directory")


def _read_folder(folder: Path, columns: dict[str, str]) -> Iterator[Article | Skipped]:
    for found in walk_folder(folder):
        if isinstance(found, Skipped):
            yield found
        else:
            yield from read_file(found, columns)


def read_file(path: str | Path, columns: Mapping[str, str] | None = None) -> Iterator[Article | Skipped]:
    """Articles from one file, the reader chosen by its extension."""
    path = Path(path)
    reader = reader_for(path)
    if reader is None:
        yield Skipped(str(path), f"unsupported file type {describe_suffix(path)}")
        return
    produced = False
    for item in reader(path, resolve_columns(columns)):
        produced = True
        yield item
    if not produced:
        # A table or feed with a header and no rows still deserves a word.
        yield Skipped(str(path), "no articles in the file")


def reader_for(path: Path) -> FileReader | None:
    name = path.name.lower()
    return next((READERS[suffix] for suffix in READERS if name.endswith(suffix)), None)


def describe_suffix(path: Path) -> str:
    return f"'{one_line(path.suffix, 40)}'" if path.suffix else "(no extension)"


class ReadCounter:
    """Counts what passes through a read, for "read N articles, skipped M".

    ``for item in counter.wrap(read_paths(...))`` passes every item on
    unchanged; afterwards ``counter.read`` is the number of articles and
    ``counter.skipped`` the list of Skipped.
    """

    def __init__(self) -> None:
        self.read = 0
        self.skipped: list[Skipped] = []

    def wrap(self, items: Iterable[Article | Skipped]) -> Iterator[Article | Skipped]:
        for item in items:
            if isinstance(item, Skipped):
                self.skipped.append(item)
            else:
                self.read += 1
            yield item

    def summary(self) -> str:
        return f"read {self.read} articles, skipped {len(self.skipped)}"
