"""Shared fixtures: the annotated pipeline, and where the shared evaluation data lives."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"


@pytest.fixture(scope="session")
def pipeline():
    from communique.pipeline import Pipeline
    return Pipeline()


@pytest.fixture(scope="session")
def annotate(pipeline):
    """Annotate a text as an article published on a given date."""
    from communique.model import Article
    from communique.read import article_id

    def run(text: str, published: str = "2024-03-20", name: str = "test.txt"):
        day = date.fromisoformat(published)
        return pipeline(Article(id=article_id(day, text), name=name, source=name, published=day, text=text))
    return run


def load_scorer():
    """The shared scorer, imported from ../shared/eval when present."""
    if not (EVAL / "score.py").exists():
        pytest.skip("../shared/eval is not present")
    sys.path.insert(0, str(EVAL))
    import score  # noqa: E402
    return score


# --- the dashboard, served over a module's ``database`` fixture ------------------------------

@pytest.fixture(scope="module")
def app(database):
    from communique.serve.app import create_app
    return create_app(database)


@pytest.fixture(scope="module")
def base(app, database):
    """A real uvicorn server on a free loopback port; the database file must come out unchanged."""
    from communique.serve.testing import served
    with served(app, database) as url:
        yield url


@pytest.fixture(scope="module")
def client(base):
    import httpx
    with httpx.Client(base_url=base, timeout=30) as c:
        yield c
