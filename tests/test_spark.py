"""The Spark job (local mode) gives the single-machine output, record for record.

One small local[1] session, a handful of articles: seed-format text files and a
JSON Lines file read in one job, then the merge. Skipped cleanly without
pyspark or Java.
"""
from __future__ import annotations

import json
import os
import shutil
from importlib.resources import files

import pytest

from conftest import SEEDS

pytest.importorskip("pyspark")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Spark needs Java, and there is none", allow_module_level=True)

from communique.model import Article, Skipped  # noqa: E402
from communique.pipeline import Pipeline  # noqa: E402
from communique.read import read_paths  # noqa: E402
from communique.spark import job  # noqa: E402
from communique.spark.merge import merge_reports  # noqa: E402
from communique.spark.rows import rows_of  # noqa: E402

EVENT_RECORD_FIELDS = ("article", "type", "status", "date_start", "date_end", "participants", "countries",
                       "location", "evidence", "evidence_spans", "agreement", "confidence", "plover_type",
                       "plover_mode", "cameo", "article_id", "published")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two synthetic articles as seed text files (plus two seeds, when present) and two more as JSON Lines."""
    root = tmp_path_factory.mktemp("spark_in")
    texts, jsonl = root / "texts", root / "articles.jsonl"
    texts.mkdir()
    sample = sorted(p for p in (files("communique") / "data" / "sample_corpus").iterdir() if p.name.endswith(".txt"))
    for p in [sample[0], sample[5]] + (sorted(SEEDS.glob("*.txt"))[:2] if SEEDS.exists() else []):
        shutil.copyfile(p, texts / p.name)
    lines = []
    for p in (sample[6], sample[7]):
        article = next(read_paths([str(p)]))
        lines.append(json.dumps({"id": p.stem, "date": article.published.isoformat(), "text": article.text}))
    lines.append("{not json")       # a bad line: skipped, in both paths
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return texts, jsonl


@pytest.fixture(scope="module")
def spark_output(corpus, tmp_path_factory):
    texts, jsonl = corpus
    out = str(tmp_path_factory.mktemp("spark_out"))
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = job.session("local[1]", "communique-test", {
        "spark.sql.shuffle.partitions": "1", "spark.default.parallelism": "1", "spark.ui.enabled": "false"})
    spark.sparkContext.setLogLevel("ERROR")
    try:
        articles = job.read_articles(spark, str(texts), "text").union(job.read_articles(spark, str(jsonl), "jsonl"))
        counts = job.extract(spark, articles, out)
        counts["merged_events"] = job.merge(spark, out)
        tables = {t: [r.asDict(recursive=True) for r in spark.read.parquet(f"{out}/{t}").collect()]
                  for t in (*job.TABLES, "merged_events")}
    finally:
        spark.stop()
    return counts, tables


@pytest.fixture(scope="module")
def local_output(corpus):
    texts, jsonl = corpus
    docs = list(Pipeline().process_many(read_paths([texts, jsonl])))
    return docs, rows_of(docs)


def _sorted(rows, *keys):
    return sorted(rows, key=lambda r: tuple(str(r[k]) for k in keys))


def test_events_equal_the_extract_command_records(spark_output, local_output):
    counts, tables = spark_output
    docs, local = local_output
    records = [e.to_record() for d in docs if not isinstance(d, Skipped) for e in d.events]
    assert records, "the corpus should give events"
    spark_records = [{k: r[k] for k in EVENT_RECORD_FIELDS} for r in _sorted(tables["events"], "report_id")]
    by_report = _sorted([dict(rec, _id=f"{rec['article_id']}:{i:04d}") for d in docs if not isinstance(d, Skipped)
                         for i, rec in enumerate(e.to_record() for e in d.events)], "_id")
    assert spark_records == [{k: r[k] for k in EVENT_RECORD_FIELDS} for r in by_report]
    assert _sorted(tables["events"], "report_id") == _sorted(local["events"], "report_id")
    assert counts["events"] == len(records)


def test_persons_mentions_articles_and_skipped_equal(spark_output, local_output):
    _, tables = spark_output
    docs, local = local_output
    cli_persons = [{"article": d.article.name, "name": a.name, "country": a.country, "titles": a.titles}
                   for d in docs if not isinstance(d, Skipped) for a in d.actors]
    spark_persons = [{k: r[k] for k in ("article", "name", "country", "titles")}
                     for r in _sorted(tables["persons"], "article_id", "idx")]
    assert spark_persons == [{k: r[k] for k in ("article", "name", "country", "titles")}
                             for r in _sorted(local["persons"], "article_id", "idx")]
    assert sorted(map(json.dumps, cli_persons)) == sorted(map(json.dumps, spark_persons))
    assert _sorted(tables["persons"], "article_id", "idx") == _sorted(local["persons"], "article_id", "idx")
    key = ("article_id", "kind", "idx")
    assert _sorted(tables["mentions"], *key) == _sorted(local["mentions"], *key)
    assert [{k: v for k, v in r.items() if k != "source"} for r in _sorted(tables["articles"], "article_id")] == \
        [{k: v for k, v in r.items() if k != "source"} for r in _sorted(local["articles"], "article_id")]
    assert [r["reason"] for r in tables["skipped"]] == [r["reason"] for r in local["skipped"]] and tables["skipped"]
    assert len(tables["articles"]) == sum(isinstance(d.article, Article) for d in docs if not isinstance(d, Skipped))


def test_merged_events_equal_the_single_machine_merge(spark_output, local_output):
    _, tables = spark_output
    _, local = local_output
    expected = merge_reports(local["events"])
    assert _sorted(tables["merged_events"], "event_id") == expected
    assert sum(e["n_reports"] for e in expected) == len(local["events"])
