"""Resolve person mentions to actors within one article, and give each a country.

One actor per person in the article: "Phan Văn Giang", "General Giang", "Giang",
"Mr. Giang" are one. Conventions decide which single word stands for a person:
Vietnamese names are referred to by their last word (the given name; the first
word is a family name shared by millions), most others by either end ("Gen
Kongcheep" for Kongcheep Tantravanich, "Shoigu", "Pisen", "Viphavanh").
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Callable, Optional

from ..mentions.persons import lexicon
from ..mentions.tokens import tokenise
from ..model import Actor, Document, PersonMention
from ..text import fold, strip_accents

# Offices that say "this person is the other side" but carry no country of their own.
_COUNTERPART = re.compile(r"\bcounterpart\b", re.I)


@lru_cache(maxsize=1)
def _name_data() -> dict:
    return json.loads(resources.files("communique.data").joinpath("names.json").read_text(encoding="utf-8"))


def name_key(name: str) -> tuple[str, ...]:
    """Folded name words without initials: 'Lloyd J. Austin' -> ('lloyd', 'austin')."""
    words = fold(name).split()
    core = [w for w in words if len(w) > 1 and w not in {"jr", "sr", "ii", "iii", "iv"}]
    return tuple(core or words)


def guess_country_from_name(name: str) -> Optional[str]:
    """A weak, last-resort guess from naming conventions (family names, surname endings)."""
    data = _name_data()
    words = name_key(name)
    if not words:
        return None
    if len(words) >= 2 and words[0] in set(data["vietnamese_family_names"]) and len(words) <= 4:
        return "VNM"
    for code, families in data["family_names"].items():
        if len(words) >= 2 and (words[0] in families or (code == "JPN" and words[-1] in families)):
            if code == "KOR" and "-" not in name and len(words) < 3:
                continue   # Korean given names are hyphenated or two words in English copy
            return code
    for code, endings in data["surname_endings"].items():
        if len(words) >= 2 and len(words[-1]) >= 7 and any(words[-1].endswith(e) for e in endings):
            return code
    if len(words) == 2 and all(_JAPANESE.fullmatch(w) for w in words) and not all(_PINYIN.fullmatch(w) for w in words):
        return "JPN"    # 'Yusuke Hanabusa': every word is made of Japanese syllables
    if 2 <= len(words) <= 3 and all(_PINYIN.fullmatch(w) and len(w) <= 8 for w in words) and "-" not in name:
        return "CHN"    # 'Zhou Hanlin', 'Shen Haoyu': every word is pinyin
    return None


_JAPANESE = re.compile(r"(?:(?:ky|sh|ch|ts|ny|hy|my|ry|gy|by|py|j|[kstnhmyrwgzdbpf])?[aiueo]|n)+")
_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ve|ue|er|a|o|e|i|u|v))+")


def short_forms(actor_name: str, country: Optional[str]) -> set[str]:
    """Single words that may stand for the person in running text."""
    words = name_key(actor_name)
    if len(words) < 2:
        return set(words)
    if country == "VNM" or words[0] in set(_name_data()["vietnamese_family_names"]):
        return {words[-1]}
    return {words[0], words[-1]}


class ActorResolver:
    """Groups a document's person mentions into actors and assigns countries.

    ``table`` is the curated actor table (optional: a person it does not hold,
    introduced with a title, still resolves from the text alone).
    """

    def __init__(self, table=None):
        self.table = table

    def __call__(self, doc: Document) -> Document:
        self._entries: dict[int, object] = {}   # actor index -> table entry, for this document
        self._word_index: dict[str, set[int]] = {}
        self._indexed: list = []
        self._doc = doc
        for mention in doc.persons:
            mention.country = mention.country or self._mention_country(doc, mention)
        actors: list[Actor] = []
        keys: list[tuple[str, ...]] = []
        singles: list[int] = []
        for index, mention in enumerate(doc.persons):
            key = name_key(mention.name)
            if len(key) < 2:
                singles.append(index)
                continue
            found = self._find_actor(key, keys, actors, mention)
            if found is None:
                entry = self._lookup(doc, mention.name, mention.country)
                actors.append(Actor(name=strip_accents(mention.name), country=None,
                                    table_id=entry.id if entry else None))
                self._entries[len(actors) - 1] = entry
                keys.append(key)
                found = len(actors) - 1
            elif len(key) > len(keys[found]) or (len(key) == len(keys[found]) and mention.name != strip_accents(mention.name)):
                if len(key) > len(keys[found]):
                    actors[found].name = strip_accents(mention.name)
                    keys[found] = key
            actors[found].mentions.append(index)
            mention.actor = found
        self._attach_singles(doc, singles, actors, keys)
        self._add_bare_short_mentions(doc, actors)
        self._finish(doc, actors)
        doc.actors = actors
        return doc

    # -- grouping -------------------------------------------------------
    def _find_actor(self, key, keys, actors, mention) -> Optional[int]:
        # Every rule below needs a shared word, so only actors sharing one are compared.
        index = self._word_index
        for i, k in enumerate(keys[len(self._indexed):], len(self._indexed)):
            for word in k:
                index.setdefault(word, set()).add(i)
        self._indexed = list(keys)
        candidates = sorted(set().union(*(index.get(w, set()) for w in key))) if key else []
        for i in candidates:
            other = keys[i]
            if key == other or sorted(key) == sorted(other):
                return i
            if key[0] == other[0] and key[-1] == other[-1]:
                return i     # middle names or initials left out on one side
            shorter, longer = (key, other) if len(key) < len(other) else (other, key)
            if len(shorter) >= 2 and longer[-len(shorter):] == shorter:
                return i     # 'Hun Sen' within 'Techo Hun Sen'
            if len(shorter) >= 2 and longer[:len(shorter)] == shorter:
                return i     # 'Khairul Anuar' for 'Khairul Anuar Mohd Nor'
        return None

    def _lookup(self, doc: Document, name: str, country: Optional[str]):
        if self.table is None:
            return None
        try:
            return self.table.lookup(name, on=doc.article.published, country=country)
        except Exception:   # the table helps; it must never break resolution
            return None

    def _attach_singles(self, doc, singles, actors, keys) -> None:
        for index in singles:
            mention = doc.persons[index]
            word = name_key(mention.name)[0] if name_key(mention.name) else ""
            target = self._actor_for_short(word, actors, keys, mention.start)
            if target is None:
                entry = self._lookup(doc, mention.name, mention.country)
                if entry is None:
                    mention.actor = None
                    continue
                actors.append(Actor(name=entry.name, country=entry.country, table_id=entry.id))
                self._entries[len(actors) - 1] = entry
                keys.append(name_key(entry.name))
                target = len(actors) - 1
            actors[target].mentions.append(index)
            mention.actor = target

    def _actor_for_short(self, word, actors, keys, position) -> Optional[int]:
        candidates = [i for i, a in enumerate(actors)
                      if word in short_forms(a.name, self._known_country(i, a))]
        if not candidates:
            candidates = [i for i, k in enumerate(keys) if word in k and len(k) >= 2
                          and not (word == k[0] and word in set(_name_data()["vietnamese_family_names"]))]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            # The most recently mentioned one before this position.
            def last_seen(i):
                starts = [self._doc.persons[m].start for m in actors[i].mentions]
                return max((s for s in starts if s <= position), default=-1)
            return max(candidates, key=last_seen)
        return None

    @staticmethod
    def _leader_country(doc: Document, actor: Actor) -> Optional[str]:
        """'members of the US ... Agency led by Lieutenant Colonel X': the led body's country."""
        for i in actor.mentions:
            m = doc.persons[i]
            s, _ = doc.sentence_of(m.start)
            start = m.title_start if m.title_start is not None else m.start
            led = re.search(r"\b(?:led|headed|commanded)\s+by\s+$", doc.text[max(s, start - 20):start], re.I)
            if not led:
                continue
            before = [(c.end, c.code) for c in doc.countries if s <= c.start < start]
            before += [(o.end, o.country) for o in doc.organisations if o.country and s <= o.start < start]
            if before:
                return max(before)[1]
        return None

    @staticmethod
    def _ship_officer_country(doc: Document, actor: Actor) -> Optional[str]:
        """'the ship's commanding officer', 'Its commanding officer, Commander X': the ship's navy."""
        for i in actor.mentions:
            m = doc.persons[i]
            s, e = doc.sentence_of(m.start)
            sentence = doc.text[s:e]
            if re.search(r"\b(?:ship['’]s|vessel['’]s|its)\s+(?:commanding\s+officer|captain|commander|skipper)\b", sentence, re.I):
                ships = [o for o in doc.organisations if o.kind == "ship" and o.country and o.start < e]
                if ships:
                    return ships[-1].country
        return None

    def _known_country(self, index: int, actor: Actor) -> Optional[str]:
        entry = self._entries.get(index)
        return actor.country or (entry.country if entry else None) or \
            _majority_country(self._doc, actor)

    def _add_bare_short_mentions(self, doc: Document, actors: list[Actor]) -> None:
        """'Cuong said', 'Agreeing with Cuong': untitled one-word references to known actors."""
        if not actors:
            return
        shorts: dict[str, list[int]] = {}
        for i, actor in enumerate(actors):
            country = self._known_country(i, actor)
            for word in short_forms(actor.name, country):
                shorts.setdefault(word, []).append(i)
        covered = [(m.start, m.end) for m in doc.persons]
        added = []
        for token in tokenise(doc.text):
            if not token.is_capitalised or not token.is_word:
                continue
            word = token.norm
            owners = shorts.get(word)
            if not owners or len(owners) != 1:
                continue
            if any(a <= token.start < b for a, b in covered):
                continue
            added.append(PersonMention(start=token.start, end=token.bare_end, text=token.bare,
                                       name=token.bare, reason="short", actor=owners[0]))
        for mention in added:
            doc.persons.append(mention)
            actors[mention.actor].mentions.append(len(doc.persons) - 1)
        doc.persons.sort(key=lambda m: m.start)
        # Re-index mentions after sorting.
        for actor in actors:
            actor.mentions = []
        for index, mention in enumerate(doc.persons):
            if mention.actor is not None:
                actors[mention.actor].mentions.append(index)

    # -- countries --------------------------------------------------------
    def _mention_country(self, doc: Document, mention: PersonMention) -> Optional[str]:
        """The country the text gives this mention: its titles first, then naming."""
        start = mention.title_start if mention.title_start is not None else mention.start
        in_title = [c for c in doc.countries if start <= c.start < mention.start]
        if in_title:
            return in_title[0].code
        for place in doc.places:
            if start <= place.start < mention.start and place.country:
                return place.country
        for org in doc.organisations:
            if start <= org.start < mention.start and org.country:
                return org.country
        # An appositive right after the name: "Shen Haoyu, vice commandant of the PLA Navy's academy".
        for office in mention.offices:
            at = doc.text.find(office, mention.end, mention.end + 8 + len(office))
            if at < 0:
                continue
            inside = [(c.start, c.code) for c in doc.countries if at <= c.start < at + len(office)]
            inside += [(o.start, o.country) for o in doc.organisations if o.country and at <= o.start < at + len(office)]
            inside += [(p.start, p.country) for p in doc.places if p.country and at <= p.start < at + len(office)]
            if inside:
                return min(inside)[1]
        for office in mention.offices:
            from ..mentions.countries import find_countries
            found = find_countries(office)
            if found:
                return found[0].code
        return None

    def _finish(self, doc: Document, actors: list[Actor]) -> None:
        dominant = _dominant_country(doc)
        for index, actor in enumerate(actors):
            votes = Counter(doc.persons[i].country for i in actor.mentions if doc.persons[i].country)
            entry = self._entries.get(index)
            if votes:
                actor.country = votes.most_common(1)[0][0]
            elif entry is not None:
                actor.country = entry.country
            else:
                actor.country = self._ship_officer_country(doc, actor) or self._leader_country(doc, actor) \
                    or _strong_name_guess(actor.name)
            titles: list[str] = []
            for i in actor.mentions:
                m = doc.persons[i]
                for t in m.ranks + m.honorifics + m.offices:
                    t = " ".join(t.split())
                    if t not in titles and not _COUNTERPART.fullmatch(t):
                        titles.append(t)
            actor.titles = titles
        # A country still unknown. An official named without a nationality, beside
        # others who have one, is usually the outlet's own: the article's dominant
        # country, leaving out the countries already given to the people in the same
        # sentence. A name's shape may break the tie when the article names that country.
        named = {c.code for c in doc.countries} | {p.country for p in doc.places if p.country}
        for actor in actors:
            if actor.country is not None or not actor.mentions:
                continue
            first = doc.persons[actor.mentions[0]]
            guess = guess_country_from_name(actor.name)
            if guess and guess in named:
                actor.country = guess
                continue
            sentence = doc.sentence_of(first.start)
            taken = {a.country for a in actors if a.country and any(
                sentence[0] <= doc.persons[i].start < sentence[1] for i in a.mentions)}
            actor.country = _dominant_country(doc, exclude=taken) or dominant
            for i in actor.mentions:
                doc.persons[i].country = doc.persons[i].country or actor.country


def _nearest_country_before(doc: Document, offset: int) -> Optional[str]:
    sentences = [(s, e) for s, e in doc.sentences if s <= offset]
    if not sentences:
        return None
    here = sentences[-1]
    window_start = sentences[-2][0] if len(sentences) >= 2 else here[0]
    marks = [(c.end, c.code) for c in doc.countries if here[0] <= c.start < offset]
    marks += [(o.end, o.country) for o in doc.organisations if o.country and here[0] <= o.start < offset]
    if marks:
        return max(marks)[1]
    # then after the name in its sentence ("X was appointed chief of the AFP Office")
    later = [(c.start, c.code) for c in doc.countries if offset < c.start < here[1]]
    later += [(o.start, o.country) for o in doc.organisations if o.country and offset < o.start < here[1]]
    if later:
        return min(later)[1]
    marks = [(c.end, c.code) for c in doc.countries if window_start <= c.start < offset]
    marks += [(o.end, o.country) for o in doc.organisations if o.country and window_start <= o.start < offset]
    if not marks:
        return None
    return max(marks)[1]


def _majority_country(doc: Document, actor: Actor) -> Optional[str]:
    votes = Counter(doc.persons[i].country for i in actor.mentions if doc.persons[i].country)
    return votes.most_common(1)[0][0] if votes else None


def _dominant_country(doc: Document, exclude: set | None = None) -> Optional[str]:
    """The country the article is most about: country words, places and units, the dateline counting double."""
    votes: Counter = Counter(c.code for c in doc.countries)
    votes.update(p.country for p in doc.places if p.country)
    votes.update(o.country for o in doc.organisations if o.country)
    lead = doc.text[:80]
    for p in doc.places:
        if p.start < 40 and p.country and re.match(r"\s*(?:,|\(|[-–—])", doc.text[p.end:p.end + 3]) and p.start < len(lead):
            votes[p.country] += 2
    for code in exclude or ():
        votes.pop(code, None)
    return votes.most_common(1)[0][0] if votes else None


def _strong_name_guess(name: str) -> Optional[str]:
    """Only the unambiguous convention: a Vietnamese family name opening a three- or four-word name."""
    words = name_key(name)
    if 3 <= len(words) <= 4 and words[0] in set(_name_data()["vietnamese_family_names"]):
        return "VNM"
    return None
