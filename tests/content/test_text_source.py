"""Which text the reader shows, and the header line that says so."""

from __future__ import annotations

from collections.abc import Callable

from tui_reader.content.header import render_header, text_source
from tui_reader.content.plain import render_plain
from tui_reader.content.reading import read_article
from tui_reader.engine.models import Article

NOW = 1_700_007_200.0  # two hours after the fetch below
FULL = "<p>" + "The whole story from the page, every word of it. " * 30 + "</p>"
TEASER = "<p>The story begins […]</p>"
PAGE = "https://www.harbour-gazette.net/2024/story"  # a page that could be fetched


def test_full_text_is_shown_when_stored_and_the_header_says_so(
    article: Callable[..., Article],
) -> None:
    a = article(summary=TEASER, full_html=FULL, full_fetched=1_700_000_000)
    ra = read_article(a)
    assert ra.shows_full_text and ra.has_full_text
    assert "every word of it" in " ".join(b.text for b in ra.document.blocks)
    assert text_source(ra, NOW) == "Full text from the page · fetched 2 hours ago"
    assert "Full text from the page · fetched 2 hours ago" in render_header(ra, NOW).plain
    feed = read_article(a, feed_text=True)
    assert not feed.shows_full_text and feed.has_full_text
    assert "every word" not in render_plain(feed, 80, now=NOW)
    assert text_source(feed, NOW) == "Feed text · full text available"


def test_feed_text_says_why_there_is_no_full_text(article: Callable[..., Article]) -> None:
    failed = read_article(article(summary=TEASER, full_error="page looks like a paywall"))
    assert not failed.has_full_text
    assert text_source(failed) == "Feed text · full text failed: page looks like a paywall"
    assert text_source(read_article(article(summary=TEASER, link=PAGE))) == (
        "Feed text · full text not fetched"
    )
    # A feed that gives the whole article needs no word about it.
    assert text_source(read_article(article(content=FULL))) is None
    assert text_source(read_article(article(summary=TEASER, link=None))) is None


def test_no_word_about_a_page_that_is_never_fetched(article: Callable[..., Article]) -> None:
    """A feed set to `never` (the user's choice) and a link on a name reserved for examples
    (the demo feeds') have no page to fetch: "not fetched" would only nag."""
    never = article(summary=TEASER, link=PAGE, feed_full_text="never")
    assert text_source(read_article(never)) is None
    for link in ("https://example.com/demo/story", "http://news.example/a", "https://x.test/"):
        assert text_source(read_article(article(summary=TEASER, link=link))) is None
    assert text_source(read_article(article(summary=TEASER, link=PAGE))) == (
        "Feed text · full text not fetched"
    )
