"""Pillow is loaded only when an image is processed or drawn: the app's first screen (whose
memory is measured) never pays for it."""

from __future__ import annotations

from tests.test_gate import _modules_after, _roots


def test_the_app_and_a_refresh_path_load_no_pillow() -> None:
    loaded = _roots(
        _modules_after(
            "import tui_reader.ui.app, tui_reader.ui.screens.main, tui_reader.ui.widgets.reader\n"
            "import tui_reader.engine.refresh, tui_reader.engine.images\n"
        )
    )
    assert "PIL" not in loaded
