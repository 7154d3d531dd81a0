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
from tests.pty_terminal import KITTY, KITTY_QUERY, PLAIN, SILENT, SIXEL, PtyTerminal, plain
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


def open_article(term: PtyTerminal) -> None:
    """Enter on the article (the reader may show it already, as the list's first)."""
    term.wait_for(b"Harbour pictures")
    term.keys(b"\r")


def placed(out: bytes) -> tuple[dict[str, str], bytes, re.Match[bytes]] | None:
    """The last Kitty image sent, if its placement and its placeholder rows followed."""
    images = kitty_images(out)
    if not images:
        return None
    keys, data = images[-1]
    image_id = int(keys["i"])
    placement = re.search(rf"a=p,U=1,i={image_id},c=(\d+),r=(\d+)".encode(), out)
    colour = f"38;2;{image_id >> 16};{(image_id >> 8) & 255};{image_id & 255}".encode()
    row = re.compile(re.escape(colour) + rb"[;\d]*m" + re.escape(PLACEHOLDER))
    if placement is None or row.search(out, placement.end()) is None:
        return None
    return keys, data, placement


def sixel_rows(out: bytes) -> tuple[int, list[int]] | None:
    """(width, screen rows) of the last Sixel image's bands, once they make a whole image:
    consecutive rows in one column, as many as its shape asks (800 x 200: a row per 8 cells)."""
    drawn = re.findall(rb'\x1b7\x1b\[(\d+);(\d+)H\x1bP0;0;0q"1;1;(\d+);20', out)
    if not drawn:
        return None
    width = int(drawn[-1][2])
    spots = {(int(row), int(col)) for row, col, w in drawn if int(w) == width}
    rows = sorted(row for row, _ in spots)
    whole = rows == list(range(rows[0], rows[0] + round(width / 10 / 8)))
    return (width, rows) if whole and len({col for _, col in spots}) == 1 else None


def pillow_loaded(term: PtyTerminal) -> bool:
    return "PIL/_imaging" in Path(f"/proc/{term.proc.pid}/maps").read_text()


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
        open_article(term)
        # The last image sent (a reader that settled its width at start may have sent and
        # freed one before), then its placement, then rows of placeholder cells in its
        # colour: the image id.
        out = term.wait_until(lambda o: placed(o) is not None, "an image placed and shown")
        found = placed(out)
        assert found is not None
        keys, data, placement = found
        cols, rows = int(placement[1]), int(placement[2])
        with Image.open(io.BytesIO(data)) as img:
            # Scaled to the reader's column in cells of 10 x 20 pixels (the terminal said),
            # keeping its shape; the image's own colour.
            assert 30 <= cols < 80 and img.size == (cols * 10, rows * 20)
            assert abs(img.width / img.height - 4) < 0.5
            assert img.convert("RGB").getpixel((img.width // 2, img.height // 2)) == RED
        assert b"Boats went out early." in term.seen()
        assert "▀".encode() not in out
        # i: the same image full-size, sent again larger, freed when closed.
        mark = term.mark()
        term.keys(b"i")
        out = term.wait_until(lambda o: b"a=p,U=1" in o, "the full-size image", after=mark)
        keys, data = kitty_images(out)[-1]
        with Image.open(io.BytesIO(data)) as img:
            assert img.size == (800, 200)  # all its stored pixels: 80 x 10 cells
        term.keys(b"\x1b")
        term.wait_for(f"a=d,d=I,i={keys['i']}".encode(), after=mark)


def test_sixel_terminal_gets_the_image_as_sixel_bands(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    home = gallery(tmp_path, feed_server)
    with PtyTerminal.start(home, answers=SIXEL) as term:
        open_article(term)
        out = term.wait_until(lambda o: sixel_rows(o) is not None, "the image's Sixel bands")
        width, rows = sixel_rows(out) or (0, [])
        # One band a text row, one below the other, 20 pixels high and as wide as the
        # reader's column (the last width drawn: the reader may settle its width at start).
        assert 300 <= width < 800 and len(rows) == round(width / 10 / 8)
        bands = [body for w, h, body in SIXEL_IMAGE.findall(out) if int(w) == width]
        assert all(b"#0;2;78;12;12" in body for body in bands)  # red: 78%, 12%, 12%
        assert b"\x1b_Ga=t" not in out  # no Kitty image where the terminal has Sixel
        mark = term.mark()
        term.keys(b"i")
        # Full-size: all its stored pixels, 800 wide (the reader's bands may be redrawn too).
        term.wait_for(b'\x1bP0;0;0q"1;1;800;20', after=mark)


def test_a_terminal_without_graphics_keeps_the_placeholder(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # An xterm without Sixel answers the start-up query with DA1 only; one that answers
    # nothing makes the app wait out its deadline. Both: the placeholder, no pixels.
    home = gallery(tmp_path, feed_server)
    for answers in (PLAIN, SILENT):
        with PtyTerminal.start(home, answers=answers) as term:
            open_article(term)
            term.wait_for(b"Boats went out early.")
            term.wait_until(lambda o: b"[image 1: The harbour]" in plain(o), "the placeholder")
            assert "▀".encode() not in term.seen() and not pillow_loaded(term)
            term.keys(b"i")  # full-size: half-blocks here; with a protocol it would use that
            term.wait_for("▀▀▀▀".encode())
            out = term.seen()
            assert b"\x1b_Ga=t" not in out and b"\x1bP0;0;0q" not in out


def test_a_graphics_terminal_start_loads_no_image_library(tmp_path: Path) -> None:
    # Asked and answered as kitty, the first screen (the demo feeds: no image) has loaded
    # neither Pillow nor textual-image (which brings Pillow): its C part is not mapped.
    with PtyTerminal.start(tmp_path / "home", "--offline", answers=KITTY) as term:
        term.wait_until(lambda o: b" unread" in plain(o), "the first screen")
        assert KITTY_QUERY in term.seen()
        assert not pillow_loaded(term)


def test_a_slow_link_still_gets_pixels_and_no_stray_keys(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # kitty over a slow ssh link: every reply 0.3 s late. The app waits for DA1's, so the
    # replies are read as replies, not as keys ("t" in the cell size's would open Tags).
    home = gallery(tmp_path, feed_server)
    with PtyTerminal.start(home, answers=KITTY, delay=0.3) as term:
        open_article(term)
        term.wait_until(lambda o: placed(o) is not None, "an image placed and shown")
        assert b"Type tags" not in plain(term.seen())


def test_kitty_without_24_bit_colour_keeps_the_placeholder(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # The image id rides in the placeholders' 24-bit colour; an app in 256 colours (no
    # COLORTERM) would send another id, so it sends no image and keeps the placeholder.
    home = gallery(tmp_path, feed_server)
    with PtyTerminal.start(home, answers=KITTY, env={"COLORTERM": ""}) as term:
        open_article(term)
        term.wait_until(lambda o: b"[image 1: The harbour]" in plain(o), "the placeholder")
        term.wait_for(b"Boats went out early.")
        term.keys(b"i")  # full-size: half-blocks, as in any terminal without graphics
        term.wait_for("▀▀▀▀".encode())
        assert b"\x1b_Ga=t" not in term.seen() and PLACEHOLDER not in term.seen()
