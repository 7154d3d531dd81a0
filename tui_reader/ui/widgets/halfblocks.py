"""Images as half-block cells: "▀" with the upper pixel as its colour and the lower one as
its background, two pixels a cell. Works in any colour terminal, tmux included, and fits
the reader's Line API: an image is a few lines of Rich segments like the text around it.

Pillow is imported here only, when an article with a stored image is shown (it costs 16 ms
and 4 MB, measured: the first screen never pays it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

UPPER = "▀"


@dataclass(frozen=True, slots=True)
class ImageSlot:
    """A line of the reader held for one row of an image until it is decoded."""

    url: str
    row: int
    indent: int = 0  # the placeholder's indent: the image lines up with its caption


def rows_for(width: int, height: int, cells: int) -> int:
    """How many lines an image of width x height pixels takes at most `cells` wide."""
    if width <= 0 or height <= 0:
        return 0
    shown = min(cells, width)
    return max(1, (round(height * shown / width) + 1) // 2)


def half_block_strips(data: bytes, cells: int) -> list[Strip]:
    """The image scaled to at most `cells` wide (never enlarged), as lines of ▀ cells."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        rgba = img.convert("RGBA")
    width = min(cells, rgba.width)
    height = max(2, round(rgba.height * width / rgba.width))
    height += height % 2
    small = rgba.resize((width, height), Image.Resampling.LANCZOS)
    flat = Image.new("RGBA", small.size, (0, 0, 0, 255))
    flat.alpha_composite(small)
    pixels = flat.convert("RGB").load()
    assert pixels is not None
    strips: list[Strip] = []
    for y in range(0, height, 2):
        segments: list[Segment] = []
        for x in range(width):
            top, bottom = pixels[x, y], pixels[x, y + 1]
            style = Style(color=Color.from_rgb(*top[:3]), bgcolor=Color.from_rgb(*bottom[:3]))  # type: ignore[index]
            segments.append(Segment(UPPER, style))
        strips.append(Strip(Segment.simplify(segments), width))
    return strips
