"""Documents made from short descriptions, for tests, demos and the benchmark.

The pipeline's output is plain model dataclasses; these builders write an
article text from the events' sentences and point every evidence span at it,
so what they make is a Document the store cannot tell from a real one.
"""
from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from typing import Iterator, Optional, Sequence

from ..model import Actor, AgreementInfo, Article, Document, Event, Evidence, Participant

Person = tuple  # (name, country) or (name, country, role)


def sample_event(type: str, countries: Sequence[str], date_start: Optional[str] = None,
                 date_end: Optional[str] = None, people: Sequence[Person] = (), status: str = "occurred",
                 location: Optional[str] = None, agreement: Optional[AgreementInfo] = None,
                 sentence: Optional[str] = None) -> Event:
    """An Event whose evidence is ``sentence`` (offsets are set by :func:`sample_document`)."""
    participants = [Participant(p[0], p[1], p[2] if len(p) > 2 else None) for p in people]
    if sentence is None:
        who = " and ".join(p.name for p in participants) or " and ".join(countries)
        when = f" on {date_start}" if date_start else ""
        sentence = f"{who} took part in a {type.lower()}{when}."
    loc = {"name": location, "country": countries[0] if countries else None} if location else None
    end = date_end if date_end else date_start
    return Event(article="", type=type, status=status, date_start=date_start, date_end=end,
                 participants=participants, countries=list(countries), location=loc,
                 evidence=[Evidence(0, 0, sentence)], agreement=agreement)


def sample_document(name: str, published: str, events: Sequence[Event] = (),
                    actors: Sequence[Actor] = (), text: Optional[str] = None) -> Document:
    """A Document whose text is its events' sentences; actors default to the people named."""
    sentences = [ev.evidence[0].text for ev in events]
    text = text if text is not None else " ".join(sentences) or f"An article named {name}."
    article = Article(id=hashlib.sha256(f"{name}\n{published}\n{text}".encode()).hexdigest()[:16],
                      name=name, source=f"samples/{name}", published=date.fromisoformat(published), text=text)
    for ev, sentence in zip(events, sentences):
        start = text.find(sentence)
        start, end = (start, start + len(sentence)) if start >= 0 else (0, len(text))
        ev.article, ev.article_id, ev.published = name, article.id, published
        ev.evidence = [Evidence(start, end, text[start:end])]
    if not actors:
        seen = {}
        for ev in events:
            for p in ev.participants:
                seen.setdefault(p.name, Actor(p.name, p.country))
        actors = list(seen.values())
    return Document(article=article, actors=list(actors), events=list(events))


# --- synthetic corpora for the benchmark --------------------------------------------------

FAMILY = ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do", "Hun", "Tea",
          "Sok", "Chea", "Lim", "Tan", "Wong", "Kim", "Park", "Sato", "Suzuki", "Smith", "Brown",
          "Ivanov", "Petrov", "Singh", "Kumar", "Silva", "Santos", "Garcia"]
MIDDLE = ["Van", "Thi", "Duc", "Minh", "Quoc", "Huu", "Ngoc", "Thanh", "Kim", "Xuan"]
GIVEN = ["Anh", "Binh", "Cuong", "Dung", "Giang", "Hai", "Hung", "Khanh", "Lam", "Long", "Nam",
         "Phong", "Quang", "Son", "Thang", "Tuan", "Vinh", "Yen", "Seiha", "Pisen", "Manet",
         "Sophal", "Dara", "Rith", "Vanna", "Chan", "Kiri", "Mao", "Nary", "Pich", "Ratha", "Samnang",
         "Thida", "Vuthy", "Bora", "Chenda", "Kosal", "Leakena", "Makara", "Nimol"]
COUNTRIES = ["VNM", "KHM", "LAO", "THA", "CHN", "USA", "JPN", "KOR", "IND", "RUS", "AUS", "FRA",
             "GBR", "DEU", "IDN", "MYS", "SGP", "PHL", "MMR", "BRN", "CUB", "ISR", "NZL", "CAN"]
TYPES = ["VISIT", "MEETING", "CONFERENCE", "AGREEMENT", "EXERCISE", "PATROL", "EXCHANGE",
         "AID", "AWARD", "CEREMONY", "PORT_CALL", "APPOINTMENT"]


def synthetic_documents(n_events: int, *, seed: int = 7, events_per_article: int = 4,
                        repeat_share: float = 0.2, first_year: int = 2014, years: int = 11) -> Iterator[Document]:
    """Documents holding about ``n_events`` reports; ``repeat_share`` of them retell an earlier event.

    Every country pair involves Vietnam (as the corpus does) about half the time;
    people belong to a country; dates spread over ``years`` years.
    """
    rng = random.Random(seed)
    people = {c: [f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(120)]
              for c in COUNTRIES}
    start = date(first_year, 1, 1)
    told: list[tuple] = []   # events that later articles may retell
    made = 0
    number = 0
    while made < n_events:
        number += 1
        day = start + timedelta(days=rng.randrange(365 * years))
        events = []
        for _ in range(min(rng.randint(1, 2 * events_per_article - 1), n_events - made)):
            if told and rng.random() < repeat_share:
                spec = told[rng.randrange(len(told))]
            else:
                spec = _new_spec(rng, people, day)
                told.append(spec)
                if len(told) > 5000:
                    told.pop(0)
            events.append(_event_from(spec, len(events)))
        made += len(events)
        yield sample_document(f"syn_{number:07d}.txt", day.isoformat(), events)


def _new_spec(rng: random.Random, people: dict, day: date) -> tuple:
    type_ = rng.choice(TYPES)
    a = "VNM" if rng.random() < 0.5 else rng.choice(COUNTRIES)
    b = rng.choice([c for c in COUNTRIES if c != a])
    when = (day - timedelta(days=rng.randrange(1, 30))).isoformat()
    who = ((rng.choice(people[a]), a, "host"), (rng.choice(people[b]), b, "guest"))
    agreement = None
    if type_ == "AGREEMENT":
        first = 2015 + (int(when[:4]) - 2014) // 5 * 5   # five-year protocols: 2015-2019, 2020-2024, ...
        agreement = ("protocol", f"Protocol on {rng.choice(['Defence', 'Border', 'Training', 'Naval'])} Cooperation",
                     str(first), str(first + 4))
    return (type_, (a, b), when, who, agreement)


def _event_from(spec: tuple, position: int) -> Event:
    type_, countries, when, who, agreement = spec
    info = AgreementInfo(agreement[0], agreement[1], agreement[2], agreement[3], list(countries)) if agreement else None
    sentence = f"{who[0][0]} and {who[1][0]} held a {type_.lower()} on {when} (item {position})."
    return sample_event(type_, countries, when, when, who, agreement=info, sentence=sentence)
