"""Related articles over a real cache built from the bundled demo feeds."""

from __future__ import annotations

from pathlib import Path

from tui_reader.cli import open_store
from tui_reader.content.related import related_articles
from tui_reader.engine.models import ParsedFeed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.paths import resolve_paths

SEED = "Foreign Minister Supports ASEAN Efforts to Maintain Regional Stability"
REGIONAL = ("asean", "myanmar", "junta", "laos", "foreign ministers", "thailand", "five-point")


def demo_store(home: Path) -> Store:
    return open_store(resolve_paths(home))


def find(store: Store, title: str) -> int:
    rows = store.rows(ArticleQuery(), 0, 100)
    return next(r.id for r in rows if r.title == title)


def is_regional(title: str) -> bool:
    return any(word in title.lower() for word in REGIONAL)


def test_seed_story_brings_up_regional_items_above_unrelated(tmp_path: Path) -> None:
    with demo_store(tmp_path) as store:
        seed = store.get_article(find(store, SEED))
        related = related_articles(store, seed, limit=10)
        titles = [r.title for r in related]
        assert len(titles) >= 4
        assert SEED not in titles
        # Every regional item comes before any unrelated one, and the top ones are regional.
        flags = [is_regional(t) for t in titles]
        assert flags[:4] == [True] * 4
        assert flags == sorted(flags, reverse=True)
        # Deterministic.
        assert [r.id for r in related_articles(store, seed, limit=10)] == [r.id for r in related]


def test_unrelated_story_does_not_pull_in_the_regional_thread(tmp_path: Path) -> None:
    with demo_store(tmp_path) as store:
        rows = store.rows(ArticleQuery(), 0, 100)
        recipe = next(r for r in rows if r.title.startswith("Recipe"))
        titles = [r.title for r in related_articles(store, store.get_article(recipe.id))]
        assert sum(is_regional(t) for t in titles) <= 1


def test_same_story_copies_are_folded(tmp_path: Path) -> None:
    with demo_store(tmp_path) as store:
        seed = store.get_article(find(store, SEED))
        envoy = store.get_article(
            next(r.id for r in store.rows(ArticleQuery(), 0, 100) if "Envoy" in r.title)
        )
        mirror, _ = store.add_feed("https://mirror.example/feed.xml")
        copy = store.get_article(envoy.id)
        from tui_reader.engine.models import ParsedArticle

        dup = ParsedArticle(
            guid="mirror-1",
            link=copy.link,
            title=copy.title + " ",
            content=copy.content,
            published=copy.published,
        )
        retitled = ParsedArticle(
            guid="mirror-2",
            link="https://mirror.example/2",
            title=copy.title.upper(),
            content=copy.content,
        )
        store.apply_parsed(mirror.id, ParsedFeed(articles=[dup, retitled]))
        titles = [r.title.lower().strip() for r in related_articles(store, seed, limit=10)]
        assert titles.count(envoy.title.lower()) == 1
