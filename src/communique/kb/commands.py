"""The knowledge base's commands, for the main ``communique`` group.

    from communique.kb.commands import COMMANDS
    for command in COMMANDS:
        main.add_command(command)

Each prints a readable table by default, ``--format csv`` or ``--format json``
on request. ``--db`` defaults to $COMMUNIQUE_DB, else ``communique.db`` here.
"""
from __future__ import annotations

import csv
import json
import sys
from typing import Any, Callable, Iterable, Optional, Sequence

import click

from ..model import Skipped
from . import export as exporting
from . import query
from .store import Store, StoreError

Column = tuple[str, Callable[[dict], Any]]
SHORT = {"id", "date", "type", "status", "reports", "events", "articles", "first seen", "last seen",
         "published", "signed", "period", "month", "year", "dyad", "country"}
PIPED_WIDTH = 160    # a table written to a file or a pipe need not fit an 80-column default

db_option = click.option(
    "--db", "db_path", envvar="COMMUNIQUE_DB", default="communique.db", show_default=True,
    type=click.Path(dir_okay=False), help="The database file (or set COMMUNIQUE_DB).")
format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
    help="How to print the result.")


def open_store(path: str, *, readonly: bool = True, timeout: float = 5.0) -> Store:
    try:
        return Store(path, readonly=readonly, timeout=timeout)
    except StoreError as error:
        raise click.ClickException(str(error)) from None


def dates(item: dict) -> str:
    start, end = item.get("date_start"), item.get("date_end")
    if not start:
        return "-"
    return start if not end or end == start else f"{start}..{end}"


def joined(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values if v not in (None, ""))


def names(item: dict) -> str:
    return joined(p["name"] for p in item.get("participants") or [])


def emit(rows: Sequence[dict], fmt: str, columns: Sequence[Column], title: Optional[str] = None) -> None:
    """Print rows as a table, CSV (the table's columns) or JSON (everything)."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow([header for header, _ in columns])
        for row in rows:
            writer.writerow([value(row) for _, value in columns])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, title_justify="left")
    for header, _ in columns:
        # Short fields (ids, dates, types) stay on one line; the long ones take the folds.
        table.add_column(header, overflow="fold", no_wrap=header in SHORT)
    for row in rows:
        table.add_row(*("" if value(row) is None else str(value(row)) for _, value in columns))
    Console(width=None if sys.stdout.isatty() else PIPED_WIDTH).print(table)
    if not rows:
        click.echo("(nothing found)")


def run_query(function: Callable, *args, **kwargs):
    """A query, with bad filter values reported as usage errors rather than tracebacks."""
    try:
        return function(*args, **kwargs)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


EVENT_COLUMNS: list[Column] = [
    ("id", lambda e: e["id"]),
    ("date", dates),
    ("type", lambda e: e["type"]),
    ("status", lambda e: e["status"]),
    ("countries", lambda e: joined(e["countries"])),
    ("participants", names),
    ("location", lambda e: (e["location"] or {}).get("name")),
    ("reports", lambda e: e["n_reports"]),
    ("conflicts", lambda e: joined(c["field"] for c in e["conflicts"])),
]


# --- ingest -----------------------------------------------------------------------------

@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@click.option("--batch-size", default=50, show_default=True, help="Articles per transaction.")
@click.option("--wait", default=5.0, show_default=True,
              help="Seconds to wait for a database another process is writing.")
@click.option("--progress/--no-progress", default=None, help="Show progress (default: on a terminal).")
def ingest(paths: tuple[str, ...], db_path: str, batch_size: int, wait: float, progress: Optional[bool]) -> None:
    """Read articles, extract their events and add them to the database."""
    from communique.pipeline import process
    from communique.read import read_paths

    def documents():
        for item in read_paths(list(paths)):
            if isinstance(item, Skipped):
                yield item
                continue
            try:
                yield process(item)
            except Exception as error:  # one article's failure must not stop the rest
                yield Skipped(item.source, f"extraction failed: {type(error).__name__}: {error}")

    show = sys.stderr.isatty() if progress is None else progress
    with open_store(db_path, readonly=False, timeout=wait) as store:
        try:
            summary = store.ingest(documents(), batch_size=batch_size, progress=show)
        except StoreError as error:
            raise click.ClickException(str(error)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted: the unfinished batch was rolled back; "
                       "run the same command again to complete it.", err=True)
            sys.exit(130)
    click.echo(f"read {summary.read}, new {summary.new}, unchanged {summary.unchanged}, "
               f"skipped {len(summary.skipped)}")
    for source, reason in summary.skipped:
        click.echo(f"  skipped {source}: {reason}")


# --- events -----------------------------------------------------------------------------

@click.command()
@db_option
@click.option("--type", "type_", help="Event type, e.g. MEETING.")
@click.option("--country", help="ISO alpha-3 code of a taking-part country.")
@click.option("--dyad", help="Two countries, e.g. VNM-KHM.")
@click.option("--actor", help="A person's name (any spelling) or actor id.")
@click.option("--from", "date_from", help="Events overlapping this date or later (2023, 2023-10, 2023-10-17).")
@click.option("--to", "date_to", help="Events overlapping this date or earlier.")
@click.option("--status", type=click.Choice(["occurred", "planned", "cancelled"]))
@click.option("--search", help="Words in the evidence (full text).")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0)
@click.option("--order", type=click.Choice(list(query.ORDERS)), default="-date", show_default=True)
@format_option
def events(db_path, type_, country, dyad, actor, date_from, date_to, status, search, limit, offset, order, fmt):
    """List merged events, newest first."""
    with open_store(db_path) as store:
        found = run_query(query.events, store, type=type_, country=country, dyad=dyad, actor=actor,
                          date_from=date_from, date_to=date_to, status=status, text=search,
                          limit=limit, offset=offset, order=order)
    emit(found, fmt, EVENT_COLUMNS)


@click.command()
@click.argument("event_id", type=int)
@db_option
@format_option
def event(event_id: int, db_path: str, fmt: str) -> None:
    """One merged event with every report, its article, sentence and merge reason."""
    with open_store(db_path) as store:
        found = query.event(store, event_id)
    if found is None:
        raise click.ClickException(f"no event {event_id}")
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        emit(found["reports"], fmt, REPORT_COLUMNS)
    else:
        show_event(found)


REPORT_COLUMNS: list[Column] = [
    ("report", lambda r: r["report_id"]),
    ("article", lambda r: r["article"]),
    ("published", lambda r: r["published"]),
    ("status", lambda r: r["status"]),
    ("date", dates),
    ("evidence", lambda r: " … ".join(s["text"] for s in r["evidence_spans"])),
    ("offsets", lambda r: " ".join(f"{s['start']}-{s['end']}" for s in r["evidence_spans"])),
    ("merge reason", lambda r: r["merge_reason"] or "first report"),
]


def show_event(found: dict) -> None:
    """The merged record, then each report as a block: long sentences read badly in table cells."""
    click.echo(f"Event {found['id']}: {found['type']} ({found['status']}), {dates(found)}")
    click.echo(f"  countries:    {joined(found['countries'])}")
    click.echo("  participants: " + joined(
        f"{p['name']} ({joined([p.get('country'), p.get('role')])})" for p in found["participants"]))
    if found["location"]:
        click.echo(f"  location:     {found['location']['name']}")
    if found["agreement"]:
        info = found["agreement"]
        click.echo(f"  agreement:    {info.get('name')} "
                   f"{'-'.join(p for p in (info.get('period_start'), info.get('period_end')) if p)} "
                   f"(registry #{found['agreement_id']})")
    for conflict in found["conflicts"]:
        click.echo(f"  CONFLICT {conflict['field']}: " + "; ".join(
            f"{v['value']} (reports {joined(v['reports'])})" for v in conflict["values"]))
    for report in found["reports"]:
        click.echo(f"\nReport {report['report_id']}: {report['article']} (published {report['published']}), "
                   f"{report['status']}, {dates(report)}" + (" [split off]" if report["detached"] else ""))
        for span in report["evidence_spans"]:
            click.echo(f"  [{span['start']}-{span['end']}] {span['text']}")
        click.echo(f"  merge: {report['merge_reason'] or 'first report'}")


# --- actors -----------------------------------------------------------------------------

ACTOR_COLUMNS: list[Column] = [
    ("id", lambda a: a["id"]),
    ("name", lambda a: a["name"]),
    ("country", lambda a: a["country"]),
    ("events", lambda a: a["events"]),
    ("articles", lambda a: a["articles"]),
    ("first seen", lambda a: a["first_seen"]),
    ("last seen", lambda a: a["last_seen"]),
]


@click.command()
@db_option
@click.option("--country", help="ISO alpha-3 code.")
@click.option("--name", help="Words of the name (any spelling).")
@click.option("--limit", default=50, show_default=True)
@format_option
def actors(db_path: str, country: Optional[str], name: Optional[str], limit: int, fmt: str) -> None:
    """List people, the most engaged first."""
    with open_store(db_path) as store:
        found = query.actors(store, country=country, name=name, limit=limit)
    emit(found, fmt, ACTOR_COLUMNS)


@click.command()
@click.argument("name")
@db_option
@format_option
def actor(name: str, db_path: str, fmt: str) -> None:
    """One person: spellings, offices and ranks over time, engagements."""
    with open_store(db_path) as store:
        found = query.actor(store, name)
    if found is None:
        raise click.ClickException(f"no actor named {name!r}")
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    if fmt == "table":
        click.echo(f"Actor {found['id']}: {found['name']} ({found['country'] or 'country unknown'}), "
                   f"seen {found['first_seen']} .. {found['last_seen']} in {found['articles']} article(s)")
        click.echo(f"  also written: {joined(a for a in found['aliases'] if a != found['name']) or '-'}")
        if found["other_matches"]:
            click.echo(f"  other actors matching {name!r}: {joined(found['other_matches'])}")
        emit(found["titles"], fmt, [("title", lambda t: t["title"]), ("first seen", lambda t: t["first_seen"]),
                                    ("last seen", lambda t: t["last_seen"]), ("articles", lambda t: t["articles"])],
             title="Titles")
    emit(found["engagements"], fmt, EVENT_COLUMNS, title="Engagements")


# --- agreements, timeline, stats ---------------------------------------------------------

AGREEMENT_COLUMNS: list[Column] = [
    ("id", lambda g: g["id"]),
    ("document", lambda g: f"{g['kind']}: {g['name']}"),
    ("parties", lambda g: joined(g["parties"])),
    ("period", lambda g: "-".join(p for p in (g["period_start"], g["period_end"]) if p)),
    ("signed", lambda g: g["signed"]),
    ("follows", lambda g: g["predecessor_id"]),
    ("followed by", lambda g: g["successor_id"]),
    ("conflicts", lambda g: "; ".join(conflict_text(c) for c in g["conflicts"])),
    ("reports", lambda g: len(g["reports"])),
]


def conflict_text(conflict: dict, shown: int = 3) -> str:
    """'period: 2019-2024 vs 2020-2024', cut short when the reports give many values."""
    values = [str(v["value"]) for v in conflict["values"]]
    more = f" vs … ({len(values)} values)" if len(values) > shown else ""
    return f"{conflict['field']}: " + " vs ".join(values[:shown]) + more


@click.command()
@db_option
@click.option("--country", help="ISO alpha-3 code of a party.")
@click.option("--kind", help="protocol, memorandum, agreement, plan, ...")
@click.option("--name", help="Words of the document's name.")
@click.option("--limit", default=100, show_default=True)
@format_option
def agreements(db_path: str, country: Optional[str], kind: Optional[str], name: Optional[str],
               limit: int, fmt: str) -> None:
    """The agreement registry: documents, periods, predecessors and successors."""
    with open_store(db_path) as store:
        found = query.agreements(store, country=country, kind=kind, name=name, limit=limit)
    emit(found, fmt, AGREEMENT_COLUMNS)


@click.command()
@db_option
@click.option("--dyad", help="Two countries, e.g. VNM-KHM.")
@click.option("--actor", help="A person's name or actor id.")
@click.option("--country", help="ISO alpha-3 code.")
@click.option("--from", "date_from")
@click.option("--to", "date_to")
@click.option("--limit", type=int, default=None)
@format_option
def timeline(db_path, dyad, actor, country, date_from, date_to, limit, fmt) -> None:
    """A dyad's, a person's or a country's events in date order."""
    if not (dyad or actor or country):
        raise click.UsageError("give --dyad VNM-KHM, --actor NAME or --country CODE")
    with open_store(db_path) as store:
        found = run_query(query.timeline, store, dyad=dyad, actor=actor, country=country,
                          date_from=date_from, date_to=date_to, limit=limit)
    emit(found, fmt, [("date", dates), ("status", lambda e: e["status"]), ("event", lambda e: e["summary"]),
                      ("reports", lambda e: e["n_reports"]), ("id", lambda e: e["id"])])


@click.command()
@db_option
@click.option("--top", default=20, show_default=True, help="Rows per table (table format).")
@format_option
def stats(db_path: str, top: int, fmt: str) -> None:
    """Counts by type, month, dyad and dyad-year."""
    with open_store(db_path) as store:
        found = query.stats(store)
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":  # one long table: what, key, events
        writer = csv.writer(sys.stdout)
        writer.writerow(["table", "key", "events"])
        for name in ("by_type", "by_month", "by_dyad", "by_dyad_year"):
            for row in found[name]:
                writer.writerow([name, " ".join(str(v) for k, v in row.items() if k != "events"), row["events"]])
        return
    coverage = found["coverage"]
    click.echo(f"{found['articles']} articles ({coverage['from']} .. {coverage['to']}), "
               f"{found['reports']} reports, {found['events']} events "
               f"({found['events_with_conflicts']} with conflicts), {found['actors']} actors, "
               f"{found['agreements']} agreements")
    count = ("events", lambda r: r["events"])
    emit(found["by_type"], fmt, [("type", lambda r: r["type"]), count], title="By type")
    emit(found["by_month"][-top:], fmt, [("month", lambda r: r["month"]), count], title="By month (latest)")
    emit(found["by_dyad"][:top], fmt, [("dyad", lambda r: r["dyad"]), count], title="By dyad (top)")
    top_dyads = {r["dyad"] for r in found["by_dyad"][:top]}
    emit([r for r in found["by_dyad_year"] if r["dyad"] in top_dyads], fmt,
         [("dyad", lambda r: r["dyad"]), ("year", lambda r: r["year"]), count], title="By dyad-year")


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(list(exporting.WRITERS)), required=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True))
def export_(db_path: str, fmt: str, out: str) -> None:
    """Write the merged events (or the dyad-year table) to a file."""
    with open_store(db_path) as store:
        try:
            count = exporting.export(store, fmt, out)
        except (OSError, RuntimeError) as error:
            raise click.ClickException(f"cannot write {out}: {error}") from None
    click.echo(f"wrote {count} {'rows' if fmt == 'dyad-year' else 'records'} to {out}")


# --- articles and hand edits -------------------------------------------------------------

@click.command()
@db_option
@click.option("--search", help="Words in the article text (full text).")
@click.option("--limit", default=20, show_default=True)
@format_option
def articles(db_path: str, search: Optional[str], limit: int, fmt: str) -> None:
    """Stored articles, newest first, or those whose text matches --search."""
    with open_store(db_path) as store:
        try:
            found = query.articles(store, text=search, limit=limit)
        except ValueError as error:      # a search with no words in it
            raise click.UsageError(str(error)) from None
    emit(found, fmt, [("published", lambda a: a["published"]), ("name", lambda a: a["name"]),
                      ("snippet", lambda a: " ".join((a["snippet"] or "").split()))])


@click.command()
@click.argument("report_id", type=int)
@db_option
@click.option("--undo", is_flag=True, help="Let the report merge again by the rule.")
def split(report_id: int, db_path: str, undo: bool) -> None:
    """Take a report out of its merged event (or, with --undo, put it back)."""
    with open_store(db_path, readonly=False) as store:
        try:
            event_id = store.unsplit(report_id) if undo else store.split(report_id)
        except KeyError:
            raise click.ClickException(f"no report {report_id}") from None
        except StoreError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"report {report_id} is now in event {event_id}")


COMMANDS = [ingest, events, event, actors, actor, agreements, timeline, stats, export_, articles, split]
