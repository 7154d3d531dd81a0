"""UI fixtures: a real cache built once from the bundled demo feeds, copied per test."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from tui_reader.config import Config
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.library import Library
from tui_reader.paths import Paths, resolve_paths
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.reading import RELATED_DELAY

SEED_TITLE = "Foreign Minister Supports ASEAN Efforts to Maintain Regional Stability"


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    """Dates in the list are local time: pin it so snapshots and assertions are stable."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture(scope="session")
def demo_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """cache.db with the demo feeds loaded (the real first-run path), built once."""
    home = tmp_path_factory.mktemp("demo-home")
    paths = resolve_paths(home)
    with Library.open(paths):
        pass
    return paths.db_path


@pytest.fixture
def paths(data_dir: Path, demo_cache: Path) -> Paths:
    paths = resolve_paths(data_dir)
    paths.ensure()
    shutil.copyfile(demo_cache, paths.db_path)
    return paths


@pytest.fixture
def store(paths: Paths) -> Iterator[Store]:
    with Store(paths.db_path) as store:
        yield store


@pytest.fixture
def db(paths: Paths) -> Callable[[], Store]:
    """A second connection, as another process would see the cache."""

    def open_db() -> Store:
        return Store(paths.db_path)

    return open_db


def app_on(store: Store, *, offline: bool = False, **settings: Any) -> ReaderApp:
    """ReaderApp on a library over `store` (a cache.db); mark-read timer off unless asked."""
    settings.setdefault("mark_read_delay", -1.0)
    config = Config(**settings)
    home = store.path.parent
    library = Library(Paths(home, home, home / "cache"), config, store, offline=offline)
    return ReaderApp(library)


@pytest.fixture
def make_app(store: Store) -> Iterator[Callable[..., ReaderApp]]:
    """ReaderApp on the test cache; mark-read timer off unless a test asks for it."""
    made: list[ReaderApp] = []

    def make(*, offline: bool = False, **settings: Any) -> ReaderApp:
        made.append(app_on(store, offline=offline, **settings))
        return made[-1]

    yield make
    for app in made:  # the library's own connections (pages, ranking); `store` too
        app.library.close()


def seed_id(store: Store) -> int:
    rows = store.rows(ArticleQuery(search=SEED_TITLE), 0, 5)
    found = [r.id for r in rows if r.title == SEED_TITLE]
    assert found, "the demo feeds should hold the ASEAN seed story"
    return found[0]


async def wait_until(
    pilot: Pilot, condition: Callable[[], object], what: str = "the condition", timeout: float = 20
) -> None:
    """Until `condition()` holds: a deadline, polled between the app's frames, never a
    fixed sleep. The one the UI tests share."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"never within {timeout} s: {what}"
        await pilot.pause(0.02)


async def wait_for_palette_hit(pilot: Pilot, text: str, timeout: float = 10) -> None:
    """Until the open command palette offers `text` as its highlighted hit (it searches in
    the background, so the hit arrives some frames after the typing)."""
    end = time.monotonic() + timeout
    while True:
        screen = pilot.app.screen
        if isinstance(screen, CommandPalette):
            hits = screen.query_one(CommandList)
            index = hits.highlighted
            if index is not None and index < hits.option_count:
                prompt = hits.get_option_at_index(index).prompt
                if text in getattr(prompt, "plain", str(prompt)):
                    return
        assert time.monotonic() < end, f"the palette never offered {text!r}"
        await pilot.pause(0.02)


async def settle(pilot: Pilot) -> None:
    """Let timers and workers (related, refresh, browser) finish and their results land."""
    await pilot.pause(RELATED_DELAY + 0.05)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def notifications(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


def screen_text(app: ReaderApp) -> str:
    """What the terminal shows, as plain lines."""
    return "\n".join(strip.text for strip in screen_strips(app))


def screen_strips(app: ReaderApp) -> list[Any]:
    compositor = app.screen._compositor
    return list(compositor.render_strips())
