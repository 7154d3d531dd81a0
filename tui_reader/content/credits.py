"""Photo credits in captions, in the styles newsrooms print them, split off as written.

    "… 2024. Photo by A / AFP"          label "Photo by "   (wire style; "Foto:", "Bild:" …)
    "… Queens. Credit Chang W. Lee/The New York Times"       (NYT: "Credit", no colon)
    "… 1989. (John Minchillo / AP)"     in parentheses, with an agency (CityLab, WaPo)
    "… on Tuesday. Evan Vucci / AP"     a trailing "Name / Agency" (NBC)
    "Devindra Hardawar/AOL"             a caption that is only a credit (Engadget)
    "Foto: LA NACION"                   (La Nación)

The caption and the credit keep the article's words: `caption_parts` cuts the text in three
and joining them gives it back. Only the header's `credit` field (`split_credit`) is tidied:
parentheses and a final stop dropped, a name the CMS repeated ("A and A / AFP") said once.
"""

from __future__ import annotations

import re

_LABEL_WORDS = (
    r"(?:(?:photo|image|picture)s?[ \t]+credits?|photo(?:graph)?s?|pictures?|images?|pic"
    r"|fotos?|fotograf[ií]a|bild|credits?|cr[ée]dito)"
)
_LABELLED = re.compile(
    rf"(?:^|(?<=[\s|(]))(?P<label>{_LABEL_WORDS}(?:[ \t]+by[ \t]+|[ \t]*:[ \t]*))(?P<credit>\S.*)$",
    re.IGNORECASE,
)
# NYT: "Credit Ashraf Shazly/…", "CreditCredit Chang W. Lee/…" (spans glued in the page).
_NYT = re.compile(r"(?:^|(?<=[\s.]))(?P<label>Credit(?:\s*Credit)?\s*)(?P<credit>[A-Z].*)$")
_PAREN = re.compile(r"(?P<label>\()(?P<credit>[^()]{2,80}\))\s*$")
_AGENCY = re.compile(
    r"\b(?:AFP|AP|Reuters|EPA|Getty|Xinhua|Bloomberg|AAP|Anadolu|Kyodo|Yonhap|Shutterstock"
    r"|Associated Press|NBC|CNN|Times|News)\b|/|photo",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|de|van|von|da|del|la|le))*"
# "Evan Vucci / AP", "Devindra Hardawar/AOL", "Kane Skennar/Photodisc/Getty Images"
_NAME_SLASH = rf"{_NAME}(?:[ \t]*/[ \t]*{_NAME})+(?:,[ \t]+via[ \t]+{_NAME})?"
_TRAILING = re.compile(rf"(?<=[.!?”\"])(?P<label>\s*)(?P<credit>{_NAME_SLASH})\s*$")
_WHOLE = re.compile(rf"(?P<label>)(?P<credit>{_NAME_SLASH})")
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")


def _credit_match(text: str) -> re.Match[str] | None:
    if len(text.split()) <= 10 and (m := _WHOLE.fullmatch(text.strip())):
        return m
    for pattern in (_LABELLED, _NYT):
        m = pattern.search(text)
        if m is not None and len(m.group("credit").split()) <= 12:
            return m
    m = _PAREN.search(text)
    if m is not None and _AGENCY.search(m.group("credit")):
        return m
    return _TRAILING.search(text)


def caption_parts(text: str) -> tuple[str, str, str]:
    """(caption, label, credit) as written, the credit "" when there is none; the label is
    the credit's own ("Photo by ", "Credit ", "(", "Foto: ") or ""."""
    m = _credit_match(text)
    if m is None:
        return text, "", ""
    return text[: m.start()].rstrip(), m.group("label").lstrip(), m.group("credit").rstrip()


def split_credit(text: str) -> tuple[str, str | None]:
    """Caption and the header's credit: "… 2024. Photo by A and A / AFP" ->
    ("… 2024.", "A / AFP")."""
    caption, label, credit = caption_parts(text)
    if not credit:
        return text, None
    if label == "(":
        credit = credit[:-1]
    return caption, dedupe_credit(credit.strip().rstrip("."))


def dedupe_credit(credit: str) -> str:
    """A credit with each name once: "A and A / AFP" -> "A / AFP"."""
    names, sep, agency = credit.rpartition(" / ")
    if not sep:
        names, agency = credit, ""
    seen: list[str] = []
    given = [name for name in _NAME_SPLIT.split(names) if name]
    for name in given:
        if name.casefold() not in (s.casefold() for s in seen):
            seen.append(name)
    if len(seen) == len(given):
        return credit  # nothing repeated: as written
    joined = " and ".join(seen) if len(seen) < 3 else ", ".join(seen[:-1]) + " and " + seen[-1]
    return f"{joined} / {agency}" if agency and joined else joined or agency
