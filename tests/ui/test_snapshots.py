"""Layout pins: the main screen at the smallest supported size and on a wide terminal.

The reader previews the newest article from the first screen; its header says "(N weeks
ago)", so the pictures are taken with the reader's clock fixed to a day in 2024.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.ui.conftest import settle
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets.reader import Reader

FIXED_NOW = 1_709_294_400.0  # 2024-03-01 12:00 UTC, a few weeks after the demo articles


async def fix_clock(pilot: Pilot) -> None:
    reader = pilot.app.main.query_one("#reader", Reader)
    reader.now = FIXED_NOW
    reader.rerender()
    await settle(pilot)  # the related articles are in


def test_main_screen_80x24(
    snap_compare: Callable[..., bool], make_app: Callable[..., ReaderApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=fix_clock)


def test_main_screen_160x50_with_feeds(
    snap_compare: Callable[..., bool], make_app: Callable[..., ReaderApp]
) -> None:
    async def open_feeds(pilot: Pilot) -> None:
        await fix_clock(pilot)
        await pilot.press("ctrl+b", "j", "j")

    assert snap_compare(make_app(), terminal_size=(160, 50), run_before=open_feeds)
