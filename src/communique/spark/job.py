"""Run communique's extraction and the cross-article merge as a Spark job.

    python -m communique.spark.job --input PATH --output DIR [--master 'local[*]']
           [--format auto|jsonl|parquet|text] [--column text=body ...] [--partitions N] [--no-ner]

PATH is anything Spark can read (a file, a folder, a glob; local, HDFS, S3 with
the right connector): JSON Lines (also gzipped), Parquet with the article
columns (id, url, title, date, text, renamed with ``--column``), or seed text
files. DIR receives one Parquet folder per table: articles, events, persons,
mentions, skipped and merged_events (schema in docs/performance.md). On a
cluster, submit this very file with spark-submit (its imports are absolute, so
it runs as a script) and give the executors the same Python environment
(communique installed with its model, e.g. a packed virtualenv)::

    spark-submit --master yarn --archives venv.tar.gz#venv \
        --conf spark.pyspark.python=./venv/bin/python \
        "$(python -c 'import communique.spark.job as j; print(j.__file__)')" --input ... --output ...

Exit status 0 when the job ran, whatever was skipped; 2 for bad arguments.
"""
from __future__ import annotations

import argparse
import os
import sys
from functools import partial
from typing import Any, Optional, Sequence

TABLES = ("articles", "events", "persons", "mentions", "skipped")


# --- schemas ---------------------------------------------------------------------------------

def schemas() -> dict[str, Any]:
    """The Spark schema of each table written (pyspark imported only here)."""
    from pyspark.sql.types import (ArrayType, DoubleType, IntegerType, StringType, StructField,
                                   StructType)

    def s(*fields):
        return StructType([StructField(name, kind, True) for name, kind in fields])

    text, integer = StringType(), IntegerType()
    strings = ArrayType(StringType(), True)
    location = s(("name", text), ("country", text))
    agreement = s(("kind", text), ("name", text), ("period_start", text), ("period_end", text),
                  ("parties", strings), ("signed", text))
    participant = s(("name", text), ("country", text), ("role", text), ("kind", text))
    return {
        "articles": s(("article_id", text), ("article", text), ("source", text), ("published", text),
                      ("title", text), ("url", text), ("text", text), ("words", integer)),
        "events": s(("article", text), ("type", text), ("status", text), ("date_start", text), ("date_end", text),
                    ("participants", ArrayType(participant, True)), ("countries", strings),
                    ("location", location), ("evidence", text),
                    ("evidence_spans", ArrayType(s(("start", integer), ("end", integer), ("text", text)), True)),
                    ("agreement", agreement), ("confidence", DoubleType()), ("plover_type", text),
                    ("plover_mode", text), ("cameo", text), ("article_id", text), ("published", text),
                    ("report_id", text), ("idx", integer), ("day_lo", text), ("day_hi", text),
                    ("agreement_key", text), ("participant_actors", strings)),
        "persons": s(("article", text), ("name", text), ("country", text), ("titles", strings),
                     ("article_id", text), ("idx", integer), ("table_id", text), ("actor_key", text)),
        "mentions": s(("article_id", text), ("article", text), ("kind", text), ("idx", integer),
                      ("start", integer), ("end", integer), ("text", text), ("value", text), ("country", text),
                      ("detail", text)),
        "skipped": s(("source", text), ("reason", text)),
        "merged_events": s(("event_id", text), ("type", text), ("status", text), ("date_start", text),
                           ("date_end", text), ("day_lo", text), ("day_hi", text), ("countries", strings),
                           ("participants", ArrayType(s(("name", text), ("country", text), ("role", text),
                                                        ("kind", text), ("actor_key", text)), True)),
                           ("location", location), ("agreement", agreement), ("conflicts", text),
                           ("report_ids", strings), ("reasons", strings), ("n_reports", integer),
                           ("n_articles", integer), ("first_published", text), ("last_published", text)),
    }


# --- session and input -------------------------------------------------------------------------

def session(master: Optional[str] = None, app_name: str = "communique", config: Optional[dict] = None):
    """A SparkSession; executors of a local master run this very Python."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in {"spark.ui.showConsoleProgress": "false", **(config or {})}.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def detect_format(path: str) -> str:
    name = path.lower().rstrip("/")
    for suffix, fmt in ((".jsonl", "jsonl"), (".jsonl.gz", "jsonl"), (".ndjson", "jsonl"), (".ndjson.gz", "jsonl"),
                        (".json", "jsonl"), (".parquet", "parquet"), (".txt", "text")):
        if name.endswith(suffix):
            return fmt
    if os.path.isdir(path):      # a local folder: go by what it holds
        found = {fmt for _, _, files in os.walk(path) for f in files if not f.startswith((".", "_"))
                 for fmt in [detect_format(f) if "." in f else None] if fmt}
        if len(found) == 1:
            return found.pop()
    raise ValueError(f"cannot tell the format of {path!r}: give --format jsonl, parquet or text")


def read_articles(spark, path: str, fmt: str = "auto", columns: Optional[dict] = None, partitions: Optional[int] = None):
    """An RDD of Article and Skipped objects, read by the same code ``communique extract`` uses."""
    from pyspark.sql import functions as F
    from communique.read import resolve_columns
    from communique.spark import worker

    columns = resolve_columns(columns)
    fmt = detect_format(path) if fmt == "auto" else fmt
    if fmt == "jsonl":
        df = spark.read.text(path).select("value", F.input_file_name().alias("file"))
        rdd = df.rdd.map(lambda r: worker.article_from_jsonl_line(columns, r[0], r[1])).filter(lambda a: a is not None)
    elif fmt == "parquet":
        df = spark.read.parquet(path).withColumn("__file", F.input_file_name())
        rdd = df.rdd.map(lambda r: worker.article_from_record(columns, r.asDict(), r["__file"]))
    elif fmt == "text":
        df = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
              .option("pathGlobFilter", "*.txt").load(path).select("path", "content"))
        rdd = df.rdd.map(lambda r: worker.article_from_seed_bytes(r[0], r[1]))
    else:
        raise ValueError(f"unknown format {fmt!r} (jsonl, parquet or text)")
    return rdd.repartition(partitions) if partitions else rdd


# --- the job -------------------------------------------------------------------------------------

def _table_of(name: str, pair: tuple[str, dict]) -> bool:
    return pair[0] == name


def _row_tuple(names: tuple[str, ...], row: dict) -> tuple:
    return tuple(row.get(n) for n in names)


def extract(spark, articles, output: str, use_ner: bool = True) -> dict[str, int]:
    """Annotate an RDD of articles in the executors and write each table as Parquet under ``output``."""
    from pyspark import StorageLevel
    from communique.spark import worker

    annotated = articles.mapPartitions(partial(worker.annotate_partition, use_ner=use_ner))
    annotated.persist(StorageLevel.MEMORY_AND_DISK)     # extraction runs once for all the tables
    try:
        counts = dict(annotated.countByKey())
        schema = schemas()
        for table in TABLES:
            names = tuple(schema[table].fieldNames())
            rows = annotated.filter(partial(_table_of, table)).map(lambda pair, n=names: _row_tuple(n, pair[1]))
            spark.createDataFrame(rows, schema[table]).write.mode("overwrite").parquet(f"{output.rstrip('/')}/{table}")
    finally:
        annotated.unpersist()
    return {table: int(counts.get(table, 0)) for table in TABLES}


def merge(spark, output: str, events_path: Optional[str] = None) -> int:
    """The cross-article merge as a Spark job: events grouped by type and country set, clustered
    and reconciled per group (communique.spark.merge); written to ``output``/merged_events."""
    from communique.spark.merge import REPORT_COLUMNS, group_key, merge_group

    events = spark.read.parquet(events_path or f"{output.rstrip('/')}/events").select(*REPORT_COLUMNS)
    keyed = events.rdd.map(lambda r: r.asDict(recursive=True)).map(lambda d: (_key_text(group_key(d)), d))
    merged = keyed.groupByKey().flatMap(lambda kv: merge_group(list(kv[1])))
    schema = schemas()["merged_events"]
    names = tuple(schema.fieldNames())
    df = spark.createDataFrame(merged.map(lambda row: _row_tuple(names, row)), schema)
    df.write.mode("overwrite").parquet(f"{output.rstrip('/')}/merged_events")
    return spark.read.parquet(f"{output.rstrip('/')}/merged_events").count()


def _key_text(key) -> str:
    kind, countries = key
    return f"{kind}|{','.join(countries)}"


def run(spark, input_path: str, output: str, fmt: str = "auto", columns: Optional[dict] = None,
        partitions: Optional[int] = None, use_ner: bool = True, do_merge: bool = True) -> dict[str, int]:
    counts = extract(spark, read_articles(spark, input_path, fmt, columns, partitions), output, use_ner)
    if do_merge:
        counts["merged_events"] = merge(spark, output)
    return counts


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m communique.spark.job", description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, help="articles: a file, folder or glob Spark can read")
    parser.add_argument("--output", required=True, help="folder for the Parquet tables")
    parser.add_argument("--master", default=None, help="Spark master, e.g. 'local[*]' (default: as spark-submit sets)")
    parser.add_argument("--format", default="auto", choices=["auto", "jsonl", "parquet", "text"])
    parser.add_argument("--column", action="append", default=[], metavar="FIELD=NAME",
                        help="map a field (id, url, title, date, text) to an input column")
    parser.add_argument("--partitions", type=int, default=None, help="repartition the articles into N partitions")
    parser.add_argument("--no-ner", action="store_true", help="rules only: never call spaCy's NER")
    parser.add_argument("--no-merge", action="store_true", help="skip the cross-article merge")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    columns = {}
    for item in args.column:
        field, _, name = item.partition("=")
        if not name:
            print(f"--column: expected FIELD=NAME, got {item!r}", file=sys.stderr)
            return 2
        columns[field.strip()] = name.strip()
    spark = session(args.master)
    try:
        counts = run(spark, args.input, args.output, args.format, columns or None, args.partitions,
                     use_ner=not args.no_ner, do_merge=not args.no_merge)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    print(", ".join(f"{table} {n}" for table, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
