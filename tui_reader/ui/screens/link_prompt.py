"""`f`: ask for a link number (for links past 9, or when digits are easier typed than found)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class LinkPrompt(ModalScreen[int | None]):
    """Dismisses with the link number typed, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box"):
            yield Static(Text(f"Open link number (1–{self.count}):"))
            yield Input(restrict=r"[0-9]*", max_length=4, id="link-number")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(int(event.value) if event.value.isdigit() else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
