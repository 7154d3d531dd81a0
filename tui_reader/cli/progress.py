"""`tui-reader refresh`: a Rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from rich.text import Text

from tui_reader.cli.common import console, say
from tui_reader.cli.subscriptions import resolve_feeds
from tui_reader.engine.models import Feed, FeedUpdate, PageUpdate, RefreshSummary, plural
from tui_reader.library import Library


def cmd_refresh(library: Library, args: argparse.Namespace) -> int:
    if args.offline:
        say("--offline: not refreshing")
        return 0
    if library.syncing:  # the service fetches the feeds; refreshing is syncing with it
        from tui_reader.cli.sync import cmd_sync

        return cmd_sync(library, args)
    feeds = resolve_feeds(library, args.feeds) if args.feeds else library.feeds(with_counts=False)
    # Naming a feed asks for it now, even if it is gone or asked us to wait.
    force = args.force or bool(args.feeds)
    todo = library.due_feeds(feeds, force=force)
    skipped = len(feeds) - len(todo)
    summary = run_with_progress(library, todo, force=force, jobs=args.jobs, skipped=skipped)
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


OnUpdate = Callable[[FeedUpdate], None]
OnPage = Callable[[PageUpdate], None]


def run_with_progress(
    library: Library,
    feeds: list[Feed],
    *,
    force: bool = False,
    jobs: int | None = None,
    skipped: int = 0,
) -> RefreshSummary:
    """Refresh with progress shown; Ctrl+C raises Interrupted. Each feed and each article
    page is stored in one transaction, so an interrupted refresh leaves each feed fully
    updated or untouched, and each article with its new full text or as it was."""
    done: list[FeedUpdate] = []
    pages: list[PageUpdate] = []

    def refresh(on_update: OnUpdate, on_page: OnPage) -> RefreshSummary:
        def heard(update: FeedUpdate) -> None:
            done.append(update)
            on_update(update)

        def heard_page(update: PageUpdate) -> None:
            pages.append(update)
            on_page(update)

        summary = library.refresh(
            feeds, force=force, jobs=jobs, on_update=heard, on_page=heard_page
        )
        summary.skipped += skipped  # not due: the summary line says so (--force fetches)
        return summary

    try:
        return _run(refresh, len(feeds))
    except KeyboardInterrupt:
        stored = f", {plural(len(pages), 'page')} done" if pages else ""
        raise Interrupted(
            f"{plural(len(done), 'feed')} updated{stored}, the rest untouched"
        ) from None


def _page_line(update: PageUpdate) -> Text:
    line = Text(f"  page {update.article_id} {update.title}")
    line.append(f": {update.error}", style="red")
    return line


def _run(refresh: Callable[[OnUpdate, OnPage], RefreshSummary], total: int) -> RefreshSummary:
    err = console(stderr=True)
    if not err.is_terminal:  # plain lines; Rich's layout is wasted on a pipe

        def on_line(update: FeedUpdate) -> None:
            sys.stdout.write(f"{describe(update)}\n")
            sys.stdout.flush()  # a script reading the pipe sees each feed as it ends

        def on_page(update: PageUpdate) -> None:  # failures only: a refresh may fetch 100s
            if not update.ok:
                sys.stdout.write(f"{_page_line(update)}\n")
                sys.stdout.flush()

        summary = refresh(on_line, on_page)
        sys.stdout.write(summary.line() + "\n")
        return summary

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}", markup=False),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("refreshing", total=total, last="")
        pages = progress.add_task("pages     ", total=0, last="", visible=False)

        def on_update(update: FeedUpdate) -> None:
            if update.error:
                progress.console.print(describe(update))
            progress.update(task, advance=1, last=(update.title or update.url)[:40])
            if update.page_ids:  # its pages come next
                total = (progress.tasks[pages].total or 0) + len(update.page_ids)
                progress.update(pages, total=total, visible=True)

        def on_page(update: PageUpdate) -> None:
            if not update.ok:
                progress.console.print(_page_line(update))
            progress.update(pages, advance=1, last=f"page: {update.title}"[:40])

        summary = refresh(on_update, on_page)
    style = "red" if summary.failed else "green"
    err.print(Text(summary.line(), style=style))
    return summary
