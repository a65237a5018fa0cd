"""Folding names into comparison keys.

One person is written many ways across articles: with or without diacritics
("Phan Văn Giang" / "Phan Van Giang"), with a rank in front, with initials or
a suffix, family name first or last. The key keeps only what identifies the
person: folded name words, without leading titles, initials or suffixes.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Words that are titles, ranks or honorifics when they lead a name. Not "he", "sen" or
# "her", which the scorer drops too: they are also family names (He Weidong, Sen Sokhon).
TITLE_WORDS = frozenset({
    "general", "gen", "lieutenant", "lieut", "lt", "senior", "major", "maj",
    "colonel", "col", "brigadier", "brig", "admiral", "adm", "vice", "rear", "captain",
    "capt", "commander", "cdr", "air", "marshal", "samdech", "techo", "thipadei",
    "akka", "moha", "sena", "padei", "mr", "mrs", "ms", "dr", "h", "e",
    "minister", "president", "prime", "deputy", "chairman", "secretary", "ambassador",
    "his", "excellency", "madam", "sir", "prof", "professor",
})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=65536)  # the same names come back in article after article
def fold(text: str | None) -> str:
    """Lower-case ASCII letters and digits, words separated by one space (đ → d)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@lru_cache(maxsize=65536)
def name_words(name: str | None) -> tuple[str, ...]:
    """Folded name words in written order, without leading titles, initials or suffixes."""
    words = fold(name).split()
    while len(words) > 1 and words[0] in TITLE_WORDS:
        words.pop(0)
    core = [w for w in words if len(w) > 1 and w not in SUFFIXES]
    return tuple(core or words)


def name_key(name: str | None) -> str:
    """Order-free key: 'Toriumi Seiji' and 'Seiji Toriumi' are one person."""
    return " ".join(sorted(name_words(name)))


def same_person_name(a: str, b: str) -> bool:
    """Do two names written in one article denote the same person?

    Equal keys, or a name of two words or more ending the other ("Hun Sen" in
    "Samdech Techo Hun Sen"). A one-word name never matches here: it is too weak.
    """
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    if sorted(wa) == sorted(wb):
        return True
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    return len(short) >= 2 and long_[-len(short):] == short


def diacritics_count(text: str) -> int:
    """How many letters carry marks: the written form with more is the fuller one."""
    return sum(1 for c in text if ord(c) > 127)
