"""Saved article pages (``.html``, ``.htm``): date, title and body paragraphs.

Uses the stdlib's event-driven HTMLParser, which keeps no tree and never
recurses, so arbitrarily deep nesting cannot hit the recursion limit.
"""
from __future__ import annotations

import codecs
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from communique.model import Article, Skipped

from .common import (
    Unreadable, decode_utf8, make_article, parse_date_value, read_small_file, reject_binary_bytes,
)

# page furniture, not article text
SKIPPED_TAGS = frozenset({"script", "style", "nav", "header", "footer", "noscript", "template", "aside", "svg"})
# elements that start a new paragraph of text
BLOCK_TAGS = frozenset({
    "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "main", "blockquote", "pre", "table", "tr", "td", "th",
    "figure", "figcaption", "address", "body",
})
# where a page states its publication date, most specific first: (attribute, value)
DATE_META = (
    ("property", "article:published_time"),
    ("name", "date"),
    ("itemprop", "datepublished"),
    ("name", "pubdate"),
    ("name", "dc.date"),
)
DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
CHARSET_SNIFF_BYTES = 4096
PARAGRAPH_SEPARATOR = "\n\n"


class PageParser(HTMLParser):
    """Collects date candidates, titles and paragraph text in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[tuple[str, str], str] = {}
        self.time_datetime: str | None = None
        self.json_ld_blocks: list[str] = []
        self.title_parts: list[str] = []
        self.body_paragraphs: list[str] = []
        self.article_paragraphs: list[str] = []
        self._skip_depth = 0
        self._article_depth = 0
        self._in_title = False
        self._json_ld: list[str] | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            self._record_meta(attributes)
        elif tag == "time" and attributes.get("datetime") and self.time_datetime is None:
            self.time_datetime = attributes["datetime"]
        if tag == "script" and "ld+json" in attributes.get("type", "").lower():
            self._json_ld = []
        if tag in SKIPPED_TAGS:
            self._flush()
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag in BLOCK_TAGS:
            self._flush()
            if tag == "article":
                self._article_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._json_ld is not None:
            self.json_ld_blocks.append("".join(self._json_ld))
            self._json_ld = None
        if tag in SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in BLOCK_TAGS:
            self._flush()
            if tag == "article":
                self._article_depth = max(0, self._article_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._json_ld is not None:
            self._json_ld.append(data)
        elif self._skip_depth:
            return
        elif self._in_title:
            self.title_parts.append(data)
        else:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _record_meta(self, attributes: dict[str, str]) -> None:
        content = attributes.get("content", "").strip()
        if not content:
            return
        for key in ("property", "name", "itemprop"):
            value = attributes.get(key, "").strip().lower()
            if value:
                self.meta.setdefault((key, value), content)

    def _flush(self) -> None:
        paragraph = " ".join("".join(self._buffer).split())
        self._buffer.clear()
        if paragraph:
            self.body_paragraphs.append(paragraph)
            if self._article_depth:
                self.article_paragraphs.append(paragraph)


def read_html_file(path: Path) -> Article | Skipped:
    try:
        return parse_html(read_small_file(path), source=str(path), name=path.name)
    except Unreadable as exc:
        return Skipped(str(path), str(exc))


def parse_html(data: bytes, *, source: str, name: str) -> Article:
    reject_binary_bytes(data)
    page = PageParser()
    page.feed(decode_page(data))
    page.close()
    paragraphs = page.article_paragraphs or page.body_paragraphs
    return make_article(
        source=source, name=name, published=page_date(page),
        text=PARAGRAPH_SEPARATOR.join(paragraphs), title=page_title(page),
    )


def decode_page(data: bytes) -> str:
    """UTF-8, or the charset the page declares when it is not UTF-8."""
    try:
        return decode_utf8(data)
    except Unreadable:
        declared = declared_charset(data)
        if declared is None:
            raise
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            raise Unreadable(f"not {declared} text as the page declares") from None


def declared_charset(data: bytes) -> str | None:
    found = DECLARED_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    if not found:
        return None
    try:
        return codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None


def page_date(page: PageParser) -> date:
    """The first readable date among the page's candidates, most specific first."""
    candidates = [page.meta.get(key) for key in DATE_META]
    candidates.append(page.time_datetime)
    candidates.extend(json_ld_dates(page.json_ld_blocks))
    first_problem: Unreadable | None = None
    for candidate in filter(None, candidates):
        try:
            return parse_date_value(candidate)
        except Unreadable as exc:
            first_problem = first_problem or exc
    raise first_problem or Unreadable("no publication date found in the page")


def json_ld_dates(blocks: list[str]) -> list[str]:
    """Every ``datePublished`` string in the JSON-LD blocks, walked without recursion."""
    dates: list[str] = []
    for block in blocks:
        try:
            pending = [json.loads(block)]
        except (json.JSONDecodeError, RecursionError):
            continue
        while pending:
            node = pending.pop()
            if isinstance(node, dict):
                if isinstance(node.get("datePublished"), str):
                    dates.append(node["datePublished"])
                pending.extend(reversed(list(node.values())))
            elif isinstance(node, list):
                pending.extend(reversed(node))
    return dates


def page_title(page: PageParser) -> str | None:
    og_title = page.meta.get(("property", "og:title"))
    title = og_title or "".join(page.title_parts)
    return " ".join(title.split()) or None
