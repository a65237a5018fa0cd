"""Small text utilities shared by every stage: folding and sentence splitting.

Sentence splitting is ours rather than spaCy's because wire copy has its own
habits (ranks abbreviated with dots, paragraphs glued without a space after the
full stop) and because it must be cheap enough to run on every article.
"""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str | None) -> str:
    """Lower-case ASCII words separated by one space: 'Phan Văn Giang' -> 'phan van giang'."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_WORD.findall(text.lower()))


def strip_accents(text: str) -> str:
    """Remove diacritics but keep case and punctuation: 'Hà Nội' -> 'Ha Noi'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


# Abbreviations whose full stop does not end a sentence (ranks, titles, months).
ABBREVIATIONS = {
    "gen", "lieut", "lt", "sen", "maj", "col", "brig", "adm", "capt", "cdr", "cmdr", "sgt",
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vol", "co", "corp", "inc", "ltd",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "h.e", "e", "h", "vs", "approx", "dept", "gov", "rep", "hon", "jr", "sr",
    "p.m", "a.m", "i.e", "e.g", "etc", "fig", "rtd", "ret", "pte", "bhd", "sdn",
}

_BOUNDARY = re.compile(
    r"""(?:
        [.!?]+["”’)\]]*(?=\s+["“‘(]?[A-ZÀ-Ỹ0-9])     # full stop, then space, then a capital
      | [.!?]+["”’]*(?=[A-ZÀ-Ỹ][a-zà-ỹ])            # glued: 'Cambodia.In a meeting'
      | \n\s*\n                                     # a blank line
      | \n(?=\s*[-–•*]?\s*[A-ZÀ-Ỹ"“])               # a line break before a capital
    )""",
    re.VERBOSE,
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group(0)[:1] in ".!?" and _ends_with_abbreviation(text, match.start()):
            continue
        if text[match.start():match.start() + 1] in ".!?" and _is_glued_initial(text, match.start()):
            continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12):dot])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    if token in ABBREVIATIONS:
        return True
    # Single capital initials ('Lloyd J. Austin') do not end sentences.
    return len(token) == 1 and text[dot - 1].isupper()


def _is_glued_initial(text: str, dot: int) -> bool:
    # 'U.S.In' is rare; 'J.Austin' style initials are not boundaries.
    return dot >= 1 and text[dot - 1].isupper() and (dot < 2 or not text[dot - 2].isalpha())


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
