"""Full text from the command line: fetching pages now (`fetch-text`, and `add` after it
stores a feed's entries) and what `show --json` says (a feed's mode is subscriptions.py's)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from tui_reader.cli.common import UserError
from tui_reader.engine.models import Article, PageUpdate, plural
from tui_reader.library import Library


def cmd_fetch_text(library: Library, args: argparse.Namespace) -> int:
    bad = [i for i in args.ids if not i.isdigit()]
    if bad:
        raise UserError(f"not an article id: {', '.join(bad)}")
    updates = fetch_pages(library, [int(i) for i in args.ids])
    failed = [str(u.article_id) for u in updates if not u.ok]
    if failed:
        raise UserError(f"no full text for {', '.join(failed)}; the feed's text stays")
    return 0


def fetch_pages(
    library: Library, ids: Sequence[int], *, quiet_ok: bool = False
) -> list[PageUpdate]:
    """Fetch these articles' pages now; one line per article as it ends (only failures
    with `quiet_ok`). Ctrl+C stops it; the pages stored so far stay."""
    told: set[int] = set()

    def heard(update: PageUpdate) -> None:
        told.add(update.article_id)
        if not (update.ok and quiet_ok):
            sys.stdout.write(page_line(update) + "\n")
            sys.stdout.flush()

    updates = library.fetch_text(ids, on_page=heard) if ids else []
    for update in updates:  # those that never reached the network (offline, unknown id)
        if update.article_id not in told:
            heard(update)
    return updates


def page_line(update: PageUpdate) -> str:
    """One line about one article's page: its id, title, and what happened."""
    title = f" {update.title}" if update.title else ""
    if update.ok:
        return f"{update.article_id}{title}: full text stored"
    return f"{update.article_id}{title}: {update.error}"


def pages_note(updates: Sequence[PageUpdate]) -> str:
    fetched = sum(1 for u in updates if u.ok)
    return f"{plural(fetched, 'page')} fetched, {len(updates) - fetched} failed"


def full_text_json(article: Article, shown: bool) -> dict[str, Any]:
    """`show --json`'s full_text: status (stored | failed | not fetched), the last error,
    when it was fetched, and whether `text` is the full text."""
    status = "stored" if article.full_html else "failed" if article.full_error else "not fetched"
    out: dict[str, Any] = {"status": status, "shown": shown}
    if article.full_error:
        out["error"] = article.full_error
    if article.full_fetched:
        from tui_reader.content.metadata import local_iso  # lazy: only `show --json` needs it

        out["fetched"] = local_iso(article.full_fetched)
    return out
