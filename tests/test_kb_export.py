"""Every export format is written and reads back."""
import csv
import json

import pytest

from communique.kb import Store
from communique.kb.export import cow_codes, dyad_years, export
from communique.kb.samples import sample_document, sample_event

CUONG, PISEN = ("Nguyen Tan Cuong", "VNM", "host"), ("Vong Pisen", "KHM", "guest")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    meeting = lambda name, published: sample_document(name, published, [  # noqa: E731
        sample_event("MEETING", ["VNM", "KHM"], "2023-10-17", people=[CUONG, PISEN], location="Hanoi")])
    documents = [
        meeting("001.txt", "2023-10-17"), meeting("002.txt", "2023-10-18"),
        sample_document("003.txt", "2024-05-02", [
            sample_event("EXERCISE", ["VNM", "LAO"], "2024-05", people=[]),
            sample_event("CEREMONY", ["VNM", "KHM"], "2021-01-07", people=[("Hun Sen", "KHM")]),
            sample_event("AWARD", ["VNM", "KHM"], None, people=[PISEN])]),
    ]
    with Store(tmp_path_factory.mktemp("kb") / "kb.db") as opened:
        opened.ingest(documents)
        yield opened


def test_jsonl_has_one_guidelines_record_per_merged_event_with_every_report(store, tmp_path):
    out = tmp_path / "events.jsonl"
    assert export(store, "jsonl", out) == 4
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    meeting = next(r for r in records if r["type"] == "MEETING")
    for field in ("article", "type", "status", "date_start", "date_end", "participants", "countries",
                  "location", "evidence"):
        assert field in meeting
    assert meeting["article"] == "001.txt" and meeting["countries"] == ["KHM", "VNM"]
    assert [r["article"] for r in meeting["reports"]] == ["001.txt", "002.txt"]
    assert meeting["reports"][1]["merge_reason"].startswith("matches report")
    assert meeting["reports"][0]["evidence_spans"][0]["article_id"]


def test_csv_reads_back_with_one_row_per_event(store, tmp_path):
    out = tmp_path / "events.csv"
    export(store, "csv", out)
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 4
    meeting = next(r for r in rows if r["type"] == "MEETING")
    assert meeting["participants"] == "Nguyen Tan Cuong; Vong Pisen" and meeting["n_reports"] == "2"


def test_parquet_reads_back_with_typed_columns(store, tmp_path):
    parquet = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    export(store, "parquet", out)
    table = parquet.read_table(out)
    assert table.num_rows == 4
    rows = table.to_pylist()
    meeting = next(r for r in rows if r["type"] == "MEETING")
    assert meeting["countries"] == ["KHM", "VNM"] and meeting["n_reports"] == 2


def test_plover_json_codes_the_events_plover_knows(store, tmp_path):
    out = tmp_path / "plover.json"
    assert export(store, "plover", out) == 3            # CEREMONY has no PLOVER category
    records = json.loads(out.read_text(encoding="utf-8"))
    meeting = next(r for r in records if r["mode"] == "meet")
    assert meeting["event"] == "CONSULT" and meeting["date"] == "2023-10-17"
    assert meeting["source"] == [{"actorText": "Vong Pisen", "code": "KHM", "sector": "MIL"}]
    assert meeting["target"] == [{"actorText": "Nguyen Tan Cuong", "code": "VNM", "sector": "MIL"}]
    assert {r["event"] for r in records} == {"CONSULT", "COOPERATE", "SUPPORT"}


def test_dyad_years_tell_no_event_from_no_coverage(store, tmp_path):
    out = tmp_path / "dyad_year.csv"
    export(store, "dyad-year", out)
    with open(out, newline="") as f:
        rows = {(r["a3_a"], r["a3_b"], int(r["year"])): r for r in csv.DictReader(f)}
    assert rows[("KHM", "VNM", 2023)]["events"] == "1"
    assert rows[("KHM", "VNM", 2024)]["events"] == "0"           # covered, nothing happened
    assert rows[("KHM", "VNM", 2022)]["events"] == ""            # before the articles: unknown
    assert rows[("KHM", "VNM", 2021)]["events"] == "1"           # a dated event outside coverage still counts
    assert rows[("KHM", "VNM", 2021)]["covered"] == "False"
    assert rows[("LAO", "VNM", 2024)]["n_exercise"] == "1"
    assert ("KHM", "LAO", 2024) not in rows


def test_dyad_years_carry_correlates_of_war_codes_when_the_table_is_there(store):
    codes = cow_codes()
    row = next(r for r in dyad_years(store) if (r["a3_a"], r["a3_b"]) == ("KHM", "VNM"))
    if codes:
        assert row["ccode_a"] == codes["KHM"]["ccode"] and row["abb_b"] == codes["VNM"]["abb"]
    else:
        assert row["ccode_a"] is None and row["abb_b"] is None


def test_dyad_years_can_be_written_as_parquet(store, tmp_path):
    parquet = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "dyad_year.parquet"
    count = export(store, "dyad-year", out)
    table = parquet.read_table(out)
    assert table.num_rows == count
    assert None in table.column("events").to_pylist()


def test_an_unknown_format_is_refused_and_no_file_is_left(store, tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        export(store, "xml", tmp_path / "events.xml")
    assert list(tmp_path.iterdir()) == []
