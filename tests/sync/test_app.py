"""The app with [sync]: R syncs in the background, the status line says when it last
synced and how many changes wait, and the app works with the service unreachable."""

from __future__ import annotations

import time

from textual.pilot import Pilot

from tests.sync.conftest import Synced
from tests.sync.freshrss import free_port
from tests.ui.conftest import notifications, settle
from tui_reader.config import load_config
from tui_reader.library import Library
from tui_reader.paths import resolve_paths
from tui_reader.ui.app import ReaderApp


def open_app(synced: Synced) -> ReaderApp:
    paths = resolve_paths(synced.home)
    config = load_config(paths.config_path)
    config.mark_read_delay = -1.0
    return ReaderApp(Library.open(paths, config))


async def wait_status(
    pilot: Pilot, app: ReaderApp, text: str, timeout: float = 30, *, gone: str = ""
) -> str:
    """Until the status line shows `text` (and no longer `gone`)."""
    end = time.monotonic() + timeout
    while text not in (status := str(app.main.status.render())) or (gone and gone in status):
        assert time.monotonic() < end, f"status never showed {text!r}: {status!r}"
        await pilot.pause(0.05)
    return status


async def test_R_syncs_and_the_status_line_counts_waiting_changes(synced: Synced) -> None:
    api = synced.account.api()
    app = open_app(synced)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_status(pilot, app, "synced never")
            await pilot.press("R")
            await wait_status(pilot, app, "synced ")
            await settle(pilot)
            assert app.articles.count == 8  # the service's items, no demo feeds
            assert "Synced: 8 new items" in notifications(app)
            await pilot.press("A", "y")  # mark the whole view read: 8 changes queued
            await wait_status(pilot, app, "8 changes waiting")
            await pilot.press("R")
            await wait_status(pilot, app, "synced ", gone="waiting")
    finally:
        app.library.close()
    assert api.unread() == set()


async def test_the_app_works_with_the_service_unreachable(synced: Synced) -> None:
    synced.configure(url=f"http://127.0.0.1:{free_port()}/api/greader.php")
    app = open_app(synced)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("R")
            status = await wait_status(pilot, app, "last sync failed")
            assert "cannot reach the sync service" in status
            assert any("Sync failed" in n for n in notifications(app))
            await pilot.press("j", "k")  # still a reader
    finally:
        app.library.close()
