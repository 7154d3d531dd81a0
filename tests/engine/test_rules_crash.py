"""A rule's effect is stored with the article it applies to: a second process never sees an
article without it, and kill -9 in the middle of a refresh never leaves one behind."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.engine.test_crash import FEEDS, ITEMS, start_big_refresh
from tui_reader.engine.store import Store

RULES = """
[[rules]]
match = "title:zebrafinch"
action = "tag:bird"

[[rules]]
match = "title:zebrafinch"
action = "read"
"""


def counts(store: Store) -> tuple[int, int, int]:
    """(articles stored, tagged by the rule, marked read by the rule), read in one statement
    so that all three see the same commit."""
    (row,) = store.select(
        "SELECT (SELECT count(*) FROM articles WHERE title LIKE '%zebrafinch%') AS stored, "
        "(SELECT count(*) FROM article_tags WHERE tag = 'bird') AS tagged, "
        "(SELECT count(*) FROM articles WHERE title LIKE '%zebrafinch%' AND read = 1) AS read"
    )
    return row["stored"], row["tagged"], row["read"]


def test_rules_are_applied_in_the_transaction_that_stores_the_article(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(RULES)
    env = {**os.environ, "TUI_READER_HOME": str(home)}
    with Store(home / "cache.db") as store:
        proc = start_big_refresh(store, tmp_path, env, word="zebrafinch")
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    with Store(home / "cache.db") as watcher:
        while time.monotonic() < deadline and proc.poll() is None:
            stored, tagged, read = counts(watcher)
            assert stored == tagged == read, "an article was visible without its rules"
            seen.add(stored)
            if stored >= ITEMS * 4:  # a few feeds are in, most are not
                break
            time.sleep(0.005)
    assert proc.poll() is None, "refresh finished before it could be killed; make it bigger"
    assert len(seen - {0}) >= 2, "the watcher never saw feeds being stored"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(home / "cache.db") as store:
        assert store.integrity_ok()
        stored, tagged, read = counts(store)
        assert 0 < stored < FEEDS * ITEMS
        assert stored == tagged == read
