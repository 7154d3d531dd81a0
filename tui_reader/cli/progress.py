"""`tui-reader refresh`: a Rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from rich.text import Text

from tui_reader.cli.common import console, say
from tui_reader.cli.subscriptions import resolve_feeds
from tui_reader.engine.models import Feed, FeedUpdate, RefreshSummary, plural
from tui_reader.library import Library


def cmd_refresh(library: Library, args: argparse.Namespace) -> int:
    if args.offline:
        say("--offline: not refreshing")
        return 0
    feeds = resolve_feeds(library, args.feeds) if args.feeds else library.feeds(with_counts=False)
    # Naming a feed asks for it now, even if it is gone or asked us to wait.
    force = args.force or bool(args.feeds)
    summary = run_with_progress(library, feeds, force=force, jobs=args.jobs)
    return 1 if summary.failed else 0


def describe(update: FeedUpdate) -> Text:
    """One line about one feed; its title is data, so it goes in as plain text."""
    line = Text(update.title or update.url)
    if update.error:
        line.append(f": {update.error}", style="red")
    elif update.not_modified:
        line.append(": not modified", style="dim")
    else:
        line.append(
            f": {update.new} new" + (f", {update.updated} updated" if update.updated else "")
        )
    return line


class Interrupted(Exception):
    """Ctrl+C during a refresh; str() says how far it got."""


def run_with_progress(
    library: Library, feeds: list[Feed], *, force: bool = False, jobs: int | None = None
) -> RefreshSummary:
    """Refresh with progress shown; Ctrl+C raises Interrupted. Each feed is stored in one
    transaction, so an interrupted refresh leaves every feed fully updated or untouched."""
    done: list[FeedUpdate] = []

    def refresh(on_update: Callable[[FeedUpdate], None]) -> RefreshSummary:
        def heard(update: FeedUpdate) -> None:
            done.append(update)
            on_update(update)

        return library.refresh(feeds, force=force, jobs=jobs, on_update=heard)

    try:
        return _run(refresh, len(feeds))
    except KeyboardInterrupt:
        raise Interrupted(f"{plural(len(done), 'feed')} updated, the rest untouched") from None


def _run(
    refresh: Callable[[Callable[[FeedUpdate], None]], RefreshSummary], total: int
) -> RefreshSummary:
    err = console(stderr=True)
    if not err.is_terminal:  # plain lines; Rich's layout is wasted on a pipe

        def on_line(update: FeedUpdate) -> None:
            sys.stdout.write(f"{describe(update)}\n")
            sys.stdout.flush()  # a script reading the pipe sees each feed as it ends

        summary = refresh(on_line)
        sys.stdout.write(summary.line() + "\n")
        return summary

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("refreshing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}", markup=False),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("refresh", total=total, last="")

        def on_update(update: FeedUpdate) -> None:
            if update.error:
                progress.console.print(describe(update))
            progress.update(task, advance=1, last=(update.title or update.url)[:40])

        summary = refresh(on_update)
    style = "red" if summary.failed else "green"
    err.print(Text(summary.line(), style=style))
    return summary
