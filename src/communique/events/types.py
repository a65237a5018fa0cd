"""The twelve event types of GUIDELINES.md, their triggers and their PLOVER/CAMEO codes.

Triggers are regular expressions over the sentence text. Each names the type it
signals and, for verbs that fix roles, how the people around it take part
("A received B": A hosts, B is the guest; "A paid a courtesy call on B": the
reverse). Kinds of sentence, not any article's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# type -> (PLOVER event type, PLOVER mode, CAMEO code)
CODES: dict[str, tuple[str, str | None, str]] = {
    "VISIT": ("CONSULT", "visit", "042"),
    "MEETING": ("CONSULT", "meet", "040"),
    "CONFERENCE": ("CONSULT", "multilateral", "040"),
    "AGREEMENT": ("AGREE", None, "057"),
    "EXERCISE": ("COOPERATE", "military", "062"),
    "PATROL": ("COOPERATE", "military", "062"),
    "EXCHANGE": ("COOPERATE", "military", "06"),
    "AID": ("AID", "humanitarian", "07"),
    "AWARD": ("SUPPORT", None, "051"),
    "CEREMONY": ("OTHER", "ceremony", ""),
    "PORT_CALL": ("CONSULT", "visit", "042"),
    "APPOINTMENT": ("OTHER", "appointment", ""),
}
TYPES = tuple(CODES)


@dataclass(frozen=True)
class Trigger:
    type: str
    pattern: re.Pattern
    roles: str = ""          # "host>guest" (subject hosts object), "guest>host", "signatories", ""
    strength: float = 0.6    # how sure the word alone makes the type
    definite: bool = False   # an anaphor ("the talks") that usually refers back


def _t(type_: str, regex: str, roles: str = "", strength: float = 0.6, definite: bool = False) -> Trigger:
    return Trigger(type_, re.compile(regex, re.I), roles, strength, definite)


_DOC = (r"(?:protocols?|memorand(?:um|a|ums)(?:\s+of\s+understanding)?|mou?s?|MoUs?|agreements?|"
        r"(?:joint\s+)?(?:vision\s+)?statements?|(?:cooperation|action)\s+plans?|plans?\s+(?:of|for)\s+cooperation|"
        r"letters?\s+of\s+intent|treat(?:y|ies)|arrangements?|minutes|accords?|declarations?|contracts?|"
        r"implementing\s+arrangements?|documents?)")

TRIGGERS: tuple[Trigger, ...] = (
    # MEETING: reception, talks, calls
    _t("MEETING", r"\b(?:received|receives|receiving|hosted|hosts|welcomed|welcomes|welcoming)\b(?!\s+(?:support|aid|assistance|ceremony|ceremonies|reception|dinner|banquet|party|the\s+(?:news|report|award|order|medal|recent|announcement|decision)))", "host>guest", 0.7),
    _t("MEETING", r"\bpa(?:id|ys|ying|y)\s+(?:a\s+)?(?:courtesy\s+(?:call|visit)s?)\s+(?:on|to)\b", "guest>host", 0.9),
    _t("MEETING", r"\bcourtesy\s+(?:call|meeting)s?\b", "guest>host", 0.8),
    _t("MEETING", r"\b(?:called|calls|call|calling)\s+on\b(?!\s+(?:the\s+)?(?:two|both|all|countries|sides|parties|international|member))", "guest>host", 0.8),
    _t("MEETING", r"\b(?:held|hold|holds|holding|had|conducted)\s+(?:a\s+)?(?:bilateral\s+|separate\s+|official\s+|phone\s+|telephone\s+|video\s+|online\s+|virtual\s+)?(?:talks|meetings?|discussions|a\s+meeting|conversations?)\b", "", 0.8),
    _t("MEETING", r"\b(?:met|meets|meet|meeting)\s+(?:with\s+)?(?=(?:his|her|their|the|[A-Z]))", "", 0.7),
    _t("MEETING", r"\btalks\s+(?:with|between)\b", "", 0.8),
    _t("MEETING", r"\b(?:bilateral|official)\s+(?:talks|meeting)\b", "", 0.7),
    _t("MEETING", r"\b(?:phone|telephone|video|online|virtual)\s+(?:call|conversation|talks|conference|meeting)s?\b|\bvia\s+(?:a\s+)?video\s*(?:link|conference)?\b|\b(?:spoke|spoken|speaks|talked|talks)\s+(?:by|over\s+the|on\s+the)\s+(?:tele)?phone\b", "", 0.8),
    _t("MEETING", r"\b(?:in|at|during|after|following|before|since)\s+(?:the|their|his|her)\s+(?:talks|meeting|reception)\b", "", 0.5, True),
    _t("MEETING", r"\b(?:in|at|during)\s+talks\b", "", 0.7),
    _t("MEETING", r"\bexchanged\s+(?:views|opinions)\s+with\b", "", 0.5),
    # CONFERENCE: institutional and multilateral meetings
    _t("CONFERENCE", r"\b(?:defen[cs]e\s+)?(?:policy\s+|strategic\s+|security\s+)?dialogue\b(?!\s+(?:mechanism|and\s+cooperation))", "", 0.7),
    _t("CONFERENCE", r"(?<!video\s)(?<!phone\s)(?<!press\s)(?<!news\s)\b(?:conference|forum|summit|symposium|seminar|workshop|congress|general\s+assembly|plenary|consultations?)\b(?!\s+(?:hall|room|centre|center|call))", "", 0.6),
    _t("CONFERENCE", r"\b(?:annual|trilateral|multilateral|ministerial|tripartite)\s+meetings?\b|(?<!bilateral\s)\bmeetings?\s+(?:of|between|among)\s+(?:the\s+)?(?!two\b)(?:\w+\s+){0,4}(?:ministers|chiefs|commanders|leaders|defen[cs]e)\b|\bministers['’]?\s+meeting\b", "", 0.8),
    _t("CONFERENCE", r"\bgathering\s+of\b", "", 0.6),
    _t("CONFERENCE", r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?-i:(?:(?:[A-Z][\w'’-]*|\([A-Z]{2,8}\))\s+){0,8})(?:meeting|session|talks|consultations?)\b(?!\s+(?:between|with)\b)|(?-i:\b(?:Committee|Commission|Council|Board|Working\s+Group|Forum|[A-Z]{2,6})\s+(?:\([A-Z]{2,8}\)\s+)?[Mm]eetings?\b)", "", 0.8),
    _t("CONFERENCE", r"\bADMM(?:[\s-]*Plus|\+)?\b|\bASEAN\s+Defen[cs]e\s+Ministers['’]?\s+Meeting\b|\bShangri-La\s+Dialogue\b", "", 0.7),
    _t("CONFERENCE", r"\b(?:chaired|co-chaired|presided\s+over)\b|\b(?:session|review\s+conference)\b", "", 0.6),
    # AGREEMENT
    _t("AGREEMENT", r"\b(?:signed|signs|sign|signing|inked|inks|clinched|concluded|adopted|renewed|exchanged)\b[^.;]{0,80}?\b" + _DOC, "signatories", 0.9),
    _t("AGREEMENT", _DOC + r"\b[^.;]{0,80}?\b(?:was|were|has\s+been|have\s+been)\s+(?:signed|inked|concluded|adopted|renewed)", "signatories", 0.9),
    _t("AGREEMENT", r"\bsigning\s+(?:ceremony\s+)?(?:of|for)\b", "signatories", 0.8),
    # EXERCISE
    _t("EXERCISE", r"\b(?:exercises?|drills?|war\s*games|wargames?|manoeuvres|maneuvers|rehearsals?|live-fire)\b", "", 0.7),
    _t("EXERCISE", r"\b(?:Cobra\s+Gold|Golden\s+Dragon|Balikatan|Garuda\s+Shield|Super\s+Garuda\s+Shield|Talisman\s+Sabre|RIMPAC|Malabar|Pitch\s+Black|Kakadu|CARAT|Komodo|Sama\s+Sama|Angkor\s+Sentinel|Keris\s+Strike|Bersama\s+\w+|Hornbill|Kamandag|Pacific\s+Partnership|Khaan\s+Quest|Cope\s+Tiger|Aman\s+Youyi|Falcon\s+Strike|Shared\s+Destiny|Peace\s+and\s+Friendship|Mitra\s+Shakti|Vinbax|Harimau\s+Shakti|Vajra\s+Prahar)\b", "", 0.9),
    # PATROL
    _t("PATROL", r"\b(?:joint|coordinated|combined|bilateral|trilateral|maritime|naval)\s+(?:sea\s+|border\s+|maritime\s+|naval\s+)?patrols?\b(?!\s+(?:aircraft|planes?|vessels?|boats?|ships?|craft|helicopters?|capabilit\w+))|\bpatrolled\b|\bCORPAT\b|\bMalacca\s+Straits?\s+Patrol\b", "", 0.8),
    # EXCHANGE
    _t("EXCHANGE", r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|annual)\s+(?:[\w'’-]+\s+){0,5}exchanges?\b", "", 0.8),
    _t("EXCHANGE", r"\b(?:friendship|border\s+defen[cs]e|youth|cadet|officers?['’]?|people-to-people|cultural|sports?|academic)\s+(?:defen[cs]e\s+)?(?:friendship\s+)?exchanges?\b|\bexchange\s+(?:program(?:me)?s?|visits?|activities)\b|\b(?:tournament|friendly\s+(?:\w+\s+)?(?:match|game|competition)s?|(?:football|soccer|volleyball|basketball|badminton|tug-of-war|table\s+tennis|sports?)\s+(?:match|game|competition|event|exchange|festival|carnival|day|meet)s?|friendship\s+(?:\w+\s+)?(?:carnival|games|competition|match|festival|day)|military\s+games|army\s+games|joint\s+(?:cultural|sports)\s+(?:activities|programme|program)|(?:shooting|marksmanship|skills?|sports?|military|sailing|rowing|boxing|martial\s+arts?)\s+(?:competition|championship|contest|meet)s?)\b", "", 0.7),
    # AID
    _t("AID", r"\b(?:humanitarian\s+(?:aid|assistance|relief)|disaster\s+relief|relief\s+(?:aid|supplies|goods|efforts?|operations?|mission)|earthquake\s+relief|emergency\s+aid|aid\s+packages?)\b", "", 0.8),
    _t("AID", r"\b(?:donated|donates|donating|donation|handed\s+over|hands\s+over|handing\s+over|handover|hand\s+over|gifted|presented\s+(?:\w+\s+){0,4}(?:equipment|supplies|vehicles|boats|vaccines|aircraft))\b", "", 0.7),
    _t("AID", r"\bfree\s+of\s+charge\b|\bfree\s+(?:medical|health)\s+(?:care|treatment|services|check-?ups|examinations?)\b|\bmedical\s+(?:mission|assistance|aid)\b|\btreated\s+(?:more\s+than\s+|some\s+|about\s+)?[\d,]+\s+(?:patients|people|soldiers|villagers|residents)\b", "", 0.7),
    _t("AID", r"\b(?:consignments?|shipments?|tonnes|tons)\s+of\s+(?:\w+\s+){0,3}(?:aid|relief|supplies|assistance|food|rice|equipment)\b|\b(?:second|third|another|new)\s+(?:consignment|shipment|batch)\b", "", 0.7),
    _t("AID", r"\b(?:turned|turns|turning)\s+over\b|\b(?:transferred|delivered|provided|granted|gave|supplied)\s+(?:\w+\s+){0,5}(?:equipment|trucks|vehicles|boats|ships?|vessels?|aircraft|helicopters|radars?|supplies|vaccines|corvettes?|frigates?|kits|rations|relief\s+goods|medicines?)\b", "", 0.7),
    _t("AID", r"\brepatriat(?:ed|ion|e|ing)\s+(?:\w+\s+){0,4}remains\b|\bremains\s+of\s+(?:\w+\s+){0,6}(?:were|was)\s+(?:handed|repatriated|returned)\b", "", 0.8),
    # AWARD
    _t("AWARD", r"\b(?:presented|presents|presenting|conferred|confers|bestowed|awarded|awards|decorated)\b[^.;]{0,80}?\b(?:orders?|medals?|honou?rs?|awards?|decorations?|insignias?|title|certificates?\s+of\s+merit|honorary\s+(?:rank|title|citizenship|degree|doctorate)|Legion\s+of\s+(?:Merit|Honou?r)|Meritorious|Distinguished\s+Service|Bintang|Darjah|Pingat|Padma)\b|\b(?:order|medal|award|decoration|honou?r)\s+(?:was|were)\s+(?:presented|conferred|awarded|bestowed)\b|\breceived\s+(?:the|a|an)\s+[^.;]{0,40}\b(?:order|medal)\b", "", 0.9),
    # CEREMONY
    _t("CEREMONY", r"\b(?:laid|lay|lays|laying)\s+(?:a\s+)?(?:wreaths?|flowers)\b|\bwreath[-\s]laying\b|\b(?:offered|offer|offers|offering)\s+(?:\w+\s+)?incense\b|\bincense[-\s]offering\b|\bpaid\s+(?:a\s+)?tribute\b|\bpaid\s+(?:their\s+|his\s+|her\s+)?respects\b", "", 0.9),
    _t("CEREMONY", r"\b(?:ceremony|ceremonies|commemorat(?:e|ed|es|ion|ing)|celebrat(?:e|ed|ion|ions|ing)|memorial\s+service|honou?r\s+guard|guard\s+of\s+honou?r|flag-raising|parade)\b", "", 0.6),
    # PORT_CALL
    _t("PORT_CALL", r"\bport\s+(?:call|visit)s?\b|\b(?:docked|docks|berthed|anchored|anchor|moored|arrived|arrives|arriving|sailed\s+into|called\s+at)\b", "", 0.5),
    # APPOINTMENT
    _t("APPOINTMENT", r"\b(?:has|had|have)\s+(?:held|occupied|been\s+in)\s+the\s+(?:post|position|office|job)\s+since\b", "", 0.7),
    _t("APPOINTMENT", r"\b(?:(?:was|were|been|is|being|newly|recently|officially)\s+appointed|appointed\s+(?:as|to)|appointed\s+(?-i:(?=[A-Z]))|(?:decision|decided|decree|resolution)s?\s+(?:to|on)\s+(?:appoint|promot)\w*|appointment\s+of|promoted\s+to|promotion\s+of|sworn\s+in|took\s+office|takes\s+office|assumed\s+(?:the\s+)?(?:post|office|position|command|duties)|named\s+(?:as\s+)?(?:the\s+)?new|nominated\s+as|designated\s+as|took\s+over\s+as|handover\s+of\s+command|change\s+of\s+command)\b", "", 0.8),
    # VISIT
    _t("VISIT", r"\b(?:official|state|working|goodwill|friendship|first|three-day|two-day|four-day|five-day|\w+-day|official\s+friendly|courtesy)\s+(?:visit|trip|tour)s?\b|\bvisit(?:ed|s|ing)?\b|\btrip\b|\btoured\b|\btours\b|\barrived\s+in\b|\bis\s+in\s+(?=[A-Z])|\b(?:travell?ed|flew|went|headed|journeyed)\s+to\b|\b(?:delegation|minister|general|chief|admiral)[^.;]{0,40}?\barrived\s+(?:on|here|yesterday|today|this|last)\b", "", 0.6),
)

# Trigger words that become another type when the object says so ("visited the ... Memorial").
CEREMONY_SITES = re.compile(r"\b(?:memorial|monument|cemetery|martyrs|mausoleum|shrine|grave|tomb|statue|museum|relic|historic(?:al)?\s+sites?)\b", re.I)
SHIP_WORDS = re.compile(r"\b(?:ship|vessel|frigate|destroyer|carrier|cruiser|corvette|submarine|flotilla|task\s+group|fleet|USS|HMAS|INS|JS|KRI|BRP|HTMS|HMNZS|HMS|ROKS|RSS|KD|CNS|HQ-\d+)\b", re.I)
