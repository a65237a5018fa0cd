"""Word tokens with offsets, the unit the rule-based mention finders work on."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..text import fold

# A word (letters first, inner hyphens and apostrophes kept: 'Chan-o-cha', "People's"),
# a number-led token ('286-Lê', '2025-2029'), or one punctuation mark.
_TOKEN = re.compile(r"[^\W\d_](?:\w|[’'\-](?=\w))*\.?|\d(?:\w|[\-/.:](?=\w))*|[^\w\s]")
_POSSESSIVE = re.compile(r"[’']s$")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @cached_property
    def norm(self) -> str:
        """Folded form without a trailing full stop or possessive: 'Gen.' -> 'gen'."""
        return fold(self.bare)

    @cached_property
    def bare(self) -> str:
        text = self.text.rstrip(".")
        return _POSSESSIVE.sub("", text)

    @property
    def bare_end(self) -> int:
        return self.start + len(self.bare)

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_acronym(self) -> bool:
        letters = [c for c in self.bare if c.isalpha()]
        return len(letters) > 1 and all(c.isupper() for c in letters)

    @property
    def possessive(self) -> bool:
        return bool(_POSSESSIVE.search(self.text.rstrip(".")))


def tokenise(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
