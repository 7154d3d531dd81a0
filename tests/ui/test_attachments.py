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
from tests.ui.conftest import notifications, screen_text, settle, wait_until
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
        await wait_until(
            pilot,
            lambda: any("download the attachment first" in n for n in notifications(app)),
            "the notice that the player wants a file",
        )
        assert not out.exists()
        await pilot.press("D")
        target = folder / "episode1.mp3"
        await wait_until(pilot, lambda: "downloaded:" in screen_text(app), "downloaded")
        assert target.read_bytes() == AUDIO
        await pilot.press("a")
        await wait_until(pilot, out.exists, "the player ran")
    url = feed_server.url("/media/episode1.mp3")
    assert json.loads(out.read_text()) == [str(target), url]


STALL = (30_000, 60.0)  # 30,000 bytes at once, then nothing for a minute: in flight till stopped


async def test_d_stops_a_download_keeping_the_part_and_D_resumes_it(
    make_app: Callable[..., ReaderApp], store: Store, feed_server: FeedServer, tmp_path: Path
) -> None:
    episode(store, feed_server)
    media = "/media/episode1.mp3"
    feed_server.add(media, AUDIO, content_type="audio/mpeg", trickle=STALL)
    folder = tmp_path / "pods"
    app = make_app(download_dir=str(folder))
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        assert "Stop download" not in screen_text(app)  # offered only while one runs
        await pilot.press("D")
        counted = "downloading episode1.mp3: 30.0 kB of 102.4 kB (29%)"
        await wait_until(pilot, lambda: counted in screen_text(app), "the bytes so far")
        shown = screen_text(app)
        assert "Stop download" in shown  # the footer's hint
        assert "· downloading" in shown  # the attachment's line in the header
        await pilot.press("d")  # the server is stalled: the stop must not wait for it
        said = "download stopped: episode1.mp3 (30.0 kB of 102.4 kB kept); D resumes"
        await wait_until(pilot, lambda: said in screen_text(app), "the stop", timeout=10)
        header = ["· stopped: 30.0 kB of", "102.4 kB kept"]  # the reader wraps it
        await wait_until(pilot, lambda: all(t in screen_text(app) for t in header), "header")
        assert "Stop download" not in screen_text(app)
        [part] = folder.glob("*.part")
        assert part.read_bytes() == AUDIO[:30_000]
        feed_server.add(media, AUDIO, content_type="audio/mpeg", ranges=True)
        await pilot.press("D")
        await wait_until(pilot, lambda: "downloaded:" in screen_text(app), "downloaded")
        assert "kept" not in screen_text(app)
    assert feed_server.requests_for(media)[-1].headers["range"] == "bytes=30000-"
    assert (folder / "episode1.mp3").read_bytes() == AUDIO
    assert not list(folder.glob("*.part"))


async def test_a_stopped_download_is_shown_when_the_episode_is_opened_later(
    make_app: Callable[..., ReaderApp], store: Store, feed_server: FeedServer, tmp_path: Path
) -> None:
    """The .part left by an earlier session (or by Ctrl+C on the CLI) is the state."""
    episode(store, feed_server)
    folder = tmp_path / "pods"
    feed_server.add("/media/episode1.mp3", AUDIO, content_type="audio/mpeg", trickle=STALL)
    first = make_app(download_dir=str(folder))
    async with first.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await wait_until(pilot, lambda: "(29%)" in screen_text(first), "the bytes so far")
    # the first session has ended; its .part is what a later one finds
    [part] = folder.glob("*.part")
    assert part.stat().st_size == 30_000
    again = make_app(download_dir=str(folder))
    async with again.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        text = screen_text(again)
        assert "· stopped: 30.0 kB of" in text and "102.4 kB kept" in text
        assert "downloading" not in text


async def test_a_download_of_unknown_size_counts_bytes_alone(
    make_app: Callable[..., ReaderApp], store: Store, feed_server: FeedServer, tmp_path: Path
) -> None:
    episode(store, feed_server)
    feed_server.add(
        "/media/episode1.mp3", AUDIO, content_type="audio/mpeg", trickle=STALL, chunked=True
    )
    app = make_app(download_dir=str(tmp_path / "pods"))
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        counted = "downloading episode1.mp3: 30.0 kB "
        await wait_until(pilot, lambda: counted in screen_text(app), "the bytes so far")
        assert "%)" not in screen_text(app)
        await pilot.press("d")
        said = "download stopped: episode1.mp3 (30.0 kB kept); D resumes"
        await wait_until(pilot, lambda: said in screen_text(app), "the stop", timeout=10)
