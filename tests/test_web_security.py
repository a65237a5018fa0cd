"""The dashboard's web surface under attack: every parameter validated, no 5xx, nothing injected.

The database is the bundled synthetic corpus (built by the real ``communique
ingest``) plus hostile records stored through the real ``Store``: markup and
bidi overrides in titles, names and places, a ``javascript:`` source URL, and
events dated at the very ends of the calendar (0001-01-01, 9999-12-31).

- the API is fuzzed from its own OpenAPI document with schemathesis (valid and
  invalid data, bounded examples): no 5xx, and every answer conforms to the
  document (status codes, content types, bodies);
- every parameter of every endpoint is tried with a wrong type, out of its
  range, too long, off its pattern, repeated, and unknown: always a 4xx with a
  message;
- SQL injection in every filter and FTS5 syntax in full-text search: a 4xx or
  harmless results, never a 500, never a wider result, never a change to the file;
- script injection: pages escape what they show, JSON answers are not sniffable;
- path traversal in every route that names a file, raw and encoded;
- ``communique serve`` listens on 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from hypothesis import HealthCheck, given, settings  # noqa: E402

from communique.kb import Store  # noqa: E402
from communique.kb.samples import sample_document, sample_event  # noqa: E402
from communique.serve import api  # noqa: E402
from communique.serve.testing import HOSTILE, free_port, shared_sample_database  # noqa: E402

# HOSTILE is the same extra article as tests/test_serve_api.py's, so one session builds the base database once.

XSS_NAME = '<img src=x onerror="window.__xss=9">Nguyen Xss Name'
BIDI_NAME = "\u202eaihes aeT\u202c Sok Bidi"
XSS_PLACE = "<svg onload=alert(7)>"
XSS_TITLE = '"><script>alert("title")</script><!--'
JS_URL = "javascript:alert(document.domain)"
RAW_MARKERS = ("<script>alert", "<img src=x", "<svg onload", "onerror=\"window")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hostile_documents():
    meeting = sample_event("MEETING", ["VNM", "KHM"], "2024-05-03",
                           people=[(XSS_NAME, "VNM", "host"), (BIDI_NAME, "KHM", "guest")], location=XSS_PLACE,
                           sentence=f"{XSS_NAME} met {BIDI_NAME} at {XSS_PLACE} on 3 May 2024 <script>alert(1)</script>.")
    doc = sample_document("hostile-2.txt", "2024-05-04", [meeting])
    doc.article.title, doc.article.url = XSS_TITLE, JS_URL
    # the calendar's ends: readers refuse such publication dates, the store and the API must still cope
    first = sample_document("edge-first.txt", "0001-01-01", [sample_event(
        "VISIT", ["LAO", "THA"], "0001-01-01", people=[("Edge First Person", "LAO", "guest")])])
    last = sample_document("edge-last.txt", "9999-12-31", [sample_event(
        "EXERCISE", ["LAO", "THA"], "9999-12-01", "9999-12-31", people=[("Edge Last Person", "THA", "host")])])
    return [doc, first, last]


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    base = shared_sample_database([HOSTILE])
    path = tmp_path_factory.mktemp("websec") / "web.db"
    shutil.copyfile(base, path)
    with Store(path) as store:
        summary = store.ingest(hostile_documents())
    assert summary.new == 3, summary
    return path


@pytest.fixture(scope="module")
def openapi(client) -> dict:
    return client.get("/api/openapi.json").json()


def get(client, url, **params):
    return client.get(url, params=params or None)


def assert_4xx_with_message(response, context=""):
    assert 400 <= response.status_code < 500, (context, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json"), context
    detail = response.json()["detail"]
    assert isinstance(detail, str) and len(detail) > 3 and "\n" not in detail, (context, detail)


# --- schemathesis: the API fuzzed from its own OpenAPI document ----------------------------------

API_PATHS = [route.path for route in api.router.routes]
# Positive: data the document allows (must be answered 2xx or a documented 4xx, the body as documented);
# negative: data it forbids (must be refused with a 4xx). /api/meta takes no parameter to break.
FUZZ = [(path, mode) for path in API_PATHS for mode in ("positive", "negative")
        if not (mode == "negative" and path == "/api/meta")]


@pytest.fixture(scope="module")
def api_schema(app):
    schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[test]')")
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


@pytest.mark.parametrize("path, mode", FUZZ, ids=[f"{p}-{m}" for p, m in FUZZ])
def test_the_api_fuzzed_from_its_openapi_document_never_fails_and_conforms(api_schema, database, path, mode):
    from schemathesis import GenerationMode
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    operation = api_schema[path]["GET"]
    mode = GenerationMode(mode)
    before = digest(database)

    # ``positive_data_acceptance`` is left out: some rules cannot be written in OpenAPI (2023-02-30,
    # from after to, VNM-VNM, a search with no words) and are answered with the documented 400.
    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                     HealthCheck.function_scoped_fixture])
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case):
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
        assert response.status_code < 500

    fuzz()
    assert digest(database) == before


# --- every parameter validated -------------------------------------------------------------------

def query_parameters(openapi: dict):
    for path, operations in openapi["paths"].items():
        for parameter in operations["get"].get("parameters", []):
            yield path, parameter


def test_every_parameter_is_bounded_in_the_document(openapi):
    assert set(openapi["paths"]) == set(API_PATHS)
    for path, parameter in query_parameters(openapi):
        schema = parameter["schema"]
        schema = next((s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"), schema)
        where = f"{path} {parameter['name']}"
        if schema.get("type") == "integer":
            assert "maximum" in schema and ("minimum" in schema or "exclusiveMinimum" in schema), where
        elif schema.get("type") == "string":
            assert any(k in schema for k in ("maxLength", "pattern", "enum")), where
        elif "$ref" in schema:
            assert schema["$ref"].startswith("#/components/schemas/"), where   # an enum
        else:
            assert schema.get("type") == "boolean", where
    # page sizes are capped, and every error answer is documented with its real shape
    caps = {(p, q["name"]): q["schema"].get("maximum") for p, q in query_parameters(openapi)}
    assert caps[("/api/events", "limit")] == api.MAX_PAGE == 200
    assert caps[("/api/actors", "limit")] == api.MAX_PAGE
    assert caps[("/api/timeline", "limit")] == api.MAX_TIMELINE
    assert caps[("/api/agreements", "limit")] == api.MAX_AGREEMENTS
    for path in API_PATHS:
        responses = openapi["paths"][path]["get"]["responses"]
        assert {"200", "400", "404", "422"} <= set(responses), path


def bad_values(schema: dict) -> list[str]:
    """Values of the wrong type, out of range, too long or off the pattern, for one parameter's schema."""
    schema = next((s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"), schema)
    kind = schema.get("type")
    if kind == "integer":
        values = ["ten", "1.5", "1e3", "0x10", "--1", "1;DROP TABLE events", str(2 ** 70), "\u0661\u0662"]
        if "maximum" in schema:
            values.append(str(schema["maximum"] + 1))
        if "minimum" in schema:
            values.append(str(schema["minimum"] - 1))
        return values
    if kind == "boolean":
        return ["perhaps", "2", "' OR 1=1 --"]
    if "$ref" in schema:                       # an enum
        return ["PARADE", "visit' OR '1'='1", "<script>"]
    values = []
    if "maxLength" in schema:
        values.append("x" * (schema["maxLength"] + 1))
    if "pattern" in schema:
        values += ["<script>alert(1)</script>", "VNM' OR '1'='1", "2024-01-01; DROP TABLE events", "\u202eVNM"]
    return values


def test_a_wrong_type_range_length_or_pattern_is_a_4xx_with_a_message_for_every_parameter(client, openapi):
    tried = 0
    for path, parameter in query_parameters(openapi):
        if parameter["in"] != "query":
            continue
        url = path.replace("{event_id}", "1").replace("{actor_id}", "1")
        # the timeline needs a subject; give one unless that is the parameter being broken
        fixed = {"dyad": "VNM-KHM"} if path == "/api/timeline" and parameter["name"] != "dyad" else {}
        for value in bad_values(parameter["schema"]):
            response = get(client, url, **fixed, **{parameter["name"]: value})
            assert_4xx_with_message(response, f"{url}?{parameter['name']}={value[:40]}")
            tried += 1
    assert tried > 100


@pytest.mark.parametrize("url", [f"{p}?{q}" for p in ("/api/meta", "/api/stats", "/api/events", "/api/events/1",
                                                    "/api/timeline?dyad=VNM-KHM&", "/api/network", "/api/actors",
                                                    "/api/actors/1", "/api/agreements")
                                 for q in ("colour=red", "limit=5&limit=6", "LIMIT=5", "__proto__=1", "q[]=1")])
def test_unknown_or_repeated_parameters_are_refused(client, url):
    url = url.replace("&?", "&")
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code)
    assert_4xx_with_message(response, url)


@pytest.mark.parametrize("path", ["/api/events/{}", "/api/actors/{}"])
@pytest.mark.parametrize("value", ["0", "-1", "1.5", "1e2", str(2 ** 63), "1 OR 1=1", "1;DELETE FROM events",
                                   "%27", "abc", "%00"])
def test_path_ids_are_validated(client, path, value):
    assert_4xx_with_message(client.get(path.format(value)), path.format(value))


def test_dates_at_the_ends_of_the_calendar_are_answered_not_crashed(client):
    for url in ("/api/events?from=0001", "/api/events?from=0001-01-01&to=0001-12", "/api/network?from=0001",
                "/api/timeline?dyad=LAO-THA&from=0001-02", "/api/events?from=9999-12-31",
                "/api/events?to=9999", "/api/events?from=0000", "/api/timeline?country=LAO&to=0001"):
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code, response.text[:200])
        if response.status_code == 400:
            assert_4xx_with_message(response, url)
    edge = get(client, "/api/events", **{"from": "9999-12", "to": "9999"}).json()["items"]
    assert [e["type"] for e in edge] == ["EXERCISE"] and edge[0]["day_hi"] == "9999-12-31"
    timeline = get(client, "/api/timeline", dyad="LAO-THA").json()
    assert {i["start"] for i in timeline["items"]} >= {"0001-01-01", "9999-12-01"}


# --- SQL injection and FTS5 syntax ---------------------------------------------------------------

INJECTIONS = [
    "' OR '1'='1", "' OR 1=1 --", "\" OR \"\"=\"", "1' UNION SELECT name, sql FROM sqlite_master --",
    "'; DROP TABLE events; --", "VNM'); DELETE FROM articles; --", "%", "_", "%' OR name LIKE '%",
    "\\", "\x00", "' AND randomblob(1000000000) --", "1 OR 1=1", "ATTACH DATABASE '/tmp/x.db' AS x",
]
# every free-text filter (patterns and enums are covered above: they refuse these outright)
TEXT_FILTERS = [("/api/events", "actor"), ("/api/events", "search"), ("/api/timeline", "actor"),
                ("/api/actors", "name"), ("/api/agreements", "kind"), ("/api/agreements", "name")]
PATTERN_FILTERS = [("/api/events", "country"), ("/api/events", "dyad"), ("/api/events", "from"),
                   ("/api/events", "to"), ("/api/events", "type"), ("/api/events", "status"),
                   ("/api/events", "order"), ("/api/timeline", "dyad"), ("/api/timeline", "country"),
                   ("/api/network", "from"), ("/api/network", "type"), ("/api/actors", "country"),
                   ("/api/agreements", "country")]


def listed(body: dict) -> list:
    return body.get("items", [])


@pytest.mark.parametrize("path, name", TEXT_FILTERS, ids=[f"{p}?{n}" for p, n in TEXT_FILTERS])
def test_sql_injection_in_free_text_filters_is_data_not_code(client, database, path, name):
    before, totals = digest(database), get(client, "/api/meta").json()["totals"]
    fixed = {"dyad": "VNM-KHM"} if path == "/api/timeline" else {}
    everything = len(listed(get(client, path, **fixed, limit=200).json())) if path != "/api/timeline" else None
    for payload in INJECTIONS:
        response = get(client, path, **fixed, **{name: payload})
        context = f"{path}?{name}={payload!r}"
        assert response.status_code in (200, 400, 404), (context, response.status_code, response.text[:300])
        if response.status_code != 200:
            assert_4xx_with_message(response, context)
            continue
        items = listed(response.json())
        # A tautology or a LIKE wildcard must not widen the filter: only the payload's own words count.
        words = [w for w in "".join(c if c.isalnum() else " " for c in payload).split()]
        if words and everything:
            assert len(items) < everything or everything <= 1, context
        assert all(isinstance(i, dict) and "id" in i for i in items), context
    assert get(client, "/api/meta").json()["totals"] == totals     # every table still there, as it was
    assert digest(database) == before


@pytest.mark.parametrize("path, name", PATTERN_FILTERS, ids=[f"{p}?{n}" for p, n in PATTERN_FILTERS])
def test_sql_injection_in_validated_filters_is_refused(client, path, name):
    fixed = {"dyad": "VNM-KHM"} if path == "/api/timeline" and name != "dyad" else {}
    for payload in INJECTIONS + ["VNM' --", "2024' OR '1'='1", "VNM-KHM' OR 1=1 --"]:
        assert_4xx_with_message(get(client, path, **fixed, **{name: payload}), f"{path}?{name}={payload!r}")


FTS_SYNTAX = ['"', "*", "NEAR(", "OR", "AND", "NOT", "a OR", "(", ")", "^", "^giang", "giang*", "text:giang",
              "{text}: giang", '"unclosed phrase', "NEAR(giang seiha, 2)", "-", "+", ":", "'", "\\", "\u0000",
              "giang AND", "OR OR OR", "* OR *", '""""', "\u202e", "MATCH", "rank", "evidence_fts",
              "giang\" OR \"1", "x" * 190]


@pytest.mark.parametrize("payload", FTS_SYNTAX)
def test_fts5_syntax_in_search_is_a_4xx_or_a_plain_word_search(client, payload):
    response = get(client, "/api/events", search=payload)
    context = f"search={payload!r}"
    assert response.status_code in (200, 400), (context, response.status_code, response.text[:300])
    if response.status_code == 400:
        assert_4xx_with_message(response, context)
        return
    body = response.json()
    # the words are searched as plain words: the same answer as the words alone, quoted
    words = " ".join(f'"{w}"' for w in "".join(c if c.isalnum() else " " for c in payload).split())
    if words:
        same = get(client, "/api/events", search=words).json()
        assert [e["id"] for e in body["items"]] == [e["id"] for e in same["items"]], context


def test_fts5_operators_never_reach_the_cli_as_a_traceback(database):
    from click.testing import CliRunner

    from communique.cli import main
    runner = CliRunner()
    for payload in ('NEAR(', 'OR', '*', 'giang*', '"unclosed'):
        result = runner.invoke(main, ["events", "--db", str(database), "--search", payload, "--format", "json"])
        assert result.exception is None or isinstance(result.exception, SystemExit), (payload, repr(result.exception))
        assert result.exit_code in (0, 2) and "Traceback" not in result.output, (payload, result.output[-300:])


def test_a_search_with_no_words_is_a_usage_error_in_the_articles_command(database):
    from click.testing import CliRunner

    from communique.cli import main
    result = CliRunner().invoke(main, ["articles", "--db", str(database), "--search", '"'])
    assert result.exit_code == 2 and "give words" in result.output, (result.exit_code, repr(result.exception))


# --- script injection: escaped pages, unsniffable JSON ---------------------------------------------

def hostile_event_id(client) -> int:
    found = get(client, "/api/events", **{"from": "2024-05-03", "to": "2024-05-03"}).json()["items"]
    for item in found:
        if any(p["name"] == XSS_NAME for p in item["participants"]):
            return item["id"]
    pytest.fail("the hostile event was not stored")


def assert_escaped(html: str, context: str):
    for marker in RAW_MARKERS:
        assert marker not in html, (context, marker)
    assert html.count("<script") == html.count('<script src="/'), (context, "only our own script files")


def test_markup_in_titles_names_and_places_is_escaped_in_pages(client):
    event_id = hostile_event_id(client)
    page = client.get(f"/events/{event_id}")
    assert page.status_code == 200
    assert_escaped(page.text, "event page")
    assert "&lt;img src=x onerror=" in page.text          # the name is shown, as text
    assert "&#34;&gt;&lt;script&gt;" in page.text or "&quot;&gt;&lt;script&gt;" in page.text   # the title too
    detail = get(client, f"/api/events/{event_id}").json()
    actor_id = next(p["actor_id"] for p in detail["participants"] if p["name"] == XSS_NAME)
    page = client.get(f"/actors/{actor_id}")
    assert page.status_code == 200 and "&lt;img src=x" in page.text
    assert_escaped(page.text, "actor page")
    # the API gives the text as data, untouched, in JSON that a browser will not sniff as HTML
    response = client.get(f"/api/events/{event_id}")
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert any(r["article_info"]["title"] == XSS_TITLE for r in response.json()["reports"])


@pytest.mark.parametrize("url", [
    "/events/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/actors/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/events?type=%3Cscript%3Ealert(1)%3C/script%3E",
    "/timeline?dyad=%22%3E%3Cscript%3Ealert(1)%3C/script%3E", "/events/999999?x=%3Csvg%20onload%3Dalert(1)%3E",
    "/api/events?country=%3Cscript%3Ealert(1)%3C/script%3E", "/api/timeline?actor=%3Cscript%3Ealert(1)%3C/script%3E",
    "/vendor/%3Cscript%3Ealert(1)%3C/script%3E", "/api/nowhere/%3Cscript%3Ealert(1)%3C/script%3E",
])
def test_reflected_parameters_are_never_live_markup(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    kind = response.headers["content-type"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    if kind.startswith("text/html"):
        assert_escaped(response.text, url)
        assert "<svg onload" not in response.text and "<script>alert" not in response.text
    else:
        assert kind.startswith("application/json"), (url, kind)


def test_a_javascript_source_url_is_never_a_link(base, client):
    """The event page's script links an article's source only when it is http(s)."""
    import shutil as _shutil
    chromium = os.environ.get("COMMUNIQUE_CHROMIUM") or _shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("no chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
    event_id = hostile_event_id(client)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox",
                                                                               "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(f"{base}/events/{event_id}")
            page.wait_for_selector(".report", timeout=15000)
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            assert hrefs and not any(h.strip().lower().startswith("javascript:") for h in hrefs), hrefs
            assert page.evaluate("window.__xss") is None
        finally:
            browser.close()


# --- path traversal --------------------------------------------------------------------------------

TRAVERSALS = [
    "/vendor/../../etc/passwd", "/vendor/..%2f..%2f..%2fetc%2fpasswd", "/vendor/%2e%2e/%2e%2e/etc/passwd",
    "/vendor/chart.js/../../package.json", "/vendor/chart.js%2f..%2f..%2fpackage.json",
    "/vendor/%2e%2e%2f%2e%2e%2fpyproject.toml", "/vendor/..%5c..%5cpyproject.toml", "/vendor//etc/passwd",
    "/vendor/%252e%252e/%252e%252e/etc/passwd", "/static/../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/static/%2e%2e/api.py", "/static/..%5c..%5capi.py", "/static/%252e%252e/%252e%252e/api.py",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/css%00/app.css", "/static/..;/api.py",
    "/static/../templates/base.html", "/static/%2e%2e/templates/base.html", "/static/css/..%2f..%2f..%2fdb.py",
    "//etc/passwd", "/favicon.ico/../../etc/passwd", "/types.css/..%2f..%2fetc%2fpasswd",
    "/events/..%2f..%2fetc%2fpasswd", "/api/events/..%2f..%2f1", "/api/openapi.json/..%2f..%2fetc/passwd",
]
SECRETS = (b"root:x:0:0", b"[project]", b"from __future__", b"{% extends", b"\"dependencies\"", b"SQLite format")


@pytest.mark.parametrize("raw_path", TRAVERSALS)
def test_path_traversal_reaches_no_file(base, raw_path):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", raw_path)        # sent as written: no client-side normalisation
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status in (400, 404, 405), (raw_path, response.status)
    assert not any(secret in body for secret in SECRETS), (raw_path, body[:200])


def test_the_served_files_are_only_the_listed_ones(client):
    assert client.get("/static/css/app.css").status_code == 200
    assert client.get("/favicon.ico").status_code == 200
    for name in ("chart.js/package.json", "chart.js/dist/chart.umd.min.js", "swagger-ui-dist/index.html"):
        assert client.get(f"/vendor/{name}").status_code == 404, name


# --- where it listens, and that it only reads ----------------------------------------------------------

def listening_addresses(port: int) -> set[str]:
    """Local addresses in LISTEN state on ``port``, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_serve_listens_on_loopback_by_default(database):
    from communique.serve.commands import serve
    assert next(p for p in serve.params if p.name == "host").default == "127.0.0.1"
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp to read the listening address from")
    port = free_port()
    exe = Path(sys.executable).with_name("communique")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "communique"]
    process = subprocess.Popen([*command, "serve", "--db", str(database), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not listening_addresses(port):
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "communique serve did not start listening"
            time.sleep(0.1)
        assert listening_addresses(port) == {"0100007F"}, "listens on 127.0.0.1 only"
        assert httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=10).status_code == 200
        # and not on any other address of this machine
        others = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
        for address in others:
            with pytest.raises(OSError):
                socket.create_connection((address, port), timeout=2).close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_requests_that_could_write_are_refused_whatever_they_carry(client, database):
    before = digest(database)
    for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"):
        response = client.request(method, "/api/events", content=b"DELETE FROM events;")
        assert response.status_code == 405, (method, response.status_code)
        # The refused body is never read: it must not be taken for the next request on the connection.
        refused = client.post("/api/events", content=b"GET /x HTTP/1.1\r\n" * 4000)
        assert refused.status_code == 405
        assert client.get("/api/meta").status_code == 200, method
    assert digest(database) == before


def test_the_json_answers_of_hostile_records_round_trip(client):
    """Bidi overrides and markup come back as the same Unicode data, not mangled or executed."""
    event_id = hostile_event_id(client)
    detail = client.get(f"/api/events/{event_id}").json()
    names = {p["name"] for p in detail["participants"]}
    assert {XSS_NAME, BIDI_NAME} <= names
    assert detail["location"]["name"] == XSS_PLACE
    raw = client.get(f"/api/events/{event_id}").text
    assert json.loads(raw)["id"] == event_id
