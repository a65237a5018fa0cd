"""Hostile input: nothing crashes a run, every bad article is skipped with a one-line reason,
and one pathological article cannot stall a batch.

Property-based (hypothesis, modest example counts) over every reader, the date
resolver, the name parser and the whole pipeline: random bytes behind byte-order
marks, mixed encodings, control characters, right-to-left and combining marks.
Explicit cases: a single 5 MB line, 10,000 names in a row, HTML nested 100,000
deep, impossible and far-future publication dates, "February 30", a range across
the year end, a weekday naming the publication day. The pipeline's per-article
size and time limits (``Pipeline(max_chars=..., max_seconds=...)``) are tested here.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
import signal
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.model import Article, Document, Skipped
from communique.pipeline import (
    DEFAULT_MAX_CHARS, DEFAULT_MAX_SECONDS, ArticleTookTooLong, ArticleTooLarge, Pipeline,
)
from communique.read import article_id, read_paths
from communique.resolve.dates import find_times, iso_bounds
from communique.mentions.persons import find_persons
from communique.text import split_sentences

SETTINGS = settings(max_examples=50, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PUBLISHED = date(2024, 3, 20)

GOOD_TEXT = ("HANOI — Vietnamese Minister of National Defence General Phan Van Giang held talks with "
             "Cambodian Minister of National Defence General Tea Seiha in Hanoi on Monday. The two sides "
             "signed a protocol on defence cooperation for the 2025-2029 period.")

# What hostile text is made of: news words, then what breaks naive code.
NEWS_WORDS = [
    "General", "Gen.", "Lt.", "Sen.", "Minister", "of", "Defence", "Nguyen", "Van", "Giang", "Hun", "Manet",
    "met", "held", "talks", "with", "in", "Hanoi", "Phnom", "Penh", "on", "Monday", "February", "30", "from",
    "28", "December", "to", "3", "January", "2024", "2025-2029", "signed", "a", "protocol", "visit", "exercise",
    "HMAS", "KRI", "ship", "will", "said", "last", "next", "week", "the", "and", "Việt", "Nam", "Cambodian",
]
TRICKY = [
    "\ufeff", "\u202e", "\u202d", "\u202c", "\u200f", "\u200e", "\u2066", "\u2069", "\u061c",  # BOM, bidi
    "\u0301", "\u0308", "\u0323", "\u20dd", "e\u0301" * 5,                                     # combining marks
    "\x00", "\x07", "\x1b[31m", "\x1b]0;pwned\x07", "\x7f", "\x85", "\x9b", "\x0b", "\x0c",     # controls
    "\u2028", "\u2029", "\r\n", "\r", "\n\n",                                                  # line breaks
    "\u0645\u062d\u0645\u062f", "\u05e9\u05dc\u05d5\u05dd", "\u4e2d\u56fd", "\U0001F600", "\U000E0041",
    "ﬁ", "Ⅻ", "１２", "٢٠٢٤", "\u0130", "ß", "\u00a0", "\u3000", "\ufffd", "\ud7ff",
    "<script>alert(1)</script>", "&amp;", "&#0;", "]]>", "'", '"', "\\", "%s%n", "{0}", "${x}",
]
SEPARATORS = [" ", "", ", ", ". ", "\n", "  ", "\t"]


@st.composite
def hostile_texts(draw, max_words: int = 60) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(NEWS_WORDS), st.sampled_from(TRICKY),
                                    st.text(max_size=4)), max_size=max_words))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps))


def is_one_line(reason: str) -> bool:
    """A reason prints as one clean line: no line breaks, no control or bidi characters."""
    return bool(reason.strip()) and all(c == " " or c.isprintable() for c in reason)


def check_items(items: list, context: str = "") -> None:
    for item in items:
        assert isinstance(item, (Article, Skipped)), (context, item)
        if isinstance(item, Skipped):
            assert is_one_line(item.reason), (context, item.reason)
        else:
            assert isinstance(item.text, str) and "\x00" not in item.text, context
            assert item.id == article_id(item.published, item.text), context
            assert 1900 <= item.published.year and item.published <= date.today() + timedelta(days=2), context


def annotate(text: str, published: date = PUBLISHED, pipeline: Pipeline | None = None) -> Document:
    article = Article(id=article_id(published, text), name="t.txt", source="t.txt", published=published, text=text)
    return (pipeline or default())(article)


_DEFAULT: list[Pipeline] = []


def default() -> Pipeline:
    if not _DEFAULT:
        _DEFAULT.append(Pipeline())
    return _DEFAULT[0]


def check_document(doc: Document) -> None:
    """Every span the pipeline produced points into the text, every date is a real ISO date."""
    text = doc.text if hasattr(doc, "text") else doc.article.text
    n = len(text)
    for span in [*doc.persons, *doc.times, *doc.places, *doc.countries, *doc.organisations]:
        assert 0 <= span.start <= span.end <= n and text[span.start:span.end] == span.text, span
    for event in doc.events:
        for evidence in event.evidence:
            assert 0 <= evidence.start <= evidence.end <= n, evidence
        for value in (event.date_start, event.date_end):
            if value:
                iso_bounds(value)          # raises on "2024-02-30" or "2024-13"
        if event.date_start and event.date_end:
            assert iso_bounds(event.date_start)[0] <= iso_bounds(event.date_end)[1], event


# --- readers -------------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "shift_jis", "koi8-r"]
DATES = ["2024-03-20", "2024-02-30", "2024-13-01", "2999-01-01", "9999-12-31T23:59:59+14:00", "0000-01-01",
         "1899-12-31", "Mon, 30 Feb 2024 10:00:00 +0000", "Sat, 01 Jan 2999 00:00:00 GMT", "+2024-03-20",
         "2024-03-20\u202e", "٢٠٢٤-٠٣-٢٠", "2024-03-20T25:00:00", ""]


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")


def write_containers(folder: Path, body: str, title: str, when: str, header: str, encoding: str) -> None:
    """The same hostile content in every container a reader knows."""
    (folder / "seed.txt").write_bytes(encode(f" date {when}\n{body}", encoding))
    record = json.dumps({"date": when, "text": body, "title": title, "id": title}, ensure_ascii=False)
    (folder / "rows.jsonl").write_bytes(encode(record + "\n" + body + "\n", encoding))
    with gzip.open(folder / "rows.jsonl.gz", "wb") as stream:
        stream.write(encode(record + "\n", encoding))
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["date", "text", header or "title"])
    writer.writerow([when, body, title])
    writer.writerow([when, body])
    (folder / "rows.csv").write_bytes(encode(table.getvalue(), encoding))
    (folder / "rows.tsv").write_bytes(encode(f"{header}\tdate\ttext\n{when}\t{body}\n", encoding))
    page = (f"<html><head><meta charset='{encoding}'><title>{title}</title>"
            f"<meta property='article:published_time' content='{when}'></head>"
            f"<body><article><p>{body}</p>{'<div><span>' * 300}{body}</article></body></html>")
    (folder / "page.html").write_bytes(encode(page, encoding))


@SETTINGS
@given(body=hostile_texts(), title=hostile_texts(max_words=6), when=st.sampled_from(DATES),
       header=hostile_texts(max_words=3), encoding=st.sampled_from(ENCODINGS))
def test_every_reader_turns_hostile_content_into_articles_or_one_line_reasons(body, title, when, header, encoding):
    with TemporaryDirectory() as folder:
        write_containers(Path(folder), body, title, when, header, encoding)
        first = list(read_paths([folder]))
        again = list(read_paths([folder]))
    check_items(first, f"{encoding} {when!r}")
    assert len(first) >= 6
    def key(item):
        return item.id if isinstance(item, Article) else item.reason
    assert [key(i) for i in first] == [key(i) for i in again], "reading is deterministic"


BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\x2b\x2f\x76\x38"]


@SETTINGS
@given(bom=st.sampled_from(BOMS), data=st.binary(max_size=300),
       suffix=st.sampled_from([".txt", ".jsonl", ".ndjson", ".csv", ".tsv", ".html", ".htm", ".csv.gz"]),
       prefix=st.sampled_from([b"", b" date 2024-03-20 ", b'{"date": "2024-03-20", "text": "', b"date,text\n"]))
def test_random_bytes_behind_a_byte_order_mark_and_a_plausible_start_are_skipped_with_a_reason(bom, data, suffix,
                                                                                                prefix):
    with TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        raw = bom + prefix + data
        path.write_bytes(gzip.compress(raw) if suffix.endswith(".gz") else raw)
        items = list(read_paths([path]))
    check_items(items, f"{bom!r}{prefix!r}")


def test_hostile_file_names_give_one_line_reasons(tmp_path):
    for name in ("evil.\x1b[2Jtxt", "new\nline.pdf", "bidi\u202etxt.exe", "tab\t.x"):
        (tmp_path / name).write_bytes(b"anything")
    items = list(read_paths([tmp_path]))
    assert len(items) == 4
    check_items(items)


def test_a_single_5_mb_line_is_read_then_refused_by_size_before_analysis(tmp_path):
    sentence = "Defence Minister Phan Van Giang met Cambodian counterpart Tea Seiha in Hanoi on Monday; "
    line = (sentence * (5_000_000 // len(sentence) + 1))[:5_000_000]
    (tmp_path / "a_huge.txt").write_text(f" date 2024-03-20 {line}", encoding="utf-8")
    (tmp_path / "b_good.txt").write_text(f" date 2024-03-20 {GOOD_TEXT}", encoding="utf-8")
    started = time.monotonic()
    items = list(default().process_many(read_paths([tmp_path])))
    took = time.monotonic() - started
    assert [type(i).__name__ for i in items] == ["Skipped", "Document"]
    assert "too large" in items[0].reason and "5,000,000 characters" in items[0].reason
    assert is_one_line(items[0].reason)
    assert items[1].events, "the article after it is analysed as usual"
    assert took < 60, f"took {took:.0f} s"


def names_in_a_row(count: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = [f"Nguyen Van {letters[i % 26].upper()}{letters[i // 26 % 26]}{letters[i // 676 % 26]}"
             for i in range(count)]
    return ", ".join(names) + " attended the meeting in Hanoi on Monday."


def test_10000_names_in_a_row_hit_the_time_limit_and_the_batch_goes_on():
    pipeline = Pipeline(max_seconds=3)
    good = Article(id="good", name="good.txt", source="good.txt", published=PUBLISHED, text=GOOD_TEXT)
    names = names_in_a_row(10_000)
    slow = Article(id="slow", name="names.txt", source="names.txt", published=PUBLISHED, text=names)
    started = time.monotonic()
    items = list(pipeline.process_many([good, slow, good]))
    took = time.monotonic() - started
    assert [type(i).__name__ for i in items] == ["Document", "Skipped", "Document"]
    assert items[1].source == "names.txt" and "longer than 3 s" in items[1].reason and is_one_line(items[1].reason)
    assert [e.to_record() for e in items[0].events] == [e.to_record() for e in items[2].events]
    assert took < 60, f"took {took:.0f} s"


def test_html_nested_100000_deep_goes_through_read_analysis_and_store(tmp_path):
    from communique.kb import Store
    depth = 100_000
    page = ("<html><head><meta name='date' content='2024-03-20'><title>Deep</title></head><body>"
            + "<div><span><b>" * depth + f"<p>{GOOD_TEXT}</p>" + "</b></span></div>" * depth + "</body></html>")
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    items = list(default().process_many(read_paths([tmp_path / "deep.html"])))
    assert len(items) == 1 and isinstance(items[0], Document), items
    assert GOOD_TEXT in items[0].article.text and items[0].events
    with Store(tmp_path / "kb.db") as store:
        assert store.ingest(items).new == 1


@settings(max_examples=50, deadline=None, database=None)
@given(text=hostile_texts(max_words=80),
       published=st.one_of(st.dates(), st.sampled_from([date.min, date.max, date(2024, 2, 29), date(2023, 12, 31)])))
def test_the_date_resolver_survives_hostile_text_and_any_publication_date(text, published):
    previous = 0
    for expr in find_times(text, published):
        assert previous <= expr.start < expr.end <= len(text) and text[expr.start:expr.end] == expr.text
        previous = expr.end
        if expr.date_start:
            assert iso_bounds(expr.date_start)[0] <= iso_bounds(expr.date_end or expr.date_start)[1]


@SETTINGS
@given(text=hostile_texts(max_words=80))
def test_the_name_parser_survives_hostile_text(text):
    for mention in find_persons(text, split_sentences(text)):
        assert 0 <= mention.start < mention.end <= len(text) and text[mention.start:mention.end] == mention.text
        assert mention.name.strip()


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_texts(max_words=50), published=st.sampled_from([PUBLISHED, date.min, date.max]))
def test_the_whole_pipeline_never_raises_and_keeps_its_offsets_on_hostile_articles(text, published):
    hostile = Article(id=article_id(published, text), name="h.txt", source="h.txt", published=published, text=text)
    good = Article(id="good", name="good.txt", source="good.txt", published=PUBLISHED, text=GOOD_TEXT)
    items = list(default().process_many([hostile, good]))
    assert len(items) == 2 and isinstance(items[1], Document) and items[1].events
    if isinstance(items[0], Skipped):
        assert is_one_line(items[0].reason)
    else:
        check_document(items[0])


def test_a_folder_of_hostile_files_is_ingested_with_every_bad_one_skipped_and_named(tmp_path):
    """The real ``communique ingest`` over one file of each kind of trouble and one good article."""
    from click.testing import CliRunner

    from communique.cli import main
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    tomorrow3 = (date.today() + timedelta(days=3)).isoformat()
    files = {
        "binary.txt": b"\x00\x01\x02" * 100,
        "utf16.txt": " date 2024-03-20 ".encode("utf-16") + GOOD_TEXT.encode("utf-16"),
        "latin1.txt": f" date 2024-03-20 Caf\xe9 {GOOD_TEXT}".encode("latin-1", "replace"),
        "future.txt": f" date {tomorrow3} {GOOD_TEXT}".encode(),
        "feb30.txt": f" date 2024-02-30 {GOOD_TEXT}".encode(),
        "controls.txt": (" date 2024-03-20 " + "\x1b[2J\x07\x08" * 200 + " a b c d e").encode(),
        "rows.jsonl": b'{"date": "2024-03-20", "text": 5}\n{broken\n\xff\xfe\n[1, 2]\n',
        "rows.csv": b"\"a\nb\",\x1b[31m\ndate,text\n",
        "empty.html": b"<html><head><meta name=date content=2024-03-20></head><body></body></html>",
        "page.pdf": b"%PDF-1.4",
        "good.txt": f" date 2024-03-20 {GOOD_TEXT}".encode(),
        "bidi.txt": (" date 2024-03-20 \u202e" + GOOD_TEXT.replace("Hanoi", "Ha\u0301noi\u200f")).encode(),
    }
    for name, data in files.items():
        (corpus / name).write_bytes(data)
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(tmp_path / "kb.db"), "--no-progress"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    skipped = {line.split(": ", 1)[0].removeprefix("  skipped ").rsplit("/", 1)[-1].split(":")[0]
               for line in lines[1:]}
    assert skipped >= {"binary.txt", "utf16.txt", "latin1.txt", "future.txt", "feb30.txt", "controls.txt",
                       "rows.jsonl", "rows.csv", "empty.html", "page.pdf"}, result.output
    assert "good.txt" not in skipped and "bidi.txt" not in skipped
    assert "new 2," in lines[0]
    assert all(is_one_line(line) for line in lines), "every reason on its own clean line"


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, reason", [
    ("2024-02-30", "impossible date"), ("2023-02-29", "impossible date"), ("2024-13-01", "impossible date"),
    ("2999-12-31", "in the future"), ("9999-12-31T23:59:59+14:00", "in the future"),
    ("Sat, 01 Jan 2999 00:00:00 GMT", "in the future"), ("0001-01-01", "before 1900"), ("1899-12-31", "before 1900"),
])
@pytest.mark.parametrize("container", ["seed", "jsonl", "csv", "html"])
def test_impossible_and_far_future_publication_dates_are_skipped_with_a_reason(tmp_path, raw, reason, container):
    if container == "seed" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        reason = "unreadable date"       # the seed format takes YYYY-MM-DD only
    path = tmp_path / {"seed": "a.txt", "jsonl": "a.jsonl", "csv": "a.csv", "html": "a.html"}[container]
    if container == "seed":
        path.write_text(f" date {raw} {GOOD_TEXT}", encoding="utf-8")
    elif container == "jsonl":
        path.write_text(json.dumps({"date": raw, "text": GOOD_TEXT}) + "\n", encoding="utf-8")
    elif container == "csv":
        path.write_text(f'date,text\n"{raw}","{GOOD_TEXT}"\n', encoding="utf-8")
    else:
        path.write_text(f"<html><head><meta property='article:published_time' content='{raw}'></head>"
                        f"<body><p>{GOOD_TEXT}</p></body></html>", encoding="utf-8")
    items = list(read_paths([path]))
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    assert reason in items[0].reason and is_one_line(items[0].reason), items[0].reason


@pytest.mark.parametrize("published", [date.min, date(1, 1, 2), date(1900, 1, 1), date(9999, 1, 1), date.max])
def test_extreme_publication_dates_go_through_analysis_and_the_store(tmp_path, published):
    """Readers refuse such dates; the pipeline and the store must still cope with them."""
    from communique.kb import Store
    text = GOOD_TEXT + " They will meet again from 28 December to 3 January, next year and last week."
    doc = annotate(text, published)
    check_document(doc)
    with Store(tmp_path / "kb.db") as store:
        summary = store.ingest([doc])
    assert summary.new + len(summary.skipped) == 1
    assert all(is_one_line(reason) for _, reason in summary.skipped)


def test_february_30_never_becomes_an_event_date():
    doc = annotate("HANOI — Vietnamese Defence Minister General Phan Van Giang held talks with Cambodian "
                   "Defence Minister General Tea Seiha in Hanoi on February 30. They will meet again on "
                   "30/02/2024 and on 2024-02-30.", date(2024, 3, 5))
    check_document(doc)
    assert doc.events
    assert not any("02-30" in (e.date_start or "") + (e.date_end or "") for e in doc.events)
    assert not any("02-30" in (t.date_start or "") for t in doc.times)


def test_a_range_from_28_december_to_3_january_spans_the_year_end():
    doc = annotate("NEW DELHI — Indian and Thai navies conducted a coordinated patrol along the maritime "
                   "boundary from 28 December to 3 January, the Indian Navy said.", date(2024, 1, 5))
    patrols = [e for e in doc.events if e.type == "PATROL"]
    assert [(e.date_start, e.date_end) for e in patrols] == [("2023-12-28", "2024-01-03")]


def test_a_weekday_naming_the_publication_day_is_that_day():
    monday = date(2024, 3, 18)
    assert monday.weekday() == 0
    doc = annotate("HANOI — On Monday, Vietnamese Defence Minister General Phan Van Giang held talks with "
                   "Cambodian Defence Minister General Tea Seiha in Hanoi.", monday)
    meetings = [e for e in doc.events if e.type == "MEETING"]
    assert [(e.date_start, e.date_end) for e in meetings] == [("2024-03-18", "2024-03-18")]


def test_a_date_filter_at_the_start_of_the_calendar_is_answered(tmp_path):
    from communique.kb import Store, query
    from communique.kb.samples import sample_document, sample_event
    with Store(tmp_path / "kb.db") as store:
        store.ingest([sample_document("a.txt", "2024-01-05", [
            sample_event("EXERCISE", ["VNM", "LAO"], "2023-12-01", "2024-01-05")])])
        assert len(query.events(store, date_from="0001")) == 1


# --- the pipeline's per-article limits -------------------------------------------------------------

def article(text: str = "a b c d e f", source: str = "src") -> Article:
    return Article(id=source, name=source, source=source, published=PUBLISHED, text=text)


def test_the_limits_have_documented_defaults():
    pipeline = Pipeline(components=[])
    assert (pipeline.max_chars, pipeline.max_seconds) == (DEFAULT_MAX_CHARS, DEFAULT_MAX_SECONDS) == (2_000_000, 30)
    assert default().max_chars == DEFAULT_MAX_CHARS and default().max_seconds == DEFAULT_MAX_SECONDS
    import communique.pipeline as module
    assert "max_chars" in module.__doc__ and "max_seconds" in module.__doc__


def test_an_article_over_the_size_limit_is_refused_before_any_analysis():
    calls = []
    pipeline = Pipeline(components=[lambda doc: calls.append(doc) or doc], max_chars=10)
    items = list(pipeline.process_many([article("x" * 11, "big"), article("short", "small")]))
    assert isinstance(items[0], Skipped) and items[0].source == "big"
    assert items[0].reason == "article too large to analyse: 11 characters (the limit is 10)"
    assert isinstance(items[1], Document) and len(calls) == 1
    with pytest.raises(ArticleTooLarge):
        pipeline(article("x" * 11))
    assert isinstance(Pipeline(components=[], max_chars=None)(article("x" * 11)), Document)


def spin(doc):
    while True:
        pass


def swallow_everything(doc):
    try:
        while True:
            pass
    except Exception:       # a component that swallows errors must not swallow the time limit
        return doc


@pytest.mark.parametrize("component", [spin, swallow_everything])
def test_a_runaway_analysis_is_stopped_at_the_time_limit_and_the_batch_goes_on(component):
    pipeline = Pipeline(components=[lambda doc: component(doc) if doc.article.source == "slow" else doc],
                        max_seconds=0.3)
    handler = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    items = list(pipeline.process_many([article(source="slow"), article(source="next")]))
    assert time.monotonic() - started < 10
    assert isinstance(items[0], Skipped) and items[0].source == "slow"
    assert items[0].reason.startswith("analysis took longer than 0.3 s") and is_one_line(items[0].reason)
    assert isinstance(items[1], Document)
    assert signal.getsignal(signal.SIGALRM) is handler and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with pytest.raises(ArticleTookTooLong):
        pipeline(article(source="slow"))


def test_the_time_limit_leaves_a_running_timer_of_someone_else_alone():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        doc = Pipeline(components=[lambda d: (time.sleep(0.2), d)[1]], max_seconds=0.05)(article())
        assert isinstance(doc, Document), "no limit while another timer runs"
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.5
        time.sleep(0.6)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_outside_the_main_thread_there_is_no_time_limit_and_no_crash():
    results = []

    def work():
        pipeline = Pipeline(components=[lambda d: (time.sleep(0.3), d)[1]], max_seconds=0.05)
        results.extend(pipeline.process_many([article()]))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert len(results) == 1 and isinstance(results[0], Document)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_interrupted_analysis_leaves_nothing_behind_for_the_next_article():
    corpus = Path(__file__).resolve().parents[1] / "src" / "communique" / "data" / "sample_corpus"
    articles = [a for a in read_paths([corpus]) if isinstance(a, Article)][:3]
    expected = [[e.to_record() for e in default()(a).events] for a in articles]
    hurried = Pipeline(max_seconds=0.02)
    assert all(isinstance(i, (Skipped, Document)) for i in hurried.process_many(articles))
    assert [[e.to_record() for e in default()(a).events] for a in articles] == expected


# --- slowness on pathological input, for the owners of mentions/, resolve/ and events/ ------------

class _Deadline(BaseException):
    """Raised by the alarm: a BaseException, so no ``except Exception`` in the code under test eats it."""


def within(seconds: float, function, *args):
    """Run ``function``; raise TimeoutError once ``seconds`` have passed (the run is interrupted)."""
    def expire(*_):
        raise _Deadline()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    late = False
    try:
        return function(*args)
    except _Deadline:
        late = True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if late:       # raised here, outside the interrupted frames, so its traceback is a plain one
        raise TimeoutError(f"{getattr(function, '__name__', type(function).__name__)} "
                           f"still running after {seconds} s")


def test_find_persons_on_10000_names_in_a_row_finishes_within_a_minute():
    text = names_in_a_row(10_000)
    started = time.monotonic()
    found = within(60, find_persons, text, split_sentences(text))
    assert len(found) >= 9_900 and time.monotonic() - started < 60


@pytest.mark.xfail(strict=False, raises=TimeoutError,
                   reason="resolve/actors.py ActorResolver._find_actor scans every actor for every mention "
                          "(and searches the whole text per mention): 2,000 names take ~8 s, 10,000 minutes")
def test_actor_resolution_of_2000_names_in_a_row_takes_under_two_seconds():
    pipeline = Pipeline(use_ner=False, max_seconds=None)
    text = names_in_a_row(2_000)
    doc = Document(article=article(text, "names"))
    resolver = pipeline.components[6]
    assert type(resolver).__name__ == "ActorResolver"
    for component in pipeline.components[:6]:
        doc = component(doc)
    within(2, resolver, doc)


LONG_SENTENCE = "Defence Minister Phan Van Giang met Cambodian counterpart Tea Seiha in Hanoi on Monday; "


def test_one_20000_character_sentence_is_analysed_within_the_time_limit():
    text = (LONG_SENTENCE * (20_000 // len(LONG_SENTENCE) + 1))[:20_000]
    result = list(Pipeline(max_seconds=30).process_many([article(text, "long-sentence")]))[0]
    assert isinstance(result, Document), result.reason


@pytest.mark.xfail(strict=False, reason="events/extract.py is still quadratic in one sentence's length: 20,000 "
                                       "characters take ~2 s, 50,000 ~11 s (the per-article limit turns it into a "
                                       "skip, so a batch is never stalled); timing-based, hence not strict")
def test_one_50000_character_sentence_is_analysed_in_seconds():
    text = (LONG_SENTENCE * (50_000 // len(LONG_SENTENCE) + 1))[:50_000]
    result = list(Pipeline(max_seconds=5).process_many([article(text, "long-sentence")]))[0]
    assert isinstance(result, Document), result.reason
