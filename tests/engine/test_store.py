"""The SQLite cache, on a real file: schema, upserts, the index, views, faults."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui_reader.engine.errors import StoreError
from tui_reader.engine.models import Enclosure, ParsedArticle, ParsedFeed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.querylang import QueryError
from tui_reader.engine.schema import SCHEMA_VERSION
from tui_reader.engine.store import Store


def article(n: int, **kw: object) -> ParsedArticle:
    fields: dict[str, object] = {
        "guid": f"urn:item:{n}",
        "link": f"https://example.org/{n}",
        "title": f"Item number {n}",
        "authors": ["Ann Writer"],
        "published": 1_700_000_000 + n * 60,
        "content": f"<p>Body of item {n} about <b>topic{n % 3}</b>.</p>",
        "categories": ["news"],
        "enclosures": [Enclosure("https://example.org/a.mp3", "audio/mpeg", 1234)],
    }
    fields.update(kw)
    return ParsedArticle(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "cache.db")
    yield s
    s.close()


def test_schema_wal_fts_and_version(store: Store, tmp_path: Path) -> None:
    raw = sqlite3.connect(tmp_path / "cache.db")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    assert {"feeds", "articles", "articles_fts", "meta"} <= names


def test_insert_then_unchanged_is_not_rewritten(store: Store) -> None:
    feed, created = store.add_feed("https://example.org/feed.xml")
    assert created
    parsed = ParsedFeed(title="Example", articles=[article(i) for i in range(5)])
    first = store.apply_parsed(feed.id, parsed, etag='"v1"')
    assert (first.new, first.updated) == (5, 0)
    total_changes = store._conn.total_changes
    again = store.apply_parsed(feed.id, parsed, etag='"v1"')
    assert (again.new, again.updated) == (0, 0)
    # Only the feed row was touched, not the five articles.
    assert store._conn.total_changes - total_changes == 1
    assert store.get_feed(feed.id).etag == '"v1"'
    assert store.get_feed(feed.id).title == "Example"


def test_changed_article_keeps_read_and_star_and_reindexes(store: Store) -> None:
    feed, _ = store.add_feed("https://example.org/feed.xml")
    store.apply_parsed(feed.id, ParsedFeed(articles=[article(1, content="<p>zebra crossing</p>")]))
    (row,) = store.rows(ArticleQuery(), 0, 10)
    store.set_read([row.id])
    store.set_starred(row.id, True)
    assert [r.id for r in store.rows(ArticleQuery(search="zebra"), 0, 10)] == [row.id]

    result = store.apply_parsed(
        feed.id, ParsedFeed(articles=[article(1, content="<p>giraffe pavement</p>")])
    )
    assert (result.new, result.updated) == (0, 1)
    art = store.get_article(row.id)
    assert art.read and art.starred and "giraffe" in art.content
    assert store.rows(ArticleQuery(search="zebra"), 0, 10) == []
    assert [r.id for r in store.rows(ArticleQuery(search="giraffe"), 0, 10)] == [row.id]


def test_identity_falls_back_to_link_then_hash(store: Store) -> None:
    feed, _ = store.add_feed("https://example.org/feed.xml")
    no_guid = article(1, guid=None)
    no_ids = article(2, guid=None, link=None)
    store.apply_parsed(feed.id, ParsedFeed(articles=[no_guid, no_ids, no_ids]))
    keys = {store.get_article(r.id).key for r in store.rows(ArticleQuery(), 0, 10)}
    assert "l:https://example.org/1" in keys
    assert any(k.startswith("h:") for k in keys)
    assert len(keys) == 2


def test_article_round_trip(store: Store) -> None:
    feed, _ = store.add_feed("https://example.org/feed.xml")
    src = article(7, summary="<p>short</p>", authors=["A", "B"], updated=1_700_000_999)
    store.apply_parsed(feed.id, ParsedFeed(title="T", articles=[src]))
    (row,) = store.rows(ArticleQuery(), 0, 1)
    got = store.get_article(row.id)
    assert got.title == src.title and got.authors == ["A", "B"]
    assert got.content == src.content and got.summary == "<p>short</p>"
    assert got.enclosures == src.enclosures and got.categories == ["news"]
    assert got.published == src.published and got.updated == 1_700_000_999
    assert got.feed_title == "T" and not got.read


def test_views_paging_position_and_next_unread(store: Store) -> None:
    a, _ = store.add_feed("https://a.example/feed", folder="News/World")
    b, _ = store.add_feed("https://b.example/feed", folder="Tech")
    store.apply_parsed(a.id, ParsedFeed(articles=[article(i) for i in range(0, 20)]))
    store.apply_parsed(b.id, ParsedFeed(articles=[article(i) for i in range(20, 30)]))
    everything = ArticleQuery()
    assert store.count(everything) == 30
    page = store.rows(everything, 0, 30)
    dates = [r.date for r in page]
    assert dates == sorted(dates, reverse=True)
    assert store.rows(everything, 10, 5) == page[10:15]
    assert store.count(ArticleQuery(feed_id=b.id)) == 10
    assert store.count(ArticleQuery(folder="News")) == 20
    assert store.position(everything, page[17].id) == 17
    assert store.position(ArticleQuery(feed_id=b.id), page[29].id) is None

    store.set_read([page[1].id, page[2].id])
    assert store.next_unread(everything, page[0].id) == page[3].id
    assert store.next_unread(everything, page[3].id, forward=False) == page[0].id
    assert store.unread_count(everything) == 28
    store.set_starred(page[5].id, True)
    assert [r.id for r in store.rows(ArticleQuery(starred=True), 0, 5)] == [page[5].id]
    # page[1] and page[2] (the newest, from feed b) were read already.
    assert store.mark_view_read(ArticleQuery(feed_id=b.id)) == 8
    assert store.unread_count(everything) == 20
    counts = {f.id: (f.unread, f.total) for f in store.feeds()}
    assert counts[b.id] == (0, 10) and counts[a.id] == (20, 20)


def test_search_is_ranked_and_inert_to_fts_syntax(store: Store) -> None:
    feed, _ = store.add_feed("https://example.org/feed.xml")
    store.apply_parsed(
        feed.id,
        ParsedFeed(
            articles=[
                article(1, title="Myanmar junta talks", content="<p>ASEAN envoy meets junta</p>"),
                article(
                    2, title="Football", content="<p>a match report that mentions myanmar once</p>"
                ),
                article(3, title="Recipes", content="<p>soup</p>"),
            ]
        ),
    )
    hits = store.rows(ArticleQuery(search="myanmar"), 0, 10)
    assert [h.title for h in hits] == ["Myanmar junta talks", "Football"]
    assert [h.title for h in store.rows(ArticleQuery(search="juN"), 0, 10)] == [
        "Myanmar junta talks"
    ]
    for hostile in ["NEAR(", "a AND NOT", "title:x) OR (y", "NOT*", ""]:
        store.rows(ArticleQuery(search=hostile), 0, 10)  # FTS syntax stays inert
    for nothing in [
        '"',
        "-",
        "title:x OR",
        "*",
        ")(",
        "or a",
        "a AND OR",
    ]:  # a QueryError, never an FTS one
        with pytest.raises(QueryError):
            store.rows(ArticleQuery(search=nothing), 0, 10)
    assert store.count(ArticleQuery(search="soup")) == 1


def test_remove_feed_drops_articles_and_index(store: Store) -> None:
    feed, _ = store.add_feed("https://example.org/feed.xml")
    store.apply_parsed(feed.id, ParsedFeed(articles=[article(1, title="unicorn")]))
    store.remove_feed(feed.id)
    assert store.count(ArticleQuery()) == 0
    assert store.count(ArticleQuery(search="unicorn")) == 0
    assert store.integrity_ok()


def test_damaged_file_is_reported_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    junk = b"this is not a database at all\n" * 200
    path.write_bytes(junk)
    with pytest.raises(StoreError, match=r"damaged.*left untouched"):
        Store(path)
    assert path.read_bytes() == junk


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.close()
    with pytest.raises(StoreError, match="newer tui-reader"):
        Store(path)


def test_readonly_cache_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    with Store(path) as s:
        feed, _ = s.add_feed("https://example.org/feed.xml")
        s.apply_parsed(feed.id, ParsedFeed(articles=[article(1)]))
    with Store(path, readonly=True) as ro:
        (row,) = ro.rows(ArticleQuery(), 0, 5)
        with pytest.raises(StoreError, match="read-only"):
            ro.set_read([row.id])


def test_full_disk_is_a_clear_error_and_loses_nothing(store: Store) -> None:
    feed, _ = store.add_feed("https://example.org/feed.xml")
    store.apply_parsed(feed.id, ParsedFeed(articles=[article(i) for i in range(3)]))
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = [
        article(i, content="<p>" + (f"lorem ipsum {i} ") * 4000 + "</p>") for i in range(100, 160)
    ]
    with pytest.raises(StoreError, match="full"):
        store.apply_parsed(feed.id, ParsedFeed(articles=big))
    assert store.count(ArticleQuery()) == 3  # the failed feed update left nothing half-done
    assert store.integrity_ok()


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    with Store(path) as s:
        feed, _ = s.add_feed("https://example.org/feed.xml")
        s.apply_parsed(feed.id, ParsedFeed(articles=[article(i) for i in range(200)]))
    script = textwrap.dedent(f"""
        from pathlib import Path
        from tui_reader.engine.models import ParsedFeed
        from tests.engine.test_store import article
        from tui_reader.engine.store import Store
        with Store(Path({str(path)!r})) as s:
            for n in range(40):
                s.apply_parsed({feed.id}, ParsedFeed(articles=[article(1000 + n * 10 + k)
                               for k in range(10)]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[2])
    with Store(path) as s:
        ids = [r.id for r in s.rows(ArticleQuery(), 0, 200)]
        for i in ids:
            s.set_read([i])
    assert proc.wait(timeout=60) == 0
    with Store(path) as s:
        assert s.count(ArticleQuery()) == 600
        assert all(s.get_article(i).read for i in ids)
        assert s.integrity_ok()


def test_pages_read_from_either_end_agree(store: Store) -> None:
    feed, _ = store.add_feed("https://example.org/feed.xml")
    # Equal dates force the id tie-break to decide the order.
    arts = [article(i, published=1_700_000_000 + (i // 3) * 60) for i in range(101)]
    store.apply_parsed(feed.id, ParsedFeed(articles=arts))
    view = ArticleQuery()
    total = store.count(view)
    forward = store.rows(view, 0, total)
    for offset, limit in [(0, 10), (50, 10), (51, 10), (95, 10), (100, 10), (60, 41), (101, 5)]:
        assert store.rows(view, offset, limit, total=total) == forward[offset : offset + limit]
