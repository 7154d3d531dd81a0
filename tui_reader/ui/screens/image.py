"""`i`: the image on screen (else the article's first) full-size, from the cache, as large
as the screen allows (never enlarged past its stored pixels): with the terminal's graphics
protocol under images = "auto" where it has one, else as half-blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widget import Widget

from tui_reader.ui.widgets.graphics import Drawn, SixelRow, draw, forget, send

if TYPE_CHECKING:
    from tui_reader.ui.terminal_graphics import Graphics
    from tui_reader.ui.widgets.graphics import Row
    from tui_reader.ui.widgets.reader import Reader


class ImageView(Widget):
    """Rows of the image (half-blocks, Kitty placeholders or Sixel bands), centred."""

    DEFAULT_CSS = """
    ImageView { width: 1fr; height: 1fr; }
    """

    def __init__(self, strips: list[Row]) -> None:
        super().__init__()
        self.strips = strips

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        top = max(0, (height - len(self.strips)) // 2)
        if not 0 <= y - top < len(self.strips):
            return Strip.blank(width)
        row = self.strips[y - top]
        cells = row.cells if isinstance(row, SixelRow) else row.cell_length
        left = max(0, (width - cells) // 2)
        if isinstance(row, SixelRow):
            row = row.strip(self.region.x + left, self.region.y + y)
        return Strip.join([Strip.blank(left), row]).crop_extend(0, width, None)


class ImageScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,i", "dismiss", "Close")]

    def __init__(self, drawn: Drawn) -> None:
        super().__init__()
        self.drawn = drawn

    def compose(self) -> ComposeResult:
        yield ImageView(self.drawn.rows)

    def on_mount(self) -> None:
        send(self.app, self.drawn.upload)  # Kitty: the image before its placeholder rows

    def on_unmount(self) -> None:
        if self.drawn.image_id:
            send(self.app, forget([self.drawn.image_id]))


def view_image(reader: Reader) -> None:
    """Open the reader's image on screen (else its first stored one), or say why not."""
    url = reader.image_on_screen()
    data = reader.images.data(url) if url else None
    if not data:
        reader.notify("No stored image in this article (images come with a refresh)")
        return
    info = reader.images.infos.get(url or "")
    size = (info.width, info.height) if info is not None else (0, 0)
    try:
        drawn = _draw(data, size, reader.app.size, reader.images.graphics)
    except Exception:
        reader.notify("The stored image cannot be read", severity="error")
        return
    reader.app.push_screen(ImageScreen(drawn))


def _draw(
    data: bytes, image: tuple[int, int], screen: tuple[int, int], graphics: Graphics | None
) -> Drawn:
    """As wide as fits both the screen's width and its height (less a line)."""
    from tui_reader.ui.widgets.halfblocks import half_block_strips

    (image_width, image_height), (width, height) = image, screen
    cells = width
    if graphics is None:
        if image_width and image_height:  # two pixels a row
            cells = min(
                width, image_width, max(1, int((height - 1) * 2 * image_width / image_height))
            )
        return Drawn(list(half_block_strips(data, cells)))
    if image_width and image_height:  # a row is cell_height pixels, a column cell_width
        ratio = graphics.cell_height * image_width / (graphics.cell_width * image_height)
        cells = min(width, max(1, int((height - 1) * ratio)))
    return draw(data, cells, graphics)
