"""bytes -> ParsedFeed: JSON Feed through our own reader, everything else through feedparser.

The body is untrusted: xml_prep.py makes XML safe for feedparser before it sees it, and
every string that leaves this module has passed through `sanitize`.
"""

from __future__ import annotations

import calendar
import io
import re
import xml.sax
from typing import Any

from tui_reader.engine.errors import ParseError
from tui_reader.engine.jsonfeed import parse_json_feed
from tui_reader.engine.limits import (
    BODY_LIMIT,
    LINE_LIMIT,
    MAX_BYTES,
    MAX_ENTRIES,
    MAX_PER_ENTRY,
    absolute_url,
    unique,
)
from tui_reader.engine.models import Enclosure, ParsedArticle, ParsedFeed
from tui_reader.engine.parse_fast import parse_fast
from tui_reader.engine.sanitize import clean_lang, clean_line, clean_text, html_to_plain
from tui_reader.engine.xml_prep import fix_char_refs, load_feedparser, strip_dtd, to_utf8

__all__ = ["MAX_BYTES", "ParseError", "parse_feed"]

_JSON_TYPES = ("application/feed+json", "application/json")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_LEADING_SPACE = re.compile(rb"[ \t\r\n]*(?:\xef\xbb\xbf)?[ \t\r\n]*")
_LOOKS_HTML = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_SAX_POSITION = re.compile(r"^<unknown>:(\d+):\d+: ")
_HEAD = 65536  # bytes searched for <skipHours>
_SKIP_HOURS = re.compile(rb"<skipHours\b[^>]*>(.{0,2000}?)</skipHours>", re.DOTALL | re.IGNORECASE)
_HOUR = re.compile(rb"<hour\b[^>]*>\s*(\d{1,2})\s*</hour>", re.IGNORECASE)


def parse_feed(
    body: bytes,
    url: str = "",
    content_type: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    fast: bool = True,
) -> ParsedFeed:
    """Parse a fetched document into a feed; ParseError (with a short reason) if it is none.

    `fast=False` skips the fast path (parse_fast.py): the differential test's reference."""
    if len(body) > max_bytes:
        raise ParseError(
            f"document too large ({len(body) // 1_000_000} MB; the limit is "
            f"{max_bytes // 1_000_000} MB)"
        )
    # The pattern matches the empty string, so there is always a match.
    start = _LEADING_SPACE.match(body).end()  # type: ignore[union-attr]
    head = body[start : start + 1]
    if not head:
        raise ParseError("not a feed: empty document")
    ctype = (content_type or "").split(";")[0].strip().lower()
    if head == b"{" or (ctype in _JSON_TYPES and head != b"<"):
        return parse_json_feed(body, base_url=url)
    return _parse_xml(body, url, content_type, fast)


def _parse_xml(body: bytes, url: str, content_type: str | None, fast: bool) -> ParsedFeed:
    feedparser = load_feedparser()
    data, encoding_warning = to_utf8(body, content_type)
    looks_html = bool(_LOOKS_HTML.search(data, 0, 4096))
    data = fix_char_refs(strip_dtd(data))
    # A clean, common document goes the fast path; feedparser reads whatever it declines.
    if fast and encoding_warning is None and (quick := parse_fast(data)) is not None:
        return _result_to_feed(quick, url, None, data)
    # No content-location: feedparser would then also "resolve" guids, which must not
    # change when a feed moves; relative links are joined in absolute_url instead.
    headers = {"content-type": "application/xml; charset=utf-8"}
    try:
        result = feedparser.parse(
            io.BytesIO(data),
            sanitize_html=False,
            resolve_relative_uris=False,
            response_headers=headers,
        )
    except MemoryError:
        raise ParseError("document needs too much memory to parse; skipped") from None
    except RecursionError:
        raise ParseError("document nested too deeply to parse; skipped") from None
    except Exception as exc:  # feedparser has many ways to fail on hostile input
        raise ParseError(f"not a feed: parser failed ({type(exc).__name__})") from None
    entries = result.get("entries") or []
    problem = _bozo_reason(result)
    if not entries and not result.get("version"):
        # Nothing recognisable; a known feed type with no entries (even a damaged one) is
        # still a feed, and comes back with its title and the warning.
        if looks_html:
            raise ParseError("not a feed: got an HTML page")
        if problem:
            raise ParseError(f"not a feed: could not parse XML ({problem})")
        raise ParseError("not a feed: no RSS, Atom or JSON Feed found")
    return _result_to_feed(result, url, problem or encoding_warning, data)


def _result_to_feed(
    result: dict[str, Any], url: str, warning: str | None, data: bytes
) -> ParsedFeed:
    """feedparser's result (or the fast path's, under the same names) as our ParsedFeed."""
    entries = result.get("entries") or []
    feed = result.get("feed") or {}
    base = url if url.lower().startswith(("http://", "https://")) else ""
    articles = [_article(entry, base) for entry in entries[:MAX_ENTRIES]]
    lang = clean_lang(feed.get("language"))
    for art in articles:
        if art.lang == lang:
            # Inherited from the feed (an Atom feed's xml:lang): kept once, with the feed, so
            # the articles cached before languages were read keep their digest (upsert.py).
            art.lang = None
    return ParsedFeed(
        title=_title(feed),
        site_url=absolute_url(feed.get("link"), base),
        kind=_kind(result.get("version") or ""),
        articles=articles,
        warning=warning,
        ttl=_ttl(feed.get("ttl")),
        skip_hours=_skip_hours(data),
        lang=lang,
    )


def _ttl(value: Any) -> int | None:
    """RSS <ttl>: minutes, a whole positive number (anything else is ignored)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 10**6 else None


def _skip_hours(data: bytes) -> frozenset[int]:
    """RSS <skipHours>: feedparser keeps only its last <hour>, so the channel's own list is
    read here, from before the first item (a channel element, never an item's)."""
    head = data[: data.find(b"<item")] if b"<item" in data[:_HEAD] else data[:_HEAD]
    found = _SKIP_HOURS.search(head)
    if not found:
        return frozenset()
    hours = (int(h) for h in _HOUR.findall(found.group(1))[:24])
    return frozenset(h for h in hours if 0 <= h < 24)


def _bozo_reason(result: dict[str, Any]) -> str | None:
    """feedparser's complaint about the XML in a short line, or None if it was well-formed."""
    if not result.get("bozo"):
        return None
    exc = result.get("bozo_exception")
    if exc is None:
        return "not well-formed"
    from feedparser.exceptions import ThingsNobodyCaresAboutButMe

    if isinstance(exc, ThingsNobodyCaresAboutButMe):
        return None  # encoding guesses: reported by _to_utf8, not a parse problem
    text = str(exc)
    if isinstance(exc, xml.sax.SAXParseException):
        m = _SAX_POSITION.match(text)
        if m:
            text = f"{text[m.end() :]} at line {m.group(1)}"
    return clean_line(text, 160) or type(exc).__name__


def _kind(version: str) -> str:
    for prefix in ("atom", "rss", "cdf"):
        if version.startswith(prefix):
            return prefix
    return version


def _title(node: dict[str, Any]) -> str:
    """A title as plain text; feedparser hands over markup when the feed says it is HTML."""
    title = node.get("title") or ""
    if not isinstance(title, str):
        return ""
    detail = node.get("title_detail") or {}
    if detail.get("type") in _HTML_TYPES and ("<" in title or "&" in title):
        title = html_to_plain(title)
    return clean_line(title, LINE_LIMIT)


def _article(entry: dict[str, Any], base: str) -> ParsedArticle:
    content, content_type, lang = _content(entry)
    summary = entry.get("summary")
    summary = clean_text(summary, BODY_LIMIT) if isinstance(summary, str) else ""
    detail = entry.get("summary_detail") or {}
    if not content and summary:
        content_type = "text" if detail.get("type") == "text/plain" else "html"
    if not content:
        lang = detail.get("language")
    return ParsedArticle(
        guid=clean_line(entry.get("id"), LINE_LIMIT) or None,
        link=_link(entry, base),
        title=_title(entry),
        authors=_authors(entry),
        published=_epoch(entry.get("published_parsed")),
        # dict.get: FeedParserDict answers "updated" with "published" when there is none
        updated=_epoch(dict.get(entry, "updated_parsed")),
        summary=summary,
        content=content,
        content_type=content_type,
        categories=unique(clean_line(_tag(t), LINE_LIMIT) for t in entry.get("tags") or []),
        enclosures=_enclosures(entry, base, duration(entry.get("itunes_duration"))),
        # The xml:lang in force on its body (feedparser passes an enclosing element's
        # down, the feed's too: _result_to_feed drops that one), else its title's.
        lang=clean_lang(lang or (entry.get("title_detail") or {}).get("language")),
    )


def _content(entry: dict[str, Any]) -> tuple[str, str, str | None]:
    """The longest HTML content, else the longest plain-text one; with its xml:lang."""
    html: list[tuple[str, Any]] = []
    text: list[tuple[str, Any]] = []
    for item in entry.get("content") or []:
        value = item.get("value") if isinstance(item, dict) else None
        if not isinstance(value, str) or not value:
            continue
        kind = item.get("type") or "text/html"
        if kind in _HTML_TYPES:
            html.append((value, item.get("language")))
        elif kind == "text/plain":
            text.append((value, item.get("language")))
    for found, ctype in ((html, "html"), (text, "text")):
        if found:
            value, lang = max(found, key=lambda pair: len(pair[0]))
            return clean_text(value, BODY_LIMIT), ctype, lang
    return "", "html", None


def _link(entry: dict[str, Any], base: str) -> str | None:
    """The entry's web page: a rel=alternate HTML link if there is one."""
    alternates = [
        link
        for link in entry.get("links") or []
        if isinstance(link, dict) and link.get("rel", "alternate") == "alternate"
    ]
    for link in alternates:
        html_type = link.get("type") in (None, "", "text/html", "application/xhtml+xml")
        if html_type and (url := absolute_url(link.get("href"), base)):
            return url
    for candidate in [entry.get("link")] + [link.get("href") for link in alternates]:
        if url := absolute_url(candidate, base):
            return url
    return None


def _authors(entry: dict[str, Any]) -> list[str]:
    names: list[str | None] = []
    for detail in entry.get("authors") or []:
        if isinstance(detail, dict):
            names.append(detail.get("name") or detail.get("email"))
    if not any(names):
        names.append(entry.get("author"))
    return unique(clean_line(n, LINE_LIMIT) for n in names if isinstance(n, str))


def _tag(tag: Any) -> str | None:
    if not isinstance(tag, dict):
        return None
    return tag.get("term") or tag.get("label")


def _enclosures(entry: dict[str, Any], base: str, seconds: int | None) -> list[Enclosure]:
    found: list[Enclosure] = []
    seen: set[str] = set()
    candidates = [(e, "href") for e in entry.get("enclosures") or []]
    candidates += [(m, "url") for m in entry.get("media_content") or []]
    for item, key in candidates:
        if not isinstance(item, dict):
            continue
        url = absolute_url(item.get(key), base)
        if not url or url in seen:
            continue
        seen.add(url)
        kind = clean_line(item.get("type"), 255) or None
        found.append(Enclosure(url=url, type=kind, length=_length(item), duration=seconds))
        if len(found) >= MAX_PER_ENTRY:
            break
    return found


_MAX_DURATION = 100 * 24 * 3600  # longer than any recording: a typo or garbage


def duration(value: Any) -> int | None:
    """Seconds of an itunes:duration: "3723", "62:03" or "1:02:03" (fractions dropped);
    None for anything else."""
    if not isinstance(value, str) or not value.strip() or len(value) > 20:
        return None
    parts = value.strip().split(".")[0].split(":")
    if len(parts) > 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds if 0 < seconds <= _MAX_DURATION else None


def _length(item: dict[str, Any]) -> int | None:
    raw = item.get("length") or item.get("filesize") or item.get("fileSize")
    if isinstance(raw, str):
        raw = raw.strip()
        if raw.isascii() and raw.isdigit() and len(raw) <= 18:
            return int(raw) or None
    return None


def _epoch(value: Any) -> int | None:
    try:
        return calendar.timegm(value) if value else None
    except (TypeError, ValueError, OverflowError):
        return None
