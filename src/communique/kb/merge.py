"""Which reports tell of the same happening, and what the happening was.

A *report* is one event as one article gives it; a merged *event* is the real
happening, with every report kept. Two reports are of one happening when:

* they come from different articles (one article's events are distinct by the guidelines),
  and neither was split off by hand;
* they have the same type;
* their countries overlap with Jaccard similarity >= 0.5;
* their dates overlap — or one has no date and everything else matches strongly:
  the same countries and a shared participant (and then only if it fits a single
  happening; nor does an undated report ever bridge two dated ones);
* they share a participant (the same actor) whenever both name people;
* for AGREEMENT, they are about the same document (kind, name, parties) with
  compatible periods.

Reports are clustered greedily in a canonical order (publication date, article,
position), so the result depends only on the set of reports, never on the
order they arrived in. Each report's link records the reason in words.

Reconciliation then picks, field by field, what the reports support: the most
precise date (the one most reports give among equals), the united participants
and countries, the latest word on status, and a ``conflicts`` list wherever the
reports disagree — a disagreement is shown, never silently overwritten.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Optional

from .agreements import period_text, period_years, same_period, vote
from .dates import overlaps, precision
from .names import fold

MIN_COUNTRY_JACCARD = 0.5


@dataclass
class Report:
    """What the merge needs to know of one stored report."""

    id: int
    article_id: str
    published: str
    idx: int
    type: str
    status: str = "occurred"
    date_start: Optional[str] = None
    date_end: Optional[str] = None
    day_lo: Optional[str] = None
    day_hi: Optional[str] = None
    countries: frozenset[str] = frozenset()
    participants: list[dict] = field(default_factory=list)   # {name, country, role, kind, actor_id}
    location: Optional[dict] = None
    agreement: Optional[dict] = None
    agreement_key: Optional[str] = None
    detached: bool = False
    event_id: Optional[int] = None

    @property
    def order(self) -> tuple:
        return (self.published, self.article_id, self.idx)

    @property
    def people(self) -> dict[int, str]:
        """actor id -> name as this report writes it, for the people it names."""
        return {p["actor_id"]: p["name"] for p in self.participants if p.get("actor_id") is not None}

    @property
    def dates_text(self) -> str:
        if not self.date_start:
            return "no date"
        end = self.date_end or self.date_start
        return self.date_start if end == self.date_start else f"{self.date_start}..{end}"


def jaccard(a: frozenset, b: frozenset) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def compare(earlier: Report, later: Report) -> Optional[str]:
    """Why ``later`` tells of the same happening as ``earlier``; None when it does not."""
    if earlier.article_id == later.article_id or earlier.detached or later.detached:
        return None
    if earlier.type != later.type:
        return None
    similarity = jaccard(earlier.countries, later.countries)
    if similarity < MIN_COUNTRY_JACCARD:
        return None
    people_a, people_b = earlier.people, later.people
    shared = [name for actor, name in people_a.items() if actor in people_b]
    if people_a and people_b and not shared:
        return None

    reasons = [f"same type {earlier.type}"]
    if earlier.day_lo and later.day_lo:
        if not overlaps((earlier.day_lo, earlier.day_hi), (later.day_lo, later.day_hi)):
            return None
        if earlier.dates_text == later.dates_text:
            reasons.append(f"same date {earlier.dates_text}")
        else:
            reasons.append(f"overlapping dates {earlier.dates_text} / {later.dates_text}")
    else:
        # Without a date only a strong match will do: the very same countries and a shared person.
        if earlier.countries != later.countries or not shared:
            return None
        reasons.append(f"no date on report {later.id if not later.day_lo else earlier.id}, "
                       "same countries and participants")

    if earlier.type == "AGREEMENT" and (earlier.agreement_key or later.agreement_key):
        if earlier.agreement_key != later.agreement_key:
            return None
        pa, pb = period_years(earlier.agreement), period_years(later.agreement)
        if not same_period(pa, pb):
            return None
        name = (earlier.agreement or {}).get("name") or earlier.agreement_key.split("|")[0]
        periods = period_text(pa) if pa == pb else f"{period_text(pa)} / {period_text(pb)}"
        reasons.append(f"same document {name} ({periods})")

    countries = ", ".join(sorted(earlier.countries))
    if earlier.countries == later.countries:
        reasons.append(f"countries {countries}")
    else:
        reasons.append(f"countries {countries} / {', '.join(sorted(later.countries))} "
                       f"(Jaccard {similarity:.2f})")
    if shared:
        reasons.append("shared participants " + ", ".join(shared))
    return ", ".join(reasons)


@dataclass
class Cluster:
    members: list[Report] = field(default_factory=list)
    reasons: list[Optional[str]] = field(default_factory=list)

    def reason_to_join(self, report: Report) -> Optional[str]:
        if any(m.article_id == report.article_id for m in self.members):
            return None
        members = self.members
        if report.day_lo and any(m.day_lo for m in members):
            # A dated report must meet the happening's dates: an undated member is no bridge.
            members = [m for m in members if m.day_lo]
        for member in members:
            reason = compare(member, report)
            if reason:
                return f"matches report {member.id}: {reason}"
        return None

    def add(self, report: Report, reason: Optional[str]) -> None:
        self.members.append(report)
        self.reasons.append(reason)


def cluster(reports: list[Report]) -> list[Cluster]:
    """Group reports into happenings: each joins the first cluster holding a matching report."""
    clusters: list[Cluster] = []
    for report in sorted(reports, key=lambda r: r.order):
        home, reason = _home(report, clusters)
        if home is None:
            home = Cluster()
            clusters.append(home)
        home.add(report, reason)
    return clusters


def _home(report: Report, clusters: list[Cluster]) -> tuple[Optional[Cluster], Optional[str]]:
    """The cluster a report joins: the first that matches; for an undated report, the only one."""
    if report.day_lo:
        for candidate in clusters:
            reason = candidate.reason_to_join(report)
            if reason:
                return candidate, reason
        return None, None
    fits = [(c, r) for c in clusters if (r := c.reason_to_join(report))]
    # Undated and fitting several happenings: which one it tells of is not known, so none.
    return fits[0] if len(fits) == 1 else (None, None)


# --- reconciliation ---------------------------------------------------------------------

@dataclass
class MergedEvent:
    id: int
    type: str
    status: str
    date_start: Optional[str]
    date_end: Optional[str]
    day_lo: Optional[str]
    day_hi: Optional[str]
    countries: list[str]
    participants: list[dict]
    location: Optional[dict]
    agreement: Optional[dict]
    conflicts: list[dict]
    report_ids: list[int]
    reasons: list[Optional[str]]
    n_articles: int
    first_published: str
    last_published: str

    @property
    def dyads(self) -> list[tuple[str, str]]:
        return list(combinations(self.countries, 2))

    @property
    def actors(self) -> list[tuple[int, Optional[str]]]:
        return [(p["actor_id"], p.get("role")) for p in self.participants if p.get("actor_id") is not None]


def reconcile(group: Cluster) -> MergedEvent:
    members = group.members
    conflicts: list[dict] = []
    date_start, date_end, day_lo, day_hi = _reconcile_dates(members, conflicts)
    return MergedEvent(
        id=min(r.id for r in members),
        type=members[0].type,
        status=_reconcile_status(members, conflicts),
        date_start=date_start, date_end=date_end, day_lo=day_lo, day_hi=day_hi,
        countries=sorted(set().union(*(r.countries for r in members))),
        participants=_unite_participants(members),
        location=_reconcile_location(members, conflicts),
        agreement=_reconcile_agreement(members, conflicts),
        conflicts=conflicts,
        report_ids=[r.id for r in members],
        reasons=list(group.reasons),
        n_articles=len({r.article_id for r in members}),
        first_published=min(r.published for r in members),
        last_published=max(r.published for r in members),
    )


def _reconcile_dates(members: list[Report], conflicts: list[dict]):
    """The most precise date wins; among equally precise ones, the one most reports give."""
    dated = [r for r in members if r.date_start]
    if not dated:
        return None, None, None, None
    best = max(precision(r.date_start) for r in dated)
    top = [r for r in dated if precision(r.date_start) == best]
    winner, table = vote([(r.dates_text, r.id) for r in top])
    if len(table) > 1:
        conflicts.append({"field": "date", "values": table})
    chosen = next(r for r in top if r.dates_text == winner)
    return chosen.date_start, chosen.date_end or chosen.date_start, chosen.day_lo, chosen.day_hi


def _reconcile_status(members: list[Report], conflicts: list[dict]) -> str:
    """Occurred once any report saw it happen; cancelled when the call-off is the later word."""
    latest = {}
    for report in members:
        latest[report.status] = max(latest.get(report.status, ""), report.published)
    if "occurred" in latest:
        if "cancelled" in latest:
            conflicts.append({"field": "status", "values": [
                {"value": s, "reports": [r.id for r in members if r.status == s]}
                for s in ("occurred", "cancelled")]})
        return "occurred"
    if "cancelled" in latest and latest["cancelled"] >= latest.get("planned", ""):
        return "cancelled"
    return "planned" if "planned" in latest else members[0].status


def _unite_participants(members: list[Report]) -> list[dict]:
    """Everyone any report names, once each (people by actor, others by folded name)."""
    united: dict[tuple, dict] = {}
    roles: dict[tuple, list[str]] = {}
    for report in members:
        for p in report.participants:
            key = ("actor", p["actor_id"]) if p.get("actor_id") is not None else ("name", fold(p["name"]))
            united.setdefault(key, dict(p))
            if not united[key].get("country") and p.get("country"):
                united[key]["country"] = p["country"]
            if p.get("role"):
                roles.setdefault(key, []).append(p["role"])
    for key, seen in roles.items():
        united[key]["role"] = Counter(seen).most_common(1)[0][0]
    return list(united.values())


def _reconcile_location(members: list[Report], conflicts: list[dict]) -> Optional[dict]:
    located = [(fold(r.location["name"]), r) for r in members if r.location and r.location.get("name")]
    if not located:
        return None
    winner, table = vote([(key, r.id) for key, r in located])
    if len(table) > 1:
        names = {key: r.location["name"] for key, r in reversed(located)}
        conflicts.append({"field": "location", "values": [
            {"value": names[row["value"]], "reports": row["reports"]} for row in table]})
    return next(r.location for key, r in located if key == winner)


def _reconcile_agreement(members: list[Report], conflicts: list[dict]) -> Optional[dict]:
    infos = [(r.agreement, r) for r in members if r.agreement]
    if not infos:
        return None
    merged = dict(infos[0][0])
    merged["parties"] = sorted(set().union(*(set(i.get("parties") or []) for i, _ in infos)))
    periods = [(period_years(i), r.id) for i, r in infos if period_years(i)]
    if periods:
        period, table = vote(periods)
        merged["period_start"], merged["period_end"] = str(period[0]), str(period[1])
        if len(table) > 1:
            conflicts.append({"field": "agreement_period", "values": [
                {"value": period_text(row["value"]), "reports": row["reports"]} for row in table]})
    signings = [(i["signed"], r.id) for i, r in infos if i.get("signed")]
    if signings:
        best = max(precision(s) for s, _ in signings)
        merged["signed"], table = vote([(s, rid) for s, rid in signings if precision(s) == best])
        if len(table) > 1:
            conflicts.append({"field": "agreement_signed", "values": table})
    return merged
