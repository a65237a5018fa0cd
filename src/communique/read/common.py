"""Checks and helpers every reader shares: ids, dates, body sanity, names.

Readers turn bad input into :class:`Unreadable` with a one-line reason; the
reader's loop turns that into a ``Skipped`` so one bad item never stops a run.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from itertools import islice
from pathlib import Path

from communique.model import Article

MIN_WORDS = 5                   # fewer words than this is a caption or a stub, not an article
MAX_FILE_BYTES = 50_000_000     # one article file larger than this is not an article
EARLIEST_YEAR = 1900
FUTURE_TOLERANCE = timedelta(days=2)   # time zones and early-published pieces
MAX_CONTROL_SHARE = 0.10        # share of control characters above which text is binary
MAX_NAME_LENGTH = 120

ISO_DATE_START = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
WORD = re.compile(r"\w+")
UNSAFE_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
# Unicode category Cc less the whitespace controls \t \n \v \f \r
CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
BOM = "\ufeff"
BINARY_REASON = "binary content (contains NUL bytes)"


class Unreadable(Exception):
    """An input that cannot become an article; ``str(exc)`` is the reason."""


def article_id(published: date, text: str) -> str:
    """A stable content id: same date and text give the same id anywhere."""
    digest = hashlib.sha256(f"{published.isoformat()}\n{text}".encode("utf-8"))
    return digest.hexdigest()[:16]


def read_small_file(path: Path) -> bytes:
    """A whole one-article file; refuse huge ones rather than exhaust memory."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Unreadable(f"file too large for one article ({size} bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise Unreadable(describe_os_error(exc)) from None


def describe_os_error(exc: OSError) -> str:
    return f"cannot read file: {exc.strerror or exc}"


def decode_utf8(data: bytes) -> str:
    """Decode strictly and drop a leading BOM; name the first bad byte if any."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_byte = data[exc.start]
        raise Unreadable(f"not UTF-8 text (byte 0x{bad_byte:02x} at offset {exc.start})") from None
    return text.removeprefix(BOM)


def reject_binary_bytes(data: bytes) -> None:
    """NUL bytes never occur in text; catching them first gives a clearer reason."""
    if b"\x00" in data:
        raise Unreadable(BINARY_REASON)


def parse_date_value(raw: object) -> date:
    """A publication date from YYYY-MM-DD, an ISO datetime or an RFC 2822 string."""
    if not isinstance(raw, str):
        raise Unreadable(f"unreadable date {raw!r}")
    value = raw.strip()
    if not value:
        raise Unreadable("empty date")
    iso = ISO_DATE_START.match(value)
    published = _parse_iso(value, iso) if iso else _parse_rfc2822(value)
    check_plausible_date(published)
    return published


def _parse_iso(value: str, iso: re.Match[str]) -> date:
    try:
        day = date(*(int(part) for part in iso.groups()))
    except ValueError:
        raise Unreadable(f"impossible date {iso.group(0)}") from None
    if iso.end() == len(value):
        return day
    try:
        # the date as written, not shifted to UTC: it anchors the article's relative dates
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise Unreadable(f"unreadable date {value!r}") from None


def _parse_rfc2822(value: str) -> date:
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        raise Unreadable(f"unreadable date {value!r}") from None


def check_plausible_date(published: date, today: date | None = None) -> None:
    """Reject dates no news article can have: before 1900 or in the future."""
    today = today or date.today()
    if published.year < EARLIEST_YEAR:
        raise Unreadable(f"impossible date {published.isoformat()}: before {EARLIEST_YEAR}")
    if published > today + FUTURE_TOLERANCE:
        raise Unreadable(f"publication date {published.isoformat()} is in the future")


def check_body(text: str) -> None:
    """The body must be real text with at least a sentence's worth of words."""
    if "\x00" in text:
        raise Unreadable(BINARY_REASON)
    if not text.strip():
        raise Unreadable("empty article body")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise Unreadable("binary content (mostly control characters)")
    words = _count_words_up_to(text, MIN_WORDS)
    if words < MIN_WORDS:
        raise Unreadable(f"not an article: body has fewer than {MIN_WORDS} words ({words})")


def _control_share(text: str) -> float:
    if CONTROL_CHARS.search(text) is None:   # the usual case, without building a list
        return 0.0
    return len(CONTROL_CHARS.findall(text)) / len(text)


def _count_words_up_to(text: str, limit: int) -> int:
    """Words in text, counting no further than limit: long bodies stop early."""
    return sum(1 for _ in islice(WORD.finditer(text), limit))


def one_line(text: str, limit: int = 200) -> str:
    """Input quoted in a reason: line breaks, control and bidi characters escaped, long text cut."""
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def safe_name(value: object) -> str:
    """A file-like name from an id column: no path separators, spaces or oddities."""
    name = UNSAFE_NAME_CHARS.sub("_", str(value).strip()).strip("._")
    return name[:MAX_NAME_LENGTH]


def optional_text(value: object) -> str | None:
    """A title or URL cell: blank and null both mean absent."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def make_article(
    *, source: str, published: date, text: str,
    name: str | None = None, title: object = None, url: object = None,
) -> Article:
    """Check the body and build the Article; the name defaults to the id."""
    check_body(text)
    identifier = article_id(published, text)
    return Article(
        id=identifier,
        name=name or identifier,
        source=source,
        published=published,
        text=text,
        title=optional_text(title),
        url=optional_text(url),
    )
