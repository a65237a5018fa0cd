"""The readers: seed text, JSON Lines, CSV/TSV, HTML and folders.

Fixtures are short synthetic articles written into tmp_path.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import given, settings, strategies as st

from communique.model import Article, Skipped
from communique.read import ReadCounter, article_id, read_paths

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

BODY = "General Tran met Admiral Smith in Hanoi on Tuesday to discuss naval cooperation."
SECOND_BODY = "The two ministers signed a memorandum on defence industry cooperation."


def read_all(*paths, columns=None) -> list[Article | Skipped]:
    return list(read_paths(list(paths), columns=columns))


def read_one(path: Path, columns=None) -> Article | Skipped:
    items = read_all(path, columns=columns)
    assert len(items) == 1, items
    return items[0]


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_skipped(item, reason_part: str) -> Skipped:
    assert isinstance(item, Skipped), item
    assert reason_part in item.reason, item.reason
    return item


# --- seed text files ---------------------------------------------------------

def test_seed_file_keeps_body_offsets_exact(tmp_path):
    raw = f" date 2023-10-17 {BODY}\r\nSecond paragraph with more words here.\r\n"
    path = write_bytes(tmp_path / "001_abc.txt", raw.encode("utf-8"))
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.text == raw[len(" date 2023-10-17 "):]
    assert "\r\n" in article.text    # Windows newlines are kept, not normalised


def test_seed_file_sets_name_source_date_and_id(tmp_path):
    path = write_bytes(tmp_path / "001_abc.txt", f" date 2023-10-17 {BODY}".encode())
    article = read_one(path)
    assert article.name == "001_abc.txt"
    assert article.source == str(path)
    assert article.published == date(2023, 10, 17)
    assert article.id == article_id(date(2023, 10, 17), BODY)
    assert article.title is None and article.url is None


def test_seed_date_without_leading_space_is_accepted(tmp_path):
    path = write_bytes(tmp_path / "a.txt", f"date 2023-10-17 {BODY}".encode())
    assert read_one(path).text == BODY


def test_seed_utf8_bom_is_stripped(tmp_path):
    path = write_bytes(tmp_path / "a.txt", b"\xef\xbb\xbf" + f" date 2023-10-17 {BODY}".encode())
    article = read_one(path)
    assert article.published == date(2023, 10, 17)
    assert article.text == BODY


def test_seed_body_starting_on_next_line_skips_the_line_break(tmp_path):
    path = write_bytes(tmp_path / "a.txt", f" date 2023-10-17\n{BODY}".encode())
    assert read_one(path).text == BODY


def test_seed_without_date_is_skipped(tmp_path):
    path = write_bytes(tmp_path / "a.txt", BODY.encode())
    item = assert_skipped(read_one(path), "no publication date on the first line")
    assert item.source == str(path)


def test_seed_date_on_second_line_is_not_a_date_line(tmp_path):
    path = write_bytes(tmp_path / "a.txt", f"Headline\n date 2023-10-17 {BODY}".encode())
    assert_skipped(read_one(path), "no publication date on the first line")


def test_seed_impossible_date_is_skipped(tmp_path):
    path = write_bytes(tmp_path / "a.txt", f" date 2023-02-30 {BODY}".encode())
    assert_skipped(read_one(path), "impossible date 2023-02-30")


def test_seed_unreadable_date_is_skipped(tmp_path):
    path = write_bytes(tmp_path / "a.txt", f" date 17/10/2023 {BODY}".encode())
    assert_skipped(read_one(path), "unreadable date '17/10/2023'")


def test_seed_future_date_is_skipped(tmp_path):
    path = write_bytes(tmp_path / "a.txt", f" date 2999-01-01 {BODY}".encode())
    assert_skipped(read_one(path), "publication date 2999-01-01 is in the future")


def test_seed_date_within_two_days_ahead_is_accepted(tmp_path):
    tomorrow = date.today() + timedelta(days=1)
    path = write_bytes(tmp_path / "a.txt", f" date {tomorrow.isoformat()} {BODY}".encode())
    assert read_one(path).published == tomorrow


def test_seed_date_before_1900_is_skipped(tmp_path):
    path = write_bytes(tmp_path / "a.txt", f" date 1850-06-01 {BODY}".encode())
    assert_skipped(read_one(path), "impossible date 1850-06-01")


def test_seed_not_utf8_names_the_byte_and_offset(tmp_path):
    data = f" date 2023-10-17 {BODY} ".encode() + b"\x9c more words"
    path = write_bytes(tmp_path / "a.txt", data)
    offset = data.index(b"\x9c")
    assert_skipped(read_one(path), f"not UTF-8 text (byte 0x9c at offset {offset})")


def test_seed_empty_body_is_skipped(tmp_path):
    path = write_bytes(tmp_path / "a.txt", b" date 2023-10-17 \n\n  ")
    assert_skipped(read_one(path), "empty article body")


def test_seed_short_body_is_not_an_article(tmp_path):
    path = write_bytes(tmp_path / "a.txt", b" date 2023-10-17 Photo: Reuters")
    assert_skipped(read_one(path), "not an article: body has fewer than 5 words")


def test_binary_file_with_nul_bytes_is_skipped(tmp_path):
    path = write_bytes(tmp_path / "a.txt", b" date 2023-10-17 " + bytes(range(256)) * 4)
    assert_skipped(read_one(path), "binary content")


def test_text_of_mostly_control_characters_is_skipped(tmp_path):
    path = write_bytes(tmp_path / "a.txt", b" date 2023-10-17 a b c d e f " + b"\x01\x02\x03\x1b" * 50)
    assert_skipped(read_one(path), "binary content")


# --- JSON Lines --------------------------------------------------------------

def test_jsonl_reads_each_line_with_line_sources(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", [
        {"id": "a1", "url": "https://example.org/a1", "title": " Talks in Hanoi ", "date": "2023-10-17", "text": BODY},
        {"id": "a2", "date": "2023-10-18", "text": SECOND_BODY},
    ])
    first, second = read_all(path)
    assert (first.name, first.source, first.published) == ("a1", f"{path}:1", date(2023, 10, 17))
    assert first.title == "Talks in Hanoi" and first.url == "https://example.org/a1"
    assert first.text == BODY
    assert (second.name, second.source, second.title, second.url) == ("a2", f"{path}:2", None, None)


def test_jsonl_bad_line_in_middle_is_skipped_and_good_lines_flow(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", [
        {"date": "2023-10-17", "text": BODY},
        '{"date": "2023-10-17", "text": ',
        {"date": "2023-10-18", "text": SECOND_BODY},
    ])
    first, bad, last = read_all(path)
    assert isinstance(first, Article) and isinstance(last, Article)
    assert_skipped(bad, "JSON error:")
    assert bad.source == f"{path}:2"
    assert last.source == f"{path}:3"


def test_jsonl_blank_lines_are_ignored_but_line_numbers_stay_true(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", ["", json.dumps({"date": "2023-10-17", "text": BODY})])
    assert read_one(path).source == f"{path}:2"


def test_jsonl_line_that_is_not_an_object_is_skipped(tmp_path):
    path = write_jsonl(tmp_path / "news.ndjson", ['["2023-10-17", "text"]'])
    assert_skipped(read_one(path), "expected an object, got list")


def test_jsonl_missing_column_is_skipped(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", [{"date": "2023-10-17", "body": BODY}])
    assert_skipped(read_one(path), "missing column 'text'")


def test_jsonl_text_that_is_not_a_string_is_skipped(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", [{"date": "2023-10-17", "text": 42}])
    assert_skipped(read_one(path), "column 'text' is not text (got int)")


def test_jsonl_columns_can_be_renamed(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", [
        {"uid": "x-9", "headline": "Talks", "published_at": "2023-10-17", "body": BODY, "link": "https://e.org/x"},
    ])
    columns = {"id": "uid", "title": "headline", "date": "published_at", "text": "body", "url": "link"}
    article = read_one(path, columns=columns)
    assert (article.name, article.title, article.url, article.text) == ("x-9", "Talks", "https://e.org/x", BODY)


def test_unknown_field_in_columns_is_a_caller_error(tmp_path):
    with pytest.raises(ValueError, match="unknown article field 'txt'"):
        read_paths([tmp_path], columns={"txt": "body"})


@pytest.mark.parametrize("raw, expected", [
    ("2023-10-17", date(2023, 10, 17)),
    ("2023-10-17T08:30:00Z", date(2023, 10, 17)),
    ("2023-10-17T23:30:00-05:00", date(2023, 10, 17)),   # the date as written, not UTC
    ("Tue, 17 Oct 2023 08:30:00 +0700", date(2023, 10, 17)),
])
def test_jsonl_accepts_iso_dates_datetimes_and_rfc2822(tmp_path, raw, expected):
    path = write_jsonl(tmp_path / "news.jsonl", [{"date": raw, "text": BODY}])
    assert read_one(path).published == expected


@pytest.mark.parametrize("raw, reason", [
    ("2023-02-30T10:00:00Z", "impossible date 2023-02-30"),
    ("yesterday", "unreadable date 'yesterday'"),
    ("2999-01-01", "publication date 2999-01-01 is in the future"),
    ("", "empty date"),
])
def test_jsonl_bad_dates_are_skipped(tmp_path, raw, reason):
    path = write_jsonl(tmp_path / "news.jsonl", [{"date": raw, "text": BODY}])
    assert_skipped(read_one(path), reason)


def test_jsonl_name_from_id_is_sanitised(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", [{"id": "../news/2023 10/a?b", "date": "2023-10-17", "text": BODY}])
    name = read_one(path).name
    assert "/" not in name and " " not in name and "?" not in name and not name.startswith(".")


def test_jsonl_without_id_is_named_by_article_id(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", [{"date": "2023-10-17", "text": BODY}])
    article = read_one(path)
    assert article.name == article.id == article_id(date(2023, 10, 17), BODY)


def test_jsonl_line_with_bad_bytes_is_skipped_alone(tmp_path):
    good = json.dumps({"date": "2023-10-17", "text": BODY}).encode()
    path = write_bytes(tmp_path / "news.jsonl", good + b"\n" + b'{"text": "\xff"}\n' + good + b"\n")
    items = read_all(path)
    assert [type(item) for item in items] == [Article, Skipped, Article]
    assert_skipped(items[1], "not UTF-8 text (byte 0xff")


def test_jsonl_first_line_bom_is_stripped(tmp_path):
    data = b"\xef\xbb\xbf" + json.dumps({"date": "2023-10-17", "text": BODY}).encode()
    assert read_one(write_bytes(tmp_path / "news.jsonl", data)).text == BODY


def test_jsonl_gz_is_read(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps({"date": "2023-10-17", "text": BODY}) + "\n")
    assert read_one(path).text == BODY


def test_truncated_gz_is_skipped_not_raised(tmp_path):
    whole = gzip.compress((json.dumps({"date": "2023-10-17", "text": BODY}) + "\n").encode() * 50)
    path = write_bytes(tmp_path / "news.jsonl.gz", whole[: len(whole) // 2])
    items = read_all(path)
    assert isinstance(items[-1], Skipped) and items[-1].source == str(path)


def test_read_paths_is_a_lazy_stream(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", [{"date": "2023-10-17", "text": BODY}] * 3)
    stream = read_paths([path])
    assert isinstance(stream, Iterator)
    assert next(stream).source == f"{path}:1"


# --- CSV and TSV -------------------------------------------------------------

def test_csv_rows_become_articles_with_quoted_newlines_kept(tmp_path):
    body = f"{BODY}\r\nIt continued, \"in earnest\", on Wednesday."
    csv_text = 'id,date,title,text\r\nc1,2023-10-17,Talks,"' + body.replace('"', '""') + '"\r\n'
    path = write_bytes(tmp_path / "news.csv", csv_text.encode())
    article = read_one(path)
    assert (article.name, article.title, article.source) == ("c1", "Talks", f"{path}:2")
    assert article.text == body


def test_tsv_is_read_with_tabs(tmp_path):
    path = write_bytes(tmp_path / "news.tsv", f"date\ttext\n2023-10-17\t{BODY}\n".encode())
    assert read_one(path).text == BODY


def test_csv_columns_can_be_renamed(tmp_path):
    path = write_bytes(tmp_path / "news.csv", f"published_at,body\n2023-10-17,{BODY}\n".encode())
    assert read_one(path, columns={"date": "published_at", "text": "body"}).text == BODY


def test_csv_missing_column_skips_the_file_once(tmp_path):
    path = write_bytes(tmp_path / "news.csv", f"date,body\n2023-10-17,{BODY}\n2023-10-18,{BODY}\n".encode())
    item = assert_skipped(read_one(path), "missing column 'text'")
    assert item.source == str(path)


def test_csv_bad_rows_are_skipped_with_line_numbers(tmp_path):
    rows = f"date,text\n2023-10-17,{BODY}\n2023-02-30,{BODY}\n2023-10-18,too short\n2023-10-19,{BODY}\n"
    path = write_bytes(tmp_path / "news.csv", rows.encode())
    items = read_all(path)
    assert [type(item) for item in items] == [Article, Skipped, Skipped, Article]
    assert_skipped(items[1], "impossible date 2023-02-30")
    assert items[1].source == f"{path}:3"
    assert_skipped(items[2], "not an article")
    assert items[3].source == f"{path}:5"


def test_csv_row_with_bad_bytes_is_skipped_alone(tmp_path):
    data = f"date,text\n2023-10-17,{BODY}\n".encode() + b"2023-10-18,caf\xe9 " + BODY.encode() + b"\n"
    items = read_all(write_bytes(tmp_path / "news.csv", data + f"2023-10-19,{BODY}\n".encode()))
    assert [type(item) for item in items] == [Article, Skipped, Article]
    assert_skipped(items[1], "not UTF-8 text (byte 0xe9")


def test_csv_short_row_is_skipped(tmp_path):
    path = write_bytes(tmp_path / "news.csv", f"id,date,text\nonly-one-field\nc2,2023-10-17,{BODY}\n".encode())
    first, second = read_all(path)
    assert_skipped(first, "row has 1 fields, header has 3")
    assert isinstance(second, Article)


def test_csv_text_longer_than_default_field_limit_is_read(tmp_path):
    long_body = " ".join([BODY] * 4000)   # ~330 KB, over csv's 128 KiB default
    path = write_bytes(tmp_path / "news.csv", f'date,text\n2023-10-17,"{long_body}"\n'.encode())
    assert read_one(path).text == long_body


def test_csv_header_bom_is_stripped(tmp_path):
    path = write_bytes(tmp_path / "news.csv", b"\xef\xbb\xbf" + f"date,text\n2023-10-17,{BODY}\n".encode())
    assert read_one(path).published == date(2023, 10, 17)


def test_empty_csv_is_skipped(tmp_path):
    assert_skipped(read_one(write_bytes(tmp_path / "news.csv", b"")), "no header row")


@pytest.mark.parametrize("name", ["rows.jsonl", "rows.csv"])
def test_binary_file_with_a_row_extension_is_skipped_once(tmp_path, name):
    path = write_bytes(tmp_path / name, (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n" * 100))
    item = assert_skipped(read_one(path), "binary content")
    assert item.source == str(path)


# --- HTML --------------------------------------------------------------------

PAGE = """<!doctype html>
<html><head>
<title>Talks in Hanoi | Example News</title>
<meta property="og:title" content="Talks in Hanoi">
<meta property="article:published_time" content="2023-10-17T08:30:00+07:00">
<style>p {{ color: red }}</style>
<script>var tracking = "do not read this";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article>
  <h1>Talks in Hanoi</h1>
  <p>{first}</p>
  <p>{second} <em>Reporter</em> &amp; staff.</p>
</article>
<aside>Most read: something else entirely different</aside>
<footer>Copyright Example News, all rights reserved</footer>
</body></html>"""


def test_html_article_paragraphs_date_and_title(tmp_path):
    path = write_bytes(tmp_path / "page.html", PAGE.format(first=BODY, second=SECOND_BODY).encode())
    article = read_one(path)
    assert article.published == date(2023, 10, 17)
    assert article.title == "Talks in Hanoi"
    assert article.name == "page.html" and article.source == str(path)
    assert article.text == f"Talks in Hanoi\n\n{BODY}\n\n{SECOND_BODY} Reporter & staff."


@pytest.mark.parametrize("date_markup", [
    '<meta name="date" content="2023-10-17">',
    '<time datetime="2023-10-17T10:00:00Z">17 October</time>',
    '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2023-10-17"}]}</script>',
])
def test_html_date_sources(tmp_path, date_markup):
    page = f"<html><head><title>T</title></head><body>{date_markup}<p>{BODY}</p></body></html>"
    assert read_one(write_bytes(tmp_path / "page.htm", page.encode())).published == date(2023, 10, 17)


def test_html_without_article_uses_body_paragraphs(tmp_path):
    page = f"<html><body><nav>Menu items here and there</nav><div>{BODY}</div><p>{SECOND_BODY}</p>" \
           '<meta name="date" content="2023-10-17"></body></html>'
    article = read_one(write_bytes(tmp_path / "page.html", page.encode()))
    assert article.text == f"{BODY}\n\n{SECOND_BODY}"
    assert article.title is None


def test_html_without_date_is_skipped(tmp_path):
    page = f"<html><body><p>{BODY}</p></body></html>"
    assert_skipped(read_one(write_bytes(tmp_path / "page.html", page.encode())), "no publication date")


def test_html_deep_nesting_does_not_crash(tmp_path):
    depth = 100_000
    page = ('<meta name="date" content="2023-10-17"><article>' + "<div>" * depth
            + f"<p>{BODY}</p>" + "</div>" * depth + "</article>")
    assert read_one(write_bytes(tmp_path / "page.html", page.encode())).text == BODY


def test_html_in_declared_latin1_charset_is_decoded(tmp_path):
    page = f'<html><head><meta charset="iso-8859-1"><meta name="date" content="2023-10-17"></head>' \
           f"<body><p>Caf\u00e9 talks: {BODY}</p></body></html>"
    article = read_one(write_bytes(tmp_path / "page.html", page.encode("latin-1")))
    assert article.text.startswith("Caf\u00e9 talks")



@settings(max_examples=60, deadline=None)
@given(
    data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: t.encode("utf-8"))),
    suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".tsv", ".html", ".jsonl.gz"]),
)
def test_readers_never_raise_on_arbitrary_bytes(data, suffix):
    with TemporaryDirectory() as folder:
        path = write_bytes(Path(folder) / f"input{suffix}", data)
        items = read_all(path)
    assert all(isinstance(item, (Article, Skipped)) for item in items)


# --- folders, paths and counting ---------------------------------------------

def make_corpus(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    write_bytes(root / "b" / "2.txt", f" date 2023-10-18 {BODY}".encode())
    write_bytes(root / "a" / "1.txt", f" date 2023-10-17 {BODY}".encode())
    write_bytes(root / "0.txt", f" date 2023-10-16 {BODY}".encode())
    write_bytes(root / "notes.pdf", b"%PDF-1.4")
    write_bytes(root / ".DS_Store", b"\x00\x00")
    write_bytes(root / ".git" / "HEAD.txt", f" date 2023-10-19 {BODY}".encode())


def test_folder_is_walked_recursively_in_sorted_order(tmp_path):
    make_corpus(tmp_path)
    items = read_all(tmp_path)
    assert [Path(item.source).relative_to(tmp_path).as_posix() for item in items] == [
        "0.txt", "a/1.txt", "b/2.txt", "notes.pdf",
    ]


def test_folder_reports_unsupported_files_and_ignores_hidden_ones(tmp_path):
    make_corpus(tmp_path)
    skipped = [item for item in read_all(tmp_path) if isinstance(item, Skipped)]
    assert len(skipped) == 1
    assert_skipped(skipped[0], "unsupported file type '.pdf'")


def test_folder_symlink_loop_ends(tmp_path):
    write_bytes(tmp_path / "0.txt", f" date 2023-10-16 {BODY}".encode())
    try:
        (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    except OSError:
        pytest.skip("no symlinks here")
    assert len(read_all(tmp_path)) == 1


def test_missing_path_is_skipped_not_raised(tmp_path):
    missing = tmp_path / "nope.txt"
    item = assert_skipped(read_one(missing), "no such file or directory")
    assert item.source == str(missing)


def test_a_single_path_string_is_one_path(tmp_path):
    path = write_bytes(tmp_path / "a.txt", f" date 2023-10-17 {BODY}".encode())
    assert [item.name for item in read_paths(str(path))] == ["a.txt"]


def test_paths_are_read_in_the_order_given(tmp_path):
    late = write_bytes(tmp_path / "z.txt", f" date 2023-10-18 {BODY}".encode())
    early = write_bytes(tmp_path / "a.txt", f" date 2023-10-17 {BODY}".encode())
    assert [item.name for item in read_all(late, str(early))] == ["z.txt", "a.txt"]


def test_read_counter_counts_articles_and_skips_while_passing_items_on(tmp_path):
    make_corpus(tmp_path)
    counter = ReadCounter()
    items = list(counter.wrap(read_paths([tmp_path, tmp_path / "missing"])))
    assert len(items) == 5
    assert counter.read == 3
    assert [s.reason for s in counter.skipped] == ["unsupported file type '.pdf'", "no such file or directory"]
    assert counter.summary() == "read 3 articles, skipped 2"


# --- ids -----------------------------------------------------------------------

def test_article_id_is_sha256_of_date_and_text():
    expected = hashlib.sha256(f"2023-10-17\n{BODY}".encode()).hexdigest()[:16]
    assert article_id(date(2023, 10, 17), BODY) == expected


def test_same_content_gets_same_id_across_formats(tmp_path):
    seed = read_one(write_bytes(tmp_path / "a.txt", f" date 2023-10-17 {BODY}".encode()))
    row = read_one(write_jsonl(tmp_path / "b.jsonl", [{"date": "2023-10-17", "text": BODY}]))
    assert seed.id == row.id


def test_different_date_gives_different_id():
    assert article_id(date(2023, 10, 17), BODY) != article_id(date(2023, 10, 18), BODY)


# --- the real seeds ------------------------------------------------------------

SEED_DATES = {
    "000_ff7c9be53553dc1f.txt": date(2023, 11, 28),
    "001_250684541f3afffb.txt": date(2023, 10, 17),
    "002_cc3de9351202efac.txt": date(2024, 11, 26),
    "003_5369adcd33461b8f.txt": date(2023, 11, 13),
    "004_5e6b4ea0779c3f97.txt": date(2023, 7, 3),
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_real_seeds_are_read_with_their_dates_and_exact_bodies():
    articles = {item.name: item for item in read_paths([SEEDS]) if isinstance(item, Article)}
    for name, published in SEED_DATES.items():
        article = articles[name]
        raw = (SEEDS / name).read_text(encoding="utf-8")
        assert article.published == published
        assert raw.startswith(f" date {published.isoformat()} ")
        assert raw.endswith(article.text) and not article.text[0].isspace()

