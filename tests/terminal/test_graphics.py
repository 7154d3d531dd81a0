"""images = "auto" in a graphics terminal: the test plays the terminal (tests/pty_terminal.py),
answering the app's start-up query as kitty or as a Sixel terminal does, and reads what the
app writes when an article with a cached image is opened (the server that had it gone)."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from PIL import Image

from tests.feedserver import FeedServer
from tests.images.test_fetch_images import png
from tests.pty_terminal import KITTY, PLAIN, SILENT, SIXEL, PtyTerminal, plain
from tests.terminal.test_daily_loop import cli
from tests.terminal.test_images import serve_gallery

RED = (200, 30, 30)
PLACEHOLDER = chr(0x10EEEE).encode()
KITTY_MESSAGE = re.compile(rb"\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\")
SIXEL_IMAGE = re.compile(rb'\x1bP0;0;0q"1;1;(\d+);(\d+)(.*?)\x1b\\', re.S)


def gallery(tmp_path: Path, feed_server: FeedServer) -> Path:
    """A home whose cache a real refresh filled (an 800 x 200 red PNG), the server stopped."""
    home = tmp_path / "home"
    home.mkdir()
    cli(home, "add", serve_gallery(feed_server, png(800, 200, RED)))
    feed_server.stop()
    return home


def open_article(term: PtyTerminal) -> int:
    term.wait_for(b"Harbour pictures")
    mark = term.mark()
    term.keys(b"\r")
    return mark


def kitty_images(out: bytes) -> list[tuple[dict[str, str], bytes]]:
    """Each image sent (keys of its first chunk, PNG bytes), chunks joined."""
    images: list[tuple[dict[str, str], bytes]] = []
    payload = b""
    keys: dict[str, str] = {}
    for found in KITTY_MESSAGE.finditer(out):
        fields = dict(kv.split("=", 1) for kv in found[1].decode().split(","))
        if fields.get("a") == "t":
            keys, payload = fields, b""
        if "m" in fields and keys:
            payload += found[2] or b""
            if fields["m"] == "0":
                images.append((keys, base64.standard_b64decode(payload)))
                keys = {}
    return images


def test_kitty_gets_the_cached_image_and_placeholder_rows(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    home = gallery(tmp_path, feed_server)
    with PtyTerminal.start(home, answers=KITTY) as term:
        mark = open_article(term)
        out = term.wait_until(
            lambda o: b"a=p,U=1" in o and PLACEHOLDER in o, "a placement", after=mark
        )
        [(keys, data)] = kitty_images(out)
        image_id = int(keys["i"])
        placement = re.search(rf"a=p,U=1,i={image_id},c=(\d+),r=(\d+)".encode(), out)
        assert placement is not None
        cols, rows = int(placement[1]), int(placement[2])
        with Image.open(io.BytesIO(data)) as img:
            # Scaled to the reader's column in cells of 10 x 20 pixels (the terminal said),
            # keeping its shape; the image's own colour.
            assert 30 <= cols < 80 and img.size == (cols * 10, rows * 20)
            assert abs(img.width / img.height - 4) < 0.5
            assert img.convert("RGB").getpixel((img.width // 2, img.height // 2)) == RED
        # The rows: placeholder cells in the image id's colour, after the image was sent.
        colour = f"38;2;{image_id >> 16};{(image_id >> 8) & 255};{image_id & 255}".encode()
        assert colour in out[placement.end() :]
        assert b"Boats went out early." in term.seen()
        assert "▀".encode() not in out
        # i: the same image full-size, sent again larger, freed when closed.
        mark = term.mark()
        term.keys(b"i")
        out = term.wait_until(lambda o: b"a=p,U=1" in o, "the full-size image", after=mark)
        [(keys, data)] = kitty_images(out)
        with Image.open(io.BytesIO(data)) as img:
            assert img.size == (800, 200)  # all its stored pixels: 80 x 10 cells
        term.keys(b"\x1b")
        term.wait_for(f"a=d,d=I,i={keys['i']}".encode(), after=mark)


def test_sixel_terminal_gets_the_image_as_sixel_bands(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    home = gallery(tmp_path, feed_server)
    with PtyTerminal.start(home, answers=SIXEL) as term:
        mark = open_article(term)
        out = term.wait_until(
            lambda o: len(SIXEL_IMAGE.findall(o)) >= 5, "5 Sixel bands", after=mark
        )
        bands = SIXEL_IMAGE.findall(out)
        # One band a row of 20 pixels, as wide as the reader's column; red (78%, 12%, 12%).
        [(width, height)] = {(int(w), int(h)) for w, h, _ in bands}
        assert 300 <= width < 800 and height == 20
        assert all(b"#0;2;78;12;12" in body for _, _, body in bands)
        # Each band at its own text row, one below the other, in the reader's column.
        spots = [(int(r), int(c)) for r, c in re.findall(rb"\x1b7\x1b\[(\d+);(\d+)H\x1bP", out)]
        rows = sorted({row for row, _ in spots[-5:]})
        assert rows == list(range(rows[0], rows[0] + 5)) and len({c for _, c in spots}) == 1
        assert b"\x1b_G" not in out  # no Kitty graphics where the terminal has Sixel
        mark = term.mark()
        term.keys(b"i")
        out = term.wait_until(lambda o: SIXEL_IMAGE.search(o) is not None, "Sixel", after=mark)
        assert int(SIXEL_IMAGE.findall(out)[0][0]) == 800  # full-size: all its stored pixels


def test_a_terminal_without_graphics_keeps_the_placeholder(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # An xterm without Sixel answers the start-up query with DA1 only; one that answers
    # nothing makes the app wait out its deadline. Both: the placeholder, no pixels.
    home = gallery(tmp_path, feed_server)
    for answers in (PLAIN, SILENT):
        with PtyTerminal.start(home, answers=answers) as term:
            mark = open_article(term)
            out = term.wait_for(b"Boats went out early.", after=mark)
            term.wait_until(lambda o: b"[image 1: The harbour]" in plain(o), "the placeholder")
            assert b"\x1b_Ga=t" not in out and b"\x1bP0;0;0q" not in out
            assert "▀".encode() not in out
