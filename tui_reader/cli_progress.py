"""`tui-reader refresh` output: a Rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.text import Text

from tui_reader.engine.models import Feed, FeedUpdate, RefreshSummary, plural
from tui_reader.engine.refresh import RefreshOptions, refresh_sync


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


def run_with_progress(db_path: Path, feeds: list[Feed], options: RefreshOptions) -> RefreshSummary:
    """Refresh with progress shown; Ctrl+C raises Interrupted. Each feed is stored in one
    transaction, so an interrupted refresh leaves every feed fully updated or untouched."""
    done: list[FeedUpdate] = []
    try:
        return _run(db_path, feeds, options, done)
    except KeyboardInterrupt:
        raise Interrupted(f"{plural(len(done), 'feed')} updated, the rest untouched") from None


def _run(
    db_path: Path, feeds: list[Feed], options: RefreshOptions, done: list[FeedUpdate]
) -> RefreshSummary:
    console = Console(stderr=True, markup=False, highlight=False, emoji=False)
    if not console.is_terminal:  # plain lines; Rich's layout is wasted on a pipe

        def on_line(update: FeedUpdate) -> None:
            done.append(update)
            sys.stdout.write(f"{describe(update)}\n")
            sys.stdout.flush()  # a script reading the pipe sees each feed as it ends

        summary = refresh_sync(db_path, feeds, options, on_update=on_line)
        sys.stdout.write(summary.line() + "\n")
        return summary

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("refreshing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}", markup=False),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("refresh", total=len(feeds), last="")

        def on_update(update: FeedUpdate) -> None:
            done.append(update)
            if update.error:
                progress.console.print(describe(update))
            progress.update(task, advance=1, last=(update.title or update.url)[:40])

        summary = refresh_sync(db_path, feeds, options, on_update=on_update)
    style = "red" if summary.failed else "green"
    console.print(Text(summary.line(), style=style))
    return summary
