"""`i`: the image on screen (else the article's first) full-size, from the cache, as
half-blocks as large as the screen allows (never enlarged past its stored pixels)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from tui_reader.ui.widgets.reader import Reader


class ImageView(Widget):
    """Rows of half-block cells, centred."""

    DEFAULT_CSS = """
    ImageView { width: 1fr; height: 1fr; }
    """

    def __init__(self, strips: list[Strip]) -> None:
        super().__init__()
        self.strips = strips

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        top = max(0, (height - len(self.strips)) // 2)
        if not 0 <= y - top < len(self.strips):
            return Strip.blank(width)
        strip = self.strips[y - top]
        left = max(0, (width - strip.cell_length) // 2)
        return Strip.join([Strip.blank(left), strip]).crop_extend(0, width, None)


class ImageScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,i", "dismiss", "Close")]

    def __init__(self, strips: list[Strip]) -> None:
        super().__init__()
        self.strips = strips

    def compose(self) -> ComposeResult:
        yield ImageView(self.strips)


def view_image(reader: Reader) -> None:
    """Open the reader's image on screen (else its first stored one), or say why not."""
    from tui_reader.ui.widgets.halfblocks import half_block_strips

    url = reader.image_on_screen()
    data = reader.images.data(url) if url else None
    if not data:
        reader.notify("No stored image in this article (images come with a refresh)")
        return
    info = reader.images.infos.get(url or "")
    width, height = reader.app.size
    cells = width
    if info is not None and info.width and info.height:
        # As wide as fits both the screen's width and its height (two pixels a row).
        cells = min(width, info.width, max(1, int((height - 1) * 2 * info.width / info.height)))
    try:
        strips = half_block_strips(data, cells)
    except Exception:
        reader.notify("The stored image cannot be read", severity="error")
        return
    reader.app.push_screen(ImageScreen(strips))
