"""parse_feed on small real documents: RSS 2.0, Atom 1.0, RSS 1.0, and the ways they go wrong."""

from __future__ import annotations

import calendar

import pytest

from tui_reader.engine.errors import ParseError
from tui_reader.engine.models import Enclosure
from tui_reader.engine.parse import parse_feed

FEED_URL = "https://example.com/blog/feed.xml"

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Example &amp; Co</title>
  <link>https://example.com/</link>
  <description>News</description>
  <item>
    <title>First post</title>
    <link>/blog/first</link>
    <guid isPermaLink="false">post-1</guid>
    <pubDate>Tue, 10 Jun 2003 04:00:00 +0200</pubDate>
    <author>jo@example.com (Jo Writer)</author>
    <dc:creator>Jo Writer</dc:creator>
    <category>news</category><category>tech</category><category>news</category>
    <description>Short &lt;b&gt;summary&lt;/b&gt;</description>
    <content:encoded><![CDATA[<p>The <em>full</em> text.</p>]]></content:encoded>
    <enclosure url="/media/ep1.mp3" type="audio/mpeg" length="12345"/>
    <media:content url="https://cdn.example.com/v.mp4" type="video/mp4"/>
  </item>
  <item>
    <title>Second</title>
    <guid>https://example.com/blog/second</guid>
    <enclosure url="https://example.com/e.ogg" type="audio/ogg" length="unknown"/>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.org/base/">
  <title type="html">Atom &amp;lt;Feed&amp;gt;</title>
  <link rel="alternate" type="text/html" href="https://atom.example.org/"/>
  <link rel="self" href="https://atom.example.org/feed.atom"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2003-12-13T18:30:02Z</updated>
  <entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link rel="edit" href="/edit/1"/>
    <link rel="alternate" type="application/pdf" href="robots.pdf"/>
    <link rel="alternate" type="text/html" href="2003/12/13/atom03"/>
    <link rel="enclosure" type="audio/mpeg" length="1337" href="robots.mp3"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2003-12-13T08:29:29-04:00</published>
    <updated>2003-12-14T10:20:05+01:00</updated>
    <author><name>John Doe</name><email>johndoe@example.com</email></author>
    <author><name>Jane Roe</name></author>
    <category term="robots" label="Robots"/><category term="ai"/>
    <summary>Some text.</summary>
    <content type="text">Plain text, with a &lt;tag&gt; that is just text.</content>
  </entry>
  <entry>
    <title>Two contents</title>
    <id>tag:example.org,2003:2</id>
    <updated>not a date</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Rich <b>text</b></p></div>
    </content>
  </entry>
</feed>
"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://www.xml.com/xml/news.rss">
    <title>XML.com</title>
    <link>http://xml.com/pub</link>
    <items><rdf:Seq><rdf:li resource="http://xml.com/pub/2000/08/09/xslt/xslt.html"/></rdf:Seq></items>
  </channel>
  <item rdf:about="http://xml.com/pub/2000/08/09/xslt/xslt.html">
    <title>Processing Inclusions with XSLT</title>
    <link>http://xml.com/pub/2000/08/09/xslt/xslt.html</link>
    <description>Processing document inclusions with general XML tools.</description>
    <dc:creator>Bob DuCharme</dc:creator>
    <dc:date>2000-08-09T12:00:00+01:00</dc:date>
    <dc:subject>XSLT</dc:subject>
  </item>
</rdf:RDF>
"""


def utc(*fields: int) -> int:
    return calendar.timegm((*fields, 0, 0, 0))


def test_rss2_maps_every_field() -> None:
    feed = parse_feed(RSS2, FEED_URL)
    assert (feed.title, feed.site_url, feed.kind, feed.warning) == (
        "Example & Co",
        "https://example.com/",
        "rss",
        None,
    )
    first, second = feed.articles
    assert first.guid == "post-1"  # not "resolved" against the feed URL: ids must not move
    assert first.link == "https://example.com/blog/first"
    assert first.title == "First post"
    assert first.authors == ["Jo Writer"]  # <author> and <dc:creator> agree: once
    assert first.published == utc(2003, 6, 10, 2, 0, 0)
    assert first.updated is None  # not a copy of published (feedparser's issue 310 fallback)
    assert first.categories == ["news", "tech"]
    assert first.summary == "Short <b>summary</b>"
    assert (first.content, first.content_type) == ("<p>The <em>full</em> text.</p>", "html")
    assert first.enclosures == [
        Enclosure("https://example.com/media/ep1.mp3", "audio/mpeg", 12345),
        Enclosure("https://cdn.example.com/v.mp4", "video/mp4", None),
    ]
    assert second.link == "https://example.com/blog/second"  # permalink guid is the link
    assert second.enclosures == [Enclosure("https://example.com/e.ogg", "audio/ogg", None)]


def test_atom_links_authors_dates_and_content_types() -> None:
    feed = parse_feed(ATOM, "https://elsewhere.example.net/atom")
    assert feed.title == "Atom <Feed>"  # type="html": markup read as markup, shown as text
    assert feed.kind == "atom"
    assert feed.site_url == "https://atom.example.org/"
    robots, two = feed.articles
    assert robots.link == "https://atom.example.org/base/2003/12/13/atom03"  # xml:base, html
    assert robots.guid == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert robots.authors == ["John Doe", "Jane Roe"]
    assert robots.published == utc(2003, 12, 13, 12, 29, 29)
    assert robots.updated == utc(2003, 12, 14, 9, 20, 5)
    assert robots.categories == ["robots", "ai"]
    assert robots.summary == "Some text."
    assert robots.content == "Plain text, with a <tag> that is just text."
    assert robots.content_type == "text"
    assert robots.enclosures == [
        Enclosure("https://atom.example.org/base/robots.mp3", "audio/mpeg", 1337)
    ]
    assert two.updated is None and two.published is None
    assert two.content_type == "html" and "<b>text</b>" in two.content


def test_rss1() -> None:
    feed = parse_feed(RSS1)
    assert feed.title == "XML.com" and feed.kind == "rss"
    (item,) = feed.articles
    assert item.title == "Processing Inclusions with XSLT"
    assert item.link == "http://xml.com/pub/2000/08/09/xslt/xslt.html"
    assert item.authors == ["Bob DuCharme"]
    assert item.categories == ["XSLT"]
    assert (item.published, item.updated) == (None, utc(2000, 8, 9, 11, 0, 0))


def test_longest_html_content_wins() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id>
      <title>e</title><content type="html">&lt;p&gt;short&lt;/p&gt;</content>
      </entry></feed>"""
    (entry,) = parse_feed(body).articles
    assert entry.content == "<p>short</p>" and entry.content_type == "html"


def test_plain_text_summary_only_is_text() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id>
      <title>e</title><summary type="text">a &lt; b &amp; c</summary></entry></feed>"""
    (entry,) = parse_feed(body).articles
    assert (entry.summary, entry.content, entry.content_type) == ("a < b & c", "", "text")


def test_relative_links_without_a_feed_url_stay_relative() -> None:
    (first, _) = parse_feed(RSS2).articles
    assert first.link == "/blog/first"


@pytest.mark.parametrize(
    "prefix", [b"\n\n   ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n\t"], ids=["ws", "bom", "bom+ws"]
)
def test_whitespace_or_bom_before_declaration_parses_cleanly(prefix: bytes) -> None:
    feed = parse_feed(prefix + RSS2, FEED_URL)
    assert feed.warning is None
    assert len(feed.articles) == 2


def test_latin1_and_utf16_documents() -> None:
    latin1 = RSS2.replace(b'encoding="utf-8"', b'encoding="iso-8859-1"').replace(
        b"First post", "Première é".encode("latin-1")
    )
    assert parse_feed(latin1).articles[0].title == "Première é"
    utf16 = RSS2.decode().replace('encoding="utf-8"', 'encoding="utf-16"')
    utf16 = utf16.replace("First post", "Ünïcödé")
    feed = parse_feed(utf16.encode("utf-16"))
    assert feed.articles[0].title == "Ünïcödé" and len(feed.articles) == 2


def test_content_type_charset_is_honoured() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>\xe9t\xe9</title></channel></rss>'
    )
    assert parse_feed(body, content_type="application/rss+xml; charset=iso-8859-1").title == "été"


def test_html_page_is_not_a_feed() -> None:
    page = b"""<!DOCTYPE html>
<html lang="en"><head><title>My blog</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
<body><h1>Welcome</h1><p>Hello &nbsp; world</p></body></html>"""
    with pytest.raises(ParseError, match=r"^not a feed: got an HTML page$"):
        parse_feed(page, FEED_URL, "text/html; charset=utf-8")


@pytest.mark.parametrize("body", [b"", b"   \n\t ", b"\xef\xbb\xbf"])
def test_empty_document(body: bytes) -> None:
    with pytest.raises(ParseError, match=r"^not a feed: empty document$"):
        parse_feed(body)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"hello, world", "not a feed: could not parse XML"),
        (b"<?xml version='1.0'?><rss", "not a feed: could not parse XML"),
        (b'<?xml version="1.0"?><catalog><book id="1"/></catalog>', "not a feed: no RSS"),
        (b"/etc/passwd", "not a feed"),  # a body naming a file is still just bytes
    ],
)
def test_documents_without_a_feed(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=f"^{message}") as info:
        parse_feed(body)
    assert "root:" not in str(info.value)


def test_truncated_document_keeps_what_was_read() -> None:
    cut = RSS2[: RSS2.index(b"<title>Second")] + b"<title>Sec"
    feed = parse_feed(cut, FEED_URL)
    assert feed.articles[0].title == "First post"
    assert feed.articles[0].content == "<p>The <em>full</em> text.</p>"
    assert feed.warning  # says why the document was not well-formed


def test_truncated_before_any_entry_is_an_empty_feed_with_a_warning() -> None:
    feed = parse_feed(RSS2[: RSS2.index(b"<item>") - 3])
    assert feed.title == "Example & Co" and feed.articles == []
    assert feed.warning


def test_bozo_with_entries_is_kept_with_its_reason() -> None:
    body = RSS2.replace(b"<description>News", b"<description>News&nbsp;&copy;")
    feed = parse_feed(body, FEED_URL)
    assert len(feed.articles) == 2
    assert feed.warning and "undefined entity" in feed.warning


def test_well_formed_feed_without_entries_is_not_an_error() -> None:
    feed = parse_feed(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    )
    assert (feed.title, feed.articles, feed.warning) == ("Quiet", [], None)
    atom = parse_feed(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title></feed>')
    assert (atom.title, atom.kind, atom.articles) == ("A", "atom", [])


def test_entry_without_anything_is_still_returned() -> None:
    body = b'<rss version="2.0"><channel><title>t</title><item></item><item/></channel></rss>'
    feed = parse_feed(body)
    assert len(feed.articles) == 2 and feed.articles[0].title == ""


def test_json_goes_to_the_json_feed_reader() -> None:
    doc = b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1"}]}'
    assert parse_feed(b"\n " + doc).kind == "json"
    assert parse_feed(b"\xef\xbb\xbf" + doc).kind == "json"
    with pytest.raises(ParseError, match="invalid JSON"):
        parse_feed(b"nonsense", content_type="application/feed+json")
    # a server that labels XML as JSON still gets its XML read
    assert parse_feed(RSS2, content_type="application/json").kind == "rss"


def test_too_large_is_refused_before_parsing() -> None:
    with pytest.raises(ParseError, match=r"too large"):
        parse_feed(RSS2 + b" " * 2_000_000, max_bytes=1_000_000)


def test_caps_per_entry() -> None:
    cats = b"".join(b"<category>c%d</category>" % i for i in range(200))
    encs = b"".join(
        b'<enclosure url="https://e.x/%d.mp3" type="audio/mpeg"/>' % i for i in range(200)
    )
    body = b'<rss version="2.0"><channel><title>t</title><item><title>i</title>%s%s</item>'
    body += b"</channel></rss>"
    (item,) = parse_feed(body % (cats, encs)).articles
    assert len(item.categories) == 50 and len(item.enclosures) == 50
