"""The undo journal through the Library door on a real cache: hidden articles and tag
changes (recorded by whoever makes them) come back exactly, newest change first."""

from __future__ import annotations

from pathlib import Path

from tui_reader.config import Config, load_config
from tui_reader.engine.journal import TagChange
from tui_reader.engine.models import ParsedArticle, ParsedFeed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.library import Library
from tui_reader.paths import resolve_paths


def test_hide_and_tag_changes_undo_exactly(data_dir: Path) -> None:
    paths = resolve_paths(data_dir)
    with Library.open(paths, Config()) as library, Store(paths.db_path) as store:
        ids = [r.id for r in library.rows(ArticleQuery(), 0, 4)]
        with store.write() as conn:
            conn.execute("INSERT INTO article_tags VALUES (?, 'keep')", (ids[0],))
        library.set_hidden(ids[:2])
        library.set_hidden(ids[:2])  # nothing changed: nothing to undo
        # A tag change as the tags work would record it: 'keep' put on ids[1] and ids[2]
        # (ids[0] had it already), and taken off nothing.
        with store.write() as conn:
            conn.executemany("INSERT INTO article_tags VALUES (?, 'keep')", [(ids[1],), (ids[2],)])
        library.record(TagChange("tagged 2 keep", added=[(ids[1], "keep"), (ids[2], "keep")]))

        assert library.undo() == "tagged 2 keep"
        tagged = store.column("SELECT article_id FROM article_tags WHERE tag = 'keep'")
        assert tagged == [ids[0]]
        hidden = store.column("SELECT id FROM articles WHERE hidden = 1 ORDER BY id")
        assert hidden == sorted(ids[:2])
        assert library.undo() == "hid 2"
        assert store.column("SELECT id FROM articles WHERE hidden = 1") == []
        assert library.undo() is None


def test_with_sync_an_undo_is_queued_for_the_service_like_any_change(data_dir: Path) -> None:
    (data_dir / "config.toml").write_text(
        '[sync]\nservice = "greader"\nurl = "http://127.0.0.1:9/api"\nuser = "me"\n'
        'password_cmd = "echo x"\n'
    )
    paths = resolve_paths(data_dir)
    paths.ensure()
    with Store(paths.db_path) as store:  # a cache as a sync leaves it: items with their ids
        feed, _ = store.add_feed("https://feeds.example/a.xml")
        stories = [ParsedArticle(guid=str(i), title=f"Story {i}") for i in range(3)]
        store.apply_parsed(feed.id, ParsedFeed(title="A", articles=stories))
        ids = [r.id for r in store.rows(ArticleQuery(), 0, 3)]
        with store.write() as conn:
            conn.execute("UPDATE articles SET remote_id = 9 WHERE id = ?", (ids[0],))
    with Library.open(paths, load_config(paths.config_path)) as library:
        library.set_read([ids[0]])
        library.mark_view_read(ArticleQuery())
        library.undo()  # the mark-all: ids[0] was read before it, so nothing goes out
        library.undo()  # the first read: ids[0] unread again, and the service must hear it
        with Store(paths.db_path) as store:
            sent = store.select("SELECT item, field, value FROM sync_outbox ORDER BY id")
        assert [tuple(r) for r in sent] == [(9, "read", 1), (9, "read", 0)]
