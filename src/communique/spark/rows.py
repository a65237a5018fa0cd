"""Documents as flat rows: what the Spark job writes, computable without Spark.

Every function here is plain Python over the pipeline's Documents, so the
single-machine path and the Spark executors produce the very same records and a
test can compare them record for record. The tables (Parquet files written by
``communique.spark.job``) and their columns are documented in docs/performance.md.

* ``event_row``: ``Event.to_record()`` (the JSON-Lines record of ``communique
  extract``) plus ``report_id``, ``idx`` and what the cross-article merge needs
  (``day_lo``/``day_hi``, ``agreement_key``, ``participant_actors``);
* ``person_row``: the record of ``communique persons --jsonl`` plus the article
  id, the actor's index and its cross-article ``actor_key``;
* ``mention_rows``: every mention the pipeline found (person, country,
  organisation, place, time) with offsets into the article text;
* ``article_row`` and ``skipped_row``: what was read, and what could not be.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Iterable, Iterator, Optional

from ..model import Article, Document, Event, Skipped


def report_id(article_id: str, idx: int) -> str:
    """A report's id across the whole corpus: the article's content id and the event's position."""
    return f"{article_id}:{idx:04d}"


def actor_key(name: Optional[str], country: Optional[str], table_id: Optional[str] = None) -> Optional[str]:
    """One person across articles, without a database: the actor-table id when the pipeline knows
    one, otherwise the order-free folded name key and the country (as the knowledge base's
    ActorResolver keys a new actor). None for a name with no usable words."""
    from ..kb.names import name_key
    if table_id:
        return f"table:{table_id}"
    key = name_key(name)
    return f"name:{key}|{country or ''}" if key else None


def article_row(doc: Document) -> dict[str, Any]:
    a = doc.article
    return {"article_id": a.id, "article": a.name, "source": str(a.source), "published": a.published.isoformat(),
            "title": a.title, "url": a.url, "text": a.text, "words": len(a.text.split())}


def skipped_row(item: Skipped) -> dict[str, Any]:
    return {"source": str(item.source), "reason": item.reason}


def event_row(doc: Document, idx: int, event: Event) -> dict[str, Any]:
    from ..kb.agreements import agreement_key
    from ..kb.dates import day_interval

    row = event.to_record()
    article = doc.article
    try:
        day_lo, day_hi = day_interval(event.date_start, event.date_end)
    except ValueError:      # dates the knowledge base would refuse: the report counts as undated
        day_lo = day_hi = None
    info = asdict(event.agreement) if event.agreement else None
    row.update(
        report_id=report_id(article.id, idx),
        idx=idx,
        day_lo=day_lo,
        day_hi=day_hi,
        agreement_key=agreement_key(info, row["countries"]) if info and event.type == "AGREEMENT" else None,
        participant_actors=_participant_actors(doc, event),
    )
    return row


def _participant_actors(doc: Document, event: Event) -> list[Optional[str]]:
    """For each participant, the actor key of the person it denotes (None for ships and organisations).

    Mirrors the knowledge base: a participant is first matched against the article's
    own actors (a one-word "Giang" finds "Phan Van Giang"), else keyed by its own name.
    """
    from ..kb.actors import match_participant

    keys = [actor_key(a.name, a.country, a.table_id) for a in doc.actors]
    known = [(a.name, i) for i, (a, k) in enumerate(zip(doc.actors, keys)) if k is not None]
    out: list[Optional[str]] = []
    for p in event.participants:
        if p.kind != "person":
            out.append(None)
            continue
        index = match_participant(p.name, known)
        out.append(keys[index] if index is not None else actor_key(p.name, p.country))
    return out


def person_row(doc: Document, idx: int) -> dict[str, Any]:
    actor = doc.actors[idx]
    return {"article": doc.article.name, "name": actor.name, "country": actor.country, "titles": list(actor.titles),
            "article_id": doc.article.id, "idx": idx, "table_id": actor.table_id,
            "actor_key": actor_key(actor.name, actor.country, actor.table_id)}


def mention_rows(doc: Document) -> Iterator[dict[str, Any]]:
    """Every mention, one row each; kind-specific fields go in ``detail`` (a JSON object)."""
    base = {"article_id": doc.article.id, "article": doc.article.name}

    def row(kind, idx, m, value, country, detail):
        return {**base, "kind": kind, "idx": idx, "start": m.start, "end": m.end, "text": m.text,
                "value": value, "country": country, "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True)}

    for i, m in enumerate(doc.persons):
        yield row("person", i, m, m.name, m.country, {
            "ranks": m.ranks, "honorifics": m.honorifics, "offices": m.offices, "reason": m.reason,
            "actor": m.actor, "title_start": m.title_start})
    for i, m in enumerate(doc.countries):
        yield row("country", i, m, m.code, m.code, {"form": m.form})
    for i, m in enumerate(doc.organisations):
        yield row("organisation", i, m, m.name, m.country, {"kind": m.kind})
    for i, m in enumerate(doc.places):
        yield row("place", i, m, m.name, m.country, {"kind": m.kind})
    for i, m in enumerate(doc.times):
        yield row("time", i, m, m.date_start, None, {
            "date_end": m.date_end, "granularity": m.granularity, "kind": m.kind})


def document_rows(item: Document | Skipped) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) for everything one annotated article gives."""
    if isinstance(item, Skipped):
        yield "skipped", skipped_row(item)
        return
    yield "articles", article_row(item)
    for idx, event in enumerate(item.events):
        yield "events", event_row(item, idx, event)
    for idx in range(len(item.actors)):
        yield "persons", person_row(item, idx)
    for mention in mention_rows(item):
        yield "mentions", mention


def rows_of(items: Iterable[Document | Skipped]) -> dict[str, list[dict[str, Any]]]:
    """All tables for a batch of documents, in memory: the single-machine reference."""
    tables: dict[str, list[dict[str, Any]]] = {"articles": [], "events": [], "persons": [], "mentions": [],
                                               "skipped": []}
    for item in items:
        for table, row in document_rows(item):
            tables[table].append(row)
    return tables


def article_or_skipped(value: Any) -> Article | Skipped:
    """Readers hand over Article or Skipped; anything else is a bug shown as a Skipped."""
    if isinstance(value, (Article, Skipped)):
        return value
    return Skipped(repr(value)[:80], "not an article")
