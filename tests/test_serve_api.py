"""The dashboard's JSON API and pages, over a real database and a real HTTP server.

The database is built by the real ``communique ingest`` from the bundled
synthetic corpus plus one hostile article (markup in its title and text); the
server is uvicorn on a free loopback port; requests go over HTTP with httpx.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from communique.serve.app import VENDOR  # noqa: E402
from communique.serve.testing import HOSTILE, free_port, shared_sample_database  # noqa: E402



def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def database() -> Path:
    return shared_sample_database([HOSTILE])


def ok(client, url, **params) -> dict:
    response = client.get(url, params=params or None)
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def hostile_event(client) -> dict:
    found = ok(client, "/api/events", **{"from": HOSTILE["date"], "to": HOSTILE["date"]})
    for item in found["items"]:
        detail = ok(client, f"/api/events/{item['id']}")
        if any(r["article_info"]["title"] == HOSTILE["title"] for r in detail["reports"]):
            return detail
    pytest.fail("the hostile article produced no event")


# --- endpoints ------------------------------------------------------------------------------

def test_meta(client):
    meta = ok(client, "/api/meta")
    assert meta["database"] == "dash.db"
    assert {t["type"] for t in meta["types"]} >= {"VISIT", "MEETING", "AGREEMENT", "EXERCISE", "PORT_CALL"}
    assert all(t["color"].startswith("#") for t in meta["types"])
    assert len({t["color"] for t in meta["types"]}) == len(meta["types"]), "each type has its own colour"
    codes = {c["code"]: c for c in meta["countries"]}
    assert codes["VNM"]["name"] in ("Viet Nam", "Vietnam") and codes["VNM"]["events"] > 0
    assert meta["totals"]["articles"] == 20 and meta["totals"]["events"] > 50
    assert meta["limits"]["page"] == 200


def test_stats(client):
    stats = ok(client, "/api/stats", top=5)
    assert len(stats["by_dyad"]) == 5
    assert stats["by_dyad"][0]["dyad"] == "LAO-VNM" and stats["by_dyad"][0]["names"][0] == "Laos"
    assert all(d["latest"] for d in stats["by_dyad"])
    dated = sum(row["events"] for row in stats["by_type_month"])
    assert dated + stats["undated"] == stats["events"]
    assert sum(row["events"] for row in stats["by_month"]) == dated


def test_events_filters_sort_and_pages(client):
    everything = ok(client, "/api/events", limit=200)
    assert everything["total"] == len(everything["items"]) and not everything["total_capped"]
    dated = [e["day_lo"] for e in everything["items"] if e["day_lo"]]
    assert dated == sorted(dated, reverse=True), "newest first by default"
    assert all(e["summary"].startswith(e["type"]) for e in everything["items"])

    visits = ok(client, "/api/events", type="VISIT", limit=200)
    assert 0 < visits["total"] < everything["total"] and {e["type"] for e in visits["items"]} == {"VISIT"}
    assert visits["filters"] == {"type": "VISIT"}

    lao = ok(client, "/api/events", country="lao")
    assert lao["items"] and all("LAO" in e["countries"] for e in lao["items"])
    dyad = ok(client, "/api/events", dyad="VNM-LAO")
    assert dyad["filters"]["dyad"] == "LAO-VNM" and all({"LAO", "VNM"} <= set(e["countries"]) for e in dyad["items"])

    planned = ok(client, "/api/events", status="planned")
    assert planned["items"] and {e["status"] for e in planned["items"]} == {"planned"}

    span = ok(client, "/api/events", **{"from": "2024-11", "to": "2024-11"})
    assert span["items"] and all(e["day_lo"] <= "2024-11-30" and e["day_hi"] >= "2024-11-01" for e in span["items"])

    actor = ok(client, "/api/events", actor="Chansamone")
    assert actor["items"] and all(any("Chansamone" in p["name"] for p in e["participants"]) for e in actor["items"])

    found = ok(client, "/api/events", search="Port Klang")
    assert found["items"] and {"CHN", "MYS"} <= set(found["items"][0]["countries"])

    oldest = ok(client, "/api/events", order="date", limit=3)
    assert [e["day_lo"] for e in oldest["items"] if e["day_lo"]] == sorted(e["day_lo"] for e in oldest["items"] if e["day_lo"])
    by_reports = ok(client, "/api/events", order="reports", limit=1)
    assert by_reports["items"][0]["n_reports"] >= 2

    page1 = ok(client, "/api/events", limit=10, order="id")
    page2 = ok(client, "/api/events", limit=10, offset=10, order="id")
    assert page1["total"] == page2["total"] == everything["total"]
    assert [e["id"] for e in page1["items"]] + [e["id"] for e in page2["items"]] == \
        sorted(e["id"] for e in everything["items"])[:20]


def test_event_detail_has_reports_text_highlights_and_merge(client):
    merged = ok(client, "/api/events", order="reports", limit=1)["items"][0]
    detail = ok(client, f"/api/events/{merged['id']}")
    assert detail["id"] == merged["id"] and len(detail["reports"]) == detail["n_reports"] >= 2
    assert "reports" in detail["merge"]
    assert detail["reports"][0]["merge_reason"] is None
    assert all(r["merge_reason"] for r in detail["reports"][1:]), "every later report says why it merged"
    for report in detail["reports"]:
        article = report["article_info"]
        assert article["published"] and article["name"] and article["length"] > 0
        text = "".join(s["text"] for s in report["segments"])
        assert len(text) == article["length"], "the segments are the whole article, in order"
        for i, span in enumerate(report["evidence_spans"]):
            assert text[span["start"]:span["end"]] == span["text"]
            covered = "".join(s["text"] for s in report["segments"] if i in s["evidence"])
            assert covered == span["text"], "the highlighted evidence is exactly the stored span"
        assert any(s["mention"] for s in report["segments"]), "person mentions are marked"
        for s in report["segments"]:
            if s["mention"]:
                assert text[s["start"]:s["end"]] == s["text"]


def test_event_with_conflicting_reports(client):
    everything = ok(client, "/api/events", limit=200)["items"]
    conflicting = [e for e in everything if e["conflicts"]]
    assert conflicting
    detail = ok(client, f"/api/events/{conflicting[0]['id']}")
    assert detail["conflicts"][0]["field"] and len(detail["conflicts"][0]["values"]) >= 2
    assert any(r["differs"] for r in detail["reports"])


def test_timeline(client):
    dyad = ok(client, "/api/timeline", dyad="LAO-VNM")
    assert dyad["subject"]["dyad"]["code"] == "LAO-VNM"
    items = dyad["items"]
    assert items and [i["start"] for i in items] == sorted(i["start"] for i in items)
    assert any(i["range"] for i in items) and any(not i["range"] for i in items), "points and ranges"
    for item in items:
        assert item["start"] <= item["end"] and item["precision"] in ("day", "month", "year")
    visit = next(i for i in items if i["type"] == "VISIT" and i["range"])
    assert visit["end"] > visit["start"]

    actor = ok(client, "/api/timeline", actor="Chansamone Chanyalath")
    assert actor["subject"]["actor"]["name"] == "Chansamone Chanyalath" and actor["items"]
    country = ok(client, "/api/timeline", country="THA", **{"from": "2024"})
    assert country["items"] and all(i["end"] >= "2024-01-01" for i in country["items"])
    assert client.get("/api/timeline", params={"actor": "Nobody Atall"}).status_code == 404


def test_network(client):
    net = ok(client, "/api/network")
    kinds = {n["kind"] for n in net["nodes"]}
    assert kinds == {"country", "person"}
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in net["edges"])
    dyads = {(e["from"], e["to"]): e for e in net["edges"] if e["kind"] == "dyad"}
    assert dyads[("c:LAO", "c:VNM")]["weight"] >= 5 and dyads[("c:LAO", "c:VNM")]["url"].startswith("/events?dyad=")
    assert all(n["url"].startswith("/actors/") for n in net["nodes"] if n["kind"] == "person")
    assert all(n["url"].startswith("/timeline?country=") for n in net["nodes"] if n["kind"] == "country")

    exercises = ok(client, "/api/network", type="EXERCISE", people="false")
    assert {n["kind"] for n in exercises["nodes"]} == {"country"}
    assert exercises["events"] < net["events"]
    heavy = ok(client, "/api/network", min_weight=5)
    assert all(e["weight"] >= 5 for e in heavy["edges"] if e["kind"] != "member")
    period = ok(client, "/api/network", **{"from": "2018", "to": "2019"})
    assert period["events"] == ok(client, "/api/events", **{"from": "2018", "to": "2019"})["total"] < net["events"]
    assert {"c:LAO", "c:VNM"} <= {n["id"] for n in period["nodes"]}


def test_actors_and_actor(client):
    people = ok(client, "/api/actors", limit=5)
    assert len(people["items"]) == 5 and people["total"] > 5
    counts = [a["events"] for a in people["items"]]
    assert counts == sorted(counts, reverse=True)
    lao = ok(client, "/api/actors", country="LAO")
    assert lao["items"] and all(a["country"] == "LAO" for a in lao["items"])
    named = ok(client, "/api/actors", name="chansamone")
    person = ok(client, f"/api/actors/{named['items'][0]['id']}")
    assert person["name"] == "Chansamone Chanyalath" and person["country_name"] == "Laos"
    assert person["titles"] and all(t["kind"] in ("rank", "office", "title") for t in person["titles"])
    assert {"rank", "office"} <= {t["kind"] for t in person["titles"]}
    assert person["engagements"] and person["by_type"]
    assert person["counterparts"] and all(c["events"] >= 1 for c in person["counterparts"])
    assert "VNM" in {c["code"] for c in person["counterpart_countries"]}
    assert client.get("/api/actors/999999").status_code == 404


def test_agreements_chain(client):
    found = ok(client, "/api/agreements")
    by_name = [g for g in found["items"] if g["name"] == "Protocol on Defence Cooperation" and g["parties"] == ["LAO", "VNM"]]
    first, second = sorted(by_name, key=lambda g: g["start"])
    assert (first["start"], first["end"]) == ("2019-01-01", "2023-12-31")
    assert (second["start"], second["end"]) == ("2024-01-01", "2028-12-31")
    assert first["successor_id"] == second["id"] and second["predecessor_id"] == first["id"]
    assert first["chain"] == second["chain"] == first["id"]
    chain = next(c for c in found["chains"] if c["id"] == first["id"])
    assert chain["members"] == [first["id"], second["id"]]
    assert all(g["events"] for g in found["items"])
    laos = ok(client, "/api/agreements", country="LAO")
    assert laos["items"] and all("LAO" in g["parties"] for g in laos["items"])


def test_openapi_documents_every_endpoint(client):
    doc = ok(client, "/api/openapi.json")
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    for path in ("/api/meta", "/api/stats", "/api/events", "/api/events/{event_id}", "/api/timeline",
                 "/api/network", "/api/actors", "/api/actors/{actor_id}", "/api/agreements"):
        assert path in paths and paths[path]["get"]["summary"], path
    params = {p["name"]: p for p in paths["/api/events"]["get"]["parameters"]}
    assert set(params) >= {"type", "country", "dyad", "actor", "from", "to", "status", "search", "order", "limit", "offset"}
    assert params["limit"]["schema"]["maximum"] == 200
    assert not any(p.startswith("/events") or p == "/" for p in paths), "pages are not API"
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text


# --- validation: every bad parameter is a 4xx with a message, never a 500 ------------------------

@pytest.mark.parametrize("url, status", [
    ("/api/events?limit=0", 422),
    ("/api/events?limit=201", 422),
    ("/api/events?limit=ten", 422),
    ("/api/events?offset=-1", 422),
    ("/api/events?type=PARADE", 422),
    ("/api/events?status=maybe", 422),
    ("/api/events?order=random", 422),
    ("/api/events?country=VIETNAM", 422),
    ("/api/events?dyad=VNM", 422),
    ("/api/events?dyad=VNM-VNM", 400),
    ("/api/events?from=2023-13", 400),
    ("/api/events?from=2023-02-30", 400),
    ("/api/events?from=yesterday", 422),
    ("/api/events?from=2024&to=2023", 400),
    ("/api/events?search=%22%22%20!!", 400),
    ("/api/events?colour=red", 400),
    ("/api/events?status=%0B", 422),          # whitespace is a value (only an empty field means no filter)
    ("/api/events?actor=%20", 400),
    ("/api/events?type=VISIT&type=MEETING", 400),
    ("/api/events/abc", 422),
    ("/api/events/0", 422),
    ("/api/events/99999999", 404),
    ("/api/events/99999999999999999999999", 422),
    ("/api/timeline", 400),
    ("/api/timeline?dyad=VNM-LAO&limit=100000", 422),
    ("/api/network?max_people=-1", 422),
    ("/api/network?min_weight=0", 422),
    ("/api/network?people=perhaps", 422),
    ("/api/network?from=2024-00", 400),
    ("/api/actors?limit=1000", 422),
    ("/api/actors/x", 422),
    ("/api/agreements?limit=5000", 422),
    ("/api/stats?top=0", 422),
    ("/api/meta?anything=1", 400),
    ("/api/nowhere", 404),
])
def test_bad_parameters_are_4xx_with_a_message(client, url, status):
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    detail = response.json()["detail"]
    assert isinstance(detail, str) and len(detail) > 5


def test_empty_parameters_mean_no_filter(client):
    assert ok(client, "/api/events?type=&country=&limit=5")["filters"] == {}
    # ... and the rest of the query survives, diacritics included.
    found = ok(client, "/api/actors", name="Lịch", country="")
    assert [a["name"] for a in found["items"]] == ["Ngo Xuan Lich"]
    assert ok(client, "/api/events", actor="Ngô Xuân Lịch", type="")["items"]


# --- pages and escaping ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/events", "/events?type=VISIT", "/timeline?dyad=LAO-VNM", "/network",
                                  "/actors", "/agreements", "/api/docs"])
def test_pages(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<nav aria-label="Main">' in html and "/static/js/app.js" in html
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html, "no outside assets"


def test_event_and_actor_pages(client):
    event_id = ok(client, "/api/events", limit=1)["items"][0]["id"]
    assert client.get(f"/events/{event_id}").status_code == 200
    actor_id = ok(client, "/api/actors", limit=1)["items"][0]["id"]
    page = client.get(f"/actors/{actor_id}")
    assert page.status_code == 200 and f'data-actor-id="{actor_id}"' in page.text
    missing = client.get("/events/999999")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "no event 999999" in missing.text.lower()
    assert client.get("/actors/999999").status_code == 404


def test_markup_in_articles_is_escaped(client):
    detail = hostile_event(client)
    report = next(r for r in detail["reports"] if r["article_info"]["title"] == HOSTILE["title"])
    # The API gives the text as data (JSON), untouched ...
    assert report["article_info"]["title"] == HOSTILE["title"]
    assert "<script>window.__xss=3</script>" in "".join(s["text"] for s in report["segments"])
    # ... and the page that shows it escapes it.
    html = client.get(f"/events/{detail['id']}").text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "<script>window.__xss" not in html and "<img src=x" not in html
    assert html.count("<script") == html.count('<script src="/'), "only our own script files"


# --- read-only ---------------------------------------------------------------------------------------

def test_head_is_answered_like_get(client):
    for url in ("/", "/api/meta"):
        response = client.head(url)
        assert response.status_code == 200 and response.content == b""
        assert int(response.headers["content-length"]) > 0


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_are_refused(client, method):
    for url in ("/api/events", "/api/events/1", "/events", "/api/agreements"):
        response = client.request(method, url, json={"type": "VISIT"})
        assert response.status_code == 405, (method, url, response.status_code)


def test_the_database_connection_cannot_write(app, database):
    before = digest(database)
    conn = app.state.db.open()
    try:
        assert conn.execute("PRAGMA query_only").fetchone()[0] == 1
        for statement in ("DELETE FROM events", "UPDATE articles SET title = 'x'", "CREATE TABLE x (a)",
                          "INSERT INTO kb_meta (key, value) VALUES ('x', 1)"):
            with pytest.raises(sqlite3.OperationalError):
                conn.execute(statement)
        conn.execute("PRAGMA query_only = OFF")   # even then: the file is opened mode=ro
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM events")
    finally:
        conn.close()
    assert digest(database) == before


# --- vendored libraries ---------------------------------------------------------------------------------

def test_vendor_files_are_served_from_node_modules_only(client, app):
    if not (app.state.node_modules / VENDOR["chart.js/chart.umd.min.js"]).is_file():
        pytest.skip("node_modules is not installed (run bin/setup)")
    for name in VENDOR:
        response = client.get(f"/vendor/{name}")
        assert response.status_code == 200 and len(response.content) > 1000, name
    for name in ("chart.js/package.json", "../package.json", "vis-network/../../pyproject.toml", "x"):
        assert client.get(f"/vendor/{name}").status_code == 404, name
    assert client.get("/types.css").text.count(".t-") >= 12


# --- the command -----------------------------------------------------------------------------------------

def test_serve_command(database, tmp_path):
    from click.testing import CliRunner

    from communique.cli import main

    runner = CliRunner()
    usage = runner.invoke(main, ["serve", "--help"])
    assert usage.exit_code == 0 and "--host" in usage.output and "127.0.0.1" in usage.output
    missing = runner.invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "no database" in missing.output

    port = free_port()
    exe = Path(sys.executable).with_name("communique")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "communique"]
    process = subprocess.Popen([*command, "serve", "--db", str(database), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read().decode()
                assert time.monotonic() < deadline, "communique serve did not answer"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["database"] == "dash.db"
    finally:
        process.terminate()
        process.wait(timeout=10)
