"""One actor per real person across articles, with titles over time and engagements."""
from communique.kb import Store, query
from communique.kb.names import name_key
from communique.kb.samples import sample_document, sample_event
from communique.model import Actor


def ingest(tmp_path, *documents):
    store = Store(tmp_path / "kb.db")
    store.ingest(documents)
    return store


def mention(name, published, person, titles=(), table_id=None, country="VNM"):
    actor = Actor(person, country, list(titles), table_id=table_id)
    event = sample_event("MEETING", [country, "KHM"], published, people=[(person, country)],
                         sentence=f"{' '.join(titles)} {person} met a Cambodian delegation.")
    return sample_document(name, published, [event], actors=[actor])


def test_names_with_and_without_diacritics_are_one_actor(tmp_path):
    store = ingest(tmp_path, mention("a.txt", "2023-10-17", "Phan Van Giang"),
                   mention("b.txt", "2024-03-02", "Phan Văn Giang"))
    [giang] = query.actors(store, name="giang")
    assert giang["name"] == "Phan Văn Giang"       # the fuller written form is shown
    assert giang["articles"] == 2 and giang["events"] == 2
    assert set(query.actor(store, "Phan Van Giang")["aliases"]) == {"Phan Van Giang", "Phan Văn Giang"}


def test_the_vietnamese_d_folds_to_d():
    assert name_key("Đỗ Bá Tỵ") == name_key("Do Ba Ty")


def test_two_people_sharing_a_surname_stay_two_actors(tmp_path):
    store = ingest(tmp_path, mention("a.txt", "2023-10-17", "Nguyen Tan Cuong"),
                   mention("b.txt", "2023-10-18", "Nguyen Van Cuong"),
                   mention("c.txt", "2023-10-19", "Nguyen Van Nen"))
    assert len(query.actors(store, name="Nguyen")) == 3
    assert len(query.actors(store, name="Nguyen Cuong")) == 2


def test_the_same_name_in_two_countries_is_two_actors(tmp_path):
    store = ingest(tmp_path, mention("a.txt", "2023-10-17", "Kim Min", country="KOR"),
                   mention("b.txt", "2023-10-18", "Kim Min", country="PRK"))
    assert {a["country"] for a in query.actors(store, name="Kim Min")} == {"KOR", "PRK"}


def test_word_order_and_titles_do_not_make_another_actor(tmp_path):
    store = ingest(tmp_path, mention("a.txt", "2023-10-17", "Seiji Toriumi", country="JPN"),
                   mention("b.txt", "2023-10-18", "Toriumi Seiji", country="JPN"),
                   mention("c.txt", "2023-10-19", "General Toriumi Seiji", country="JPN"))
    assert len(query.actors(store, country="JPN")) == 1


def test_the_actor_table_id_decides_when_given(tmp_path):
    store = ingest(tmp_path, mention("a.txt", "2023-10-17", "Nguyen Van Minh", table_id="vn-1"),
                   mention("b.txt", "2023-10-18", "Nguyen Van Minh", table_id="vn-2"),
                   mention("c.txt", "2023-10-19", "Ng. Van Minh", table_id="vn-1"))
    people = query.actors(store, name="Minh")
    assert sorted((p["table_id"], p["articles"]) for p in people) == [("vn-1", 2), ("vn-2", 1)]


def test_titles_are_kept_over_time_with_first_and_last_seen(tmp_path):
    store = ingest(
        tmp_path,
        mention("a.txt", "2021-04-08", "Phan Van Giang", ["Senior Lieutenant General", "Chief of the General Staff"]),
        mention("b.txt", "2022-06-10", "Phan Van Giang", ["General", "Minister of National Defence"]),
        mention("c.txt", "2024-11-26", "Phan Văn Giang", ["General", "Minister of National Defence"]))
    titles = {t["title"]: (t["first_seen"], t["last_seen"]) for t in query.actor(store, "Giang")["titles"]}
    assert titles == {
        "Senior Lieutenant General": ("2021-04-08", "2021-04-08"),
        "Chief of the General Staff": ("2021-04-08", "2021-04-08"),
        "General": ("2022-06-10", "2024-11-26"),
        "Minister of National Defence": ("2022-06-10", "2024-11-26"),
    }


def test_an_actors_engagements_are_its_events_in_date_order(tmp_path):
    store = ingest(tmp_path, mention("b.txt", "2024-03-02", "Phan Van Giang"),
                   mention("a.txt", "2023-10-17", "Phan Van Giang"),
                   mention("c.txt", "2023-12-01", "Vong Pisen", country="KHM"))
    detail = query.actor(store, "phan van giang")
    assert [e["date_start"] for e in detail["engagements"]] == ["2023-10-17", "2024-03-02"]
    assert (detail["first_seen"], detail["last_seen"]) == ("2023-10-17", "2024-03-02")
    assert query.actor(store, detail["id"])["name"] == detail["name"]
    assert query.actor(store, "Nobody Here") is None


def test_a_participant_is_linked_to_the_articles_actor_by_a_shorter_name(tmp_path):
    event = sample_event("MEETING", ["KHM", "VNM"], "2023-10-17", people=[("Hun Sen", "KHM")])
    document = sample_document("a.txt", "2023-10-17", [event],
                               actors=[Actor("Samdech Techo Hun Sen", "KHM", ["Prime Minister"])])
    store = ingest(tmp_path, document)
    [hun_sen] = query.actors(store)
    assert hun_sen["events"] == 1 and hun_sen["articles"] == 1


def test_family_names_that_look_like_titles_are_kept():
    assert name_key("He Weidong") != name_key("Weidong")
    assert name_key("General Phan Van Giang") == name_key("Phan Van Giang")
    assert name_key("H.E. Tea Banh") == name_key("Tea Banh")
