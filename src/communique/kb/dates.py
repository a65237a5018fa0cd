"""Partial ISO dates ('2023', '2023-11', '2023-11-13') as day intervals.

Events carry dates at the precision their text gives; the store compares them
as intervals of days ("2023-11" covers the whole of November), kept as ISO day
strings so that SQLite can index and compare them as text.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

_PARTIAL_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

YEAR, MONTH, DAY = 1, 2, 3


def precision(value: Optional[str]) -> int:
    """0 for no date, then YEAR < MONTH < DAY: the more parts, the more precise."""
    return 0 if not value else str(value).count("-") + 1


@lru_cache(maxsize=16384)   # a corpus has few distinct dates, each met again and again
def bounds(value: str) -> tuple[date, date]:
    """First and last day a partial ISO date covers; ValueError if it is not one."""
    match = _PARTIAL_ISO.match(str(value).strip())
    if not match:
        raise ValueError(f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(p) if p else None for p in match.groups())
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r} has no month {month}")
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    one = date(year, month, day)  # raises ValueError on 2023-02-30
    return one, one


def day_interval(start: Optional[str], end: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(first day, last day) as ISO strings for an event's dates; (None, None) if undated."""
    if not start:
        if end:
            raise ValueError(f"date_end {end!r} without date_start")
        return None, None
    lo, hi = bounds(start)
    if end:
        end_lo, end_hi = bounds(end)
        if end_hi < lo:
            raise ValueError(f"date_end {end!r} is before date_start {start!r}")
        hi = max(hi, end_hi)
    return lo.isoformat(), hi.isoformat()


def overlaps(a: tuple[Optional[str], Optional[str]], b: tuple[Optional[str], Optional[str]]) -> bool:
    """Do two (lo, hi) day intervals share a day?"""
    return a[0] <= b[1] and b[0] <= a[1]


def shift(day: str, days: int) -> str:
    """The day ``days`` away, held within the calendar (0001-01-01 .. 9999-12-31)."""
    start = date.fromisoformat(day)
    try:
        return (start + timedelta(days=days)).isoformat()
    except OverflowError:
        return (date.min if days < 0 else date.max).isoformat()


def first_day(value: str) -> str:
    return bounds(value)[0].isoformat()


def last_day(value: str) -> str:
    return bounds(value)[1].isoformat()


def year_of(value: Optional[str]) -> Optional[int]:
    return int(str(value)[:4]) if value else None
