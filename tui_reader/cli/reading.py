"""The reading commands: feeds, unread, search, show and mark."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime

from tui_reader.cli.common import UserError, console, date, say
from tui_reader.engine.models import ArticleRow, Feed, plural
from tui_reader.engine.query import ArticleQuery
from tui_reader.library import Library


def cmd_feeds(library: Library, args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    feeds = library.feeds()
    out = console()
    now = time.time()
    if not out.is_terminal:  # one tab-separated line per feed for scripts
        for f in feeds:
            error = ("gone (410): " if f.gone else "") + (f.last_error or "")
            sys.stdout.write(
                f"{f.id}\t{f.display_title}\t{f.url}\t{f.unread}/{f.total}\t"
                f"{date(f.last_fetch)}\t{error}\t{_next(f, now)}\t{','.join(f.tags)}\n"
            )
        return 0
    table = Table(box=None, pad_edge=False)
    for col in ("id", "title", "url", "unread/total", "last fetch", "next", "last error"):
        table.add_column(col, overflow="fold")
    for f in feeds:
        table.add_row(
            str(f.id),
            Text(f.display_title),
            Text(f.url),
            f"{f.unread}/{f.total}",
            date(f.last_fetch),
            _next(f, now),
            Text(("gone (410): " if f.gone else "") + (f.last_error or ""), style="red"),
        )
    out.print(table)
    return 0


def _next(feed: Feed, now: float) -> str:
    """When `refresh` fetches it next: now, a time, or never (gone; --force still does)."""
    from tui_reader.engine.schedule import due_at

    if feed.gone:
        return "never"
    when = due_at(feed, now)
    return "now" if when is None else date(when)


def cmd_unread(library: Library, args: argparse.Namespace) -> int:
    sort = args.sort or library.config.sort
    rows = library.iter_rows(ArticleQuery(unread=True, sort=sort), args.limit or -1)
    _print_rows(library, rows, as_json=args.json)
    return 0


def cmd_search(library: Library, args: argparse.Namespace) -> int:
    """A query (best match first when it has words, else newest first), inside a saved
    view when `--view` names one."""
    text = " ".join(args.query).strip() or None
    query = ArticleQuery(search=text)
    if args.view is not None:
        views = library.config.views
        if args.view not in views:
            known = ", ".join(views) or "none; add them under [views] in config.toml"
            raise UserError(f"no saved view {args.view!r} (saved views: {known})")
        query = ArticleQuery(search=text, filter=views[args.view], name=args.view)
    elif text is None:
        raise UserError("name a query, or a saved view with --view NAME")
    _print_rows(library, library.rows(query, 0, args.limit), as_json=args.json)
    return 0


def _print_rows(library: Library, rows: Iterable[ArticleRow], *, as_json: bool) -> None:
    out = sys.stdout
    if not as_json:
        for row in rows:
            out.write(f"{row.id}\t{row.feed_title}\t{date(row.date)}\t{row.title}\n")
        return
    batch: list[ArticleRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 500:
            _write_json(library, batch)
            batch = []
    _write_json(library, batch)


def _write_json(library: Library, rows: list[ArticleRow]) -> None:
    """One object per line (JSON Lines), dates in ISO 8601 UTC."""
    if not rows:
        return
    links = library.links_of([r.id for r in rows])
    for r in rows:
        when = datetime.fromtimestamp(r.date, UTC).isoformat() if r.date else None
        item = {
            "id": r.id,
            "feed_id": r.feed_id,
            "feed": r.feed_title,
            "title": r.title,
            "date": when,
            "read": r.read,
            "starred": r.starred,
            "link": links.get(r.id),
        }
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


def cmd_mark(library: Library, args: argparse.Namespace) -> int:
    ids = [int(i) for i in args.ids if i.isdigit()]
    known = library.known_articles(ids)
    unknown = [i for i in args.ids if not i.isdigit() or int(i) not in known]
    todo = [i for i in dict.fromkeys(ids) if i in known]
    if args.state in ("read", "unread"):
        library.set_read(todo, args.state == "read")
    else:
        for article_id in todo:
            library.set_starred(article_id, args.state == "star")
    if todo:
        print(f"marked {plural(len(todo), 'article')} {args.state.replace('star', 'starred')}")
    if unknown:
        raise UserError(f"no article with id {', '.join(unknown)}; nothing done for it")
    return 0


def cmd_show(library: Library, args: argparse.Namespace) -> int:
    from tui_reader.content.reading import read_article
    from tui_reader.content.render import article_to_json, render_article, render_plain

    article = library.article(args.id)
    if article is None:
        say(f"no article with id {args.id}")
        return 1
    readable = read_article(article, feed_text=args.feed_text)
    if args.markdown:
        from tui_reader.content.markdown import render_markdown

        sys.stdout.write(render_markdown(readable))
        return 0
    if args.json:
        from tui_reader.cli.fulltext import full_text_json

        data = article_to_json(readable)
        data["full_text"] = full_text_json(article, readable.shows_full_text)
        data["tags"], data["feed_tags"] = article.tags, article.feed_tags
        data["lang"] = {  # what the article declares, and the language it was read in
            "declared": article.declared_lang(full_text=readable.shows_full_text),
            "read_as": readable.lang,
            "by": "declared" if readable.lang_declared else "detected",
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    out = console()
    measure = library.config.measure
    width = args.width or min(out.width, measure + 4)
    if not sys.stdout.isatty():
        sys.stdout.write(render_plain(readable, width))
        return 0
    from rich.theme import Theme

    from tui_reader.content.render import THEME

    out.push_theme(Theme(THEME))
    out.print(render_article(readable, width, measure), width=width)
    return 0
