"""The knowledge base on the real seed articles (skipped where ../shared is absent)."""
from __future__ import annotations

import pytest

from conftest import SEEDS


def test_the_seeds_give_a_vietnam_cambodia_protocol_chain_with_a_flagged_period_conflict(tmp_path, pipeline):
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not present")
    from communique.kb import Store, query
    from communique.read import read_paths

    with Store(tmp_path / "seeds.db") as store:
        store.ingest(pipeline.process_many(read_paths([SEEDS])))
        protocols = [a for a in query.agreements(store, country="KHM") if "protocol" in (a.get("kind") or "")]
    by_period = {(a["period_start"], a["period_end"]): a for a in protocols}
    assert ("2025", "2029") in by_period
    successor = by_period[("2025", "2029")]
    predecessor = next(a for a in protocols if a is not successor)
    assert successor["predecessor_id"] == predecessor["id"]
    assert predecessor["conflicts"], "2019-24 and 2020-24 for the same protocol must be flagged"
