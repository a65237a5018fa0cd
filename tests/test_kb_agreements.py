"""The agreement registry: documents, their periods, conflicts and successors."""
from communique.kb import Store, query
from communique.kb.agreements import agreement_key
from communique.kb.samples import sample_document, sample_event
from communique.model import AgreementInfo

GIANG, SEIHA, BANH = ("Phan Van Giang", "VNM", "signatory"), ("Tea Seiha", "KHM", "signatory"), \
    ("Tea Banh", "KHM", "signatory")


def protocol(name, published, period, signed_on=None, people=(GIANG, BANH), title="Protocol on Defence Cooperation",
             parties=("VNM", "KHM")):
    start, end = period
    info = AgreementInfo("protocol", title, start, end, list(parties))
    event = sample_event("AGREEMENT", ["VNM", "KHM"], signed_on, people=people, agreement=info,
                         sentence=f"{title} for {start}-{end}, reported in {name}.")
    return sample_document(name, published, [event])


def chain_corpus():
    return [
        protocol("2019.txt", "2019-03-10", ("2019", "2024"), "2019-03-08"),
        protocol("2023.txt", "2023-05-01", ("2020", "2024"), "2019"),        # a later article remembers 2020-24
        protocol("2024.txt", "2024-11-26", ("2025", "2029"), "2024-11-25", people=(GIANG, SEIHA),
                 title="protocol on defense cooperation"),
    ]


def test_a_protocol_chain_keeps_the_conflicting_periods_and_links_the_successor(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        store.ingest(chain_corpus())
        first, second = query.agreements(store, country="KHM")
    assert (first["period_start"], first["period_end"], first["signed"]) == ("2019", "2024", "2019-03-08")
    [conflict] = first["conflicts"]
    assert conflict["field"] == "period"
    assert [v["value"] for v in conflict["values"]] == ["2019-2024", "2020-2024"]   # both kept
    assert first["articles"] == ["2019.txt", "2023.txt"]
    assert (second["period_start"], second["period_end"]) == ("2025", "2029")
    assert first["successor_id"] == second["id"] and second["predecessor_id"] == first["id"]
    assert first["predecessor_id"] is None and second["successor_id"] is None


def test_the_two_reports_of_one_signing_are_one_event_with_the_period_conflict_flagged(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        store.ingest(chain_corpus())
        events = query.events(store, type="AGREEMENT", order="date")
        signing = query.event(store, events[0]["id"])
        registry = query.agreements(store)
    assert [e["n_reports"] for e in events] == [2, 1]
    assert signing["date_start"] == "2019-03-08"
    assert [c["field"] for c in signing["conflicts"]] == ["agreement_period"]
    assert signing["agreement_id"] == registry[0]["id"]
    assert registry[0]["events"] == [signing["id"]]


def test_the_registry_does_not_depend_on_the_order_of_arrival(tmp_path):
    stores = []
    for name, documents in (("forward.db", chain_corpus()), ("backward.db", chain_corpus()[::-1])):
        store = Store(tmp_path / name)
        store.ingest(documents)
        stores.append(store)
    shape = lambda store: [(a["period_start"], a["period_end"], len(a["reports"]), bool(a["predecessor_id"]),  # noqa
                            [c["field"] for c in a["conflicts"]]) for a in query.agreements(store)]
    assert shape(stores[0]) == shape(stores[1])


def test_other_parties_make_another_document(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        store.ingest([protocol("a.txt", "2019-03-10", ("2019", "2024"), "2019-03-08"),
                      protocol("b.txt", "2019-05-10", ("2019", "2024"), "2019-05-08", parties=("VNM", "LAO"))])
        assert len(query.agreements(store)) == 2
        assert len(query.agreements(store, country="LAO")) == 1


def test_document_names_are_compared_without_case_spelling_years_or_filler():
    one = agreement_key({"kind": "protocol", "name": "Protocol on Defence Cooperation", "parties": ["VNM", "KHM"]}, [])
    two = agreement_key({"kind": "Protocol", "name": "protocol on defense cooperation for the 2025-2029 period"},
                        ["KHM", "VNM"])
    other = agreement_key({"kind": "protocol", "name": "Protocol on Border Cooperation"}, ["KHM", "VNM"])
    assert one == two != other
