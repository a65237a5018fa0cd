"""Event extraction: one synthetic article per type with its expected record pinned.

The articles are written for these tests (synthetic, not real news). Each pins the
fields the guidelines score: type, status, dates, participants, countries, place.
"""
from __future__ import annotations

import pytest


def only(doc, type_, **where):
    found = [e for e in doc.events if e.type == type_ and all(getattr(e, k) == v for k, v in where.items())]
    assert len(found) == 1, f"expected one {type_} {where}, got {[ (e.type, e.status, e.date_start, e.date_end) for e in doc.events]}"
    return found[0]


def names(event):
    return sorted(p.name for p in event.participants if p.kind == "person")


def test_visit_with_a_date_range_and_the_meeting_held_during_it(annotate):
    doc = annotate("HANOI — Thai Defence Minister General Sutin Klungsang paid an official visit to Vietnam "
                   "from March 18 to 20. During the visit, he held talks with Vietnamese Minister of National "
                   "Defence General Phan Van Giang in Hanoi on March 19.", published="2024-03-20")
    visit = only(doc, "VISIT")
    assert (visit.date_start, visit.date_end, visit.status) == ("2024-03-18", "2024-03-20", "occurred")
    assert names(visit) == ["Sutin Klungsang"]
    assert visit.participants[0].role == "guest"
    assert visit.location == {"name": "Vietnam", "country": "VNM"}
    assert set(visit.countries) == {"THA", "VNM"}
    meeting = only(doc, "MEETING")
    assert (meeting.date_start, meeting.date_end) == ("2024-03-19", "2024-03-19")
    assert names(meeting) == ["Phan Van Giang", "Sutin Klungsang"]
    assert meeting.location["name"] == "Hanoi"


def test_reception_gives_host_and_guest(annotate):
    doc = annotate("Indonesian Defence Minister Prabowo Subianto received Australian Deputy Prime Minister "
                   "Richard Marles in Jakarta on Monday.", published="2023-02-15")
    meeting = only(doc, "MEETING")
    roles = {p.name: p.role for p in meeting.participants}
    assert roles == {"Prabowo Subianto": "host", "Richard Marles": "guest"}
    assert meeting.date_start == "2023-02-13"


def test_phone_call_is_a_meeting(annotate):
    doc = annotate("Japanese Defense Minister Minoru Kihara held a phone call with Philippine Defense Secretary "
                   "Gilberto Teodoro on Thursday to discuss the situation in the South China Sea.",
                   published="2024-05-11")
    meeting = only(doc, "MEETING")
    assert meeting.date_start == "2024-05-09"
    assert meeting.plover_mode == "phone/video"


def test_conference_with_its_co_chairs(annotate):
    doc = annotate("The fifth Laos-Thailand defence policy dialogue took place in Vientiane on June 6, "
                   "co-chaired by Lao Deputy Defence Minister Lieutenant General Khamliang Outhakaysone and "
                   "Thai Defence Permanent Secretary General Sanitchanog Sangkachantra.", published="2024-06-07")
    conference = only(doc, "CONFERENCE")
    assert conference.date_start == "2024-06-06"
    assert set(conference.countries) == {"LAO", "THA"}
    assert conference.location["name"] == "Vientiane"


def test_agreement_with_its_document_and_validity_period(annotate):
    doc = annotate("The two ministers, General Phan Van Giang of Vietnam and General Chansamone Chanyalath of "
                   "Laos, signed a Protocol on Defence Cooperation for the 2024-2028 period in Vientiane on "
                   "December 6.", published="2023-12-07")
    agreement = only(doc, "AGREEMENT")
    assert agreement.status == "occurred"
    assert agreement.date_start == "2023-12-06"
    assert agreement.agreement.name == "Protocol on Defence Cooperation"
    assert (agreement.agreement.period_start, agreement.agreement.period_end) == ("2024", "2028")
    assert {p.role for p in agreement.participants} == {"signatory"}


def test_planned_exercise_gets_its_future_dates(annotate):
    doc = annotate("Cambodia and China will hold their Golden Dragon joint military exercise from May 16 to "
                   "28 in Kampong Chhnang province, the Cambodian defence ministry said on Monday.",
                   published="2024-04-02")
    exercise = only(doc, "EXERCISE")
    assert exercise.status == "planned"
    assert (exercise.date_start, exercise.date_end) == ("2024-05-16", "2024-05-28")
    assert set(exercise.countries) == {"CHN", "KHM"}


def test_joint_patrol_with_dates(annotate):
    doc = annotate("Navy ships of India and Thailand conducted the 36th India-Thailand Coordinated Patrol "
                   "along their maritime boundary from November 20 to 22.", published="2023-11-24")
    patrol = only(doc, "PATROL")
    assert (patrol.date_start, patrol.date_end) == ("2023-11-20", "2023-11-22")
    assert set(patrol.countries) == {"IND", "THA"}


def test_generic_mentions_of_patrols_are_not_events(annotate):
    doc = annotate("The two sides agreed to maintain joint patrols, delegation exchanges and annual "
                   "conferences in the coming time.", published="2023-11-24")
    assert doc.events == []


def test_friendship_exchange_planned_for_a_month(annotate):
    doc = annotate("Vietnam and Cambodia will organise the second border defence friendship exchange in "
                   "December 2024, General Tea Seiha said.", published="2024-10-02")
    exchange = only(doc, "EXCHANGE")
    assert exchange.status == "planned"
    assert (exchange.date_start, exchange.date_end) == ("2024-12", "2024-12")


def test_handover_of_remains_is_aid(annotate):
    doc = annotate("Lao authorities handed over the remains of 15 Vietnamese volunteer soldiers to "
                   "Vietnam's Dien Bien province at the Tay Trang border gate on Thursday.",
                   published="2024-04-13")
    aid = only(doc, "AID")
    assert aid.date_start == "2024-04-11"
    assert set(aid.countries) >= {"LAO", "VNM"}


def test_order_presented_is_an_award(annotate):
    doc = annotate("On behalf of the State President, General Phan Van Giang on November 26 presented the "
                   "Friendship Order to Major General Vilaysack Phommalath of the Lao People's Army.",
                   published="2023-11-27")
    award = only(doc, "AWARD")
    assert award.date_start == "2023-11-26"
    assert "Vilaysack Phommalath" in names(award)


def test_wreath_laying_is_a_ceremony(annotate):
    doc = annotate("Australian Chief of Army Lieutenant General Simon Stuart laid a wreath at the Heroes "
                   "Monument in Jakarta on Tuesday.", published="2024-03-14")
    ceremony = only(doc, "CEREMONY")
    assert ceremony.date_start == "2024-03-12"
    assert names(ceremony) == ["Simon Stuart"]


def test_port_call_of_a_named_ship(annotate):
    doc = annotate("The Indian Navy frigate INS Shivalik arrived at Cam Ranh International Port on Saturday "
                   "for a four-day visit to Vietnam.", published="2024-06-24")
    port_call = only(doc, "PORT_CALL")
    assert port_call.date_start == "2024-06-22"
    assert set(port_call.countries) == {"IND", "VNM"}
    assert any(p.kind == "ship" for p in port_call.participants)


def test_appointment_of_a_named_official(annotate):
    doc = annotate("General Songwit Noonpackdee was appointed Chief of Defence Forces of Thailand on "
                   "October 1.", published="2023-10-03")
    appointment = only(doc, "APPOINTMENT")
    assert appointment.date_start == "2023-10-01"
    assert names(appointment) == ["Songwit Noonpackdee"]
    assert appointment.countries == ["THA"]


def test_postponed_visit_is_cancelled_not_held(annotate):
    doc = annotate("Defense Minister Shin Won-sik has postponed his trip to Malaysia, which had been "
                   "scheduled for July 2-3, the ministry said.", published="2024-06-28")
    visit = only(doc, "VISIT")
    assert visit.status == "cancelled"
    assert (visit.date_start, visit.date_end) == ("2024-07-02", "2024-07-03")


def test_recalled_past_visit_with_a_relative_date(annotate):
    doc = annotate("The two generals reviewed the results achieved since Cuong's official visit to Cambodia "
                   "in March last year. Sen. Lieut. Gen. Nguyen Tan Cuong thanked his hosts.",
                   published="2023-10-17")
    visit = only(doc, "VISIT")
    assert (visit.date_start, visit.date_end) == ("2022-03", "2022-03")
    assert visit.location["country"] == "KHM"


def test_every_event_has_evidence_and_codes(annotate):
    doc = annotate("Singaporean Defence Minister Ng Eng Hen received Philippine Defense Secretary Gilberto "
                   "Teodoro in Singapore on Friday.", published="2024-06-01")
    for event in doc.events:
        assert event.evidence and all(doc.text[e.start:e.end] == e.text for e in event.evidence)
        assert event.plover_type and event.cameo is not None
        assert 0 < event.confidence <= 1


def test_records_have_exactly_the_guideline_fields_plus_extras(annotate):
    doc = annotate("Malaysian Defence Minister Mohamed Khaled Nordin received Chinese Ambassador Ouyang "
                   "Yujing in Putrajaya on Monday.", published="2024-11-20")
    record = doc.events[0].to_record()
    for field in ("article", "type", "status", "date_start", "date_end", "participants", "countries",
                  "location", "evidence"):
        assert field in record
    assert {"plover_type", "plover_mode", "cameo", "confidence", "evidence_spans"} <= set(record)
