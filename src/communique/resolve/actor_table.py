"""The curated actor table: who held which office, and when.

``data/actors.json`` lists, by hand, the people who matter in Asia-Pacific
defence diplomacy 2019-2025 with their offices and ranks over time. This module
loads it once and answers three questions quickly:

- ``lookup``: which table person does a written name stand for?
- ``offices_on``: what did that person hold on a given day?
- ``by_office``: who held an office (e.g. Cambodia's defence ministry) on a day?

Names are compared folded (no case, no diacritics, no punctuation) and in any
word order, so "Phan Văn Giang", "phan van giang" and "Jun Dong" all work. A
single word ("Giang") is a weak clue: it only resolves through an entry's short
form, and only when the country is known or the word is unique in the table.
"""
from __future__ import annotations

import calendar
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Optional

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Letters NFKD does not decompose to an ASCII base letter.
_SPECIAL_LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"})
# Apostrophes and hyphens join a word ("Ma'ruf", "Won-sik"); other punctuation separates words.
_JOINERS = re.compile(r"['’‘ʼ`\-‐‑]")
_SEPARATORS = re.compile(r"[^\w\s]|_")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Words that make a title subordinate: "Deputy Minister of Defence" is not "the defence minister".
_SUBORDINATE = {"deputy", "vice", "assistant", "under", "undersecretary"}


def fold(name: str) -> str:
    """Lower-case, no diacritics, punctuation removed, single spaces: 'Phan Văn Giang' -> 'phan van giang'."""
    text = unicodedata.normalize("NFKD", (name or "").casefold().translate(_SPECIAL_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _SEPARATORS.sub(" ", _JOINERS.sub("", text))
    return " ".join(text.split())


def first_day(partial: Optional[str]) -> Optional[date]:
    """The first day a partial ISO date covers: '2021' -> 2021-01-01, '2021-04' -> 2021-04-01."""
    if partial is None:
        return None
    year, month, day = _parse_partial(partial)
    return date(year, month or 1, day or 1)


def last_day(partial: Optional[str]) -> Optional[date]:
    """The last day a partial ISO date covers: '2021' -> 2021-12-31, '2021-02' -> 2021-02-28."""
    if partial is None:
        return None
    year, month, day = _parse_partial(partial)
    month = month or 12
    return date(year, month, day or calendar.monthrange(year, month)[1])


def _parse_partial(partial: str) -> tuple[int, Optional[int], Optional[int]]:
    match = _PARTIAL_DATE.match(partial)
    if not match:
        raise ValueError(f"not an ISO date of the form YYYY[-MM[-DD]]: {partial!r}")
    year, month, day = (int(part) if part else None for part in match.groups())
    date(year, month or 1, day or 1)   # raises on an impossible month or day
    return year, month, day


def _covers(start: Optional[str], end: Optional[str], on: date) -> bool:
    """Open-ended where a bound is null: null start = since before the table, null end = still held."""
    begins, ends = first_day(start), last_day(end)
    return (begins is None or begins <= on) and (ends is None or on <= ends)


@dataclass(frozen=True)
class Office:
    title: str
    org: Optional[str]
    country: str
    start: Optional[str]          # partial ISO date, see first_day/last_day
    end: Optional[str]
    role: Optional[str] = None    # one of meta.roles, e.g. "defence_minister"
    note: Optional[str] = None

    def held_on(self, on: date) -> bool:
        return _covers(self.start, self.end, on)


@dataclass(frozen=True)
class Rank:
    rank: str
    start: Optional[str]
    end: Optional[str]

    def held_on(self, on: date) -> bool:
        return _covers(self.start, self.end, on)


@dataclass(frozen=True)
class TableEntry:
    id: str
    name: str
    native: str
    country: str
    aliases: tuple[str, ...]
    short: Optional[str]
    gender: str
    offices: tuple[Office, ...]
    ranks: tuple[Rank, ...]
    note: Optional[str] = None

    @property
    def full_names(self) -> tuple[str, ...]:
        """Name, native form and aliases, without repeats, in that order."""
        return tuple(dict.fromkeys((self.name, self.native, *self.aliases)))

    @classmethod
    def from_json(cls, record: dict) -> "TableEntry":
        return cls(
            id=record["id"],
            name=record["name"],
            native=record.get("native") or record["name"],
            country=record["country"],
            aliases=tuple(record.get("aliases") or ()),
            short=record.get("short"),
            gender=record.get("gender", ""),
            offices=tuple(Office(**office) for office in record.get("offices") or ()),
            ranks=tuple(Rank(**rank) for rank in record.get("ranks") or ()),
            note=record.get("note"),
        )


class ActorTable:
    """The curated people, indexed once by every spelling of their names."""

    def __init__(self, entries: Iterable[TableEntry], meta: Optional[dict] = None):
        self.meta = meta or {}
        self.entries: tuple[TableEntry, ...] = tuple(entries)
        self._by_id = {entry.id: entry for entry in self.entries}
        self._by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)   # sorted words: any order
        self._by_compact: dict[str, list[str]] = defaultdict(list)            # no spaces: 'Won Sik' = 'Wonsik'
        self._by_folded: dict[str, list[str]] = defaultdict(list)             # exact folded full name
        self._by_word: dict[str, list[str]] = defaultdict(list)               # one-word forms
        for entry in self.entries:
            self._index(entry)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: Optional[str | Path] = None) -> "ActorTable":
        """The table at ``path``, or the package's own table (loaded once, then shared)."""
        if path is None:
            return _default_table()
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    @classmethod
    def from_json(cls, text: str) -> "ActorTable":
        data = json.loads(text)
        return cls((TableEntry.from_json(record) for record in data["people"]), data.get("meta"))

    def _index(self, entry: TableEntry) -> None:
        for full_name in entry.full_names:
            words = fold(full_name).split()
            if len(words) == 1:
                _add(self._by_word, words[0], entry.id)   # one-word aliases: "Prabowo", "Jokowi"
                continue
            # Stripping initials may leave one word ("A. P. Singh" -> "singh"): never index that as a name.
            for variant in (v for v in _name_variants(words) if len(v) >= 2):
                _add(self._by_words, tuple(sorted(variant)), entry.id)
                _add(self._by_compact, "".join(variant), entry.id)
                _add(self._by_folded, " ".join(variant), entry.id)
        if entry.short:
            _add(self._by_word, fold(entry.short).replace(" ", ""), entry.id)

    # ------------------------------------------------------------------ queries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[TableEntry]:
        return iter(self.entries)

    def get(self, entry_id: str) -> Optional[TableEntry]:
        return self._by_id.get(entry_id)

    def lookup(self, name: str, on: Optional[date] = None, country: Optional[str] = None) -> Optional[TableEntry]:
        """The table person ``name`` stands for, or None when unknown or ambiguous.

        A full name matches any spelling in any word order; ``country`` then only
        narrows ties. A one-word name matches a short form and needs ``country``
        (strict) unless the word is unique in the table. ``on`` breaks remaining
        ties in favour of whoever held an office that day.
        """
        words = fold(name).split()
        if not words:
            return None
        if len(words) == 1:
            ids = self._by_word.get(words[0], [])
            if country is None:
                return self._by_id[ids[0]] if len(ids) == 1 else None
            return self._choose(ids, on, country, strict_country=True)
        return self._choose(self._full_name_ids(words), on, country, strict_country=False)

    def offices_on(self, entry: TableEntry, on: date) -> list[Office]:
        return [office for office in entry.offices if office.held_on(on)]

    def ranks_on(self, entry: TableEntry, on: date) -> list[Rank]:
        return [rank for rank in entry.ranks if rank.held_on(on)]

    def by_office(self, country: str, title_keyword: str, on: date) -> list[TableEntry]:
        """Who in ``country`` held an office matching ``title_keyword`` on ``on``.

        The keyword is either a role code from meta.roles ("defence_minister") or
        words that must all appear in the title ("defence", "prime minister";
        'defense' and 'defence' are the same). Deputy/vice/assistant posts only
        match when the keyword asks for them.
        """
        matches = self._role_matcher(title_keyword)
        return [
            entry for entry in self.entries
            if entry.country == country
            and any(office.country == country and matches(office) for office in self.offices_on(entry, on))
        ]

    # ------------------------------------------------------------------ internals

    def _full_name_ids(self, words: list[str]) -> list[str]:
        for variant in _name_variants(words):
            if len(variant) < 2:
                continue
            ids = (self._by_words.get(tuple(sorted(variant)))
                   or self._by_compact.get("".join(variant))
                   or self._by_compact.get("".join(reversed(variant))))
            if ids:
                return ids
        # A known name ending a longer one: "Samdech Techo Hun Sen", "Senior General Min Aung Hlaing".
        for begin in range(1, len(words) - 1):
            ids = self._by_folded.get(" ".join(words[begin:]))
            if ids:
                return ids
        return []

    def _choose(self, ids: list[str], on: Optional[date], country: Optional[str],
                strict_country: bool) -> Optional[TableEntry]:
        candidates = [self._by_id[i] for i in dict.fromkeys(ids)]
        if country is not None:
            same_country = [entry for entry in candidates if entry.country == country]
            if same_country or strict_country:
                candidates = same_country
        if len(candidates) == 1:
            return candidates[0]
        if on is not None:
            in_office = [entry for entry in candidates if self.offices_on(entry, on)]
            if len(in_office) == 1:
                return in_office[0]
        return None

    def _role_matcher(self, title_keyword: str):
        roles = self.meta.get("roles") or {}
        if title_keyword in roles:
            return lambda office: office.role == title_keyword
        wanted = _title_words(title_keyword)
        allowed_subordinate = wanted & _SUBORDINATE

        def matches(office: Office) -> bool:
            title = _title_words(office.title)
            return wanted <= title and not (title & _SUBORDINATE) - allowed_subordinate
        return matches


def _title_words(text: str) -> set[str]:
    return set(fold(text).replace("defense", "defence").split())


def _name_variants(words: list[str]) -> list[list[str]]:
    """The name, then the name without initials and generational suffixes ('Lloyd J. Austin III')."""
    core = [word for word in words if len(word) > 1 and word not in _SUFFIXES]
    return [words, core] if core and core != words else [words]


def _add(index: dict, key, entry_id: str) -> None:
    if entry_id not in index[key]:
        index[key].append(entry_id)


@lru_cache(maxsize=1)
def _default_table() -> ActorTable:
    text = resources.files("communique").joinpath("data/actors.json").read_text(encoding="utf-8")
    return ActorTable.from_json(text)
