"""Data tables found while parsing HTML: a table's cells are ranges of the blocks they
produced, and at </table> they become one "table" block or stay as they are."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_reader.content import media
from tui_reader.content.blocks import Block, Span
from tui_reader.content.links import marker_at

MAX_ROWS, MAX_COLS, MAX_CELL = 500, 20, 500


@dataclass(slots=True)
class HtmlTable:
    """A table being read: each cell is the (first, end) range of the blocks it produced."""

    start: int  # len(blocks) when the table opened
    rows: list[list[tuple[int, int]]] = field(default_factory=list)
    cell: int | None = None  # first block of the open cell
    header: bool = False

    def end_cell(self, blocks_len: int) -> None:
        if self.cell is not None and self.rows:
            self.rows[-1].append((self.cell, blocks_len))
        self.cell = None


def emit_table(blocks: list[Block], table: HtmlTable) -> None:
    """Replace the table's blocks by one "table" block if every cell held at most one plain
    paragraph or image (data); otherwise leave them (a page-layout table, already in reading
    order)."""
    cells = [cell for row in table.rows for cell in row]
    rows = [row for row in table.rows if row]
    if (
        not rows
        or max(len(r) for r in rows) < 2
        or len(rows) > MAX_ROWS
        or any(
            end - start > 1 or (end > start and blocks[start].kind not in ("paragraph", "image"))
            for start, end in cells
        )
    ):
        return
    cols = min(MAX_COLS, max(len(r) for r in rows))
    grid = [[cell_text(blocks[s]) if e > s else "" for s, e in r][:cols] for r in rows]
    grid = [r + [""] * (cols - len(r)) for r in grid]
    inside = {start for start, end in cells if end > start}
    # The table keeps its link numbers as empty spans, so pruning sees them in use.
    refs = [Span(0, 0, "link", s.link) for i in sorted(inside) for s in blocks[i].spans if s.link]
    kept = [b for i, b in enumerate(blocks[table.start :], table.start) if i not in inside]
    text = "\n".join(" | ".join(c for c in row if c) for row in grid)
    header = table.header or _corner_header(grid)
    blocks[table.start :] = [*kept, Block("table", text, 0, refs, rows=grid, header=header)]


def _corner_header(grid: list[list[str]]) -> bool:
    """A first row of names over a blank corner cell heads its columns even in <td>s (a
    feature grid: "", "UX draft", "UX review" over "Load map", ticks …)."""
    first = grid[0]
    return (
        len(grid) > 1
        and not first[0]
        and all(cell and not cell.startswith("[image") for cell in first[1:])
        and all(row[0] for row in grid[1:])
    )


def cell_text(block: Block) -> str:
    """A cell is plain text: link numbers go into it ("[3]" after a link, "[image 3: …]")."""
    text = block.text
    for span in sorted(block.spans, key=lambda s: s.end, reverse=True):
        if span.style == "link" and span.link:
            at = marker_at(text, span.end)
            text = f"{text[:at]}[{span.link}]{text[at:]}"
        elif span.style == "image" and span.link:
            at = media.number_at(text, span.start)
            text = f"{text[:at]} {span.link}{text[at:]}"
    return " ".join(text.split())[:MAX_CELL]


class TableReader:
    """The parser's table state: the outermost open table; nested ones only separate
    blocks. The parser flushes its running block before each call."""

    def __init__(self) -> None:
        self.table: HtmlTable | None = None
        self.depth = 0
        self.in_row = False  # a <tr> is open in the outermost table

    def start(self, tag: str, blocks: list[Block]) -> None:
        table = self.table
        if tag == "table":
            if table is None:
                self.table, self.depth, self.in_row = HtmlTable(len(blocks)), 1, False
            else:
                self.depth += 1
            return
        if table is None or self.depth > 1 or tag == "caption":
            return
        table.end_cell(len(blocks))
        if tag == "tr" or not self.in_row:  # a cell outside any row starts one, as browsers do
            table.rows.append([])
            self.in_row = True
        if tag in ("td", "th"):
            table.header = table.header or (tag == "th" and len(table.rows) == 1)
            table.cell = len(blocks)

    def end(self, tag: str, blocks: list[Block]) -> None:
        table = self.table
        if table is None:
            return
        if tag == "table":
            self.depth -= 1
            if not self.depth:
                table.end_cell(len(blocks))
                self.table = None
                emit_table(blocks, table)
        elif self.depth == 1 and tag != "caption":
            table.end_cell(len(blocks))
            self.in_row = self.in_row and tag != "tr"

    def finish(self, blocks: list[Block]) -> None:
        """A table still open at the end of the document ends there."""
        if self.table is not None:
            table, self.table = self.table, None
            table.end_cell(len(blocks))
            emit_table(blocks, table)
