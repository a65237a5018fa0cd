"""The `communique` command: a thin layer over the library."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .model import Document, Skipped


@click.group()
@click.version_option(package_name="communique")
def main() -> None:
    """Read dated defence-diplomacy news and keep a queryable record of it."""


def _documents(paths, columns=None, use_ner=True, workers=1):
    """Read and annotate, streaming; report each skipped input on stderr as it comes.

    ``workers`` > 1 annotates on that many processes (communique.parallel), the
    output still in input order; 0 means one per available core.
    """
    from .read import read_paths

    items = read_paths(paths, columns=columns)
    if workers == 1:
        from .pipeline import Pipeline
        annotated = Pipeline(use_ner=use_ner).process_many(items)
    else:
        from .parallel import process_parallel
        annotated = process_parallel(items, workers=workers or None, use_ner=use_ner)
    counts = {"read": 0, "skipped": 0}
    for item in annotated:
        if isinstance(item, Skipped):
            counts["skipped"] += 1
            click.echo(f"skipped {item}", err=True)
            continue
        counts["read"] += 1
        yield item
    click.echo(f"read {counts['read']} articles, skipped {counts['skipped']}", err=True)


@contextmanager
def _output(out: str | None):
    if out in (None, "-"):
        yield sys.stdout
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as handle:
        yield handle
    tmp.replace(path)     # a crash never leaves half a file under the real name


def _columns_option(func):
    return click.option("--column", "columns", multiple=True, metavar="FIELD=NAME",
                        help="map a field (id, url, title, date, text) to a JSONL/CSV column name")(func)


def _parse_columns(columns) -> dict | None:
    mapping = {}
    for item in columns:
        field, _, name = item.partition("=")
        if not name:
            raise click.BadParameter(f"expected FIELD=NAME, got {item!r}", param_hint="--column")
        mapping[field.strip()] = name.strip()
    return mapping or None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "-o", default=None, help="write JSON Lines here instead of standard output")
@_columns_option
@click.option("--workers", "-w", type=click.IntRange(min=0), default=1, show_default=True,
              help="processes to annotate with (0: one per core); output order is unchanged")
def extract(paths, out, columns, workers):
    """Extract event records (GUIDELINES.md fields plus extras) as JSON Lines.

    Example: communique extract ../shared/seeds --out events.jsonl --workers 2
    """
    with _output(out) as handle:
        for doc in _documents(paths, _parse_columns(columns), workers=workers):
            for event in doc.events:
                handle.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jsonl", "as_jsonl", is_flag=True, help="one JSON object per person per article")
@click.option("--out", "-o", default=None)
@_columns_option
@click.option("--workers", "-w", type=click.IntRange(min=0), default=1, show_default=True,
              help="processes to annotate with (0: one per core); output order is unchanged")
def persons(paths, as_jsonl, out, columns, workers):
    """The people named in each article, resolved, with country and titles.

    Example: communique persons ../shared/seeds --jsonl --out persons.jsonl --workers 2
    """
    with _output(out) as handle:
        for doc in _documents(paths, _parse_columns(columns), workers=workers):
            for actor in doc.actors:
                record = {"article": doc.article.name, "name": actor.name, "country": actor.country,
                          "titles": actor.titles}
                if as_jsonl:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    handle.write(f"{doc.article.name}\t{actor.name}\t{actor.country or '-'}\t"
                                 f"{'; '.join(actor.titles)}\n")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_columns_option
def mentions(paths, columns):
    """Print what was found in each article: people, actors, places, times, countries.

    Example: communique mentions ../shared/seeds/001_250684541f3afffb.txt
    """
    for doc in _documents(paths, _parse_columns(columns)):
        click.echo(describe(doc))


def describe(doc: Document) -> str:
    """A person-readable account of an annotated document."""
    a = doc.article
    lines = [f"== {a.name}  published {a.published.isoformat()}  ({len(a.text)} chars, {len(doc.sentences)} sentences)"]
    lines.append("actors:")
    for i, actor in enumerate(doc.actors):
        spelled = sorted({doc.persons[m].text for m in actor.mentions})
        lines.append(f"  [{i}] {actor.name} ({actor.country or '?'})"
                     f"{'  table:' + actor.table_id if actor.table_id else ''}")
        if actor.titles:
            lines.append(f"      titles: {'; '.join(actor.titles)}")
        lines.append(f"      written: {', '.join(spelled)}")
    lines.append("places:")
    for p in doc.places:
        lines.append(f"  {p.start}-{p.end} {p.text!r} -> {p.name}, {p.country} ({p.kind})")
    lines.append("organisations:")
    for o in doc.organisations:
        lines.append(f"  {o.start}-{o.end} {o.text!r} -> {o.name} ({o.country or '-'}, {o.kind})")
    lines.append("times:")
    for t in doc.times:
        span = t.date_start if t.date_start == t.date_end else f"{t.date_start}..{t.date_end}"
        lines.append(f"  {t.start}-{t.end} {t.text!r} -> {span} ({t.granularity}, {t.kind})")
    codes = sorted({c.code for c in doc.countries})
    lines.append(f"countries: {', '.join(codes)}")
    lines.append("events:")
    for e in doc.events:
        people = ", ".join(f"{p.name}" + (f" ({p.role})" if p.role else "") for p in e.participants)
        when = e.date_start if e.date_start == e.date_end else f"{e.date_start}..{e.date_end}"
        where = f" @ {e.location['name']}" if e.location else ""
        lines.append(f"  {e.type} {e.status} {when}{where} [{', '.join(e.countries)}] {people}")
    return "\n".join(lines)


def _register_optional_commands() -> None:
    """Commands of the knowledge base and the dashboard, when those packages are present."""
    commands = []
    try:
        from .kb.commands import COMMANDS
        commands += list(COMMANDS)
    except ImportError:
        pass
    try:
        from .serve.commands import COMMANDS as SERVE_COMMANDS
        commands += list(SERVE_COMMANDS)
    except ImportError:
        pass
    for command in commands:
        main.add_command(command)


_register_optional_commands()
