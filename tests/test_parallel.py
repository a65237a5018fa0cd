"""communique.parallel: several worker processes, the same output in the same order."""
from __future__ import annotations

import os
from dataclasses import asdict
from datetime import date
from functools import partial
from importlib.resources import files

import pytest

from communique.model import Article, Document, Skipped
from communique.parallel import process_parallel
from communique.pipeline import Pipeline

from conftest import SEEDS


def _article(name: str, text: str) -> Article:
    return Article(id=name, name=name, source=name, published=date(2024, 3, 20), text=text)


def _corpus(n: int) -> list[Article | Skipped]:
    from communique.read import read_paths
    folder = files("communique") / "data" / "sample_corpus"
    articles = [a for a in read_paths([str(folder)]) if isinstance(a, Article)][:n]
    # a reader's Skipped in the middle of the stream must come out in its place
    return articles[:2] + [Skipped("broken.jsonl:3", "JSON error")] + articles[2:]


def _fingerprint(item: Document | Skipped):
    """Everything the extract, persons and mentions commands print about an item."""
    if isinstance(item, Skipped):
        return ("skipped", item.source, item.reason)
    return (item.article.name, item.sentences, [e.to_record() for e in item.events],
            [asdict(a) for a in item.actors], [asdict(p) for p in item.persons],
            [asdict(m) for m in item.countries + item.organisations + item.places + item.times])


def test_two_workers_give_the_single_process_output_record_for_record():
    items = _corpus(5)
    one = [_fingerprint(d) for d in process_parallel(items, workers=1)]
    two = [_fingerprint(d) for d in process_parallel(iter(items), workers=2, chunk=2)]
    assert two == one
    assert one[2] == ("skipped", "broken.jsonl:3", "JSON error")
    assert sum(len(f[2]) for f in one if f[0] != "skipped") > 0, "the corpus should give events"


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not present")
def test_two_workers_on_the_seeds():
    from communique.read import read_paths
    items = list(read_paths([SEEDS]))[:3]
    assert [_fingerprint(d) for d in process_parallel(items, workers=2, chunk=1)] == \
        [_fingerprint(d) for d in Pipeline().process_many(items)]


# --- a cheap stand-in pipeline, to test the machinery itself ------------------------------------

def _component(doc: Document) -> Document:
    if "BOOM" in doc.text:
        raise ValueError("boom")
    if "CRASH" in doc.text:
        os._exit(3)            # the worker process dies outright
    doc.sentences = [(0, len(doc.text))]
    return doc


STUB = partial(Pipeline, [_component])


def test_order_is_preserved_and_skipped_pass_through():
    items: list[Article | Skipped] = []
    for i in range(60):
        items.append(Skipped(f"bad-{i}", "unreadable") if i % 7 == 3 else _article(f"a{i:03d}", f"text {i}"))
    out = list(process_parallel(iter(items), workers=2, chunk=3, factory=STUB))
    assert len(out) == len(items)
    for given, got in zip(items, out):
        if isinstance(given, Skipped):
            assert got == given
        else:
            assert isinstance(got, Document) and got.article.name == given.name


def test_a_failing_article_becomes_skipped_and_the_batch_goes_on():
    items = [_article(f"a{i}", "BOOM" if i == 4 else f"fine {i}") for i in range(10)]
    out = list(process_parallel(items, workers=2, chunk=4, factory=STUB))
    assert [getattr(o, "article", o).name if isinstance(o, Document) else o.source for o in out] == \
        [a.name for a in items]
    assert isinstance(out[4], Skipped) and "ValueError: boom" in out[4].reason
    assert all(isinstance(o, Document) for i, o in enumerate(out) if i != 4)


def test_a_worker_that_dies_costs_only_its_article():
    items = [_article(f"a{i}", "CRASH" if i == 5 else f"fine {i}") for i in range(12)]
    out = list(process_parallel(items, workers=2, chunk=3, factory=STUB))
    assert len(out) == 12
    assert isinstance(out[5], Skipped) and "worker process died" in out[5].reason
    assert [o.article.name for i, o in enumerate(out) if i != 5] == [a.name for i, a in enumerate(items) if i != 5]


def test_one_worker_runs_in_process_and_chunk_must_be_positive():
    items = [_article("a", "fine"), Skipped("x", "y")]
    out = list(process_parallel(items, workers=1, factory=STUB))
    assert out[0].article.name == "a" and out[1] == Skipped("x", "y")
    with pytest.raises(ValueError):
        list(process_parallel(items, workers=2, chunk=0, factory=STUB))


def test_workers_option_on_the_cli(tmp_path):
    from click.testing import CliRunner
    from communique.cli import main
    folder = files("communique") / "data" / "sample_corpus"
    paths = sorted(str(p) for p in folder.iterdir() if p.name.endswith(".txt"))[:3]
    runner = CliRunner()
    one = runner.invoke(main, ["extract", *paths])
    two = runner.invoke(main, ["extract", "--workers", "2", *paths])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert two.stdout == one.stdout and one.stdout.count("\n") > 0
    persons = runner.invoke(main, ["persons", "--jsonl", "-w", "2", *paths])
    assert persons.exit_code == 0 and persons.stdout == runner.invoke(main, ["persons", "--jsonl", *paths]).stdout


def test_spawned_workers_load_their_own_pipeline():
    """Where workers are not forked (macOS, Windows), each loads the model itself: same output."""
    items = _corpus(2)
    out = list(process_parallel(items, workers=2, chunk=1, context="spawn"))
    assert [_fingerprint(d) for d in out] == [_fingerprint(d) for d in process_parallel(items, workers=1)]
