"""Layout pins: the main screen at the smallest supported size and on a wide terminal.

The reader stays empty here on purpose: an open article's header says "(2 years ago)",
which would make the picture depend on the day the test runs.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tui_reader.ui.app import ReaderApp


def test_main_screen_80x24(
    snap_compare: Callable[..., bool], make_app: Callable[..., ReaderApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_main_screen_160x50_with_feeds(
    snap_compare: Callable[..., bool], make_app: Callable[..., ReaderApp]
) -> None:
    async def open_feeds(pilot: Pilot) -> None:
        await pilot.press("ctrl+b", "j", "j")

    assert snap_compare(make_app(), terminal_size=(160, 50), run_before=open_feeds)
