"""Acronyms an article defines: "five-point consensus (5PC)", "ASEAN (Association of …)",
and the few the header shows."""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_ACRONYMS = 30  # defined acronyms we look for
SHOWN_ACRONYMS = 5  # and show: the most used (a Wikipedia page defines 30; a list that long
# is a glossary, not help)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ACRONYM = re.compile(r"\(([A-Z0-9][A-Za-z0-9&]{1,9})\)")
_EXPANSION_AFTER = re.compile(r"\b([A-Z][A-Z0-9&]{1,9})s?\s+\(([^()]{5,120})\)")
_WORD = re.compile(r"[\w’'&-]+")
_NUMBERS = dict(
    zip("one two three four five six seven eight nine".split(), "123456789", strict=True)
)
_SKIPPABLE = _words("of the and for on in to a an & at by with")


def _initials(word: str) -> list[tuple[str, str]]:
    """(initial, rest) per part of a word: 'five-point' -> [('5',''), ('p','oint')]."""
    out = []
    for part in word.split("-"):
        part = part.strip("’'")
        if part:
            low = part.lower()
            out.append((_NUMBERS[low], "") if low in _NUMBERS else (low[0], low[1:]))
    return out


def _match_acronym(acronym: str, words: list[str]) -> int | None:
    """Index into `words` where the acronym's expansion starts, matching its letters
    against the words' initials from the end; small words may be skipped and a word may
    give more than one letter ("Southeast" -> S, E)."""
    letters = [c for c in acronym.lower() if c.isalnum()]
    parts = [
        (wi, ini, rest, not k)
        for wi, w in enumerate(words)
        for k, (ini, rest) in enumerate(_initials(w))
    ]
    i, j = len(letters) - 1, len(parts) - 1
    start = None
    while i >= 0 and j >= 0:
        wi, ini, rest, first = parts[j]
        taken = 0
        for k in range(0, i + 1):  # the longest run letters[k..i] this word can give
            if letters[k] == ini and _subsequence(letters[k + 1 : i + 1], rest):
                taken = i - k + 1
                break
        if taken:
            i -= taken
            start = wi
        elif first and words[wi].lower() not in _SKIPPABLE:
            return None  # the rest of a hyphenated word may give no letter: "Co-operation"
        j -= 1
    return start if i < 0 else None


def _subsequence(needle: list[str], hay: str) -> bool:
    it = iter(hay)
    return all(c in it for c in needle)


def find_acronyms(texts: Sequence[str]) -> dict[str, str]:
    """Acronyms the text defines: "five-point consensus (5PC)" -> 5PC = five-point consensus."""
    found: dict[str, str] = {}
    for text in texts:
        for m in _ACRONYM.finditer(text):
            acronym = m.group(1)
            key = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
            if key in found or sum(c.isupper() or c.isdigit() for c in key) < 2:
                continue
            words = _WORD.findall(text[max(0, m.start() - 200) : m.start()])[-(len(key) + 4) :]
            start = _match_acronym(key, words)
            if start is not None and not words[start].upper().startswith(key.upper()):
                found[key] = " ".join(words[start:])
        for m in _EXPANSION_AFTER.finditer(text):  # ASEAN (Association of …)
            key, words = m.group(1), _WORD.findall(m.group(2))
            if (
                key not in found
                and _match_acronym(key, words) == 0
                and not words[0].upper().startswith(key)
            ):
                found[key] = " ".join(words)
        if len(found) >= MAX_ACRONYMS:
            break
    return found


def most_used(acronyms: dict[str, str], texts: Sequence[str]) -> dict[str, str]:
    """The SHOWN_ACRONYMS acronyms the text uses most, in the order they are defined."""
    if len(acronyms) <= SHOWN_ACRONYMS:
        return acronyms
    text = "\n".join(texts)
    uses = {k: len(re.findall(rf"(?<!\w){re.escape(k)}(?!\w)", text)) for k in acronyms}
    keep = sorted(acronyms, key=lambda k: -uses[k])[:SHOWN_ACRONYMS]  # stable: ties by order
    return {k: v for k, v in acronyms.items() if k in keep}
