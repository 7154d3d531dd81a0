"""A service's item (stream/items/contents JSON) -> ParsedArticle.

This is a parser in the sense of `sanitize`'s rule: the service relays what feeds gave it,
so every string is untrusted and is cleaned here, where it enters, exactly as parse.py and
jsonfeed.py clean theirs (same functions, same caps). The result goes through upsert.py
like a fetched feed's entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui_reader.engine.limits import BODY_LIMIT, LINE_LIMIT, MAX_PER_ENTRY, unique
from tui_reader.engine.models import Enclosure, ParsedArticle
from tui_reader.engine.sanitize import clean_line, clean_text, clean_url
from tui_reader.engine.sync.client import item_id

READ_SUFFIX = "/state/com.google/read"
STARRED_SUFFIX = "/state/com.google/starred"


@dataclass(slots=True)
class RemoteItem:
    item: int  # the decimal item id
    stream_id: str  # its feed's stream id, "feed/12"
    article: ParsedArticle
    read: bool
    starred: bool


def parse_item(doc: dict[str, Any]) -> RemoteItem | None:
    """One item, or None when it has no usable id or feed."""
    try:
        item = item_id(_str(doc.get("id")))
    except ValueError:
        return None
    origin = doc.get("origin")
    stream = _str(origin.get("streamId")) if isinstance(origin, dict) else ""
    if not stream:
        return None
    states = [c for c in _list(doc.get("categories")) if isinstance(c, str)]
    labels = [c.split("/label/", 1)[1] for c in states if "/label/" in c]
    summary = _content(doc.get("summary"))
    content = _content(doc.get("content")) or summary
    author = clean_line(_str(doc.get("author")), LINE_LIMIT)
    article = ParsedArticle(
        guid=f"tag:google.com,2005:reader/item/{item:016x}",
        link=_link(doc),
        title=clean_line(_str(doc.get("title")), LINE_LIMIT),
        authors=[author] if author else [],
        published=_epoch(doc.get("published")),
        updated=_epoch(doc.get("updated")),
        summary="" if summary == content else summary,
        content=content,
        content_type="html",
        categories=unique(clean_line(label, LINE_LIMIT) for label in labels),
        enclosures=_enclosures(doc),
    )
    return RemoteItem(
        item=item,
        stream_id=stream,
        article=article,
        read=any(c.endswith(READ_SUFFIX) for c in states),
        starred=any(c.endswith(STARRED_SUFFIX) for c in states),
    )


def _content(value: Any) -> str:
    if isinstance(value, dict):
        return clean_text(_str(value.get("content")), BODY_LIMIT)
    return ""


def _link(doc: dict[str, Any]) -> str | None:
    for key in ("canonical", "alternate"):
        for ref in _list(doc.get(key)):
            if isinstance(ref, dict):
                url = clean_url(_str(ref.get("href")))
                if url:
                    return url
    return None


def _enclosures(doc: dict[str, Any]) -> list[Enclosure]:
    found: list[Enclosure] = []
    for enc in _list(doc.get("enclosure"))[:MAX_PER_ENTRY]:
        if not isinstance(enc, dict):
            continue
        url = clean_url(_str(enc.get("href")))
        if not url or any(e.url == url for e in found):
            continue
        length = enc.get("length")
        if isinstance(length, str) and length.isdigit() and len(length) < 19:
            length = int(length)
        size = (
            length
            if isinstance(length, int) and not isinstance(length, bool) and length > 0
            else None
        )
        found.append(Enclosure(url, clean_line(_str(enc.get("type")), 255) or None, size))
    return found


def _epoch(value: Any) -> int | None:
    if isinstance(value, str) and value.isdigit() and len(value) < 12:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**40:
        return value
    return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
