"""Organisation mentions: ministries, armed forces, units, companies, parties,
multilateral bodies and ships.

Most names are found by pattern rather than by list. A *head* word ends the
name and gives its kind ("Navy", "Ministry", "Command", "Party",
"Industries"); the name runs left over capitalised words ("Royal Thai Navy",
"the 5th Air Mobility Wing") and right over "of <Capitalised words>"
("Ministry of National Defence", "Communist Party of Vietnam"); numbered units
take their number ("Military Region 7"). Ships are found by prefix ("USS",
"HMAS"...) or by a vessel word before a name ("the frigate Ly Thai To").
``data/organisations.json`` adds canonical names, acronyms and countries that
patterns cannot infer, and an acronym given in brackets after a name
("... Armed Forces (RCAF)") is recognised wherever else it appears.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Optional

from communique.mentions.countries import (
    PhraseIndex, Token, find_countries, is_capitalised, load_json, token_gap, tokenize,
)
from communique.model import OrgMention

# Priorities when spans of equal length compete.
_CURATED, _SHIP, _PATTERN, _ACRONYM = 4, 3, 2, 1
_MAX_LEFT = 8                     # capitalised words a name may run left of its head
_BLOCKING_KINDS = {"armed_forces", "unit", "ministry", "party"}
_PLURAL_POSSESSORS = {"People", "Peoples", "Workers", "Women", "Veterans"}   # "People's Army"
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_NUMBER = re.compile(r"^\d+[A-Za-z]?$")
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&+\-]{1,11})\s*\)")


@dataclass(frozen=True)
class _Known:
    name: str
    country: Optional[str]
    kind: str


@dataclass
class _Lexicon:
    known: PhraseIndex                 # curated names and aliases -> _Known
    heads: PhraseIndex                 # head phrase -> (head phrase, kind)
    numbered: frozenset[str]
    stop_words: frozenset[str]
    ship_prefixes: dict[str, str]
    ship_types: frozenset[str]
    name_syllables: frozenset[str]     # stop words that can continue a ship's name ("Ly Thai To")
    continuations: frozenset[str]      # words that carry a head into a longer non-org name ("Army Games")
    party_words: frozenset[str]
    generic_company_words: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    data = load_json("organisations.json")
    known = PhraseIndex()
    for entry in data["organisations"]:
        info = _Known(entry["name"], entry["country"], entry["kind"])
        for form in [entry["name"], *entry["aliases"]]:
            known.add(form, info)
    heads = PhraseIndex()
    for phrase, kind in data["heads"].items():
        heads.add(phrase, (phrase, kind))
    return _Lexicon(known.freeze(), heads.freeze(), frozenset(data["numbered_heads"]),
                    frozenset(data["stop_words"]), data["ship_prefixes"], frozenset(data["ship_types"]),
                    frozenset(data["name_syllables"]), frozenset(data["continuations"]),
                    frozenset(data["party_words"]), frozenset(data["generic_company_words"]))


@dataclass
class _Found:
    first: int                 # token range [first, last)
    last: int
    start: int                 # char span
    end: int
    name: str
    country: Optional[str]
    kind: str
    priority: int


def _clean_name(surface: str) -> str:
    return re.sub(r"\s+", " ", surface.replace("’", "'")).strip()


def _country_in(text: str) -> Optional[str]:
    mentions = find_countries(text)
    return mentions[0].code if mentions else None


# --------------------------------------------------------------------------
# Curated names
# --------------------------------------------------------------------------

def _curated(lex: _Lexicon, text: str, tokens: list[Token]) -> list[_Found]:
    found = []
    for i in range(len(tokens)):
        match = lex.known.longest_at(text, tokens, i)
        if match is not None:
            info: _Known = match.payloads[0]
            found.append(_Found(match.first, match.last, match.start, match.end,
                                info.name, info.country, info.kind, _CURATED))
    return found


# --------------------------------------------------------------------------
# Head-driven names
# --------------------------------------------------------------------------

def _is_name_word(lex: _Lexicon, word: str) -> bool:
    return (is_capitalised(word) or bool(_ORDINAL.match(word))) and word not in lex.stop_words


def _extend_left(lex: _Lexicon, text: str, tokens: list[Token], i: int) -> tuple[int, Optional[int]]:
    """Start of the name whose head starts at token i, and the token index of a
    possessor ("Cambodia's Ministry of Defence") if one stopped the run."""
    k = i
    while k > 0 and i - k < _MAX_LEFT:
        gap, previous = token_gap(text, tokens, k), tokens[k - 1].text
        if previous == "s" and gap == " " and k >= 2 and token_gap(text, tokens, k - 1) == "'":
            if tokens[k - 2].text in _PLURAL_POSSESSORS:
                k -= 2                                   # "People's"
                continue
            return k, k - 2                              # "Vietnam's Ministry"
        if gap == "' " and previous.endswith("s") and is_capitalised(previous):
            k -= 1                                       # "Defence Ministers' Meeting"
            continue
        if _dotted_initials_before(text, tokens, k):
            k -= 2                                       # "U.S. Navy"
            continue
        if gap not in (" ", "-") or not _is_name_word(lex, previous):
            break
        if _sentence_initial(text, tokens, k - 1) and previous.endswith(("ing", "ly", "ed")):
            break                                        # "Regarding Party building"
        k -= 1
    return k, None


def _sentence_initial(text: str, tokens: list[Token], k: int) -> bool:
    if k == 0:
        return True
    gap = text[tokens[k - 1].end:tokens[k].start]
    return "\n" in gap or gap.rstrip(" \"“'‘").endswith((".", "!", "?", ":"))


def _dotted_initials_before(text: str, tokens: list[Token], k: int) -> bool:
    """'U.S.' or 'U.K.' right before token k (tokens 'U', 'S' joined by a dot)."""
    return (k >= 2 and token_gap(text, tokens, k) == ". " and token_gap(text, tokens, k - 1) == "."
            and len(tokens[k - 1].text) == 1 and len(tokens[k - 2].text) == 1
            and tokens[k - 1].text.isupper() and tokens[k - 2].text.isupper())


def _capitalised_run(lex: _Lexicon, text: str, tokens: list[Token], m: int) -> int:
    """End of a run of capitalised words from token m, joined by spaces, hyphens,
    "People's" or "and" ("Foreign Affairs and Trade")."""
    end = m
    while end < len(tokens):
        word = tokens[end].text
        if end > m and token_gap(text, tokens, end) not in (" ", "-", "'"):
            break
        if _is_name_word(lex, word) or (word == "s" and token_gap(text, tokens, end) == "'"):
            end += 1
        elif word in ("and", "&") and end > m and end + 1 < len(tokens) and is_capitalised(tokens[end + 1].text):
            end += 1
        else:
            break
    while end > m and tokens[end - 1].text in ("and", "&"):
        end -= 1
    return end


def _after_of(text: str, tokens: list[Token], j: int) -> Optional[int]:
    """Token index after "of" / "of the" at token j, if that is what follows."""
    if j < len(tokens) and tokens[j].text == "of" and token_gap(text, tokens, j) == " ":
        if j + 1 < len(tokens) and tokens[j + 1].text == "the":
            return j + 2
        return j + 1
    return None


def _has_blocking_head(lex: _Lexicon, text: str, tokens: list[Token], start: int, end: int) -> bool:
    for k in range(start, end):
        match = lex.heads.longest_at(text, tokens, k)
        if match is not None and match.last <= end:
            phrase, kind = match.payloads[0]
            if kind in _BLOCKING_KINDS and phrase != "Military":
                return True
    return False


def _extend_right(lex: _Lexicon, text: str, tokens: list[Token], j: int) -> int:
    """'Ministry' + 'of National Defence' (+ 'of Cambodia'); never across another
    force or ministry ('Navy of the Chinese People's Liberation Army' stays two)."""
    m = _after_of(text, tokens, j)
    if m is None:
        return j
    end = _capitalised_run(lex, text, tokens, m)
    if end == m or _has_blocking_head(lex, text, tokens, m, end):
        return j
    m2 = _after_of(text, tokens, end)
    if m2 is not None and m2 < len(tokens):
        country_end = _country_tokens_end(text, tokens, m2)
        if country_end is not None:
            end = country_end
    return end


def _country_tokens_end(text: str, tokens: list[Token], m: int) -> Optional[int]:
    """End token of a country name starting at token m, if one does."""
    window = text[tokens[m].start:tokens[min(m + 6, len(tokens) - 1)].end]
    mentions = find_countries(window)
    if not mentions or mentions[0].start != 0 or mentions[0].form == "adjective":
        return None
    end_char = tokens[m].start + mentions[0].end
    k = m
    while k < len(tokens) and tokens[k].end <= end_char:
        k += 1
    return k


def _headed(lex: _Lexicon, text: str, tokens: list[Token]) -> list[_Found]:
    found = []
    heads_by_end: dict[int, tuple[str, str]] = {}     # the longest head ending at each token
    for i in range(len(tokens)):
        head = lex.heads.longest_at(text, tokens, i)
        if head is None:
            continue
        # Heads are met left to right, so the first one ending here is the longest:
        # "Group" inside "Strike Group" is a unit, not a company.
        head_info = heads_by_end.setdefault(head.last, head.payloads[0])
        candidate = _headed_at(lex, text, tokens, head.first, head.last, head_info)
        if candidate is not None:
            found.append(candidate)
    return found


def _headed_at(lex: _Lexicon, text: str, tokens: list[Token], i: int, j: int,
               head: tuple[str, str]) -> Optional[_Found]:
    phrase, kind = head
    if _name_goes_on(lex, text, tokens, j):
        return None
    first, possessor = _extend_left(lex, text, tokens, i)
    last = j
    numbered = (phrase in lex.numbered and j < len(tokens) and token_gap(text, tokens, j) == " "
                and bool(_NUMBER.match(tokens[j].text)))
    if numbered:
        last = j + 1                                     # "Military Region 7"
    else:
        last = _extend_right(lex, text, tokens, j)
    if first == i and last == j:
        return None                                      # a bare "Navy" or "Ministry" is generic
    start, end = tokens[first].start, tokens[last - 1].end
    surface = text[start:end]
    country = _country_in(surface)
    if country is None and possessor is not None:
        country = _country_in(text[tokens[possessor].start:tokens[possessor].end])
    if phrase == "Department":
        kind = _department_kind(surface, first, i, last, j)
    if kind == "party" and not _is_party(lex, surface, country):
        return None
    if kind == "company" and all(word in lex.generic_company_words for word in re.split(r"[\s-]+", surface)):
        return None                                      # "Public Limited Company" is a legal form
    return _Found(first, last, start, end, _clean_name(surface), country, kind, _PATTERN)


def _name_goes_on(lex: _Lexicon, text: str, tokens: list[Token], j: int) -> bool:
    """The head sits inside a longer name that is not an organisation:
    'International Army Games', 'ASEAN Army Men's Volleyball Tournament'."""
    return (j < len(tokens) and token_gap(text, tokens, j) == " "
            and tokens[j].text in lex.continuations)


def _is_party(lex: _Lexicon, surface: str, country: Optional[str]) -> bool:
    words = set(surface.replace("’", "'").split())
    return country is not None or bool(words & lex.party_words)


def _department_kind(surface: str, first: int, i: int, last: int, j: int) -> str:
    """'Department of National Defense' is a ministry; 'General Political Department' is not."""
    modifiers = surface.split(" ")[: i - first]
    only_country_words = all(_country_in(word) for word in modifiers)
    return "ministry" if last > j and only_country_words else "organisation"


# --------------------------------------------------------------------------
# Ships
# --------------------------------------------------------------------------

def _ship_name_end(lex: _Lexicon, text: str, tokens: list[Token], m: int, limit: int = 5) -> int:
    end = m
    while end < len(tokens) and end - m < limit:
        word = tokens[end].text
        if end > m and token_gap(text, tokens, end) not in (" ", "-"):
            break
        if not (is_capitalised(word) or word.isdigit()):
            break
        if word in lex.stop_words and not (end > m and word in lex.name_syllables):
            break
        if lex.heads.longest_at(text, tokens, end) is not None:
            break                                        # "USS Blue Ridge Navy ..." stops at Navy
        end += 1
    return end


def _ships(lex: _Lexicon, text: str, tokens: list[Token]) -> list[_Found]:
    found = []
    for i, token in enumerate(tokens):
        if i + 1 >= len(tokens) or token_gap(text, tokens, i + 1) != " ":
            continue
        if token.text in lex.ship_prefixes:
            ship = _prefixed_ship(lex, text, tokens, i)
        elif token.text in lex.ship_types:
            ship = _typed_ship(lex, text, tokens, i)
        else:
            ship = None
        if ship is not None:
            found.append(ship)
    return found


def _prefixed_ship(lex: _Lexicon, text: str, tokens: list[Token], i: int) -> Optional[_Found]:
    """'USS Theodore Roosevelt', 'HMAS Canberra', 'KRI Bung Tomo'."""
    if not is_capitalised(tokens[i + 1].text):
        return None
    end = _ship_name_end(lex, text, tokens, i + 1)
    if end == i + 1:
        return None
    start, stop = tokens[i].start, tokens[end - 1].end
    return _Found(i, end, start, stop, _clean_name(text[start:stop]),
                  lex.ship_prefixes[tokens[i].text], "ship", _SHIP)


def _typed_ship(lex: _Lexicon, text: str, tokens: list[Token], i: int) -> Optional[_Found]:
    """'the frigate Ly Thai To', 'sailing vessel 286-Lê Quý Đôn'."""
    m = i + 1
    if tokens[m].text in lex.ship_prefixes:
        return None                                      # the prefix rule reads "cruiser USS Bunker Hill"
    name_start = m
    if tokens[m].text.isdigit() and m + 1 < len(tokens) and token_gap(text, tokens, m + 1) in ("-", " "):
        m += 1                                           # hull number before the name
    if not is_capitalised(tokens[m].text) or tokens[m].text in lex.stop_words:
        return None
    end = _ship_name_end(lex, text, tokens, m)
    if end == m:
        return None
    start, stop = tokens[name_start].start, tokens[end - 1].end
    name_text = text[tokens[m].start:stop]
    if any(c.start == 0 for c in find_countries(name_text)):
        return None                                      # "the vessel Vietnam sent" is not a ship name
    before = text[tokens[max(0, i - 4)].start:tokens[i].start]
    return _Found(name_start, end, start, stop, _clean_name(text[start:stop]),
                  _country_in(before), "ship", _SHIP)


# --------------------------------------------------------------------------
# Choosing among overlapping finds, acronyms
# --------------------------------------------------------------------------

def _non_overlapping(found: list[_Found]) -> list[_Found]:
    chosen: list[_Found] = []
    for candidate in sorted(found, key=lambda f: (-(f.end - f.start), -f.priority, f.start)):
        if all(candidate.end <= other.start or candidate.start >= other.end for other in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda f: f.start)


def _inherit_countries(chosen: list[_Found], curated: list[_Found]) -> None:
    """'Southern Theater Command Navy' takes CHN from the curated name inside it."""
    for found in chosen:
        if found.country is None:
            inside = [c for c in curated if found.start <= c.start and c.end <= found.end and c.country]
            if inside:
                found.country = inside[0].country


def _acronyms(text: str, chosen: list[_Found]) -> list[_Found]:
    """'Royal Cambodian Armed Forces (RCAF)': RCAF names it everywhere in the text."""
    aliases: dict[str, _Found] = {}
    for found in chosen:
        if found.kind == "ship":
            continue
        bracket = _ACRONYM_AFTER.match(text, found.end)
        if bracket and sum(ch.isupper() for ch in bracket.group(1)) >= 2:
            aliases.setdefault(bracket.group(1), found)
    extra: list[_Found] = []
    taken = [(f.start, f.end) for f in chosen]
    for acronym, source in aliases.items():
        for hit in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w+-])", text):
            if any(hit.start() < end and start < hit.end() for start, end in taken):
                continue
            extra.append(_Found(-1, -1, hit.start(), hit.end(), source.name, source.country,
                                source.kind, _ACRONYM))
            taken.append((hit.start(), hit.end()))
    return extra


def find_organisations(text: str) -> list[OrgMention]:
    """Every organisation and ship named in ``text``, in order, with offsets.

    ``name`` is the curated canonical name when one is known ("VPA" ->
    "Vietnam People's Army"), else the name as written; ``country`` comes from
    the data file, a country word in the name, a possessor ("Cambodia's
    Ministry of Defence"), or the ship prefix; None when unknown or multilateral.
    """
    lex = _lexicon()
    tokens = tokenize(text)
    curated = _curated(lex, text, tokens)
    chosen = _non_overlapping(curated + _ships(lex, text, tokens) + _headed(lex, text, tokens))
    _inherit_countries(chosen, curated)
    everything = sorted(chosen + _acronyms(text, chosen), key=lambda f: f.start)
    return [OrgMention(f.start, f.end, text[f.start:f.end], name=f.name, country=f.country, kind=f.kind)
            for f in everything]
