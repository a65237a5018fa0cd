"""Reports of one happening become one event that keeps every report; others stay apart."""
import sqlite3

from communique.kb import Store, query
from communique.kb.samples import sample_document, sample_event

CUONG = ("Nguyen Tan Cuong", "VNM", "host")
PISEN = ("Vong Pisen", "KHM", "guest")
GIANG = ("Phan Van Giang", "VNM")


def ingest(tmp_path, *documents, name="kb.db"):
    store = Store(tmp_path / name)
    store.ingest(documents)
    return store


def meeting(name, published, date="2023-10-17", people=(CUONG, PISEN), countries=("VNM", "KHM"), **kw):
    return sample_document(name, published, [sample_event("MEETING", countries, date, people=people, **kw)])


def test_two_articles_on_one_meeting_give_one_event_with_both_reports(tmp_path):
    store = ingest(tmp_path, meeting("a.txt", "2023-10-17", location="Hanoi"),
                   meeting("b.txt", "2023-10-18", people=[("Nguyễn Tân Cương", "VNM"), PISEN]))
    [found] = query.events(store)
    assert found["n_reports"] == 2 and found["n_articles"] == 2
    detail = query.event(store, found["id"])
    assert [r["article"] for r in detail["reports"]] == ["a.txt", "b.txt"]
    first, second = detail["reports"]
    assert first["merge_reason"] is None
    assert second["merge_reason"].startswith(f"matches report {first['report_id']}: same type MEETING, "
                                             "same date 2023-10-17")
    assert "shared participants Nguyen Tan Cuong, Vong Pisen" in second["merge_reason"]
    span = second["evidence_spans"][0]
    article_text = store.conn.execute("SELECT text FROM articles WHERE name = 'b.txt'").fetchone()[0]
    assert article_text[span["start"]:span["end"]] == span["text"]


def test_participants_and_countries_are_united_and_roles_kept(tmp_path):
    store = ingest(tmp_path, meeting("a.txt", "2023-10-17", people=[CUONG]),
                   meeting("b.txt", "2023-10-18", people=[("Nguyen Tan Cuong", "VNM"), PISEN],
                           countries=("VNM", "KHM", "LAO")))
    [found] = query.events(store)
    assert {p["name"]: p["role"] for p in found["participants"]} == {"Nguyen Tan Cuong": "host", "Vong Pisen": "guest"}
    assert found["countries"] == ["KHM", "LAO", "VNM"]   # Jaccard 2/3: still one happening


def test_reports_of_different_people_on_the_same_day_stay_apart(tmp_path):
    store = ingest(tmp_path, meeting("a.txt", "2023-10-17"),
                   meeting("b.txt", "2023-10-17", people=[GIANG, ("Tea Seiha", "KHM")]))
    assert len(query.events(store)) == 2


def test_reports_with_too_different_countries_stay_apart(tmp_path):
    store = ingest(tmp_path, meeting("a.txt", "2023-10-17", people=[]),
                   meeting("b.txt", "2023-10-18", people=[], countries=("VNM", "LAO")))
    assert len(query.events(store)) == 2          # Jaccard 1/3


def test_two_events_of_one_article_are_never_merged(tmp_path):
    twice = sample_document("a.txt", "2023-10-17", [
        sample_event("MEETING", ["VNM", "KHM"], "2023-10-17", people=[CUONG, PISEN], sentence="Morning talks."),
        sample_event("MEETING", ["VNM", "KHM"], "2023-10-17", people=[CUONG, PISEN], sentence="Evening talks.")])
    assert len(query.events(ingest(tmp_path, twice))) == 2


def test_a_planned_event_then_its_report_give_one_occurred_event_with_the_precise_date(tmp_path):
    plan = sample_document("plan.txt", "2023-11-01", [
        sample_event("VISIT", ["VNM", "KHM"], "2023-12", people=[GIANG], status="planned")])
    held = sample_document("held.txt", "2023-12-06", [
        sample_event("VISIT", ["VNM", "KHM"], "2023-12-04", "2023-12-06", people=[GIANG])])
    store = ingest(tmp_path, plan, held)
    [found] = query.events(store)
    assert (found["status"], found["date_start"], found["date_end"]) == ("occurred", "2023-12-04", "2023-12-06")
    assert found["n_reports"] == 2 and found["conflicts"] == []


def test_a_later_cancellation_beats_the_plan(tmp_path):
    plan = sample_document("plan.txt", "2023-08-01", [
        sample_event("VISIT", ["VNM", "KHM"], "2023-09-02", "2023-09-03", people=[GIANG], status="planned")])
    off = sample_document("off.txt", "2023-08-30", [
        sample_event("VISIT", ["VNM", "KHM"], "2023-09-02", "2023-09-03", people=[GIANG], status="cancelled")])
    [found] = query.events(ingest(tmp_path, plan, off))
    assert found["status"] == "cancelled"


def test_disagreeing_dates_of_equal_precision_keep_the_majority_and_are_flagged(tmp_path):
    visit = lambda name, published, start: sample_document(name, published, [  # noqa: E731
        sample_event("VISIT", ["VNM", "LAO"], start, "2023-11-19", people=[GIANG])])
    store = ingest(tmp_path, visit("a.txt", "2023-11-19", "2023-11-17"),
                   visit("b.txt", "2023-11-20", "2023-11-18"), visit("c.txt", "2023-11-21", "2023-11-17"))
    [found] = query.events(store)
    assert (found["date_start"], found["date_end"]) == ("2023-11-17", "2023-11-19")
    [conflict] = found["conflicts"]
    assert conflict["field"] == "date"
    assert [v["value"] for v in conflict["values"]] == ["2023-11-17..2023-11-19", "2023-11-18..2023-11-19"]


def test_an_undated_report_merges_only_on_a_strong_match(tmp_path):
    dated = meeting("a.txt", "2023-10-17")
    undated_same = meeting("b.txt", "2023-10-20", date=None)
    undated_wider = meeting("c.txt", "2023-10-21", date=None, countries=("VNM", "KHM", "LAO"))
    store = ingest(tmp_path, dated, undated_same, undated_wider)
    sizes = sorted(e["n_reports"] for e in query.events(store))
    assert sizes == [1, 2]      # same countries and people: merged; other countries: apart


def test_split_takes_a_report_out_and_unsplit_puts_it_back(tmp_path):
    store = ingest(tmp_path, meeting("a.txt", "2023-10-17"), meeting("b.txt", "2023-10-18"))
    [together] = query.events(store)
    later = query.event(store, together["id"])["reports"][1]["report_id"]

    alone = store.split(later)
    assert sorted(e["n_reports"] for e in query.events(store)) == [1, 1]
    assert query.event(store, alone)["reports"][0]["detached"] is True
    store.remerge()                                  # a hand split survives a full recompute
    assert len(query.events(store)) == 2

    back = store.unsplit(later)
    assert back == together["id"]
    assert query.events(store) == [together]


def test_the_merge_does_not_depend_on_the_order_articles_arrive_in(tmp_path):
    documents = [meeting("a.txt", "2023-10-17", people=[CUONG]), meeting("b.txt", "2023-10-18"),
                 meeting("c.txt", "2023-10-19", people=[PISEN])]
    forward = ingest(tmp_path, *documents, name="forward.db")
    backward = ingest(tmp_path, *reversed(documents), name="backward.db")

    def shape(store):
        return sorted((e["n_reports"], tuple(r["article"] for r in query.event(store, e["id"])["reports"]))
                      for e in query.events(store))
    assert shape(forward) == shape(backward)


def test_remerge_recomputes_the_same_events_from_the_reports(tmp_path):
    store = ingest(tmp_path, meeting("a.txt", "2023-10-17"), meeting("b.txt", "2023-10-18"),
                   meeting("c.txt", "2023-10-19", people=[GIANG]))

    def derived(conn: sqlite3.Connection):
        return [conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall()
                for t in ("events", "event_countries", "event_dyads", "event_actors")] + \
            [conn.execute("SELECT id, event_id, merge_reason FROM reports ORDER BY id").fetchall()]
    before = derived(store.conn)
    assert store.remerge() == 2
    assert derived(store.conn) == before


def test_agreement_reports_merge_only_about_the_same_document(tmp_path):
    from communique.model import AgreementInfo
    signing = lambda name, doc: sample_document(name, "2024-11-26", [  # noqa: E731
        sample_event("AGREEMENT", ["VNM", "KHM"], "2024-11-25", people=[GIANG, ("Tea Seiha", "KHM")],
                     agreement=doc)])
    protocol = AgreementInfo("protocol", "Protocol on Defence Cooperation", "2025", "2029")
    plan = AgreementInfo("plan", "Cooperation plan 2025", "2025", "2025")
    store = ingest(tmp_path, signing("a.txt", protocol), signing("b.txt", protocol), signing("c.txt", plan))
    assert sorted(e["n_reports"] for e in query.events(store)) == [1, 2]


def test_an_undated_report_never_bridges_two_dated_meetings(tmp_path):
    store = ingest(tmp_path, meeting("undated.txt", "2023-01-01", date=None),
                   meeting("march.txt", "2023-03-10", date="2023-03-09"),
                   meeting("may.txt", "2023-05-12", date="2023-05-11"))
    assert sorted(e["n_reports"] for e in query.events(store)) == [1, 2]


def test_an_undated_report_that_fits_two_happenings_stays_alone(tmp_path):
    store = ingest(tmp_path, meeting("march.txt", "2023-03-10", date="2023-03-09"),
                   meeting("may.txt", "2023-05-12", date="2023-05-11"),
                   meeting("undated.txt", "2023-06-01", date=None))
    assert sorted(e["n_reports"] for e in query.events(store)) == [1, 1, 1]


def people_on_rows_and_in_links(store) -> tuple[dict, dict]:
    rows = {eid: set(ids.split(",")) - {""} for eid, ids in store.conn.execute("SELECT id, actor_ids FROM events")}
    links: dict = {eid: set() for eid in rows}
    for eid, actor in store.conn.execute("SELECT event_id, actor_id FROM event_actors"):
        links[eid].add(str(actor))
    return rows, links


def test_each_event_row_names_the_same_people_as_its_links_through_merges_and_splits(tmp_path):
    store = ingest(tmp_path, meeting("a.txt", "2023-10-17", people=[CUONG]),
                   meeting("b.txt", "2023-10-18", people=[PISEN]),
                   meeting("c.txt", "2023-10-19", people=[CUONG, PISEN, GIANG]))
    rows, links = people_on_rows_and_in_links(store)
    assert rows == links and any(len(people) == 3 for people in rows.values())
    together = max(query.events(store), key=lambda e: e["n_reports"])
    assert together["n_reports"] > 1
    store.split(query.event(store, together["id"])["reports"][-1]["report_id"])
    rows_after, links = people_on_rows_and_in_links(store)
    assert rows_after == links and len(rows_after) == len(rows) + 1
    store.remerge()
    assert people_on_rows_and_in_links(store)[0] == people_on_rows_and_in_links(store)[1]


def counted_directly(conn) -> dict:
    """What the store's tallies must say, counted from the rows themselves."""
    one = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
    return {
        "type_month": sorted(one("SELECT type, COALESCE(substr(day_lo, 1, 7), ''), COUNT(*) FROM events GROUP BY 1, 2")),
        "dyad_year": sorted(one("SELECT a, b, substr(day_lo, 1, 4), COUNT(*) FROM event_dyads GROUP BY 1, 2, 3")),
        "country": sorted(one("SELECT country, COUNT(*) FROM event_countries GROUP BY 1")),
        "actor": sorted(one("SELECT actor_id, COUNT(*) FROM event_actors GROUP BY 1")),
        "rows": sorted([(t, conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                        for t in ("articles", "reports", "events", "actors", "agreements")]
                       + [("events_with_conflicts",
                           conn.execute("SELECT COUNT(*) FROM events WHERE conflicts IS NOT NULL").fetchone()[0])]),
    }


def tallied(conn) -> dict:
    one = lambda sql: sorted(conn.execute(sql).fetchall())  # noqa: E731
    return {
        "type_month": one("SELECT type, month, n FROM tally_type_month WHERE n > 0"),
        "dyad_year": one("SELECT a, b, year, n FROM tally_dyad_year WHERE n > 0"),
        "country": one("SELECT country, n FROM tally_country WHERE n > 0"),
        "actor": one("SELECT actor_id, n FROM tally_actor WHERE n > 0"),
        "rows": one("SELECT name, n FROM tally_rows"),
    }


def test_the_tallies_equal_the_rows_through_ingests_merges_splits_and_a_remerge(tmp_path):
    from communique.kb.samples import synthetic_documents
    store = ingest(tmp_path, *synthetic_documents(400))
    visit = lambda name, published, start: sample_document(name, published, [  # noqa: E731
        sample_event("VISIT", ["VNM", "LAO"], start, "2023-11-19", people=[GIANG])])
    store.ingest([visit("a.txt", "2023-11-19", "2023-11-17"), visit("b.txt", "2023-11-20", "2023-11-18"),
                  meeting("c.txt", "2023-10-18", date=None)])
    assert tallied(store.conn) == counted_directly(store.conn)
    assert dict(tallied(store.conn)["rows"])["events_with_conflicts"] > 0
    merged_one = max(query.events(store, limit=None), key=lambda e: e["n_reports"])
    store.split(query.event(store, merged_one["id"])["reports"][-1]["report_id"])
    assert tallied(store.conn) == counted_directly(store.conn)
    store.remerge()
    assert tallied(store.conn) == counted_directly(store.conn)
    for link in ("event_countries", "event_dyads", "event_actors"):      # each link row says its event's type
        assert store.conn.execute(f"""SELECT COUNT(*) FROM {link} x JOIN events e ON e.id = x.event_id
                                      WHERE x.type <> e.type""").fetchone()[0] == 0
        assert store.conn.execute(f"SELECT COUNT(*) FROM {link}").fetchone()[0] > 0
    stats = query.stats(store)
    assert stats["events"] == sum(row["events"] for row in stats["by_type"]) == len(query.events(store, limit=None))
