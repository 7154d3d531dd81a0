"""a and D in the app: the open episode's attachment played by a real command (a small
Python script that writes down its arguments) and downloaded from 127.0.0.1 in a worker;
the header then says "played" and "downloaded: <path>"."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from tests.feedserver import FeedServer
from tests.podcasts.helpers import AUDIO, podcast
from tests.ui.conftest import screen_text, settle, wait_until
from tui_reader.engine.parse import parse_feed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.app import ReaderApp

RECORDER = """
import json, os, sys
open(sys.argv[-1] + ".tmp", "w", encoding="utf-8").write(json.dumps(sys.argv[1:-1]))
os.replace(sys.argv[-1] + ".tmp", sys.argv[-1])
"""
HOSTILE_PATH = "/media/a%20b;touch%20PWNED%20$(id)%20'q%22%20{file}.mp3"


def episode(store: Store, server: FeedServer, path: str = "/media/episode1.mp3") -> int:
    """The podcast feed as served, through the real parser, stored as the newest article."""
    server.add(path, AUDIO, content_type="audio/mpeg")
    feed_url = server.url("/feed.xml")
    parsed = parse_feed(podcast(server, server.url(path)), feed_url)
    feed, _ = store.add_feed(feed_url, "Harbour Hour")
    parsed.articles[0].published = 2_000_000_000  # the newest: the list's first row
    store.apply_parsed(feed.id, parsed)
    return store.rows(ArticleQuery(feed_id=feed.id), 0, 1)[0].id


async def test_a_plays_the_attachment_with_the_player_and_remembers_it(
    make_app: Callable[..., ReaderApp], store: Store, feed_server: FeedServer, tmp_path: Path
) -> None:
    article_id = episode(store, feed_server, HOSTILE_PATH)
    script = tmp_path / "record.py"
    script.write_text(RECORDER)
    out = tmp_path / "argv.json"
    player = f"{sys.executable} '{script}' --title {{url}} '{out}'"
    app = make_app(player=player, player_console=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.reader.article is not None and app.reader.article.id == article_id
        assert "played" not in screen_text(app)
        await pilot.press("a")
        await wait_until(pilot, out.exists, "the player ran")
        await wait_until(pilot, lambda: "played" in screen_text(app), "the header says played")
        url = app.reader.article.enclosures[0].url
    assert json.loads(out.read_text()) == ["--title", url]  # the URL is one argument
    assert "$(id)" in url and "{file}" in url
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()
    again = store.get_article(article_id)
    assert again is not None and again.enclosure_state[url].played_at  # kept in the cache


async def test_D_downloads_in_a_worker_then_the_player_gets_the_file(
    make_app: Callable[..., ReaderApp], store: Store, feed_server: FeedServer, tmp_path: Path
) -> None:
    episode(store, feed_server)
    folder = tmp_path / "pods"
    script = tmp_path / "record.py"
    script.write_text(RECORDER)
    out = tmp_path / "argv.json"
    player = f"{sys.executable} '{script}' {{file}} {{url}} '{out}'"
    app = make_app(download_dir=str(folder), player=player, player_console=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")  # {file} before a download: says so, runs nothing
        await pilot.pause()
        assert not out.exists()
        await pilot.press("D")
        target = folder / "episode1.mp3"
        await wait_until(pilot, lambda: "downloaded:" in screen_text(app), "downloaded")
        assert target.read_bytes() == AUDIO
        await pilot.press("a")
        await wait_until(pilot, out.exists, "the player ran")
    url = feed_server.url("/media/episode1.mp3")
    assert json.loads(out.read_text()) == [str(target), url]
