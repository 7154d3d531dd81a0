"""kill -9 in the middle of a refresh: the cache stays whole and keeps every change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store

ROOT = Path(__file__).resolve().parents[2]
FEEDS = 40
ITEMS = 150


def write_feed(path: Path, n: int, word: str = "item") -> None:
    para = "<p>" + "Words that fill a paragraph of a long article. " * 30 + "</p>"
    items = "".join(
        f"<item><title>Feed {n} {word} {i}</title><guid>f{n}i{i}</guid>"
        f"<description><![CDATA[{para * 3}]]></description></item>"
        for i in range(ITEMS)
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>'
        f"{items}</channel></rss>"
    )


def start_big_refresh(
    store: Store, folder: Path, env: dict[str, str], word: str = "item"
) -> subprocess.Popen[bytes]:
    """Subscribe `store` to FEEDS feeds of ITEMS long items (titled with `word`) written in
    `folder`, then start `tui-reader refresh` on them in a process of its own, to kill."""
    for n in range(FEEDS):
        path = folder / f"feed{n}.xml"
        write_feed(path, n, word)
        store.add_feed(str(path))
    return subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "refresh", "--jobs", "4"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_kill_9_mid_refresh_keeps_cache_whole(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "TUI_READER_HOME": str(home)}
    # A first run loads the demo feeds; mark and star one article before the crash.
    subprocess.run(
        [sys.executable, "-m", "tui_reader", "feeds"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    db = home / "cache.db"
    with Store(db) as store:
        rows = store.rows(ArticleQuery(), 0, 3)
        store.set_read([rows[0].id, rows[1].id])
        store.set_starred(rows[2].id, True)
        proc = start_big_refresh(store, tmp_path, env)
    deadline = time.monotonic() + 60
    with Store(db) as watcher:
        while time.monotonic() < deadline and proc.poll() is None:
            stored = watcher.count(ArticleQuery(search="fill"))
            if stored >= ITEMS * 3:  # a few feeds are in, most are not
                break
            time.sleep(0.01)
    assert proc.poll() is None, "refresh finished before it could be killed; make it bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    with Store(db) as store:
        assert store.integrity_ok()
        assert store.get_article(rows[0].id).read and store.get_article(rows[1].id).read
        assert store.get_article(rows[2].id).starred
        per_feed = {
            f.url: f.total
            for f in store.feeds()
            if f.url.endswith(".xml") and "feed" in Path(f.url).name
        }
        # Each feed's update is one transaction: all of a feed's items, or none.
        assert set(per_feed.values()) <= {0, ITEMS}
        assert 0 < sum(per_feed.values()) < FEEDS * ITEMS
