"""What a start loads: only what the first screen needs (the lazy imports stay lazy)."""

from __future__ import annotations

from pathlib import Path

from tests.test_gate import _modules_after


def test_opening_a_used_cache_loads_no_refresh_machinery(tmp_path: Path) -> None:
    # A cache someone subscribed to: the demo-feed check must not import the refresh path
    # (urllib, http.client, email, the worker pools): 1.5 MB and 10 ms of every start.
    loaded = _modules_after(
        "from pathlib import Path\n"
        "from tui_reader.library import Library\n"
        "from tui_reader.paths import resolve_paths\n"
        f"paths = resolve_paths({str(tmp_path)!r})\n"
        "with Library.open(paths, demo=False) as lib:\n"
        "    lib.add_feed('http://127.0.0.1:9/feed.xml')\n"
        "    lib.skip_demo_feeds()\n"
        "with Library.open(paths) as lib:\n"
        "    lib.feeds()\n"
    )
    assert "tui_reader.engine.refresh" not in loaded
    assert "http.client" not in loaded


def test_the_app_screens_load_no_http_client() -> None:
    # httpx (with ssl) is 5 MB of the first screen's memory; the app needs it only to fetch
    # (a refresh, a page, a download, a sync), never to show the cache. Downloading
    # attachments once imported it at start through its error class.
    loaded = _modules_after(
        "import tui_reader.main\nimport tui_reader.cli\nimport tui_reader.ui.app\n"
        "import tui_reader.ui.screens.main\n"
    )
    assert "httpx" not in loaded
    assert "tui_reader.engine.download" not in loaded


def test_the_app_start_loads_no_image_library() -> None:
    # Pillow (16 ms, 4 MB) and textual-image come with the first image drawn, in the
    # reader's thread; the terminal's graphics are asked without them (ui/terminal_graphics).
    loaded = _modules_after(
        "import tui_reader.main\nimport tui_reader.ui.app\nimport tui_reader.ui.screens.main\n"
        "from tui_reader.ui import terminal_graphics\nterminal_graphics.detect('auto')\n"
    )
    assert not {"PIL", "textual_image"} & {name.split(".")[0] for name in loaded}
