"""The command line's grammar: global options, and each command with its own."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from tui_reader import __version__
from tui_reader.engine.query import SORTS


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
    # "*", not "+": in `add --full-text URL` argparse hands the URL to --full-text, and
    # cmd_add gives it back (full_text_and_urls); it asks for a URL itself.
    add.add_argument("urls", nargs="*", metavar="URL|PATH")
    add.add_argument("--folder", help="put the feeds in this folder")
    add.add_argument("--title", help="call the feed this (one URL only)")
    add.add_argument("--no-fetch", action="store_true", help="do not fetch or check them now")
    add.add_argument("--keep", action="store_true", help="subscribe even if no feed is found")
    add.add_argument(
        "--full-text",
        nargs="?",
        const="always",
        metavar="MODE",
        help="fetch each article's page for offline reading: always (no MODE), auto "
        "(when the feed's text looks truncated; the default) or never",
    )
    rm = command("remove", "unsubscribe (cached articles go, starred ones stay)")
    rm.add_argument("feeds", nargs="+", metavar="URL|ID")
    rm.add_argument("--purge", action="store_true", help="delete its starred articles too")
    command("feeds", "list subscriptions")
    full = command("full-text", "when to fetch a feed's article pages (shows it without MODE)")
    full.add_argument("feed", metavar="URL|ID")
    full.add_argument("mode", nargs="?", choices=("auto", "always", "never"))
    fetch_text = command("fetch-text", "fetch articles' pages now and keep their full text")
    fetch_text.add_argument("ids", nargs="+", metavar="ID")
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
    unread.add_argument("--sort", choices=SORTS, help="the order (default: sort in config.toml)")
    search = command("search", "articles matching a query (words best first; see README)")
    search.add_argument("query", nargs="*", metavar="QUERY")
    search.add_argument("--view", metavar="NAME", help="inside this saved view ([views])")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    show = command("show", "print one article")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true", help="article and metadata as JSON")
    show.add_argument("--width", type=int, help="wrap at this many columns")
    show.add_argument("--markdown", action="store_true", help="the article as Markdown")
    show.add_argument(
        "--feed-text", action="store_true", help="the feed's own text, not the page's full text"
    )
    mark = command("mark", "mark articles read, unread, starred or unstarred")
    mark.add_argument("state", choices=("read", "unread", "star", "unstar"))
    mark.add_argument("ids", nargs="+", metavar="ID")
    command("sync", "send local changes to the sync service and bring its feeds and state")
    _organise(command)
    clean = command(
        "cleanup", "remove read articles past [retention] (never starred, tagged or unread)"
    )
    clean.add_argument("--older-than", metavar="AGE", help="read articles older than AGE (30d, 4w)")
    clean.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    clean.add_argument("--include-unread", action="store_true", help="unread ones too")
    dl = command("download", "download an article's attachment (podcast, video) to a file")
    dl.add_argument("id", type=int)
    dl.add_argument("--to", type=Path, metavar="DIR", help="into DIR (default: download_dir)")
    dl.add_argument("--url", help="the attachment with this URL (default: the first)")
    rules = command("rules", "apply the config's [[rules]] to the cached articles")
    rules.add_argument(
        "--dry-run", action="store_true", help="say what each rule would change; change nothing"
    )
    return p


def _organise(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Tags and per-feed settings."""
    for name, verb in (("tag", "add tags to"), ("untag", "remove tags from")):
        tag = command(name, f"{verb} articles (ID,ID…) or, with --feed, a feed")
        tag.add_argument("id", metavar="ID|FEED")
        tag.add_argument("tags", nargs="*", metavar="TAG")
        tag.add_argument("--feed", action="store_true", help="ID|FEED names a feed (id or URL)")
    feed = command("feed", "show or change a feed's own settings")
    feed.add_argument("verb", choices=("set",))
    feed.add_argument("feed", metavar="ID|URL")
    feed.add_argument(
        "settings",
        nargs="*",
        metavar="KEY=VALUE",
        help="title=… folder=… hide=yes|no interval=30m|2h|default "
        "full_text=auto|always|never tags=a,b",
    )
