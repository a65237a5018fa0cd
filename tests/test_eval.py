"""The figures the issues ask for, on the shared gold, measured by the shared scorer.

Skipped cleanly where ../shared is absent. Extraction runs through the real CLI.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import EVAL, SEEDS, load_scorer


def _score(articles, gold, tmp_path):
    score = load_scorer()
    if not articles.exists() or not gold.exists():
        pytest.skip(f"{articles} is not present")
    events = tmp_path / "events.jsonl"
    persons = tmp_path / "persons.jsonl"
    subprocess.run([sys.executable, "-m", "communique", "extract", str(articles), "--out", str(events)],
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "communique", "persons", str(articles), "--jsonl", "--out", str(persons)],
                   check=True, capture_output=True)
    out = subprocess.run([sys.executable, score.__file__, str(gold), str(events), "--persons", str(persons), "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def test_seed_events_meet_the_issue_targets(tmp_path):
    figures = _score(SEEDS, EVAL / "gold", tmp_path)
    assert figures["events"]["f1"] >= 0.90
    assert figures["matched"]["exact_date"] >= 0.85
    assert figures["matched"]["exact_status"] == 1.0


def test_development_set_events_meet_the_issue_targets(tmp_path):
    figures = _score(EVAL / "dev" / "articles", EVAL / "dev" / "gold", tmp_path)
    assert figures["events"]["f1"] >= 0.85
    assert figures["persons"]["f1"] >= 0.95
