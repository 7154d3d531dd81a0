"""What a reader wants to know before reading: source, dates, dateline, photo credit, length,
quotes, acronyms. Fields that are missing stay None/empty and never show as "None"."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui_reader.content.blocks import PROSE_KINDS, Document
from tui_reader.content.credits import split_credit
from tui_reader.content.datelines import find_dateline
from tui_reader.content.quotes import Quote
from tui_reader.engine.models import Article, Enclosure
from tui_reader.engine.sanitize import single_line

WORDS_PER_MINUTE = 230
# Chinese and Japanese are read by the character (no spaces to count words by): about
# 260-500 characters a minute for Chinese and 400-600 for Japanese in reading studies; 450
# sits in both. Counting their spaces made a 3,000-character story "1 min" (7x too short).
CJK_CHARS_PER_MINUTE = 450
_PLACEHOLDER = re.compile(r"\[(?:image|embed|video|audio)\b[^\]]*\]")  # in a table's cells
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
MAX_ACRONYMS = 30  # defined acronyms we look for
SHOWN_ACRONYMS = 5  # and show: the most used (a Wikipedia page defines 30; a list that long
# is a glossary, not help)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _words_in_order(text: str) -> list[str]:
    return text.split()


_ACRONYM = re.compile(r"\(([A-Z0-9][A-Za-z0-9&]{1,9})\)")
_EXPANSION_AFTER = re.compile(r"\b([A-Z][A-Z0-9&]{1,9})s?\s+\(([^()]{5,120})\)")
_WORD = re.compile(r"[\w’'&-]+")
_NUMBERS = dict(
    zip(_words_in_order("one two three four five six seven eight nine"), "123456789", strict=True)
)
_SKIPPABLE = _words("of the and for on in to a an & at by with")


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    published: int | None = None  # epoch seconds, UTC
    updated: int | None = None
    dateline: str | None = None
    caption: str | None = None
    credit: str | None = None
    words: int = 0  # words between spaces, Chinese and Japanese characters left out
    characters: int = 0  # Chinese and Japanese characters
    reading_minutes: int = 0
    categories: list[str] = field(default_factory=list)
    link: str | None = None
    enclosures: list[Enclosure] = field(default_factory=list)
    quotes: int = 0
    speakers: list[str] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)
    dateline_at: tuple[int, int] | None = None  # (block, end): for styling, not for JSON

    @property
    def reading_time(self) -> str:
        return f"{self.reading_minutes} min"

    def to_json(self, now: float | None = None) -> dict[str, Any]:
        """Plain JSON types; absent fields are left out."""
        out: dict[str, Any] = {}
        for key in ("title", "source", "dateline", "caption", "credit", "link"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.authors:
            out["authors"] = list(self.authors)
        for key in ("published", "updated"):
            stamp = getattr(self, key)
            if stamp is not None:
                out[key] = local_iso(stamp)
                out[key + "_relative"] = relative_time(stamp, now)
        if self.words:
            out["words"] = self.words
        if self.characters:
            out["characters"] = self.characters
        if self.words or self.characters:
            out["reading_time"] = self.reading_time
        if self.categories:
            out["categories"] = list(self.categories)
        if self.enclosures:
            out["enclosures"] = [enclosure_json(e) for e in self.enclosures]
        out["quotes"] = self.quotes
        if self.speakers:
            out["speakers"] = list(self.speakers)
        if self.acronyms:
            out["acronyms"] = dict(self.acronyms)
        return out


# -- formatting helpers ----------------------------------------------------------------------
def local_iso(stamp: int) -> str:
    return datetime.fromtimestamp(stamp).astimezone().isoformat(timespec="minutes")


def local_time(stamp: int) -> str:
    """'Tue 30 Jan 2024 09:15' in the reader's time zone."""
    return datetime.fromtimestamp(stamp).strftime("%a %d %b %Y %H:%M")


def _calendar_months(earlier: datetime, later: datetime) -> int:
    """Whole calendar months from `earlier` to `later`: 30 Jan 2023 -> 30 Jan 2024 is 12,
    one second less is 11 (a fixed 365.25-day year made the first one "11 months")."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - ((later.day, later.time()) < (earlier.day, earlier.time()))


def relative_time(stamp: int, now: float | None = None) -> str:
    """'just now', '5 minutes ago', '3 days ago', 'in 2 hours'; months and years count
    calendar months in the reader's time zone, as a person does."""
    now = time.time() if now is None else now
    delta = now - stamp
    future, delta = delta < 0, abs(delta)
    if delta < 60:
        return "just now"
    n, unit = 0, ""
    if delta >= 28 * 86_400:  # the shortest month: below it, no calendar month can have passed
        a, b = sorted((datetime.fromtimestamp(stamp), datetime.fromtimestamp(now)))
        months = _calendar_months(a, b)
        n, unit = (months // 12, "year") if months >= 12 else (months, "month")
    if not n:
        unit, size = next(
            (unit, size)
            for unit, size in (("week", 604_800), ("day", 86_400), ("hour", 3_600), ("minute", 60))
            if delta >= size
        )
        n = int(delta // size)
    text = f"{n} {unit}{'s' if n != 1 else ''}"
    return f"in {text}" if future else f"{text} ago"


def human_size(size: int) -> str:
    """1234567 -> '1.2 MB' (decimal units, as players and browsers show them)."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} B"


def enclosure_json(enclosure: Enclosure) -> dict[str, Any]:
    out: dict[str, Any] = {"url": enclosure.url}
    if enclosure.type:
        out["type"] = single_line(enclosure.type, limit=100)
    if enclosure.length:
        out["length"] = enclosure.length
        out["size"] = human_size(enclosure.length)
    return out


# -- caption and credit ------------------------------------------------------------------------
def mark_caption(doc: Document) -> int | None:
    """Turn a leading photo-caption paragraph ("… Photo by X / AFP") into a caption block."""
    for i, block in enumerate(doc.blocks[:3]):
        if block.kind == "caption":
            return i
        if block.kind == "paragraph":
            if len(block.text.split()) <= 80 and split_credit(block.text)[1]:
                block.kind = "caption"
                return i
            return None
    return None


# -- dateline, words, acronyms -----------------------------------------------------------------
def count_words(doc: Document) -> tuple[int, int]:
    """(words, Chinese/Japanese characters) of the text a reader reads."""
    kinds = PROSE_KINDS | {"heading", "pre", "table"}
    words = chars = 0
    for block in doc.blocks:
        if block.kind in kinds:
            text = _PLACEHOLDER.sub(" ", block.text) if block.kind == "table" else block.text
            cjk = len(_CJK.findall(text))
            chars += cjk
            tokens = _CJK.sub(" ", text).split() if cjk else text.split()
            # what is left between Chinese characters is mostly punctuation, not words
            words += sum(any(c.isalnum() for c in t) for t in tokens) if cjk else len(tokens)
    return words, chars


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


def build_metadata(article: Article, doc: Document, quotes: list[Quote]) -> Metadata:
    meta = Metadata(
        title=single_line(article.title, limit=500) or None,
        source=single_line(article.feed_title, limit=200) or None,
        authors=[a for a in (single_line(x, limit=200) for x in article.authors) if a],
        published=article.published,
        updated=article.updated if article.updated != article.published else None,
        categories=[c for c in (single_line(x, limit=100) for x in article.categories) if c],
        link=article.link or None,
        enclosures=[e for e in article.enclosures if e.url],
    )
    caption = next((b for b in doc.blocks if b.kind == "caption"), None)
    if caption is not None:
        text, credit = split_credit(caption.text)
        meta.caption, meta.credit = text or None, credit
    meta.acronyms = most_used(find_acronyms(doc.prose()), doc.prose())
    dateline = find_dateline(doc, list(meta.acronyms))
    if dateline is not None:
        meta.dateline, block, end = dateline
        meta.dateline_at = (block, end)
    meta.words, meta.characters = count_words(doc)
    minutes = meta.words / WORDS_PER_MINUTE + meta.characters / CJK_CHARS_PER_MINUTE
    meta.reading_minutes = max(1, round(minutes))
    meta.quotes = len(quotes)
    for q in quotes:
        if q.speaker and q.speaker not in meta.speakers:
            meta.speakers.append(q.speaker)
    return meta
