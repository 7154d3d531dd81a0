"""`tui-reader sync`: push local changes to the service, pull its feeds, items and state."""

from __future__ import annotations

import argparse
import sys

from tui_reader.cli.common import say
from tui_reader.engine.models import plural
from tui_reader.library import Library


def cmd_sync(library: Library, args: argparse.Namespace) -> int:
    """0 when the cache and the service are in step; 1 with one line per problem."""
    from tui_reader.engine.sync.client import SyncError

    if not library.syncing:
        say("no sync service: add a [sync] section to config.toml (see the README)")
        return 1
    if args.offline:
        say("--offline: not syncing")
        return 1
    try:
        report = library.sync()
    except SyncError as exc:
        waiting = library.sync_status().waiting
        say(str(exc))
        if waiting:
            say(f"{plural(waiting, 'change')} kept for the next sync")
        return 1
    parts = [
        f"{plural(report.pushed, 'change')} sent",
        f"{plural(report.fetched, 'new item')}",
        f"{plural(report.state_changed, 'state change')}",
    ]
    if report.feeds_added or report.feeds_removed:
        parts.append(f"feeds +{report.feeds_added} -{report.feeds_removed}")
    print("synced: " + ", ".join(parts), file=sys.stdout)
    return 0
