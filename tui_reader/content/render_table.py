"""Table blocks: a Rich table while every column can hold its longest word, else one record
per row ("header: value" lines, a blank line between records).

Squeezed below that, Rich folds words mid-word, and an 8-column table at 60 cells reads as
one broken syllable per line; a record per row keeps every word whole at any width.
"""

from __future__ import annotations

import textwrap

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from tui_reader.content.blocks import Block

Record = list[tuple[str, str]]  # (column name, value) for the row's non-empty cells


def table_renderable(block: Block) -> TableBlock:
    return TableBlock(block)


def _grid(block: Block) -> Table:
    # Header styles go on the cell Text, not `header_style`: Rich resolves Text spans
    # leniently, so a console without THEME still renders.
    table = Table(
        box=box.SIMPLE_HEAD if block.header else box.SIMPLE,
        show_header=block.header,
        pad_edge=False,
    )
    rows = [[Text(cell) for cell in row] for row in block.rows]
    for cell in rows[0]:
        if block.header:
            cell.stylize("reader.table.header")
        table.add_column(cell if block.header else Text(), overflow="fold")
    for row in rows[1:] if block.header else rows:
        table.add_row(*row)
    return table


def records(block: Block) -> list[Record]:
    """Each data row as (column name, value) pairs; without a header row, "column N"."""
    if not block.rows:
        return []
    names = [f"column {i}" for i in range(1, len(block.rows[0]) + 1)]
    if block.header:
        names = [h or name for h, name in zip(block.rows[0], names, strict=False)]
        if not block.rows[0][0]:
            names[0] = ""  # a blank corner: the first cell names its row, shown on its own
    data = block.rows[1:] if block.header else block.rows
    found = [
        [(name, value) for name, value in zip(names, row, strict=False) if value] for row in data
    ]
    return [record for record in found if record]


def _records_text(block: Block) -> Text:
    out = Text()
    for i, record in enumerate(records(block)):
        if i:
            out.append("\n\n")
        for j, (name, value) in enumerate(record):
            if j:
                out.append("\n")
            if name:
                out.append(f"{name}:", style="reader.table.header")
                out.append(f" {value}")
            else:
                out.append(value, style="reader.table.header")
    return out


class TableBlock:
    """Decides at render time, when the width is known (the reader pane resizes)."""

    def __init__(self, block: Block) -> None:
        self.block = block
        self.grid = _grid(block)

    def _choice(self, console: Console, options: ConsoleOptions) -> Table | Text:
        # Table.__rich_measure__ itself, not Measurement.get, which caps the minimum at the
        # width: the minimum is every column's longest word plus padding and rules.
        needed = self.grid.__rich_measure__(console, options).minimum
        return self.grid if needed <= options.max_width else _records_text(self.block)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._choice(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._choice(console, options))


def _aligned(block: Block) -> list[str]:
    """Rows with every column padded to its widest cell (in terminal cells), and a rule
    under the header row: "Year | Chair" / "-----+------" / "2024 | Laos"."""
    columns = list(zip(*block.rows, strict=False))
    widths = [max(cell_len(cell) for cell in column) for column in columns]
    lines = [
        " | ".join(
            cell + " " * (w - cell_len(cell)) for cell, w in zip(row, widths, strict=False)
        ).rstrip()
        for row in block.rows
    ]
    if block.header and len(lines) > 1:
        lines.insert(1, "-+-".join("-" * w for w in widths))
    return lines


def table_plain(block: Block, width: int) -> str:
    """Aligned rows when every line fits `width`, else records wrapped to it."""
    lines = _aligned(block) if block.rows else []
    if all(cell_len(line) <= width for line in lines):
        return "\n".join(lines)
    out = []
    for record in records(block):
        for name, value in record:
            out.append(
                textwrap.fill(
                    f"{name}: {value}" if name else value,
                    width,
                    subsequent_indent="  ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
        out.append("")
    return "\n".join(out).rstrip("\n")
