"""A config.toml with a bad value: the app starts on the default and says what was wrong."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from tests.tmux import Tmux, needs_tmux
from tui_reader.config import Config

pytestmark = [
    needs_tmux,
    pytest.mark.skipif(
        "warnings" not in {f.name for f in fields(Config)},
        reason="Config.warnings comes with the config branch (wave1-cli)",
    ),
]


def test_each_config_warning_is_shown_at_start(tmux: Tmux, used_home: Path) -> None:
    (used_home / "config.toml").write_text('theme = "textual-dark"\nmeasure = "wide"\n')
    tmux.start_app(used_home, "--offline")
    screen = tmux.wait_for("not 'wide'")
    assert "config.toml" in screen and "line 2" in screen  # names the file and the line
    assert "Humanitarian Groups" in screen  # and the app runs
    tmux.keys("q")
    assert tmux.wait_exit()[0] == 0
