"""Cross-article merging on the bundled synthetic pairs, through the real pipeline and store."""
from __future__ import annotations

from communique.kb import Store, query
from communique.read import read_paths
from communique.samples import corpus_path


def _ingest(tmp_path, pipeline, prefixes):
    files = sorted(p for p in corpus_path().glob("*.txt") if p.name.startswith(prefixes))
    store = Store(tmp_path / "pairs.db")
    store.ingest(pipeline.process_many(read_paths(files)))
    return store


def test_two_outlets_reporting_one_meeting_give_one_event_with_two_reports(tmp_path, pipeline):
    with _ingest(tmp_path, pipeline, ("synthetic_05", "synthetic_06")) as store:
        meetings = query.events(store, type="MEETING", dyad=("JPN", "PHL"), date_from="2024-02-20", date_to="2024-02-20")
        assert len(meetings) == 1
        assert meetings[0]["n_articles"] >= 2


def test_a_planned_port_call_then_its_report_give_one_occurred_event(tmp_path, pipeline):
    with _ingest(tmp_path, pipeline, ("synthetic_07", "synthetic_08")) as store:
        calls = query.events(store, type="PORT_CALL", dyad=("CHN", "MYS"))
        assert len(calls) == 1
        assert calls[0]["status"] == "occurred"
        assert calls[0]["n_articles"] >= 2
