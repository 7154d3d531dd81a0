"""ctrl+p: the command palette offers the same actions as the keys, with their live keys."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui_reader.config import DEFAULT_KEYS
from tui_reader.ui.keys import DESCRIPTIONS, keys_for

# Pane-level moves (down, top ...) only make sense for the focused pane, not from a palette.
PALETTE_ACTIONS = (
    "next_unread",
    "previous_unread",
    "next_article",
    "previous_article",
    "zoom",
    "toggle_read",
    "toggle_star",
    "mark_all_read",
    "open_browser",
    "follow_link",
    "refresh_feed",
    "refresh_all",
    "search",
    "choose_view",
    "toggle_sidebar",
    "next_pane",
    "previous_pane",
    "page_down",
    "page_up",
    "help",
    "redraw",
    "quit",
)


class ActionsProvider(Provider):
    def _commands(self) -> list[tuple[str, str, str]]:
        app = self.app
        keymap = getattr(app, "config", None)
        keys = keymap.keys if keymap is not None else DEFAULT_KEYS
        result = []
        for name in PALETTE_ACTIONS:
            shown = ", ".join(
                app.get_key_display(Binding(k, name))
                for k in keys_for(name, DEFAULT_KEYS[name], keys)
            )
            result.append((DESCRIPTIONS[name], name, f"key: {shown}"))
        return result

    async def discover(self) -> Hits:
        for title, action, help_text in self._commands():
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self._commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action),
                    text=title,
                    help=help_text,
                )
