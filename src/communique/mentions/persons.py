"""Find person mentions and parse the titles around each name.

Statistical NER is weak on Vietnamese, Khmer and Lao names, so the finder leans
on what wire copy always gives: a rank, an honorific or an office right before
the name ("Sen. Lieut. Gen. Nguyen Tan Cuong", "Samdech Thipadei Hun Manet",
"Deputy PM and Minister of National Defence of Cambodia General Tea Seiha"), an
appositive after it ("Nguyen Van Nen, Secretary of ..."), naming conventions
(Vietnamese family names), and the curated actor table. spaCy's NER is asked
only about capitalised runs that none of that explains.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import PersonMention
from ..text import fold
from .tokens import Token, tokenise

MAX_NAME_TOKENS = 4
NAME_PARTICLES = {"bin", "binti", "bte", "van", "de", "da", "dos", "del", "al", "el", "von", "der", "le"}
CONNECTORS = {"of", "the", "and", "for", "cum", "at", "in", "&"}
# Lower-case words that still belong to a title ("Cambodian army commander lieutenant general Hun Manet").
LOWER_TITLE_WORDS = {
    "army", "navy", "air", "force", "forces", "defence", "defense", "ministry", "military", "naval",
    "national", "armed", "deputy", "vice", "acting", "chief", "commander", "minister", "secretary",
    "president", "premier", "prime", "spokesman", "spokesperson", "spokeswoman", "attaché", "attache",
    "general", "lieutenant", "colonel", "major", "admiral", "captain", "senior", "rear", "marshal",
    "head", "director", "ambassador", "counterpart", "party", "state", "staff", "coast", "guard",
    "border", "envoy", "former", "permanent", "standing", "political", "commissar", "leader", "foreign",
    "affairs", "security", "police", "intelligence", "joint", "top", "marine", "corps", "officer",
    "officers", "high-ranking", "senior-ranking", "brigadier", "commodore", "sultan", "king",
}
_CAPTION = re.compile(r"\s*\((?:R|L|C|right|left|centre|center|middle|front|first|second|third|\d+(?:st|nd|rd|th)?\b[^)]{0,20})[^)]{0,25}\)", re.I)
_SPEECH_VERBS = {"said", "says", "stated", "affirmed", "stressed", "noted", "added", "told", "emphasised",
                 "emphasized", "highlighted", "expressed", "thanked", "proposed", "suggested", "asked",
                 "welcomed", "agreed", "pledged", "briefed", "informed", "urged", "announced", "met",
                 "received", "visited", "attended", "chaired", "signed", "led", "paid", "held", "presented"}


@dataclass(frozen=True)
class Lexicon:
    ranks: tuple[tuple[str, ...], ...]
    honorifics: tuple[tuple[str, ...], ...]
    by_first: dict       # first word -> honorific and rank sequences starting with it, longest first
    office_heads: frozenset[str]
    non_name: frozenset[str]
    credit_words: frozenset[str]
    vietnamese_family: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = resources.files("communique.data")
    titles = json.loads(data.joinpath("titles.json").read_text(encoding="utf-8"))
    names = json.loads(data.joinpath("names.json").read_text(encoding="utf-8"))

    def sequences(items):
        seqs = {tuple(fold(item).split()) for item in items if fold(item)}
        return tuple(sorted(seqs, key=len, reverse=True))

    ranks, honorifics = sequences(titles["ranks"]), sequences(titles["honorifics"])
    by_first: dict[str, list] = {}
    for seq in honorifics + ranks:
        by_first.setdefault(seq[0], []).append(seq)
        joined = " ".join(seq)
        by_first.setdefault(joined, []).append(seq)     # 'Brigadier-General' folds to one token
    return Lexicon(
        ranks=ranks,
        honorifics=honorifics,
        by_first=by_first,
        office_heads=frozenset(fold(h) for h in titles["office_heads"]) | frozenset(
            fold(h).split()[-1] for h in titles["office_heads"]),
        non_name=frozenset(names["non_name_words"]),
        credit_words=frozenset(names["credit_words"]),
        vietnamese_family=frozenset(names["vietnamese_family_names"]),
    )


def _match_back(tokens: list[Token], end: int, sequences) -> int:
    """Start index of the longest sequence ending right before ``end``, or ``end``.

    Tokens may hold several words ('Brigadier-General', 'Vice-Admiral')."""
    for seq in sequences:
        words: list[str] = []
        k = end
        while k > 0 and len(words) < len(seq):
            if not tokens[k - 1].norm:
                break       # punctuation ends a rank
            words = tokens[k - 1].norm.split() + words
            k -= 1
        if tuple(words) == seq:
            return k
    return end


def _is_name_token(token: Token, lex: Lexicon) -> bool:
    if not token.is_word or not token.is_capitalised:
        return False
    if token.is_acronym and len(token.bare) > 1:
        return False
    norm = token.norm
    if not norm or norm in lex.non_name or norm in lex.office_heads:
        return False
    if any(norm == seq[0] and len(seq) == 1 for seq in lex.ranks):
        return False
    if _country_word(token.bare):
        return False
    return True


def _country_word(word: str) -> str | None:
    """A country name or adjective ('Cambodian', 'Lao'), never a code read into a name ('Sen', 'Hun')."""
    from .countries import country_code
    if len(word) <= 3 and not word.isupper() and word.lower() != "lao":
        return None
    return country_code(word)


def _title_tokens(tokens: list[Token], lex: Lexicon) -> set[int]:
    """Indexes of tokens that belong to a rank or honorific read forwards ('Sen. Lieut. Gen.')."""
    covered: set[int] = set()
    norms = [t.norm for t in tokens]
    i = 0
    while i < len(tokens):
        for seq in lex.by_first.get(norms[i], ()):
            n = len(seq)
            if n > 1 and tuple(norms[i].split()) == seq:
                covered.add(i)      # 'Brigadier-General' as one token
                i += 1
                break
            if tuple(norms[i:i + n]) == seq and (n > 1 or tokens[i].norm != "u" or
                                                                    (i + 1 < len(tokens) and tokens[i + 1].is_capitalised)):
                covered.update(range(i, i + n))
                i += n
                break
        else:
            i += 1
    return covered


def _name_runs(tokens: list[Token], lex: Lexicon) -> list[tuple[int, int]]:
    """Maximal runs of capitalised name-like tokens (with inner particles), as index ranges."""
    runs = []
    titles = _title_tokens(tokens, lex)
    i = 0
    while i < len(tokens):
        if i in titles or not _is_name_token(tokens[i], lex):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j - i < MAX_NAME_TOKENS:
            tok = tokens[j]
            if tokens[j - 1].possessive or tokens[j - 1].text.endswith("."):
                # "Giang's visit": a possessive ends the name; so does an initial's stop only if next is lower
                if not (len(tokens[j - 1].bare) == 1 and _is_name_token(tok, lex)):
                    break
            if j in titles:
                break
            if _is_name_token(tok, lex):
                j += 1
            elif tok.norm in NAME_PARTICLES and j + 1 < len(tokens) and _is_name_token(tokens[j + 1], lex) \
                    and not tok.is_capitalised:
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


@dataclass
class _Titles:
    ranks: list[str]
    honorifics: list[str]
    offices: list[str]
    start: int           # character offset where the title phrase begins
    evidence: str        # why this run is a person: rank | honorific | office | appositive | ...


def _prefix_titles(text: str, tokens: list[Token], run_start: int, run_end: int, lex: Lexicon,
                   floor: int = 0) -> _Titles:
    """Parse rank, honorific and office phrase right before a name run."""
    ranks, honorifics, offices = [], [], []
    evidence = ""
    k = run_start
    # Ranks and honorifics may interleave: "H.E. General", "Samdech Techo", "Datuk Seri".
    for _ in range(3):
        if k <= floor:
            break
        h = _match_back(tokens, k, lex.honorifics)
        if h < k:
            honorifics.insert(0, text[tokens[h].start:tokens[k - 1].end])
            evidence = evidence or "honorific"
            k = h
            continue
        r = _match_back(tokens, k, lex.ranks)
        if r < k:
            ranks.insert(0, text[tokens[r].start:tokens[k - 1].end])
            evidence = "rank"
            k = r
            continue
        break
    office_end = k
    if office_end > 0 and tokens[office_end - 1].text == "," and (evidence or run_end - run_start > 1):
        office_end -= 1      # "Deputy Minister of Defence, Sen. Lt. Gen. Nguyen Chi Vinh"
    if office_end > 0 and tokens[office_end - 1].norm in CONNECTORS:
        office_end = 0       # "... in Hanoi": a connector right before the name ends no title
    office_start = _office_phrase_start(tokens, office_end, lex, floor) if office_end else 0
    if office_start < office_end:
        phrase = text[tokens[office_start].start:tokens[office_end - 1].end]
        offices.append(phrase)
        if not evidence:
            evidence = "office"
        k = office_start
    start = tokens[k].start if k < len(tokens) else tokens[run_start].start
    return _Titles(ranks, honorifics, offices, start, evidence)


def _office_phrase_start(tokens: list[Token], end: int, lex: Lexicon, floor: int = 0) -> int:
    """Walk back over an office phrase ('Chief of the General Staff of the VPA and Deputy Minister').

    ``floor`` is the first token after the previous person's name: an office
    never reaches back across another person ("Lloyd Austin and Prime Minister").
    """
    k = end
    has_head = False
    depth = 0
    while k > floor:
        tok = tokens[k - 1]
        norm = tok.norm
        if tok.text == ")":
            depth += 1
        elif tok.text == "(":
            if depth == 0:
                break
            depth -= 1
        elif depth:
            if not (tok.is_acronym or tok.is_word):
                break
        elif norm == "to" and k >= 2 and tokens[k - 2].norm in {"ambassador", "envoy", "attache", "representative",
                                                                   "consul", "emissary", "adviser", "advisor"}:
            pass    # "US Ambassador to Laos Heather Variava"
        elif tok.is_word and (tok.is_capitalised or norm in LOWER_TITLE_WORDS or norm in lex.office_heads):
            if norm in lex.office_heads or norm.split("-")[-1] in lex.office_heads or norm == "pm":
                has_head = True
        elif norm in CONNECTORS or tok.text[:1].isdigit():
            pass
        else:
            break
        k -= 1
    # Trim leading connectors and brackets.
    while k < end and (tokens[k].norm in CONNECTORS or tokens[k].text in {"(", ")"}):
        k += 1
    return k if has_head else end


def _appositive_titles(text: str, tokens: list[Token], run_end: int, lex: Lexicon) -> list[str]:
    """'Nguyen Van Nen, Secretary of the HCMC Party Committee' -> the office after the comma."""
    k = run_end
    if k < len(tokens) and _CAPTION.match(text, tokens[k].start):
        return []
    if k >= len(tokens) or tokens[k].text != ",":
        return []
    k += 1
    start = k
    while k < len(tokens):
        tok = tokens[k]
        if tok.text[:1].isdigit() and k > start:
            k += 1      # 'Commander of Military Region 7'
        elif tok.is_word and (tok.is_capitalised or tok.norm in LOWER_TITLE_WORDS or tok.norm in CONNECTORS
                              or tok.norm in lex.office_heads):
            k += 1
        elif tok.text in {"(", ")", "'", "’", "-", "–"}:
            k += 1
        else:
            break
    while k > start and (tokens[k - 1].norm in CONNECTORS or tokens[k - 1].text in {"(", "-", "–"}):
        k -= 1
    if k == start:
        return []
    words = [t.norm for t in tokens[start:k]]
    if not any(w in lex.office_heads or w.split("-")[-1] in lex.office_heads for w in words):
        return []
    first = tokens[start].norm
    if first not in lex.office_heads and first not in {"deputy", "vice", "acting", "former", "chief", "head", "senior",
                                                       "director", "commander", "permanent", "assistant", "under"} \
            and not any(seq[0] == first for seq in lex.ranks) and not _country_word(tokens[start].bare):
        return []
    return [text[tokens[start].start:tokens[k - 1].end]]


def _is_credit(tokens: list[Token], run_start: int, lex: Lexicon) -> bool:
    """Bylines and photo credits ('By Nguyen Dong', 'Photo: VNA/Trong Duc', 'writer: ...')."""
    window = tokens[max(0, run_start - 4):run_start]
    if any(t.norm in lex.office_heads for t in window):
        return False
    if any(t.norm in lex.credit_words and t.norm != "by" for t in window):
        return True
    k = run_start - 1
    while k >= 0 and tokens[k].text in {":", "-", "–", "|"}:
        k -= 1      # "By: Marian D. Quisumbing"
    if k >= 0 and tokens[k].norm == "by":
        return k == 0 or tokens[k - 1].norm in {"photo", "written", "reported", "story", "edited",
                                                "compiled", "translated", "reporting"} or tokens[k - 1].text in {"\n"}
    return False


def _followed_by_place_word(tokens: list[Token], run_end: int) -> bool:
    if run_end < len(tokens) and tokens[run_end].norm in {"regime", "era", "genocidal", "doctrine", "administration", "clique"}:
        return True   # "the Pol Pot genocidal regime" names a regime, not a person taking part
    return (run_end < len(tokens) and tokens[run_end].norm in PLACE_WORDS) or tokens[run_end - 1].norm in PLACE_WORDS


SHIP_PREFIXES = {"uss", "hmas", "ins", "js", "kri", "brp", "htms", "hmnzs", "hms", "roks", "rss", "kd", "cns", "ship", "vessel",
                 "frigate", "destroyer", "corvette", "carrier", "cruiser", "submarine", "lst", "hq"}

PLACE_WORDS = {
        "city", "province", "park", "street", "road", "bridge", "airport", "port", "district", "square",
        "monument", "memorial", "temple", "pagoda", "palace", "hall", "stadium", "base", "airbase",
        "island", "islands", "river", "mountain", "campaign", "trail", "museum", "mausoleum", "hotel",
        "school", "university", "academy", "hospital", "company", "group", "bank", "corporation",
        "class", "dialogue", "exercise", "festival", "statue", "cemetery", "market", "town", "village",
}


_PERSON_CONTEXT = re.compile(
    r"\b(?:said|says|told|added|stated|noted|stressed|asked|urged|met|meets|meeting\s+with|talks\s+with|"
    r"Mr|Mrs|Ms|Dr|who|whom)\b", re.I)


def _ship_names(text: str) -> set[str]:
    """Folded names written right after a ship prefix anywhere in the text ('training ship Qi Jiguang')."""
    names = set()
    for m in _SHIP_NAME.finditer(text):
        names.add(fold(m.group(1)))
    return {n for n in names if n}


_SHIP_NAME = re.compile(r"\b(?:USS|HMAS|INS|JS|KRI|BRP|HTMS|HMNZS|HMS|ROKS|RSS|KD|CNS|(?:training|naval|patrol|sailing|hospital|research|survey)\s+(?:ship|vessel)|frigate|destroyer|corvette|carrier|cruiser|submarine)\s+((?:[A-Z][\w'’-]*\s?){1,3})")


def _inside_proper_noun(tokens: list[Token], run_end: int, lex: Lexicon) -> bool:
    """'the Steering Committee': a run followed by a capitalised institution word is no name."""
    if run_end >= len(tokens):
        return False
    nxt = tokens[run_end]
    return nxt.is_word and nxt.is_capitalised and not nxt.is_acronym and nxt.norm in lex.non_name \
        and nxt.norm not in {"the", "a", "in", "on", "at", "and", "of", "for", "from", "to", "with", "by", "as"}


def find_persons(text: str, sentences: list[tuple[int, int]], known_name=None,
                 ner_persons=None) -> list[PersonMention]:
    """Every person mention with its titles.

    ``known_name(name) -> bool`` tells whether a name is in the actor table;
    ``ner_persons(sentence_span) -> list[(start, end)]`` gives statistical PERSON
    spans for a sentence and is called only when rules leave a run unexplained.
    """
    lex = lexicon()
    mentions: list[PersonMention] = []
    ships = _ship_names(text)
    for s_start, s_end in sentences:
        tokens = tokenise(text, s_start, s_end)
        words = [t for t in tokens if t.is_word]
        # A headline in title case ("US Pacific Fleet Presents Legion of Merit ...") capitalises
        # every word: only titled names and the actor table count there.
        headline = len(words) >= 4 and sum(t.is_capitalised for t in words) / len(words) > 0.7 \
            and not text[s_start:s_end].rstrip().endswith(".")
        ner_cache = None
        floor = 0
        for i, j in _name_runs(tokens, lex):
            name_tokens = tokens[i:j]
            # A single capitalised word that opens a sentence is usually not a name ("Receiving").
            name = text[name_tokens[0].start:name_tokens[-1].bare_end]
            if _is_credit(tokens, i, lex) or _followed_by_place_word(tokens, j) or _inside_proper_noun(tokens, j, lex):
                continue
            if i > 0 and (tokens[i - 1].norm in SHIP_PREFIXES or (i > 1 and tokens[i - 2].norm in {"training", "naval", "patrol", "sailing", "hospital", "research", "survey", "coast"} and tokens[i - 1].norm in {"ship", "vessel"})):
                continue   # 'training ship Qi Jiguang', 'KRI Bima Suci': a ship's name
            if name_tokens[0].start > 0 and text[name_tokens[0].start - 1] in "-/" and \
                    text[max(0, name_tokens[0].start - 2)].isdigit():
                continue   # 'Vessel 286-Lê Quý Đôn' is a ship, not a person
            titles = _prefix_titles(text, tokens, i, j, lex, floor)
            appositive = _appositive_titles(text, tokens, j, lex)
            reason = titles.evidence
            if not reason and appositive:
                reason = "appositive"
            folded = fold(name)
            words = folded.split()
            if any(folded == ship or folded.endswith(" " + ship) or ship.endswith(" " + folded) for ship in ships):
                continue   # the ship's name again ('Qi Jiguang, commissioned in 2017, ...')
            if not reason and len(words) >= 2 and known_name and known_name(name):
                reason = "table"
            if not reason and len(words) >= 2 and words[0] in lex.vietnamese_family and len(words) <= 4:
                reason = "vietnamese name"
            if not reason and j < len(tokens) and _CAPTION.match(text, tokens[j - 1].bare_end) and len(words) >= 2:
                reason = "caption"
            if not reason and len(words) >= 2 and ner_persons is not None and _PERSON_CONTEXT.search(
                    text[max(s_start, name_tokens[0].start - 25):min(s_end, name_tokens[-1].end + 25)]):
                # The statistical model is asked only where the words around a bare name
                # suggest a person ("X said", "met with X", "Mr X") and nothing else decided.
                if ner_cache is None:
                    ner_cache = ner_persons((s_start, s_end))
                if any(a <= name_tokens[0].start and name_tokens[-1].bare_end <= b for a, b in ner_cache):
                    reason = "ner"
            if not reason:
                continue
            if headline and reason not in {"rank", "honorific", "table"}:
                continue
            if i > 0 and (tokens[i - 1].text in {"“", '"', "‘"} or tokens[i - 1].norm in {"exercise", "operation", "dubbed",
                                                                                           "codenamed", "code-named", "named", "called"}):
                continue   # 'exercise "Vayu Sakura"', 'Exercise Harimau Rajawali': an exercise's name
            if reason in {"ner", "vietnamese name", "caption"} and i > 0 and tokens[i - 1].norm in {"in", "at", "near", "from", "to", "of", "outside"}:
                continue   # 'the naval base in Phang Nga': a place the gazetteer does not know
            if len(words) == 1 and reason not in {"rank", "honorific", "office"}:
                continue
            mentions.append(PersonMention(
                start=name_tokens[0].start, end=name_tokens[-1].bare_end, text=name,
                name=name, ranks=titles.ranks, honorifics=titles.honorifics,
                offices=titles.offices + appositive, reason=reason, title_start=titles.start,
            ))
            floor = j
            while floor < len(tokens) and _CAPTION.match(text, tokens[floor].start) and tokens[floor].text == "(":
                floor = next((x + 1 for x in range(floor, len(tokens)) if tokens[x].text == ")"), len(tokens))
    return mentions
