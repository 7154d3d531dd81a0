"""Key bindings from the config's action table.

Every binding carries its action name as the Binding id, so `App.set_keymap(config.keys)`
rebinds it wherever it is declared (app or pane), and the help screen can show live keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding

from tui_reader.config import DEFAULT_KEYS

DESCRIPTIONS: dict[str, str] = {
    "down": "Down",
    "up": "Up",
    "top": "Top",
    "bottom": "Bottom",
    "open": "Open",
    "back": "Back",
    "next_pane": "Next pane",
    "previous_pane": "Previous pane",
    "page_down": "Page reader down",
    "page_up": "Page reader up",
    "next_unread": "Next unread",
    "previous_unread": "Previous unread",
    "open_browser": "Open in browser",
    "follow_link": "Follow link #",
    "toggle_read": "Toggle read",
    "toggle_star": "Star",
    "mark_all_read": "Mark view read",
    "refresh_feed": "Refresh feed",
    "refresh_all": "Refresh all",
    "search": "Search",
    "choose_view": "View",
    "toggle_sidebar": "Feeds",
    "help": "Help",
    "quit": "Quit",
    "next_article": "Next article",
    "previous_article": "Previous article",
    "zoom": "Maximise reader",
    "redraw": "Redraw screen",
}

# The help's "where" for actions that do something else outside those panes.
HELP_WHERE: dict[str, str] = {"quit": "list (other panes: back to the list)"}

# The few hints that fit an 80-column footer; the rest live in the help screen.
IN_FOOTER = frozenset(
    {"next_unread", "toggle_read", "toggle_star", "search", "choose_view", "help", "quit"}
)


def bind(name: str, action: str | None = None, *, priority: bool = False) -> Binding:
    """A binding for config action `name` with its default keys; the keymap may override."""
    return Binding(
        DEFAULT_KEYS[name],
        action or name,
        DESCRIPTIONS[name],
        show=name in IN_FOOTER,
        priority=priority,
        id=name,
    )


def link_bindings() -> list[Binding]:
    """1..9 open link N and 0 link 10: fixed keys, not in the config table (the help shows
    them as one row)."""
    return [
        Binding(str(n % 10), f"open_link({n})", f"Open link {n}", show=False) for n in range(1, 11)
    ]


def keys_for(name: str, default: str, keymap: Mapping[str, str]) -> list[str]:
    """The live keys of binding id `name`: the keymap's if it has one, else the default."""
    return [k.strip() for k in keymap.get(name, default).split(",") if k.strip()]


def help_rows(
    scopes: Iterable[tuple[str, Iterable[Binding]]], keymap: Mapping[str, str]
) -> list[tuple[list[str], str, list[str]]]:
    """(keys, description, where) for every id'd binding; the same keys doing the same thing
    in several panes make one row."""
    rows: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for scope, bindings in scopes:
        for binding in bindings:
            if binding.id is None:
                continue
            keys = tuple(keys_for(binding.id, DEFAULT_KEYS.get(binding.id, binding.key), keymap))
            where = rows.setdefault((binding.description or binding.action, keys), [])
            scope = HELP_WHERE.get(binding.id, scope)
            if scope not in where:
                where.append(scope)
    return [(list(keys), description, where) for (description, keys), where in rows.items()]
