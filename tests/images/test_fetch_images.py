"""Images fetched at refresh for offline reading, as a user meets them: a feed on 127.0.0.1
whose article shows a real PNG; hostile images refused with the article kept whole."""

from __future__ import annotations

import io
import sqlite3
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests.cli.helpers import rss, run
from tests.feedserver import FeedServer


def png(width: int, height: int, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def png_bomb(width: int, height: int) -> bytes:
    """A valid PNG header claiming width x height, with a tiny compressed body: a few KB
    that would decode to gigabytes."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    raw = zlib.compress(b"\x00" * (width + 1) * 64, 9)  # first rows only: enough to lie
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def images(data_dir: Path) -> dict[str, tuple[bytes | None, int, int, str | None]]:
    conn = sqlite3.connect(data_dir / "cache.db")
    try:
        rows = conn.execute("SELECT url, data, width, height, error FROM images").fetchall()
    finally:
        conn.close()
    return {url: (data, w, h, error) for url, data, w, h, error in rows}


def add_feed(
    server: FeedServer,
    description: str,
    capsys: pytest.CaptureFixture[str],
    *,
    refresh: bool = False,
) -> None:
    """Subscribe (and store the feed's article), or subscribe only and then refresh."""
    server.add("/feed.xml", rss("Gallery", [("g1", "A picture", description)], pages=None))
    fetch = ["--no-fetch"] if refresh else []
    code, _, err = run(capsys, "add", *fetch, server.url("/feed.xml"))
    assert code == 0, err
    if refresh:
        code, _, err = run(capsys, "refresh")
        assert code == 0, err


def test_an_articles_image_is_fetched_at_refresh_and_stored_downscaled(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.add("/img/harbour.png", png(1600, 900), content_type="image/png")
    src = feed_server.url("/img/harbour.png")
    add_feed(
        feed_server,
        f"&lt;p&gt;The harbour.&lt;img src='{src}' alt='Harbour'&gt;&lt;/p&gt;",
        capsys,
        refresh=True,
    )
    stored = images(data_dir)
    assert list(stored) == [src]
    data, width, height, error = stored[src]
    assert error is None and data is not None
    assert (width, height) == (800, 450)
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (800, 450)
        assert img.getpixel((400, 200)) == pytest.approx((200, 30, 30), abs=8)


def test_hostile_images_are_refused_and_the_article_is_kept(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.add("/bomb.png", png_bomb(60_000, 60_000), content_type="image/png")
    feed_server.add("/page.png", b"<html>not an image</html>", content_type="image/png")
    feed_server.add("/pixel.png", png(1, 1), content_type="image/png")
    feed_server.add("/spacer.png", png(300, 300), content_type="image/png")
    feed_server.add("/ok.png", png(40, 30), content_type="image/png")
    tags = (
        "".join(
            f"&lt;img src='{src}'&gt;"
            for src in [
                feed_server.url("/bomb.png"),
                feed_server.url("/page.png"),
                feed_server.url("/pixel.png"),
                "ftp://127.0.0.1/x.png",
                "file:///etc/passwd",
            ]
        )
        + f"&lt;img src='{feed_server.url('/spacer.png')}' width='1' height='1'&gt;"
    )
    tags += f"&lt;img src='{feed_server.url('/ok.png')}'&gt;"
    add_feed(feed_server, f"&lt;p&gt;Words stay.{tags}&lt;/p&gt;", capsys)
    stored = images(data_dir)
    assert "too large" in (stored[feed_server.url("/bomb.png")][3] or "")
    assert "not an image" in (stored[feed_server.url("/page.png")][3] or "")
    assert "tracking pixel" in (stored[feed_server.url("/pixel.png")][3] or "")
    assert all(stored[u][0] is None for u in stored if not u.endswith("/ok.png"))
    assert stored[feed_server.url("/ok.png")][1:3] == (40, 30)
    # Never asked for: not http(s), or a 1x1 by its attributes.
    assert not any(u.startswith(("ftp:", "file:")) for u in stored)
    assert feed_server.requests_for("/spacer.png") == []
    code, out, _ = run(capsys, "show", "1")
    assert code == 0 and "Words stay." in out


def test_images_off_fetches_none(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "config.toml").write_text('images = "off"\n')
    feed_server.add("/img/a.png", png(100, 100), content_type="image/png")
    add_feed(feed_server, f"&lt;img src='{feed_server.url('/img/a.png')}'&gt;", capsys)
    assert images(data_dir) == {}
    assert feed_server.requests_for("/img/a.png") == []


def test_a_full_texts_images_come_with_it(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli.test_fulltext import PARAGRAPHS, TEASER, article_page, feed

    feed_server.add("/img/wall.png", png(500, 250), content_type="image/png")
    page = article_page(
        "Harbour council meets", PARAGRAPHS, "<p><img src='/img/wall.png' alt='Sea wall'></p>"
    )
    feed_server.add("/pages/s1.html", page, content_type="text/html")
    feed_server.add("/feed.xml", feed(feed_server, [("s1", "Harbour council meets", TEASER)]))
    code, _, err = run(capsys, "add", "--full-text", feed_server.url("/feed.xml"))
    assert code == 0, err
    # The page's relative src, resolved against the page.
    stored = images(data_dir)
    assert list(stored) == [feed_server.url("/img/wall.png")]
    assert stored[feed_server.url("/img/wall.png")][1:] == (500, 250, None)


def test_images_go_with_their_article(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.add("/img/a.png", png(100, 100), content_type="image/png")
    add_feed(feed_server, f"&lt;img src='{feed_server.url('/img/a.png')}'&gt;", capsys)
    assert len(images(data_dir)) == 1
    code, _, err = run(capsys, "remove", "1")
    assert code == 0, err
    assert images(data_dir) == {}


def test_a_bad_images_setting_is_a_warning_and_the_default(tmp_path: Path) -> None:
    from tui_reader.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('images = "sixel"\n')
    config = load_config(path)
    assert config.images == "auto"
    assert any("auto, blocks or off" in w for w in config.warnings), config.warnings
