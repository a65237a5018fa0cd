"""Find time expressions in article text and normalise them to ISO dates.

News writes dates in many shapes ("October 17, 2023", "17/10/2023", "from
November 23 to 26", "on Monday", "last month", "the 2021-2025 period"). Each
shape is a *core* regular expression, optional words that may precede it
(a *prefix*: "from", "last", "early", "the"), and a small handler that turns
the match into ISO strings at the precision the text gives. Relative forms
resolve against the article's publication date.

Speed: every core starts with a literal word or a digit class, so Python's
regex engine can skip ahead cheaply instead of trying the whole pattern at
every position; optional leading words are looked up only right before each
core hit. All repetitions are bounded, so a pathological multi-megabyte line
still costs linear time. Candidates are collected from every shape and the
longest wins where they overlap.
"""
from __future__ import annotations

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from communique.model import TimeExpr

__all__ = ["find_times", "iso_bounds"]

Date = datetime.date
Month = tuple[int, int]                       # (year, month)
Resolved = tuple[str, str, str, str]          # date_start, date_end, granularity, kind

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December")
_MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7,
                        "Aug": 8, "Sept": 9, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}
_MONTH_NUMBERS = {name.lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTH_NUMBERS.update({abbr.lower(): n for abbr, n in _MONTH_ABBREVIATIONS.items()})

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                  "Saturday", "Sunday")
_WEEKDAY_NUMBERS = {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30,
}

# Beyond this a "range" is two unrelated dates, e.g. an anniversary's
# "(January 7, 1979 - January 7, 2024)": those are left as two points.
_MAX_RANGE_DAYS = 366
_MAX_PERIOD_YEARS = 100
_MAX_COUNT = 100            # "the past N months", "N years ago"


# --------------------------------------------------------------------------
# Regular-expression building blocks (all repetitions bounded)
# --------------------------------------------------------------------------

def _title_and_upper(words) -> str:
    """Alternation of each word as Title and UPPER case, longest first.

    Month and weekday names are matched case-sensitively so that "may",
    "march" and "sun" in running text are not taken for dates.
    """
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(form for word in ordered for form in (word, word.upper()))


def _case_forms(*phrases: str) -> list[str]:
    """Lower, Capitalised and UPPER forms of each phrase, as regex sources.

    Spelled out rather than (?i) because a pattern whose alternatives all
    begin with plain letters lets the regex engine skip non-candidate
    positions quickly.
    """
    forms = []
    for phrase in sorted(phrases, key=len, reverse=True):
        for form in (phrase, phrase[:1].upper() + phrase[1:], phrase.upper()):
            forms.append(re.escape(form).replace(r"\ ", r"\s{1,3}"))
    return list(dict.fromkeys(forms))


def _any_case(*phrases: str) -> str:
    return "|".join(_case_forms(*phrases))


_S = r"\s{1,3}"                 # some whitespace
_SO = r"\s{0,3}"                # optional whitespace
_DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2212"   # hyphen, dashes, minus sign
_DASHES = re.escape(_DASH_CHARS)                          # the same, for a [character class]
_RANGE_SEP = (rf"(?P<sep>{_SO}[{_DASHES}]{_SO}"
              rf"|{_S}(?i:to|until|till|through|thru|and){_S})")
_YEAR_TAIL = rf"(?:,{_SO}|{_S})"            # "October 17, 2023" / "17 October 2023"
_OF = rf"(?:(?i:of){_S})?"
_THE = rf"(?:(?i:the){_S})?"
# A number glued to these is part of something else (a code, a decimal, 2019-24).
_GLUE = rf"\w.,:/{_DASHES}"
_YEAR_GLUE_BUT_DASHES = r"\w$€£¥#.,:/"
_YEAR_GLUE = _YEAR_GLUE_BUT_DASHES + _DASHES
_NUMBER_END = rf"(?![\w%]|[.,:/{_DASHES}][0-9])"

_MONTH_ABBREVIATION_ALT = _title_and_upper(_MONTH_ABBREVIATIONS)
_MONTH_FULL_ALT = _title_and_upper(_MONTH_NAMES)
_WEEKDAY_ALT = _title_and_upper(_WEEKDAY_NAMES)
_NUMBER_ALT = "[0-9]{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_PART_OF_DAY = rf"(?:{_S}(?i:morning|afternoon|evening|night)\b)?"
_MONTH_MOD = rf"(?i:early|mid|late|(?:the{_S})?(?:end|beginning|start|middle){_S}of)"


def _month(name: str) -> str:
    """Any month name or abbreviation, abbreviations with an optional dot.

    Kept one flat alternation of literals so a core opening with it stays fast.
    """
    full = [rf"{form}\b" for form in _MONTH_FULL_ALT.split("|")]
    abbreviated = [rf"{form}\b\.?" for form in _MONTH_ABBREVIATION_ALT.split("|")]
    return rf"(?P<{name}>{'|'.join(full + abbreviated)})"


def _full_month(name: str) -> str:
    """A full month name only: bare "Jun"/"Mar" are too often other words."""
    return rf"(?P<{name}>{_MONTH_FULL_ALT})\b"


def _day(name: str, first: bool = False) -> str:
    """A day of month with an optional ordinal suffix; never a clock time or decimal.

    A day that opens a core checks, just after its first digit, that it is not
    glued to a preceding word or number (the look-behind sits there so the core
    still begins with a plain digit class).
    """
    guard = rf"(?<![{_GLUE}][0-9])" if first else ""
    return rf"(?P<{name}>[0-9]{guard}[0-9]?)(?:st|nd|rd|th)?\b(?![:.][0-9])"


def _year(name: str) -> str:
    return rf"(?P<{name}>1[89][0-9]{{2}}|20[0-9]{{2}}|2100){_NUMBER_END}"


def _leading_year(name: str, glue: str = _YEAR_GLUE) -> str:
    """A four-digit number opening a core, not glued to what precedes it."""
    return rf"(?P<{name}>[12](?<![{glue}][12])[0-9]{{3}})"


def _weekday(name: str) -> str:
    return rf"(?P<{name}>{_WEEKDAY_ALT})\b"


def _prefix(body: str) -> str:
    """Words that may sit right before a core; group ``ext`` joins the expression."""
    return rf"(?:{body})\Z"


_LEAD = rf"\b(?P<lead>(?i:from|between)){_S}"
_WEEKDAY_LEAD = rf"\b(?:{_WEEKDAY_ALT}),?{_S}"
_RANGE_PREFIX = _prefix(rf"(?P<ext>(?:{_LEAD})?(?:{_WEEKDAY_LEAD})?(?:\b(?i:the){_S})?)")
_MONTH_DATE_PREFIX = _prefix(rf"(?P<ext>{_WEEKDAY_LEAD})")
_DAY_DATE_PREFIX = _prefix(rf"(?P<ext>(?:{_WEEKDAY_LEAD})?\b(?i:the){_S}|{_WEEKDAY_LEAD})")
_LEAD_PREFIX = _prefix(rf"(?P<ext>{_LEAD})")
_THE_PREFIX = _prefix(rf"(?P<ext>\b(?i:the){_S})")
_MOD_PREFIX = _prefix(rf"(?P<ext>\b(?P<mod>{_MONTH_MOD})[\s{_DASHES}]{{1,3}})")
_BARE_MONTH_PREFIX = _prefix(
    rf"(?P<cue>\b(?i:in|since|until|till|by|during|before|after|through|for|of|from|to)){_S}"
    rf"|(?P<ext>\b(?P<mod>{_MONTH_MOD}|(?i:this{_S}coming|last|next|this))[\s{_DASHES}]{{1,3}})")
_COUNT_PREFIX = _prefix(rf"(?P<ext>\b(?P<n>(?i:{_NUMBER_ALT})){_S})")
_PERIOD_PREFIX = _prefix(
    rf"(?P<ext>(?:\b(?P<pre>(?:(?i:the){_S})?(?i:period|term|tenure|phase|stage)){_S}"
    rf"(?:(?i:of|from){_S})?)?(?:\b(?i:the){_S})?)")
_RELATIVE_MOD_PREFIX = _prefix(
    rf"(?P<ext>\b(?P<mod>(?i:earlier|later)|{_MONTH_MOD})[\s{_DASHES}]{{1,3}})")
_WEEKDAY_REL_PREFIX = _prefix(
    rf"(?P<ext>\b(?P<rel>(?i:last|next|this{_S}coming|this|coming|past)){_S})")
_PREFIX_REACH = 32           # characters looked back for a prefix


# --------------------------------------------------------------------------
# Small date helpers
# --------------------------------------------------------------------------

def _safe_date(year: int, month: int, day: int) -> Optional[Date]:
    """The date, or None where it does not exist (February 30)."""
    try:
        return datetime.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _iso_day(value: Date) -> str:
    return value.isoformat()


def _iso_month(value: Month) -> str:
    return f"{_iso_year(value[0])}-{value[1]:02d}"


def _iso_year(year: int) -> str:
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise ValueError(f"year {year} is outside the calendar")
    return f"{year:04d}"


def _add_months(value: Month, count: int) -> Month:
    index = value[0] * 12 + (value[1] - 1) + count
    return index // 12, index % 12 + 1


def _month_index(value: Month) -> int:
    return value[0] * 12 + value[1] - 1


def _month_of(value: Date) -> Month:
    return value.year, value.month


def _week_monday(value: Date) -> Date:
    return value - datetime.timedelta(days=value.weekday())


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def _month_number(token: str) -> int:
    return _MONTH_NUMBERS[token.rstrip(".").lower()]


def _number(token: str) -> Optional[int]:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return _NUMBER_WORDS.get(token)


def _words(phrase: Optional[str]) -> str:
    """Lower-case with single spaces, for comparing matched phrases."""
    return " ".join((phrase or "").lower().split())


def iso_bounds(value: str) -> tuple[Date, Date]:
    """First and last day covered by an ISO string at any precision.

    ``"2023"`` -> 2023-01-01..2023-12-31, ``"2023-02"`` -> 2023-02-01..2023-02-28,
    ``"2023-10-17"`` -> that day twice. Handy to compare intervals of mixed precision.
    """
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 1, 1), datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return datetime.date(parts[0], parts[1], 1), datetime.date(parts[0], parts[1], last)
    day = datetime.date(parts[0], parts[1], parts[2])
    return day, day


# --------------------------------------------------------------------------
# Resolving partial dates against the publication date
# --------------------------------------------------------------------------

def _nearest_month_day(month: int, day: int, published: Date) -> Optional[Date]:
    """The month-day nearest the publication date (year before, same, after); ties to the past."""
    candidates = [d for year in (published.year - 1, published.year, published.year + 1)
                  if (d := _safe_date(year, month, day)) is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - published).days), d > published))


def _first_month_day_on_or_after(month: int, day: int, floor: Date) -> Optional[Date]:
    for year in (floor.year, floor.year + 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate >= floor:
            return candidate
    return None


def _last_month_day_on_or_before(month: int, day: int, ceiling: Date) -> Optional[Date]:
    for year in (ceiling.year, ceiling.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= ceiling:
            return candidate
    return None


DayParts = tuple[int, int, Optional[int]]      # month, day, year if written


def _day_range(first: DayParts, last: DayParts, published: Date) -> Optional[tuple[Date, Date]]:
    """Resolve the two ends of a day range; a year written on one end anchors both.

    With no year at all, the start is the month-day nearest publication and the
    end the first such month-day after it, so "28 December to 3 January" crosses
    into the next year.
    """
    (month1, day1, year1), (month2, day2, year2) = first, last
    end: Optional[Date] = None
    if year2 is not None:
        end = _safe_date(year2, month2, day2)
        if end is None:
            return None
    if year1 is not None:
        start = _safe_date(year1, month1, day1)
    elif end is not None:
        start = _last_month_day_on_or_before(month1, day1, end)
    else:
        start = _nearest_month_day(month1, day1, published)
    if start is None:
        return None
    if end is None:
        end = _first_month_day_on_or_after(month2, day2, start)
    if end is None or not 0 <= (end - start).days <= _MAX_RANGE_DAYS:
        return None
    return start, end


def _resolve_month(month: int, published: Date, mode: str) -> Month:
    """A month name without a year.

    ``nearest``: closest to the publication month, ties to the past;
    ``future``: the first on or after it; ``last``/``next``: strictly before/after
    it; ``this``: the publication year's.
    """
    if mode == "this":
        return published.year, month
    here = _month_index(_month_of(published))
    offsets = [(_month_index((year, month)) - here, (year, month))
               for year in (published.year - 1, published.year, published.year + 1)]
    if mode == "last":
        return max(c for offset, c in offsets if offset < 0)
    if mode == "next":
        return min(c for offset, c in offsets if offset > 0)
    if mode == "future":
        return min(c for offset, c in offsets if offset >= 0)
    return min(offsets, key=lambda pair: (abs(pair[0]), pair[0] > 0))[1]


def _resolve_weekday(weekday: int, published: Date, mode: str) -> Date:
    """A weekday name: ``past`` on or before publication, ``future`` on or after,
    ``last``/``next`` strictly before/after, ``this`` the one in the publication week."""
    if mode == "this":
        return _week_monday(published) + _days(weekday)
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if mode == "last":
        return published - _days(back or 7)
    if mode == "next":
        return published + _days(ahead or 7)
    if mode == "future":
        return published + _days(ahead)
    return published - _days(back)


# --------------------------------------------------------------------------
# Sentence context: does the text around a match speak of the future?
# --------------------------------------------------------------------------

_CONTEXT_REACH = 300          # a "sentence" never reaches further than this
_SENTENCE_BREAK = re.compile(
    r"[.!?\n](?:(?<=\n)|[\"'”’)\]]{0,3}\s{1,3}(?=[\"'“‘(\[]{0,3}[A-Z]))")
_ABBREVIATION_BEFORE = re.compile(r"([\w.]{1,5})\Z")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "lt", "gen", "col", "maj", "capt", "cpt", "sgt", "adm",
    "brig", "cmdr", "gov", "sen", "rep", "st", "no", "vs", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "a.m", "p.m",
})
_FUTURE_CUE = re.compile("|".join(
    [form + r"\b" for form in _case_forms(
        "will", "shall", "upcoming", "forthcoming", "plan to", "plans to", "to be held")]
    + [form + rf"{_S}(?:(?i:also|still|now|then|later){_S})?(?:(?:scheduled|slated|set|expected|due|going|planned){_S})?to\b"
       for form in _case_forms("is", "are", "am")]))
# "said on Monday that he will ..." reports the past even in a future sentence.
_REPORTING_VERBS = ("said", "told", "announced", "stated", "added", "noted", "confirmed",
                    "reported", "revealed", "declared", "wrote")
_REPORTED_REACH = 120
# The verb, then up to eight plain words (a title, a name) but no clause of its own.
_REPORTED_BEFORE = re.compile(
    rf"\b(?i:{'|'.join(_REPORTING_VERBS)})"
    r"(?:\s{1,3}(?!(?i:will|shall|would|is|are|was|were|be|to|that|which|who)\b)[\w'’\-]{1,25}){0,8}?"
    r"\s{1,3}(?:(?i:on)\s{1,3})?\Z")


# "agreed Tuesday", "met on Monday": a past verb right before dates the past.
_PAST_VERB_BEFORE = re.compile(
    r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)\b(?:\w{3,}ed|met|held|said|took|made|paid|went|came|began|spoke|flew|left|led|gave|saw|sent|won|did|was|were)"
    r"\s{1,3}(?:(?i:on|last)\s{1,3})?\Z")
_SUBORDINATE = re.compile(r"\b(?:that|which|who|whom|where|while|whereas)\b|[;,]")


def _has_reporting_verb(passage: str) -> bool:
    passage = passage.lower()
    return any(verb in passage for verb in _REPORTING_VERBS)


def _is_word_start(text: str, index: int) -> bool:
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] == "_")


@dataclass
class _Context:
    """The text being read, its publication date, and lazily built indexes of
    sentence breaks and future cues (built once, only if a shape needs them)."""

    text: str
    published: Date
    _breaks: Optional[list[int]] = field(default=None, repr=False)
    _cues: Optional[list[int]] = field(default=None, repr=False)

    def _sentence_breaks(self) -> list[int]:
        if self._breaks is None:
            self._breaks = [brk.start() for brk in _SENTENCE_BREAK.finditer(self.text)
                            if self._is_real_break(brk.start())]
        return self._breaks

    def _future_cues(self) -> list[int]:
        if self._cues is None:
            self._cues = [cue.start() for cue in _FUTURE_CUE.finditer(self.text)
                          if _is_word_start(self.text, cue.start())]
        return self._cues

    def _is_real_break(self, index: int) -> bool:
        """A full stop after a title or month abbreviation ("Lt. Gen.") ends no sentence."""
        if self.text[index] != ".":
            return True
        word = _ABBREVIATION_BEFORE.search(self.text, max(0, index - 5), index)
        return not (word and word.group(1).lower() in _ABBREVIATIONS)

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        breaks = self._sentence_breaks()
        before = bisect.bisect_left(breaks, start) - 1
        sentence_start = breaks[before] + 1 if before >= 0 else 0
        after = bisect.bisect_left(breaks, end)
        sentence_end = breaks[after] + 1 if after < len(breaks) else len(self.text)
        return (max(sentence_start, start - _CONTEXT_REACH),
                min(sentence_end, end + _CONTEXT_REACH))

    def reads_as_future(self, start: int, end: int) -> bool:
        """True where the sentence around [start, end) speaks of something to come.

        A future cue counts only if no reporting verb stands between it and the
        expression: in "the drill will be held next year, said the spokesman on
        Monday" Monday dates the saying, not the drill.
        """
        cues = self._future_cues()
        if not cues or self._reported_just_before(start) or _PAST_VERB_BEFORE.search(self.text, max(0, start - 30), start):
            return False
        low, high = self.sentence_bounds(start, end)
        first = bisect.bisect_left(cues, low)
        for cue in cues[first:bisect.bisect_left(cues, high)]:
            between = self.text[cue:start] if cue < start else self.text[end:cue]
            if cue > end and _SUBORDINATE.search(between):
                continue    # "agreed Tuesday ... that the two will expand": the cue has its own clause
            if not _has_reporting_verb(between):
                return True
        return False

    def _reported_just_before(self, start: int) -> bool:
        """"said on Monday", "said spokesman Gen Kongcheep on Monday"."""
        low = max(0, start - _REPORTED_REACH)
        if not _has_reporting_verb(self.text[low:start]):
            return False        # cheap test first: most windows hold no reporting verb
        return bool(_REPORTED_BEFORE.search(self.text, low, start))


# --------------------------------------------------------------------------
# A hit: one core match plus the prefix words found right before it
# --------------------------------------------------------------------------

@dataclass
class _Hit:
    core: re.Match
    prefix: Optional[re.Match]
    ctx: _Context

    def __getitem__(self, name: str) -> Optional[str]:
        if name in self.core.re.groupindex and self.core.group(name) is not None:
            return self.core.group(name)
        if self.prefix is not None and name in self.prefix.re.groupindex:
            return self.prefix.group(name)
        return None

    @property
    def start(self) -> int:
        """Where the expression begins: the prefix's ``ext`` words join it, cue words do not."""
        if self.prefix is not None and self.prefix["ext"]:
            return self.prefix.start("ext")
        if "span" in self.core.re.groupindex:
            return self.core.start("span")
        return self.core.start()

    @property
    def end(self) -> int:
        return self.core.end()

    @property
    def published(self) -> Date:
        return self.ctx.published

    def reads_as_future(self) -> bool:
        return self.ctx.reads_as_future(self.start, self.end)


# --------------------------------------------------------------------------
# Handlers: one per shape, hit -> Resolved or None
# --------------------------------------------------------------------------

def _optional_int(hit: _Hit, group: str) -> Optional[int]:
    value = hit[group]
    return int(value) if value else None


def _point_day(value: Date) -> Resolved:
    return _iso_day(value), _iso_day(value), "day", "point"


def _range_days(start: Date, end: Date) -> Resolved:
    return _iso_day(start), _iso_day(end), "day", "range"


def _range_months(start: Month, end: Month) -> Resolved:
    return _iso_month(start), _iso_month(end), "month", "range"


def _point_month(value: Month) -> Resolved:
    return _iso_month(value), _iso_month(value), "month", "point"


def _point_year(year: int) -> Resolved:
    return _iso_year(year), _iso_year(year), "year", "point"


def _joined_by_and_without_between(hit: _Hit) -> bool:
    """"5 May and 7 June" lists two dates; only "between ... and ..." is a range."""
    return _words(hit["sep"]) == "and" and _words(hit["lead"]) != "between"


def _numeric_day_month(first: int, second: int) -> tuple[int, int]:
    """Day-first (the Asian/European norm) unless only month-first makes sense."""
    if second > 12 >= first:
        return second, first
    return first, second


def _on_iso_date(hit: _Hit) -> Optional[Resolved]:
    value = _safe_date(int(hit["y"]), int(hit["m"]), int(hit["d"]))
    return _point_day(value) if value else None


def _on_numeric_date(hit: _Hit) -> Optional[Resolved]:
    day, month = _numeric_day_month(int(hit["a"]), int(hit["b"]))
    value = _safe_date(int(hit["y"]), month, day)
    return _point_day(value) if value else None


def _on_single_date(hit: _Hit) -> Optional[Resolved]:
    month, day = _month_number(hit["m1"]), int(hit["d1"])
    year = _optional_int(hit, "y1")
    value = (_safe_date(year, month, day) if year is not None
             else _nearest_month_day(month, day, hit.published))
    return _point_day(value) if value else None


def _on_same_month_range(hit: _Hit) -> Optional[Resolved]:
    month = _month_number(hit["m1"])
    day1, day2 = int(hit["d1"]), int(hit["d2"])
    if day2 <= day1:
        return None
    resolved = _day_range((month, day1, None), (month, day2, _optional_int(hit, "y1")),
                          hit.published)
    return _range_days(*resolved) if resolved else None


def _on_cross_month_range(hit: _Hit) -> Optional[Resolved]:
    if _joined_by_and_without_between(hit):
        return None
    first = (_month_number(hit["m1"]), int(hit["d1"]), _optional_int(hit, "y1"))
    last = (_month_number(hit["m2"]), int(hit["d2"]), _optional_int(hit, "y2"))
    resolved = _day_range(first, last, hit.published)
    return _range_days(*resolved) if resolved else None


def _on_month_year(hit: _Hit) -> Optional[Resolved]:
    return _point_month((int(hit["y1"]), _month_number(hit["m1"])))


def _relative_year(word: str, published: Date) -> int:
    return published.year + {"last": -1, "this": 0, "next": 1}[word.lower()]


def _bare_month_mode(hit: _Hit) -> Optional[str]:
    """How to place a month written without a year, or None if it is no date."""
    modifier = _words(hit["mod"])
    if modifier in ("last", "next", "this"):
        return modifier
    if modifier == "this coming":
        return "next"
    if modifier or hit["cue"]:
        return "future" if hit.reads_as_future() else "nearest"
    return None         # "the Long March": a bare capitalised month needs a cue


def _on_bare_month(hit: _Hit) -> Optional[Resolved]:
    month = _month_number(hit["m1"])
    if hit["rel"]:                                   # "March last year"
        return _point_month((_relative_year(hit["rel"], hit.published), month))
    mode = _bare_month_mode(hit)
    return _point_month(_resolve_month(month, hit.published, mode)) if mode else None


def _on_month_range(hit: _Hit) -> Optional[Resolved]:
    if _joined_by_and_without_between(hit):
        return None
    month1, month2 = _month_number(hit["m1"]), _month_number(hit["m2"])
    if month1 == month2:
        return None
    year = _optional_int(hit, "y1")
    if year is not None:
        start = (year if month1 < month2 else year - 1, month1)
        return _range_months(start, (year, month2))
    mode = "future" if hit.reads_as_future() else "nearest"
    start = _resolve_month(month1, hit.published, mode)
    return _range_months(start, (start[0] if month2 > month1 else start[0] + 1, month2))


_HALVES = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "last": 2, "final": 2}
_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4, "last": 4, "final": 4}


def _year_of_phrase(hit: _Hit) -> int:
    """The year a "... of this year / of 2023 / of the year" phrase names."""
    if hit["rel"]:
        return _relative_year(hit["rel"], hit.published)
    if hit["y1"]:
        return int(hit["y1"])
    return hit.published.year


def _on_half_or_quarter(hit: _Hit) -> Optional[Resolved]:
    year = _year_of_phrase(hit)
    ordinal, unit = hit["ord"].lower(), hit["unit"].lower()
    if unit == "half":
        if ordinal not in _HALVES:
            return None
        first_month, length = 6 * (_HALVES[ordinal] - 1) + 1, 6
    else:
        first_month, length = 3 * (_QUARTERS[ordinal] - 1) + 1, 3
    return _range_months((year, first_month), (year, first_month + length - 1))


def _on_first_months(hit: _Hit) -> Optional[Resolved]:
    count = _number(hit["n"])
    if not count or count > 12:
        return None
    year = _year_of_phrase(hit)
    return _range_months((year, 1), (year, count))


def _span_back(count: int, unit: str, published: Date) -> Resolved:
    """From `count` units before publication up to publication, at the unit's precision."""
    unit = unit.lower().rstrip("s")
    if unit in ("day", "week"):
        return _range_days(published - _days(count * (7 if unit == "week" else 1)), published)
    if unit == "month":
        here = _month_of(published)
        return _range_months(_add_months(here, -count), here)
    years = count * (10 if unit == "decade" else 1)
    return _iso_year(published.year - years), _iso_year(published.year), "year", "range"


def _on_past_span(hit: _Hit) -> Optional[Resolved]:
    if hit["n"] is None and hit["which"].lower() != "past":
        return None      # "the last year of the plan" is no span back from today
    count = _number(hit["n"]) if hit["n"] else 1
    if not count or count > _MAX_COUNT:
        return None
    return _span_back(count, hit["unit"], hit.published)


def _on_ago(hit: _Hit) -> Optional[Resolved]:
    count = _number(hit["n"] or "")
    if not count or count > _MAX_COUNT:
        return None
    unit = hit["unit"].lower().rstrip("s")
    if unit in ("day", "week"):
        return _point_day(hit.published - _days(count * (7 if unit == "week" else 1)))
    if unit == "month":
        return _point_month(_add_months(_month_of(hit.published), -count))
    return _point_year(hit.published.year - count)


def _expand_two_digit_year(first: int, token: str) -> Optional[int]:
    """"2019-24" -> 2024: a two-digit end stays in the start's century."""
    if len(token) == 4:
        return int(token)
    end = first // 100 * 100 + int(token)
    return end if end > first else None


def _on_period(hit: _Hit) -> Optional[Resolved]:
    first = int(hit["y1"])
    last = _expand_two_digit_year(first, hit["y2"])
    if not 1900 <= first <= 2100 or last is None or not 0 < last - first <= _MAX_PERIOD_YEARS:
        return None
    worded = _words(hit["psep"]) in ("to", "until", "till", "and")
    if worded and not (hit["pre"] or hit["post"]):
        return None      # "2021 to 2025" alone is two years, not a term
    return _iso_year(first), _iso_year(last), "year", "period"


def _on_year_range(hit: _Hit) -> Optional[Resolved]:
    first, last = int(hit["y1"]), int(hit["y2"])
    if not 0 < last - first <= _MAX_PERIOD_YEARS:
        return None
    kind = "period" if hit["post"] else "range"
    return _iso_year(first), _iso_year(last), "year", kind


def _on_relative_day(hit: _Hit) -> Optional[Resolved]:
    phrase = _words(hit.core.group())
    if phrase.startswith("the day before"):
        offset = -2
    elif phrase.startswith("the day after"):
        offset = 2
    elif phrase.startswith(("yesterday", "last night")):
        offset = -1
    elif phrase.startswith("tomorrow"):
        offset = 1
    else:
        offset = 0
    return _point_day(hit.published + _days(offset))


def _relative_week(hit: _Hit, step: int) -> Resolved:
    """Monday-start weeks; "earlier this week" runs Monday..publication."""
    monday = _week_monday(hit.published) + _days(7 * step)
    if hit["unit"].lower() == "weekend":
        return _range_days(monday + _days(5), monday + _days(6))
    modifier = _words(hit["mod"])
    if step == 0 and modifier == "earlier":
        return _range_days(monday, hit.published)
    if step == 0 and modifier == "later":
        return _range_days(hit.published, monday + _days(6))
    return _range_days(monday, monday + _days(6))


def _on_relative_unit(hit: _Hit) -> Optional[Resolved]:
    step = {"last": -1, "this": 0, "next": 1}[hit["rel"].lower()]
    unit = hit["unit"].lower()
    if unit.startswith("week"):
        return _relative_week(hit, step)
    if unit == "month":
        return _point_month(_add_months(_month_of(hit.published), step))
    return _point_year(hit.published.year + step)


def _on_the_weekend(hit: _Hit) -> Optional[Resolved]:
    """"over the weekend": the latest weekend begun by publication; the coming one if future."""
    saturday = _week_monday(hit.published) + _days(5)
    if saturday > hit.published and not hit.reads_as_future():
        saturday -= _days(7)
    return _range_days(saturday, saturday + _days(1))


def _weekday_mode(hit: _Hit) -> str:
    relative = _words(hit["rel"])
    if relative in ("last", "past"):
        return "last"
    if relative in ("next", "coming", "this coming"):
        return "next"
    if relative == "this":
        return "this"
    return "future" if hit.reads_as_future() else "past"


def _on_weekday(hit: _Hit) -> Optional[Resolved]:
    weekday = _WEEKDAY_NUMBERS[hit["w1"].lower()]
    return _point_day(_resolve_weekday(weekday, hit.published, _weekday_mode(hit)))


def _on_weekday_range(hit: _Hit) -> Optional[Resolved]:
    """"from Sunday to Tuesday": the start placed like a bare weekday, the end the
    first such weekday after it."""
    if _joined_by_and_without_between(hit):
        return None
    first = _WEEKDAY_NUMBERS[hit["w1"].lower()]
    last = _WEEKDAY_NUMBERS[hit["w2"].lower()]
    mode = "future" if hit.reads_as_future() else "past"
    start = _resolve_weekday(first, hit.published, mode)
    return _range_days(start, start + _days((last - first) % 7 or 7))


# Words before a number that make it an identifier, not a year ("Resolution 2024").
_IDENTIFIER_BEFORE = re.compile(
    r"\b(?i:resolution|decree|decision|directive|circular|no|nos|number|article|clause|"
    r"route|highway|road|unit|brigade|regiment|division|battalion|squadron|hill|flight|room|"
    r"dispatch|document|code|model|type|hull|pennant|item|page|vol|volume|section|chapter|"
    r"point|ship|lot|version|grade|level)\.?\s{0,3}(?:(?i:no)\.?\s{0,3})?\Z")
# Nouns after a number that make it a count, not a year ("2000 troops").
_COUNT_AFTER = re.compile(
    r"\s{1,3}(?i:troops|soldiers|people|persons|personnel|officers|men|women|members|"
    r"participants|delegates|guests|staff|workers|students|sailors|pilots|recruits|cadets|"
    r"km|kilomet(?:er|re)s|met(?:er|re)s|tons|tonnes|units|vehicles|ships|vessels|aircraft|"
    r"hectares|households|times|hours|minutes|days|cases|usd|dollars|vnd|dong|euros|yuan|"
    r"rounds|shells|missiles|items|pieces|sets|copies|books|gifts|meals)\b")


def _on_bare_year(hit: _Hit) -> Optional[Resolved]:
    year = int(hit["y1"])
    if not 1950 <= year <= 2100:
        return None
    text, start, end = hit.ctx.text, hit.core.start(), hit.core.end()
    if not hit["mod"]:
        if start > 0 and text[start - 1] in _DASH_CHARS:
            return None      # the tail of "2019-2024" or of a code
        if _IDENTIFIER_BEFORE.search(text, max(0, start - 25), start):
            return None
    if _COUNT_AFTER.match(text, end, min(len(text), end + 25)):
        return None
    return _point_year(year)


# --------------------------------------------------------------------------
# The shapes, in priority order for matches of equal span
# --------------------------------------------------------------------------

Handler = Callable[[_Hit], Optional[Resolved]]


@dataclass(frozen=True)
class _Shape:
    core: re.Pattern
    handler: Handler
    prefix: Optional[re.Pattern] = None


def _shape(core: str, handler: Handler, prefix: Optional[str] = None) -> _Shape:
    return _Shape(re.compile(core), handler, re.compile(prefix) if prefix else None)


_SHAPES: list[_Shape] = [
    # 2023-10-17, 2023/10/17
    _shape(rf"{_leading_year('y')}(?P<s>[-/.])(?P<m>[01]?[0-9])(?P=s)(?P<d>[0-3]?[0-9])"
           rf"(?:(?=T[0-9])|{_NUMBER_END})",                     # a time may follow: 2023-10-17T09:46
           _on_iso_date),
    # 17/10/2023, 17.10.2023, 17-10-2023
    _shape(rf"(?P<a>[0-9](?<![{_GLUE}][0-9])[0-9]?)(?P<s>[-/.])(?P<b>[0-9][0-9]?)(?P=s)"
           rf"(?P<y>[12][0-9]{{3}}){_NUMBER_END}",
           _on_numeric_date),
    # (from) May 5 to June 2(, 2024); December 28, 2023 - January 3, 2024
    _shape(rf"{_month('m1')}{_S}{_day('d1')}(?:{_YEAR_TAIL}{_year('y1')})?{_RANGE_SEP}"
           rf"{_month('m2')}{_S}{_day('d2')}(?:{_YEAR_TAIL}{_year('y2')})?",
           _on_cross_month_range, _RANGE_PREFIX),
    # (from) November 23 to 26; Nov. 23–26, 2024
    _shape(rf"{_month('m1')}{_S}{_day('d1')}{_RANGE_SEP}{_day('d2')}(?:{_YEAR_TAIL}{_year('y1')})?",
           _on_same_month_range, _RANGE_PREFIX),
    # October 17, 2023; Oct. 17; (Monday,) November 13
    _shape(rf"{_month('m1')}{_S}{_day('d1')}(?:{_YEAR_TAIL}{_year('y1')})?",
           _on_single_date, _MONTH_DATE_PREFIX),
    # (from) 28 December to 3 January; 28 December 2023 - 3 January 2024
    _shape(rf"{_day('d1', first=True)}{_S}{_OF}{_month('m1')}(?:{_YEAR_TAIL}{_year('y1')})?"
           rf"{_RANGE_SEP}{_THE}{_day('d2')}{_S}{_OF}{_month('m2')}(?:{_YEAR_TAIL}{_year('y2')})?",
           _on_cross_month_range, _RANGE_PREFIX),
    # 23-26 November (2024); (between) 5 and 7 March
    _shape(rf"{_day('d1', first=True)}{_RANGE_SEP}{_day('d2')}{_S}{_OF}{_month('m1')}"
           rf"(?:{_YEAR_TAIL}{_year('y1')})?",
           _on_same_month_range, _RANGE_PREFIX),
    # 17 October 2023; (the) 17th of October; (Monday,) 13 November
    _shape(rf"{_day('d1', first=True)}{_S}{_OF}{_month('m1')}(?:{_YEAR_TAIL}{_year('y1')})?",
           _on_single_date, _DAY_DATE_PREFIX),
    # December 2023; (late) November 2023; (mid-)Dec. 2023
    _shape(rf"{_month('m1')}{_YEAR_TAIL}{_year('y1')}",
           _on_month_year, _MOD_PREFIX),
    # (from) March to May (2024); March-April 2024
    _shape(rf"{_full_month('m1')}{_RANGE_SEP}{_full_month('m2')}(?:{_YEAR_TAIL}{_year('y1')})?",
           _on_month_range, _LEAD_PREFIX),
    # (in) March; (last) March; (late) November; March (of) last year
    _shape(rf"{_full_month('m1')}(?:{_S}{_OF}(?P<rel>(?i:last|this|next)){_S}(?i:year)\b)?",
           _on_bare_month, _BARE_MONTH_PREFIX),
    # (the) first half of this year; (the) third quarter of 2023
    _shape(rf"(?P<ord>{_any_case('first', 'second', 'third', 'fourth', 'final', 'last')}|1st|2nd|3rd|4th)"
           rf"{_S}(?P<unit>(?i:half|quarter)){_S}(?i:of){_S}"
           rf"(?:(?P<rel>(?i:last|this|next)){_S}(?i:year)\b|{_THE}(?:(?i:year){_S})?{_year('y1')}"
           rf"|(?i:the{_S}year)\b)",
           _on_half_or_quarter, _THE_PREFIX),
    # (the) first nine months of this year
    _shape(rf"(?:{_any_case('first')}){_S}(?P<n>(?i:{_NUMBER_ALT})){_S}(?i:months){_S}(?i:of){_S}"
           rf"(?:(?P<rel>(?i:last|this|next)){_S}(?i:year)\b|{_THE}{_year('y1')}|(?i:the{_S}year)\b)",
           _on_first_months, _THE_PREFIX),
    # the past six months; the last two years; the past decade
    _shape(rf"(?:{_any_case('the')}){_S}(?P<which>(?i:past|last|previous)){_S}"
           rf"(?:(?P<n>(?i:{_NUMBER_ALT})){_S})?(?P<unit>(?i:days?|weeks?|months?|years?|decades?))\b"
           rf"(?!{_S}(?i:of)\b)",
           _on_past_span),
    # (two) days ago; (a) year ago
    _shape(rf"(?P<unit>{_any_case('days', 'day', 'weeks', 'week', 'months', 'month', 'years', 'year')})"
           rf"{_S}(?i:ago)\b",
           _on_ago, _COUNT_PREFIX),
    # (the) 2025-2029 period; 2020-24; (the period) 2021-2025; 2021 to 2025 term
    _shape(rf"{_leading_year('y1')}(?P<psep>{_SO}[/{_DASHES}]{_SO}|{_S}(?i:to|until|till|and){_S})"
           rf"(?P<y2>[0-9]{{4}}|[0-9]{{2}}){_NUMBER_END}"
           rf"(?P<post>{_S}(?i:period|term|tenure|phase|stage|plan|timeframe|strategy)\b)?",
           _on_period, _PERIOD_PREFIX),
    # from 2019 to 2021; between 2019 and 2021
    _shape(rf"(?P<lead>{_any_case('from', 'between')}){_S}{_leading_year('y1')}{_S}"
           rf"(?i:to|until|till|and){_S}(?P<y2>19[0-9]{{2}}|20[0-9]{{2}}){_NUMBER_END}"
           rf"(?P<post>{_S}(?i:period|term|tenure)\b)?",
           _on_year_range),
    # today, yesterday afternoon, the same day, earlier in the day
    _shape("|".join(
        [form + r"\b" for form in _case_forms(
            "the day before yesterday", "the day after tomorrow", "today", "tonight",
            "this morning", "this afternoon", "this evening", "last night", "earlier today",
            "later today", "earlier in the day", "later in the day", "the same day")]
        + [form + _PART_OF_DAY + r"\b" for form in _case_forms("yesterday", "tomorrow")]),
           _on_relative_day),
    # last week, (earlier) this week, next weekend, last month, (early) this year
    _shape(rf"(?P<rel>{_any_case('last', 'this', 'next')}){_S}"
           rf"(?P<unit>(?i:weekend|week|month|year))\b",
           _on_relative_unit, _RELATIVE_MOD_PREFIX),
    # over the weekend
    _shape(rf"(?:{_any_case('over', 'at', 'during', 'on')}){_S}(?P<span>(?i:the){_S}(?i:weekend))\b",
           _on_the_weekend),
    # (from) Sunday to Tuesday
    _shape(rf"{_weekday('w1')}{_PART_OF_DAY}{_RANGE_SEP}{_weekday('w2')}",
           _on_weekday_range, _LEAD_PREFIX),
    # (last) Friday; Tuesday afternoon
    _shape(rf"{_weekday('w1')}{_PART_OF_DAY}",
           _on_weekday, _WEEKDAY_REL_PREFIX),
    # 2019; (mid-)2024
    # (a dash before the year is allowed here; the handler accepts it only after "mid-")
    _shape(rf"{_leading_year('y1', _YEAR_GLUE_BUT_DASHES)}{_NUMBER_END}",
           _on_bare_year, _MOD_PREFIX),
]


# --------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------

@dataclass
class _Candidate:
    start: int
    end: int
    priority: int
    resolved: Resolved


def _prefix_before(shape: _Shape, text: str, start: int) -> Optional[re.Match]:
    # Every prefix ends in whitespace or a dash: a cheap test before the search.
    if shape.prefix is None or start == 0 or not (text[start - 1].isspace()
                                                  or text[start - 1] in _DASH_CHARS):
        return None
    return shape.prefix.search(text, max(0, start - _PREFIX_REACH), start)


def _candidates(ctx: _Context) -> list[_Candidate]:
    found = []
    text = ctx.text
    for priority, shape in enumerate(_SHAPES):
        for core in shape.core.finditer(text):
            if not _is_word_start(text, core.start()):
                continue
            hit = _Hit(core, _prefix_before(shape, text, core.start()), ctx)
            try:
                resolved = shape.handler(hit)
            except (ValueError, OverflowError):
                continue        # a publication date so extreme the result leaves the calendar
            if resolved is not None:
                found.append(_Candidate(hit.start, hit.end, priority, resolved))
    return found


def _longest_non_overlapping(candidates: list[_Candidate], length: int) -> list[_Candidate]:
    """Greedy longest-first selection; a bytearray marks taken characters so
    each overlap check costs only the candidate's own (short) length."""
    taken = bytearray(length)
    chosen = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start, c.priority)):
        if taken.find(1, candidate.start, candidate.end) != -1:
            continue
        taken[candidate.start:candidate.end] = b"\x01" * (candidate.end - candidate.start)
        chosen.append(candidate)
    chosen.sort(key=lambda c: c.start)
    return chosen


def find_times(text: str, published: datetime.date) -> list[TimeExpr]:
    """Every time expression in ``text``, normalised against ``published``.

    Sorted by start offset and non-overlapping (the longest match wins);
    ``text[expr.start:expr.end] == expr.text`` for each.
    """
    ctx = _Context(text, published)
    chosen = _longest_non_overlapping(_candidates(ctx), len(text))
    found = [
        TimeExpr(start=c.start, end=c.end, text=text[c.start:c.end],
                 date_start=c.resolved[0], date_end=c.resolved[1],
                 granularity=c.resolved[2], kind=c.resolved[3])
        for c in chosen
    ]
    extra = [t for t in _numeric_day_ranges(text) + _bare_ordinal_days(text, published)
             if not any(f.start < t.end and t.start < f.end for f in found)]
    found = sorted(found + extra, key=lambda t: t.start)
    _place_in_context(found, ctx)
    return found


_PAST_CUE = re.compile(r"\b(?:was|were|had|held|conducted|took\s+place|visited|met|signed|staged|carried\s+out|hosted|"
                       r"attended|joined|concluded|ended|completed|launched)\b", re.I)
_UNTIL_BEFORE = re.compile(r"\b(?:through|until|till|to)\s+\Z", re.I)


def _place_in_context(found: list[TimeExpr], ctx: "_Context") -> None:
    """Second looks that need the sentence: a past-tense round-up of 'March 6 to 10' written in
    December means last March; 'arrived Monday ... through Thursday' ends after it begins."""
    published = ctx.published
    for i, t in enumerate(found):
        if t.granularity != "day" or not t.date_start or re.search(r"\b\d{4}\b", t.text):
            continue
        start = datetime.date.fromisoformat(t.date_start)
        low, high = ctx.sentence_bounds(t.start, t.end)
        sentence = ctx.text[low:high]
        if (start - published).days > 30 and not _WEEKDAY_RE.search(t.text) \
                and (_PAST_CUE.search(sentence) or (start - published).days > 60) and not ctx.reads_as_future(t.start, t.end):
            earlier = [_safe_date(start.year - 1, start.month, start.day)]
            end = datetime.date.fromisoformat(t.date_end or t.date_start)
            later_end = _safe_date(end.year - 1, end.month, end.day)
            if earlier[0] and later_end:
                t.date_start, t.date_end = _iso_day(earlier[0]), _iso_day(later_end)
        if _WEEKDAY_RE.search(t.text) and _UNTIL_BEFORE.search(ctx.text, max(0, t.start - 10), t.start) and i > 0:
            previous = found[i - 1]
            if previous.granularity == "day" and previous.date_start and t.start - previous.end < 120:
                anchor = datetime.date.fromisoformat(previous.date_start)
                while start < anchor:
                    start += datetime.timedelta(days=7)
                t.date_start = t.date_end = _iso_day(start)


_WEEKDAY_RE = re.compile(r"\b(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")


_NUMERIC_DAY_RANGE = re.compile(rf"(?<![\w/.])([0-9]{{1,2}}){_SO}[{_DASHES}]{_SO}([0-9]{{1,2}})/([0-9]{{1,2}})/([0-9]{{4}})(?![\w/])")
_BARE_ORDINAL = re.compile(
    r"\b(?:[Oo]n|[Bb]y|[Ff]rom|[Uu]ntil|[Ss]ince)\s+the\s+([0-9]{1,2})(?:st|nd|rd|th)\b"
    r"(?!\s+(?:of|anniversary|edition|time|session|meeting|round|century|day|phase|week|annual|year|month|batch|group|rotation))")


def _numeric_day_ranges(text: str) -> list[TimeExpr]:
    """'23-25/11/2024': days 23 to 25 of November 2024 (day-first, as written across Asia)."""
    found = []
    for m in _NUMERIC_DAY_RANGE.finditer(text):
        first, last, month, year = (int(g) for g in m.groups())
        start, end = _safe_date(year, month, first), _safe_date(year, month, last)
        if start and end and start <= end:
            found.append(TimeExpr(start=m.start(), end=m.end(), text=m.group(0), date_start=_iso_day(start),
                                  date_end=_iso_day(end), granularity="day", kind="range"))
    return found


def _bare_ordinal_days(text: str, published: datetime.date) -> list[TimeExpr]:
    """'on the 3rd': a day of the publication month, or of the month before when that day is still ahead."""
    found = []
    for m in _BARE_ORDINAL.finditer(text):
        day = int(m.group(1))
        candidates = [_safe_date(published.year, published.month, day)]
        previous = _add_months((published.year, published.month), -1)
        candidates.append(_safe_date(previous[0], previous[1], day))
        past = [c for c in candidates if c and c <= published]
        if not past:
            continue
        when = max(past)
        start = m.start(1) - len("the ")
        found.append(TimeExpr(start=start, end=m.end(), text=text[start:m.end()], date_start=_iso_day(when),
                              date_end=_iso_day(when), granularity="day", kind="point"))
    return found
