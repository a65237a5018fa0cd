"""The knowledge base: a SQLite store of articles, reports, merged events, actors and agreements.

    from communique.kb import Store, query
    with Store("communique.db") as store:
        summary = store.ingest(documents)          # Documents and Skipped items
        query.events(store, dyad=("VNM", "KHM"), date_from="2023")
"""
from .store import IngestSummary, Store, StoreError

__all__ = ["IngestSummary", "Store", "StoreError"]
