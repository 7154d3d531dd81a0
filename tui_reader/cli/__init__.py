"""Command line: parse arguments, call the library, print for people (or scripts).

`main` runs the headless commands. The CLI and the UI are siblings that never import each
other: with no command, `main` calls the `run_app` it is given, which `tui_reader.main` (the
`tui-reader` entry point, one layer above both) passes in.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence

from tui_reader.cli.common import UserError, say
from tui_reader.cli.download import cmd_download
from tui_reader.cli.fulltext import cmd_fetch_text
from tui_reader.cli.organise import cmd_feed, cmd_tag, cmd_untag
from tui_reader.cli.parser import build_parser
from tui_reader.cli.progress import Interrupted, cmd_refresh
from tui_reader.cli.reading import cmd_feeds, cmd_mark, cmd_search, cmd_show, cmd_unread
from tui_reader.cli.retention import cmd_cleanup
from tui_reader.cli.rules import cmd_rules
from tui_reader.cli.subscriptions import (
    cmd_add,
    cmd_export,
    cmd_full_text,
    cmd_import,
    cmd_remove,
)
from tui_reader.cli.sync import cmd_sync
from tui_reader.config import ConfigError, load_config
from tui_reader.engine.errors import ParseError, StoreError
from tui_reader.engine.querylang import QueryError
from tui_reader.engine.sync.errors import SyncError
from tui_reader.library import Library
from tui_reader.paths import resolve_paths

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
    "sync": cmd_sync,
    "tag": cmd_tag,
    "untag": cmd_untag,
    "feed": cmd_feed,
    "cleanup": cmd_cleanup,
    "rules": cmd_rules,
    "download": cmd_download,
}
# Commands that subscribe: on an empty cache they must not bring in the demo feeds first.
_NO_DEMO = frozenset({"add", "import", "export"})
# Starts the app: run_app(paths, config, *, offline) -> exit status.
RunApp = Callable[..., int]


def in_order(words: list[str], terms: list[str]) -> list[str]:
    """`terms` (argparse's query words and the "-term" words it left over) in the order
    they were typed, which `or` and the last word's prefix match depend on."""
    wanted = Counter(terms)
    ordered = []
    for word in words[words.index("search") + 1 :]:
        if wanted[word] > 0:
            wanted[word] -= 1
            ordered.append(word)
    return ordered


def main(argv: Sequence[str] | None = None, *, run_app: RunApp | None = None) -> int:
    """Run a command (or, given `run_app`, the app when no command is named)."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    args, extra = parser.parse_known_args(words)
    if extra and args.command != "search":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if extra:  # `search -tag:work is:unread`: a term may start with "-"
        args.query = in_order(words, [*args.query, *extra])
    if args.command is None and run_app is None:
        parser.error("name a command (tui-reader with no command starts the app)")
    paths = resolve_paths(args.data_dir)
    try:
        config = load_config(paths.config_path)
        if args.command is None:
            assert run_app is not None
            return run_app(paths, config, offline=args.offline)
        for warning in config.warnings:  # the app shows them itself
            say(warning)
        demo = args.command not in _NO_DEMO
        with Library.open(paths, config, offline=args.offline, demo=demo) as library:
            return COMMANDS[args.command](library, args)
    except (ConfigError, StoreError, ParseError) as exc:
        say(str(exc))
        return 2
    except SyncError as exc:  # subscribing or unsubscribing on the sync service failed
        say(str(exc))
        return 1
    except (UserError, QueryError) as exc:
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
