"""Before subscribing: is this URL a feed, and if it is a web page, which feed does it offer?

`check_feeds` fetches each URL with the ordinary fetcher and parses it in the parse pool. An
HTML page is searched for its feeds: `<link rel="alternate">` with a feed type (resolved
against the page), then the common paths (/feed, /rss, ...); the first that parses wins.
The page is read with the stdlib HTML parser, and only its first MAX_PAGE bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from tui_reader.engine.errors import ParseError
from tui_reader.engine.models import FetchResult, ParsedFeed

if TYPE_CHECKING:
    import httpx

    from tui_reader.engine.fetch import FetchLimits
    from tui_reader.engine.parse_pool import ParsePool

MAX_PAGE = 512 * 1024  # feed links sit in <head>; a page this long has shown them already
MAX_LINKS = 8  # a page that lists more is a directory, not a site offering its feed
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/rdf+xml",
    }
)
COMMON_PATHS = ("/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(slots=True)
class Checked:
    """What checking one URL found: a feed to subscribe to, or why there is none."""

    url: str  # the URL asked about
    feed_url: str | None = None  # the feed to subscribe to (`url` itself, or one found on it)
    result: FetchResult | None = None  # the feed's fetch, to store without fetching again
    parsed: ParsedFeed | None = None
    error: str | None = None  # one line for people when there is no feed

    @property
    def discovered(self) -> bool:
        return self.feed_url is not None and self.feed_url != self.url


def feed_links(page: bytes, page_url: str) -> list[str]:
    """The http(s) feed URLs a page announces with <link rel="alternate" type=...>."""
    finder = _LinkFinder(page_url)
    with contextlib.suppress(_Enough):
        finder.feed(page[:MAX_PAGE].decode("utf-8", errors="replace"))
    return finder.found


def candidates(page: bytes, page_url: str) -> list[str]:
    """Feed URLs to try for a page, best first: its announced feeds, then the common paths."""
    found = feed_links(page, page_url) + [urljoin(page_url, p) for p in COMMON_PATHS]
    return [u for u in dict.fromkeys(found) if u != page_url]


def looks_like_html(result: FetchResult) -> bool:
    ctype = (result.content_type or "").split(";")[0].strip().lower()
    head = (result.body or b"")[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return ctype in _HTML_TYPES or head.startswith((b"<!doctype html", b"<html"))


async def check_feed(
    client: httpx.AsyncClient,
    pool: ParsePool,
    url: str,
    fetch_as: str,
    limits: FetchLimits,
    parse_timeout: float = 20.0,
) -> Checked:
    """Fetch and parse `url` (read from `fetch_as`, e.g. a bundled file); on an HTML page,
    look for the feed it offers."""
    from tui_reader.engine.fetch import fetch_feed, is_local

    result = await fetch_feed(client, fetch_as, limits=limits)
    if result.error:
        return Checked(url, error=result.error)
    try:
        parsed = await _parse(pool, url, result, parse_timeout)
    except ParseError as exc:
        first = str(exc)
    else:
        return Checked(url, feed_url=url, result=result, parsed=parsed)
    if is_local(fetch_as) or not looks_like_html(result) or not result.body:
        return Checked(url, error=first)
    page = result.new_url or url
    tries = candidates(result.body, page)
    # All at once (each bounded by the fetch limits): a site answering slowly costs one
    # timeout, not one per common path. The best candidate that parses wins.
    fetched = await asyncio.gather(*(fetch_feed(client, u, limits=limits) for u in tries))
    for candidate, found in zip(tries, fetched, strict=True):
        if found.error or not found.body:
            continue
        try:
            parsed = await _parse(pool, candidate, found, parse_timeout)
        except ParseError:
            continue
        return Checked(url, feed_url=candidate, result=found, parsed=parsed)
    return Checked(url, error="a web page that offers no feed")


async def _parse(
    pool: ParsePool, url: str, result: FetchResult, parse_timeout: float
) -> ParsedFeed:
    if result.body is None:
        raise ParseError("not a feed: empty document")
    return await pool.parse(result.body, url, result.content_type, timeout=parse_timeout)


class _Enough(Exception):
    """Raised inside the HTML parser once the page has named MAX_LINKS feeds."""


class _LinkFinder(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = page_url
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "base" and values.get("href"):
            self.base = urljoin(self.base, values["href"])
            return
        if tag != "link" or "alternate" not in values.get("rel", "").lower().split():
            return
        kind = values.get("type", "").split(";")[0].strip().lower()
        href = values.get("href", "")
        if kind not in FEED_TYPES or not href:
            return
        url = urljoin(self.base, href)
        if urlsplit(url).scheme in ("http", "https") and url not in self.found:
            self.found.append(url)
            if len(self.found) >= MAX_LINKS:
                raise _Enough


def check_feeds(
    urls: list[str], limits: FetchLimits, jobs: int = 8, parse_timeout: float = 20.0
) -> list[Checked]:
    """`check_feed` for each URL at once, in one client and one parse pool."""
    from tui_reader.engine.fetch import make_client
    from tui_reader.engine.parse_pool import ParsePool
    from tui_reader.engine.refresh import fetch_url

    async def run() -> list[Checked]:
        async with make_client(limits, max_connections=max(1, jobs)) as client, ParsePool() as pool:
            checks = (
                check_feed(client, pool, u, fetch_url(u), limits, parse_timeout) for u in urls
            )
            return list(await asyncio.gather(*checks))

    return asyncio.run(run())
