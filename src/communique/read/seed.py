"""The seed format: a ``.txt`` file whose first line opens with `` date YYYY-MM-DD ``.

Everything after the date and the whitespace that follows it is the body,
kept exactly as in the file (Windows newlines included) so offsets hold.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from communique.model import Article, Skipped

from .common import (
    Unreadable, check_plausible_date, decode_utf8, make_article, read_small_file,
    reject_binary_bytes,
)

# the prefix on the first line only: leading blanks are optional, the date token is required
DATE_PREFIX = re.compile(r"[ \t]*date[ \t]+(?P<token>\S+)", re.IGNORECASE)
SEED_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
WHITESPACE_AFTER_DATE = re.compile(r"\s*")


def read_seed_file(path: Path) -> Article | Skipped:
    """One seed file as an Article, or a Skipped saying why not."""
    try:
        return parse_seed(read_small_file(path), source=str(path), name=path.name)
    except Unreadable as exc:
        return Skipped(str(path), str(exc))


def parse_seed(data: bytes, *, source: str, name: str) -> Article:
    reject_binary_bytes(data)
    content = decode_utf8(data)
    published, body_start = parse_date_prefix(content)
    return make_article(source=source, name=name, published=published, text=content[body_start:])


def parse_date_prefix(content: str) -> tuple[date, int]:
    """The publication date on the first line and where the body begins."""
    prefix = DATE_PREFIX.match(content)
    if not prefix:
        raise Unreadable("no publication date on the first line")
    token = prefix.group("token")
    parts = SEED_DATE.fullmatch(token)
    if not parts:
        raise Unreadable(f"unreadable date {token!r} on the first line")
    try:
        published = date(*(int(part) for part in parts.groups()))
    except ValueError:
        raise Unreadable(f"impossible date {token}") from None
    check_plausible_date(published)
    body_start = WHITESPACE_AFTER_DATE.match(content, prefix.end()).end()
    return published, body_start
