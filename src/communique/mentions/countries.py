"""Country mentions: names, adjectives and codes resolved to ISO 3166 alpha-3.

pycountry supplies the base names and codes; ``data/countries_extra.json``
adds what it lacks (short forms, diacritic spellings, adjectives, text
abbreviations such as "U.S." or "DPRK", phrases that only look like country
mentions). Matching is case-sensitive and token based, so "china" the
material is not China and "USS" is not "US".

This module also holds the small tokenizer and phrase index that the place and
organisation finders reuse, so that all three agree on what a token is.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Iterator, Optional

import pycountry

from communique.model import CountryMention

# --------------------------------------------------------------------------
# Text helpers shared with places and organisations
# --------------------------------------------------------------------------

# A token is a run of letters/digits; combining marks stay inside the token so
# decomposed Vietnamese ("Việt" as NFD) is one token, not three.
_TOKEN_RE = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")
_DASHES = {"-", "–", "—", "‐", "‑"}
# Letters NFKD does not decompose into ASCII.
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                             "ß": "ss", "æ": "ae", "Æ": "AE", "ı": "i", "’": "'", "‘": "'",
                             "ʻ": "'", "ʼ": "'", "`": "'"})


@dataclass(frozen=True)
class Token:
    text: str      # NFC-normalised token text
    start: int     # offsets into the original text
    end: int


def tokenize(text: str) -> list[Token]:
    if text.isascii():
        return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
    return [Token(unicodedata.normalize("NFC", m.group()), m.start(), m.end())
            for m in _TOKEN_RE.finditer(text)]


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """ASCII-fold diacritics: "Hà Nội" -> "Ha Noi", "Đà Nẵng" -> "Da Nang".

    Letters with no ASCII base (other scripts) are dropped.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def normalise_gap(raw: str) -> str:
    """The separator between two tokens, reduced to what a phrase match compares.

    A lone dash (with or without spaces) is "-", whitespace is " ", a line
    break is "\\n" (phrases never cross it), curly apostrophes are straight.
    """
    if "\n" in raw:
        return "\n"
    gap = raw.translate(_FOLD_TABLE)
    if gap.strip() in _DASHES:
        return "-"
    return re.sub(r"\s+", " ", gap)


def token_gap(text: str, tokens: list[Token], i: int) -> str:
    """Normalised separator between tokens[i-1] and tokens[i]."""
    return normalise_gap(text[tokens[i - 1].end:tokens[i].start])


def is_capitalised(token: str) -> bool:
    return token[:1].isupper()


@dataclass(frozen=True)
class PhraseMatch:
    start: int         # char offsets of the matched surface
    end: int
    first: int         # token index range [first, last)
    last: int
    payloads: tuple


class PhraseIndex:
    """Exact, case-sensitive phrase lookup over tokens, indexed by first token.

    A phrase is its tokens joined by their normalised gaps, so "Timor-Leste",
    "Timor Leste" and "U.S." are distinct phrases that match only their own
    spelling. Trailing punctuation of a form ("U.S.", "ADMM+") must follow in
    the text and is included in the match.
    """

    def __init__(self) -> None:
        self._shapes: dict[str, Any] = {}          # first token -> {(n_tokens, tail)}, sorted on freeze
        self._payloads: dict[tuple[str, str], list[Any]] = {}

    @staticmethod
    def _parse(form: str) -> Optional[tuple[str, str, int, str]]:
        """(first token, phrase key, token count, trailing punctuation) of a form."""
        if not form.isascii():
            form = unicodedata.normalize("NFC", form)
        words = form.split(" ")
        if all(word.isalnum() for word in words):     # fast path: plain spaced words
            return words[0], form, len(words), ""
        tokens = tokenize(form)
        if not tokens:
            return None
        key = tokens[0].text + "".join(normalise_gap(form[a.end:b.start]) + b.text
                                       for a, b in zip(tokens, tokens[1:]))
        return tokens[0].text, key, len(tokens), form[tokens[-1].end:].strip()

    def add(self, form: str, payload: Any) -> None:
        parsed = self._parse(form)
        if parsed is None:
            return
        first, key, n_tokens, tail = parsed
        self._payloads.setdefault((key, tail), []).append(payload)
        self._shapes.setdefault(first, set()).add((n_tokens, tail))

    def freeze(self) -> "PhraseIndex":
        for first, shapes in self._shapes.items():
            self._shapes[first] = sorted(shapes, key=lambda shape: (-shape[0], -len(shape[1])))
        return self

    def matches_at(self, text: str, tokens: list[Token], i: int) -> Iterator[PhraseMatch]:
        """Every phrase starting at token i, longest first."""
        keys: dict[int, str] = {}
        for n_tokens, tail in self._shapes.get(tokens[i].text, ()):
            if i + n_tokens > len(tokens):
                continue
            if n_tokens not in keys:
                keys[n_tokens] = tokens[i].text + "".join(
                    token_gap(text, tokens, k) + tokens[k].text for k in range(i + 1, i + n_tokens))
            payloads = self._payloads.get((keys[n_tokens], tail))
            last = tokens[i + n_tokens - 1]
            if payloads is None or (tail and not text.startswith(tail, last.end)):
                continue
            yield PhraseMatch(tokens[i].start, last.end + len(tail), i, i + n_tokens, tuple(payloads))

    def longest_at(self, text: str, tokens: list[Token], i: int) -> Optional[PhraseMatch]:
        return next(self.matches_at(text, tokens, i), None)


def load_json(name: str) -> dict:
    return json.loads(resources.files("communique.data").joinpath(name).read_text(encoding="utf-8"))


# --------------------------------------------------------------------------
# The country lexicon
# --------------------------------------------------------------------------

EXCLUDED = "exclude"   # payload form for phrases that only look like country mentions


@dataclass(frozen=True)
class _Form:
    code: Optional[str]
    form: str                # name | adjective | code | exclude
    ambiguous: bool = False  # a code that is also a word: needs a neighbouring code


@dataclass
class _Lexicon:
    index: PhraseIndex
    exact: dict[str, str]          # surface -> alpha-3, for country_code()
    folded: dict[str, str]         # folded casefold surface -> alpha-3
    short_names: dict[str, str]
    person_like: frozenset[str]
    person_like_ok_next: frozenset[str]


def _pycountry_names(country: Any) -> list[str]:
    names = [getattr(country, attr, None) for attr in ("name", "common_name", "official_name")]
    # "Korea, Republic of" and "Holy See (Vatican...)" are catalogue forms, not prose.
    return [n for n in names if n and "," not in n and "(" not in n]


def _plural(adjective: str) -> Optional[str]:
    if adjective.endswith(("s", "sh", "ch", "ese", "x")) or " " in adjective:
        return None
    return adjective + "s"


def _add(lex: _Lexicon, surface: str, payload: _Form) -> None:
    lex.index.add(surface, payload)
    if payload.code is None:
        return
    lex.exact.setdefault(surface, payload.code)
    if payload.form != "code" or len(surface) >= 3:
        lex.folded.setdefault(fold(surface).casefold(), payload.code)
    # Headlines and datelines shout ("VIETNAM, May 14"); short forms would hit acronyms.
    if payload.form != "code" and sum(c.isalpha() for c in surface) >= 4:
        lex.index.add(surface.upper(), payload)


@cache
def _lexicon() -> _Lexicon:
    extra = load_json("countries_extra.json")
    lex = _Lexicon(PhraseIndex(), {}, {}, {}, frozenset(extra["person_like"]),
                   frozenset(extra["person_like_ok_next"]))
    not_countries = set(extra["not_countries"])
    ambiguous = set(extra["ambiguous_codes"])

    for phrase in extra["exclusions"]:
        lex.index.add(phrase, _Form(None, EXCLUDED))
        lex.index.add(phrase.upper(), _Form(None, EXCLUDED))

    # Curated forms first so that they win over pycountry's for the same surface.
    for code, entry in extra["countries"].items():
        lex.short_names[code] = entry["short"]
        for name in entry["names"]:
            _add(lex, name, _Form(code, "name"))
        for adjective in entry["adjectives"]:
            _add(lex, adjective, _Form(code, "adjective"))
    for code, entry in extra["countries"].items():
        for adjective in entry["adjectives"]:
            plural = _plural(adjective)
            if plural and plural not in lex.exact:
                _add(lex, plural, _Form(code, "adjective"))
    for surface, code in extra["codes"].items():
        _add(lex, surface, _Form(code, "code"))

    for country in pycountry.countries:
        code = country.alpha_3
        if code in not_countries:
            for name in _pycountry_names(country):
                lex.index.add(name, _Form(None, EXCLUDED))
            continue
        for name in _pycountry_names(country):
            _add(lex, name, _Form(code, "name"))
            if name.endswith("ia") and code not in extra["countries"]:
                _add(lex, name + "n", _Form(code, "adjective"))   # Estonia -> Estonian
        _add(lex, code, _Form(code, "code", ambiguous=code in ambiguous))
    lex.index.freeze()
    return lex


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------

def _clean_word(word: str) -> str:
    word = unicodedata.normalize("NFC", word.strip()).replace("’", "'")
    word = re.sub(r"'s?$", "", word)
    word = re.sub(r"^the\s+", "", word, flags=re.IGNORECASE)
    return word.strip("-–— ")


def country_code(word: str) -> str | None:
    """Alpha-3 code for a country name, short form, adjective or code.

    "Việt Nam", "Vietnamese", "Vietnam's" -> "VNM"; "U.S." -> "USA";
    "Korea" -> "KOR"; "US-led" -> "USA". Unknown words give None.
    """
    lex = _lexicon()
    word = _clean_word(word)
    if not word:
        return None
    if word in lex.exact:
        return lex.exact[word]
    if len(word) == 2 and word.isupper():
        country = pycountry.countries.get(alpha_2=word)
        if country is not None:
            return country.alpha_3
    folded = fold(word).casefold()
    if folded in lex.folded:
        return lex.folded[folded]
    head = re.split(r"[-–—]", word, maxsplit=1)[0]
    if head != word:
        return country_code(head)
    return None


def country_name(code: str) -> str:
    """Common short English name: "VNM" -> "Vietnam", "KOR" -> "South Korea".

    Unknown codes are returned unchanged.
    """
    code = code.upper()
    lex = _lexicon()
    if code in lex.short_names:
        return lex.short_names[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@cache
def _cow_table() -> dict[str, dict]:
    return load_json("cow_codes.json")["codes"]


def cow_code(code: str) -> tuple[int, str] | None:
    """Correlates of War (numeric code, abbreviation) for an alpha-3 code:
    "VNM" -> (816, "DRV"); None for entities outside the COW state system."""
    entry = _cow_table().get(code.upper())
    return (entry["ccode"], entry["abb"]) if entry else None


def find_countries(text: str) -> list[CountryMention]:
    """Every country name, adjective or code in ``text``, with offsets.

    Possessives ("Vietnam's") and compounds ("Vietnam-Cambodia", "US-Thai",
    "Việt Nam - Cambodia") give one mention per country; the span never
    includes the "'s". Codes that are also words ("CAN", "MAR") count only
    next to another code ("VNM, MAR and THA").
    """
    lex = _lexicon()
    tokens = tokenize(text)
    found: list[tuple[CountryMention, _Form]] = []
    i = 0
    while i < len(tokens):
        match = lex.index.longest_at(text, tokens, i)
        if match is None:
            i += 1
            continue
        form: _Form = match.payloads[0]
        if form.code is not None and not _reads_as_person(lex, text, tokens, match):
            mention = CountryMention(match.start, match.end, text[match.start:match.end],
                                     code=form.code, form=form.form)
            found.append((mention, form))
        i = match.last
    return _drop_lone_ambiguous_codes(text, found)


def _reads_as_person(lex: _Lexicon, text: str, tokens: list[Token], match: PhraseMatch) -> bool:
    """'Chad Smith', 'Michael Jordan': a given-name country next to a name."""
    if text[match.start:match.end] not in lex.person_like:
        return False
    after = match.last
    if after < len(tokens) and token_gap(text, tokens, after) == " ":
        following = tokens[after].text
        if is_capitalised(following) and following not in lex.person_like_ok_next:
            return True
    before = match.first - 1
    if before >= 0 and token_gap(text, tokens, match.first) == " ":
        return is_capitalised(tokens[before].text)
    return False


_CODE_LIST_GAP = re.compile(r"^\s*(?:[,/;&+]|-|–|and|or)?\s*$")


def _drop_lone_ambiguous_codes(text: str, found: list[tuple[CountryMention, _Form]]) -> list[CountryMention]:
    """Keep an ambiguous code only in a run of codes anchored by an unambiguous one."""
    accepted = [not form.ambiguous for _, form in found]
    changed = True
    while changed:   # spread acceptance along runs like "VNM, MAR and CAN"
        changed = False
        for k, (mention, _) in enumerate(found):
            if accepted[k]:
                continue
            if any(accepted[j] and _adjacent_codes(text, mention, found[j][0])
                   for j in (k - 1, k + 1) if 0 <= j < len(found)):
                accepted[k] = changed = True
    return [mention for (mention, _), ok in zip(found, accepted) if ok]


def _adjacent_codes(text: str, a: CountryMention, b: CountryMention) -> bool:
    if b.form != "code":
        return False
    first, second = (a, b) if a.start < b.start else (b, a)
    return bool(_CODE_LIST_GAP.match(text[first.end:second.start]))
