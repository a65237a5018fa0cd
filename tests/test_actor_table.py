"""The curated actor table: the data's schema, and lookups by name, date and office."""
from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pycountry
import pytest
from hypothesis import given, strategies as st

from communique.resolve.actor_table import ActorTable, TableEntry, first_day, fold, last_day

PERSON_KEYS = {"id", "name", "native", "country", "aliases", "short", "gender", "offices", "ranks", "note"}
OFFICE_KEYS = {"title", "org", "country", "start", "end", "role", "note"}
RANK_KEYS = {"rank", "start", "end"}


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(resources.files("communique").joinpath("data/actors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return ActorTable.load()


def is_alpha3(code: str) -> bool:
    return code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def entry_id(entry: TableEntry | None) -> str | None:
    return entry.id if entry else None


# ---------------------------------------------------------------- the data's schema

def test_meta_describes_the_table(raw):
    meta = raw["meta"]
    assert meta["curated_on"] == "2026-11-28"
    assert "hand" in meta["curation"]
    assert set(meta["fields"]) >= PERSON_KEYS - {"note"}
    assert "defence_minister" in meta["roles"]
    assert all(is_alpha3(code) for code in meta["coverage"])


def test_table_is_large_and_covers_every_listed_country(raw, table):
    assert len(table) == len(raw["people"]) >= 150
    countries = {entry.country for entry in table}
    assert countries == set(raw["meta"]["coverage"])


def test_every_record_has_only_known_fields(raw):
    for person in raw["people"]:
        assert PERSON_KEYS - {"note"} <= set(person) <= PERSON_KEYS, person["id"]
        for office in person["offices"]:
            assert {"title", "org", "country", "start", "end", "role"} <= set(office) <= OFFICE_KEYS, person["id"]
        for rank in person["ranks"]:
            assert set(rank) == RANK_KEYS, person["id"]


def test_every_entry_is_well_formed(table):
    for entry in table:
        assert entry.id and entry.name and entry.native, entry
        assert entry.name.isascii(), entry.id
        assert is_alpha3(entry.country), entry.id
        assert entry.id.startswith(entry.country.lower() + "-"), entry.id
        assert entry.gender in {"m", "f"}, entry.id
        assert entry.offices, f"{entry.id} holds no office"
        assert fold(entry.native) == fold(entry.name) or entry.native in entry.aliases, entry.id
        if entry.short is not None:
            assert len(fold(entry.short).replace(" ", "").split()) == 1, entry.id


def test_ids_are_unique(raw):
    ids = [person["id"] for person in raw["people"]]
    assert len(ids) == len(set(ids))


def test_office_and_rank_dates_parse_and_are_ordered(raw, table):
    roles = set(raw["meta"]["roles"])
    for entry in table:
        for office in entry.offices:
            assert office.title, entry.id
            assert is_alpha3(office.country), entry.id
            assert office.role is None or office.role in roles, (entry.id, office.role)
            assert_period(entry.id, office.start, office.end)
        for rank in entry.ranks:
            assert rank.rank, entry.id
            assert_period(entry.id, rank.start, rank.end)


def assert_period(entry: str, start: str | None, end: str | None) -> None:
    begins, ends = first_day(start), last_day(end)   # raise on a malformed date
    if begins and ends:
        assert begins <= ends, (entry, start, end)


def test_no_two_entries_share_a_full_name(table):
    owner: dict[str, str] = {}
    for entry in table:
        for full_name in entry.full_names:
            key = fold(full_name)
            if len(key.split()) < 2:
                continue
            assert owner.setdefault(key, entry.id) == entry.id, (full_name, owner[key], entry.id)


def test_aliases_are_names_not_titles(table):
    titles = {"general", "minister", "president", "admiral", "dr", "datuk", "samdech", "mr", "madam"}
    for entry in table:
        for alias in entry.aliases:
            assert not set(fold(alias).split()) & titles, (entry.id, alias)


# ---------------------------------------------------------------- fold

@pytest.mark.parametrize("written, folded", [
    ("Phan Văn Giang", "phan van giang"),
    ("Đỗ Bá Tỵ", "do ba ty"),
    ("  Lloyd J.  Austin III ", "lloyd j austin iii"),
    ("Shin Won-sik", "shin wonsik"),
    ("Ma'ruf Amin", "maruf amin"),
    ("Eduardo Año", "eduardo ano"),
    ("PRAYUT Chan-o-cha", "prayut chanocha"),
    ("", ""),
])
def test_fold(written, folded):
    assert fold(written) == folded


@given(st.text())
def test_fold_is_idempotent_and_spaced_once(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert "  " not in folded and folded == folded.strip()


# ---------------------------------------------------------------- lookup by full name

@pytest.mark.parametrize("written, expected", [
    ("Phan Văn Giang", "vnm-phan-van-giang"),
    ("phan van giang", "vnm-phan-van-giang"),
    ("PHAN VAN GIANG", "vnm-phan-van-giang"),
    ("Nguyễn Tân Cương", "vnm-nguyen-tan-cuong"),
    ("Tea Seiha", "khm-tea-seiha"),
    ("Hun Sen", "khm-hun-sen"),
    ("Prayuth Chan-ocha", "tha-prayut-chan-o-cha"),
    ("Sergey Shoigu", "rus-sergei-shoigu"),
    ("Lloyd J. Austin", "usa-lloyd-austin"),
    ("Lloyd J. Austin III", "usa-lloyd-austin"),
    ("David Lance Johnston", "aus-david-johnston"),
    ("Samdech Techo Hun Sen", "khm-hun-sen"),
    ("Eduardo Ano", "phl-eduardo-ano"),
])
def test_lookup_full_names_and_spellings(table, written, expected):
    assert entry_id(table.lookup(written)) == expected


@pytest.mark.parametrize("written, expected", [
    ("Jun Dong", "chn-dong-jun"),
    ("Kihara Minoru", "jpn-minoru-kihara"),
    ("Nakatani Gen", "jpn-gen-nakatani"),
    ("Won-sik Shin", "kor-shin-won-sik"),
    ("Shin Won Sik", "kor-shin-won-sik"),
    ("Shin Wonsik", "kor-shin-won-sik"),
    ("Hsien Loong Lee", "sgp-lee-hsien-loong"),
])
def test_lookup_ignores_word_order_and_hyphenation(table, written, expected):
    assert entry_id(table.lookup(written)) == expected


@pytest.mark.parametrize("written", ["Nguyen Dinh Giang", "John Smith", "Giang Van", "", "   ", "General"])
def test_unknown_names_return_none(table, written):
    assert table.lookup(written) is None
    assert table.lookup(written, on=date(2023, 1, 1), country="VNM") is None


def test_country_narrows_a_full_name_but_does_not_veto_it(table):
    assert entry_id(table.lookup("Lee Jong-sup", country="SGP")) == "kor-lee-jong-sup"


# ---------------------------------------------------------------- lookup by one word

def test_one_word_needs_a_matching_country(table):
    assert entry_id(table.lookup("Giang", country="VNM")) == "vnm-phan-van-giang"
    assert entry_id(table.lookup("Dong", country="CHN")) == "chn-dong-jun"
    assert entry_id(table.lookup("Prayut", country="THA")) == "tha-prayut-chan-o-cha"
    assert entry_id(table.lookup("Chansamone", country="LAO")) == "lao-chansamone-chanyalath"
    assert entry_id(table.lookup("Austin", country="USA")) == "usa-lloyd-austin"
    assert table.lookup("Giang", country="KHM") is None
    assert table.lookup("Austin", country="GBR") is None


def test_one_word_without_country_only_when_unique(table):
    assert entry_id(table.lookup("Prabowo")) == "idn-prabowo-subianto"
    assert entry_id(table.lookup("Jokowi")) == "idn-joko-widodo"
    assert table.lookup("Li") is None
    assert table.lookup("Kim") is None


def test_one_word_is_only_a_short_form(table):
    assert table.lookup("Phan") is None, "a Vietnamese family name does not stand for one person"
    assert table.lookup("Seiha", country="KHM") is None, "Khmer names are referred to in full"
    assert table.lookup("Van", country="VNM") is None


def test_date_settles_an_ambiguous_short_form(table):
    assert entry_id(table.lookup("Shin", on=date(2024, 1, 15), country="KOR")) == "kor-shin-won-sik"
    assert entry_id(table.lookup("Cuong", on=date(2022, 6, 1), country="VNM")) == "vnm-nguyen-tan-cuong"
    assert table.lookup("Shin", country="KOR") is None
    # Premier Li Qiang and Defence Minister Li Shangfu both in office: still ambiguous.
    assert table.lookup("Li", on=date(2023, 6, 1), country="CHN") is None


def test_words_that_are_also_english_are_not_short_forms(table):
    assert table.lookup("He", country="CHN") is None
    assert table.lookup("May", country="GBR") is None


# ---------------------------------------------------------------- offices on a date

def test_offices_on(table):
    tea_banh = table.lookup("Tea Banh")
    held = table.offices_on(tea_banh, date(2019, 7, 23))
    assert "Minister of National Defence" in {office.title for office in held}
    assert table.offices_on(tea_banh, date(2024, 11, 26)) == []


def test_partial_dates_cover_their_whole_period(table):
    giang = table.lookup("Phan Van Giang")
    minister = [o for o in giang.offices if o.role == "defence_minister"][0]
    assert minister.start == "2021-04"
    assert minister.held_on(date(2021, 4, 1)) and minister.held_on(date(2030, 1, 1))
    assert not minister.held_on(date(2021, 3, 31))
    assert last_day("2024-02") == date(2024, 2, 29) and first_day("2019") == date(2019, 1, 1)


def test_malformed_dates_are_rejected():
    for bad in ("2021-13", "21-04", "2021/04", "2021-02-30"):
        with pytest.raises(ValueError):
            first_day(bad)


def test_by_office_gives_cambodias_defence_minister(table):
    assert [e.id for e in table.by_office("KHM", "defence", date(2019, 7, 23))] == ["khm-tea-banh"]
    assert [e.id for e in table.by_office("KHM", "defence", date(2024, 11, 26))] == ["khm-tea-seiha"]


def test_by_office_leaves_out_deputies_unless_asked(table):
    on = date(2022, 6, 1)
    assert [e.id for e in table.by_office("VNM", "defence", on)] == ["vnm-phan-van-giang"]
    deputies = {e.id for e in table.by_office("VNM", "deputy defence", on)}
    assert {"vnm-nguyen-tan-cuong", "vnm-hoang-xuan-chien"} <= deputies
    assert "vnm-phan-van-giang" not in deputies


def test_by_office_accepts_either_spelling_and_role_codes(table):
    assert [e.id for e in table.by_office("USA", "defence", date(2022, 1, 1))] == ["usa-lloyd-austin"]
    assert [e.id for e in table.by_office("USA", "Defense", date(2025, 3, 1))] == ["usa-pete-hegseth"]
    assert [e.id for e in table.by_office("AUS", "defence_minister", date(2023, 3, 1))] == ["aus-richard-marles"]
    assert [e.id for e in table.by_office("THA", "prime minister", date(2024, 1, 1))] == ["tha-srettha-thavisin"]
    assert table.by_office("CHN", "defence_minister", date(2023, 11, 15)) == []   # post vacant


# The dated facts the table must get right (the brief's examples).
@pytest.mark.parametrize("name, role, inside, outside", [
    ("Phan Van Giang", "defence_minister", date(2021, 4, 30), date(2021, 3, 1)),
    ("Ngo Xuan Lich", "defence_minister", date(2019, 7, 23), date(2021, 5, 1)),
    ("Tea Banh", "defence_minister", date(2023, 8, 1), date(2023, 9, 1)),
    ("Tea Seiha", "defence_minister", date(2023, 9, 1), date(2023, 7, 1)),
    ("Hun Sen", "head_of_government", date(2023, 8, 1), date(2023, 9, 1)),
    ("Hun Sen", "legislature_head", date(2024, 5, 1), date(2024, 3, 1)),
    ("Hun Manet", "head_of_government", date(2023, 9, 1), date(2023, 7, 1)),
    ("Hun Manet", "army_chief", date(2022, 8, 31), date(2024, 1, 1)),
    ("Vong Pisen", "chief_of_defence", date(2023, 10, 17), None),
    ("Nguyen Tan Cuong", "chief_of_defence", date(2023, 10, 17), date(2020, 1, 1)),
    ("Lloyd Austin", "defence_minister", date(2021, 2, 1), date(2025, 2, 1)),
    ("Pete Hegseth", "defence_minister", date(2025, 2, 1), date(2024, 12, 1)),
    ("Prayut Chan-o-cha", "defence_minister", date(2022, 6, 14), date(2023, 10, 1)),
    ("Prabowo Subianto", "defence_minister", date(2022, 5, 14), date(2024, 11, 1)),
    ("Prabowo Subianto", "head_of_state", date(2024, 11, 1), date(2024, 10, 1)),
    ("Sergei Shoigu", "defence_minister", date(2021, 6, 11), date(2024, 6, 1)),
    ("Dong Jun", "defence_minister", date(2024, 11, 21), date(2023, 12, 1)),
    ("Li Shangfu", "defence_minister", date(2023, 6, 1), date(2023, 11, 1)),
    ("Wei Fenghe", "defence_minister", date(2022, 6, 1), date(2023, 4, 1)),
    ("Delfin Lorenzana", "defence_minister", date(2019, 11, 26), date(2023, 1, 1)),
    ("Gilberto Teodoro", "defence_minister", date(2024, 1, 1), date(2023, 5, 1)),
    ("Ng Eng Hen", "defence_minister", date(2023, 9, 5), date(2025, 6, 1)),
    ("Mohamad Hasan", "defence_minister", date(2023, 9, 5), date(2024, 6, 1)),
    ("Lee Jong-sup", "defence_minister", date(2023, 1, 1), date(2024, 1, 1)),
    ("Shin Won-sik", "defence_minister", date(2024, 1, 1), date(2024, 10, 1)),
    ("Kim Yong-hyun", "defence_minister", date(2024, 10, 1), date(2025, 1, 1)),
    ("Richard Marles", "defence_minister", date(2023, 1, 1), date(2022, 5, 1)),
    ("Rajnath Singh", "defence_minister", date(2023, 1, 1), date(2019, 1, 1)),
    ("Yasukazu Hamada", "defence_minister", date(2023, 1, 1), date(2023, 10, 1)),
    ("Minoru Kihara", "defence_minister", date(2024, 1, 1), date(2024, 11, 1)),
    ("Gen Nakatani", "defence_minister", date(2025, 1, 1), date(2024, 9, 1)),
    ("Chansamone Chanyalath", "defence_minister", date(2024, 11, 21), None),
])
def test_known_terms_of_office(table, name, role, inside, outside):
    entry = table.lookup(name)
    assert entry is not None, name

    def holds(on: date) -> bool:
        return any(office.role == role for office in table.offices_on(entry, on))
    assert holds(inside), (name, role, inside)
    if outside:
        assert not holds(outside), (name, role, outside)


# ---------------------------------------------------------------- loading

def test_default_load_is_cached(table):
    assert ActorTable.load() is table


def test_load_from_a_path(tmp_path):
    record = {"id": "xyz-test-person", "name": "Test Person", "native": "Tést Person", "country": "VNM",
              "aliases": [], "short": "Person", "gender": "f",
              "offices": [{"title": "Minister of National Defence", "org": None, "country": "VNM",
                           "start": "2020", "end": None, "role": "defence_minister"}],
              "ranks": []}
    path = tmp_path / "actors.json"
    path.write_text(json.dumps({"meta": {"roles": {"defence_minister": ""}}, "people": [record]}), encoding="utf-8")
    small = ActorTable.load(path)
    assert len(small) == 1
    assert entry_id(small.lookup("test person")) == "xyz-test-person"
    assert entry_id(small.lookup("Person")) == "xyz-test-person"
    assert [e.id for e in small.by_office("VNM", "defence_minister", date(2021, 1, 1))] == ["xyz-test-person"]
