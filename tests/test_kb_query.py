"""Each query filter narrows the answer to what it names."""
import pytest

from communique.kb import Store, query
from communique.kb.samples import sample_document, sample_event
from communique.model import AgreementInfo

GIANG, SEIHA, PISEN = ("Phan Van Giang", "VNM", "guest"), ("Tea Seiha", "KHM", "host"), ("Vong Pisen", "KHM")


def corpus():
    event = sample_event
    return [
        sample_document("01.txt", "2023-03-02", [
            event("VISIT", ["VNM", "KHM"], "2023-03-01", "2023-03-02", people=[GIANG, SEIHA], location="Phnom Penh",
                  sentence="Phan Van Giang paid an official visit to Phnom Penh."),
            event("MEETING", ["VNM", "KHM"], "2023-03-01", people=[GIANG, SEIHA],
                  sentence="He held talks with Tea Seiha on border security.")]),
        sample_document("02.txt", "2023-06-15", [
            event("EXERCISE", ["VNM", "LAO"], "2023-06", people=[],
                  sentence="A joint search and rescue exercise took place in June.")]),
        sample_document("03.txt", "2023-11-13", [
            event("CONFERENCE", ["VNM", "KHM", "LAO"], "2023-11-13", people=[GIANG],
                  sentence="The border defence friendship exchange conference opened."),
            event("EXCHANGE", ["VNM", "KHM"], "2023-12", people=[PISEN], status="planned",
                  sentence="The sides will organise the first border exchange in December 2023.")]),
        sample_document("04.txt", "2024-11-26", [
            event("AGREEMENT", ["VNM", "KHM"], "2024-11-25", people=[GIANG, SEIHA],
                  agreement=AgreementInfo("protocol", "Protocol on Defence Cooperation", "2025", "2029"),
                  sentence="The two ministers signed a protocol on defence cooperation for 2025-2029."),
            event("CEREMONY", ["VNM"], None, people=[("Tran Hoai Trung", "VNM")],
                  sentence="An incense offering was held at the memorial.")]),
        sample_document("05.txt", "2024-04-20", [
            event("PORT_CALL", ["USA", "VNM"], "2024-04-18", "2024-04-20", people=[], location="Cam Ranh",
                  sentence="The USS Frank Cable docked at Cam Ranh port.")]),
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("kb") / "kb.db") as opened:
        opened.ingest(corpus())
        yield opened


def ids(rows):
    return {row["id"] for row in rows}


def test_without_filters_every_event_comes_newest_first(store):
    found = query.events(store)
    assert len(found) == 8
    dated = [e["date_start"] for e in found if e["date_start"]]
    assert dated == sorted(dated, reverse=True) and found[-1]["date_start"] is None


@pytest.mark.parametrize("filters, check", [
    ({"type": "meeting"}, lambda e: e["type"] == "MEETING"),
    ({"country": "LAO"}, lambda e: "LAO" in e["countries"]),
    ({"dyad": ("KHM", "VNM")}, lambda e: {"KHM", "VNM"} <= set(e["countries"])),
    ({"dyad": "VNM-LAO"}, lambda e: {"LAO", "VNM"} <= set(e["countries"])),
    ({"actor": "Tea Seiha"}, lambda e: "Tea Seiha" in [p["name"] for p in e["participants"]]),
    ({"date_from": "2024"}, lambda e: e["date_end"] >= "2024"),
    ({"date_to": "2023-06"}, lambda e: e["date_start"] <= "2023-06-30"),
    ({"date_from": "2023-06-10", "date_to": "2023-06-20"}, lambda e: e["type"] == "EXERCISE"),  # June covers it
    ({"status": "planned"}, lambda e: e["status"] == "planned"),
    ({"text": "border"}, lambda e: e["type"] in ("MEETING", "CONFERENCE", "EXCHANGE")),
    ({"text": '"search and rescue"'}, lambda e: e["type"] == "EXERCISE"),
    ({"dyad": "VNM-KHM", "type": "AGREEMENT", "actor": "Phan Văn Giang"}, lambda e: e["type"] == "AGREEMENT"),
    ({"country": "KHM", "date_from": "2023-11", "text": "exchange"}, lambda e: e["status"] == "planned"
     or e["type"] == "CONFERENCE"),
])
def test_each_filter_narrows_the_events(store, filters, check):
    everything = query.events(store)
    found = query.events(store, **filters)
    assert found and len(found) < len(everything)
    assert all(check(e) for e in found), found


def test_a_filter_that_matches_nothing_gives_nothing(store):
    assert query.events(store, actor="Nobody Known") == []
    assert query.events(store, dyad="USA-KHM") == []


def test_limit_offset_and_order_page_through_the_events(store):
    by_date = query.events(store, order="date", limit=None)
    assert query.events(store, order="date", limit=3, offset=2) == by_date[2:5]
    assert [e["id"] for e in query.events(store, order="id")] == sorted(ids(by_date))


def test_a_bad_dyad_or_an_empty_search_is_refused(store):
    with pytest.raises(ValueError, match="dyad"):
        query.parse_dyad("VNM")
    with pytest.raises(ValueError, match="nothing to search"):
        query.events(store, text="!!")


def test_one_event_comes_with_its_reports_and_evidence(store):
    [visit] = query.events(store, type="VISIT")
    detail = query.event(store, visit["id"])
    [report] = detail["reports"]
    assert report["article"] == "01.txt"
    assert report["evidence_spans"][0]["text"] == "Phan Van Giang paid an official visit to Phnom Penh."
    assert detail["location"] == {"name": "Phnom Penh", "country": "VNM"}
    assert query.event(store, 10_000) is None


def test_actors_filter_by_country_and_name(store):
    khmer = query.actors(store, country="KHM")
    assert {a["name"] for a in khmer} == {"Tea Seiha", "Vong Pisen"}
    assert [a["name"] for a in query.actors(store, name="seiha")] == ["Tea Seiha"]
    assert query.actors(store)[0]["name"] == "Phan Van Giang"      # the most engaged first


def test_agreements_filter_by_country(store):
    [protocol] = query.agreements(store, country="KHM")
    assert protocol["parties"] == ["KHM", "VNM"] and protocol["signed"] == "2024-11-25"
    assert query.agreements(store, country="USA") == []


def test_a_timeline_runs_in_date_order_with_undated_events_last(store):
    line = query.timeline(store, dyad="VNM-KHM")
    assert [e["date_start"] for e in line] == ["2023-03-01", "2023-03-01", "2023-11-13", "2023-12", "2024-11-25"]
    assert line[0]["summary"].startswith("VISIT: Phan Van Giang, Tea Seiha in Phnom Penh")
    country_line = query.timeline(store, country="VNM")
    assert country_line[-1]["date_start"] is None
    assert len(query.timeline(store, actor="Phan Van Giang")) == 4
    with pytest.raises(ValueError):
        query.timeline(store)


def test_stats_count_by_type_month_dyad_and_dyad_year(store):
    counts = query.stats(store)
    assert (counts["articles"], counts["reports"], counts["events"]) == (5, 8, 8)
    assert {"type": "MEETING", "events": 1} in counts["by_type"]
    assert {"month": "2023-03", "events": 2} in counts["by_month"]
    assert counts["by_dyad"][0] == {"dyad": "KHM-VNM", "events": 5}
    assert {"dyad": "KHM-VNM", "year": 2024, "events": 1} in counts["by_dyad_year"]
    assert counts["coverage"] == {"from": "2023-03-02", "to": "2024-11-26"}


def test_full_text_search_finds_articles(store):
    [hit] = query.articles(store, text="Cam Ranh")
    assert hit["name"] == "05.txt" and "[Cam]" in hit["snippet"]


def test_frames_are_offered_when_pandas_or_polars_is_installed(store):
    try:
        import pandas  # noqa: F401
    except ImportError:
        try:
            import polars  # noqa: F401
        except ImportError:
            with pytest.raises(ImportError, match="pandas or polars"):
                query.events(store, as_frame=True)
            return
    assert len(query.events(store, as_frame=True)) == 8


FILTER_VALUES = {
    "dyad": [None, "VNM-KHM"], "country": [None, "KHM", "LAO"], "actor": [None, "Phan Van Giang"],
    "type": [None, "MEETING"], "status": [None, "planned"], "date_from": [None, "2023-06"],
    "date_to": [None, "2023-12"], "text": [None, "border"],
}


def test_the_count_of_events_is_the_number_listed_for_every_combination_of_filters(store):
    from itertools import product
    for values in product(*FILTER_VALUES.values()):
        filters = dict(zip(FILTER_VALUES, values))
        listed = len(query.events(store, **filters, limit=None))
        assert query.count_events(store, **filters) == listed, filters
        assert query.count_events(store, **filters, cap=1) == min(listed, 1), filters


def test_a_timeline_with_a_limit_is_the_start_of_the_whole_timeline(store):
    whole = query.timeline(store, country="VNM")
    assert whole[-1]["date_start"] is None          # an undated one, last
    for limit in range(1, len(whole) + 2):
        assert query.timeline(store, country="VNM", limit=limit) == whole[:limit]


def test_an_actor_with_an_engagement_limit_keeps_the_latest_in_date_order(store):
    whole = query.actor(store, "Phan Van Giang")
    latest = query.actor(store, "Phan Van Giang", engagements=2)
    assert latest["events"] == whole["events"] == len(whole["engagements"]) > 2
    assert latest["engagements"] == whole["engagements"][-2:]


def test_a_timeline_bounded_on_one_side_lists_each_event_once(store):
    for bounds in ({"date_to": "2023-12"}, {"date_from": "2023-06"}, {"date_from": "2023", "date_to": "2024"}):
        line = query.timeline(store, country="VNM", **bounds)
        assert len({e["id"] for e in line}) == len(line) == len(query.events(store, country="VNM", **bounds,
                                                                            limit=None)), bounds


@pytest.mark.parametrize("window", [1, 2, 100])
def test_a_page_for_a_common_search_word_is_the_exact_page(store, monkeypatch, window):
    """Looked for event by event within a window (every word counts as common here): the same
    items as the exact way, and a count that is exact or says there are more."""
    monkeypatch.setattr(query, "COMMON_WORD_MATCHES", 1)
    monkeypatch.setattr(query, "SEARCH_WINDOW", window)
    for text in ("border", "defence", "the", "nothing-like-this"):
        for extra in ({}, {"country": "KHM"}, {"type": "MEETING"}, {"date_from": "2023-06"}):
            for order in ("-date", "date", "reports", "id"):
                for offset, limit in ((0, 50), (0, 1), (1, 2)):
                    exact = query.events(store, text=text, **extra, order=order, limit=limit, offset=offset)
                    total = query.count_events(store, text=text, **extra)
                    items, counted, more = query.events_page(store, text=text, **extra, order=order,
                                                             limit=limit, offset=offset)
                    case = (text, extra, order, offset, limit)
                    assert [e["id"] for e in items] == [e["id"] for e in exact], case
                    assert counted == total if not more else counted <= total, case


def test_agreements_without_their_reports_give_the_same_events_and_counts(store):
    full = query.agreements(store)
    light = query.agreements(store, reports=False)
    assert full and [g["id"] for g in light] == [g["id"] for g in full]
    for whole, counted in zip(full, light):
        assert counted["events"] == whole["events"]
        assert counted["n_reports"] == len(whole["reports"]) and counted["n_articles"] == len(whole["articles"])
        assert {k: v for k, v in counted.items() if not k.startswith("n_")} == \
            {k: v for k, v in whole.items() if k not in ("reports", "articles")}
