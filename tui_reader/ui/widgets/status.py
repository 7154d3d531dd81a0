"""The top line: the current view with its counts, and what runs in the background; above
the list, what went wrong the last time the view's feed was refreshed."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui_reader.engine.models import Feed


def _line(text: str = "") -> Text:
    return Text(text, no_wrap=True, overflow="ellipsis", end="")


class ViewBar(Static):
    """The app name, the current view and its unread count."""

    def show(self, label: str, unread: int, total: int, offline: bool = False) -> None:
        text = _line("tui-reader")
        text.stylize("bold")
        text.append("  ")
        text.append(label)  # may hold a feed title: data, appended as text
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

    def progress(
        self, done: int, total: int, last: str, pages: tuple[int, int] | None = None
    ) -> None:
        """ "refreshing 3/5 · pages 12/40 <the last feed or page>": `pages` is (fetched,
        due so far), once a feed has pages due for full text."""
        text = _line(f"refreshing {done}/{total} ")
        if pages is not None:
            text.append(f"· pages {pages[0]}/{pages[1]} ")
        text.append(last)  # a feed or article title: data, appended as text
        self.update(text)

    def sync_state(self, last: int | None, waiting: int, error: str | None) -> None:
        """ "synced 10:42 · 3 changes waiting", or why the last sync failed."""
        from datetime import datetime

        when = datetime.fromtimestamp(last).strftime("%H:%M") if last else "never"
        text = _line(f"synced {when}")
        if waiting:
            text.append(f" · {waiting} change{'' if waiting == 1 else 's'} waiting")
        if error:
            text.append(" · last sync failed: ", style="bold")
            text.append(error)  # may quote the service: text, never markup
        self.update(text)


class FeedNotice(Static):
    """One line above the list while the view is a feed whose last refresh failed: the
    error is shown where its articles are, not only as a "!" in the feeds pane."""

    DEFAULT_CSS = """
    FeedNotice {
        display: none;
        color: $text-error;
        background: $error-muted;
        height: auto;
        max-height: 3;
        padding: 0 1;
    }
    """

    def show(self, feed: Feed | None, now: float | None = None) -> None:
        if feed is None or not (feed.last_error or feed.gone):
            self.display = False
            return
        from tui_reader.content.metadata import relative_time  # lazy: only for a failed feed

        # The error may quote the server (a reason phrase): Text, never markup.
        text = Text("last refresh failed: ", style="bold")
        if feed.gone:
            text.append("gone (410): ")
        text.append(feed.last_error or "the feed is gone")
        if feed.last_fetch:
            text.append(f" ({relative_time(feed.last_fetch, now)})")
        self.update(text)
        self.display = True
