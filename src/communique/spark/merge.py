"""The cross-article merge, as a grouping that Spark can distribute.

The knowledge base (``communique.kb.merge``) decides that two reports tell of
one happening when they have the same type, countries with Jaccard >= 0.5,
overlapping dates (or, undated, the same countries and a shared person), a
shared participant whenever both name people, and for agreements the same
document. Over a whole corpus that comparison needs blocking. This simple,
documented version blocks on **type + the exact country set**: reports are
grouped by that key (a Spark ``groupByKey``), and inside each group the
knowledge base's own ``cluster`` and ``reconcile`` run unchanged, so dates,
participants, agreement documents, the canonical order and the reconciliation
of fields are exactly the knowledge base's.

Differences from ``communique ingest``, all documented in docs/performance.md:

* countries must be equal, not merely overlap with Jaccard >= 0.5 (so
  {VNM, LAO} and {VNM, LAO, KHM} stay apart here);
* people are matched by ``actor_key`` (actor-table id, or folded name + country)
  rather than by the database's actor ids;
* an event's id is the ``report_id`` of its earliest report.

``merge_reports`` is the same computation in one process: the reference the
Spark output is tested against, and usable without Spark.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Iterable, Iterator, Mapping

GroupKey = tuple[str, tuple[str, ...]]

# the event columns the merge reads
REPORT_COLUMNS = ("report_id", "article_id", "published", "idx", "type", "status", "date_start", "date_end",
                  "day_lo", "day_hi", "countries", "participants", "participant_actors", "location", "agreement",
                  "agreement_key")


def group_key(row: Mapping[str, Any]) -> GroupKey:
    return row["type"], tuple(sorted(set(row.get("countries") or ())))


def to_report(row: Mapping[str, Any]):
    from ..kb.merge import Report
    actors = list(row.get("participant_actors") or [])
    participants = []
    for j, p in enumerate(row.get("participants") or []):
        participants.append({"name": p["name"], "country": p.get("country"), "role": p.get("role"),
                             "kind": p.get("kind", "person"), "actor_id": actors[j] if j < len(actors) else None})
    return Report(
        id=row["report_id"], article_id=row["article_id"], published=row["published"], idx=row["idx"],
        type=row["type"], status=row.get("status") or "occurred", date_start=row.get("date_start"),
        date_end=row.get("date_end"), day_lo=row.get("day_lo"), day_hi=row.get("day_hi"),
        countries=frozenset(row.get("countries") or ()), participants=participants,
        location=dict(row["location"]) if row.get("location") else None,
        agreement=dict(row["agreement"]) if row.get("agreement") else None,
        agreement_key=row.get("agreement_key"))


def merge_group(rows: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """Merged events of one block (one type, one country set), each as a flat row."""
    from ..kb.merge import cluster, reconcile
    for group in cluster([to_report(r) for r in rows]):
        merged = reconcile(group)
        earliest = group.members[0]
        yield {
            "event_id": earliest.id,
            "type": merged.type,
            "status": merged.status,
            "date_start": merged.date_start,
            "date_end": merged.date_end,
            "day_lo": merged.day_lo,
            "day_hi": merged.day_hi,
            "countries": list(merged.countries),
            "participants": [{"name": p["name"], "country": p.get("country"), "role": p.get("role"),
                              "kind": p.get("kind"), "actor_key": p.get("actor_id")} for p in merged.participants],
            "location": merged.location,
            "agreement": _agreement(merged.agreement),
            "conflicts": json.dumps(merged.conflicts, ensure_ascii=False, sort_keys=True),
            "report_ids": list(merged.report_ids),
            "reasons": list(merged.reasons),
            "n_reports": len(merged.report_ids),
            "n_articles": merged.n_articles,
            "first_published": merged.first_published,
            "last_published": merged.last_published,
        }


def _agreement(info):
    if not info:
        return None
    return {"kind": info.get("kind"), "name": info.get("name"), "period_start": info.get("period_start"),
            "period_end": info.get("period_end"), "parties": list(info.get("parties") or []),
            "signed": info.get("signed")}


def merge_reports(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The whole merge in one process (what the Spark job computes), sorted by event id."""
    groups: dict[GroupKey, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[group_key(row)].append(row)
    merged = [event for rows_ in groups.values() for event in merge_group(rows_)]
    return sorted(merged, key=lambda e: e["event_id"])
