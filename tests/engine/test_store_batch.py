"""Writes batched into one transaction (Db.batch, the refresh writer's): each write is still
all-or-nothing on its own, and one failing write leaves the others stored."""

from __future__ import annotations

from pathlib import Path

from tests.engine.test_store import article
from tui_reader.engine.errors import StoreError
from tui_reader.engine.models import FeedUpdate, ParsedFeed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store


def test_a_failing_write_in_a_batch_leaves_the_others_stored(tmp_path: Path) -> None:
    with Store(tmp_path / "cache.db") as store:
        first, _ = store.add_feed("https://example.org/a.xml")
        second, _ = store.add_feed("https://example.org/b.xml")
        good = ParsedFeed(title="Good", articles=[article(1), article(2)])
        # No feed 999: the articles' foreign key fails after the first insert is made.
        results = store.batch(
            [
                lambda: store.apply_parsed(first.id, good),
                lambda: store.apply_parsed(999, good),
                lambda: store.apply_parsed(second.id, ParsedFeed(articles=[article(3)])),
            ]
        )
        assert isinstance(results[0], FeedUpdate) and results[0].new == 2
        assert isinstance(results[1], StoreError)
        assert isinstance(results[2], FeedUpdate) and results[2].new == 1
        assert store.count(ArticleQuery()) == 3
        assert {f.id: f.total for f in store.feeds()} == {first.id: 2, second.id: 1}
        assert store.integrity_ok()
        # Nothing is left open: a plain write after the batch is its own transaction.
        store.record_error(first.id, "later")
    with Store(tmp_path / "cache.db") as again:
        assert again.count(ArticleQuery()) == 3
        assert next(f for f in again.feeds() if f.id == first.id).last_error == "later"
