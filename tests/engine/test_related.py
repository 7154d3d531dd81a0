"""Related articles over a real cache built from the bundled demo feeds."""

from __future__ import annotations

from pathlib import Path

from tui_reader.engine.models import Article, ParsedArticle, ParsedFeed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.related import DocCounts, article_total, doc_frequency, related_articles
from tui_reader.engine.store import Store
from tui_reader.library import Library
from tui_reader.paths import resolve_paths

SEED = "Foreign Minister Supports ASEAN Efforts to Maintain Regional Stability"
REGIONAL = ("asean", "myanmar", "junta", "laos", "foreign ministers", "thailand", "five-point")


def demo_library(home: Path) -> Library:
    """The cache a first start makes, with the bundled demo feeds."""
    return Library.open(resolve_paths(home))


def find(library: Library, title: str) -> int:
    rows = library.rows(ArticleQuery(), 0, 100)
    return next(r.id for r in rows if r.title == title)


def article(library: Library, article_id: int) -> Article:
    found = library.article(article_id)
    assert found is not None
    return found


def is_regional(title: str) -> bool:
    return any(word in title.lower() for word in REGIONAL)


def test_seed_story_brings_up_regional_items_above_unrelated(tmp_path: Path) -> None:
    with demo_library(tmp_path) as library:
        seed = article(library, find(library, SEED))
        related = library.related(seed, limit=10)
        titles = [r.title for r in related]
        assert len(titles) >= 4
        assert SEED not in titles
        # Every regional item comes before any unrelated one, and the top ones are regional.
        flags = [is_regional(t) for t in titles]
        assert flags[:4] == [True] * 4
        assert flags == sorted(flags, reverse=True)
        # Deterministic.
        assert [r.id for r in library.related(seed, limit=10)] == [r.id for r in related]


def test_unrelated_story_does_not_pull_in_the_regional_thread(tmp_path: Path) -> None:
    with demo_library(tmp_path) as library:
        rows = library.rows(ArticleQuery(), 0, 100)
        recipe = next(r for r in rows if r.title.startswith("Recipe"))
        titles = [r.title for r in library.related(article(library, recipe.id))]
        assert sum(is_regional(t) for t in titles) <= 1


def test_same_story_copies_are_folded(tmp_path: Path) -> None:
    with demo_library(tmp_path) as library:
        seed = article(library, find(library, SEED))
        envoy = article(
            library,
            next(r.id for r in library.rows(ArticleQuery(), 0, 100) if "Envoy" in r.title),
        )
        mirror, _ = library.add_feed("https://mirror.example/feed.xml")
        copy = envoy
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
        library.store_parsed(mirror.id, ParsedFeed(articles=[dup, retitled]))
        titles = [r.title.lower().strip() for r in library.related(seed, limit=10)]
        assert titles.count(envoy.title.lower()) == 1


def test_document_counts_are_kept_until_the_cache_grows_by_a_twentieth(tmp_path: Path) -> None:
    with demo_library(tmp_path) as library, Store(library.path, readonly=True) as ranking:
        feed, _ = library.add_feed("https://more.example/feed.xml")
        notes = [ParsedArticle(guid=f"m{i}", title=f"ASEAN note {i}") for i in range(300)]
        library.store_parsed(feed.id, ParsedFeed(articles=notes[:100]))
        counts = DocCounts()
        first = counts.of(ranking, ["asean"], article_total(ranking))["asean"]
        assert first == doc_frequency(ranking, "asean") > 100
        # One article more: the remembered count stands (no walk of the posting list).
        library.store_parsed(feed.id, ParsedFeed(articles=notes[:101]))
        assert counts.of(ranking, ["asean"], article_total(ranking))["asean"] == first
        # Twice the articles: counted afresh.
        library.store_parsed(feed.id, ParsedFeed(articles=notes))
        fresh = counts.of(ranking, ["asean"], article_total(ranking))["asean"]
        assert fresh == doc_frequency(ranking, "asean") == first + 200


def test_related_are_found_across_the_whole_cache_not_a_window(tmp_path: Path) -> None:
    # The story's follow-up came 25,000 articles later: a ranking within the 20,000 ids
    # around the open article (as before) never saw it.
    words = "glacier moraine crevasse icefield meltwater firn serac"
    with Store(tmp_path / "cache.db") as store:
        feed, _ = store.add_feed("https://far.example/feed.xml")
        story = ParsedArticle(guid="story", title="Glacier moraine survey", content=words)
        filler = [
            ParsedArticle(guid=f"f{i}", title=f"Market note {i}", content=f"trade price {i}")
            for i in range(25_000)
        ]
        follow = ParsedArticle(guid="follow", title="Crevasse and serac report", content=words)
        store.apply_parsed(feed.id, ParsedFeed(articles=[story]))
        store.apply_parsed(feed.id, ParsedFeed(articles=filler))
        store.apply_parsed(feed.id, ParsedFeed(articles=[follow]))
        seed = store.get_article(store.rows(ArticleQuery(search="moraine survey"), 0, 1)[0].id)
        assert seed is not None
        titles = [r.title for r in related_articles(store, seed)]
        assert titles == ["Crevasse and serac report"]


def test_hidden_articles_are_never_related(tmp_path: Path) -> None:
    """An article hidden (by `hide`, a rule or a feed setting) stays out of the related pane,
    as it does out of every list."""
    with demo_library(tmp_path) as library:
        seed = article(library, find(library, SEED))
        before = [r.id for r in library.related(seed, limit=10)]
        assert len(before) >= 2
        library.set_hidden([before[0]])
        after = [r.id for r in library.related(seed, limit=10)]
        assert before[0] not in after and before[1] in after
        library.set_hidden([before[0]], hidden=False)
        assert [r.id for r in library.related(seed, limit=10)] == before
