"""Link numbering: which hrefs become numbered links, and what a reader must be warned of."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from tui_reader.content.blocks import Link, Span
from tui_reader.engine.sanitize import clean_url, is_openable, single_line

MAX_LINKS = 999
# Links to these run code or read local data: their text shows, with no number.
_NO_LINK_SCHEMES = frozenset(
    ["javascript", "vbscript", "data", "file", "blob", "about", "filesystem", "view-source"]
)
_URL_TEXT = re.compile(r"(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[:/?#]\S*)?", re.I)
_BARE_URL = re.compile(r"(?:https?://|mailto:)[^\s<>\"“”‘’]+", re.I)


def _in_word(c: str) -> bool:
    # Letters and digits of scripts that space their words; CJK and kana do not, so a
    # mark after a linked 科学 may sit right there (moving it would skip a whole sentence).
    return c.isalnum() and not ("\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af")


def marker_at(text: str, end: int) -> int:
    """Where a link's "[n]" goes: after its text, but never inside a word, so a link over
    the first letters of one ("<a>D</a>ata", a drop cap) puts its number after the whole
    word ("Data[4]"). A longer linked word glued to the next by the page ("Madrigal</a>
    reports") keeps its number between them: there it shows where one word ends."""
    if 0 < end < len(text) and _in_word(text[end - 1]) and _in_word(text[end]):
        start = end
        while start > 0 and _in_word(text[start - 1]):
            start -= 1
        if end - start <= 2:
            while end < len(text) and _in_word(text[end]):
                end += 1
    return end


def merge_adjacent(spans: list[Span]) -> list[Span]:
    """Link spans to the same link that touch ("<a>D</a><a>ata</a>") as one."""
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if (
            last
            and span.style == last.style == "link"
            and (last.link, last.end)
            == (
                span.link,
                span.start,
            )
        ):
            out[-1] = Span(last.start, span.end, "link", span.link)
            continue
        out.append(span)
    return out


# The registrable domain ("site") without a dependency on the Public Suffix List: the last
# two labels, or three where the second-to-last is a generic second level under a country
# code ("bbc.co.uk", "abc.net.au", "nhk.or.jp"), or where the last two are a host that gives
# each customer a subdomain ("alice.github.io" and "bob.github.io" are different sites).
# It errs towards "same site" only for country second levels outside this list, so a
# warning can be missed there but is never made up for a subdomain.
_SECOND_LEVEL = frozenset(
    "co com net org gov edu ac ne or go gob gouv nic mil ltd plc sch nhs police".split()
)
_SHARED_HOSTS = frozenset(
    "github.io gitlab.io blogspot.com wordpress.com tumblr.com substack.com herokuapp.com "
    "netlify.app vercel.app pages.dev web.app firebaseapp.com azurewebsites.net "
    "cloudfront.net s3.amazonaws.com medium.com neocities.org".split()
)
# Text such as "report.pdf" or "Blanket.js" is a file name, not a host: these endings are far
# more often files than top-level domains in link text (a URL with a scheme or a path is a
# host whatever its ending).
_FILE_ENDINGS = frozenset(
    "pdf html htm php asp aspx jsp cgi jpg jpeg png gif webp svg bmp tif tiff mp3 mp4 m4a "
    "mov avi mkv webm wav ogg flac zip gz tgz tar rar 7z exe dmg msi apk deb rpm iso doc docx "
    "xls xlsx ppt pptx odt ods txt csv json xml yaml yml js mjs ts css py rb java c h cpp rs "
    "go md rst ini cfg log epub torrent".split()
)


def site(name: str) -> str:
    """The registrable part of a host name: "cooking.nytimes.com" -> "nytimes.com"."""
    labels = name.lower().rstrip(".").split(".")
    keep = 2
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        keep = 3
    elif ".".join(labels[-2:]) in _SHARED_HOSTS or ".".join(labels[-3:]) in _SHARED_HOSTS:
        keep = 3 + (".".join(labels[-3:]) in _SHARED_HOSTS)
    return ".".join(labels[-keep:])


def shown_host(text: str) -> str:
    """The host a link's visible text names ("PayPal.com", "https://x.org/a"), or ""."""
    m = _URL_TEXT.fullmatch(text)
    if m is None:
        return ""
    name = m.group(1).lower().removeprefix("www.")
    bare = text == m.group(1)  # no scheme, no path: "setup.exe" may be a file
    if bare and name.rsplit(".", 1)[-1] in _FILE_ENDINGS:
        return ""
    return name


def host(url: str) -> str:
    """The host without "www.", or "" when there is none."""
    try:
        name = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return name.removeprefix("www.")


@dataclass(slots=True)
class Pending:
    """A link or a media placeholder in a block's text, numbered when the block ends (so
    numbers run in reading order). `label` is None for a link; a placeholder's label is the
    link text for its entry, and it may have no URL (a data: image), hence no number."""

    url: str | None
    start: int
    end: int
    label: str | None = None


class LinkTable:
    """Numbers links in reading order; the same URL keeps its first number."""

    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = base_url or None  # the article's link: stored, so clean
        self.links: list[Link] = []
        self._by_url: dict[str, int] = {}

    def resolve(self, href: str | None) -> str | None:
        """An absolute URL worth numbering, or None for fragments and script-like links."""
        href = clean_url(href)  # entity-decoded by the HTML parser: the boundary
        if not href or href.startswith("#"):
            return None
        try:
            url = urljoin(self.base_url, href) if self.base_url else href
            scheme = urlsplit(url).scheme.lower()
        except ValueError:
            return None
        if not scheme or scheme in _NO_LINK_SCHEMES:
            return None
        return url

    def number(self, url: str, text: str) -> int:
        """The link's number (0 when there are too many to number)."""
        if url in self._by_url:
            return self._by_url[url]
        if len(self.links) >= MAX_LINKS:
            return 0
        text = single_line(text, limit=200)
        # Visible text that names a site ("paypal.com") must not hide where the link goes.
        shown = shown_host(text)
        real = host(url)
        mismatch = real if shown and real and site(shown) != site(real) else None
        self.links.append(Link(len(self.links) + 1, url, text, is_openable(url), mismatch))
        self._by_url[url] = len(self.links)
        return len(self.links)

    def linkify(self, text: str) -> list[Span]:
        """Link spans for the bare URLs in plain text."""
        spans = []
        for m in _BARE_URL.finditer(text):
            url = m.group().rstrip(".,;:!?'")
            if url.endswith(")") and url.count("(") < url.count(")"):
                url = url[:-1]
            number = self.number(url, url)
            if number:
                spans.append(Span(m.start(), m.start() + len(url), "link", number))
        return spans

    def number_pending(self, text: str, pending: list[Pending]) -> list[Span]:
        """Spans for a block's links and placeholders, numbered in the order their numbers
        show ("[image 3: …]" near its start, "text[4]" at its end). A link around nothing
        but a placeholder makes one entry: the placeholder, going where the link goes."""
        placed = {(p.start, p.end): p for p in pending if p.label is not None}
        links = []
        for p in pending:
            if p.label is None:
                piece = text[p.start : p.end]
                start = p.start + len(piece) - len(piece.lstrip())
                end = p.start + len(piece.rstrip())
                if (start, end) in placed:
                    placed[start, end].url = p.url
                elif end > start:
                    links.append((end, p, text[start:end]))
        shown = [(p.start, p, p.label or "") for p in placed.values()] + links
        spans = []
        for _, p, label in sorted(shown, key=lambda item: item[0]):
            number = self.number(p.url, label) if p.url else 0
            if p.label is not None:
                spans.append(Span(p.start, p.end, "image", number))
            elif number:
                spans.append(Span(p.start, p.end, "link", number))
        return spans
