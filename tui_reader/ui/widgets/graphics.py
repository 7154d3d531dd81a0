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
DIACRITICS = [
    0x00305,
    0x0030D,
    0x0030E,
    0x00310,
    0x00312,
    0x0033D,
    0x0033E,
    0x0033F,
    0x00346,
    0x0034A,
    0x0034B,
    0x0034C,
    0x00350,
    0x00351,
    0x00352,
    0x00357,
    0x0035B,
    0x00363,
    0x00364,
    0x00365,
    0x00366,
    0x00367,
    0x00368,
    0x00369,
    0x0036A,
    0x0036B,
    0x0036C,
    0x0036D,
    0x0036E,
    0x0036F,
    0x00483,
    0x00484,
    0x00485,
    0x00486,
    0x00487,
    0x00592,
    0x00593,
    0x00594,
    0x00595,
    0x00597,
    0x00598,
    0x00599,
    0x0059C,
    0x0059D,
    0x0059E,
    0x0059F,
    0x005A0,
    0x005A1,
    0x005A8,
    0x005A9,
    0x005AB,
    0x005AC,
    0x005AF,
    0x005C4,
    0x00610,
    0x00611,
    0x00612,
    0x00613,
    0x00614,
    0x00615,
    0x00616,
    0x00617,
    0x00657,
    0x00658,
    0x00659,
    0x0065A,
    0x0065B,
    0x0065D,
    0x0065E,
    0x006D6,
    0x006D7,
    0x006D8,
    0x006D9,
    0x006DA,
    0x006DB,
    0x006DC,
    0x006DF,
    0x006E0,
    0x006E1,
    0x006E2,
    0x006E4,
    0x006E7,
    0x006E8,
    0x006EB,
    0x006EC,
    0x00730,
    0x00732,
    0x00733,
    0x00735,
    0x00736,
    0x0073A,
    0x0073D,
    0x0073F,
    0x00740,
    0x00741,
    0x00743,
    0x00745,
    0x00747,
    0x00749,
    0x0074A,
    0x007EB,
    0x007EC,
    0x007ED,
    0x007EE,
    0x007EF,
    0x007F0,
    0x007F1,
    0x007F3,
    0x00816,
    0x00817,
    0x00818,
    0x00819,
    0x0081B,
    0x0081C,
    0x0081D,
    0x0081E,
    0x0081F,
    0x00820,
    0x00821,
    0x00822,
    0x00823,
    0x00825,
    0x00826,
    0x00827,
    0x00829,
    0x0082A,
    0x0082B,
    0x0082C,
    0x0082D,
    0x00951,
    0x00953,
    0x00954,
    0x00F82,
    0x00F83,
    0x00F86,
    0x00F87,
    0x0135D,
    0x0135E,
    0x0135F,
    0x017DD,
    0x0193A,
    0x01A17,
    0x01A75,
    0x01A76,
    0x01A77,
    0x01A78,
    0x01A79,
    0x01A7A,
    0x01A7B,
    0x01A7C,
    0x01B6B,
    0x01B6D,
    0x01B6E,
    0x01B6F,
    0x01B70,
    0x01B71,
    0x01B72,
    0x01B73,
    0x01CD0,
    0x01CD1,
    0x01CD2,
    0x01CDA,
    0x01CDB,
    0x01CE0,
    0x01DC0,
    0x01DC1,
    0x01DC3,
    0x01DC4,
    0x01DC5,
    0x01DC6,
    0x01DC7,
    0x01DC8,
    0x01DC9,
    0x01DCB,
    0x01DCC,
    0x01DD1,
    0x01DD2,
    0x01DD3,
    0x01DD4,
    0x01DD5,
    0x01DD6,
    0x01DD7,
    0x01DD8,
    0x01DD9,
    0x01DDA,
    0x01DDB,
    0x01DDC,
    0x01DDD,
    0x01DDE,
    0x01DDF,
    0x01DE0,
    0x01DE1,
    0x01DE2,
    0x01DE3,
    0x01DE4,
    0x01DE5,
    0x01DE6,
    0x01DFE,
    0x020D0,
    0x020D1,
    0x020D4,
    0x020D5,
    0x020D6,
    0x020D7,
    0x020DB,
    0x020DC,
    0x020E1,
    0x020E7,
    0x020E9,
    0x020F0,
    0x02CEF,
    0x02CF0,
    0x02CF1,
    0x02DE0,
    0x02DE1,
    0x02DE2,
    0x02DE3,
    0x02DE4,
    0x02DE5,
    0x02DE6,
    0x02DE7,
    0x02DE8,
    0x02DE9,
    0x02DEA,
    0x02DEB,
    0x02DEC,
    0x02DED,
    0x02DEE,
    0x02DEF,
    0x02DF0,
    0x02DF1,
    0x02DF2,
    0x02DF3,
    0x02DF4,
    0x02DF5,
    0x02DF6,
    0x02DF7,
    0x02DF8,
    0x02DF9,
    0x02DFA,
    0x02DFB,
    0x02DFC,
    0x02DFD,
    0x02DFE,
    0x02DFF,
    0x0A66F,
    0x0A67C,
    0x0A67D,
    0x0A6F0,
    0x0A6F1,
    0x0A8E0,
    0x0A8E1,
    0x0A8E2,
    0x0A8E3,
    0x0A8E4,
    0x0A8E5,
    0x0A8E6,
    0x0A8E7,
    0x0A8E8,
    0x0A8E9,
    0x0A8EA,
    0x0A8EB,
    0x0A8EC,
    0x0A8ED,
    0x0A8EE,
    0x0A8EF,
    0x0A8F0,
    0x0A8F1,
    0x0AAB0,
    0x0AAB2,
    0x0AAB3,
    0x0AAB7,
    0x0AAB8,
    0x0AABE,
    0x0AABF,
    0x0AAC1,
    0x0FE20,
    0x0FE21,
    0x0FE22,
    0x0FE23,
    0x0FE24,
    0x0FE25,
    0x0FE26,
    0x10A0F,
    0x10A38,
    0x1D185,
    0x1D186,
    0x1D187,
    0x1D188,
    0x1D189,
    0x1D1AA,
    0x1D1AB,
    0x1D1AC,
    0x1D1AD,
    0x1D242,
    0x1D243,
    0x1D244,
]
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
    lines = [
        Strip(
            [
                Segment(
                    "".join(PLACEHOLDER + chr(mark) + chr(DIACRITICS[c]) for c in range(cols)),
                    colour,
                )
            ],
            cols,
        )
        for mark in DIACRITICS[:rows]
    ]
    return Drawn(list(lines), "".join(parts), image_id)


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
