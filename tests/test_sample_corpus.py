"""Every person, place and date annotated in the bundled synthetic corpus comes out right.

The expectations (tests/data/sample_expected.json) were written by hand from the
guidelines, blind to the extractor's output.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.read import read_paths
from communique.samples import corpus_path
from communique.text import fold

EXPECTED = json.loads((Path(__file__).parent / "data" / "sample_expected.json").read_text(encoding="utf-8"))
ARTICLES = {a["article"]: a for a in EXPECTED["articles"]}


@pytest.fixture(scope="module")
def documents(pipeline):
    docs = {}
    for article in read_paths([corpus_path()]):
        docs[article.name] = pipeline(article)
    return docs


def _same(name_a: str, name_b: str) -> bool:
    from communique.resolve.actors import name_key
    a, b = name_key(name_a), name_key(name_b)
    return a == b or sorted(a) == sorted(b)


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_every_annotated_person_is_found_with_the_right_country(documents, name):
    doc = documents[name]
    for person in ARTICLES[name]["persons"]:
        found = [a for a in doc.actors if _same(a.name, person["name"])]
        assert found, f"{person['name']} not found among {[a.name for a in doc.actors]}"
        assert found[0].country == person["country"], f"{person['name']}: {found[0].country} != {person['country']}"


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_every_annotated_place_resolves(documents, name):
    doc = documents[name]
    for place in ARTICLES[name].get("places", []):
        hits = [p for p in doc.places if place["text"] in p.text or p.text in place["text"]]
        assert hits, f"place {place['text']!r} not found among {[p.text for p in doc.places]}"
        assert any(p.country == place["country"] for p in hits), f"{place['text']}: {[p.country for p in hits]}"


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_every_annotated_time_resolves(documents, name):
    doc = documents[name]
    for time in ARTICLES[name].get("times", []):
        hits = [t for t in doc.times if time["text"] in t.text or t.text in time["text"]]
        assert hits, f"time {time['text']!r} not found among {[t.text for t in doc.times]}"
        expected = (time["date_start"], time["date_end"] or time["date_start"])
        assert any((t.date_start, t.date_end) == expected for t in hits), \
            f"{time['text']}: {[(t.date_start, t.date_end) for t in hits]} != {(time['date_start'], time['date_end'])}"
