"""Images drawn by the terminal itself (Kitty graphics, Sixel), as lines of the reader's
Line API like the half-blocks (halfblocks.py), so they scroll with the text around them.

Kitty: the image is sent once (PNG, base64, 4 KB chunks) with a virtual placement, and each
row is a line of Unicode placeholder cells (U+10EEEE, a diacritic for the row and one for
the column, the image id in the foreground colour): text to Textual, pixels to kitty.
Sixel: every row is its own small Sixel image (one cell high), written after that line's
blank cells; a row redrawn alone (a scroll, a toast going away) brings its pixels back.
The Sixel encoder is textual-image's (numpy-free, run-length coded); its public modules
ask the terminal at import, which is why we import only `textual_image._sixel`, here.

Pillow and textual-image are imported when an image is drawn, in the reader's thread.
"""

from __future__ import annotations

import base64
import io
import itertools
import math
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.color import Color
from rich.segment import ControlType, Segment
from rich.style import Style
from textual.strip import Strip

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage
    from textual.app import App

    from tui_reader.ui.terminal_graphics import Graphics

PLACEHOLDER = chr(0x10EEEE)
# Kitty's row and column marks (rowcolumn-diacritics.txt in its docs): row n is the n-th.
# fmt: off
DIACRITICS = [
    0x00305, 0x0030d, 0x0030e, 0x00310, 0x00312, 0x0033d, 0x0033e, 0x0033f, 0x00346, 0x0034a,
    0x0034b, 0x0034c, 0x00350, 0x00351, 0x00352, 0x00357, 0x0035b, 0x00363, 0x00364, 0x00365,
    0x00366, 0x00367, 0x00368, 0x00369, 0x0036a, 0x0036b, 0x0036c, 0x0036d, 0x0036e, 0x0036f,
    0x00483, 0x00484, 0x00485, 0x00486, 0x00487, 0x00592, 0x00593, 0x00594, 0x00595, 0x00597,
    0x00598, 0x00599, 0x0059c, 0x0059d, 0x0059e, 0x0059f, 0x005a0, 0x005a1, 0x005a8, 0x005a9,
    0x005ab, 0x005ac, 0x005af, 0x005c4, 0x00610, 0x00611, 0x00612, 0x00613, 0x00614, 0x00615,
    0x00616, 0x00617, 0x00657, 0x00658, 0x00659, 0x0065a, 0x0065b, 0x0065d, 0x0065e, 0x006d6,
    0x006d7, 0x006d8, 0x006d9, 0x006da, 0x006db, 0x006dc, 0x006df, 0x006e0, 0x006e1, 0x006e2,
    0x006e4, 0x006e7, 0x006e8, 0x006eb, 0x006ec, 0x00730, 0x00732, 0x00733, 0x00735, 0x00736,
    0x0073a, 0x0073d, 0x0073f, 0x00740, 0x00741, 0x00743, 0x00745, 0x00747, 0x00749, 0x0074a,
    0x007eb, 0x007ec, 0x007ed, 0x007ee, 0x007ef, 0x007f0, 0x007f1, 0x007f3, 0x00816, 0x00817,
    0x00818, 0x00819, 0x0081b, 0x0081c, 0x0081d, 0x0081e, 0x0081f, 0x00820, 0x00821, 0x00822,
    0x00823, 0x00825, 0x00826, 0x00827, 0x00829, 0x0082a, 0x0082b, 0x0082c, 0x0082d, 0x00951,
    0x00953, 0x00954, 0x00f82, 0x00f83, 0x00f86, 0x00f87, 0x0135d, 0x0135e, 0x0135f, 0x017dd,
    0x0193a, 0x01a17, 0x01a75, 0x01a76, 0x01a77, 0x01a78, 0x01a79, 0x01a7a, 0x01a7b, 0x01a7c,
    0x01b6b, 0x01b6d, 0x01b6e, 0x01b6f, 0x01b70, 0x01b71, 0x01b72, 0x01b73, 0x01cd0, 0x01cd1,
    0x01cd2, 0x01cda, 0x01cdb, 0x01ce0, 0x01dc0, 0x01dc1, 0x01dc3, 0x01dc4, 0x01dc5, 0x01dc6,
    0x01dc7, 0x01dc8, 0x01dc9, 0x01dcb, 0x01dcc, 0x01dd1, 0x01dd2, 0x01dd3, 0x01dd4, 0x01dd5,
    0x01dd6, 0x01dd7, 0x01dd8, 0x01dd9, 0x01dda, 0x01ddb, 0x01ddc, 0x01ddd, 0x01dde, 0x01ddf,
    0x01de0, 0x01de1, 0x01de2, 0x01de3, 0x01de4, 0x01de5, 0x01de6, 0x01dfe, 0x020d0, 0x020d1,
    0x020d4, 0x020d5, 0x020d6, 0x020d7, 0x020db, 0x020dc, 0x020e1, 0x020e7, 0x020e9, 0x020f0,
    0x02cef, 0x02cf0, 0x02cf1, 0x02de0, 0x02de1, 0x02de2, 0x02de3, 0x02de4, 0x02de5, 0x02de6,
    0x02de7, 0x02de8, 0x02de9, 0x02dea, 0x02deb, 0x02dec, 0x02ded, 0x02dee, 0x02def, 0x02df0,
    0x02df1, 0x02df2, 0x02df3, 0x02df4, 0x02df5, 0x02df6, 0x02df7, 0x02df8, 0x02df9, 0x02dfa,
    0x02dfb, 0x02dfc, 0x02dfd, 0x02dfe, 0x02dff, 0x0a66f, 0x0a67c, 0x0a67d, 0x0a6f0, 0x0a6f1,
    0x0a8e0, 0x0a8e1, 0x0a8e2, 0x0a8e3, 0x0a8e4, 0x0a8e5, 0x0a8e6, 0x0a8e7, 0x0a8e8, 0x0a8e9,
    0x0a8ea, 0x0a8eb, 0x0a8ec, 0x0a8ed, 0x0a8ee, 0x0a8ef, 0x0a8f0, 0x0a8f1, 0x0aab0, 0x0aab2,
    0x0aab3, 0x0aab7, 0x0aab8, 0x0aabe, 0x0aabf, 0x0aac1, 0x0fe20, 0x0fe21, 0x0fe22, 0x0fe23,
    0x0fe24, 0x0fe25, 0x0fe26, 0x10a0f, 0x10a38, 0x1d185, 0x1d186, 0x1d187, 0x1d188, 0x1d189,
    0x1d1aa, 0x1d1ab, 0x1d1ac, 0x1d1ad, 0x1d242, 0x1d243, 0x1d244,
]
# fmt: on
MAX_CELLS = len(DIACRITICS)  # 297: the widest and tallest a placeholder image can be
_CONTROL = ((ControlType.CURSOR_FORWARD, 0),)  # a zero-width segment Textual writes as is
# Ids count up from a random start below 2**24 (the colour carries 24 bits), so a second
# run in the same kitty window does not draw over the first one's images.
_ids = itertools.count(random.randint(1, 2**23))


def grid(width: int, height: int, cells: int, graphics: Graphics) -> tuple[int, int]:
    """(columns, rows) an image of width x height pixels takes, at most `cells` wide and
    never much wider than its pixels."""
    if width <= 0 or height <= 0:
        return 0, 0
    cols = max(1, min(cells, MAX_CELLS, math.ceil(width / graphics.cell_width)))
    pixels_high = height * cols * graphics.cell_width / width
    return cols, max(1, min(MAX_CELLS, round(pixels_high / graphics.cell_height)))


@dataclass(frozen=True, slots=True)
class SixelRow:
    """One cell-high band of an image as Sixel, drawn where its line is on screen."""

    cells: int
    sixel: str

    def strip(self, x: int, y: int) -> Strip:
        """The line's blank cells, then (after them, or they would wipe it) the band at
        screen cell (x, y), the cursor saved and restored around it."""
        draw = f"\x1b7\x1b[{y + 1};{x + 1}H{self.sixel}\x1b8"
        return Strip([Segment(" " * self.cells), Segment(draw, None, _CONTROL)], self.cells)


Row = Strip | SixelRow


@dataclass(frozen=True, slots=True)
class Drawn:
    """An image ready to show: its rows, and what the terminal must be sent first."""

    rows: list[Row]
    upload: str = ""  # Kitty: the image and its placement; sent once, before the rows
    image_id: int = 0


def draw(data: bytes, cells: int, graphics: Graphics) -> Drawn:
    """The stored image as rows for the terminal's protocol, at most `cells` wide."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        rgba = img.convert("RGBA")
    cols, rows = grid(rgba.width, rgba.height, cells, graphics)
    size = (cols * graphics.cell_width, rows * graphics.cell_height)
    flat = Image.new("RGBA", size, (0, 0, 0, 255))
    flat.alpha_composite(rgba.resize(size, Image.Resampling.LANCZOS))
    if graphics.protocol == "kitty":
        return _kitty(flat.convert("RGB"), cols, rows)
    from textual_image._sixel import image_to_sixels

    band = graphics.cell_height
    return Drawn(
        [
            SixelRow(cols, image_to_sixels(flat.crop((0, y, size[0], y + band)).convert("RGB")))
            for y in range(0, size[1], band)
        ]
    )


def _kitty(image: PILImage, cols: int, rows: int) -> Drawn:
    """The image sent as PNG in 4 KB chunks, placed virtually over cols x rows cells, and
    those cells as rows of placeholders whose colour is the image id."""
    png = io.BytesIO()
    image.save(png, format="PNG", compress_level=1)  # fast: it goes down a pipe, not a disk
    payload = base64.standard_b64encode(png.getvalue()).decode("ascii")
    image_id = next(_ids)
    chunks = [payload[i : i + 4096] for i in range(0, len(payload), 4096)]
    parts = []
    for n, chunk in enumerate(chunks):
        more = int(n < len(chunks) - 1)
        keys = f"a=t,f=100,i={image_id},q=2,m={more}" if n == 0 else f"q=2,m={more}"
        parts.append(f"\x1b_G{keys};{chunk}\x1b\\")
    parts.append(f"\x1b_Ga=p,U=1,i={image_id},c={cols},r={rows},q=2\x1b\\")
    colour = Style(color=Color.from_rgb(image_id >> 16, (image_id >> 8) & 255, image_id & 255))
    columns = [chr(mark) for mark in DIACRITICS[:cols]]
    lines: list[Row] = []
    for mark in DIACRITICS[:rows]:
        cells = "".join(PLACEHOLDER + chr(mark) + column for column in columns)
        lines.append(Strip([Segment(cells, colour)], cols))
    return Drawn(lines, "".join(parts), image_id)


def forget(image_ids: list[int]) -> str:
    """Kitty: free images no longer shown (the terminal keeps them until told)."""
    return "".join(f"\x1b_Ga=d,d=I,i={i},q=2\x1b\\" for i in image_ids)


def send(app: App[object], text: str) -> None:
    """Write to the terminal through Textual's own writer thread, in order with its frames
    (Textual has no public call for it; a write to sys.__stdout__ from here could land in
    the middle of a frame's escape sequence)."""
    driver = app._driver
    if text and driver is not None:
        driver.write(text)


def usable(graphics: Graphics | None, app: App[object]) -> Graphics | None:
    """The protocol, if this app can draw it: Kitty placeholders carry the image id in a
    24-bit colour, which a 256-colour or NO_COLOR app would change."""
    if graphics is None or graphics.protocol == "sixel":
        return graphics
    truecolor = app.console.color_system == "truecolor" and not app.no_color
    return graphics if truecolor else None
