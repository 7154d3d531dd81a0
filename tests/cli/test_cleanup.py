"""`tui-reader cleanup` end to end: a feed from a local server, a real cache, and the
cleanup's effect read back from the file (rows, index entries, size)."""

from __future__ import annotations

import time
from email.utils import formatdate
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store

DAY = 86_400
# guid -> (days old, a word only this article has)
ITEMS = {
    "old-read": (90, "zanzibar"),
    "old-starred": (90, "quokka"),
    "old-tagged": (90, "xylophone"),
    "old-unread": (90, "marzipan"),
    "new-read": (2, "tangerine"),
}


def feed(items: dict[str, tuple[int, str]]) -> bytes:
    now = time.time()
    body = "".join(
        f'<item><title>Story {guid}</title><guid isPermaLink="false">{guid}</guid>'
        f"<pubDate>{formatdate(now - days * DAY, usegmt=True)}</pubDate>"
        f"<description>A long text about {word} and more.</description></item>"
        for guid, (days, word) in items.items()
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Cleaned</title>'
        f"<link>https://example.org/</link>{body}</channel></rss>"
    ).encode()


@pytest.fixture
def cache(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> dict[str, int]:
    """The feed stored; every article read but old-unread, one starred, one tagged."""
    feed_server.add("/feed.xml", feed(ITEMS))
    assert run(capsys, "add", feed_server.url("/feed.xml"))[0] == 0
    with Store(data_dir / "cache.db") as store:
        ids = {r.title.removeprefix("Story "): r.id for r in store.rows(ArticleQuery(), 0, 99)}
        store.set_read([i for guid, i in ids.items() if guid != "old-unread"])
        store.set_starred(ids["old-starred"], True)
        with store.write() as conn:  # no tag command yet: the table schema 4 made
            conn.execute("INSERT INTO article_tags VALUES (?, 'keep')", (ids["old-tagged"],))
    return ids


def left(data_dir: Path) -> set[str]:
    with Store(data_dir / "cache.db") as store:
        return {r.title.removeprefix("Story ") for r in store.rows(ArticleQuery(), 0, 99)}


def found(capsys: pytest.CaptureFixture[str], word: str) -> bool:
    code, out, _ = run(capsys, "search", word)
    assert code == 0
    return bool(out.strip())


def test_dry_run_says_what_would_go_and_changes_nothing(
    data_dir: Path, cache: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "cleanup", "--older-than", "30d", "--dry-run")
    assert code == 0
    assert "would remove 1 article from 1 feed" in out and "Cleaned" in out
    assert left(data_dir) == set(ITEMS)


def test_cleanup_removes_old_read_articles_and_their_index_entries(
    data_dir: Path,
    cache: dict[str, int],
    feed_server: FeedServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert found(capsys, "zanzibar")
    code, out, _ = run(capsys, "cleanup", "--older-than", "30d")
    assert code == 0, out
    assert "removed 1 article from 1 feed" in out and "cache file:" in out
    assert left(data_dir) == set(ITEMS) - {"old-read"}
    assert not found(capsys, "zanzibar")  # its index entries went with it
    assert found(capsys, "quokka") and found(capsys, "tangerine")
    with Store(data_dir / "cache.db") as store:
        assert store.value("PRAGMA freelist_count") == 0  # the space went back to the disk
        assert store.integrity_ok()
    # The feed still lists it: a refresh must not bring it back as a new, unread article.
    assert run(capsys, "refresh")[0] == 0
    assert left(data_dir) == set(ITEMS) - {"old-read"}
    # Unread ones only when asked.
    code, out, _ = run(capsys, "cleanup", "--older-than", "4w", "--include-unread")
    assert code == 0 and "removed 1 article (1 unread)" in out
    assert left(data_dir) == {"old-starred", "old-tagged", "new-read"}
    assert not found(capsys, "marzipan")


def test_retention_settings_from_config(
    data_dir: Path, cache: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "config.toml").write_text("[retention]\nmax_per_feed = 1\n")
    code, out, _ = run(capsys, "cleanup")
    assert code == 0, out
    # The newest one (new-read) is the one kept by count; the others are protected.
    assert left(data_dir) == {"old-starred", "old-tagged", "old-unread", "new-read"}
    (data_dir / "config.toml").write_text("[retention]\nkeep_days = -3\nmax_per_feed = 'x'\n")
    code, _, err = run(capsys, "cleanup")
    assert code == 1 and "nothing to clean up by" in err
    assert "keep_days = -3 is out of range" in err and "line 2" in err
    assert "max_per_feed must be a whole number" in err and "line 3" in err


def test_bad_age_is_one_line(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "cleanup", "--older-than", "soon")
    assert code == 1 and err.strip().count("\n") == 0 and "like 30d or 4w" in err


def test_refresh_cleans_up_only_when_retention_is_set(
    data_dir: Path, cache: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "refresh")
    assert code == 0 and "cleaned up" not in out + err
    assert left(data_dir) == set(ITEMS)
    (data_dir / "config.toml").write_text("[retention]\nkeep_days = 30\n")
    code, out, err = run(capsys, "refresh")
    assert code == 0 and "1 old article cleaned up" in out + err
    assert left(data_dir) == set(ITEMS) - {"old-read"}
