"""The `tui-reader` entry point: the app with no command, else a headless command.

It sits one layer above the CLI and the UI, which never import each other; the app (and
Textual with it) is imported only when it is started, so a command stays light.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui_reader import cli
from tui_reader.config import Config
from tui_reader.paths import Paths


def run_app(paths: Paths, config: Config, *, offline: bool = False) -> int:
    from tui_reader.ui.app import run_app as run  # lazy: Textual only for the app

    return run(paths, config, offline=offline)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, run_app=run_app)
