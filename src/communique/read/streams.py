"""Opening row-per-article files as binary streams, gzipped or not."""
from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import BinaryIO

from .common import describe_os_error

# what reading a plain or gzipped stream can raise part-way through
STREAM_ERRORS = (OSError, EOFError, zlib.error)
BINARY_SNIFF_BYTES = 8192


def open_binary(path: Path) -> BinaryIO:
    """A binary stream of the file's bytes; ``.gz`` files are decompressed on the fly."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def starts_binary(stream: BinaryIO) -> bool:
    """NUL bytes near the start: a binary file misnamed, better skipped once than line by line."""
    head = stream.read(BINARY_SNIFF_BYTES)
    stream.seek(0)
    return b"\x00" in head


def stream_error_reason(exc: BaseException) -> str:
    """Why reading stopped part-way: an unreadable file or a broken gzip stream."""
    if isinstance(exc, OSError) and exc.strerror:
        return describe_os_error(exc)
    return f"cannot read file: {str(exc) or type(exc).__name__}"
