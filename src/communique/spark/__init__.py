"""Extraction on an Apache Spark cluster (or ``local[*]``), for corpora one machine cannot hold.

    pip install 'communique[spark]'
    python -m communique.spark.job --input articles.jsonl --output out/ --master 'local[*]'

Articles are read from JSON Lines, Parquet or seed text files on any path Spark
can read; each executor's Python worker builds the pipeline once (a lazy
module-level singleton, never pickled) and annotates its partitions; events,
persons, mentions, articles and skipped inputs are written as Parquet, and the
cross-article merge runs as a Spark job over the events. See
docs/performance.md for the schema and the figures.

``rows`` and ``merge`` are plain Python (no Spark needed): the single-machine
reference that the Spark output is tested against.
"""
