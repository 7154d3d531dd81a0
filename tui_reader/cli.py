"""Command line: parse arguments, call the engine, print for people (or scripts)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tui_reader import __version__
from tui_reader.config import Config, ConfigError, load_config
from tui_reader.engine.errors import ParseError, StoreError
from tui_reader.engine.models import Feed, RefreshSummary
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.paths import Paths, resolve_paths


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tui-reader", description="A keyboard-first terminal news reader."
    )
    p.add_argument(
        "--data-dir", metavar="DIR", help="keep cache and config in DIR (also $TUI_READER_HOME)"
    )
    p.add_argument("--offline", action="store_true", help="never touch the network")
    p.add_argument("--version", action="version", version=f"tui-reader {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    add = sub.add_parser("add", help="subscribe to feeds (URL or file path)")
    add.add_argument("urls", nargs="+", metavar="URL|PATH")
    add.add_argument("--folder", help="put the feeds in this folder")
    add.add_argument("--no-fetch", action="store_true", help="do not fetch them now")
    rm = sub.add_parser("remove", help="unsubscribe (and drop its cached articles)")
    rm.add_argument("feeds", nargs="+", metavar="URL|ID")
    sub.add_parser("feeds", help="list subscriptions")
    ref = sub.add_parser("refresh", help="fetch all (or the named) feeds")
    ref.add_argument("feeds", nargs="*", metavar="URL|ID")
    ref.add_argument("--jobs", "-j", type=int, help="feeds fetched at once")
    ref.add_argument("--force", action="store_true", help="also fetch gone or waiting feeds")
    imp = sub.add_parser("import", help="subscribe to the feeds in an OPML file")
    imp.add_argument("file", type=Path)
    sub.add_parser("export", help="print subscriptions as OPML 2.0")
    unread = sub.add_parser("unread", help="one line per unread article")
    unread.add_argument("--limit", type=int, default=0)
    search = sub.add_parser("search", help="full-text search, best first")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=50)
    show = sub.add_parser("show", help="print one article")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true", help="article and metadata as JSON")
    show.add_argument("--width", type=int, help="wrap at this many columns")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = resolve_paths(args.data_dir)
    try:
        config = load_config(paths.config_path)
        if args.command is None:
            from tui_reader.ui.app import run_app  # lazy: Textual only when needed

            return run_app(paths, config, offline=args.offline)
        with open_store(paths) as store:
            return COMMANDS[args.command](store, args, config)
    except (ConfigError, StoreError, ParseError) as exc:
        print(f"tui-reader: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def open_store(paths: Paths) -> Store:
    """The cache, with the demo feeds loaded on its very first use."""
    from tui_reader.engine.bootstrap import ensure_demo_feeds

    paths.ensure()
    store = Store(paths.db_path)
    try:
        ensure_demo_feeds(store)
    except BaseException:
        store.close()
        raise
    return store


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, markup=False, highlight=False, emoji=False)


def _date(ts: int | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "-"


def resolve_feeds(store: Store, names: Sequence[str]) -> list[Feed]:
    """Feeds named by id or URL; a name that matches nothing is an error."""
    found: list[Feed] = []
    for name in names:
        feed = store.get_feed(int(name)) if name.isdigit() else store.find_feed(_feed_url(name))
        if feed is None:
            raise StoreError(f"no such feed: {name}")
        found.append(feed)
    return found


def _is_url(text: str) -> bool:
    return "://" in text or text.startswith("bundled:")


def _feed_url(text: str) -> str:
    """Plain paths become absolute so the feed still works from another folder."""
    if _is_url(text):
        return text
    return str(Path(text).expanduser().resolve())


def cmd_add(store: Store, args: argparse.Namespace, config: Config) -> int:
    added = []
    for url in args.urls:
        feed, created = store.add_feed(_feed_url(url), folder=args.folder)
        print(("added " if created else "already subscribed: ") + f"{feed.id} {feed.url}")
        if created:
            added.append(feed)
    if added and not args.no_fetch and not args.offline:
        return _run_refresh(store, added, config, jobs=None, force=False)
    return 0


def cmd_remove(store: Store, args: argparse.Namespace, config: Config) -> int:
    for feed in resolve_feeds(store, args.feeds):
        store.remove_feed(feed.id)
        print(f"removed {feed.id} {feed.url}")
    return 0


def cmd_feeds(store: Store, args: argparse.Namespace, config: Config) -> int:
    from rich.table import Table
    from rich.text import Text

    feeds = store.feeds()
    console = _console()
    if not console.is_terminal:  # one tab-separated line per feed for scripts
        for f in feeds:
            error = ("gone (410): " if f.gone else "") + (f.last_error or "")
            sys.stdout.write(
                f"{f.id}\t{f.display_title}\t{f.url}\t{f.unread}/{f.total}\t"
                f"{_date(f.last_fetch)}\t{error}\n"
            )
        return 0
    table = Table(box=None, pad_edge=False)
    for col in ("id", "title", "url", "unread/total", "last fetch", "last error"):
        table.add_column(col, overflow="fold")
    for f in feeds:
        error = Text(("gone (410): " if f.gone else "") + (f.last_error or ""), style="red")
        table.add_row(
            str(f.id),
            Text(f.display_title),
            Text(f.url),
            f"{f.unread}/{f.total}",
            _date(f.last_fetch),
            error,
        )
    console.print(table)
    return 0


def cmd_refresh(store: Store, args: argparse.Namespace, config: Config) -> int:
    if args.offline:
        print("tui-reader: --offline: not refreshing", file=sys.stderr)
        return 0
    feeds = resolve_feeds(store, args.feeds) if args.feeds else store.feeds(with_counts=False)
    return _run_refresh(store, feeds, config, jobs=args.jobs, force=args.force or bool(args.feeds))


def _run_refresh(
    store: Store, feeds: list[Feed], config: Config, jobs: int | None, force: bool
) -> int:
    from tui_reader.cli_progress import run_with_progress
    from tui_reader.engine.refresh import RefreshOptions

    options = RefreshOptions(
        jobs=jobs or config.jobs,
        timeout=config.timeout,
        max_bytes=config.max_bytes,
        max_redirects=config.max_redirects,
        force=force,
    )
    summary: RefreshSummary = run_with_progress(store.path, feeds, options)
    return 1 if summary.failed else 0


def cmd_import(store: Store, args: argparse.Namespace, config: Config) -> int:
    from tui_reader.engine.opml import read_opml

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read {args.file}: {exc.strerror}") from None
    new = 0
    for entry in read_opml(data):
        # A bare xmlUrl is a file next to the OPML file, not next to wherever we run.
        url = entry.url if _is_url(entry.url) else _feed_url(str(args.file.parent / entry.url))
        _, created = store.add_feed(url, entry.title, entry.folder)
        new += created
    print(f"imported {new} new feeds from {args.file}")
    return 0


def cmd_export(store: Store, args: argparse.Namespace, config: Config) -> int:
    from tui_reader.engine.opml import OpmlFeed, write_opml

    entries = [
        OpmlFeed(url=f.url, title=f.title, folder=f.folder) for f in store.feeds(with_counts=False)
    ]
    sys.stdout.write(write_opml(entries))
    return 0


def cmd_unread(store: Store, args: argparse.Namespace, config: Config) -> int:
    out = sys.stdout
    for row in store.iter_rows(ArticleQuery(unread=True), args.limit or -1):
        out.write(f"{row.id}\t{row.feed_title}\t{_date(row.date)}\t{row.title}\n")
    return 0


def cmd_search(store: Store, args: argparse.Namespace, config: Config) -> int:
    query = ArticleQuery(search=" ".join(args.query))
    for row in store.rows(query, 0, args.limit):
        sys.stdout.write(f"{row.id}\t{row.feed_title}\t{_date(row.date)}\t{row.title}\n")
    return 0


def cmd_show(store: Store, args: argparse.Namespace, config: Config) -> int:
    from tui_reader.content.reading import read_article
    from tui_reader.content.render import (
        article_to_json,
        render_article,
        render_plain,
    )

    article = store.get_article(args.id)
    if article is None:
        print(f"tui-reader: no article with id {args.id}", file=sys.stderr)
        return 1
    readable = read_article(article)
    if args.json:
        print(json.dumps(article_to_json(readable), ensure_ascii=False, indent=2))
        return 0
    console = _console()
    width = args.width or min(console.width, config.measure + 4)
    if not sys.stdout.isatty():
        sys.stdout.write(render_plain(readable, width))
        return 0
    from rich.theme import Theme

    from tui_reader.content.render import THEME

    console.push_theme(Theme(THEME))
    console.print(render_article(readable, width, config.measure), width=width)
    return 0


COMMANDS = {
    "add": cmd_add,
    "remove": cmd_remove,
    "feeds": cmd_feeds,
    "refresh": cmd_refresh,
    "import": cmd_import,
    "export": cmd_export,
    "unread": cmd_unread,
    "search": cmd_search,
    "show": cmd_show,
}
