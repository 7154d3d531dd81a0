"""`?`: every action of the action table, with its live keys (so rebinding shows here)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_reader.ui.keys import HelpRow


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def __init__(self, rows: list[HelpRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=True, pad_edge=False)
        table.add_column("Key", style="bold", no_wrap=True)
        # Halves of the room the keys leave: the panes' notes ran up to 44 cells unwrapped
        # and squeezed the descriptions to 15 cells, one word a line.
        table.add_column("Action", ratio=1)
        table.add_column("Where (blank: anywhere)", style="dim", ratio=1)
        for keys, description, where in self.rows:
            shown = ", ".join(
                k if " " in k else self.app.get_key_display(Binding(k, "")) for k in keys
            )
            table.add_row(Text(shown), Text(description), Text(", ".join(where)))
        table.add_row(Text("^p"), Text("Command palette (every action)"), Text(""))
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys (Esc closes)"
            yield Static(table, id="help-table")

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()
