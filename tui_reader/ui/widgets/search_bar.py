"""`/`: full-text search over the cache; results replace the list, best match first."""

from __future__ import annotations

from textual.timer import Timer
from textual.widgets import Input

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
        super().__init__(placeholder="Search the cache (Enter: results, Esc: leave)", id=id)
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
