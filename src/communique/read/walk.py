"""Walking folders: every visible file, in a stable sorted order."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from communique.model import Skipped

from .common import describe_os_error


def is_hidden(path: Path) -> bool:
    return path.name.startswith(".")


def walk_folder(folder: Path) -> Iterator[Path | Skipped]:
    """Files under ``folder``, depth first, sorted by name at each level.

    Hidden files and folders are left out. A folder reached twice through
    symbolic links is walked once, so link loops end. An unreadable folder
    comes out as a Skipped.
    """
    yield from _walk(folder, seen=set())


def _walk(folder: Path, seen: set[Path]) -> Iterator[Path | Skipped]:
    try:
        real = folder.resolve()
        if real in seen:
            return
        seen.add(real)
        children = sorted(folder.iterdir(), key=lambda child: child.name)
    except OSError as exc:
        yield Skipped(str(folder), describe_os_error(exc))
        return
    for child in children:
        if is_hidden(child):
            continue
        if _is_folder(child):
            yield from _walk(child, seen)
        else:
            yield child   # an unreadable file is reported by its reader


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
