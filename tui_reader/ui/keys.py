"""Bindings and help rows, built from the action table (tui_reader/actions.py).

Every binding carries its action's name as the Binding id, so `App.set_keymap(config.keys)`
rebinds it wherever it is declared (screen or pane), and the help shows the live keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType

from tui_reader.actions import ACTIONS, APP, BY_NAME, Action, in_scope

if TYPE_CHECKING:
    from textual.app import App


def bindings(scope: str) -> list[BindingType]:
    """The bindings of one scope (APP: the main screen; else that pane), with default keys."""
    result: list[BindingType] = []
    for action in in_scope(scope):
        method = action.scopes[scope]
        if not action.configurable:  # open_link: the Nth key opens link N (0: link 10)
            for n, key in enumerate(action.key_list(), 1):
                result.append(Binding(key, f"{method}({n})", action.description, show=False))
            continue
        result.append(
            Binding(
                action.keys,
                method,
                action.description,
                show=action.footer,
                priority=action.priority,
                id=action.name,
            )
        )
    return result


HelpRow = tuple[list[str], str, list[str]]
"""(keys, description, where): where is empty for actions that act anywhere."""


def help_rows(keymap: Mapping[str, str]) -> list[HelpRow]:
    """One row per action, with its live keys (or its own summary of them, which has a
    space) and the panes it acts in."""
    return [(_help_keys(action, keymap), action.description, _where(action)) for action in ACTIONS]


def _help_keys(action: Action, keymap: Mapping[str, str]) -> list[str]:
    return [action.help_keys] if action.help_keys else action.key_list(keymap)


def _where(action: Action) -> list[str]:
    if action.help_where:
        return [action.help_where]
    return [scope for scope in action.scopes if scope != APP]


def key_shown(app: App[Any], keymap: Mapping[str, str], name: str) -> str:
    """An action's first live key as the footer shows it, for a message ("d stops it")."""
    keys = BY_NAME[name].key_list(keymap)
    return app.get_key_display(Binding(keys[0], name)) if keys else name
