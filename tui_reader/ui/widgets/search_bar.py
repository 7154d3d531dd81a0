"""`/`: a query over the cache (words, phrases, operators: see engine/querylang.py); results
replace the list, best match first; a query that cannot be read says why under the bar."""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Input, Static

from tui_reader.ui.messages import SearchChanged

DEBOUNCE = 0.25  # seconds of quiet typing before the list follows


class SearchBar(Input):
    """Posts `SearchChanged` as the user types (debounced) and on Enter (at once)."""

    DEFAULT_CSS = """
    SearchBar {
        display: none;  /* shown by `/` */
        height: 3;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder='Search the cache: words "a phrase" tag: feed: is:unread -not or',
            id=id,
        )
        self._timer: Timer | None = None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self._post(submitted=False))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._post(submitted=True)

    def _post(self, *, submitted: bool) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.post_message(SearchChanged(self.value.strip(), submitted))


class SearchProblem(Static):
    """One line under the search bar: why the query cannot be run (the list keeps the last
    results meanwhile); hidden when the query is fine."""

    DEFAULT_CSS = """
    SearchProblem {
        display: none;
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-error;
        background: $error-muted;
    }
    """

    def show(self, problem: str | None) -> None:
        self.display = bool(problem)
        self.update(Text(problem or ""))  # the message quotes what was typed: never markup
