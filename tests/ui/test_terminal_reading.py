"""Reading in a real terminal, on a cache an earlier run of the app made: skimming headlines,
typing a search and switching views leave articles unread; Enter and n mark them read.

The read state is checked in the SQLite file after the app has quit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tmux import Tmux, needs_tmux
from tests.ui.conftest import SEED_TITLE
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store

pytestmark = needs_tmux

DELAY = 0.3  # mark_read_delay in config.toml; each skimmed row rests longer than this
READER_X = 50  # at 120 columns the reader starts right of this column; the list is left of it


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    with Tmux.session(tmp_path) as t:
        yield t


def in_reader(text: str) -> object:
    return lambda screen: any(line.find(text, READER_X) >= 0 for line in screen.splitlines())


def first_run(tmux: Tmux, home: Path) -> None:
    """The first start loads the demo feeds into a new cache; quit at once."""
    tmux.start_app(home)
    tmux.wait_for("All")
    tmux.keys("q")
    status, _ = tmux.wait_exit(timeout=30)
    assert status == 0


def read_ids(db: Path) -> set[int]:
    with Store(db) as store:
        return {r.id for r in store.iter_rows(ArticleQuery()) if r.read}


def test_only_opened_articles_are_marked_read(tmux: Tmux, tmp_path: Path) -> None:
    home = tmp_path / "home"
    first_run(tmux, home)
    (home / "config.toml").write_text(f"mark_read_delay = {DELAY}\n")
    db = home / "cache.db"
    with Store(db) as store:
        rows = store.rows(ArticleQuery(), 0, 5)
        feed = store.feeds()[-1]
    assert read_ids(db) == set()

    tmux.start_app(home, "--offline")
    tmux.wait_for(rows[0].title[:20])
    # Skim the headlines: the reader follows the cursor; each row rests past the delay.
    for row in rows[1:5]:
        tmux.keys("j")
        tmux.wait_until(in_reader(row.title[:24]), f"{row.title!r} in the reader")
        time.sleep(DELAY * 2)  # the time that passes is what is tested, not a synchronisation
    # A search typed letter by letter: the reader previews the top hit as it narrows.
    # Each key waits for the screen the one before it made: a key sent while focus is still
    # moving would land in the pane being left.
    tmux.keys("/")
    tmux.wait_for("Search the cache")
    tmux.keys(*"reiterat")
    tmux.wait_until(in_reader(SEED_TITLE[:24]), "the search's top hit in the reader")
    time.sleep(DELAY * 2)
    tmux.keys("Escape")  # alone: Esc followed at once by a key would arrive as Alt+key
    tmux.wait_gone("reiterat")
    # Another view from the picker: the reader previews its first row.
    tmux.keys("v")
    tmux.wait_for("Show")
    tmux.keys("G", "Enter")  # the last choice: a feed
    tmux.wait_for(feed.display_title[:20])
    time.sleep(DELAY * 2)
    assert read_ids(db) == set(), "skimmed, searched or switched-to articles were marked read"
    # Opening is reading: Enter, then n for the next unread one.
    tmux.keys("Enter")
    opened = _wait_one_read(db)
    tmux.keys("n")  # the next unread article, from wherever the focus is
    wait_read_count(db, 2)
    tmux.keys("h", "q")
    status, _ = tmux.wait_exit()
    assert status == 0
    read = read_ids(db)
    assert len(read) == 2 and opened in read
    with Store(db) as store:
        assert all(store.get_article(i).feed_id == feed.id for i in read)


def _wait_one_read(db: Path) -> int:
    wait_read_count(db, 1)
    (only,) = read_ids(db)
    return only


def wait_read_count(db: Path, count: int, timeout: float = 10) -> None:
    end = time.monotonic() + timeout
    while len(read_ids(db)) < count:
        assert time.monotonic() < end, f"{count} articles were never marked read"
        time.sleep(0.05)


def test_the_first_screen_shows_the_newest_article_unread(tmux: Tmux, tmp_path: Path) -> None:
    home = tmp_path / "home"
    first_run(tmux, home)
    (home / "config.toml").write_text("mark_read_delay = 0.1\n")
    db = home / "cache.db"
    with Store(db) as store:
        newest = store.rows(ArticleQuery(), 0, 1)[0]
    tmux.start_app(home, "--offline")
    tmux.wait_until(in_reader(newest.title[:24]), "the newest article in the reader")
    time.sleep(0.3)  # longer than mark_read_delay: what is tested is that nothing happens
    tmux.keys("q")
    assert tmux.wait_exit()[0] == 0
    assert read_ids(db) == set()
