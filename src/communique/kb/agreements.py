"""The agreement registry: which document each AGREEMENT report is about.

A document is known by its kind, the words of its name and its parties
("protocol | cooperation defence | KHM,VNM"). Reports of one key whose validity
periods overlap by two years or more are the same document — when their
periods differ ("2019-2024" / "2020-2024") both are kept and flagged as a
conflict. Documents of one key whose periods follow each other form a chain of
predecessors and successors. The registry is recomputed per key from the
reports, so it never depends on the order articles arrived in.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .dates import precision, year_of
from .names import fold

KINDS = ("memorandum of understanding", "memorandum", "protocol", "agreement", "plan",
         "joint statement", "statement", "declaration", "treaty", "arrangement",
         "programme", "program", "minutes", "contract", "letter of intent", "charter")

# Words that do not tell one document from another.
_FILLER = frozenset({
    "the", "a", "an", "on", "of", "for", "in", "between", "and", "to", "with", "by",
    "period", "stage", "phase", "new", "two", "both", "sides", "countries", "years", "year",
})
_SPELLING = {"defense": "defence", "program": "programme", "cooperative": "cooperation"}


def kind_of(kind: Optional[str], name: Optional[str]) -> str:
    """The document kind, folded; guessed from the name when not given."""
    folded = fold(kind)
    if folded:
        return folded
    name_folded = fold(name)
    return next((k for k in KINDS if k in name_folded), "document")


def name_words(kind: str, name: Optional[str]) -> list[str]:
    """Distinctive name words: no years, filler or the kind itself, one spelling."""
    kind_words = set(kind.split())
    words = []
    for word in fold(name).replace("co operation", "cooperation").split():
        word = _SPELLING.get(word, word)
        if word and not word.isdigit() and word not in _FILLER and word not in kind_words:
            words.append(word)
    return sorted(set(words))


def agreement_key(info: dict, countries: Iterable[str]) -> str:
    """'kind|name words|parties': the identity of a document across articles."""
    kind = kind_of(info.get("kind"), info.get("name"))
    parties = sorted(set(info.get("parties") or []) or set(countries))
    return f"{kind}|{' '.join(name_words(kind, info.get('name')))}|{','.join(parties)}"


def period_years(info: Optional[dict]) -> Optional[tuple[int, int]]:
    """(first year, last year) of a validity period, None when none is given."""
    if not info:
        return None
    start, end = year_of(info.get("period_start")), year_of(info.get("period_end"))
    if start is None and end is None:
        return None
    return (start or end, end or start)


def same_period(a: Optional[tuple[int, int]], b: Optional[tuple[int, int]]) -> bool:
    """Could two periods be one document's? Unknown is compatible with anything.

    Equal, or sharing two years or more: consecutive periods of a chain share
    at most their boundary year ("2020-2024" then "2024-2028").
    """
    if a is None or b is None or a == b:
        return True
    shared = min(a[1], b[1]) - max(a[0], b[0]) + 1
    return shared >= 2


def period_text(period: Optional[tuple[int, int]]) -> str:
    if period is None:
        return "no period"
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


def vote(values: list[tuple[object, int]]) -> tuple[object, list[dict]]:
    """The value most reports give (first given wins a tie) and the table of all values.

    ``values`` is [(value, report id)] in canonical report order.
    """
    if len(values) == 1:  # the usual case: an event told once
        return values[0][0], [{"value": values[0][0], "reports": [values[0][1]]}]
    counts = Counter(v for v, _ in values)
    first_seen = {}
    for position, (value, _) in enumerate(values):
        first_seen.setdefault(value, position)
    ranked = sorted(counts, key=lambda v: (-counts[v], first_seen[v]))
    table = [{"value": v, "reports": [rid for value, rid in values if value == v]} for v in ranked]
    return ranked[0], table


# --- the registry, recomputed per key --------------------------------------------------

@dataclass
class AgreementReport:
    report_id: int
    info: dict
    signed: Optional[str]          # the signing date this report gives or implies
    period: Optional[tuple[int, int]] = None

    def __post_init__(self) -> None:
        self.period = period_years(self.info)


@dataclass
class Instrument:
    """One agreement document, as the reports that tell of it."""

    reports: list[AgreementReport] = field(default_factory=list)
    periods: set[tuple[int, int]] = field(default_factory=set)
    signing_years: set[int] = field(default_factory=set)

    def add(self, report: AgreementReport) -> None:
        self.reports.append(report)
        if report.period:
            self.periods.add(report.period)
        if report.signed:
            self.signing_years.add(year_of(report.signed))

    def takes(self, report: AgreementReport) -> bool:
        if report.period and self.periods:
            return any(same_period(p, report.period) for p in self.periods)
        return bool(report.signed) and year_of(report.signed) in self.signing_years


def group_documents(reports: list[AgreementReport]) -> list[Instrument]:
    """Group one key's reports (in canonical order) into documents.

    Reports with a period first, so that those without one can then join the
    document whose signing year they share; a report with neither period nor
    signing date joins the only document when there is just one.
    """
    documents: list[Instrument] = []
    with_period = [r for r in reports if r.period]
    without = [r for r in reports if not r.period]
    for report in with_period + without:
        home = next((d for d in documents if d.takes(report)), None)
        if home is None and not report.period and not report.signed and len(documents) == 1:
            home = documents[0]
        if home is None:
            home = Instrument()
            documents.append(home)
        home.add(report)
    return documents


def summarise(document: Instrument, key: str) -> dict:
    """One registry row: the reconciled kind, name, period and signing date, with conflicts."""
    first = document.reports[0].info
    kind, _, parties = key.split("|")
    conflicts = []
    period = None
    periods = [(r.period, r.report_id) for r in document.reports if r.period]
    if periods:
        period, table = vote(periods)
        if len(table) > 1:
            conflicts.append({"field": "period", "values": [
                {"value": period_text(row["value"]), "reports": row["reports"]} for row in table]})
    signed = None
    signings = [(r.signed, r.report_id) for r in document.reports if r.signed]
    if signings:
        best = max(precision(s) for s, _ in signings)
        signed, table = vote([(s, rid) for s, rid in signings if precision(s) == best])
        if len(table) > 1:
            conflicts.append({"field": "signed", "values": table})
    return {
        "id": min(r.report_id for r in document.reports),
        "key": key,
        "kind": kind,
        "name": first.get("name") or kind,
        "parties": parties,
        "period_start": str(period[0]) if period else None,
        "period_end": str(period[1]) if period else None,
        "signed": signed,
        "conflicts": json.dumps(conflicts, ensure_ascii=False) if conflicts else None,
        "report_ids": [r.report_id for r in document.reports],
        "period": period,
    }


def chain(rows: list[dict]) -> None:
    """Link each document to the one whose period it follows (same key, later period)."""
    dated = sorted((r for r in rows if r["period"]), key=lambda r: (r["period"], r["id"]))
    for before, after in zip(dated, dated[1:]):
        if after["period"][0] >= before["period"][1]:
            after["predecessor_id"] = before["id"]


def _signed_date(info: dict, date_start: Optional[str], status: str) -> Optional[str]:
    # An AGREEMENT event's own date is its signing, when it took place.
    return info.get("signed") or (date_start if status == "occurred" else None)


def adopt_unnamed(conn: sqlite3.Connection, keys: Iterable[str]) -> set[str]:
    """'the protocol for the 2019-24 period': a document named only by its kind joins the one
    named document of that kind between the same parties, when there is exactly one.

    Run for the keys a batch touched, in both directions (an unnamed report arriving after
    the named one, or before it), so the end state does not depend on arrival order.
    Returns every key whose reports changed.
    """
    touched: set[str] = set()
    for key in sorted(set(keys)):
        kind, words, parties = key.split("|")
        candidates = [k for (k,) in conn.execute(
            "SELECT DISTINCT agreement_key FROM reports WHERE agreement_key LIKE ? AND agreement_key LIKE ?",
            (f"{kind}|%", f"%|{parties}"))]
        named = sorted({k for k in candidates if k.split("|")[1]})
        unnamed = f"{kind}||{parties}"
        if len(named) == 1 and unnamed in candidates:
            conn.execute("UPDATE reports SET agreement_key = ? WHERE agreement_key = ?", (named[0], unnamed))
            conn.execute("DELETE FROM agreements WHERE key = ?", (unnamed,))
            touched |= {named[0], unnamed}
    return touched


def recompute(conn: sqlite3.Connection, keys: Iterable[str]) -> None:
    """Rebuild the registry rows of these keys from their reports."""
    for key in sorted(set(keys)):
        conn.execute("DELETE FROM agreements WHERE key = ?", (key,))
        rows = conn.execute(
            """SELECT r.id, r.agreement, r.date_start, r.status FROM reports r
               JOIN articles a ON a.id = r.article_id
               WHERE r.agreement_key = ? ORDER BY a.published, r.article_id, r.idx""", (key,)).fetchall()
        reports = []
        for rid, info_json, date_start, status in rows:
            info = json.loads(info_json)
            reports.append(AgreementReport(rid, info, _signed_date(info, date_start, status)))
        summaries = [summarise(d, key) for d in group_documents(reports)]
        chain(summaries)
        conn.executemany(
            """INSERT INTO agreements (id, key, kind, name, parties, period_start, period_end,
                                       signed, predecessor_id, conflicts)
               VALUES (:id, :key, :kind, :name, :parties, :period_start, :period_end,
                       :signed, :predecessor_id, :conflicts)""",
            [{"predecessor_id": None, **s} for s in summaries])
        conn.executemany(
            "INSERT INTO agreement_reports (agreement_id, report_id) VALUES (?, ?)",
            [(s["id"], rid) for s in summaries for rid in s["report_ids"]])
