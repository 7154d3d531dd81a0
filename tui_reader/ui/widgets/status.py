"""The top line: the current view with its counts, and what runs in the background."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui_reader.engine.sanitize import clean_line


def _line(text: str = "") -> Text:
    return Text(text, no_wrap=True, overflow="ellipsis", end="")


class ViewBar(Static):
    """The app name, the current view and its unread count."""

    def show(self, label: str, unread: int, total: int, offline: bool = False) -> None:
        text = _line("tui-reader")
        text.stylize("bold")
        text.append("  ")
        text.append(clean_line(label))  # may hold a feed title: plain text, one line
        text.append(f"  {unread} unread / {total}")
        if offline:
            text.append("  · offline")
        self.update(text)


class StatusLine(Static):
    """Refresh progress and results, on the right of the top line."""

    def show(self, message: str | Text) -> None:
        text = _line()
        text.append_text(message if isinstance(message, Text) else Text(message))
        self.update(text)

    def progress(self, done: int, total: int, last: str) -> None:
        text = _line(f"refreshing {done}/{total} ")
        text.append(clean_line(last))
        self.update(text)
