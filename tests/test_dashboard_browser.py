"""The dashboard in a real headless browser (Debian chromium, driven by Playwright).

A real database (``communique ingest`` of the bundled synthetic corpus plus one
hostile article), a real uvicorn server on a free loopback port, and Chromium:
every page opens without errors, filters narrow the table, a chart bar and a
network node click through to an event whose evidence is highlighted, markup in
an article stays text, and nothing is fetched from outside localhost. A
screenshot of each page at 1440x900 goes to tests/screenshots/.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

CHROMIUM = os.environ.get("COMMUNIQUE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")

from communique.serve.app import VENDOR, create_app, find_node_modules  # noqa: E402
from communique.serve.testing import HOSTILE, ServerThread, shared_sample_database  # noqa: E402

if not (find_node_modules() / VENDOR["chart.js/chart.umd.min.js"]).is_file():
    pytest.skip("node_modules is not installed: run bin/setup (npm ci)", allow_module_level=True)

SHOTS = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-default-apps", "--disable-sync",
        "--metrics-recording-only", "--no-default-browser-check", "--disable-extensions"]



@pytest.fixture(scope="module")
def base():
    database = shared_sample_database([HOSTILE])
    with ServerThread(create_app(database)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as error:  # a chromium that cannot start here is not a dashboard failure
            pytest.skip(f"chromium did not start: {error}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def requested():
    """Every URL any page asked for, across the module."""
    return []


@pytest.fixture
def page(browser, base, requested):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    problems: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.set_default_timeout(15000)
    page.base = base
    page.allow_http_errors = False      # a test that asks for a bad URL on purpose sets this
    yield page
    context.close()
    if page.allow_http_errors:
        problems = [p for p in problems if "the server responded with a status of 4" not in p]
    assert not problems, problems
    outside = [u for u in requested if not is_local(u, base)]
    assert not outside, f"fetched from outside localhost: {outside}"


def is_local(url: str, base: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    parsed = urlparse(url)
    return parsed.hostname in ("127.0.0.1", "localhost") and url.startswith(base)


def visit(page, path: str):
    page.goto(page.base + path)
    page.wait_for_selector("body[data-ready='1']")
    return page


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.wait_for_timeout(150)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def query_of(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def assert_evidence_highlighted(page):
    page.wait_for_selector("body[data-ready='1']")
    assert "/events/" in page.url
    marks = page.locator("mark.evidence")
    assert marks.count() >= 1
    assert marks.first.is_visible()
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # The highlight is the stored span: its offsets are on the element, its text is the evidence.
    report = page.locator("section.report").first
    starts = [int(x) for x in report.locator("mark.evidence").evaluate_all("ms => ms.map(m => m.dataset.start)")]
    assert starts == sorted(starts)


# --- every page ------------------------------------------------------------------------------------------

def test_overview(page):
    visit(page, "/")
    assert page.locator("nav a.active").inner_text() == "Overview"
    assert page.locator(".kpi").count() == 6
    assert page.evaluate("() => window.cqCharts.month.data.datasets.length") >= 5
    assert page.locator("#dyad-table tbody tr").count() >= 5
    assert page.locator("#latest-table tbody tr").count() == 10
    shoot(page, "01-overview")


def test_events_filter_sort_page_and_share(page):
    visit(page, "/events")
    rows = page.locator("#events-table tbody tr")
    everything = rows.count()
    assert everything == 50 and "of" in page.locator("#pager").inner_text()
    shoot(page, "02-events")

    page.select_option("#f-type", "PORT_CALL")          # a select applies at once
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_function("() => document.querySelectorAll('#events-table tbody tr').length < 50")
    narrowed = rows.count()
    assert 0 < narrowed < everything
    assert set(page.locator("#events-table .type-badge").all_inner_texts()) == {"PORT CALL"}
    assert query_of(page) == {"type": "PORT_CALL"}

    page.fill("#f-from", "2024-11")
    page.click("#filters button[type=submit]")
    page.wait_for_function("() => location.search.includes('from=2024-11')")
    page.wait_for_selector("body[data-ready='1']")
    assert rows.count() <= narrowed

    # Sort by date, oldest first: the URL keeps it, and the shared URL shows the same view.
    page.click("#events-table th[data-sort=date]")
    page.wait_for_function("() => new URLSearchParams(location.search).get('order') !== null")
    page.wait_for_selector("body[data-ready='1']")
    order = query_of(page)["order"]
    ids = page.locator("#events-table tbody tr").evaluate_all("rs => rs.map(r => r.dataset.eventId)")
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#f-type").input_value() == "PORT_CALL"
    assert page.locator("#f-from").input_value() == "2024-11"
    assert query_of(page)["order"] == order
    assert page.locator("#events-table tbody tr").evaluate_all("rs => rs.map(r => r.dataset.eventId)") == ids

    # Full-text search, then paging on the whole list.
    visit(page, "/events?search=Port+Klang")
    assert 0 < rows.count() < everything
    visit(page, "/events")
    first_page = page.locator("#events-table tbody tr").first.get_attribute("data-event-id")
    page.click("#pager button[data-page=next]")
    page.wait_for_function("() => location.search.includes('offset=50')")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#events-table tbody tr").first.get_attribute("data-event-id") != first_page

    # A bad filter in a shared URL shows the API's message, not a broken page.
    page.allow_http_errors = True
    visit(page, "/events?from=2023-13")
    assert "no month 13" in page.locator(".error-box").inner_text()


def test_chart_bar_click_through_to_event_evidence(page):
    visit(page, "/")
    # Find a bar of the month chart and click it where Chart.js drew it.
    point = page.evaluate("""() => {
        const chart = window.cqCharts.month;
        for (let d = 0; d < chart.data.datasets.length; d++) {
            const meta = chart.getDatasetMeta(d);
            for (let i = 0; i < meta.data.length; i++) {
                const bar = meta.data[i];
                if (chart.data.datasets[d].data[i] > 0 && Math.abs(bar.base - bar.y) > 6) {
                    const box = chart.canvas.getBoundingClientRect();
                    return {x: box.left + bar.x, y: box.top + (bar.y + bar.base) / 2,
                            month: chart.data.labels[i], type: chart.data.datasets[d].type_code};
                }
            }
        }
        return null;
    }""")
    assert point
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/events?**")
    page.wait_for_selector("body[data-ready='1']")
    assert query_of(page) == {"type": point["type"], "from": point["month"], "to": point["month"]}
    rows = page.locator("#events-table tbody tr")
    assert rows.count() >= 1
    rows.first.locator("td").nth(1).click()
    page.wait_for_url("**/events/*")
    assert_evidence_highlighted(page)


def test_event_page_shows_reports_evidence_mentions_and_merge(page, base):
    import httpx

    merged = httpx.get(f"{base}/api/events", params={"order": "reports", "limit": 20}).json()["items"]
    conflict = next(e for e in merged if e["conflicts"])
    visit(page, f"/events/{conflict['id']}")
    assert page.locator("section.report").count() == conflict["n_reports"] >= 2
    assert page.locator("#conflicts").is_visible()
    assert page.locator(".merge-steps li").count() == conflict["n_reports"]
    assert "matches report" in page.locator(".merge-steps").inner_text()
    assert page.locator(".mention").count() >= 2
    assert_evidence_highlighted(page)
    shoot(page, "03-event")


def test_markup_in_an_article_shows_as_text(page, base):
    import httpx

    found = httpx.get(f"{base}/api/events", params={"from": HOSTILE["date"], "to": HOSTILE["date"]}).json()["items"]
    event_id = next(e["id"] for e in found
                    if any(r["article_info"]["title"] == HOSTILE["title"]
                           for r in httpx.get(f"{base}/api/events/{e['id']}").json()["reports"]))
    visit(page, f"/events/{event_id}")
    assert "<script>window.__xss=1</script>" in page.locator("#headline").inner_text()
    assert "<script>window.__xss=1</script>" in page.locator(".article-title").first.inner_text()
    assert "<script>window.__xss=3</script>" in page.locator(".article-text").first.inner_text()
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("main script, main img").count() == 0
    assert_evidence_highlighted(page)
    shoot(page, "09-escaped-markup")


def test_timeline_points_ranges_and_click(page):
    visit(page, "/timeline?dyad=LAO-VNM")
    assert "Laos" in page.locator("#subject").inner_text()
    assert page.locator(".vis-item.vis-range").count() >= 1
    assert page.locator(".vis-item.vis-point").count() >= 1
    # Zoom to the busiest year with its button: the bursts of a dyad's engagements are years apart.
    years = page.locator("#years button[data-year]")
    assert years.count() >= 2
    busiest = max(range(years.count()), key=lambda i: int(years.nth(i).locator(".n").inner_text()))
    year = years.nth(busiest).get_attribute("data-year")
    years.nth(busiest).click()
    page.wait_for_function("(y) => new Date(window.cqTimeline.getWindow().start).getUTCFullYear() >= Number(y) - 1", arg=year)
    page.wait_for_timeout(300)
    shoot(page, "04-timeline")
    page.locator(".vis-item.vis-range .tl-label").first.click()
    page.wait_for_url("**/events/*")
    assert_evidence_highlighted(page)

    visit(page, "/timeline?actor=Chansamone+Chanyalath")
    assert "Chansamone" in page.locator("#subject").inner_text()
    assert page.locator(".vis-item").count() >= 3


def test_network_node_click_opens_its_page(page):
    visit(page, "/network")
    counts = page.evaluate("() => ({nodes: window.cqNetwork.nodes.length, edges: window.cqNetwork.edges.length})")
    assert counts["nodes"] > 10 and counts["edges"] > 10
    shoot(page, "05-network")

    def click_node(node_id: str):
        point = page.evaluate("""(id) => {
            const {network} = window.cqNetwork;
            const pos = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.querySelector('#network canvas').getBoundingClientRect();
            return {x: box.left + pos.x, y: box.top + pos.y};
        }""", node_id)
        page.mouse.click(point["x"], point["y"])

    # The most engaged person: their page, then one of their events, with its evidence.
    person = page.evaluate("""() => window.cqNetwork.nodes.get({filter: n => n.kind === 'person'})
                                  .sort((a, b) => b.events - a.events)[0].id""")
    click_node(person)
    page.wait_for_url("**/actors/*")
    page.wait_for_selector("body[data-ready='1']")
    assert page.url.endswith("/actors/" + person.split(":")[1])
    page.locator("#engagements-table tbody tr").first.locator("td").nth(1).click()
    page.wait_for_url("**/events/*")
    assert_evidence_highlighted(page)

    # A country opens its timeline; the filter narrows the graph.
    visit(page, "/network?type=EXERCISE&max_people=0")
    assert page.evaluate("() => window.cqNetwork.nodes.get({filter: n => n.kind === 'person'}).length") == 0
    assert page.evaluate("() => window.cqNetwork.nodes.length") < counts["nodes"]
    click_node(page.evaluate("() => window.cqNetwork.nodes.getIds()[0]"))
    page.wait_for_url("**/timeline?country=*")
    page.wait_for_selector("body[data-ready='1']")


def test_actors_and_actor_page(page):
    visit(page, "/actors")
    rows = page.locator("#actors-table tbody tr")
    everyone = rows.count()
    assert everyone > 10
    page.fill("#a-name", "chansamone")
    page.click("#filters button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('#actors-table tbody tr').length === 1")
    assert query_of(page) == {"name": "chansamone"}
    visit(page, "/actors?country=THA")
    assert 0 < rows.count() < everyone
    visit(page, "/actors")
    shoot(page, "06-actors")

    rows.filter(has_text="Chansamone").first.locator("a").first.click()
    page.wait_for_url("**/actors/*")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#titles-timeline .vis-item").count() >= 2
    assert page.locator("#counterparts-table tbody tr").count() >= 1
    assert page.locator("#engagements-table tbody tr").count() >= 3
    assert page.locator("#counterpart-countries .chip").count() >= 1
    shoot(page, "07-actor")


def test_agreements_bars_chain_and_conflicts(page):
    visit(page, "/agreements")
    assert page.locator("#agreements-timeline .vis-item.vis-range").count() >= 3
    rows = page.locator("#agreements-table tbody tr")
    assert rows.count() >= 5
    chained = rows.filter(has_text="Protocol on Defence Cooperation")
    texts = chained.all_inner_texts()
    assert any("→" in t and "#" in t for t in texts)
    # Both protocols of the chain share one row of the timeline.
    groups = page.evaluate("""() => {
        const items = window.cqAgreements.itemsData.get();
        return items.filter(i => i.className.includes('agr-item')).map(i => i.group);
    }""")
    assert len(groups) > len(set(groups)), "a chain puts renewals on one row"
    shoot(page, "08-agreements")


def test_api_docs_page(page):
    visit(page, "/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".swagger-ui .opblock").count() >= 9
    shoot(page, "10-api-docs")
