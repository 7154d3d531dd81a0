"""Full text in the engine: the Library's fetch_text and refresh against pages on 127.0.0.1,
the real parser, extractor worker processes and SQLite file."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_fulltext import PARAGRAPHS, TEASER, article_page, feed, serve_story
from tests.feedserver import FeedServer
from tui_reader.engine import schema
from tui_reader.engine.fulltext import feed_looks_truncated, looks_truncated, reserved_link
from tui_reader.engine.models import PageUpdate, ParsedArticle
from tui_reader.engine.opml import read_opml, write_opml
from tui_reader.library import Library
from tui_reader.paths import resolve_paths


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    lib = Library.open(resolve_paths(None), demo=False)
    yield lib
    lib.close()


def subscribe(library: Library, server: FeedServer, guids: list[str], mode: str) -> list[int]:
    """Subscribe to a feed of these stories (full text `mode`), refresh; their ids."""
    server.add("/feed.xml", feed(server, [(g, f"Story {g}", TEASER) for g in guids]))
    feed_row, _ = library.add_feed(server.url("/feed.xml"))
    library.set_full_text(feed_row.id, mode)
    library.refresh()
    with sqlite3.connect(library.path) as conn:
        ids = dict(conn.execute("SELECT key, id FROM articles").fetchall())
    return [ids[f"g:{g}"] for g in guids]


def full_columns(library: Library) -> list[tuple[object, ...]]:
    with sqlite3.connect(library.path) as conn:
        return conn.execute(
            "SELECT id, full_content IS NOT NULL, full_digest IS NOT NULL, "
            "full_fetched IS NOT NULL, full_error FROM articles ORDER BY id"
        ).fetchall()


def test_cancel_during_page_fetches_leaves_whole_articles(
    library: Library, feed_server: FeedServer
) -> None:
    ids = subscribe(library, feed_server, ["a", "b", "c", "d"], "never")
    serve_story(feed_server, "a", "Story a")
    for guid in "bcd":  # these never answer in time: the cancel must not wait for them
        feed_server.hang(f"/pages/{guid}.html", 10)
    cancel = threading.Event()
    heard: list[PageUpdate] = []

    def on_page(update: PageUpdate) -> None:
        heard.append(update)
        cancel.set()  # as the app's quit would, once the first page is in

    started = time.monotonic()
    updates = library.fetch_text(ids, on_page=on_page, cancel=cancel)
    assert time.monotonic() - started < 5
    assert [u.article_id for u in heard] == [ids[0]] and heard[0].ok
    assert [u.article_id for u in updates] == [ids[0]]
    rows = full_columns(library)
    assert rows[0] == (ids[0], 1, 1, 1, None)  # whole: text, digest and time together
    assert rows[1:] == [(i, 0, 0, 0, None) for i in ids[1:]]  # untouched
    assert library.article(ids[0]).full_html  # type: ignore[union-attr]


def test_a_429_leaves_the_site_alone_for_the_rest_of_the_run(
    library: Library, feed_server: FeedServer
) -> None:
    ids = subscribe(library, feed_server, ["a", "b", "c"], "never")
    feed_server.error("/pages/a.html", 429, retry_after="120")
    # b holds the site's other slot while a's 429 comes back; c's turn comes after it.
    feed_server.add(
        "/pages/b.html", article_page("b", PARAGRAPHS), content_type="text/html", delay=0.5
    )
    serve_story(feed_server, "c", "Story c")
    updates = {u.article_id: u for u in library.fetch_text(ids)}
    assert "429" in str(updates[ids[0]].error) and "retry after" in str(updates[ids[0]].error)
    assert updates[ids[1]].ok
    assert "asked us to wait" in str(updates[ids[2]].error)
    assert feed_server.requests_for("/pages/c.html") == []
    assert library.article(ids[2]).full_error == updates[ids[2]].error  # type: ignore[union-attr]


def test_pages_are_fetched_without_cookies(library: Library, feed_server: FeedServer) -> None:
    ids = subscribe(library, feed_server, ["a", "b", "c"], "never")
    feed_server.add(
        "/pages/a.html",
        article_page("a", PARAGRAPHS),
        content_type="text/html",
        headers={"Set-Cookie": "session=abc; Path=/"},
    )
    feed_server.add(
        "/pages/b.html", article_page("b", PARAGRAPHS), content_type="text/html", delay=0.5
    )
    serve_story(feed_server, "c", "Story c")  # asked for after a's answer (2 per site)
    assert all(u.ok for u in library.fetch_text(ids))
    (request,) = feed_server.requests_for("/pages/c.html")
    assert "cookie" not in request.headers
    assert request.headers["accept"].startswith("text/html")


def test_file_pages_only_for_a_local_feed(
    library: Library, tmp_path: Path, feed_server: FeedServer
) -> None:
    page = tmp_path / "story.html"
    page.write_bytes(article_page("Local story", PARAGRAPHS))
    # file://localhost/...: feedparser turns file:///tmp/x into file://tmp/x (host "tmp").
    link = f"file://localhost{page.as_posix()}"
    item = f"<item><title>Local</title><guid>l1</guid><link>{link}</link></item>"
    doc = f'<rss version="2.0"><channel><title>Here</title>{item}</channel></rss>'
    local = tmp_path / "feed.xml"
    local.write_text(doc)
    web = doc.replace("l1", "w1").replace("<title>Local", "<title>Web")
    feed_server.add("/web.xml", web.encode())
    for url in (str(local), feed_server.url("/web.xml")):
        row, _ = library.add_feed(url)
        library.set_full_text(row.id, "always")
    summary = library.refresh()
    # By title: which feed is stored first (and so the article ids) depends on timing.
    pages = {p.title: p for p in summary.pages}
    assert (pages["Local"].ok, pages["Web"].ok) == (True, False)
    assert "local file" in str(pages["Web"].error)


def test_set_full_text_refuses_a_bad_mode(library: Library) -> None:
    row, _ = library.add_feed("https://example.org/feed.xml")
    with pytest.raises(ValueError, match="auto, always, never"):
        library.set_full_text(row.id, "sometimes")
    library.set_full_text(row.id, "never")
    assert library.feed(row.id).full_text == "never"  # type: ignore[union-attr]


def test_opml_keeps_a_feeds_full_text_mode() -> None:
    from tui_reader.engine.opml import OpmlFeed

    feeds = [
        OpmlFeed("https://a.example/feed", "A", full_text="always"),
        OpmlFeed("https://b.example/feed", "B"),
        OpmlFeed("https://c.example/feed", "C", full_text="never"),
    ]
    text = write_opml(feeds)
    assert text.count("tuiReaderFullText") == 2
    assert [f.full_text for f in read_opml(text.encode())] == ["always", "auto", "never"]
    odd = text.replace('tuiReaderFullText="never"', 'tuiReaderFullText="bogus"')
    assert read_opml(odd.encode())[2].full_text == "auto"


@pytest.mark.parametrize(
    ("text", "truncated"),
    [
        ("A short teaser.", True),
        ("word " * 200 + "[…]", True),
        ("word " * 200 + "Continue reading →", True),
        ("word " * 200 + "Read more", True),
        ("word " * 200 + "end.", False),
    ],
)
def test_what_looks_truncated(text: str, truncated: bool) -> None:
    assert looks_truncated(text) is truncated


def test_a_feed_is_truncated_when_half_its_entries_are() -> None:
    full = ParsedArticle(link="https://x/1", content="<p>" + "word " * 300 + "</p>")
    teaser = ParsedArticle(link="https://x/2", summary="A teaser…")
    assert feed_looks_truncated([full, teaser]) is True
    assert feed_looks_truncated([full, full, teaser]) is False
    assert feed_looks_truncated([ParsedArticle(summary="no link")]) is False


def test_an_old_cache_is_migrated_and_keeps_its_index(data_dir: Path) -> None:
    path = data_dir / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for step in schema.MIGRATIONS[:2]:
        for statement in schema._statements(step):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO feeds (url, added) VALUES ('https://x/feed', 0)")
    conn.execute(
        "INSERT INTO articles (feed_id, key, title, sort_time, first_seen, digest) "
        "VALUES (1, 'k', 'Kestrel sighting', 0, 0, 'd')"
    )
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, authors, body) "
        "VALUES (1, 'Kestrel sighting', '', '')"
    )
    conn.close()
    from tui_reader.engine.store import Store

    with Store(path) as store:
        assert store.get_feed(1).full_text == "auto"  # type: ignore[union-attr]
        article = store.get_article(1)
        assert article is not None and article.full_html is None
        html = "<p>" + " ".join(PARAGRAPHS) + "</p>"
        assert store.apply_page(1, html, None) is True
        assert store.apply_page(1, html.replace(" ", "  "), None) is False
        from tui_reader.engine.query import ArticleQuery

        assert [r.id for r in store.rows(ArticleQuery(search="ferry"), 0, 10)] == [1]
        assert [r.id for r in store.rows(ArticleQuery(search="kestrel"), 0, 10)] == [1]


@pytest.mark.parametrize(
    ("url", "reserved"),
    [
        ("http://example.com/1", True),
        ("https://www.example.org/a?b", True),
        ("https://news.test/story", True),
        ("http://127.0.0.1:8080/page", False),
        ("https://example.com.au/story", False),
        ("https://notexample.com/story", False),
    ],
)
def test_pages_on_names_reserved_for_examples_are_never_due(url: str, reserved: bool) -> None:
    assert reserved_link(url) is reserved


def test_a_feed_linking_to_example_com_fetches_no_page(
    library: Library, feed_server: FeedServer
) -> None:
    item = "<item><title>Demo</title><guid>d1</guid><link>http://example.com/d1</link></item>"
    feed_server.add("/demo.xml", f'<rss version="2.0"><channel>{item}</channel></rss>'.encode())
    row, _ = library.add_feed(feed_server.url("/demo.xml"))
    library.set_full_text(row.id, "always")
    summary = library.refresh()
    assert summary.new == 1 and summary.pages == []
