"""Fixtures every test folder may use; folder-specific ones live in that folder's conftest."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feedserver import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A fresh local HTTP server; see tests/feedserver.py for the route helpers."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty app home; points every user-dir variable into tmp_path so no test can
    touch the real config, data or cache folders."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("TUI_READER_HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        path = tmp_path / var.lower()
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    return home


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI, ../shared must be there: without it ~80 tests would skip and pass quietly."""
    from tests.shared import SHARED

    if os.environ.get("CI") and not (SHARED / "corpus").is_dir():
        pytest.exit(f"CI: {SHARED} is missing; put ../shared beside the checkout", returncode=1)
