"""Command line: parse arguments, call the engine, print for people (or scripts)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader import __version__
from tui_reader.cli_feeds import (
    UserError,
    cmd_add,
    cmd_export,
    cmd_import,
    cmd_remove,
    resolve_feeds,
)
from tui_reader.config import Config, ConfigError, load_config
from tui_reader.engine.errors import ParseError, StoreError
from tui_reader.engine.models import ArticleRow, Feed, plural
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.paths import Paths, resolve_paths

if TYPE_CHECKING:
    from rich.console import Console

# Commands that subscribe: on an empty cache they must not bring in the demo feeds first.
_NO_DEMO = frozenset({"add", "import", "export"})


def _global_options(parser: argparse.ArgumentParser, default: object) -> None:
    # Also on every command (with SUPPRESS there, so an option given before the command is
    # not reset): `tui-reader feeds --data-dir X` works like `tui-reader --data-dir X feeds`.
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="keep cache and config in DIR (also $TUI_READER_HOME)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        default=False if default is None else default,
        help="never touch the network",
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tui-reader", description="A keyboard-first terminal news reader."
    )
    _global_options(p, None)
    p.add_argument("--version", action="version", version=f"tui-reader {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, parents=[common])

    add = command("add", "subscribe to feeds (URL of a feed or a site, or a file path)")
    add.add_argument("urls", nargs="+", metavar="URL|PATH")
    add.add_argument("--folder", help="put the feeds in this folder")
    add.add_argument("--title", help="call the feed this (one URL only)")
    add.add_argument("--no-fetch", action="store_true", help="do not fetch or check them now")
    add.add_argument("--keep", action="store_true", help="subscribe even if no feed is found")
    rm = command("remove", "unsubscribe (cached articles go, starred ones stay)")
    rm.add_argument("feeds", nargs="+", metavar="URL|ID")
    rm.add_argument("--purge", action="store_true", help="delete its starred articles too")
    command("feeds", "list subscriptions")
    ref = command("refresh", "fetch all (or the named) feeds")
    ref.add_argument("feeds", nargs="*", metavar="URL|ID")
    ref.add_argument("--jobs", "-j", type=int, help="feeds fetched at once")
    ref.add_argument("--force", action="store_true", help="also fetch gone or waiting feeds")
    imp = command("import", "subscribe to the http(s) feeds in an OPML file")
    imp.add_argument("file", type=Path)
    command("export", "print subscriptions as OPML 2.0")
    unread = command("unread", "one line per unread article")
    unread.add_argument("--limit", type=int, default=0)
    unread.add_argument("--json", action="store_true", help="one JSON object per line")
    search = command("search", "full-text search, best first")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    show = command("show", "print one article")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true", help="article and metadata as JSON")
    show.add_argument("--width", type=int, help="wrap at this many columns")
    mark = command("mark", "mark articles read, unread, starred or unstarred")
    mark.add_argument("state", choices=("read", "unread", "star", "unstar"))
    mark.add_argument("ids", nargs="+", metavar="ID")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from tui_reader.cli_progress import Interrupted

    args = build_parser().parse_args(argv)
    paths = resolve_paths(args.data_dir)
    try:
        config = load_config(paths.config_path)
        if args.command is None:
            from tui_reader.ui.app import run_app  # lazy: Textual only when needed

            return run_app(paths, config, offline=args.offline)
        for warning in config.warnings:  # the app shows them itself
            print(f"tui-reader: {warning}", file=sys.stderr)
        with open_store(paths, demo=args.command not in _NO_DEMO) as store:
            return COMMANDS[args.command](store, args, config)
    except (ConfigError, StoreError, ParseError) as exc:
        print(f"tui-reader: {exc}", file=sys.stderr)
        return 2
    except UserError as exc:
        print(f"tui-reader: {exc}", file=sys.stderr)
        return 1
    except Interrupted as exc:
        print(f"tui-reader: interrupted; {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("tui-reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def open_store(paths: Paths, *, demo: bool = True) -> Store:
    """The cache, with the demo feeds loaded on its very first use (unless not `demo`)."""
    paths.ensure()
    store = Store(paths.db_path)
    if not demo:
        return store
    from tui_reader.engine.bootstrap import ensure_demo_feeds

    try:
        ensure_demo_feeds(store)
    except BaseException:
        store.close()
        raise
    return store


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, markup=False, highlight=False, emoji=False)


def _date(ts: int | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "-"


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
    return run_refresh(store, feeds, config, jobs=args.jobs, force=args.force or bool(args.feeds))


def run_refresh(
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
    summary = run_with_progress(store.path, feeds, options)
    return 1 if summary.failed else 0


def cmd_unread(store: Store, args: argparse.Namespace, config: Config) -> int:
    rows = store.iter_rows(ArticleQuery(unread=True), args.limit or -1)
    _print_rows(store, rows, as_json=args.json)
    return 0


def cmd_search(store: Store, args: argparse.Namespace, config: Config) -> int:
    query = ArticleQuery(search=" ".join(args.query))
    _print_rows(store, store.rows(query, 0, args.limit), as_json=args.json)
    return 0


def _print_rows(store: Store, rows: Iterable[ArticleRow], *, as_json: bool) -> None:
    out = sys.stdout
    if not as_json:
        for row in rows:
            out.write(f"{row.id}\t{row.feed_title}\t{_date(row.date)}\t{row.title}\n")
        return
    batch: list[ArticleRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 500:
            _write_json(store, batch)
            batch = []
    _write_json(store, batch)


def _write_json(store: Store, rows: list[ArticleRow]) -> None:
    """One object per line (JSON Lines), dates in ISO 8601 UTC."""
    if not rows:
        return
    links = store.links_of([r.id for r in rows])
    for r in rows:
        date = datetime.fromtimestamp(r.date, UTC).isoformat() if r.date else None
        item = {
            "id": r.id,
            "feed_id": r.feed_id,
            "feed": r.feed_title,
            "title": r.title,
            "date": date,
            "read": r.read,
            "starred": r.starred,
            "link": links.get(r.id),
        }
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


def cmd_mark(store: Store, args: argparse.Namespace, config: Config) -> int:
    ids = [int(i) for i in args.ids if i.isdigit()]
    known = store.known_articles(ids)
    unknown = [i for i in args.ids if not i.isdigit() or int(i) not in known]
    todo = [i for i in dict.fromkeys(ids) if i in known]
    if args.state in ("read", "unread"):
        store.set_read(todo, args.state == "read")
    else:
        for article_id in todo:
            store.set_starred(article_id, args.state == "star")
    if todo:
        print(f"marked {plural(len(todo), 'article')} {args.state.replace('star', 'starred')}")
    if unknown:
        raise UserError(f"no article with id {', '.join(unknown)}; nothing done for it")
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
    "mark": cmd_mark,
}
