"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1) -> ParsedFeed.

Also reads "RSS in JSON" (scripting.com's rss.json), mapped onto JSON Feed names. Every field
is type-checked: a field of the wrong type is skipped, never a crash. Strings go through
`sanitize` like those of the XML path, with the same caps.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from tui_reader.engine.errors import ParseError
from tui_reader.engine.limits import BODY_LIMIT, LINE_LIMIT, MAX_PER_ENTRY, absolute_url, unique
from tui_reader.engine.models import Enclosure, ParsedArticle, ParsedFeed
from tui_reader.engine.sanitize import clean_lang, clean_line, clean_text

__all__ = ["parse_json_feed"]

_ITEMS_START = re.compile(r'"items"\s*:\s*\[\s*')
_ITEM_SEPARATOR = re.compile(r"\s*,?\s*")
_TOP_STRING = re.compile(r'"(title|home_page_url)"\s*:\s*("(?:[^"\\]|\\.)*")')


def parse_json_feed(body: bytes, max_items: int = 10_000, *, base_url: str = "") -> ParsedFeed:
    """Parse a JSON Feed; ParseError if the body is not JSON or not a JSON Feed object.

    `base_url` (the feed's own URL) resolves relative item and attachment URLs.
    """
    text = body.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    warning = None
    try:
        doc = json.loads(text, parse_int=_small_int, strict=False)  # tolerate raw tabs etc.
    except RecursionError:
        raise ParseError("not a feed: JSON nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError is a ValueError
        doc = _salvage(text)
        if doc is None:
            raise ParseError(f"not a feed: invalid JSON ({_reason(exc)})") from None
        warning = f"invalid JSON ({_reason(exc)}); {len(doc['items'])} items recovered"
    if isinstance(doc, dict) and isinstance(doc.get("rss"), dict):
        doc = _from_rss_in_json(doc["rss"])
    if not isinstance(doc, dict) or not ("items" in doc or "version" in doc):
        raise ParseError("not a feed: JSON, but not a JSON Feed")

    home = absolute_url(_str(doc.get("home_page_url")), "")
    base = base_url if base_url.lower().startswith(("http://", "https://")) else ""
    base = base or _http(home) or _http(absolute_url(_str(doc.get("feed_url")), ""))
    feed_authors = _authors(doc)
    items = doc.get("items")
    articles = []
    for item in items[:max_items] if isinstance(items, list) else []:
        if isinstance(item, dict):
            articles.append(_article(item, feed_authors, base))
    lang = clean_lang(doc.get("language"))  # JSON Feed 1.1; an item's own only if it differs
    for art in articles:
        art.lang = None if art.lang == lang else art.lang
    return ParsedFeed(
        title=_title(doc),
        site_url=absolute_url(home, base),
        kind="json",
        articles=articles,
        warning=warning,
        lang=lang,
    )


def _article(item: dict[str, Any], feed_authors: list[str], base: str) -> ParsedArticle:
    markup = _str(item.get("content_html"))
    plain = _str(item.get("content_text"))
    raw_id = item.get("id")
    if isinstance(raw_id, int | float) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)  # 1.0 feeds in the wild use numbers
    return ParsedArticle(
        guid=clean_line(_str(raw_id), LINE_LIMIT) or None,
        link=absolute_url(_str(item.get("url")), base)
        or absolute_url(_str(item.get("external_url")), base),
        title=_title(item),
        authors=_authors(item) or feed_authors,  # 1.1: items inherit the feed's authors
        published=_epoch(item.get("date_published")),
        updated=_epoch(item.get("date_modified")),
        summary=clean_text(_str(item.get("summary")), BODY_LIMIT),
        content=clean_text(markup or plain, BODY_LIMIT),
        content_type="html" if markup or not plain else "text",
        categories=unique(clean_line(_str(t), LINE_LIMIT) for t in _list(item.get("tags"))),
        enclosures=_attachments(item, base),
        lang=clean_lang(item.get("language")),  # JSON Feed 1.1: the item's own
    )


def _title(node: dict[str, Any]) -> str:
    # Plain text by the spec, but publishers (WordPress above all) put entities in titles.
    title = _str(node.get("title")) or ""
    return clean_line(html.unescape(title) if "&" in title else title, LINE_LIMIT)


def _authors(node: dict[str, Any]) -> list[str]:
    """Names from 1.1 `authors`, else 1.0 `author`; an author without a name is skipped."""
    people = _list(node.get("authors")) or [node.get("author")]
    names = (clean_line(_str(p.get("name")), LINE_LIMIT) for p in people if isinstance(p, dict))
    return unique(names)


def _seconds(value: Any) -> int | None:
    """A duration_in_seconds that is a number of seconds (not NaN, Infinity or years)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if 1 <= value <= 8_640_000 else None


def _attachments(item: dict[str, Any], base: str) -> list[Enclosure]:
    found: list[Enclosure] = []
    for att in _list(item.get("attachments")):
        if not isinstance(att, dict):
            continue
        url = absolute_url(_str(att.get("url")), base)
        if not url or any(e.url == url for e in found):
            continue
        size = att.get("size_in_bytes")
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            size = None
        kind = clean_line(_str(att.get("mime_type")), 255) or None
        found.append(Enclosure(url, kind, size, _seconds(att.get("duration_in_seconds"))))
        if len(found) >= MAX_PER_ENTRY:
            break
    return found


def _epoch(value: Any) -> int | None:
    """RFC 3339 (or, leniently, RFC 822) date -> epoch seconds UTC; None if unreadable."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    value = value.strip()
    try:
        when = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # no zone given: read as UTC
    try:
        return int(when.timestamp())
    except (OverflowError, OSError, ValueError):
        return None


def _from_rss_in_json(rss: dict[str, Any]) -> dict[str, Any]:
    """An RSS 2.0 document written as JSON -> the same fields under JSON Feed names."""
    channel = rss.get("channel")
    channel = channel if isinstance(channel, dict) else {}
    raw_items = channel.get("item")
    items = []
    for item in raw_items if isinstance(raw_items, list) else [raw_items]:
        if not isinstance(item, dict):
            continue
        enclosures = item.get("enclosure")
        enclosures = enclosures if isinstance(enclosures, list) else [enclosures]
        category = item.get("category")
        items.append(
            {
                "id": item.get("guid"),
                "url": item.get("link"),
                "title": item.get("title"),
                "content_html": item.get("description"),
                "date_published": item.get("pubDate"),
                "author": {"name": item.get("author")},
                "tags": category if isinstance(category, list) else [category],
                "attachments": [
                    {
                        "url": e.get("url"),
                        "mime_type": e.get("type"),
                        "size_in_bytes": _int(e.get("length")),
                    }
                    for e in enclosures
                    if isinstance(e, dict)
                ],
            }
        )
    return {
        "title": channel.get("title"),
        "home_page_url": channel.get("link"),
        "language": channel.get("language"),
        "items": items,
    }


def _int(value: Any) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return value if isinstance(value, int) else None


def _salvage(text: str) -> dict[str, Any] | None:
    """The items of a truncated JSON Feed, read one by one up to the damage; None if none."""
    start = _ITEMS_START.search(text)
    if not start:
        return None
    decoder = json.JSONDecoder(parse_int=_small_int, strict=False)
    items: list[Any] = []
    pos = start.end()
    try:
        while pos < len(text) and text[pos] == "{":
            item, pos = decoder.raw_decode(text, pos)
            items.append(item)
            pos = _ITEM_SEPARATOR.match(text, pos).end()  # type: ignore[union-attr]
    except (ValueError, RecursionError):
        pass
    if not items:
        return None
    doc: dict[str, Any] = {"items": items}
    for m in _TOP_STRING.finditer(text, 0, start.start()):
        try:
            doc.setdefault(m.group(1), json.loads(m.group(2)))
        except ValueError:
            continue
    return doc


def _small_int(digits: str) -> int | None:
    # int() refuses over 4,300 digits with a ValueError that would sink the whole feed
    return int(digits) if len(digits) <= 40 else None


def _reason(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}"
    return clean_line(str(exc), 120)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _http(url: str | None) -> str:
    return url if url and url.lower().startswith(("http://", "https://")) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
