"""`e`: one feed's own settings: its name, folder, tags, hidden from All, refresh interval,
full text. Checked by engine.feed_settings, as `tui-reader feed set` is."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tui_reader.engine.feed_settings import FeedChanges, interval_text, set_one
from tui_reader.engine.models import FULL_TEXT_MODES, Feed

# field id -> (label, setting key): the text fields, in the dialog's order
_FIELDS = {
    "feed-title": ("Title", "title"),
    "feed-folder": ("Folder", "folder"),
    "feed-tags": ("Tags (a,b)", "tags"),
    "feed-interval": ("Refresh every", "interval"),
}


class FeedDialog(ModalScreen[FeedChanges | None]):
    """Dismisses with the changes (only what differs), or None (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    FeedDialog { align: center middle; background: $background 60%; }
    #feed-box {
        width: 72; max-width: 95%; height: auto; max-height: 95%; padding: 0 2;
        border: round $primary; background: $panel;
    }
    #feed-box Horizontal { height: auto; }
    #feed-box Label { width: 16; padding: 1 1 0 0; }
    #feed-box Input, #feed-box Select { width: 1fr; }
    #feed-error { color: $text-error; }
    #feed-buttons { align-horizontal: right; }
    """

    def __init__(self, feed: Feed) -> None:
        super().__init__()
        self.feed = feed

    def _values(self) -> dict[str, str]:
        f = self.feed
        return {
            "feed-title": f.title,
            "feed-folder": f.folder or "",
            "feed-tags": ",".join(f.tags),
            "feed-interval": interval_text(f.refresh_interval),
        }

    def compose(self) -> ComposeResult:
        values = self._values()
        with Vertical(id="feed-box") as box:
            box.border_title = "Feed settings"
            yield Static(Text(self.feed.url, style="dim"), id="feed-url")
            for field_id, (label, _) in _FIELDS.items():
                with Horizontal():
                    yield Label(label)
                    yield Input(values[field_id], id=field_id)
            with Horizontal():
                yield Label("Full text")
                modes = [(mode, mode) for mode in FULL_TEXT_MODES]
                yield Select(modes, value=self.feed.full_text, allow_blank=False, id="feed-full")
            yield Checkbox("Hide from All", self.feed.hide_from_all, id="feed-hide")
            yield Static("", id="feed-error")
            with Horizontal(id="feed-buttons"):
                yield Button("Save", variant="primary", id="feed-save")
                yield Button("Cancel", id="feed-cancel")

    def on_mount(self) -> None:
        self.query_one("#feed-title", Input).focus()

    def changes(self) -> FeedChanges:
        """What the fields say that differs from the feed; ValueError on a bad field."""
        changes = FeedChanges()
        before = self._values()
        for field_id, (_, key) in _FIELDS.items():
            value = self.query_one(f"#{field_id}", Input).value
            if value.strip() != before[field_id]:
                set_one(changes, key, value)
        full = str(self.query_one("#feed-full", Select).value)
        if full != self.feed.full_text:
            changes.full_text = full
        hide = self.query_one("#feed-hide", Checkbox).value
        if hide != self.feed.hide_from_all:
            changes.hide_from_all = hide
        return changes

    def save(self) -> None:
        try:
            changes = self.changes()
        except ValueError as exc:
            self.query_one("#feed-error", Static).update(Text(str(exc)))
            return
        self.dismiss(None if changes.empty() else changes)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "feed-save":
            self.save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
