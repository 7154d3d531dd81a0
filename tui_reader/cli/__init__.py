"""Command line: parse arguments, call the library, print for people (or scripts).

`main` is the `tui-reader` entry point. With no command it starts the app; the CLI and the
UI are siblings that never import each other, so the app is started by name (`_APP`).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tui_reader.cli.common import UserError, say
from tui_reader.cli.fulltext import cmd_fetch_text
from tui_reader.cli.parser import build_parser
from tui_reader.cli.progress import Interrupted, cmd_refresh
from tui_reader.cli.reading import cmd_feeds, cmd_mark, cmd_search, cmd_show, cmd_unread
from tui_reader.cli.subscriptions import (
    cmd_add,
    cmd_export,
    cmd_full_text,
    cmd_import,
    cmd_remove,
)
from tui_reader.config import Config, ConfigError, load_config
from tui_reader.engine.errors import ParseError, StoreError
from tui_reader.library import Library
from tui_reader.paths import Paths, resolve_paths

if TYPE_CHECKING:
    from tui_reader.engine.store import Store

__all__ = ["build_parser", "main"]

Command = Callable[[Library, argparse.Namespace], int]
COMMANDS: dict[str, Command] = {
    "add": cmd_add,
    "remove": cmd_remove,
    "feeds": cmd_feeds,
    "refresh": cmd_refresh,
    "import": cmd_import,
    "export": cmd_export,
    "unread": cmd_unread,
    "search": cmd_search,
    "show": cmd_show,
    "mark": cmd_mark,
    "full-text": cmd_full_text,
    "fetch-text": cmd_fetch_text,
}
# Commands that subscribe: on an empty cache they must not bring in the demo feeds first.
_NO_DEMO = frozenset({"add", "import", "export"})
# The app's entry: run_app(paths, config, *, offline) -> exit status. Imported only when
# the app is started (Textual is slow to import, and a headless command never needs it).
_APP = "tui_reader.ui.app"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = resolve_paths(args.data_dir)
    try:
        config = load_config(paths.config_path)
        if args.command is None:
            return _run_app(paths, config, offline=args.offline)
        for warning in config.warnings:  # the app shows them itself
            say(warning)
        demo = args.command not in _NO_DEMO
        with Library.open(paths, config, offline=args.offline, demo=demo) as library:
            return COMMANDS[args.command](library, args)
    except (ConfigError, StoreError, ParseError) as exc:
        say(str(exc))
        return 2
    except UserError as exc:
        say(str(exc))
        return 1
    except Interrupted as exc:
        say(f"interrupted; {exc}")
        return 130
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:
        return 0


def _run_app(paths: Paths, config: Config, *, offline: bool) -> int:
    run_app: Callable[..., int] = importlib.import_module(_APP).run_app
    return run_app(paths, config, offline=offline)


def open_store(paths: Paths, *, demo: bool = True) -> Store:
    """Only for the UI of before the Library (`ui/app.py`, `tests/ui/conftest.py`): delete
    once the wave2-ui branch, which opens the cache with `Library.open`, is merged."""
    from tui_reader.engine.bootstrap import ensure_demo_feeds
    from tui_reader.engine.store import Store

    paths.ensure()
    store = Store(paths.db_path)
    try:
        if demo:
            ensure_demo_feeds(store)
    except BaseException:
        store.close()
        raise
    return store
