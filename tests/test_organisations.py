"""Organisation and ship mentions."""
import pytest

from communique.mentions.organisations import find_organisations


def found(text):
    return [(o.text, o.name, o.country, o.kind) for o in find_organisations(text)]


def named(text):
    return [(o.name, o.country, o.kind) for o in find_organisations(text)]


def test_offsets_point_into_the_text():
    text = "The Royal Thai Navy and the Indian Navy held talks with the Ministry of National Defence."
    result = find_organisations(text)
    assert [o.text for o in result] == ["Royal Thai Navy", "Indian Navy", "Ministry of National Defence"]
    for org in result:
        assert text[org.start:org.end] == org.text


def test_bracketed_acronym_names_the_body_everywhere():
    text = ("Chief of the General Staff of the Vietnam People’s Army (VPA) received the Commander-in-Chief "
            "of the Royal Cambodian Armed Forces (RCAF). The VPA and the RCAF agreed to cooperate.")
    assert named(text) == [
        ("Vietnam People's Army", "VNM", "armed_forces"),
        ("Vietnam People's Army", "VNM", "armed_forces"),
        ("Royal Cambodian Armed Forces", "KHM", "armed_forces"),
        ("Royal Cambodian Armed Forces", "KHM", "armed_forces"),
        ("Vietnam People's Army", "VNM", "armed_forces"),
        ("Royal Cambodian Armed Forces", "KHM", "armed_forces"),
    ]


def test_acronym_learnt_from_the_text():
    text = "Military Commercial Joint Stock Bank (MB) opened a branch; MB said the branch would serve troops."
    assert named(text) == [("Military Commercial Joint Stock Bank", "VNM", "company")] * 3


@pytest.mark.parametrize("text, name, country, kind", [
    ("the Ministry of National Defence", "Ministry of National Defence", None, "ministry"),
    ("the Vietnamese Defence Ministry", "Vietnamese Defence Ministry", "VNM", "ministry"),
    ("a Defence Ministry spokesman", "Defence Ministry", None, "ministry"),
    ("the Department of National Defense", "Department of National Defense", "PHL", "ministry"),
    ("the Pentagon said", "Pentagon", "USA", "ministry"),
    ("the Russian Defense Ministry", "Russian Defense Ministry", "RUS", "ministry"),
    ("the Ministry of Foreign Affairs and Trade of New Zealand", "Ministry of Foreign Affairs and Trade of New Zealand",
     "NZL", "ministry"),
    ("the Vietnam People's Army", "Vietnam People's Army", "VNM", "armed_forces"),
    ("the Việt Nam People's Army", "Vietnam People's Army", "VNM", "armed_forces"),
    ("the Royal Cambodian Armed Forces", "Royal Cambodian Armed Forces", "KHM", "armed_forces"),
    ("the Lao People's Army", "Lao People's Army", "LAO", "armed_forces"),
    ("the Royal Thai Navy", "Royal Thai Navy", "THA", "armed_forces"),
    ("the People's Liberation Army", "People's Liberation Army", "CHN", "armed_forces"),
    ("the PLA Navy", "PLA Navy", "CHN", "armed_forces"),
    ("the Japan Maritime Self-Defense Force", "Japan Maritime Self-Defense Force", "JPN", "armed_forces"),
    ("the JMSDF", "Japan Maritime Self-Defense Force", "JPN", "armed_forces"),
    ("the Indian Navy", "Indian Navy", "IND", "armed_forces"),
    ("the US Navy", "US Navy", "USA", "armed_forces"),
    ("the U.S. Navy", "U.S. Navy", "USA", "armed_forces"),
    ("US Indo-Pacific Command", "US Indo-Pacific Command", "USA", "armed_forces"),
    ("the Philippine Navy", "Philippine Navy", "PHL", "armed_forces"),
    ("the Malaysian Coast Guard", "Malaysian Coast Guard", "MYS", "armed_forces"),
    ("the Australian Army", "Australian Army", "AUS", "armed_forces"),
    ("the Southern Theater Command", "Southern Theater Command", "CHN", "unit"),
    ("Commander of Military Region 7", "Military Region 7", None, "unit"),
    ("the Commander of Military Zone 7", "Military Zone 7", None, "unit"),
    ("the 5th Air Mobility Wing", "5th Air Mobility Wing", None, "unit"),
    ("Naval Region 4 Command", "Naval Region 4", None, "unit"),
    ("the Border Guard Command", "Border Guard Command", None, "unit"),
    ("the 3rd Marine Expeditionary Brigade", "3rd Marine Expeditionary Brigade", None, "unit"),
    ("Viettel", "Viettel", "VNM", "company"),
    ("Metfone", "Metfone", "KHM", "company"),
    ("Korea Aerospace Industries", "Korea Aerospace Industries", "KOR", "company"),
    ("Mitsubishi Heavy Industries", "Mitsubishi Heavy Industries", None, "company"),
    ("DAPA", "Defense Acquisition Program Administration", "KOR", "organisation"),
    ("the Central Military Commission", "Central Military Commission", None, "organisation"),
    ("the Cambodian People's Party", "Cambodian People's Party", "KHM", "party"),
    ("the CPP", "Cambodian People's Party", "KHM", "party"),
    ("the Communist Party of Vietnam", "Communist Party of Vietnam", "VNM", "party"),
    ("ASEAN", "ASEAN", None, "organisation"),
    ("the ADMM", "ADMM", None, "organisation"),
    ("the ADMM-Plus", "ADMM-Plus", None, "organisation"),
    ("the ADMM+", "ADMM-Plus", None, "organisation"),
    ("the International Military Sports Council", "International Military Sports Council", None, "organisation"),
    ("the Naval Academy", "Naval Academy", None, "organisation"),
])
def test_single_mentions(text, name, country, kind):
    assert named(text) == [(name, country, kind)]


@pytest.mark.parametrize("text, expected", [
    ("Carrier Strike Group 5 and Task Force 70", [("Carrier Strike Group 5", "unit"), ("Task Force 70", "unit")]),
    ("the Army Corps 12, Division 324 and Brigade 147",
     [("Army Corps 12", "unit"), ("Division 324", "unit"), ("Brigade 147", "unit")]),
    ("the 1st Infantry Division and the 3rd Marine Division",
     [("1st Infantry Division", "unit"), ("3rd Marine Division", "unit")]),
    ("the Bangladesh Army, the Sri Lankan Navy and the China Coast Guard",
     [("Bangladesh Army", "armed_forces"), ("Sri Lankan Navy", "armed_forces"), ("China Coast Guard", "armed_forces")]),
    ("the National Defence Academy and Le Quy Don Technical University",
     [("National Defence Academy", "organisation"), ("Le Quy Don Technical University", "organisation")]),
    ("Viettel Group and Hanwha Aerospace", [("Viettel", "company"), ("Hanwha Aerospace", "company")]),
])
def test_patterns_generalise(text, expected):
    assert [(o.name, o.kind) for o in find_organisations(text)] == expected


def test_ministry_of_a_named_country():
    assert named("the Ministry of National Defence of Cambodia and the Ministry of Public Security") == [
        ("Ministry of National Defence of Cambodia", "KHM", "ministry"),
        ("Ministry of Public Security", None, "ministry")]


def test_titles_are_not_organisations():
    assert named("Vietnamese Defence Minister Phan Van Giang and Cambodia's Deputy Prime Minister "
                 "and Minister of National Defence Tea Seiha") == []


def test_possessor_gives_the_country():
    assert named("He thanked Vietnam's Ministry of Defense for its support.") == [
        ("Ministry of Defense", "VNM", "ministry")]
    assert named("Cambodia’s Ministry of Defence") == [("Ministry of Defence", "KHM", "ministry")]


def test_nested_forces_stay_separate():
    text = ("courtesy visits to the leaders of the Southern Theater Command Navy of the Chinese People's "
            "Liberation Army and the Command of the Philippine Navy")
    assert found(text) == [
        ("Southern Theater Command Navy", "Southern Theater Command Navy", "CHN", "armed_forces"),
        ("Chinese People's Liberation Army", "People's Liberation Army", "CHN", "armed_forces"),
        ("Philippine Navy", "Philippine Navy", "PHL", "armed_forces"),
    ]


@pytest.mark.parametrize("text, name, country", [
    ("The USS Theodore Roosevelt arrived in Da Nang.", "USS Theodore Roosevelt", "USA"),
    ("with cruiser USS Bunker Hill and a destroyer", "USS Bunker Hill", "USA"),
    ("HMAS Canberra docked", "HMAS Canberra", "AUS"),
    ("INS Shivalik arrived", "INS Shivalik", "IND"),
    ("JS Izumo sailed", "JS Izumo", "JPN"),
    ("KRI Bung Tomo visited", "KRI Bung Tomo", "IDN"),
    ("BRP Jose Rizal joined", "BRP Jose Rizal", "PHL"),
    ("HTMS Bhumibol Adulyadej led", "HTMS Bhumibol Adulyadej", "THA"),
    ("HMNZS Aotearoa refuelled", "HMNZS Aotearoa", "NZL"),
    ("HMS Spey called", "HMS Spey", "GBR"),
    ("ROKS Sejong the Great", "ROKS Sejong", "KOR"),
    ("RSS Formidable and KD Lekiu", "RSS Formidable", "SGP"),
])
def test_prefixed_ships(text, name, country):
    ships = [(o.name, o.country) for o in find_organisations(text) if o.kind == "ship"]
    assert ships[0] == (name, country)


def test_ships_named_after_a_vessel_word():
    text = "Sailing vessel 286-Lê Quý Đôn of the Naval Academy left port; the Vietnamese frigate Ly Thai To followed."
    ships = [(o.text, o.name, o.country) for o in find_organisations(text) if o.kind == "ship"]
    assert ships == [("286-Lê Quý Đôn", "286-Lê Quý Đôn", None), ("Ly Thai To", "Ly Thai To", "VNM")]


def test_vessel_words_without_a_name():
    assert [o for o in find_organisations("The vessel arrived on Monday and the ship left in March.")] == []


def test_bare_heads_are_generic():
    assert found("The Navy said the Army and the Ministry would help; Air Force pilots flew.") == []


def test_heads_inside_other_names():
    assert named("the International Army Games and the ASEAN Army Men's Volleyball Tournament") == [
        ("ASEAN", None, "organisation")]


def test_committee_of_a_unit_gives_both():
    assert named("the Party Committee of Military Zone 7") == [
        ("Party Committee", None, "organisation"), ("Military Zone 7", None, "unit")]


def test_sentence_openers_are_not_part_of_names():
    assert named("Regarding Party building, the commission met.") == []
    assert named("Yesterday Royal Thai Navy ships sailed.") == [("Royal Thai Navy", "THA", "armed_forces")]


def test_legal_forms_are_not_companies():
    assert named("visited the MB Cambodia Bank, Public Limited Company (MB Cambodia)") == [
        ("MB Cambodia Bank", "KHM", "company")]


def test_generic_party_is_not_a_party():
    assert named("The City Party Chief said.") == []


def test_multilateral_bodies_have_no_country():
    text = "ASEAN and its partners within the ASEAN Defence Ministers' Meeting-Plus (ADMM-Plus) and the UN"
    assert [(o.name, o.country) for o in find_organisations(text)] == [
        ("ASEAN", None), ("ADMM-Plus", None), ("ADMM-Plus", None), ("United Nations", None)]
