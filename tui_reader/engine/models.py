"""Plain data that flows fetch -> parse -> store -> query -> content -> UI.

The cleaning rule is `engine.sanitize`'s (its docstring says it in full): text from outside
is cleaned once, where it enters. Every feed string in these classes was cleaned by the
parser that made it; the store writes only parser output and does not clean what it reads
back, so what it returns is clean too. Later layers never clean these strings again, and
never treat them as markup (widgets get `Text` built from them, never a markup string).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

FULL_TEXT_MODES = ("auto", "always", "never")  # a feed's full_text: when to fetch its pages


@dataclass(frozen=True, slots=True)
class Enclosure:
    url: str
    type: str | None = None
    length: int | None = None
    duration: int | None = None  # seconds (itunes:duration, JSON Feed duration_in_seconds)


@dataclass(frozen=True, slots=True)
class EnclosureState:
    """What the user did with an enclosure: played (epoch seconds), downloaded (a path);
    and, not stored but read from the download folder and this process, the bytes of a
    stopped download's .part and whether a download of it is running now."""

    played_at: int | None = None
    file: str | None = None
    bytes: int | None = None
    kept: int = 0
    downloading: bool = False


@dataclass(slots=True)
class ParsedArticle:
    """One entry as the parser read it, before it has a database id."""

    guid: str | None = None
    link: str | None = None
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: int | None = None  # epoch seconds, UTC
    updated: int | None = None
    summary: str = ""  # HTML or text as given (sanitised)
    content: str = ""  # HTML or text as given (sanitised)
    content_type: str = "html"  # "html" or "text"
    categories: list[str] = field(default_factory=list)
    enclosures: list[Enclosure] = field(default_factory=list)
    lang: str | None = None  # the entry's own declared language (xml:lang, JSON Feed), BCP 47

    @property
    def key(self) -> str:
        """Stable identity inside a feed: guid, else link, else a hash of title+content."""
        if self.guid:
            return "g:" + self.guid
        if self.link:
            return "l:" + self.link
        digest = hashlib.sha1((self.title + "\x00" + (self.content or self.summary)).encode())
        return "h:" + digest.hexdigest()


@dataclass(frozen=True, slots=True)
class StoredForm:
    """An article's columns as the store writes them (upsert.stored_form): made in the parse
    worker, so the cache's one writer thread only writes. Derived data, never input."""

    digest: str
    summary: bytes | None  # compressed; None when empty or equal to the content
    content: bytes | None
    authors: str  # JSON
    categories: str  # JSON
    enclosures: str  # JSON
    index: tuple[str, str, str]  # title, authors, body as the full-text index gets them


@dataclass(slots=True)
class ParsedFeed:
    """A parsed document: feed-level fields plus its entries."""

    title: str = ""
    site_url: str | None = None
    kind: str = ""  # "rss", "atom", "json", ...
    articles: list[ParsedArticle] = field(default_factory=list)
    warning: str | None = None  # e.g. feedparser's bozo reason when entries were still recovered
    ttl: int | None = None  # RSS <ttl>: minutes the feed may be cached
    skip_hours: frozenset[int] = frozenset()  # RSS <skipHours>: hours (UTC) not to poll in
    # One per article when the parse worker made them; a bare digest stands for an article
    # the cache already holds unchanged (upsert.with_forms), whose columns are not needed.
    forms: list[StoredForm | str] | None = None
    lang: str | None = None  # the feed's declared language (<language>, xml:lang), BCP 47


@dataclass(slots=True)
class Feed:
    id: int
    url: str
    title: str = ""
    site_url: str | None = None
    folder: str | None = None  # OPML folder / tag
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: int | None = None  # epoch seconds
    last_error: str | None = None
    failures: int = 0
    gone: bool = False
    retry_after: int | None = None  # epoch seconds before which we should not fetch again
    unread: int = 0
    total: int = 0
    full_text: str = "auto"  # fetch article pages: "auto" (when truncated) | "always" | "never"
    tags: list[str] = field(default_factory=list)  # the user's; its articles have them too
    hide_from_all: bool = False  # left out of All and Unread (and their counts)
    refresh_interval: int | None = None  # seconds between refreshes; None: the global one
    next_due: int | None = None  # epoch seconds before which a polite refresh skips it

    @property
    def display_title(self) -> str:
        return self.title or self.url


@dataclass(slots=True)
class ArticleRow:
    """What one line of the article list needs; cheap to load by the page."""

    id: int
    feed_id: int
    feed_title: str
    title: str
    date: int | None  # published, else updated, else first seen
    read: bool
    starred: bool
    tags: list[str] = field(default_factory=list)  # its own tags and its feed's


@dataclass(slots=True)
class Article:
    """A whole cached article."""

    id: int
    feed_id: int
    feed_title: str
    key: str
    link: str | None
    title: str
    authors: list[str]
    published: int | None
    updated: int | None
    summary: str
    content: str
    content_type: str
    categories: list[str]
    enclosures: list[Enclosure]
    read: bool
    starred: bool
    first_seen: int
    full_html: str | None = None  # the page's extracted, sanitised body; None when none
    full_error: str | None = None  # why the last page fetch failed, one line
    full_fetched: int | None = None  # epoch seconds of the last page fetch that worked
    tags: list[str] = field(default_factory=list)  # the user's tags on this article
    feed_tags: list[str] = field(default_factory=list)  # the tags it has from its feed
    enclosure_state: dict[str, EnclosureState] = field(default_factory=dict)  # url -> state
    lang: str | None = None  # the entry's declared language (BCP 47), None when it gave none
    feed_lang: str | None = None  # its feed's declared language
    feed_full_text: str = "auto"  # its feed's full-text mode (FULL_TEXT_MODES)
    page_lang: str | None = None  # its page's (<html lang>), when the full text was fetched

    def declared_lang(self, *, full_text: bool = True) -> str | None:
        """The language the article says it is in: the page's (when its full text is what
        is read), else the entry's, else the feed's; None when none was declared."""
        return (self.page_lang if full_text else None) or self.lang or self.feed_lang

    @property
    def date(self) -> int:
        return self.published or self.updated or self.first_seen

    @property
    def body(self) -> str:
        """The fullest text we have: content, else summary."""
        return self.content or self.summary


@dataclass(slots=True)
class FetchResult:
    """What fetching one feed produced; `body` is None when nothing new arrived."""

    url: str
    status: int | None = None  # HTTP status; None for local files and network errors
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    new_url: str | None = None  # permanent redirect target (301/308) to store
    not_modified: bool = False
    gone: bool = False  # 410
    retry_after: int | None = None  # epoch seconds
    error: str | None = None  # one short line for people
    fresh_until: int | None = None  # epoch seconds: Cache-Control max-age or Expires


@dataclass(slots=True)
class FeedUpdate:
    """The outcome of refreshing one feed, for progress lines and summaries."""

    feed_id: int
    url: str
    title: str
    new: int = 0
    updated: int = 0
    not_modified: bool = False
    error: str | None = None
    page_ids: list[int] = field(default_factory=list)  # articles whose pages are due
    image_ids: list[int] = field(default_factory=list)  # new or changed articles with <img>


@dataclass(frozen=True, slots=True)
class PageJob:
    """One article page to fetch, and what its feed says about the article."""

    article_id: int
    title: str
    link: str | None
    feed_url: str
    summary: str  # the feed's body (HTML or text): anchors the extraction
    author: str


@dataclass(frozen=True, slots=True)
class PageUpdate:
    """The outcome of fetching one article's page: `ok`, or the one-line `error`."""

    article_id: int
    title: str
    ok: bool
    error: str | None = None


@dataclass(slots=True)
class RefreshSummary:
    updates: list[FeedUpdate] = field(default_factory=list)
    pages: list[PageUpdate] = field(default_factory=list)
    skipped: int = 0  # feeds not due (gone, asked to wait, their interval not passed)
    cleaned: int = 0
    """Read articles removed afterwards by the [retention] limits (only when set)."""

    @property
    def pages_fetched(self) -> int:
        return sum(1 for p in self.pages if p.ok)

    @property
    def pages_failed(self) -> int:
        return sum(1 for p in self.pages if not p.ok)

    @property
    def new(self) -> int:
        return sum(u.new for u in self.updates)

    @property
    def not_modified(self) -> int:
        return sum(1 for u in self.updates if u.not_modified)

    @property
    def failed(self) -> list[FeedUpdate]:
        return [u for u in self.updates if u.error]

    def line(self) -> str:
        parts = [plural(len(self.updates), "feed"), plural(self.new, "new article")]
        if self.pages:
            parts.append(f"{plural(self.pages_fetched, 'page')} fetched")
            parts.append(f"{self.pages_failed} failed")
        parts.append(f"{self.not_modified} not modified")
        parts.append(f"{len(self.failed)} failed")
        if self.skipped:
            parts.append(f"{self.skipped} not due yet")
        if self.cleaned:
            parts.append(f"{plural(self.cleaned, 'old article')} cleaned up")
        return ", ".join(parts)


def plural(n: int, noun: str) -> str:
    """`1 feed`, `2 feeds`: counts in messages read as English (nouns here take an s)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def size_text(n: int) -> str:
    """A byte count for people: `20 MB`, `512 KB`."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"
