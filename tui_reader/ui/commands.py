"""ctrl+p: the command palette offers the actions the table marks, with their live keys."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from tui_reader.actions import palette_actions


class ActionsProvider(Provider):
    def _commands(self) -> list[tuple[str, str, str]]:
        app = self.app
        keymap = getattr(app, "config", None)
        live = keymap.keys if keymap is not None else {}
        result = []
        for action in palette_actions():
            keys = action.key_list(live)
            shown = ", ".join(app.get_key_display(Binding(k, action.name)) for k in keys)
            result.append((action.description, action.name, f"key: {shown}"))
        return result

    def _run(self, action: str) -> None:
        # The actions live on the main screen, under the palette while it is open.
        main = getattr(self.app, "main", None)
        target = main if isinstance(main, Screen) else self.app.screen
        self.app.call_later(target.run_action, action)

    async def discover(self) -> Hits:
        for title, action, help_text in self._commands():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self._commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._run, action),
                    text=title,
                    help=help_text,
                )
