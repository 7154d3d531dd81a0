"""Writes batched into one transaction (Db.batch, the refresh writer's): each write is still
all-or-nothing on its own, and one failing write leaves the others stored."""

from __future__ import annotations

from pathlib import Path

from tests.engine.test_store import article
from tui_reader.engine.errors import StoreError
from tui_reader.engine.models import FeedUpdate, ParsedFeed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.engine.upsert import with_forms


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


def test_articles_known_unchanged_are_skipped_and_a_stale_guess_still_stores_all(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "cache.db") as store:
        feed, _ = store.add_feed("https://example.org/a.xml")
        store.apply_parsed(feed.id, ParsedFeed(articles=[article(1), article(2)]))
        known = store.known_digests(feed.id)
        assert set(known) == {article(1).key, article(2).key}
        # The everyday refresh: two known articles come back as bare digests, one is new.
        everyday = with_forms(ParsedFeed(articles=[article(3), article(1), article(2)]), known)
        assert everyday.forms is not None
        assert [isinstance(f, str) for f in everyday.forms] == [False, True, True]
        update = store.apply_parsed(feed.id, everyday)
        assert (update.new, update.updated) == (1, 0)
        # A guess gone stale (the article is not in this cache, or changed meanwhile): the
        # writer makes the whole article itself, so nothing is stored half.
        other, _ = store.add_feed("https://example.org/b.xml")
        stale = with_forms(ParsedFeed(articles=[article(4)]), {article(4).key: "0" * 20})
        assert stale.forms is not None and not isinstance(stale.forms[0], str)
        guessed = with_forms(ParsedFeed(articles=[article(5)]), {article(5).key: _digest(5)})
        assert guessed.forms is not None and isinstance(guessed.forms[0], str)
        assert store.apply_parsed(other.id, guessed).new == 1
        found = store.rows(ArticleQuery(search="topic2"), 0, 10)
        assert {a.title for a in found} >= {"Item number 5", "Item number 2"}
        (row,) = [a for a in found if a.title == "Item number 5"]
        stored = store.get_article(row.id)
        assert stored is not None and "Body of item 5" in stored.content


def _digest(n: int) -> str:
    form = with_forms(ParsedFeed(articles=[article(n)])).forms
    assert form is not None and not isinstance(form[0], str)
    return form[0].digest
