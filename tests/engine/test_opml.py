"""OPML import/export: the corpus files, folders, lenient reading, safe writing, round trips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.shared import CORPUS
from tui_reader.engine.errors import ParseError
from tui_reader.engine.opml import OpmlFeed, read_opml, write_opml

OPML_FILES = sorted(CORPUS.rglob("*.opml")) if CORPUS.is_dir() else []
NEWSBOAT = CORPUS / "newsboat/test/data"


@pytest.mark.skipif(not OPML_FILES, reason="corpus not present")
@pytest.mark.parametrize("path", OPML_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_opml_reads_and_round_trips(path: Path) -> None:
    try:
        feeds = read_opml(path.read_bytes())
    except ParseError as exc:
        assert str(exc).startswith("not an OPML file")
        return
    assert read_opml(write_opml(feeds).encode()) == feeds


@pytest.mark.skipif(not NEWSBOAT.is_dir(), reason="corpus not present")
def test_newsboat_example_folders_and_titles() -> None:
    feeds = read_opml((NEWSBOAT / "example.opml").read_bytes())
    assert [(f.title, f.folder) for f in feeds] == [
        ("example.com website", None),
        ("Distrowatch mirror", None),
        ("example.com website (Atom feed)", None),
        ("example.com website (RSS 0.9 feed)", None),
        ("John's musings", "Blogs"),  # a folder is named by its text, not its title
        ("Notes by Mike", "Blogs/friends"),
        ("Fred on everything", "eloquent"),
    ]
    assert feeds[5].url == "https://blogs.example.com/~mike/.rss"


@pytest.mark.skipif(not NEWSBOAT.is_dir(), reason="corpus not present")
def test_missing_body_or_opml_element_is_tolerated() -> None:
    assert read_opml((NEWSBOAT / "body-element-missing.opml").read_bytes()) == []
    feeds = read_opml((NEWSBOAT / "opml-element-missing.opml").read_bytes())
    assert [f.url for f in feeds] == [
        "https://example.com/another_feed.atom",
        "https://example.com/firehose",
    ]


def test_text_is_the_title_when_there_is_no_title_and_urls_are_deduplicated() -> None:
    data = b"""<?xml version="1.0"?><opml version="1.0"><body>
      <outline text="From text" xmlUrl=" https://a.example/feed "/>
      <outline TEXT="Dup" XMLURL="https://a.example/feed"/>
      <outline xmlUrl="https://b.example/feed"/>
      <outline text="no url"/>
    </body></opml>"""
    assert read_opml(data) == [
        OpmlFeed("https://a.example/feed", "From text", None),
        OpmlFeed("https://b.example/feed", "", None),
    ]


def test_lenient_about_common_export_mistakes() -> None:
    data = b"""<opml version="1.1"><head><title>This & That</title></head><body>
      <outline text="Caf&eacute; &amp; Bar &nbsp;">
        <outline text="x + y < 12" xmlUrl="http://ex.com/?a=1&b=2" />
      </outline></body></opml>"""
    assert read_opml(data) == [OpmlFeed("http://ex.com/?a=1&b=2", "x + y < 12", "Café & Bar")]


def test_encodings() -> None:
    doc = '<?xml version="1.0" encoding="{}"?><opml><body><outline text="Ünï" xmlUrl="http://u/"/></body></opml>'
    expected = [OpmlFeed("http://u/", "Ünï", None)]
    assert read_opml(doc.format("ISO-8859-1").encode("latin-1")) == expected
    assert read_opml(doc.format("UTF-16").encode("utf-16")) == expected
    assert read_opml(b"\xef\xbb\xbf  " + doc.format("utf-8").encode()) == expected


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b"not xml", b"<opml><body><outline", b"\x00\x01\x02", b"<!DOCTYPE x [<opml/>"],
    ids=["empty", "blank", "text", "truncated", "binary", "doctype"],
)
def test_garbage_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError, match=r"^not an OPML file"):
        read_opml(data)


def test_a_feed_is_not_an_opml_file() -> None:
    with pytest.raises(ParseError, match=re.escape("root element is <rss>")):
        read_opml(b'<rss version="2.0"><channel><title>t</title></channel></rss>')


def test_entities_never_expand() -> None:
    lol = b'<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %c "%s">' % (98 + i, b"&%c;" % (97 + i) * 10) for i in range(9)
    )
    data = (
        b'<?xml version="1.0"?><!DOCTYPE opml ['
        + lol
        + b']><opml><body><outline text="&j;" xmlUrl="http://x/"/></body></opml>'
    )
    feeds = read_opml(data)
    assert len(feeds) == 1 and len(feeds[0].title) < 10


def test_write_escapes_and_round_trips() -> None:
    feeds = [
        OpmlFeed("https://a.example/?x=1&y=2", 'Quotes "here" & <there>', "News/Tech"),
        OpmlFeed("https://b.example/", "Plain", "News"),
        OpmlFeed("https://c.example/", "", "News/Tech"),  # the folder opens again
        OpmlFeed("https://d.example/", "Top level", None),
        OpmlFeed("https://e.example/", "[bold]markup[/] is data", "Ünïcödé"),
    ]
    text = write_opml(feeds, title="Mine & yours")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert "<title>Mine &amp; yours</title>" in text
    assert 'xmlUrl="https://a.example/?x=1&amp;y=2"' in text
    assert read_opml(text.encode()) == feeds


def test_write_removes_control_characters() -> None:
    text = write_opml(
        [OpmlFeed("https://a.example/\x1b[31m", "T\x00i\x1b]0;x\x07t\u202ele", "F\x85")]
    )
    assert read_opml(text.encode()) == [OpmlFeed("https://a.example/", "Title", "F")]


def test_deep_nesting_is_read_without_recursion() -> None:
    depth = 5000
    data = b"<opml><body>" + b'<outline text="f">' * depth + b'<outline xmlUrl="http://deep/"/>'
    data += b"</outline>" * depth + b"</body></opml>"
    (feed,) = read_opml(data)
    assert feed.url == "http://deep/" and feed.folder and feed.folder.count("/") == 31
    assert read_opml(write_opml([feed]).encode()) == [feed]
