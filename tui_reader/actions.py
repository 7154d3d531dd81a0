"""Every user action once: its default keys, what it is called, where it acts, and where it
is offered. Adding an action is one entry in ACTIONS (and the method it names).

The UI builds everything else from this table: the bindings of the main screen and of each
pane, the footer hints, the help screen and the command palette; `config.py` checks `[keys]`
against it. No Textual here: the config loads it without the UI.

Scopes: APP actions act anywhere on the main screen; a pane scope (LIST, READER, RELATED,
FEEDS) is bound by that pane alone, naming the pane's own method (`down` moves the list's
cursor but scrolls the reader). Textual asks the focused pane first, so a pane key that an
APP action also uses wins inside that pane: two actions conflict only within one scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

APP = "app"
LIST = "list"
READER = "reader"
RELATED = "related"
FEEDS = "feeds"
SCOPES = (APP, LIST, READER, RELATED, FEEDS)

LINK_KEYS = "1,2,3,4,5,6,7,8,9,0"  # open_link: the Nth key opens link N (0: link 10)


@dataclass(frozen=True, slots=True)
class Action:
    name: str
    """The binding id and the name under `[keys]` in config.toml."""
    keys: str
    """Default keys: comma-separated Textual key names."""
    description: str
    where: Mapping[str, str] = field(default_factory=dict)
    """scope -> the method that runs there (`action_<method>`); empty: APP, the name itself."""
    footer: bool = False
    """A hint in the footer (only a few fit in 80 columns; the help lists them all)."""
    palette: bool = False
    """Offered by the command palette (pane moves only make sense for the focused pane)."""
    priority: bool = False
    """Checked before the focused widget's own keys (tab would otherwise move Textual's way)."""
    configurable: bool = True
    """Rebindable under [keys]; the digits of open_link are fixed."""
    help_where: str = ""
    """The help's "where", when the action does something else outside its scopes."""
    help_keys: str = ""
    """The help's "key", when listing the keys one by one would say less."""

    @property
    def scopes(self) -> dict[str, str]:
        return dict(self.where) if self.where else {APP: self.name}

    def key_list(self, keymap: Mapping[str, str] | None = None) -> list[str]:
        """The live keys: the keymap's if it rebinds this action, else the defaults."""
        keys = (keymap or {}).get(self.name, self.keys) if self.configurable else self.keys
        return [k.strip() for k in keys.split(",") if k.strip()]


def _pane(list_: str, reader: str | None, options: str) -> dict[str, str]:
    """A move every pane makes its own way: the list, the reader, the two option lists."""
    where = {LIST: list_, RELATED: options, FEEDS: options}
    return where | ({READER: reader} if reader else {})


ACTIONS: tuple[Action, ...] = (
    # -- inside the focused pane -----------------------------------------------------------
    Action("down", "j,down", "Down", _pane("cursor_down", "scroll_down", "cursor_down")),
    Action("up", "k,up", "Up", _pane("cursor_up", "scroll_up", "cursor_up")),
    Action("top", "g,home", "Top", _pane("cursor_top", "scroll_home", "first")),
    Action("bottom", "G,end", "Bottom", _pane("cursor_bottom", "scroll_end", "last")),
    Action("open", "enter", "Open", _pane("open_selected", None, "select")),
    # -- anywhere on the main screen -------------------------------------------------------
    Action("next_unread", "n", "Next unread", footer=True, palette=True),
    Action("previous_unread", "p", "Previous unread", palette=True),
    # newsboat's ^N / ^P; ctrl+p is the command palette here
    Action("next_unread_feed", "N", "Next feed with unread", palette=True),
    Action("previous_unread_feed", "P", "Previous feed with unread", palette=True),
    Action("next_article", "J", "Next article", palette=True),
    Action("previous_article", "K", "Previous article", palette=True),
    Action("zoom", "z", "Maximise reader", palette=True),
    Action("toggle_read", "m", "Toggle read", footer=True, palette=True),
    Action("toggle_star", "s", "Star", footer=True, palette=True),
    Action("mark_all_read", "A", "Mark view read", palette=True),
    Action("undo", "u", "Undo last change", palette=True),
    Action("cycle_sort", "S", "Sort: newest, oldest, feed, title, unread first", palette=True),
    Action("save_markdown", "w", "Save article as Markdown", palette=True),
    Action("pipe", "vertical_line", "Pipe article to a command", palette=True),
    Action("play_attachment", "a", "Play attachment (player in config.toml)", palette=True),
    Action("download_attachment", "D", "Download attachment", palette=True),
    # offered only while a download runs (MainScreen.check_action); its .part is kept
    Action("stop_download", "d", "Stop download", footer=True, palette=True),
    Action("cleanup", "C", "Clean up cache (asks first)", palette=True),
    Action("open_browser", "o", "Open in browser", palette=True),
    Action("follow_link", "f", "Follow link #", palette=True),
    Action(
        "open_link",
        LINK_KEYS,
        "Open link N of the article (0: 10)",
        configurable=False,
        help_keys="1 … 9, 0",
    ),
    Action("fetch_text", "x", "Fetch full text", palette=True),
    Action("view_image", "i", "Image full-size (on screen, else the first)", palette=True),
    Action("toggle_full_text", "X", "Full/feed text", palette=True),
    Action(
        "full_text_mode",
        "F",
        "Full-text mode of a feed",
        {APP: "full_text_mode", FEEDS: "full_text_mode"},
        palette=True,
        help_where="feeds: the highlighted feed; else the view's",
    ),
    Action("tag", "t", "Tag article", palette=True),
    Action(
        "feed_settings",
        "e",
        "Feed settings",
        {APP: "feed_settings", FEEDS: "feed_settings"},
        palette=True,
        help_where="feeds: the highlighted feed; else the view's",
    ),
    Action("refresh_feed", "r", "Refresh feed", palette=True),
    Action("refresh_all", "R", "Refresh all", palette=True),
    Action("search", "slash", "Search", footer=True, palette=True),
    Action("choose_view", "v", "View", footer=True, palette=True),
    Action("save_view", "V", "Save search as a view", palette=True),
    Action("toggle_sidebar", "ctrl+b", "Feeds", palette=True),
    Action("next_pane", "tab", "Next pane", palette=True, priority=True),
    Action("previous_pane", "shift+tab", "Previous pane", palette=True, priority=True),
    Action("page_down", "space,pagedown", "Page reader down", palette=True),
    Action("page_up", "b,pageup", "Page reader up", palette=True),
    Action("back", "escape,h", "Back"),
    Action("help", "question_mark", "Help", footer=True, palette=True),
    Action("redraw", "ctrl+l", "Redraw screen", palette=True),
    Action(
        "quit",
        "q",
        "Quit",
        footer=True,
        palette=True,
        help_where="list (other panes: back to the list)",
    ),
)

BY_NAME: dict[str, Action] = {action.name: action for action in ACTIONS}

DEFAULT_KEYS: dict[str, str] = {a.name: a.keys for a in ACTIONS if a.configurable}
"""action -> its default keys, for every action `[keys]` may rebind."""


def in_scope(scope: str) -> list[Action]:
    """The actions a scope binds, in table order."""
    return [action for action in ACTIONS if scope in action.scopes]


def palette_actions() -> list[Action]:
    return [action for action in ACTIONS if action.palette]


def key_clash(keymap: Mapping[str, str], action: str) -> tuple[str, str] | None:
    """(the other action, the key) when `action`'s keys in `keymap` share a key with another
    action in one of its scopes; None when they do not."""
    mine = BY_NAME[action]
    keys = set(mine.key_list(keymap))
    for other in ACTIONS:
        if other.name == action or not set(other.scopes) & set(mine.scopes):
            continue
        shared = keys & set(other.key_list(keymap))
        if shared:
            return other.name, sorted(shared)[0]
    return None
