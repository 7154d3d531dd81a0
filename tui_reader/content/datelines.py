"""Datelines: "PHNOM PENH –", "LONDON, Jan 5 (Reuters) -", "Washington (AP) —", "BEIRUT:".

Where a wire story says where it was filed, before its first sentence. Found in the first
prose paragraph, past short label-only paragraphs a page hides from sight ("Photo", "Listen")
and past a label glued in front ("Dateline: ").

Never a dateline: a label in capitals ("BREAKING –", "EXCLUSIVE -", "UPDATE:"), an
organisation ("NATO – The alliance …": its name comes back in capitals later in the text, or
the article spells it out as an acronym), and a mixed-case start without a region or an
agency after it ("The UN – a body of nations –" is a sentence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui_reader.content.blocks import PROSE_KINDS, Document

_LABEL = r"(?:(?:Dateline|Location|Place|Filed from)[ \t]*:[ \t]*)?"
_CAPS = r"[A-Z][A-Z'’.-]*(?:[ /][A-Z][A-Z'’.-]*){0,4}"
_MIXED = r"[A-Z][a-zà-ÿ'’.-]+(?:[ -][A-Z][a-zà-ÿ'’.-]+){0,2}"
_REGION = r"(?:,[ \t]*[^–—()\n:]{1,30}?)"
_SOURCE = r"(?:[ \t]*\([^()\n]{1,30}\))"
_DASH = r"[ \t]+[–—-]{1,2}[ \t]+"
_PATTERNS = (
    re.compile(rf"{_LABEL}(?P<place>{_CAPS}){_REGION}?{_SOURCE}?{_DASH}"),
    re.compile(rf"{_LABEL}(?P<place>{_CAPS}){_REGION}?{_SOURCE}?:[ \t]+"),
    re.compile(rf"{_LABEL}(?P<place>{_MIXED})(?:{_REGION}{_SOURCE}?|{_SOURCE}){_DASH}"),
)
# Labels newsrooms print in capitals before a story, never places.
_NOT_PLACES = frozenset(
    "BREAKING EXCLUSIVE UPDATE UPDATED WATCH LIVE OPINION ANALYSIS EDITORIAL REVIEW NEWS "
    "ALERT VIDEO PHOTOS PHOTO CORRECTION SPONSORED ADVERTISEMENT EXCERPT INTERVIEW COMMENT "
    "PREVIEW EXPLAINER FACT CHECK JUST IN NOTE EDITOR'S NOTE WARNING TRANSCRIPT".split()
)
_MAX_LABEL_WORDS = 3  # a "paragraph" this short without a full stop is a label, not prose


def _is_label(text: str) -> bool:
    return len(text.split()) <= _MAX_LABEL_WORDS and not text.rstrip().endswith((".", "!", "?"))


def _organisation(place: str, texts: Sequence[str], acronyms: Sequence[str]) -> bool:
    """A name that comes back in capitals later ("NATO members"), or a spelled-out acronym."""
    if place in acronyms:
        return True
    if not place.isupper() or " " in place:
        return False
    shout = re.compile(rf"(?<![\w]){re.escape(place)}(?![\w])")
    return sum(len(shout.findall(text)) for text in texts) > 1


def find_dateline(doc: Document, acronyms: Sequence[str] = ()) -> tuple[str, int, int] | None:
    """(place, block, end of the dateline before its dash or colon) from the first prose
    paragraph."""
    texts = doc.prose()
    for i, block in enumerate(doc.blocks[:8]):
        if block.kind not in PROSE_KINDS:
            continue
        if _is_label(block.text) and i + 1 < len(doc.blocks):
            continue
        for pattern in _PATTERNS:
            m = pattern.match(block.text)
            if m is None:
                continue
            place = m.group("place")
            if (
                sum(c.isalpha() for c in place) < 3
                or place.upper() in _NOT_PLACES
                or _organisation(place, texts, acronyms)
            ):
                return None
            return place, i, len(block.text[: m.end()].rstrip(" \t–—-:"))
        return None
    return None
