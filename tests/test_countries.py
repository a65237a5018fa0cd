"""Country words -> ISO alpha-3, and country mentions in running text."""
import json
from importlib import resources

import pytest

from communique.mentions.countries import (
    country_code, country_name, cow_code, find_countries, fold, tokenize,
)


def mentions(text):
    return [(m.text, m.code, m.form) for m in find_countries(text)]


def codes(text):
    return [m.code for m in find_countries(text)]


@pytest.mark.parametrize("word, code", [
    ("Vietnam", "VNM"), ("Viet Nam", "VNM"), ("Việt Nam", "VNM"), ("Vietnamese", "VNM"), ("Vietnam's", "VNM"),
    ("Cambodia", "KHM"), ("Cambodian", "KHM"), ("Khmer", "KHM"),
    ("Laos", "LAO"), ("Lao", "LAO"), ("Laotian", "LAO"), ("Lao PDR", "LAO"),
    ("Thailand", "THA"), ("Thai", "THA"),
    ("the Philippines", "PHL"), ("Philippine", "PHL"), ("Filipino", "PHL"),
    ("Indonesia", "IDN"), ("Indonesian", "IDN"), ("Malaysia", "MYS"), ("Malaysian", "MYS"),
    ("Singapore", "SGP"), ("Singaporean", "SGP"), ("Brunei", "BRN"), ("Bruneian", "BRN"),
    ("Myanmar", "MMR"), ("Burma", "MMR"), ("Myanmar's", "MMR"), ("Myanmar’s", "MMR"),
    ("Timor-Leste", "TLS"), ("East Timor", "TLS"), ("Timorese", "TLS"),
    ("China", "CHN"), ("Chinese", "CHN"), ("PRC", "CHN"),
    ("Japan", "JPN"), ("Japanese", "JPN"),
    ("South Korea", "KOR"), ("Korea", "KOR"), ("ROK", "KOR"), ("Republic of Korea", "KOR"), ("South Korean", "KOR"),
    ("North Korea", "PRK"), ("DPRK", "PRK"), ("North Korean", "PRK"),
    ("India", "IND"), ("Indian", "IND"), ("Australia", "AUS"), ("Australian", "AUS"),
    ("New Zealand", "NZL"), ("New Zealander", "NZL"),
    ("US", "USA"), ("U.S.", "USA"), ("USA", "USA"), ("United States", "USA"), ("American", "USA"), ("US-led", "USA"),
    ("UK", "GBR"), ("Britain", "GBR"), ("British", "GBR"),
    ("France", "FRA"), ("French", "FRA"), ("Russia", "RUS"), ("Russian", "RUS"), ("Russian Federation", "RUS"),
    ("Germany", "DEU"), ("Canada", "CAN"), ("Pakistan", "PAK"), ("Bangladesh", "BGD"), ("Sri Lanka", "LKA"),
    ("Nepal", "NPL"), ("Mongolia", "MNG"), ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Israel", "ISR"), ("Iran", "IRN"),
    ("VNM", "VNM"), ("KHM", "KHM"), ("Estonian", "EST"),
])
def test_country_code(word, code):
    assert country_code(word) == code


@pytest.mark.parametrize("word", ["us", "Mekong", "ASEAN", "Hanoi", "", "Cuong", "Navy"])
def test_country_code_unknown(word):
    assert country_code(word) is None


@pytest.mark.parametrize("code, name", [
    ("VNM", "Vietnam"), ("KOR", "South Korea"), ("PRK", "North Korea"), ("USA", "United States"), ("LAO", "Laos"),
    ("GBR", "United Kingdom"), ("RUS", "Russia"), ("BRN", "Brunei"), ("TLS", "Timor-Leste"), ("KHM", "Cambodia"),
    ("DEU", "Germany"), ("IRN", "Iran"), ("vnm", "Vietnam"),
])
def test_country_name(code, name):
    assert country_name(code) == name


def test_country_name_of_unknown_code_is_the_code():
    assert country_name("XYZ") == "XYZ"


def test_names_round_trip_for_the_region():
    for code in ["VNM", "KHM", "LAO", "THA", "MMR", "MYS", "SGP", "IDN", "PHL", "BRN", "TLS", "CHN", "JPN", "KOR",
                 "PRK", "IND", "AUS", "NZL", "USA", "GBR", "FRA", "RUS"]:
        assert country_code(country_name(code)) == code


def test_offsets_point_into_the_text():
    text = "Deputy Minister Vinh visited Cambodia and met his Cambodian counterpart."
    for mention in find_countries(text):
        assert text[mention.start:mention.end] == mention.text
    assert mentions(text) == [("Cambodia", "KHM", "name"), ("Cambodian", "KHM", "adjective")]


def test_possessive_is_outside_the_span():
    assert mentions("Vietnam's Ministry of National Defence") == [("Vietnam", "VNM", "name")]
    assert mentions("Myanmar’s army") == [("Myanmar", "MMR", "name")]


@pytest.mark.parametrize("text, expected", [
    ("the Vietnam-Cambodia Defence Policy Dialogue", ["VNM", "KHM"]),
    ("the US-Thai Cobra Gold exercise", ["USA", "THA"]),
    ("the Việt Nam - Cambodia Friendship Monument", ["VNM", "KHM"]),
    ("the Vietnam-Cambodia-Laos border", ["VNM", "KHM", "LAO"]),
    ("the Vietnam – Laos ministerial-level dialogue", ["VNM", "LAO"]),
    ("a U.S.-led exercise with ROK-US forces", ["USA", "KOR", "USA"]),
])
def test_compounds_give_one_mention_per_country(text, expected):
    assert codes(text) == expected


def test_forms():
    assert mentions("US and Thai troops in Thailand") == [
        ("US", "USA", "code"), ("Thai", "THA", "adjective"), ("Thailand", "THA", "name")]


def test_case_sensitive():
    assert codes("fine china and a roast turkey") == []
    assert codes("Turkey and China") == ["TUR", "CHN"]
    assert codes("let us go") == []


def test_lao_as_adjective_in_an_army_name():
    assert mentions("the Lao People's Army and the Lao People's Democratic Republic") == [
        ("Lao", "LAO", "adjective"), ("Lao People's Democratic Republic", "LAO", "name")]


def test_korea_means_south_korea_and_longest_name_wins():
    assert codes("Korea Aerospace Industries and North Korea and the Democratic People's Republic of Korea") == [
        "KOR", "PRK", "PRK"]


def test_diacritics_and_dateline_capitals():
    assert codes("HÀ NỘI — Việt Nam and Viet Nam") == ["VNM", "VNM"]
    assert codes("VIETNAM, May 14 - talks") == ["VNM"]
    assert codes("PHNOM PENH — CAMBODIA") == ["KHM"]


def test_not_mentions_of_countries():
    text = ("in the South China Sea and the Indian Ocean, near the Korean Peninsula; a Latin American "
            "delegation; the frigate Ly Thai To; Thai Binh and Thai Nguyen provinces; Lao Cai; US$5 million")
    assert codes(text) == []


def test_words_inside_longer_words_do_not_match():
    assert codes("USS Theodore Roosevelt, Indiana, Omani-owned") == ["OMN"]


def test_ambiguous_codes_need_a_code_neighbour():
    assert codes("CAN you see it? MAR is a month") == []
    assert codes("Participants: VNM, MAR and CAN") == ["VNM", "MAR", "CAN"]
    assert codes("Tokens: TLS, MDA, NAM") == []
    assert codes("the Communist Party of Vietnam (CPV) Central Committee") == ["VNM"]


def test_country_names_that_are_given_names():
    assert codes("Chad Smith and Michael Jordan arrived") == []
    assert codes("troops from Chad and the King of Jordan") == ["TCD", "JOR"]
    assert codes("Israel Defense Forces") == ["ISR"]


def test_territories_are_not_country_mentions():
    assert codes("exercises off Guam and in Hong Kong") == []


def test_fold_and_tokenize():
    assert fold("Đà Nẵng") == "Da Nang"
    assert fold("Hà Nội") == "Ha Noi"
    decomposed = "Vie\u0323\u0302t Nam"          # NFD "Việt Nam"
    assert [t.text for t in tokenize(decomposed)] == ["Việt", "Nam"]
    assert codes(decomposed) == ["VNM"]


def test_cow_codes():
    assert cow_code("VNM") == (816, "DRV")
    assert cow_code("USA") == (2, "USA")
    assert cow_code("KHM") == (811, "CAM")
    assert cow_code("GBR") == (200, "UKG")
    assert cow_code("HKG") is None


def test_cow_table_covers_the_region_and_partners():
    table = json.loads(resources.files("communique.data").joinpath("cow_codes.json").read_text())["codes"]
    expected = {
        "USA": (2, "USA"), "VNM": (816, "DRV"), "KHM": (811, "CAM"), "LAO": (812, "LAO"), "THA": (800, "THI"),
        "MMR": (775, "MYA"), "MYS": (820, "MAL"), "SGP": (830, "SIN"), "IDN": (850, "INS"), "PHL": (840, "PHI"),
        "BRN": (835, "BRU"), "TLS": (860, "ETM"), "CHN": (710, "CHN"), "JPN": (740, "JPN"), "KOR": (732, "ROK"),
        "PRK": (731, "PRK"), "IND": (750, "IND"), "AUS": (900, "AUL"), "NZL": (920, "NEW"), "RUS": (365, "RUS"),
        "GBR": (200, "UKG"), "FRA": (220, "FRN"), "DEU": (255, "GMY"), "CAN": (20, "CAN"), "TWN": (713, "TAW"),
        "MNG": (712, "MON"), "PAK": (770, "PAK"), "BGD": (771, "BNG"), "LKA": (780, "SRI"), "NPL": (790, "NEP"),
        "PNG": (910, "PNG"),
    }
    for iso, (ccode, abb) in expected.items():
        assert (table[iso]["ccode"], table[iso]["abb"]) == (ccode, abb), iso
    assert len({entry["ccode"] for entry in table.values()}) == len(table)   # no code used twice
