"""Writing the record out: JSON Lines, CSV, Parquet, PLOVER-style JSON, dyad-years.

JSON Lines speaks the event record of GUIDELINES.md: one line per merged
event, with the guidelines' fields (taken from the reconciled event; ``article``
and ``evidence`` from its first report) plus every report with its article,
sentence, offsets and merge reason. The dyad-year table tells "no event" (0 in
a year the ingested articles cover) from "no coverage" (null outside it).
"""
from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Union

from .. import __version__
from .query import connection, iter_events
from .store import EVENT_TYPES

# GUIDELINES.md's PLOVER column: (category, mode); None where PLOVER has no category.
PLOVER = {
    "VISIT": ("CONSULT", "visit"), "MEETING": ("CONSULT", "meet"),
    "CONFERENCE": ("CONSULT", "multilateral"), "AGREEMENT": ("AGREE", ""),
    "EXERCISE": ("COOPERATE", "military"), "PATROL": ("COOPERATE", "military"),
    "EXCHANGE": ("COOPERATE", ""), "AID": ("AID", ""), "AWARD": ("SUPPORT", ""),
    "PORT_CALL": ("CONSULT", "visit"), "CEREMONY": None, "APPOINTMENT": None,
}

PathLike = Union[str, Path]


def record(event: dict) -> dict:
    """The JSON-Lines record of one merged event."""
    reports = event["reports"]
    first = reports[0] if reports else {}
    return {
        "id": event["id"],
        "article": first.get("article"),
        "type": event["type"],
        "status": event["status"],
        "date_start": event["date_start"],
        "date_end": event["date_end"],
        "participants": event["participants"],
        "countries": event["countries"],
        "location": event["location"],
        "evidence": first.get("evidence"),
        "agreement": event["agreement"],
        "agreement_id": event.get("agreement_id"),
        "conflicts": event["conflicts"],
        "n_reports": event["n_reports"],
        "articles": list(dict.fromkeys(r["article"] for r in reports)),
        "first_published": event["first_published"],
        "last_published": event["last_published"],
        "reports": reports,
    }


def records(db: Any) -> Iterator[dict]:
    return (record(e) for e in iter_events(db))


def write_jsonl(db: Any, out: PathLike) -> int:
    count = 0
    with open(out, "w", encoding="utf-8") as f:
        for item in records(db):
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
            count += 1
    return count


# --- flat tables -----------------------------------------------------------------------

FLAT_COLUMNS = ("id", "type", "status", "date_start", "date_end", "countries", "participants",
                "location", "location_country", "n_reports", "n_articles", "articles",
                "first_published", "last_published", "agreement_name", "agreement_period",
                "conflicts", "evidence")


def flat(event: dict) -> dict:
    """One merged event as a flat row; lists stay lists (CSV joins them with '; ')."""
    info = event["agreement"] or {}
    period = "-".join(p for p in (info.get("period_start"), info.get("period_end")) if p) or None
    reports = event["reports"]
    return {
        "id": event["id"], "type": event["type"], "status": event["status"],
        "date_start": event["date_start"], "date_end": event["date_end"],
        "countries": event["countries"],
        "participants": [p["name"] for p in event["participants"]],
        "location": (event["location"] or {}).get("name"),
        "location_country": (event["location"] or {}).get("country"),
        "n_reports": event["n_reports"], "n_articles": event["n_articles"],
        "articles": list(dict.fromkeys(r["article"] for r in reports)),
        "first_published": event["first_published"], "last_published": event["last_published"],
        "agreement_name": info.get("name"), "agreement_period": period,
        "conflicts": json.dumps(event["conflicts"], ensure_ascii=False) if event["conflicts"] else None,
        "evidence": reports[0].get("evidence") if reports else None,
    }


def _csv_value(value: Any) -> Any:
    return "; ".join(value) if isinstance(value, list) else value


def write_csv(db: Any, out: PathLike) -> int:
    count = 0
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        for event in iter_events(db):
            writer.writerow({k: _csv_value(v) for k, v in flat(event).items()})
            count += 1
    return count


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
        return pyarrow
    except ImportError:
        raise RuntimeError("Parquet needs pyarrow: pip install pyarrow") from None


def _write_parquet_rows(rows: Iterator[dict], out: PathLike, schema, batch: int = 10_000) -> int:
    pa = _pyarrow()
    count = 0
    with pa.parquet.ParquetWriter(str(out), schema) as writer:
        pending: list[dict] = []
        for row in rows:
            pending.append(row)
            if len(pending) >= batch:
                writer.write_table(pa.Table.from_pylist(pending, schema=schema))
                count += len(pending)
                pending = []
        # Always write a table, so that an empty export is still a readable file.
        writer.write_table(pa.Table.from_pylist(pending, schema=schema))
        count += len(pending)
    return count


def write_parquet(db: Any, out: PathLike) -> int:
    pa = _pyarrow()
    text, number, texts = pa.string(), pa.int64(), pa.list_(pa.string())
    types = {"id": number, "n_reports": number, "n_articles": number,
             "countries": texts, "participants": texts, "articles": texts}
    schema = pa.schema([(name, types.get(name, text)) for name in FLAT_COLUMNS])
    return _write_parquet_rows((flat(e) for e in iter_events(db)), out, schema)


# --- PLOVER ----------------------------------------------------------------------------

def plover(event: dict) -> Optional[dict]:
    """A PLOVER-style record (source/target actors, event, mode); None where PLOVER has no category."""
    category = PLOVER.get(event["type"])
    if category is None:
        return None
    first = event["reports"][0] if event["reports"] else {}
    cameo = first.get("cameo")
    guests = [p for p in event["participants"] if p.get("role") == "guest"]
    hosts = [p for p in event["participants"] if p.get("role") == "host"]
    if guests and hosts:
        source, target = guests, hosts
    else:  # no direction: a compound source, as PLOVER codes joint actions
        source, target = event["participants"], []
    named = {p.get("country") for p in event["participants"]}
    source = [_plover_actor(p) for p in source] + [
        {"actorText": c, "code": c} for c in event["countries"] if c not in named]
    return {
        "id": f"communique-{event['id']}",
        "date": event["date_start"],
        "dateEnd": event["date_end"],
        "source": source,
        "target": [_plover_actor(p) for p in target],
        "event": first.get("plover_type") or category[0],
        "mode": first.get("plover_mode") or category[1],
        "context": "military",
        "status": event["status"],
        "cameo": cameo,
        "location": ({"placeName": event["location"]["name"], "countryCode": event["location"].get("country")}
                     if event["location"] else None),
        "text": first.get("evidence"),
        "publication": list(dict.fromkeys(r["article"] for r in event["reports"])),
        "language": "en",
        "coder": "communique",
        "version": __version__,
        "comment": f"{event['type']}, {event['n_reports']} report(s)"
                   + (", conflicts: " + ", ".join(c["field"] for c in event["conflicts"])
                      if event["conflicts"] else ""),
    }


def _plover_actor(participant: dict) -> dict:
    return {"actorText": participant["name"], "code": participant.get("country") or "",
            "sector": "MIL" if participant.get("kind") != "organisation" else "GOV"}


def write_plover(db: Any, out: PathLike) -> int:
    """A JSON array of PLOVER-style records (written as it goes, so it scales)."""
    count = 0
    with open(out, "w", encoding="utf-8") as f:
        f.write("[")
        for event in iter_events(db):
            item = plover(event)
            if item is None:
                continue
            f.write(("\n" if count == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
            count += 1
        f.write("\n]\n")
    return count


# --- dyad-years ------------------------------------------------------------------------

def cow_codes() -> dict[str, dict]:
    """{alpha3: {"ccode": int, "abb": str}} from the package data; empty when absent.

    The table may sit under a "codes" key, next to notes in "_"-keys.
    """
    try:
        source = resources.files("communique") / "data" / "cow_codes.json"
        table = json.loads(source.read_text(encoding="utf-8")) if source.is_file() else {}
    except (OSError, ValueError, ModuleNotFoundError):
        return {}
    table = table.get("codes", table) if isinstance(table, dict) else {}
    return {k: v for k, v in table.items() if not k.startswith("_") and isinstance(v, dict)}


def dyad_years(db: Any) -> list[dict]:
    """One row per dyad seen and year: events (total and by type), null where not covered.

    A year is covered when it lies within the ingested articles' publication
    years; a year outside with no event is unknown (null), not zero.
    """
    conn = connection(db)
    first, last = conn.execute("SELECT MIN(published), MAX(published) FROM articles").fetchone()
    if first is None:
        return []
    covered = range(int(first[:4]), int(last[:4]) + 1)
    counts: dict[tuple, dict[str, int]] = {}
    for a, b, year, type_, n in conn.execute(
            """SELECT d.a, d.b, CAST(substr(d.day_lo, 1, 4) AS INTEGER) AS year, e.type, COUNT(*)
               FROM event_dyads d JOIN events e ON e.id = d.event_id
               WHERE d.day_lo <> '' GROUP BY d.a, d.b, year, e.type"""):
        counts.setdefault((a, b, year), {})[type_] = n
    years = [y for _, _, y in counts] + [covered.start, covered.stop - 1]
    span = range(min(years), max(years) + 1)
    codes = cow_codes()
    rows = []
    for a, b in sorted({(a, b) for a, b, _ in counts}):
        for year in span:
            by_type = counts.get((a, b, year), {})
            known = year in covered or bool(by_type)
            row = {
                "a3_a": a, "a3_b": b,
                "ccode_a": codes.get(a, {}).get("ccode"), "ccode_b": codes.get(b, {}).get("ccode"),
                "abb_a": codes.get(a, {}).get("abb"), "abb_b": codes.get(b, {}).get("abb"),
                "year": year, "covered": year in covered,
                "events": sum(by_type.values()) if known else None,
            }
            row.update({f"n_{t.lower()}": by_type.get(t, 0) if known else None for t in sorted(EVENT_TYPES)})
            rows.append(row)
    return rows


def write_dyad_year(db: Any, out: PathLike) -> int:
    """CSV, or JSON Lines / Parquet when the file name ends so."""
    rows = dyad_years(db)
    suffix = Path(out).suffix.lower()
    if suffix == ".parquet":
        pa = _pyarrow()
        columns = ["a3_a", "a3_b", "ccode_a", "ccode_b", "abb_a", "abb_b", "year", "covered", "events"] + \
            [f"n_{t.lower()}" for t in sorted(EVENT_TYPES)]
        types = {"a3_a": pa.string(), "a3_b": pa.string(), "abb_a": pa.string(), "abb_b": pa.string(),
                 "covered": pa.bool_()}
        schema = pa.schema([(c, types.get(c, pa.int64())) for c in columns])
        return _write_parquet_rows(iter(rows), out, schema)
    with open(out, "w", encoding="utf-8", newline="") as f:
        if suffix in (".jsonl", ".json"):
            for row in rows:
                f.write(json.dumps(row) + "\n")
        else:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["a3_a", "a3_b", "year", "events"])
            writer.writeheader()
            writer.writerows(rows)
    return len(rows)


WRITERS: dict[str, Callable[[Any, PathLike], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
    "plover": write_plover,
    "dyad-year": write_dyad_year,
}


def export(db: Any, fmt: str, out: PathLike) -> int:
    """Write the store in one format; return the number of records written.

    Written to a temporary file first and renamed, so a failed export never
    leaves a half-written file where a good one was.
    """
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(WRITERS)}")
    out = Path(out)
    # Same suffix on the temporary name: write_dyad_year picks its format from it.
    partial = out.with_name(f".{out.stem}.partial{out.suffix}")
    try:
        count = WRITERS[fmt](db, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(out)
    return count
