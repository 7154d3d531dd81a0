"""The action table is the one place an action is declared: everything it lists is bound in
its scope to a method that exists, and nothing is bound that it does not list."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

from tui_reader.actions import ACTIONS, APP, BY_NAME, FEEDS, LIST, READER, RELATED, Action
from tui_reader.config import load_config
from tui_reader.ui.screens.main import MainScreen
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.reader import Reader
from tui_reader.ui.widgets.related import RelatedList
from tui_reader.ui.widgets.sidebar import Sidebar, ViewOptions

# Where each scope's bindings are declared (the feeds pane's come from ViewOptions, which
# the view picker shares).
SCOPE_CLASSES: dict[str, type[DOMNode]] = {
    APP: MainScreen,
    LIST: ArticleList,
    READER: Reader,
    RELATED: RelatedList,
    FEEDS: ViewOptions,
}


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings a class of ours declares itself (not Textual's inherited ones)."""
    return list(Binding.make_bindings(cls.__dict__.get("BINDINGS", [])))


def method_of(action: str) -> str:
    return action.split("(", 1)[0]


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_every_action_is_bound_in_its_scopes_to_a_method(action: Action) -> None:
    for scope, method in action.scopes.items():
        cls = SCOPE_CLASSES[scope]
        found = [
            b
            for b in own_bindings(cls)
            if method_of(b.action) == method and (b.id == action.name or not action.configurable)
        ]
        assert found, f"{action.name} is not bound in {scope}"
        assert callable(getattr(cls, f"action_{method}", None)), f"{cls.__name__}.{method}"
    assert issubclass(Sidebar, ViewOptions)


def test_nothing_is_bound_that_the_table_does_not_list() -> None:
    for scope, cls in SCOPE_CLASSES.items():
        listed = {a.scopes[scope] for a in ACTIONS if scope in a.scopes}
        for binding in own_bindings(cls):
            assert method_of(binding.action) in listed, (cls.__name__, binding.action)
            if binding.id is not None:
                assert BY_NAME[binding.id].scopes[scope] == binding.action


def test_digits_open_links_and_are_not_rebindable(tmp_path: Path) -> None:
    digits = [b for b in own_bindings(MainScreen) if b.action.startswith("open_link(")]
    assert [(b.key, b.action) for b in digits][-1] == ("0", "open_link(10)")
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nopen_link = "x"\ntoggle_read = "1"\n')
    warnings = load_config(path).warnings
    assert any("unknown action 'open_link'" in w for w in warnings)
    # A digit is taken (link 1) in the same scope: a conflict, with its line.
    assert any("line 3" in w and "toggle_read and open_link" in w for w in warnings)


def test_a_key_taken_inside_a_pane_is_a_conflict_there_only(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nopen = "j"\ntoggle_star = "k"\n')
    config = load_config(path)
    # `open` and `down` act in the list: one key cannot do both. `toggle_star` acts on the
    # screen, where `k` (up) only acts inside panes: no conflict.
    (warning,) = config.warnings
    assert "line 2" in warning and "open and down" in warning
    assert config.keys["open"] == "enter" and config.keys["toggle_star"] == "k"
