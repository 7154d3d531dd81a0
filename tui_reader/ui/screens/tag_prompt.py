"""`t`: add and remove the tags of one article, typed on one line (`foo -bar`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_reader.engine.models import Article
from tui_reader.engine.tags import parse_edit

TagEdit = tuple[list[str], list[str]]  # (tags to add, tags to remove)


class TagPrompt(ModalScreen[TagEdit | None]):
    """Dismisses with the checked edit, or None; a bad name is shown here, not dismissed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    TagPrompt { align: center middle; background: $background 60%; }
    #tag-box {
        width: 64; max-width: 90%; height: auto; padding: 1 2;
        border: round $primary; background: $panel;
    }
    #tag-error { color: $text-error; }
    """

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        a = self.article
        about = Text("Tags of “")
        about.append(a.title or "(untitled)")  # a title: data, as text
        about.append("”: ")
        about.append(" ".join("#" + t for t in a.tags) or "none", style="bold")
        if a.feed_tags:
            about.append("  (from its feed: " + " ".join("#" + t for t in a.feed_tags) + ")")
        about.append("\nType tags to add, -tag to remove:", style="dim")
        with Vertical(id="tag-box"):
            yield Static(about, id="tag-about")
            yield Input(placeholder="later python -news", id="tag-input")
            yield Static("", id="tag-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            add, remove = parse_edit(event.value)
        except ValueError as exc:
            self.query_one("#tag-error", Static).update(Text(str(exc)))
            return
        self.dismiss((add, remove) if add or remove else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
