"""The subscription commands: add (checking the URL is a feed, or finding one on the page),
remove, import and export."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from tui_reader.cli.common import UserError, say
from tui_reader.engine.errors import StoreError
from tui_reader.engine.models import Feed, plural
from tui_reader.library import Library

_WEB = re.compile(r"\s*https?://", re.IGNORECASE)


def is_url(text: str) -> bool:
    return "://" in text or text.startswith("bundled:")


def is_web(url: str) -> bool:
    """An http(s) URL: the only kind that means the same on another computer."""
    return bool(_WEB.match(url))


def feed_url(text: str) -> str:
    """Plain paths become absolute so the feed still works from another folder."""
    if is_url(text):
        return text
    return str(Path(text).expanduser().resolve())


def resolve_feeds(library: Library, names: Sequence[str]) -> list[Feed]:
    """Feeds named by id or URL; a name that matches nothing is an error."""
    found: list[Feed] = []
    for name in names:
        feed = library.feed(int(name)) if name.isdigit() else library.find_feed(feed_url(name))
        if feed is None:
            raise StoreError(f"no such feed: {name}")
        found.append(feed)
    return found


def full_text_and_urls(args: argparse.Namespace) -> None:
    """`add --full-text URL`: argparse took the URL for --full-text's MODE; give it back."""
    from tui_reader.engine.models import FULL_TEXT_MODES

    if args.full_text is not None and args.full_text not in FULL_TEXT_MODES:
        args.urls.insert(0, args.full_text)
        args.full_text = "always"
    if not args.urls:
        raise UserError("add needs at least one URL or path")


def cmd_add(library: Library, args: argparse.Namespace) -> int:
    full_text_and_urls(args)
    if args.title and len(args.urls) > 1:
        raise UserError("--title names one feed; give one URL with it")
    failed = False
    todo: list[str] = []
    for url in dict.fromkeys(feed_url(u) for u in args.urls):
        feed = library.find_feed(url)
        if feed is not None:
            print(f"already subscribed: {feed.id} {feed.url}")
            continue
        # Checked even with --no-fetch: a FIFO or device would hang every later refresh.
        problem = library.local_problem(url)
        if problem:
            say(f"not subscribed: {problem}")
            failed = True
            continue
        todo.append(url)
    if args.no_fetch or args.offline:
        added = [_subscribe(library, url, args) for url in todo]
    else:
        added, some_failed = _check_and_subscribe(library, todo, args)
        failed = failed or some_failed
    if any(added):
        library.skip_demo_feeds()
    return 1 if failed else 0


def _subscribe(library: Library, url: str, args: argparse.Namespace, note: str = "") -> bool:
    feed, created = library.add_feed(url, args.title or "", args.folder)
    if created and args.full_text:
        library.set_full_text(feed.id, args.full_text)
    print(("added " if created else "already subscribed: ") + f"{feed.id} {feed.url}{note}")
    return created


def _check_and_subscribe(
    library: Library, urls: list[str], args: argparse.Namespace
) -> tuple[list[bool], bool]:
    """Fetch each URL first: subscribe to it if it is a feed, to the feed its page offers if
    it is a web page, else (unless --keep) to nothing. Returns (added, any failed)."""
    added: list[bool] = []
    failed = False
    for check in library.check_feeds(urls):
        if check.feed_url is None or check.parsed is None or check.result is None:
            if args.keep:
                added.append(_subscribe(library, check.url, args, f" (kept: {check.error})"))
            else:
                say(f"not subscribed to {check.url}: {check.error} (--keep subscribes anyway)")
                failed = True
            continue
        if check.discovered:
            print(f"found feed {check.feed_url} on {check.url}")
        feed, created = library.add_feed(check.feed_url, args.title or "", args.folder)
        if not created:
            print(f"already subscribed: {feed.id} {feed.url}")
            continue
        if args.full_text:  # before storing: it decides which pages are due
            library.set_full_text(feed.id, args.full_text)
        stored = library.store_parsed(
            feed.id, check.parsed, etag=check.result.etag, last_modified=check.result.last_modified
        )
        title = args.title or check.parsed.title or feed.url
        print(f"added {feed.id} {title}: {plural(stored.new, 'article')}")
        added.append(True)
        if stored.page_ids:  # as a refresh would: the new entries' pages, now
            from tui_reader.cli.fulltext import fetch_pages, pages_note

            pages = fetch_pages(library, stored.page_ids, quiet_ok=True)
            print(f"{feed.id} {title}: {pages_note(pages)}")
        library.fetch_images(stored.image_ids)  # and their images, as a refresh would
    return added, failed


def cmd_full_text(library: Library, args: argparse.Namespace) -> int:
    (feed,) = resolve_feeds(library, [args.feed])
    if args.mode is None:
        print(f"{feed.id} {feed.display_title}: full text {feed.full_text}")
        return 0
    library.set_full_text(feed.id, args.mode)
    print(f"{feed.id} {feed.display_title}: full text {args.mode}")
    return 0


def cmd_remove(library: Library, args: argparse.Namespace) -> int:
    for feed in resolve_feeds(library, args.feeds):
        starred = library.remove_feed(feed.id, purge=args.purge)
        line = f"removed {feed.id} {feed.display_title}"
        if starred and args.purge:
            line += f" (deleted {plural(starred, 'starred article')})"
        elif starred:
            line += f" (kept {plural(starred, 'starred article')}; --purge deletes them)"
        print(line)
    return 0


def cmd_import(library: Library, args: argparse.Namespace) -> int:
    from tui_reader.engine.opml import read_opml

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read {args.file}: {exc.strerror}") from None
    new = skipped = 0
    for entry in read_opml(data):
        # A list from elsewhere may name local files or devices: only the web is imported
        # (a local file can still be added by hand with `add PATH`).
        if not is_web(entry.url):
            say(f"skipped {entry.url} from {args.file}: only http(s) feeds are imported")
            skipped += 1
            continue
        feed, created = library.add_feed(
            entry.url, entry.title, entry.folder, site_url=entry.site_url
        )
        if created and entry.full_text != "auto":
            library.set_full_text(feed.id, entry.full_text)
        if created and entry.tags:
            library.tag_feed(feed.id, entry.tags)
        new += created
    note = f" ({skipped} skipped)" if skipped else ""
    print(f"imported {plural(new, 'new feed')} from {args.file}{note}")
    if new:
        library.skip_demo_feeds()
    return 0


def cmd_export(library: Library, args: argparse.Namespace) -> int:
    from tui_reader.engine.opml import OpmlFeed, write_opml

    entries = []
    for f in library.feeds(with_counts=False):
        if is_web(f.url):
            entries.append(
                OpmlFeed(
                    f.url,
                    f.title,
                    f.folder,
                    site_url=f.site_url,
                    full_text=f.full_text,
                    tags=f.tags,
                )
            )
        else:  # bundled: and local paths mean nothing on another computer
            say(f"not exported (works only here): {f.url}")
    sys.stdout.write(write_opml(entries))
    return 0
