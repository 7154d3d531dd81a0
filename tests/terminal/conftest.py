"""Real-terminal fixtures: tmux, and an app home that an earlier run of the app created."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tmux import Tmux, needs_tmux

pytestmark = needs_tmux


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    with Tmux.session(tmp_path) as t:
        yield t


@pytest.fixture
def used_home(tmux: Tmux, tmp_path: Path) -> Path:
    """A home the app has run in once already (demo feeds loaded, quit with q): the state
    every start after the first meets."""
    home = tmp_path / "home"
    tmux.start_app(home, "--offline")
    tmux.wait_for("All")
    tmux.keys("q")
    status, _ = tmux.wait_exit()
    assert status == 0
    return home
