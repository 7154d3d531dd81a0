"""Table blocks drawn with Rich."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from tui_reader.content.blocks import Block
from tui_reader.engine.sanitize import clean_line


def table_renderable(block: Block) -> Table:
    # Header styles go on the cell Text, not `header_style`: Rich resolves Text spans
    # leniently, so a console without THEME still renders.
    table = Table(
        box=box.SIMPLE_HEAD if block.header else box.SIMPLE,
        show_header=block.header,
        pad_edge=False,
    )
    rows = [[Text(clean_line(cell)) for cell in row] for row in block.rows]
    for cell in rows[0]:
        if block.header:
            cell.stylize("reader.table.header")
        table.add_column(cell if block.header else Text(), overflow="fold")
    for row in rows[1:] if block.header else rows:
        table.add_row(*row)
    return table
