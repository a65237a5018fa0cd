"""The document model every pipeline stage reads and enriches.

An :class:`Article` is what a reader yields; a :class:`Document` wraps it and
collects what later stages find (sentences, mentions, actors, places, times);
:class:`Event` is what extraction produces. Every span carries character offsets
into ``Article.text``, which is kept exactly as read, so evidence can always be
shown in place.
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from datetime import date
from typing import Any, Optional


@dataclass
class Article:
    """One dated news article as read from disk or a feed."""

    id: str                 # stable id derived from the content (see read.article_id)
    name: str               # file-like name used as the article key in exports
    source: str             # path or URL it came from
    published: date         # publication date: the anchor for relative dates
    text: str               # body, untouched: every offset points into it
    title: Optional[str] = None
    url: Optional[str] = None


@dataclass
class Skipped:
    """An input that could not be read as an article, with a one-line reason."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class TimeExpr(Span):
    """A time expression normalised against the publication date.

    ``date_start``/``date_end`` are ISO strings at the text's precision:
    ``2023-10-17`` (day), ``2023-10`` (month), ``2023`` (year); ``None`` when
    the expression could not be anchored.
    """

    date_start: Optional[str] = None
    date_end: Optional[str] = None
    granularity: str = "day"      # day | month | year
    kind: str = "point"           # point | range | period (a validity/term span such as 2025-2029) | dateline


@dataclass
class CountryMention(Span):
    code: str = ""               # ISO 3166 alpha-3
    form: str = "name"           # name | adjective | code


@dataclass
class PlaceMention(Span):
    name: str = ""               # canonical name ("Hanoi", "Binh Phuoc")
    country: Optional[str] = None  # ISO alpha-3
    kind: str = "city"           # country | city | province | venue


@dataclass
class OrgMention(Span):
    name: str = ""
    country: Optional[str] = None
    kind: str = "organisation"   # ministry | armed_forces | unit | company | party | organisation | ship


@dataclass
class PersonMention(Span):
    """A person's name as written, with what surrounds it parsed."""

    name: str = ""                                  # the name without titles
    ranks: list[str] = field(default_factory=list)
    honorifics: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    country: Optional[str] = None
    actor: Optional[int] = None                     # index into Document.actors
    reason: str = ""                                # why this is a person: rank | office | table | ner ...
    title_start: Optional[int] = None               # where the title phrase before the name begins


@dataclass
class Actor:
    """One person within an article, after coreference."""

    name: str
    country: Optional[str] = None
    titles: list[str] = field(default_factory=list)
    mentions: list[int] = field(default_factory=list)   # indexes into Document.persons
    table_id: Optional[str] = None                      # id in the curated actor table


@dataclass
class Document:
    article: Article
    sentences: list[tuple[int, int]] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    organisations: list[OrgMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    events: list["Event"] = field(default_factory=list)
    # Documents the article names without telling their signing ("the protocol for the
    # 2020-24 period"): not events to export, but they feed the agreement registry.
    agreement_mentions: list["Event"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_of(self, offset: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= offset < end:
                return start, end
        return 0, len(self.text)


@dataclass
class Participant:
    name: str
    country: Optional[str] = None
    role: Optional[str] = None        # host | guest | signatory | attendee | None
    kind: str = "person"              # person | organisation | ship


@dataclass
class AgreementInfo:
    kind: str                          # protocol | memorandum | agreement | plan | joint statement | ...
    name: str
    period_start: Optional[str] = None
    period_end: Optional[str] = None
    parties: list[str] = field(default_factory=list)
    signed: Optional[str] = None


@dataclass
class Evidence(Span):
    pass


@dataclass
class Event:
    """One happening in one article: the record of GUIDELINES.md plus extras."""

    article: str
    type: str
    status: str = "occurred"
    date_start: Optional[str] = None
    date_end: Optional[str] = None
    participants: list[Participant] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    location: Optional[dict] = None            # {"name", "country"}
    evidence: list[Evidence] = field(default_factory=list)
    agreement: Optional[AgreementInfo] = None
    confidence: float = 0.5
    plover_type: Optional[str] = None
    plover_mode: Optional[str] = None
    cameo: Optional[str] = None
    article_id: Optional[str] = None
    published: Optional[str] = None

    def to_record(self) -> dict[str, Any]:
        """The JSON-Lines record of GUIDELINES.md section 3, plus the extras."""
        record: dict[str, Any] = {
            "article": self.article,
            "type": self.type,
            "status": self.status,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "participants": [asdict(p) for p in self.participants],
            "countries": sorted(set(self.countries)),
            "location": self.location,
            "evidence": " … ".join(e.text for e in self.evidence),
            "evidence_spans": [{"start": e.start, "end": e.end, "text": e.text} for e in self.evidence],
            "agreement": asdict(self.agreement) if self.agreement else None,
            "confidence": round(self.confidence, 3),
            "plover_type": self.plover_type,
            "plover_mode": self.plover_mode,
            "cameo": self.cameo,
            "article_id": self.article_id,
            "published": self.published,
        }
        return record
