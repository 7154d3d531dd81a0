"""What a reader wants to know before reading: source, dates, dateline, photo credit, length,
quotes, acronyms. Fields that are missing stay None/empty and never show as "None"."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui_reader.content import credits, datelines
from tui_reader.content.acronyms import find_acronyms, most_used
from tui_reader.content.blocks import PROSE_KINDS, Document
from tui_reader.content.quotes import Quote, speech_summary
from tui_reader.engine.models import Article, Enclosure
from tui_reader.engine.sanitize import single_line

WORDS_PER_MINUTE = 230
# Chinese and Japanese are read by the character (no spaces to count words by): about
# 260-500 characters a minute for Chinese and 400-600 for Japanese in reading studies; 450
# sits in both. Counting their spaces made a 3,000-character story "1 min" (7x too short).
CJK_CHARS_PER_MINUTE = 450
_PLACEHOLDER = re.compile(r"\[(?:image|embed|video|audio)\b[^\]]*\]")  # in a table's cells
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")


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
    if enclosure.duration:
        out["duration"] = enclosure.duration
    return out


def human_duration(seconds: int) -> str:
    """3723 -> '1:02:03', 125 -> '2:05' (as players show them)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# -- caption and credit ------------------------------------------------------------------------
split_credit = credits.split_credit  # the header's credit: see credits.py


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
def find_dateline(doc: Document) -> tuple[str, int, int] | None:
    """(place, block, end of the dateline) from the first body paragraph (datelines.py)."""
    return datelines.find_dateline(doc, list(find_acronyms(doc.prose())))


def count_words(doc: Document) -> int:
    """Words between spaces in the text a reader reads; Chinese and Japanese characters are
    counted apart (`count_characters`), and placeholders in table cells not at all."""
    words = 0
    for text in _read_texts(doc):
        if _CJK.search(text):  # between those characters is mostly punctuation, not words
            words += sum(any(c.isalnum() for c in t) for t in _CJK.sub(" ", text).split())
        else:
            words += len(text.split())
    return words


def count_characters(doc: Document) -> int:
    """Chinese and Japanese characters in the text a reader reads."""
    return sum(len(_CJK.findall(text)) for text in _read_texts(doc))


def _read_texts(doc: Document) -> list[str]:
    kinds = PROSE_KINDS | {"heading", "pre", "table"}
    return [
        _PLACEHOLDER.sub(" ", b.text) if b.kind == "table" else b.text
        for b in doc.blocks
        if b.kind in kinds
    ]


def _refine(meta: Metadata, doc: Document) -> None:
    """Reading time with Chinese and Japanese read by the character; the acronyms shown."""
    meta.characters = count_characters(doc)
    minutes = meta.words / WORDS_PER_MINUTE + meta.characters / CJK_CHARS_PER_MINUTE
    meta.reading_minutes = max(1, round(minutes))
    meta.acronyms = most_used(meta.acronyms, doc.prose())


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
    dateline = find_dateline(doc)
    if dateline is not None:
        meta.dateline, block, end = dateline
        meta.dateline_at = (block, end)
    meta.words = count_words(doc)
    meta.reading_minutes = max(1, round(meta.words / WORDS_PER_MINUTE))
    meta.quotes, meta.speakers = speech_summary(quotes)  # speech only, no pronouns
    meta.acronyms = find_acronyms(doc.prose())
    _refine(meta, doc)
    return meta
