"""The differential test of the fast path (engine/parse_fast.py) against feedparser's path.

Over every XML file of the shared corpus: wherever the fast path accepts a document, what
parse_feed hands the store (titles, links, keys, dates, authors, sanitised text, enclosures,
categories, the feed's own title and link) is exactly what feedparser's path gives. A class of
documents where they differ must be declined by the fast path, not "mostly right".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.test_corpus_parse import SOURCES, corpus_files
from tests.shared import CORPUS
from tui_reader.engine.errors import ParseError
from tui_reader.engine.models import ParsedFeed
from tui_reader.engine.parse import parse_feed
from tui_reader.engine.parse_fast import parse_fast
from tui_reader.engine.xml_prep import fix_char_refs, strip_dtd, to_utf8


def fast_accepts(body: bytes) -> bool:
    """Whether parse_feed takes the fast path for `body` (the same steps, in its order)."""
    if body.lstrip()[:1] in (b"{", b""):
        return False
    try:
        data, warning = to_utf8(body, None)
        data = fix_char_refs(strip_dtd(data))
    except ParseError:
        return False
    return warning is None and parse_fast(data) is not None


def stored(feed: ParsedFeed) -> tuple[object, ...]:
    """Everything of a parsed feed the store keeps, keys included."""
    return (feed, [a.key for a in feed.articles])


def both(body: bytes, url: str) -> tuple[object, object]:
    results = []
    for fast in (True, False):
        try:
            results.append(stored(parse_feed(body, url, fast=fast)))
        except ParseError as exc:
            results.append(str(exc))
    return results[0], results[1]


@pytest.mark.skipif(not SOURCES, reason="corpus not present")
def test_fast_path_stores_what_feedparser_stores_for_every_corpus_file() -> None:
    accepted = 0
    differ: list[str] = []
    for source in SOURCES:
        for path in corpus_files(source):
            body = path.read_bytes()
            if not fast_accepts(body):
                continue
            accepted += 1
            name = str(path.relative_to(CORPUS))
            fast, reference = both(body, "https://example.com/" + name)
            if fast != reference:
                differ.append(name)
    assert differ == []
    # The fast path must really be taken: about a quarter of the corpus is plain enough.
    assert accepted >= 1000


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Example Feed</title><link>https://example.com/</link><description>d</description>
<item><title>First \xc3\xa9t\xc3\xa9</title><link>https://example.com/1</link>
<guid isPermaLink="false">id-1</guid><pubDate>Sun, 01 Jun 2025 12:00:00 +0200</pubDate>
<dc:creator>Jane Doe</dc:creator><category domain="x">News</category>
<description><![CDATA[<p>Short \xe2\x80\x9cquoted\xe2\x80\x9d</p>]]></description>
<content:encoded><![CDATA[<p>Long body</p>]]></content:encoded>
<enclosure url="https://example.com/a.mp3" length="123" type="audio/mpeg"/></item>
<item><title>Second</title><guid>https://example.com/2</guid>
<pubDate>Mon, 2 Jun 2025 08:00:00 EST</pubDate></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &amp;amp; B</title>
<link href="https://example.com/"/><id>urn:feed</id><updated>2025-06-01T12:00:00Z</updated>
<entry><title>One</title><id>urn:1</id><link rel="alternate" href="https://example.com/1"/>
<link rel="enclosure" href="https://example.com/1.ogg" length="9"/>
<published>2025-06-01T12:00:00+02:00</published><updated>2025-06-01T13:00:00Z</updated>
<author><name>Ann</name><email>ann@example.com</email></author><category term="t"/>
<content type="html">&lt;p&gt;Hello&lt;/p&gt;</content></entry>
<entry><title>Two</title><id>https://example.com/2</id>
<updated>2025-06-02T08:00:00.5-05:00</updated><summary>plain &lt;text&gt;</summary></entry>
</feed>"""


@pytest.mark.parametrize("doc", [RSS, ATOM], ids=["rss", "atom"])
def test_common_documents_take_the_fast_path_and_match(doc: bytes) -> None:
    assert fast_accepts(doc)
    fast, reference = both(doc, "https://example.com/feed.xml")
    assert fast == reference
    feed = parse_feed(doc, "https://example.com/feed.xml")
    assert len(feed.articles) == 2 and all(
        a.title and (a.published or a.updated) for a in feed.articles
    )


@pytest.mark.parametrize(
    "change",
    [
        (b"<title>Second</title>", b"<title>Second &amp; third</title>"),  # feedparser guesses
        (b"<dc:creator>Jane Doe</dc:creator>", b"<author>jane@example.com (Jane)</author>"),
        (b"<item><title>First", b"<item><media:title xmlns:media='urn:m'>x</media:title><title>"),
        (b"<title>Second</title>", b"<title>Second</title><title>Again</title>"),
        (b"<channel>", b"<channel xml:base='https://example.org/'>"),
    ],
    ids=["entity-in-title", "email-author", "unknown-element", "repeated-title", "xml-base"],
)
def test_what_the_fast_path_cannot_promise_goes_to_feedparser(change: tuple[bytes, bytes]) -> None:
    doc = RSS.replace(*change)
    assert doc != RSS
    assert not fast_accepts(doc)
    fast, reference = both(doc, "https://example.com/feed.xml")
    assert fast == reference


def test_an_undefined_entity_is_neither_resolved_nor_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    doc = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "'
        + secret.as_uri().encode()
        + b'">]><rss version="2.0"><channel><title>t</title><item><title>&x;</title>'
        b"</item></channel></rss>"
    )
    feed = parse_feed(doc, "https://example.com/feed.xml")
    assert "SECRET" not in repr(feed)


# Declared languages: the feed's (<language>, the root's xml:lang) and an entry's (the
# xml:lang in force on its body, "" meaning none; None when it is the feed's) as both paths
# read them.
@pytest.mark.parametrize(
    ("doc", "change", "feed_lang", "langs"),
    [
        (RSS, (b"<description>d", b"<language>de-DE</language><description>d"), "de-DE", [None]),
        (RSS, (b'<rss version="2.0"', b'<rss xml:lang="fr_CA" version="2.0"'), "fr-CA", [None]),
        (RSS, (b"<channel>", b'<channel xml:lang="ja">'), None, ["ja"]),
        (RSS, (b"<item>", b'<item xml:lang="es">'), None, ["es"]),
        (RSS, (b"<content:encoded>", b'<content:encoded xml:lang="it">'), None, ["it", None]),
        (RSS, (b"<item>", b'<item lang="pt-br">'), None, ["pt-BR"]),
        (ATOM, (b'Atom">', b'Atom" xml:lang="de">'), "de", [None]),
        (ATOM, (b'Atom">', b'Atom" xml:lang="en"><!-- -->'), "en", [None]),
        (ATOM, (b"<entry><title>One", b'<entry xml:lang="de"><title>One'), None, ["de", None]),
        (
            ATOM,
            (
                b'Atom">',
                b'Atom" xml:lang="en"><entry xml:lang="de"><title>Null</title>'
                b'<id>urn:0</id><content type="html">x</content></entry>',
            ),
            "en",
            ["de", None],
        ),
        (ATOM, (b'<content type="html">', b'<content type="html" xml:lang="">'), None, [None]),
        (ATOM, (b"<title>Two</title>", b'<title xml:lang="cs">Two</title>'), None, [None, "cs"]),
        (ATOM, (b'Atom">', b'Atom" xml:lang="&lt;b&gt;x"><!-- -->'), None, [None]),
    ],
)
def test_declared_languages_are_read_alike_on_both_paths(
    doc: bytes, change: tuple[bytes, bytes], feed_lang: str | None, langs: list[str | None]
) -> None:
    changed = doc.replace(*change)
    assert changed != doc
    assert fast_accepts(changed)
    fast, reference = both(changed, "https://example.com/feed.xml")
    assert fast == reference
    feed = parse_feed(changed, "https://example.com/feed.xml")
    assert feed.lang == feed_lang
    assert [a.lang for a in feed.articles][: len(langs)] == langs
