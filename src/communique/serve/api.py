"""The dashboard's JSON API: every page gets its data from here.

Read-only, documented by OpenAPI at ``/api/openapi.json`` (browsable at
``/api/docs``). Every parameter is validated: a wrong type, a value out of
range or a parameter the endpoint does not know is answered with a 4xx and a
message, never a 500. Page sizes are capped.
"""
from __future__ import annotations

import functools
import sqlite3
from collections import Counter
from datetime import date
from enum import Enum
from functools import lru_cache
from typing import Any, Callable, Iterator, Optional

import orjson
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from ..kb import query
from ..kb.dates import bounds, precision
from ..kb.store import EVENT_TYPES, STATUSES
from . import db

MAX_PAGE = 200            # rows per page, at most
COUNT_CAP = 5000          # totals are counted up to this, then shown as "5000+"
MAX_TIMELINE = 5000
TIMELINE_FIELDS = ("id", "type", "status", "date_start", "date_end", "countries", "location", "conflicts", "summary")
MAX_AGREEMENTS = 1000
MAX_CONFLICT_VALUES = 10  # disagreeing values listed per field of an agreement in the list (all are counted)
MAX_ENGAGEMENTS = 200     # the latest engagements an actor's answer lists (all are counted)

# One colour per event type, used by every page (tables, charts, timelines, network).
TYPE_COLORS = {
    "VISIT": "#4e79a7", "MEETING": "#f28e2b", "CONFERENCE": "#76b7b2", "AGREEMENT": "#59a14f",
    "EXERCISE": "#e15759", "PATROL": "#9c755f", "EXCHANGE": "#edc948", "AID": "#b07aa1",
    "AWARD": "#ff9da7", "CEREMONY": "#a0a0a0", "PORT_CALL": "#17becf", "APPOINTMENT": "#6b6ecf",
}
STATUS_COLORS = {"occurred": "#2e7d32", "planned": "#1565c0", "cancelled": "#b71c1c"}

EventType = Enum("EventType", {t: t for t in sorted(EVENT_TYPES)}, type=str)
Status = Enum("Status", {s: s for s in sorted(STATUSES)}, type=str)
Order = Enum("Order", {name.replace("-", "desc_") or name: name for name in query.ORDERS}, type=str)

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
COUNTRY = r"^[A-Za-z]{3}$"
DYAD = r"^[A-Za-z]{3}[-,/ ][A-Za-z]{3}$"

DATE_HELP = "A partial ISO date: 2023, 2023-10 or 2023-10-17. Events overlapping the range are kept."


# --- plumbing ---------------------------------------------------------------------------

async def reject_unknown(request: Request) -> None:
    """A parameter the endpoint does not know is an error, not something silently ignored."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {p.alias for p in _all_query_params(dependant)}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(400, f"unknown parameter{'s' if len(unknown) > 1 else ''} "
                                 f"{', '.join(unknown)}; this endpoint takes: {', '.join(sorted(known)) or 'none'}")
    repeated = sorted(k for k in set(request.query_params) if len(request.query_params.getlist(k)) > 1)
    if repeated:
        raise HTTPException(400, f"parameter {', '.join(repeated)} given more than once")


def _all_query_params(dependant) -> list:
    found = list(dependant.query_params)
    for sub in dependant.dependencies:
        found += _all_query_params(sub)
    return found


class Problem(BaseModel):
    """What every error answer carries: a one-line message (and, for a 422, each field's problem)."""
    detail: str = Field(description="What is wrong, in one line")
    errors: Optional[list[dict]] = Field(None, description="For a 422: each invalid parameter, as FastAPI reports it")


# Documented on every endpoint, so that the OpenAPI document says what the API really answers.
PROBLEMS: dict = {
    400: {"model": Problem, "description": "A filter value that cannot be used, or an unknown or repeated parameter"},
    404: {"model": Problem, "description": "No such event or actor"},
    422: {"model": Problem, "description": "A parameter of the wrong type, out of range or not matching its pattern"},
}

router = APIRouter(prefix="/api", dependencies=[Depends(reject_unknown)], responses=PROBLEMS)


def connection(request: Request) -> Iterator[sqlite3.Connection]:
    with request.app.state.db.connection() as conn:
        yield conn


def json_answer(endpoint: Callable) -> Callable:
    """Send what an endpoint built as JSON (orjson) without FastAPI checking it against its model again.

    The response models document each answer, and the schema tests check that answers match them;
    re-validating every answer in production cost more than computing it (a timeline of 2,000 events).
    """
    @functools.wraps(endpoint)
    def answer(*args, **kwargs) -> Response:
        return Response(orjson.dumps(endpoint(*args, **kwargs), option=orjson.OPT_NON_STR_KEYS),
                        media_type="application/json")
    return answer


def run(function: Callable, *args, **kwargs):
    """A query, with a bad filter value answered as a 400 (with the query's own message)."""
    try:
        return function(*args, **kwargs)
    except ValueError as error:
        raise HTTPException(400, str(error)) from None
    except OverflowError as error:   # a date filter at the calendar's edge (from=0001) shifted past it
        raise HTTPException(400, f"date out of range: {error}") from None


def check_date(value: Optional[str], name: str) -> Optional[str]:
    if value:
        try:
            bounds(value)
        except ValueError as error:
            raise HTTPException(400, f"{name}: {error}") from None
    return value or None


def check_range(date_from: Optional[str], date_to: Optional[str]) -> None:
    check_date(date_from, "from")
    check_date(date_to, "to")
    if date_from and date_to and bounds(date_from)[0] > bounds(date_to)[1]:
        raise HTTPException(400, f"from ({date_from}) is after to ({date_to})")


def check_dyad(dyad: Optional[str]) -> Optional[str]:
    if dyad:
        a, b = run(query.parse_dyad, dyad)
        return f"{a}-{b}"
    return None


def value(item: Any) -> Optional[str]:
    return None if item is None else getattr(item, "value", item)


@lru_cache(maxsize=4096)
def country_name(code: str) -> str:
    try:
        import pycountry
        found = pycountry.countries.get(alpha_3=code.upper())
    except (ImportError, KeyError, LookupError):
        found = None
    if found is None:
        return code
    return getattr(found, "common_name", None) or found.name


def precision_name(item: dict) -> Optional[str]:
    start, end = item.get("date_start"), item.get("date_end")
    if not start:
        return None
    level = min(precision(start), precision(end) if end else precision(start))
    return {1: "year", 2: "month", 3: "day"}.get(level, "day")


def with_days(conn: sqlite3.Connection, items: list[dict]) -> list[dict]:
    """Add each event's first and last day (unless the query gave them), its precision and a one-line summary."""
    missing = [e["id"] for e in items if "day_lo" not in e]
    days = db.event_days(conn, missing) if missing else {}
    for item in items:
        if "day_lo" not in item:
            item["day_lo"], item["day_hi"] = days.get(item["id"], (None, None))
        item["precision"] = precision_name(item)
        if "summary" not in item:
            item["summary"] = query.summary(item)
    return items


# --- response models (for the OpenAPI document; every model lets further fields through) --

class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Participant(Open):
    name: str
    country: Optional[str] = None
    role: Optional[str] = None
    kind: str = "person"
    actor_id: Optional[int] = None


class EventItem(Open):
    id: int
    type: str
    status: str
    date_start: Optional[str] = None
    date_end: Optional[str] = None
    day_lo: Optional[str] = Field(None, description="First day the dates cover (ISO)")
    day_hi: Optional[str] = Field(None, description="Last day the dates cover (ISO)")
    precision: Optional[str] = Field(None, description="day, month or year")
    countries: list[str]
    participants: list[Participant]
    location: Optional[dict] = None
    n_reports: int
    n_articles: int
    conflicts: list[dict] = Field(default_factory=list)
    summary: str


class EventList(Open):
    items: list[EventItem]
    total: int = Field(description="Events matching the filters, counted up to a cap; for a word found in very "
                                   "many sentences, those among the first 2,000 candidates")
    total_capped: bool = Field(description="There are more than total")
    limit: int
    offset: int
    filters: dict


class Segment(Open):
    start: int
    end: int
    text: str
    evidence: list[int] = Field(description="Indexes into the report's evidence_spans covering this text")
    mention: Optional[dict] = Field(None, description="The person mention covering this text")


class Report(Open):
    report_id: int
    article_id: str
    merge_reason: Optional[str]
    evidence_spans: list[dict]
    article_info: dict
    segments: list[Segment]


class EventDetail(EventItem):
    reports: list[Report]
    agreement_id: Optional[int] = None
    merge: str = Field(description="Why the reports were merged, in one line")


class TimelineItem(Open):
    id: int
    type: str
    status: str
    start: str
    end: str
    range: bool = Field(description="Spans more than one day (a visit, an exercise)")
    precision: str
    summary: str


class Timeline(Open):
    subject: dict
    items: list[TimelineItem]
    undated: list[dict]
    truncated: bool


class Network(Open):
    nodes: list[dict]
    edges: list[dict]
    events: int
    truncated: bool


class ActorList(Open):
    items: list[dict]
    total: int
    total_capped: bool
    limit: int
    offset: int


class AgreementList(Open):
    items: list[dict]
    chains: list[dict]
    undated: list[int]


# --- endpoints --------------------------------------------------------------------------

@router.get("/meta", summary="What the database holds: types, colours, countries, coverage", tags=["meta"])
@json_answer
def meta(request: Request, conn: sqlite3.Connection = Depends(connection)) -> dict:
    found = query.totals(conn)      # the same figures as query.stats, without its tables: every page asks
    return {
        "database": request.app.state.db.path.name,
        "types": [{"type": t, "color": TYPE_COLORS.get(t, "#777777")} for t in sorted(EVENT_TYPES)],
        "statuses": [{"status": s, "color": STATUS_COLORS.get(s, "#777777")} for s in sorted(STATUSES)],
        "orders": list(query.ORDERS),
        "countries": [{**c, "name": country_name(c["code"])} for c in db.countries(conn)],
        "coverage": found["coverage"],
        "totals": {k: found[k] for k in ("articles", "reports", "events", "actors", "agreements",
                                          "events_with_conflicts")},
        "limits": {"page": MAX_PAGE, "count": COUNT_CAP, "timeline": MAX_TIMELINE, "engagements": MAX_ENGAGEMENTS},
    }


@router.get("/stats", summary="Counts for the overview: by type, by month and type, top dyads", tags=["overview"])
@json_answer
def stats(top: int = Query(15, ge=1, le=500, description="How many dyads to list"),
          conn: sqlite3.Connection = Depends(connection)) -> dict:
    found = query.stats(conn)
    dyads = found["by_dyad"][:top]
    for row in dyads:
        a, b = row["dyad"].split("-")
        row["names"] = [country_name(a), country_name(b)]
        latest = query.events(conn, dyad=row["dyad"], limit=1, order="-date")
        row["latest"] = latest[0]["date_start"] if latest else None
    return {
        **{k: found[k] for k in ("articles", "reports", "events", "actors", "agreements",
                                 "events_with_conflicts", "coverage", "by_type", "by_month")},
        "by_type_month": db.type_month(conn),
        "by_dyad": dyads,
        "undated": db.undated_events(conn),
    }


@router.get("/events", response_model=EventList, summary="Merged events, filtered, sorted and paged",
            tags=["events"])
@json_answer
def events(
    type: Optional[EventType] = Query(None, description="Event type"),
    country: Optional[str] = Query(None, pattern=COUNTRY, description="ISO alpha-3 code of a taking-part country"),
    dyad: Optional[str] = Query(None, pattern=DYAD, description="Two countries, e.g. VNM-KHM"),
    actor: Optional[str] = Query(None, min_length=1, max_length=200, description="A person's name or actor id"),
    date_from: Optional[str] = Query(None, alias="from", pattern=DATE, description=DATE_HELP),
    date_to: Optional[str] = Query(None, alias="to", pattern=DATE, description=DATE_HELP),
    status: Optional[Status] = Query(None),
    search: Optional[str] = Query(None, min_length=1, max_length=200, description="Words in the evidence"),
    order: Order = Query("-date", description="date, -date (newest first), id, -id, reports"),
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=1_000_000),
    conn: sqlite3.Connection = Depends(connection),
) -> dict:
    check_range(date_from, date_to)
    filters = {"type": value(type), "country": country.upper() if country else None, "dyad": check_dyad(dyad),
               "actor": actor.strip() if actor else None, "date_from": date_from, "date_to": date_to,
               "status": value(status), "text": search}
    if filters["actor"] == "":
        raise HTTPException(400, "actor: give a name or an id")
    items, total, more = run(query.events_page, conn, **filters, limit=limit, offset=offset, order=value(order),
                             cap=COUNT_CAP)
    shown = {k if k not in ("date_from", "date_to", "text") else {"date_from": "from", "date_to": "to",
                                                                    "text": "search"}[k]: v
             for k, v in filters.items() if v}
    return {"items": with_days(conn, items), "total": total, "total_capped": more, "limit": limit, "offset": offset,
            "filters": shown}


@router.get("/events/{event_id}", response_model=EventDetail,
            summary="One event: every report, its article text with highlights, and why they were merged",
            tags=["events"])
@json_answer
def event(event_id: int = Path(ge=1, le=2**62), conn: sqlite3.Connection = Depends(connection)) -> dict:
    found = query.event(conn, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    with_days(conn, [found])
    ids = [r["article_id"] for r in found["reports"]]
    texts = db.articles(conn, ids)
    mentions = db.person_mentions(conn, ids)
    for report in found["reports"]:
        article = texts.get(report["article_id"]) or {"text": "", "id": report["article_id"]}
        report["article_info"] = {k: article.get(k) for k in ("id", "name", "source", "published", "title", "url")}
        report["article_info"]["length"] = len(article["text"])
        report["segments"] = db.segments(article["text"], report["evidence_spans"],
                                         mentions.get(report["article_id"], []))
        report["differs"] = sorted(field for field in ("type", "status", "date_start", "date_end", "location")
                                   if report.get(field) != found.get(field))
    n, articles = len(found["reports"]), len(set(ids))
    if n <= 1:
        found["merge"] = "A single report: nothing was merged."
    else:
        found["merge"] = (f"{n} reports from {articles} article{'s' if articles > 1 else ''} tell of this "
                          f"event; each later report names the earlier one it matched and why.")
    return found


@router.get("/timeline", response_model=Timeline, summary="A dyad's, an actor's or a country's events on a time axis",
            tags=["timeline"])
@json_answer
def timeline(
    dyad: Optional[str] = Query(None, pattern=DYAD, description="Two countries, e.g. VNM-KHM"),
    actor: Optional[str] = Query(None, min_length=1, max_length=200, description="A person's name or actor id"),
    country: Optional[str] = Query(None, pattern=COUNTRY),
    date_from: Optional[str] = Query(None, alias="from", pattern=DATE, description=DATE_HELP),
    date_to: Optional[str] = Query(None, alias="to", pattern=DATE, description=DATE_HELP),
    limit: int = Query(1000, ge=1, le=MAX_TIMELINE, description="The first dated events shown (then: truncated)"),
    conn: sqlite3.Connection = Depends(connection),
) -> dict:
    if not (dyad or actor or country):
        raise HTTPException(400, "a timeline needs a dyad (VNM-KHM), an actor or a country")
    check_range(date_from, date_to)
    dyad = check_dyad(dyad)
    subject: dict[str, Any] = {}
    if dyad:
        subject["dyad"] = {"code": dyad, "names": [country_name(c) for c in dyad.split("-")]}
    if country:
        subject["country"] = {"code": country.upper(), "name": country_name(country)}
    if actor:
        people = query.actor_ids(conn, actor.strip())
        if not people:
            raise HTTPException(404, f"no actor matching {actor!r}")
        subject["actor"] = db.actor_names(conn, people[:1])[people[0]]
        actor = str(people[0])
    found = run(query.timeline, conn, dyad=dyad, actor=actor, country=country, date_from=date_from,
                date_to=date_to, limit=limit + 1, with_days=True)
    truncated = len(found) > limit
    found = with_days(conn, found[:limit])
    items, undated = [], []
    for item in found:
        if not item["day_lo"]:
            undated.append(item)
            continue
        # What a point or bar on the axis shows (the event page has the rest): a third of the bytes.
        items.append({**{k: item[k] for k in TIMELINE_FIELDS},
                      "participants": [{"name": p["name"], "kind": p.get("kind", "person")}
                                       for p in item["participants"]],
                      "start": item["day_lo"], "end": item["day_hi"],
                      "range": item["day_hi"] > item["day_lo"], "precision": item["precision"] or "day"})
    labels = [s["code"] for s in (subject.get("dyad"), subject.get("country")) if s]
    if subject.get("actor"):
        labels.insert(0, subject["actor"]["name"])
    subject["label"] = " · ".join(labels)
    return {"subject": subject, "items": items, "undated": undated, "truncated": truncated}


@router.get("/network", response_model=Network, summary="Countries and people linked by the events they share",
            tags=["network"])
@json_answer
def network(
    type: Optional[EventType] = Query(None),
    date_from: Optional[str] = Query(None, alias="from", pattern=DATE, description=DATE_HELP),
    date_to: Optional[str] = Query(None, alias="to", pattern=DATE, description=DATE_HELP),
    people: bool = Query(True, description="Show people as well as countries"),
    max_people: int = Query(40, ge=0, le=300, description="The most engaged people shown"),
    min_weight: int = Query(1, ge=1, le=1000, description="Hide edges with fewer shared events"),
    conn: sqlite3.Connection = Depends(connection),
) -> dict:
    check_range(date_from, date_to)
    found = run(db.network, conn, type=value(type), date_from=date_from, date_to=date_to, people=people,
                max_people=max_people, min_weight=min_weight)
    for node in found["nodes"]:
        if node["kind"] == "country":
            node["name"] = country_name(node["code"])
    return found


@router.get("/actors", response_model=ActorList, summary="People, the most engaged first", tags=["actors"])
@json_answer
def actors(
    country: Optional[str] = Query(None, pattern=COUNTRY),
    name: Optional[str] = Query(None, min_length=1, max_length=200, description="Words of the name"),
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=1_000_000),
    conn: sqlite3.Connection = Depends(connection),
) -> dict:
    items = query.actors(conn, country=country, name=name, limit=limit, offset=offset)
    counted = query.count_actors(conn, country=country, name=name, cap=COUNT_CAP + 1)
    return {"items": items, "total": min(counted, COUNT_CAP), "total_capped": counted > COUNT_CAP,
            "limit": limit, "offset": offset}


@router.get("/actors/{actor_id}", summary="One person: titles over time, engagements, counterparts", tags=["actors"])
@json_answer
def actor(actor_id: int = Path(ge=1, le=2**62), conn: sqlite3.Connection = Depends(connection)) -> dict:
    found = query.actor(conn, actor_id, engagements=MAX_ENGAGEMENTS)
    if found is None:
        raise HTTPException(404, f"no actor {actor_id}")
    found["engagements_truncated"] = found["events"] > len(found["engagements"])
    ranks, offices = db.title_kinds(conn, actor_id)
    for title in found["titles"]:
        title["kind"] = "rank" if title["title"] in ranks else "office" if title["title"] in offices else "title"
    with_days(conn, found["engagements"])
    found["country_name"] = country_name(found["country"]) if found.get("country") else None
    found["counterparts"] = db.counterparts(conn, actor_id)
    found["counterpart_countries"] = [{**c, "name": country_name(c["code"])}
                                      for c in db.counterpart_countries(conn, actor_id, found.get("country"))]
    found["by_type"] = [{"type": t, "events": n} for t, n in conn.execute(
        """SELECT e.type, COUNT(*) FROM event_actors x JOIN events e ON e.id = x.event_id
           WHERE x.actor_id = ? GROUP BY e.type ORDER BY COUNT(*) DESC, e.type""", (actor_id,))]
    return found


@router.get("/agreements", response_model=AgreementList,
            summary="The agreement registry: validity periods, chains of predecessors, conflicts",
            tags=["agreements"])
@json_answer
def agreements(
    country: Optional[str] = Query(None, pattern=COUNTRY, description="A party"),
    kind: Optional[str] = Query(None, min_length=1, max_length=100, description="protocol, memorandum, ..."),
    name: Optional[str] = Query(None, min_length=1, max_length=200, description="Words of the document's name"),
    limit: int = Query(500, ge=1, le=MAX_AGREEMENTS),
    conn: sqlite3.Connection = Depends(connection),
) -> dict:
    found = query.agreements(conn, country=country, kind=kind, name=name, limit=limit, reports=False)
    by_id = {g["id"]: g for g in found}
    undated = []
    for g in found:
        # The page links each document's events; its reports and articles are on those events' pages.
        g["conflicts"] = [{**c, "n_values": len(c.get("values", [])),
                           "values": [{"value": v.get("value"), "n_reports": len(v.get("reports") or [])}
                                      for v in c.get("values", [])[:MAX_CONFLICT_VALUES]]} for c in g["conflicts"]]
        g["start"], g["end"] = _period(g)
        g["party_names"] = [country_name(p) for p in g["parties"]]
        if not g["start"]:
            undated.append(g["id"])
        # The chain: follow predecessors to the first document (within what is listed).
        root, seen = g, {g["id"]}
        while root.get("predecessor_id") in by_id and root["predecessor_id"] not in seen:
            root = by_id[root["predecessor_id"]]
            seen.add(root["id"])
        g["chain"] = root["id"]
    chains: dict[int, list[int]] = {}
    for g in sorted(found, key=lambda g: (g["start"] or "9999", g["id"])):
        chains.setdefault(g["chain"], []).append(g["id"])
    ordered = [{"id": root, "members": members, "label": by_id[root]["name"],
                "parties": by_id[root]["parties"], "kind": by_id[root]["kind"]}
               for root, members in chains.items()]
    ordered.sort(key=lambda c: (",".join(c["parties"]), c["kind"], c["label"], c["id"]))
    return {"items": found, "chains": ordered, "undated": undated}


def _period(g: dict) -> tuple[Optional[str], Optional[str]]:
    """An agreement's validity as first and last day; a signing date alone makes a point."""
    try:
        if g.get("period_start") or g.get("period_end"):
            start = bounds(g.get("period_start") or g.get("period_end"))[0]
            end = bounds(g.get("period_end") or g.get("period_start"))[1]
            return start.isoformat(), max(start, end).isoformat()
        if g.get("signed"):
            day = bounds(g["signed"])[0]
            return day.isoformat(), day.isoformat()
    except ValueError:
        pass
    return None, None


def today() -> str:
    return date.today().isoformat()
