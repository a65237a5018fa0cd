"""Person mentions, their titles, their countries and in-article resolution to actors."""
from __future__ import annotations

import pytest


def actor(doc, name):
    from communique.text import fold
    hits = [a for a in doc.actors if fold(a.name) == fold(name)]
    assert hits, f"no actor {name!r} in {[a.name for a in doc.actors]}"
    return hits[0]


def test_rank_and_office_before_a_name_are_parsed(annotate):
    doc = annotate("Chief of the General Staff of the Vietnam People's Army Sen. Lieut. Gen. "
                   "Trinh Van Quyet received the delegation in Hanoi on Monday.")
    mention = doc.persons[0]
    assert mention.name == "Trinh Van Quyet"
    assert mention.ranks == ["Sen. Lieut. Gen."]
    assert mention.offices == ["Chief of the General Staff of the Vietnam People's Army"]
    assert actor(doc, "Trinh Van Quyet").country == "VNM"


def test_khmer_honorifics_are_titles_not_names(annotate):
    doc = annotate("Samdech Thipadei Hun Manet received the visiting minister at the Peace Palace.")
    assert [m.name for m in doc.persons][:1] == ["Hun Manet"]
    assert doc.persons[0].honorifics == ["Samdech Thipadei"]
    assert actor(doc, "Hun Manet").country == "KHM"


def test_vietnamese_name_is_referred_to_by_its_last_word(annotate):
    doc = annotate("Deputy Defence Minister Sen. Lieut. Gen. Hoang Xuan Chien met the attaché. "
                   "Chien said the two armies would cooperate. Agreeing with Chien, the guest thanked him.")
    chien = actor(doc, "Hoang Xuan Chien")
    assert len(chien.mentions) == 3
    assert len(doc.actors) == 1


def test_diacritics_and_plain_spellings_are_one_actor(annotate):
    doc = annotate("Minister of National Defence General Phan Văn Giang met his counterpart. "
                   "General Phan Van Giang later told reporters that Giang's visit was useful.")
    assert len(doc.actors) == 1
    assert actor(doc, "Phan Van Giang").country == "VNM"


def test_thai_name_is_referred_to_by_the_given_name(annotate):
    doc = annotate("Royal Thai Navy commander Admiral Somchai Rattanawong received the visitors. "
                   "Adm Somchai said the navies would train together.", published="2024-05-02")
    somchai = actor(doc, "Somchai Rattanawong")
    assert somchai.country == "THA"
    assert len(somchai.mentions) == 2


def test_counterpart_adjective_gives_the_country(annotate):
    doc = annotate("Laos' Defence Minister General Chansamone Chanyalath held talks with his Cambodian "
                   "counterpart General Sokha Meanrith in Vientiane.")
    assert actor(doc, "Sokha Meanrith").country == "KHM"
    assert actor(doc, "Chansamone Chanyalath").country == "LAO"


def test_a_person_no_table_holds_is_found_from_the_title(annotate):
    doc = annotate("Colonel Bounmy Phommachan, Lao defence attaché in Hanoi, attended the ceremony.")
    bounmy = actor(doc, "Bounmy Phommachan")
    assert bounmy.country == "LAO"
    assert bounmy.table_id is None


def test_the_actor_table_resolves_a_known_person(annotate):
    doc = annotate("Defence Minister Richard Marles arrived in Jakarta on Tuesday.", published="2024-02-01")
    marles = actor(doc, "Richard Marles")
    assert marles.country == "AUS"
    assert marles.table_id is not None


def test_bylines_and_photo_credits_are_not_persons(annotate):
    doc = annotate("By Nguyen Dong\n\nThe USS Ronald Reagan arrived in Da Nang. Photo by VnExpress/Tran Minh.")
    assert [a.name for a in doc.actors] == []


def test_places_are_not_persons(annotate):
    doc = annotate("General Vong Pisen met the delegation in Phnom Penh and later flew to Ha Noi.")
    assert [a.name for a in doc.actors] == ["Vong Pisen"]


def test_ship_names_are_not_persons(annotate):
    doc = annotate("The training ship Qi Jiguang arrived at Port Klang. Qi Jiguang, commissioned in 2017, "
                   "carries 400 cadets.", published="2024-11-23")
    assert [a.name for a in doc.actors] == []


def test_korean_and_japanese_names_keep_their_order(annotate):
    doc = annotate("South Korean Defense Minister Shin Won-sik met Japanese Defense Minister Minoru Kihara "
                   "in Tokyo. Kihara and Shin agreed to meet again.", published="2024-06-02")
    assert actor(doc, "Shin Won-sik").country == "KOR"
    assert actor(doc, "Minoru Kihara").country == "JPN"
    assert len(actor(doc, "Minoru Kihara").mentions) == 2


def test_person_f1_on_the_seeds(tmp_path):
    score = pytest.importorskip("conftest").load_scorer()
    from conftest import SEEDS, EVAL
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not present")
    figures = _persons_figures(score, SEEDS, EVAL / "gold", tmp_path)
    assert figures["f1"] >= 0.95
    assert figures["country_accuracy"] == 1.0


def test_person_f1_on_the_development_set(tmp_path):
    score = pytest.importorskip("conftest").load_scorer()
    from conftest import EVAL
    if not (EVAL / "dev" / "articles").exists():
        pytest.skip("../shared/eval/dev is not present")
    figures = _persons_figures(score, EVAL / "dev" / "articles", EVAL / "dev" / "gold", tmp_path)
    assert figures["f1"] >= 0.95


def _persons_figures(score, articles, gold, tmp_path):
    import json
    import subprocess
    import sys
    out = tmp_path / "persons.jsonl"
    events = tmp_path / "events.jsonl"
    subprocess.run([sys.executable, "-m", "communique", "persons", str(articles), "--jsonl", "--out", str(out)],
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "communique", "extract", str(articles), "--out", str(events)],
                   check=True, capture_output=True)
    result = subprocess.run([sys.executable, str(score.__file__), str(gold), str(events), "--persons", str(out), "--json"],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)["persons"]
