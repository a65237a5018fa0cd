"""The knowledge-base commands: readable tables, CSV and JSON on request, one-line errors."""
import csv
import io
import json
import sqlite3

import click
import pytest
from click.testing import CliRunner

from communique.kb import Store
from communique.kb.commands import COMMANDS
from communique.kb.samples import sample_document, sample_event
from communique.model import AgreementInfo

CUONG, PISEN = ("Nguyen Tan Cuong", "VNM", "host"), ("Vong Pisen", "KHM", "guest")
GIANG, SEIHA = ("Phan Van Giang", "VNM", "signatory"), ("Tea Seiha", "KHM", "signatory")


@pytest.fixture(scope="module")
def cli():
    group = click.Group("communique")
    for command in COMMANDS:
        group.add_command(command)
    return group


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("kb") / "kb.db"
    meeting = lambda name, published: sample_document(name, published, [  # noqa: E731
        sample_event("MEETING", ["VNM", "KHM"], "2023-10-17", people=[CUONG, PISEN], location="Hanoi")])
    signing = sample_document("003.txt", "2024-11-26", [
        sample_event("AGREEMENT", ["VNM", "KHM"], "2024-11-25", people=[GIANG, SEIHA],
                     agreement=AgreementInfo("protocol", "Protocol on Defence Cooperation", "2025", "2029"))])
    with Store(path) as store:
        store.ingest([meeting("001.txt", "2023-10-17"), meeting("002.txt", "2023-10-18"), signing])
    return str(path)


def run(cli, *args, env=None):
    wide = {"COLUMNS": "200", **(env or {})}     # tables as on a wide terminal
    return CliRunner().invoke(cli, [str(a) for a in args], env=wide, catch_exceptions=False)


def test_events_prints_a_table_by_default(cli, db):
    result = run(cli, "events", "--db", db)
    assert result.exit_code == 0
    assert "MEETING" in result.output and "Vong Pisen" in result.output and "AGREEMENT" in result.output


def test_events_filters_and_prints_csv_or_json(cli, db):
    result = run(cli, "events", "--db", db, "--dyad", "VNM-KHM", "--type", "MEETING", "--from", "2023",
                 "--to", "2023-12", "--status", "occurred", "--actor", "Vong Pisen", "--search", "Vong",
                 "--country", "KHM", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["type"], r["reports"]) for r in rows] == [("MEETING", "2")]
    found = json.loads(run(cli, "events", "--db", db, "--type", "AGREEMENT", "--format", "json").output)
    assert [e["type"] for e in found] == ["AGREEMENT"]


def test_the_database_can_come_from_the_environment(cli, db):
    result = run(cli, "events", "--limit", "1", "--format", "json", env={"COMMUNIQUE_DB": db})
    assert len(json.loads(result.output)) == 1


def test_event_shows_every_report_with_its_merge_reason(cli, db):
    [meeting] = json.loads(run(cli, "events", "--db", db, "--type", "MEETING", "--format", "json").output)
    result = run(cli, "event", meeting["id"], "--db", db)
    assert result.exit_code == 0
    assert "001.txt" in result.output and "002.txt" in result.output
    assert "same type MEETING" in result.output
    missing = run(cli, "event", 9999, "--db", db)
    assert missing.exit_code == 1 and missing.output.strip() == "Error: no event 9999"


def test_actors_and_actor(cli, db):
    listing = json.loads(run(cli, "actors", "--db", db, "--country", "KHM", "--format", "json").output)
    assert {a["name"] for a in listing} == {"Vong Pisen", "Tea Seiha"}
    detail = run(cli, "actor", "vong pisen", "--db", db)
    assert detail.exit_code == 0 and "Vong Pisen" in detail.output and "Engagements" in detail.output
    assert run(cli, "actor", "Nobody", "--db", db).exit_code == 1


def test_agreements_timeline_and_stats(cli, db):
    agreements = json.loads(run(cli, "agreements", "--db", db, "--country", "KHM", "--format", "json").output)
    assert [(a["kind"], a["period_start"], a["period_end"]) for a in agreements] == [("protocol", "2025", "2029")]
    line = run(cli, "timeline", "--dyad", "KHM-VNM", "--db", db, "--format", "csv").output
    assert [r["date"] for r in csv.DictReader(io.StringIO(line))] == ["2023-10-17", "2024-11-25"]
    assert "Phan Van Giang" in run(cli, "timeline", "--actor", "Phan Van Giang", "--db", db).output
    assert run(cli, "timeline", "--db", db).exit_code == 2
    stats = run(cli, "stats", "--db", db)
    assert "3 articles" in stats.output and "KHM-VNM" in stats.output
    assert json.loads(run(cli, "stats", "--db", db, "--format", "json").output)["events"] == 2


@pytest.mark.parametrize("fmt, name", [("jsonl", "e.jsonl"), ("csv", "e.csv"), ("plover", "e.json"),
                                       ("dyad-year", "d.csv"), ("parquet", "e.parquet")])
def test_export_writes_each_format(cli, db, tmp_path, fmt, name):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / name
    result = run(cli, "export", "--db", db, "--format", fmt, "--out", out)
    assert result.exit_code == 0 and out.stat().st_size > 0
    assert result.output.startswith("wrote ")


def test_a_missing_database_or_a_bad_dyad_is_one_line_of_error(cli, db, tmp_path):
    missing = run(cli, "events", "--db", tmp_path / "none.db")
    assert missing.exit_code == 1 and missing.output.count("\n") == 1 and "no database" in missing.output
    bad = run(cli, "events", "--db", db, "--dyad", "VNM")
    assert bad.exit_code == 2 and "dyad" in bad.output


def test_split_takes_a_report_out_and_undo_puts_it_back(cli, tmp_path, db):
    copy = tmp_path / "copy.db"
    source = sqlite3.connect(db)
    source.backup(sqlite3.connect(copy))
    source.close()
    [meeting] = json.loads(run(cli, "events", "--db", copy, "--type", "MEETING", "--format", "json").output)
    second = json.loads(run(cli, "event", meeting["id"], "--db", copy, "--format", "json").output)["reports"][1]
    assert run(cli, "split", second["report_id"], "--db", copy).exit_code == 0
    assert len(json.loads(run(cli, "events", "--db", copy, "--type", "MEETING", "--format", "json").output)) == 2
    assert run(cli, "split", second["report_id"], "--undo", "--db", copy).exit_code == 0
    assert len(json.loads(run(cli, "events", "--db", copy, "--type", "MEETING", "--format", "json").output)) == 1


# --- ingest, end to end through the readers and the pipeline ---------------------------------

ARTICLES = {
    "a.txt": " date 2023-10-17 \nHANOI - Senior Lieutenant General Nguyen Tan Cuong, Chief of the General Staff "
             "of the Vietnam People's Army, received General Vong Pisen, Commander-in-Chief of the Royal "
             "Cambodian Armed Forces, in Hanoi on October 17.\n",
    "b.txt": " date 2023-10-18 \nCambodian commander Vong Pisen met General Nguyen Tan Cuong in Hanoi on "
             "Tuesday, October 17, to discuss border security.\n",
    "notes.txt": "no date line here\n",
}


@pytest.fixture
def articles(tmp_path):
    pytest.importorskip("communique.pipeline")
    pytest.importorskip("communique.read")
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_ingest_reads_extracts_and_reports_what_it_did(cli, articles, tmp_path):
    db = tmp_path / "kb.db"
    first = run(cli, "ingest", articles, "--db", db, "--no-progress")
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[0] == "read 3, new 2, unchanged 0, skipped 1"
    assert "notes.txt" in first.output
    again = run(cli, "ingest", articles, "--db", db, "--no-progress")
    assert again.output.splitlines()[0] == "read 3, new 0, unchanged 2, skipped 1"
    with Store(db) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM articles").fetchone() == (2,)


def test_ingest_into_a_locked_database_stops_with_a_one_line_message(cli, articles, tmp_path):
    db = tmp_path / "kb.db"
    Store(db).close()
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = run(cli, "ingest", articles, "--db", db, "--wait", "0.2", "--no-progress")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "in use by another process" in result.output
