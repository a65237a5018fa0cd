"""Extract event records from an annotated document.

The extractor works sentence by sentence: a trigger proposes an event of a type;
the sentence's people, places, countries and time expressions fill it; cues
around the trigger decide its status (planned, cancelled) or throw it away
(negated, hoped-for, generic statements). Then the mentions of one happening
are merged within the article, and events held during a visit inherit the
visit's dates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from ..model import AgreementInfo, Document, Event, Evidence, Participant, TimeExpr
from .types import CEREMONY_SITES, CODES, SHIP_WORDS, TRIGGERS, Trigger

FUTURE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|to\s+be\s+held|is\s+scheduled|are\s+scheduled|scheduled\s+(?:to|for)|"
    r"slated|is\s+set\s+to|are\s+set\s+to|plans?\s+to|planned\s+(?:for|to)|upcoming|is\s+expected\s+to|"
    r"are\s+expected\s+to|is\s+going\s+to|would\s+(?:co-host|host|hold|organi[sz]e|visit|attend|take\s+place)|"
    r"according\s+to\s+the\s+plan|preparations?\s+for|prepare\s+for|next\s+(?:week|month|year)|later\s+this\s+(?:week|month|year)|"
    r"to\s+serve\s+the|to\s+resume|will\s+resume|in\s+the\s+coming|would\s+work|"
    r"to\s+(?:\w+\s+)?(?:organi[sz]e|hold|host|co-host|conduct|stage|launch)|agreed\s+to|decided\s+to|intends?\s+to)\b", re.I)
CANCELLED = re.compile(
    r"\b(?:cancel(?:l)?ed|cancel(?:l)?ation|called\s+off|postponed|postpone(?:ment)?|deferred|scrapped|put\s+off|"
    r"suspended|delayed|shelved|rescheduled)\b", re.I)
NEGATED = re.compile(
    r"\b(?:did\s+not|didn['’]t|never|no\s+(?:meeting|talks|visit)|declined|refused|rejected|failed\s+to|"
    r"sought\s+to|tried\s+to|attempted\s+to|instead\s+of|not\s+(?:be\s+)?held|won['’]t|will\s+not|would\s+not)\b", re.I)
WISH = re.compile(
    r"\b(?:hope[sd]?|hoping|wish(?:ed|es)?|expect(?:s|ed)?\s+to\s+welcome|invit(?:e|ed|ing|ation)\s+(?:\w+\s+){0,6}to\s+visit|"
    r"looks?\s+forward|look\s+forward|looked\s+forward|at\s+an\s+appropriate\s+time|would\s+like\s+to|ready\s+to|willing\s+to|"
    r"proposed|suggested|called\s+for|urged)\b", re.I)
GENERIC = re.compile(
    r"\b(?:such\s+as|such\s+(?:\w+\s+){1,3}as|including|mechanisms?|areas?\s+of|fields?\s+of|in\s+terms\s+of|cooperation\s+in|"
    r"continue\s+to|continued\s+to|agreed\s+to|promot(?:e|ing)|enhanc(?:e|ing)|strengthen(?:ing)?|boost(?:ing)?|"
    r"increas(?:e|ing)|maintain(?:ed|ing|s)?|regular(?:ly)?|routinely|usually|often|every\s+year|each\s+year|annually|should|need\s+to|must|"
    r"focus(?:ing)?\s+on|priority|effectively|implement(?:ing|ation)?|outcomes?\s+of|results\s+of|achievements?|"
    r"has\s+been|have\s+been|had\s+been|over\s+the\s+past|in\s+recent\s+(?:years|times)|so\s+far|to\s+date|"
    r"activities\s+(?:related\s+to|of|for|in)|conditions\s+for|support\s+(?:for|in)|efforts?\s+(?:in|to|for))\b", re.I)
PLURAL_GENERIC = re.compile(r"\b(?:exchanges|dialogues|patrols|visits|meetings|conferences|exercises|drills|talks|activities)\b", re.I)
TWO = re.compile(r"\b(?:the\s+two\s+(?:countries|nations|sides|armies|militaries|ministries|navies)|bilateral|both\s+(?:countries|sides|nations))\b", re.I)
THREE = re.compile(r"\b(?:the\s+three\s+(?:countries|nations|armies|sides|militaries|ministries)|trilateral|tripartite)\b", re.I)
DURATION = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+)[-\s]day\b", re.I)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
NOMINAL = re.compile(
    r"\b(?:his|her|their|the)\s+(?:(visiting|Vietnamese|Cambodian|Lao|Laotian|Thai|Chinese|Indonesian|Malaysian|Singaporean|Philippine|Filipino|Japanese|"
    r"Korean|South\s+Korean|Indian|Australian|American|US|U\.S\.|Russian|Bruneian|Myanmar|British|French|New\s+Zealand)\s+)?"
    r"(counterpart|prime\s+minister|PM|premier|president|defen[cs]e\s+minister|minister|defen[cs]e\s+chief|army\s+chief|host|guest|delegation)\b", re.I)
_RELATIVE_DAY = re.compile(
    r"\bthe\s+(?:previous|next|following)\s+(?:day|morning|afternoon|evening)\b|\bthe\s+day\s+(?:before|after)\b|"
    r"\b(?:the\s+same|that)\s+(?P<same>day|morning|afternoon|evening|night)\b|"
    r"\b(?P<count>a|one|two|three|four|five|six|seven|\d{1,2})\s+days?\s+(?P<dir>later|earlier|after|before)\b|"
    r"\bon\s+the\s+(?P<edge>first|last|final|second)\s+day\s+of\s+(?:the|his|her|their)\s+(?:visit|trip|tour|stay|exercise)\b", re.I)
_EVENT_NOUN = re.compile(r"(?:talks|meeting|visit|trip|tour|dialogue|conference|session|exercise|drills?|patrol|exchange|ceremony|"
                         r"call|event|summit|forum|agreement|protocol|memorandum|award|reception|games|tournament|match|stay|"
                         r"handover|donation|gathering|consultations?)$", re.I)
_GENERIC_DOC = re.compile(r"(?:(?:two|three|four|five|several|\d+|the|new|signed)\s+)?(?:\w+\s+)?(?:documents?|agreements|accords|deals)", re.I)
LIST_CUE = re.compile(r"\b(?:including|such\s+as|such\s+(?:\w+\s+){1,3}as|regular(?:ly)?|every\s+year|annually)\b", re.I)
PAST = re.compile(r"\b(?:was|were|had|did|held|visited|met|signed|paid|took\s+place|issued|attended|received|arrived|concluded|ended)\b", re.I)
UNREALISED = re.compile(r"\bhad\s+(?:also\s+)?(?:been\s+)?(?:planned|scheduled|expected|due|set|intended|hoped)\b|\bwas\s+(?:supposed|to\s+have)\b|\bwere\s+to\s+have\b", re.I)
STRONG_WISH = re.compile(r"\b(?:proposed|suggested|hoped|hopes|wished|wishes|urged|called\s+for|asked|requested|recommended|invited)\s+(?:that|to|for|the|him|her|them)\b|\blook(?:s|ed)?\s+forward\s+to\b", re.I)
COMMENTARY = re.compile(r"\s*(?:It|This|That)\s+(?:was|is|marked|marks)\s+(?:also\s+)?the\s+(?:first|second|third|last)\s+time\b|\s*(?:That|This)\s+(?:visit|trip|meeting|event)\s+(?:marked|was)\b", re.I)
_ATTENDING = re.compile(r"^\W*(?:also\s+)?(?:attending|present\s+at|in\s+attendance|joining)\b|\b(?:was|were)\s+(?:also\s+)?(?:attended|present)\b|\battended\s+by\b", re.I)
DURING = re.compile(r"\b(?:during|on\s+the\s+sidelines\s+of|within\s+the\s+framework\s+of|as\s+part\s+of|in\s+the\s+framework\s+of|while\s+in|during\s+his\s+stay|during\s+the\s+visit)\b", re.I)
DOC_NAME = re.compile(
    r"\b(?:an?\s+|the\s+)?((?:new\s+|revised\s+|bilateral\s+|defen[cs]e\s+|military\s+)?"
    r"(?:protocols?|memorand(?:um|a|ums)(?:\s+of\s+understanding)?|MOUs?|MoUs?|agreements?|joint\s+(?:vision\s+)?statements?|"
    r"(?:annual\s+)?cooperation\s+plans?|action\s+plans?|plans?\s+of\s+cooperation|letters?\s+of\s+intent|treat(?:y|ies)|"
    r"arrangements?|minutes|accords?|declarations?|contracts?|documents?)"
    r"(?:\s*\([A-Za-z]+\))?(?:\s+(?:on|for|of|between|regarding|concerning|in)\s+[^,.;]{0,90}?)?)(?=\s*(?:,|\.|;|$|\band\s+an?\b|\bwith\b|\bat\b|\bin\s+the\s+presence\b|\bwhich\b|\bearlier\b|\bon\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b))",
    re.I)


@dataclass
class Candidate:
    """An event being built from one trigger, before merging."""

    type: str
    trigger: Trigger
    sentence: int
    span: tuple[int, int]
    status: str = "occurred"
    participants: list[Participant] = field(default_factory=list)
    actors: list[int] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    location: Optional[dict] = None
    time: Optional[TimeExpr] = None
    confidence: float = 0.5
    agreement: Optional[AgreementInfo] = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    inherited: bool = False
    anaphor: bool = False          # "the talks", "this year's dialogue": refers to a happening named elsewhere
    duration: Optional[int] = None


class EventExtractor:
    """Document -> Document with ``events`` filled."""

    def __call__(self, doc: Document) -> Document:
        candidates: list[Candidate] = []
        self._doc = doc
        self._sentence_actors = [self._actors_in(span) for span in doc.sentences]
        self._last_pair: list[int] = []     # the two sides of the latest meeting, for "the two ministers"
        self._last_guest: Optional[int] = None
        self._last_visitors: list[int] = []
        self._stays: list[Candidate] = []     # visits and port calls told so far, for "the last day of the trip"
        self._last_meeting_country: Optional[str] = None
        self._aliases = self._event_names(doc)
        for index, span in enumerate(doc.sentences):
            if candidates and _ATTENDING.search(doc.text[span[0]:span[1]]):
                self._add_attendees(candidates[-1], index)
            new = self._sentence_candidates(index, span)
            for cand in new:
                if cand.type == "VISIT" and cand.actors:
                    self._last_visitors = list(cand.actors)
                if cand.type in {"VISIT", "PORT_CALL"} and cand.time is not None:
                    self._stays.append(cand)
                if cand.type in {"MEETING", "CONFERENCE"} and len(cand.actors) >= 2:
                    self._last_pair = cand.actors[:2]
                if cand.type == "MEETING":
                    guests = [a for a, p in zip(cand.actors, cand.participants) if p.role == "guest"]
                    hosts = [p for p in cand.participants if p.role == "host"]
                    if guests:
                        self._last_guest = guests[0]
                    if cand.location and cand.location.get("country"):
                        self._last_meeting_country = cand.location["country"]
                    elif hosts and hosts[0].country:
                        self._last_meeting_country = hosts[0].country
            candidates.extend(new)
        events = self._merge(candidates)
        events = self._drop_summary_agreements(events)
        self._inherit_referenced_dates(events)
        self._inherit_sequence_dates(events)
        self._stretch_visits(events)
        self._inherit_visit_dates(events)
        self._stretch_visits(events)
        doc.events = [self._to_event(c) for c in events]
        doc.agreement_mentions = self._agreement_mentions(doc)
        return doc

    def _agreement_mentions(self, doc: Document) -> list[Event]:
        """Documents named with a validity period but not signed here: they chain agreements."""
        signed = [(e.start, e.end) for ev in doc.events if ev.type == "AGREEMENT" for e in ev.evidence]
        mentions: list[Event] = []
        for index, (s, e) in enumerate(doc.sentences):
            for match in DOC_NAME.finditer(doc.text, s, e):
                a, b = match.start(1), match.end(1)
                period = next((t for t in doc.times if t.kind == "period" and a <= t.start < b + 25), None)
                if period is None or any(x <= a < y for x, y in signed) and any(
                        ev.agreement and ev.agreement.period_start == period.date_start for ev in doc.events if ev.type == "AGREEMENT"):
                    continue
                name = " ".join(match.group(1).split())
                if _GENERIC_DOC.fullmatch(name):
                    continue
                codes = sorted({c.code for c in doc.countries if s <= c.start < e}) or _top_countries(doc, 2)
                info = AgreementInfo(kind=_doc_kind(name), name=_title_case(_strip_period(name)),
                                     period_start=period.date_start, period_end=period.date_end, parties=codes)
                plover_type, plover_mode, cameo = CODES["AGREEMENT"]
                mentions.append(Event(
                    article=doc.article.name, type="AGREEMENT", status="occurred", countries=codes,
                    evidence=[Evidence(start=s, end=e, text=doc.text[s:e])], agreement=info, confidence=0.3,
                    plover_type=plover_type, plover_mode=plover_mode, cameo=cameo,
                    article_id=doc.article.id, published=doc.article.published.isoformat()))
        return mentions

    # -- per sentence --------------------------------------------------
    def _actors_in(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        """(offset, actor index) of every resolved person mention in a sentence, in order."""
        start, end = span
        return [(m.start, m.actor) for m in self._doc.persons
                if m.actor is not None and start <= m.start < end]

    def _sentence_candidates(self, index: int, span: tuple[int, int]) -> list[Candidate]:
        text = self._doc.text
        s_start, s_end = span
        sentence = text[s_start:s_end]
        if COMMENTARY.match(sentence):
            return []
        found: list[Candidate] = []
        matches: list[tuple[Trigger, int, int]] = []
        for trigger in TRIGGERS:
            for match in trigger.pattern.finditer(sentence):
                a, b = s_start + match.start(), s_start + match.end()
                if any(a < y and x < b and t.type == trigger.type for t, x, y in matches):
                    continue
                if self._inside_name(a, b) and trigger.type not in {"EXERCISE", "CONFERENCE"}:
                    continue
                if text[a:a + 1].isupper() and a > s_start and trigger.type not in {"EXERCISE", "CONFERENCE", "PATROL"} \
                        and text[a:b].split()[0].lower() in {"meeting", "meetings", "talks", "visit", "summit", "exchange"}:
                    continue   # 'ASEAN Defence Ministers' Meeting Plus': part of a name
                matches.append((trigger, a, b))
        # Names the article gave an exercise or patrol ("Patkor Malindo", "Golden Dragon") trigger it again.
        for name, trigger in self._aliases:
            for match in re.finditer(re.escape(name), sentence):
                a, b = s_start + match.start(), s_start + match.end()
                if not any(x <= a < y or a <= x < b for _, x, y in matches):
                    matches.append((trigger, a, b))
        conferences = [(a, b) for t, a, b in matches if t.type == "CONFERENCE"]
        port_calls = [(a, b) for t, a, b in matches if t.type == "PORT_CALL" and re.search(r"port", text[a:b], re.I)]
        matches = [(t, a, b) for t, a, b in matches
                   if not (t.type == "MEETING" and any(a < y and x < b for x, y in conferences))
                   and not (t.type == "VISIT" and any(a < y and x < b for x, y in port_calls))]
        self._trigger_spans = [(a, b, t.type) for t, a, b in matches]
        for trigger, a, b in sorted(matches, key=lambda m: m[1]):
            cand = self._build(trigger, index, (a, b), span)
            if cand is not None:
                found.extend(cand if isinstance(cand, list) else [cand])
        return found

    def _event_names(self, doc: Document) -> list[tuple[str, Trigger]]:
        """Names given to exercises, patrols and exchanges: 'Coordinated Patrol (Patkor Malindo)',
        'exercises dubbed "Golden Dragon"', 'Exercise Lion Tusk'."""
        names: list[tuple[str, Trigger]] = []
        text = doc.text
        for trigger in TRIGGERS:
            if trigger.type not in {"EXERCISE", "PATROL", "EXCHANGE"}:
                continue
            for m in trigger.pattern.finditer(text):
                tail = text[m.end():m.end() + 60]
                alias = re.match(r"\s*\(((?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*)){0,3})\)", tail) or re.match(
                    r"\s*(?:,\s*)?(?:dubbed|codenamed|code-named|called|named)\s+[“\"‘']((?-i:[A-Z])[^”\"’']{2,30})[”\"’']", tail, re.I)
                if m.group(0).lower() == "exercise" and not alias:
                    alias = re.match(r"\s+((?-i:[A-Z][a-z]+)(?:\s+(?-i:[A-Z][a-z]+)){0,2})", tail)
                if alias and len(alias.group(1)) >= 4 and not _country_word(alias.group(1)):
                    names.append((alias.group(1), Trigger(trigger.type, re.compile(re.escape(alias.group(1))), "", 0.8)))
        return names

    def _inside_name(self, a: int, b: int) -> bool:
        return any(m.start <= a < m.end for m in self._doc.persons)

    def _build(self, trigger: Trigger, index: int, tspan: tuple[int, int], span: tuple[int, int]):
        doc = self._doc
        text = doc.text
        s_start, s_end = span
        clause = text[s_start:s_end]
        before = text[max(s_start, tspan[0] - 90):tspan[0]]
        after = text[tspan[1]:min(s_end, tspan[1] + 120)]
        local = before + text[tspan[0]:tspan[1]] + after
        etype = trigger.type

        if NEGATED.search(before[-60:]) or NEGATED.search(after[:25]):
            return None
        status = "occurred"
        if CANCELLED.search(local) and not re.search(r"\b(?:postponed|deferred|rescheduled|delayed)\s+(?:to|until|till)\b", after[:40], re.I):
            status = "cancelled"
        elif UNREALISED.search(clause) and CANCELLED.search(text):
            status = "cancelled"    # "had planned to visit ...", in an article about a called-off trip
        anaphor = trigger.definite or bool(
            _EVENT_NOUN.match(text[tspan[0]:tspan[1]].split()[-1] if text[tspan[0]:tspan[1]].split() else "") and re.search(
            r"\b(?:the|this|that|their|his|her|its|this\s+year['’]s)\s+(?:\w+\s+){0,2}$", before[-30:], re.I)
            and not re.search(r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                              r"eleventh|twelfth|\w+teenth|\w+tieth|annual|inaugural|maiden)\b", before[-30:] + text[tspan[0]:tspan[1]], re.I)
            and not re.search(r"(?-i:[A-Z][\w'’-]*)\s+$", before[-25:])
            and not _in_list(text[s_start:tspan[0]])
            and not (etype == "VISIT" and re.search(r"\b(?:official|state|working|goodwill)\b", before[-30:] + text[tspan[0]:tspan[1]], re.I))
            and not re.search(r"^\s*(?:of|between|among|with)\b|^\s+(?:to|in)\s+(?:the\s+)?(?-i:[A-Z])", after[:20], re.I))
        if anaphor and re.search(r"\b(?:of|for)\s+the\s+$", before[-12:], re.I) and any(
                b0 <= tspan[0] and tspan[0] - b0 < 40 and k != etype for a0, b0, k in self._trigger_spans):
            return None   # "the planning conference of the exercise": the exercise is named, not told here
        times = self._times_near(span, tspan, etype)
        if etype == "AGREEMENT":
            # The validity period or plan year of a document is not its signing date.
            times = [t for t in times if t.kind != "period" and not re.search(
                r"\b(?:for|in)\s+(?:the\s+)?$", text[max(s_start, t.start - 12):t.start])]
        time = times[0] if times else None
        if time is not None and anaphor and abs(time.start - tspan[1]) > 40 and abs(tspan[0] - time.end) > 40 and not (
                time.start > tspan[1] and re.search(r"\b(?:which|that)\s+(?:had\s+been|was|is|has\s+been|were)\b", text[tspan[1]:time.start])):
            time = None      # "At the talks ... since March last year": that date is not the talks'
        if anaphor and time is not None and time.end <= tspan[0]:
            time = next((t for t in times if t.start >= tspan[1]), None)
        time = self._anchor_same_day(time, index)
        relative = _RELATIVE_DAY.search(text, tspan[1], min(s_end, tspan[1] + 80))
        if time is None or (relative and not (time.start > tspan[1] and time.start < relative.start)):
            time = self._relative_day(index, (tspan[1], s_end) if relative else span) or time

        if etype == "PORT_CALL" and not self._port_call_context(span, tspan):
            return None
        if etype == "PORT_CALL" and not re.search(r"port\s+(?:call|visit)", text[tspan[0]:tspan[1]], re.I) and (not any(
                span[0] <= p.start < span[1] for p in doc.places) or re.match(r"\s+(?:\w+\s+)?(?:ports|countries|cities|nations|harbours)\b", after)):
            return None     # "has visited ports in Asia": no port, no port call
        if etype == "VISIT" and CEREMONY_SITES.search(after[:60]) and re.match(r"visit", text[tspan[0]:tspan[1]], re.I):
            etype = "CEREMONY"
        if etype == "VISIT" and self._is_ship_visit(span, tspan):
            etype = "PORT_CALL"
        if etype == "MEETING" and re.search(r"\b(?:annual|trilateral|ministers)\b", text[tspan[0]:tspan[1]] + after[:40], re.I) \
                and re.match(r"meet", text[tspan[0]:tspan[1]], re.I):
            return None   # "annual meeting of ministers" is a CONFERENCE trigger's job
        if etype == "CONFERENCE" and re.search(r"\b(?:under|through|within(?:\s+the\s+framework\s+of)?|via|at)\s+(?:the\s+)?(?:\w+\s+)?(?:and\s+)?$", before[-30:], re.I) \
                and not time and re.match(r"(?-i:[A-Z])", text[tspan[0]:tspan[1]]) and re.search(r"\b(?:cooperat\w*|framework|mechanisms?|forums?)\b", clause, re.I):
            return None   # "cooperation under the ADMM and ADMM-Plus": a framework, not a happening
        if etype == "CEREMONY" and re.search(r"\b(?:signing|investiture|award(?:ing)?|handover|handing-over|hand-over|closing|opening|commissioning|decommissioning|renaming|graduation|transfer|repatriation|donation)\s+$", before[-25:], re.I):
            return None   # a signing or handover ceremony is the agreement or the handover itself
        if etype == "EXERCISE" and re.search(r"\b(?:training\s+and|and\s+training)\b", local, re.I) and not time:
            return None
        if etype == "AID" and re.match(r"\s*(?:\w+\s+){0,2}(?:exercises?|drills?|training|rehearsals?|procedures|capabilit\w+|cooperation)\b", after, re.I):
            return None   # "a joint disaster relief exercise": the exercise's subject, not aid given

        future_after = FUTURE.search(after[:50])
        planned = bool(FUTURE.search(before[-90:])) or bool(
            future_after and not re.match(r"\s*(?:was|were)", after)
            and not re.search(r"\b(?:that|which|who|and|but|so)\b|,", after[:future_after.start()]))
        if time and _period_after(time, doc.article.published):
            if status == "cancelled":
                pass
            elif planned or re.search(r"\b\d{4}\b", time.text) or not PAST.search(clause):
                planned = True
            else:
                time = _year_earlier(time)   # a past report of "October 31" written in July: last October

        if planned and time is not None and time.date_start and time.granularity == "day" \
                and time.date_start <= doc.article.published.isoformat() \
                and time.kind != "period" and re.search(r"\b\d{4}\b|\b(?:yesterday|today|last|ago|earlier)\b", time.text + " " + before[-40:], re.I):
            planned = False     # a dated, already begun happening; the "will" speaks of its effects
        if planned and time is not None and time.kind == "range" and time.date_start <= doc.article.published.isoformat() <= (time.date_end or ""):
            planned = False     # under way on the publication day
        if status != "cancelled" and planned:
            status = "planned"
            if time is not None and time.date_start and time.date_start < doc.article.published.isoformat():
                time = _later(time, doc.article.published)   # "is scheduled to visit ... on Wednesday": the coming one
        if (WISH.search(before[-60:]) or STRONG_WISH.search(text[s_start:tspan[0]])) and status != "cancelled":
            return None

        # A list ("including ...", "such activities as ...") anywhere before the trigger makes it an example;
        # other generic cues count when near.
        generic = bool(GENERIC.search(before[-60:])) or _plural_trigger(text[tspan[0]:tspan[1]]) or _in_list(text[s_start:tspan[0]])
        if re.match(r"[^.;,]{0,40}\b(?:every\s+year|each\s+year|annually|regularly|routinely|every\s+\w+\s+(?:years?|months?)|many\s+times|several\s+times|on\s+many\s+occasions|in\s+the\s+past)\b", after, re.I):
            generic = True
        if generic and time is None and anaphor and not trigger.definite:
            return None
        if generic and time is not None and min(abs(time.start - tspan[1]), abs(tspan[0] - time.end)) > 60:
            time = None     # a date far away in a generic sentence dates something else
        if etype == "AGREEMENT" and re.match(r"signed\s+\w+s\b", text[tspan[0]:tspan[1]], re.I) and \
                re.search(r"\b(?:the|previously|already|newly|with|of|on|to|under)\s*$", before, re.I):
            return None   # "the previously signed agreements": an adjective, not a signing
        if etype == "CEREMONY" and re.search(r"\banniversary\s+of\s+(?:the\s+)?(?:establishment\s+of\s+)?(?:diplomatic|the\s+strategic|strategic|comprehensive|bilateral)", after[:80], re.I) \
                and not re.search(r"\b(?:ceremony|reception|gala|event|held|organi[sz]ed|attended)\b", local, re.I):
            return None   # marking an anniversary of relations is a framing, not a ceremony
        actors = self._participant_actors(index, span, tspan, trigger)
        if trigger.roles == "host>guest" and not re.search(r"\b(?:courtesy|talks|meeting)\b", local, re.I):
            after_actors = [p for p, _ in self._sentence_actors[index] if tspan[1] <= p < tspan[1] + 160]
            if not after_actors and not re.search(r"\b(?:delegation|guests?|attach[eé]|ambassador|counterpart|visiting|him|her|minister|general|admiral|commander|chief|secretary|envoy|officials?)\b", after[:100], re.I):
                return None   # "welcomed the announcement": no one was received
        has_specific = bool(actors) or self._has_named_thing(span, tspan) or (
            etype in {"AID", "EXERCISE", "PATROL", "EXCHANGE", "PORT_CALL", "AWARD"} and any(
                o.country and o.kind in {"armed_forces", "unit", "ship", "ministry"} and s_start <= o.start < s_end
                for o in doc.organisations))
        concrete = bool(time and time.kind != "period") or (has_specific and not generic)
        if anaphor and not time:
            concrete = has_specific
        if not concrete:
            if not (time or has_specific):
                return None
            if generic:
                return None
        if generic and not time and status == "occurred" and not anaphor:
            return None
        if _plural_trigger(text[tspan[0]:tspan[1]]) and time is not None and min(abs(time.start - tspan[1]), abs(tspan[0] - time.end)) > 40 \
                and not self._has_named_thing(span, tspan):
            return None
        if _plural_trigger(text[tspan[0]:tspan[1]]) and not actors and (time is None or time.granularity == "year") \
                and not self._has_named_thing(span, tspan):
            return None   # "national celebrations in 2024": a kind of activity, no happening

        cand = Candidate(type=etype, trigger=trigger, sentence=index, span=tspan, status=status,
                         time=time if time and time.kind != "period" else None,
                         confidence=trigger.strength * (0.9 if generic else 1.0))
        cand.evidence.append(span)
        cand.anaphor = anaphor
        cand.actors = actors
        self._fill_roles(cand, tspan)
        cand.location = self._location(span, tspan, etype)
        if etype == "VISIT" and re.search(r"(?:visit|trip|tour)s?$", text[tspan[0]:tspan[1]], re.I):
            # "an official visit to Vietnam": the guidelines give a visit's destination country
            for c in doc.countries:
                if tspan[1] <= c.start < min(s_end, tspan[1] + 120) and c.form == "name" and re.search(
                        r"\bto\s+(?:the\s+)?$", text[max(tspan[1], c.start - 6):c.start], re.I):
                    from ..mentions.countries import country_name
                    cand.location = {"name": country_name(c.code), "country": c.code}
                    break
        cand.countries = self._countries(cand, span, tspan)
        if etype == "AGREEMENT":
            return self._agreements(cand, span, tspan)
        if etype in {"VISIT", "PORT_CALL"} and re.search(
                r"\b(?:left|departed|set\s+sail|sailed|set\s+off|leaving|departing)\b[^.;]{0,140}\bfor\s+(?:\w+\s+){0,3}$", before, re.I):
            # "left Nha Trang on May 5 for visits to ...": the date is the departure's; the visits lie ahead
            cand.status = "planned" if cand.status != "cancelled" else cand.status
            cand.time = None
        if etype == "PORT_CALL":
            self._give_ships_a_country(cand, index)
        if etype == "PORT_CALL" and not any(p.kind == "person" for p in cand.participants):
            self._add_ship_leader(cand, index)
        if etype in {"VISIT", "PORT_CALL"} and re.match(r"(?:\s+and\s+\w+)?\s+(?:to|with)\b", after[:40]) and \
                re.search(r"(?:visits|calls|tours|trips)$", text[tspan[0]:tspan[1]], re.I):
            partners = self._partners(span, tspan, cand)
            home = {p.country for p in cand.participants if p.country}
            partners = [c for c in partners if c not in home]
            if len(partners) >= 2:
                pieces = []
                for partner in partners:
                    piece = Candidate(type=cand.type, trigger=cand.trigger, sentence=cand.sentence, span=cand.span,
                                      status=cand.status, participants=list(cand.participants), actors=list(cand.actors),
                                      countries=home | {partner}, location={"name": _country_name(partner), "country": partner},
                                      time=cand.time, confidence=cand.confidence * 0.9, evidence=list(cand.evidence))
                    pieces.append(piece)
                return pieces
        if etype == "APPOINTMENT":
            cand.countries = {self._doc.actors[a].country for a in cand.actors if self._doc.actors[a].country}
            if not cand.actors:
                return None
        if not cand.countries and not cand.actors:
            if not (cand.time and trigger.strength >= 0.6):
                return None
            dominant = _top_countries(doc, 1)
            cand.countries = set(dominant)      # a domestic event the article's country holds
        if etype == "MEETING" and cand.trigger.roles:
            return self._split_by_counterpart(cand)
        duration = DURATION.search(local)
        if duration and etype in {"VISIT", "PORT_CALL", "CONFERENCE", "EXERCISE", "EXCHANGE", "PATROL"}:
            word = duration.group(1).lower()
            cand.duration = int(word) if word.isdigit() else _NUMBERS.get(word)
            if cand.duration and cand.time is not None and cand.time.kind == "point" and cand.time.granularity == "day" \
                    and re.search(r"\b(?:wrapped\s+up|concluded|ended|completed|finished|left|leaving|departed|wound\s+up)\b", local, re.I):
                last = date.fromisoformat(cand.time.date_start)
                first = last - timedelta(days=cand.duration - 1)
                cand.time = TimeExpr(start=cand.time.start, end=cand.time.end, text=cand.time.text, date_start=first.isoformat(),
                                     date_end=last.isoformat(), granularity="day", kind="range")
        return cand

    def _anchor_same_day(self, time: Optional[TimeExpr], index: int) -> Optional[TimeExpr]:
        """'Earlier on the same day': the day of the last dated happening before, not the publication day."""
        if time is None or not re.search(r"\b(?:same|that)\s+(?:day|morning|afternoon|evening)\b|\bthe\s+day\s+before\b", time.text, re.I):
            return time
        for start, end in reversed(self._doc.sentences[:index]):
            prior = [t for t in self._doc.times if start <= t.start < end and t.granularity == "day"
                     and t.kind not in {"period", "dateline"} and not re.search(r"same|that", t.text, re.I)]
            if prior:
                day = prior[0]
                return TimeExpr(start=time.start, end=time.end, text=time.text, date_start=day.date_start,
                                date_end=day.date_start, granularity="day", kind="point")
        return time

    def _relative_day(self, index: int, span) -> Optional[TimeExpr]:
        """'the previous day', 'three days later', 'on the last day of the trip': counted from the day told before."""
        text = self._doc.text
        m = _RELATIVE_DAY.search(text, span[0], span[1])
        if not m:
            return None
        if m.group("edge"):
            stays = [c for c in self._stays if c.time is not None and c.time.kind == "range"]
            if not stays:
                return None
            day = stays[-1].time.date_end if m.group("edge").lower() == "last" else stays[-1].time.date_start
            return TimeExpr(start=m.start(), end=m.end(), text=m.group(0), date_start=day, date_end=day,
                            granularity="day", kind="point")
        anchor = None
        for start, end in reversed(self._doc.sentences[:index + 1]):
            prior = [t for t in self._doc.times if start <= t.start < min(end, m.start()) and t.granularity == "day"
                     and t.kind not in {"period", "dateline"}]
            if prior:
                anchor = prior[-1]
                break
        if anchor is None:
            return None
        if m.group("same"):
            n = 0
        elif m.group("count"):
            word = m.group("count").lower()
            n = int(word) if word.isdigit() else _NUMBERS.get(word, 1)    # "a day earlier": one
            n = -n if m.group("dir").lower() in {"earlier", "before"} else n
        else:
            n = -1 if re.search(r"previous|before", m.group(0), re.I) else 1
        base = date.fromisoformat((anchor.date_end if n > 0 else anchor.date_start) or anchor.date_start)
        if n == 0 and anchor.kind == "range":
            base = date.fromisoformat(anchor.date_start)
        day = (base + timedelta(days=n)).isoformat()
        return TimeExpr(start=m.start(), end=m.end(), text=m.group(0), date_start=day, date_end=day,
                        granularity="day", kind="point")

    def _port_call_context(self, span, tspan) -> bool:
        text = self._doc.text
        window = text[max(span[0], tspan[0] - 120):min(span[1], tspan[1] + 80)]
        return bool(SHIP_WORDS.search(window)) or any(
            o.kind == "ship" and span[0] <= o.start < span[1] for o in self._doc.organisations) or \
            bool(re.search(r"port\s+(?:call|visit)", text[tspan[0]:tspan[1]], re.I)) or (
                bool(re.match(r"(?:called\s+at|docked|berthed|anchored|moored|sailed\s+into)", text[tspan[0]:tspan[1]], re.I))
                and any(o.kind == "ship" for o in self._doc.organisations))

    def _is_ship_visit(self, span, tspan) -> bool:
        text = self._doc.text
        return bool(re.search(r"\b(?:USS|HMAS|INS|JS|KRI|BRP|HTMS|HMNZS|HMS|ROKS|RSS|KD|ship|vessel|frigate|destroyer|carrier|cruiser|corvette|submarine)\b",
                              text[max(span[0], tspan[0] - 60):tspan[0]], re.I)) or any(
            o.kind == "ship" and span[0] <= o.start < tspan[0] for o in self._doc.organisations)

    def _has_named_thing(self, span, tspan) -> bool:
        text = self._doc.text
        window = text[max(span[0], tspan[0] - 80):min(span[1], tspan[1] + 80)]
        if re.search(r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", window, re.I):
            return True
        if re.search(r"[“\"][^”\"]{2,40}[”\"]", window):
            return True
        return any(o.kind == "ship" and span[0] <= o.start < span[1] for o in self._doc.organisations)

    def _times_near(self, span, tspan, etype: str = "") -> list[TimeExpr]:
        """Time expressions in the sentence, nearest to the trigger first (after it slightly preferred).

        A time separated from the trigger by another event's trigger belongs to that one
        ("his first trip ... since he took office in October 2019").
        """
        # Only times within a few hundred characters can be this trigger's (and a long
        # sentence must not make this step cubic).
        lo, hi = max(span[0], tspan[0] - 400), min(span[1], tspan[1] + 400)
        times = [t for t in self._doc.times if lo <= t.start < hi and t.date_start and t.kind != "dateline"]
        spans_near = [(a, b, k) for a, b, k in self._trigger_spans if lo <= a < hi]

        def claimed(t: TimeExpr) -> bool:
            if t.end <= tspan[0] and re.search(r"\b(?:during\s+which|in\s+the\s+course\s+of\s+which|where)\b",
                                               self._doc.text[t.end:tspan[0]], re.I):
                return True      # "a visit ... on November 20, during which he held talks": the visit's date
            if t.start - span[0] < 25 and t.end < tspan[0]:
                return False     # "On Wednesday, the two chiefs held talks ... and signed ...": the whole sentence
            left, right = (tspan[1], t.start) if t.start >= tspan[1] else (t.end, tspan[0])
            return any(left <= a and b <= right and kind != etype for a, b, kind in spans_near)

        def distance(t: TimeExpr) -> float:
            text = self._doc.text
            between = text[tspan[1]:t.start] if t.start >= tspan[1] else text[t.end:tspan[0]]
            penalty = 100 if re.search(r",\s*(?:and|but|while|whereas)\b|;", between) else 0
            if t.start >= tspan[1]:
                return (t.start - tspan[1]) * 0.8 + penalty
            return (tspan[0] - t.end) * 1.0 + penalty
        times.sort(key=distance)
        # ... unless the two are joined: "the exchange and the annual meeting in December",
        # "the meeting ... within the framework of X's visit last month", "an honour guard before their meeting on Monday".
        coordinated = [t for t in times if claimed(t) and t.start >= tspan[1] and re.match(
            r"[^,;.]{0,100}?\band\s+(?:the|a|an)\b|[^;.]{0,60}?\b(?:within\s+the\s+framework\s+of|during|on\s+the\s+sidelines\s+of|as\s+part\s+of|before|after|ahead\s+of)\b"
            r"|[^;.]{0,60}?\bat\s+(?:an?|the)\s+(?:\w+\s+){0,2}(?:ceremony|reception|meeting|event|dinner|luncheon|banquet)\b",
            self._doc.text[tspan[1]:t.start])]
        times = [t for t in times if not claimed(t)] or coordinated
        # "the PN said Friday": the day of the report, not of the happening.
        if etype != "APPOINTMENT":    # an appointment's announcement is the act itself
            times = [t for t in times if not re.search(r"\b(?:said|says|announced|told|reported|stated|added|confirmed)\s+(?:on\s+)?$",
                                                       self._doc.text[max(span[0], t.start - 20):t.start], re.I)]
        # "until 2020", "since 2019": boundaries of something else, not the event's date.
        held_since = etype == "APPOINTMENT" and re.search(r"since\s*$", self._doc.text[tspan[0]:tspan[1]])
        times = [t for t in times if held_since or not re.search(r"\b(?:until|till|since|through|by|before|after|up\s+to|from)\s+(?:the\s+(?:end|beginning)\s+of\s+)?$",
                                                                  self._doc.text[max(span[0], t.start - 25):t.start], re.I)
                 or t.kind == "range"]
        if etype in {"VISIT", "PORT_CALL", "EXERCISE", "PATROL"}:
            ranges = [t for t in times if t.kind == "range" and t.granularity == "day"]
            if ranges:
                times = ranges + [t for t in times if t not in ranges]
        def name_year(t: TimeExpr) -> bool:
            # "Blue Strike 2024", "Volleyball Tournament 2023": the year names the event
            return t.granularity == "year" and bool(re.search(r"[A-Z][\w'’-]+\s+$", self._doc.text[max(span[0], t.start - 25):t.start]))
        ordered = [t for t in times if t.kind != "period" and not name_year(t)] + [t for t in times if t.kind != "period" and name_year(t)]
        return ordered + [t for t in times if t.kind == "period"]

    # -- participants -----------------------------------------------------
    def _participant_actors(self, index, span, tspan, trigger) -> list[int]:
        text = self._doc.text
        # People honoured or commemorated ("the statue of national hero Tran Hung Dao") take no part.
        here = [a for p, a in self._sentence_actors[index]
                if not re.search(r"\b(?:statue|bust|portrait|mausoleum|tomb|grave|memorial|hero|late|legacy|name|tribute\s+to|memory\s+of|honour\s+of|honor\s+of)\s+(?:of\s+)?(?:\w+\s+){0,3}$",
                                 text[max(span[0], p - 40):p], re.I)]
        result: list[int] = []
        for a in here:
            if a not in result:
                result.append(a)
        for a in self._nominal_actors(span, result):
            if a not in result:
                result.append(a)
        speakers: set[int] = set()
        if trigger.type in {"EXERCISE", "PATROL", "AID", "EXCHANGE", "AGREEMENT", "PORT_CALL", "CEREMONY"}:
            speakers = {a for p, a in self._sentence_actors[index]
                        if re.search(r"\b(?:said|says|told|according\s+to|quoted|stated|announced)\s+(?:[\w.'’-]+\s+){0,6}$", text[max(span[0], p - 60):p])
                        or re.match(r"[\w\s.'’-]{0,40}?\b(?:said|says|told|stated|added)\b", text[p:p + 60])}
            result = [a for a in result if a not in speakers] if len(speakers) < len(result) or trigger.type != "AGREEMENT" else result
        # A pronoun subject ("he joined", "He also held talks") stands for the last salient person.
        before = text[span[0]:tspan[0]]
        if re.search(r"\b(?:he|she|his|her)\b", before, re.I) and not any(
                p < tspan[0] for p, _ in self._sentence_actors[index]):
            salient = self._salient_before(index)
            if salient is not None and salient not in result:
                result.insert(0, salient)
        if not result:
            salient = None
            group = re.search(r"\bthe\s+(\w+)\s+(?:delegation|side|officers|guests?|visitors|sailors|cadets|team)\b", text[span[0]:span[1]], re.I)
            if group:
                from ..mentions.countries import country_code
                code = country_code(group.group(1))
                if code:
                    salient = self._salient_of_country(index, code)
            if salient is None and re.search(r"\b(?:he|she|his|her|the\s+delegation|the\s+visiting|the\s+(?:vietnamese|cambodian|lao|thai|chinese|indonesian|malaysian|philippine|japanese|korean|indian|australian|us|american)\s+(?:delegation|minister|general|side|officer|officers|leader|guests?))\b",
                         text[span[0]:span[1]], re.I):
                salient = self._salient_before(index)
            if salient is not None:
                result.append(salient)
        if (not result or all(a in speakers for a in result)) and re.search(r"\b(?:the\s+two\s+(?:\w+\s+)?(?:ministers|leaders|generals|officials|commanders|chiefs|sides|admirals|co-chairs|chairs|heads|delegations)|both\s+(?:\w+\s+)?(?:ministers|leaders|sides|officials|chiefs)|they)\b",
                                    text[span[0]:min(span[1], tspan[1] + 60)], re.I):
            result = list(self._last_pair) or self._recent_pair(index) or result
        return result

    def _add_attendees(self, cand: Candidate, index: int) -> None:
        """'Attending the event were ...': the people of this sentence attended the last event."""
        doc = self._doc
        for _, a in self._sentence_actors[index]:
            if a not in cand.actors:
                cand.actors.append(a)
                actor = doc.actors[a]
                cand.participants.append(Participant(name=actor.name, country=actor.country, role="attendee"))
                if actor.country:
                    cand.countries.add(actor.country)
        cand.evidence.append(doc.sentences[index])

    def _nominal_actors(self, span, named: list[int]) -> list[int]:
        """'his Vietnamese counterpart', 'the prime minister', 'the Cambodian PM': people not named here."""
        doc = self._doc
        found: list[int] = []
        for m in NOMINAL.finditer(doc.text, span[0], span[1]):
            adjective, title = m.group(1), m.group(2).lower()
            code = None
            if (adjective and adjective.lower() == "visiting") or (title in {"guest"} and not adjective):
                if self._last_visitors:
                    found.extend(a for a in self._last_visitors[:1] if a not in named)
                elif self._last_guest is not None and self._last_guest not in named:
                    found.append(self._last_guest)
                continue
            if adjective:
                from ..mentions.countries import country_code
                code = country_code(adjective)
            pool = [i for i, a in enumerate(doc.actors) if code is None or a.country == code]
            if title == "delegation":
                if code is None:
                    continue
                pool = [i for i in pool if i not in named]
            elif title != "counterpart":
                wanted = {"pm": "prime minister", "premier": "prime minister"}.get(title, title)
                pool = [i for i in pool if any(wanted in t.lower() or (wanted == "prime minister" and re.search(r"\b(?:PM|premier)\b", t, re.I))
                                               for t in doc.actors[i].titles)] or (pool if code else [])
            elif code is None:
                subjects = {doc.actors[a].country for a in named}
                pool = [i for i in pool if doc.actors[i].country not in subjects]
            pool = [i for i in pool if i not in named]
            if len(pool) == 1:
                found.append(pool[0])
            elif pool:
                # the most recently mentioned before this sentence
                last = {i: max((p.start for p in doc.persons if p.actor == i and p.start < span[0]), default=-1) for i in pool}
                best = max(pool, key=lambda i: last[i])
                if last[best] >= 0:
                    found.append(best)
        return found

    def _recent_pair(self, index: int) -> list[int]:
        """'They': the people of the latest sentence that names two or more."""
        for j in range(index - 1, max(-1, index - 4), -1):
            distinct = list(dict.fromkeys(a for _, a in self._sentence_actors[j]))
            if len(distinct) >= 2:
                return distinct[:2]
        return []

    def _salient_of_country(self, index: int, code: str) -> Optional[int]:
        for j in range(index, -1, -1):
            for _, a in self._sentence_actors[j]:
                if self._doc.actors[a].country == code:
                    return a
        return None

    def _salient_before(self, index: int) -> Optional[int]:
        for j in range(index - 1, max(-1, index - 6), -1):
            if self._sentence_actors[j]:
                return self._sentence_actors[j][0][1]
        return None

    def _fill_roles(self, cand: Candidate, tspan: tuple[int, int]) -> None:
        doc = self._doc
        positions = {}
        for m in doc.persons:
            if m.actor in cand.actors and m.actor not in positions and cand.evidence[0][0] <= m.start < cand.evidence[0][1]:
                positions[m.actor] = m.start
        before = [a for a in cand.actors if positions.get(a, -1) < tspan[0]]
        after = [a for a in cand.actors if positions.get(a, -1) >= tspan[0]]
        roles: dict[int, Optional[str]] = {}
        role_rule = cand.trigger.roles
        if cand.type == "MEETING" and role_rule in {"host>guest", "guest>host"}:
            first, second = role_rule.split(">")
            passive = re.search(r"\b(?:was|were|is|are|been|being)\s+(?:\w+\s+)?$", doc.text[max(0, tspan[0] - 20):tspan[0]]) \
                and re.search(r"\bby\b", doc.text[tspan[1]:tspan[1] + 40])
            if passive:
                # "He ... was hosted to lunch by Y": Y hosts; the sentence's subject is the guest.
                by_actors = [a for a in after][:1]
                subject = [self._sentence_subject(cand)] if self._sentence_subject(cand) is not None else []
                for a in subject:
                    roles[a] = "guest" if first == "host" else "host"
                for a in by_actors:
                    roles[a] = first
                for a in cand.actors:
                    roles.setdefault(a, "guest" if first == "host" else "host")
                cand.participants = [Participant(name=doc.actors[a].name, country=doc.actors[a].country, role=roles.get(a))
                                     for a in cand.actors]
                return
            subject = before[-1:] if before else []
            obj = after[:1]
            if not subject and obj and len(after) > 1:
                if re.match(r"\s*(?:Receiving|Welcoming|Hosting)\b", doc.text[cand.evidence[0][0]:tspan[1]]):
                    subject, obj = after[1:2], after[:1]   # "Receiving Giang on November 24, Hun Manet ..."
                else:
                    subject, obj = after[:1], after[1:2]
            for a in subject:
                roles[a] = first
            for a in obj:
                roles[a] = second
        elif cand.type in {"VISIT", "PORT_CALL"}:
            visitors = self._visitors(cand, tspan, before, after)
            if cand.anaphor and self._last_visitors and not (set(visitors) & set(self._last_visitors)):
                visitors = list(self._last_visitors)     # "During the visit, he ...": the visit told before
            cand.actors = visitors
            for a in visitors:
                roles[a] = "guest"
        elif cand.type == "AGREEMENT":
            for a in cand.actors:
                roles[a] = "signatory"
        elif cand.type == "CONFERENCE":
            for a in cand.actors:
                roles[a] = "attendee"
            if re.match(r"(?:chaired|presided)", doc.text[tspan[0]:tspan[1]], re.I) and before:
                roles[before[-1]] = "host"
        cand.participants = [Participant(name=doc.actors[a].name, country=doc.actors[a].country, role=roles.get(a))
                             for a in cand.actors]
        # Ships and named units take part too (port calls, exercises, awards to companies).
        if cand.type in {"PORT_CALL", "EXERCISE", "AWARD", "AID", "EXCHANGE", "PATROL"}:
            for org in doc.organisations:
                if cand.evidence[0][0] <= org.start < cand.evidence[0][1]:
                    if cand.type == "PORT_CALL" and org.kind != "ship":
                        continue
                    if all(p.name != org.name for p in cand.participants):
                        cand.participants.append(Participant(name=org.name, country=org.country,
                                                             role="guest" if cand.type == "PORT_CALL" else None,
                                                             kind="ship" if org.kind == "ship" else "organisation"))

    def _give_ships_a_country(self, cand: Candidate, index: int) -> None:
        """A ship named without a national prefix belongs to the navy or leader the article names with it."""
        doc = self._doc
        for p in cand.participants:
            if p.kind != "ship" or p.country:
                continue
            ship_at = next((o.start for o in doc.organisations if o.name == p.name), None)
            owners = [o.country for o in doc.organisations if o.country and o.kind != "ship" and ship_at is not None
                      and 0 <= o.start - ship_at < 160]
            p.country = owners[0] if owners else _top_countries(doc, 1)[0] if doc.countries else None
            if p.country:
                cand.countries.add(p.country)

    def _add_ship_leader(self, cand: Candidate, index: int) -> None:
        """'Its commanding officer, Commander X, ...' / 'led by Rear Admiral Y': the ship's people."""
        doc = self._doc
        ship_countries = {p.country for p in cand.participants if p.kind == "ship" and p.country}
        for j in (index, index + 1):
            if j >= len(doc.sentences):
                break
            s, e = doc.sentences[j]
            sentence = doc.text[s:e]
            if j == index + 1 and not re.match(r"\s*(?:Its|The\s+(?:ship|vessel|frigate|squadron|flotilla|task\s+group|delegation|crew)['’]?s?)\b", sentence):
                break
            for pos, a in self._sentence_actors[j]:
                if re.search(r"\b(?:led|commanded|headed|captained)\s+by\b|\b(?:commanding\s+officer|captain|commander|skipper)\b",
                             doc.text[max(s, pos - 60):pos], re.I):
                    actor = doc.actors[a]
                    if a not in cand.actors:
                        cand.actors.append(a)
                        cand.participants.append(Participant(name=actor.name, country=actor.country, role="guest"))
                        if actor.country:
                            cand.countries.add(actor.country)
                    return
        for m in doc.persons:
            if m.actor is None or m.start >= doc.sentences[index][0]:
                continue
            if re.search(r"\b(?:led|commanded|headed|captained)\s+by\b[^.;]{0,80}$", doc.text[max(0, m.start - 100):m.start], re.I):
                actor = doc.actors[m.actor]
                if not ship_countries or actor.country in ship_countries:
                    cand.actors.append(m.actor)
                    cand.participants.append(Participant(name=actor.name, country=actor.country, role="guest"))
                    if actor.country:
                        cand.countries.add(actor.country)
                    return

    def _split_by_counterpart(self, cand: Candidate):
        """'paid courtesy calls on A, and B': one meeting per host."""
        guests = [p for p in cand.participants if p.role == "guest"]
        hosts = [p for p in cand.participants if p.role == "host"]
        others = [p for p in cand.participants if p.role is None]
        role_of_obj = "host" if cand.trigger.roles.startswith("guest") else "guest"
        objects = hosts if role_of_obj == "host" else guests
        if len(objects) + len([o for o in others]) < 2 or not re.search(r"\b(?:calls|separately|respectively)\b|,\s*and\b",
                                                                      self._doc.text[cand.span[0]:cand.evidence[0][1]]):
            return cand
        extra = [p for p in others if p.country and objects and p.country == objects[0].country]
        text = self._doc.text
        mention_at = {self._doc.actors[m.actor].name: m.start for m in self._doc.persons
                      if m.actor is not None and cand.evidence[0][0] <= m.start < cand.evidence[0][1]}
        if objects and extra:
            first_end = mention_at.get(objects[0].name, cand.span[1])
            extra = [p for p in extra if not re.search(r"\b(?:was|were|is|are|has|had|held|met|hosted|received|said|called|visited)\b",
                                                       text[first_end:mention_at.get(p.name, first_end)], re.I)]
        pieces = []
        subject = [p for p in cand.participants if p.role and p.role != role_of_obj]
        for obj in objects + extra:
            obj.role = role_of_obj
            piece = Candidate(type=cand.type, trigger=cand.trigger, sentence=cand.sentence, span=cand.span,
                              status=cand.status, participants=subject + [obj],
                              actors=[a for a in cand.actors if self._doc.actors[a].name in {p.name for p in subject + [obj]}],
                              countries={p.country for p in subject + [obj] if p.country} or set(cand.countries),
                              location=cand.location, time=cand.time, confidence=cand.confidence,
                              evidence=list(cand.evidence))
            pieces.append(piece)
        return pieces or cand

    def _sentence_subject(self, cand: Candidate) -> Optional[int]:
        """The first person of the sentence, or whom its opening pronoun stands for."""
        start, _ = cand.evidence[0]
        first = self._sentence_actors[cand.sentence][:1]
        if re.match(r"\s*(?:He|She)\b", self._doc.text[start:start + 5]):
            return self._salient_before(cand.sentence)
        return first[0][1] if first else None

    def _visitors(self, cand: Candidate, tspan, before: list[int], after: list[int]) -> list[int]:
        """Who travels: people not from the destination; else the subject of the visit."""
        doc = self._doc
        destination = self._destination(cand, tspan) or self._host_country()
        if destination:
            foreign = [a for a in cand.actors if doc.actors[a].country and doc.actors[a].country != destination]
            if foreign:
                return foreign
            if self._last_guest is not None:
                return [self._last_guest]
        text = doc.text
        by = re.search(r"\b(?:by|of)\s+(?:\w+\s+){0,8}$", text[tspan[1]:tspan[1] + 1]) or re.match(
            r"\s+(?:\w+\s+){0,3}(?:by|of)\b", text[tspan[1]:tspan[1] + 40])
        if by and after:
            return after[:1]
        if before:
            return before[-1:]
        return cand.actors[:1]

    def _host_country(self) -> Optional[str]:
        """Where the latest meeting took place: the destination of a visit that does not say."""
        return self._last_meeting_country

    def _destination(self, cand: Candidate, tspan) -> Optional[str]:
        """The country a visit goes to: 'visit to Cambodia', 'visited Laos', 'is in Singapore'."""
        doc = self._doc
        window_end = min(cand.evidence[0][1], tspan[1] + 80)
        for place in doc.places:
            if tspan[0] <= place.start < window_end and re.search(r"\b(?:to|in|visited|visits|visiting|toured|at)\s+(?:the\s+)?$",
                                                                 doc.text[max(tspan[0], place.start - 12):place.start], re.I):
                return place.country
        for c in doc.countries:
            if tspan[0] <= c.start < window_end and c.form == "name" and re.search(
                    r"\b(?:to|in|visited|visits|visiting|toured)\s+(?:the\s+)?$", doc.text[max(tspan[0], c.start - 12):c.start], re.I):
                return c.code
        return None

    # -- where --------------------------------------------------------------
    def _location(self, span, tspan, etype) -> Optional[dict]:
        doc = self._doc
        places = [p for p in doc.places if span[0] <= p.start < span[1] and not self._inside_name(p.start, p.end)]
        if not places:
            return None
        text = doc.text

        def score(p) -> float:
            distance = p.start - tspan[1] if p.start >= tspan[1] else (tspan[0] - p.end) * 1.5
            prep = text[max(span[0], p.start - 12):p.start].lower()
            bonus = -40 if re.search(r"\b(?:in|at|to)\s+(?:the\s+)?(?:capital\s+(?:city\s+)?(?:of\s+)?)?$", prep) else 0
            if re.search(r"\bfrom\s+$", prep):
                bonus += 200
            if etype in {"VISIT"} and p.kind == "country":
                bonus -= 20
            elif p.kind == "country":
                bonus += 30
            elif p.kind == "venue" and any(q.kind in {"city", "province"} and q.start > p.start for q in places):
                bonus += 60      # "the ... Memorial in Phnom Penh": the town, as the guidelines code it
            elif p.kind == "water":
                bonus += 15
            return distance + bonus
        best = min(places, key=score)
        if score(best) > 150:
            return None
        return {"name": best.name, "country": best.country}

    def _countries(self, cand: Candidate, span, tspan) -> set[str]:
        doc = self._doc
        found = {p.country for p in cand.participants if p.country and p.kind == "person"}
        if cand.type in {"PORT_CALL", "EXERCISE", "AID", "AWARD", "EXCHANGE", "PATROL"}:
            found |= {p.country for p in cand.participants if p.country}
        if cand.location and cand.location.get("country"):
            found.add(cand.location["country"])
        text = doc.text
        near = [c for c in doc.countries if span[0] <= c.start < span[1]
                and not self._inside_name(c.start, c.end)]
        if cand.type in {"MEETING", "VISIT", "APPOINTMENT"} and found:
            near = [c for c in near if abs(c.start - tspan[0]) < 60 and not re.search(
                r"\b(?:counterpart|minister|secretary|president|premier|pm|general|commander|chief)\b",
                text[c.end:c.end + 30], re.I)]
        found |= {c.code for c in near}
        window = text[span[0]:span[1]]
        if THREE.search(window):
            found |= set(_top_countries(doc, 3))
        elif TWO.search(window) and len(found) < 2:
            found |= set(_top_countries(doc, 2, prefer=found))
        return found

    # -- agreements ---------------------------------------------------------
    def _agreements(self, cand: Candidate, span, tspan) -> list[Candidate]:
        doc = self._doc
        text = doc.text
        region_start = tspan[0] if tspan[0] > span[0] else span[0]
        region = text[region_start:span[1]]
        results = []
        previous_end = None
        for match in DOC_NAME.finditer(region):
            name = " ".join(match.group(1).split())
            if previous_end is not None and not re.fullmatch(r"\s*,?\s*(?:and|as\s+well\s+as|along\s+with|together\s+with)\s+(?:an?\s+|the\s+)?",
                                                             region[previous_end:match.start(1)], re.I):
                break     # "succeeding the protocol for 2019-2023": not signed here
            previous_end = match.end(1)
            if re.fullmatch(r"(?:documents?|agreements?)", name, re.I) and not re.search(r"\bthe\s+agreement\b", match.group(0), re.I):
                if results:
                    continue
            a = region_start + match.start(1)
            b = region_start + match.end(1)
            period = next((t for t in doc.times if t.kind == "period" and a <= t.start < b + 25), None)
            year_only = next((t for t in doc.times if t.kind == "point" and t.granularity == "year" and a <= t.start < b + 5), None)
            info = AgreementInfo(kind=_doc_kind(name), name=_title_case(_strip_period(name)),
                                 period_start=(period.date_start if period else year_only.date_start if year_only else None),
                                 period_end=(period.date_end if period else year_only.date_end if year_only else None))
            c = Candidate(type="AGREEMENT", trigger=cand.trigger, sentence=cand.sentence, span=(a, b),
                          status=cand.status, participants=list(cand.participants), actors=list(cand.actors),
                          countries=set(cand.countries), location=cand.location, time=cand.time,
                          confidence=cand.confidence, agreement=info, evidence=list(cand.evidence))
            if cand.time is not None and cand.time.granularity == "year" and year_only is cand.time:
                c.time = None        # 'a cooperation plan ... in 2025' gives the plan's year, not the signing
            info.parties = sorted(c.countries)
            partners = self._partners(span, tspan, c)
            if len(partners) >= 2 and re.search(r"(?:memorand(?:a|ums)|agreements|mous|protocols|documents)", name, re.I):
                for partner in partners:
                    piece = Candidate(type="AGREEMENT", trigger=c.trigger, sentence=c.sentence, span=(a, b),
                                      status=c.status, participants=[p for p in c.participants if p.country in {partner} | (c.countries - set(partners))],
                                      actors=list(c.actors), countries=(c.countries - set(partners)) | {partner},
                                      location=c.location, time=c.time, confidence=c.confidence,
                                      agreement=AgreementInfo(kind=info.kind, name=info.name, period_start=info.period_start,
                                                              period_end=info.period_end),
                                      evidence=list(c.evidence))
                    piece.agreement.parties = sorted(piece.countries)
                    results.append(piece)
                continue
            results.append(c)
            if len(results) >= 3:
                break
        if not results:
            cand.agreement = AgreementInfo(kind="agreement", name="agreement", parties=sorted(cand.countries))
            results = [cand]
        return results

    def _partners(self, span, tspan, cand: Candidate) -> list[str]:
        """'signed ... with the Philippines and Singapore' -> ['PHL', 'SGP']."""
        text = self._doc.text
        m = re.search(r"\bwith\s+(?:the\s+)?([^.;]{0,80})", text[tspan[0]:span[1]])
        if not m:
            return []
        lo = tspan[0] + m.start(1)
        hi = lo + len(m.group(1))
        codes = []
        for c in self._doc.countries:
            if lo <= c.start < hi and c.code not in codes:
                codes.append(c.code)
        return codes

    # -- within-article merge ------------------------------------------------
    def _merge(self, candidates: list[Candidate]) -> list[Candidate]:
        # "During the four-day visit" in a story about a ship's port call is that port call.
        port_calls = [c for c in candidates if c.type == "PORT_CALL"]
        for cand in candidates:
            if cand.type == "VISIT" and cand.anaphor and port_calls and cand.sentence > port_calls[0].sentence:
                cand.type = "PORT_CALL"
        merged: list[Candidate] = []
        for cand in candidates:
            target = None
            for other in reversed(merged):
                if self._same_happening(other, cand):
                    target = other
                    break
            if target is None:
                merged.append(cand)
                continue
            self._absorb(target, cand)
        # An anaphor that came before its antecedent ("the significance of the dialogue ...
        # Earlier, the 4th Dialogue took place") joins the later, fuller mention.
        result: list[Candidate] = []
        for i, cand in enumerate(merged):
            if cand.anaphor or (cand.time is None and not cand.actors):
                later = next((o for o in merged[i + 1:] if self._same_happening(o, cand)), None)
                if later is not None:
                    self._absorb(later, cand)
                    continue
            result.append(cand)
        return result

    def _same_happening(self, a: Candidate, b: Candidate) -> bool:
        if a.type != b.type:
            return False
        if (a.status == "cancelled") != (b.status == "cancelled"):
            return False
        if a.time and b.time and not _overlap(a.time, b.time):
            if not (b.anaphor and a.type in _MULTI_DAY and _days_apart(a.time, b.time) <= 7):
                return False
        if a.location and b.location and a.type in {"PORT_CALL"} and a.location.get("country") != b.location.get("country"):
            return False
        ca, cb = a.countries, b.countries
        if ca and cb and len(ca & cb) / len(ca | cb) < 0.5 and not (ca <= cb or cb <= ca):
            return False
        pa, pb = set(a.actors), set(b.actors)
        if pa and pb and not (pa & pb) and not (b.anaphor or a.anaphor):
            return False
        if a.type == "MEETING" and len(pa) >= 2 and len(pb) >= 2 and not (pa <= pb or pb <= pa):
            return False          # the same guest meeting two different hosts
        if a.type == "AGREEMENT":
            if a.sentence == b.sentence:
                return a.span == b.span
            same_day = bool(a.time and b.time and a.time.date_start == b.time.date_start)
            return same_day and (bool(pa & pb) or not pa or not pb) and a.countries == b.countries
        if a.sentence == b.sentence:
            return True
        if a.type in {"VISIT", "MEETING", "CONFERENCE", "EXERCISE", "PORT_CALL", "EXCHANGE", "CEREMONY", "PATROL",
                      "AWARD", "APPOINTMENT", "AID"}:
            # Another sentence: the same happening when nothing contradicts and it refers
            # back (no date of its own) or gives the same or a coarser date.
            if not a.time or not b.time:
                loose = a.type in {"EXCHANGE", "EXERCISE", "PATROL", "PORT_CALL", "CONFERENCE", "AID"} and (not pa or not pb)
                return b.anaphor or a.anaphor or bool(pa & pb) or (not pa and not pb) or loose
            return a.time.date_start == b.time.date_start or _coarser(a.time, b.time) or _coarser(b.time, a.time) or (
                b.anaphor and a.type in _MULTI_DAY and _days_apart(a.time, b.time) <= 7)
        return bool(a.time and b.time and a.time.date_start == b.time.date_start and pa & pb)

    def _absorb(self, target: Candidate, other: Candidate) -> None:
        spanned = self._start_and_end(target.time, other.time)
        if spanned is not None:
            target.time, other.time = spanned, None
        elif (other.anaphor and target.type in _MULTI_DAY and target.time and other.time and target.time.granularity == "day"
              and other.time.granularity == "day" and not _overlap(target.time, other.time)
              and _days_apart(target.time, other.time) <= 7):
            # "the conference ... on Saturday" and "The conference, held on Friday": one span over both days
            first = min(target.time.date_start, other.time.date_start)
            last = max(target.time.date_end or target.time.date_start, other.time.date_end or other.time.date_start)
            target.time = TimeExpr(start=target.time.start, end=target.time.end, text=target.time.text,
                                   date_start=first, date_end=last, granularity="day", kind="range")
            other.time = None
        for p in other.participants:
            if all(q.name != p.name for q in target.participants):
                target.participants.append(p)
        target.actors += [a for a in other.actors if a not in target.actors]
        target.countries |= other.countries
        if target.location is None:
            target.location = other.location
        if other.time and (target.time is None or _GRANULARITY.get(other.time.granularity, 0) > _GRANULARITY.get(target.time.granularity, 0)
                           or (target.type in {"VISIT", "PORT_CALL", "EXERCISE", "PATROL", "EXCHANGE", "CONFERENCE"}
                               and other.time.kind == "range" and target.time.kind == "point" and _overlap(other.time, target.time))):
            target.time = other.time
        target.evidence += [e for e in other.evidence if e not in target.evidence]
        target.confidence = min(0.99, max(target.confidence, other.confidence) + 0.05)

    def _start_and_end(self, first: Optional[TimeExpr], second: Optional[TimeExpr]) -> Optional[TimeExpr]:
        """'launched ... on Wednesday' and 'which ends on Tuesday': one span from the start to the end."""
        if first is None or second is None or first.granularity != "day" or second.granularity != "day":
            return None
        text = self._doc.text
        ends = re.compile(r"\b(?:ends?|ended|ending|concludes?|concluded|wraps?\s+up|wrapped\s+up|closes?|closed|until|till|through|finish(?:es|ed)?|runs?\s+until)\s+(?:on\s+)?$", re.I)
        starts = re.compile(r"\b(?:launch(?:ed|es)?|beg(?:an|ins?)|start(?:ed|s)?|open(?:ed|s)?|kicked\s+off|commenced|arrived)\s+(?:on\s+)?(?:\w+\s+)?$", re.I)
        for a, b in ((first, second), (second, first)):
            if ends.search(text[max(0, b.start - 25):b.start]) and not ends.search(text[max(0, a.start - 25):a.start]):
                start, end = date.fromisoformat(a.date_start), date.fromisoformat(b.date_end or b.date_start)
                if end < start and _WEEKDAY.search(b.text):
                    end += timedelta(days=7 * ((start - end).days // 7 + 1))
                if start <= end and (end - start).days <= 60:
                    return TimeExpr(start=a.start, end=a.end, text=a.text, date_start=start.isoformat(),
                                    date_end=end.isoformat(), granularity="day", kind="range")
        return None

    # -- dates across events ---------------------------------------------------
    @staticmethod
    def _drop_summary_agreements(events: list[Candidate]) -> list[Candidate]:
        """'witnessed the signing of two cooperation documents': a summary of the signings told later."""
        named = [e for e in events if e.type == "AGREEMENT" and e.agreement and not _GENERIC_DOC.fullmatch(e.agreement.name)]
        if not named:
            return events
        return [e for e in events if not (e.type == "AGREEMENT" and e.agreement and _GENERIC_DOC.fullmatch(e.agreement.name)
                                          and any(n.sentence > e.sentence for n in named))]

    def _inherit_sequence_dates(self, events: list[Candidate]) -> None:
        """'... then inked a memorandum', 'Afterwards, ...': the day of the happening just told."""
        ordered = sorted(events, key=lambda e: e.sentence)
        for i, event in enumerate(ordered):
            if event.time is not None:
                continue
            s, e = event.evidence[0]
            sequence = re.search(r"\b(?:then|afterwards|subsequently|after\s+that|following\s+that|thereafter)\b", self._doc.text[s:e], re.I)
            also = re.search(r"\balso\b", self._doc.text[s:e], re.I)
            if not (sequence or also):
                continue
            prior = [o for o in ordered[:i] if o.time is not None and o.time.granularity == "day" and o.sentence <= event.sentence
                     and o.type not in {"VISIT", "PORT_CALL"} and (sequence or o.type == event.type)]
            if prior:
                event.time = prior[-1].time
                event.inherited = True

    def _inherit_referenced_dates(self, events: list[Candidate]) -> None:
        """'the minutes of the meeting', 'Before the talks': the date of the happening referred to."""
        kinds = {"meeting": {"MEETING", "CONFERENCE"}, "talks": {"MEETING", "CONFERENCE"}, "dialogue": {"CONFERENCE"},
                 "conference": {"CONFERENCE"}, "session": {"CONFERENCE"}, "visit": {"VISIT"}, "trip": {"VISIT"},
                 "exercise": {"EXERCISE"}, "ceremony": {"CEREMONY"}}
        for event in events:
            if event.time is not None:
                continue
            s, e = event.evidence[0]
            ref = re.search(r"\b(?:of|at|during|after|before|following|on\s+the\s+sidelines\s+of)\s+the\s+(meeting|talks|dialogue|conference|session|visit|trip|exercise|ceremony)\b",
                            self._doc.text[s:e], re.I)
            if not ref:
                continue
            wanted = kinds[ref.group(1).lower()]
            prior = [o for o in events if o is not event and o.type in wanted and o.time is not None and o.sentence <= event.sentence]
            word = ref.group(1).lower()
            named = [o for o in prior if word in self._doc.text[o.span[0]:o.span[1]].lower()]
            if prior:
                event.time = (named or prior)[-1].time
                event.inherited = True

    def _inherit_visit_dates(self, events: list[Candidate]) -> None:
        visits = [e for e in events if e.type in {"VISIT", "PORT_CALL"} and e.time and e.time.kind == "range" and e.status == "occurred"]
        planned_stays = [e for e in events if e.type in {"VISIT", "PORT_CALL"} and e.time and e.time.kind == "range"
                         and e.status == "planned"]
        for event in events:
            if event.type not in {"VISIT", "PORT_CALL"} and event.time is None and event.status == "planned" and self._during(event):
                stay = next((v for v in planned_stays if v.sentence <= event.sentence), None)
                if stay is not None:
                    event.time = stay.time
                    event.inherited = True
        for event in events:
            if event.type == "VISIT" or event.time is not None or event.status != "occurred":
                continue
            for visit in visits:
                if set(event.actors) & set(visit.actors) or abs(event.sentence - visit.sentence) <= 1 or \
                        self._during(event):
                    event.time = visit.time
                    event.inherited = True
                    break

    def _during(self, event: Candidate) -> bool:
        s, e = self._doc.sentences[event.sentence]
        return bool(DURING.search(self._doc.text[s:e]))

    def _stretch_visits(self, events: list[Candidate]) -> None:
        """A visit lasts at least as long as the dated meetings its guest holds there."""
        for visit in events:
            if visit.time is None or visit.time.granularity != "day" or visit.status == "cancelled":
                continue
            start, end = visit.time.date_start, visit.time.date_end or visit.time.date_start
            duration = visit.duration
            if duration and visit.time.kind == "point":
                end = (date.fromisoformat(start) + timedelta(days=duration - 1)).isoformat()
            if visit.type not in {"VISIT", "PORT_CALL"} or visit.status != "occurred":
                # "a two-day working visit" from Tuesday, "a three-day exercise": the length alone
                if (start, end) != (visit.time.date_start, visit.time.date_end):
                    visit.time = TimeExpr(start=visit.time.start, end=visit.time.end, text=visit.time.text,
                                          date_start=start, date_end=end, granularity="day", kind="range")
                continue
            for other in events:
                if other is visit or other.type not in {"MEETING", "CONFERENCE", "CEREMONY", "AGREEMENT"}:
                    continue
                if not (set(other.actors) & set(visit.actors)) or other.time is None or other.inherited:
                    continue
                if other.time.granularity != "day":
                    continue
                o_start, o_end = other.time.date_start, other.time.date_end or other.time.date_start
                if 0 <= (date.fromisoformat(o_start) - date.fromisoformat(end)).days <= 3:
                    end = max(end, o_end)
                if 0 <= (date.fromisoformat(start) - date.fromisoformat(o_start)).days <= 3:
                    start = min(start, o_start)
            if (start, end) != (visit.time.date_start, visit.time.date_end):
                visit.time = TimeExpr(start=visit.time.start, end=visit.time.end, text=visit.time.text,
                                      date_start=start, date_end=end, granularity="day", kind="range")

    # -- output ---------------------------------------------------------------------
    def _to_event(self, cand: Candidate) -> Event:
        doc = self._doc
        time = cand.time
        if time is not None:
            date_start, date_end = time.date_start, time.date_end or time.date_start
        elif cand.status == "occurred":
            date_start = date_end = doc.article.published.isoformat()
            cand.confidence *= 0.8
        else:
            date_start = date_end = None
        evidence = [Evidence(start=s, end=e, text=doc.text[s:e]) for s, e in sorted(cand.evidence)]
        plover_type, plover_mode, cameo = CODES[cand.type]
        if cand.type == "MEETING" and re.search(r"phone|video|online|virtual", " ".join(e.text for e in evidence), re.I):
            plover_mode = "phone/video"
        if cand.type == "AGREEMENT" and cand.agreement is not None and not cand.agreement.signed and date_start:
            cand.agreement.signed = date_start
        return Event(
            article=doc.article.name, type=cand.type, status=cand.status,
            date_start=date_start, date_end=date_end, participants=cand.participants,
            countries=sorted(cand.countries), location=cand.location, evidence=evidence,
            agreement=cand.agreement, confidence=min(0.99, cand.confidence),
            plover_type=plover_type, plover_mode=plover_mode, cameo=cameo,
            article_id=doc.article.id, published=doc.article.published.isoformat(),
        )


_MULTI_DAY = {"CONFERENCE", "EXERCISE", "EXCHANGE", "PATROL", "VISIT", "PORT_CALL"}


def _days_apart(a: TimeExpr, b: TimeExpr) -> int:
    try:
        a0, a1 = _interval(a.date_start, False), _interval(a.date_end or a.date_start, True)
        b0, b1 = _interval(b.date_start, False), _interval(b.date_end or b.date_start, True)
    except (ValueError, TypeError):
        return 10 ** 6
    return max((b0 - a1).days, (a0 - b1).days, 0)


def _country_word(word: str) -> str | None:
    from ..mentions.countries import country_code
    return country_code(word)


def _country_name(code: str) -> str:
    from ..mentions.countries import country_name
    return country_name(code)


def _top_countries(doc: Document, n: int, prefer: set[str] | None = None) -> list[str]:
    from collections import Counter
    votes = Counter(c.code for c in doc.countries)
    for actor in doc.actors:
        if actor.country:
            votes[actor.country] += 1
    ranked = [c for c, _ in votes.most_common()]
    chosen = [c for c in (prefer or set()) if c in ranked][:n]
    for code in ranked:
        if len(chosen) >= n:
            break
        if code not in chosen:
            chosen.append(code)
    return chosen



def _interval(value: str, last: bool) -> date:
    import calendar
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1] if last else 1)
    return date(*parts[:3])


def _overlap(a: TimeExpr, b: TimeExpr) -> bool:
    try:
        a0, a1 = _interval(a.date_start, False), _interval(a.date_end or a.date_start, True)
        b0, b1 = _interval(b.date_start, False), _interval(b.date_end or b.date_start, True)
    except (ValueError, TypeError):
        return True
    return not (a1 < b0 or b1 < a0)


def _period_after(time: TimeExpr, published: date) -> bool:
    try:
        return _interval(time.date_start, False) > published
    except (ValueError, TypeError):
        return False


def _doc_kind(name: str) -> str:
    lowered = name.lower()
    for kind in ("memorandum of understanding", "mou", "protocol", "joint vision statement", "joint statement",
                 "cooperation plan", "action plan", "plan", "letter of intent", "treaty", "arrangement", "minutes",
                 "declaration", "contract", "agreement", "document"):
        if kind in lowered:
            return {"mou": "memorandum of understanding"}.get(kind, kind)
    return "agreement"


def _strip_period(name: str) -> str:
    """The document's name without where, when or for which period it was signed."""
    name = re.split(r"\s+(?:for|in|covering)\s+(?:the\s+)?(?:period\s+)?\d{4}\s*[-–]|\s+(?:between|among)\s+the\s+(?:two|three|four)\b|"
                    r"\s+and\s+(?:the|a|an)\s+", name)[0]
    name = re.split(r"\s+(?:in|at)\s+(?:the\s+)?[A-Z]|\s+on\s+(?:\w+\s+)?\d|\s+(?:on|this|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", name)[0]
    return re.sub(r"\s+(?:for|in)\s+(?:the\s+)?(?:\d{4}\s*[-–]\s*\d{2,4}|\d{4})(?:\s+(?:period|term))?\s*$", "", name, flags=re.I).strip()


def _title_case(name: str) -> str:
    small = {"on", "for", "of", "the", "and", "in", "between", "a", "an", "to", "with", "regarding"}
    words = name.split()
    return " ".join(w if (w.isupper() or (i and w.lower() in small)) else w[:1].upper() + w[1:] for i, w in enumerate(words))


_TRIGGER_NOUNS = {"exchanges", "dialogues", "patrols", "visits", "meetings", "conferences", "exercises", "drills",
                  "talks", "activities", "consultations", "forums", "summits", "seminars", "workshops", "sessions",
                  "ceremonies", "celebrations", "trips", "tournaments", "games", "calls", "agreements", "protocols",
                  "documents", "statements", "plans", "relief", "donations", "handovers", "rehearsals", "operations"}


def _in_list(before: str) -> bool:
    """Is the trigger one item of a list the sentence opened ('including joint patrols, ...')?"""
    cue = None
    for cue in LIST_CUE.finditer(before):
        pass
    if cue is None:
        return False
    between = before[cue.end():]
    return not re.search(r";|\b(?:during|when|while|at\s+(?:a|an|the)|in\s+(?:a|an)|on\s+the\s+sidelines|after|before)\b", between, re.I)


def _plural_trigger(trigger_text: str) -> bool:
    """'joint patrols', 'defence policy dialogues': plural nouns speak of a kind of activity."""
    last = trigger_text.split()[-1].lower() if trigger_text.split() else ""
    return last in _TRIGGER_NOUNS and last not in {"talks", "games", "relief", "calls"}


_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


def _later(time: TimeExpr, published: date) -> TimeExpr:
    """Move a planned event's date that the resolver read as past into the future."""
    if time.granularity != "day" or re.search(r"\b\d{4}\b", time.text):
        return time
    try:
        start = date.fromisoformat(time.date_start)
        end = date.fromisoformat(time.date_end or time.date_start)
    except ValueError:
        return time
    if _WEEKDAY.search(time.text) and not re.search(r"\blast\b", time.text, re.I):
        step = timedelta(days=7)
        while start < published:
            start, end = start + step, end + step
    else:
        return time
    return TimeExpr(start=time.start, end=time.end, text=time.text, date_start=start.isoformat(),
                    date_end=end.isoformat(), granularity="day", kind=time.kind)


def _year_earlier(time: TimeExpr) -> TimeExpr:
    def shift(value):
        if not value:
            return value
        year, _, rest = value.partition("-")
        shifted = str(int(year) - 1) + ("-" + rest if rest else "")
        try:
            _interval(shifted, False)
        except ValueError:      # 29 February
            return value
        return shifted
    return TimeExpr(start=time.start, end=time.end, text=time.text, date_start=shift(time.date_start),
                    date_end=shift(time.date_end), granularity=time.granularity, kind=time.kind)



_GRANULARITY = {"year": 1, "month": 2, "day": 3}


def _coarser(a: TimeExpr, b: TimeExpr) -> bool:
    """Is ``a`` a coarser span overlapping ``b`` ('this year' and 'May 8', 'in March' and 'March 20 to April 8')?"""
    if _GRANULARITY.get(a.granularity, 0) >= _GRANULARITY.get(b.granularity, 0):
        return False
    return _overlap(a, b)
